// Amazon SageMaker Clarify — A.2 impact (bias), A.7 explainability for reviewers, A.8 reports for
// stakeholders. probes.md §2.15. Clarify has no API of its own: its use shows as processing jobs
// running the Clarify image, bias/explainability monitoring, and online explainers on endpoints.
// Processing jobs cannot be told apart as bias or explainability without reading their
// analysis_config.json from S3, which this scanner deliberately does not do.
import type {
  ListModelBiasJobDefinitionsCommandInput,
  ListModelBiasJobDefinitionsCommandOutput,
  ListModelExplainabilityJobDefinitionsCommandInput,
  ListModelExplainabilityJobDefinitionsCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, pass, type EvalContext } from '../../src/engine/probe.js';
import { sagemakerEndpointDetails } from '../facts/sagemaker-endpoint-details.js';
import { describeWorkload, hasSageMakerWorkload, sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';
import { CLARIFY_IMAGE, PROCESSING_JOB_CAP, sagemakerProcessingJobs, type ProcessingJobFacts } from '../facts/sagemaker-processing-jobs.js';
import { ListMonitoringSchedules } from './sagemaker-model-monitor.js';
import { mustAll } from '../../src/engine/evidence.js';

export const ListModelBiasJobDefinitions = op<ListModelBiasJobDefinitionsCommandInput, ListModelBiasJobDefinitionsCommandOutput>('sagemaker', 'ListModelBiasJobDefinitions', { paginate: NEXT_TOKEN });
export const ListModelExplainabilityJobDefinitions = op<ListModelExplainabilityJobDefinitionsCommandInput, ListModelExplainabilityJobDefinitionsCommandOutput>('sagemaker', 'ListModelExplainabilityJobDefinitions', { paginate: NEXT_TOKEN });

interface ScheduleRef {
  name: string;
  endpointName?: string;
}

export interface ClarifyFacts {
  /** What SageMaker runs here, or null when nothing. */
  workload: string | null;
  windowDays: number;
  jobs: ProcessingJobFacts[];
  jobsTruncated: boolean;
  biasDefinitions: number;
  explainabilityDefinitions: number;
  /** Scheduled (active) monitoring schedules of each Clarify type. */
  biasSchedules: ScheduleRef[];
  explainabilitySchedules: ScheduleRef[];
  endpoints: { name: string; arn: string; explainer: boolean }[];
}

const MANUAL_CONTENT = 'report contents, fairness thresholds and their sharing with reviewers and stakeholders need attestation (Clarify outputs live in S3 and are not read)';

function evidence(f: ClarifyFacts): string {
  const completed = f.jobs.filter((j) => j.status === 'Completed').length;
  return `${completed} completed Clarify job(s) in ${f.windowDays} days, ${f.biasSchedules.length} bias and ${f.explainabilitySchedules.length} explainability schedule(s), ${f.endpoints.filter((e) => e.explainer).length} online explainer(s)`;
}

/** No artefact meets the control: NOT_APPLICABLE without a workload, else FAIL — or MANUAL if the job list was cut. */
function shortfall(f: ClarifyFacts, what: string, extra: Partial<Verdict>): Verdict {
  const anyArtefact = f.jobs.length + f.biasDefinitions + f.explainabilityDefinitions + f.biasSchedules.length + f.explainabilitySchedules.length > 0 || f.endpoints.some((e) => e.explainer);
  if (!f.workload && !anyArtefact) return notApplicable('no SageMaker workloads and no Clarify artefacts in this region');
  if (f.jobsTruncated) return manual(`${what} among the ${PROCESSING_JOB_CAP} most recent processing jobs read (more exist in the window): check the older ones`, { code: 'PARTIAL', ...extra });
  const ranButFailed = f.jobs.length > 0 && !f.jobs.some((j) => j.status === 'Completed');
  const context = f.workload ? `SageMaker in use (${f.workload}) but ` : '';
  return fail(`${context}${what}`, ranButFailed ? 'MISCONFIGURED' : 'NOT_IN_USE', extra);
}

function a7(f: ClarifyFacts, completed: ProcessingJobFacts[], warnings: string[]): Verdict {
  let unlinked = 0;
  const resources: ResourceResult[] = f.endpoints.map((e) => {
    const sched = f.explainabilitySchedules.filter((s) => s.endpointName === e.name);
    if (e.explainer) return { id: e.arn, status: 'PASS', reason: `endpoint ${e.name}: online Clarify explainer configured` };
    if (sched.length) return { id: e.arn, status: 'PASS', reason: `endpoint ${e.name}: explainability schedule ${sched.map((s) => s.name).join(', ')}` };
    if (completed.length) {
      unlinked += 1;
      return { id: e.arn, status: 'PASS', reason: `endpoint ${e.name}: ${completed.length} completed Clarify job(s) in the window (the API does not link jobs to endpoints)` };
    }
    return { id: e.arn, status: 'FAIL', reason: `endpoint ${e.name}: no online explainer, explainability schedule or Clarify job` };
  });
  if (unlinked) warnings.push(`${unlinked} endpoint(s) pass on Clarify jobs the API cannot tie to them: confirm those jobs cover their models`);
  if (f.endpoints.length === 0) {
    if (completed.length || f.explainabilitySchedules.length) return pass(`no in-service endpoints; ${evidence(f)}`, { warnings });
    return shortfall(f, 'no Clarify explainability artefact (job, schedule or online explainer)', { warnings });
  }
  const failing = resources.filter((r) => r.status === 'FAIL');
  if (failing.length) return shortfall(f, `${failing.length} of ${f.endpoints.length} in-service endpoint(s) without explainability: ${someOf(failing.map((r) => r.reason))}`, { resources, warnings });
  return pass(`all ${f.endpoints.length} in-service endpoint(s) have Clarify explainability; ${evidence(f)}`, { resources, warnings });
}

export default defineProbe<ClarifyFacts>({
  id: 'sagemaker-clarify',
  service: 'Amazon SageMaker Clarify',
  title: 'SageMaker Clarify bias and explainability analyses are run and kept',
  severity: 'medium',
  remediation: 'Run SageMaker Clarify bias and explainability analyses on training data and models (SageMaker Studio → Clarify, a ClarifyCheck pipeline step, or `sagemaker.clarify.SageMakerClarifyProcessor`), add online explainability to endpoints (ExplainerConfig in `aws sagemaker create-endpoint-config`) or a ModelExplainability monitoring schedule, and share the reports with reviewers.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [ListModelBiasJobDefinitions, ListModelExplainabilityJobDefinitions, ListMonitoringSchedules],
  uses: [sagemakerInventory, sagemakerEndpointDetails, sagemakerProcessingJobs],
  async collect(ctx) {
    const [inv, details, processing, bias, explain, schedules] = await Promise.all([
      ctx.use(sagemakerInventory),
      ctx.use(sagemakerEndpointDetails),
      ctx.use(sagemakerProcessingJobs),
      ctx.all(ListModelBiasJobDefinitions, {}, 'JobDefinitionSummaries'),
      ctx.all(ListModelExplainabilityJobDefinitions, {}, 'JobDefinitionSummaries'),
      // Same input as the Model Monitor probe: one call, filtered here by type.
      ctx.all(ListMonitoringSchedules, { MaxResults: 100 }, 'MonitoringScheduleSummaries'),
    ]);
    const active = (type: string) =>
      schedules.filter((s) => s.MonitoringType === type && s.MonitoringScheduleStatus === 'Scheduled').map((s) => ({ name: s.MonitoringScheduleName ?? '', endpointName: s.EndpointName }));
    return {
      workload: hasSageMakerWorkload(inv) ? describeWorkload(inv) : null,
      windowDays: processing.windowDays,
      jobs: processing.jobs.filter((j) => CLARIFY_IMAGE.test(j.imageUri ?? '')),
      jobsTruncated: processing.truncated,
      biasDefinitions: bias.length,
      explainabilityDefinitions: explain.length,
      biasSchedules: active('ModelBias'),
      explainabilitySchedules: active('ModelExplainability'),
      endpoints: mustAll(details.endpoints).map((e) => ({ name: e.name, arn: e.arn, explainer: e.clarifyExplainer })),
    };
  },
  evaluate(f, ctx: EvalContext) {
    const completed = f.jobs.filter((j) => j.status === 'Completed');
    const warnings = [MANUAL_CONTENT];
    if (f.jobsTruncated) warnings.push(`only the ${PROCESSING_JOB_CAP} most recent processing jobs of the last ${f.windowDays} days were read`);
    const jobResources: ResourceResult[] = f.jobs.map((j) => ({ id: j.arn, status: j.status === 'Completed' ? 'PASS' : 'FAIL', reason: `Clarify job ${j.name}: ${j.status ?? 'unknown status'}` }));
    if (ctx.control === 'A.7') return a7(f, completed, warnings);
    if (ctx.control === 'A.8') {
      if (completed.length) return pass(`${completed.length} completed Clarify report(s) in the last ${f.windowDays} days; ${evidence(f)}`, { resources: jobResources, warnings });
      return shortfall(f, `no completed Clarify job (report) in the last ${f.windowDays} days${f.jobs.length ? ` (${f.jobs.length} not completed)` : ''}`, { resources: jobResources, warnings });
    }
    // A.2 (and any other control): a bias analysis was produced or bias is monitored.
    warnings.push('processing jobs are counted as Clarify analyses without telling bias from explainability (that needs the job configuration in S3)');
    if (completed.length || f.biasSchedules.length) return pass(`Clarify analyses in use: ${evidence(f)}`, { resources: jobResources, warnings });
    return shortfall(f, `no completed Clarify job in the last ${f.windowDays} days and no active bias monitoring schedule`, { resources: jobResources, warnings });
  },
});
