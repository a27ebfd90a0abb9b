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
import { describeCauses, F, mapEv, mapList, or, some, T, test, type Ev, type ListEv } from '../../src/engine/evidence.js';
import { defineProbe, manual, notApplicable, pass } from '../../src/engine/probe.js';
import { aiFootprint, aiInUse, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintSummary } from '../facts/ai-workload.js';
import { workloadVerdict } from '../facts/workload-verdict.js';

export const GetServiceGraph = op<GetServiceGraphRequest, GetServiceGraphResult>('xray', 'GetServiceGraph', { paginate: NEXT_TOKEN });
export const GetEncryptionConfig = op<GetEncryptionConfigRequest, GetEncryptionConfigResult>('xray', 'GetEncryptionConfig');
export const GetTraceSegmentDestination = op<GetTraceSegmentDestinationRequest, GetTraceSegmentDestinationResult>('xray', 'GetTraceSegmentDestination');

const WINDOW_MS = 6 * 3_600_000;
const WINDOWS = 4;

export interface XRayFacts {
  footprint: AiFootprint;
  /** Trace nodes per 6-hour window, newest first: name and type. */
  windows: ListEv<{ name: string; type?: string }>[];
  encryption: Ev<string | undefined>;
  destination: Ev<string | undefined>;
}

const AI_NODE = /sagemaker|bedrock/i;
const isAi = (s: { name: string; type?: string }) => AI_NODE.test(s.name) || AI_NODE.test(s.type ?? '');

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
    // All windows at once, in every region whatever the footprint says; the verdict reads the newest
    // window with services. Windows come from the scan clock so a replay asks the same questions.
    const windows = Array.from({ length: WINDOWS }, (_, i) => {
      const end = new Date(ctx.now.getTime() - i * WINDOW_MS);
      return ctx.list(GetServiceGraph, { StartTime: new Date(end.getTime() - WINDOW_MS), EndTime: end }, 'Services');
    });
    const [footprint, enc, dest, ...graphs] = await Promise.all([ctx.use(aiFootprint), ctx.read(GetEncryptionConfig, {}), ctx.read(GetTraceSegmentDestination, {}), ...windows]);
    return {
      footprint,
      windows: graphs.map((g) => mapList(g, (s) => ({ name: s.Name ?? (s.Names ?? []).join('/'), type: s.Type }))),
      encryption: mapEv(enc, (e) => e.EncryptionConfig?.Type),
      destination: mapEv(dest, (d) => d.Destination),
    };
  },
  evaluate(f) {
    const warnings: string[] = [];
    if (f.encryption.known && f.encryption.value === 'NONE') warnings.push('traces are encrypted with the X-Ray default key, not a KMS key');
    if (!f.encryption.known) warnings.push(`trace encryption not read: ${describeCauses(f.encryption.causes)}`);
    // The newest window that shows anything is the one reported.
    const hours = (i: number) => ((i + 1) * WINDOW_MS) / 3_600_000;
    const hit = f.windows.findIndex((w) => w.items.length > 0);
    const services = hit < 0 ? [] : f.windows[hit].items;
    const ai = services.filter(isAi);
    const resources = ai.map((s) => ({ id: s.name, status: 'PASS' as const, reason: `trace node ${s.name}${s.type ? ` (${s.type})` : ''}` }));
    const aiAnywhere = or(...f.windows.map((w) => some(w, (s) => (isAi(s) ? T(s.name) : F()), 'trace graph not read')));
    // PASS: an AI node in the newest window with traces (or, if that window has none, in any window read).
    if (ai.length) return pass(`traces in the last ${hours(hit)} h reach SageMaker or Bedrock: ${ai.map((s) => s.name).join(', ')}`, { resources, warnings });
    if (aiAnywhere.v === 'T') return pass(`traces in the last 24 h reach SageMaker or Bedrock: ${[...new Set(aiAnywhere.why)].join(', ')}`, { warnings });
    // No AI node in what was read: MANUAL or FAIL only once every window was read.
    if (aiAnywhere.v === 'U') return workloadVerdict(f.footprint, aiAnywhere, { what: 'tracing', pass: () => '', fail: () => ({ reason: '', code: 'NOT_IN_USE' }), undecided: () => 'X-Ray service graph not read' }, { warnings });
    const applies = aiInUse(f.footprint);
    if (applies.v === 'F') return notApplicable('no SageMaker or Bedrock footprint in this region', { warnings });
    const looked = hours(hit < 0 ? WINDOWS - 1 : hit);
    if (services.length) {
      return manual(`${services.length} traced service(s) in the last ${looked} h (${services.slice(0, 5).map((s) => s.name).join(', ')}${services.length > 5 ? ', …' : ''}), none a SageMaker or Bedrock node: attest which traced services are AI applications`, { code: 'PARTIAL', warnings });
    }
    const cw = test(f.destination, (d) => d === 'CloudWatchLogs', 'spans go to CloudWatch Logs', 'spans go to X-Ray', 'where spans go');
    if (cw.v === 'T') return manual(`no trace nodes in the service graph for the last ${looked} h, but spans go to CloudWatch Logs (Transaction Search), which the service graph may not show: check Application Signals`, { code: 'PARTIAL', warnings });
    return workloadVerdict(
      f.footprint,
      cw.v === 'U' ? cw : F(),
      { what: 'tracing', pass: () => '', fail: () => ({ reason: `AI footprint (${footprintSummary(f.footprint)}) but no X-Ray traces in the last ${looked} h`, code: 'NOT_IN_USE' }), undecided: () => `no X-Ray traces in the last ${looked} h; whether spans go to CloudWatch Logs instead is unknown` },
      { warnings },
    );
  },
});
