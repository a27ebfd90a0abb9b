// Partial evidence (shared/design/partial-evidence.md): what a probe read is Known; what a failed
// call could not tell is Unknown, with its causes. A verdict is computed with Kleene's three-valued
// logic, so a known failure decides without the unknown parts and a known proof of "any" decides
// without the rest; ERROR only when what is missing could still change the verdict.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ErrorKind } from '../aws/errors.js';

/** Why a part of the evidence is unknown: the call that did not answer, and what would fix it. */
export interface Cause {
  /** IAM action the call needs (e.g. `s3:GetBucketVersioning`). */
  action: string;
  region: string;
  /** The resource the call was about, when it was about one. */
  resource?: string;
  kind: ErrorKind | 'malformed';
  /** One line from the classifier, e.g. "access denied: the scan role lacks …". */
  detail: string;
  /** ID of the recorded call (calls.jsonl), when there is one. */
  call?: string;
  /** The AWS error name (e.g. NoSuchBucket), when AWS answered with one. */
  error?: string;
}

export type Ev<T> = { known: true; value: T } | { known: false; causes: Cause[] };

/** A list is complete only when every page was read; otherwise it holds what was read and why not more. */
export interface ListEv<T> {
  items: T[];
  complete: boolean;
  causes: Cause[];
  /** The first page answered with one of the op's declared "not configured" signals: known to be empty. */
  absent?: boolean;
}

export const known = <T>(value: T): Ev<T> => ({ known: true, value });
export const unknown = <T = never>(causes: Cause[]): Ev<T> => ({ known: false, causes: sortCauses(causes) });
export const completeList = <T>(items: T[]): ListEv<T> => ({ items, complete: true, causes: [] });

/** The value, or undefined when unknown (for display only; never judge on it). */
export function valueOr<T, D>(e: Ev<T>, d: D): T | D {
  return e.known ? e.value : d;
}

export function mapEv<T, U>(e: Ev<T>, f: (t: T) => U): Ev<U> {
  return e.known ? known(f(e.value)) : e;
}

export function mapList<T, U>(l: ListEv<T>, f: (t: T) => U): ListEv<U> {
  return { items: l.items.map(f), complete: l.complete, causes: l.causes };
}

export function filterList<T>(l: ListEv<T>, p: (t: T) => boolean): ListEv<T> {
  return { items: l.items.filter(p), complete: l.complete, causes: l.causes };
}

/** Several lists as one (e.g. one list per region): complete only when each is. */
export function concatLists<T>(ls: readonly ListEv<T>[]): ListEv<T> {
  const causes = ls.flatMap((l) => l.causes);
  return { items: ls.flatMap((l) => l.items), complete: ls.every((l) => l.complete), causes: sortCauses(causes) };
}

/** A list whose items are each known or not: the known ones, complete only when all are known. */
export function listOfKnown<T>(evs: readonly Ev<T>[], base: ListEv<unknown> = completeList([])): ListEv<T> {
  const items: T[] = [];
  const causes: Cause[] = [...base.causes];
  for (const e of evs) {
    if (e.known) items.push(e.value);
    else causes.push(...e.causes);
  }
  return { items, complete: base.complete && causes.length === base.causes.length, causes: sortCauses(causes) };
}

/**
 * Raised where an unknown value is read as if it were known (cdk-nag's discipline): the probe's
 * verdict in that region becomes ERROR naming the missing calls. Use it only where the verdict
 * really needs the value; combine with `and`/`or`/`some`/`every` to decide without it.
 */
export class UnknownEvidence extends Error {
  constructor(readonly causes: Cause[]) {
    super(`evidence missing: ${describeCauses(causes)}`);
    this.name = 'UnknownEvidence';
  }
}

export function must<T>(e: Ev<T>): T {
  if (!e.known) raise(e.causes);
  return e.value;
}

/** Every item, or UnknownEvidence when the list is incomplete. */
export function mustAll<T>(l: ListEv<T>): T[] {
  if (!l.complete) raise(l.causes);
  return l.items;
}

// Every unknown a collect raises is noted, not only the first to reach the runner: when two
// branches each raise one, which arrives first is timing, and the verdict must not be.
const sink = new AsyncLocalStorage<Cause[]>();

/** Runs `fn` noting every unknown raised in it (and in what it awaits) into `causes`. */
export function noteUnknowns<T>(causes: Cause[], fn: () => T): T {
  return sink.run(causes, fn);
}

function raise(causes: Cause[]): never {
  sink.getStore()?.push(...causes);
  throw new UnknownEvidence(causes);
}

// ---- three-valued logic -------------------------------------------------------------------

export type Tri = { v: 'T'; why: string[] } | { v: 'F'; why: string[] } | { v: 'U'; causes: Cause[]; why: string[] };

export const T = (why: string | string[] = []): Tri => ({ v: 'T', why: typeof why === 'string' ? [why] : why });
export const F = (why: string | string[] = []): Tri => ({ v: 'F', why: typeof why === 'string' ? [why] : why });
/** Unknown; `why` says what is undecided, in words, beside the causes. */
export const U = (causes: Cause[], why: string | string[] = []): Tri => ({ v: 'U', causes: sortCauses(causes), why: typeof why === 'string' ? [why] : why });

const whyOf = (xs: readonly Tri[], v: Tri['v']) => xs.flatMap((x) => (x.v === v ? x.why : []));
export const causesOf = (xs: readonly Tri[]): Cause[] => sortCauses(xs.flatMap((x) => (x.v === 'U' ? x.causes : [])));

/** F if any is F (no unknown can repair a failure); else U if any is U; else T. */
export function and(...xs: Tri[]): Tri {
  if (xs.some((x) => x.v === 'F')) return F(whyOf(xs, 'F'));
  if (xs.some((x) => x.v === 'U')) return U(causesOf(xs), whyOf(xs, 'U'));
  return T(whyOf(xs, 'T'));
}

/** T if any is T (one proof is enough); else U if any is U; else F. */
export function or(...xs: Tri[]): Tri {
  if (xs.some((x) => x.v === 'T')) return T(whyOf(xs, 'T'));
  if (xs.some((x) => x.v === 'U')) return U(causesOf(xs), whyOf(xs, 'U'));
  return F(whyOf(xs, 'F'));
}

export function not(x: Tri): Tri {
  return x.v === 'U' ? x : x.v === 'T' ? F(x.why) : T(x.why);
}

/** A test on a value that may be unknown. An Absent answer is a known value, never unknown. */
export function test<V>(e: Ev<V>, ok: (v: V) => boolean, yes: string | ((v: V) => string), no: string | ((v: V) => string), undecided?: string): Tri {
  if (!e.known) return U(e.causes, undecided ? [undecided] : []);
  const say = (s: string | ((v: V) => string)) => (typeof s === 'string' ? s : s(e.value));
  return ok(e.value) ? T(say(yes)) : F(say(no));
}

/** A plain boolean as a Tri. */
export function fact(ok: boolean, yes: string, no: string): Tri {
  return ok ? T(yes) : F(no);
}

const rest = <X>(l: ListEv<X>, what?: string): Tri[] => (l.complete ? [] : [U(l.causes, what ? [what] : [])]);

/** ∃x∈L.p — over the items read, and unknown for the unread rest. */
export function some<X>(l: ListEv<X>, p: (x: X) => Tri, unread?: string): Tri {
  return or(...l.items.map(p), ...rest(l, unread));
}

/** ∀x∈L.p — over the items read, and unknown for the unread rest. */
export function every<X>(l: ListEv<X>, p: (x: X) => Tri, unread?: string): Tri {
  return and(...l.items.map(p), ...rest(l, unread));
}

/** "Is the list non-empty?": T once one item is read, F only when the complete list is empty. */
export function nonEmpty<X>(l: ListEv<X>, yes: string, no: string): Tri {
  if (l.items.length) return T(yes);
  return l.complete ? F(no) : U(l.causes, [no]);
}

// ---- wording ---------------------------------------------------------------------------------

const KIND_WORDS: Partial<Record<Cause['kind'], string>> = {
  denied: 'access denied',
  scp: 'denied by a service control policy',
  throttled: 'throttled after retries',
  network: 'network failure',
  pagination: 'listing cut',
  'replay-missing': 'not in the recording',
  interrupted: 'scan interrupted',
  credentials: 'credentials rejected',
  unavailable: 'service not offered there',
  'region-disabled': 'region not enabled',
  malformed: 'unparsable answer',
  unexpected: 'unexpected error',
};

/** "s3:GetBucketVersioning in eu-west-1 on arn:aws:s3:::b (access denied)" */
export function describeCause(c: Cause): string {
  const what = c.action || 'a call';
  // An unexpected answer is named by what AWS said: the kind alone does not tell a person what to do.
  const words = c.kind === 'unexpected' || c.kind === 'malformed' ? `${KIND_WORDS[c.kind]}: ${c.error ?? c.detail.split(': ').slice(-1)[0]}` : (KIND_WORDS[c.kind] ?? c.kind);
  return `${what} in ${c.region}${c.resource ? ` on ${c.resource}` : ''} (${words})`;
}

/** A short list of causes, most common action first, for one-line reasons. */
export function describeCauses(causes: readonly Cause[], n = 3): string {
  const sorted = sortCauses(causes);
  const shown = sorted.slice(0, n).map(describeCause);
  return shown.join('; ') + (sorted.length > n ? `; +${sorted.length - n} more` : '');
}

/** What to do about the causes, in one phrase: grant, ask the org admin, or retry. */
export function remedyOf(causes: readonly Cause[]): string {
  const kinds = new Set(causes.map((c) => c.kind));
  const actions = [...new Set(causes.filter((c) => c.kind === 'denied').map((c) => c.action).filter(Boolean))];
  const parts: string[] = [];
  if (actions.length) parts.push(`grant the scan role ${actions.slice(0, 4).join(', ')}${actions.length > 4 ? ` (+${actions.length - 4})` : ''} (or check resource policies)`);
  if (kinds.has('scp')) parts.push('ask the organization admin to exempt the scan role from the service control policy');
  if (kinds.has('throttled') || kinds.has('network')) parts.push('scan again (transient)');
  return parts.join('; ');
}

/** Sorted and de-duplicated, so reasons and reports do not depend on the order answers came in. */
export function sortCauses(causes: readonly Cause[]): Cause[] {
  const seen = new Map<string, Cause>();
  for (const c of causes) {
    const k = causeKey(c);
    const had = seen.get(k);
    // Several calls of one action in one place (pages, windows): the smallest call ID stands for
    // them, whichever failed first.
    if (!had || (c.call ?? '') < (had.call ?? '') || (c.call === had.call && c.detail < had.detail)) seen.set(k, c);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
}

function causeKey(c: Cause): string {
  return `${c.action}|${c.region}|${c.resource ?? ''}|${c.kind}`;
}

// ---- per-resource fan-out ----------------------------------------------------------------------

/**
 * Reads each item's details on its own: an item whose reads fail is left out of `items` and named
 * in `causes` (with its resource), its siblings are kept. The list is complete only when the
 * source list was and every item was read.
 */
export async function fanOut<X, Y>(source: ListEv<X> | readonly X[], read: (x: X) => Promise<Ev<Y>>): Promise<ListEv<Y>> {
  const base: ListEv<X> = Array.isArray(source) ? completeList([...(source as X[])]) : (source as ListEv<X>);
  return listOfKnown(await Promise.all(base.items.map(read)), base);
}

/** Several reads about one resource as one: known only when all are, causes tagged with the resource. */
export function allKnown<R extends Record<string, Ev<unknown>>>(parts: R, resource?: string): Ev<{ [K in keyof R]: R[K] extends Ev<infer V> ? V : never }> {
  const causes = Object.values(parts).flatMap((p) => (p.known ? [] : p.causes));
  if (causes.length) return unknown(resource ? causes.map((c) => ({ ...c, resource: c.resource ?? resource })) : causes);
  return known(Object.fromEntries(Object.entries(parts).map(([k, p]) => [k, (p as { value: unknown }).value])) as never);
}

/** Resources a list could not read, one per resource named in its causes (or one for the listing). */
export function unreadResources(l: ListEv<unknown>, label: (resource: string | undefined) => string): { id: string; region?: string; causes: Cause[]; label: string }[] {
  const by = new Map<string, Cause[]>();
  for (const c of l.causes) {
    const k = c.resource ?? '';
    by.set(k, [...(by.get(k) ?? []), c]);
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([r, cs]) => ({ id: r || `${cs[0].action} in ${cs[0].region}`, region: cs[0].region || undefined, causes: cs, label: label(r || undefined) }));
}
