import { BedrockClient, GetModelInvocationLoggingConfigurationCommand, ListCustomModelsCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetBucketEncryptionCommand, GetObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/bedrock-invocation-logging.js';
import { awsError, runProbe } from '../helpers.js';

const bedrock = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);
const s3 = mockClient(S3Client);
// The AI footprint also lists SageMaker resources.
const sm = mockClient(SageMakerClient);
afterEach(() => [bedrock, cw, logs, s3, sm].forEach((m) => m.reset()));

const KMS = 'arn:aws:kms:us-east-1:123456789012:key/k';

function logging(o: { text?: boolean; bucket?: boolean; group?: boolean } = {}) {
  bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({
    loggingConfig: {
      ...(o.group === false ? {} : { cloudWatchConfig: { logGroupName: 'bedrock-invocations', roleArn: 'r' } }),
      ...(o.bucket ? { s3Config: { bucketName: 'bedrock-logs' } } : {}),
      textDataDeliveryEnabled: o.text ?? true,
      imageDataDeliveryEnabled: true,
      embeddingDataDeliveryEnabled: true,
      videoDataDeliveryEnabled: true,
      audioDataDeliveryEnabled: true,
    },
  });
}

describe('Amazon Bedrock model invocation logging probe (extension)', () => {
  it('PASS: text delivered to a KMS-encrypted, retained log group and an SSE-KMS bucket with Object Lock (log groups over two pages)', async () => {
    logging({ bucket: true });
    logs.on(DescribeLogGroupsCommand)
      .resolvesOnce({ logGroups: [{ logGroupName: 'bedrock-invocations-old', retentionInDays: 1 }], nextToken: 'l2' })
      .resolves({ logGroups: [{ logGroupName: 'bedrock-invocations', logGroupArn: 'arn:lg', retentionInDays: 400, kmsKeyId: KMS }] });
    s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KMS } }] } });
    // Object Lock counts with a default retention (checks/rules/object-lock.ts, as the Object Lock probe).
    s3.on(GetObjectLockConfigurationCommand).resolves({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } } } });
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('Bedrock invocation logging delivers text data to CloudWatch Logs bedrock-invocations and s3://bedrock-logs');
    expect(check.resources.map((r) => [r.id, r.status, r.reason])).toEqual([
      ['arn:aws:s3:::bedrock-logs', 'PASS', 'bucket bedrock-logs (invocation logs): SSE-KMS, Object Lock'],
      ['arn:lg', 'PASS', 'log group bedrock-invocations: KMS-encrypted, retention 400 days'],
    ]);
    expect(logs.commandCalls(DescribeLogGroupsCommand).length).toBe(2);
    expect(s3.commandCalls(GetBucketEncryptionCommand)[0].args[0].input).toEqual({ Bucket: 'bedrock-logs', ExpectedBucketOwner: '123456789012' });
  });

  it('FAIL(MISCONFIGURED): text delivery off, short retention, no KMS, SSE-S3 bucket', async () => {
    logging({ text: false, bucket: true });
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: 'bedrock-invocations', retentionInDays: 30 }] });
    s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
    s3.on(GetObjectLockConfigurationCommand).rejects(awsError('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404));
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe(
      'Bedrock invocation logging to CloudWatch Logs bedrock-invocations and s3://bedrock-logs falls short: text data delivery is off (prompts and responses are not logged); log group bedrock-invocations keeps logs 30 days (< 365); log group bedrock-invocations not encrypted with a KMS key; bucket bedrock-logs (invocation logs) default encryption SSE-S3 (AES256), not SSE-KMS',
    );
  });

  it('FAIL(NOT_ENABLED) when Bedrock is used but logging is off', async () => {
    bedrock.on(ListCustomModelsCommand).resolves({ modelSummaries: [{ modelArn: 'arn:cm', modelName: 'tuned', creationTime: new Date(), baseModelArn: 'b', baseModelName: 'b' }] });
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('Bedrock is used in this region (1 custom model(s), 0 guardrail(s), 0 active AWS/Bedrock metric(s)) but model invocation logging is off');
    expect(check.remediation).toMatch(/put-model-invocation-logging-configuration/);
  });

  it('NOT_APPLICABLE without Bedrock usage', async () => {
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('ERROR, not NOT_APPLICABLE, when Bedrock usage cannot be read', async () => {
    cw.on(ListMetricsCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform cloudwatch:ListMetrics', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/^cannot tell whether Bedrock invocation logging applies: .*needs cloudwatch:ListMetrics in us-east-1 \(access denied\)/);
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/bedrock:GetModelInvocationLoggingConfiguration/);
  });
});

describe('Bedrock invocation logging on partial evidence (issue 15)', () => {
  it('an unreadable Object Lock (recommended only) is a warning naming the action, never ERROR', async () => {
    logging({ bucket: true, group: false });
    s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KMS } }] } });
    s3.on(GetObjectLockConfigurationCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('PASS');
    expect(check.warnings).toContain('bucket bedrock-logs: Object Lock not checked (s3:GetBucketObjectLockConfiguration did not answer)');
  });

  it('the log group listing refused: FAIL still stands on the text delivery being off', async () => {
    logging({ text: false });
    logs.on(DescribeLogGroupsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.12' });
    expect(check.status).toBe('FAIL');
    expect(check.resources[0]).toMatchObject({ status: 'ERROR', missing: [expect.objectContaining({ action: 'logs:DescribeLogGroups' })] });
  });
});
