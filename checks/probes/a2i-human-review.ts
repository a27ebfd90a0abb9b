// Amazon A2I (Augmented AI) — A.7 human oversight. probes.md §2.30.
// PASS: an Active flow definition (human review workflow) and at least one human loop in the
// last 90 days, i.e. oversight actually exercised. Human loops can only be listed per flow
// definition, so the a2i-runtime is asked once per Active flow (bounded). DescribeFlowDefinition
// only feeds warnings (work team, output key): when it fails, the loops still decide.
// No flow definitions: the optional-service policy where AI runs, NOT_APPLICABLE where none runs.
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
import type { ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, fail, manual, pass, resourceOf, undecided, type EvalContext } from '../../src/engine/probe.js';
import { F, mapEv, mapList, nonEmpty, some, T, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { aiFootprint, aiInUse, type AiFootprint } from '../facts/ai-footprint.js';
import { GONE, windowStart } from '../facts/sagemaker-inventory.js';
import { unused, noteUnread } from '../rules/workload-gate.js';

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

export interface FlowDetails {
  workteam?: string;
  outputKms?: string;
  /** AWS-managed integration (Textract / Rekognition) when set; custom otherwise. */
  source?: string;
  conditional: boolean;
}

export interface FlowFacts {
  name: string;
  arn: string;
  status?: string;
  created?: Date;
  /** Read for the Active flows within the cap. */
  details?: Ev<FlowDetails>;
  /** Loops created in the window; `more` when there are more than one page shows. */
  loops?: Ev<{ count: number; more: boolean }>;
}

export interface A2iFacts {
  footprint: AiFootprint;
  flows: ListEv<FlowFacts>;
  taskUis: ListEv<unknown>;
  flowsTruncated: boolean;
}

/** Did this Active flow run human loops in the window? */
function exercised(x: FlowFacts): Tri {
  if (!x.loops) return F('human loops not read (cap)');
  if (!x.loops.known) return U(x.loops.causes, 'human loops not read');
  return x.loops.value.count > 0 ? T(`${x.loops.value.count}${x.loops.value.more ? '+' : ''} human loop(s) in ${HUMAN_LOOP_WINDOW_DAYS} days`) : F(`0 human loop(s) in ${HUMAN_LOOP_WINDOW_DAYS} days`);
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
    const [footprint, summaries, taskUis] = await Promise.all([ctx.use(aiFootprint), ctx.list(ListFlowDefinitions, {}, 'FlowDefinitionSummaries'), ctx.list(ListHumanTaskUis, {}, 'HumanTaskUiSummaries')]);
    const listed = mapList(summaries, (s): FlowFacts => ({ name: s.FlowDefinitionName ?? '', arn: s.FlowDefinitionArn ?? s.FlowDefinitionName ?? '', status: s.FlowDefinitionStatus, created: s.CreationTime }));
    const active = listed.items.filter((x) => x.status === 'Active').sort((a, b) => (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0) || a.arn.localeCompare(b.arn));
    const asked = new Set(active.slice(0, FLOW_CAP).map((x) => x.arn));
    const flows = await Promise.all(
      listed.items.map(async (x): Promise<FlowFacts | null> => {
        if (!asked.has(x.arn)) return x;
        const [d, loops] = await Promise.all([
          ctx.readOrAbsent(DescribeFlowDefinition, { FlowDefinitionName: x.name }, { resource: x.arn }),
          ctx.read(ListHumanLoops, { FlowDefinitionArn: x.arn, CreationTimeAfter: since, MaxResults: 100 }, { resource: x.arn }),
        ]);
        if (d.known && isAbsent(d.value)) return null; // deleted since it was listed
        const details = mapEv(d, (v) => {
          const o = v as DescribeFlowDefinitionCommandOutput;
          return { workteam: o.HumanLoopConfig?.WorkteamArn, outputKms: o.OutputConfig?.KmsKeyId, source: o.HumanLoopRequestSource?.AwsManagedHumanLoopRequestSource, conditional: !!o.HumanLoopActivationConfig };
        });
        return { ...x, details, loops: mapEv(loops, (l) => ({ count: (l.HumanLoopSummaries ?? []).length, more: !!l.NextToken })) };
      }),
    );
    const kept = flows.filter((x): x is FlowFacts => x !== null).sort((a, b) => a.arn.localeCompare(b.arn));
    return { footprint, flows: { items: kept, complete: listed.complete, causes: listed.causes }, taskUis, flowsTruncated: active.length > FLOW_CAP };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.flows, f.taskUis, ...f.flows.items.flatMap((x) => [x.details, x.loops]));
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: A2iFacts, ctx: EvalContext): Verdict {
  const any = nonEmpty(f.flows, 'flow definitions', 'no flow definitions');
  if (any.v === 'F') {
    const uis = f.taskUis.complete ? `${f.taskUis.items.length}` : 'unknown number of';
    return unused(ctx, aiInUse(f.footprint), {
      na: 'no AI workloads and no A2I human review workflows in this region',
      unused: `AI workloads run here but no A2I human review workflow exists (${uis} worker task template(s)); oversight may be built with Step Functions callbacks or in the application`,
      condition: 'AI workloads',
    });
  }
  if (any.v === 'U') return undecided(any.causes, 'A2I flow definitions could not be listed');
  const active = f.flows.items.filter((x) => x.status === 'Active');
  if (active.length === 0) {
    const resources: ResourceResult[] = f.flows.items.map((x) => ({ id: x.arn, status: 'FAIL', reason: `flow definition ${x.name}: ${x.status ?? 'unknown status'}` }));
    if (!f.flows.complete) return undecided(f.flows.causes, `${f.flows.items.length} A2I flow definition(s) listed, none Active; the rest could not be listed`, { resources });
    return fail(`${f.flows.items.length} A2I flow definition(s), none Active`, 'MISCONFIGURED', { resources });
  }
  const warnings: string[] = [];
  if (f.flowsTruncated) warnings.push(`only the ${FLOW_CAP} newest Active flow definitions were asked for human loops`);
  for (const x of active) {
    if (!x.details) continue;
    if (!x.details.known) {
      warnings.push(`flow definition ${x.name}: not described (${x.details.causes.map((c) => c.action).join(', ')}): work team and output key not checked`);
      continue;
    }
    const d = x.details.value;
    if (x.loops?.known && !d.outputKms) warnings.push(`flow definition ${x.name}: review output not encrypted with a KMS key of yours`);
    if (PUBLIC_CROWD.test(d.workteam ?? '')) warnings.push(`flow definition ${x.name}: reviews go to the public workforce`);
  }
  const how = (x: FlowFacts) => (x.details?.known ? ` (${x.details.value.source ? `${x.details.value.source} integration` : 'custom integration'}${x.details.value.conditional ? ', with activation conditions' : ''})` : '');
  const resources: ResourceResult[] = f.flows.items.map((x) => {
    if (x.status !== 'Active') return { id: x.arn, status: 'NOT_APPLICABLE', reason: `flow definition ${x.name}: ${x.status ?? 'unknown status'}` };
    const t = exercised(x);
    if (t.v === 'F') return { id: x.arn, status: 'MANUAL', reason: `flow definition ${x.name}${how(x)}: ${t.why.join('')}` };
    return resourceOf(x.arn, undefined, t, `flow definition ${x.name}${how(x)}`);
  });
  const used = some({ items: active, complete: f.flows.complete, causes: f.flows.causes }, exercised);
  if (used.v === 'T') return pass(`${resources.filter((r) => r.status === 'PASS').length} of ${active.length} Active A2I flow definition(s) ran human loops in the last ${HUMAN_LOOP_WINDOW_DAYS} days`, { resources, warnings });
  if (used.v === 'U') return undecided(used.causes, `no Active A2I flow definition shown to run human loops in the last ${HUMAN_LOOP_WINDOW_DAYS} days`, { resources, warnings });
  return manual(`${active.length} Active A2I flow definition(s) but no human loop in the last ${HUMAN_LOOP_WINDOW_DAYS} days: attest that human review is exercised`, { code: 'PARTIAL', resources, warnings });
}
