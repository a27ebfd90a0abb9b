// One benchmark run: build a synthetic account, scan it through the real engine (scan() with the
// simulated transport: latency, per-API token buckets, the SDK's retry emulation), and measure
// what the scan did and what the model would have allowed. The simulated AWS runs in its own
// process (aws-process.ts), so wall time, CPU time and peak RSS are the scanner's alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crosswalkLookup } from '../../../checks/crosswalk.js';
import { defaultRegistry } from '../../../checks/registry.js';
import { DEFAULT_OPTIONS, scan } from '../../scan.js';
import { DEFAULT_LATENCY, type LatencyModel, type LowerBound, type RateModel } from '../rate.js';
import { spawnAwsSide } from './aws-child.js';
import { buildAwsSide, mb, type AwsSpec } from './aws-side.js';

export interface RunSpec {
  resources: number;
  regions: number;
  concurrency: number;
  latency?: LatencyModel;
  rates?: RateModel;
  seed?: number;
  /** The SDK retry mode emulated; LiveTransport uses standard (the engine paces each API itself). */
  retryMode?: 'adaptive' | 'standard';
  /** Where the simulated AWS runs: its own process (the benchmark), or this one (quick tests). */
  aws?: 'process' | 'in-process';
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
  /** The scanner process's peak RSS (with the simulated AWS in-process: both). */
  peakRssMb: number;
  /** RSS before the scan started. */
  baselineRssMb: number;
  /** The scanner process's CPU time during the scan. */
  cpuSeconds: number;
  /** The simulated AWS's own process, when it has one. */
  awsProcess: { peakRssMb: number; cpuSeconds: number } | null;
  /** Time spent building the synthetic account (not in wall time). */
  setupSeconds: number;
  latency: LatencyModel;
  retryMode: 'adaptive' | 'standard';
  /** Time calls spent waiting in retry back-off and the SDK's client-side rate limiter, summed over calls. */
  retryWaitSeconds: number;
}

export async function measure(spec: RunSpec): Promise<RunResult> {
  const awsSpec: AwsSpec = {
    resources: spec.resources,
    regions: spec.regions,
    latency: spec.latency,
    rates: spec.rates ? { limits: { ...spec.rates.limits }, fallback: spec.rates.fallback } : undefined,
    seed: spec.seed,
    retryMode: spec.retryMode,
  };
  const aws = spec.aws === 'in-process' ? buildAwsSide(awsSpec) : await spawnAwsSide(awsSpec);
  const registry = defaultRegistry();

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
      { ...DEFAULT_OPTIONS, concurrency: spec.concurrency, out, homeRegion: aws.homeRegion, transport: aws.transport, now: aws.now },
      { registry, crosswalk: crosswalkLookup },
    );
    const wallSeconds = (performance.now() - w0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    const a = await aws.finish();
    const l = a.ledger;
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
      bound: a.bound,
      ratio: wallSeconds / a.bound.seconds,
      callsMade: l.calls,
      distinctCalls: l.distinct,
      duplicates: l.duplicates,
      dedupedInEngine: stats?.deduplicated ?? 0,
      throttlingSeen: a.throttlingSeen,
      throttledApis: a.throttledApis,
      retries: l.retries,
      throttlingExhausted: a.throttlingExhausted,
      throttledVerdicts,
      checks,
      peakRssMb: mb(peakRss),
      baselineRssMb: mb(baselineRss),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      awsProcess: a.process,
      setupSeconds: aws.setupSeconds,
      latency: spec.latency ?? DEFAULT_LATENCY,
      retryMode: spec.retryMode ?? 'standard',
      retryWaitSeconds: a.retryWaitSeconds,
    };
  } finally {
    clearInterval(sampler);
    aws.close();
    rmSync(out, { recursive: true, force: true });
  }
}
