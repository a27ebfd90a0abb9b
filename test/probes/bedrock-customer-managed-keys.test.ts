// Bedrock customer-managed keys (issue 19): custom and imported models, agents, prompts and
// knowledge-base data sources, each judged on its own read; a failed read leaves only that
// resource undecided, a known failure still fails.
import { describe, expect, it } from 'vitest';
import probe, { customerKey } from '../../checks/probes/bedrock-customer-managed-keys.js';
import { addAgent, addCustomModel, addEncryptedKnowledgeBase, addImportedModel, addPrompt } from '../../src/sim/services/ai-assets.js';
import { ACCOUNT } from '../helpers.js';
import { deny, resourcesOf, runOnSim, simAccount } from '../inventory/sim.js';

const R = 'us-east-1';
const KEY = `arn:aws:kms:${R}:${ACCOUNT}:key/1a2b3c4d-0001-4e5f-8a9b-0c1d2e3f4a5b`;
const claude = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const agentArn = (id: string) => `arn:aws:bedrock:${R}:${ACCOUNT}:agent/${id}`;

function keyed() {
  const a = simAccount();
  addCustomModel(a, R, { name: 'ft-model', baseModel: 'amazon.titan-text-express-v1', kmsKeyArn: KEY });
  addImportedModel(a, R, { name: 'imported', source: 's3://b/imports/', kmsKeyArn: KEY });
  addAgent(a, R, { id: 'AG1', name: 'assistant', model: claude, kmsKeyArn: KEY });
  addPrompt(a, R, { id: 'PR1', name: 'triage', model: claude, kmsKeyArn: KEY });
  addEncryptedKnowledgeBase(a, R, { id: 'KB1', name: 'docs', embeddingModel: 'amazon.titan-embed-text-v2:0', dataSource: { id: 'DS1', name: 'manuals', bucket: 'docs-bucket', kmsKeyArn: KEY } });
  return a;
}

describe('Amazon Bedrock customer-managed keys (extension)', () => {
  it('PASS when every custom and imported model, agent, prompt and data source names a key', async () => {
    const run = await runOnSim(probe, keyed(), { control: 'A.9' });
    expect(run.check.status).toBe('PASS');
    expect(run.check.reason).toBe('5 Bedrock resource(s) encrypted with customer-managed keys');
    expect(Object.values(resourcesOf(run)).every(([s]) => s === 'PASS')).toBe(true);
    expect(resourcesOf(run)[agentArn('AG1')]).toEqual(['PASS', `agent assistant: customer-managed key ${KEY}`]);
  });

  it('FAIL naming the resources on an AWS-owned key, the others passing beside them', async () => {
    const a = keyed();
    addPrompt(a, R, { id: 'PR2', name: 'summarize', model: claude });
    addCustomModel(a, R, { name: 'old-model', baseModel: 'amazon.titan-text-express-v1' });
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('FAIL');
    expect(run.check.code).toBe('MISCONFIGURED');
    expect(run.check.reason).toMatch(/^2 of 7 Bedrock resource\(s\) without a customer-managed key: /);
    expect(resourcesOf(run)[`arn:aws:bedrock:${R}:${ACCOUNT}:prompt/PR2`]).toEqual(['FAIL', 'prompt summarize: no customer-managed key (AWS-owned key)']);
    expect(resourcesOf(run)[`arn:aws:bedrock:${R}:${ACCOUNT}:prompt/PR1`][0]).toBe('PASS');
  });

  it('partly visible: a denied GetAgent leaves the agent undecided (ERROR naming bedrock:GetAgent), its siblings judged', async () => {
    const a = keyed();
    deny(a, 'bedrockagent', 'GetAgent');
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('ERROR');
    expect(run.check.reason).toMatch(/4 of 5 Bedrock resource\(s\) pass; 1 undecided \(assistant\)/);
    expect(run.check.missing?.map((c) => c.action)).toEqual(['bedrock:GetAgent']);
    expect(resourcesOf(run)[agentArn('AG1')][0]).toBe('ERROR');
    expect(resourcesOf(run)[`arn:aws:bedrock:${R}:${ACCOUNT}:prompt/PR1`][0]).toBe('PASS');
  });

  it('partly visible: a known failure decides without the unread prompts', async () => {
    const a = keyed();
    addAgent(a, R, { id: 'AG2', name: 'helper', model: claude });
    deny(a, 'bedrockagent', 'ListPrompts');
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('FAIL');
    expect(resourcesOf(run)[agentArn('AG2')]).toEqual(['FAIL', 'agent helper: no customer-managed key (AWS-owned key)']);
  });

  it('a model shared in from another account is MANUAL (its key is chosen there); nothing at all is NOT_APPLICABLE', async () => {
    const a = simAccount();
    const m = addCustomModel(a, R, { name: 'shared', baseModel: 'amazon.titan-text-express-v1' });
    m.ownerAccountId = '444455556666';
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('MANUAL');
    expect(run.check.reason).toMatch(/shared in from other accounts/);
    expect((await runOnSim(probe, simAccount(), { control: 'A.9' })).check.status).toBe('NOT_APPLICABLE');
  });

  it('reads a key as customer-managed only when one is named', () => {
    expect(customerKey(KEY).v).toBe('T');
    expect(customerKey(undefined).v).toBe('F');
  });
});
