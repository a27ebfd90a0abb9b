// Amazon SageMaker Model Monitor — 6.1.2 risk, 9.1 performance, A.5 validation. probes.md §2.1.
// Judged per endpoint: data capture on and started, and at least one Scheduled monitor.
import type {
  DescribeEndpointCommandInput,
  DescribeEndpointCommandOutput,
  DescribeEndpointConfigCommandInput,
  DescribeEndpointConfigCommandOutput,
  DescribeModelCommandInput,
  DescribeModelCommandOutput,
  DescribeMonitoringScheduleCommandInput,
  DescribeMonitoringScheduleCommandOutput,
  ListMonitoringSchedulesCommandInput,
  ListMonitoringSchedulesCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, pass } from '../../src/engine/probe.js';
import { sagemakerInventory } from '../facts/sagemaker-inventory.js';

export const DescribeEndpoint = op<DescribeEndpointCommandInput, DescribeEndpointCommandOutput>('sagemaker', 'DescribeEndpoint');
export const DescribeEndpointConfig = op<DescribeEndpointConfigCommandInput, DescribeEndpointConfigCommandOutput>('sagemaker', 'DescribeEndpointConfig');
export const DescribeModel = op<DescribeModelCommandInput, DescribeModelCommandOutput>('sagemaker', 'DescribeModel');
export const ListMonitoringSchedules = op<ListMonitoringSchedulesCommandInput, ListMonitoringSchedulesCommandOutput>('sagemaker', 'ListMonitoringSchedules', { paginate: NEXT_TOKEN });
export const DescribeMonitoringSchedule = op<DescribeMonitoringScheduleCommandInput, DescribeMonitoringScheduleCommandOutput>('sagemaker', 'DescribeMonitoringSchedule');

export interface MonitoredEndpoint {
  name: string;
  arn: string;
  captureEnabled: boolean;
  captureStatus?: string;
  samplingPercent?: number;
  destination?: string;
  /** Why Model Monitor cannot apply (serverless, multi-model), if so. */
  outOfScope?: string;
}

export interface ScheduleFacts {
  name: string;
  endpointName?: string;
  type?: string;
  status?: string;
  lastExecutionStatus?: string;
}

export interface ModelMonitorFacts {
  endpoints: MonitoredEndpoint[];
  schedules: ScheduleFacts[];
}

export default defineProbe<ModelMonitorFacts>({
  id: 'sagemaker-model-monitor',
  service: 'Amazon SageMaker Model Monitor',
  title: 'Every in-service SageMaker endpoint captures data and has a scheduled monitor',
  severity: 'high',
  remediation: 'Enable data capture on each endpoint and create a monitoring schedule (data quality, model quality, bias or explainability): SageMaker console → Endpoints → Data capture, or `aws sagemaker create-monitoring-schedule`.',
  serviceClass: 'workload',
  availability: 'Model Monitor is closed to new customers: use SageMaker Clarify processing jobs and CloudWatch alarms on custom drift metrics instead',
  scope: 'regional',
  calls: [DescribeEndpoint, DescribeEndpointConfig, DescribeModel, ListMonitoringSchedules, DescribeMonitoringSchedule],
  uses: [sagemakerInventory],
  async collect(ctx) {
    const inv = await ctx.use(sagemakerInventory);
    const [summaries, endpoints] = await Promise.all([
      ctx.all(ListMonitoringSchedules, {}, 'MonitoringScheduleSummaries'),
      Promise.all(
        inv.inServiceEndpoints.map(async (e): Promise<MonitoredEndpoint> => {
          const d = await ctx.call(DescribeEndpoint, { EndpointName: e.EndpointName });
          const dc = d.DataCaptureConfig;
          const ep: MonitoredEndpoint = {
            name: e.EndpointName ?? '',
            arn: e.EndpointArn ?? d.EndpointArn ?? e.EndpointName ?? '',
            captureEnabled: dc?.EnableCapture === true,
            captureStatus: dc?.CaptureStatus,
            samplingPercent: dc?.CurrentSamplingPercentage,
            destination: dc?.DestinationS3Uri,
          };
          const variants = d.ProductionVariants ?? [];
          if (variants.length > 0 && variants.every((v) => v.CurrentServerlessConfig)) {
            ep.outOfScope = 'serverless endpoint (Model Monitor support unconfirmed)';
          } else if (d.EndpointConfigName) {
            const cfg = await ctx.call(DescribeEndpointConfig, { EndpointConfigName: d.EndpointConfigName });
            const models = [...new Set((cfg.ProductionVariants ?? []).map((v) => v.ModelName).filter((m): m is string => !!m))];
            const described = await Promise.all(models.map((m) => ctx.call(DescribeModel, { ModelName: m })));
            if (described.some((m) => m.PrimaryContainer?.Mode === 'MultiModel')) ep.outOfScope = 'multi-model endpoint (Model Monitor supports single-model endpoints only)';
          }
          return ep;
        }),
      ),
    ]);
    const schedules = await Promise.all(
      summaries.map(async (s): Promise<ScheduleFacts> => {
        const d = await ctx.call(DescribeMonitoringSchedule, { MonitoringScheduleName: s.MonitoringScheduleName });
        return {
          name: s.MonitoringScheduleName ?? '',
          endpointName: s.EndpointName,
          type: s.MonitoringType ?? d.MonitoringType,
          status: s.MonitoringScheduleStatus,
          lastExecutionStatus: d.LastMonitoringExecutionSummary?.MonitoringExecutionStatus,
        };
      }),
    );
    return { endpoints, schedules };
  },
  evaluate(f, ctx) {
    const inScope = f.endpoints.filter((e) => !e.outOfScope);
    const active = f.schedules.filter((s) => s.status === 'Scheduled');
    const warnings: string[] = [];
    for (const s of active) {
      if (s.lastExecutionStatus && !['Completed', 'CompletedWithViolations', 'InProgress', 'Pending'].includes(s.lastExecutionStatus)) warnings.push(`schedule ${s.name}: last execution ${s.lastExecutionStatus}`);
    }
    const resources: ResourceResult[] = f.endpoints.map((e) => {
      if (e.outOfScope) return { id: e.arn, status: 'NOT_APPLICABLE', reason: `endpoint ${e.name}: ${e.outOfScope}` };
      const mine = active.filter((s) => s.endpointName === e.name);
      const gaps: string[] = [];
      if (!e.captureEnabled) gaps.push('data capture off');
      else if (e.captureStatus !== 'Started') gaps.push(`data capture ${e.captureStatus ?? 'not started'}`);
      if (mine.length === 0) gaps.push('no Scheduled monitoring schedule');
      if (gaps.length) return { id: e.arn, status: 'FAIL', reason: `endpoint ${e.name}: ${gaps.join(', ')}` };
      return { id: e.arn, status: 'PASS', reason: `endpoint ${e.name}: capture ${e.samplingPercent ?? '?'}%, monitors ${mine.map((s) => s.type).join(', ')}` };
    });
    const wanted: Record<string, string[]> = { '6.1.2': ['DataQuality', 'ModelBias'], '9.1': ['ModelQuality'], 'A.5': ['ModelQuality'] };
    const want = wanted[ctx.control];
    if (want && inScope.length && !active.some((s) => s.type && want.includes(s.type))) warnings.push(`no ${want.join(' or ')} schedule, which ${ctx.control} emphasises`);

    if (f.endpoints.length === 0) {
      if (active.length) return pass(`${active.length} scheduled batch monitor(s); no in-service endpoints`, { warnings });
      return notApplicable('no in-service SageMaker endpoints and no monitoring schedules');
    }
    if (inScope.length === 0) return manual('every in-service endpoint is serverless or multi-model, which Model Monitor does not cover: attest the monitoring used instead', { resources, warnings, code: 'PARTIAL' });
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${failing.length} of ${inScope.length} endpoint(s) not monitored: ${failing.map((r) => r.reason).join('; ')}`, 'NOT_IN_USE', { resources, warnings });
    return pass(`all ${inScope.length} in-service endpoint(s) capture data and have a scheduled monitor`, { resources, warnings });
  },
});
