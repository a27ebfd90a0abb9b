// AWS Step Functions — A.5 automated validation workflows with error handling, A.7 human approval
// (callback) steps. probes.md §2.26.
// Tool-choice service: no AI workflow → the user's optional-service policy (MANUAL by default), or
// NOT_APPLICABLE where the region has no AI footprint.
// Definitions are read without ever asking Step Functions to decrypt with a customer key: each
// state machine is first described METADATA_ONLY, and its definition (ALL_DATA) only when it is
// encrypted with the AWS-owned key; CMK-encrypted definitions stay unread (PARTIAL).
// AI tasks: optimized integrations (arn:aws:states:::sagemaker:…, ::bedrock:…) and AWS SDK
// integrations (arn:aws:states:::aws-sdk:sagemaker…/bedrock…). One AI workflow that meets the
// requirement decides; a state machine that could not be described could be one.
import type {
  DescribeStateMachineCommandInput,
  DescribeStateMachineCommandOutput,
  ListStateMachinesCommandInput,
  ListStateMachinesCommandOutput,
} from '@aws-sdk/client-sfn';
import { next_token, op } from '../../src/aws/ops.js';
import type { ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, type EvalContext, fail, manual, notInUse, pass, startNow, undecided } from '../../src/engine/probe.js';
import { fanOut, known, type Ev, type ListEv } from '../../src/engine/evidence.js';
import { aiFootprint, aiInUse, type AiFootprint } from '../facts/ai-footprint.js';
import { unused, noteUnread } from '../rules/workload-gate.js';

const ListStateMachines = op<ListStateMachinesCommandInput, ListStateMachinesCommandOutput>('sfn', 'ListStateMachines', { paginate: next_token });
const DescribeStateMachine = op<DescribeStateMachineCommandInput, DescribeStateMachineCommandOutput>('sfn', 'DescribeStateMachine');

/** State machines described per region (two calls each at most). */
export const MACHINE_CAP = 100;

export interface AiTask {
  state: string;
  resource: string;
  retry: boolean;
  catch: boolean;
}

export interface Machine {
  arn: string;
  name: string;
  logLevel?: string;
  tracing: boolean;
  /** Definition not read (customer-managed key, or unparsable). */
  hidden?: string;
  aiTasks: AiTask[];
  callbacks: string[];
}

export interface StepFunctionsFacts {
  total: number;
  /** Machines described; one whose describe failed is named in the causes. */
  machines: ListEv<Machine>;
  capped: boolean;
  footprint: AiFootprint;
}

/** SageMaker / Bedrock task resources: optimized integrations and AWS SDK integrations (bedrockruntime, sagemakerruntime …). */
export const AI_RESOURCE = /^arn:[^:]+:states:::(?:aws-sdk:)?(?:sagemaker|bedrock)[a-z]*:/;

interface AslState {
  Type?: string;
  Resource?: string;
  Retry?: unknown[];
  Catch?: unknown[];
  Branches?: { States?: Record<string, AslState> }[];
  Iterator?: { States?: Record<string, AslState> };
  ItemProcessor?: { States?: Record<string, AslState> };
}

/** AI service tasks and callback (.waitForTaskToken) tasks anywhere in an ASL definition. */
export function scanDefinition(definition: string): { aiTasks: AiTask[]; callbacks: string[] } {
  const asl = JSON.parse(definition) as { States?: Record<string, AslState> };
  const aiTasks: AiTask[] = [];
  const callbacks: string[] = [];
  const walk = (states: Record<string, AslState> | undefined) => {
    for (const [name, s] of Object.entries(states ?? {})) {
      if (s.Type === 'Task' && typeof s.Resource === 'string') {
        if (AI_RESOURCE.test(s.Resource)) aiTasks.push({ state: name, resource: s.Resource, retry: (s.Retry ?? []).length > 0, catch: (s.Catch ?? []).length > 0 });
        if (s.Resource.endsWith('.waitForTaskToken')) callbacks.push(name);
      }
      for (const b of s.Branches ?? []) walk(b.States);
      walk(s.Iterator?.States);
      walk(s.ItemProcessor?.States);
    }
  };
  walk(asl.States);
  return { aiTasks, callbacks };
}

export default defineProbe<StepFunctionsFacts>({
  id: 'step-functions',
  service: 'AWS Step Functions',
  title: 'AI workflows handle errors and log (A.5) and wait for human approval (A.7)',
  severity: 'medium',
  remediation: 'Orchestrate AI steps (SageMaker/Bedrock tasks) in Step Functions with Retry/Catch and logging on (A.5), and a .waitForTaskToken approval step for human sign-off (A.7): Step Functions console → state machine → Edit / Logging, or `aws stepfunctions update-state-machine --logging-configuration level=ERROR,…`.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListStateMachines, DescribeStateMachine],
  uses: [aiFootprint],
  async collect(ctx) {
    // The footprint only matters to the verdict: the describes follow the list, not it.
    const footprintP = startNow(ctx.use(aiFootprint));
    const list = await ctx.list(ListStateMachines, {}, 'stateMachines');
    // Newest first, then by name: the cap keeps the same machines on every run.
    const ordered = [...list.items].sort((a, b) => (b.creationDate?.getTime() ?? 0) - (a.creationDate?.getTime() ?? 0) || (a.name ?? '').localeCompare(b.name ?? ''));
    const read = ordered.slice(0, MACHINE_CAP);
    const machines = await fanOut(read, async (m): Promise<Ev<Machine>> => {
      const resource = m.stateMachineArn;
      const meta = await ctx.read(DescribeStateMachine, { stateMachineArn: m.stateMachineArn, includedData: 'METADATA_ONLY' }, { resource });
      if (!meta.known) return meta;
      const base = { arn: m.stateMachineArn ?? '', name: m.name ?? '', logLevel: meta.value.loggingConfiguration?.level, tracing: meta.value.tracingConfiguration?.enabled === true, aiTasks: [], callbacks: [] };
      const enc = meta.value.encryptionConfiguration?.type;
      if (enc && enc !== 'AWS_OWNED_KEY') return known({ ...base, hidden: `definition encrypted with a customer-managed key (${enc})` });
      const full = await ctx.read(DescribeStateMachine, { stateMachineArn: m.stateMachineArn, includedData: 'ALL_DATA' }, { resource });
      if (!full.known) return full;
      try {
        return known({ ...base, ...scanDefinition(full.value.definition ?? '{}') });
      } catch {
        return known({ ...base, hidden: 'definition is not parsable JSON' });
      }
    });
    machines.items.sort((a, b) => a.arn.localeCompare(b.arn));
    return { total: list.items.length, machines: { ...machines, complete: machines.complete && list.complete, causes: [...list.causes, ...machines.causes] }, capped: list.items.length > read.length, footprint: await footprintP };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.machines);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: StepFunctionsFacts, ctx: EvalContext): Verdict {
  const warnings: string[] = [];
  if (f.capped) warnings.push(`only the newest ${MACHINE_CAP} of ${f.total} state machines were read`);
  const ai = f.machines.items.filter((m) => m.aiTasks.length);
  const hidden = f.machines.items.filter((m) => m.hidden);
  const unread: ResourceResult[] = f.machines.causes.filter((c) => c.resource).map((c) => ({ id: c.resource as string, status: 'ERROR', reason: `state machine not described: needs ${c.action}`, missing: [c] }));
  if (ai.length === 0) {
    // A machine that could not be listed or described may be an AI workflow.
    if (!f.machines.complete) return undecided(f.machines.causes, `no AI workflow among the ${f.machines.items.length} state machine(s) read`, { warnings, resources: unread });
    if (hidden.length) return manual(`no AI workflow among the readable state machines; ${hidden.length} definition(s) not read (${hidden[0].hidden}): attest them`, { warnings, code: 'PARTIAL', resources: hidden.map((m) => ({ id: m.arn, status: 'MANUAL', reason: `state machine ${m.name}: ${m.hidden}` })) });
    return unused(ctx, aiInUse(f.footprint), {
      na: `no AI footprint in ${ctx.region} and no state machine calling SageMaker or Bedrock`,
      unused: `no Step Functions workflow calls SageMaker or Bedrock in ${ctx.region} (${f.total} state machine(s))`,
      condition: 'AI workloads',
    }, { warnings });
  }
  if (hidden.length) warnings.push(`${hidden.length} state machine definition(s) encrypted with a customer-managed key were not read`);
  const v = openOr(ctx.control === 'A.7' ? oversight(ai, warnings, ctx) : validation(ai, warnings), f.machines.causes, f.machines.complete);
  return { ...v, resources: [...(v.resources ?? []), ...unread] };
}

/** PASS on one AI workflow that meets it; otherwise, with undescribed machines left, undecided. */
function openOr(v: Verdict, causes: StepFunctionsFacts['machines']['causes'], complete: boolean): Verdict {
  return v.status === 'PASS' || complete ? v : undecided(causes, `no AI workflow read meets it (${v.reason})`, { resources: v.resources, warnings: v.warnings });
}

function validation(ai: Machine[], warnings: string[]) {
  const resources: ResourceResult[] = ai.map((m) => {
    const gaps: string[] = [];
    const unguarded = m.aiTasks.filter((t) => !t.retry && !t.catch).map((t) => t.state);
    if (unguarded.length) gaps.push(`AI task(s) without Retry or Catch: ${unguarded.join(', ')}`);
    if (!m.logLevel || m.logLevel === 'OFF') gaps.push('logging OFF');
    if (!m.tracing) warnings.push(`state machine ${m.name}: X-Ray tracing off`);
    if (gaps.length) return { id: m.arn, status: 'FAIL', reason: `state machine ${m.name}: ${gaps.join(', ')}` };
    return { id: m.arn, status: 'PASS', reason: `state machine ${m.name}: ${m.aiTasks.length} AI task(s) with error handling, logging ${m.logLevel}` };
  });
  const ok = resources.filter((r) => r.status === 'PASS');
  const bad = resources.filter((r) => r.status === 'FAIL');
  if (ok.length === 0) return fail(`${ai.length} AI workflow(s), none with error handling on every AI task and logging on: ${bad.slice(0, 3).map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
  if (bad.length) warnings.push(`${bad.length} other AI workflow(s) fall short; see resources`);
  return pass(`${ok.length} AI workflow(s) handle errors on their AI tasks and log executions`, { resources, warnings });
}

function oversight(ai: Machine[], warnings: string[], ctx: EvalContext) {
  const resources: ResourceResult[] = ai.map((m) =>
    m.callbacks.length
      ? { id: m.arn, status: 'PASS', reason: `state machine ${m.name}: waits for a task token at ${m.callbacks.join(', ')}` }
      : { id: m.arn, status: 'MANUAL', reason: `state machine ${m.name}: no callback (.waitForTaskToken) step` },
  );
  const ok = resources.filter((r) => r.status === 'PASS');
  if (ok.length === 0) return notInUse(ctx, `${ai.length} AI workflow(s), none with a human approval (.waitForTaskToken) step`, { resources, warnings });
  warnings.push('that each callback is a human decision cannot be read from the definition: confirm it');
  return pass(`${ok.length} AI workflow(s) pause for a callback approval step`, { resources, warnings });
}
