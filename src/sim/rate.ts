// The simulated AWS's time model: a latency per call (mean with jitter) and a token bucket per
// (API, region) the way AWS throttles control-plane APIs. The same model gives the lower bound a
// scan could reach: no scheduler can beat the longest chain of dependent calls, nor the rate
// limit of its busiest API.
import type { Rng } from './rng.js';

export interface RateLimit {
  /** Sustained requests per second. */
  rate: number;
  /** Bucket size: requests that may go at once after a quiet spell. */
  burst: number;
}

/** Where no limit is documented: 10 requests/s with a burst of 20. */
export const DEFAULT_LIMIT: RateLimit = { rate: 10, burst: 20 };

/**
 * Documented limits, per account and region, keyed `service:Operation` (or `service:*`).
 * Sources: EC2 API request throttling (non-mutating actions: bucket 100, refill 20/s);
 * CloudWatch quotas (DescribeAlarms 9 TPS, ListMetrics 25 TPS); CloudWatch Logs quotas
 * (DescribeLogGroups 10 TPS); KMS request quotas (ListKeys/ListAliases 100/s, DescribeKey 2,000/s,
 * GetKeyRotationStatus/GetKeyPolicy 1,000/s); Security Hub (every read API not listed
 * separately: 10/s, burst 30). The burst of a per-second quota is taken as one second's worth.
 */
export const DOCUMENTED_LIMITS: Readonly<Record<string, RateLimit>> = {
  'ec2:*': { rate: 20, burst: 100 },
  'cloudwatch:DescribeAlarms': { rate: 9, burst: 9 },
  'cloudwatch:ListMetrics': { rate: 25, burst: 25 },
  'cloudwatchlogs:DescribeLogGroups': { rate: 10, burst: 10 },
  'kms:ListKeys': { rate: 100, burst: 100 },
  'kms:ListAliases': { rate: 100, burst: 100 },
  'kms:DescribeKey': { rate: 2000, burst: 2000 },
  'kms:GetKeyRotationStatus': { rate: 1000, burst: 1000 },
  'kms:GetKeyPolicy': { rate: 1000, burst: 1000 },
  'securityhub:*': { rate: 10, burst: 30 },
};

export class RateModel {
  constructor(
    readonly limits: Readonly<Record<string, RateLimit>> = DOCUMENTED_LIMITS,
    readonly fallback: RateLimit = DEFAULT_LIMIT,
  ) {}

  limitFor(service: string, operation: string): RateLimit {
    return this.limits[`${service}:${operation}`] ?? this.limits[`${service}:*`] ?? this.fallback;
  }

  /** The same model with every limit multiplied by `k` (tests, what-if runs). */
  scaled(k: number): RateModel {
    const s = (l: RateLimit): RateLimit => ({ rate: l.rate * k, burst: l.burst * k });
    return new RateModel(Object.fromEntries(Object.entries(this.limits).map(([key, l]) => [key, s(l)])), s(this.fallback));
  }
}

/** A token bucket: `take` at time `t` (seconds) succeeds while tokens remain. */
export class TokenBucket {
  private tokens: number;
  private last: number | undefined;

  constructor(readonly limit: RateLimit) {
    this.tokens = limit.burst;
  }

  take(t: number): boolean {
    if (this.last !== undefined) this.tokens = Math.min(this.limit.burst, this.tokens + (t - this.last) * this.limit.rate);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

export interface LatencyModel {
  /** Mean time for AWS to answer, in ms. */
  meanMs: number;
  /** Relative spread: each call takes mean × (1 ± jitter), uniformly. */
  jitter: number;
}

export const DEFAULT_LATENCY: LatencyModel = { meanMs: 50, jitter: 0.5 };

export function sampleLatency(m: LatencyModel, rng: Rng): number {
  return Math.max(0, m.meanMs * (1 + m.jitter * (2 * rng() - 1)));
}

/**
 * Least time, in seconds, to make `calls` calls to one API under `limit`: the burst goes at
 * once, the rest at the refill rate, and the last answer still takes one latency to arrive.
 */
export function rateBoundSeconds(calls: number, limit: RateLimit, meanMs: number): number {
  if (calls <= 0) return 0;
  return Math.max(0, calls - limit.burst) / limit.rate + meanMs / 1000;
}

export interface LowerBound {
  /** Longest chain of calls that each needed an answer from the one before. */
  chain: number;
  chainSeconds: number;
  /** The (API, region) whose rate limit binds hardest, and its bound. */
  busiest: { api: string; region: string; calls: number; limit: RateLimit; seconds: number } | null;
  seconds: number;
}

/** max(chain × mean latency, max over (API, region) of the time its calls need under its limit). */
export function lowerBound(input: { chain: number; callsPerApi: Iterable<{ service: string; operation: string; region: string; calls: number }> }, model: { rates: RateModel; latency: LatencyModel }): LowerBound {
  const chainSeconds = (input.chain * model.latency.meanMs) / 1000;
  let busiest: LowerBound['busiest'] = null;
  for (const c of input.callsPerApi) {
    const limit = model.rates.limitFor(c.service, c.operation);
    const seconds = rateBoundSeconds(c.calls, limit, model.latency.meanMs);
    if (!busiest || seconds > busiest.seconds) busiest = { api: `${c.service}:${c.operation}`, region: c.region, calls: c.calls, limit, seconds };
  }
  return { chain: input.chain, chainSeconds, busiest, seconds: Math.max(chainSeconds, busiest?.seconds ?? 0) };
}
