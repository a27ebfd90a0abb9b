// What-if for the engine (not used by scans): send no faster than each (API, region) allows, by
// waiting for a client-side token before the call. With it, a scheduler can run many calls at
// once without throttling; the benchmark uses it to show what such scheduling would reach.
import type { Answer, CallRequest, Transport } from '../../aws/transport.js';
import { RateModel } from '../rate.js';
import { realSleep } from '../transport.js';

export class PacedTransport implements Transport {
  private readonly next = new Map<string, number>();

  constructor(
    readonly inner: Transport,
    readonly rates: RateModel,
    /** Fraction of each limit to use (headroom for clock skew on a real network). */
    readonly share = 1,
    private readonly clock: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
  ) {}

  get kind(): Transport['kind'] {
    return this.inner.kind;
  }

  async send(req: CallRequest): Promise<Answer> {
    const key = `${req.service}:${req.operation}|${req.region}`;
    const limit = this.rates.limitFor(req.service, req.operation);
    const interval = 1000 / (limit.rate * this.share);
    const now = this.clock();
    // Start with the burst's worth of credit, then one call per interval.
    const earliest = Math.max(this.next.get(key) ?? now - (limit.burst - 1) * interval, now - (limit.burst - 1) * interval);
    this.next.set(key, earliest + interval);
    if (earliest > now) await this.sleep(earliest - now);
    return this.inner.send(req);
  }
}
