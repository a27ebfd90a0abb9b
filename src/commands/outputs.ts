// An output folder holds one scan's files. A scan into a folder used before replaces the earlier
// scan's outputs: files this tool writes that the new scan did not write are removed (a report.html,
// junit.xml or evidence pack of another scan — maybe another account — must not sit beside the new
// report.json). Only aims-scan's own names are touched: anything else in the folder is the user's
// and stays. Inputs of the run (a --baseline or --replay inside the folder) are kept.
import { existsSync, readdirSync, readFileSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { FORMATS } from '../../reports/formats.js';
import { isZipFile, MANIFEST } from '../evidence/pack.js';
import { DIFF_FILES } from './baseline.js';

/** Every file name a scan writes at the top of its folder (report-options.ts writes soa.csv). */
export const OUTPUT_FILES: readonly string[] = [
  'report.json',
  'calls.jsonl',
  ...Object.values(FORMATS).map((f) => f.file),
  'soa.csv',
  ...DIFF_FILES,
  'organization-summary.json',
  'organization-summary.html',
];

const ACCOUNT_FOLDER = /^\d{12}$/;
const PACK = /^evidence-[A-Za-z0-9._-]+$/;
// Leftovers of an interrupted atomic write (util/atomic.ts, evidence/pack.ts).
const TEMP = /^\.([0-9a-f]{12}\.(tmp|probe)|evidence-[A-Za-z0-9._-]+\.[0-9a-f]{12}\.tmp)$/;

function isPackFolder(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as { tool?: { name?: string } };
    return m.tool?.name === 'aims-scan';
  } catch {
    return false;
  }
}

/**
 * Removes from `dir` the outputs of earlier scans: aims-scan's file names, evidence packs, account
 * sub-folders of a multi-account scan (emptied the same way; kept if something else is in them)
 * and temp leftovers — except the paths in `keep` and anything holding one. Returns what it removed.
 */
export function removeStaleOutputs(dir: string, keep: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  const kept = keep.map((k) => resolve(k));
  const protectedPath = (p: string) => kept.some((k) => k === p || k.startsWith(p + sep));
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = resolve(dir, name);
    if (protectedPath(path)) continue;
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isFile() && (OUTPUT_FILES.includes(name) || TEMP.test(name) || (PACK.test(name.replace(/\.zip$/, '')) && name.endsWith('.zip') && isZipFile(path)))) {
      rmSync(path, { force: true });
      removed.push(path);
    } else if (st.isDirectory() && ((PACK.test(name) && isPackFolder(path)) || TEMP.test(name))) {
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } else if (st.isDirectory() && ACCOUNT_FOLDER.test(name)) {
      removed.push(...removeStaleOutputs(path, keep));
      if (readdirSync(path).length === 0) {
        rmdirSync(path);
        removed.push(path);
      }
    }
  }
  return removed;
}
