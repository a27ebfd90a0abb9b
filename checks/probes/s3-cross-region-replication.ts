// Amazon S3 Cross-Region Replication — A.15 geographic redundancy of AI data and models. probes.md §2.50.
// Each AI bucket (checks/facts/ai-buckets.ts), read in its own region: versioning on and at least
// one enabled replication rule whose destination bucket is in another region.
import type { ReplicationRule } from '@aws-sdk/client-s3';
import { isAbsent } from '../../src/aws/errors.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, error, fail, manual, notApplicable, pass, type CollectContext } from '../../src/engine/probe.js';
import {
  aiBuckets,
  bucketScope,
  GetBucketLocation,
  GetBucketReplication,
  GetBucketVersioning,
  isForeignBucketError,
  regionOfLocation,
  scopeWarnings,
  whyInScope,
  type AiBucket,
} from '../facts/ai-buckets.js';
import { BUCKET_CAP } from './s3.js';

export interface ReplicationTarget {
  rule: string;
  enabled: boolean;
  bucket: string;
  /** Destination region; undefined when it cannot be read (another account's bucket). */
  region?: string;
  account?: string;
  rtc: boolean;
}

export interface ReplicatedBucket {
  name: string;
  arn: string;
  region: string;
  why: string;
  versioning?: string;
  /** null: no replication configuration. */
  targets: ReplicationTarget[] | null;
}

export interface CrrFacts {
  everyBucket: boolean;
  scopeNote: string;
  buckets: ReplicatedBucket[];
  notJudged: number;
  unknown: string[];
  warnings: string[];
}

/** The bucket name of a destination ARN (arn:aws:s3:::name). */
export function destinationName(arnOrName: string | undefined): string {
  if (!arnOrName) return '';
  return arnOrName.startsWith('arn:') ? arnOrName.split(':').slice(5).join(':') : arnOrName;
}

async function targets(ctx: CollectContext, rules: ReplicationRule[], owned: Map<string, string>): Promise<ReplicationTarget[]> {
  return Promise.all(
    rules.map(async (r, i): Promise<ReplicationTarget> => {
      const bucket = destinationName(r.Destination?.Bucket);
      let region = owned.get(bucket);
      if (!region && bucket) {
        try {
          region = regionOfLocation((await ctx.call(GetBucketLocation, { Bucket: bucket })).LocationConstraint);
        } catch (err) {
          // A destination in another account usually refuses GetBucketLocation: region unknown.
          if (!isForeignBucketError(err)) throw err;
        }
      }
      return { rule: r.ID ?? `rule ${i + 1}`, enabled: r.Status === 'Enabled', bucket, region, account: r.Destination?.Account, rtc: r.Destination?.ReplicationTime?.Status === 'Enabled' };
    }),
  );
}

async function readBucket(ctx: CollectContext, b: AiBucket, owned: Map<string, string>): Promise<ReplicatedBucket> {
  const region = { region: b.region };
  const [v, rep] = await Promise.all([ctx.call(GetBucketVersioning, { Bucket: b.name }, region), ctx.callOrAbsent(GetBucketReplication, { Bucket: b.name }, region)]);
  return {
    name: b.name,
    arn: b.arn,
    region: b.region,
    why: whyInScope(b),
    versioning: v.Status,
    targets: isAbsent(rep) ? null : await targets(ctx, rep.ReplicationConfiguration?.Rules ?? [], owned),
  };
}

function judge(b: ReplicatedBucket): ResourceResult {
  const head = `bucket ${b.name} (${b.region}; ${b.why})`;
  const base = { id: b.arn, region: b.region };
  if (b.targets === null) return { ...base, status: 'FAIL', reason: `${head}: no replication configuration` };
  const enabled = b.targets.filter((t) => t.enabled);
  const cross = enabled.filter((t) => t.region && t.region !== b.region);
  const unreadable = enabled.filter((t) => !t.region);
  const gaps: string[] = [];
  if (b.versioning !== 'Enabled') gaps.push(`versioning ${b.versioning ? b.versioning.toLowerCase() : 'never enabled'}`);
  if (enabled.length === 0) gaps.push(`all ${b.targets.length} replication rule(s) disabled`);
  else if (cross.length === 0 && unreadable.length === 0) gaps.push(`replicates only within ${b.region}`);
  if (gaps.length) return { ...base, status: 'FAIL', reason: `${head}: ${gaps.join(', ')}` };
  if (cross.length === 0) return { ...base, status: 'MANUAL', reason: `${head}: replicates to ${unreadable.map((t) => t.bucket).join(', ')}, whose region cannot be read from this account: verify it is another region` };
  const t = cross[0];
  return { ...base, status: 'PASS', reason: `${head}: replicated to ${t.bucket} in ${t.region}${t.account ? ` (account ${t.account})` : ''}${cross.some((c) => c.rtc) ? ', with Replication Time Control' : ''}` };
}

export default defineProbe<CrrFacts>({
  id: 's3-cross-region-replication',
  service: 'Amazon S3 Cross-Region Replication',
  title: 'Buckets holding AI data and models replicate to another region',
  severity: 'medium',
  remediation: 'Enable versioning and add a replication rule to a bucket in another region on each AI data bucket: S3 console → bucket → Management → Replication rules, or `aws s3api put-bucket-versioning` then `put-bucket-replication`.',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [GetBucketVersioning, GetBucketReplication, GetBucketLocation],
  uses: [aiBuckets],
  async collect(ctx) {
    const f = await ctx.use(aiBuckets);
    const scope = bucketScope(f);
    const owned = new Map(f.all.map((b) => [b.name, b.region]));
    const judged = scope.buckets.slice(0, BUCKET_CAP);
    const buckets = await Promise.all(judged.map((b) => readBucket(ctx, b, owned)));
    return { everyBucket: scope.everyBucket, scopeNote: scope.note, buckets, notJudged: scope.buckets.length - judged.length, unknown: f.unknown, warnings: scopeWarnings(f) };
  },
  evaluate(f) {
    const resources = f.buckets.map(judge);
    const warnings = [...f.warnings];
    if (f.everyBucket) warnings.push('no AI-related bucket identified: every bucket was judged; pass --scope-tag key=value to name the AI buckets');
    if (f.notJudged) warnings.push(`${f.notJudged} bucket(s) beyond the first ${BUCKET_CAP} were not judged`);
    const scope = f.everyBucket ? `${f.scopeNote}: ` : '';
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) {
      const code = failing.every((r) => r.reason.endsWith('no replication configuration')) ? 'NOT_ENABLED' : 'MISCONFIGURED';
      return fail(`${scope}${failing.length} of ${resources.length} bucket(s) not replicated to another region: ${failing.slice(0, 3).map((r) => r.reason).join('; ')}${failing.length > 3 ? '; …' : ''}`, code, { resources, warnings });
    }
    if (resources.length === 0) {
      if (f.unknown.length) return error(`no bucket judged and the AI bucket scope could not be read: ${f.unknown.join('; ')}`, { warnings });
      return notApplicable('the account has no S3 buckets', { warnings });
    }
    if (!f.everyBucket && f.unknown.length) return error(`${resources.length} AI bucket(s) replicate, but the AI bucket scope is incomplete: ${f.unknown.join('; ')}`, { resources, warnings });
    const open = resources.filter((r) => r.status === 'MANUAL');
    if (open.length) return manual(`${open.length} bucket(s) replicate to a destination whose region cannot be read: verify it`, { resources, warnings, code: 'PARTIAL' });
    if (f.notJudged) return manual(`${resources.length} bucket(s) replicate across regions; ${f.notJudged} more were not judged (cap ${BUCKET_CAP})`, { resources, warnings, code: 'PARTIAL' });
    return pass(`${scope}all ${resources.length} ${f.everyBucket ? '' : 'AI '}bucket(s) replicate to another region`, { resources, warnings });
  },
});
