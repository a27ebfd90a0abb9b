// No long-term Bedrock API keys (issue 19): one listing of every user's service-specific
// credentials for bedrock.amazonaws.com; an active key that has not expired fails.
import { describe, expect, it } from 'vitest';
import probe, { keyJudgement } from '../../checks/probes/bedrock-api-keys.js';
import { addIamPrincipal } from '../../src/sim/services/ai-assets.js';
import { NOW } from '../helpers.js';
import { deny, resourcesOf, runOnSim, simAccount } from '../inventory/sim.js';

describe('Amazon Bedrock long-term API keys (extension)', () => {
  it('PASS without keys, and with only expired or inactive ones (named, to delete)', async () => {
    expect((await runOnSim(probe, simAccount(), { control: 'A.9' })).check.reason).toMatch(/^no IAM user has a long-term Bedrock API key/);
    const a = simAccount();
    addIamPrincipal(a, { kind: 'user', name: 'old', bedrockApiKeys: [{ id: 'K1', status: 'Active', expiresInDays: -3 }, { id: 'K2', status: 'Inactive' }] });
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('PASS');
    expect(Object.keys(resourcesOf(run))).toEqual(['old/K1', 'old/K2']);
  });

  it('FAIL for an active key, whether it never expires or expires later', async () => {
    const a = simAccount();
    addIamPrincipal(a, { kind: 'user', name: 'proto', bedrockApiKeys: [{ id: 'K1', status: 'Active' }, { id: 'K2', status: 'Active', expiresInDays: 90 }] });
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('FAIL');
    expect(resourcesOf(run)['proto/K1'][1]).toMatch(/active, never expires$/);
    expect(resourcesOf(run)['proto/K2'][1]).toMatch(/active, expires \d{4}-\d{2}-\d{2} \(in 90 days\)$/);
  });

  it('partly visible: the listing denied is ERROR naming iam:ListServiceSpecificCredentials, never a PASS', async () => {
    const a = simAccount();
    deny(a, 'iam', 'ListServiceSpecificCredentials');
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('ERROR');
    expect(run.check.missing?.map((c) => c.action)).toEqual(['iam:ListServiceSpecificCredentials']);
  });

  it('judges one key at the scan clock', () => {
    expect(keyJudgement({ UserName: 'u', Status: 'Active', CreateDate: NOW, ServiceSpecificCredentialId: 'k', ServiceName: 'bedrock.amazonaws.com' }, NOW).v).toBe('F');
    expect(keyJudgement({ UserName: 'u', Status: 'Active', CreateDate: NOW, ExpirationDate: NOW, ServiceSpecificCredentialId: 'k', ServiceName: 'bedrock.amazonaws.com' }, NOW).v).toBe('T');
  });
});
