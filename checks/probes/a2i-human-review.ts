// Amazon A2I (Augmented AI) — A.7 human oversight. probes.md §2.30.
// PASS: an Active flow definition (human review workflow) and at least one human loop in the
// last 90 days, i.e. oversight actually exercised. Human loops can only be listed per flow
// definition, so the a2i-runtime is asked once per Active flow (bounded).
import type { ListHumanLoopsCommandInput, ListHumanLoopsCommandOutput } from '@aws-sdk/client-sagemaker-a2i-runtime';
import type {
  DescribeFlowDefinitionCommandInput,
  DescribeFlowDefinitionCommandOutput,
  ListFlowDefinitionsCommandInput,
  ListFlowDefinitionsCommandOutput,
  ListHumanTaskUisCommandInput,
  ListHumanTaskUisCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, error, fail, manual, notApplicable, notInUse, pass } from '../../src/engine/probe.js';
import { aiFootprint, anyAi } from '../facts/ai-footprint.js';
import { GONE, newestFirst, windowStart } from '../facts/sagemaker-inventory.js';

export const ListFlowDefinitions = op<ListFlowDefinitionsCommandInput, ListFlowDefinitionsCommandOutput>('sagemaker', 'ListFlowDefinitions', { paginate: NEXT_TOKEN });
export const DescribeFlowDefinition = op<DescribeFlowDefinitionCommandInput, DescribeFlowDefinitionCommandOutput>('sagemaker', 'DescribeFlowDefinition', { absent: GONE });
export const ListHumanTaskUis = op<ListHumanTaskUisCommandInput, ListHumanTaskUisCommandOutput>('sagemaker', 'ListHumanTaskUis', { paginate: NEXT_TOKEN });
// The A2I runtime's IAM prefix is sagemaker: (sagemaker:ListHumanLoops), set in services.ts.
export const ListHumanLoops = op<ListHumanLoopsCommandInput, ListHumanLoopsCommandOutput>('sagemakera2iruntime', 'ListHumanLoops', { paginate: NEXT_TOKEN });

/** probes.md §10: human loops are looked for over 90 days. */
export const HUMAN_LOOP_WINDOW_DAYS = 90;
/** Active flow definitions asked about (newest first); one runtime call each. */
export const FLOW_CAP = 50;
const PUBLIC_CROWD = /public-crowd/;

export interface FlowFacts {
  name: string;
  arn: string;
  status?: string;
  workteam?: string;
  outputKms?: string;
  /** AWS-managed integration (Textract / Rekognition) when set; custom otherwise. */
  source?: string;
  conditional: boolean;
  /** Loops created in the window; `more` when there are more than one page shows. */
  loops?: { count: number; more: boolean };
}

export interface A2iFacts {
  ai: boolean | null;
  unknown: string[];
  flows: FlowFacts[];
  taskUis: number;
  flowsTruncated: boolean;
}

export default defineProbe<A2iFacts>({
  id: 'a2i-human-review',
  service: 'Amazon A2I (Augmented AI)',
  title: 'Amazon A2I human review workflows exist and are used',
  severity: 'medium',
  remediation: 'Create a human review workflow (SageMaker console → Augmented AI → Human review workflows, or `aws sagemaker create-flow-definition`) for the AI decisions that need oversight, and start human loops from the application (`aws sagemaker-a2i-runtime start-human-loop`), or record the equivalent oversight mechanism.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListFlowDefinitions, DescribeFlowDefinition, ListHumanTaskUis, ListHumanLoops],
  uses: [aiFootprint],
  async collect(ctx) {
    const since = windowStart(ctx.now, HUMAN_LOOP_WINDOW_DAYS);
    const [fp, summaries, uis] = await Promise.all([ctx.use(aiFootprint), ctx.all(ListFlowDefinitions, {}, 'FlowDefinitionSummaries'), ctx.all(ListHumanTaskUis, {}, 'HumanTaskUiSummaries')]);
    const active = newestFirst(
      summaries.filter((s) => s.FlowDefinitionStatus === 'Active'),
      (s) => s.CreationTime,
    );
    const asked = new Set(active.slice(0, FLOW_CAP).map((s) => s.FlowDefinitionArn));
    const flows = await Promise.all(
      summaries.map(async (s): Promise<FlowFacts | null> => {
        const base: FlowFacts = { name: s.FlowDefinitionName ?? '', arn: s.FlowDefinitionArn ?? s.FlowDefinitionName ?? '', status: s.FlowDefinitionStatus, conditional: false };
        if (!asked.has(s.FlowDefinitionArn)) return base;
        const [d, loops] = await Promise.all([
          ctx.callOrAbsent(DescribeFlowDefinition, { FlowDefinitionName: s.FlowDefinitionName }),
          ctx.call(ListHumanLoops, { FlowDefinitionArn: s.FlowDefinitionArn, CreationTimeAfter: since, MaxResults: 100 }),
        ]);
        if (isAbsent(d)) return null;
        return {
          ...base,
          workteam: d.HumanLoopConfig?.WorkteamArn,
          outputKms: d.OutputConfig?.KmsKeyId,
          source: d.HumanLoopRequestSource?.AwsManagedHumanLoopRequestSource,
          conditional: !!d.HumanLoopActivationConfig,
          loops: { count: (loops.HumanLoopSummaries ?? []).length, more: !!loops.NextToken },
        };
      }),
    );
    return { ai: anyAi(fp), unknown: fp.unknown, flows: flows.filter((f): f is FlowFacts => f !== null), taskUis: uis.length, flowsTruncated: active.length > FLOW_CAP };
  },
  evaluate(f, ctx) {
    if (f.flows.length === 0) {
      if (f.ai === null) return error(`no A2I flow definitions, and whether this region runs AI workloads could not be read: ${f.unknown.join('; ')}`);
      if (!f.ai) return notApplicable('no AI workloads and no A2I human review workflows in this region');
      return notInUse(ctx, `AI workloads run here but no A2I human review workflow exists (${f.taskUis} worker task template(s)); oversight may be built with Step Functions callbacks or in the application`);
    }
    const active = f.flows.filter((x) => x.status === 'Active');
    if (active.length === 0) {
      const resources: ResourceResult[] = f.flows.map((x) => ({ id: x.arn, status: 'FAIL', reason: `flow definition ${x.name}: ${x.status ?? 'unknown status'}` }));
      return fail(`${f.flows.length} A2I flow definition(s), none Active`, 'MISCONFIGURED', { resources });
    }
    const warnings: string[] = [];
    if (f.flowsTruncated) warnings.push(`only the ${FLOW_CAP} newest Active flow definitions were asked for human loops`);
    for (const x of active) {
      if (x.loops && !x.outputKms) warnings.push(`flow definition ${x.name}: review output not encrypted with a KMS key of yours`);
      if (PUBLIC_CROWD.test(x.workteam ?? '')) warnings.push(`flow definition ${x.name}: reviews go to the public workforce`);
    }
    const loopText = (x: FlowFacts) => (x.loops ? `${x.loops.count}${x.loops.more ? '+' : ''} human loop(s) in ${HUMAN_LOOP_WINDOW_DAYS} days` : 'human loops not read');
    const resources: ResourceResult[] = f.flows.map((x) => {
      if (x.status !== 'Active') return { id: x.arn, status: 'NOT_APPLICABLE', reason: `flow definition ${x.name}: ${x.status ?? 'unknown status'}` };
      const used = (x.loops?.count ?? 0) > 0;
      const how = `${x.source ? `${x.source} integration` : 'custom integration'}${x.conditional ? ', with activation conditions' : ''}`;
      return { id: x.arn, status: used ? 'PASS' : 'MANUAL', reason: `flow definition ${x.name} (${how}): ${loopText(x)}` };
    });
    const used = resources.filter((r) => r.status === 'PASS');
    if (used.length) return pass(`${used.length} of ${active.length} Active A2I flow definition(s) ran human loops in the last ${HUMAN_LOOP_WINDOW_DAYS} days`, { resources, warnings });
    return manual(`${active.length} Active A2I flow definition(s) but no human loop in the last ${HUMAN_LOOP_WINDOW_DAYS} days: attest that human review is exercised`, { code: 'PARTIAL', resources, warnings });
  },
});
