// Shared mocks for the S3-family probe tests (S3, Object Lock, Cross-Region Replication, Backup):
// every client those probes and their facts reach is mocked, so nothing leaves the process.
import { BackupClient } from '@aws-sdk/client-backup';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { DescribeModelCommand, ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, awsError } from '../helpers.js';

export const mocks = {
  s3: mockClient(S3Client),
  s3control: mockClient(S3ControlClient),
  sagemaker: mockClient(SageMakerClient),
  bedrock: mockClient(BedrockClient),
  bedrockAgent: mockClient(BedrockAgentClient),
  cloudtrail: mockClient(CloudTrailClient),
  config: mockClient(ConfigServiceClient),
  cloudwatch: mockClient(CloudWatchClient),
  backup: mockClient(BackupClient),
};

export function resetAll(): void {
  for (const m of Object.values(mocks)) m.reset();
}

export const arn = (name: string) => `arn:aws:s3:::${name}`;

/** ListBuckets answers with these buckets (name → region). */
export function buckets(list: Record<string, string>): void {
  mocks.s3.on(ListBucketsCommand).resolves({ Buckets: Object.entries(list).map(([Name, BucketRegion]) => ({ Name, BucketRegion })) });
}

/** SageMaker models whose artefacts live in the given S3 URIs (in every mocked region). */
export function sagemakerModels(models: Record<string, string>): void {
  mocks.sagemaker.on(ListModelsCommand).resolves({ Models: Object.keys(models).map((ModelName) => ({ ModelName, ModelArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model/${ModelName}`, CreationTime: new Date('2026-01-01') })) });
  for (const [ModelName, uri] of Object.entries(models)) {
    mocks.sagemaker.on(DescribeModelCommand, { ModelName }).resolves({ ModelName, ModelArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model/${ModelName}`, CreationTime: new Date('2026-01-01'), PrimaryContainer: { ModelDataUrl: uri } });
  }
}

/** A bucket that meets every 7.5 criterion. */
export function compliantBucket(name: string): void {
  const s3 = mocks.s3;
  s3.on(GetBucketVersioningCommand, { Bucket: name }).resolves({ Status: 'Enabled' });
  s3.on(GetBucketEncryptionCommand, { Bucket: name }).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:123456789012:key/k1' } }] } });
  s3.on(GetBucketLifecycleConfigurationCommand, { Bucket: name }).resolves({ Rules: [{ ID: 'expire-old', Status: 'Enabled', Filter: {} }] });
  s3.on(GetPublicAccessBlockCommand, { Bucket: name }).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
}

/** A bucket with nothing configured: S3 answers the documented "not configured" errors. */
export function plainBucket(name: string, versioning?: 'Suspended'): void {
  const s3 = mocks.s3;
  s3.on(GetBucketVersioningCommand, { Bucket: name }).resolves(versioning ? { Status: versioning } : {});
  s3.on(GetBucketEncryptionCommand, { Bucket: name }).rejects(awsError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404));
  s3.on(GetBucketLifecycleConfigurationCommand, { Bucket: name }).rejects(awsError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404));
  s3.on(GetPublicAccessBlockCommand, { Bucket: name }).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404));
  s3.on(GetObjectLockConfigurationCommand, { Bucket: name }).rejects(awsError('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404));
  s3.on(GetBucketReplicationCommand, { Bucket: name }).rejects(awsError('ReplicationConfigurationNotFoundError', 'The replication configuration was not found', 404));
}

/** The region an S3 client that sent a call was configured for. */
export async function regionOf(call: { thisValue: unknown }): Promise<string> {
  const cfg = (call.thisValue as { config: { region: () => Promise<string> | string } }).config;
  return await cfg.region();
}
