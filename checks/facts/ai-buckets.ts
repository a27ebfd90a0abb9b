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
import { AwsCallError, isAbsent, type Absent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import { defineFact, type CollectContext } from '../../src/engine/probe.js';
import { describeCause, fanOut, filterList, known, mapEv, sortCauses, type Cause, type Ev, type ListEv } from '../../src/engine/evidence.js';
import { LABELING_JOB_CAP, ListLabelingJobs } from '../probes/sagemaker-ground-truth.js';
import { DescribeMonitoringSchedule, ListMonitoringSchedules } from '../probes/sagemaker-model-monitor.js';
import { DescribeTrainingJob } from '../probes/sagemaker-platform.js';
import { GetModelInvocationLoggingConfiguration } from './ai-footprint.js';
import { containersOf, DescribeModel, sagemakerEndpointDetails } from './sagemaker-endpoint-details.js';
import { newestFirst, sagemakerInventory, windowStart } from './sagemaker-inventory.js';

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
  /** False when ListBuckets or a bucket's location could not be read; `causes` says which. */
  complete: boolean;
  causes: Cause[];
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
  causes: Cause[];
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
  /** Why the scope may be incomplete, in words and as causes. Empty: the scope is complete. */
  unknown: string[];
  causes: Cause[];
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


export const accountBuckets = defineFact<AccountBuckets>({
  id: 'account-buckets',
  scope: 'global',
  calls: [ListBuckets, GetBucketLocation],
  async collect(ctx) {
    const listed = filterList(await ctx.list(ListBuckets, { MaxBuckets: 1000 }, 'Buckets'), (b) => !!b.Name);
    const located = await fanOut(listed, async (b): Promise<Ev<AccountBucket>> => {
      const name = b.Name as string;
      const arn = b.BucketArn || bucketArn(ctx.partition, name);
      // BucketRegion comes with ListBuckets; ask GetBucketLocation only if it is missing.
      if (b.BucketRegion) return known({ name, region: b.BucketRegion, arn });
      return mapEv(await ctx.read(GetBucketLocation, { Bucket: name }, { resource: arn }), (loc) => ({ name, region: regionOfLocation(loc.LocationConstraint), arn }));
    });
    const buckets = [...located.items].sort((a, b) => a.name.localeCompare(b.name));
    return { buckets, complete: located.complete, causes: located.causes };
  },
});

/** References found in one region; a part that cannot be read is recorded, never thrown. */
export interface RegionBucketRefs {
  refs: BucketRef[];
  unknown: string[];
  causes: Cause[];
  notes: string[];
}

// Same ops and inputs as the SageMaker probes (platform, Ground Truth, Model Monitor, the endpoint
// details fact), so the engine answers each describe once for all of them. A describe that fails
// leaves its references unknown (a cause); the others are still found.
type Add = (uri: string | undefined, use: BucketUse, source: string) => void;

async function sageMakerRefs(ctx: CollectContext, add: Add, notes: string[], causes: Cause[]): Promise<void> {
  const region = ctx.region;
  const inv = await ctx.use(sagemakerInventory);
  const capped = <T>(items: T[], what: string): T[] => {
    if (items.length > DESCRIBE_CAP) notes.push(`${region}: only the ${DESCRIBE_CAP} most recent of ${items.length} ${what} were described for bucket references`);
    return items.slice(0, DESCRIBE_CAP);
  };
  const unread = (l: ListEv<unknown>) => causes.push(...l.causes);
  unread(inv.models);
  unread(inv.trainingJobs);
  const models = capped(newestFirst(inv.models.items, (m) => m.CreationTime), 'SageMaker models');
  const jobs = capped(newestFirst(inv.trainingJobs.items, (j) => j.CreationTime), 'training jobs');
  const since = windowStart(ctx.now, ctx.settings.jobWindowDays);
  const described = <T>(e: Ev<T | Absent>, use: (v: T) => void) => {
    if (!e.known) causes.push(...e.causes);
    else if (!isAbsent(e.value)) use(e.value as T);
  };
  const [endpoints, , , labeling] = await Promise.all([
    ctx.use(sagemakerEndpointDetails),
    Promise.all(
      models.map(async (m) =>
        described(await ctx.readOrAbsent(DescribeModel, { ModelName: m.ModelName }), (d) => {
          for (const c of containersOf(d)) add(c.modelDataUrl, 'model-data', `SageMaker model ${m.ModelName} (${region})`);
        }),
      ),
    ),
    Promise.all(
      jobs.map(async (j) =>
        described(await ctx.readOrAbsent(DescribeTrainingJob, { TrainingJobName: j.TrainingJobName }), (d) => {
          const src = `training job ${j.TrainingJobName} (${region})`;
          for (const ch of d.InputDataConfig ?? []) add(ch.DataSource?.S3DataSource?.S3Uri, 'training-input', src);
          add(d.OutputDataConfig?.S3OutputPath, 'training-output', src);
          add(d.ModelArtifacts?.S3ModelArtifacts, 'training-output', src);
          add(d.CheckpointConfig?.S3Uri, 'checkpoint', src);
        }),
      ),
    ),
    ctx.listNewest(ListLabelingJobs, { CreationTimeAfter: since, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'LabelingJobSummaryList', LABELING_JOB_CAP),
    // Monitoring outputs are cheap to read only when the schedule defines its job inline.
    ctx.list(ListMonitoringSchedules, { MaxResults: 100 }, 'MonitoringScheduleSummaries').then((schedules) => {
      unread(schedules);
      return Promise.all(
        capped(schedules.items.map((s) => s.MonitoringScheduleName).filter((n): n is string => !!n), 'monitoring schedules').map(async (name) =>
          described(await ctx.readOrAbsent(DescribeMonitoringSchedule, { MonitoringScheduleName: name }), (d) => {
            for (const o of d.MonitoringScheduleConfig?.MonitoringJobDefinition?.MonitoringOutputConfig?.MonitoringOutputs ?? []) add(o.S3Output?.S3Uri, 'monitoring-output', `monitoring schedule ${name} (${region})`);
          }),
        ),
      );
    }),
  ]);
  unread(endpoints.endpoints);
  for (const e of endpoints.endpoints.items) {
    add(e.capture.destination, 'data-capture', `data capture of endpoint ${e.name} (${region})`);
    for (const m of e.models) for (const c of m.containers) add(c.modelDataUrl, 'model-data', `SageMaker model ${m.name} (${region})`);
  }
  // Ground Truth is not offered everywhere SageMaker is: its absence is no labeling jobs.
  if (!labeling.complete && labeling.causes.every((c) => c.kind === 'unavailable')) notes.push(`${region}: Ground Truth is not offered in this region`);
  else unread(labeling);
  if (labeling.truncated) notes.push(`${region}: only the ${LABELING_JOB_CAP} most recent labeling jobs were read for bucket references`);
  for (const l of labeling.items) {
    const src = `labeling job ${l.LabelingJobName} (${region})`;
    add(l.LabelingJobOutput?.OutputDatasetS3Uri, 'labeling', src);
    add(l.InputConfig?.DataSource?.S3DataSource?.ManifestS3Uri, 'labeling', src);
  }
}

async function bedrockRefs(ctx: CollectContext, add: Add, causes: Cause[]): Promise<void> {
  const l = await ctx.read(GetModelInvocationLoggingConfiguration, {});
  if (!l.known) return void causes.push(...l.causes);
  const cfg = l.value.loggingConfig;
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
    const notes: string[] = [];
    const found: Cause[] = [];
    const add = (uri: string | undefined, use: BucketUse, source: string) => {
      const bucket = bucketOfUri(uri);
      if (bucket) refs.push({ bucket, use, source });
    };
    // A part that cannot be read leaves the AI bucket set open; it is recorded, not thrown,
    // so the buckets that were identified can still be judged.
    await Promise.all([sageMakerRefs(ctx, add, notes, found), bedrockRefs(ctx, add, found)]);
    // A region the scan cannot reach there (service absent, region off, SCP) holds no reference it could read.
    const causes: Cause[] = [];
    for (const c of sortCauses(found)) {
      if (ctx.regionUnreachable([c], ctx.region) || c.kind === 'unavailable') notes.push(`${c.action} not read in ${ctx.region}: ${c.detail}`);
      else causes.push(c);
    }
    return { refs, unknown: causes.map(describeCause), causes, notes: [...new Set(notes)] };
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
    const causes = sortCauses(perRegion.flatMap((r) => r.causes));
    return { refs: dedupe(refs), unknown: causes.map(describeCause), causes, notes: perRegion.flatMap((r) => r.notes).sort() };
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
    const [account, refs] = await Promise.all([ctx.use(accountBuckets), ctx.use(aiBucketRefs)]);
    const buckets = account.buckets;
    const causes: Cause[] = [...refs.causes, ...account.causes];
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
          const t = await ctx.readOrAbsent(GetBucketTagging, { Bucket: b.name }, { region: b.region, resource: b.arn });
          if (!t.known) {
            // A bucket deleted since it was listed has no tags to read.
            if (!t.causes.every((c) => /NoSuchBucket/.test(c.detail))) causes.push(...t.causes);
            return;
          }
          if (isAbsent(t.value)) return;
          for (const s of selectors) if (t.value.TagSet?.some((x) => x.Key === s.key && x.Value === s.value)) mark(b.name, 'scope-tag', `tag ${s.key}=${s.value}`);
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
    const sorted = sortCauses(causes);
    return { all: buckets, ai, foreign, unknown: sorted.map(describeCause), causes: sorted, notes: notes.sort() };
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
