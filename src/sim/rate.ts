// The simulated AWS's time model: a latency per call (mean with jitter) and a token bucket per
// (API, region) the way AWS throttles control-plane APIs. The same model gives the lower bound a
// scan could reach: no scheduler can beat the longest chain of dependent calls, nor the rate
// limit of its busiest API.
import { DEFAULT_LIMIT, DOCUMENTED_LIMITS, type RateLimit } from '../aws/limits.js';
import { canonical } from '../aws/codec.js';
import { seededRng, type Rng } from './rng.js';

export { DEFAULT_LIMIT, DOCUMENTED_LIMITS, type RateLimit } from '../aws/limits.js';

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
 * The latency of one call, drawn from the model by a hash of the call itself: the same call takes
 * the same time whenever a scheduler sends it, so schedulers are compared on the same draws, and
 * the lower bound can be computed from the latencies the scan actually met.
 */
export function callLatencyMs(m: LatencyModel, seed: number, req: { service: string; region: string; operation: string; input: object }): number {
  return sampleLatency(m, seededRng(fnv1a(`${seed}|${req.service}|${req.region}|${req.operation}|${canonical(req.input)}`)));
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
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
  /**
   * The time that chain needs: the longest path through the calls' dependencies, each call taking
   * the latency the simulation drew for it (with jitter, the longest of many paths is longer than
   * chain × mean). Without drawn latencies: chain × mean latency.
   */
  chainSeconds: number;
  /** chain × mean latency, for comparison. */
  chainMeanSeconds: number;
  /** The (API, region) whose rate limit binds hardest, and its bound. */
  busiest: { api: string; region: string; calls: number; limit: RateLimit; seconds: number } | null;
  seconds: number;
}

/** max(time of the longest dependency chain, max over (API, region) of the time its calls need under its limit). */
export function lowerBound(input: { chain: number; criticalPathMs?: number; callsPerApi: Iterable<{ service: string; operation: string; region: string; calls: number }> }, model: { rates: RateModel; latency: LatencyModel }): LowerBound {
  const chainMeanSeconds = (input.chain * model.latency.meanMs) / 1000;
  const chainSeconds = input.criticalPathMs !== undefined ? input.criticalPathMs / 1000 : chainMeanSeconds;
  let busiest: LowerBound['busiest'] = null;
  for (const c of input.callsPerApi) {
    const limit = model.rates.limitFor(c.service, c.operation);
    const seconds = rateBoundSeconds(c.calls, limit, model.latency.meanMs);
    if (!busiest || seconds > busiest.seconds) busiest = { api: `${c.service}:${c.operation}`, region: c.region, calls: c.calls, limit, seconds };
  }
  return { chain: input.chain, chainSeconds, chainMeanSeconds, busiest, seconds: Math.max(chainSeconds, busiest?.seconds ?? 0) };
}
