// When each call goes out. AWS throttles per (API, region), so each has a lane with a token bucket
// at AWS's limit; a call takes a slot of the global concurrency only once its lane has a token.
// A backlog on one rate-limited API therefore never holds slots that other APIs could use, and
// calls are sent no faster than AWS answers them, so retries are the exception, not the pace.
// A throttling answer (the limit is shared with everything else in the account) halves that
// lane's rate; successes bring it back up.
import { DEFAULT_LIMIT, type LimitLookup, type RateLimit } from './limits.js';

export interface SchedulerOptions {
  /** Calls in flight across the scan. */
  concurrency: number;
  /** The limit of an (API, region); default: every API at DEFAULT_LIMIT. `false`: no pacing (a replay has no rate limit). */
  limits?: LimitLookup | false;
  /** Clock in ms and a timer, injectable for tests. */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

export interface LaneKey {
  service: string;
  operation: string;
  region: string;
}

export interface SchedulerStats {
  /** Times a lane with calls waiting had to wait for its rate (not for a free slot). */
  pacingWaits: number;
  /** Times a throttling answer slowed a lane down. */
  slowdowns: number;
  /** Most calls in flight at once. */
  peakInFlight: number;
}

/** Lowest rate a throttled lane is slowed to, requests/s. */
const MIN_RATE = 0.5;
/** Share of the nominal rate a lane regains per successful call after a slowdown. */
const RECOVERY = 0.05;
/**
 * Tokens each lane leaves in AWS's bucket. A call reaches AWS a little after we let it go, by a
 * delay that varies (event loop, network); calls let go evenly can arrive bunched, and a bucket
 * drained to zero would throttle them. This many tokens cover that much variation in delay.
 */
const RESERVE_SECONDS = 0.05;

/** A lane that never waits. */
const UNPACED: RateLimit = { rate: Number.MAX_SAFE_INTEGER, burst: Number.MAX_SAFE_INTEGER };

class Lane {
  rate: number;
  tokens: number;
  last: number;
  readonly capacity: number;
  readonly pending: (() => void)[] = [];
  head = 0;
  queued = false;
  timer = false;

  constructor(
    readonly limit: RateLimit,
    now: number,
  ) {
    this.rate = limit.rate;
    this.capacity = Math.max(1, limit.burst - Math.max(1, Math.ceil(limit.rate * RESERVE_SECONDS)));
    this.tokens = this.capacity;
    this.last = now;
  }

  get waiting(): number {
    return this.pending.length - this.head;
  }

  refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  /** ms until one token is there. */
  untilToken(): number {
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.rate) * 1000;
  }

  next(): (() => void) | undefined {
    const start = this.pending[this.head];
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
    return start;
  }
}

export class CallScheduler {
  readonly stats: SchedulerStats = { pacingWaits: 0, slowdowns: 0, peakInFlight: 0 };
  private readonly lanes = new Map<string, Lane>();
  /** Lanes with calls waiting and a token ready, in turn. */
  private readonly ready: Lane[] = [];
  private readyHead = 0;
  private inFlight = 0;
  private readonly concurrency: number;
  private readonly limits: LimitLookup | false;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;

  constructor(opts: SchedulerOptions) {
    this.concurrency = Math.max(1, opts.concurrency);
    this.limits = opts.limits === undefined ? () => DEFAULT_LIMIT : opts.limits;
    this.now = opts.now ?? (() => performance.now());
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  }

  private lane(k: LaneKey): Lane {
    const key = `${k.service}:${k.operation}|${k.region}`;
    let l = this.lanes.get(key);
    if (!l) {
      l = new Lane(this.limits ? this.limits(k.service, k.operation) : UNPACED, this.now());
      this.lanes.set(key, l);
    }
    return l;
  }

  /** Runs `fn` when its lane has a token and a slot is free; the slot is held until it settles. */
  run<T>(k: LaneKey, fn: () => Promise<T>): Promise<T> {
    const lane = this.lane(k);
    return new Promise<T>((resolve, reject) => {
      lane.pending.push(() => {
        this.inFlight += 1;
        if (this.inFlight > this.stats.peakInFlight) this.stats.peakInFlight = this.inFlight;
        let p: Promise<T>;
        try {
          p = fn();
        } catch (err) {
          p = Promise.reject(err);
        }
        p.then(resolve, reject).finally(() => {
          this.inFlight -= 1;
          this.pump();
        });
      });
      this.arm(lane);
      this.pump();
    });
  }

  /** AWS throttled a call in this lane: its real limit is lower (shared with others) right now. */
  throttled(k: LaneKey): void {
    if (!this.limits) return;
    const lane = this.lane(k);
    lane.refill(this.now());
    lane.rate = Math.max(MIN_RATE, lane.rate / 2);
    lane.tokens = Math.min(lane.tokens, 0);
    this.stats.slowdowns += 1;
  }

  /** A call in this lane succeeded: regain some of the rate a slowdown took. */
  succeeded(k: LaneKey): void {
    if (!this.limits) return;
    const lane = this.lane(k);
    if (lane.rate < lane.limit.rate) {
      lane.refill(this.now());
      lane.rate = Math.min(lane.limit.rate, lane.rate + lane.limit.rate * RECOVERY);
    }
  }

  /** Puts a lane with waiting calls in the ready queue, or sets a timer for its next token. */
  private arm(lane: Lane): void {
    if (lane.queued || lane.timer || lane.waiting === 0) return;
    lane.refill(this.now());
    const wait = lane.untilToken();
    if (wait <= 0) {
      lane.queued = true;
      this.ready.push(lane);
      return;
    }
    lane.timer = true;
    this.stats.pacingWaits += 1;
    this.setTimer(() => {
      lane.timer = false;
      this.arm(lane);
      this.pump();
    }, Math.ceil(wait));
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.readyHead < this.ready.length) {
      const lane = this.ready[this.readyHead];
      this.readyHead += 1;
      lane.queued = false;
      lane.refill(this.now());
      if (lane.tokens >= 1 && lane.waiting > 0) {
        lane.tokens -= 1;
        const start = lane.next() as () => void;
        start();
      }
      // Round-robin: the lane goes to the back if it still has work.
      this.arm(lane);
    }
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready.splice(0, this.readyHead);
      this.readyHead = 0;
    }
  }
}
