// A transport that replays a recording and injects one class of fault into the calls of chosen
// operations. It models what the scanner sees from the SDK *after* the SDK's own retries: a
// throttled-then-recovered call arrives as a success with more attempts; a call that never
// recovered arrives as the final error with every attempt used.
import { callId, callKey, decode, encode } from '../aws/codec.js';
import type { ErrorInfo } from '../aws/errors.js';
import type { OpSpec, Paging } from '../aws/ops.js';
import type { Answer, CallRequest, Transport } from '../aws/transport.js';

export type FaultClass =
  | 'throttle-recovers'
  | 'throttle-forever'
  | 'access-denied-one-op'
  | 'timeout'
  | 'connection-reset'
  | 'http-500'
  | 'http-503'
  | 'dns-failure'
  | 'region-not-enabled'
  | 'malformed-missing-fields'
  | 'malformed-wrong-types'
  | 'empty-page-with-token'
  | 'token-repeated-forever'
  | 'ten-thousand-pages'
  | 'credentials-expire-midway'
  /** Every call in one region refused by a service control policy (an aws:RequestedRegion guard). */
  | 'scp-region';

export const FAULT_CLASSES: readonly FaultClass[] = [
  'throttle-recovers',
  'throttle-forever',
  'access-denied-one-op',
  'timeout',
  'connection-reset',
  'http-500',
  'http-503',
  'dns-failure',
  'region-not-enabled',
  'malformed-missing-fields',
  'malformed-wrong-types',
  'empty-page-with-token',
  'token-repeated-forever',
  'ten-thousand-pages',
  'credentials-expire-midway',
];

const ERRORS: Partial<Record<FaultClass, ErrorInfo>> = {
  'throttle-forever': { name: 'ThrottlingException', message: 'Rate exceeded', httpStatus: 400 },
  'access-denied-one-op': { name: 'AccessDeniedException', message: 'User: arn:aws:sts::123456789012:assumed-role/scanner/ci is not authorized to perform this action', httpStatus: 403 },
  timeout: { name: 'TimeoutError', message: 'Connection timed out after 60000 ms', code: 'ETIMEDOUT' },
  'connection-reset': { name: 'Error', message: 'socket hang up', code: 'ECONNRESET' },
  'http-500': { name: 'InternalFailure', message: 'We encountered an internal error. Please try again.', httpStatus: 500 },
  'http-503': { name: 'ServiceUnavailable', message: 'Service is unavailable', httpStatus: 503 },
  // A resolver that fails: ENOTFOUND would mean "service not offered here" (a SKIPPED region).
  'dns-failure': { name: 'Error', message: 'getaddrinfo EAI_AGAIN service.region.amazonaws.com', code: 'EAI_AGAIN' },
  'region-not-enabled': { name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.', httpStatus: 400 },
  'scp-region': { name: 'AccessDeniedException', message: 'User: arn:aws:sts::123456789012:assumed-role/scanner/ci is not authorized to perform this action with an explicit deny in a service control policy', httpStatus: 403 },
  'credentials-expire-midway': { name: 'ExpiredTokenException', message: 'The security token included in the request is expired', httpStatus: 400 },
};

export interface FaultPlan {
  fault: FaultClass;
  /** `service:Operation` keys the fault applies to. */
  ops: Set<string>;
  /** For region-not-enabled: the region that is off (never the home region). */
  region?: string;
  /** For credentials-expire-midway: calls answered normally before every call fails. */
  expireAfter?: number;
  /** Paging of the targeted ops, for the pagination faults. */
  paging: Map<string, Paging>;
  maxAttempts: number;
}

export class FaultTransport implements Transport {
  readonly kind = 'replay' as const;
  /** IDs of calls whose answer the fault changed. */
  readonly tainted = new Set<string>();
  /** The subset answered with an error, with the `service:Operation` of each. */
  readonly taintedErrors = new Map<string, string>();
  private served = 0;

  constructor(
    private readonly inner: Transport,
    private readonly plan: FaultPlan,
  ) {}

  private hits(req: CallRequest): boolean {
    if (this.plan.fault === 'credentials-expire-midway') return true;
    if (this.plan.fault === 'scp-region') return req.region === this.plan.region;
    if (!this.plan.ops.has(`${req.service}:${req.operation}`)) return false;
    return this.plan.fault !== 'region-not-enabled' || req.region === this.plan.region;
  }

  async send(req: CallRequest): Promise<Answer> {
    const id = callId(callKey(req.service, req.region, req.operation, req.input));
    if (!this.hits(req)) return this.inner.send(req);
    const f = this.plan.fault;
    if (f === 'credentials-expire-midway') {
      this.served += 1;
      if (this.served <= (this.plan.expireAfter ?? 0)) return this.inner.send(req);
    }
    const paging = this.plan.paging.get(`${req.service}:${req.operation}`);
    const taint = (a: Answer): Answer => {
      this.tainted.add(id);
      if (a.error) this.taintedErrors.set(id, `${req.service}:${req.operation}`);
      return a;
    };
    if (f === 'throttle-recovers') {
      const a = await this.inner.send(req);
      return { ...a, attempts: Math.max(a.attempts, this.plan.maxAttempts - 1) };
    }
    const err = ERRORS[f];
    if (err) return taint({ error: { ...err }, attempts: f === 'access-denied-one-op' || f === 'region-not-enabled' || f === 'credentials-expire-midway' || f === 'scp-region' ? 1 : this.plan.maxAttempts });
    if (f === 'malformed-missing-fields') {
      // Lists keep their length but every item loses its fields; scalars vanish. (A missing
      // top-level list is how the SDK shows an empty one, so that is not a malformation.)
      const a = await this.inner.send(req);
      if (a.error || !a.output || typeof a.output !== 'object') return a;
      const kept: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(a.output as Record<string, unknown>)) {
        if (paging && k === paging.outputToken) kept[k] = v;
        else if (Array.isArray(v)) kept[k] = v.map(() => ({}));
      }
      return taint({ output: kept, attempts: a.attempts });
    }
    if (f === 'malformed-wrong-types') {
      const a = await this.inner.send(req);
      if (a.error || !a.output || typeof a.output !== 'object') return a;
      return taint({ output: mangle(a.output as Record<string, unknown>, paging), attempts: a.attempts });
    }
    if (!paging) return this.inner.send(req);
    const token = (req.input as Record<string, unknown>)[paging.inputToken];
    if (f === 'empty-page-with-token') {
      // The first page comes back empty but for a token; the token leads to the real first page.
      if (token === undefined) return taint({ output: { [paging.outputToken]: 'aims-fault-empty' }, attempts: 1 });
      if (token === 'aims-fault-empty') {
        const rest = { ...(req.input as Record<string, unknown>) };
        delete rest[paging.inputToken];
        return this.inner.send({ ...req, input: rest });
      }
      return this.inner.send(req);
    }
    if (f === 'token-repeated-forever') return taint({ output: { [paging.outputToken]: 'aims-fault-same-token' }, attempts: 1 });
    if (f === 'ten-thousand-pages') {
      const n = typeof token === 'string' && token.startsWith('aims-fault-page-') ? Number(token.slice(16)) : 0;
      return taint({ output: n < 10_000 ? { [paging.outputToken]: `aims-fault-page-${n + 1}` } : {}, attempts: 1 });
    }
    return this.inner.send(req);
  }
}

/** Every list becomes a string and every nested object a number; the pagination token stays. */
function mangle(out: Record<string, unknown>, paging: Paging | undefined): unknown {
  const o = decode(out) as Record<string, unknown>;
  const res: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (paging && k === paging.outputToken) res[k] = v;
    else if (Array.isArray(v)) res[k] = 'aims-fault-not-a-list';
    else if (v && typeof v === 'object' && !(v instanceof Date)) res[k] = 42;
    else if (typeof v === 'boolean') res[k] = 'true';
    else if (typeof v === 'string') res[k] = 7;
    else res[k] = v;
  }
  return encode(res);
}

export function opKeys(ops: readonly OpSpec[]): Set<string> {
  return new Set(ops.map((o) => `${o.service}:${o.operation}`));
}
