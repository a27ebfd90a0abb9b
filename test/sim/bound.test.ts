// The lower bound comes from the model and from what the scan did: the dependency chain and the
// calls per (API, region) are measured by the ledger; change the latency or a limit and the
// bound moves with it.
import { describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OPTIONS, scan } from '../../src/scan.js';
import { registryOps } from '../../src/sim/catalog.js';
import { virtualTime } from '../../src/sim/demo-recording.js';
import { simulate } from '../../src/sim/index.js';
import { LedgerTransport, type LedgerStats } from '../../src/sim/ledger.js';
import type { CallRequest } from '../../src/aws/transport.js';
import { callLatencyMs, DEFAULT_LATENCY, lowerBound, RateModel, rateBoundSeconds } from '../../src/sim/rate.js';
import { syntheticAccount } from '../../src/sim/synthetic.js';

async function ledgerOf(resources: number, pageSize: number, latencyOf?: (req: CallRequest) => number): Promise<{ stats: LedgerStats; ledger: LedgerTransport }> {
  const account = syntheticAccount({ resources, regions: 2 });
  const ids = account.identifiers();
  const registry = defaultRegistry();
  const sim = simulate(account, { ops: registryOps(registry), pageSize, latency: false, rates: false, retry: false, ...virtualTime() });
  const ledger = new LedgerTransport(sim.transport, { isIdentifier: (s) => ids.has(s), homeRegion: account.homeRegion, trace: true, latencyOf });
  const out = mkdtempSync(join(tmpdir(), 'aims-bound-'));
  try {
    await scan({ ...DEFAULT_OPTIONS, out, homeRegion: account.homeRegion, transport: ledger, now: account.now }, { registry, crosswalk: crosswalkLookup });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return { stats: ledger.result(), ledger };
}

describe('lower bound', () => {
  it('measures dependency depth from the data: list 1 (+1 outside the home region), describe of a listed resource deeper, pages chaining', async () => {
    const { stats, ledger } = await ledgerOf(300, 3);
    const t = ledger.trace;
    const depth = (api: string, region: string, match: (i: Record<string, unknown>) => boolean) => t.find((c) => c.api === api && c.region === region && match(c.input as Record<string, unknown>))?.depth;
    expect(depth('sts:GetCallerIdentity', 'us-east-1', () => true)).toBe(1);
    expect(depth('sagemaker:ListEndpoints', 'us-east-1', (i) => !i.NextToken)).toBe(1);
    expect(depth('sagemaker:ListEndpoints', 'eu-west-1', (i) => !i.NextToken)).toBe(2); // needs the region list
    const firstDescribe = t.filter((c) => c.api === 'sagemaker:DescribeEndpoint' && c.region === 'us-east-1').map((c) => c.depth);
    expect(Math.min(...firstDescribe)).toBe(2);
    const pages = t.filter((c) => c.api === 'cloudwatchlogs:DescribeLogGroups' && c.region === 'us-east-1' && !(c.input as { logGroupNamePrefix?: string }).logGroupNamePrefix?.startsWith('/aws/bedrock')).map((c) => c.depth).sort((a, b) => a - b);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages).toEqual(pages.map((_, i) => pages[0] + i)); // each page one deeper than the one before
    expect(stats.maxDepth).toBeGreaterThanOrEqual(pages.at(-1)!);
    expect(stats.calls).toBe(stats.distinct + stats.duplicates);
  });

  it('is max(chain × latency, busiest API under its limit), and moves with the model', async () => {
    const { stats } = await ledgerOf(300, 100);
    const model = { rates: new RateModel(), latency: DEFAULT_LATENCY };
    const b = lowerBound({ chain: stats.maxDepth, callsPerApi: stats.perApi }, model);
    expect(b.chain).toBe(stats.maxDepth);
    expect(b.chainSeconds).toBeCloseTo((stats.maxDepth * DEFAULT_LATENCY.meanMs) / 1000);
    const top = stats.perApi.map((p) => rateBoundSeconds(p.calls, model.rates.limitFor(p.service, p.operation), DEFAULT_LATENCY.meanMs));
    expect(b.busiest?.seconds).toBeCloseTo(Math.max(...top));
    expect(b.seconds).toBeCloseTo(Math.max(b.chainSeconds, b.busiest!.seconds));

    // Twice the latency: the chain term doubles.
    const slow = lowerBound({ chain: stats.maxDepth, callsPerApi: stats.perApi }, { ...model, latency: { meanMs: 100, jitter: 0.5 } });
    expect(slow.chainSeconds).toBeCloseTo(2 * b.chainSeconds);
    // A tenth of every limit: the busiest API's term grows, and with it the bound.
    const tight = lowerBound({ chain: stats.maxDepth, callsPerApi: stats.perApi }, { ...model, rates: new RateModel().scaled(0.1) });
    expect(tight.busiest!.seconds).toBeGreaterThan(b.busiest!.seconds);
    expect(tight.seconds).toBeGreaterThan(b.seconds);
  });

  it('weights the chain by each call’s own latency: the critical path through the dependencies', async () => {
    // Every call 10 ms, except DescribeEndpoint at 100 ms: the critical path must run through it.
    const { stats, ledger } = await ledgerOf(300, 1000, (r) => (r.operation === 'DescribeEndpoint' ? 100 : 10));
    expect(stats.criticalPathMs).toBeDefined();
    const t = ledger.trace;
    for (const c of t) expect(c.ideal).toBeGreaterThanOrEqual(c.api === 'sagemaker:DescribeEndpoint' ? 100 : 10);
    // A describe outside the home region waits for the region list (10) and the listing (10).
    const far = t.find((c) => c.api === 'sagemaker:DescribeEndpoint' && c.region === 'eu-west-1');
    expect(far?.ideal).toBe(120);
    expect(stats.criticalPathMs).toBe(Math.max(...t.map((c) => c.ideal)));
    expect(stats.criticalPathMs).toBeGreaterThanOrEqual(120);
    // The bound takes the weighted chain, and still reports chain × mean beside it.
    const b = lowerBound({ chain: stats.maxDepth, criticalPathMs: stats.criticalPathMs, callsPerApi: [] }, { rates: new RateModel(), latency: DEFAULT_LATENCY });
    expect(b.chainSeconds).toBeCloseTo(stats.criticalPathMs! / 1000);
    expect(b.chainMeanSeconds).toBeCloseTo((stats.maxDepth * DEFAULT_LATENCY.meanMs) / 1000);
  });

  it('counts a final throttling answer the way the engine does (errors.ts), and no other error', async () => {
    const answers = [
      { name: 'ThrottlingException', message: 'Rate exceeded', httpStatus: 400 },
      { name: 'LimitExceededException', message: 'Rate exceeded', httpStatus: 400 },
      { name: 'SomethingElse', message: 'Too many', httpStatus: 429 },
      { name: 'AccessDeniedException', message: 'no', httpStatus: 403 },
    ];
    let i = 0;
    const ledger = new LedgerTransport({ kind: 'simulated', send: async () => ({ error: answers[i++], attempts: 5 }) }, { isIdentifier: () => false, homeRegion: 'us-east-1' });
    for (const _ of answers) await ledger.send({ service: 'sagemaker', region: 'us-east-1', operation: 'ListModels', input: { n: i } });
    expect(ledger.result()).toMatchObject({ calls: 4, errors: 4, throttledAnswers: 3, retries: 16 });
  });

  it('gives each call its own latency, the same whenever it is sent, within the jitter', () => {
    const m = { meanMs: 50, jitter: 0.5 };
    const req = (i: number) => ({ service: 'sagemaker', region: 'us-east-1', operation: 'DescribeModel', input: { ModelName: `m${i}` } });
    const xs = Array.from({ length: 2000 }, (_, i) => callLatencyMs(m, 42, req(i)));
    for (const x of xs) expect(x).toBeGreaterThanOrEqual(25), expect(x).toBeLessThanOrEqual(75);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeGreaterThan(48);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeLessThan(52);
    expect(callLatencyMs(m, 42, req(7))).toBe(xs[7]);
    expect(callLatencyMs(m, 43, req(7))).not.toBe(xs[7]);
    expect(new Set(xs.map((x) => Math.round(x))).size).toBeGreaterThan(40);
  });

  it('chains more pages, hence a longer chain, when pages are smaller', async () => {
    const small = await ledgerOf(300, 2);
    const large = await ledgerOf(300, 1000);
    expect(small.stats.maxDepth).toBeGreaterThan(large.stats.maxDepth);
    expect(small.stats.calls).toBeGreaterThan(large.stats.calls);
  });

  it('counts the time a token bucket needs: the burst at once, the rest at the rate, plus one answer', () => {
    expect(rateBoundSeconds(0, { rate: 10, burst: 20 }, 50)).toBe(0);
    expect(rateBoundSeconds(20, { rate: 10, burst: 20 }, 50)).toBeCloseTo(0.05);
    expect(rateBoundSeconds(120, { rate: 10, burst: 20 }, 50)).toBeCloseTo(10.05);
  });
});
