// Amazon CloudWatch Alarms — A.11 incident detection and notification. probes.md §2.38.
// Judged per AI alarm: enabled actions that reach a person (SNS, Incident Manager, OpsItem),
// directly or through a composite alarm, and SNS topics that exist.
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, pass } from '../../src/engine/probe.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintSummary, footprintUnknown, noFootprint } from '../facts/ai-workload.js';
import { actionKind, aiAlarms, cloudwatchAlarms, type AiAlarm } from '../facts/cloudwatch-alarms.js';
import { ListTopics } from './sns.js';

export interface AlarmsFacts {
  footprint: AiFootprint;
  alarms: AiAlarm[];
  /** SNS topics of this region and account, when any AI alarm notifies one. */
  topics?: string[];
}

const NOTIFY = new Set(['sns', 'incident-manager', 'opsitem']);

function judge(a: AiAlarm, all: AiAlarm[], f: AlarmsFacts, region: string, account: string): ResourceResult {
  const label = `${a.kind === 'composite' ? 'composite alarm' : 'alarm'} ${a.name}`;
  if (a.scaling) return { id: a.arn, status: 'NOT_APPLICABLE', reason: `${label}: auto-scaling alarm (its actions scale capacity), not an incident alarm` };
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
  if (own.length === 0) {
    const why = !a.actionsEnabled ? 'actions disabled' : a.actions.length === 0 ? 'no alarm action' : `actions go to ${a.actions.map((t) => t.split(':')[2]).join(', ')} only, not to SNS, Incident Manager or an OpsItem`;
    return { id: a.arn, status: 'FAIL', reason: `${label}: ${why}` };
  }
  const missing = own.filter((t) => actionKind(t) === 'sns' && t.split(':')[3] === region && t.split(':')[4] === account && f.topics && !f.topics.includes(t));
  if (missing.length) return { id: a.arn, status: 'FAIL', reason: `${label}: notifies SNS topic(s) that do not exist: ${missing.map((t) => t.split(':').pop()).join(', ')}` };
  const kinds = [...new Set(own.map(actionKind))].join(', ');
  return { id: a.arn, status: 'PASS', reason: `${label}: notifies ${kinds}${via}${a.state ? `, state ${a.state}` : ''}` };
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
    const footprint = await ctx.use(aiFootprint);
    if (anyAi(footprint) === false) return { footprint, alarms: [] };
    const alarms = aiAlarms(await ctx.use(cloudwatchAlarms));
    const needsTopics = alarms.some((a) => a.actions.some((t) => actionKind(t) === 'sns' && t.split(':')[3] === ctx.region));
    const topics = needsTopics ? (await ctx.all(ListTopics, {}, 'Topics')).map((t) => t.TopicArn ?? '').filter(Boolean) : undefined;
    return { footprint, alarms, topics };
  },
  evaluate(f, ctx) {
    const na = noFootprint(f.footprint);
    if (na) return na;
    if (f.alarms.length === 0) {
      if (anyAi(f.footprint) === null) return footprintUnknown(f.footprint, 'AI alarming');
      return fail(`AI footprint (${footprintSummary(f.footprint)}) but no CloudWatch alarm on SageMaker or Bedrock metrics`, 'NOT_IN_USE');
    }
    const resources = f.alarms.map((a) => judge(a, f.alarms, f, ctx.region, ctx.accountId));
    if (f.alarms.every((a) => a.scaling)) return fail(`the only alarms on AI metrics are auto-scaling alarms, which alert no one: ${f.alarms.map((a) => a.name).join(', ')}`, 'NOT_IN_USE', { resources });
    const warnings: string[] = [];
    const stuck = f.alarms.filter((a) => a.state === 'INSUFFICIENT_DATA');
    if (stuck.length) warnings.push(`${stuck.length} AI alarm(s) in INSUFFICIENT_DATA: ${stuck.map((a) => a.name).join(', ')}`);
    const foreign = [...new Set(f.alarms.flatMap((a) => a.actions).filter((t) => actionKind(t) === 'sns' && (t.split(':')[3] !== ctx.region || t.split(':')[4] !== ctx.accountId)))];
    if (foreign.length) warnings.push(`SNS topic(s) in another region or account not verified: ${foreign.join(', ')}`);
    const failing = resources.filter((r) => r.status === 'FAIL');
    const judged = resources.filter((r) => r.status !== 'NOT_APPLICABLE');
    if (failing.length) return fail(`${failing.length} of ${judged.length} AI alarm(s) fall short: ${failing.map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
    return pass(`all ${judged.length} AI alarm(s) have enabled actions to SNS, Incident Manager or OpsCenter`, { resources, warnings });
  },
});
