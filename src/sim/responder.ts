// The simulated AWS: answers (service, region, operation, input) from a SimAccount the way the
// SDK would return it. Faults come first (denials, throttling the demo wants), then the handler
// table; an operation with no handler answers {} ("nothing there"). Lists are paged with the
// operation's own token names, so the engine's pagination is exercised.
import { createHash } from 'node:crypto';
import { canonical } from '../aws/codec.js';
import type { ErrorInfo } from '../aws/errors.js';
import { opKey, type OpSpec, type Paging } from '../aws/ops.js';
import type { CallRequest } from '../aws/transport.js';
import { SimError } from './errors.js';
import { Listing, type HandlerTable, type SimRequest } from './handlers/dsl.js';
import type { SimAccount } from './model.js';

export type SimAnswer = { output: object; error?: undefined } | { error: ErrorInfo; output?: undefined };

/** Input fields that cap a page. */
const LIMIT_FIELDS = ['MaxResults', 'maxResults', 'MaxItems', 'Limit', 'limit', 'MaxRecords', 'MaxBuckets', 'PageSize', 'MaxKeys'];

/**
 * Default page sizes where the API documents one (SageMaker lists: 10; SNS ListTopics: 100;
 * CloudWatch Logs DescribeLogGroups: 50; KMS ListKeys: 100; CloudWatch ListMetrics: 500;
 * S3 ListBuckets: 10,000); others: 100.
 */
export const DOCUMENTED_PAGE_SIZES: Readonly<Record<string, number>> = {
  'sagemaker:*': 10,
  'sns:ListTopics': 100,
  'cloudwatchlogs:DescribeLogGroups': 50,
  'cloudwatch:DescribeAlarms': 50,
  'cloudwatch:ListMetrics': 500,
  'kms:ListKeys': 100,
  'kms:ListAliases': 50,
  's3:ListBuckets': 10_000,
};

/**
 * The most a caller may ask for per page (MaxResults and the like), where more than the default
 * is allowed: SageMaker lists take up to 100. Elsewhere a limit field only makes pages smaller.
 */
export const DOCUMENTED_MAX_PAGE_SIZES: Readonly<Record<string, number>> = {
  'sagemaker:*': 100,
};

export interface ResponderOptions {
  /** The operations the registry declares: their paging tells the token names. */
  ops: readonly OpSpec[];
  /** Items per page: a number for every list (the demo uses small pages), or per operation. */
  pageSize?: number | ((service: string, operation: string) => number);
}

export interface ResponderStats {
  answered: number;
  /** Calls with no handler, answered {} — by `service:Operation`. */
  unhandled: Map<string, number>;
  /** Handler faults (a bug in the simulator, answered as InternalFailure). */
  internal: string[];
}

export function documentedPageSize(service: string, operation: string): number {
  return DOCUMENTED_PAGE_SIZES[`${service}:${operation}`] ?? DOCUMENTED_PAGE_SIZES[`${service}:*`] ?? 100;
}

export class SimulatedAws {
  readonly stats: ResponderStats = { answered: 0, unhandled: new Map(), internal: [] };
  private readonly paging = new Map<string, Paging>();

  constructor(
    readonly account: SimAccount,
    readonly handlers: HandlerTable,
    private readonly opts: ResponderOptions,
  ) {
    for (const o of opts.ops) if (o.paginate && !this.paging.has(opKey(o))) this.paging.set(opKey(o), o.paginate);
  }

  hasHandler(service: string, operation: string): boolean {
    return `${service}:${operation}` in this.handlers;
  }

  answer(req: CallRequest): SimAnswer {
    this.stats.answered += 1;
    const key = `${req.service}:${req.operation}`;
    const fault = this.account.faultFor(req.service, req.region, req.operation);
    if (fault) return { error: { name: fault.error.name, message: fault.error.message, httpStatus: fault.error.httpStatus ?? 400 } };
    const handler = this.handlers[key];
    if (!handler) {
      this.stats.unhandled.set(key, (this.stats.unhandled.get(key) ?? 0) + 1);
      return { output: {} };
    }
    const paging = this.paging.get(key);
    const input = { ...(req.input as Record<string, unknown>) };
    const token = paging ? input[paging.inputToken] : undefined;
    if (paging) delete input[paging.inputToken];
    const sreq: SimRequest = { account: this.account, service: req.service, region: req.region, operation: req.operation, input };
    try {
      const out = handler(sreq);
      if (!(out instanceof Listing)) return { output: out };
      return { output: this.page(sreq, out, paging, token) };
    } catch (err) {
      if (err instanceof SimError) return { error: err.info() };
      const msg = err instanceof Error ? err.message : String(err);
      this.stats.internal.push(`${key}: ${msg}`);
      return { error: { name: 'InternalFailure', message: `simulator fault in ${key}: ${msg}`, httpStatus: 500 } };
    }
  }

  private pageSize(req: SimRequest): number {
    const p = this.opts.pageSize;
    // A fixed size (the demo's small pages) is a ceiling; otherwise the API's default, which an
    // asked-for size may raise up to the documented maximum.
    const fixed = typeof p === 'number' ? p : p ? p(req.service, req.operation) : undefined;
    const base = fixed ?? documentedPageSize(req.service, req.operation);
    const max = fixed ?? Math.max(base, DOCUMENTED_MAX_PAGE_SIZES[`${req.service}:${req.operation}`] ?? DOCUMENTED_MAX_PAGE_SIZES[`${req.service}:*`] ?? base);
    for (const f of LIMIT_FIELDS) {
      const v = req.input[f];
      if (typeof v === 'number' && v > 0) return Math.max(1, Math.min(v, max));
    }
    return Math.max(1, base);
  }

  private page(req: SimRequest, l: Listing<any>, paging: Paging | undefined, token: unknown): object {
    if (!paging) return shape(l, l.items, false);
    const tag = pageTag(req);
    let offset = 0;
    if (token !== undefined && token !== null && token !== '') {
      const parsed = typeof token === 'string' ? parseToken(token) : undefined;
      if (!parsed || parsed.tag !== tag) throw new SimError(tokenErrorName(req.service), 'The pagination token is invalid or expired.', 400);
      offset = parsed.offset;
    }
    const size = this.pageSize(req);
    const more = offset + size < l.items.length;
    const out = shape(l, l.items.slice(offset, offset + size), more);
    if (more) out[paging.outputToken] = makeToken(tag, offset + size);
    return out;
  }
}

/** One page of a listing: its items mapped, under one key or (keyOf) several. */
function shape(l: Listing<any>, items: readonly unknown[], more: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(typeof l.extra === 'function' ? l.extra(more) : l.extra) };
  if (!l.keyOf) {
    out[l.key] = items.map(l.map);
    return out;
  }
  for (const it of items) ((out[l.keyOf(it)] ??= []) as unknown[]).push(l.map(it));
  return out;
}

/** What ties a token to its listing: the same call without its token. */
function pageTag(req: SimRequest): string {
  return createHash('sha256').update(`${req.service}|${req.region}|${req.operation}|${canonical(req.input)}`).digest('hex').slice(0, 12);
}

function makeToken(tag: string, offset: number): string {
  return Buffer.from(`${tag}.${offset}`).toString('base64url');
}

function parseToken(token: string): { tag: string; offset: number } | undefined {
  const m = /^([0-9a-f]{12})\.(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? { tag: m[1], offset: Number(m[2]) } : undefined;
}

function tokenErrorName(service: string): string {
  if (service === 'cloudwatch') return 'InvalidNextToken';
  if (service === 's3') return 'InvalidArgument';
  return service === 'sagemaker' ? 'ValidationException' : 'InvalidNextTokenException';
}
