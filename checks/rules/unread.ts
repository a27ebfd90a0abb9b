// A verdict decided without some of what the probe asked for still says what it could not read:
// a PASS never rests silently on a call that failed (the fault suite checks it). One warning,
// each IAM action once with the regions and what went wrong there.
// Engine candidate: the runner could add it from the evidence a verdict did not name.
import { sortCauses, type Cause } from '../../src/engine/evidence.js';
import { undecided } from '../../src/engine/probe.js';
import type { Verdict } from '../../src/model.js';

type HasCauses = { known: true } | { known: false; causes: Cause[] } | { causes: Cause[] };

/** Every cause of the parts given (unknown values, incomplete lists), sorted and de-duplicated. */
export function causesIn(...parts: HasCauses[]): Cause[] {
  return sortCauses(parts.flatMap((p) => ('causes' in p ? p.causes : [])));
}

const KIND: Partial<Record<Cause['kind'], string>> = { denied: 'access denied', scp: 'service control policy', throttled: 'throttled', 'replay-missing': 'not in the recording' };

/** "not read (not needed for this verdict): macie2:GetAutomatedDiscoveryConfiguration in eu-west-1 (access denied)", or nothing. */
export function unreadWarnings(causes: readonly Cause[]): string[] {
  if (!causes.length) return [];
  const by = new Map<string, Cause[]>();
  for (const c of sortCauses(causes)) by.set(c.action, [...(by.get(c.action) ?? []), c]);
  const parts = [...by].map(([action, cs]) => {
    const regions = [...new Set(cs.map((c) => c.region))].join(', ');
    const kinds = [...new Set(cs.map((c) => KIND[c.kind] ?? c.kind))].join(', ');
    const n = cs.filter((c) => c.resource).length;
    return `${action || 'a call'} in ${regions}${n ? ` on ${n} resource(s)` : ''} (${kinds})`;
  });
  return [`not read (not needed for this verdict): ${parts.join('; ')}`];
}

/**
 * A PASS with the reads it did not need named in a warning; but when the scan was interrupted
 * before some of them answered, ERROR: an interrupted scan passes nothing it did not finish
 * reading (the fault suite's rule for Ctrl-C).
 */
export function passWith(v: Verdict, unread: readonly Cause[]): Verdict {
  const cut = unread.filter((c) => c.kind === 'interrupted');
  if (cut.length) return undecided(cut, `the scan was interrupted before every read answered (what was read would pass: ${v.reason})`, { resources: v.resources, warnings: v.warnings });
  return { ...v, warnings: [...(v.warnings ?? []), ...unreadWarnings(unread)] };
}
