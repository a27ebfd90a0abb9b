// AWS Config — A.13 configuration management of AI resources. probes.md §2.45.
import { defineProbe, fail, pass } from '../../src/engine/probe.js';
import { configRecorder, recorderHealth, type ConfigRecorderState } from '../facts/config-recorder.js';

export default defineProbe<ConfigRecorderState>({
  id: 'aws-config',
  service: 'AWS Config',
  title: 'AWS Config records AI resource configuration in every scanned region',
  severity: 'high',
  remediation: 'Turn on AWS Config recording of all resource types (or at least AWS::SageMaker::*) with a delivery channel: console AWS Config → Get started, or `aws configservice put-configuration-recorder` + `put-delivery-channel` + `start-configuration-recorder`.',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [],
  uses: [configRecorder],
  collect: (ctx) => ctx.use(configRecorder),
  evaluate(s) {
    const h = recorderHealth(s);
    const resources = s.recorders.map((r) => ({ id: r.arn ?? r.name ?? 'recorder', status: h.healthy ? ('PASS' as const) : ('FAIL' as const), reason: h.reason }));
    if (h.healthy) return pass(h.reason, { resources });
    const notEnabled = s.recorders.length === 0 || /not recording|no Config recorder|service-linked/.test(h.reason);
    return fail(h.reason, notEnabled ? 'NOT_ENABLED' : 'MISCONFIGURED', { resources });
  },
});
