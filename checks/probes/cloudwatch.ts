// Amazon CloudWatch — 6.1.2 risk (anomalies), A.6 operation monitoring. probes.md §2.3.
// Judged per in-service SageMaker endpoint: an alarm with enabled actions watches its metrics.
import type { AnomalyDetector, DescribeAnomalyDetectorsInput, DescribeAnomalyDetectorsOutput } from '@aws-sdk/client-cloudwatch';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, pass } from '../../src/engine/probe.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintSummary, footprintUnknown, noFootprint } from '../facts/ai-workload.js';
import { aiAlarms, cloudwatchAlarms, isAiNamespace, reaches, type AiAlarm } from '../facts/cloudwatch-alarms.js';
import { sagemakerInventory } from '../facts/sagemaker-inventory.js';
import { mustAll } from '../../src/engine/evidence.js';

export const DescribeAnomalyDetectors = op<DescribeAnomalyDetectorsInput, DescribeAnomalyDetectorsOutput>('cloudwatch', 'DescribeAnomalyDetectors', { paginate: NEXT_TOKEN });

export interface CloudWatchFacts {
  footprint: AiFootprint;
  endpoints: { name: string; arn: string }[];
  alarms: AiAlarm[];
  /** Anomaly detectors on AI metrics (6.1.2 evidence). */
  aiDetectors: number;
}

/** Namespace of a detector: the single-metric form, else any metric-math input (top-level fields are deprecated in the d.ts). */
function detectorNamespaces(d: AnomalyDetector): string[] {
  const ns = [d.SingleMetricAnomalyDetector?.Namespace, ...(d.MetricMathAnomalyDetector?.MetricDataQueries ?? []).map((q) => q.MetricStat?.Metric?.Namespace)];
  return ns.filter((x): x is string => !!x);
}

export default defineProbe<CloudWatchFacts>({
  id: 'cloudwatch',
  service: 'Amazon CloudWatch',
  title: 'CloudWatch alarms with actions watch every in-service SageMaker endpoint and the AI metrics',
  severity: 'medium',
  remediation:
    'Create CloudWatch alarms on AWS/SageMaker (e.g. Invocation5XXErrors, ModelLatency per EndpointName) and AWS/Bedrock metrics with an SNS or Incident Manager action, and anomaly detection on key metrics: console CloudWatch → Alarms → Create alarm, or `aws cloudwatch put-metric-alarm --namespace AWS/SageMaker --dimensions Name=EndpointName,Value=… --alarm-actions arn:aws:sns:…`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [DescribeAnomalyDetectors],
  uses: [aiFootprint, sagemakerInventory, cloudwatchAlarms],
  async collect(ctx) {
    const footprint = await ctx.use(aiFootprint);
    if (anyAi(footprint) === false) return { footprint, endpoints: [], alarms: [], aiDetectors: 0 };
    const [inv, alarms, detectors] = await Promise.all([ctx.use(sagemakerInventory), ctx.use(cloudwatchAlarms), ctx.all(DescribeAnomalyDetectors, {}, 'AnomalyDetectors')]);
    return {
      footprint,
      endpoints: mustAll(inv.inServiceEndpoints).map((e) => ({ name: e.EndpointName ?? '', arn: e.EndpointArn ?? e.EndpointName ?? '' })),
      alarms: aiAlarms(alarms),
      aiDetectors: detectors.filter((d) => detectorNamespaces(d).some(isAiNamespace)).length,
    };
  },
  evaluate(f, ctx) {
    const na = noFootprint(f.footprint);
    if (na) return na;
    const live = f.alarms.filter((a) => reaches(a, f.alarms));
    const warnings: string[] = [];
    const silent = f.alarms.filter((a) => !a.scaling && !reaches(a, f.alarms));
    if (silent.length) warnings.push(`${silent.length} AI alarm(s) without enabled actions: ${silent.map((a) => a.name).join(', ')}`);
    const scaling = f.alarms.filter((a) => a.scaling);
    if (scaling.length) warnings.push(`${scaling.length} auto-scaling alarm(s) not counted, as they alert no one: ${scaling.map((a) => a.name).join(', ')}`);
    if (ctx.control === '6.1.2' && f.aiDetectors === 0 && !f.alarms.some((a) => a.anomalyBand)) warnings.push('no anomaly detector or anomaly-band alarm on SageMaker or Bedrock metrics (6.1.2 asks for anomaly alarms)');

    const resources: ResourceResult[] = f.endpoints.map((e) => {
      const on = live.filter((a) => a.endpoints.includes(e.name));
      return on.length
        ? { id: e.arn, status: 'PASS', reason: `endpoint ${e.name}: watched by alarm(s) ${on.map((a) => a.name).join(', ')}` }
        : { id: e.arn, status: 'FAIL', reason: `endpoint ${e.name}: no alarm with enabled actions on its metrics` };
    });
    for (const a of live) resources.push({ id: a.arn, status: 'PASS', reason: `alarm ${a.name} on ${a.namespaces.join(', ')} with actions` });

    if (live.length === 0) {
      if (anyAi(f.footprint) === null) return footprintUnknown(f.footprint, 'AI alarming');
      return fail(`AI footprint (${footprintSummary(f.footprint)}) but no CloudWatch alarm with enabled actions on SageMaker or Bedrock metrics`, 'NOT_IN_USE', { resources, warnings });
    }
    const uncovered = f.endpoints.filter((e) => !live.some((a) => a.endpoints.includes(e.name)));
    if (uncovered.length) {
      return fail(`${uncovered.length} of ${f.endpoints.length} in-service endpoint(s) have no alarm with enabled actions: ${uncovered.map((e) => e.name).join(', ')}`, 'NOT_IN_USE', { resources, warnings });
    }
    const evidence = ctx.control === '6.1.2' && f.aiDetectors ? `; ${f.aiDetectors} anomaly detector(s) on AI metrics` : '';
    const eps = f.endpoints.length ? `; all ${f.endpoints.length} in-service endpoint(s) covered` : '';
    return pass(`${live.length} alarm(s) with enabled actions watch AI metrics${eps}${evidence}`, { resources, warnings });
  },
});
