// Amazon S3 — 7.5 documented information and data management. probes.md §2.4.
// Judges the buckets holding AI data (checks/facts/ai-buckets.ts), each in its own region:
// versioning on, default encryption under a KMS key (SSE-KMS or DSSE-KMS; checks/rules/
// bucket-encryption.ts says why SSE-S3 is not enough), an enabled lifecycle rule, and public
// access blocked by the effective account + bucket Block Public Access (checks/rules/public-access.ts).
// Each bucket is judged on its own reads (partial-evidence.md §3.3): a bucket whose reads fail is
// an ERROR resource beside the others, and the probe is the AND over the buckets.
import type {
  GetBucketLifecycleConfigurationCommandInput,
  GetBucketLifecycleConfigurationCommandOutput,
  GetBucketVersioningCommandOutput,
  GetPublicAccessBlockCommandInput,
  GetPublicAccessBlockCommandOutput,
} from '@aws-sdk/client-s3';
import type {
  GetPublicAccessBlockCommandInput as GetAccountPublicAccessBlockInput,
  GetPublicAccessBlockCommandOutput as GetAccountPublicAccessBlockOutput,
} from '@aws-sdk/client-s3-control';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import { defineProbe, startNow } from '../../src/engine/probe.js';
import { and, mapEv, test, type Ev, type Tri } from '../../src/engine/evidence.js';
import { aiBucketLocations, aiBuckets, bucketScope, GetBucketEncryption, GetBucketVersioning, scopeWarnings, whyInScope, type BucketScope } from '../facts/ai-buckets.js';
import { defaultEncryption, kmsEncrypted, type DefaultEncryption } from '../rules/bucket-encryption.js';
import { verdictOver, type Judged } from '../rules/per-resource.js';
import { accountFullyBlocks, publicAccessBlocked, type BpaAnswer } from '../rules/public-access.js';
import { versioned } from '../rules/versioning.js';

// IAM action names differ from the operation names here (probes.md §2.4, §8).
const GetBucketLifecycleConfiguration = op<GetBucketLifecycleConfigurationCommandInput, GetBucketLifecycleConfigurationCommandOutput>('s3', 'GetBucketLifecycleConfiguration', {
  action: 's3:GetLifecycleConfiguration',
  absent: [{ name: 'NoSuchLifecycleConfiguration' }],
});
const GetPublicAccessBlock = op<GetPublicAccessBlockCommandInput, GetPublicAccessBlockCommandOutput>('s3', 'GetPublicAccessBlock', {
  action: 's3:GetBucketPublicAccessBlock',
  absent: [{ name: 'NoSuchPublicAccessBlockConfiguration' }],
});
export const GetAccountPublicAccessBlock = op<GetAccountPublicAccessBlockInput, GetAccountPublicAccessBlockOutput>('s3control', 'GetPublicAccessBlock', {
  scope: 'global',
  action: 's3:GetAccountPublicAccessBlock',
  absent: [{ name: 'NoSuchPublicAccessBlockConfiguration' }],
});

/** Buckets judged per scan (by name); past this the verdict cannot PASS. */
export const BUCKET_CAP = 500;

export interface S3BucketFacts {
  name: string;
  arn: string;
  region: string;
  why: string;
  versioning: Ev<GetBucketVersioningCommandOutput>;
  encryption: Ev<DefaultEncryption>;
  /** Enabled lifecycle rules. */
  lifecycle: Ev<number>;
  bpa: Ev<BpaAnswer>;
}

export interface S3Facts {
  scope: Omit<BucketScope, 'buckets'>;
  buckets: S3BucketFacts[];
  accountBpa: Ev<GetAccountPublicAccessBlockOutput | Absent>;
  /** Buckets in scope but not judged (cap). */
  notJudged: number;
  warnings: string[];
}

const enabledRules = (lc: GetBucketLifecycleConfigurationCommandOutput | Absent) => (isAbsent(lc) ? 0 : (lc.Rules ?? []).filter((r) => r.Status === 'Enabled').length);

/** One bucket against the four 7.5 criteria. */
export function judgeBucket(b: S3BucketFacts, accountBpa: Ev<BpaAnswer>): Tri {
  return and(
    versioned(b.versioning),
    kmsEncrypted(b.encryption),
    test(b.lifecycle, (n) => n > 0, (n) => `${n} lifecycle rule(s)`, 'no enabled lifecycle rule', 'lifecycle rules'),
    publicAccessBlocked(accountBpa, b.bpa),
  );
}

export default defineProbe<S3Facts>({
  id: 's3',
  service: 'Amazon S3',
  title: 'Buckets holding AI data are versioned, SSE-KMS encrypted, under lifecycle rules and not public',
  severity: 'high',
  remediation: 'On each AI data bucket enable versioning, default SSE-KMS encryption, a lifecycle rule and Block Public Access: S3 console → bucket → Properties / Management / Permissions, or `aws s3api put-bucket-versioning`, `put-bucket-encryption` (SSEAlgorithm aws:kms), `put-bucket-lifecycle-configuration`, `put-public-access-block` (account-wide: `aws s3control put-public-access-block`).',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [GetBucketVersioning, GetBucketEncryption, GetBucketLifecycleConfiguration, GetPublicAccessBlock, GetAccountPublicAccessBlock],
  uses: [aiBuckets, aiBucketLocations],
  async collect(ctx) {
    // Read beside the scope (never waited for before the bucket reads): see aiBucketLocations.
    const located = startNow(ctx.use(aiBucketLocations));
    const accountBpaP = ctx.readOrAbsent(GetAccountPublicAccessBlock, { AccountId: ctx.accountId });
    const f = await ctx.use(aiBuckets);
    const { buckets: inScope, ...scope } = bucketScope(f);
    const judged = inScope.slice(0, BUCKET_CAP);
    // Every read is made whatever the others answer: the calls depend on the scope alone.
    const [accountBpa, buckets] = await Promise.all([
      accountBpaP,
      Promise.all(
        judged.map(async (b): Promise<S3BucketFacts> => {
          const at = { region: b.region, resource: b.arn };
          const [versioning, encryption, lifecycle, bpa] = await Promise.all([
            ctx.read(GetBucketVersioning, { Bucket: b.name }, at),
            ctx.readOrAbsent(GetBucketEncryption, { Bucket: b.name }, at),
            ctx.readOrAbsent(GetBucketLifecycleConfiguration, { Bucket: b.name }, at),
            ctx.readOrAbsent(GetPublicAccessBlock, { Bucket: b.name }, at),
          ]);
          return { name: b.name, arn: b.arn, region: b.region, why: whyInScope(b), versioning, encryption: mapEv(encryption, defaultEncryption), lifecycle: mapEv(lifecycle, enabledRules), bpa };
        }),
      ),
    ]);
    await located;
    return { scope, buckets, accountBpa, notJudged: inScope.length - judged.length, warnings: scopeWarnings(f) };
  },
  evaluate(f) {
    const judged: Judged[] = f.buckets.map((b) => ({ id: b.arn, region: b.region, name: b.name, label: `bucket ${b.name} (${b.region}; ${b.why})`, t: judgeBucket(b, f.accountBpa) }));
    const warnings = [...f.warnings];
    if (accountFullyBlocks(f.accountBpa)) warnings.push('account-level Block Public Access is fully on');
    if (f.scope.everyBucket) warnings.push('no AI-related bucket identified: every bucket was judged; pass --scope-tag key=value to name the AI buckets');
    if (f.notJudged) warnings.push(`${f.notJudged} bucket(s) beyond the first ${BUCKET_CAP} were not judged`);
    const every = f.scope.everyBucket;
    const noun = every ? 'bucket(s)' : 'AI bucket(s)';
    return verdictOver(
      judged,
      {
        noun,
        prefix: every ? `${f.scope.note}: ` : '',
        pass: (n) => `all ${n} ${noun} versioned, SSE-KMS encrypted, under lifecycle rules and not public`,
        fail: (k, n) => `${k} of ${n} bucket(s) fall short`,
        incomplete: every ? 'the bucket list is incomplete' : 'the AI bucket scope is incomplete',
        code: 'MISCONFIGURED',
        none: 'the account has no S3 buckets',
      },
      { rest: f.scope.rest, scopeCauses: f.scope.scopeCauses, notJudged: f.notJudged, capNote: `cap ${BUCKET_CAP}`, extra: { warnings } },
    );
  },
});
