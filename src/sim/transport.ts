// The Transport the engine talks to when AWS is simulated: each call waits a sampled latency and
// passes a per-(API, region) token bucket; a caller faster than the limit gets the throttling
// error AWS would send. One attempt per send: the SDK's retries are emulated by RetryingTransport.
import { encode } from '../aws/codec.js';
import type { Answer, CallRequest, Transport } from '../aws/transport.js';
import { throttlingError } from './errors.js';
import { callLatencyMs, DEFAULT_LATENCY, RateModel, TokenBucket, type LatencyModel } from './rate.js';
import type { SimulatedAws } from './responder.js';

export interface SimTransportOptions {
  /** Answer latency; `false` answers at once (the demo generator). */
  latency?: LatencyModel | false;
  /** Rate limits; `false` never throttles. */
  rates?: RateModel | false;
  seed?: number;
  /** Clock in ms (tests use a virtual one). */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SimTransportStats {
  /** Attempts that reached the simulated AWS. */
  requests: number;
  /** Attempts answered with a throttling error by the rate model. */
  throttled: number;
  throttledByApi: Map<string, number>;
}

export const realSleep = (ms: number): Promise<void> => (ms <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, ms)));

export class SimulatedTransport implements Transport {
  readonly kind = 'simulated' as const;
  readonly stats: SimTransportStats = { requests: 0, throttled: 0, throttledByApi: new Map() };
  readonly latency: LatencyModel | false;
  readonly rates: RateModel | false;
  private readonly buckets = new Map<string, TokenBucket>();
  readonly seed: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    readonly aws: SimulatedAws,
    opts: SimTransportOptions = {},
  ) {
    this.latency = opts.latency === undefined ? DEFAULT_LATENCY : opts.latency;
    this.rates = opts.rates === undefined ? new RateModel() : opts.rates;
    this.seed = opts.seed ?? 42;
    this.clock = opts.clock ?? (() => performance.now());
    this.sleep = opts.sleep ?? realSleep;
  }

  private bucket(req: CallRequest): TokenBucket | undefined {
    if (!this.rates) return undefined;
    const key = `${req.service}:${req.operation}|${req.region}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(this.rates.limitFor(req.service, req.operation));
      this.buckets.set(key, b);
    }
    return b;
  }

  /** What this call takes to answer: the same every time it is sent (see callLatencyMs). */
  latencyOf(req: CallRequest): number {
    return this.latency ? callLatencyMs(this.latency, this.seed, req) : 0;
  }

  async send(req: CallRequest): Promise<Answer> {
    this.stats.requests += 1;
    const admitted = this.bucket(req)?.take(this.clock() / 1000) ?? true;
    if (this.latency) await this.sleep(this.latencyOf(req));
    if (!admitted) {
      this.stats.throttled += 1;
      const api = `${req.service}:${req.operation}`;
      this.stats.throttledByApi.set(api, (this.stats.throttledByApi.get(api) ?? 0) + 1);
      return { error: throttlingError(req.operation), attempts: 1 };
    }
    const a = this.aws.answer(req);
    return a.error ? { error: a.error, attempts: 1 } : { output: encode(a.output), attempts: 1 };
  }
}
