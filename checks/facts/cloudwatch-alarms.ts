// Every CloudWatch metric and composite alarm of a region, listed once and shared by the CloudWatch,
// CloudWatch Alarms, SNS and Incident Manager probes (probes.md §2.3, §2.38, §2.39, §2.37),
// with the one definition of "an alarm on an AI system" they all use.
import type { CompositeAlarm, DescribeAlarmsInput, DescribeAlarmsOutput, Dimension, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineFact } from '../../src/engine/probe.js';
import { mapList, sortCauses, type ListEv } from '../../src/engine/evidence.js';

export const DescribeAlarms = op<DescribeAlarmsInput, DescribeAlarmsOutput>('cloudwatch', 'DescribeAlarms', { paginate: NEXT_TOKEN });

/** Without AlarmTypes the API returns metric alarms only (SDK d.ts); composite alarms carry actions too. */
export const ALARM_QUERY: DescribeAlarmsInput = { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] };

export type MetricAlarmFacts = Pick<
  MetricAlarm,
  'AlarmName' | 'AlarmArn' | 'ActionsEnabled' | 'AlarmActions' | 'StateValue' | 'Namespace' | 'MetricName' | 'Dimensions' | 'Metrics' | 'ThresholdMetricId'
>;
export type CompositeAlarmFacts = Pick<CompositeAlarm, 'AlarmName' | 'AlarmArn' | 'ActionsEnabled' | 'AlarmActions' | 'StateValue' | 'AlarmRule'>;

/** Metric and composite alarms as read: a listing cut by a failed page is incomplete, with its cause. */
export interface AlarmInventory {
  metric: ListEv<MetricAlarmFacts>;
  composite: ListEv<CompositeAlarmFacts>;
}

export const cloudwatchAlarms = defineFact<AlarmInventory>({
  id: 'cloudwatch-alarms',
  scope: 'regional',
  calls: [DescribeAlarms],
  async collect(ctx) {
    // Both keys come from the same pages: the engine answers the identical calls once.
    const [metric, composite] = await Promise.all([ctx.list(DescribeAlarms, ALARM_QUERY, 'MetricAlarms'), ctx.list(DescribeAlarms, ALARM_QUERY, 'CompositeAlarms')]);
    return {
      metric: mapList(metric, (a): MetricAlarmFacts => ({
        AlarmName: a.AlarmName,
        AlarmArn: a.AlarmArn,
        ActionsEnabled: a.ActionsEnabled,
        AlarmActions: a.AlarmActions,
        StateValue: a.StateValue,
        Namespace: a.Namespace,
        MetricName: a.MetricName,
        Dimensions: a.Dimensions,
        Metrics: a.Metrics,
        ThresholdMetricId: a.ThresholdMetricId,
      })),
      composite: mapList(composite, (a): CompositeAlarmFacts => ({ AlarmName: a.AlarmName, AlarmArn: a.AlarmArn, ActionsEnabled: a.ActionsEnabled, AlarmActions: a.AlarmActions, StateValue: a.StateValue, AlarmRule: a.AlarmRule })),
    };
  },
});

/** SageMaker (incl. Model Monitor's /aws/sagemaker/… namespaces) and Bedrock metrics (probes.md §2.3). */
export function isAiNamespace(ns: string | undefined): boolean {
  return !!ns && /^(AWS\/SageMaker|\/aws\/sagemaker\/|AWS\/Bedrock)/i.test(ns);
}

/** Namespaces an alarm watches: its own metric, metric-math inputs, and any named in expressions. */
export function namespacesOf(a: MetricAlarmFacts): string[] {
  const out = new Set<string>();
  if (a.Namespace) out.add(a.Namespace);
  for (const q of a.Metrics ?? []) {
    const ns = q.MetricStat?.Metric?.Namespace;
    if (ns) out.add(ns);
    for (const m of q.Expression?.match(/AWS\/SageMaker[\w/-]*|\/aws\/sagemaker\/[\w/-]*|AWS\/Bedrock[\w/-]*/gi) ?? []) out.add(m);
  }
  return [...out];
}

export function isAiMetricAlarm(a: MetricAlarmFacts): boolean {
  return namespacesOf(a).some(isAiNamespace);
}

function dimensionsOf(a: MetricAlarmFacts): Dimension[] {
  return [...(a.Dimensions ?? []), ...(a.Metrics ?? []).flatMap((q) => q.MetricStat?.Metric?.Dimensions ?? [])];
}

/** SageMaker endpoints an alarm watches (its EndpointName dimensions). */
export function endpointsOf(a: MetricAlarmFacts): string[] {
  return [...new Set(dimensionsOf(a).filter((d) => d.Name === 'EndpointName' && d.Value).map((d) => d.Value as string))];
}

/** Alarm names a composite rule refers to: ALARM("x"), OK(x), INSUFFICIENT_DATA(arn:…:alarm:x). */
export function childAlarmNames(rule: string | undefined): string[] {
  const out = new Set<string>();
  for (const m of (rule ?? '').matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*"?([^")]+?)"?\s*\)/g)) {
    const ref = m[1].trim();
    const i = ref.indexOf(':alarm:');
    out.add(i >= 0 ? ref.slice(i + ':alarm:'.length) : ref);
  }
  return [...out];
}

/** Actions only fire when enabled and present. */
export function actionable(a: { ActionsEnabled?: boolean; AlarmActions?: string[] }): boolean {
  return a.ActionsEnabled === true && (a.AlarmActions?.length ?? 0) > 0;
}

export type ActionKind = 'sns' | 'incident-manager' | 'opsitem' | 'autoscaling' | 'other';

export function actionKind(arn: string): ActionKind {
  if (/^arn:aws[\w-]*:sns:/.test(arn)) return 'sns';
  if (/^arn:aws[\w-]*:autoscaling:/.test(arn)) return 'autoscaling';
  if (/^arn:aws[\w-]*:ssm-incidents::/.test(arn)) return 'incident-manager';
  if (/^arn:aws[\w-]*:ssm:[^:]*:[^:]*:opsitem:/.test(arn)) return 'opsitem';
  return 'other';
}

/** An alarm on an AI system: a metric alarm on an AI namespace, or a composite over one. */
export interface AiAlarm {
  name: string;
  arn: string;
  kind: 'metric' | 'composite';
  actionsEnabled: boolean;
  actions: string[];
  state?: string;
  namespaces: string[];
  /** Endpoints watched, directly or (for composites) through their AI children. */
  endpoints: string[];
  /** AI metric alarms a composite combines. */
  children: string[];
  /** Composite alarms that combine this metric alarm and would notify for it. */
  parents: string[];
  anomalyBand: boolean;
  /** Every action is an Application Auto Scaling policy (e.g. target tracking): it scales, it alerts no one. */
  scaling: boolean;
}

function scalingOnly(actions: string[] | undefined): boolean {
  return !!actions?.length && actions.every((t) => actionKind(t) === 'autoscaling');
}

/** The AI alarms read; complete when both listings are (a composite's children may sit on an unread page). */
export function aiAlarmList(inv: AlarmInventory): ListEv<AiAlarm> {
  return { items: aiAlarms(inv), complete: inv.metric.complete && inv.composite.complete, causes: sortCauses([...inv.metric.causes, ...inv.composite.causes]) };
}

export function aiAlarms(inv: AlarmInventory): AiAlarm[] {
  const metric = inv.metric.items.filter(isAiMetricAlarm);
  const byName = new Map(metric.map((a) => [a.AlarmName ?? '', a]));
  const composites = inv.composite.items
    .map((c) => ({ c, kids: childAlarmNames(c.AlarmRule).filter((n) => byName.has(n)) }))
    .filter((x) => x.kids.length > 0);
  const out: AiAlarm[] = metric.map((a) => ({
    name: a.AlarmName ?? '',
    arn: a.AlarmArn ?? a.AlarmName ?? '',
    kind: 'metric',
    actionsEnabled: a.ActionsEnabled === true,
    actions: a.AlarmActions ?? [],
    state: a.StateValue,
    namespaces: namespacesOf(a).filter(isAiNamespace),
    endpoints: endpointsOf(a),
    children: [],
    parents: composites.filter((x) => x.kids.includes(a.AlarmName ?? '')).map((x) => x.c.AlarmName ?? ''),
    anomalyBand: !!a.ThresholdMetricId,
    scaling: scalingOnly(a.AlarmActions),
  }));
  for (const { c, kids } of composites) {
    const kidAlarms = kids.map((k) => byName.get(k)!);
    out.push({
      name: c.AlarmName ?? '',
      arn: c.AlarmArn ?? c.AlarmName ?? '',
      kind: 'composite',
      actionsEnabled: c.ActionsEnabled === true,
      actions: c.AlarmActions ?? [],
      state: c.StateValue,
      namespaces: [...new Set(kidAlarms.flatMap((k) => namespacesOf(k).filter(isAiNamespace)))],
      endpoints: [...new Set(kidAlarms.flatMap(endpointsOf))],
      children: kids,
      parents: [],
      anomalyBand: kidAlarms.some((k) => !!k.ThresholdMetricId),
      scaling: scalingOnly(c.AlarmActions),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Would this AI alarm reach someone: its own enabled non-scaling actions, or such a composite over it. */
export function reaches(a: AiAlarm, all: AiAlarm[]): AiAlarm | undefined {
  const alerts = (x: AiAlarm) => !x.scaling && actionable({ ActionsEnabled: x.actionsEnabled, AlarmActions: x.actions });
  if (alerts(a)) return a;
  return all.find((p) => p.kind === 'composite' && a.parents.includes(p.name) && alerts(p));
}
