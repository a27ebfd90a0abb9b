// The access layer: calls paced per (API, region) to AWS's limits under one global concurrency
// (scheduler.ts), one call per distinct (service, region, operation, input), exhaustive pagination
// with loop guards, and a record of every call. Probes reach AWS only through this.
import { callId, callKey, decode, encode } from './codec.js';
import { redactSecrets } from './redact.js';
import { Absent, AwsCallError, classify, isThrottling, matchesAbsent, type ErrorInfo, type ErrorKind } from './errors.js';
import type { OpSpec, Paging } from './ops.js';
import type { CallRecord } from './recording.js';
import { limitsFrom, type LimitLookup } from './limits.js';
import { CallScheduler } from './scheduler.js';
import { regionFor, type Partition } from './services.js';
import type { Answer, Transport } from './transport.js';

export interface AccessOptions {
  transport: Transport;
  /** Calls in flight across the whole scan. */
  concurrency: number;
  /** Request-rate limit per (API, region) to pace to; default: AWS's documented limits (limits.ts); `false`: none. */
  limits?: LimitLookup | false;
  homeRegion: string;
  partition: Partition;
  /** Pages one listing may take before it is an ERROR rather than a silently cut list. */
  pageCap: number;
  /** Told of each finished call (progress display, metrics). */
  onCall?: (rec: CallRecord) => void;
  /** When aborted (SIGINT), calls not yet sent fail as 'interrupted' instead of going out. */
  signal?: AbortSignal;
}

export interface AccessStats {
  calls: number;
  deduplicated: number;
  retries: number;
  throttled: number;
  errors: number;
}

interface Settled {
  id: string;
  answer: Answer;
}

export class AwsAccess {
  readonly records = new Map<string, CallRecord>();
  readonly stats: AccessStats = { calls: 0, deduplicated: 0, retries: 0, throttled: 0, errors: 0 };
  private readonly results = new Map<string, Promise<Settled>>();
  readonly scheduler: CallScheduler;
  /** Regions DescribeRegions says are enabled: a "region not enabled" answer from one of them is not believed. */
  enabledRegions?: Set<string>;

  constructor(readonly opts: AccessOptions) {
    this.scheduler = new CallScheduler({ concurrency: opts.concurrency, limits: opts.limits ?? limitsFrom() });
  }

  get homeRegion(): string {
    return this.opts.homeRegion;
  }

  get partition(): Partition {
    return this.opts.partition;
  }

  /** The region an op is sent to: a pinned one for global services, else `region`. */
  regionOf(op: OpSpec, region: string): string {
    return regionFor(op.service, op.scope, this.opts.partition, this.opts.homeRegion, region);
  }

  private settle(op: OpSpec, region: string, input: object): Promise<Settled> {
    const key = callKey(op.service, region, op.operation, input);
    const existing = this.results.get(key);
    if (existing) {
      this.stats.deduplicated += 1;
      return existing;
    }
    const id = callId(key);
    const lane = { service: op.service, operation: op.operation, region };
    const p = this.scheduler.run(lane, async (): Promise<Settled> => {
      const startedAt = new Date();
      const t0 = performance.now();
      let answer: Answer;
      try {
        if (this.opts.signal?.aborted) throw new AwsCallError('interrupted', 'scan interrupted before this call was made', { name: 'ScanInterrupted', message: 'scan interrupted' });
        answer = await this.opts.transport.send({ service: op.service, region, operation: op.operation, input });
        if (answer.output !== undefined) answer = { ...answer, output: redactSecrets(answer.output) };
      } catch (err) {
        const info: ErrorInfo =
          err instanceof AwsCallError ? err.info : { name: 'Error', message: err instanceof Error ? err.message : String(err) };
        answer = { error: info, attempts: 1 };
        if (err instanceof AwsCallError) (answer as Answer & { kind?: string }).kind = err.kind;
      }
      const rec: CallRecord = {
        type: 'call',
        id,
        service: op.service,
        region,
        operation: op.operation,
        action: op.action,
        input: encode(input),
        startedAt: startedAt.toISOString(),
        durationMs: Math.round(performance.now() - t0),
        attempts: answer.attempts,
        outcome: answer.error ? 'error' : 'ok',
        ...(answer.error ? { error: answer.error } : { response: answer.output ?? {} }),
      };
      this.stats.calls += 1;
      this.stats.retries += Math.max(0, answer.attempts - 1);
      if (answer.error) this.stats.errors += 1;
      this.records.set(id, rec);
      // Retries (or a final throttling answer) mean AWS wants this lane slower than we sent it.
      if (answer.attempts > 1 || (answer.error && isThrottling(answer.error))) this.scheduler.throttled(lane);
      else this.scheduler.succeeded(lane);
      this.opts.onCall?.(rec);
      return { id, answer };
    });
    this.results.set(key, p);
    return p;
  }

  /** How each failed call was classified, by call ID: the runner reads it to tell a region that was never reachable. */
  readonly errorKinds = new Map<string, ErrorKind>();

  private fail(op: OpSpec, region: string, s: Settled): never {
    const err = this.failure(op, region, s);
    this.errorKinds.set(s.id, err.kind);
    throw err;
  }

  private failure(op: OpSpec, region: string, s: Settled): AwsCallError {
    const info = s.answer.error as ErrorInfo;
    const where = { action: op.action, region };
    const forced = (s.answer as Answer & { kind?: string }).kind;
    if (forced === 'replay-missing') return new AwsCallError('replay-missing', `no recorded answer for ${op.action} in ${region}`, info, s.id, where);
    if (forced === 'interrupted') return new AwsCallError('interrupted', `scan interrupted before ${op.action} in ${region}`, info, s.id, where);
    let c = classify(info, { action: op.action, region, homeRegion: this.opts.homeRegion, attempts: s.answer.attempts });
    if (c.kind === 'throttled') this.stats.throttled += 1;
    // probes.md §5.2 says to confirm a disabled region with DescribeRegions: if the account says
    // the region is enabled, the rejection means we could not evaluate it, not that it is off.
    if (c.kind === 'region-disabled' && this.enabledRegions?.has(region)) {
      c = { kind: 'credentials', reason: `${op.action} in ${region}: the region is enabled for the account but rejected these credentials (${info.name}); tokens from the global STS endpoint are refused in opt-in regions — use regional STS credentials` };
    }
    return new AwsCallError(c.kind, c.reason, info, s.id, where);
  }

  /** One call. Resolves to the answer (a private copy), or throws AwsCallError. */
  async call<I extends object, O extends object>(op: OpSpec<I, O>, region: string, input: I, touched?: Set<string>): Promise<O> {
    const r = this.regionOf(op, region);
    const s = await this.settle(op, r, input);
    touched?.add(s.id);
    if (s.answer.error) this.fail(op, r, s);
    return decode(s.answer.output ?? {}) as O;
  }

  /** Like `call`, but a declared not-enabled/not-configured answer comes back as `Absent`. */
  async callOrAbsent<I extends object, O extends object>(op: OpSpec<I, O>, region: string, input: I, touched?: Set<string>): Promise<O | Absent> {
    const r = this.regionOf(op, region);
    const s = await this.settle(op, r, input);
    touched?.add(s.id);
    if (s.answer.error) {
      if (matchesAbsent(s.answer.error, op.absent)) return new Absent(s.answer.error.name, s.answer.error.message);
      this.fail(op, r, s);
    }
    return decode(s.answer.output ?? {}) as O;
  }

  /** Every page of a paginated call, in order. A repeated token or the page cap is an ERROR. */
  async pages<I extends object, O extends object>(op: OpSpec<I, O>, region: string, input: I, touched?: Set<string>): Promise<O[]> {
    const r = await this.pagesPartial(op, region, input, touched);
    if (r.error) throw r.error;
    return r.pages;
  }

  /**
   * The pages read, in order, and the failure that stopped the listing, if any: a list cut by a
   * denied or throttled page keeps what it read (the caller marks it incomplete).
   */
  async pagesPartial<I extends object, O extends object>(op: OpSpec<I, O>, region: string, input: I, touched?: Set<string>, pageCap = this.opts.pageCap): Promise<{ pages: O[]; error?: AwsCallError }> {
    const paging = op.paginate;
    const out: O[] = [];
    const seen = new Set<string>();
    const r = this.regionOf(op, region);
    const where = { action: op.action, region: r };
    let token: string | undefined;
    try {
      for (;;) {
        if (paging && out.length >= pageCap) {
          throw new AwsCallError('pagination', `${op.action} in ${r} returned more than ${pageCap} pages; list not evaluated rather than truncated`, { name: 'PageCapReached', message: `page cap ${pageCap}` }, undefined, where);
        }
        const pageInput = (token === undefined ? { ...input } : { ...input, [(paging as Paging).inputToken]: token }) as I;
        const page = await this.call(op, region, pageInput, touched);
        out.push(page);
        if (!paging) return { pages: out };
        const next = (page as Record<string, unknown>)[paging.outputToken];
        if (next === undefined || next === null || next === '') return { pages: out };
        if (typeof next !== 'string') {
          throw new AwsCallError('unexpected', `${op.action} in ${r} returned a pagination token that is not a string`, { name: 'MalformedAnswer', message: 'bad token type' }, undefined, where);
        }
        if (seen.has(next)) {
          throw new AwsCallError('pagination', `${op.action} in ${r} repeated pagination token; stopped instead of looping`, { name: 'RepeatedToken', message: 'repeated pagination token' }, undefined, where);
        }
        seen.add(next);
        token = next;
      }
    } catch (err) {
      if (err instanceof AwsCallError) return { pages: out, error: err };
      throw err;
    }
  }

  /**
   * Every item under `key` across all pages. A page without the key counts as empty (that is how
   * the SDK shows an empty list); a non-array, or an item lacking a `require`d field, is an ERROR.
   */
  async all<I extends object, O extends object, K extends keyof O>(op: OpSpec<I, O>, region: string, input: I, key: K, touched?: Set<string>, require: readonly string[] = []): Promise<NonNullable<O[K]>> {
    const pages = await this.pages(op, region, input, touched);
    return this.itemsOf(op, region, pages, key, require) as NonNullable<O[K]>;
  }

  /** The items under `key` across pages; a non-array, or an item lacking a `require`d field, is a malformed answer. */
  itemsOf<O extends object, K extends keyof O>(op: OpSpec<object, O>, region: string, pages: O[], key: K, require: readonly string[] = []): unknown[] {
    const items: unknown[] = [];
    const r = this.regionOf(op, region);
    const where = { action: op.action, region: r };
    for (const p of pages) {
      const v = (p as Record<string, unknown>)[key as string];
      if (v === undefined || v === null) continue;
      if (!Array.isArray(v)) {
        throw new AwsCallError('unexpected', `${op.action} in ${r} answered with "${String(key)}" that is not a list; cannot evaluate`, { name: 'MalformedAnswer', message: `${String(key)} is not an array` }, undefined, where);
      }
      for (const item of v) {
        const missing = require.find((f) => item === null || typeof item !== 'object' || (item as Record<string, unknown>)[f] === undefined || (item as Record<string, unknown>)[f] === null);
        if (missing) throw new AwsCallError('unexpected', `${op.action} in ${r} answered with an item without ${missing}; cannot evaluate a malformed answer`, { name: 'MalformedAnswer', message: `item without ${missing}` }, undefined, where);
      }
      items.push(...v);
    }
    return items;
  }

  recordedCalls(): CallRecord[] {
    return [...this.records.values()];
  }
}
