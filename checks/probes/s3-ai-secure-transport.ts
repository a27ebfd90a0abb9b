// AI buckets refuse plain HTTP — extension (issue 19). A bucket policy denies every request whose
// aws:SecureTransport is false, so AI data and model artefacts never travel unencrypted (S3 user
// guide, "Enforce encryption in transit"; AWS Config s3-bucket-ssl-requests-only).
// Mapped to no ISO/IEC 42001 requirement: information security of AI data, ISO/IEC 27001:2022 A.8.24.
// Read against Prowler s3_bucket_secure_transport_policy (Deny with Bool aws:SecureTransport
// "false" on s3:PutObject, s3:* or *). Stricter: the Deny must cover every S3 action (s3:* or *)
// for every principal on the bucket's objects; a Deny of writes alone leaves reads over HTTP.
// Same scope as the S3 check (the AI buckets, else every bucket); GetBucketPolicy in the bucket's
// region; no policy (NoSuchBucketPolicy) fails.
import type { GetBucketPolicyCommandInput, GetBucketPolicyCommandOutput } from '@aws-sdk/client-s3';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import { defineProbe } from '../../src/engine/probe.js';
import { U, type Ev, type Tri } from '../../src/engine/evidence.js';
import { aiBuckets } from '../facts/ai-buckets.js';
import { deniesInsecureTransport, readScopedBuckets, scopedVerdict, type ScopedBuckets } from '../rules/ai-bucket-checks.js';

export const GetBucketPolicy = op<GetBucketPolicyCommandInput, GetBucketPolicyCommandOutput>('s3', 'GetBucketPolicy', { absent: [{ name: 'NoSuchBucketPolicy' }] });

type Facts = ScopedBuckets<{ arn: string; policy: Ev<GetBucketPolicyCommandOutput | Absent> }>;

export default defineProbe<Facts>({
  id: 's3-ai-secure-transport',
  service: 'Amazon S3 TLS-only AI buckets',
  title: 'Buckets holding AI data deny requests that do not use TLS',
  severity: 'medium',
  remediation:
    'Add to each AI bucket policy a statement {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::BUCKET","arn:aws:s3:::BUCKET/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}: S3 console → bucket → Permissions → Bucket policy, or `aws s3api put-bucket-policy`.',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [GetBucketPolicy],
  uses: [aiBuckets],
  async collect(ctx) {
    return readScopedBuckets(ctx, async (b, at) => ({ arn: b.arn, policy: await ctx.readOrAbsent(GetBucketPolicy, { Bucket: b.name }, at) }));
  },
  evaluate(f) {
    const judge = (r: Facts['buckets'][number]['read']): Tri => (r.policy.known ? deniesInsecureTransport(isAbsent(r.policy.value) ? undefined : r.policy.value.Policy, r.arn) : U(r.policy.causes, 'bucket policy'));
    return scopedVerdict(f, judge, { criterion: 'deny requests without TLS', short: 'accept requests without TLS' });
  },
});
