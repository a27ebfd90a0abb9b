// Regressions against a baseline report (new failures or new errors), for --fail-on regression.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../engine/report.js';
import { UsageError } from './common.js';

export function readBaseline(path: string): Report {
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = join(path, 'report.json');
    return JSON.parse(readFileSync(file, 'utf8')) as Report;
  } catch (err) {
    throw new UsageError(`cannot read baseline ${file}: ${(err as Error).message}`);
  }
}

/** Counts results (per control, service and resource) that are FAIL or ERROR now and were not before. */
export async function regressionsAgainst(report: Report, baselinePath: string, log: (l: string) => void): Promise<number> {
  const old = readBaseline(baselinePath);
  const before = new Map<string, string>();
  const key = (c: string, s: string, r = '') => `${c}|${s}|${r}`;
  for (const c of old.controls) for (const k of c.checks) {
    before.set(key(c.id, k.service), k.status);
    for (const r of k.resources) before.set(key(c.id, k.service, `${r.region ?? ''}:${r.id}`), r.status);
  }
  let n = 0;
  for (const c of report.controls) for (const k of c.checks) {
    const items: [string, string][] = [[key(c.id, k.service), k.status], ...k.resources.map((r) => [key(c.id, k.service, `${r.region ?? ''}:${r.id}`), r.status] as [string, string])];
    for (const [id, status] of items) {
      if ((status === 'FAIL' || status === 'ERROR') && before.get(id) !== status) {
        n += 1;
        log(`regression: ${id.replace(/\|/g, ' / ')} is now ${status} (was ${before.get(id) ?? 'absent'})`);
      }
    }
  }
  return n;
}
