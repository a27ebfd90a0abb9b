// Amazon SageMaker Model Monitor — 6.1.2 risk, 9.1 performance, A.5 validation. probes.md §2.1.
// Judged per in-service endpoint: data capture on and started, and at least one Scheduled monitor.
// Endpoint, config and model answers come from the shared endpoint-details fact (one Describe each).
import type {
  DescribeMonitoringScheduleCommandInput,
  DescribeMonitoringScheduleCommandOutput,
  ListMonitoringSchedulesCommandInput,
  ListMonitoringSchedulesCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, pass } from '../../src/engine/probe.js';
import { sagemakerEndpointDetails, type EndpointFacts } from '../facts/sagemaker-endpoint-details.js';
import { GONE, sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';
import { mustAll } from '../../src/engine/evidence.js';

// Other probes import these from here; they are declared once, in the endpoint-details fact.
export { DescribeEndpoint, DescribeEndpointConfig, DescribeModel } from '../facts/sagemaker-endpoint-details.js';
export const ListMonitoringSchedules = op<ListMonitoringSchedulesCommandInput, ListMonitoringSchedulesCommandOutput>('sagemaker', 'ListMonitoringSchedules', { paginate: NEXT_TOKEN });
export const DescribeMonitoringSchedule = op<DescribeMonitoringScheduleCommandInput, DescribeMonitoringScheduleCommandOutput>('sagemaker', 'DescribeMonitoringSchedule', { absent: GONE });

export interface MonitoredEndpoint {
  name: string;
  arn: string;
  captureEnabled: boolean;
  captureStatus?: string;
  samplingPercent?: number;
  destination?: string;
  captureKms?: string;
  /** Why Model Monitor cannot apply (serverless, multi-model), if so. */
  outOfScope?: string;
}

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
  endpoints: MonitoredEndpoint[];
  schedules: ScheduleFacts[];
}

export function monitoredEndpoint(e: EndpointFacts): MonitoredEndpoint {
  const ep: MonitoredEndpoint = {
    name: e.name,
    arn: e.arn,
    captureEnabled: e.capture.enabled,
    captureStatus: e.capture.status,
    samplingPercent: e.capture.samplingPercent,
    destination: e.capture.destination,
    captureKms: e.capture.kmsKeyId,
  };
  if (e.variants.length > 0 && e.variants.every((v) => v.serverless)) ep.outOfScope = 'serverless endpoint (Model Monitor support unconfirmed)';
  else if (e.models.some((m) => m.containers.some((c) => c.mode === 'MultiModel'))) ep.outOfScope = 'multi-model endpoint (Model Monitor supports single-model endpoints only)';
  return ep;
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
  remediation: 'Enable data capture on each endpoint and create a monitoring schedule (data quality, model quality, bias or explainability): SageMaker console → Endpoints → Data capture, or `aws sagemaker create-monitoring-schedule`.',
  serviceClass: 'workload',
  availability: 'Model Monitor is closed to new customers: use SageMaker Clarify processing jobs and CloudWatch alarms on custom drift metrics instead',
  scope: 'regional',
  calls: [ListMonitoringSchedules, DescribeMonitoringSchedule],
  uses: [sagemakerInventory, sagemakerEndpointDetails],
  async collect(ctx) {
    const [details, summaries] = await Promise.all([ctx.use(sagemakerEndpointDetails), ctx.all(ListMonitoringSchedules, { MaxResults: 100 }, 'MonitoringScheduleSummaries')]);
    const schedules = await Promise.all(
      summaries.map(async (s): Promise<ScheduleFacts> => {
        const d = await ctx.callOrAbsent(DescribeMonitoringSchedule, { MonitoringScheduleName: s.MonitoringScheduleName });
        const desc = isAbsent(d) ? undefined : d;
        return {
          name: s.MonitoringScheduleName ?? '',
          endpointName: s.EndpointName ?? desc?.EndpointName,
          type: s.MonitoringType ?? desc?.MonitoringType,
          status: isAbsent(d) ? 'Deleted' : s.MonitoringScheduleStatus,
          lastExecutionStatus: desc?.LastMonitoringExecutionSummary?.MonitoringExecutionStatus,
          lastScheduledTime: desc?.LastMonitoringExecutionSummary?.ScheduledTime,
          expression: desc?.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression,
        };
      }),
    );
    return { endpoints: mustAll(details.endpoints).map(monitoredEndpoint), schedules };
  },
  evaluate(f, ctx) {
    const inScope = f.endpoints.filter((e) => !e.outOfScope);
    const active = f.schedules.filter((s) => s.status === 'Scheduled');
    const warnings: string[] = [];
    for (const s of active) {
      const w = staleness(s, ctx.now);
      if (w) warnings.push(w);
    }
    const resources: ResourceResult[] = f.endpoints.map((e) => {
      if (e.outOfScope) return { id: e.arn, status: 'NOT_APPLICABLE', reason: `endpoint ${e.name}: ${e.outOfScope}` };
      const mine = active.filter((s) => s.endpointName === e.name);
      const gaps: string[] = [];
      if (!e.captureEnabled) gaps.push('data capture off');
      else if (e.captureStatus !== 'Started') gaps.push(`data capture ${e.captureStatus ?? 'not started'}`);
      if (mine.length === 0) gaps.push('no Scheduled monitoring schedule');
      if (gaps.length) return { id: e.arn, status: 'FAIL', reason: `endpoint ${e.name}: ${gaps.join(', ')}` };
      if (!e.captureKms) warnings.push(`endpoint ${e.name}: captured data is not encrypted with a KMS key of yours`);
      const kms = e.captureKms ? ', KMS-encrypted' : '';
      return { id: e.arn, status: 'PASS', reason: `endpoint ${e.name}: capture ${e.samplingPercent ?? '?'}%${kms}, monitors ${mine.map((s) => s.type ?? s.name).join(', ')}` };
    });
    const want = EMPHASIS[ctx.control];
    if (want && inScope.length && !active.some((s) => s.type && want.includes(s.type))) {
      const extra = ctx.control === 'A.5' ? ' (with ground-truth merge)' : '';
      warnings.push(`no ${want.join(' or ')} schedule${extra}, which ${ctx.control} emphasises`);
    }

    if (f.endpoints.length === 0) {
      if (active.length) return pass(`${active.length} scheduled batch monitor(s); no in-service endpoints`, { warnings });
      return notApplicable('no in-service SageMaker endpoints and no monitoring schedules');
    }
    if (inScope.length === 0) return manual('every in-service endpoint is serverless or multi-model, which Model Monitor does not cover: attest the monitoring used instead', { resources, warnings, code: 'PARTIAL' });
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${failing.length} of ${inScope.length} endpoint(s) not monitored: ${someOf(failing.map((r) => r.reason))}`, 'NOT_IN_USE', { resources, warnings });
    return pass(`all ${inScope.length} in-service endpoint(s) capture data and have a scheduled monitor`, { resources, warnings });
  },
});
