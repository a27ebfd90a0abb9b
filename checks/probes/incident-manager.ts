// AWS Systems Manager Incident Manager — A.11 structured incident response. probes.md §2.37.
// Account-wide: the replication set (its ARN has no region) is listed once from the home region and
// read in a region inside it; response plans and contacts are read there. Whether a plan is started
// by detection (a CloudWatch alarm action or a default-bus EventBridge rule) is looked up across the
// scanned regions. Closed to new customers since 2025-11-07 (probes.md §7).
import type {
  GetReplicationSetInput,
  GetReplicationSetOutput,
  GetResponsePlanInput,
  GetResponsePlanOutput,
  ListReplicationSetsInput,
  ListReplicationSetsOutput,
  ListResponsePlansInput,
  ListResponsePlansOutput,
} from '@aws-sdk/client-ssm-incidents';
import type { ListContactsCommandInput, ListContactsCommandOutput } from '@aws-sdk/client-ssm-contacts';
import type { ListRuleNamesByTargetRequest, ListRuleNamesByTargetResponse } from '@aws-sdk/client-eventbridge';
import { AwsCallError, isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, next_token, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, error, fail, manual, pass, type CollectContext } from '../../src/engine/probe.js';
import { cloudwatchAlarms } from '../facts/cloudwatch-alarms.js';

export const ListReplicationSets = op<ListReplicationSetsInput, ListReplicationSetsOutput>('ssmincidents', 'ListReplicationSets', { paginate: next_token });
// Sent region by region until one inside the set answers; elsewhere it is ResourceNotFoundException.
export const GetReplicationSet = op<GetReplicationSetInput, GetReplicationSetOutput>('ssmincidents', 'GetReplicationSet', { absent: [{ name: 'ResourceNotFoundException' }] });
export const ListResponsePlans = op<ListResponsePlansInput, ListResponsePlansOutput>('ssmincidents', 'ListResponsePlans', { paginate: next_token });
export const GetResponsePlan = op<GetResponsePlanInput, GetResponsePlanOutput>('ssmincidents', 'GetResponsePlan');
export const ListContacts = op<ListContactsCommandInput, ListContactsCommandOutput>('ssmcontacts', 'ListContacts', { paginate: NEXT_TOKEN });
// No SDK paginator; the engine loops on NextToken.
export const ListRuleNamesByTarget = op<ListRuleNamesByTargetRequest, ListRuleNamesByTargetResponse>('eventbridge', 'ListRuleNamesByTarget', { paginate: NEXT_TOKEN });

/** Response plans read. */
export const PLAN_CAP = 50;

export interface PlanFacts {
  arn: string;
  name: string;
  engagements: number;
  /** "alarm x (us-east-1)", "rule y (eu-west-1)". */
  triggers: string[];
}

export interface IncidentManagerFacts {
  setArns: string[];
  set?: { arn: string; status?: string; regions: string[]; readIn: string };
  plans: PlanFacts[];
  contacts: number;
  /** Regions where wiring could not be read, and why. */
  wiringUnknown: string[];
}

const skippable = (err: unknown) => err instanceof AwsCallError && (err.kind === 'unavailable' || err.kind === 'region-disabled');

async function findSet(ctx: CollectContext, arn: string): Promise<IncidentManagerFacts['set']> {
  const order = [ctx.homeRegion, ...ctx.regions.filter((r) => r !== ctx.homeRegion)];
  for (const region of order) {
    try {
      const r = await ctx.callOrAbsent(GetReplicationSet, { arn }, { region });
      if (isAbsent(r)) continue;
      const s = r.replicationSet;
      return { arn, status: s?.status, regions: Object.keys(s?.regionMap ?? {}).sort(), readIn: region };
    } catch (err) {
      if (skippable(err)) continue;
      throw err;
    }
  }
  return undefined;
}

export default defineProbe<IncidentManagerFacts>({
  id: 'incident-manager',
  service: 'AWS Systems Manager Incident Manager',
  title: 'Incident Manager has an active replication set and response plans that engage responders',
  severity: 'medium',
  remediation:
    'Existing customers: keep the replication set ACTIVE, create response plans with engagements (contacts or escalation plans) and start them from CloudWatch alarms or EventBridge rules: console Incident Manager → Response plans. New customers: route CloudWatch alarms and EventBridge rules to SNS and your on-call tool instead.',
  serviceClass: 'baseline',
  availability: 'AWS Systems Manager Incident Manager is no longer open to new customers (since 2025-11-07): use CloudWatch alarms and EventBridge rules routed through SNS to an on-call tool as the alternative',
  scope: 'global',
  calls: [ListReplicationSets, GetReplicationSet, ListResponsePlans, GetResponsePlan, ListContacts, ListRuleNamesByTarget],
  uses: [cloudwatchAlarms],
  async collect(ctx) {
    const setArns = await ctx.all(ListReplicationSets, {}, 'replicationSetArns');
    if (setArns.length === 0) return { setArns, plans: [], contacts: 0, wiringUnknown: [] };
    const set = await findSet(ctx, setArns[0]);
    if (!set) return { setArns, plans: [], contacts: 0, wiringUnknown: [] };
    const region = set.regions.includes(set.readIn) ? set.readIn : (set.regions[0] ?? set.readIn);
    const [summaries, contacts] = await Promise.all([ctx.all(ListResponsePlans, {}, 'responsePlanSummaries', { region }), ctx.all(ListContacts, {}, 'Contacts', { region })]);
    const details = await Promise.all(summaries.slice(0, PLAN_CAP).map((p) => ctx.call(GetResponsePlan, { arn: p.arn }, { region })));
    const plans: PlanFacts[] = details.map((d) => ({ arn: d.arn ?? '', name: d.name ?? '', engagements: d.engagements?.length ?? 0, triggers: [] }));

    // Detection wiring: alarm actions first (shared alarm lists), default-bus rules only if none.
    const wiringUnknown: string[] = [];
    await Promise.all(
      ctx.regions.map(async (r) => {
        try {
          const inv = await ctx.use(cloudwatchAlarms, { region: r });
          for (const a of [...inv.metric, ...inv.composite]) {
            for (const p of plans) if (a.ActionsEnabled && a.AlarmActions?.includes(p.arn)) p.triggers.push(`alarm ${a.AlarmName} (${r})`);
          }
        } catch (err) {
          if (skippable(err)) return;
          if (err instanceof AwsCallError) wiringUnknown.push(`${r}: ${err.reason}`);
          else throw err;
        }
      }),
    );
    if (!plans.some((p) => p.triggers.length)) {
      await Promise.all(
        ctx.regions.flatMap((r) =>
          plans.map(async (p) => {
            try {
              const names = await ctx.all(ListRuleNamesByTarget, { TargetArn: p.arn }, 'RuleNames', { region: r });
              for (const n of names) p.triggers.push(`rule ${n} (${r})`);
            } catch (err) {
              if (skippable(err)) return;
              if (err instanceof AwsCallError) wiringUnknown.push(`${r}: ${err.reason}`);
              else throw err;
            }
          }),
        ),
      );
    }
    for (const p of plans) p.triggers.sort();
    return { setArns, set, plans: plans.sort((a, b) => a.arn.localeCompare(b.arn)), contacts: contacts.length, wiringUnknown: [...new Set(wiringUnknown)].sort() };
  },
  evaluate(f) {
    if (f.setArns.length === 0) return fail('Incident Manager is not set up: no replication set', 'NOT_ENABLED');
    if (!f.set) return error(`replication set ${f.setArns[0]} could not be read in any scanned region`);
    const setRes: ResourceResult = { id: f.set.arn, status: f.set.status === 'ACTIVE' ? 'PASS' : 'FAIL', reason: `replication set ${f.set.status ?? 'unknown'} in ${f.set.regions.join(', ')}` };
    const resources: ResourceResult[] = [
      setRes,
      ...f.plans.map((p): ResourceResult => {
        if (p.engagements === 0) return { id: p.arn, status: 'FAIL', reason: `response plan ${p.name}: no engagements` };
        if (p.triggers.length === 0) return { id: p.arn, status: 'MANUAL', reason: `response plan ${p.name}: ${p.engagements} engagement(s), no alarm or rule found that starts it` };
        return { id: p.arn, status: 'PASS', reason: `response plan ${p.name}: ${p.engagements} engagement(s), started by ${p.triggers.join(', ')}` };
      }),
    ];
    const warnings = f.wiringUnknown.map((w) => `alarm/rule wiring not read in ${w}`);
    if (f.set.status !== 'ACTIVE') return fail(`replication set is ${f.set.status ?? 'in an unknown state'}, not ACTIVE`, 'MISCONFIGURED', { resources, warnings });
    if (f.plans.length === 0) return fail('replication set ACTIVE but no response plans', 'MISCONFIGURED', { resources, warnings });
    const engaged = f.plans.filter((p) => p.engagements > 0);
    if (engaged.length === 0) return fail(`${f.plans.length} response plan(s), none engages a contact or escalation plan (${f.contacts} contact(s) defined)`, 'MISCONFIGURED', { resources, warnings });
    const wired = engaged.filter((p) => p.triggers.length);
    if (wired.length) return pass(`replication set ACTIVE; ${wired.length} response plan(s) with engagements started by detection: ${wired.map((p) => p.name).join(', ')}`, { resources, warnings });
    return manual(`replication set ACTIVE and ${engaged.length} response plan(s) with engagements, but no CloudWatch alarm or default-bus EventBridge rule starts them: attest how incidents are opened`, { code: 'PARTIAL', resources, warnings });
  },
});
