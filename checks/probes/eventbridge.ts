// Amazon EventBridge — A.6 automated responses to AI system events. probes.md §2.29.
// Judged per rule whose pattern matches aws.sagemaker / aws.bedrock events: enabled, with a target.
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, pass } from '../../src/engine/probe.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintSummary, footprintUnknown, noFootprint } from '../facts/ai-workload.js';
import { eventbridgeAiRules, type EventBridgeAiRules } from '../facts/eventbridge-rules.js';

export interface EventBridgeFacts {
  footprint: AiFootprint;
  rules?: EventBridgeAiRules;
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
    const footprint = await ctx.use(aiFootprint);
    if (anyAi(footprint) === false) return { footprint };
    return { footprint, rules: await ctx.use(eventbridgeAiRules) };
  },
  evaluate(f) {
    const na = noFootprint(f.footprint);
    if (na) return na;
    const all = f.rules?.aiRules ?? [];
    const resources: ResourceResult[] = all.map((r) => {
      const label = `rule ${r.name} (bus ${r.bus}, ${r.sources.join(', ')})`;
      if (r.managedBy) return { id: r.arn, status: 'NOT_APPLICABLE', reason: `${label}: managed by ${r.managedBy}, not the account's own automation` };
      if (r.state !== 'ENABLED') return { id: r.arn, status: 'FAIL', reason: `${label}: ${r.state ?? 'state unknown'}` };
      if (r.targets.length === 0) return { id: r.arn, status: 'FAIL', reason: `${label}: no target` };
      return { id: r.arn, status: 'PASS', reason: `${label}: ${r.targets.length} target(s): ${r.targets.map((t) => t.split(':')[2]).join(', ')}` };
    });
    const good = resources.filter((r) => r.status === 'PASS');
    const idle = resources.filter((r) => r.status === 'FAIL');
    const warnings = good.length && idle.length ? [`${idle.length} other AI rule(s) disabled or without targets`] : [];
    if (good.length) return pass(`${good.length} enabled rule(s) with targets react to SageMaker or Bedrock events`, { resources, warnings });
    if (anyAi(f.footprint) === null) return footprintUnknown(f.footprint, 'AI event automation');
    const why = all.length === 0 ? `no EventBridge rule matches SageMaker or Bedrock events (${f.rules?.rules ?? 0} rule(s) on ${f.rules?.buses ?? 0} bus(es))` : 'AI event rules exist but none is the account\'s own, enabled and targeted';
    return fail(`AI footprint (${footprintSummary(f.footprint)}) but ${why}`, 'NOT_IN_USE', { resources });
  },
});
