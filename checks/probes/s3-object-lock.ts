// Amazon S3 with Object Lock — A.12 tamper-proof log retention. probes.md §2.42.
// Log buckets: CloudTrail trail buckets, Config delivery channel buckets, Bedrock invocation-log
// buckets and SageMaker data-capture destinations. Each is read in its own region; a bucket in
// another account (log-archive) cannot be read from here and is left to attest there.
import type { GetObjectLockConfigurationCommandInput, GetObjectLockConfigurationCommandOutput } from '@aws-sdk/client-s3';
import { AwsCallError, isAbsent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, error, fail, manual, notApplicable, pass, type CollectContext } from '../../src/engine/probe.js';
import { accountBuckets, aiBucketRefs, bucketArn, GetBucketLocation, isForeignBucketError, regionOfLocation } from '../facts/ai-buckets.js';
import { cloudtrailInventory } from '../facts/cloudtrail-trails.js';
import { configRecorder } from '../facts/config-recorder.js';

// Same declaration as checks/probes/cloudtrail.ts, so both share the call.
const GetObjectLockConfiguration = op<GetObjectLockConfigurationCommandInput, GetObjectLockConfigurationCommandOutput>('s3', 'GetObjectLockConfiguration', {
  action: 's3:GetBucketObjectLockConfiguration',
  absent: [{ name: 'ObjectLockConfigurationNotFoundError' }],
});

export interface LockedBucket {
  name: string;
  arn: string;
  region?: string;
  /** Which logs land there. */
  sources: string[];
  /** 'foreign': not readable from this account (another account, or gone). */
  state: 'locked' | 'not-locked' | 'foreign';
  mode?: string;
  retentionDays?: number;
  foreignReason?: string;
}

export interface ObjectLockFacts {
  buckets: LockedBucket[];
  /** Log sources that could not be read: some log buckets may be missing. */
  unknown: string[];
}

function addSource(map: Map<string, Set<string>>, bucket: string | undefined, source: string): void {
  if (!bucket) return;
  const s = map.get(bucket) ?? new Set<string>();
  s.add(source);
  map.set(bucket, s);
}

function why(err: unknown): string {
  return err instanceof AwsCallError ? err.reason : err instanceof Error ? err.message : String(err);
}

async function logBuckets(ctx: CollectContext, unknown: string[]): Promise<Map<string, Set<string>>> {
  const map = new Map<string, Set<string>>();
  const soft = async (label: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      if (err instanceof AwsCallError && (err.kind === 'unavailable' || err.kind === 'region-disabled')) return;
      unknown.push(`${label}: ${why(err)}`);
    }
  };
  await Promise.all([
    soft('CloudTrail trails', async () => {
      const inv = await ctx.use(cloudtrailInventory);
      for (const t of inv.trails) addSource(map, t.trail.S3BucketName, `CloudTrail trail ${t.trail.Name}`);
    }),
    ...ctx.regions.map((region) =>
      soft(`Config delivery channels in ${region}`, async () => {
        const s = await ctx.use(configRecorder, { region });
        for (const c of s.channels) addSource(map, c.s3BucketName, `Config delivery channel${c.name ? ` ${c.name}` : ''} (${region})`);
      }),
    ),
    soft('SageMaker and Bedrock log destinations', async () => {
      const refs = await ctx.use(aiBucketRefs);
      for (const u of refs.unknown) unknown.push(u);
      for (const r of refs.refs) if (r.use === 'bedrock-invocation-logs' || r.use === 'data-capture') addSource(map, r.bucket, r.source);
    }),
  ]);
  return map;
}

async function readLock(ctx: CollectContext, name: string, region: string): Promise<Pick<LockedBucket, 'state' | 'mode' | 'retentionDays'>> {
  const lock = await ctx.callOrAbsent(GetObjectLockConfiguration, { Bucket: name }, { region });
  if (isAbsent(lock) || lock.ObjectLockConfiguration?.ObjectLockEnabled !== 'Enabled') return { state: 'not-locked' };
  const r = lock.ObjectLockConfiguration.Rule?.DefaultRetention;
  const days = r?.Days ?? (r?.Years !== undefined ? r.Years * 365 : undefined);
  return { state: 'locked', mode: r?.Mode, retentionDays: days };
}

export default defineProbe<ObjectLockFacts>({
  id: 's3-object-lock',
  service: 'Amazon S3 with Object Lock',
  title: 'Buckets receiving audit and AI logs have Object Lock with a default retention',
  severity: 'high',
  remediation: 'Deliver logs to buckets created with Object Lock and set a default retention (COMPLIANCE mode, at least the log retention policy): S3 console → bucket → Properties → Object Lock, or `aws s3api put-object-lock-configuration --object-lock-configuration \'{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":365}}}\'`.',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [GetObjectLockConfiguration, GetBucketLocation],
  uses: [accountBuckets, cloudtrailInventory, configRecorder, aiBucketRefs],
  async collect(ctx) {
    const unknown: string[] = [];
    const [{ buckets: owned }, map] = await Promise.all([ctx.use(accountBuckets), logBuckets(ctx, unknown)]);
    const regionOf = new Map(owned.map((b) => [b.name, b.region]));
    const buckets = await Promise.all(
      [...map.keys()].sort().map(async (name): Promise<LockedBucket> => {
        const base = { name, arn: bucketArn(ctx.partition, name), sources: [...(map.get(name) ?? [])].sort() };
        const known = regionOf.get(name);
        try {
          // Not in ListBuckets: another account's bucket (organization trail → log archive), unless it answers.
          const region = known ?? regionOfLocation((await ctx.call(GetBucketLocation, { Bucket: name })).LocationConstraint);
          return { ...base, region, ...(await readLock(ctx, name, region)) };
        } catch (err) {
          if (!known && isForeignBucketError(err)) return { ...base, state: 'foreign', foreignReason: err instanceof AwsCallError ? err.info.name : 'unreadable' };
          throw err;
        }
      }),
    );
    return { buckets, unknown: unknown.sort() };
  },
  evaluate(f, ctx) {
    const min = ctx.settings.minLogRetentionDays;
    const warnings: string[] = [];
    const resources: ResourceResult[] = f.buckets.map((b) => {
      const head = `bucket ${b.name} (${b.sources.slice(0, 2).join('; ')}${b.sources.length > 2 ? `; +${b.sources.length - 2} more` : ''})`;
      const base = { id: b.arn, ...(b.region ? { region: b.region } : {}) };
      if (b.state === 'foreign') return { ...base, status: 'MANUAL', reason: `${head}: not in this account (${b.foreignReason}): verify Object Lock in that account` };
      if (b.state === 'not-locked') return { ...base, status: 'FAIL', reason: `${head}: Object Lock not enabled` };
      if (b.retentionDays === undefined) return { ...base, status: 'FAIL', reason: `${head}: Object Lock enabled but no default retention` };
      if (b.retentionDays < min) return { ...base, status: 'FAIL', reason: `${head}: default retention ${b.retentionDays} days, below the ${min}-day minimum` };
      if (b.mode === 'GOVERNANCE') warnings.push(`bucket ${b.name}: GOVERNANCE mode can be bypassed with s3:BypassGovernanceRetention; COMPLIANCE is preferred`);
      return { ...base, status: 'PASS', reason: `${head}: Object Lock${b.mode ? ` ${b.mode}` : ''}, ${b.retentionDays} days default retention` };
    });
    warnings.push(...f.unknown.map((u) => `log bucket list incomplete — ${u}`));
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) {
      const code = failing.some((r) => r.reason.endsWith('Object Lock not enabled')) ? 'NOT_ENABLED' : 'MISCONFIGURED';
      return fail(`${failing.length} of ${resources.length} log bucket(s) not tamper-proof: ${failing.slice(0, 3).map((r) => r.reason).join('; ')}${failing.length > 3 ? '; …' : ''}`, code, { resources, warnings });
    }
    if (f.unknown.length) return error(`${resources.length ? 'the log buckets found are locked, but ' : ''}the log bucket list could not be read completely: ${f.unknown.join('; ')}`, { resources, warnings });
    if (resources.length === 0) return notApplicable('no log bucket found: no CloudTrail trail, Config delivery channel, Bedrock invocation logging or SageMaker data capture delivers to S3');
    const foreign = resources.filter((r) => r.status === 'MANUAL');
    if (foreign.length) {
      const locked = resources.length - foreign.length;
      return manual(`${foreign.length} log bucket(s) are in another account: verify Object Lock there${locked ? `; ${locked} in-account bucket(s) locked` : ''}`, { resources, warnings, code: 'PARTIAL' });
    }
    return pass(`all ${resources.length} log bucket(s) have Object Lock with at least ${min} days default retention`, { resources, warnings });
  },
});
