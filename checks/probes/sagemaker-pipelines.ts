// Amazon SageMaker Pipelines — A.4 reproducible development, A.13 controlled release. probes.md §2.23.
// A.4: at least one pipeline with a Succeeded execution in the last 90 days. A.13: the same
// pipeline also registers its model (a RegisterModel step, also inside Condition branches).
// Only pipelines that ran in the window are described; executions are read newest first until a
// success shows, at most a few pages per pipeline.
import type {
  DescribePipelineCommandInput,
  DescribePipelineCommandOutput,
  ListPipelineExecutionsCommandInput,
  ListPipelineExecutionsCommandOutput,
  ListPipelinesCommandInput,
  ListPipelinesCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult, Status } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, pass, type CollectContext } from '../../src/engine/probe.js';
import { GONE, newestFirst, sagemakerInventory, someOf, windowStart } from '../facts/sagemaker-inventory.js';
import { mustAll } from '../../src/engine/evidence.js';

export const ListPipelines = op<ListPipelinesCommandInput, ListPipelinesCommandOutput>('sagemaker', 'ListPipelines', { paginate: NEXT_TOKEN });
export const DescribePipeline = op<DescribePipelineCommandInput, DescribePipelineCommandOutput>('sagemaker', 'DescribePipeline', { absent: GONE });
export const ListPipelineExecutions = op<ListPipelineExecutionsCommandInput, ListPipelineExecutionsCommandOutput>('sagemaker', 'ListPipelineExecutions', { paginate: NEXT_TOKEN });

/** probes.md §10: pipeline executions are judged over 90 days (there is no scan setting for it). */
export const PIPELINE_WINDOW_DAYS = 90;
/** Pipelines that ran in the window and are described, most recently run first. */
export const PIPELINE_CAP = 100;
/** Execution pages (of 50) read per pipeline while looking for a success. */
const EXECUTION_PAGES = 4;

export interface PipelineFacts {
  name: string;
  arn: string;
  lastExecution?: Date;
  /** Step types in the definition (Condition branches included); null when the definition could not be parsed. */
  stepTypes?: string[] | null;
  lastSuccess?: Date;
  executionsInWindow: number;
  /** The success search stopped at the page limit without finding one. */
  searchCapped: boolean;
  /** Ran in the window but was beyond the cap, so not read. */
  notRead?: boolean;
}

export interface PipelinesFacts {
  /** Training jobs and models here: what pipelines would build. Null when none. */
  built: string | null;
  pipelines: PipelineFacts[];
  /** More pipelines ran in the window than were described. */
  truncated: boolean;
}

/** Every step type in a pipeline definition, walking Condition steps' If/Else branches. */
export function stepTypes(definition: string | undefined): string[] | null {
  if (!definition) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(definition);
  } catch {
    return null;
  }
  const out = new Set<string>();
  const walk = (steps: unknown) => {
    if (!Array.isArray(steps)) return;
    for (const s of steps as { Type?: unknown; Arguments?: { IfSteps?: unknown; ElseSteps?: unknown } }[]) {
      if (typeof s?.Type === 'string') out.add(s.Type);
      walk(s?.Arguments?.IfSteps);
      walk(s?.Arguments?.ElseSteps);
    }
  };
  walk((doc as { Steps?: unknown })?.Steps);
  return [...out].sort();
}

async function findSuccess(ctx: CollectContext, name: string, since: Date): Promise<Pick<PipelineFacts, 'lastSuccess' | 'executionsInWindow' | 'searchCapped'>> {
  let token: string | undefined;
  let seen = 0;
  for (let page = 0; page < EXECUTION_PAGES; page++) {
    const r = await ctx.call(ListPipelineExecutions, { PipelineName: name, CreatedAfter: since, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 50, ...(token ? { NextToken: token } : {}) });
    const list = r.PipelineExecutionSummaries ?? [];
    seen += list.length;
    const ok = list.find((x) => x.PipelineExecutionStatus === 'Succeeded');
    if (ok) return { lastSuccess: ok.StartTime ?? new Date(0), executionsInWindow: seen, searchCapped: false };
    token = r.NextToken || undefined;
    if (!token) return { executionsInWindow: seen, searchCapped: false };
  }
  return { executionsInWindow: seen, searchCapped: true };
}

function judge(p: PipelineFacts, a13: boolean): ResourceResult {
  const id = p.arn;
  const say = (status: Status, why: string): ResourceResult => ({ id, status, reason: `pipeline ${p.name}: ${why}` });
  if (p.notRead) return say('MANUAL', `ran ${p.lastExecution?.toISOString().slice(0, 10)} but was not read (more than ${PIPELINE_CAP} pipelines ran)`);
  if (p.stepTypes === undefined) return say('FAIL', `no execution in the last ${PIPELINE_WINDOW_DAYS} days`);
  if (!p.lastSuccess) {
    if (p.searchCapped) return say('MANUAL', `no Succeeded execution among its ${p.executionsInWindow} most recent ones`);
    return say('FAIL', `${p.executionsInWindow} execution(s) in the last ${PIPELINE_WINDOW_DAYS} days, none Succeeded`);
  }
  const ran = `succeeded ${p.lastSuccess.toISOString().slice(0, 10)}`;
  if (!a13) return say('PASS', ran);
  if (p.stepTypes === null) return say('MANUAL', `${ran}; definition could not be parsed to find a model registration step`);
  if (!p.stepTypes.includes('RegisterModel')) return say('FAIL', `${ran} but registers no model (steps: ${p.stepTypes.join(', ') || 'none'})`);
  return say('PASS', `${ran}, registers its model`);
}

export default defineProbe<PipelinesFacts>({
  id: 'sagemaker-pipelines',
  service: 'Amazon SageMaker Pipelines',
  title: 'Models are built by SageMaker Pipelines that run and register their models',
  severity: 'medium',
  remediation: 'Build and train models with a SageMaker pipeline (SageMaker Studio → Pipelines, or `sagemaker.workflow.pipeline.Pipeline(...).upsert()`), run it regularly, and end it with a RegisterModel / ModelStep that registers the model in the Model Registry.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [ListPipelines, DescribePipeline, ListPipelineExecutions],
  uses: [sagemakerInventory],
  async collect(ctx) {
    const since = windowStart(ctx.now, PIPELINE_WINDOW_DAYS);
    const [inv, summaries] = await Promise.all([ctx.use(sagemakerInventory), ctx.all(ListPipelines, { MaxResults: 100 }, 'PipelineSummaries')]);
    const recent = newestFirst(
      summaries.filter((p) => p.LastExecutionTime && p.LastExecutionTime >= since),
      (p) => p.LastExecutionTime,
    );
    const chosen = new Set(recent.slice(0, PIPELINE_CAP).map((p) => p.PipelineName));
    const pipelines = await Promise.all(
      summaries.map(async (p): Promise<PipelineFacts | null> => {
        const base: PipelineFacts = { name: p.PipelineName ?? '', arn: p.PipelineArn ?? p.PipelineName ?? '', lastExecution: p.LastExecutionTime, executionsInWindow: 0, searchCapped: false };
        if (!chosen.has(p.PipelineName)) return p.LastExecutionTime && p.LastExecutionTime >= since ? { ...base, notRead: true } : base;
        const [d, runs] = await Promise.all([ctx.callOrAbsent(DescribePipeline, { PipelineName: p.PipelineName }), findSuccess(ctx, p.PipelineName ?? '', since)]);
        if (isAbsent(d)) return null;
        return { ...base, stepTypes: stepTypes(d.PipelineDefinition), ...runs };
      }),
    );
    const built = [mustAll(inv.trainingJobNames).length && `${mustAll(inv.trainingJobNames).length} training job(s) in the window`, mustAll(inv.models).length && `${mustAll(inv.models).length} model(s)`].filter(Boolean).join(', ');
    return { built: built || null, pipelines: pipelines.filter((p): p is PipelineFacts => p !== null), truncated: recent.length > PIPELINE_CAP };
  },
  evaluate(f, ctx) {
    const a13 = ctx.control === 'A.13';
    if (f.pipelines.length === 0) {
      if (!f.built) return notApplicable('no SageMaker training jobs, models or pipelines in this region');
      return fail(`${f.built} but no SageMaker pipelines: models are built ad hoc, not reproducibly`, 'NOT_IN_USE');
    }
    const resources = f.pipelines.map((p) => judge(p, a13));
    const warnings = f.truncated ? [`only the ${PIPELINE_CAP} most recently run pipelines were described`] : [];
    const ok = resources.filter((r) => r.status === 'PASS');
    const what = a13 ? `succeeded in the last ${PIPELINE_WINDOW_DAYS} days and register a model` : `succeeded in the last ${PIPELINE_WINDOW_DAYS} days`;
    if (ok.length) return pass(`${ok.length} of ${f.pipelines.length} pipeline(s) ${what}: ${someOf(ok.map((r) => r.reason))}`, { resources, warnings });
    const unsure = resources.filter((r) => r.status === 'MANUAL');
    if (unsure.length || f.truncated) return manual(`no pipeline shown to have ${what}; ${unsure.length ? someOf(unsure.map((r) => r.reason)) : 'some pipelines were not read'}`, { code: 'PARTIAL', resources, warnings });
    const succeeded = f.pipelines.some((p) => p.lastSuccess);
    return fail(`none of ${f.pipelines.length} pipeline(s) ${what}: ${someOf(resources.map((r) => r.reason))}`, a13 && succeeded ? 'MISCONFIGURED' : 'NOT_IN_USE', { resources, warnings });
  },
});
