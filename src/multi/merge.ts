// `aims-scan merge`: one organization summary from the outputs of any number of shards (or of
// whole-organization scans, or loose evidence packs). Every account's evidence pack is verified
// before its verdicts are taken (a tampered pack becomes an ERROR row that says so); a shard's own
// summary is checked against the packs; the shard manifests say which accounts were meant to be
// covered, so an account no output covers is reported (and is an ERROR row), as is a whole shard
// that is missing, an account covered twice, or a manifest whose assignment is not the one its
// own account list gives. Accounts are read one at a time; the summary is written as scan writes
// it (summary.ts), so the result has the same shape as a single-process scan's.
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { exitCodeFor, type Report } from '../engine/report.js';
import { isZipFile, MANIFEST, openPack, PACK_FORMAT, readPackText, type Manifest } from '../evidence/pack.js';
import { verifyPack } from '../evidence/verify.js';
import { validateReport } from '../../reports/json.js';
import { readShardManifest, SHARD_MANIFEST, shardLabel, shardOf, type ShardManifest } from './shard.js';
import { errorRow, OrganizationSummaryWriter, ROWS_FILE, rowFromReport, SUMMARY_JSON, type AccountRow, type OrganizationSummary, type OrganizationTotals, type SummaryFiles } from './summary.js';

export type MergeProblemKind = 'missing-account' | 'missing-shard' | 'duplicate' | 'tampered' | 'missing-evidence' | 'inconsistent' | 'manifest' | 'unreadable';

export interface MergeProblem {
  kind: MergeProblemKind;
  detail: string;
  account?: string;
  source?: string;
}

export interface MergeInfo {
  inputs: string[];
  shards: { source: string; shard: string | null; assigned: number | null; rows: number }[];
  /** Accounts whose evidence was read from a verified pack, and those with a report.json only. */
  verified: number;
  unverified: string[];
  missing: string[];
  duplicates: { account: string; sources: string[] }[];
  problems: MergeProblem[];
}

export interface MergeResult {
  totals: OrganizationTotals;
  files: SummaryFiles;
  merge: MergeInfo;
  /** The project's contract: 1 a FAIL; else 2 an ERROR, a missing or tampered account, or any merge problem; else 0. */
  exitCode: 0 | 1 | 2;
}

type Source = { kind: 'shard'; dir: string } | { kind: 'account'; dir: string } | { kind: 'pack'; path: string };

/** What is beside the summary in a shard's output folder. */
const SHARD_MARKERS = [SHARD_MANIFEST, SUMMARY_JSON, ROWS_FILE];
const MAX_DEPTH = 6;
const ACCOUNT_DIR = /^\d{12}$/;

const isDir = (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
const isFile = (p: string) => statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;

function isPackDir(dir: string): boolean {
  if (!isFile(join(dir, MANIFEST))) return false;
  try {
    return (JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as { format?: string }).format === PACK_FORMAT;
  } catch {
    return false;
  }
}

/** Shard folders, account folders and packs under the inputs (never the merge's own output). */
export function discover(inputs: readonly string[], skip?: string): Source[] {
  const out: Source[] = [];
  const seen = new Set<string>();
  const walk = (path: string, depth: number) => {
    const real = realpathSync(path);
    if (real === skip || seen.has(real)) return;
    seen.add(real);
    if (!isDir(path)) {
      if (isZipFile(path)) out.push({ kind: 'pack', path });
      else if (basename(path) === SHARD_MANIFEST || basename(path) === SUMMARY_JSON) walk(dirname(path), depth);
      else if (basename(path) === 'report.json') out.push({ kind: 'account', dir: dirname(path) });
      return;
    }
    if (isPackDir(path)) return void out.push({ kind: 'pack', path });
    if (SHARD_MARKERS.some((m) => isFile(join(path, m)))) return void out.push({ kind: 'shard', dir: path });
    const names = readdirSync(path).sort();
    if (names.includes('report.json') || names.some((n) => /^evidence-.*\.zip$/.test(n))) return void out.push({ kind: 'account', dir: path });
    if (depth >= MAX_DEPTH) return;
    for (const n of names) {
      const p = join(path, n);
      if (isDir(p) || /\.zip$/i.test(n)) walk(p, depth + 1);
    }
  };
  for (const i of inputs) walk(i, 0);
  return out;
}

interface Evidence {
  report?: Report;
  /** The file the verdicts were read from (a pack, or report.json). */
  file?: string;
  verified: boolean;
  problem?: MergeProblem;
}

const sha256File = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function parseReport(text: string, where: string): Report | MergeProblem {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { kind: 'unreadable', source: where, detail: `not JSON: ${(err as Error).message}` };
  }
  const problems = validateReport(data);
  return problems.length ? { kind: 'unreadable', source: where, detail: `not an aims-scan report: ${problems.slice(0, 2).join('; ')}` } : (data as Report);
}

/** A pack, verified against its manifest, then its report. */
async function readPack(path: string): Promise<Evidence & { manifest?: Manifest }> {
  const check = await verifyPack(path);
  if (!check.ok) {
    const what = check.problems.slice(0, 3).map((p) => `${p.kind}: ${p.file}`).join('; ');
    return { verified: false, file: path, problem: { kind: 'tampered', source: path, account: check.manifest?.account.id, detail: `evidence pack not intact (${what}${check.problems.length > 3 ? '; …' : ''})` } };
  }
  const pack = await openPack(path);
  try {
    const r = parseReport(await readPackText(pack, 'report.json'), `${path}:report.json`);
    return 'kind' in r ? { verified: false, file: path, problem: r } : { report: r, file: path, verified: true, manifest: check.manifest };
  } finally {
    pack.close();
  }
}

/** An account's output folder: its newest pack (zip first), verified; else its report.json, unverified. */
async function readAccountDir(dir: string): Promise<Evidence> {
  const names = readdirSync(dir).sort();
  const zips = names.filter((n) => /^evidence-.*\.zip$/.test(n) && isFile(join(dir, n)));
  const folders = names.filter((n) => n.startsWith('evidence-') && isDir(join(dir, n)) && isPackDir(join(dir, n)));
  const pack = zips.length ? join(dir, zips.at(-1)!) : folders.length ? join(dir, folders.at(-1)!) : undefined;
  const loose = join(dir, 'report.json');
  if (pack) {
    const ev = await readPack(pack);
    // The report.json beside the pack is what people open: it must be the pack's.
    const packed = ev.manifest?.files.find((f) => f.path === 'report.json');
    if (ev.report && packed && isFile(loose) && sha256File(loose) !== packed.sha256) {
      return { verified: false, file: pack, problem: { kind: 'tampered', source: loose, account: ev.report.scan.account.id, detail: `report.json differs from the one in ${basename(pack)}` } };
    }
    return ev;
  }
  if (!isFile(loose)) return { verified: false, problem: { kind: 'missing-evidence', source: dir, detail: 'no report.json and no evidence pack' } };
  const r = parseReport(readFileSync(loose, 'utf8'), loose);
  return 'kind' in r ? { verified: false, file: loose, problem: r } : { report: r, file: loose, verified: false };
}

/** A shard's rows: its final summary, else the rows it streamed before stopping, else none. */
async function shardRows(dir: string): Promise<AccountRow[] | undefined> {
  const summary = join(dir, SUMMARY_JSON);
  if (isFile(summary)) return (JSON.parse(readFileSync(summary, 'utf8')) as OrganizationSummary).accounts;
  const rowsFile = join(dir, ROWS_FILE);
  if (!isFile(rowsFile)) return undefined;
  const rows = new Map<string, AccountRow>();
  for await (const line of createInterface({ input: createReadStream(rowsFile, 'utf8'), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as AccountRow;
    rows.set(r.accountId, r); // the last row of an account is its final one
  }
  return [...rows.values()];
}

const verdictOf = (r: AccountRow) => JSON.stringify([r.status, r.overall, r.exitCode ?? null, Object.entries(r.controls).sort(([a], [b]) => a.localeCompare(b))]);

export interface MergeOptions {
  out: string;
  log?: (line: string) => void;
  now?: Date;
}

export async function mergeOrganization(inputs: readonly string[], opts: MergeOptions): Promise<MergeResult> {
  const log = opts.log ?? (() => undefined);
  const problems: MergeProblem[] = [];
  const problem = (p: MergeProblem) => {
    problems.push(p);
    log(`${p.kind}: ${p.account ? `${p.account}: ` : ''}${p.detail}${p.source ? ` (${p.source})` : ''}`);
  };
  const writer = new OrganizationSummaryWriter(opts.out, []);
  const sources = discover(inputs, realpathSync(opts.out));
  const info: MergeInfo = { inputs: [...inputs], shards: [], verified: 0, unverified: [], missing: [], duplicates: [], problems };
  const controls = new Set<string>();
  /** Per account: where its row came from and which scan (the only per-account state kept). */
  const seen = new Map<string, { source: string; scanId?: string; finishedAt?: string }>();
  const manifests: { m: ShardManifest; source: string }[] = [];
  const rel = (p: string) => relative(opts.out, p) || '.';

  const accept = (row: AccountRow, source: string, report?: Report) => {
    const prev = seen.get(row.accountId);
    const meta = { source, scanId: report?.scan.id, finishedAt: report?.scan.finishedAt };
    if (!prev) {
      seen.set(row.accountId, meta);
      return writer.add(row);
    }
    if (prev.scanId && prev.scanId === meta.scanId) return; // the same scan reached twice (a zip and its folder …)
    const dup = info.duplicates.find((d) => d.account === row.accountId);
    if (dup) dup.sources.push(source);
    else info.duplicates.push({ account: row.accountId, sources: [prev.source, source] });
    // The newer scan wins; a scanned account wins over one that could not be scanned.
    const newer = meta.finishedAt !== undefined && (prev.finishedAt === undefined || meta.finishedAt > prev.finishedAt);
    problem({ kind: 'duplicate', account: row.accountId, source, detail: `also in ${prev.source}; keeping the ${newer ? 'newer scan from here' : `one from ${prev.source}`}` });
    if (newer) {
      seen.set(row.accountId, meta);
      writer.add(row);
    }
  };

  /** The row for an account from its evidence, or an ERROR row that says why there is none. */
  const fromEvidence = (ev: Evidence, accountId: string | undefined, source: string): { row: AccountRow; report?: Report } | undefined => {
    if (ev.problem) problem({ ...ev.problem, account: ev.problem.account ?? accountId });
    if (!ev.report) return accountId ? { row: errorRow(accountId, `${ev.problem?.kind ?? 'unreadable'}: ${ev.problem?.detail ?? 'no report'}`) } : undefined;
    if (ev.verified) info.verified += 1;
    else info.unverified.push(ev.report.scan.account.id);
    for (const c of ev.report.controls) controls.add(c.id);
    if (accountId && ev.report.scan.account.id !== accountId) problem({ kind: 'inconsistent', account: accountId, source, detail: `the evidence is for account ${ev.report.scan.account.id}` });
    return { row: rowFromReport(ev.report, exitCodeFor(ev.report), rel(ev.file!)), report: ev.report };
  };

  for (const s of sources) {
    if (s.kind === 'pack' || s.kind === 'account') {
      const ev = s.kind === 'pack' ? await readPack(s.path) : await readAccountDir(s.dir);
      const where = s.kind === 'pack' ? s.path : s.dir;
      const account = s.kind === 'account' && ACCOUNT_DIR.test(basename(s.dir)) ? basename(s.dir) : ev.report?.scan.account.id;
      const got = fromEvidence(ev, account, where);
      if (got) accept(got.row, where, got.report);
      continue;
    }
    const dir = s.dir;
    let manifest: ShardManifest | undefined;
    if (isFile(join(dir, SHARD_MANIFEST))) {
      const read = readShardManifest(join(dir, SHARD_MANIFEST));
      for (const p of read.problems) problem({ kind: 'manifest', source: join(dir, SHARD_MANIFEST), detail: p });
      manifest = read.manifest;
      if (manifest) manifests.push({ m: manifest, source: dir });
    }
    const rows = await shardRows(dir);
    const listed = new Set<string>();
    for (const r of rows ?? []) {
      listed.add(r.accountId);
      if (r.status === 'ERROR') {
        accept(r, dir);
        continue;
      }
      const accountDir = join(dir, r.accountId);
      const got = fromEvidence(isDir(accountDir) ? await readAccountDir(accountDir) : { verified: false, problem: { kind: 'missing-evidence', source: accountDir, detail: "the shard's summary lists it as scanned, but its output folder is missing" } }, r.accountId, dir);
      if (!got) continue;
      if (got.report && verdictOf(got.row) !== verdictOf(r)) problem({ kind: 'inconsistent', account: r.accountId, source: join(dir, SUMMARY_JSON), detail: "the shard's summary row differs from the account's evidence; the evidence is used" });
      accept(got.row, dir, got.report);
    }
    // No summary at all (a shard stopped before its first account finished, or older output): the folders.
    const folders = readdirSync(dir).filter((n) => ACCOUNT_DIR.test(n) && isDir(join(dir, n)));
    for (const id of folders.filter((n) => !listed.has(n))) {
      if (rows) log(`${id}: ignored: in ${dir} but not in its summary (left over from an earlier run?)`);
      else {
        const got = fromEvidence(await readAccountDir(join(dir, id)), id, dir);
        if (got) accept(got.row, dir, got.report);
      }
    }
    if (manifest) {
      const assigned = new Set(manifest.assigned);
      for (const id of listed) if (!assigned.has(id)) problem({ kind: 'inconsistent', account: id, source: dir, detail: `scanned by shard ${shardLabel(manifest.shard)}, which was not assigned it` });
    }
    info.shards.push({ source: rel(dir), shard: manifest ? shardLabel(manifest.shard) : null, assigned: manifest ? manifest.assigned.length : null, rows: rows?.length ?? folders.length });
  }

  // What the shards were meant to cover: every account any shard listed.
  if (manifests.length) {
    const expected = new Set(manifests.flatMap((x) => x.m.organization.accountIds));
    const plans = new Set(manifests.map((x) => `${x.m.shard.n}|${x.m.organization.sha256}`));
    if (plans.size > 1) {
      problem({ kind: 'inconsistent', detail: `the shards were planned differently (${[...plans].map((p) => `N=${p.split('|')[0]} over organization ${p.split('|')[1].slice(0, 12)}`).join(' / ')}): an account that changed shard may be missing or counted twice` });
    }
    const byN = new Map<number, Set<number>>();
    for (const { m } of manifests) byN.set(m.shard.n, (byN.get(m.shard.n) ?? new Set()).add(m.shard.k));
    const absent: string[] = [];
    for (const [n, ks] of byN) for (let k = 1; k <= n; k++) if (!ks.has(k)) absent.push(`${k}/${n}`);
    for (const a of absent) problem({ kind: 'missing-shard', detail: `no output from shard ${a}` });
    const n = manifests[0].m.shard.n;
    for (const id of [...expected].sort()) {
      if (seen.has(id)) continue;
      const k = `${shardOf(id, n)}/${n}`;
      const why = absent.includes(k) ? `shard ${k} is missing` : `shard ${k} did not report it`;
      info.missing.push(id);
      problem({ kind: 'missing-account', account: id, detail: `no output for this account: ${why}` });
      writer.add(errorRow(id, `missing: no output for this account (${why})`));
    }
  } else if (sources.length) {
    log('no shard manifests among the inputs: which accounts are missing cannot be known');
  }

  // Controls: the scans' own list, in the order the reports give it.
  const shardControls = readControls(sources);
  writer.controls = shardControls.length ? shardControls : [...controls];
  const notes = problems.map((p) => `${p.kind}: ${p.account ? `${p.account}: ` : ''}${p.detail}`);
  const totals = writer.finish({ merge: info }, opts.now, notes.length > 200 ? [...notes.slice(0, 200), `… and ${notes.length - 200} more (organization-summary.json lists them all)`] : notes);
  const code = totals.counts.exitCode;
  return { totals, files: writer.files, merge: info, exitCode: code === 0 && problems.length ? 2 : code };
}

/** The control list of the first shard summary (so a merge lists them as the scans did). */
function readControls(sources: Source[]): string[] {
  for (const s of sources) {
    if (s.kind !== 'shard' || !isFile(join(s.dir, SUMMARY_JSON))) continue;
    try {
      return (JSON.parse(readFileSync(join(s.dir, SUMMARY_JSON), 'utf8')) as OrganizationSummary).controls;
    } catch {
      continue;
    }
  }
  return [];
}
