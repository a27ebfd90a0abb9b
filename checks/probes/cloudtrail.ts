// AWS CloudTrail — A.11 forensic trail, A.12 tamper-evident audit logging. probes.md §2.40.
// A.11: a multi-region trail that is logging the management events an AI audit needs (Bedrock,
// SageMaker, KMS; read and write), or an enabled multi-region CloudTrail Lake store that does.
// A.12: such a trail (stores never count) with log file validation, SSE-KMS, and a tamper-resistant
// copy: a CloudWatch Logs copy, or a bucket whose Object Lock has a default retention.
// Decided on partial evidence (shared/design/partial-evidence.md §3.1): one proven trail passes
// whatever else could not be read; an organization trail seen from a member account is judged on
// its DescribeTrails fields, and what only its owner can answer is left to verify there (MANUAL).
import type { GetObjectLockConfigurationCommandInput, GetObjectLockConfigurationCommandOutput } from '@aws-sdk/client-s3';
import { isAbsent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import { and, describeCauses, F, fact, known, or, some, T, U, unknown, type Cause, type Ev, type Tri } from '../../src/engine/evidence.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, pass, resourceOf, undecided, type CollectContext, type EvalContext } from '../../src/engine/probe.js';
import { accountBuckets, bucketArn, GetBucketLocation, regionOfLocation, type AccountBuckets } from '../facts/ai-buckets.js';
import { cloudtrailInventory, isOwnerOnly, type CloudTrailInventory, type DataStoreState, type OwnerOnly, type TrailState } from '../facts/cloudtrail-trails.js';
import { logsAiDataEvents, managementEventCoverage } from '../rules/cloudtrail-events.js';
import { lockProtects, objectLockState, type ObjectLockState } from '../rules/object-lock.js';

// Same declaration as checks/probes/s3-object-lock.ts, so both share the call.
const GetObjectLockConfiguration = op<GetObjectLockConfigurationCommandInput, GetObjectLockConfigurationCommandOutput>('s3', 'GetObjectLockConfiguration', {
  action: 's3:GetBucketObjectLockConfiguration',
  absent: [{ name: 'ObjectLockConfigurationNotFoundError' }],
});

/** A trail bucket's Object Lock as read, or "in another account" (not readable from here). */
export type BucketLock = { state: ObjectLockState } | { foreign: string };

export interface CloudTrailFacts extends Omit<CloudTrailInventory, 'trails'> {
  /** Per bucket of a trail without a CloudWatch Logs copy. */
  locks: Record<string, Ev<BucketLock>>;
}

/** Answers that say the bucket is not this account's (log-archive account) or gone. */
const FOREIGN_ANSWER = /NoSuchBucket|PermanentRedirect|MovedPermanently|\b301\b/;

function outOfReach(causes: readonly Cause[]): boolean {
  return causes.length > 0 && causes.every((c) => c.kind === 'denied' || FOREIGN_ANSWER.test(c.detail));
}

/**
 * Object Lock of one trail bucket. Read wherever it answers; when it does not, only a bucket the
 * complete ListBuckets does not show, refused as denied/NoSuchBucket/301, is another account's.
 * An own bucket that refuses is Unknown (cause), never "out of reach".
 */
async function readLock(ctx: CollectContext, name: string, account: AccountBuckets): Promise<Ev<BucketLock>> {
  const arn = bucketArn(ctx.partition, name);
  const own = account.buckets.find((b) => b.name === name);
  const notOurs = (causes: Cause[]): Ev<BucketLock> => {
    if (!own && account.complete && outOfReach(causes)) return known({ foreign: `${describeCauses(causes, 1)}` });
    return unknown(own ? causes : [...causes, ...account.causes]);
  };
  let region = own?.region;
  if (!region) {
    const loc = await ctx.read(GetBucketLocation, { Bucket: name }, { resource: arn });
    if (!loc.known) return notOurs(loc.causes);
    region = regionOfLocation(loc.value.LocationConstraint);
  }
  const lock = await ctx.readOrAbsent(GetObjectLockConfiguration, { Bucket: name }, { region, resource: arn });
  if (!lock.known) return notOurs(lock.causes);
  return known({ state: objectLockState(lock.value) });
}

// ---- judging -----------------------------------------------------------------------------------

/** A part of a trail that may be unknown (a failed call) or answered only to its owner. */
function part<V>(t: TrailState, e: Ev<V | OwnerOnly>, ok: (v: V) => boolean, yes: string, no: (v: V) => string, what: string): Tri {
  if (!e.known) return U(e.causes, `${what} of trail ${t.name} not read`);
  if (isOwnerOnly(e.value)) return U([], `${what} of organization trail ${t.name} is answered only to its owner (account ${t.owner}): verify in the management account`);
  const v = e.value as V;
  return ok(v) ? T(yes) : F(no(v));
}

function tamperResistant(t: TrailState, locks: Record<string, Ev<BucketLock>>): Tri {
  if (t.trail.CloudWatchLogsLogGroupArn) return T('CloudWatch Logs copy');
  const bucket = t.trail.S3BucketName;
  const lock = bucket ? locks[bucket] : undefined;
  if (!bucket || !lock) return F('no CloudWatch Logs copy and no S3 bucket');
  if (!lock.known) return U(lock.causes, `Object Lock of trail bucket ${bucket} not read`);
  if ('foreign' in lock.value) return U([], 'the multi-region trail delivers to a bucket in another account: verify its Object Lock there');
  const r = lockProtects(lock.value.state);
  return r.ok ? T(`bucket ${r.why}`) : F(`no CloudWatch Logs copy and its bucket has ${r.why}`);
}

/** One trail against the control's criteria; the order of the parts is the order gaps are named in. */
export function judgeTrail(t: TrailState, control: string, locks: Record<string, Ev<BucketLock>>): Tri {
  const parts: Tri[] = [
    part(t, t.status, (s) => s.isLogging, 'logging', () => 'not logging', 'whether it is logging'),
    fact(t.trail.IsMultiRegionTrail === true, 'multi-region', 'single-region'),
    part(t, t.selectors, (s) => managementEventCoverage(s).ok, 'all management events', (s) => managementEventCoverage(s).gaps.join(', '), 'which events it logs'),
  ];
  if (control === 'A.12') {
    parts.push(fact(t.trail.LogFileValidationEnabled === true, 'validated', 'log file validation off'));
    parts.push(fact(!!t.trail.KmsKeyId, 'KMS-encrypted', 'not encrypted with KMS'));
    parts.push(tamperResistant(t, locks));
  }
  // A delivery error fails a trail whose status was read; an unread status is already undecided above.
  const st = t.status.known && !isOwnerOnly(t.status.value) ? t.status.value : undefined;
  if (st?.latestDeliveryError) parts.push(F(`delivery error ${st.latestDeliveryError}`));
  return andAll(parts);
}

/** Kleene AND that keeps only distinct reasons. */
function andAll(parts: Tri[]): Tri {
  const fs = parts.filter((p) => p.v === 'F');
  if (fs.length) return F(uniq(fs.flatMap((p) => p.why)));
  const us = parts.filter((p) => p.v === 'U');
  if (us.length) return U(us.flatMap((p) => (p.v === 'U' ? p.causes : [])), uniq(us.flatMap((p) => p.why)));
  return T(parts.flatMap((p) => p.why));
}

const uniq = (xs: string[]) => [...new Set(xs)];

export function judgeStore(s: DataStoreState): Tri {
  const cov = managementEventCoverage({ advancedEventSelectors: s.advancedEventSelectors });
  return andAll([
    fact(s.status === 'ENABLED', 'enabled', `status ${s.status ?? 'unknown'}`),
    fact(s.multiRegion, 'multi-region', 'single-region'),
    cov.ok ? T('management events') : F(cov.gaps.join(', ')),
  ]);
}

/** A trail or store result: unknown parts that no call from here can answer make it MANUAL, not ERROR. */
function resultOf(id: string, region: string | undefined, t: Tri, label: string, passText: string): ResourceResult {
  if (t.v === 'T') return { id, region, status: 'PASS', reason: `${label}: ${passText}` };
  if (t.v === 'U' && t.causes.length === 0) return { id, region, status: 'MANUAL', reason: `${label}: ${t.why.join('; ')}` };
  return resourceOf(id, region, t, label);
}

function passText(control: string): string {
  return `multi-region, logging all management events${control === 'A.12' ? ', validated, KMS-encrypted, tamper-resistant copy' : ''}`;
}

function warningsOf(f: CloudTrailFacts, ctx: EvalContext, decided: boolean): string[] {
  const w: string[] = f.skippedRegions.map((r) => `trails not listed in ${r}`);
  if (f.vanished.length) w.push(`trail(s) deleted during the scan: ${f.vanished.join(', ')}`);
  if (decided && !f.trailList.complete) w.push(`single-region trails not listed: ${describeCauses(f.trailList.causes)}`);
  if (ctx.control === 'A.11' && decided && !f.dataStores.complete) w.push(`event data stores not listed: ${describeCauses(f.dataStores.causes)}`);
  // Said under A.11 too: the reads are the probe's own, made once for both controls.
  if (decided) {
    for (const [b, lock] of Object.entries(f.locks)) if (!lock.known) w.push(`Object Lock of trail bucket ${b} not read: ${describeCauses(lock.causes)}`);
    for (const [b, lock] of Object.entries(f.locks)) if (lock.known && 'foreign' in lock.value) w.push(`trail bucket ${b} is not this account's (${lock.value.foreign}): its Object Lock is verified there`);
  }
  // Reported, not judged: AWS does not say whether a later delivery clears it.
  for (const t of f.trailList.items) {
    const st = t.status.known && !isOwnerOnly(t.status.value) ? t.status.value : undefined;
    if (t.trail.CloudWatchLogsLogGroupArn && st?.latestCloudWatchLogsDeliveryError) w.push(`trail ${t.name}: last CloudWatch Logs delivery error ${st.latestCloudWatchLogsDeliveryError}`);
  }
  const notes = new Set<string>();
  for (const t of f.trailList.items) if (t.selectors.known && !isOwnerOnly(t.selectors.value)) for (const n of managementEventCoverage(t.selectors.value).notes) notes.add(`trail ${t.name}: ${n}`);
  w.push(...notes);
  const aiData = some(f.trailList, (t) => and(part(t, t.status, (s) => s.isLogging, 'logging', () => 'not logging', 'whether it is logging'), part(t, t.selectors, logsAiDataEvents, 'AI data events', () => 'no AI data events', 'which events it logs')));
  if (aiData.v === 'F') w.push('no trail logs data events for Bedrock or SageMaker resources');
  return w;
}

export default defineProbe<CloudTrailFacts>({
  id: 'cloudtrail',
  service: 'AWS CloudTrail',
  title: 'A multi-region CloudTrail trail logs all management events (A.12: validated, encrypted, tamper-resistant)',
  severity: 'high',
  remediation:
    'Create or fix a multi-region trail that logs read and write management events (without excluding Bedrock, SageMaker or KMS), with log file validation, SSE-KMS and a CloudWatch Logs copy or an Object Lock bucket with a default retention: console CloudTrail → Trails, or `aws cloudtrail create-trail --is-multi-region-trail --enable-log-file-validation --kms-key-id …` then `start-logging`.',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [GetBucketLocation, GetObjectLockConfiguration],
  uses: [cloudtrailInventory, accountBuckets],
  async collect(ctx) {
    const [inv, account] = await Promise.all([ctx.use(cloudtrailInventory), ctx.use(accountBuckets)]);
    // Object Lock matters only for a trail without a CloudWatch Logs copy (A.12).
    const buckets = [...new Set(inv.trailList.items.filter((t) => !t.trail.CloudWatchLogsLogGroupArn && t.trail.S3BucketName).map((t) => t.trail.S3BucketName as string))].sort();
    const locks = Object.fromEntries(await Promise.all(buckets.map(async (b) => [b, await readLock(ctx, b, account)] as const)));
    return { trailList: inv.trailList, multiRegionTrails: inv.multiRegionTrails, dataStores: inv.dataStores, vanished: inv.vanished, skippedRegions: inv.skippedRegions, locks };
  },
  evaluate(f, ctx) {
    const judged = f.trailList.items.map((t) => ({ t, j: judgeTrail(t, ctx.control, f.locks) }));
    const of = new Map(judged.map(({ t, j }) => [t.arn, j]));
    const resources: ResourceResult[] = judged.map(({ t, j }) => resultOf(t.arn, t.homeRegion, j, `trail ${t.name}`, passText(ctx.control)));
    const stores = ctx.control === 'A.11' ? f.dataStores.items.map((s) => ({ s, j: judgeStore(s) })) : [];
    for (const { s, j } of stores) resources.push(resultOf(s.arn, s.region, j, `event data store ${s.name ?? s.arn}`, 'enabled, multi-region, management events'));
    if (ctx.control === 'A.11') for (const c of f.dataStores.causes.filter((c) => c.resource)) resources.push(resourceOf(c.resource as string, c.region, U([c]), `event data store ${c.resource}`));

    const byTrail = some(f.multiRegionTrails, (t) => of.get(t.arn) ?? F(), 'multi-region trails not listed');
    const verdict = ctx.control === 'A.11' ? or(byTrail, some(f.dataStores, judgeStore, 'event data stores not listed')) : byTrail;
    const warnings = warningsOf(f, ctx, verdict.v !== 'U');
    const extra = { resources, warnings };
    if (verdict.v === 'T') {
      const good = judged.filter(({ t, j }) => j.v === 'T' && f.multiRegionTrails.items.includes(t)).map(({ t }) => t.name);
      const others = resources.filter((r) => r.status === 'FAIL').length;
      if (others) warnings.push(`${others} other trail(s) or store(s) fall short; see resources`);
      if (good.length) return pass(`${good.length} compliant multi-region trail(s): ${good.join(', ')}`, extra);
      return pass(`CloudTrail Lake event data store logs management events in all regions: ${stores.filter(({ j }) => j.v === 'T').map(({ s }) => s.name).join(', ')}`, extra);
    }
    if (verdict.v === 'U') {
      const why = uniq(verdict.why).join('; ');
      if (verdict.causes.length === 0) return manual(why, { ...extra, code: 'PARTIAL' });
      return undecided(verdict.causes, `no compliant multi-region trail proven${why ? ` (${why})` : ''}`, extra);
    }
    if (f.trailList.items.length === 0 && f.dataStores.items.length === 0) return fail('no CloudTrail trail or event data store', 'NOT_ENABLED', extra);
    const logging = f.multiRegionTrails.items.some((t) => t.status.known && !isOwnerOnly(t.status.value) && t.status.value.isLogging);
    return fail(logging ? 'the multi-region trail falls short: see resources' : 'no logging multi-region trail', logging ? 'MISCONFIGURED' : 'NOT_ENABLED', extra);
  },
});
