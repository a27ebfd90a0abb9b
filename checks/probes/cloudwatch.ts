// Amazon CloudWatch — 6.1.2 risk (anomalies), A.6 operation monitoring. probes.md §2.3.
// Judged per in-service SageMaker endpoint: an alarm with enabled actions watches its metrics.
// Alarms and anomaly detectors are read in every region whatever the AI footprint says; the
// footprint decides only whether a shortfall is a FAIL (or NOT_APPLICABLE).
import type { AnomalyDetector, DescribeAnomalyDetectorsInput, DescribeAnomalyDetectorsOutput } from '@aws-sdk/client-cloudwatch';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { and, describeCauses, every, F, not, or, some, T, U, type ListEv, type Tri } from '../../src/engine/evidence.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, resourceOf } from '../../src/engine/probe.js';
import { aiFootprint, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintSummary } from '../facts/ai-workload.js';
import { aiAlarmList, cloudwatchAlarms, isAiNamespace, reaches, type AiAlarm, type AlarmInventory } from '../facts/cloudwatch-alarms.js';
import { sagemakerInventory } from '../facts/sagemaker-inventory.js';
import { workloadVerdict } from '../facts/workload-verdict.js';

export const DescribeAnomalyDetectors = op<DescribeAnomalyDetectorsInput, DescribeAnomalyDetectorsOutput>('cloudwatch', 'DescribeAnomalyDetectors', { paginate: NEXT_TOKEN });

export interface CloudWatchFacts {
  footprint: AiFootprint;
  endpoints: ListEv<{ name: string; arn: string }>;
  alarms: AlarmInventory;
  /** Anomaly detectors on AI metrics (6.1.2 evidence, a warning only). */
  aiDetectors: ListEv<string>;
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
    const [footprint, inv, alarms, detectors] = await Promise.all([ctx.use(aiFootprint), ctx.use(sagemakerInventory), ctx.use(cloudwatchAlarms), ctx.list(DescribeAnomalyDetectors, {}, 'AnomalyDetectors')]);
    const endpoints = inv.inServiceEndpoints;
    return {
      footprint,
      endpoints: { ...endpoints, items: endpoints.items.map((e) => ({ name: e.EndpointName ?? '', arn: e.EndpointArn ?? e.EndpointName ?? '' })) },
      alarms,
      aiDetectors: { ...detectors, items: detectors.items.filter((d) => detectorNamespaces(d).some(isAiNamespace)).map((d) => detectorNamespaces(d).join(',')) },
    };
  },
  evaluate(f, ctx) {
    const alarms = aiAlarmList(f.alarms);
    const all = alarms.items;
    const live = all.filter((a) => reaches(a, all));
    const watches = (e: { name: string }) => (a: AiAlarm): Tri => (reaches(a, all) && a.endpoints.includes(e.name) ? T(a.name) : F());
    const covered = (e: { name: string }) => some(alarms, watches(e), 'alarms not all listed');
    const warnings: string[] = [];
    const silent = all.filter((a) => !a.scaling && !reaches(a, all));
    if (silent.length) warnings.push(`${silent.length} AI alarm(s) without enabled actions: ${silent.map((a) => a.name).join(', ')}`);
    const scaling = all.filter((a) => a.scaling);
    if (scaling.length) warnings.push(`${scaling.length} auto-scaling alarm(s) not counted, as they alert no one: ${scaling.map((a) => a.name).join(', ')}`);
    if (ctx.control === '6.1.2' && !all.some((a) => a.anomalyBand)) {
      if (!f.aiDetectors.complete && f.aiDetectors.items.length === 0) warnings.push(`anomaly detectors not read (6.1.2 asks for anomaly alarms): ${describeCauses(f.aiDetectors.causes)}`);
      else if (f.aiDetectors.items.length === 0) warnings.push('no anomaly detector or anomaly-band alarm on SageMaker or Bedrock metrics (6.1.2 asks for anomaly alarms)');
    }

    const resources: ResourceResult[] = f.endpoints.items.map((e) => {
      const c = covered(e);
      if (c.v === 'T') return { id: e.arn, status: 'PASS', reason: `endpoint ${e.name}: watched by alarm(s) ${c.why.join(', ')}` };
      if (c.v === 'F') return { id: e.arn, status: 'FAIL', reason: `endpoint ${e.name}: no alarm with enabled actions on its metrics` };
      return resourceOf(e.arn, undefined, c, `endpoint ${e.name}`);
    });
    for (const a of live) resources.push({ id: a.arn, status: 'PASS', reason: `alarm ${a.name} on ${a.namespaces.join(', ')} with actions` });

    const anyLive = some(alarms, (a) => (reaches(a, all) ? T(a.name) : F()), 'alarms not all listed');
    // Bedrock has no endpoint to cover: where it is in use, one alarm with actions must watch AWS/Bedrock
    // (as Prowler's cloudwatch_bedrock_runtime_alarms_configured asks).
    const bedrockUsed: Tri = f.footprint.bedrock === null ? U(f.footprint.causes, 'whether Bedrock is in use') : f.footprint.bedrock ? T('Bedrock in use') : F('Bedrock not in use');
    const bedrockWatched = some(alarms, (a) => (reaches(a, all) && a.namespaces.some((n) => /^AWS\/Bedrock/i.test(n)) ? T(a.name) : F()), 'alarms not all listed');
    const bedrockOk = or(not(bedrockUsed), bedrockWatched);
    const satisfied = and(anyLive, every(f.endpoints, covered, 'in-service endpoints not all listed'), bedrockOk);
    const uncovered = f.endpoints.items.filter((e) => covered(e).v === 'F');
    return workloadVerdict(
      f.footprint,
      satisfied,
      {
        what: 'AI alarming',
        pass: () => {
          const evidence = ctx.control === '6.1.2' && f.aiDetectors.items.length ? `; ${f.aiDetectors.items.length} anomaly detector(s) on AI metrics` : '';
          const eps = f.endpoints.items.length ? `; all ${f.endpoints.items.length} in-service endpoint(s) covered` : '';
          return `${live.length} alarm(s) with enabled actions watch AI metrics${eps}${evidence}`;
        },
        fail: () => {
          if (anyLive.v === 'F') return { reason: `AI footprint (${footprintSummary(f.footprint)}) but no CloudWatch alarm with enabled actions on SageMaker or Bedrock metrics`, code: 'NOT_IN_USE' };
          const gaps = [
            ...(uncovered.length ? [`${uncovered.length} of ${f.endpoints.items.length} in-service endpoint(s) have no alarm with enabled actions: ${uncovered.map((e) => e.name).join(', ')}`] : []),
            ...(bedrockOk.v === 'F' ? ['Bedrock is in use but no alarm with enabled actions watches AWS/Bedrock metrics'] : []),
          ];
          return { reason: gaps.join('; '), code: 'NOT_IN_USE' };
        },
        undecided: () => 'whether every in-service endpoint has an alarm with enabled actions is unknown',
      },
      { resources, warnings },
    );
  },
});
