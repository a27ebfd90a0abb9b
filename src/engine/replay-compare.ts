// A replay of an evidence pack re-proves its report: the same recorded answers must give the same
// verdicts. This compares what the probes concluded (before waivers and attestations, which are
// the organization's, not the evidence's): status, reason and resources per check.
import type { Report, ReplayComparison } from './report.js';

interface CheckLike {
  service: string;
  status: string;
  originalStatus?: string;
  reason: string;
  resources?: { id: string; region?: string; status: string; originalStatus?: string; reason: string }[];
}

function checksOf(report: unknown): Map<string, CheckLike> | undefined {
  const controls = (report as { controls?: unknown })?.controls;
  if (!Array.isArray(controls)) return undefined;
  const m = new Map<string, CheckLike>();
  for (const c of controls as { id?: string; checks?: CheckLike[] }[]) for (const k of c.checks ?? []) m.set(`${c.id} / ${k.service}`, k);
  return m;
}

const concluded = (k: CheckLike) => k.originalStatus ?? k.status;
const resourceLine = (r: NonNullable<CheckLike['resources']>[number]) => `${r.region ?? ''}|${r.id}|${r.originalStatus ?? r.status}|${r.reason}`;

export function compareVerdicts(original: unknown, replayed: Report): ReplayComparison {
  const before = checksOf(original);
  if (!before) return { identical: false, compared: 0, differences: ['the original report.json has no controls to compare with'] };
  const after = checksOf(replayed) as Map<string, CheckLike>;
  const differences: string[] = [];
  let compared = 0;
  for (const [key, was] of before) {
    const now = after.get(key);
    if (!now) {
      differences.push(`${key}: in the original report, not in the replay`);
      continue;
    }
    compared += 1;
    if (concluded(was) !== concluded(now)) differences.push(`${key}: ${concluded(was)} → ${concluded(now)}`);
    else if (was.reason !== now.reason && !was.originalStatus && !now.originalStatus) differences.push(`${key}: same status, reason differs`);
    const a = (was.resources ?? []).map(resourceLine).sort();
    const b = (now.resources ?? []).map(resourceLine).sort();
    if (a.join('\n') !== b.join('\n')) differences.push(`${key}: resources differ (${a.length} → ${b.length})`);
  }
  for (const key of after.keys()) if (!before.has(key)) differences.push(`${key}: in the replay, not in the original report`);
  return { identical: differences.length === 0, compared, differences };
}
