import { BedrockClient, GetModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { parseLogGroupArn } from '../../checks/probes/cloudwatch-logs.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const logs = mockClient(CloudWatchLogsClient);
const br = mockClient(BedrockClient);
const ct = mockClient(CloudTrailClient);
afterEach(() => [logs, br, ct].forEach((m) => m.reset()));

const LG = (n: string) => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${n}`;
const group = (name: string, extra: object = {}) => ({ logGroupName: name, logGroupArn: LG(name), arn: `${LG(name)}:*`, ...extra });

describe('Amazon CloudWatch Logs probe', () => {
  it('NOT_APPLICABLE when there are no SageMaker, Bedrock or CloudTrail log groups', async () => {
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no SageMaker, Bedrock invocation or CloudTrail log groups in this region');
  });

  it('PASS: SageMaker groups (two pages), the Bedrock invocation group and the CloudTrail group all kept ≥ 365 days', async () => {
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/aws/sagemaker/' })
      .resolvesOnce({ logGroups: [group('/aws/sagemaker/Endpoints/churn-predictor', { retentionInDays: 400, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' })], nextToken: 'n2' })
      .resolves({ logGroups: [group('/aws/sagemaker/TrainingJobs', { kmsKeyId: 'k', dataProtectionStatus: 'ACTIVATED' })] });
    br.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: { cloudWatchConfig: { logGroupName: 'bedrock-invocations', roleArn: 'r' }, textDataDeliveryEnabled: true } });
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: 'bedrock-invocations' }).resolves({ logGroups: [group('bedrock-invocations', { retentionInDays: 731, kmsKeyId: 'k' }), group('bedrock-invocations-old', { retentionInDays: 1 })] });
    ct.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'main', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`, HomeRegion: 'us-east-1', CloudWatchLogsLogGroupArn: `${LG('aws-cloudtrail-logs')}:*` }] });
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: 'aws-cloudtrail-logs' }).resolves({ logGroups: [group('aws-cloudtrail-logs', { retentionInDays: 3653, kmsKeyId: 'k' })] });
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 4 AI log group(s) kept at least 365 days');
    expect(check.resources.map((r) => r.reason)).toEqual([
      'SageMaker log group /aws/sagemaker/Endpoints/churn-predictor: retention 400 d, KMS-encrypted',
      'SageMaker log group /aws/sagemaker/TrainingJobs: never expires, KMS-encrypted, data protection on',
      'CloudTrail log group aws-cloudtrail-logs: retention 3653 d, KMS-encrypted',
      'Bedrock invocation log group bedrock-invocations: retention 731 d, KMS-encrypted',
    ]);
    expect(check.warnings).toEqual(['1 log group(s) never expire (unbounded retention): /aws/sagemaker/TrainingJobs']);
  });

  it('FAIL(MISCONFIGURED): retention below the configured minimum, named per group', async () => {
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/aws/sagemaker/' }).resolves({ logGroups: [group('/aws/sagemaker/Endpoints/churn-predictor', { retentionInDays: 30 }), group('/aws/sagemaker/ProcessingJobs', { retentionInDays: 90 })] });
    const { check } = await runProbe(probe, { control: 'A.12', settings: { minLogRetentionDays: 60 } });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('1 of 2 AI log group(s) kept less than 60 days: SageMaker log group /aws/sagemaker/Endpoints/churn-predictor: retention 30 d < 60 d');
    expect(check.warnings).toEqual(['2 log group(s) without a KMS key: /aws/sagemaker/Endpoints/churn-predictor, /aws/sagemaker/ProcessingJobs']);
  });

  it('warns when the Bedrock log group named in the logging configuration does not exist', async () => {
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/aws/sagemaker/' }).resolves({ logGroups: [group('/aws/sagemaker/Endpoints/x', { retentionInDays: 365, kmsKeyId: 'k' })] });
    br.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: { cloudWatchConfig: { logGroupName: 'not-yet', roleArn: 'r' } } });
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('PASS');
    expect(check.warnings).toEqual(['Bedrock invocation log group not-yet is configured but does not exist yet']);
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    logs.on(DescribeLogGroupsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/logs:DescribeLogGroups/);
  });

  it('a short-retention SageMaker group still FAILs when the Bedrock configuration and the trail listing cannot be read', async () => {
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/aws/sagemaker/' }).resolves({ logGroups: [group('/aws/sagemaker/Endpoints/churn-predictor', { retentionInDays: 7 })] });
    br.on(GetModelInvocationLoggingConfigurationCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    ct.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('FAIL');
    expect(check.resources.map((r) => r.status)).toEqual(['FAIL']);
  });

  it('ERROR, not PASS or NOT_APPLICABLE, when the groups read pass but the trail listing could not be read', async () => {
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/aws/sagemaker/' }).resolves({ logGroups: [group('/aws/sagemaker/Endpoints/churn-predictor', { retentionInDays: 400 })] });
    ct.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    let { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['cloudtrail:DescribeTrails']);
    expect(check.resources.map((r) => r.status)).toEqual(['PASS']);
    logs.reset();
    ({ check } = await runProbe(probe, { control: 'A.12' }));
    expect(check.status).toBe('ERROR');
  });

  it('parses log group ARNs with and without the trailing :*', () => {
    expect(parseLogGroupArn(`${LG('a/b:c')}:*`)).toEqual({ region: 'us-east-1', account: ACCOUNT, name: 'a/b:c' });
    expect(parseLogGroupArn(LG('x'))).toEqual({ region: 'us-east-1', account: ACCOUNT, name: 'x' });
    expect(parseLogGroupArn('arn:aws:s3:::bucket')).toBeUndefined();
  });
});
