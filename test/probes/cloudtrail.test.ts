import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventDataStoreCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListEventDataStoresCommand,
} from '@aws-sdk/client-cloudtrail';
import { GetBucketLocationCommand, GetObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/cloudtrail.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const ct = mockClient(CloudTrailClient);
const s3 = mockClient(S3Client);
afterEach(() => [ct, s3].forEach((m) => m.reset()));

const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const EDS = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:eventdatastore/lake`;
const trail = (extra: object = {}) => ({
  Name: 'main',
  TrailARN: TRAIL,
  HomeRegion: 'us-east-1',
  IsMultiRegionTrail: true,
  LogFileValidationEnabled: true,
  KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k`,
  CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:ct:*`,
  S3BucketName: 'ct-logs',
  ...extra,
});
function logging(t = trail()) {
  ct.on(DescribeTrailsCommand).resolves({ trailList: [t] });
  ct.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  ct.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
}

describe('AWS CloudTrail probe', () => {
  it('A.11 PASS: a logging multi-region trail, seen as a shadow in every region but read once in its home region; stores listed across pages', async () => {
    logging();
    ct.on(ListEventDataStoresCommand).resolvesOnce({ EventDataStores: [], NextToken: 'e2' }).resolves({ EventDataStores: [] });
    const { check } = await runProbe(probe, { control: 'A.11', regions: ['us-east-1', 'eu-west-1'] });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('1 compliant multi-region trail(s): main');
    expect(check.resources).toEqual([{ id: TRAIL, region: 'us-east-1', status: 'PASS', reason: 'trail main: multi-region, logging all management events' }]);
    expect(check.warnings).toEqual(['no trail logs data events for Bedrock or SageMaker resources']);
    expect(ct.commandCalls(DescribeTrailsCommand).length).toBe(2);
    expect(ct.commandCalls(GetTrailStatusCommand).length).toBe(1);
    // One region's listing takes two pages, the other's one.
    expect(ct.commandCalls(ListEventDataStoresCommand).map((c) => c.args[0].input.NextToken ?? null).sort()).toEqual(['e2', null, null]);
  });

  it('A.12 PASS: validated, KMS-encrypted, with a CloudWatch Logs copy; no AI data-event warning when Bedrock data events are logged', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: [trail()] });
    ct.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    ct.on(GetEventSelectorsCommand).resolves({
      AdvancedEventSelectors: [
        { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        { Name: 'bedrock', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::Bedrock::Model'] }] },
      ],
    });
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('PASS');
    expect(check.resources[0].reason).toBe('trail main: multi-region, logging all management events, validated, KMS-encrypted, tamper-resistant copy');
    expect(check.warnings).toEqual([]);
  });

  it('A.12: without a CloudWatch Logs copy the bucket must be under Object Lock (ObjectLockConfigurationNotFoundError = not locked)', async () => {
    logging(trail({ CloudWatchLogsLogGroupArn: undefined }));
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    s3.on(GetObjectLockConfigurationCommand).rejects(awsError('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404));
    let { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources[0].reason).toBe('trail main: no CloudWatch Logs copy and its bucket has no Object Lock');
    s3.reset();
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    // Was ObjectLockEnabled alone: CloudTrail sets no per-object retention, so only a default retention locks its files.
    s3.on(GetObjectLockConfigurationCommand).resolves({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } } });
    ({ check } = await runProbe(probe, { control: 'A.12' }));
    expect(check.status).toBe('PASS');
  });

  it('A.12 MANUAL(PARTIAL) when the trail bucket is in another account (log archive)', async () => {
    logging(trail({ CloudWatchLogsLogGroupArn: undefined, IsOrganizationTrail: true }));
    s3.on(GetBucketLocationCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.reason).toBe('the multi-region trail delivers to a bucket in another account: verify its Object Lock there');
  });

  it('A.11 PASS through an enabled multi-region CloudTrail Lake store that logs management events', async () => {
    ct.on(ListEventDataStoresCommand).resolves({ EventDataStores: [{ EventDataStoreArn: EDS, Name: 'lake' }] });
    ct.on(GetEventDataStoreCommand).resolves({ EventDataStoreArn: EDS, Name: 'lake', Status: 'ENABLED', MultiRegionEnabled: true, AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] });
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('CloudTrail Lake event data store logs management events in all regions: lake');
  });

  it('FAIL(NOT_ENABLED): no trail and no event data store', async () => {
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('no CloudTrail trail or event data store');
  });

  it('FAIL(NOT_ENABLED): the only trail is stopped; FAIL(MISCONFIGURED) when it logs but lacks validation (A.12)', async () => {
    logging();
    ct.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    let { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.resources[0].reason).toBe('trail main: not logging');
    ct.reset();
    logging(trail({ LogFileValidationEnabled: false }));
    ({ check } = await runProbe(probe, { control: 'A.12' }));
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources[0].reason).toBe('trail main: log file validation off');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    ct.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/cloudtrail:DescribeTrails/);
  });
});
