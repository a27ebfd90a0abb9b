// AWS CloudTrail — A.11 forensic trail, A.12 tamper-evident audit logging. probes.md §2.40.
import type { GetBucketLocationCommandInput, GetBucketLocationCommandOutput, GetObjectLockConfigurationCommandInput, GetObjectLockConfigurationCommandOutput } from '@aws-sdk/client-s3';
import { AwsCallError, isAbsent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, pass } from '../../src/engine/probe.js';
import { cloudtrailInventory, logsAiDataEvents, logsAllManagementEvents, type CloudTrailInventory, type TrailState } from '../facts/cloudtrail-trails.js';

const GetBucketLocation = op<GetBucketLocationCommandInput, GetBucketLocationCommandOutput>('s3', 'GetBucketLocation', { scope: 'global' });
const GetObjectLockConfiguration = op<GetObjectLockConfigurationCommandInput, GetObjectLockConfigurationCommandOutput>('s3', 'GetObjectLockConfiguration', {
  action: 's3:GetBucketObjectLockConfiguration',
  absent: [{ name: 'ObjectLockConfigurationNotFoundError' }],
});

/** Object Lock state of a trail's bucket; 'unreachable' for a bucket in another account. */
type LockState = 'locked' | 'not-locked' | 'unreachable';

export interface CloudTrailFacts extends CloudTrailInventory {
  bucketLocks: Record<string, LockState>;
  /** Why a bucket's Object Lock could not be read (said in every verdict, never swallowed). */
  lockErrors: Record<string, string>;
}

function judgeTrail(t: TrailState, control: string, locks: Record<string, LockState>): ResourceResult {
  const id = t.trail.TrailARN ?? t.trail.Name ?? 'trail';
  const region = t.trail.HomeRegion;
  const gaps: string[] = [];
  if (!t.isLogging) gaps.push('not logging');
  if (!t.trail.IsMultiRegionTrail) gaps.push('single-region');
  if (!logsAllManagementEvents(t)) gaps.push('does not log all management events');
  if (control === 'A.12') {
    if (!t.trail.LogFileValidationEnabled) gaps.push('log file validation off');
    if (!t.trail.KmsKeyId) gaps.push('not encrypted with KMS');
    const lock = t.trail.S3BucketName ? locks[t.trail.S3BucketName] : undefined;
    if (!t.trail.CloudWatchLogsLogGroupArn && lock !== 'locked') gaps.push(lock === 'unreachable' ? 'no CloudWatch Logs copy and its bucket is out of reach to verify Object Lock' : 'no CloudWatch Logs copy and its bucket has no Object Lock');
  }
  if (t.latestDeliveryError) gaps.push(`delivery error ${t.latestDeliveryError}`);
  return gaps.length ? { id, region, status: 'FAIL', reason: `trail ${t.trail.Name}: ${gaps.join(', ')}` } : { id, region, status: 'PASS', reason: `trail ${t.trail.Name}: multi-region, logging all management events${control === 'A.12' ? ', validated, KMS-encrypted, tamper-resistant copy' : ''}` };
}

export default defineProbe<CloudTrailFacts>({
  id: 'cloudtrail',
  service: 'AWS CloudTrail',
  title: 'A multi-region CloudTrail trail logs all management events (A.12: validated, encrypted, tamper-resistant)',
  severity: 'high',
  remediation: 'Create or fix a multi-region trail that logs read and write management events, with log file validation, SSE-KMS and a CloudWatch Logs copy or an Object Lock bucket: console CloudTrail → Trails, or `aws cloudtrail create-trail --is-multi-region-trail --enable-log-file-validation --kms-key-id …` then `start-logging`.',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [GetBucketLocation, GetObjectLockConfiguration],
  uses: [cloudtrailInventory],
  async collect(ctx) {
    const inv = await ctx.use(cloudtrailInventory);
    const bucketLocks: Record<string, LockState> = {};
    const lockErrors: Record<string, string> = {};
    const buckets = [...new Set(inv.trails.filter((t) => !t.trail.CloudWatchLogsLogGroupArn && t.trail.S3BucketName).map((t) => t.trail.S3BucketName as string))].sort();
    for (const b of buckets) {
      try {
        const loc = await ctx.call(GetBucketLocation, { Bucket: b });
        const region = loc.LocationConstraint || 'us-east-1';
        const lock = await ctx.callOrAbsent(GetObjectLockConfiguration, { Bucket: b }, { region: region === 'EU' ? 'eu-west-1' : region });
        bucketLocks[b] = !isAbsent(lock) && lock.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled' ? 'locked' : 'not-locked';
      } catch (err) {
        // An organization trail's bucket usually lives in a log-archive account.
        if (err instanceof AwsCallError && (err.kind === 'denied' || err.info.name === 'NoSuchBucket' || err.info.httpStatus === 301)) {
          bucketLocks[b] = 'unreachable';
          lockErrors[b] = err.reason;
        }
        else throw err;
      }
    }
    return { ...inv, bucketLocks, lockErrors };
  },
  evaluate(f, ctx) {
    const resources = f.trails.map((t) => judgeTrail(t, ctx.control, f.bucketLocks));
    const lockWarnings = Object.entries(f.lockErrors ?? {}).map(([b, why]) => `Object Lock of trail bucket ${b} not read: ${why}`);
    const good = resources.filter((r) => r.status === 'PASS');
    const stores = f.dataStores.filter((s) => s.status === 'ENABLED' && s.multiRegion && logsAllManagementEvents({ eventSelectors: [], advancedEventSelectors: s.advancedEventSelectors }));
    for (const s of f.dataStores) {
      const ok = stores.includes(s);
      resources.push({ id: s.arn, region: s.region, status: ok ? 'PASS' : 'FAIL', reason: `event data store ${s.name ?? s.arn}: ${ok ? 'enabled, multi-region, management events' : 'not an enabled multi-region management-event store'}` });
    }
    const warnings = [...f.skippedRegions.map((r) => `trails not listed in ${r}`), ...lockWarnings];
    const others = resources.filter((r) => r.status === 'FAIL').length;
    if (others && (good.length || stores.length)) warnings.push(`${others} other trail(s) or store(s) fall short; see resources`);
    if (!f.trails.some((t) => t.isLogging && logsAiDataEvents(t))) warnings.push('no trail logs data events for Bedrock or SageMaker resources');
    if (good.length) return pass(`${good.length} compliant multi-region trail(s): ${good.map((g) => g.id.split('/').pop()).join(', ')}`, { resources, warnings });
    if (ctx.control === 'A.11' && stores.length) return pass(`CloudTrail Lake event data store logs management events in all regions: ${stores.map((s) => s.name).join(', ')}`, { resources, warnings });
    if (ctx.control === 'A.12' && f.trails.some((t) => t.trail.S3BucketName && f.bucketLocks[t.trail.S3BucketName] === 'unreachable' && t.isLogging && t.trail.IsMultiRegionTrail)) {
      return manual('the multi-region trail delivers to a bucket in another account: verify its Object Lock there', { resources, warnings, code: 'PARTIAL' });
    }
    if (f.trails.length === 0 && f.dataStores.length === 0) return fail('no CloudTrail trail or event data store', 'NOT_ENABLED', { resources, warnings });
    const logging = f.trails.some((t) => t.isLogging && t.trail.IsMultiRegionTrail);
    return fail(logging ? 'the multi-region trail falls short: see resources' : 'no logging multi-region trail', logging ? 'MISCONFIGURED' : 'NOT_ENABLED', { resources, warnings });
  },
});
