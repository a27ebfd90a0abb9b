// How many round trips a scan needs when the network is the only cost: calls are held until the
// scanner goes quiet, then answered together, one "round" at a time. The number of rounds is the
// scanner's own dependency depth (data it needs, and what it decides to ask after reading an
// answer), free of CPU time and jitter. The ledger's chain counts data only (a value an answer
// produced); the difference between the two is the control dependencies of the checks.
import type { Answer, CallRequest, Transport } from '../aws/transport.js';

export interface LockstepOptions {
  /** Quiet time, ms, after which the calls held are sent as one round. */
  quietMs?: number;
}

export class LockstepTransport implements Transport {
  private held: { req: CallRequest; resolve: (a: Answer) => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly quietMs: number;
  /** Rounds sent so far. */
  rounds = 0;
  /** Calls by the round (1-based) they went out in, `service:Operation` → count. */
  readonly byRound: Map<string, number>[] = [];

  constructor(
    readonly inner: Transport,
    opts: LockstepOptions = {},
  ) {
    this.quietMs = opts.quietMs ?? 40;
  }

  get kind(): Transport['kind'] {
    return this.inner.kind;
  }

  send(req: CallRequest): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.held.push({ req, resolve, reject });
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.release(), this.quietMs);
    });
  }

  private release(): void {
    const batch = this.held;
    this.held = [];
    this.rounds += 1;
    const counts = new Map<string, number>();
    this.byRound.push(counts);
    for (const { req, resolve, reject } of batch) {
      const api = `${req.service}:${req.operation}`;
      counts.set(api, (counts.get(api) ?? 0) + 1);
      this.inner.send(req).then(resolve, reject);
    }
  }
}
