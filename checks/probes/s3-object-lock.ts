// Amazon S3 with Object Lock — A.12 tamper-proof log retention. probes.md §2.42.
// Log buckets: CloudTrail trail buckets, Config delivery channel buckets, Bedrock invocation-log
// buckets and SageMaker data-capture destinations. Each is judged in its own region with the rule
// the CloudTrail probe uses too (checks/rules/object-lock.ts): Object Lock with a default retention
// of at least the configured minimum. A bucket in another account (log archive) cannot be read
// from here and is left to verify there (MANUAL).
// The sources are read here with the same calls and inputs as the CloudTrail, Config and Bedrock
// probes (the engine answers each once): a source that cannot be read leaves the log-bucket list
// open, and the buckets that were found are still judged.
import type { GetObjectLockConfigurationCommandInput, GetObjectLockConfigurationCommandOutput } from '@aws-sdk/client-s3';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import type { ReasonCode } from '../../src/model.js';
import { defineProbe, type CollectContext } from '../../src/engine/probe.js';
import { F, sortCauses, T, U, type Cause, type Ev, type Tri } from '../../src/engine/evidence.js';
import { GetModelInvocationLoggingConfiguration } from '../facts/ai-footprint.js';
import { accountBuckets, bucketArn, bucketOfUri, GetBucketLocation, locateBucket, type AccountBuckets } from '../facts/ai-buckets.js';
import { DescribeTrails } from '../facts/cloudtrail-trails.js';
import { DescribeDeliveryChannels } from '../facts/config-recorder.js';
import { sagemakerEndpointDetails } from '../facts/sagemaker-endpoint-details.js';
import { lockProtects, objectLockState } from '../rules/object-lock.js';
import { attest, verdictOver, type Judged, type Judgement } from '../rules/per-resource.js';
import type { Where } from '../rules/replication.js';

// Same declaration as checks/probes/cloudtrail.ts, so both share the call.
const GetObjectLockConfiguration = op<GetObjectLockConfigurationCommandInput, GetObjectLockConfigurationCommandOutput>('s3', 'GetObjectLockConfiguration', {
  action: 's3:GetBucketObjectLockConfiguration',
  absent: [{ name: 'ObjectLockConfigurationNotFoundError' }],
});

export interface LogBucket {
  name: string;
  arn: string;
  /** Which logs land there. */
  sources: string[];
  where: Ev<Where>;
  /** Unread when the bucket's region is unknown or it is another account's. */
  lock?: Ev<GetObjectLockConfigurationCommandOutput | Absent>;
  /** This account lists the bucket (a refused lock read is then ours to fix, not another account's). */
  own: boolean;
}

export interface ObjectLockFacts {
  buckets: LogBucket[];
  /** Why the log-bucket list may be incomplete (sources that did not answer). */
  causes: Cause[];
  /** Whether the account bucket list was complete (tells "another account" from "not listed yet"). */
  accountComplete: boolean;
  accountCauses: Cause[];
}

/** The log destinations of one region, and the causes of the ones that could not be read. */
async function logSources(ctx: CollectContext, region: string, add: (bucket: string | undefined, source: string) => void): Promise<Cause[]> {
  const [trails, channels, logging, endpoints] = await Promise.all([
    ctx.read(DescribeTrails, { includeShadowTrails: true }, { region }),
    ctx.read(DescribeDeliveryChannels, {}, { region }),
    ctx.read(GetModelInvocationLoggingConfiguration, {}, { region }),
    ctx.use(sagemakerEndpointDetails, { region }),
  ]);
  if (trails.known) for (const t of trails.value.trailList ?? []) add(t.S3BucketName, `CloudTrail trail ${t.Name}`);
  if (channels.known) for (const c of channels.value.DeliveryChannels ?? []) add(c.s3BucketName, `Config delivery channel${c.name ? ` ${c.name}` : ''} (${region})`);
  if (logging.known) {
    const cfg = logging.value.loggingConfig;
    add(cfg?.s3Config?.bucketName, `Bedrock invocation logging (${region})`);
    add(cfg?.cloudWatchConfig?.largeDataDeliveryS3Config?.bucketName, `Bedrock large-payload log delivery (${region})`);
  }
  for (const e of endpoints.endpoints.items) add(bucketOfUri(e.capture.destination), `data capture of endpoint ${e.name} (${region})`);
  const causes = [trails, channels, logging].flatMap((e) => (e.known ? [] : e.causes)).concat(endpoints.endpoints.causes);
  // A service not offered in a region, or a region the scan cannot reach, delivers no logs from there.
  return causes.filter((c) => c.kind !== 'unavailable' && !ctx.regionUnreachable([c], region));
}

async function readLogBucket(ctx: CollectContext, name: string, sources: string[], account: AccountBuckets): Promise<LogBucket> {
  const arn = bucketArn(ctx.partition, name);
  const where = await locateBucket(ctx, name, account);
  const own = account.buckets.some((b) => b.name === name);
  const base = { name, arn, sources, where, own };
  if (!where.known || 'foreign' in where.value) return base;
  return { ...base, lock: await ctx.readOrAbsent(GetObjectLockConfiguration, { Bucket: name }, { region: where.value.region, resource: arn }) };
}

/** One log bucket: locked with enough default retention, or not, or to verify in its own account. */
export function judgeLogBucket(b: LogBucket, f: Pick<ObjectLockFacts, 'accountComplete' | 'accountCauses'>, minDays: number): Judgement {
  if (!b.where.known) return U(b.where.causes, 'where the bucket lives');
  if ('foreign' in b.where.value) return attest(`not in this account (${b.where.value.foreign}): verify Object Lock in that account`);
  const lock = b.lock as Ev<GetObjectLockConfigurationCommandOutput | Absent>;
  if (!lock.known) {
    // Not ours and refused: another account's bucket that only told us its region.
    if (!b.own && lock.causes.every((c) => c.kind === 'denied')) return f.accountComplete ? attest('not in this account (Object Lock read refused): verify Object Lock in that account') : U([...f.accountCauses, ...lock.causes]);
    return U(lock.causes, 'Object Lock configuration');
  }
  const state = objectLockState(lock.value);
  const r = lockProtects(state, minDays);
  if (!r.ok) return F(state.enabled ? r.why : 'Object Lock not enabled');
  return T(`Object Lock${state.mode ? ` ${state.mode}` : ''}, ${state.retentionDays} days default retention`);
}

export default defineProbe<ObjectLockFacts>({
  id: 's3-object-lock',
  service: 'Amazon S3 with Object Lock',
  title: 'Buckets receiving audit and AI logs have Object Lock with a default retention',
  severity: 'high',
  remediation: 'Deliver logs to buckets created with Object Lock and set a default retention (COMPLIANCE mode, at least the log retention policy): S3 console → bucket → Properties → Object Lock, or `aws s3api put-object-lock-configuration --object-lock-configuration \'{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":365}}}\'`.',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [DescribeTrails, DescribeDeliveryChannels, GetModelInvocationLoggingConfiguration, GetObjectLockConfiguration, GetBucketLocation],
  uses: [accountBuckets, sagemakerEndpointDetails],
  async collect(ctx) {
    const map = new Map<string, Set<string>>();
    const add = (bucket: string | undefined, source: string) => {
      if (!bucket) return;
      map.set(bucket, (map.get(bucket) ?? new Set()).add(source));
    };
    const [account, perRegion] = await Promise.all([ctx.use(accountBuckets), Promise.all(ctx.regions.map((r) => logSources(ctx, r, add)))]);
    const names = [...map.keys()].sort();
    const buckets = await Promise.all(names.map((n) => readLogBucket(ctx, n, [...(map.get(n) ?? [])].sort(), account)));
    return { buckets, causes: sortCauses(perRegion.flat()), accountComplete: account.complete, accountCauses: account.causes };
  },
  evaluate(f, ctx) {
    const min = ctx.settings.minLogRetentionDays;
    const warnings: string[] = [];
    const judged: Judged[] = f.buckets.map((b) => {
      const t = judgeLogBucket(b, f, min);
      if (t.v === 'T' && b.lock?.known && objectLockState(b.lock.value).mode === 'GOVERNANCE') warnings.push(`bucket ${b.name}: GOVERNANCE mode can be bypassed with s3:BypassGovernanceRetention; COMPLIANCE is preferred`);
      const where = b.where.known && 'region' in b.where.value ? b.where.value.region : undefined;
      const label = `bucket ${b.name} (${b.sources.slice(0, 2).join('; ')}${b.sources.length > 2 ? `; +${b.sources.length - 2} more` : ''})`;
      return { id: b.arn, region: where, name: b.name, label, t };
    });
    const rest: Tri[] = f.causes.length ? [U(f.causes, 'log buckets of sources that could not be read')] : [];
    if (f.causes.length) warnings.push(`log bucket list incomplete — ${[...new Set(f.causes.map((c) => c.action))].join(', ')} not read everywhere`);
    const code = (failing: Judged[]): ReasonCode => (failing.some((j) => j.t.v === 'F' && j.t.why.includes('Object Lock not enabled')) ? 'NOT_ENABLED' : 'MISCONFIGURED');
    return verdictOver(
      judged,
      {
        noun: 'log bucket(s)',
        pass: (n) => `all ${n} log bucket(s) have Object Lock with at least ${min} days default retention`,
        fail: (k, n) => `${k} of ${n} log bucket(s) not tamper-proof`,
        manual: (m, n) => `${m.length} log bucket(s) are in another account: verify Object Lock there${n > m.length ? `; ${n - m.length} in-account bucket(s) locked` : ''}`,
        incomplete: 'the log bucket list could not be read completely',
        code,
        none: 'no log bucket found: no CloudTrail trail, Config delivery channel, Bedrock invocation logging or SageMaker data capture delivers to S3',
      },
      { rest, extra: { warnings } },
    );
  },
});

