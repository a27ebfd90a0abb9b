// The scanner's own dependency depth: how many round trips a scan needs when only the network
// costs time. A probe that awaits something it does not need before its next call adds a round
// on every account; this test fails when that happens.
import { describe, expect, it } from 'vitest';
import type { Answer, CallRequest, Transport } from '../../src/aws/transport.js';
import { roundTrips } from '../../src/sim/bench/round-trips.js';
import { LockstepTransport } from '../../src/sim/lockstep.js';

const echo: Transport = {
  kind: 'simulated',
  send: async (req: CallRequest): Promise<Answer> => ({ output: { op: req.operation }, attempts: 1 }),
};

describe('lockstep transport', () => {
  it('counts one round per wave of dependent calls, and none for calls sent side by side', async () => {
    const t = new LockstepTransport(echo, { quietMs: 10 });
    const call = (operation: string) => t.send({ service: 'sagemaker', region: 'us-east-1', operation, input: {} });
    await call('ListEndpoints');
    await Promise.all([call('DescribeEndpoint'), call('DescribeEndpoint'), call('ListModels')]);
    await call('DescribeEndpointConfig');
    expect(t.rounds).toBe(3);
    expect(t.byRound.map((m) => Object.fromEntries(m))).toEqual([{ 'sagemaker:ListEndpoints': 1 }, { 'sagemaker:DescribeEndpoint': 2, 'sagemaker:ListModels': 1 }, { 'sagemaker:DescribeEndpointConfig': 1 }]);
  });

  it('passes failures through', async () => {
    const failing: Transport = { kind: 'simulated', send: () => Promise.reject(new Error('boom')) };
    const t = new LockstepTransport(failing, { quietMs: 5 });
    await expect(t.send({ service: 'sts', region: 'us-east-1', operation: 'GetCallerIdentity', input: {} })).rejects.toThrow('boom');
  });
});

describe('a scan of a synthetic account', () => {
  it('needs five round trips: regions, lists, endpoint, its config, and what the config decides', async () => {
    const r = await roundTrips(300, 2);
    expect(r.byRound[0]).toEqual(['ec2:DescribeRegions', 'sts:GetCallerIdentity']);
    // The data chain the benchmark's lower bound uses can only be shorter than what the scanner does.
    expect(r.dataChain).toBeLessThanOrEqual(r.rounds);
    // SageMaker: the endpoint and (listed by the platform probe) its config are described side by
    // side; auto scaling is asked about once DescribeEndpoint shows instance-backed variants, no
    // longer after the whole endpoint → config → model chain; bucket settings follow the references.
    expect(r.byRound[2]).toEqual(expect.arrayContaining(['sagemaker:DescribeEndpoint', 'sagemaker:DescribeEndpointConfig']));
    expect(r.byRound[3]).toEqual(expect.arrayContaining(['applicationautoscaling:DescribeScalableTargets', 's3:GetBucketVersioning']));
    expect(r.rounds).toBeLessThanOrEqual(5);
  });
});
