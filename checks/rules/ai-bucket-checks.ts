// What the one-criterion AI bucket checks share (TLS-only policy, customer-managed SSE-KMS): the
// scope of the S3 probe (checks/facts/ai-buckets.ts bucketScope, its cap and warnings), one set of
// reads per bucket in the bucket's region, and the verdict over buckets with the scope's unknowns.
// Plus the rules themselves: a bucket policy that denies insecure transport, and a KMS key that is
// the customer's.
import type { Verdict } from '../../src/model.js';
import type { CollectContext } from '../../src/engine/probe.js';
import { F, T, U, type Ev, type Tri } from '../../src/engine/evidence.js';
import { aiBuckets, bucketScope, scopeWarnings, whyInScope, type AiBucket, type BucketScope } from '../facts/ai-buckets.js';
import { BUCKET_CAP } from '../probes/s3.js';
import { verdictOver, type Judged } from './per-resource.js';

export interface ScopedBuckets<R> {
  scope: Omit<BucketScope, 'buckets'>;
  buckets: { name: string; arn: string; region: string; why: string; read: R }[];
  notJudged: number;
  warnings: string[];
}

/** The S3 probe's bucket scope, each bucket read with `read` (at its region, naming it in causes). */
export async function readScopedBuckets<R>(ctx: CollectContext, read: (b: AiBucket, at: { region: string; resource: string }) => Promise<R>): Promise<ScopedBuckets<R>> {
  const f = await ctx.use(aiBuckets);
  const { buckets: inScope, ...scope } = bucketScope(f);
  const judged = inScope.slice(0, BUCKET_CAP);
  const buckets = await Promise.all(judged.map(async (b) => ({ name: b.name, arn: b.arn, region: b.region, why: whyInScope(b), read: await read(b, { region: b.region, resource: b.arn }) })));
  return { scope, buckets, notJudged: inScope.length - judged.length, warnings: scopeWarnings(f) };
}

/** The verdict over the scoped buckets, with the S3 probe's wording of the scope. */
export function scopedVerdict<R>(f: ScopedBuckets<R>, judge: (read: R) => Tri, what: { criterion: string; short: string }): Verdict {
  const judged: Judged[] = f.buckets.map((b) => ({ id: b.arn, region: b.region, name: b.name, label: `bucket ${b.name} (${b.region}; ${b.why})`, t: judge(b.read) }));
  const warnings = [...f.warnings];
  const every = f.scope.everyBucket;
  if (every) warnings.push('no AI-related bucket identified: every bucket was judged; pass --scope-tag key=value to name the AI buckets');
  if (f.notJudged) warnings.push(`${f.notJudged} bucket(s) beyond the first ${BUCKET_CAP} were not judged`);
  const noun = every ? 'bucket(s)' : 'AI bucket(s)';
  return verdictOver(
    judged,
    {
      noun,
      prefix: every ? `${f.scope.note}: ` : '',
      pass: (n) => `all ${n} ${noun} ${what.criterion}`,
      fail: (k, n) => `${k} of ${n} bucket(s) ${what.short}`,
      incomplete: every ? 'the bucket list is incomplete' : 'the AI bucket scope is incomplete',
      code: 'MISCONFIGURED',
      none: 'the account has no S3 buckets',
    },
    { rest: f.scope.rest, scopeCauses: f.scope.scopeCauses, notJudged: f.notJudged, capNote: `cap ${BUCKET_CAP}`, extra: { warnings } },
  );
}

// ---- TLS only ----------------------------------------------------------------------------------

type Statement = { Effect?: string; Principal?: unknown; NotPrincipal?: unknown; Action?: unknown; NotAction?: unknown; Resource?: unknown; NotResource?: unknown; Condition?: Record<string, Record<string, unknown>> };

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** IAM-style wildcard match (`*` any run, `?` one character), case-sensitive as ARNs are. */
export function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(value);
}

function everyone(p: unknown): boolean {
  if (p === '*') return true;
  if (p && typeof p === 'object') return list((p as { AWS?: unknown }).AWS).includes('*');
  return false;
}

function insecureTransportCondition(c: Statement['Condition']): boolean {
  return ['Bool', 'BoolIfExists'].some((op) => {
    const block = c?.[op];
    if (!block) return false;
    const key = Object.keys(block).find((k) => k.toLowerCase() === 'aws:securetransport');
    return !!key && list(block[key]).some((v) => String(v).toLowerCase() === 'false');
  });
}

/**
 * Whether a bucket policy denies every request over plain HTTP: a Deny for every principal, on
 * every S3 action (s3:* or *), on the bucket's objects, under aws:SecureTransport false. Prowler
 * also accepts a Deny of s3:PutObject alone, which leaves reads over HTTP open; this does not.
 */
export function deniesInsecureTransport(policy: string | undefined, bucketArn: string): Tri {
  if (!policy) return F('no bucket policy: requests over HTTP are not refused');
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(policy) as { Statement?: unknown };
  } catch {
    return F('bucket policy is not valid JSON');
  }
  const ok = list(doc.Statement).some((raw) => {
    const s = raw as Statement;
    if (s.Effect !== 'Deny' || s.NotPrincipal !== undefined || s.NotAction !== undefined || s.NotResource !== undefined) return false;
    if (!everyone(s.Principal)) return false;
    if (!list(s.Action).some((a) => a === '*' || a === 's3:*')) return false;
    if (!list(s.Resource).some((r) => typeof r === 'string' && wildcard(r, `${bucketArn}/any-object`))) return false;
    return insecureTransportCondition(s.Condition);
  });
  return ok ? T('bucket policy denies requests without TLS (aws:SecureTransport false)') : F('bucket policy has no Deny of s3:* for everyone under aws:SecureTransport false');
}

// ---- customer-managed keys -----------------------------------------------------------------------

/** The key a bucket names, classified as far as its name tells; `describe` when DescribeKey must say. */
export function keyByName(key: string | undefined, accountId: string): { t: Tri } | { describe: { keyId: string; region?: string } } {
  if (!key) return { t: F('SSE-KMS with the AWS managed key aws/s3 (no key named)') };
  if (/(^|:)alias\/aws\//.test(key)) return { t: F(`SSE-KMS with the AWS managed key ${key}`) };
  const arn = /^arn:aws[a-z-]*:kms:([^:]+):(\d{12}):(key|alias)\/(.+)$/.exec(key);
  // AWS managed keys never belong to another account: a key elsewhere is that account's customer key.
  if (arn && arn[2] !== accountId) return { t: T(`customer-managed key in account ${arn[2]} (${key})`) };
  if (arn) return { describe: { keyId: arn[3] === 'key' ? arn[4] : key, region: arn[1] } };
  return { describe: { keyId: key } };
}

/** DescribeKey's KeyManager for a key of this account. */
export function keyManager(key: string, manager: Ev<string | undefined>): Tri {
  if (!manager.known) return U(manager.causes, `who manages key ${key}`);
  if (manager.value === 'CUSTOMER') return T(`customer-managed key ${key}`);
  return F(`key ${key} is ${manager.value === 'AWS' ? 'AWS managed' : `managed by ${manager.value ?? 'unknown'}`}, not customer-managed`);
}
