import { GetModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeDeliveryChannelsCommand } from '@aws-sdk/client-config-service';
import { GetBucketLocationCommand, GetObjectLockConfigurationCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { DescribeEndpointCommand, ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/s3-object-lock.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';
import { arn, buckets, mocks, regionOf, resetAll } from './s3-fixtures.js';

afterEach(resetAll);
const { s3, cloudtrail, config, bedrock, sagemaker } = mocks;

function trailTo(bucket: string): void {
  cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'org', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org`, HomeRegion: 'us-east-1', S3BucketName: bucket, IsMultiRegionTrail: true }] });
}

function locked(bucket: string, Mode: 'COMPLIANCE' | 'GOVERNANCE', Days: number): void {
  s3.on(GetObjectLockConfigurationCommand, { Bucket: bucket }).resolves({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode, Days } } } });
}

describe('Amazon S3 with Object Lock probe (A.12)', () => {
  it('PASS: trail and Config buckets locked in COMPLIANCE mode, each read in its own region', async () => {
    buckets({ 'trail-logs': 'us-east-1', 'config-logs': 'eu-west-1' });
    trailTo('trail-logs');
    config.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default', s3BucketName: 'config-logs' }] });
    locked('trail-logs', 'COMPLIANCE', 400);
    s3.on(GetObjectLockConfigurationCommand, { Bucket: 'config-logs' }).resolves({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } } } });
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 2 log bucket(s) have Object Lock with at least 365 days default retention');
    expect(check.resources).toEqual([
      { id: arn('config-logs'), region: 'eu-west-1', status: 'PASS', reason: 'bucket config-logs (Config delivery channel default (us-east-1)): Object Lock COMPLIANCE, 365 days default retention' },
      { id: arn('trail-logs'), region: 'us-east-1', status: 'PASS', reason: 'bucket trail-logs (CloudTrail trail org): Object Lock COMPLIANCE, 400 days default retention' },
    ]);
    const [call] = s3.commandCalls(GetObjectLockConfigurationCommand, { Bucket: 'config-logs' });
    expect(await regionOf(call)).toBe('eu-west-1');
  });

  it('FAIL(NOT_ENABLED) on ObjectLockConfigurationNotFoundError', async () => {
    buckets({ 'trail-logs': 'us-east-1' });
    trailTo('trail-logs');
    s3.on(GetObjectLockConfigurationCommand).rejects(awsError('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404));
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.resources[0].reason).toBe('bucket trail-logs (CloudTrail trail org): Object Lock not enabled');
  });

  it('FAIL(MISCONFIGURED) when the default retention is below the minimum; GOVERNANCE is a warning', async () => {
    buckets({ 'trail-logs': 'us-east-1', 'bedrock-logs': 'us-east-1' });
    trailTo('trail-logs');
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: { s3Config: { bucketName: 'bedrock-logs' } } });
    locked('trail-logs', 'COMPLIANCE', 30);
    locked('bedrock-logs', 'GOVERNANCE', 400);
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toMatch(/trail-logs .*default retention 30 days, below the 365-day minimum/);
    expect(check.resources.find((r) => r.id === arn('bedrock-logs'))).toMatchObject({ status: 'PASS', reason: expect.stringMatching(/Bedrock invocation logging \(us-east-1\)/) });
    expect(check.warnings.some((w) => w.startsWith('bucket bedrock-logs: GOVERNANCE mode'))).toBe(true);
  });

  it('counts SageMaker data-capture destinations as log buckets', async () => {
    buckets({ capture: 'us-east-1' });
    sagemaker.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'churn', EndpointArn: 'arn:ep', EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] });
    sagemaker.on(DescribeEndpointCommand).resolves({ EndpointName: 'churn', EndpointArn: 'arn:ep', EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date(), DataCaptureConfig: { EnableCapture: true, CaptureStatus: 'Started', CurrentSamplingPercentage: 100, DestinationS3Uri: 's3://capture/churn/' } });
    s3.on(GetObjectLockConfigurationCommand).rejects(awsError('ObjectLockConfigurationNotFoundError', 'none', 404));
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('FAIL');
    expect(check.resources[0].reason).toBe('bucket capture (data capture of endpoint churn (us-east-1)): Object Lock not enabled');
  });

  it('MANUAL: a trail bucket in another account (AccessDenied) is left to verify there', async () => {
    buckets({});
    trailTo('org-log-archive');
    s3.on(GetBucketLocationCommand, { Bucket: 'org-log-archive' }).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.resources[0]).toMatchObject({ id: arn('org-log-archive'), status: 'MANUAL', reason: 'bucket org-log-archive (CloudTrail trail org): not in this account (AccessDenied): verify Object Lock in that account' });
  });

  it('NOT_APPLICABLE when nothing delivers logs to S3', async () => {
    buckets({ site: 'us-east-1' });
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toMatch(/no log bucket found/);
  });

  it('ERROR naming s3:GetBucketObjectLockConfiguration when an in-account bucket is denied', async () => {
    buckets({ 'trail-logs': 'us-east-1' });
    trailTo('trail-logs');
    s3.on(GetObjectLockConfigurationCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/s3:GetBucketObjectLockConfiguration/);
  });

  it('ERROR, not PASS, when the trail list cannot be read but the other log buckets are locked', async () => {
    buckets({ 'config-logs': 'us-east-1' });
    cloudtrail.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    config.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default', s3BucketName: 'config-logs' }] });
    locked('config-logs', 'COMPLIANCE', 400);
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/log bucket list could not be read completely.*cloudtrail:DescribeTrails/);
  });

  it('pages the bucket list', async () => {
    s3.on(ListBucketsCommand).resolvesOnce({ Buckets: [{ Name: 'a', BucketRegion: 'us-east-1' }], ContinuationToken: 'n' }).resolves({ Buckets: [{ Name: 'trail-logs', BucketRegion: 'us-west-2' }] });
    trailTo('trail-logs');
    locked('trail-logs', 'COMPLIANCE', 3650);
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('PASS');
    expect(check.resources[0].region).toBe('us-west-2');
    expect(s3.commandCalls(GetBucketLocationCommand).length).toBe(0);
  });
});
