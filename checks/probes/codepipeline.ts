// AWS CodePipeline — A.4 controlled, auditable model deployment with approval gates. probes.md §2.22.
// Tool-choice service: no ML pipeline → the user's optional-service policy (MANUAL by default), or
// NOT_APPLICABLE where the region has no AI footprint at all.
// An ML pipeline (name or action configuration mentions SageMaker — a heuristic, stated in the
// verdict) passes with a manual approval before its first deploy/invoke stage and a successful
// run in the last 180 days.
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
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, notInUse, pass } from '../../src/engine/probe.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';

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
  lastSuccess?: Date;
  /** More executions exist beyond the page read, all within the window. */
  executionsTruncated: boolean;
  kmsKey?: string;
}

export interface CodePipelineFacts {
  pipelines: number;
  ml: MlPipeline[];
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
    const [footprint, summaries] = await Promise.all([ctx.use(aiFootprint), ctx.all(ListPipelines, {}, 'pipelines')]);
    const names = summaries.map((p) => p.name ?? '').filter(Boolean);
    const read = names.slice(0, PIPELINE_CAP);
    const since = ctx.now.getTime() - EXECUTION_WINDOW_DAYS * 86_400_000;
    const details = await Promise.all(read.map((name) => ctx.call(GetPipeline, { name })));
    const ml = details.filter((d) => {
      const p = d.pipeline;
      const configs = (p?.stages ?? []).flatMap((s) => (s.actions ?? []).flatMap((a) => [a.actionTypeId?.provider ?? '', ...Object.values(a.configuration ?? {})]));
      return ML.test(p?.name ?? '') || configs.some((c) => ML.test(c));
    });
    const out = await Promise.all(
      ml.map(async (d): Promise<MlPipeline> => {
        const p = d.pipeline!;
        const ex = await ctx.call(ListPipelineExecutions, { pipelineName: p.name, maxResults: EXECUTION_PAGE });
        const runs = ex.pipelineExecutionSummaries ?? [];
        const success = runs.filter((r) => r.status === 'Succeeded' && r.startTime && r.startTime.getTime() >= since).map((r) => r.startTime as Date);
        const oldest = runs.at(-1)?.startTime?.getTime();
        return {
          name: p.name ?? '',
          arn: d.metadata?.pipelineArn ?? p.name ?? '',
          ...approvalGate(p.stages ?? []),
          lastSuccess: success.sort((a, b) => b.getTime() - a.getTime())[0],
          executionsTruncated: !!ex.nextToken && oldest !== undefined && oldest >= since,
          kmsKey: p.artifactStore?.encryptionKey?.id,
        };
      }),
    );
    return { pipelines: names.length, ml: out, capped: names.length > read.length, footprint };
  },
  evaluate(f, ctx) {
    const warnings = ['ML pipelines are recognised by "sagemaker" in the pipeline name or an action\'s configuration'];
    if (f.capped) warnings.push(`only the first ${PIPELINE_CAP} of ${f.pipelines} pipelines were read`);
    if (f.ml.length === 0) {
      const ai = anyAi(f.footprint);
      if (ai === false) return notApplicable(`no AI footprint in ${ctx.region} and no ML pipeline (${f.pipelines} pipeline(s))`, { warnings });
      if (ai === null) warnings.push(`AI footprint unknown: ${f.footprint.unknown.join('; ')}`);
      return notInUse(ctx, `no ML deployment pipeline in CodePipeline in ${ctx.region} (${f.pipelines} pipeline(s), none for SageMaker)`, { warnings });
    }
    const resources: ResourceResult[] = f.ml.map((p) => {
      const gaps: string[] = [];
      if (!p.approvalStage) gaps.push(p.hasDeploy ? 'no manual approval before the deploy stage' : 'no manual approval stage');
      if (!p.lastSuccess && !p.executionsTruncated) gaps.push(`no successful run in ${EXECUTION_WINDOW_DAYS} days`);
      if (gaps.length) return { id: p.arn, status: 'FAIL', reason: `pipeline ${p.name}: ${gaps.join(', ')}` };
      // A truncated execution list may hide an older success within the window: not provable either way.
      if (!p.lastSuccess) return { id: p.arn, status: 'MANUAL', reason: `pipeline ${p.name}: approval in stage ${p.approvalStage}; no success among the ${EXECUTION_PAGE} latest executions, older ones not read` };
      return { id: p.arn, status: 'PASS', reason: `pipeline ${p.name}: approval in stage ${p.approvalStage}, last success ${p.lastSuccess!.toISOString().slice(0, 10)}` };
    });
    for (const p of f.ml) if (!p.kmsKey) warnings.push(`pipeline ${p.name}: artifact store uses the default key, not a customer-managed KMS key`);
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${failing.length} of ${resources.length} ML pipeline(s) fall short: ${failing.map((r) => r.reason).slice(0, 3).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
    if (resources.some((r) => r.status === 'MANUAL')) return manual('ML pipelines are gated by manual approval, but a recent successful run could not be confirmed for all: see resources', { resources, warnings, code: 'PARTIAL' });
    return pass(`all ${resources.length} ML pipeline(s) gate deployment on a manual approval and ran successfully in the last ${EXECUTION_WINDOW_DAYS} days`, { resources, warnings });
  },
});
