// The organization summary, written as accounts finish: each account's row is appended to
// organization-accounts.jsonl the moment its scan ends, and the writer keeps only counts and, per
// account, where its row sits in that file (an ID and two numbers). At the end the rows are read
// back in account order into organization-summary.json and .html, streamed, so neither the scan
// nor `aims-scan merge` holds more than one account's report at a time, however many there are.
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Report } from '../engine/report.js';
import type { Status } from '../model.js';
import { ensureWritableDir, OutputError } from '../util/atomic.js';
import { TOOL } from '../version.js';

export const ROWS_FILE = 'organization-accounts.jsonl';
export const SUMMARY_JSON = 'organization-summary.json';
export const SUMMARY_HTML = 'organization-summary.html';

export interface AccountRow {
  accountId: string;
  status: 'SCANNED' | 'ERROR';
  reason: string;
  overall?: Status;
  exitCode?: number;
  report?: string;
  controls: Record<string, Status>;
}

export interface OrganizationCounts {
  accounts: number;
  scanned: number;
  /** Accounts that could not be scanned (role not assumable, missing from every shard …). */
  notScanned: number;
  /** Overall verdict per account (an account not scanned counts as ERROR). */
  overall: Partial<Record<Status, number>>;
  /** Per control: how many accounts have each status. */
  controls: Record<string, Partial<Record<Status, number>>>;
  /** Accounts per exit code (an account not scanned counts as 2). */
  exitCodes: Record<'0' | '1' | '2', number>;
  /** The organization's exit code: 1 if any account has a FAIL, else 2 if any has an ERROR or was not scanned, else 0. */
  exitCode: 0 | 1 | 2;
}

export interface OrganizationSummary {
  schemaVersion: '1.0.0';
  tool: { name: string; version: string };
  generatedAt: string;
  controls: string[];
  counts?: OrganizationCounts;
  accounts: AccountRow[];
}

/** What stays in memory of a summary: everything but the rows (those are on disk). */
export type OrganizationTotals = Omit<OrganizationSummary, 'accounts' | 'counts'> & { counts: OrganizationCounts };

/** The row of a scanned account, from its report: the same at scan time and in `merge`. */
export function rowFromReport(report: Report, exitCode: number, reportPath: string): AccountRow {
  return {
    accountId: report.scan.account.id,
    status: 'SCANNED',
    reason: report.controls.find((c) => c.status === report.summary.overall)?.reason ?? report.summary.overall,
    overall: report.summary.overall,
    exitCode,
    report: reportPath,
    controls: Object.fromEntries(report.controls.map((c) => [c.id, c.status])),
  };
}

export function errorRow(accountId: string, reason: string): AccountRow {
  return { accountId, status: 'ERROR', reason: reason.split('\n')[0], overall: 'ERROR', controls: {} };
}

export function emptyCounts(): OrganizationCounts {
  return { accounts: 0, scanned: 0, notScanned: 0, overall: {}, controls: {}, exitCodes: { '0': 0, '1': 0, '2': 0 }, exitCode: 0 };
}

const rowCode = (r: AccountRow): '0' | '1' | '2' => (r.status === 'ERROR' ? '2' : (String(r.exitCode ?? 2) as '0' | '1' | '2'));

/** Adds (sign 1) or takes away (sign -1) one row's share of the counts. */
export function countRow(c: OrganizationCounts, r: AccountRow, sign: 1 | -1 = 1): void {
  const bump = (m: Partial<Record<Status, number>>, s: Status) => {
    const v = (m[s] ?? 0) + sign;
    if (v) m[s] = v;
    else delete m[s];
  };
  c.accounts += sign;
  if (r.status === 'ERROR') c.notScanned += sign;
  else c.scanned += sign;
  bump(c.overall, r.status === 'ERROR' ? 'ERROR' : (r.overall ?? 'ERROR'));
  for (const [id, s] of Object.entries(r.controls)) bump((c.controls[id] ??= {}), s);
  const code = rowCode(r);
  c.exitCodes[code] = (c.exitCodes[code] ?? 0) + sign;
  c.exitCode = c.exitCodes['1'] > 0 ? 1 : c.exitCodes['2'] > 0 ? 2 : 0;
}

/** 0 when every account scanned clean; else the worst account's code (an unscanned account counts as 2). */
export function organizationExitCode(s: { accounts?: readonly AccountRow[]; counts?: OrganizationCounts }): number {
  if (s.counts) return s.counts.exitCode;
  const c = emptyCounts();
  for (const r of s.accounts ?? []) countRow(c, r);
  return c.exitCode;
}

/** Writes a file from chunks: a temp file beside it, fsync, rename — whole or not at all. */
export function writeChunksAtomic(file: string, write: (put: (s: string) => void) => void): void {
  const tmp = join(dirname(file), `.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', 0o644);
    const f = fd;
    write((s) => {
      const b = Buffer.from(s, 'utf8');
      for (let off = 0; off < b.length; ) off += writeSync(f, b, off, b.length - off);
    });
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new OutputError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

export interface SummaryFiles {
  json: string;
  html: string;
  rows: string;
}

/**
 * Appends rows as accounts finish and writes the summary at the end. In memory: the counts and a
 * row index (account ID → offset and length in the rows file). Adding a row for an account that
 * already has one replaces it (merge keeps the newer of two scans).
 */
export class OrganizationSummaryWriter {
  readonly counts: OrganizationCounts = emptyCounts();
  readonly files: SummaryFiles;
  private readonly fd: number;
  private end = 0;
  private readonly index = new Map<string, { offset: number; length: number }>();
  private closed = false;

  constructor(
    readonly out: string,
    /** The columns of the summary; may be set until finish (merge learns them from its inputs). */
    public controls: readonly string[],
  ) {
    ensureWritableDir(out);
    this.files = { json: join(out, SUMMARY_JSON), html: join(out, SUMMARY_HTML), rows: join(out, ROWS_FILE) };
    this.fd = openSync(this.files.rows, 'w+', 0o644);
  }

  /** How many accounts have a row. */
  get size(): number {
    return this.index.size;
  }

  has(accountId: string): boolean {
    return this.index.has(accountId);
  }

  /** The row stored for an account (read back from the file). */
  get(accountId: string): AccountRow | undefined {
    const at = this.index.get(accountId);
    if (!at) return undefined;
    const b = Buffer.alloc(at.length);
    for (let off = 0; off < at.length; ) off += readSync(this.fd, b, off, at.length - off, at.offset + off);
    return JSON.parse(b.toString('utf8')) as AccountRow;
  }

  add(row: AccountRow): void {
    if (this.closed) throw new Error('the organization summary is already written');
    const prev = this.get(row.accountId);
    if (prev) countRow(this.counts, prev, -1);
    const b = Buffer.from(JSON.stringify(row) + '\n', 'utf8');
    for (let off = 0; off < b.length; ) off += writeSync(this.fd, b, off, b.length - off, this.end + off);
    this.index.set(row.accountId, { offset: this.end, length: b.length - 1 });
    this.end += b.length;
    countRow(this.counts, row);
  }

  /** Writes organization-summary.json and .html (rows in account order); `extra` goes into the JSON before the rows. */
  /** `notes`: lines shown above the table of the HTML page (merge's problems). */
  finish(extra: Record<string, unknown> = {}, now = new Date(), notes: readonly string[] = []): OrganizationTotals {
    this.closed = true;
    fsyncSync(this.fd);
    const ids = [...this.index.keys()].sort();
    const head = { schemaVersion: '1.0.0' as const, tool: TOOL, generatedAt: now.toISOString(), controls: [...this.controls], counts: this.counts };
    try {
      writeChunksAtomic(this.files.json, (put) => {
        const shell = JSON.stringify({ ...head, ...extra, accounts: [] }, null, 2);
        const at = shell.lastIndexOf('[]');
        if (!ids.length) return put(shell + '\n');
        put(shell.slice(0, at) + '[\n');
        ids.forEach((id, i) => put(JSON.stringify(this.get(id), null, 2).replace(/^/gm, '    ') + (i < ids.length - 1 ? ',\n' : '\n')));
        put('  ]' + shell.slice(at + 2) + '\n');
      });
      writeChunksAtomic(this.files.html, (put) => {
        put(htmlHead(head, this.counts, notes));
        for (const id of ids) put(htmlRow(this.get(id)!, this.controls) + '\n');
        put(HTML_TAIL);
      });
    } finally {
      closeSync(this.fd);
    }
    return head;
  }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function htmlHead(s: Pick<OrganizationSummary, 'tool' | 'generatedAt' | 'controls'>, counts: OrganizationCounts, notes: readonly string[] = []): string {
  const head = s.controls.map((c) => `<th>${esc(c)}</th>`).join('');
  const overall = Object.entries(counts.overall)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${esc(k)} ${v}`)
    .join(' · ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>aims-scan organization summary</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}.PASS{background:#e6f4ea}.FAIL{background:#fce8e6}.ERROR{background:#f3e8fd}.MANUAL,.ATTESTED{background:#fef7e0}.WAIVED{background:#e8f0fe}.NOT_APPLICABLE{color:#666}</style></head>
<body><h1>aims-scan organization summary</h1><p>${esc(s.tool.name)} ${esc(s.tool.version)} · ${esc(s.generatedAt)} · ${counts.accounts} account(s)${overall ? ` (overall: ${overall})` : ''}. Control IDs are the mapping document's; see each account's report for the official ISO/IEC 42001:2023 references.</p>
${notes.length ? `<ul class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>\n` : ''}<table><thead><tr><th>account</th><th>overall</th>${head}<th>reason</th></tr></thead><tbody>
`;
}

function htmlRow(a: AccountRow, controls: readonly string[]): string {
  const overall = a.status === 'ERROR' ? 'ERROR' : (a.overall ?? '');
  return `<tr><th>${esc(a.accountId)}</th><td class="${esc(overall)}">${esc(overall)}</td>${controls.map((c) => `<td class="${esc(a.controls[c] ?? 'ERROR')}">${esc(a.controls[c] ?? '—')}</td>`).join('')}<td>${esc(a.reason)}</td></tr>`;
}

const HTML_TAIL = `</tbody></table></body></html>
`;

/** The whole page for a summary held in memory (small summaries, tests). */
export function renderOrganizationHtml(s: OrganizationSummary): string {
  const counts = s.counts ?? emptyCounts();
  if (!s.counts) for (const r of s.accounts) countRow(counts, r);
  return htmlHead(s, counts) + s.accounts.map((a) => htmlRow(a, s.controls)).join('\n') + '\n' + HTML_TAIL;
}
