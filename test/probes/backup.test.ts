import {
  GetBackupPlanCommand,
  ListBackupJobsCommand,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  ListBackupVaultsCommand,
  ListProtectedResourcesCommand,
} from '@aws-sdk/client-backup';
import { GetBucketReplicationCommand, GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import { DescribeDomainCommand, ListDomainsCommand } from '@aws-sdk/client-sagemaker';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { scheduleHours } from '../../checks/probes/backup.js';
import { awsError, NOW, runProbe } from '../helpers.js';
import { arn, buckets, mocks, resetAll, sagemakerModels } from './s3-fixtures.js';

afterEach(resetAll);
const { backup, s3, sagemaker } = mocks;
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const EFS = 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-123';

function dailyPlan(): void {
  backup.on(ListBackupPlansCommand).resolves({ BackupPlansList: [{ BackupPlanId: 'p1', BackupPlanName: 'ai-daily' }] });
  backup.on(GetBackupPlanCommand).resolves({ BackupPlan: { BackupPlanName: 'ai-daily', Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'v', ScheduleExpression: 'cron(0 5 ? * * *)' }] } });
  backup.on(ListBackupSelectionsCommand).resolves({ BackupSelectionsList: [{ SelectionId: 's1', SelectionName: 'ai-data' }] });
  backup.on(ListBackupVaultsCommand).resolves({ BackupVaultList: [{ BackupVaultName: 'v', EncryptionKeyType: 'CUSTOMER_MANAGED_KMS_KEY' }] });
}

function aiBucket(): void {
  buckets({ 'ai-models': 'us-east-1', 'eu-data': 'eu-west-1' });
  sagemakerModels({ churn: 's3://ai-models/churn.tar.gz', eu: 's3://eu-data/m.tar.gz' });
}

describe('AWS Backup probe (A.15)', () => {
  it('PASS: the AI bucket and the domain EFS backed up within twice the schedule; protected resources paged', async () => {
    aiBucket();
    dailyPlan();
    sagemaker.on(ListDomainsCommand).resolves({ Domains: [{ DomainId: 'd-1', DomainName: 'studio' }] });
    sagemaker.on(DescribeDomainCommand, { DomainId: 'd-1' }).resolves({ DomainId: 'd-1', DomainName: 'studio', HomeEfsFileSystemId: 'fs-123' });
    backup.on(ListProtectedResourcesCommand)
      .resolvesOnce({ Results: [{ ResourceArn: arn('ai-models'), ResourceType: 'S3', LastBackupTime: hoursAgo(10) }], NextToken: 'n' })
      .resolves({ Results: [{ ResourceArn: EFS, ResourceType: 'EFS', LastBackupTime: hoursAgo(20) }] });
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 2 AI data resource(s) protected: backups within 48 hours or cross-region replication, no failed jobs in 7 days');
    expect(check.resources.map((r) => [r.id, r.status])).toEqual([
      [EFS, 'PASS'],
      [arn('ai-models'), 'PASS'],
    ]);
    // eu-data lives in eu-west-1: not this region's resource.
    expect(check.resources.map((r) => r.id)).not.toContain(arn('eu-data'));
    expect(backup.commandCalls(ListBackupJobsCommand).map((c) => c.args[0].input.ByState).sort()).toEqual(['ABORTED', 'FAILED']);
  });

  it('FAIL(NOT_ENABLED): no backup plan while an AI bucket exists', async () => {
    aiBucket();
    s3.on(GetBucketReplicationCommand).rejects(awsError('ReplicationConfigurationNotFoundError', 'none', 404));
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('no backup plan in us-east-1; 1 AI data resource(s) unprotected');
  });

  it('FAIL(MISCONFIGURED): a stale backup and a failed job', async () => {
    aiBucket();
    dailyPlan();
    backup.on(ListProtectedResourcesCommand).resolves({ Results: [{ ResourceArn: arn('ai-models'), LastBackupTime: hoursAgo(120) }] });
    const stale = await runProbe(probe, { control: 'A.15' });
    expect(stale.check.status).toBe('FAIL');
    expect(stale.check.code).toBe('MISCONFIGURED');
    expect(stale.check.resources[0].reason).toMatch(/last backup .* is older than 48 hours/);
    backup.on(ListProtectedResourcesCommand).resolves({ Results: [{ ResourceArn: arn('ai-models'), LastBackupTime: hoursAgo(1) }] });
    backup.on(ListBackupJobsCommand, { ByState: 'FAILED' }).resolves({ BackupJobs: [{ BackupJobId: 'job-9', State: 'FAILED', ResourceArn: arn('ai-models') }] });
    const failed = await runProbe(probe, { control: 'A.15' });
    expect(failed.check.status).toBe('FAIL');
    expect(failed.check.resources[0].reason).toMatch(/backup job job-9 FAILED in the last 7 days/);
  });

  // Issue 16: any enabled replication rule used to count; the rule is now the S3 Cross-Region
  // Replication probe's (checks/rules/replication.ts): versioning on, destination in another region.
  it('accepts cross-region replication for a bucket that is not under AWS Backup', async () => {
    aiBucket();
    dailyPlan();
    s3.on(GetBucketVersioningCommand, { Bucket: 'ai-models' }).resolves({ Status: 'Enabled' });
    s3.on(GetBucketReplicationCommand, { Bucket: 'ai-models' }).resolves({ ReplicationConfiguration: { Role: 'r', Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::eu-data' } }] } });
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('PASS');
    expect(check.resources[0].reason).toMatch(/not in AWS Backup, covered by cross-region replication \(replicated to eu-data in eu-west-1\)/);
  });

  it('FAIL: replication within the same region is no alternative to a backup (the CRR rule)', async () => {
    aiBucket();
    dailyPlan();
    s3.on(GetBucketVersioningCommand, { Bucket: 'ai-models' }).resolves({ Status: 'Enabled' });
    s3.on(GetBucketReplicationCommand, { Bucket: 'ai-models' }).resolves({ ReplicationConfiguration: { Role: 'r', Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::ai-models' } }] } });
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('FAIL');
    expect(check.resources[0].reason).toMatch(/not a protected resource, and not replicated to another region \(replicates only within us-east-1\)/);
  });

  it('NOT_APPLICABLE without AI data resources in the region', async () => {
    buckets({ site: 'us-east-1' });
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toMatch(/^no AI data resources in us-east-1/);
  });

  // The plan list decides only what the schedule is: a bucket not protected and not replicated
  // fails whatever it says (the old test expected ERROR for that, one failed call failing all).
  it('ERROR naming backup:ListBackupPlans only when the schedule decides (a 3-day-old backup)', async () => {
    aiBucket();
    backup.on(ListBackupPlansCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    backup.on(ListProtectedResourcesCommand).resolves({ Results: [{ ResourceArn: arn('ai-models'), LastBackupTime: hoursAgo(72) }] });
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/backup:ListBackupPlans/);
    expect(check.missing?.map((m) => m.action)).toEqual(['backup:ListBackupPlans']);
    // A recent backup is recent whatever the schedule.
    backup.on(ListProtectedResourcesCommand).resolves({ Results: [{ ResourceArn: arn('ai-models'), LastBackupTime: hoursAgo(5) }] });
    const recent = await runProbe(probe, { control: 'A.15' });
    expect(recent.check.status).toBe('PASS');
  });

  it('reads schedule intervals from rate() and cron()', () => {
    expect(scheduleHours('rate(12 hours)')).toBe(12);
    expect(scheduleHours('cron(0 */6 * * ? *)')).toBe(6);
    expect(scheduleHours('cron(0 5 ? * * *)')).toBe(24);
    expect(scheduleHours('cron(0 5 ? * SUN *)')).toBe(168);
    expect(scheduleHours('cron(0 5 1 * ? *)')).toBe(744);
  });
});
