// Verdicts for requirements that apply only under a condition (an AI footprint, a data catalog,
// training jobs): or(not(applies), satisfied), with NOT_APPLICABLE where the condition is known
// false and ERROR only where what is missing could still change the verdict (probes.md §0,
// design/partial-evidence.md). Shared by the workflow probes; the engine could own it.
import type { ProbeStatus, ReasonCode, Verdict } from '../../src/model.js';
import { fail, notApplicable, notInUse, pass, undecided, type EvalContext } from '../../src/engine/probe.js';
import { causesOf, describeCauses, sortCauses, type Cause, type Tri } from '../../src/engine/evidence.js';

export interface GateWords {
  pass: (why: string[]) => string;
  fail: (why: string[]) => string;
  code: ReasonCode;
  /** NOT_APPLICABLE reason (the condition is known false and the requirement not met). */
  na: string;
  /** What the condition is, for the ERROR reason ("AI workloads", "catalog tables"). */
  condition: string;
}

/**
 * PASS as soon as the requirement is met (whatever the condition holds); NOT_APPLICABLE when the
 * condition is known false and the requirement known unmet; FAIL when the condition is known true
 * and the requirement known unmet; else ERROR naming the calls that would settle it. (With the
 * condition false and the requirement unknown the answer is PASS or NOT_APPLICABLE: undecided.)
 */
export function gated(applies: Tri, satisfied: Tri, w: GateWords, extra: Partial<Verdict> = {}): Verdict {
  if (satisfied.v === 'T') return pass(w.pass(satisfied.why), extra);
  if (satisfied.v === 'F' && applies.v === 'F') return notApplicable(w.na, extra);
  if (satisfied.v === 'F' && applies.v === 'T') return fail(w.fail(satisfied.why), w.code, extra);
  // What the missing answers could still make of it: lets the engine decide a check whose regions all agree.
  const ifSatisfied: ProbeStatus[] = satisfied.v === 'F' ? [] : ['PASS'];
  const ifNot: ProbeStatus[] = [...(applies.v !== 'F' ? (['FAIL'] as const) : []), ...(applies.v !== 'T' ? (['NOT_APPLICABLE'] as const) : [])];
  return undecided(causesOf([applies, satisfied]), undecidedWhat(applies, satisfied, w.condition), { ...extra, possible: [...ifSatisfied, ...ifNot] });
}

function undecidedWhat(applies: Tri, satisfied: Tri, condition: string): string {
  if (satisfied.v === 'F') return `not met (${satisfied.why.join('; ')}), and whether ${condition} exist here could not be read`;
  if (applies.v === 'T') return `${condition} exist here (${applies.why.join('; ')}); whether the requirement is met could not be read${satisfied.why.length ? ` (${satisfied.why.join('; ')})` : ''}`;
  if (applies.v === 'F') return `no ${condition} here, but whether the requirement is met (which would pass) could not be read`;
  return `neither whether ${condition} exist here nor whether the requirement is met could be read`;
}

/**
 * A tool-choice service found unused: NOT_APPLICABLE where the condition is known false, the
 * optional-service policy where it is known true. Unknown condition: when the policy makes both
 * NOT_APPLICABLE the verdict stands; otherwise ERROR naming what would decide it.
 */
export function unused(ctx: EvalContext, applies: Tri, w: { na: string; unused: string; condition: string }, extra: Partial<Verdict> = {}): Verdict {
  if (applies.v === 'F') return notApplicable(w.na, extra);
  if (applies.v === 'T' || ctx.settings.optionalServicePolicy === 'na') return notInUse(ctx, w.unused, extra);
  const inUse = notInUse(ctx, w.unused).status as ProbeStatus;
  return undecided(applies.causes, `${w.unused}; whether ${w.condition} exist here could not be read`, { ...extra, possible: [inUse, 'NOT_APPLICABLE'] });
}

/**
 * "In use" could not be decided, for a service whose in-use verdict is MANUAL (vetting or
 * attestation the API cannot show): under the default `manual` policy an unused service is MANUAL
 * too, so every completion is MANUAL and the verdict stands, naming what was not read.
 */
export function manualEither(ctx: EvalContext, unknown: Tri, reason: string, extra: Partial<Verdict> = {}): Verdict | undefined {
  if (unknown.v !== 'U' || ctx.settings.optionalServicePolicy !== 'manual') return undefined;
  return { status: 'MANUAL', code: 'PARTIAL', reason, ...extra };
}

type Part = { causes?: readonly Cause[]; known?: boolean } | readonly Cause[] | undefined;

/**
 * A decided verdict (not ERROR) that some reads did not answer: a warning names them, so a PASS
 * never rests silently on a call that failed (the fault suite's rule). ERROR verdicts already name
 * what they need in `missing`.
 */
export function noteUnread(v: Verdict, ...parts: Part[]): Verdict {
  if (v.status === 'ERROR') return v;
  const causes = sortCauses(parts.flatMap((p) => (!p ? [] : Array.isArray(p) ? (p as Cause[]) : ((p as { causes?: Cause[] }).causes ?? []))));
  if (!causes.length) return v;
  return { ...v, warnings: [...(v.warnings ?? []), `not read, and not needed for this verdict: ${describeCauses(causes, 6)}`] };
}
