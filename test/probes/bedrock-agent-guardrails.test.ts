// Bedrock agents with a guardrail (issue 19): judged from ListAgents alone, per agent.
import { describe, expect, it } from 'vitest';
import probe from '../../checks/probes/bedrock-agent-guardrails.js';
import { addAgent } from '../../src/sim/services/ai-assets.js';
import { ACCOUNT } from '../helpers.js';
import { deny, resourcesOf, runOnSim, simAccount } from '../inventory/sim.js';

const claude = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const arn = (region: string, id: string) => `arn:aws:bedrock:${region}:${ACCOUNT}:agent/${id}`;

describe('Amazon Bedrock agent guardrails (extension)', () => {
  it('PASS when every agent names a guardrail; NOT_APPLICABLE in a region without agents', async () => {
    const a = simAccount(['us-east-1', 'eu-west-1']);
    addAgent(a, 'us-east-1', { id: 'AG1', name: 'assistant', model: claude, guardrail: { id: 'gr1', version: '2' } });
    const run = await runOnSim(probe, a, { control: 'A.7' });
    expect(run.check.status).toBe('PASS');
    expect(resourcesOf(run)[arn('us-east-1', 'AG1')]).toEqual(['PASS', 'agent assistant: guardrail gr1 version 2']);
    expect(run.check.regions.find((r) => r.region === 'eu-west-1')?.status).toBe('NOT_APPLICABLE');
  });

  it('FAIL for an agent without a guardrail, its sibling passing', async () => {
    const a = simAccount();
    addAgent(a, 'us-east-1', { id: 'AG1', name: 'assistant', model: claude, guardrail: { id: 'gr1', version: '2' } });
    addAgent(a, 'us-east-1', { id: 'AG2', name: 'helper', model: claude });
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('FAIL');
    expect(run.check.reason).toBe('1 of 2 agent(s) without a guardrail: agent helper: no guardrail');
    expect(resourcesOf(run)[arn('us-east-1', 'AG1')][0]).toBe('PASS');
  });

  it('partly visible: GetAgent denied changes nothing (the listing decides); ListAgents denied in one region is ERROR there only', async () => {
    const a = simAccount(['us-east-1', 'eu-west-1']);
    addAgent(a, 'us-east-1', { id: 'AG2', name: 'helper', model: claude });
    deny(a, 'bedrockagent', 'GetAgent');
    expect((await runOnSim(probe, a, { control: 'A.7' })).check.status).toBe('FAIL');
    const b = simAccount(['us-east-1', 'eu-west-1']);
    addAgent(b, 'us-east-1', { id: 'AG1', name: 'assistant', model: claude, guardrail: { id: 'gr1', version: '1' } });
    deny(b, 'bedrockagent', 'ListAgents', 'eu-west-1');
    const run = await runOnSim(probe, b, { control: 'A.7' });
    expect(run.check.status).toBe('ERROR');
    expect(run.check.regions.find((r) => r.region === 'us-east-1')?.status).toBe('PASS');
    expect(run.check.missing?.map((c) => `${c.action} ${c.region}`)).toEqual(['bedrock:ListAgents eu-west-1']);
  });
});
