// Amazon CloudWatch Alarms — A.11 incident detection and notification. probes.md §2.38.
// Judged per AI alarm: enabled actions that reach a person (SNS, Incident Manager, OpsItem),
// directly or through a composite alarm, and SNS topics that exist. Alarms and the region's topics
// are read whatever the AI footprint says; the footprint decides FAIL versus NOT_APPLICABLE.
import { and, every, F, nonEmpty, T, type ListEv, type Tri } from '../../src/engine/evidence.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, resourceOf } from '../../src/engine/probe.js';
import { aiFootprint, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintSummary } from '../facts/ai-workload.js';
import { actionKind, aiAlarmList, cloudwatchAlarms, type AiAlarm, type AlarmInventory } from '../facts/cloudwatch-alarms.js';
import { workloadVerdict } from '../facts/workload-verdict.js';
import { ListTopics, topicExists } from './sns.js';

export interface AlarmsFacts {
  footprint: AiFootprint;
  alarms: AlarmInventory;
  /** SNS topics of this region and account. */
  topics: ListEv<string>;
}

const NOTIFY = new Set(['sns', 'incident-manager', 'opsitem']);

function judge(a: AiAlarm, all: AiAlarm[], topics: ListEv<string>, region: string, account: string): Tri {
  const notifyActions = (x: AiAlarm) => (x.actionsEnabled ? x.actions.filter((t) => NOTIFY.has(actionKind(t))) : []);
  let own = notifyActions(a);
  let via = '';
  if (own.length === 0) {
    const parent = all.find((p) => p.kind === 'composite' && a.parents.includes(p.name) && notifyActions(p).length);
    if (parent) {
      own = notifyActions(parent);
      via = ` through composite alarm ${parent.name}`;
    }
  }
  if (own.length === 0) return F(!a.actionsEnabled ? 'actions disabled' : a.actions.length === 0 ? 'no alarm action' : `actions go to ${a.actions.map((t) => t.split(':')[2]).join(', ')} only, not to SNS, Incident Manager or an OpsItem`);
  // Topics of this region and account are verified; others are named in a warning.
  const local = own.filter((t) => actionKind(t) === 'sns' && t.split(':')[3] === region && t.split(':')[4] === account);
  const exists = and(...local.map((t) => topicExists(topics, t)));
  if (exists.v === 'F') return F(`notifies SNS topic(s) that do not exist: ${exists.why.join(', ')}`);
  if (exists.v === 'U') return exists;
  const kinds = [...new Set(own.map(actionKind))].join(', ');
  return T(`notifies ${kinds}${via}${a.state ? `, state ${a.state}` : ''}`);
}

export default defineProbe<AlarmsFacts>({
  id: 'cloudwatch-alarms',
  service: 'Amazon CloudWatch Alarms',
  title: 'Alarms on AI metrics notify someone (SNS, Incident Manager or OpsCenter)',
  severity: 'medium',
  remediation:
    'Give every alarm on SageMaker/Bedrock metrics an enabled alarm action to an existing SNS topic, an Incident Manager response plan or an OpsItem: console CloudWatch → Alarms → Edit → Notification, or `aws cloudwatch put-metric-alarm … --actions-enabled --alarm-actions arn:aws:sns:…`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [ListTopics],
  uses: [aiFootprint, cloudwatchAlarms],
  async collect(ctx) {
    const [footprint, alarms, topics] = await Promise.all([ctx.use(aiFootprint), ctx.use(cloudwatchAlarms), ctx.list(ListTopics, {}, 'Topics')]);
    return { footprint, alarms, topics: { ...topics, items: topics.items.map((t) => t.TopicArn ?? '').filter(Boolean) } };
  },
  evaluate(f, ctx) {
    const list = aiAlarmList(f.alarms);
    const all = list.items;
    const label = (a: AiAlarm) => `${a.kind === 'composite' ? 'composite alarm' : 'alarm'} ${a.name}`;
    const judged = all.map((a) => ({ a, t: a.scaling ? undefined : judge(a, all, f.topics, ctx.region, ctx.accountId) }));
    const resources: ResourceResult[] = judged.map(({ a, t }) => {
      if (!t) return { id: a.arn, status: 'NOT_APPLICABLE', reason: `${label(a)}: auto-scaling alarm (its actions scale capacity), not an incident alarm` };
      if (t.v === 'U') return resourceOf(a.arn, undefined, t, label(a));
      return { id: a.arn, status: t.v === 'T' ? 'PASS' : 'FAIL', reason: `${label(a)}: ${t.why.join(', ')}` };
    });
    const warnings: string[] = [];
    const stuck = all.filter((a) => a.state === 'INSUFFICIENT_DATA');
    if (stuck.length) warnings.push(`${stuck.length} AI alarm(s) in INSUFFICIENT_DATA: ${stuck.map((a) => a.name).join(', ')}`);
    const foreign = [...new Set(all.flatMap((a) => a.actions).filter((t) => actionKind(t) === 'sns' && (t.split(':')[3] !== ctx.region || t.split(':')[4] !== ctx.accountId)))];
    if (foreign.length) warnings.push(`SNS topic(s) in another region or account not verified: ${foreign.join(', ')}`);

    const incident = { ...list, items: judged.filter((x) => x.t) };
    const anyAlarm = nonEmpty(list, 'AI alarms', 'no AI alarms');
    const anyIncident = nonEmpty(incident, 'incident alarms', 'only auto-scaling alarms');
    const satisfied = and(anyAlarm, anyIncident, every(incident, (x) => x.t as Tri, 'alarms not all listed'));
    const failing = resources.filter((r) => r.status === 'FAIL');
    const judgedCount = resources.filter((r) => r.status !== 'NOT_APPLICABLE').length;
    return workloadVerdict(
      f.footprint,
      satisfied,
      {
        what: 'AI alarming',
        pass: () => `all ${judgedCount} AI alarm(s) have enabled actions to SNS, Incident Manager or OpsCenter`,
        fail: () => {
          if (anyAlarm.v === 'F') return { reason: `AI footprint (${footprintSummary(f.footprint)}) but no CloudWatch alarm on SageMaker or Bedrock metrics`, code: 'NOT_IN_USE' };
          if (anyIncident.v === 'F') return { reason: `the only alarms on AI metrics are auto-scaling alarms, which alert no one: ${all.map((a) => a.name).join(', ')}`, code: 'NOT_IN_USE' };
          return { reason: `${failing.length} of ${judgedCount} AI alarm(s) fall short: ${failing.map((r) => r.reason).join('; ')}`, code: 'MISCONFIGURED' };
        },
        undecided: () => 'whether every AI alarm reaches someone is unknown',
      },
      { resources, warnings },
    );
  },
});
