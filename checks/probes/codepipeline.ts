// AWS CodePipeline — A.4 controlled, auditable model deployment with approval gates. probes.md §2.22.
// Tool-choice service: no ML pipeline → the user's optional-service policy (MANUAL by default), or
// NOT_APPLICABLE where the region has no AI footprint at all.
// An ML pipeline (name or action configuration mentions SageMaker — a heuristic, stated in the
// verdict) passes with a manual approval before its first deploy/invoke stage and a successful
// run in the last 180 days. Every ML pipeline must pass: a known failure decides whatever else is
// unknown; a pipeline whose definition could not be read may be an ML pipeline.
import type {
  GetPipelineCommandInput,
  GetPipelineCommandOutput,
  ListPipelineExecutionsCommandInput,
  ListPipelineExecutionsCommandOutput,
  ListPipelinesCommandInput,
  ListPipelinesCommandOutput,
  StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import { next_token, op } from '../../src/aws/ops.js';
import type { ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, fail, manual, pass, resourceOf, undecided, type EvalContext } from '../../src/engine/probe.js';
import { and, causesOf, F, fanOut, known, mapEv, sortCauses, T, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { aiFootprint, aiInUse, type AiFootprint } from '../facts/ai-footprint.js';
import { unused, noteUnread } from '../rules/workload-gate.js';

const ListPipelines = op<ListPipelinesCommandInput, ListPipelinesCommandOutput>('codepipeline', 'ListPipelines', { paginate: next_token });
const GetPipeline = op<GetPipelineCommandInput, GetPipelineCommandOutput>('codepipeline', 'GetPipeline');
const ListPipelineExecutions = op<ListPipelineExecutionsCommandInput, ListPipelineExecutionsCommandOutput>('codepipeline', 'ListPipelineExecutions', { paginate: next_token });

/** Pipelines read in detail per region. */
export const PIPELINE_CAP = 200;
/** probes.md §2.22: a successful execution within this window. */
export const EXECUTION_WINDOW_DAYS = 180;
/** One page of the most recent executions is enough to find a recent success. */
const EXECUTION_PAGE = 100;

export interface MlPipeline {
  name: string;
  arn: string;
  /** Stage with the first manual approval, if it comes before the first deploy/invoke stage. */
  approvalStage?: string;
  hasDeploy: boolean;
  kmsKey?: string;
  /** The most recent executions (one page). */
  runs: Ev<{ lastSuccess?: Date; truncated: boolean }>;
}

export interface CodePipelineFacts {
  pipelines: number;
  /** Pipelines read (ML ones kept, others null); one whose GetPipeline failed is named in the causes. */
  read: ListEv<MlPipeline | null>;
  capped: boolean;
  footprint: AiFootprint;
}

const ML = /sagemaker/i;

/** The approval stage that gates deployment: a Manual Approval action in a stage before the first Deploy/Invoke. */
export function approvalGate(stages: StageDeclaration[]): { approvalStage?: string; hasDeploy: boolean } {
  const isDeploy = (s: StageDeclaration) => (s.actions ?? []).some((a) => a.actionTypeId?.category === 'Deploy' || a.actionTypeId?.category === 'Invoke');
  const isApproval = (s: StageDeclaration) => (s.actions ?? []).some((a) => a.actionTypeId?.category === 'Approval');
  const firstDeploy = stages.findIndex(isDeploy);
  const firstApproval = stages.findIndex(isApproval);
  const gated = firstApproval >= 0 && (firstDeploy < 0 || firstApproval < firstDeploy);
  return { approvalStage: gated ? stages[firstApproval].name : undefined, hasDeploy: firstDeploy >= 0 };
}

/** One ML pipeline: T/F/U, or 'manual' when the page of executions read shows no success and older ones exist in the window. */
function judge(p: MlPipeline): Tri | 'manual' {
  const gate = p.approvalStage ? T(`approval in stage ${p.approvalStage}`) : F(p.hasDeploy ? 'no manual approval before the deploy stage' : 'no manual approval stage');
  let ran: Tri | 'manual';
  if (!p.runs.known) ran = U(p.runs.causes, 'executions not read');
  else if (p.runs.value.lastSuccess) ran = T(`last success ${p.runs.value.lastSuccess.toISOString().slice(0, 10)}`);
  else if (p.runs.value.truncated) ran = 'manual';
  else ran = F(`no successful run in ${EXECUTION_WINDOW_DAYS} days`);
  if (ran === 'manual') return gate.v === 'F' ? gate : 'manual';
  return and(gate, ran);
}

export default defineProbe<CodePipelineFacts>({
  id: 'codepipeline',
  service: 'AWS CodePipeline',
  title: 'ML deployment pipelines have a manual approval gate and run regularly',
  severity: 'medium',
  remediation: 'Add a Manual approval action in a stage before the deploy stage of each ML pipeline: CodePipeline console → pipeline → Edit → Add stage → Approval, or `aws codepipeline update-pipeline` with an action of category Approval, provider Manual.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListPipelines, GetPipeline, ListPipelineExecutions],
  uses: [aiFootprint],
  async collect(ctx) {
    const [footprint, summaries] = await Promise.all([ctx.use(aiFootprint), ctx.list(ListPipelines, {}, 'pipelines')]);
    const names = summaries.items.map((p) => p.name ?? '').filter(Boolean).sort();
    const since = ctx.now.getTime() - EXECUTION_WINDOW_DAYS * 86_400_000;
    const read = await fanOut(names.slice(0, PIPELINE_CAP), async (name): Promise<Ev<MlPipeline | null>> => {
      const d = await ctx.read(GetPipeline, { name }, { resource: name });
      if (!d.known) return d;
      const p = d.value.pipeline;
      const configs = (p?.stages ?? []).flatMap((s) => (s.actions ?? []).flatMap((a) => [a.actionTypeId?.provider ?? '', ...Object.values(a.configuration ?? {})]));
      if (!(ML.test(p?.name ?? name) || configs.some((c) => ML.test(c)))) return known(null);
      const arn = d.value.metadata?.pipelineArn ?? name;
      const ex = await ctx.read(ListPipelineExecutions, { pipelineName: p?.name ?? name, maxResults: EXECUTION_PAGE }, { resource: arn });
      const runs = mapEv(ex, (e) => {
        const list = e.pipelineExecutionSummaries ?? [];
        const success = list.filter((r) => r.status === 'Succeeded' && r.startTime && r.startTime.getTime() >= since).map((r) => r.startTime as Date);
        const oldest = list.at(-1)?.startTime?.getTime();
        return { lastSuccess: success.sort((a, b) => b.getTime() - a.getTime())[0], truncated: !!e.nextToken && oldest !== undefined && oldest >= since };
      });
      return known({ name: p?.name ?? name, arn, ...approvalGate(p?.stages ?? []), kmsKey: p?.artifactStore?.encryptionKey?.id, runs });
    });
    return { pipelines: names.length, read: { ...read, complete: read.complete && summaries.complete, causes: sortCauses([...summaries.causes, ...read.causes]) }, capped: names.length > PIPELINE_CAP, footprint };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.read, ...f.read.items.map((p) => p?.runs));
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: CodePipelineFacts, ctx: EvalContext): Verdict {
  const warnings = ['ML pipelines are recognised by "sagemaker" in the pipeline name or an action\'s configuration'];
  if (f.capped) warnings.push(`only the first ${PIPELINE_CAP} of ${f.pipelines} pipelines (by name) were read`);
  const ml = f.read.items.filter((p): p is MlPipeline => p !== null).sort((a, b) => a.arn.localeCompare(b.arn));
  const unread: ResourceResult[] = f.read.causes.filter((c) => c.resource).map((c) => ({ id: c.resource as string, status: 'ERROR', reason: `pipeline not read: needs ${c.action}`, missing: [c] }));
  if (ml.length === 0) {
    // A pipeline that could not be read may be an ML pipeline.
    if (!f.read.complete) return undecided(f.read.causes, `no ML pipeline among the ${f.read.items.length} pipeline(s) read`, { warnings, resources: unread });
    return unused(ctx, aiInUse(f.footprint), {
      na: `no AI footprint in ${ctx.region} and no ML pipeline (${f.pipelines} pipeline(s))`,
      unused: `no ML deployment pipeline in CodePipeline in ${ctx.region} (${f.pipelines} pipeline(s), none for SageMaker)`,
      condition: 'AI workloads',
    }, { warnings });
  }
  for (const p of ml) if (!p.kmsKey) warnings.push(`pipeline ${p.name}: artifact store uses the default key, not a customer-managed KMS key`);
  const judged = ml.map((p) => ({ p, t: judge(p) }));
  const resources: ResourceResult[] = [
    ...judged.map(({ p, t }): ResourceResult => (t === 'manual' ? { id: p.arn, status: 'MANUAL', reason: `pipeline ${p.name}: approval in stage ${p.approvalStage}; no success among the ${EXECUTION_PAGE} latest executions, older ones not read` } : resourceOf(p.arn, undefined, t, `pipeline ${p.name}`))),
    ...unread,
  ];
  const tris = judged.map((j) => j.t).filter((t): t is Tri => t !== 'manual');
  const failing = resources.filter((r) => r.status === 'FAIL');
  if (failing.length) return fail(`${failing.length} of ${ml.length} ML pipeline(s) fall short: ${failing.map((r) => r.reason).slice(0, 3).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
  // No known failure: an unread ML pipeline (or an unread non-ML-looking one) could still fail.
  const open = sortCauses([...causesOf(tris), ...f.read.causes]);
  if (open.length) return undecided(open, `the ${ml.length} ML pipeline(s) read show no gap, but not every pipeline could be read`, { resources, warnings });
  if (resources.some((r) => r.status === 'MANUAL')) return manual('ML pipelines are gated by manual approval, but a recent successful run could not be confirmed for all: see resources', { resources, warnings, code: 'PARTIAL' });
  return pass(`all ${ml.length} ML pipeline(s) gate deployment on a manual approval and ran successfully in the last ${EXECUTION_WINDOW_DAYS} days`, { resources, warnings });
}
