// Which S3 buckets hold AI data and artefacts (probes.md §2.4 "Bucket scope"), shared by the S3,
// S3 Cross-Region Replication and Backup probes, and (for log destinations) the Object Lock probe:
// - accountBuckets: every bucket the account owns, with its own region (per-bucket calls go there);
// - aiBucketRefsRegion / aiBucketRefs: S3 locations SageMaker (models, training input/output,
//   checkpoints, data capture, labeling, inline monitoring outputs) and Bedrock (invocation logging,
//   model customization training/validation/output data, knowledge-base S3 data sources, batch
//   inference input/output) point at, read region by region with the same describes the SageMaker
//   probes make;
// - aiBuckets: the account's buckets that are referenced, named sagemaker-<region>-<account>,
//   or carry a user tag selector (--scope-tag key=value).
// Object contents are never read: only bucket-level configuration and resource descriptions.
import type {
  GetModelCustomizationJobCommandInput,
  GetModelCustomizationJobCommandOutput,
  ListModelCustomizationJobsCommandInput,
  ListModelCustomizationJobsCommandOutput,
  ListModelInvocationJobsCommandInput,
  ListModelInvocationJobsCommandOutput,
} from '@aws-sdk/client-bedrock';
import type {
  GetDataSourceCommandInput,
  GetDataSourceCommandOutput,
  ListDataSourcesCommandInput,
  ListDataSourcesCommandOutput,
  ListKnowledgeBasesCommandInput,
  ListKnowledgeBasesCommandOutput,
} from '@aws-sdk/client-bedrock-agent';
import type {
  GetBucketEncryptionCommandInput,
  GetBucketEncryptionCommandOutput,
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
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { next_token, op } from '../../src/aws/ops.js';
import { defineFact, type CollectContext } from '../../src/engine/probe.js';
import { describeCause, fanOut, filterList, known, mapEv, sortCauses, U, unknown, type Cause, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { defaultEncryption, type DefaultEncryption } from '../rules/bucket-encryption.js';
import { destinationName, type ReplicationEvidence, type Where } from '../rules/replication.js';
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
// NoSuchBucket: not a bucket anyone owns any more (a name in a stale configuration).
export const GetBucketLocation = op<GetBucketLocationCommandInput, GetBucketLocationCommandOutput>('s3', 'GetBucketLocation', { scope: 'global', absent: [{ name: 'NoSuchBucket' }] });
export const GetBucketTagging = op<GetBucketTaggingCommandInput, GetBucketTaggingCommandOutput>('s3', 'GetBucketTagging', { absent: [{ name: 'NoSuchTagSet' }] });
export const GetBucketVersioning = op<GetBucketVersioningCommandInput, GetBucketVersioningCommandOutput>('s3', 'GetBucketVersioning');
export const GetBucketReplication = op<GetBucketReplicationCommandInput, GetBucketReplicationCommandOutput>('s3', 'GetBucketReplication', {
  action: 's3:GetReplicationConfiguration',
  absent: [{ name: 'ReplicationConfigurationNotFoundError' }],
});
// IAM action names differ from the operation names here (probes.md §2.4, §8).
export const GetBucketEncryption = op<GetBucketEncryptionCommandInput, GetBucketEncryptionCommandOutput>('s3', 'GetBucketEncryption', {
  action: 's3:GetEncryptionConfiguration',
  absent: [{ name: 'ServerSideEncryptionConfigurationNotFoundError' }],
});

// Bedrock data locations (probes.md §3 leaves them out; they hold training data and model inputs).
export const ListModelCustomizationJobs = op<ListModelCustomizationJobsCommandInput, ListModelCustomizationJobsCommandOutput>('bedrock', 'ListModelCustomizationJobs', { paginate: next_token });
export const GetModelCustomizationJob = op<GetModelCustomizationJobCommandInput, GetModelCustomizationJobCommandOutput>('bedrock', 'GetModelCustomizationJob', { absent: [{ name: 'ResourceNotFoundException' }] });
export const ListModelInvocationJobs = op<ListModelInvocationJobsCommandInput, ListModelInvocationJobsCommandOutput>('bedrock', 'ListModelInvocationJobs', { paginate: next_token });
export const ListKnowledgeBases = op<ListKnowledgeBasesCommandInput, ListKnowledgeBasesCommandOutput>('bedrockagent', 'ListKnowledgeBases', { paginate: next_token });
export const ListDataSources = op<ListDataSourcesCommandInput, ListDataSourcesCommandOutput>('bedrockagent', 'ListDataSources', { paginate: next_token });
export const GetDataSource = op<GetDataSourceCommandInput, GetDataSourceCommandOutput>('bedrockagent', 'GetDataSource', { absent: [{ name: 'ResourceNotFoundException' }] });

/** Describe calls per resource type and region; the most recent are kept when a cap is hit. */
export const DESCRIBE_CAP = 200;
/** Buckets whose tags are read for the tag selector. */
export const TAG_READ_CAP = 1000;
/** Bedrock model customization jobs described per region (newest first, within the job window). */
export const CUSTOMIZATION_JOB_CAP = 50;
/** Bedrock batch inference jobs read per region (newest first, within the job window). */
export const BATCH_JOB_CAP = 100;
/** Knowledge bases per region, and S3 data sources per knowledge base, read newest first. */
export const KNOWLEDGE_BASE_CAP = 50;
export const DATA_SOURCE_CAP = 20;

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
  | 'bedrock-training-data'
  | 'bedrock-validation-data'
  | 'bedrock-customization-output'
  | 'knowledge-base-data'
  | 'batch-inference-input'
  | 'batch-inference-output'
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
  /** Referenced but not in the (incomplete) bucket list: located with GetBucketLocation, owner unconfirmed. */
  unconfirmed?: boolean;
}

export interface AiBuckets {
  all: AccountBucket[];
  /** False when ListBuckets (or a bucket's location) could not be read: `all` may miss buckets. */
  allComplete: boolean;
  allCauses: Cause[];
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
  // A malformed answer is an error (ERROR where it is read), never a region that is not a name.
  if (typeof loc !== 'string') throw new Error(`GetBucketLocation answered a LocationConstraint that is not a string (${typeof loc})`);
  return loc === 'EU' ? 'eu-west-1' : loc;
}

/** A cause that, for a bucket this account does not list, means "another account's bucket": refused or redirected. */
function foreignCause(c: Cause): boolean {
  return c.kind === 'denied' || /PermanentRedirect|NoSuchBucket|\b301\b/.test(c.detail);
}

/**
 * Where a bucket named in a configuration lives: its region when this account lists it or
 * GetBucketLocation answers; `foreign` when the complete bucket list lacks it and AWS refuses to
 * say (another account's log archive or replica); unknown when that cannot be told apart from a
 * call this scan failed to make. GetBucketLocation is asked only for buckets the account does not list.
 */
export async function locateBucket(ctx: CollectContext, name: string, account: AccountBuckets): Promise<Ev<Where>> {
  const own = account.buckets.find((b) => b.name === name);
  if (own) return known({ region: own.region });
  const arn = bucketArn(ctx.partition, name);
  const loc = await ctx.readOrAbsent(GetBucketLocation, { Bucket: name }, { resource: arn });
  if (loc.known) return known(isAbsent(loc.value) ? { foreign: 'NoSuchBucket' } : { region: regionOfLocation(loc.value.LocationConstraint) });
  if (!loc.causes.every(foreignCause)) return loc;
  // Refused: another account's bucket, unless the unread part of our own list holds it.
  return account.complete ? known({ foreign: loc.causes.every((c) => c.kind === 'denied') ? 'AccessDenied' : 'PermanentRedirect' }) : unknown([...account.causes, ...loc.causes]);
}


export const accountBuckets = defineFact<AccountBuckets>({
  id: 'account-buckets',
  scope: 'global',
  calls: [ListBuckets, GetBucketLocation],
  async collect(ctx) {
    const listed = filterList(await ctx.list(ListBuckets, { MaxBuckets: 1000 }, 'Buckets'), (b) => !!b.Name);
    const located = await fanOut(listed, async (b): Promise<Ev<AccountBucket | null>> => {
      const name = b.Name as string;
      const arn = b.BucketArn || bucketArn(ctx.partition, name);
      // BucketRegion comes with ListBuckets; ask GetBucketLocation only if it is missing.
      if (b.BucketRegion) return known({ name, region: b.BucketRegion, arn });
      // NoSuchBucket: deleted since it was listed.
      return mapEv(await ctx.readOrAbsent(GetBucketLocation, { Bucket: name }, { resource: arn }), (loc) => (isAbsent(loc) ? null : { name, region: regionOfLocation(loc.LocationConstraint), arn }));
    });
    const buckets = located.items.filter((b): b is AccountBucket => b !== null).sort((a, b) => a.name.localeCompare(b.name));
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

/**
 * Bedrock's S3 locations in one region: invocation-log buckets, model customization training,
 * validation and output data (GetModelCustomizationJob), batch inference input and output
 * (ListModelInvocationJobs carries them) and knowledge-base S3 data sources (bedrock-agent).
 * Jobs are read newest first within the job window, knowledge bases and data sources newest
 * first by last update; each cap cuts the same way on every scan of the same answers.
 */
async function bedrockRefs(ctx: CollectContext, add: Add, notes: string[], causes: Cause[]): Promise<void> {
  const region = ctx.region;
  const since = windowStart(ctx.now, ctx.settings.jobWindowDays);
  const window = `in the last ${ctx.settings.jobWindowDays} days`;
  const [logging, custom, batch, kbs] = await Promise.all([
    ctx.read(GetModelInvocationLoggingConfiguration, {}),
    // One page of the newest jobs: maxResults is the cap (Bedrock allows up to 1000 a page).
    ctx.read(ListModelCustomizationJobs, { creationTimeAfter: since, sortBy: 'CreationTime', sortOrder: 'Descending', maxResults: CUSTOMIZATION_JOB_CAP }),
    ctx.read(ListModelInvocationJobs, { submitTimeAfter: since, sortBy: 'CreationTime', sortOrder: 'Descending', maxResults: BATCH_JOB_CAP }),
    ctx.list(ListKnowledgeBases, { maxResults: 100 }, 'knowledgeBaseSummaries'),
  ]);

  if (!logging.known) causes.push(...logging.causes);
  else {
    const cfg = logging.value.loggingConfig;
    const s3 = cfg?.s3Config?.bucketName;
    if (s3) add(`s3://${s3}`, 'bedrock-invocation-logs', `Bedrock invocation logging (${region})`);
    const large = cfg?.cloudWatchConfig?.largeDataDeliveryS3Config?.bucketName;
    if (large) add(`s3://${large}`, 'bedrock-invocation-logs', `Bedrock large-payload log delivery (${region})`);
  }

  if (!batch.known) causes.push(...batch.causes);
  else {
    const jobs = batch.value.invocationJobSummaries ?? [];
    if (batch.value.nextToken) notes.push(`${region}: only the ${BATCH_JOB_CAP} most recent Bedrock batch inference jobs ${window} were read for bucket references`);
    for (const j of jobs) {
      const src = `Bedrock batch inference job ${j.jobName} (${region})`;
      add(j.inputDataConfig?.s3InputDataConfig?.s3Uri, 'batch-inference-input', src);
      add(j.outputDataConfig?.s3OutputDataConfig?.s3Uri, 'batch-inference-output', src);
    }
  }

  const customJobs = async () => {
    if (!custom.known) return void causes.push(...custom.causes);
    if (custom.value.nextToken) notes.push(`${region}: only the ${CUSTOMIZATION_JOB_CAP} most recent Bedrock model customization jobs ${window} were described for bucket references`);
    const summaries = (custom.value.modelCustomizationJobSummaries ?? []).filter((j) => j.jobArn);
    const described = await fanOut(summaries, async (j) => ctx.readOrAbsent(GetModelCustomizationJob, { jobIdentifier: j.jobArn }, { resource: j.jobArn }));
    causes.push(...described.causes);
    for (const d of described.items) {
      if (isAbsent(d)) continue;
      const src = `Bedrock customization job ${d.jobName} (${region})`;
      add(d.trainingDataConfig?.s3Uri, 'bedrock-training-data', src);
      add(d.trainingDataConfig?.invocationLogsConfig?.invocationLogSource?.s3Uri, 'bedrock-training-data', src);
      for (const v of d.validationDataConfig?.validators ?? []) add(v.s3Uri, 'bedrock-validation-data', src);
      add(d.outputDataConfig?.s3Uri, 'bedrock-customization-output', src);
    }
  };

  const knowledgeBases = async () => {
    causes.push(...kbs.causes);
    const newest = <X>(xs: X[], at: (x: X) => Date | undefined, name: (x: X) => string) => [...xs].sort((a, b) => (at(b)?.getTime() ?? 0) - (at(a)?.getTime() ?? 0) || name(a).localeCompare(name(b)));
    const bases = newest(kbs.items.filter((k) => k.knowledgeBaseId), (k) => k.updatedAt, (k) => k.knowledgeBaseId ?? '');
    if (bases.length > KNOWLEDGE_BASE_CAP) notes.push(`${region}: only the ${KNOWLEDGE_BASE_CAP} most recently updated of ${bases.length} knowledge bases were read for bucket references`);
    await Promise.all(
      bases.slice(0, KNOWLEDGE_BASE_CAP).map(async (kb) => {
        const id = kb.knowledgeBaseId as string;
        const sources = await ctx.list(ListDataSources, { knowledgeBaseId: id, maxResults: 100 }, 'dataSourceSummaries', { resource: id });
        causes.push(...sources.causes);
        const picked = newest(sources.items.filter((d) => d.dataSourceId), (d) => d.updatedAt, (d) => d.dataSourceId ?? '');
        if (picked.length > DATA_SOURCE_CAP) notes.push(`${region}: only the ${DATA_SOURCE_CAP} most recently updated data sources of knowledge base ${kb.name ?? id} were read`);
        const read = await fanOut(picked.slice(0, DATA_SOURCE_CAP), (d) => ctx.readOrAbsent(GetDataSource, { knowledgeBaseId: id, dataSourceId: d.dataSourceId }, { resource: `${id}/${d.dataSourceId}` }));
        causes.push(...read.causes);
        for (const d of read.items) {
          if (isAbsent(d)) continue;
          const arn = d.dataSource?.dataSourceConfiguration?.s3Configuration?.bucketArn;
          add(arn ? `s3://${destinationName(arn)}` : undefined, 'knowledge-base-data', `knowledge base ${kb.name ?? id} data source ${d.dataSource?.name ?? d.dataSource?.dataSourceId} (${region})`);
        }
      }),
    );
  };
  await Promise.all([customJobs(), knowledgeBases()]);
}

/** The S3 locations SageMaker and Bedrock point at in one region. */
export const aiBucketRefsRegion = defineFact<RegionBucketRefs>({
  id: 'ai-bucket-refs-region',
  scope: 'regional',
  calls: [
    DescribeModel,
    DescribeTrainingJob,
    ListLabelingJobs,
    ListMonitoringSchedules,
    DescribeMonitoringSchedule,
    GetModelInvocationLoggingConfiguration,
    ListModelCustomizationJobs,
    GetModelCustomizationJob,
    ListModelInvocationJobs,
    ListKnowledgeBases,
    ListDataSources,
    GetDataSource,
  ],
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
    await Promise.all([sageMakerRefs(ctx, add, notes, found), bedrockRefs(ctx, add, notes, found)]);
    // A region the scan cannot reach there (service absent, region off, SCP) holds no reference it could read.
    const causes: Cause[] = [];
    for (const c of sortCauses(found)) {
      if (ctx.regionUnreachable([c], ctx.region) || c.kind === 'unavailable') notes.push(`${c.action} not read in ${ctx.region}: ${c.detail}`);
      else causes.push(c);
    }
    return { refs: dedupe(refs.sort(byRef)), unknown: causes.map(describeCause), causes, notes: [...new Set(notes)].sort() };
  },
});

const byRef = (a: BucketRef, b: BucketRef) => a.bucket.localeCompare(b.bucket) || a.source.localeCompare(b.source) || a.use.localeCompare(b.use);

/** Every region's references, for the account-wide bucket scope. */
export const aiBucketRefs = defineFact<AiBucketRefs>({
  id: 'ai-bucket-refs',
  scope: 'global',
  calls: [],
  uses: [aiBucketRefsRegion],
  async collect(ctx) {
    const perRegion = await Promise.all(ctx.regions.map((region) => ctx.use(aiBucketRefsRegion, { region })));
    const refs = perRegion.flatMap((r) => r.refs).sort(byRef);
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

/**
 * Where every referenced bucket is (GetBucketLocation), read whatever ListBuckets answers: a
 * denied or cut bucket list still leaves the referenced buckets judged, and a replay of a scan
 * whose list was complete still has the answers. The S3 probes read this fact beside the scope.
 */
export const aiBucketLocations = defineFact<{ byName: Record<string, Ev<GetBucketLocationCommandOutput | Absent>> }>({
  id: 'ai-bucket-locations',
  scope: 'global',
  calls: [GetBucketLocation],
  uses: [aiBucketRefs],
  async collect(ctx) {
    const refs = await ctx.use(aiBucketRefs);
    const names = [...new Set(refs.refs.map((x) => x.bucket))].sort();
    const locs = await Promise.all(names.map((n) => ctx.readOrAbsent(GetBucketLocation, { Bucket: n }, { resource: bucketArn(ctx.partition, n) })));
    return { byName: Object.fromEntries(names.map((n, i) => [n, locs[i]])) };
  },
});

export const aiBuckets = defineFact<AiBuckets>({
  id: 'ai-buckets',
  scope: 'global',
  calls: [GetBucketTagging],
  uses: [accountBuckets, aiBucketRefs, aiBucketLocations],
  async collect(ctx) {
    const [account, refs] = await Promise.all([ctx.use(accountBuckets), ctx.use(aiBucketRefs)]);
    // Locations are waited for only when the bucket list is incomplete: otherwise the per-bucket
    // reads start without them (the probes read them beside, so the calls are always made).
    const located = new Map(Object.entries(account.complete ? {} : (await ctx.use(aiBucketLocations)).byName));
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
      const tags = await Promise.all(toRead.map((b) => ctx.readOrAbsent(GetBucketTagging, { Bucket: b.name }, { region: b.region, resource: b.arn })));
      toRead.forEach((b, i) => {
        const t = tags[i];
        if (!t.known) {
          // A bucket deleted since it was listed has no tags to read.
          if (!t.causes.every((c) => /NoSuchBucket/.test(c.detail))) causes.push(...t.causes);
          return;
        }
        if (isAbsent(t.value)) return;
        for (const s of selectors) if (t.value.TagSet?.some((x) => x.Key === s.key && x.Value === s.value)) mark(b.name, 'scope-tag', `tag ${s.key}=${s.value}`);
      });
    }

    const ai: AiBucket[] = [];
    const foreign: AiBuckets['foreign'] = [];
    for (const [name, e] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
      const own = owned.get(name);
      const loc = located.get(name);
      if (own) ai.push({ ...own, uses: [...e.uses].sort(), sources: [...e.sources].sort() });
      // Not in an incomplete bucket list, but AWS says where it is: judged, its ownership unconfirmed.
      else if (!account.complete && loc?.known && !isAbsent(loc.value)) {
        const region = regionOfLocation(loc.value.LocationConstraint);
        ai.push({ name, region, arn: bucketArn(ctx.partition, name), uses: [...e.uses].sort(), sources: [...e.sources].sort(), unconfirmed: true });
      } else foreign.push({ name, sources: [...e.sources].sort() });
    }
    const sorted = sortCauses(causes);
    return { all: buckets, allComplete: account.complete, allCauses: account.causes, ai, foreign, unknown: sorted.map(describeCause), causes: sorted, notes: notes.sort() };
  },
});

export interface BucketScope {
  buckets: AiBucket[];
  /** True when no AI bucket was found and every bucket is judged instead. */
  everyBucket: boolean;
  /** One line on how the scope was chosen, for reasons. */
  note: string;
  /** The unread rest of the scope: U when sources or the bucket list could not be read (empty when complete). */
  rest: Tri[];
  /**
   * Judging every bucket stands in for an AI scope that was not identified: a failing bucket
   * decides only when the scope is known to hold no AI bucket (it may be outside the real scope).
   */
  scopeCauses: Cause[];
}

/** The buckets an S3 probe judges: the AI buckets, or every bucket when none was identified. */
export function bucketScope(f: AiBuckets): BucketScope {
  if (f.ai.length) {
    return { buckets: f.ai, everyBucket: false, note: `${f.ai.length} AI bucket(s)`, rest: f.causes.length ? [U(f.causes, 'AI buckets the scope could not identify')] : [], scopeCauses: [] };
  }
  // Every bucket listed is judged: only an incomplete list leaves buckets unjudged.
  const listed = new Set(f.allCauses.map((c) => `${c.action}|${c.region}|${c.resource ?? ''}`));
  const refCauses = f.causes.filter((c) => !listed.has(`${c.action}|${c.region}|${c.resource ?? ''}`));
  return {
    buckets: f.all.map((b) => ({ ...b, uses: [], sources: ['every bucket judged: no AI-related bucket identified'] })),
    everyBucket: true,
    note: 'no AI-related bucket identified (SageMaker and Bedrock references, sagemaker-<region>-<account> name, --scope-tag), so every bucket is judged',
    rest: f.allComplete ? [] : [U(f.allCauses, 'buckets the account list did not return')],
    scopeCauses: refCauses,
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
  return b.sources.slice(0, 2).join('; ') + (b.sources.length > 2 ? `; +${b.sources.length - 2} more` : '') + (b.unconfirmed ? '; not in the bucket list, owner unconfirmed' : '');
}

/**
 * What the S3 Cross-Region Replication rule reads about one bucket (checks/rules/replication.ts),
 * shared by the S3 Cross-Region Replication and Backup probes so both judge the same answers.
 * Every source bucket's versioning, replication and default encryption are read; destination
 * regions only for destinations this account does not list.
 */
export async function readReplication(ctx: CollectContext, b: AccountBucket, account: AccountBuckets): Promise<ReplicationEvidence> {
  const at = { region: b.region, resource: b.arn };
  const [versioning, replication, encryption] = await Promise.all([
    ctx.read(GetBucketVersioning, { Bucket: b.name }, at),
    ctx.readOrAbsent(GetBucketReplication, { Bucket: b.name }, at),
    ctx.readOrAbsent(GetBucketEncryption, { Bucket: b.name }, at).then((e): Ev<DefaultEncryption> => mapEv(e, defaultEncryption)),
  ]);
  const rules = replication.known && !isAbsent(replication.value) ? (replication.value.ReplicationConfiguration?.Rules ?? []) : [];
  const names = [...new Set(rules.map((r) => destinationName(r.Destination?.Bucket)).filter(Boolean))].sort();
  const where = await Promise.all(names.map((n) => locateBucket(ctx, n, account)));
  return { name: b.name, region: b.region, versioning, replication, encryption, destinations: Object.fromEntries(names.map((n, i) => [n, where[i]])) };
}

