// Amazon EventBridge — A.6 automated responses to AI system events. probes.md §2.29.
// Judged per rule whose pattern matches aws.sagemaker / aws.bedrock events: enabled, with a target.
// Rules are read in every region whatever the AI footprint says; the footprint decides only whether
// "no such rule" is a FAIL or NOT_APPLICABLE.
import { and, F, nonEmpty, some, T, type Tri } from '../../src/engine/evidence.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, resourceOf } from '../../src/engine/probe.js';
import { aiFootprint, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintSummary } from '../facts/ai-workload.js';
import { eventbridgeAiRules, type AiRule, type EventBridgeAiRules } from '../facts/eventbridge-rules.js';
import { workloadVerdict } from '../facts/workload-verdict.js';

export interface EventBridgeFacts {
  footprint: AiFootprint;
  rules: EventBridgeAiRules;
}

/** The account's own, enabled AI rule with at least one target. */
function reacts(r: AiRule): Tri {
  if (r.managedBy) return F(`managed by ${r.managedBy}, not the account's own automation`);
  if (r.state !== 'ENABLED') return F(r.state ?? 'state unknown');
  return and(T('enabled'), nonEmpty(r.targets, `${r.targets.items.length} target(s): ${r.targets.items.map((t) => t.split(':')[2]).join(', ')}`, 'no target'));
}

export default defineProbe<EventBridgeFacts>({
  id: 'eventbridge',
  service: 'Amazon EventBridge',
  title: 'Enabled EventBridge rules with targets react to SageMaker or Bedrock events',
  severity: 'low',
  remediation:
    'Create an EventBridge rule on SageMaker events (e.g. source aws.sagemaker, detail-type "SageMaker Endpoint State Change") with a target such as SNS, Lambda or Step Functions: console EventBridge → Rules → Create rule, or `aws events put-rule --event-pattern \'{"source":["aws.sagemaker"]}\'` then `aws events put-targets`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [],
  uses: [aiFootprint, eventbridgeAiRules],
  async collect(ctx) {
    const [footprint, rules] = await Promise.all([ctx.use(aiFootprint), ctx.use(eventbridgeAiRules)]);
    return { footprint, rules };
  },
  evaluate(f) {
    const ai = f.rules.aiRules;
    const resources: ResourceResult[] = ai.items.map((r) => {
      const label = `rule ${r.name} (bus ${r.bus}, ${r.sources.join(', ')})`;
      if (r.managedBy) return { id: r.arn, status: 'NOT_APPLICABLE', reason: `${label}: managed by ${r.managedBy}, not the account's own automation` };
      const t = reacts(r);
      if (t.v === 'U') return resourceOf(r.arn, undefined, t, label);
      return { id: r.arn, status: t.v === 'T' ? 'PASS' : 'FAIL', reason: `${label}: ${t.v === 'T' ? t.why[1] : t.why.join(', ')}` };
    });
    const good = resources.filter((r) => r.status === 'PASS');
    const idle = resources.filter((r) => r.status === 'FAIL');
    const warnings = good.length && idle.length ? [`${idle.length} other AI rule(s) disabled or without targets`] : [];
    const satisfied = some(ai, reacts, 'EventBridge rules not all listed');
    return workloadVerdict(
      f.footprint,
      satisfied,
      {
        what: 'AI event automation',
        pass: () => `${good.length} enabled rule(s) with targets react to SageMaker or Bedrock events`,
        fail: () => ({
          reason: `AI footprint (${footprintSummary(f.footprint)}) but ${ai.items.length === 0 ? `no EventBridge rule matches SageMaker or Bedrock events (${f.rules.rules} rule(s) on ${f.rules.buses.items.length} bus(es))` : "AI event rules exist but none is the account's own, enabled and targeted"}`,
          code: 'NOT_IN_USE',
        }),
        undecided: () => 'no enabled AI rule with a target proven',
      },
      { resources, warnings },
    );
  },
});
