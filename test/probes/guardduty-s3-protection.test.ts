// GuardDuty S3 Protection where AI data lives (issue 19): per region, applicable only where an AI
// bucket is; a protecting detector passes even when the AI bucket scope is incomplete.
import { describe, expect, it } from 'vitest';
import probe, { s3Protection } from '../../checks/probes/guardduty-s3-protection.js';
import { addBucket } from '../../src/sim/services/s3.js';
import { enableGuardDuty } from '../../src/sim/services/ai-assets.js';
import { ACCOUNT } from '../helpers.js';
import { deny, runOnSim, simAccount } from '../inventory/sim.js';

/** An AI bucket (SageMaker's default bucket name) in us-east-1; none in eu-west-1. */
function account() {
  const a = simAccount(['us-east-1', 'eu-west-1']);
  addBucket(a, 'us-east-1', { name: `sagemaker-us-east-1-${ACCOUNT}`, publicAccessBlock: true });
  return a;
}
const region = (run: Awaited<ReturnType<typeof runOnSim>>, r: string) => run.check.regions.find((x) => x.region === r);

describe('Amazon GuardDuty S3 Protection (extension)', () => {
  it('PASS where the AI bucket is, NOT_APPLICABLE where none is', async () => {
    const a = account();
    enableGuardDuty(a, 'us-east-1', { id: 'd1', s3Protection: true });
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('PASS');
    expect(region(run, 'us-east-1')?.reason).toBe(`detector d1 enabled with S3 Protection, watching AI bucket(s) sagemaker-us-east-1-${ACCOUNT}`);
    expect(region(run, 'eu-west-1')?.status).toBe('NOT_APPLICABLE');
  });

  it('FAIL when GuardDuty is off (NOT_ENABLED) or its S3 Protection is off (MISCONFIGURED) where AI data is', async () => {
    const off = await runOnSim(probe, account(), { control: 'A.9' });
    expect(off.check.status).toBe('FAIL');
    expect(off.check.code).toBe('NOT_ENABLED');
    const a = account();
    enableGuardDuty(a, 'us-east-1', { id: 'd1', s3Protection: false });
    const run = await runOnSim(probe, a, { control: 'A.11' });
    expect(run.check.code).toBe('MISCONFIGURED');
    expect(run.check.reason).toMatch(/detector d1 enabled, S3 Protection off$/);
    expect(run.check.resources).toEqual([{ id: 'd1', region: 'us-east-1', status: 'FAIL', reason: 'GuardDuty detector d1: detector d1 enabled, S3 Protection off' }]);
  });

  it('partly visible: GetDetector denied is ERROR naming it; the bucket list denied still passes a protected region', async () => {
    const a = account();
    enableGuardDuty(a, 'us-east-1', { id: 'd1', s3Protection: true });
    deny(a, 'guardduty', 'GetDetector');
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('ERROR');
    expect(run.check.missing?.map((c) => c.action)).toEqual(['guardduty:GetDetector']);
    const b = account();
    enableGuardDuty(b, 'us-east-1', { id: 'd1', s3Protection: true });
    enableGuardDuty(b, 'eu-west-1', { id: 'd2', s3Protection: true });
    deny(b, 's3', 'ListBuckets');
    const both = await runOnSim(probe, b, { control: 'A.9' });
    expect(both.check.status).toBe('PASS');
  });

  it('reads S3 Protection from the features, else from the older data sources', () => {
    expect(s3Protection({ Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }], $metadata: {} } as never).s3).toBe('ENABLED');
    expect(s3Protection({ DataSources: { S3Logs: { Status: 'DISABLED' } }, $metadata: {} } as never)).toEqual({ s3: 'DISABLED', via: 'data sources' });
  });
});
