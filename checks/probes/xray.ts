// AWS X-Ray — A.6 tracing of AI applications. probes.md §2.28.
// Traces are looked for in 6-hour windows back to 24 hours; a trace node that is SageMaker or
// Bedrock (instrumented SDK calls show up as such nodes) shows the AI path is traced.
import type {
  GetEncryptionConfigRequest,
  GetEncryptionConfigResult,
  GetServiceGraphRequest,
  GetServiceGraphResult,
  GetTraceSegmentDestinationRequest,
  GetTraceSegmentDestinationResult,
} from '@aws-sdk/client-xray';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineProbe, fail, manual, pass } from '../../src/engine/probe.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintSummary, footprintUnknown, noFootprint } from '../facts/ai-workload.js';

export const GetServiceGraph = op<GetServiceGraphRequest, GetServiceGraphResult>('xray', 'GetServiceGraph', { paginate: NEXT_TOKEN });
export const GetEncryptionConfig = op<GetEncryptionConfigRequest, GetEncryptionConfigResult>('xray', 'GetEncryptionConfig');
export const GetTraceSegmentDestination = op<GetTraceSegmentDestinationRequest, GetTraceSegmentDestinationResult>('xray', 'GetTraceSegmentDestination');

const WINDOW_MS = 6 * 3_600_000;
const WINDOWS = 4;

export interface XRayFacts {
  footprint: AiFootprint;
  /** Trace nodes seen in the first window that had any: name and type. */
  services: { name: string; type?: string }[];
  /** Hours looked back. */
  lookedBackHours: number;
  encryption?: string;
  destination?: string;
}

const AI_NODE = /sagemaker|bedrock/i;

export default defineProbe<XRayFacts>({
  id: 'xray',
  service: 'AWS X-Ray',
  title: 'X-Ray traces requests through the AI applications',
  severity: 'low',
  remediation:
    'Instrument the applications that call SageMaker endpoints or Bedrock with the X-Ray/OpenTelemetry SDK (AWS SDK calls become trace nodes) and consider a KMS key for traces: console X-Ray → Settings / CloudWatch → Application Signals, or `aws xray put-encryption-config --type KMS --key-id …`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [GetServiceGraph, GetEncryptionConfig, GetTraceSegmentDestination],
  uses: [aiFootprint],
  async collect(ctx) {
    const footprint = await ctx.use(aiFootprint);
    if (anyAi(footprint) === false) return { footprint, services: [], lookedBackHours: 0 };
    // All windows at once (a few more calls when the newest one has traces, one round-trip
    // instead of up to WINDOWS); the verdict reads the newest window that has services. Windows
    // are taken from the scan clock so a replay asks the same questions.
    const windows = Array.from({ length: WINDOWS }, (_, i) => {
      const end = new Date(ctx.now.getTime() - i * WINDOW_MS);
      return ctx.all(GetServiceGraph, { StartTime: new Date(end.getTime() - WINDOW_MS), EndTime: end }, 'Services');
    });
    const [enc, dest, ...graphs] = await Promise.all([ctx.call(GetEncryptionConfig, {}), ctx.call(GetTraceSegmentDestination, {}), ...windows]);
    const hit = graphs.findIndex((g) => g.length > 0);
    const windowsRead = hit < 0 ? WINDOWS : hit + 1;
    const services: XRayFacts['services'] = (hit < 0 ? [] : graphs[hit]).map((s) => ({ name: s.Name ?? (s.Names ?? []).join('/'), type: s.Type }));
    return { footprint, services, lookedBackHours: (windowsRead * WINDOW_MS) / 3_600_000, encryption: enc.EncryptionConfig?.Type, destination: dest.Destination };
  },
  evaluate(f) {
    const na = noFootprint(f.footprint);
    if (na) return na;
    const warnings: string[] = [];
    if (f.encryption === 'NONE') warnings.push('traces are encrypted with the X-Ray default key, not a KMS key');
    const ai = f.services.filter((s) => AI_NODE.test(s.name) || AI_NODE.test(s.type ?? ''));
    const resources = ai.map((s) => ({ id: s.name, status: 'PASS' as const, reason: `trace node ${s.name}${s.type ? ` (${s.type})` : ''}` }));
    if (ai.length) return pass(`traces in the last ${f.lookedBackHours} h reach SageMaker or Bedrock: ${ai.map((s) => s.name).join(', ')}`, { resources, warnings });
    if (f.services.length) {
      return manual(`${f.services.length} traced service(s) in the last ${f.lookedBackHours} h (${f.services.slice(0, 5).map((s) => s.name).join(', ')}${f.services.length > 5 ? ', …' : ''}), none a SageMaker or Bedrock node: attest which traced services are AI applications`, { code: 'PARTIAL', warnings });
    }
    if (f.destination === 'CloudWatchLogs') {
      return manual(`no trace nodes in the service graph for the last ${f.lookedBackHours} h, but spans go to CloudWatch Logs (Transaction Search), which the service graph may not show: check Application Signals`, { code: 'PARTIAL', warnings });
    }
    if (anyAi(f.footprint) === null) return footprintUnknown(f.footprint, 'tracing');
    return fail(`AI footprint (${footprintSummary(f.footprint)}) but no X-Ray traces in the last ${f.lookedBackHours} h`, 'NOT_IN_USE', { warnings });
  },
});
