import { GetModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { ListModelsCommand } from '@aws-sdk/client-sagemaker';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/s3.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';
import { arn, buckets, compliantBucket, mocks, plainBucket, regionOf, resetAll, sagemakerModels } from './s3-fixtures.js';

afterEach(resetAll);
const { s3, s3control, sagemaker, bedrock } = mocks;

describe('Amazon S3 probe (7.5)', () => {
  it('PASS: the AI bucket SageMaker points at is versioned, SSE-KMS, under lifecycle and blocked; buckets listed across pages', async () => {
    s3.on(ListBucketsCommand)
      .resolvesOnce({ Buckets: [{ Name: 'ai-models', BucketRegion: 'eu-west-1' }], ContinuationToken: 'p2' })
      .resolves({ Buckets: [{ Name: 'web-assets', BucketRegion: 'us-east-1' }] });
    sagemakerModels({ churn: 's3://ai-models/churn/model.tar.gz' });
    compliantBucket('ai-models');
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 1 AI bucket(s) versioned, SSE-KMS encrypted, under lifecycle rules and not public');
    expect(check.resources).toEqual([
      { id: arn('ai-models'), region: 'eu-west-1', status: 'PASS', reason: 'bucket ai-models (eu-west-1; SageMaker model churn (us-east-1)): versioning on, SSE-KMS, 1 lifecycle rule(s), public access blocked' },
    ]);
    expect(s3.commandCalls(ListBucketsCommand).length).toBe(2);
    // web-assets holds no AI data: never read.
    expect(s3.commandCalls(GetBucketVersioningCommand, { Bucket: 'web-assets' }).length).toBe(0);
    const [call] = s3.commandCalls(GetBucketVersioningCommand, { Bucket: 'ai-models' });
    expect(await regionOf(call)).toBe('eu-west-1');
    expect(s3control.commandCalls(GetAccountPublicAccessBlockCommand)[0].args[0].input).toEqual({ AccountId: ACCOUNT });
  });

  it('FAIL(MISCONFIGURED): "not configured" error answers are read as missing settings, not errors', async () => {
    buckets({ 'ai-training': 'us-east-1' });
    sagemakerModels({ fraud: 's3://ai-training/fraud/model.tar.gz' });
    plainBucket('ai-training');
    s3control.on(GetAccountPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'not found', 404));
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources[0]).toMatchObject({
      id: arn('ai-training'),
      status: 'FAIL',
      reason:
        'bucket ai-training (us-east-1; SageMaker model fraud (us-east-1)): versioning never enabled, no default encryption (S3 applies SSE-S3, not SSE-KMS), no enabled lifecycle rule, public access not fully blocked: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off at both account and bucket level',
    });
    expect(check.remediation).toMatch(/put-bucket-versioning/);
  });

  // Issue 16: SSE-S3 used to pass with a warning; S3 applies it to every bucket since 2023, so for
  // AI data the rule (checks/rules/bucket-encryption.ts) asks for a KMS key, as the title says.
  it('FAIL on SSE-S3 (AES256); account-level Block Public Access covers a bucket without its own', async () => {
    buckets({ 'ai-data': 'us-east-1' });
    sagemakerModels({ m: 's3://ai-data/m.tar.gz' });
    compliantBucket('ai-data');
    s3.on(GetBucketEncryptionCommand, { Bucket: 'ai-data' }).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
    s3.on(GetPublicAccessBlockCommand, { Bucket: 'ai-data' }).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'not found', 404));
    s3control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
    const { check } = await runProbe(probe);
    expect([check.status, check.code]).toEqual(['FAIL', 'MISCONFIGURED']);
    expect(check.resources[0].reason).toMatch(/: default encryption SSE-S3 \(AES256\), not SSE-KMS$/);
    expect(check.warnings).toContain('account-level Block Public Access is fully on');
  });

  it('judges every bucket, and says so, when no AI-related bucket is found', async () => {
    buckets({ logs: 'us-east-1', site: 'us-west-2' });
    compliantBucket('logs');
    plainBucket('site');
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.reason).toMatch(/^no AI-related bucket identified .* so every bucket is judged: 1 of 2 bucket\(s\) fall short/);
    expect(check.resources.map((r) => [r.id, r.status, r.region])).toEqual([
      [arn('logs'), 'PASS', 'us-east-1'],
      [arn('site'), 'FAIL', 'us-west-2'],
    ]);
    expect(check.warnings.some((w) => w.includes('every bucket was judged'))).toBe(true);
  });

  it('puts buckets in scope by the SageMaker default name and by --scope-tag, and only those', async () => {
    buckets({ [`sagemaker-us-east-1-${ACCOUNT}`]: 'us-east-1', 'feature-store': 'us-east-1', other: 'us-east-1' });
    compliantBucket(`sagemaker-us-east-1-${ACCOUNT}`);
    compliantBucket('feature-store');
    s3.on(GetBucketTaggingCommand, { Bucket: 'feature-store' }).resolves({ TagSet: [{ Key: 'ai-data', Value: 'true' }] });
    s3.on(GetBucketTaggingCommand, { Bucket: 'other' }).rejects(awsError('NoSuchTagSet', 'The TagSet does not exist', 404));
    s3.on(GetBucketTaggingCommand, { Bucket: `sagemaker-us-east-1-${ACCOUNT}` }).resolves({ TagSet: [] });
    const { check } = await runProbe(probe, { settings: { scopeTags: [{ key: 'ai-data', value: 'true' }] } });
    expect(check.status).toBe('PASS');
    expect(check.resources.map((r) => r.id)).toEqual([arn('feature-store'), arn(`sagemaker-us-east-1-${ACCOUNT}`)]);
    expect(check.resources[0].reason).toMatch(/tag ai-data=true/);
    expect(check.resources[1].reason).toMatch(/SageMaker default bucket name/);
  });

  it('MANUAL(PARTIAL), never PASS, when more buckets are in scope than the cap allows', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: Array.from({ length: 501 }, (_, i) => ({ Name: `b${String(i).padStart(3, '0')}`, BucketRegion: 'us-east-1' })) });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } });
    s3.on(GetBucketLifecycleConfigurationCommand).resolves({ Rules: [{ Status: 'Enabled' }] });
    s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
    const { check } = await runProbe(probe);
    expect([check.status, check.code]).toEqual(['MANUAL', 'PARTIAL']);
    expect(check.reason).toBe('500 bucket(s) judged pass; 1 more were not judged (cap 500)');
    expect(s3.commandCalls(GetBucketVersioningCommand, { Bucket: 'b500' }).length).toBe(0);
  });

  it('NOT_APPLICABLE when the account has no buckets', async () => {
    buckets({});
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('the account has no S3 buckets');
  });

  it('ERROR naming s3:GetEncryptionConfiguration when the encryption read is denied', async () => {
    buckets({ 'ai-models': 'us-east-1' });
    sagemakerModels({ churn: 's3://ai-models/x' });
    compliantBucket('ai-models');
    s3.on(GetBucketEncryptionCommand, { Bucket: 'ai-models' }).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/s3:GetEncryptionConfiguration/);
  });

  it('ERROR naming s3:ListAllMyBuckets when the bucket list is denied', async () => {
    s3.on(ListBucketsCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/s3:ListAllMyBuckets/);
  });

  it('ERROR, not PASS, when the AI buckets found pass but SageMaker could not be read in a region', async () => {
    buckets({ 'ai-models': 'us-east-1' });
    sagemakerModels({ churn: 's3://ai-models/x' });
    compliantBucket('ai-models');
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).rejects(awsError('AccessDeniedException', 'not authorized', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/AI bucket scope is incomplete.*bedrock:GetModelInvocationLoggingConfiguration/);
    expect(check.resources[0].status).toBe('PASS');
  });

  it('still FAILs a bad AI bucket when part of the scope is unreadable', async () => {
    buckets({ 'ai-models': 'us-east-1' });
    sagemakerModels({ churn: 's3://ai-models/x' });
    plainBucket('ai-models', 'Suspended');
    sagemaker.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'churn', ModelArn: 'a', CreationTime: new Date() }] });
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).rejects(awsError('AccessDeniedException', 'not authorized', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.resources[0].reason).toMatch(/versioning suspended/);
    expect(check.warnings.some((w) => w.startsWith('AI bucket scope incomplete'))).toBe(true);
  });
});
