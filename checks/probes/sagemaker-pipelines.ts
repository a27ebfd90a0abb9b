// Amazon SageMaker Pipelines — A.4 reproducible development, A.13 controlled release. probes.md §2.23.
// A.4: at least one pipeline with a Succeeded execution in the last 90 days. A.13: the same
// pipeline also registers its model (a RegisterModel step, also inside Condition branches).
// Only pipelines that ran in the window are described; executions are read newest first until a
// success shows, at most a few pages per pipeline. A.4 needs only the executions; the definition
// (DescribePipeline) matters for A.13 alone. Applies where the region builds or serves models
// (training jobs, models, endpoints) or has pipelines; one pipeline shown to succeed decides.
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
import type { ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, fail, manual, pass, resourceOf, undecided, type CollectContext, type EvalContext } from '../../src/engine/probe.js';
import { F, known, nonEmpty, or, sortCauses, T, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { GONE, newestFirst, sagemakerInventory, someOf, windowStart, type SageMakerInventory } from '../facts/sagemaker-inventory.js';
import { gated, noteUnread } from '../rules/workload-gate.js';

export const ListPipelines = op<ListPipelinesCommandInput, ListPipelinesCommandOutput>('sagemaker', 'ListPipelines', { paginate: NEXT_TOKEN });
export const DescribePipeline = op<DescribePipelineCommandInput, DescribePipelineCommandOutput>('sagemaker', 'DescribePipeline', { absent: GONE });
export const ListPipelineExecutions = op<ListPipelineExecutionsCommandInput, ListPipelineExecutionsCommandOutput>('sagemaker', 'ListPipelineExecutions', { paginate: NEXT_TOKEN });

/** probes.md §10: pipeline executions are judged over 90 days (there is no scan setting for it). */
export const PIPELINE_WINDOW_DAYS = 90;
/** Pipelines that ran in the window and are described, most recently run first. */
export const PIPELINE_CAP = 100;
/** Execution pages (of 50) read per pipeline while looking for a success. */
const EXECUTION_PAGES = 4;

export interface Runs {
  lastSuccess?: Date;
  executionsInWindow: number;
  /** The success search stopped at the page limit without finding one. */
  searchCapped: boolean;
}

export interface PipelineFacts {
  name: string;
  arn: string;
  lastExecution?: Date;
  /** Read when the pipeline ran in the window (and was within the cap). */
  runs?: Ev<Runs>;
  /** Step types in the definition (Condition branches included); null when it could not be parsed. */
  stepTypes?: Ev<string[] | null>;
  /** Ran in the window but was beyond the cap, so not read. */
  notRead?: boolean;
}

export interface PipelinesFacts {
  inventory: SageMakerInventory;
  pipelines: ListEv<PipelineFacts>;
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

async function findSuccess(ctx: CollectContext, name: string, arn: string, since: Date): Promise<Ev<Runs>> {
  let token: string | undefined;
  let seen = 0;
  for (let page = 0; page < EXECUTION_PAGES; page++) {
    const r = await ctx.read(ListPipelineExecutions, { PipelineName: name, CreatedAfter: since, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 50, ...(token ? { NextToken: token } : {}) }, { resource: arn });
    if (!r.known) return r;
    const list = r.value.PipelineExecutionSummaries ?? [];
    seen += list.length;
    const ok = list.find((x) => x.PipelineExecutionStatus === 'Succeeded');
    if (ok) return known({ lastSuccess: ok.StartTime ?? new Date(0), executionsInWindow: seen, searchCapped: false });
    token = r.value.NextToken || undefined;
    if (!token) return known({ executionsInWindow: seen, searchCapped: false });
  }
  return known({ executionsInWindow: seen, searchCapped: true });
}

/** One pipeline's judgement: T/F/U, or MANUAL where a cap or an unparsable definition leaves it open. */
type Judged = { p: PipelineFacts; t: Tri } | { p: PipelineFacts; manual: string };

function judge(p: PipelineFacts, a13: boolean): Judged {
  if (p.notRead) return { p, manual: `ran ${p.lastExecution?.toISOString().slice(0, 10)} but was not read (more than ${PIPELINE_CAP} pipelines ran)` };
  if (!p.runs) return { p, t: F(`no execution in the last ${PIPELINE_WINDOW_DAYS} days`) };
  if (!p.runs.known) return { p, t: U(p.runs.causes, 'executions not read') };
  const runs = p.runs.value;
  if (!runs.lastSuccess) {
    if (runs.searchCapped) return { p, manual: `no Succeeded execution among its ${runs.executionsInWindow} most recent ones` };
    return { p, t: F(`${runs.executionsInWindow} execution(s) in the last ${PIPELINE_WINDOW_DAYS} days, none Succeeded`) };
  }
  const ran = `succeeded ${runs.lastSuccess.toISOString().slice(0, 10)}`;
  if (!a13) return { p, t: T(ran) };
  const steps = p.stepTypes ?? known(null);
  if (!steps.known) return { p, t: U(steps.causes, `${ran}; definition not read`) };
  if (steps.value === null) return { p, manual: `${ran}; definition could not be parsed to find a model registration step` };
  if (!steps.value.includes('RegisterModel')) return { p, t: F(`${ran} but registers no model (steps: ${steps.value.join(', ') || 'none'})`) };
  return { p, t: T(`${ran}, registers its model`) };
}

function resultOf(j: Judged): ResourceResult {
  const label = `pipeline ${j.p.name}`;
  if ('manual' in j) return { id: j.p.arn, status: 'MANUAL', reason: `${label}: ${j.manual}` };
  return resourceOf(j.p.arn, undefined, j.t, label);
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
    const [inventory, summaries] = await Promise.all([ctx.use(sagemakerInventory), ctx.list(ListPipelines, { MaxResults: 100 }, 'PipelineSummaries')]);
    const ran = (p: { LastExecutionTime?: Date }) => !!p.LastExecutionTime && p.LastExecutionTime >= since;
    const recent = newestFirst(summaries.items.filter(ran), (p) => p.LastExecutionTime).sort(
      (a, b) => (b.LastExecutionTime?.getTime() ?? 0) - (a.LastExecutionTime?.getTime() ?? 0) || (a.PipelineName ?? '').localeCompare(b.PipelineName ?? ''),
    );
    const chosen = new Set(recent.slice(0, PIPELINE_CAP).map((p) => p.PipelineName));
    const read = await Promise.all(
      summaries.items.map(async (p): Promise<PipelineFacts | null> => {
        const name = p.PipelineName ?? '';
        const base: PipelineFacts = { name, arn: p.PipelineArn ?? name, lastExecution: p.LastExecutionTime };
        if (!chosen.has(p.PipelineName)) return ran(p) ? { ...base, notRead: true } : base;
        const [d, runs] = await Promise.all([ctx.readOrAbsent(DescribePipeline, { PipelineName: name }, { resource: base.arn }), findSuccess(ctx, name, base.arn, since)]);
        if (d.known && isAbsent(d.value)) return null; // deleted since it was listed
        const steps: Ev<string[] | null> = d.known ? known(stepTypes((d.value as DescribePipelineCommandOutput).PipelineDefinition)) : d;
        return { ...base, runs, stepTypes: steps };
      }),
    );
    const pipelines = read.filter((p): p is PipelineFacts => p !== null).sort((a, b) => a.arn.localeCompare(b.arn));
    return { inventory, pipelines: { items: pipelines, complete: summaries.complete, causes: summaries.causes }, truncated: recent.length > PIPELINE_CAP };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.pipelines, ...f.pipelines.items.flatMap((p) => [p.runs, p.stepTypes]));
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: PipelinesFacts, ctx: EvalContext): Verdict {
  const a13 = ctx.control === 'A.13';
  const inv = f.inventory;
  const judged = f.pipelines.items.map((p) => judge(p, a13));
  const resources = judged.map(resultOf);
  const warnings = f.truncated ? [`only the ${PIPELINE_CAP} most recently run pipelines were described`] : [];
  const what = a13 ? `succeeded in the last ${PIPELINE_WINDOW_DAYS} days and register a model` : `succeeded in the last ${PIPELINE_WINDOW_DAYS} days`;
  const ok = judged.filter((j) => 't' in j && j.t.v === 'T');
  if (ok.length) return pass(`${ok.length} of ${f.pipelines.items.length} pipeline(s) ${what}: ${someOf(ok.map((j) => resultOf(j).reason))}`, { resources, warnings });
  const open = sortCauses([...judged.flatMap((j) => ('t' in j && j.t.v === 'U' ? j.t.causes : [])), ...f.pipelines.causes]);
  const unsure = judged.filter((j) => 'manual' in j);
  if (f.pipelines.items.length === 0) {
    const built = or(
      nonEmpty(inv.trainingJobNames, `${inv.trainingJobNames.items.length} training job(s) in the window`, 'no training jobs'),
      nonEmpty(inv.models, `${inv.models.items.length} model(s)`, 'no models'),
      nonEmpty(inv.endpoints, `${inv.endpoints.items.length} endpoint(s)`, 'no endpoints'),
    );
    // Pipelines that exist are judged even where nothing else runs: an unlisted one could decide.
    const applies = or(built, nonEmpty(f.pipelines, 'pipelines', 'no pipelines'));
    const none: Tri = f.pipelines.complete ? F('no SageMaker pipelines') : U(f.pipelines.causes, 'pipelines not listed');
    return gated(applies, none, {
      pass: () => '',
      fail: () => `${built.v === 'T' ? built.why.join(', ') : 'models built'} but no SageMaker pipelines: models are built ad hoc, not reproducibly`,
      code: 'NOT_IN_USE',
      na: 'no SageMaker training jobs, models, endpoints or pipelines in this region',
      condition: 'SageMaker training jobs, models or endpoints',
    }, { warnings });
  }
  if (open.length) return undecided(open, `no pipeline shown to have ${what}`, { resources, warnings });
  if (unsure.length || f.truncated) return manual(`no pipeline shown to have ${what}; ${unsure.length ? someOf(unsure.map((j) => resultOf(j).reason)) : 'some pipelines were not read'}`, { code: 'PARTIAL', resources, warnings });
  const succeeded = f.pipelines.items.some((p) => p.runs?.known && p.runs.value.lastSuccess);
  return fail(`none of ${f.pipelines.items.length} pipeline(s) ${what}: ${someOf(resources.map((r) => r.reason))}`, a13 && succeeded ? 'MISCONFIGURED' : 'NOT_IN_USE', { resources, warnings });
}
