// Which S3 buckets hold AI data and artefacts (probes.md §2.4 "Bucket scope"), shared by the S3,
// S3 Cross-Region Replication and Backup probes, and (for log destinations) the Object Lock probe:
// - accountBuckets: every bucket the account owns, with its own region (per-bucket calls go there);
// - aiBucketRefsRegion / aiBucketRefs: S3 locations SageMaker (models, training input/output,
//   checkpoints, data capture, labeling, inline monitoring outputs) and Bedrock invocation logging
//   point at, read region by region with the same describes the SageMaker probes make;
// - aiBuckets: the account's buckets that are referenced, named sagemaker-<region>-<account>,
//   or carry a user tag selector (--scope-tag key=value).
// Object contents are never read: only bucket-level configuration and resource descriptions.
import type {
  GetBucketLocationCommandInput,
  GetBucketLocationCommandOutput,
  GetBucketReplicationCommandInput,
  GetBucketReplicationCommandOutput,
  GetBucketTaggingCommandInput,
  GetBucketTaggingCommandOutput,
  GetBucketVersioningCommandInput,
  GetBucketVersioningCommandOutput,
  ListBucketsCommandInput,
  ListBucketsCommandOutput,
} from '@aws-sdk/client-s3';
import { AwsCallError, isAbsent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import { defineFact, type CollectContext } from '../../src/engine/probe.js';
import { LABELING_JOB_CAP, ListLabelingJobs } from '../probes/sagemaker-ground-truth.js';
import { DescribeMonitoringSchedule, ListMonitoringSchedules } from '../probes/sagemaker-model-monitor.js';
import { DescribeTrainingJob } from '../probes/sagemaker-platform.js';
import { GetModelInvocationLoggingConfiguration } from './ai-footprint.js';
import { containersOf, DescribeModel, sagemakerEndpointDetails } from './sagemaker-endpoint-details.js';
import { listNewest, newestFirst, sagemakerInventory, unlessUnavailable, windowStart } from './sagemaker-inventory.js';

// ListBuckets is paginated with MaxBuckets: unpaginated calls are only supported up to the default quota.
export const ListBuckets = op<ListBucketsCommandInput, ListBucketsCommandOutput>('s3', 'ListBuckets', {
  scope: 'global',
  action: 's3:ListAllMyBuckets',
  paginate: { inputToken: 'ContinuationToken', outputToken: 'ContinuationToken' },
});
export const GetBucketLocation = op<GetBucketLocationCommandInput, GetBucketLocationCommandOutput>('s3', 'GetBucketLocation', { scope: 'global' });
export const GetBucketTagging = op<GetBucketTaggingCommandInput, GetBucketTaggingCommandOutput>('s3', 'GetBucketTagging', { absent: [{ name: 'NoSuchTagSet' }] });
export const GetBucketVersioning = op<GetBucketVersioningCommandInput, GetBucketVersioningCommandOutput>('s3', 'GetBucketVersioning');
export const GetBucketReplication = op<GetBucketReplicationCommandInput, GetBucketReplicationCommandOutput>('s3', 'GetBucketReplication', {
  action: 's3:GetReplicationConfiguration',
  absent: [{ name: 'ReplicationConfigurationNotFoundError' }],
});

/** Describe calls per resource type and region; the most recent are kept when a cap is hit. */
export const DESCRIBE_CAP = 200;
/** Buckets whose tags are read for the tag selector. */
export const TAG_READ_CAP = 1000;

export interface AccountBucket {
  name: string;
  region: string;
  arn: string;
}

export interface AccountBuckets {
  buckets: AccountBucket[];
}

/** What a reference says the bucket holds. */
export type BucketUse =
  | 'model-data'
  | 'training-input'
  | 'training-output'
  | 'checkpoint'
  | 'data-capture'
  | 'monitoring-output'
  | 'labeling'
  | 'bedrock-invocation-logs'
  | 'sagemaker-default-bucket'
  | 'scope-tag';

export interface BucketRef {
  bucket: string;
  use: BucketUse;
  /** Human-readable origin, e.g. "SageMaker model churn (eu-west-1)". */
  source: string;
}

export interface AiBucketRefs {
  refs: BucketRef[];
  /** Sources that could not be read (the reference list may be incomplete), with why. */
  unknown: string[];
  /** Caps hit, regions skipped. */
  notes: string[];
}

export interface AiBucket extends AccountBucket {
  uses: BucketUse[];
  sources: string[];
}

export interface AiBuckets {
  all: AccountBucket[];
  ai: AiBucket[];
  /** Referenced buckets this account does not own (another account, an AWS-owned cache). */
  foreign: { name: string; sources: string[] }[];
  unknown: string[];
  notes: string[];
}

export function bucketArn(partition: string, name: string): string {
  return `arn:${partition}:s3:::${name}`;
}

/** The bucket of an s3:// URI (or an https S3 URL); undefined for anything else. */
export function bucketOfUri(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const s3 = uri.match(/^s3a?:\/\/([^/]+)/i);
  if (s3) return s3[1];
  const vhost = uri.match(/^https:\/\/([^./]+)\.s3[.-]/i);
  if (vhost) return vhost[1];
  const path = uri.match(/^https:\/\/s3[.-][^/]*\/([^/]+)/i);
  return path ? path[1] : undefined;
}

/** GetBucketLocation's answer as a region name ('' is us-east-1, 'EU' the legacy eu-west-1). */
export function regionOfLocation(loc: string | undefined): string {
  if (!loc) return 'us-east-1';
  return loc === 'EU' ? 'eu-west-1' : loc;
}

/** An error that means "not this account's bucket" or "gone": another account, or a redirect. */
export function isForeignBucketError(err: unknown): boolean {
  return err instanceof AwsCallError && (err.kind === 'denied' || err.info.name === 'NoSuchBucket' || err.info.name === 'PermanentRedirect' || err.info.httpStatus === 301);
}

/** A region that cannot be scanned (service absent, opt-in region off) is skipped, not unknown. */
function isSkippable(err: unknown): boolean {
  return err instanceof AwsCallError && (err.kind === 'unavailable' || err.kind === 'region-disabled');
}

function why(err: unknown): string {
  return err instanceof AwsCallError ? err.reason : err instanceof Error ? err.message : String(err);
}

export const accountBuckets = defineFact<AccountBuckets>({
  id: 'account-buckets',
  scope: 'global',
  calls: [ListBuckets, GetBucketLocation],
  async collect(ctx) {
    const listed = await ctx.all(ListBuckets, { MaxBuckets: 1000 }, 'Buckets');
    const buckets = await Promise.all(
      listed
        .filter((b) => b.Name)
        .map(async (b): Promise<AccountBucket> => {
          const name = b.Name as string;
          // BucketRegion comes with ListBuckets; ask GetBucketLocation only if it is missing.
          const region = b.BucketRegion || regionOfLocation((await ctx.call(GetBucketLocation, { Bucket: name })).LocationConstraint);
          return { name, region, arn: b.BucketArn || bucketArn(ctx.partition, name) };
        }),
    );
    buckets.sort((a, b) => a.name.localeCompare(b.name));
    return { buckets };
  },
});

/** References found in one region; a part that cannot be read is recorded, never thrown. */
export interface RegionBucketRefs {
  refs: BucketRef[];
  unknown: string[];
  notes: string[];
}

// Same ops and inputs as the SageMaker probes (platform, Ground Truth, Model Monitor, the endpoint
// details fact), so the engine answers each describe once for all of them.
async function sageMakerRefs(ctx: CollectContext, add: (uri: string | undefined, use: BucketUse, source: string) => void, notes: string[]): Promise<void> {
  const region = ctx.region;
  const inv = await ctx.use(sagemakerInventory);
  const capped = <T>(items: T[], what: string): T[] => {
    if (items.length > DESCRIBE_CAP) notes.push(`${region}: only the ${DESCRIBE_CAP} most recent of ${items.length} ${what} were described for bucket references`);
    return items.slice(0, DESCRIBE_CAP);
  };
  const models = capped(newestFirst(inv.models, (m) => m.CreationTime), 'SageMaker models');
  const jobs = capped(newestFirst(inv.trainingJobs, (j) => j.CreationTime), 'training jobs');
  const since = windowStart(ctx.now, ctx.settings.jobWindowDays);
  const [endpoints, , , labeling] = await Promise.all([
    ctx.use(sagemakerEndpointDetails),
    Promise.all(
      models.map(async (m) => {
        const d = await ctx.callOrAbsent(DescribeModel, { ModelName: m.ModelName });
        if (isAbsent(d)) return;
        for (const c of containersOf(d)) add(c.modelDataUrl, 'model-data', `SageMaker model ${m.ModelName} (${region})`);
      }),
    ),
    Promise.all(
      jobs.map(async (j) => {
        const d = await ctx.callOrAbsent(DescribeTrainingJob, { TrainingJobName: j.TrainingJobName });
        if (isAbsent(d)) return;
        const src = `training job ${j.TrainingJobName} (${region})`;
        for (const ch of d.InputDataConfig ?? []) add(ch.DataSource?.S3DataSource?.S3Uri, 'training-input', src);
        add(d.OutputDataConfig?.S3OutputPath, 'training-output', src);
        add(d.ModelArtifacts?.S3ModelArtifacts, 'training-output', src);
        add(d.CheckpointConfig?.S3Uri, 'checkpoint', src);
      }),
    ),
    // Ground Truth is not offered everywhere SageMaker is: its absence is no labeling jobs.
    unlessUnavailable(
      listNewest(ctx, ListLabelingJobs, { CreationTimeAfter: since, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'LabelingJobSummaryList', LABELING_JOB_CAP),
      { items: [], truncated: false },
      `${region}: Ground Truth`,
      notes,
    ),
    // Monitoring outputs are cheap to read only when the schedule defines its job inline.
    ctx.all(ListMonitoringSchedules, { MaxResults: 100 }, 'MonitoringScheduleSummaries').then((schedules) =>
      Promise.all(
        capped(schedules.map((s) => s.MonitoringScheduleName).filter((n): n is string => !!n), 'monitoring schedules').map(async (name) => {
          const d = await ctx.callOrAbsent(DescribeMonitoringSchedule, { MonitoringScheduleName: name });
          if (isAbsent(d)) return;
          for (const o of d.MonitoringScheduleConfig?.MonitoringJobDefinition?.MonitoringOutputConfig?.MonitoringOutputs ?? []) add(o.S3Output?.S3Uri, 'monitoring-output', `monitoring schedule ${name} (${region})`);
        }),
      ),
    ),
  ]);
  for (const e of endpoints.endpoints) {
    add(e.capture.destination, 'data-capture', `data capture of endpoint ${e.name} (${region})`);
    for (const m of e.models) for (const c of m.containers) add(c.modelDataUrl, 'model-data', `SageMaker model ${m.name} (${region})`);
  }
  if (labeling.truncated) notes.push(`${region}: only the ${LABELING_JOB_CAP} most recent labeling jobs were read for bucket references`);
  for (const l of labeling.items) {
    const src = `labeling job ${l.LabelingJobName} (${region})`;
    add(l.LabelingJobOutput?.OutputDatasetS3Uri, 'labeling', src);
    add(l.InputConfig?.DataSource?.S3DataSource?.ManifestS3Uri, 'labeling', src);
  }
}

async function bedrockRefs(ctx: CollectContext, add: (uri: string | undefined, use: BucketUse, source: string) => void): Promise<void> {
  const l = await ctx.call(GetModelInvocationLoggingConfiguration, {});
  const cfg = l.loggingConfig;
  const s3 = cfg?.s3Config?.bucketName;
  if (s3) add(`s3://${s3}`, 'bedrock-invocation-logs', `Bedrock invocation logging (${ctx.region})`);
  const large = cfg?.cloudWatchConfig?.largeDataDeliveryS3Config?.bucketName;
  if (large) add(`s3://${large}`, 'bedrock-invocation-logs', `Bedrock large-payload log delivery (${ctx.region})`);
}

/** The S3 locations SageMaker and Bedrock point at in one region. */
export const aiBucketRefsRegion = defineFact<RegionBucketRefs>({
  id: 'ai-bucket-refs-region',
  scope: 'regional',
  calls: [DescribeModel, DescribeTrainingJob, ListLabelingJobs, ListMonitoringSchedules, DescribeMonitoringSchedule, GetModelInvocationLoggingConfiguration],
  uses: [sagemakerInventory, sagemakerEndpointDetails],
  async collect(ctx) {
    const refs: BucketRef[] = [];
    const unknown: string[] = [];
    const notes: string[] = [];
    const add = (uri: string | undefined, use: BucketUse, source: string) => {
      const bucket = bucketOfUri(uri);
      if (bucket) refs.push({ bucket, use, source });
    };
    // A part that cannot be read leaves the AI bucket set open; it is recorded, not thrown,
    // so the buckets that were identified can still be judged.
    const part = async (label: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (err) {
        if (isSkippable(err)) notes.push(`${label} not read in ${ctx.region}: ${why(err)}`);
        else unknown.push(`${label} in ${ctx.region}: ${why(err)}`);
      }
    };
    await Promise.all([part('SageMaker', () => sageMakerRefs(ctx, add, notes)), part('Bedrock logging', () => bedrockRefs(ctx, add))]);
    return { refs, unknown, notes };
  },
});

/** Every region's references, for the account-wide bucket scope. */
export const aiBucketRefs = defineFact<AiBucketRefs>({
  id: 'ai-bucket-refs',
  scope: 'global',
  calls: [],
  uses: [aiBucketRefsRegion],
  async collect(ctx) {
    const perRegion = await Promise.all(ctx.regions.map((region) => ctx.use(aiBucketRefsRegion, { region })));
    const refs = perRegion.flatMap((r) => r.refs);
    refs.sort((a, b) => a.bucket.localeCompare(b.bucket) || a.source.localeCompare(b.source) || a.use.localeCompare(b.use));
    return { refs: dedupe(refs), unknown: perRegion.flatMap((r) => r.unknown).sort(), notes: perRegion.flatMap((r) => r.notes).sort() };
  },
});

function dedupe(refs: BucketRef[]): BucketRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.bucket}|${r.use}|${r.source}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export const aiBuckets = defineFact<AiBuckets>({
  id: 'ai-buckets',
  scope: 'global',
  calls: [GetBucketTagging],
  uses: [accountBuckets, aiBucketRefs],
  async collect(ctx) {
    const [{ buckets }, refs] = await Promise.all([ctx.use(accountBuckets), ctx.use(aiBucketRefs)]);
    const unknown = [...refs.unknown];
    const notes = [...refs.notes];
    const owned = new Map(buckets.map((b) => [b.name, b]));
    const found = new Map<string, { uses: Set<BucketUse>; sources: Set<string> }>();
    const mark = (name: string, use: BucketUse, source: string) => {
      const e = found.get(name) ?? { uses: new Set(), sources: new Set() };
      e.uses.add(use);
      e.sources.add(source);
      found.set(name, e);
    };
    for (const r of refs.refs) mark(r.bucket, r.use, r.source);
    const defaultName = new RegExp(`^sagemaker-([a-z0-9-]+)-${ctx.accountId}$`);
    for (const b of buckets) if (defaultName.test(b.name)) mark(b.name, 'sagemaker-default-bucket', 'SageMaker default bucket name');

    const selectors = ctx.settings.scopeTags ?? [];
    if (selectors.length) {
      const toRead = buckets.slice(0, TAG_READ_CAP);
      if (buckets.length > toRead.length) notes.push(`tags read on the first ${TAG_READ_CAP} of ${buckets.length} buckets only`);
      await Promise.all(
        toRead.map(async (b) => {
          try {
            const t = await ctx.callOrAbsent(GetBucketTagging, { Bucket: b.name }, { region: b.region });
            if (isAbsent(t)) return;
            for (const s of selectors) if (t.TagSet?.some((x) => x.Key === s.key && x.Value === s.value)) mark(b.name, 'scope-tag', `tag ${s.key}=${s.value}`);
          } catch (err) {
            if (err instanceof AwsCallError && err.info.name === 'NoSuchBucket') return;
            unknown.push(`tags of bucket ${b.name}: ${why(err)}`);
          }
        }),
      );
    }

    const ai: AiBucket[] = [];
    const foreign: AiBuckets['foreign'] = [];
    for (const [name, e] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
      const own = owned.get(name);
      if (own) ai.push({ ...own, uses: [...e.uses].sort(), sources: [...e.sources].sort() });
      else foreign.push({ name, sources: [...e.sources].sort() });
    }
    return { all: buckets, ai, foreign, unknown: unknown.sort(), notes: notes.sort() };
  },
});

export interface BucketScope {
  buckets: AiBucket[];
  /** True when no AI bucket was found and every bucket is judged instead. */
  everyBucket: boolean;
  /** One line on how the scope was chosen, for reasons. */
  note: string;
}

/** The buckets an S3 probe judges: the AI buckets, or every bucket when none was identified. */
export function bucketScope(f: AiBuckets): BucketScope {
  if (f.ai.length) return { buckets: f.ai, everyBucket: false, note: `${f.ai.length} AI bucket(s)` };
  return {
    buckets: f.all.map((b) => ({ ...b, uses: [], sources: ['every bucket judged: no AI-related bucket identified'] })),
    everyBucket: true,
    note: 'no AI-related bucket identified (SageMaker and Bedrock references, sagemaker-<region>-<account> name, --scope-tag), so every bucket is judged',
  };
}

/** Warnings every S3 probe carries about its scope. */
export function scopeWarnings(f: AiBuckets): string[] {
  const w = [...f.notes];
  if (f.foreign.length) w.push(`referenced buckets not owned by this account (not judged): ${f.foreign.slice(0, 5).map((b) => b.name).join(', ')}${f.foreign.length > 5 ? ` +${f.foreign.length - 5} more` : ''}`);
  if (f.unknown.length) w.push(...f.unknown.map((u) => `AI bucket scope incomplete — ${u}`));
  return w;
}

/** "why in scope" for a resource reason: the first two sources. */
export function whyInScope(b: AiBucket): string {
  return b.sources.slice(0, 2).join('; ') + (b.sources.length > 2 ? `; +${b.sources.length - 2} more` : '');
}
