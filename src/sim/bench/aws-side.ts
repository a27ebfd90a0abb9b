// The benchmark's simulated AWS, everything on AWS's side of the wire: the synthetic account, the
// latency and rate model, the SDK retry emulation, and the ledger that measures what the scanner
// sent. Built in its own process for `npm run bench` (aws-process.ts) so that the scanner's CPU
// time and memory are its own; built in-process by tests that only check the figures add up.
import { defaultRegistry } from '../../../checks/registry.js';
import { DEFAULT_OPTIONS } from '../../scan.js';
import type { Transport } from '../../aws/transport.js';
import { registryOps } from '../catalog.js';
import { simulate } from '../index.js';
import { LedgerTransport, type LedgerStats } from '../ledger.js';
import { DEFAULT_LATENCY, lowerBound, RateModel, type LatencyModel, type LowerBound, type RateLimit } from '../rate.js';
import { RetryingTransport } from '../retry.js';
import { syntheticAccount } from '../synthetic.js';

/** What to simulate; plain data, so it can be sent to the AWS process. */
export interface AwsSpec {
  resources: number;
  regions: number;
  latency?: LatencyModel;
  /** Rate limits by `service:Operation` (or `service:*`) and the fallback; default AWS's documented ones. */
  rates?: { limits: Record<string, RateLimit>; fallback: RateLimit };
  seed?: number;
  retryMode?: 'adaptive' | 'standard';
}

/** What AWS's side saw, and what the model would have allowed. */
export interface AwsSideResult {
  ledger: LedgerStats;
  bound: LowerBound;
  throttlingSeen: number;
  throttledApis: Record<string, number>;
  throttlingExhausted: number;
  retryWaitSeconds: number;
  /** The simulated AWS's own process (null when it shares the scanner's). */
  process: { peakRssMb: number; cpuSeconds: number } | null;
}

export interface AwsSide {
  homeRegion: string;
  now: Date;
  setupSeconds: number;
  transport: Transport;
  finish(): Promise<AwsSideResult>;
  close(): void;
}

export const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

export function rateModelOf(spec: AwsSpec): RateModel {
  return spec.rates ? new RateModel(spec.rates.limits, spec.rates.fallback) : new RateModel();
}

/** The simulated AWS in this process. */
export function buildAwsSide(spec: AwsSpec): AwsSide {
  const t0 = performance.now();
  const account = syntheticAccount({ resources: spec.resources, regions: spec.regions, seed: spec.seed });
  const identifiers = account.identifiers();
  const latency = spec.latency ?? DEFAULT_LATENCY;
  const rates = rateModelOf(spec);
  const sim = simulate(account, { ops: registryOps(defaultRegistry()), latency, rates, seed: spec.seed ?? 42, retry: false });
  const retry = new RetryingTransport(sim.sim, { maxAttempts: DEFAULT_OPTIONS.maxAttempts, mode: spec.retryMode ?? 'standard', seed: spec.seed ?? 7 });
  const ledger = new LedgerTransport(retry, { isIdentifier: (s) => identifiers.has(s), homeRegion: account.homeRegion, latencyOf: (req) => sim.sim.latencyOf(req) });
  return {
    homeRegion: account.homeRegion,
    now: account.now,
    setupSeconds: (performance.now() - t0) / 1000,
    transport: ledger,
    finish: async () => {
      const l = ledger.result();
      return {
        ledger: l,
        bound: lowerBound({ chain: l.maxDepth, criticalPathMs: l.criticalPathMs, callsPerApi: l.perApi }, { rates, latency }),
        throttlingSeen: sim.sim.stats.throttled,
        throttledApis: Object.fromEntries([...sim.sim.stats.throttledByApi].sort((a, b) => b[1] - a[1]).slice(0, 5)),
        throttlingExhausted: retry.stats.throttlingExhausted,
        retryWaitSeconds: retry.stats.waitedMs / 1000,
        process: null,
      };
    },
    close: () => undefined,
  };
}
