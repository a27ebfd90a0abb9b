// The vocabulary the handler tables are written in: a handler turns (account, region, input) into
// the SDK's output shape, or throws a SimError. Lists return a Listing, which the responder pages
// with the operation's own token names.
import type { Rec, SimAccount } from '../model.js';
import { SimError } from '../errors.js';

export interface SimRequest {
  account: SimAccount;
  service: string;
  region: string;
  operation: string;
  /** The call's input, without its pagination token. */
  input: Record<string, any>;
}

/** A whole list; the responder cuts the page and maps only the items it returns. */
export class Listing<T = Rec> {
  constructor(
    readonly key: string,
    readonly items: readonly T[],
    readonly map: (item: T) => unknown = (x) => x,
    /** Fields beside the list; a function gets whether more pages follow (KMS `Truncated`, IAM `IsTruncated`). */
    readonly extra: Rec | ((more: boolean) => Rec) = {},
    /** For answers that page several lists at once (IAM authorization details): the key of each item. */
    readonly keyOf?: (item: T) => string,
  ) {}
}

export type Handler = (req: SimRequest) => object | Listing<any>;
/** Handlers keyed `service:Operation`. */
export type HandlerTable = Record<string, Handler>;

/** The record without simulation-only fields (those starting with `_`). */
export function publicView(rec: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(rec)) if (!k.startsWith('_')) out[k] = v;
  return out;
}

/** Only `fields` of the record: list summaries carry fewer fields than a Describe. */
export function pickFields(rec: Rec, fields: readonly string[]): Rec {
  const out: Rec = {};
  for (const f of fields) if (rec[f] !== undefined) out[f] = rec[f];
  return out;
}

type Order = { field: string; descending: boolean };

/** SageMaker-style SortBy/SortOrder on the list (CreationTime, Name, Status). */
function sortOf(input: Record<string, any>, fields: Record<string, string>): Order | undefined {
  const by = input.SortBy as string | undefined;
  if (!by || !fields[by]) return input.SortOrder ? { field: fields.CreationTime ?? 'CreationTime', descending: input.SortOrder === 'Descending' } : undefined;
  return { field: fields[by], descending: input.SortOrder === 'Descending' };
}

function compare(a: unknown, b: unknown): number {
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  if (x === y) return 0;
  if (x === undefined) return 1;
  if (y === undefined) return -1;
  return (x as number | string) < (y as number | string) ? -1 : 1;
}

export interface ListOpts {
  /** Keeps only matching records (input filters such as CreationTimeAfter). */
  filter?: (rec: Rec, input: Record<string, any>, req: SimRequest) => boolean;
  /** SortBy values the API accepts → record field. */
  sortFields?: Record<string, string>;
  /** Fields next to the list in the output. */
  extra?: (req: SimRequest) => Rec;
  /** Where the records live when not in the called region (e.g. GLOBAL). */
  region?: string;
}

/** A List/Describe-all operation over one kind of resource. `shape` is the summary's fields, or a mapper. */
export function listOf(kind: string, key: string, shape: readonly string[] | ((rec: Rec, req: SimRequest) => unknown), opts: ListOpts = {}): Handler {
  return (req) => {
    let items = req.account.all(kind, opts.region ?? req.region);
    if (opts.filter) items = items.filter((r) => opts.filter!(r, req.input, req));
    const order = opts.sortFields || req.input.SortBy || req.input.SortOrder ? sortOf(req.input, opts.sortFields ?? { CreationTime: 'CreationTime', Name: nameField(items[0]) }) : undefined;
    if (order) items = [...items].sort((a, b) => (order.descending ? -1 : 1) * compare(a[order.field], b[order.field]));
    const map = typeof shape === 'function' ? (r: Rec) => shape(r, req) : (r: Rec) => pickFields(r, shape);
    return new Listing(key, items, map, opts.extra?.(req) ?? {});
  };
}

function nameField(r: Rec | undefined): string {
  return (r && Object.keys(r).find((k) => k.endsWith('Name'))) ?? 'Name';
}

/** Common "created after/before" filters of SageMaker-style lists. */
export function createdWithin(field = 'CreationTime'): (rec: Rec, input: Record<string, any>) => boolean {
  return (rec, input) => {
    const t = rec[field] instanceof Date ? (rec[field] as Date).getTime() : undefined;
    if (t === undefined) return true;
    if (input.CreationTimeAfter && t <= new Date(input.CreationTimeAfter).getTime()) return false;
    if (input.CreationTimeBefore && t >= new Date(input.CreationTimeBefore).getTime()) return false;
    return true;
  };
}

export interface DescribeOpts {
  /** Record fields the input value may match (name, ARN, id …); default: the input field's name. */
  by?: readonly string[];
  /** The output; default: the record without `_` fields. */
  map?: (rec: Rec, req: SimRequest) => object;
  region?: string;
}

/** A Describe/Get of one resource named by `inputField`; a missing one answers `notFound`. */
export function describeOf(kind: string, inputField: string, notFound: (value: unknown, req: SimRequest) => SimError, opts: DescribeOpts = {}): Handler {
  const by = opts.by ?? [inputField];
  return (req) => {
    const value = req.input[inputField];
    const region = opts.region ?? req.region;
    let rec: Rec | undefined;
    for (const f of by) {
      rec = req.account.find(kind, region, f, value);
      if (rec) break;
    }
    if (!rec) throw notFound(value, req);
    return opts.map ? opts.map(rec, req) : publicView(rec);
  };
}

/** An account/region setting; `absent` answers when it is not set (a not-enabled signal), else `fallback`. */
export function settingOf(kind: string, opts: { absent?: (req: SimRequest) => SimError; fallback?: object; region?: string; map?: (v: any, req: SimRequest) => object } = {}): Handler {
  return (req) => {
    const v = req.account.get<object>(kind, opts.region ?? req.region);
    if (v === undefined) {
      if (opts.absent) throw opts.absent(req);
      return opts.fallback ?? {};
    }
    return opts.map ? opts.map(v, req) : v;
  };
}

/** Shorthand for an error answer. */
export const err = (name: string, message: string, httpStatus = 400) => new SimError(name, message, httpStatus);
