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
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, next_token, op } from '../../src/aws/ops.js';
import { and, completeList, describeCauses, F, fact, fanOut, known, mapEv, mapList, nonEmpty, some, sortCauses, T, U, unknown, type Cause, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, error, fail, manual, pass, resourceOf, undecided, type CollectContext } from '../../src/engine/probe.js';
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
  /** Why more triggers may exist: alarm or rule lookups that did not answer. */
  wiringUnknown: Cause[];
}

export interface SetFacts {
  arn: string;
  status?: string;
  regions: string[];
  readIn: string;
}

export interface IncidentManagerFacts {
  setArns: ListEv<string>;
  /** The first replication set, read in a region inside it; null when no scanned region holds it. */
  set?: Ev<SetFacts | null>;
  /** Response plans read (the first PLAN_CAP by ARN); a plan whose details failed is named in the causes. */
  plans: ListEv<PlanFacts>;
  contacts: ListEv<string>;
  plansTruncated?: number;
  /** Calls refused because a region cannot be reached (region off, service absent, SCP): said in a warning. */
  skipped?: Cause[];
}

const EMPTY = completeList<never>([]);

/** A list of strings whose answer held something else is not a list the probe can trust. */
function strings(l: ListEv<unknown>, action: string, region: string): ListEv<string> {
  const items = l.items.filter((x): x is string => typeof x === 'string');
  if (items.length === l.items.length) return { ...l, items };
  return { items, complete: false, causes: sortCauses([...l.causes, { action, region, kind: 'malformed', detail: `${action} answered an item that is not a string` }]) };
}

/** Calls refused because the region cannot be reached: no answer is missing, but they are said. */
function skippedNote(c: Cause): string {
  return `${c.action} not read in ${c.region} (not needed for the verdict): ${c.detail}`;
}

/** GetReplicationSet in every scanned region at once (home first): the first region inside the set answers. */
async function findSet(ctx: CollectContext, arn: string, skipped: Cause[]): Promise<Ev<SetFacts | null>> {
  const order = [ctx.homeRegion, ...ctx.regions.filter((r) => r !== ctx.homeRegion)];
  const answers = await Promise.all(order.map(async (region) => ({ region, ev: await ctx.readOrAbsent(GetReplicationSet, { arn }, { region, resource: arn }) })));
  const causes: Cause[] = [];
  let found: Ev<SetFacts | null> | undefined;
  for (const { region, ev } of answers) {
    if (ev.known) {
      if (isAbsent(ev.value) || found) continue;
      const s = ev.value.replicationSet;
      found = known({ arn, status: s?.status, regions: Object.keys(s?.regionMap ?? {}).sort(), readIn: region });
    } else if (ctx.regionUnreachable(ev.causes, region) || ev.causes.every((c) => c.kind === 'unavailable')) skipped.push(...ev.causes);
    // A region without Incident Manager (or switched off) cannot hold the set.
    else causes.push(...ev.causes);
  }
  // Once the set is read, the other regions' failures decide nothing: said, not judged.
  if (found) skipped.push(...causes);
  return found ?? (causes.length ? unknown(causes) : known(null));
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
    const listed = strings(await ctx.list(ListReplicationSets, {}, 'replicationSetArns'), 'ssm-incidents:ListReplicationSets', ctx.homeRegion);
    const setArns = { ...listed, items: [...listed.items].sort() };
    if (setArns.items.length === 0) return { setArns, plans: EMPTY, contacts: EMPTY };
    const skipped: Cause[] = [];
    const set = await findSet(ctx, setArns.items[0], skipped);
    if (!set.known || !set.value) return { setArns, set, plans: EMPTY, contacts: EMPTY, skipped };
    const s = set.value;
    const region = s.regions.includes(s.readIn) ? s.readIn : (s.regions[0] ?? s.readIn);
    const [summaries, contacts] = await Promise.all([ctx.list(ListResponsePlans, {}, 'responsePlanSummaries', { region }), ctx.list(ListContacts, {}, 'Contacts', { region })]);
    const chosen = [...summaries.items].sort((a, b) => (a.arn ?? '').localeCompare(b.arn ?? '')).slice(0, PLAN_CAP);
    const details = await fanOut({ ...summaries, items: chosen }, async (p): Promise<Ev<PlanFacts>> =>
      mapEv(await ctx.read(GetResponsePlan, { arn: p.arn }, { region, resource: p.arn }), (d) => ({ arn: d.arn ?? p.arn ?? '', name: d.name ?? p.name ?? '', engagements: d.engagements?.length ?? 0, triggers: [], wiringUnknown: [] })),
    );
    const plans = details.items;

    // Detection wiring: alarm actions first (shared alarm lists), default-bus rules only if no alarm starts a plan.
    const alarmLists = await Promise.all(ctx.regions.map(async (r) => ({ r, inv: await ctx.use(cloudwatchAlarms, { region: r }) })));
    for (const { r, inv } of alarmLists) {
      for (const a of [...inv.metric.items, ...inv.composite.items]) for (const p of plans) if (a.ActionsEnabled && a.AlarmActions?.includes(p.arn)) p.triggers.push(`alarm ${a.AlarmName} (${r})`);
      const causes = [...inv.metric.causes, ...inv.composite.causes];
      const off = causes.filter((c) => ctx.regionUnreachable([c], r) || c.kind === 'unavailable');
      skipped.push(...off);
      for (const p of plans) p.wiringUnknown.push(...causes.filter((c) => !off.includes(c)));
    }
    if (!plans.some((p) => p.triggers.length)) {
      await Promise.all(
        ctx.regions.flatMap((r) =>
          plans.map(async (p) => {
            const names = strings(await ctx.list(ListRuleNamesByTarget, { TargetArn: p.arn }, 'RuleNames', { region: r, resource: p.arn }), 'events:ListRuleNamesByTarget', r);
            for (const n of names.items) p.triggers.push(`rule ${n} (${r})`);
            const off = names.causes.filter((c) => ctx.regionUnreachable([c], r) || c.kind === 'unavailable');
            skipped.push(...off);
            p.wiringUnknown.push(...names.causes.filter((c) => !off.includes(c)));
          }),
        ),
      );
    }
    for (const p of plans) {
      p.triggers.sort();
      p.wiringUnknown = sortCauses(p.wiringUnknown);
    }
    return {
      setArns,
      set,
      plans: { ...details, items: plans.sort((a, b) => a.arn.localeCompare(b.arn)) },
      contacts: mapList(contacts, (c) => c.ContactArn ?? ''),
      ...(summaries.items.length > PLAN_CAP ? { plansTruncated: summaries.items.length } : {}),
      skipped: sortCauses(skipped),
    };
  },
  evaluate(f) {
    const warnings: string[] = (f.skipped ?? []).map(skippedNote);
    const listedSet = nonEmpty(f.setArns, 'replication set', 'no replication set');
    if (listedSet.v === 'F') return fail('Incident Manager is not set up: no replication set', 'NOT_ENABLED');
    if (listedSet.v === 'U') return undecided(listedSet.causes, 'whether Incident Manager is set up is unknown');
    if (!f.set || !f.set.known) return undecided(f.set && !f.set.known ? f.set.causes : [], `replication set ${f.setArns.items[0]} not read`);
    if (!f.set.value) return error(`replication set ${f.setArns.items[0]} could not be read in any scanned region`);
    const set = f.set.value;
    const engaged = (p: PlanFacts): Tri => fact(p.engagements > 0, `${p.engagements} engagement(s)`, 'no engagements');
    const wired = (p: PlanFacts): Tri => (p.triggers.length ? T(`started by ${p.triggers.join(', ')}`) : p.wiringUnknown.length ? U(p.wiringUnknown, `what starts response plan ${p.name}`) : F('no alarm or rule found that starts it'));
    const resources: ResourceResult[] = [{ id: set.arn, status: set.status === 'ACTIVE' ? 'PASS' : 'FAIL', reason: `replication set ${set.status ?? 'unknown'} in ${set.regions.join(', ')}` }];
    for (const p of f.plans.items) {
      const label = `response plan ${p.name}`;
      const e = engaged(p);
      const w = wired(p);
      if (e.v === 'F') resources.push({ id: p.arn, status: 'FAIL', reason: `${label}: no engagements` });
      else if (w.v === 'U') resources.push(resourceOf(p.arn, undefined, w, `${label}: ${p.engagements} engagement(s)`));
      else if (w.v === 'F') resources.push({ id: p.arn, status: 'MANUAL', reason: `${label}: ${p.engagements} engagement(s), no alarm or rule found that starts it` });
      else resources.push({ id: p.arn, status: 'PASS', reason: `${label}: ${p.engagements} engagement(s), ${w.why[0]}` });
    }
    for (const c of f.plans.causes.filter((x) => x.resource)) resources.push(resourceOf(c.resource as string, undefined, U([c]), 'response plan'));
    if (f.plansTruncated) warnings.push(`${f.plansTruncated} response plans; only the first ${PLAN_CAP} by ARN were read`);
    if (!f.contacts.complete) warnings.push(`contacts not listed: ${describeCauses(f.contacts.causes)}`);
    // Wiring that could not be read is said even where a plan was found started: it may start others.
    const wiringGaps = sortCauses(f.plans.items.flatMap((p) => (p.triggers.length ? p.wiringUnknown : [])));
    if (wiringGaps.length) warnings.push(`alarm or rule wiring not read: ${describeCauses(wiringGaps)}`);
    const extra = { resources, warnings };
    if (set.status !== 'ACTIVE') return fail(`replication set is ${set.status ?? 'in an unknown state'}, not ACTIVE`, 'MISCONFIGURED', extra);
    const hasPlans = nonEmpty(f.plans, 'response plans', 'no response plans');
    if (hasPlans.v === 'F') return fail('replication set ACTIVE but no response plans', 'MISCONFIGURED', extra);
    const anyEngaged = some(f.plans, engaged, 'response plans not all read');
    if (anyEngaged.v === 'F') return fail(`${f.plans.items.length} response plan(s), none engages a contact or escalation plan (${f.contacts.complete ? `${f.contacts.items.length} contact(s) defined` : 'contacts not listed'})`, 'MISCONFIGURED', extra);
    const anyWired = some(f.plans, (p) => and(engaged(p), wired(p)), 'response plans not all read');
    const names = f.plans.items.filter((p) => engaged(p).v === 'T' && wired(p).v === 'T').map((p) => p.name);
    if (anyWired.v === 'T') return pass(`replication set ACTIVE; ${names.length} response plan(s) with engagements started by detection: ${names.join(', ')}`, extra);
    if (anyWired.v === 'U' || anyEngaged.v === 'U') return undecided([...(anyWired.v === 'U' ? anyWired.causes : []), ...(anyEngaged.v === 'U' ? anyEngaged.causes : [])], 'replication set ACTIVE; whether a response plan with engagements is started by detection is unknown', extra);
    const count = f.plans.items.filter((p) => engaged(p).v === 'T').length;
    return manual(`replication set ACTIVE and ${count} response plan(s) with engagements, but no CloudWatch alarm or default-bus EventBridge rule starts them: attest how incidents are opened`, { ...extra, code: 'PARTIAL' });
  },
});
