// Issue 15, replay determinism: with partial evidence no call may depend on which answer arrived
// first. A scan of a mocked account (with refused and throttled calls) and the replay of its
// recording — at concurrency 1 and 16 — give identical verdicts, reasons, resources and causes for
// the data probes.
import { GetGuardrailCommand, ListEnforcedGuardrailsConfigurationCommand, ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { ListBackupPlansCommand, ListProtectedResourcesCommand } from '@aws-sdk/client-backup';
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeSourceServersCommand, DrsClient } from '@aws-sdk/client-drs';
import { GetBucketReplicationCommand, GetBucketVersioningCommand, GetObjectLockConfigurationCommand } from '@aws-sdk/client-s3';
import { DescribeTrainingJobCommand, ListTrainingJobsCommand } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import backup from '../../checks/probes/backup.js';
import guardrails from '../../checks/probes/bedrock-guardrails.js';
import invocationLogging from '../../checks/probes/bedrock-invocation-logging.js';
import drs from '../../checks/probes/elastic-disaster-recovery.js';
import s3 from '../../checks/probes/s3.js';
import crr from '../../checks/probes/s3-cross-region-replication.js';
import objectLock from '../../checks/probes/s3-object-lock.js';
import { ReplayTransport, type Recording } from '../../src/aws/recording.js';
import { DEFAULT_SETTINGS, type Probe } from '../../src/engine/probe.js';
import { Registry } from '../../src/engine/registry.js';
import { runScan } from '../../src/engine/runner.js';
import { ACCOUNT, awsError, IDENTITY, makeAccess, NOW } from '../helpers.js';
import { buckets, compliantBucket, mocks, plainBucket, resetAll, sagemakerModels } from './s3-fixtures.js';

const drsMock = mockClient(DrsClient);
afterAll(() => {
  resetAll();
  drsMock.reset();
});

const PROBES: Probe<any>[] = [s3, objectLock, crr, backup, drs, guardrails, invocationLogging];
const CONTROLS = [
  { id: '7.5', services: [s3] },
  { id: 'A.9', services: [guardrails] },
  { id: 'A.12', services: [objectLock, invocationLogging] },
  { id: 'A.15', services: [crr, backup, drs] },
];
const registry = new Registry({
  controls: CONTROLS.map((c) => ({ id: c.id, title: c.id, group: 'test', description: '', mappings: c.services.map((p) => ({ service: p.service, implementation: '', controlSupport: '' })) })),
  probes: PROBES,
});
const REGIONS = ['us-east-1', 'eu-west-1'];

function account(): void {
  const { s3: s, sagemaker, bedrock, cloudtrail, backup: b } = mocks;
  buckets({ models: 'us-east-1', raw: 'us-east-1', refusing: 'eu-west-1', trails: 'us-east-1', dr: 'eu-west-1' });
  sagemakerModels({ churn: 's3://models/m.tar.gz' });
  sagemaker.on(ListTrainingJobsCommand).resolves({ TrainingJobSummaries: [{ TrainingJobName: 'train', TrainingJobArn: 'arn:tj', CreationTime: new Date('2026-10-01'), TrainingJobStatus: 'Completed' }] });
  sagemaker.on(DescribeTrainingJobCommand).resolves({ TrainingJobName: 'train', InputDataConfig: [{ ChannelName: 'c', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://raw/' } } }], OutputDataConfig: { S3OutputPath: 's3://refusing/out/' } });
  compliantBucket('models');
  s.on(GetBucketReplicationCommand, { Bucket: 'models' }).resolves({ ReplicationConfiguration: { Role: 'r', Rules: [{ Status: 'Enabled', SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } }, Destination: { Bucket: 'arn:aws:s3:::dr' } }] } });
  plainBucket('raw');
  compliantBucket('refusing');
  // A bucket policy deny on one bucket, and a throttled answer on another read.
  s.on(GetBucketVersioningCommand, { Bucket: 'refusing' }).rejects(awsError('AccessDenied', 'Access Denied', 403));
  s.on(GetBucketReplicationCommand, { Bucket: 'refusing' }).rejects(awsError('SlowDown', 'Please reduce your request rate', 503));
  cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 't', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t`, S3BucketName: 'trails' }] });
  s.on(GetObjectLockConfigurationCommand, { Bucket: 'trails' }).resolves({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } } } });
  b.on(ListBackupPlansCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
  b.on(ListProtectedResourcesCommand).resolves({ Results: [{ ResourceArn: 'arn:aws:s3:::models', LastBackupTime: new Date(NOW.getTime() - 3_600_000) }] });
  drsMock.on(DescribeSourceServersCommand).rejects(awsError('UninitializedAccountException', 'not initialized', 400));
  bedrock.on(ListGuardrailsCommand).resolves({ guardrails: [{ id: 'g', arn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/g`, name: 'g', status: 'READY', version: 'DRAFT', createdAt: NOW, updatedAt: NOW }] });
  bedrock.on(GetGuardrailCommand).rejects(awsError('ThrottlingException', 'Rate exceeded', 429));
  bedrock.on(ListEnforcedGuardrailsConfigurationCommand).resolves({ guardrailsConfig: [] });
}

async function scanWith(transport: ConstructorParameters<typeof ReplayTransport>[0] | undefined, concurrency: number) {
  const access = transport ? makeAccess(new ReplayTransport(transport), { concurrency }) : makeAccess(undefined, { concurrency });
  const run = await runScan({ access, identity: IDENTITY, regions: REGIONS, controlIds: CONTROLS.map((c) => c.id), registry, settings: DEFAULT_SETTINGS, now: NOW });
  const checks = run.controls.flatMap((c) => c.checks.map((k) => ({ control: c.id, service: k.service, status: k.status, reason: k.reason, resources: k.resources, regions: k.regions, missing: k.missing, warnings: k.warnings })));
  return { checks, access };
}

describe('data probes: live scan and replay agree', () => {
  it('identical verdicts, reasons, resources and causes; the same at concurrency 1 and 16', async () => {
    account();
    const live = await scanWith(undefined, 8);
    const recording: Recording = { header: { type: 'scan', format: 'aims-scan-calls/1', tool: 'aims-scan', version: 'test', startedAt: NOW.toISOString() }, calls: live.access.recordedCalls() };
    resetAll();
    drsMock.reset();
    const one = await scanWith(recording, 1);
    const many = await scanWith(recording, 16);
    expect(one.checks).toEqual(live.checks);
    expect(many.checks).toEqual(live.checks);
    // The replays asked exactly the recorded questions (no call depends on answer order).
    expect(one.access.recordedCalls().length).toBe(recording.calls.length);
    expect(many.access.recordedCalls().every((c) => c.outcome === 'ok' || c.error?.name !== 'ReplayMissing')).toBe(true);
    // The states of the account came through: S3 fails on raw, the refusing bucket is an ERROR resource.
    const s3check = live.checks.find((c) => c.service === 'Amazon S3')!;
    expect(s3check.status).toBe('FAIL');
    expect(s3check.resources.find((r) => r.id === 'arn:aws:s3:::refusing')?.status).toBe('ERROR');
  });
});
