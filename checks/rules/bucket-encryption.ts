// One rule for "this bucket encrypts AI data under a KMS key", shared by the S3 probe (7.5) and the
// Bedrock invocation logging probe (its log buckets): two probes judging the default encryption of
// the same bucket agree.
// Since 5 January 2023 S3 encrypts every new object with SSE-S3 (AES256) whatever the bucket says
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html), so
// "default encryption present" proves nothing. What a control over AI data needs is a KMS key:
// a key policy separate from the bucket policy, key use in CloudTrail, and the option to revoke
// or crypto-shred. SSE-KMS and DSSE-KMS pass; SSE-S3 fails (Prowler s3_bucket_kms_encryption,
// AWS Config s3-default-encryption-kms).
import type { GetBucketEncryptionCommandOutput } from '@aws-sdk/client-s3';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { test, type Ev, type Tri } from '../../src/engine/evidence.js';

export interface DefaultEncryption {
  /** SSEAlgorithm of the bucket's default rule; null when none is configured. */
  algorithm: string | null;
  kmsKey?: string;
}

export function defaultEncryption(answer: GetBucketEncryptionCommandOutput | Absent): DefaultEncryption {
  if (isAbsent(answer)) return { algorithm: null };
  const rule = answer.ServerSideEncryptionConfiguration?.Rules?.find((r) => r.ApplyServerSideEncryptionByDefault)?.ApplyServerSideEncryptionByDefault;
  return { algorithm: rule?.SSEAlgorithm ?? null, ...(rule?.KMSMasterKeyID ? { kmsKey: rule.KMSMasterKeyID } : {}) };
}

const KMS: Record<string, string> = { 'aws:kms': 'SSE-KMS', 'aws:kms:dsse': 'DSSE-KMS' };

export function encryptionName(e: DefaultEncryption): string {
  if (!e.algorithm) return 'no default encryption';
  return KMS[e.algorithm] ?? (e.algorithm === 'AES256' ? 'SSE-S3 (AES256)' : e.algorithm);
}

/** Default encryption with a KMS key (SSE-KMS or DSSE-KMS). */
export function kmsEncrypted(e: Ev<DefaultEncryption>): Tri {
  return test(
    e,
    (x) => !!x.algorithm && x.algorithm in KMS,
    (x) => encryptionName(x),
    (x) => (x.algorithm ? `default encryption ${encryptionName(x)}, not SSE-KMS` : 'no default encryption (S3 applies SSE-S3, not SSE-KMS)'),
    'default encryption',
  );
}
