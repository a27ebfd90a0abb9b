// A check over resources is the AND over them (shared/design/partial-evidence.md §2.4, §3.3):
// any known failure fails it, an unread resource leaves it undecided unless another fails, and a
// resource that can only be verified elsewhere (another account) makes it MANUAL.
// Used by the S3 family, Backup and Elastic Disaster Recovery; it could move to the engine.
import type { ReasonCode, ResourceResult, Verdict } from '../../src/model.js';
import { and, causesOf, F, T, U, type Cause, type Tri } from '../../src/engine/evidence.js';
import { fail, manual, notApplicable, pass, resourceOf, undecided } from '../../src/engine/probe.js';

/** A judgement that no call from this account can settle: verify it where the resource lives. */
export interface Attest {
  v: 'M';
  why: string[];
}

export type Judgement = Tri | Attest;

export const attest = (why: string): Attest => ({ v: 'M', why: [why] });

/** F ≻ U ≻ M ≻ T: a known failure decides, an unknown could still fail, an attestation is owed. */
export function allOf(...xs: Judgement[]): Judgement {
  const pick = (v: Judgement['v']) => xs.filter((x) => x.v === v);
  const f = pick('F');
  if (f.length) return F(f.flatMap((x) => x.why));
  const u = pick('U') as Extract<Tri, { v: 'U' }>[];
  if (u.length) return U(u.flatMap((x) => x.causes), u.flatMap((x) => x.why));
  const m = pick('M');
  if (m.length) return { v: 'M', why: m.flatMap((x) => x.why) };
  return T(xs.flatMap((x) => (x.v === 'T' ? x.why : [])));
}

/** T ≻ U ≻ M ≻ F: one proof is enough. */
export function anyOf(...xs: Judgement[]): Judgement {
  const t = xs.filter((x) => x.v === 'T');
  if (t.length) return T(t[0].why);
  const u = xs.filter((x) => x.v === 'U') as Extract<Tri, { v: 'U' }>[];
  if (u.length) return U(u.flatMap((x) => x.causes), u.flatMap((x) => x.why));
  const m = xs.filter((x): x is Attest => x.v === 'M');
  if (m.length) return { v: 'M', why: m.flatMap((x) => x.why) };
  return F([...new Set(xs.flatMap((x) => x.why))]);
}


export interface Judged {
  id: string;
  region?: string;
  /** "bucket b (eu-west-1; why in scope)": the head of the resource's reason. */
  label: string;
  /** Short name for one-line summaries. */
  name: string;
  t: Judgement;
}

export function resultOf(j: Judged): ResourceResult {
  if (j.t.v !== 'M') return resourceOf(j.id, j.region, j.t, j.label);
  return { id: j.id, ...(j.region ? { region: j.region } : {}), status: 'MANUAL', reason: `${j.label}: ${j.t.why.join(', ')}` };
}

export interface VerdictWords {
  /** Plural noun, e.g. "AI bucket(s)". */
  noun: string;
  pass: (n: number) => string;
  /** "k of n bucket(s) …" */
  fail: (k: number, n: number) => string;
  /** List the first failing resources after the FAIL reason (default: yes). */
  failList?: boolean;
  code: ReasonCode | ((failing: Judged[]) => ReasonCode);
  /** MANUAL when some resources must be verified elsewhere and none fails. */
  manual?: (m: Judged[], n: number) => string;
  /** ERROR when every resource read passes but the list of resources is incomplete. */
  incomplete?: string;
  /** NOT_APPLICABLE when there is nothing to judge and the list is complete. */
  none: string;
  /** Prefix for PASS, FAIL and ERROR reasons (e.g. how the scope was chosen). */
  prefix?: string;
}

export interface VerdictOptions {
  /** Unknowns that could add resources (an incomplete listing, an unread scope source). */
  rest?: Tri[];
  /**
   * When the resources judged stand in for a scope that could not be identified, a failure
   * decides only once that scope is known: these causes turn each F into U.
   */
  scopeCauses?: Cause[];
  /** Resources beyond a cap: a PASS cannot be proven (MANUAL). */
  notJudged?: number;
  capNote?: string;
  extra?: Partial<Verdict>;
}

const first = (js: Judged[], n = 3) => js.slice(0, n).map((j) => resultOf(j).reason).join('; ') + (js.length > n ? '; …' : '');

/** The verdict over judged resources: FAIL ≻ ERROR ≻ MANUAL ≻ PASS, NOT_APPLICABLE when none. */
export function verdictOver(judged: Judged[], words: VerdictWords, opts: VerdictOptions = {}): Verdict {
  const resources = judged.map(resultOf);
  const extra = { ...opts.extra, resources };
  const p = words.prefix ?? '';
  const scopeOpen = opts.scopeCauses?.length ? opts.scopeCauses : undefined;
  const tri = (j: Judged): Tri => (j.t.v === 'M' ? T() : j.t.v === 'F' && scopeOpen ? U(scopeOpen, `${j.name} fails, but whether it holds AI data is unknown`) : j.t);
  const all = and(...judged.map(tri), ...(opts.rest ?? []));
  const failing = judged.filter((j) => j.t.v === 'F');
  if (all.v === 'F') {
    const code = typeof words.code === 'function' ? words.code(failing) : words.code;
    const list = words.failList === false ? '' : `: ${first(failing)}`;
    return fail(`${p}${words.fail(failing.length, judged.length)}${list}`, code, extra);
  }
  if (all.v === 'U') {
    const open = judged.filter((j) => j.t.v === 'U');
    const passing = judged.filter((j) => j.t.v === 'T' || j.t.v === 'M').length;
    const parts = [`${passing} of ${judged.length} ${words.noun} pass`];
    if (failing.length) parts.push(`${failing.length} fail, but the AI scope they stand in for could not be identified`);
    if (open.length) parts.push(`${open.length} undecided (${open.slice(0, 3).map((j) => j.name).join(', ')}${open.length > 3 ? ` +${open.length - 3} more` : ''})`);
    if (!failing.length && !open.length) parts.push(words.incomplete ?? `the list of ${words.noun} is incomplete`);
    return undecided(causesOf([all]), `${p}${parts.join('; ')}`, extra);
  }
  const m = judged.filter((j) => j.t.v === 'M');
  if (m.length) return manual(words.manual ? words.manual(m, judged.length) : `${m.length} of ${judged.length} ${words.noun} must be verified where they live`, { ...extra, code: 'PARTIAL' });
  if (opts.notJudged) return manual(`${judged.length} ${words.noun} judged pass; ${opts.notJudged} more were not judged${opts.capNote ? ` (${opts.capNote})` : ''}`, { ...extra, code: 'PARTIAL' });
  if (!judged.length) return notApplicable(words.none, opts.extra);
  return pass(`${p}${words.pass(judged.length)}`, extra);
}
