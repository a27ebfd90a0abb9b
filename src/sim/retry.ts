// What the SDK's retry would do around a transport that has none (the simulated one): the
// installed SDK's "adaptive" mode as LiveTransport configures it, per (service, region) client —
// exponential back-off with full jitter (50 ms base, 1 s for throttling, capped at 20 s), a retry
// quota of 500 (5 per throttling retry, 14 per other retry, refunded on success), bounded
// attempts, and the client-side CUBIC rate limiter that slows a client down once it is
// throttled. Answers carry the attempt count the SDK puts in $metadata.attempts.
// Modelled on @smithy/core's StandardRetryStrategy, AdaptiveRetryStrategy and DefaultRateLimiter.
import type { ErrorInfo } from '../aws/errors.js';
import type { Answer, CallRequest, Transport } from '../aws/transport.js';
import { seededRng, type Rng } from './rng.js';
import { realSleep } from './transport.js';

export const RETRY = {
  baseDelayMs: 50,
  throttlingBaseDelayMs: 1_000,
  maxDelayMs: 20_000,
  initialCapacity: 500,
  throttlingCost: 5,
  retryCost: 14,
  noRetryIncrement: 1,
} as const;

const THROTTLING_NAMES = new Set([
  'BandwidthLimitExceeded', 'EC2ThrottledException', 'LimitExceededException', 'PriorRequestNotComplete', 'ProvisionedThroughputExceededException',
  'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ThrottledException', 'Throttling', 'ThrottlingException',
  'TooManyRequestsException', 'TransactionInProgressException',
]);
const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export type RetryErrorType = 'THROTTLING' | 'TRANSIENT' | 'OTHER';

export function retryErrorType(e: ErrorInfo): RetryErrorType {
  if (e.httpStatus === 429 || THROTTLING_NAMES.has(e.name)) return 'THROTTLING';
  if (TRANSIENT_NAMES.has(e.name) || (e.httpStatus !== undefined && TRANSIENT_STATUS.has(e.httpStatus)) || (e.code && TRANSIENT_CODES.has(e.code))) return 'TRANSIENT';
  return 'OTHER';
}

/** The SDK's client-side rate limiter (adaptive mode), with an injectable clock. */
export class AdaptiveRateLimiter {
  private readonly beta = 0.7;
  private readonly minCapacity = 1;
  private readonly minFillRate = 0.5;
  private readonly scaleConstant = 0.4;
  private readonly smooth = 0.8;
  private enabled = false;
  private availableTokens = 0;
  private lastMaxRate = 0;
  private measuredTxRate = 0;
  private requestCount = 0;
  private fillRate: number;
  private maxCapacity: number;
  private lastThrottleTime: number;
  private lastTimestamp = 0;
  private lastTxRateBucket: number;
  private timeWindow = 0;

  constructor(
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.lastThrottleTime = now();
    this.lastTxRateBucket = Math.floor(now());
    this.fillRate = this.minFillRate;
    this.maxCapacity = this.minCapacity;
  }

  get active(): boolean {
    return this.enabled;
  }

  async getSendToken(): Promise<void> {
    if (!this.enabled) return;
    this.refill();
    while (1 > this.availableTokens) {
      await this.sleep(((1 - this.availableTokens) / this.fillRate) * 1000);
      this.refill();
    }
    this.availableTokens -= 1;
  }

  private refill(): void {
    const t = this.now();
    if (!this.lastTimestamp) {
      this.lastTimestamp = t;
      return;
    }
    this.availableTokens = Math.min(this.maxCapacity, this.availableTokens + (t - this.lastTimestamp) * this.fillRate);
    this.lastTimestamp = t;
  }

  update(throttled: boolean): void {
    this.updateMeasuredRate();
    let rate: number;
    if (throttled) {
      const rateToUse = !this.enabled ? this.measuredTxRate : Math.min(this.measuredTxRate, this.fillRate);
      this.lastMaxRate = rateToUse;
      this.calculateTimeWindow();
      this.lastThrottleTime = this.now();
      rate = precise(rateToUse * this.beta);
      this.enabled = true;
    } else {
      this.calculateTimeWindow();
      rate = precise(this.scaleConstant * Math.pow(this.now() - this.lastThrottleTime - this.timeWindow, 3) + this.lastMaxRate);
    }
    const newRate = Math.min(rate, 2 * this.measuredTxRate);
    this.refill();
    this.fillRate = Math.max(newRate, this.minFillRate);
    this.maxCapacity = Math.max(newRate, this.minCapacity);
    this.availableTokens = Math.min(this.availableTokens, this.maxCapacity);
  }

  private calculateTimeWindow(): void {
    this.timeWindow = precise(Math.pow((this.lastMaxRate * (1 - this.beta)) / this.scaleConstant, 1 / 3));
  }

  private updateMeasuredRate(): void {
    const t = this.now();
    const bucket = Math.floor(t * 2) / 2;
    this.requestCount++;
    if (bucket > this.lastTxRateBucket) {
      const current = this.requestCount / (bucket - this.lastTxRateBucket);
      this.measuredTxRate = precise(current * this.smooth + this.measuredTxRate * (1 - this.smooth));
      this.requestCount = 0;
      this.lastTxRateBucket = bucket;
    }
  }
}

const precise = (n: number): number => parseFloat(n.toFixed(8));

export interface RetryOptions {
  /** Attempts per call, first included (the scan's --max-attempts). */
  maxAttempts: number;
  mode?: 'adaptive' | 'standard';
  seed?: number;
  /** Clock in ms. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RetryStats {
  calls: number;
  retries: number;
  /** Throttling answers the wrapper saw (each attempt). */
  throttlingSeen: number;
  /** Calls that still failed with throttling when the SDK would give up. */
  throttlingExhausted: number;
  /** Time spent waiting in back-off and the client-side limiter, ms. */
  waitedMs: number;
}

interface ClientState {
  capacity: number;
  limiter?: AdaptiveRateLimiter;
}

export class RetryingTransport implements Transport {
  readonly stats: RetryStats = { calls: 0, retries: 0, throttlingSeen: 0, throttlingExhausted: 0, waitedMs: 0 };
  private readonly clients = new Map<string, ClientState>();
  private readonly rng: Rng;
  private readonly clock: () => number;
  private readonly sleepFn: (ms: number) => Promise<void>;

  constructor(
    readonly inner: Transport,
    readonly opts: RetryOptions,
  ) {
    this.rng = seededRng(opts.seed ?? 7);
    this.clock = opts.clock ?? (() => performance.now());
    this.sleepFn = opts.sleep ?? realSleep;
  }

  get kind(): Transport['kind'] {
    return this.inner.kind;
  }

  private readonly sleep = async (ms: number): Promise<void> => {
    this.stats.waitedMs += ms;
    await this.sleepFn(ms);
  };

  /** One state per (service, region), like the SDK's one client per (service, region). */
  private client(req: CallRequest): ClientState {
    const key = `${req.service}|${req.region}`;
    let c = this.clients.get(key);
    if (!c) {
      c = { capacity: RETRY.initialCapacity };
      if ((this.opts.mode ?? 'adaptive') === 'adaptive') c.limiter = new AdaptiveRateLimiter(() => this.clock() / 1000, this.sleep);
      this.clients.set(key, c);
    }
    return c;
  }

  async send(req: CallRequest): Promise<Answer> {
    this.stats.calls += 1;
    const c = this.client(req);
    await c.limiter?.getSendToken();
    let retryCount = 0;
    let lastCost: number | undefined;
    for (;;) {
      const a = await this.inner.send(req);
      if (!a.error) {
        c.limiter?.update(false);
        c.capacity = Math.min(RETRY.initialCapacity, c.capacity + (lastCost ?? RETRY.noRetryIncrement));
        return { ...a, attempts: retryCount + 1 };
      }
      const type = retryErrorType(a.error);
      if (type === 'THROTTLING') this.stats.throttlingSeen += 1;
      c.limiter?.update(type === 'THROTTLING');
      const cost = type === 'THROTTLING' ? RETRY.throttlingCost : RETRY.retryCost;
      const retryable = type !== 'OTHER' && retryCount + 1 < this.opts.maxAttempts && c.capacity >= cost;
      if (!retryable) {
        if (type === 'THROTTLING') this.stats.throttlingExhausted += 1;
        return { ...a, attempts: retryCount + 1 };
      }
      const base = type === 'THROTTLING' ? RETRY.throttlingBaseDelayMs : RETRY.baseDelayMs;
      const delay = Math.floor(this.rng() * Math.min(base * 2 ** retryCount, RETRY.maxDelayMs));
      c.capacity -= cost;
      lastCost = cost;
      await this.sleep(delay);
      retryCount += 1;
      this.stats.retries += 1;
      await c.limiter?.getSendToken();
    }
  }
}
