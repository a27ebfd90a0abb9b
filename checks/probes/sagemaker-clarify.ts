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
import type { MonitoringScheduleSummary } from '@aws-sdk/client-sagemaker';
import type { ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, pass, resourceOf, undecided, type EvalContext } from '../../src/engine/probe.js';
import { and, causesOf, every, F, fact, filterList, known, mapEv, mapList, nonEmpty, or, some, T, U, unreadResources, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { sagemakerEndpointDetails } from '../facts/sagemaker-endpoint-details.js';
import { describeWorkload, sageMakerWorkload, sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';
import { CLARIFY_IMAGE, PROCESSING_JOB_CAP, sagemakerProcessingJobs, type ProcessingJobFacts } from '../facts/sagemaker-processing-jobs.js';
import { ListMonitoringSchedules } from './sagemaker-model-monitor.js';

export const ListModelBiasJobDefinitions = op<ListModelBiasJobDefinitionsCommandInput, ListModelBiasJobDefinitionsCommandOutput>('sagemaker', 'ListModelBiasJobDefinitions', { paginate: NEXT_TOKEN });
export const ListModelExplainabilityJobDefinitions = op<ListModelExplainabilityJobDefinitionsCommandInput, ListModelExplainabilityJobDefinitionsCommandOutput>('sagemaker', 'ListModelExplainabilityJobDefinitions', { paginate: NEXT_TOKEN });

interface ScheduleRef {
  name: string;
  endpointName?: string;
}

export interface ClarifyEndpoint {
  name: string;
  arn: string;
  /** Online explainer on the endpoint or its config; unknown while the config is. */
  explainer: Ev<boolean>;
}

export interface ClarifyFacts {
  /** What SageMaker runs here (T), nothing (F), or unknown. */
  workload: Tri;
  windowDays: number;
  /** Processing jobs running the Clarify image. */
  jobs: ListEv<ProcessingJobFacts>;
  jobsTruncated: boolean;
  biasDefinitions: ListEv<unknown>;
  explainabilityDefinitions: ListEv<unknown>;
  /** Every monitoring schedule (filtered by type and status where judged). */
  schedules: ListEv<MonitoringScheduleSummary>;
  endpoints: ListEv<ClarifyEndpoint>;
}

const MANUAL_CONTENT = 'report contents, fairness thresholds and their sharing with reviewers and stakeholders need attestation (Clarify outputs live in S3 and are not read)';

const active = (f: ClarifyFacts, type: string): ListEv<ScheduleRef> => ({
  ...f.schedules,
  items: f.schedules.items.filter((s) => s.MonitoringType === type && s.MonitoringScheduleStatus === 'Scheduled').map((s) => ({ name: s.MonitoringScheduleName ?? '', endpointName: s.EndpointName })),
});
const completedJobs = (f: ClarifyFacts) => f.jobs.items.filter((j) => j.status === 'Completed');
const hasExplainer = (e: ClarifyEndpoint) => e.explainer.known && e.explainer.value;

function evidence(f: ClarifyFacts): string {
  return `${completedJobs(f).length} completed Clarify job(s) in ${f.windowDays} days, ${active(f, 'ModelBias').items.length} bias and ${active(f, 'ModelExplainability').items.length} explainability schedule(s), ${f.endpoints.items.filter(hasExplainer).length} online explainer(s)`;
}

/** Whether Clarify is expected here: SageMaker runs, or some Clarify artefact exists. */
function applies(f: ClarifyFacts): Tri {
  return or(
    f.workload,
    nonEmpty(f.jobs, 'Clarify jobs', 'no Clarify jobs'),
    nonEmpty(f.biasDefinitions, 'bias job definitions', 'no bias job definitions'),
    nonEmpty(f.explainabilityDefinitions, 'explainability job definitions', 'no explainability job definitions'),
    nonEmpty(active(f, 'ModelBias'), 'bias schedules', 'no bias schedules'),
    nonEmpty(active(f, 'ModelExplainability'), 'explainability schedules', 'no explainability schedules'),
    some(f.endpoints, (e) => (e.explainer.known ? fact(e.explainer.value, 'online explainer', 'no online explainer') : U(e.explainer.causes))),
  );
}

/**
 * The requirement is not met on the evidence read (`met` F or U): NOT_APPLICABLE without a workload
 * or artefact, MANUAL if the job list was cut, FAIL when it applies and is known unmet, else ERROR.
 */
function shortfall(f: ClarifyFacts, met: Tri, what: string, extra: Partial<Verdict>): Verdict {
  const app = applies(f);
  if (app.v === 'F') return notApplicable('no SageMaker workloads and no Clarify artefacts in this region');
  if (met.v === 'U' || app.v === 'U') return undecided(causesOf([met, app]), `cannot tell whether ${what.replace(/^\d+ of /, 'all but some of ')}`, extra);
  if (f.jobsTruncated) return manual(`${what} among the ${PROCESSING_JOB_CAP} most recent processing jobs read (more exist in the window): check the older ones`, { code: 'PARTIAL', ...extra });
  const ranButFailed = f.jobs.items.length > 0 && completedJobs(f).length === 0;
  const context = f.workload.v === 'T' ? `SageMaker in use (${f.workload.why.join(', ')}) but ` : '';
  return fail(`${context}${what}`, ranButFailed ? 'MISCONFIGURED' : 'NOT_IN_USE', extra);
}

function a7(f: ClarifyFacts, warnings: string[]): Verdict {
  const completed = completedJobs(f);
  const explainSchedules = active(f, 'ModelExplainability');
  const jobsT = some(f.jobs, (j) => fact(j.status === 'Completed', 'completed Clarify job', 'not completed'));
  let unlinked = 0;
  const judged: Tri[] = [];
  const resources: ResourceResult[] = f.endpoints.items.map((e) => {
    const sched = explainSchedules.items.filter((s) => s.endpointName === e.name);
    const label = `endpoint ${e.name}`;
    if (hasExplainer(e)) return judged.push(T([])), { id: e.arn, status: 'PASS', reason: `${label}: online Clarify explainer configured` };
    if (sched.length) return judged.push(T([])), { id: e.arn, status: 'PASS', reason: `${label}: explainability schedule ${sched.map((s) => s.name).join(', ')}` };
    if (completed.length) {
      unlinked += 1;
      judged.push(T([]));
      return { id: e.arn, status: 'PASS', reason: `${label}: ${completed.length} completed Clarify job(s) in the window (the API does not link jobs to endpoints)` };
    }
    const t = or(e.explainer.known ? F('no online explainer') : U(e.explainer.causes, 'online explainer'), explainSchedules.complete ? F('no explainability schedule') : U(explainSchedules.causes, 'explainability schedules'), jobsT.v === 'F' ? F('or Clarify job') : jobsT);
    judged.push(t);
    return t.v === 'F' ? { id: e.arn, status: 'FAIL', reason: `${label}: no online explainer, explainability schedule or Clarify job` } : resourceOf(e.arn, undefined, t, label);
  });
  for (const u of unreadResources(f.endpoints, (id) => `endpoint ${id ?? ''}`.trim())) resources.push(resourceOf(u.id, u.region, U(u.causes), u.label));
  if (unlinked) warnings.push(`${unlinked} endpoint(s) pass on Clarify jobs the API cannot tie to them: confirm those jobs cover their models`);
  const all = and(every(f.endpoints, () => T([]), 'endpoints not all described'), ...judged);
  if (all.v === 'T' && f.endpoints.items.length === 0) {
    const met = or(jobsT, nonEmpty(explainSchedules, 'explainability schedule', 'no explainability schedule'));
    if (met.v === 'T') return pass(`no in-service endpoints; ${evidence(f)}`, { warnings });
    return shortfall(f, met, 'no Clarify explainability artefact (job, schedule or online explainer)', { warnings });
  }
  if (all.v === 'T') return pass(`all ${f.endpoints.items.length} in-service endpoint(s) have Clarify explainability; ${evidence(f)}`, { resources, warnings });
  const failing = resources.filter((r) => r.status === 'FAIL');
  return shortfall(f, all, `${failing.length} of ${f.endpoints.items.length} in-service endpoint(s) without explainability: ${someOf(failing.map((r) => r.reason))}`, { resources, warnings });
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
      ctx.list(ListModelBiasJobDefinitions, {}, 'JobDefinitionSummaries'),
      ctx.list(ListModelExplainabilityJobDefinitions, {}, 'JobDefinitionSummaries'),
      // Same input as the Model Monitor probe: one call, filtered here by type.
      ctx.list(ListMonitoringSchedules, { MaxResults: 100 }, 'MonitoringScheduleSummaries'),
    ]);
    const workload = sageMakerWorkload(inv);
    return {
      workload: workload.v === 'T' ? T(describeWorkload(inv)) : workload,
      windowDays: processing.windowDays,
      jobs: filterList(processing.list, (j) => CLARIFY_IMAGE.test(j.imageUri ?? '')),
      jobsTruncated: processing.truncated,
      biasDefinitions: bias,
      explainabilityDefinitions: explain,
      schedules,
      endpoints: mapList(details.described, (e) => ({
        name: e.name,
        arn: e.arn,
        explainer: e.endpointExplainer ? known(true) : mapEv(e.config, (c) => !!c?.clarifyExplainer),
      })),
    };
  },
  evaluate(f, ctx: EvalContext) {
    const completed = completedJobs(f);
    const warnings = [MANUAL_CONTENT];
    if (f.jobsTruncated) warnings.push(`only the ${PROCESSING_JOB_CAP} most recent processing jobs of the last ${f.windowDays} days were read`);
    const jobResources: ResourceResult[] = f.jobs.items.map((j) => ({ id: j.arn, status: j.status === 'Completed' ? 'PASS' : 'FAIL', reason: `Clarify job ${j.name}: ${j.status ?? 'unknown status'}` }));
    for (const u of unreadResources(f.jobs, (id) => `processing job ${id ?? ''}`.trim())) jobResources.push(resourceOf(u.id, u.region, U(u.causes), u.label));
    const jobsT = some(f.jobs, (j) => fact(j.status === 'Completed', 'completed Clarify job', 'not completed'));
    if (ctx.control === 'A.7') return a7(f, warnings);
    if (ctx.control === 'A.8') {
      if (jobsT.v === 'T') return pass(`${completed.length} completed Clarify report(s) in the last ${f.windowDays} days; ${evidence(f)}`, { resources: jobResources, warnings });
      return shortfall(f, jobsT, `no completed Clarify job (report) in the last ${f.windowDays} days${f.jobs.items.length ? ` (${f.jobs.items.length} not completed)` : ''}`, { resources: jobResources, warnings });
    }
    // A.2 (and any other control): a bias analysis was produced or bias is monitored.
    warnings.push('processing jobs are counted as Clarify analyses without telling bias from explainability (that needs the job configuration in S3)');
    const met = or(jobsT, nonEmpty(active(f, 'ModelBias'), 'active bias schedule', 'no active bias schedule'));
    if (met.v === 'T') return pass(`Clarify analyses in use: ${evidence(f)}`, { resources: jobResources, warnings });
    return shortfall(f, met, `no completed Clarify job in the last ${f.windowDays} days and no active bias monitoring schedule`, { resources: jobResources, warnings });
  },
});
