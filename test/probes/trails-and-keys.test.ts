// A recorded account: two trails (one multi-region, logging, validated, encrypted; one single-region
// and stopped) and three customer-managed KMS keys (one without rotation). The CloudTrail and KMS
// verdicts and per-resource reasons are what a reviewer would expect, and replaying the recording
// gives the same verdicts with no AWS access.
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { GetBucketLocationCommand, GetObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTROLS } from '../../checks/catalog.js';
import cloudtrail from '../../checks/probes/cloudtrail.js';
import kms from '../../checks/probes/kms.js';
import { RECORDING_FORMAT, ReplayTransport } from '../../src/aws/recording.js';
import { DEFAULT_SETTINGS } from '../../src/engine/probe.js';
import { Registry } from '../../src/engine/registry.js';
import { runScan, type RunOutput } from '../../src/engine/runner.js';
import type { CheckResult } from '../../src/model.js';
import { ACCOUNT, IDENTITY, NOW, awsError, makeAccess } from '../helpers.js';

const ct = mockClient(CloudTrailClient);
const km = mockClient(KMSClient);
const s3 = mockClient(S3Client);
const sm = mockClient(SageMakerClient);
afterEach(() => [ct, km, s3, sm].forEach((m) => m.reset()));

const REGIONS = ['eu-west-1', 'us-east-1'];
const MAIN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-main`;
const DEV = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/dev-local`;
const KEY = (id: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;

function recordedAccount() {
  const main = {
    Name: 'org-main',
    TrailARN: MAIN,
    HomeRegion: 'us-east-1',
    IsMultiRegionTrail: true,
    LogFileValidationEnabled: true,
    KmsKeyId: KEY('k-logs'),
    CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:org-main:*`,
    S3BucketName: 'org-trail-logs',
  };
  const dev = { Name: 'dev-local', TrailARN: DEV, HomeRegion: 'us-east-1', IsMultiRegionTrail: false, LogFileValidationEnabled: false, S3BucketName: 'dev-trail-logs' };
  // The multi-region trail shows up in every region (a shadow elsewhere); the single-region one only at home.
  ct.on(DescribeTrailsCommand).callsFake(async (_i, getClient) => ({ trailList: (await getClient().config.region()) === 'us-east-1' ? [main, dev] : [main] }));
  ct.on(GetTrailStatusCommand, { Name: MAIN }).resolves({ IsLogging: true });
  ct.on(GetTrailStatusCommand, { Name: DEV }).resolves({ IsLogging: false });
  ct.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
  s3.on(GetBucketLocationCommand, { Bucket: 'dev-trail-logs' }).resolves({});
  s3.on(GetObjectLockConfigurationCommand, { Bucket: 'dev-trail-logs' }).rejects(awsError('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404));

  km.on(ListKeysCommand).callsFake(async (_i, getClient) => ((await getClient().config.region()) === 'us-east-1' ? { Keys: ['k-data', 'k-logs', 'k-legacy'].map((k) => ({ KeyId: k, KeyArn: KEY(k) })) } : { Keys: [] }));
  km.on(ListAliasesCommand).callsFake(async (_i, getClient) =>
    (await getClient().config.region()) === 'us-east-1' ? { Aliases: [{ AliasName: 'alias/ml-data', TargetKeyId: 'k-data' }, { AliasName: 'alias/trail-logs', TargetKeyId: 'k-logs' }, { AliasName: 'alias/legacy-app', TargetKeyId: 'k-legacy' }] } : {},
  );
  for (const k of ['k-data', 'k-logs', 'k-legacy']) {
    km.on(DescribeKeyCommand, { KeyId: k }).resolves({ KeyMetadata: { KeyId: k, Arn: KEY(k), KeyManager: 'CUSTOMER', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS', Enabled: true } });
  }
  km.on(GetKeyRotationStatusCommand, { KeyId: 'k-data' }).resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
  km.on(GetKeyRotationStatusCommand, { KeyId: 'k-logs' }).resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 180 });
  km.on(GetKeyRotationStatusCommand, { KeyId: 'k-legacy' }).resolves({ KeyRotationEnabled: false });
}

/** The document's A.9, A.11 and A.12, narrowed to the two services this account exercises. */
function registry(): Registry {
  const controls = CONTROLS.filter((c) => ['A.9', 'A.11', 'A.12'].includes(c.id)).map((c) => ({ ...c, mappings: c.mappings.filter((m) => m.service === 'AWS CloudTrail' || m.service === 'AWS KMS') }));
  return new Registry({ controls, probes: [cloudtrail, kms] });
}

async function scanWith(access = makeAccess()): Promise<{ run: RunOutput; access: ReturnType<typeof makeAccess> }> {
  const run = await runScan({ access, identity: IDENTITY, regions: REGIONS, controlIds: ['A.9', 'A.11', 'A.12'], registry: registry(), settings: DEFAULT_SETTINGS, now: NOW });
  return { run, access };
}

const check = (run: RunOutput, control: string, service: string): CheckResult => run.controls.find((c) => c.id === control)!.checks.find((c) => c.service === service)!;

describe('recorded account: two trails and three KMS keys', () => {
  let live: Awaited<ReturnType<typeof scanWith>>;
  beforeEach(async () => {
    recordedAccount();
    live = await scanWith();
  });

  it('A.11 CloudTrail PASS on the multi-region trail; the stopped single-region trail is named as falling short', () => {
    const c = check(live.run, 'A.11', 'AWS CloudTrail');
    expect(c.status).toBe('PASS');
    expect(c.reason).toBe('1 compliant multi-region trail(s): org-main');
    expect(c.resources).toEqual([
      { id: DEV, region: 'us-east-1', status: 'FAIL', reason: 'trail dev-local: not logging, single-region' },
      { id: MAIN, region: 'us-east-1', status: 'PASS', reason: 'trail org-main: multi-region, logging all management events' },
    ]);
    expect(c.warnings).toContain('1 other trail(s) or store(s) fall short; see resources');
    expect(c.regions).toEqual([{ region: 'global', status: 'PASS', reason: c.reason }]);
  });

  it('A.12 CloudTrail PASS: validated, encrypted, CloudWatch Logs copy; the other trail lists every gap', () => {
    const c = check(live.run, 'A.12', 'AWS CloudTrail');
    expect(c.status).toBe('PASS');
    expect(c.resources).toEqual([
      { id: DEV, region: 'us-east-1', status: 'FAIL', reason: 'trail dev-local: not logging, single-region, log file validation off, not encrypted with KMS, no CloudWatch Logs copy and its bucket has no Object Lock' },
      { id: MAIN, region: 'us-east-1', status: 'PASS', reason: 'trail org-main: multi-region, logging all management events, validated, KMS-encrypted, tamper-resistant copy' },
    ]);
  });

  it('A.9 KMS FAIL(MISCONFIGURED) for the key without rotation; the rotating keys pass; the key-less region is NOT_APPLICABLE', () => {
    const c = check(live.run, 'A.9', 'AWS KMS');
    expect(c.status).toBe('FAIL');
    expect(c.code).toBe('MISCONFIGURED');
    expect(c.reason).toBe('us-east-1: 1 finding(s): key alias/legacy-app (k-legacy): automatic rotation off');
    expect(c.resources).toEqual([
      { id: KEY('k-data'), region: 'us-east-1', status: 'PASS', reason: 'key alias/ml-data (k-data): rotates every 365 days' },
      { id: KEY('k-legacy'), region: 'us-east-1', status: 'FAIL', reason: 'key alias/legacy-app (k-legacy): automatic rotation off' },
      { id: KEY('k-logs'), region: 'us-east-1', status: 'PASS', reason: 'key alias/trail-logs (k-logs): rotates every 180 days' },
    ]);
    expect(c.regions).toEqual([
      { region: 'eu-west-1', status: 'NOT_APPLICABLE', reason: 'no enabled customer-managed symmetric keys and no in-service SageMaker endpoints in this region' },
      { region: 'us-east-1', status: 'FAIL', reason: '1 finding(s): key alias/legacy-app (k-legacy): automatic rotation off' },
    ]);
    expect(c.remediation).toMatch(/enable-key-rotation/);
    expect(live.run.controls.find((x) => x.id === 'A.9')!.status).toBe('FAIL');
  });

  it('each trail is read once, in its home region, whatever the number of regions and controls', () => {
    expect(ct.commandCalls(GetTrailStatusCommand).map((x) => x.args[0].input.Name).sort()).toEqual([DEV, MAIN]);
    expect(km.commandCalls(GetKeyRotationStatusCommand).length).toBe(3);
  });

  it('replays from the recording alone to identical verdicts', async () => {
    const calls = live.access.recordedCalls();
    const replay = makeAccess(new ReplayTransport({ header: { type: 'scan', format: RECORDING_FORMAT, tool: 'aims-scan', version: 'test', startedAt: NOW.toISOString() }, calls }));
    [ct, km, s3, sm].forEach((m) => m.reset());
    const again = await scanWith(replay);
    expect(again.run.controls).toEqual(live.run.controls);
  });
});
