// AI buckets encrypted with a customer-managed key — extension (issue 19). The S3 check (7.5)
// accepts any SSE-KMS key; this one asks that the key be the customer's, not the AWS managed
// aws/s3 key, whose policy cannot be changed: only a customer-managed key lets the organization
// decide who may decrypt AI data, audit it apart and revoke or crypto-shred it.
// Mapped to no ISO/IEC 42001 requirement: ISO/IEC 27001:2022 A.8.24 (use of cryptography).
// Read against Prowler s3_bucket_kms_encryption (SSE-KMS, any key) and the AWS Security Hub / Config
// rule s3-default-encryption-kms with a key list. The default encryption rule is the S3 check's
// (checks/rules/bucket-encryption.ts, same GetBucketEncryption call); a key of this account is
// classified by DescribeKey's KeyManager in the key's region (the KMS check's call for a key ID),
// a key of another account is a customer key (AWS managed keys are never shared), and no key or
// alias/aws/s3 is the AWS managed key.
import type { DescribeKeyRequest, DescribeKeyResponse } from '@aws-sdk/client-kms';
import { op } from '../../src/aws/ops.js';
import { defineProbe } from '../../src/engine/probe.js';
import { and, mapEv, T, type Ev, type Tri } from '../../src/engine/evidence.js';
import { aiBuckets, GetBucketEncryption } from '../facts/ai-buckets.js';
import { defaultEncryption, kmsEncrypted, type DefaultEncryption } from '../rules/bucket-encryption.js';
import { keyByName, keyManager, readScopedBuckets, scopedVerdict, type ScopedBuckets } from '../rules/ai-bucket-checks.js';

// The KMS check's call (same operation): a key described there is not described twice.
const DescribeKey = op<DescribeKeyRequest, DescribeKeyResponse>('kms', 'DescribeKey');

interface Read {
  encryption: Ev<DefaultEncryption>;
  /** Set when the key's manager had to be asked. */
  manager?: { key: string; ev: Ev<string | undefined> };
}

export function judgeKey(r: Read, accountId: string): Tri {
  const kms = kmsEncrypted(r.encryption);
  if (kms.v !== 'T' || !r.encryption.known) return kms;
  const byName = keyByName(r.encryption.value.kmsKey, accountId);
  if ('t' in byName) return and(kms, byName.t);
  return r.manager ? and(kms, keyManager(r.manager.key, r.manager.ev)) : and(kms, T());
}

export default defineProbe<ScopedBuckets<Read> & { accountId: string }>({
  id: 's3-ai-customer-managed-keys',
  service: 'Amazon S3 customer-managed keys for AI buckets',
  title: 'Buckets holding AI data are encrypted by default with SSE-KMS under a customer-managed key (not aws/s3)',
  severity: 'medium',
  remediation:
    'Create a customer-managed KMS key (with rotation) for AI data and make it each AI bucket’s default: `aws s3api put-bucket-encryption --bucket … --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"arn:aws:kms:…:key/…"},"BucketKeyEnabled":true}]}\'`; objects written earlier keep their key until copied.',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [GetBucketEncryption, DescribeKey],
  uses: [aiBuckets],
  async collect(ctx) {
    const scoped = await readScopedBuckets(ctx, async (b, at): Promise<Read> => {
      const encryption = mapEv(await ctx.readOrAbsent(GetBucketEncryption, { Bucket: b.name }, at), defaultEncryption);
      if (!encryption.known || !encryption.value.kmsKey) return { encryption };
      const byName = keyByName(encryption.value.kmsKey, ctx.accountId);
      if (!('describe' in byName)) return { encryption };
      const d = await ctx.read(DescribeKey, { KeyId: byName.describe.keyId }, { region: byName.describe.region ?? b.region, resource: encryption.value.kmsKey });
      return { encryption, manager: { key: encryption.value.kmsKey, ev: mapEv(d, (x) => x.KeyMetadata?.KeyManager) } };
    });
    return { ...scoped, accountId: ctx.accountId };
  },
  evaluate(f) {
    return scopedVerdict(f, (r) => judgeKey(r, f.accountId), { criterion: 'encrypted by default under a customer-managed KMS key', short: 'are not encrypted under a customer-managed KMS key' });
  },
});
