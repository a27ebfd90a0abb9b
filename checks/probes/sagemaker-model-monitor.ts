// Amazon SageMaker Model Monitor — 6.1.2 risk, 9.1 performance, A.5 validation. probes.md §2.1.
// Judged per in-service endpoint: data capture on and started, and at least one Scheduled monitor —
// or out of Model Monitor's reach (serverless endpoints, support unconfirmed; multi-model
// endpoints, which Model Monitor does not support). Each endpoint is judged on what could be read: a missing
// schedule and capture off fail it whatever its unread model says, unless that model could make
// it multi-model (then ERROR, naming the call). Endpoint, config and model answers come from the
// shared endpoint-details fact (one Describe each). DescribeMonitoringSchedule feeds only the
// staleness warnings: refused, it costs a warning, never the verdict.
// Model Monitor is closed to new customers (AWS: "close new customer access to Amazon SageMaker
// Model Monitor, effective 7/30/26. Existing customers can continue to use the service as normal";
// SageMaker Developer Guide, Model Monitor pages, read 2026-12-02): the availability text and the
// remediation both say what a new customer does instead.
import type {
  DescribeMonitoringScheduleCommandInput,
  DescribeMonitoringScheduleCommandOutput,
  ListMonitoringSchedulesCommandInput,
  ListMonitoringSchedulesCommandOutput,
  MonitoringScheduleSummary,
} from '@aws-sdk/client-sagemaker';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, manual, notApplicable, pass, resourceOf, verdictOf } from '../../src/engine/probe.js';
import { and, every, F, fanOut, known, or, T, U, unreadResources, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { sagemakerEndpointDetails, type EndpointCore } from '../facts/sagemaker-endpoint-details.js';
import { GONE, sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';

// Other probes import these from here; they are declared once, in the endpoint-details fact.
export { DescribeEndpoint, DescribeEndpointConfig, DescribeModel } from '../facts/sagemaker-endpoint-details.js';
export const ListMonitoringSchedules = op<ListMonitoringSchedulesCommandInput, ListMonitoringSchedulesCommandOutput>('sagemaker', 'ListMonitoringSchedules', { paginate: NEXT_TOKEN });
export const DescribeMonitoringSchedule = op<DescribeMonitoringScheduleCommandInput, DescribeMonitoringScheduleCommandOutput>('sagemaker', 'DescribeMonitoringSchedule', { absent: GONE });

/** What a new customer does instead; said in every FAIL (runner) and in the remediation. */
export const MODEL_MONITOR_ALTERNATIVE =
  'schedule SageMaker Processing jobs (your own drift and quality code, or SageMaker Clarify) on the captured data with EventBridge Scheduler or a SageMaker Pipeline, publish their results as CloudWatch metrics with alarms, and attest that control';

export interface ScheduleFacts {
  name: string;
  endpointName?: string;
  type?: string;
  status?: string;
  lastExecutionStatus?: string;
  lastScheduledTime?: Date;
  expression?: string;
}

export interface ModelMonitorFacts {
  /** In-service endpoints as the endpoint-details fact read them. */
  endpoints: ListEv<EndpointCore>;
  /** Schedules as listed (name, endpoint, type, status), each with its describe when it answered. */
  schedules: ListEv<ScheduleFacts>;
  /** Schedules whose describe did not answer: their staleness is unknown (a warning). */
  undescribed: string[];
}

/** Why Model Monitor cannot apply to the endpoint: T (out of scope), F (in scope), U while its models are unread. */
export function outOfScope(e: EndpointCore): Tri {
  if (e.variants.length > 0 && e.variants.every((v) => v.serverless)) return T('serverless endpoint (Model Monitor support unconfirmed)');
  if (!e.models.known) return U(e.models.causes, 'whether it is a multi-model endpoint');
  if (e.models.value.some((m) => m.containers.some((c) => c.mode === 'MultiModel'))) return T('multi-model endpoint (Model Monitor supports single-model endpoints only)');
  return F('single-model, instance-based');
}

/** Hours between runs for the cron forms SageMaker accepts (hourly, every N hours, daily); else undefined. */
export function scheduleIntervalHours(expression: string | undefined): number | undefined {
  const m = /^cron\((.+)\)$/.exec(expression?.trim() ?? '');
  if (!m) return undefined;
  const [, hour, dom, , dow] = m[1].trim().split(/\s+/);
  if (hour === undefined) return undefined;
  if (hour === '*') return 1;
  const step = /\/(\d+)$/.exec(hour);
  if (step) return Number(step[1]);
  if (/^\d+$/.test(hour) && ['?', '*'].includes(dom ?? '') && ['?', '*'].includes(dow ?? '')) return 24;
  return undefined;
}

function staleness(s: ScheduleFacts, now: Date): string | undefined {
  if (s.lastExecutionStatus && !['Completed', 'CompletedWithViolations', 'InProgress', 'Pending'].includes(s.lastExecutionStatus)) return `schedule ${s.name}: last execution ${s.lastExecutionStatus}`;
  const hours = scheduleIntervalHours(s.expression);
  if (!s.lastScheduledTime) return s.lastExecutionStatus ? undefined : `schedule ${s.name}: no execution yet`;
  if (hours && now.getTime() - s.lastScheduledTime.getTime() > 2 * hours * 3_600_000) return `schedule ${s.name}: last execution ${s.lastScheduledTime.toISOString()} is older than twice its ${hours}h interval`;
  return undefined;
}

const EMPHASIS: Record<string, string[]> = { '6.1.2': ['DataQuality', 'ModelBias'], '9.1': ['ModelQuality'], 'A.5': ['ModelQuality'] };

export default defineProbe<ModelMonitorFacts>({
  id: 'sagemaker-model-monitor',
  service: 'Amazon SageMaker Model Monitor',
  title: 'Every in-service SageMaker endpoint captures data and has a scheduled monitor',
  severity: 'high',
  remediation: `Enable data capture on each endpoint (SageMaker console → Endpoints → Data capture, or an endpoint config with DataCaptureConfig). Existing Model Monitor customers: create a monitoring schedule (data quality, model quality, bias or explainability) with \`aws sagemaker create-monitoring-schedule\`. New customers, for whom Model Monitor is closed since 30 July 2026: ${MODEL_MONITOR_ALTERNATIVE} (the scan setting acceptAlternatives then reports MANUAL instead of FAIL).`,
  serviceClass: 'workload',
  availability: `Model Monitor is closed to new customers since 30 July 2026 (existing customers keep using it): a new customer must instead ${MODEL_MONITOR_ALTERNATIVE}`,
  scope: 'regional',
  calls: [ListMonitoringSchedules, DescribeMonitoringSchedule],
  uses: [sagemakerInventory, sagemakerEndpointDetails],
  async collect(ctx) {
    const [details, summaries] = await Promise.all([ctx.use(sagemakerEndpointDetails), ctx.list(ListMonitoringSchedules, { MaxResults: 100 }, 'MonitoringScheduleSummaries')]);
    const undescribed: string[] = [];
    const schedules = await fanOut(summaries, async (s: MonitoringScheduleSummary): Promise<Ev<ScheduleFacts>> => {
      const base: ScheduleFacts = { name: s.MonitoringScheduleName ?? '', endpointName: s.EndpointName, type: s.MonitoringType, status: s.MonitoringScheduleStatus };
      const d = await ctx.readOrAbsent(DescribeMonitoringSchedule, { MonitoringScheduleName: s.MonitoringScheduleName }, { resource: s.MonitoringScheduleArn ?? s.MonitoringScheduleName });
      if (!d.known) {
        undescribed.push(base.name);
        return known(base);
      }
      if (isAbsent(d.value)) return known({ ...base, status: 'Deleted' });
      const desc = d.value;
      return known({
        ...base,
        endpointName: base.endpointName ?? desc.EndpointName,
        type: base.type ?? desc.MonitoringType,
        lastExecutionStatus: desc.LastMonitoringExecutionSummary?.MonitoringExecutionStatus,
        lastScheduledTime: desc.LastMonitoringExecutionSummary?.ScheduledTime,
        expression: desc.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression,
      });
    });
    return { endpoints: details.described, schedules, undescribed: undescribed.sort() };
  },
  evaluate(f, ctx) {
    const active = f.schedules.items.filter((s) => s.status === 'Scheduled');
    const warnings: string[] = [];
    for (const s of active) {
      const w = staleness(s, ctx.now);
      if (w && !f.undescribed.includes(s.name)) warnings.push(w);
    }
    if (f.undescribed.length) warnings.push(`last runs of ${f.undescribed.length} schedule(s) not read (sagemaker:DescribeMonitoringSchedule refused): ${someOf(f.undescribed)}`);
    const resources: ResourceResult[] = [];
    const judged: Tri[] = [];
    let inScope = 0;
    let out = 0;
    for (const e of f.endpoints.items) {
      const mine = active.filter((s) => s.endpointName === e.name);
      const capture = !e.capture.enabled ? F('data capture off') : e.capture.status !== 'Started' ? F(`data capture ${e.capture.status ?? 'not started'}`) : T(`capture ${e.capture.samplingPercent ?? '?'}%${e.capture.kmsKeyId ? ', KMS-encrypted' : ''}`);
      const schedule = mine.length ? T(`monitors ${mine.map((s) => s.type ?? s.name).join(', ')}`) : f.schedules.complete ? F('no Scheduled monitoring schedule') : U(f.schedules.causes, 'monitoring schedules');
      const monitored = and(capture, schedule);
      const scope = outOfScope(e);
      const t = or(scope.v === 'T' ? T([]) : scope, monitored);
      judged.push(t);
      const label = `endpoint ${e.name}`;
      if (monitored.v === 'T') {
        inScope += 1;
        if (!e.capture.kmsKeyId) warnings.push(`${label}: captured data is not encrypted with a KMS key of yours`);
        resources.push({ id: e.arn, status: 'PASS', reason: `${label}: ${monitored.why.join(', ')}` });
      } else if (scope.v === 'T') {
        out += 1;
        resources.push({ id: e.arn, status: 'NOT_APPLICABLE', reason: `${label}: ${scope.why.join(', ')}` });
      } else {
        if (scope.v === 'F') inScope += 1;
        resources.push(resourceOf(e.arn, undefined, t.v === 'F' ? monitored : t, label));
      }
    }
    for (const u of unreadResources(f.endpoints, (id) => `endpoint ${id ?? ''}`.trim())) resources.push(resourceOf(u.id, u.region, U(u.causes), u.label));
    const want = EMPHASIS[ctx.control];
    if (want && inScope && !active.some((s) => s.type && want.includes(s.type))) {
      const extra = ctx.control === 'A.5' ? ' (with ground-truth merge)' : '';
      warnings.push(`no ${want.join(' or ')} schedule${extra}, which ${ctx.control} emphasises`);
    }
    const all = and(every(f.endpoints, () => T([]), 'endpoints not all described'), ...judged);
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (all.v === 'T' && f.endpoints.items.length === 0) {
      if (active.length) return pass(`${active.length} scheduled batch monitor(s); no in-service endpoints`, { warnings });
      // Batch monitors would make it PASS: without the schedule list, NOT_APPLICABLE is not proven.
      if (f.schedules.complete) return notApplicable('no in-service SageMaker endpoints and no monitoring schedules');
      return verdictOf(U(f.schedules.causes), { pass: () => '', fail: () => '', code: 'NOT_IN_USE', undecided: () => 'no in-service SageMaker endpoints; whether batch monitoring schedules exist is unknown' }, { warnings });
    }
    if (all.v === 'T' && inScope === 0) return manual('every in-service endpoint is serverless or multi-model, which Model Monitor does not cover: attest the monitoring used instead', { resources, warnings, code: 'PARTIAL' });
    return verdictOf(
      all,
      {
        pass: () => `all ${inScope} in-service endpoint(s) capture data and have a scheduled monitor${out ? ` (${out} serverless or multi-model, not covered by Model Monitor)` : ''}`,
        fail: () => `${failing.length} of ${inScope} endpoint(s) not monitored: ${someOf(failing.map((r) => r.reason))}`,
        code: 'NOT_IN_USE',
        undecided: () => {
          const what = f.endpoints.complete ? `${resources.filter((r) => r.status === 'ERROR').length} endpoint(s) could not be judged` : 'the in-service endpoints could not all be listed';
          // Say what the service answered when it was not a plain refusal (e.g. an unsupported call).
          const odd = all.v === 'U' ? all.causes.find((c) => c.kind !== 'denied' && c.kind !== 'scp') : undefined;
          return `${failing.length ? '' : 'no endpoint read is unmonitored, but '}${what}${odd ? ` (${odd.detail})` : ''}`;
        },
      },
      { resources, warnings },
    );
  },
});
