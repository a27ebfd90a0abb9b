// What a scan actually did, measured at the transport: every logical call (retries folded in),
// its dependency depth, duplicates, and calls per (API, region). Depth follows the data: a call
// whose input carries a value that an earlier answer produced (a name, an ARN, a page token, an
// enabled region) is one deeper than that answer. Lists with no such input are depth 1, a
// describe of a listed resource depth 2, and every further page one deeper than the page before.
// Given each call's latency, the same dependencies give the critical path: the earliest a call's
// answer could arrive is the latest arrival among the answers it needed, plus its own latency.
import { canonical } from '../aws/codec.js';
import { isThrottling } from '../aws/errors.js';
import type { Answer, CallRequest, Transport } from '../aws/transport.js';

/** Input fields that only size a page: calls differing in these alone ask for the same data. */
const PAGE_SIZE_FIELDS = new Set(['MaxResults', 'maxResults', 'MaxItems', 'Limit', 'limit', 'MaxRecords', 'MaxBuckets', 'PageSize', 'MaxKeys']);

export interface LedgerStats {
  calls: number;
  distinct: number;
  duplicates: number;
  maxDepth: number;
  /** Longest dependency path weighted by each call's latency, ms (when latencies are known). */
  criticalPathMs?: number;
  /** Attempts beyond the first, as the answers report them. */
  retries: number;
  /** Calls whose final answer was a throttling error. */
  throttledAnswers: number;
  errors: number;
  perApi: { service: string; operation: string; region: string; calls: number }[];
}

export interface LedgerOptions {
  /** Strings that can carry a dependency (resource names, ARNs, ids): answers register only these. */
  isIdentifier: (s: string) => boolean;
  /** The home region: calls there do not wait for the region list. */
  homeRegion: string;
  /** Keep every call's depth and timing (tests, diagnosis); off for large runs. */
  trace?: boolean;
  /** The latency the simulation gives a call, ms: enables the critical path. */
  latencyOf?: (req: CallRequest) => number;
}

export interface TracedCall {
  api: string;
  region: string;
  depth: number;
  /** When the answers this call needed had all arrived, ms since the ledger was made. */
  ready: number;
  /** Earliest its answer could arrive under any scheduler (critical path), ms. */
  ideal: number;
  /** ms since the ledger was made. */
  start: number;
  end: number;
  input: unknown;
}

export class LedgerTransport implements Transport {
  private readonly produced = new Map<string, number>();
  /** Per produced value: earliest ideal arrival, and when it really arrived (ms since t0). */
  private readonly producedIdeal = new Map<string, number>();
  private readonly producedAt = new Map<string, number>();
  private criticalPathMs = 0;
  private readonly seen = new Set<string>();
  private readonly perApi = new Map<string, number>();
  private calls = 0;
  private duplicates = 0;
  private maxDepth = 0;
  private retries = 0;
  private throttledAnswers = 0;
  private errors = 0;
  private readonly t0 = performance.now();
  readonly trace: TracedCall[] = [];

  constructor(
    readonly inner: Transport,
    private readonly opts: LedgerOptions,
  ) {}

  get kind(): Transport['kind'] {
    return this.inner.kind;
  }

  async send(req: CallRequest): Promise<Answer> {
    this.calls += 1;
    const norm = `${req.service}|${req.region}|${req.operation}|${canonical(withoutPageSize(req.input))}`;
    if (this.seen.has(norm)) this.duplicates += 1;
    else this.seen.add(norm);
    const api = `${req.service}:${req.operation}|${req.region}`;
    this.perApi.set(api, (this.perApi.get(api) ?? 0) + 1);

    let depth = 1;
    let idealStart = 0;
    let ready = 0;
    const dep = (s: string) => {
      const d = this.produced.get(s);
      if (d !== undefined && d + 1 > depth) depth = d + 1;
      const i = this.producedIdeal.get(s);
      if (i !== undefined && i > idealStart) idealStart = i;
      const at = this.producedAt.get(s);
      if (at !== undefined && at > ready) ready = at;
    };
    walkStrings(req.input, dep);
    if (req.region !== this.opts.homeRegion) dep(req.region);
    if (depth > this.maxDepth) this.maxDepth = depth;
    const ideal = idealStart + (this.opts.latencyOf?.(req) ?? 0);
    if (ideal > this.criticalPathMs) this.criticalPathMs = ideal;

    const start = performance.now() - this.t0;
    const a = await this.inner.send(req);
    const end = performance.now() - this.t0;
    if (this.opts.trace) this.trace.push({ api: `${req.service}:${req.operation}`, region: req.region, depth, ready, ideal, start, end, input: req.input });
    this.retries += Math.max(0, a.attempts - 1);
    if (a.error) {
      this.errors += 1;
      if (isThrottling(a.error)) this.throttledAnswers += 1;
    } else {
      this.register(a.output, depth, ideal, end);
    }
    return a;
  }

  private register(output: unknown, depth: number, ideal: number, at: number): void {
    const add = (s: string) => {
      const d = this.produced.get(s);
      if (d === undefined || depth < d) this.produced.set(s, depth);
      const i = this.producedIdeal.get(s);
      if (i === undefined || ideal < i) this.producedIdeal.set(s, ideal);
      if (this.opts.trace && !this.producedAt.has(s)) this.producedAt.set(s, at);
    };
    walkStrings(output, (s, key) => {
      if (key && /token$/i.test(key)) return add(s);
      if (this.opts.isIdentifier(s)) add(s);
      // Names inside ARNs and s3:// URIs are what a follow-up call passes.
      if (s.includes('/') || s.includes(':')) for (const part of s.split(/[/:]/)) if (part.length > 2 && this.opts.isIdentifier(part)) add(part);
    });
  }

  result(): LedgerStats {
    const perApi = [...this.perApi].map(([k, calls]) => {
      const [api, region] = k.split('|');
      const [service, operation] = api.split(':');
      return { service, operation, region, calls };
    });
    perApi.sort((a, b) => b.calls - a.calls || `${a.service}:${a.operation}|${a.region}`.localeCompare(`${b.service}:${b.operation}|${b.region}`));
    return { calls: this.calls, distinct: this.seen.size, duplicates: this.duplicates, maxDepth: this.maxDepth, ...(this.opts.latencyOf ? { criticalPathMs: this.criticalPathMs } : {}), retries: this.retries, throttledAnswers: this.throttledAnswers, errors: this.errors, perApi };
  }
}

function withoutPageSize(input: object): object {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!PAGE_SIZE_FIELDS.has(k)) out[k] = v;
  return out;
}

/** Calls `fn` on every string in a JSON-ish value (encoded dates are skipped). */
function walkStrings(v: unknown, fn: (s: string, key?: string) => void, key?: string): void {
  if (typeof v === 'string') return fn(v, key);
  if (!v || typeof v !== 'object' || v instanceof Date) return;
  if (Array.isArray(v)) {
    for (const x of v) walkStrings(x, fn, key);
    return;
  }
  for (const [k, x] of Object.entries(v)) if (k !== '$date' && k !== '$bytes') walkStrings(x, fn, k);
}
