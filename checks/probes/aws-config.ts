// AWS Config — A.13 configuration management of AI resources. probes.md §2.45.
import { defineProbe, resourceOf, verdictOf } from '../../src/engine/probe.js';
import { configRecorder, recorderHealth, type ConfigRecorderState } from '../facts/config-recorder.js';

export default defineProbe<ConfigRecorderState>({
  id: 'aws-config',
  service: 'AWS Config',
  title: 'AWS Config records AI resource configuration in every scanned region',
  severity: 'high',
  remediation: 'Turn on AWS Config recording of all resource types (or at least AWS::SageMaker::Model and AWS::SageMaker::Domain) with a delivery channel: console AWS Config → Get started, or `aws configservice put-configuration-recorder` + `put-delivery-channel` + `start-configuration-recorder`.',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [],
  uses: [configRecorder],
  collect: (ctx) => ctx.use(configRecorder),
  evaluate(s) {
    const h = recorderHealth(s);
    const reason = (why: string[]) => why.join('; ');
    const t = h.t;
    const resources = h.recorders.map((id) => (t.v === 'U' ? resourceOf(id, undefined, t, 'Config recorder') : { id, status: t.v === 'T' ? ('PASS' as const) : ('FAIL' as const), reason: reason(t.why) }));
    return verdictOf(h.t, { pass: reason, fail: reason, code: h.code, undecided: (why) => (why.length ? `undecided: ${why.join(', ')}` : 'the Config recorder state could not be read') }, { resources });
  },
});
