// Amazon Bedrock agents with a guardrail — extension (issue 19), evidence for A.9.4 (intended use
// of the AI system) through the document's A.7 human oversight: every agent applies a guardrail
// to its sessions, so what the agent is asked and answers stays within defined limits.
// Read against Prowler bedrock_agent_guardrail_enabled (ListAgents: an agent whose summary names
// no guardrailConfiguration.guardrailIdentifier fails). Judged from the listing alone, so a failed
// GetAgent never hides the answer; which filters that guardrail has is the Guardrails check's.
import type { Verdict } from '../../src/model.js';
import { defineProbe } from '../../src/engine/probe.js';
import { F, T, U } from '../../src/engine/evidence.js';
import { readsBedrockResources, type AgentAsset, type BedrockResources } from '../facts/bedrock-inventory.js';
import { verdictOver, type Judged } from '../rules/per-resource.js';

export function agentGuardrail(a: Pick<AgentAsset, 'guardrail'>) {
  const g = a.guardrail;
  return g ? T(`guardrail ${g.id}${g.version ? ` version ${g.version}` : ' (DRAFT)'}`) : F('no guardrail');
}

export default defineProbe<BedrockResources>({
  id: 'bedrock-agent-guardrails',
  service: 'Amazon Bedrock agent guardrails',
  title: 'Every Bedrock agent applies a guardrail to its sessions',
  severity: 'high',
  remediation: 'Associate a guardrail (a published version) with each agent and prepare it again: Bedrock console → Agents → agent → Edit → Guardrail details, or `aws bedrock-agent update-agent --guardrail-configuration guardrailIdentifier=…,guardrailVersion=…` then `prepare-agent`.',
  ...readsBedrockResources,
  evaluate(f, ctx): Verdict {
    const judged: Judged[] = f.agents.items.map((a) => ({ id: a.arn, region: ctx.region, name: a.name, label: `agent ${a.name}`, t: agentGuardrail(a) }));
    return verdictOver(
      judged,
      {
        noun: 'agent(s)',
        pass: (n) => `${n} agent(s), each with a guardrail`,
        fail: (k, n) => `${k} of ${n} agent(s) without a guardrail`,
        code: 'MISCONFIGURED',
        incomplete: 'the agents could not all be listed',
        none: 'no Bedrock agents in this region',
      },
      { rest: f.agents.complete ? [] : [U(f.agents.causes, 'agents not listed')], extra: { warnings: f.notes.filter((n) => /agent/i.test(n)) } },
    );
  },
});
