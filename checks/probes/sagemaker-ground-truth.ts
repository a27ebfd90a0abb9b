// Amazon SageMaker Ground Truth — A.3 training-data quality. probes.md §2.19.
// Every completed labeling job in the window used annotation consolidation (≥2 workers per
// object) or was followed by a verification/adjustment job on its output, and wrote KMS-encrypted
// output. Jobs are listed most recent first and capped; only completed ones are described.
import type {
  DescribeLabelingJobCommandInput,
  DescribeLabelingJobCommandOutput,
  ListLabelingJobsCommandInput,
  ListLabelingJobsCommandOutput,
  ListWorkteamsCommandInput,
  ListWorkteamsCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ProbeStatus, ResourceResult } from '../../src/model.js';
import { defineProbe, manual, notApplicable, notInUse, resourceOf, undecided, verdictOf } from '../../src/engine/probe.js';
import { and, completeList, every, F, fanOut, filterList, known, mapEv, T, U, unknown, unreadResources, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { describeWorkload, GONE, sageMakerWorkload, sagemakerInventory, someOf, windowStart } from '../facts/sagemaker-inventory.js';

export const ListLabelingJobs = op<ListLabelingJobsCommandInput, ListLabelingJobsCommandOutput>('sagemaker', 'ListLabelingJobs', { paginate: NEXT_TOKEN });
export const DescribeLabelingJob = op<DescribeLabelingJobCommandInput, DescribeLabelingJobCommandOutput>('sagemaker', 'DescribeLabelingJob', { absent: GONE });
export const ListWorkteams = op<ListWorkteamsCommandInput, ListWorkteamsCommandOutput>('sagemaker', 'ListWorkteams', { paginate: NEXT_TOKEN });

export const LABELING_JOB_CAP = 500;
/** Built-in pre-annotation Lambdas of verification and adjustment task types (PRE-VerificationBoundingBox …). */
const REVIEW_LAMBDA = /:function:PRE-(Verification|Adjustment)/;
/** Public (Mechanical Turk) work team ARNs; form unconfirmed (probes.md §9). */
const PUBLIC_CROWD = /public-crowd/;

export interface LabelingJobFacts {
  name: string;
  arn: string;
  status?: string;
  workteam?: string;
  review: boolean;
  workersPerObject?: number;
  outputKms?: string;
  automated: boolean;
  inputManifest?: string;
  outputManifest?: string;
  humanLabeled?: number;
  machineLabeled?: number;
}

export interface GroundTruthFacts {
  /** What SageMaker runs here (T), nothing (F), or unknown. */
  workload: Tri;
  windowDays: number;
  /** Jobs of the window, newest first; completed ones described (a failed describe is named in the causes). */
  jobs: ListEv<LabelingJobFacts>;
  /** Output manifests that a verification/adjustment job read, from the listing (summaries) alone. */
  reviewedOutputs: string[];
  truncated: boolean;
  privateWorkteams: Ev<number>;
  notes: string[];
}

function judge(j: LabelingJobFacts, reviewedOutputs: Set<string>, allRead: ListEv<unknown>): { t: Tri; result: ResourceResult } {
  if (j.status !== 'Completed') return { t: T([]), result: { id: j.arn, status: 'NOT_APPLICABLE', reason: `labeling job ${j.name}: ${j.status ?? 'unknown status'}, judged once completed` } };
  const gaps: string[] = [];
  let unread: Tri | undefined;
  const good: string[] = [];
  if (j.review) good.push('verification/adjustment job');
  else if ((j.workersPerObject ?? 0) >= 2) good.push(`${j.workersPerObject} workers per object with consolidation`);
  else if (j.outputManifest && reviewedOutputs.has(j.outputManifest)) good.push('single annotator, output verified by a later job');
  // A verification job of the window that was not listed could still cover this one.
  else if (!allRead.complete) unread = U(allRead.causes, `whether a verification job read ${j.name}'s output`);
  else gaps.push(`${j.workersPerObject ?? '?'} worker per object and no verification job on its output`);
  if (!j.outputKms) gaps.push('output not encrypted with a KMS key');
  else good.push('output KMS-encrypted');
  const t = gaps.length ? F(gaps) : unread ?? T(good);
  return { t, result: t.v === 'U' ? resourceOf(j.arn, undefined, t, `labeling job ${j.name}`) : { id: j.arn, status: t.v === 'F' ? 'FAIL' : 'PASS', reason: `labeling job ${j.name}: ${t.why.join(', ')}` } };
}

export default defineProbe<GroundTruthFacts>({
  id: 'sagemaker-ground-truth',
  service: 'Amazon SageMaker Ground Truth',
  title: 'Ground Truth labeling jobs use quality controls and encrypted output',
  severity: 'low',
  remediation: 'Create labeling jobs with NumberOfHumanWorkersPerDataObject ≥ 2 (annotation consolidation) or chain a label verification job on their output, and set an output KMS key: SageMaker console → Ground Truth → Labeling jobs → Create (Workers per dataset object; Output encryption key), or `aws sagemaker create-labeling-job --human-task-config NumberOfHumanWorkersPerDataObject=3 --output-config KmsKeyId=…`.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListLabelingJobs, DescribeLabelingJob, ListWorkteams],
  uses: [sagemakerInventory],
  async collect(ctx) {
    const since = windowStart(ctx.now, ctx.settings.jobWindowDays);
    const notes: string[] = [];
    // Same input as the AI bucket scope's read of labeling jobs: one call for both.
    const [inv, listedRaw, teams] = await Promise.all([
      ctx.use(sagemakerInventory),
      ctx.listNewest(ListLabelingJobs, { CreationTimeAfter: since, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'LabelingJobSummaryList', LABELING_JOB_CAP),
      ctx.list(ListWorkteams, {}, 'Workteams'),
    ]);
    // Ground Truth is not offered everywhere SageMaker is: there, no labeling jobs.
    const offered = listedRaw.complete || !listedRaw.causes.every((c) => c.kind === 'unavailable');
    if (!offered) notes.push('Ground Truth is not offered in this region');
    const listed = offered ? listedRaw : { ...completeList<(typeof listedRaw.items)[number]>([]), truncated: false };
    const bases = listed.items.map((s): LabelingJobFacts => ({
      name: s.LabelingJobName ?? '',
      arn: s.LabelingJobArn ?? s.LabelingJobName ?? '',
      status: s.LabelingJobStatus,
      workteam: s.WorkteamArn,
      review: REVIEW_LAMBDA.test(s.PreHumanTaskLambdaArn ?? ''),
      automated: false,
      inputManifest: s.InputConfig?.DataSource?.S3DataSource?.ManifestS3Uri,
      outputManifest: s.LabelingJobOutput?.OutputDatasetS3Uri,
      humanLabeled: s.LabelCounters?.HumanLabeled,
      machineLabeled: s.LabelCounters?.MachineLabeled,
    }));
    const jobs = await fanOut({ ...listed, items: bases }, async (base): Promise<Ev<LabelingJobFacts | null>> => {
      // Only completed jobs are judged, so only they are described.
      if (base.status !== 'Completed') return known(base);
      return mapEv(await ctx.readOrAbsent(DescribeLabelingJob, { LabelingJobName: base.name }, { resource: base.arn }), (d) =>
        isAbsent(d)
          ? null
          : {
              ...base,
              workteam: d.HumanTaskConfig?.WorkteamArn ?? base.workteam,
              review: base.review || REVIEW_LAMBDA.test(d.HumanTaskConfig?.PreHumanTaskLambdaArn ?? ''),
              workersPerObject: d.HumanTaskConfig?.NumberOfHumanWorkersPerDataObject,
              outputKms: d.OutputConfig?.KmsKeyId,
              automated: !!d.LabelingJobAlgorithmsConfig,
              inputManifest: d.InputConfig?.DataSource?.S3DataSource?.ManifestS3Uri ?? base.inputManifest,
              outputManifest: d.LabelingJobOutput?.OutputDatasetS3Uri ?? base.outputManifest,
            },
      );
    });
    const workload = sageMakerWorkload(inv);
    return {
      workload: workload.v === 'T' ? T(describeWorkload(inv)) : workload,
      windowDays: ctx.settings.jobWindowDays,
      jobs: filterList(jobs, (j): j is LabelingJobFacts => j !== null) as ListEv<LabelingJobFacts>,
      // From the summaries (a review job whose describe failed still counts) and the describes.
      reviewedOutputs: [...new Set([...bases, ...jobs.items.filter((j): j is LabelingJobFacts => j !== null)].filter((j) => j.review && j.inputManifest).map((j) => j.inputManifest as string))].sort(),
      truncated: listed.truncated,
      privateWorkteams: teams.complete ? known(teams.items.filter((t) => !PUBLIC_CROWD.test(t.WorkteamArn ?? '')).length) : unknown(teams.causes),
      notes,
    };
  },
  evaluate(f, ctx) {
    const teams = f.privateWorkteams.known ? `${f.privateWorkteams.value} private work team(s)` : 'work teams not read: sagemaker:ListWorkteams refused';
    if (f.jobs.items.length === 0) {
      const none = every(f.jobs, () => T([]), 'labeling jobs not all read');
      if (none.v === 'U') return undecided(none.causes, `no labeling job read in the last ${f.windowDays} days`);
      if (f.workload.v === 'F') return notApplicable(`no SageMaker workloads and no labeling jobs in the last ${f.windowDays} days`, { warnings: f.notes });
      // Either way it is the unused-service verdict or NOT_APPLICABLE: the engine decides the check when the regions agree.
      if (f.workload.v === 'U') return undecided(f.workload.causes, 'cannot tell whether labeling applies: no labeling jobs, and the SageMaker inventory could not be read', { possible: [notInUse(ctx, '').status as ProbeStatus, 'NOT_APPLICABLE'] });
      return notInUse(ctx, `no Ground Truth labeling jobs in the last ${f.windowDays} days (labelling may happen elsewhere; ${teams})`, { warnings: f.notes });
    }
    const reviewedOutputs = new Set(f.reviewedOutputs);
    const judged = f.jobs.items.map((j) => judge(j, reviewedOutputs, f.jobs));
    const resources = judged.map((j) => j.result);
    for (const u of unreadResources(f.jobs, (id) => `labeling job ${id ?? ''}`.trim())) resources.push(resourceOf(u.id, u.region, U(u.causes), u.label));
    const warnings: string[] = [...f.notes];
    const publicJobs = f.jobs.items.filter((j) => PUBLIC_CROWD.test(j.workteam ?? ''));
    if (publicJobs.length) warnings.push(`${publicJobs.length} labeling job(s) used the public workforce: confirm no sensitive data was sent (${someOf(publicJobs.map((j) => j.name))})`);
    const automated = f.jobs.items.filter((j) => j.automated).length;
    if (automated) warnings.push(`${automated} job(s) used automated data labeling: machine-labeled objects are not human-reviewed`);
    if (f.truncated) warnings.push(`only the ${LABELING_JOB_CAP} most recent labeling jobs of the last ${f.windowDays} days were read`);
    const all = and(every(f.jobs, () => T([]), 'labeling jobs not all read'), ...judged.map((j) => j.t));
    const completed = resources.filter((r) => r.status !== 'NOT_APPLICABLE');
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (all.v === 'T' && completed.length === 0) return manual(`${f.jobs.items.length} labeling job(s) in the last ${f.windowDays} days, none completed yet: nothing to judge`, { code: 'PARTIAL', resources, warnings });
    if (all.v === 'T' && f.truncated) return manual(`the ${completed.length} completed labeling job(s) read use quality controls, but older jobs in the window were not read`, { code: 'PARTIAL', resources, warnings });
    return verdictOf(
      all,
      {
        pass: () => `all ${completed.length} completed labeling job(s) in the last ${f.windowDays} days use consolidation or verification and KMS-encrypted output`,
        fail: () => `${failing.length} of ${completed.length} completed labeling job(s) lack quality controls: ${someOf(failing.map((r) => r.reason))}`,
        code: 'MISCONFIGURED',
        undecided: () => `${resources.filter((r) => r.status === 'ERROR').length} labeling job(s) could not be judged`,
      },
      { resources, warnings },
    );
  },
});
