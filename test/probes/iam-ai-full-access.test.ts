// AI full-access managed policies (issue 19): users, roles and groups holding
// AmazonBedrockFullAccess or AmazonSageMakerFullAccess, unless aims-scan.yaml allow-lists them.
import { describe, expect, it } from 'vitest';
import probe, { allowListed } from '../../checks/probes/iam-ai-full-access.js';
import { addIamPrincipal } from '../../src/sim/services/ai-assets.js';
import { setIam } from '../../src/sim/services/identity.js';
import { ACCOUNT } from '../helpers.js';
import { deny, resourcesOf, runOnSim, simAccount } from '../inventory/sim.js';

const SM = 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess';
const BR = 'arn:aws:iam::aws:policy/AmazonBedrockFullAccess';

function holders() {
  const a = simAccount();
  setIam(a, { rootMfa: true, rootAccessKeys: false, roles: [{ name: 'sagemaker-execution', trusted: ['sagemaker.amazonaws.com'], managed: [SM] }, { name: 'reader', trusted: ['ec2.amazonaws.com'] }] });
  addIamPrincipal(a, { kind: 'group', name: 'ml-admins', managed: [BR, SM] });
  return a;
}

describe('AWS IAM AI full-access policies (extension)', () => {
  it('PASS when no principal holds them', async () => {
    const a = simAccount();
    setIam(a, { rootMfa: true, rootAccessKeys: false, roles: [{ name: 'reader', trusted: ['ec2.amazonaws.com'] }] });
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('PASS');
    expect(run.check.reason).toBe('no IAM user, role or group holds AmazonBedrockFullAccess or AmazonSageMakerFullAccess');
  });

  it('FAIL per holder not allow-listed; a group is named with what it passes on', async () => {
    const run = await runOnSim(probe, holders(), { control: 'A.9' });
    expect(run.check.status).toBe('FAIL');
    expect(resourcesOf(run)).toEqual({
      [`arn:aws:iam::${ACCOUNT}:group/ml-admins`]: ['FAIL', 'group ml-admins: AmazonBedrockFullAccess and AmazonSageMakerFullAccess (every member holds it), not in aiFullAccessAllowList'],
      [`arn:aws:iam::${ACCOUNT}:role/sagemaker-execution`]: ['FAIL', 'role sagemaker-execution: AmazonSageMakerFullAccess, not in aiFullAccessAllowList'],
    });
  });

  it('PASS when every holder is allow-listed, the exception named in each reason', async () => {
    const allow = [`arn:aws:iam::${ACCOUNT}:role/service-role/sagemaker-execution`, `arn:aws:iam::${ACCOUNT}:group/ml-admins`];
    const run = await runOnSim(probe, holders(), { control: 'A.9', settings: { aiFullAccessAllowList: allow } });
    expect(run.check.status).toBe('PASS');
    expect(resourcesOf(run)[`arn:aws:iam::${ACCOUNT}:role/sagemaker-execution`][1]).toMatch(/allow-listed \(arn:aws:iam::\d+:role\/service-role\/sagemaker-execution\)$/);
  });

  it('partly visible: the listing denied is ERROR naming iam:ListEntitiesForPolicy on each policy, never a PASS', async () => {
    const a = simAccount();
    deny(a, 'iam', 'ListEntitiesForPolicy');
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('ERROR');
    expect(run.check.missing?.map((c) => `${c.action} ${c.resource}`)).toEqual([`iam:ListEntitiesForPolicy ${BR}`, `iam:ListEntitiesForPolicy ${SM}`]);
  });

  it('matches the allow-list by account, kind and name (paths ignored: ListEntitiesForPolicy gives none)', () => {
    expect(allowListed({ kind: 'role', name: 'x' }, ACCOUNT, [`arn:aws:iam::${ACCOUNT}:role/a/b/x`])).toBeTruthy();
    expect(allowListed({ kind: 'user', name: 'x' }, ACCOUNT, [`arn:aws:iam::${ACCOUNT}:role/x`])).toBeUndefined();
    expect(allowListed({ kind: 'role', name: 'x' }, ACCOUNT, ['arn:aws:iam::999999999999:role/x'])).toBeUndefined();
  });
});
