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
import type { ResourceResult, Status } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, notInUse, pass } from '../../src/engine/probe.js';
import { describeWorkload, GONE, hasSageMakerWorkload, listNewest, sagemakerInventory, someOf, windowStart } from '../facts/sagemaker-inventory.js';

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
  workload: string | null;
  windowDays: number;
  jobs: LabelingJobFacts[];
  truncated: boolean;
  privateWorkteams: number;
}

function judge(j: LabelingJobFacts, reviewedOutputs: Set<string>): ResourceResult {
  if (j.status !== 'Completed') return { id: j.arn, status: 'NOT_APPLICABLE', reason: `labeling job ${j.name}: ${j.status ?? 'unknown status'}, judged once completed` };
  const gaps: string[] = [];
  const good: string[] = [];
  if (j.review) good.push('verification/adjustment job');
  else if ((j.workersPerObject ?? 0) >= 2) good.push(`${j.workersPerObject} workers per object with consolidation`);
  else if (j.outputManifest && reviewedOutputs.has(j.outputManifest)) good.push('single annotator, output verified by a later job');
  else gaps.push(`${j.workersPerObject ?? '?'} worker per object and no verification job on its output`);
  if (!j.outputKms) gaps.push('output not encrypted with a KMS key');
  else good.push('output KMS-encrypted');
  const status: Status = gaps.length ? 'FAIL' : 'PASS';
  return { id: j.arn, status, reason: `labeling job ${j.name}: ${(gaps.length ? gaps : good).join(', ')}` };
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
    const [inv, listed, teams] = await Promise.all([ctx.use(sagemakerInventory), listNewest(ctx, ListLabelingJobs, { CreationTimeAfter: since, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'LabelingJobSummaryList', LABELING_JOB_CAP), ctx.all(ListWorkteams, {}, 'Workteams')]);
    const jobs = await Promise.all(
      listed.items.map(async (s): Promise<LabelingJobFacts | null> => {
        const base: LabelingJobFacts = {
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
        };
        // Only completed jobs are judged, so only they are described.
        if (s.LabelingJobStatus !== 'Completed') return base;
        const d = await ctx.callOrAbsent(DescribeLabelingJob, { LabelingJobName: s.LabelingJobName });
        if (isAbsent(d)) return null;
        return {
          ...base,
          workteam: d.HumanTaskConfig?.WorkteamArn ?? base.workteam,
          review: REVIEW_LAMBDA.test(d.HumanTaskConfig?.PreHumanTaskLambdaArn ?? s.PreHumanTaskLambdaArn ?? ''),
          workersPerObject: d.HumanTaskConfig?.NumberOfHumanWorkersPerDataObject,
          outputKms: d.OutputConfig?.KmsKeyId,
          automated: !!d.LabelingJobAlgorithmsConfig,
          inputManifest: d.InputConfig?.DataSource?.S3DataSource?.ManifestS3Uri ?? base.inputManifest,
          outputManifest: d.LabelingJobOutput?.OutputDatasetS3Uri ?? base.outputManifest,
        };
      }),
    );
    return {
      workload: hasSageMakerWorkload(inv) ? describeWorkload(inv) : null,
      windowDays: ctx.settings.jobWindowDays,
      jobs: jobs.filter((j): j is LabelingJobFacts => j !== null),
      truncated: listed.truncated,
      privateWorkteams: teams.filter((t) => !PUBLIC_CROWD.test(t.WorkteamArn ?? '')).length,
    };
  },
  evaluate(f, ctx) {
    if (f.jobs.length === 0) {
      if (!f.workload) return notApplicable(`no SageMaker workloads and no labeling jobs in the last ${f.windowDays} days`);
      return notInUse(ctx, `no Ground Truth labeling jobs in the last ${f.windowDays} days (labelling may happen elsewhere; ${f.privateWorkteams} private work team(s))`);
    }
    const reviewedOutputs = new Set(f.jobs.filter((j) => j.review && j.inputManifest).map((j) => j.inputManifest as string));
    const resources = f.jobs.map((j) => judge(j, reviewedOutputs));
    const warnings: string[] = [];
    const publicJobs = f.jobs.filter((j) => PUBLIC_CROWD.test(j.workteam ?? ''));
    if (publicJobs.length) warnings.push(`${publicJobs.length} labeling job(s) used the public workforce: confirm no sensitive data was sent (${someOf(publicJobs.map((j) => j.name))})`);
    const automated = f.jobs.filter((j) => j.automated).length;
    if (automated) warnings.push(`${automated} job(s) used automated data labeling: machine-labeled objects are not human-reviewed`);
    if (f.truncated) warnings.push(`only the ${LABELING_JOB_CAP} most recent labeling jobs of the last ${f.windowDays} days were read`);
    const judged = resources.filter((r) => r.status !== 'NOT_APPLICABLE');
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${failing.length} of ${judged.length} completed labeling job(s) lack quality controls: ${someOf(failing.map((r) => r.reason))}`, 'MISCONFIGURED', { resources, warnings });
    if (judged.length === 0) return manual(`${f.jobs.length} labeling job(s) in the last ${f.windowDays} days, none completed yet: nothing to judge`, { code: 'PARTIAL', resources, warnings });
    if (f.truncated) return manual(`the ${judged.length} completed labeling job(s) read use quality controls, but older jobs in the window were not read`, { code: 'PARTIAL', resources, warnings });
    return pass(`all ${judged.length} completed labeling job(s) in the last ${f.windowDays} days use consolidation or verification and KMS-encrypted output`, { resources, warnings });
  },
});
