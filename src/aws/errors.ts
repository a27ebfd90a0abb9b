// Error classification, probes.md §5.2. Classify by `err.name` (+ message) and Node's `err.code`:
// several "not enabled" answers are unmodeled, so `instanceof` cannot be trusted.
import type { AbsentSignal } from './ops.js';

export type ErrorKind =
  | 'unavailable' // service not offered in the region → region SKIPPED
  | 'region-disabled' // opt-in region not enabled → region SKIPPED
  | 'credentials' // bad or expired credentials
  | 'scp' // denied by a service control policy
  | 'denied' // IAM permission missing
  | 'throttled' // still throttled after the SDK's retries
  | 'network' // timeouts, resets, DNS failure without a region signal
  | 'pagination' // a repeated token or the page cap
  | 'replay-missing' // replaying a recording that has no answer for this call
  | 'interrupted' // the scan was stopped (SIGINT) before this call was made
  | 'unexpected';

/** What a recorded error keeps of the SDK's exception. Never the request, never credentials. */
export interface ErrorInfo {
  name: string;
  message: string;
  code?: string;
  httpStatus?: number;
}

export function errorInfo(err: unknown): ErrorInfo {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; message?: unknown; code?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: unknown } };
    const info: ErrorInfo = {
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: typeof e.message === 'string' ? e.message.slice(0, 2000) : String(err),
    };
    const code = typeof e.code === 'string' ? e.code : typeof e.Code === 'string' ? e.Code : undefined;
    if (code) info.code = code;
    if (typeof e.$metadata?.httpStatusCode === 'number') info.httpStatus = e.$metadata.httpStatusCode;
    return info;
  }
  return { name: 'Error', message: String(err) };
}

// ENOTFOUND: AWS publishes no DNS name for a service a region does not offer (probes.md §6.3).
// EAI_AGAIN is a resolver that could not answer right now: a network failure, not an answer.
const UNAVAILABLE_CODES = new Set(['ENOTFOUND']);
const REGION_DISABLED = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure']);
const CREDENTIALS = new Set(['ExpiredToken', 'ExpiredTokenException', 'SignatureDoesNotMatch', 'CredentialsProviderError', 'IncompleteSignature', 'MissingAuthenticationToken']);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationErrorException', 'AuthorizationError', 'UnauthorizedException', 'Forbidden']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'ProvisionedThroughputExceededException', 'RequestThrottled', 'RequestThrottledException', 'LimitExceededException']);

/** AWS asked the caller to slow down. */
export function isThrottling(info: ErrorInfo): boolean {
  return THROTTLED.has(info.name) || info.httpStatus === 429;
}
const NETWORK_CODES = new Set(['EAI_AGAIN', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

export interface Classified {
  kind: ErrorKind;
  reason: string;
}

/**
 * Turns an SDK error into a kind and a one-line reason a person can act on.
 * `homeRegion`: a token rejected there means bad credentials; elsewhere, a disabled region.
 */
export function classify(info: ErrorInfo, ctx: { action: string; region: string; homeRegion: string; attempts?: number }): Classified {
  const msg = info.message ?? '';
  if (info.name === 'AbortError' || info.name === 'ScanInterrupted') return { kind: 'interrupted', reason: `scan interrupted during ${ctx.action} in ${ctx.region}` };
  if ((info.code && UNAVAILABLE_CODES.has(info.code)) || info.name === 'UnknownOperationException') {
    return { kind: 'unavailable', reason: `service not available in ${ctx.region} (${info.code ?? info.name})` };
  }
  if (REGION_DISABLED.has(info.name) || /security token included in the request is invalid/i.test(msg)) {
    if (ctx.region !== ctx.homeRegion) return { kind: 'region-disabled', reason: `region ${ctx.region} is not enabled for this account or rejects these credentials (${info.name})` };
    return { kind: 'credentials', reason: `credentials rejected (${info.name}): ${msg}` };
  }
  if (CREDENTIALS.has(info.name) || /expired/i.test(info.name)) {
    return { kind: 'credentials', reason: `credentials rejected or expired (${info.name}); refresh them and scan again` };
  }
  if (/service control policy/i.test(msg)) {
    return { kind: 'scp', reason: `${ctx.action} denied by a service control policy in ${ctx.region}` };
  }
  if (DENIED.has(info.name) || info.httpStatus === 403) {
    return { kind: 'denied', reason: `access denied: the scan role lacks ${ctx.action} in ${ctx.region}` };
  }
  if (isThrottling(info)) {
    // The attempt count stays in calls.jsonl: a verdict's words must not change with --max-attempts.
    return { kind: 'throttled', reason: `${ctx.action} still throttled after retries in ${ctx.region} (${info.name})` };
  }
  if ((info.code && NETWORK_CODES.has(info.code)) || NETWORK_NAMES.has(info.name)) {
    return { kind: 'network', reason: `network failure calling ${ctx.action} in ${ctx.region} (${info.code ?? info.name})` };
  }
  return { kind: 'unexpected', reason: `${ctx.action} failed in ${ctx.region}: ${info.name}${msg ? `: ${firstLine(msg)}` : ''}` };
}

export function matchesAbsent(info: ErrorInfo, signals: readonly AbsentSignal[] | undefined): boolean {
  if (!signals) return false;
  return signals.some((s) => s.name === info.name && (!s.message || s.message.test(info.message ?? '')));
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 300);
}

/** Thrown by the access layer for a call that did not answer with data. */
export class AwsCallError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly reason: string,
    readonly info: ErrorInfo,
    readonly callIdRef?: string,
    /** The call that failed: its IAM action and the region it was sent to. */
    readonly where?: { action: string; region: string },
  ) {
    super(reason);
    this.name = 'AwsCallError';
  }
}

/** A declared "not enabled / not configured" answer, handed to the probe as data. */
export class Absent {
  readonly absent = true;
  constructor(
    readonly name: string,
    readonly message: string,
  ) {}
}

export function isAbsent(v: unknown): v is Absent {
  return v instanceof Absent;
}
