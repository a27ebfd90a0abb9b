// The scanner's own dependency depth: how many round trips a scan needs when only the network
// costs time. A probe that awaits something it does not need before its next call adds a round
// on every account; this test fails when that happens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import type { Answer, CallRequest, Transport } from '../../src/aws/transport.js';
import { DEFAULT_OPTIONS, scan } from '../../src/scan.js';
import { registryOps } from '../../src/sim/catalog.js';
import { simulate } from '../../src/sim/index.js';
import { LedgerTransport } from '../../src/sim/ledger.js';
import { LockstepTransport } from '../../src/sim/lockstep.js';
import { syntheticAccount } from '../../src/sim/synthetic.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

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
  it('needs five round trips: regions, lists, endpoint, its config, and what the config names', async () => {
    const account = syntheticAccount({ resources: 300, regions: 2 });
    const registry = defaultRegistry();
    const ids = account.identifiers();
    const sim = simulate(account, { ops: registryOps(registry), latency: false, seed: 42, retry: false });
    const ledger = new LedgerTransport(sim.sim, { isIdentifier: (s) => ids.has(s), homeRegion: account.homeRegion });
    const lockstep = new LockstepTransport(ledger);
    const out = mkdtempSync(join(tmpdir(), 'aims-rounds-'));
    dirs.push(out);
    // Unpaced and unbounded: only the scanner's dependencies can make a call wait.
    await scan({ ...DEFAULT_OPTIONS, concurrency: 100_000, limits: false, out, homeRegion: account.homeRegion, transport: lockstep, now: account.now }, { registry, crosswalk: crosswalkLookup });
    const rounds = lockstep.byRound.map((m) => [...m.keys()]);
    expect(rounds[0].sort()).toEqual(['ec2:DescribeRegions', 'sts:GetCallerIdentity']);
    // The data chain the benchmark's lower bound uses can only be shorter than what the scanner does.
    expect(ledger.result().maxDepth).toBeLessThanOrEqual(lockstep.rounds);
    // SageMaker endpoint → endpoint config → (subnets, scaling, tags, bucket details) is the longest chain.
    expect(rounds[2]).toContain('sagemaker:DescribeEndpoint');
    expect(rounds[3]).toContain('sagemaker:DescribeEndpointConfig');
    expect(lockstep.rounds).toBe(5);
  });
});
