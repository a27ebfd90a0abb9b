// A declared AWS API call. Probes list these; the same list drives the calls the engine allows,
// the least-privilege IAM policy and the docs. The type parameters tie a declaration to the
// SDK's own input/output shapes (imported with `import type`, so no client loads at start-up).
import { SERVICES, type ServiceId } from './services.js';

/** An error answer that means "not enabled / not configured" for this operation: data, not an error. */
export interface AbsentSignal {
  /** `err.name` as the SDK surfaces it (probes.md §5.1). */
  name: string;
  /** Optional message test; both must match. */
  message?: RegExp;
}

export interface Paging {
  inputToken: string;
  outputToken: string;
}

export interface OpSpec<I extends object = object, O extends object = object> {
  service: ServiceId;
  /** SDK command name without the `Command` suffix. */
  operation: string;
  /** IAM action the call needs. */
  action: string;
  /** `global`: called once, in the service's pinned region or the scan's home region. */
  scope: 'regional' | 'global';
  paginate?: Paging;
  absent?: AbsentSignal[];
  /** Phantom field carrying the SDK types; never set at run time. */
  readonly __io?: { input: I; output: O };
}

export interface OpOptions {
  action?: string;
  scope?: 'regional' | 'global';
  paginate?: Paging;
  absent?: AbsentSignal[];
}

export function op<I extends object, O extends object>(service: ServiceId, operation: string, options: OpOptions = {}): OpSpec<I, O> {
  return {
    service,
    operation,
    action: options.action ?? `${SERVICES[service].iamPrefix}:${operation}`,
    scope: options.scope ?? 'regional',
    paginate: options.paginate,
    absent: options.absent,
  };
}

/** The common NextToken → NextToken paging. */
export const NEXT_TOKEN: Paging = { inputToken: 'NextToken', outputToken: 'NextToken' };
/** The camel-case variant some services use. */
export const next_token: Paging = { inputToken: 'nextToken', outputToken: 'nextToken' };

export type InputOf<T> = T extends OpSpec<infer I, object> ? I : never;
export type OutputOf<T> = T extends OpSpec<object, infer O> ? O : never;

/** The operations a read-only scanner may call; anything else is refused at declaration. */
export const READ_ONLY_OPERATION = /^(List|Describe|Get|Search|BatchGet)[A-Z]/;

export function opKey(o: Pick<OpSpec, 'service' | 'operation'>): string {
  return `${o.service}:${o.operation}`;
}
