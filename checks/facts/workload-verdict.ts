// The verdict of a workload-conditional probe (probes.md §0) on partial evidence:
// or(not(applies), satisfied). The probe reads its own evidence whatever the AI footprint says, so
// a requirement its evidence already satisfies is PASS even when the footprint is unknown; a
// failure is FAIL only when the footprint proves the requirement applies; NOT_APPLICABLE only when
// the footprint proves it does not. Everything else is ERROR naming what would decide it.
// (A candidate for src/engine or checks/facts/ai-workload.ts: every workload probe needs it.)
import type { ProbeStatus, ReasonCode, Verdict } from '../../src/model.js';
import type { Tri } from '../../src/engine/evidence.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/probe.js';
import { aiInUse, type AiFootprint } from './ai-footprint.js';

export interface WorkloadWords {
  /** What the footprint makes necessary, for "cannot tell whether … applies". */
  what: string;
  pass: (why: string[]) => string;
  fail: (why: string[]) => { reason: string; code: ReasonCode };
  /** NOT_APPLICABLE reason (default: no SageMaker or Bedrock footprint in this region). */
  na?: string;
  /** ERROR prefix when the probe's own evidence is what is missing. */
  undecided?: (why: string[]) => string;
}

export function workloadVerdict(fp: AiFootprint, satisfied: Tri, words: WorkloadWords, extra: Partial<Verdict> = {}): Verdict {
  const applies = aiInUse(fp);
  if (applies.v === 'F') return notApplicable(words.na ?? 'no SageMaker or Bedrock footprint in this region');
  if (satisfied.v === 'T') return pass(words.pass(satisfied.why), extra);
  if (satisfied.v === 'F') {
    if (applies.v === 'T') {
      const f = words.fail(satisfied.why);
      return fail(f.reason, f.code, extra);
    }
    return undecided(applies.causes, `cannot tell whether ${words.what} applies: the AI footprint could not be read (nothing that was read shows AI use)`, { ...extra, possible: ['FAIL', 'NOT_APPLICABLE'] });
  }
  const causes = [...satisfied.causes, ...(applies.v === 'U' ? applies.causes : [])];
  const what = words.undecided?.(satisfied.why) ?? (satisfied.why.length ? satisfied.why.join('; ') : undefined);
  const possible: ProbeStatus[] = applies.v === 'U' ? ['PASS', 'FAIL', 'NOT_APPLICABLE'] : ['PASS', 'FAIL'];
  return undecided(causes, applies.v === 'U' ? `${what ? `${what}; ` : ''}the AI footprint could not be read either` : what, { ...extra, possible });
}
