import { BedrockClient } from '@aws-sdk/client-bedrock';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventDataStoreCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListEventDataStoresCommand,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetBucketLocationCommand, GetObjectLockConfigurationCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTROLS } from '../../checks/catalog.js';
import probe from '../../checks/probes/cloudtrail.js';
import cloudwatchLogs from '../../checks/probes/cloudwatch-logs.js';
import { DEFAULT_SETTINGS } from '../../src/engine/probe.js';
import { Registry } from '../../src/engine/registry.js';
import { runScan } from '../../src/engine/runner.js';
import { ACCOUNT, IDENTITY, NOW, awsError, makeAccess, runProbe } from '../helpers.js';

const ct = mockClient(CloudTrailClient);
const s3 = mockClient(S3Client);
const logs = mockClient(CloudWatchLogsClient);
const br = mockClient(BedrockClient);
afterEach(() => [ct, s3, logs, br].forEach((m) => m.reset()));
const cloudtrail = probe;

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
const ALL_MGMT = { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] };
function logging(t: object = trail(), selectors: object = ALL_MGMT) {
  ct.on(DescribeTrailsCommand).resolves({ trailList: [t] });
  ct.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  ct.on(GetEventSelectorsCommand).resolves(selectors);
}
const MGMT = '999988887777';
const ORG = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`;
const LG = (region: string, name: string, account = ACCOUNT) => `arn:aws:logs:${region}:${account}:log-group:${name}`;
const scpDenied = (action: string) => awsError('AccessDeniedException', `User: arn:aws:sts::${ACCOUNT}:assumed-role/scanner/x is not authorized to perform: ${action} with an explicit deny in a service control policy`, 400);

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

describe('CloudTrail on partial evidence (issue 15)', () => {
  it('ListEventDataStores denied by an SCP in another region: CloudTrail PASS with a warning naming the action; CloudWatch Logs keeps its verdict in every region', async () => {
    logging();
    ct.on(ListEventDataStoresCommand).callsFake(async (_i, getClient) => {
      if ((await getClient().config.region()) === 'eu-west-1') throw scpDenied('cloudtrail:ListEventDataStores');
      return { EventDataStores: [] };
    });
    logs.on(DescribeLogGroupsCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      const g = (name: string, days: number) => ({ logGroupName: name, logGroupArn: LG(region, name), retentionInDays: days, kmsKeyId: 'k' });
      if (input.logGroupNamePrefix === '/aws/sagemaker/') return { logGroups: region === 'eu-west-1' ? [g('/aws/sagemaker/Endpoints/churn', 7)] : [g('/aws/sagemaker/Endpoints/fraud', 400)] };
      if (input.logGroupNamePrefix === 'ct' && region === 'us-east-1') return { logGroups: [g('ct', 731)] };
      return { logGroups: [] };
    });
    const controls = CONTROLS.filter((c) => ['A.11', 'A.12'].includes(c.id)).map((c) => ({ ...c, mappings: c.mappings.filter((m) => m.service === 'AWS CloudTrail' || m.service === 'Amazon CloudWatch Logs') }));
    const run = await runScan({ access: makeAccess(), identity: IDENTITY, regions: ['us-east-1', 'eu-west-1'], controlIds: ['A.11', 'A.12'], registry: new Registry({ controls, probes: [cloudtrail, cloudwatchLogs] }), settings: DEFAULT_SETTINGS, now: NOW });
    const check = (control: string, service: string) => run.controls.find((c) => c.id === control)!.checks.find((c) => c.service === service)!;
    const a11 = check('A.11', 'AWS CloudTrail');
    expect(a11.status).toBe('PASS');
    expect(a11.reason).toBe('1 compliant multi-region trail(s): main');
    expect(a11.warnings.join('\n')).toMatch(/event data stores not listed: cloudtrail:ListEventDataStores in eu-west-1 \(denied by a service control policy\)/);
    expect(check('A.12', 'AWS CloudTrail').status).toBe('PASS');
    const logsCheck = check('A.12', 'Amazon CloudWatch Logs');
    expect(logsCheck.status).toBe('FAIL');
    expect(logsCheck.regions.map((r) => [r.region, r.status])).toEqual([
      ['eu-west-1', 'FAIL'],
      ['us-east-1', 'PASS'],
    ]);
    expect(logsCheck.resources.find((r) => r.region === 'eu-west-1')?.reason).toBe('SageMaker log group /aws/sagemaker/Endpoints/churn: retention 7 d < 365 d');
  });

  function orgTrail(extra: object = {}) {
    ct.on(DescribeTrailsCommand).resolves({
      trailList: [
        {
          Name: 'org-trail',
          TrailARN: ORG,
          HomeRegion: 'us-east-1',
          IsMultiRegionTrail: true,
          IsOrganizationTrail: true,
          LogFileValidationEnabled: true,
          KmsKeyId: `arn:aws:kms:us-east-1:${MGMT}:key/org`,
          CloudWatchLogsLogGroupArn: `${LG('us-east-1', 'aws-controltower/CloudTrailLogs', MGMT)}:*`,
          S3BucketName: 'aws-controltower-logs-111111111111-us-east-1',
          ...extra,
        },
      ],
    });
  }

  it('an organization trail seen from a member account: judged on its DescribeTrails fields; what only the owner answers is MANUAL "verify in the management account"', async () => {
    orgTrail();
    ct.on(GetTrailStatusCommand).rejects(awsError('TrailNotFoundException', `Unknown trail: ${ORG} for the user: ${ACCOUNT}`, 400));
    ct.on(GetEventSelectorsCommand).rejects(awsError('CloudTrailARNInvalidException', 'Invalid trail ARN', 400));
    for (const control of ['A.11', 'A.12']) {
      const { check } = await runProbe(cloudtrail, { control });
      expect(check.status).toBe('MANUAL');
      expect(check.code).toBe('PARTIAL');
      expect(check.reason).toBe(
        `whether it is logging of organization trail org-trail is answered only to its owner (account ${MGMT}): verify in the management account; which events it logs of organization trail org-trail is answered only to its owner (account ${MGMT}): verify in the management account`,
      );
      expect(check.missing).toBeUndefined();
    }
  });

  it('an organization trail without log file validation FAILs A.12 from DescribeTrails alone, whatever its owner would answer', async () => {
    orgTrail({ LogFileValidationEnabled: false });
    ct.on(GetTrailStatusCommand).rejects(awsError('TrailNotFoundException', 'Unknown trail', 400));
    ct.on(GetEventSelectorsCommand).rejects(awsError('TrailNotFoundException', 'Unknown trail', 400));
    const { check } = await runProbe(cloudtrail, { control: 'A.12' });
    expect(check.status).toBe('FAIL');
    expect(check.resources).toEqual([{ id: ORG, region: 'us-east-1', status: 'FAIL', reason: 'trail org-trail: log file validation off' }]);
  });

  it('an organization trail whose status is refused as AccessDenied: ERROR naming the action (a grant may fix it)', async () => {
    orgTrail();
    ct.on(GetTrailStatusCommand).rejects(awsError('AccessDeniedException', 'not authorized', 400));
    ct.on(GetEventSelectorsCommand).resolves(ALL_MGMT);
    const { check } = await runProbe(cloudtrail, { control: 'A.11' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => [m.action, m.resource])).toEqual([['cloudtrail:GetTrailStatus', ORG]]);
  });

  it('GetTrailStatus denied: A.11 still PASS through a Lake store; A.12 (trails only) ERROR naming the action; the trail is an ERROR resource', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: [trail()] });
    ct.on(GetTrailStatusCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    ct.on(GetEventSelectorsCommand).resolves(ALL_MGMT);
    ct.on(ListEventDataStoresCommand).resolves({ EventDataStores: [{ EventDataStoreArn: EDS }] });
    ct.on(GetEventDataStoreCommand).resolves({ EventDataStoreArn: EDS, Name: 'lake', Status: 'ENABLED', MultiRegionEnabled: true, AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] });
    let { check } = await runProbe(cloudtrail, { control: 'A.11' });
    expect(check.status).toBe('PASS');
    expect(check.resources.map((r) => [r.id, r.status])).toEqual([
      [EDS, 'PASS'],
      [TRAIL, 'ERROR'],
    ]);
    ({ check } = await runProbe(cloudtrail, { control: 'A.12' }));
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['cloudtrail:GetTrailStatus']);
  });

  it('a trail that is stopped FAILs even when its event selectors could not be read', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: [trail()] });
    ct.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    ct.on(GetEventSelectorsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(cloudtrail, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
  });
});

describe('CloudTrail audit-trail rules (issue 16)', () => {
  const noCopy = () => trail({ CloudWatchLogsLogGroupArn: undefined });
  const own = () => s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'ct-logs', BucketRegion: 'eu-west-1' }] });

  it('A.12 FAIL: Object Lock enabled on the trail bucket but no default retention (CloudTrail sets no per-object retention)', async () => {
    logging(noCopy());
    own();
    s3.on(GetObjectLockConfigurationCommand).resolves({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } });
    const { check } = await runProbe(cloudtrail, { control: 'A.12' });
    expect(check.status).toBe('FAIL');
    expect(check.resources[0].reason).toBe('trail main: no CloudWatch Logs copy and its bucket has Object Lock enabled but no default retention, so nothing written by a log service is locked');
    // The bucket's region came from ListBuckets: no GetBucketLocation.
    expect(s3.commandCalls(GetBucketLocationCommand).length).toBe(0);
    expect(await s3.commandCalls(GetObjectLockConfigurationCommand)[0].thisValue.config.region()).toBe('eu-west-1');
  });

  it('A.12 ERROR naming s3:GetBucketObjectLockConfiguration when the account\'s own trail bucket refuses the read (not "out of reach")', async () => {
    logging(noCopy());
    own();
    s3.on(GetObjectLockConfigurationCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { check } = await runProbe(cloudtrail, { control: 'A.12' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => [m.action, m.resource])).toEqual([['s3:GetBucketObjectLockConfiguration', 'arn:aws:s3:::ct-logs']]);
  });

  it('A.12 MANUAL(PARTIAL) for a bucket in another account (not in ListBuckets, NoSuchBucket from here)', async () => {
    logging(noCopy());
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'other', BucketRegion: 'us-east-1' }] });
    s3.on(GetBucketLocationCommand).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));
    const { check } = await runProbe(cloudtrail, { control: 'A.12' });
    expect(check.status).toBe('MANUAL');
    expect(check.reason).toBe('the multi-region trail delivers to a bucket in another account: verify its Object Lock there');
  });

  it('A.12 ERROR, not MANUAL, when the bucket is not listed but ListBuckets itself was refused', async () => {
    logging(noCopy());
    s3.on(ListBucketsCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    s3.on(GetBucketLocationCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { check } = await runProbe(cloudtrail, { control: 'A.12' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action).sort()).toEqual(['s3:GetBucketLocation', 's3:ListAllMyBuckets']);
  });

  it('A.11 FAIL: an advanced management selector that excludes Bedrock and SageMaker events', async () => {
    logging(trail(), {
      AdvancedEventSelectors: [{ Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', NotEquals: ['bedrock.amazonaws.com', 'sagemaker.amazonaws.com'] }] }],
    });
    const { check } = await runProbe(cloudtrail, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources[0].reason).toBe('trail main: does not log all management events (excludes bedrock.amazonaws.com, sagemaker.amazonaws.com)');
  });

  it('A.11 FAIL: a basic selector that excludes KMS management events (key-use evidence for AI data)', async () => {
    logging(trail(), { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] }] });
    const { check } = await runProbe(cloudtrail, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.resources[0].reason).toBe('trail main: does not log all management events (excludes kms.amazonaws.com)');
  });

  it('A.11 PASS with a note when only RDS Data API events are excluded; PASS when read and write are split over two advanced selectors', async () => {
    logging(trail(), { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['rdsdata.amazonaws.com'] }] });
    let { check } = await runProbe(cloudtrail, { control: 'A.11' });
    expect(check.status).toBe('PASS');
    expect(check.warnings).toContain('trail main: management events of rdsdata.amazonaws.com excluded');
    ct.reset();
    logging(trail(), {
      AdvancedEventSelectors: [
        { Name: 'reads', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] },
        { Name: 'writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] },
      ],
    });
    ({ check } = await runProbe(cloudtrail, { control: 'A.11' }));
    expect(check.status).toBe('PASS');
  });

  it('A.11 FAIL: write-only management events; a selector filtered on eventName does not count as all events', async () => {
    logging(trail(), { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] });
    let { check } = await runProbe(cloudtrail, { control: 'A.11' });
    expect(check.resources[0].reason).toBe('trail main: does not log all management events (read events not logged)');
    ct.reset();
    logging(trail(), { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventName', NotEquals: ['InvokeModel'] }] }] });
    ({ check } = await runProbe(cloudtrail, { control: 'A.11' }));
    expect(check.status).toBe('FAIL');
    expect(check.resources[0].reason).toBe('trail main: does not log management events');
  });
});
