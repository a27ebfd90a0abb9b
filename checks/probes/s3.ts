// Amazon S3 — 7.5 documented information and data management. probes.md §2.4.
// Judges the buckets holding AI data (checks/facts/ai-buckets.ts), each in its own region:
// versioning on, SSE-KMS default encryption, an enabled lifecycle rule, public access blocked.
import type {
  GetBucketEncryptionCommandInput,
  GetBucketEncryptionCommandOutput,
  GetBucketLifecycleConfigurationCommandInput,
  GetBucketLifecycleConfigurationCommandOutput,
  GetPublicAccessBlockCommandInput,
  GetPublicAccessBlockCommandOutput,
  PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import type {
  GetPublicAccessBlockCommandInput as GetAccountPublicAccessBlockInput,
  GetPublicAccessBlockCommandOutput as GetAccountPublicAccessBlockOutput,
} from '@aws-sdk/client-s3-control';
import { isAbsent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, error, fail, manual, notApplicable, pass, type CollectContext } from '../../src/engine/probe.js';
import { aiBuckets, bucketScope, GetBucketVersioning, scopeWarnings, whyInScope, type AiBucket } from '../facts/ai-buckets.js';

// IAM action names differ from the operation names here (probes.md §2.4, §8).
const GetBucketEncryption = op<GetBucketEncryptionCommandInput, GetBucketEncryptionCommandOutput>('s3', 'GetBucketEncryption', {
  action: 's3:GetEncryptionConfiguration',
  absent: [{ name: 'ServerSideEncryptionConfigurationNotFoundError' }],
});
const GetBucketLifecycleConfiguration = op<GetBucketLifecycleConfigurationCommandInput, GetBucketLifecycleConfigurationCommandOutput>('s3', 'GetBucketLifecycleConfiguration', {
  action: 's3:GetLifecycleConfiguration',
  absent: [{ name: 'NoSuchLifecycleConfiguration' }],
});
const GetPublicAccessBlock = op<GetPublicAccessBlockCommandInput, GetPublicAccessBlockCommandOutput>('s3', 'GetPublicAccessBlock', {
  action: 's3:GetBucketPublicAccessBlock',
  absent: [{ name: 'NoSuchPublicAccessBlockConfiguration' }],
});
const GetAccountPublicAccessBlock = op<GetAccountPublicAccessBlockInput, GetAccountPublicAccessBlockOutput>('s3control', 'GetPublicAccessBlock', {
  scope: 'global',
  action: 's3:GetAccountPublicAccessBlock',
  absent: [{ name: 'NoSuchPublicAccessBlockConfiguration' }],
});

/** Buckets judged per scan; past this the verdict cannot PASS. */
export const BUCKET_CAP = 500;

type Bpa = Pick<PublicAccessBlockConfiguration, 'BlockPublicAcls' | 'IgnorePublicAcls' | 'BlockPublicPolicy' | 'RestrictPublicBuckets'>;

export interface S3BucketFacts {
  name: string;
  arn: string;
  region: string;
  why: string;
  versioning?: string;
  /** Default encryption algorithm, null when none is configured. */
  sse: string | null;
  kmsKey?: string;
  enabledLifecycleRules: number;
  bpa: Bpa | null;
}

export interface S3Facts {
  everyBucket: boolean;
  scopeNote: string;
  buckets: S3BucketFacts[];
  accountBpa: Bpa | null;
  /** Buckets in scope but not judged (cap). */
  notJudged: number;
  unknown: string[];
  warnings: string[];
}

const fullyBlocked = (b: Bpa | null): boolean => !!b && b.BlockPublicAcls === true && b.IgnorePublicAcls === true && b.BlockPublicPolicy === true && b.RestrictPublicBuckets === true;

function judge(b: S3BucketFacts, accountBpa: Bpa | null): ResourceResult & { warn?: string } {
  const gaps: string[] = [];
  if (b.versioning !== 'Enabled') gaps.push(`versioning ${b.versioning ? b.versioning.toLowerCase() : 'never enabled'}`);
  if (!b.sse) gaps.push('no default encryption');
  else if (b.sse !== 'aws:kms' && b.sse !== 'aws:kms:dsse' && b.sse !== 'AES256') gaps.push(`default encryption ${b.sse}`);
  if (b.enabledLifecycleRules === 0) gaps.push('no enabled lifecycle rule');
  if (!fullyBlocked(b.bpa) && !fullyBlocked(accountBpa)) gaps.push('public access not fully blocked (bucket or account)');
  const head = `bucket ${b.name} (${b.region}; ${b.why})`;
  const warn = b.sse === 'AES256' ? `bucket ${b.name}: SSE-S3 (AES256) only; SSE-KMS is recommended for AI data` : undefined;
  if (gaps.length) return { id: b.arn, region: b.region, status: 'FAIL', reason: `${head}: ${gaps.join(', ')}`, warn };
  const enc = b.sse === 'AES256' ? 'SSE-S3' : b.sse === 'aws:kms:dsse' ? 'DSSE-KMS' : 'SSE-KMS';
  return { id: b.arn, region: b.region, status: 'PASS', reason: `${head}: versioning on, ${enc}, ${b.enabledLifecycleRules} lifecycle rule(s), public access blocked`, warn };
}

async function readBucket(ctx: CollectContext, b: AiBucket): Promise<S3BucketFacts> {
  const region = { region: b.region };
  const [v, enc, lc, bpa] = await Promise.all([
    ctx.call(GetBucketVersioning, { Bucket: b.name }, region),
    ctx.callOrAbsent(GetBucketEncryption, { Bucket: b.name }, region),
    ctx.callOrAbsent(GetBucketLifecycleConfiguration, { Bucket: b.name }, region),
    ctx.callOrAbsent(GetPublicAccessBlock, { Bucket: b.name }, region),
  ]);
  const rule = isAbsent(enc) ? undefined : enc.ServerSideEncryptionConfiguration?.Rules?.find((r) => r.ApplyServerSideEncryptionByDefault)?.ApplyServerSideEncryptionByDefault;
  return {
    name: b.name,
    arn: b.arn,
    region: b.region,
    why: whyInScope(b),
    versioning: v.Status,
    sse: rule?.SSEAlgorithm ?? null,
    kmsKey: rule?.KMSMasterKeyID,
    enabledLifecycleRules: isAbsent(lc) ? 0 : (lc.Rules ?? []).filter((r) => r.Status === 'Enabled').length,
    bpa: isAbsent(bpa) ? null : (bpa.PublicAccessBlockConfiguration ?? null),
  };
}

async function collectS3(ctx: CollectContext): Promise<S3Facts> {
  const f = await ctx.use(aiBuckets);
  const scope = bucketScope(f);
  const judged = scope.buckets.slice(0, BUCKET_CAP);
  const [account, buckets] = await Promise.all([
    ctx.callOrAbsent(GetAccountPublicAccessBlock, { AccountId: ctx.accountId }),
    Promise.all(judged.map((b) => readBucket(ctx, b))),
  ]);
  return {
    everyBucket: scope.everyBucket,
    scopeNote: scope.note,
    buckets,
    accountBpa: isAbsent(account) ? null : (account.PublicAccessBlockConfiguration ?? null),
    notJudged: scope.buckets.length - judged.length,
    unknown: f.unknown,
    warnings: scopeWarnings(f),
  };
}

export default defineProbe<S3Facts>({
  id: 's3',
  service: 'Amazon S3',
  title: 'Buckets holding AI data are versioned, SSE-KMS encrypted, under lifecycle rules and not public',
  severity: 'high',
  remediation: 'On each AI data bucket enable versioning, default SSE-KMS encryption, a lifecycle rule and Block Public Access: S3 console → bucket → Properties / Management / Permissions, or `aws s3api put-bucket-versioning`, `put-bucket-encryption`, `put-bucket-lifecycle-configuration`, `put-public-access-block` (account-wide: `aws s3control put-public-access-block`).',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [GetBucketVersioning, GetBucketEncryption, GetBucketLifecycleConfiguration, GetPublicAccessBlock, GetAccountPublicAccessBlock],
  uses: [aiBuckets],
  collect: collectS3,
  evaluate(f) {
    const judged = f.buckets.map((b) => judge(b, f.accountBpa));
    const resources: ResourceResult[] = judged.map(({ warn: _w, ...r }) => r);
    const warnings = [...f.warnings, ...judged.map((j) => j.warn).filter((w): w is string => !!w)];
    if (fullyBlocked(f.accountBpa)) warnings.push('account-level Block Public Access is fully on');
    if (f.everyBucket) warnings.push('no AI-related bucket identified: every bucket was judged; pass --scope-tag key=value to name the AI buckets');
    if (f.notJudged) warnings.push(`${f.notJudged} bucket(s) beyond the first ${BUCKET_CAP} were not judged`);
    const failing = resources.filter((r) => r.status === 'FAIL');
    const scope = f.everyBucket ? `${f.scopeNote}: ` : '';
    if (failing.length) {
      return fail(`${scope}${failing.length} of ${resources.length} bucket(s) fall short: ${failing.slice(0, 3).map((r) => r.reason).join('; ')}${failing.length > 3 ? '; …' : ''}`, 'MISCONFIGURED', { resources, warnings });
    }
    if (resources.length === 0) {
      if (f.unknown.length) return error(`no bucket judged and the AI bucket scope could not be read: ${f.unknown.join('; ')}`, { warnings });
      return notApplicable('the account has no S3 buckets', { warnings });
    }
    // Found AI buckets pass, but an unreadable source may hide others: not provable.
    if (!f.everyBucket && f.unknown.length) return error(`${resources.length} AI bucket(s) pass, but the AI bucket scope is incomplete: ${f.unknown.join('; ')}`, { resources, warnings });
    if (f.notJudged) return manual(`${resources.length} bucket(s) judged pass; ${f.notJudged} more were not judged (cap ${BUCKET_CAP})`, { resources, warnings, code: 'PARTIAL' });
    return pass(`${scope}all ${resources.length} ${f.everyBucket ? '' : 'AI '}bucket(s) versioned, encrypted, under lifecycle rules and not public`, { resources, warnings });
  },
});
