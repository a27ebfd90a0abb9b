// Inputs checked before anything is sent to AWS or written: the profile named by --profile, and
// the file given to --replay. Each mistake is one line that says what was given and what to give.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isZipFile, PACK_CALLS } from '../evidence/pack.js';
import { UsageError } from './common.js';

/** Profile names defined in the shared config and credentials files (as the SDK reads them). */
export function sharedProfiles(env: NodeJS.ProcessEnv = process.env): { files: string[]; profiles: string[] } {
  const files = [env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'), env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials')];
  const profiles = new Set<string>();
  files.forEach((file, i) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const m of text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/gm)) {
      const section = m[1];
      // The config file names profiles "profile x" (and "default"); the credentials file just "x".
      // Other config sections (sso-session x, services x) are not profiles.
      if (i === 0) {
        const p = /^profile\s+(.+)$/.exec(section);
        if (p) profiles.add(p[1].trim());
        else if (!/\s/.test(section)) profiles.add(section);
      } else profiles.add(section);
    }
  });
  return { files, profiles: [...profiles].sort() };
}

/** --profile names a profile the SDK can find; else one line naming it and the files looked in. */
export function checkProfile(profile: string, env: NodeJS.ProcessEnv = process.env): void {
  const { files, profiles } = sharedProfiles(env);
  if (profiles.includes(profile)) return;
  const known = profiles.length ? `profiles there: ${profiles.join(', ')}` : 'no profiles there';
  throw new UsageError(`profile "${profile}" is not defined in ${files.join(' or ')} (${known}); check --profile / AWS_PROFILE, or AWS_CONFIG_FILE`);
}

const TAIL = 64 * 1024;

/**
 * What --replay was given, when it is clearly not a recording: a report, a pack's manifest, or a
 * recording cut off mid-line. (A folder or a pack zip is read by the replay itself.)
 */
export function checkReplayInput(path: string): void {
  if (!existsSync(path)) throw new UsageError(`--replay ${path}: no such file or folder`);
  let file = path;
  if (statSync(path).isDirectory()) {
    file = join(path, PACK_CALLS);
    if (!existsSync(file)) return; // the replay names what is missing
  } else if (isZipFile(path)) return;
  const size = statSync(file).size;
  if (size === 0) throw new UsageError(`--replay ${file} is empty: a recording starts with a header line; pass a scan's calls.jsonl or its evidence pack`);
  const head = readSlice(file, 0, Math.min(size, TAIL));
  const first = head.split('\n')[0].trim();
  const kind = jsonKind(first) ?? (first === '{' || first === '[' ? jsonKind(readFileSync(file, 'utf8')) : undefined);
  if (kind === 'report') {
    throw new UsageError(`--replay ${file} is a report (report.json), not a recording: pass the calls.jsonl beside it, the scan's output folder, or its evidence pack`);
  }
  if (kind === 'manifest') throw new UsageError(`--replay ${file} is an evidence pack's manifest, not a recording: pass the pack's folder or zip`);
  if (kind === 'diff') throw new UsageError(`--replay ${file} is a diff of two reports, not a recording: pass a scan's calls.jsonl or its evidence pack`);
  // aims-scan ends every recording with a newline; a last line without one that is not JSON was cut off.
  const tail = readSlice(file, Math.max(0, size - TAIL), Math.min(size, TAIL));
  if (!tail.endsWith('\n')) {
    const last = tail.slice(tail.lastIndexOf('\n') + 1);
    if (jsonKind(last) === undefined && !isJson(last)) {
      const line = countLines(file);
      throw new UsageError(`--replay ${file} is truncated: line ${line} stops mid-record (the file was cut short, e.g. by an interrupted copy); replay the complete calls.jsonl or the evidence pack`);
    }
  }
}

function readSlice(file: string, start: number, length: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, start);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Which aims-scan file a JSON text is, by its shape (undefined: not JSON, or a recording line). */
function jsonKind(text: string): 'report' | 'manifest' | 'diff' | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if ('controls' in o && 'scan' in o && 'summary' in o) return 'report';
  if (Array.isArray(o.files) && 'tool' in o && !('type' in o)) return 'manifest';
  if (Array.isArray(o.changes) && 'regressed' in o) return 'diff';
  return undefined;
}

function countLines(file: string): number {
  const buf = readFileSync(file);
  let n = 1;
  for (const b of buf) if (b === 0x0a) n++;
  return n;
}
