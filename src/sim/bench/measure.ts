// One benchmark run: build a synthetic account, scan it through the real engine (scan() with the
// simulated transport: latency, per-API token buckets, the SDK's retry emulation), and measure
// what the scan did and what the model would have allowed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crosswalkLookup } from '../../../checks/crosswalk.js';
import { defaultRegistry } from '../../../checks/registry.js';
import { DEFAULT_OPTIONS, scan } from '../../scan.js';
import { registryOps } from '../catalog.js';
import { simulate } from '../index.js';
import { LedgerTransport } from '../ledger.js';
import { DEFAULT_LATENCY, lowerBound, RateModel, type LatencyModel, type LowerBound } from '../rate.js';
import { RetryingTransport } from '../retry.js';
import { syntheticAccount } from '../synthetic.js';

export interface RunSpec {
  resources: number;
  regions: number;
  concurrency: number;
  latency?: LatencyModel;
  rates?: RateModel;
  seed?: number;
  /** The SDK retry mode emulated; LiveTransport uses standard (the engine paces each API itself). */
  retryMode?: 'adaptive' | 'standard';
}

export interface RunResult {
  resources: number;
  regions: number;
  concurrency: number;
  wallSeconds: number;
  bound: LowerBound;
  ratio: number;
  callsMade: number;
  distinctCalls: number;
  duplicates: number;
  /** Calls the access layer answered from an earlier identical call (never sent). */
  dedupedInEngine: number;
  throttlingSeen: number;
  /** The APIs those throttling answers came from (the five with most). */
  throttledApis: Record<string, number>;
  retries: number;
  throttlingExhausted: number;
  /** Checks whose verdict (or a region's) is an ERROR for throttling. */
  throttledVerdicts: number;
  checks: Record<string, number>;
  peakRssMb: number;
  /** RSS after the account was built, before the scan: the simulator's own share of the peak. */
  baselineRssMb: number;
  cpuSeconds: number;
  /** Time spent building the synthetic account (not in wall time). */
  setupSeconds: number;
  latency: LatencyModel;
  retryMode: 'adaptive' | 'standard';
  /** Time calls spent waiting in retry back-off and the SDK's client-side rate limiter, summed over calls. */
  retryWaitSeconds: number;
}

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

export async function measure(spec: RunSpec): Promise<RunResult> {
  const t0 = performance.now();
  const account = syntheticAccount({ resources: spec.resources, regions: spec.regions, seed: spec.seed });
  const identifiers = account.identifiers();
  const registry = defaultRegistry();
  const latency = spec.latency ?? DEFAULT_LATENCY;
  const rates = spec.rates ?? new RateModel();
  const sim = simulate(account, { ops: registryOps(registry), latency, rates, seed: spec.seed ?? 42, retry: false });
  const retry = new RetryingTransport(sim.sim, { maxAttempts: DEFAULT_OPTIONS.maxAttempts, mode: spec.retryMode ?? 'standard', seed: spec.seed ?? 7 });
  const ledger = new LedgerTransport(retry, { isIdentifier: (s) => identifiers.has(s), homeRegion: account.homeRegion, latencyOf: (req) => sim.sim.latencyOf(req) });
  const setupSeconds = (performance.now() - t0) / 1000;

  globalThis.gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const out = mkdtempSync(join(tmpdir(), 'aims-bench-'));
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  try {
    const res = await scan(
      { ...DEFAULT_OPTIONS, concurrency: spec.concurrency, out, homeRegion: account.homeRegion, transport: ledger, now: account.now },
      { registry, crosswalk: crosswalkLookup },
    );
    const wallSeconds = (performance.now() - w0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    const l = ledger.result();
    const bound = lowerBound({ chain: l.maxDepth, criticalPathMs: l.criticalPathMs, callsPerApi: l.perApi }, { rates, latency });
    const checks: Record<string, number> = {};
    let throttledVerdicts = 0;
    for (const c of res.report.controls.flatMap((x) => x.checks)) {
      checks[c.status] = (checks[c.status] ?? 0) + 1;
      if (/throttled/i.test(c.reason) || c.regions.some((r) => r.status === 'ERROR' && /throttled/i.test(r.reason))) throttledVerdicts += 1;
    }
    const stats = res.report.summary.calls;
    return {
      resources: spec.resources,
      regions: spec.regions,
      concurrency: spec.concurrency,
      wallSeconds,
      bound,
      ratio: wallSeconds / bound.seconds,
      callsMade: l.calls,
      distinctCalls: l.distinct,
      duplicates: l.duplicates,
      dedupedInEngine: stats?.deduplicated ?? 0,
      throttlingSeen: sim.sim.stats.throttled,
      throttledApis: Object.fromEntries([...sim.sim.stats.throttledByApi].sort((a, b) => b[1] - a[1]).slice(0, 5)),
      retries: l.retries,
      throttlingExhausted: retry.stats.throttlingExhausted,
      throttledVerdicts,
      checks,
      peakRssMb: mb(peakRss),
      baselineRssMb: mb(baselineRss),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      setupSeconds,
      latency,
      retryMode: spec.retryMode ?? 'standard',
      retryWaitSeconds: retry.stats.waitedMs / 1000,
    };
  } finally {
    clearInterval(sampler);
    rmSync(out, { recursive: true, force: true });
  }
}
