// Issue 15 account states for the S3 family: one AI bucket refuses a read (a bucket-policy deny)
// beside others. Each bucket keeps its own verdict; the refusing one is an ERROR resource naming
// the action; the probe is FAIL when another bucket fails, else ERROR "n−1 pass; 1 undecided".
// Issue 16: effective Block Public Access is per flag, account OR bucket.
import { ListBackupPlansCommand, ListProtectedResourcesCommand } from '@aws-sdk/client-backup';
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import {
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { afterEach, describe, expect, it } from 'vitest';
import backupProbe from '../../checks/probes/backup.js';
import s3Probe from '../../checks/probes/s3.js';
import crrProbe from '../../checks/probes/s3-cross-region-replication.js';
import lockProbe from '../../checks/probes/s3-object-lock.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';
import { arn, buckets, compliantBucket, mocks, plainBucket, resetAll, sagemakerModels } from './s3-fixtures.js';

afterEach(resetAll);
const { s3, s3control, cloudtrail, backup } = mocks;
const denied = () => awsError('AccessDenied', 'Access Denied', 403);
const byId = (rs: { id: string; status: string }[]) => Object.fromEntries(rs.map((r) => [r.id.replace('arn:aws:s3:::', ''), r.status]));

/** Three AI buckets: `good` compliant, `bad` plain, `locked-out` compliant but refusing `cmd`. */
function threeBuckets(): void {
  buckets({ good: 'us-east-1', bad: 'us-east-1', 'locked-out': 'us-east-1', dr: 'eu-west-1' });
  sagemakerModels({ a: 's3://good/m', b: 's3://bad/m', c: 's3://locked-out/m' });
  compliantBucket('good');
  plainBucket('bad');
  compliantBucket('locked-out');
}

describe('S3 (7.5): one bucket refuses s3:GetBucketVersioning', () => {
  it('FAIL from the clearly unversioned bucket; the refusing bucket is an ERROR resource naming the action', async () => {
    threeBuckets();
    s3.on(GetBucketVersioningCommand, { Bucket: 'locked-out' }).rejects(denied());
    const { check } = await runProbe(s3Probe, { control: '7.5' });
    expect([check.status, check.code]).toEqual(['FAIL', 'MISCONFIGURED']);
    expect(check.reason).toMatch(/^1 of 3 bucket\(s\) fall short: bucket bad /);
    expect(byId(check.resources)).toEqual({ bad: 'FAIL', good: 'PASS', 'locked-out': 'ERROR' });
    const lockedOut = check.resources.find((r) => r.id === arn('locked-out'))!;
    expect(lockedOut.reason).toMatch(/undecided .*needs s3:GetBucketVersioning in us-east-1 on arn:aws:s3:::locked-out \(access denied\)/);
    expect(lockedOut.missing?.map((m) => [m.action, m.resource])).toEqual([['s3:GetBucketVersioning', arn('locked-out')]]);
  });

  it('ERROR "n−1 pass; 1 undecided" when no other bucket fails', async () => {
    threeBuckets();
    compliantBucket('bad');
    s3.on(GetBucketVersioningCommand, { Bucket: 'locked-out' }).rejects(denied());
    const { check } = await runProbe(s3Probe, { control: '7.5' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/^2 of 3 AI bucket\(s\) pass; 1 undecided \(locked-out\); undecided: needs s3:GetBucketVersioning in us-east-1 on arn:aws:s3:::locked-out/);
    expect(check.missing?.map((m) => m.action)).toEqual(['s3:GetBucketVersioning']);
    expect(byId(check.resources)).toEqual({ bad: 'PASS', good: 'PASS', 'locked-out': 'ERROR' });
  });

  it('a bucket that fails on what was read fails even though another of its reads was refused', async () => {
    threeBuckets();
    compliantBucket('bad');
    s3.on(GetBucketVersioningCommand, { Bucket: 'locked-out' }).rejects(denied());
    s3.on(GetPublicAccessBlockCommand, { Bucket: 'locked-out' }).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'none', 404));
    const { check } = await runProbe(s3Probe, { control: '7.5' });
    expect(check.status).toBe('FAIL');
    expect(byId(check.resources)['locked-out']).toBe('FAIL');
  });
});

describe('S3 (7.5): Block Public Access is the effective account + bucket setting (issue 16)', () => {
  it('PASS when the account blocks ACLs and the bucket blocks policies', async () => {
    buckets({ ai: 'us-east-1' });
    sagemakerModels({ m: 's3://ai/m' });
    compliantBucket('ai');
    s3control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false } });
    s3.on(GetPublicAccessBlockCommand, { Bucket: 'ai' }).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
    const { check } = await runProbe(s3Probe, { control: '7.5' });
    expect(check.status).toBe('PASS');
    expect(check.resources[0].reason).toMatch(/public access blocked \(account and bucket settings combined\)$/);
  });

  it('FAIL naming the flag that is off at both levels', async () => {
    buckets({ ai: 'us-east-1' });
    sagemakerModels({ m: 's3://ai/m' });
    compliantBucket('ai');
    s3control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false } });
    s3.on(GetPublicAccessBlockCommand, { Bucket: 'ai' }).resolves({ PublicAccessBlockConfiguration: { BlockPublicPolicy: true } });
    const { check } = await runProbe(s3Probe, { control: '7.5' });
    expect(check.status).toBe('FAIL');
    expect(check.resources[0].reason).toMatch(/public access not fully blocked: RestrictPublicBuckets off at both account and bucket level$/);
  });

  it('the account setting unread: a fully blocking bucket still passes; a partial one is undecided', async () => {
    buckets({ ai: 'us-east-1' });
    sagemakerModels({ m: 's3://ai/m' });
    compliantBucket('ai');
    s3control.on(GetAccountPublicAccessBlockCommand).rejects(denied());
    expect((await runProbe(s3Probe, { control: '7.5' })).check.status).toBe('PASS');
    s3.on(GetPublicAccessBlockCommand, { Bucket: 'ai' }).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true } });
    const { check } = await runProbe(s3Probe, { control: '7.5' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['s3:GetAccountPublicAccessBlock']);
  });
});

describe('the same per-bucket treatment in Cross-Region Replication, Object Lock and Backup', () => {
  it('CRR: FAIL from the unreplicated bucket, the one refusing s3:GetReplicationConfiguration is ERROR', async () => {
    threeBuckets();
    for (const b of ['good', 'locked-out']) s3.on(GetBucketReplicationCommand, { Bucket: b }).resolves({ ReplicationConfiguration: { Role: 'r', Rules: [{ Status: 'Enabled', SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } }, Destination: { Bucket: 'arn:aws:s3:::dr' } }] } });
    s3.on(GetBucketReplicationCommand, { Bucket: 'locked-out' }).rejects(denied());
    const { check } = await runProbe(crrProbe, { control: 'A.15' });
    expect(check.status).toBe('FAIL');
    expect(byId(check.resources)).toEqual({ bad: 'FAIL', good: 'PASS', 'locked-out': 'ERROR' });
    expect(check.resources.find((r) => r.id === arn('locked-out'))!.missing?.map((m) => m.action)).toEqual(['s3:GetReplicationConfiguration']);
    compliantBucket('bad');
    s3.on(GetBucketReplicationCommand, { Bucket: 'bad' }).resolves({ ReplicationConfiguration: { Role: 'r', Rules: [{ Status: 'Enabled', SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } }, Destination: { Bucket: 'arn:aws:s3:::dr' } }] } });
    const undecidedRun = await runProbe(crrProbe, { control: 'A.15' });
    expect(undecidedRun.check.status).toBe('ERROR');
    expect(undecidedRun.check.reason).toMatch(/^2 of 3 AI bucket\(s\) pass; 1 undecided \(locked-out\)/);
  });

  it('Object Lock: a log bucket refusing its lock read is ERROR beside an unlocked one (FAIL)', async () => {
    buckets({ trails: 'us-east-1', 'config-logs': 'us-east-1' });
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 't', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t`, S3BucketName: 'trails' }] });
    mocks.config.on((await import('@aws-sdk/client-config-service')).DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default', s3BucketName: 'config-logs' }] });
    s3.on(GetObjectLockConfigurationCommand, { Bucket: 'trails' }).rejects(denied());
    s3.on(GetObjectLockConfigurationCommand, { Bucket: 'config-logs' }).rejects(awsError('ObjectLockConfigurationNotFoundError', 'none', 404));
    const { check } = await runProbe(lockProbe, { control: 'A.12' });
    expect(check.status).toBe('FAIL');
    expect(byId(check.resources)).toEqual({ 'config-logs': 'FAIL', trails: 'ERROR' });
  });

  it('Object Lock: enabled without a default retention fails, as the CloudTrail probe judges it (one rule)', async () => {
    buckets({ trails: 'us-east-1' });
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 't', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t`, S3BucketName: 'trails' }] });
    s3.on(GetObjectLockConfigurationCommand, { Bucket: 'trails' }).resolves({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } });
    const { check } = await runProbe(lockProbe, { control: 'A.12' });
    expect([check.status, check.code]).toEqual(['FAIL', 'MISCONFIGURED']);
    expect(check.resources[0].reason).toMatch(/Object Lock enabled but no default retention/);
  });

  it('Backup: an unprotected bucket refusing its replication read is ERROR beside an unprotected, unreplicated one', async () => {
    threeBuckets();
    backup.on(ListBackupPlansCommand).resolves({ BackupPlansList: [] });
    backup.on(ListProtectedResourcesCommand).resolves({ Results: [{ ResourceArn: arn('good'), LastBackupTime: new Date() }] });
    s3.on(GetBucketReplicationCommand, { Bucket: 'locked-out' }).rejects(denied());
    const { check } = await runProbe(backupProbe, { control: 'A.15' });
    expect([check.status, check.code]).toEqual(['FAIL', 'NOT_ENABLED']);
    expect(byId(check.resources)).toEqual({ bad: 'FAIL', good: 'PASS', 'locked-out': 'ERROR' });
  });
});
