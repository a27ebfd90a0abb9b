// The benchmark's machinery at a small size (no timing assertions): synthetic accounts cover
// every probed service and answer in the SDK's shapes; a run reports consistent figures; the
// table prints the targets beside the numbers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { decode } from '../../src/aws/codec.js';
import { SERVICES, type ServiceId } from '../../src/aws/services.js';
import { DEFAULT_OPTIONS, scan } from '../../src/scan.js';
import { measure, type RunResult } from '../../src/sim/bench/measure.js';
import { markdownTable, TARGETS, verdicts } from '../../src/sim/bench/table.js';
import { registryOps } from '../../src/sim/catalog.js';
import { virtualTime } from '../../src/sim/demo-recording.js';
import { simulate } from '../../src/sim/index.js';
import { checkShape, outputSchema } from '../../src/sim/schema.js';
import { HANDLERS } from '../../src/sim/services/index.js';
import { BENCH_REGIONS, KINDS, kindCounts, syntheticAccount } from '../../src/sim/synthetic.js';

describe('synthetic accounts', () => {
  it('hold N resources over R regions, every kind in every region', () => {
    const counts = kindCounts(10_000);
    expect([...counts.values()].reduce((s, n) => s + n, 0)).toBe(10_000);
    const a = syntheticAccount({ resources: 2_000, regions: 4 });
    expect(a.regions).toEqual(BENCH_REGIONS.slice(0, 4));
    const got = a.counts();
    for (const k of KINDS) expect(got[k.kind] ?? 0, k.kind).toBeGreaterThanOrEqual(kindCounts(2_000).get(k.kind) ?? 0);
    for (const r of a.regions) expect(a.all('sagemaker:endpoint', r).length).toBeGreaterThan(0);
  });

  it('reach every service a probe declares a call for', () => {
    const handled = new Set(Object.keys(HANDLERS).map((k) => k.split(':')[0]));
    const probed = new Set(registryOps(defaultRegistry()).map((o) => o.service));
    expect([...probed].filter((s) => !handled.has(s))).toEqual([]);
  });

  it('answer a scan in the SDK’s own shapes', async () => {
    const account = syntheticAccount({ resources: 400, regions: 2 });
    const registry = defaultRegistry();
    const sim = simulate(account, { ops: registryOps(registry), latency: false, rates: false, retry: false, ...virtualTime() });
    const out = mkdtempSync(join(tmpdir(), 'aims-synth-'));
    try {
      const res = await scan({ ...DEFAULT_OPTIONS, out, homeRegion: account.homeRegion, transport: sim.transport, now: account.now }, { registry, crosswalk: crosswalkLookup });
      expect(sim.aws.stats.internal).toEqual([]);
      const lines = readFileSync(res.files.calls, 'utf8').split('\n').filter(Boolean).slice(1).map((l) => JSON.parse(l) as { service: string; operation: string; outcome: string; response?: unknown });
      const problems: string[] = [];
      for (const c of lines.filter((x) => x.outcome === 'ok' && x.service in SERVICES)) {
        const schema = await outputSchema(c.service as ServiceId, c.operation);
        if (schema) problems.push(...checkShape(decode(c.response), schema).map((p) => `${c.service}:${c.operation} ${p}`));
      }
      expect([...new Set(problems)]).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('benchmark run', () => {
  it('reports consistent figures for one size, with the simulated AWS in its own process', async () => {
    const r = await measure({ resources: 300, regions: 2, concurrency: DEFAULT_OPTIONS.concurrency, latency: { meanMs: 2, jitter: 0.5 } });
    expect(r.awsProcess?.cpuSeconds).toBeGreaterThan(0);
    expect(r.awsProcess?.peakRssMb).toBeGreaterThan(0);
    expect(r.callsMade).toBe(r.distinctCalls + r.duplicates);
    expect(r.duplicates).toBe(0);
    expect(r.bound.seconds).toBeGreaterThan(0);
    expect(r.bound.chain).toBeGreaterThanOrEqual(3);
    expect(r.ratio).toBeCloseTo(r.wallSeconds / r.bound.seconds);
    expect(r.peakRssMb).toBeGreaterThanOrEqual(r.baselineRssMb);
    expect(r.cpuSeconds).toBeGreaterThan(0);
    expect(Object.values(r.checks).reduce((s, n) => s + n, 0)).toBeGreaterThan(50);
    expect(r.retries).toBeGreaterThanOrEqual(0);

    // The process boundary changes where the simulator's CPU is counted, not what the scan does.
    const local = await measure({ resources: 300, regions: 2, concurrency: DEFAULT_OPTIONS.concurrency, latency: { meanMs: 2, jitter: 0.5 }, aws: 'in-process' });
    expect(local.awsProcess).toBeNull();
    expect(local.distinctCalls).toBe(r.distinctCalls);
    expect(local.checks).toEqual(r.checks);
    // Not the chain itself: the ledger follows the answer a value actually came from, so at 2 ms
    // answers a run may see a value first from a deeper call (3 or 4 deep here, in either placement).
    expect(local.bound.chain).toBeGreaterThanOrEqual(3);
  });

  it('prints one row per run with the targets beside the numbers', () => {
    const row = (resources: number, concurrency: number, over: Partial<RunResult> = {}): RunResult => ({
      resources,
      regions: 4,
      concurrency,
      wallSeconds: resources / 100,
      bound: { chain: 5, chainSeconds: 0.25, chainMeanSeconds: 0.25, busiest: { api: 'sagemaker:DescribeModel', region: 'us-east-1', calls: resources / 10, limit: { rate: 10, burst: 20 }, seconds: resources / 100 }, seconds: resources / 100 },
      ratio: 1,
      callsMade: resources,
      distinctCalls: resources,
      duplicates: 0,
      dedupedInEngine: 0,
      throttlingSeen: 3,
      throttledApis: { 'sagemaker:DescribeModel': 3 },
      retries: 3,
      throttlingExhausted: 0,
      throttledVerdicts: 0,
      checks: { PASS: 1 },
      peakRssMb: 100,
      baselineRssMb: 60,
      cpuSeconds: 1,
      awsProcess: { peakRssMb: 80, cpuSeconds: 0.7 },
      setupSeconds: 0.1,
      latency: { meanMs: 50, jitter: 0.5 },
      retryMode: 'standard',
      retryWaitSeconds: 0,
      ...over,
    });
    const rows = [row(1_000, 16), row(50_000, 16, { peakRssMb: 600, ratio: 1.5 }), row(1_000, 1)];
    const md = markdownTable(rows, { resources: 1_000, regions: 4, rounds: 5, dataChain: 3, byRound: [['sts:GetCallerIdentity'], ['s3:GetBucketVersioning']] });
    expect(md).toMatch(/needs at 1,000 resources .*: 5, where the bound's data chain is 3 calls deep.*about 5\/3 .*Last round: s3:GetBucketVersioning\./);
    expect(md).toMatch(/\| 100\.0 \| 1\.0 \| 0\.7 \|/);
    expect(md.split('\n').filter((l) => l.startsWith('| ') && /^\| [\d,]+ \|/.test(l))).toHaveLength(3);
    expect(md).toContain(`ratio ≤ ${TARGETS.ratio}`);
    const v = verdicts(rows);
    expect(v).toMatchObject({ ratio: false, duplicates: true, throttledVerdicts: true, rss: false, linear: true });

    // Linear, not worse: judged on the time per added resource between sizes. A small account
    // bound by latency then rate-bound larger ones is linear; quadratic growth is not.
    const at = (resources: number, wallSeconds: number) => row(resources, 128, { wallSeconds });
    expect(verdicts([at(1_000, 0.5), at(10_000, 15), at(50_000, 52)]).linear).toBe(true);
    expect(verdicts([at(1_000, 1), at(10_000, 100), at(50_000, 2_500)]).linear).toBe(false);
    expect(markdownTable([at(1_000, 0.5), at(10_000, 15), at(50_000, 52.2)])).toMatch(/1,000→10,000: 1\.61 s, 10,000→50,000: 0\.93 s\): ✓/);
  });
});
