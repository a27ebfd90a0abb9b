// What a probe is: declared calls, a `collect` that gathers the answers through the context,
// and a pure `evaluate` from those answers to a verdict. One probe per AWS service, in
// checks/probes/<service>.ts; the engine never names a service.
import type { Absent } from '../aws/errors.js';
import type { OpSpec } from '../aws/ops.js';
import type { Partition } from '../aws/services.js';
import type { ResourceResult, ReasonCode, Severity, Status, Verdict } from '../model.js';
import { describeCauses, remedyOf, type Cause, type Ev, type ListEv, type Tri } from './evidence.js';

/** What a "nothing there" tool-choice service becomes (probes.md §0). */
export type OptionalServicePolicy = 'manual' | 'fail' | 'na';

export interface ScanSettings {
  optionalServicePolicy: OptionalServicePolicy;
  /** Tag selectors (`key=value`) that put extra resources in scope, e.g. AI data buckets. */
  scopeTags: { key: string; value: string }[];
  /** Days to look back for jobs (training, processing, labeling). */
  jobWindowDays: number;
  /** Minimum log retention in days. */
  minLogRetentionDays: number;
  /** Turn a closed-to-new-customers FAIL into MANUAL when an alternative is accepted. */
  acceptAlternatives: boolean;
  /** IAM user, role or group ARNs allowed to hold AmazonBedrockFullAccess / AmazonSageMakerFullAccess. */
  aiFullAccessAllowList?: string[];
}

export const DEFAULT_SETTINGS: ScanSettings = {
  optionalServicePolicy: 'manual',
  scopeTags: [],
  jobWindowDays: 180,
  minLogRetentionDays: 365,
  acceptAlternatives: false,
};

interface CallOpts {
  /** Send to this region instead of the probe's (e.g. a bucket's own region). */
  region?: string;
}

interface ListOpts extends CallOpts {
  /** Fields every item must carry; an item without one makes the answer malformed (ERROR). */
  require?: readonly string[];
}

interface ReadOpts extends CallOpts {
  /** The resource the call is about (ARN or name), named in the cause when it fails. */
  resource?: string;
}

interface ReadListOpts extends ReadOpts {
  require?: readonly string[];
}

/** The pages of a listing as read: complete only when every page was. */
export interface PagesEv<O> {
  pages: O[];
  complete: boolean;
  causes: Cause[];
}

/** The newest `cap` items of a newest-first listing, and whether older ones were left unread. */
export interface NewestList<T> extends ListEv<T> {
  truncated: boolean;
}

/** What `collect` may do. Every call must be declared by the probe (or a fact it uses). */
export interface CollectContext {
  readonly region: string;
  readonly homeRegion: string;
  readonly partition: Partition;
  readonly accountId: string;
  /** Scan clock: windows are computed from it so a replay asks the same questions. */
  readonly now: Date;
  readonly settings: ScanSettings;
  /** All regions in this scan (for probes that must look across regions). */
  readonly regions: readonly string[];
  call<I extends object, O extends object>(op: OpSpec<I, O>, input: I, opts?: CallOpts): Promise<O>;
  callOrAbsent<I extends object, O extends object>(op: OpSpec<I, O>, input: I, opts?: CallOpts): Promise<O | Absent>;
  pages<I extends object, O extends object>(op: OpSpec<I, O>, input: I, opts?: CallOpts): Promise<O[]>;
  all<I extends object, O extends object, K extends keyof O>(op: OpSpec<I, O>, input: I, key: K, opts?: ListOpts): Promise<NonNullable<O[K]>>;
  /** A shared fact, computed once per region (or once per scan if global) and reused by every probe. */
  use<T>(fact: Fact<T>, opts?: CallOpts): Promise<T>;

  // Partial evidence (design/partial-evidence.md): these never throw for an AWS error; a call
  // that did not answer is Unknown with its cause, and the probe decides whether it matters.
  /** One call: Known answer, or Unknown with the cause. */
  read<I extends object, O extends object>(op: OpSpec<I, O>, input: I, opts?: ReadOpts): Promise<Ev<O>>;
  /** Like `read`; a declared not-enabled answer is a Known `Absent`. */
  readOrAbsent<I extends object, O extends object>(op: OpSpec<I, O>, input: I, opts?: ReadOpts): Promise<Ev<O | Absent>>;
  /**
   * Every page of a paginated call, for answers that are not one list under a key (a map per
   * page) or callers that count pages; a failed page, a repeated token or more than `maxPages`
   * pages (default: the scan's page cap) leaves it incomplete with its cause.
   */
  readPages<I extends object, O extends object>(op: OpSpec<I, O>, input: I, opts?: ReadOpts & { maxPages?: number }): Promise<PagesEv<O>>;
  /** Every item under `key` across pages; a failed page leaves the list incomplete with its cause. */
  list<I extends object, O extends object, K extends keyof O>(op: OpSpec<I, O>, input: I, key: K, opts?: ReadListOpts): Promise<ListEv<ItemOf<O[K]>>>;
  /**
   * The newest `cap` items of a listing sorted newest first (the input asks for that order),
   * paged by hand so a long history is cut at the cap instead of read to the end.
   */
  listNewest<I extends object, O extends object, K extends keyof O>(op: OpSpec<I, O>, input: I, key: K, cap: number, opts?: ReadListOpts): Promise<NewestList<ItemOf<O[K]>>>;
  /** The cause of an unknown in a region the scan cannot reach there (service absent, region off or SCP-denied), if it is one. */
  regionUnreachable(causes: readonly Cause[], region: string): Cause | undefined;
}

export type ItemOf<A> = NonNullable<A> extends readonly (infer X)[] ? X : never;

/** Facts shared between probes, e.g. the AI footprint of a region. */
export interface Fact<T> {
  id: string;
  scope: 'regional' | 'global';
  calls: readonly OpSpec[];
  uses?: readonly Fact<unknown>[];
  collect(ctx: CollectContext): Promise<T>;
}

export interface EvalContext {
  /** The document's control ID this verdict is for; criteria may differ per control. */
  control: string;
  region: string;
  accountId: string;
  partition: Partition;
  now: Date;
  settings: ScanSettings;
}

export type ServiceClass = 'baseline' | 'workload' | 'tool-choice';

export interface Probe<F = unknown> {
  /** Same as the file name under checks/probes/. */
  id: string;
  /** Service name exactly as the mapping document writes it (or, for extensions, the tool's own). */
  service: string;
  title: string;
  severity: Severity;
  /** What to change, with the console or CLI way. */
  remediation: string;
  /** probes.md §0 service class: decides what "nothing there" means. */
  serviceClass: ServiceClass;
  /** Set for services closed to new customers: said in every FAIL, with the alternative. */
  availability?: string;
  scope: 'regional' | 'global';
  calls: readonly OpSpec[];
  uses?: readonly Fact<unknown>[];
  collect(ctx: CollectContext): Promise<F>;
  evaluate(facts: F, ctx: EvalContext): Verdict;
}

export function defineProbe<F>(p: Probe<F>): Probe<F> {
  return p;
}

export function defineFact<T>(f: Fact<T>): Fact<T> {
  return f;
}

/** Every call a probe may make: its own and those of the facts it uses, transitively. */
export function declaredCalls(p: { calls: readonly OpSpec[]; uses?: readonly Fact<unknown>[] }): OpSpec[] {
  const out = new Map<string, OpSpec>();
  const visit = (x: { calls: readonly OpSpec[]; uses?: readonly Fact<unknown>[] }) => {
    for (const c of x.calls) out.set(`${c.service}:${c.operation}`, c);
    for (const f of x.uses ?? []) visit(f);
  };
  visit(p);
  return [...out.values()];
}

/**
 * Work started now and awaited later, after faster branches: a collect's calls go out as soon as
 * their inputs are known, not when an unrelated slower fact settles. Marked handled so that a
 * failure of a branch awaited first does not leave this one as an unhandled rejection (the
 * runner still waits for every call a collect started before it reports).
 */
export function startNow<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

// Verdict helpers, so every probe words statuses the same way.
export const pass = (reason: string, extra: Partial<Verdict> = {}): Verdict => ({ status: 'PASS', reason, ...extra });
export const fail = (reason: string, code: ReasonCode, extra: Partial<Verdict> = {}): Verdict => ({ status: 'FAIL', reason, code, ...extra });
export const notApplicable = (reason: string, extra: Partial<Verdict> = {}): Verdict => ({ status: 'NOT_APPLICABLE', reason, ...extra });
export const manual = (reason: string, extra: Partial<Verdict> = {}): Verdict => ({ status: 'MANUAL', reason, ...extra });
export const error = (reason: string, extra: Partial<Verdict> = {}): Verdict => ({ status: 'ERROR', reason, ...extra });

/**
 * A verdict from a three-valued result: T → PASS, F → FAIL, U → ERROR naming only the unknowns
 * that could still change it (and what to do about them).
 */
export function verdictOf(t: Tri, words: { pass: (why: string[]) => string; fail: (why: string[]) => string; code: ReasonCode; undecided?: (why: string[]) => string }, extra: Partial<Verdict> = {}): Verdict {
  if (t.v === 'T') return pass(words.pass(t.why), extra);
  if (t.v === 'F') return fail(words.fail(t.why), words.code, extra);
  return undecided(t.causes, words.undecided?.(t.why), extra);
}

/** ERROR because the verdict turns on calls that did not answer; the reason names them. */
export function undecided(causes: readonly Cause[], what?: string, extra: Partial<Verdict> = {}): Verdict {
  const remedy = remedyOf(causes);
  const reason = `${what ? `${what}; ` : ''}undecided: needs ${describeCauses(causes)}${remedy ? ` — ${remedy}` : ''}`;
  return error(reason, { ...extra, missing: [...causes] });
}

/** One resource's result from its three-valued judgement. */
export function resourceOf(id: string, region: string | undefined, t: Tri, label: string): ResourceResult {
  const base = region ? { id, region } : { id };
  if (t.v === 'T') return { ...base, status: 'PASS', reason: `${label}: ${t.why.join(', ')}` };
  if (t.v === 'F') return { ...base, status: 'FAIL', reason: `${label}: ${t.why.join(', ')}` };
  return { ...base, status: 'ERROR', reason: `${label}: undecided${t.why.length ? ` (${t.why.join(', ')})` : ''}: needs ${describeCauses(t.causes)}`, missing: [...t.causes] };
}

/** A tool-choice service that is simply not used: MANUAL by default, so an auditor can accept an equivalent. */
export function notInUse(ctx: EvalContext, reason: string, extra: Partial<Verdict> = {}): Verdict {
  const policy = ctx.settings.optionalServicePolicy;
  const status: Status = policy === 'fail' ? 'FAIL' : policy === 'na' ? 'NOT_APPLICABLE' : 'MANUAL';
  const suffix = status === 'MANUAL' ? ' — attest an equivalent control or adopt the service' : '';
  return { status, reason: reason + suffix, code: 'NOT_IN_USE', ...extra };
}

/** Worst-first order used to combine sub-checks within one probe. */
export function worst(verdicts: Verdict[]): Verdict {
  const order: Status[] = ['FAIL', 'ERROR', 'MANUAL', 'PASS', 'NOT_APPLICABLE'];
  for (const s of order) {
    const v = verdicts.find((x) => x.status === s);
    if (v) return v;
  }
  return { status: 'NOT_APPLICABLE', reason: 'nothing to evaluate' };
}
