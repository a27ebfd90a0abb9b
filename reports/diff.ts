// A scan diff as a terminal table, JSON or Markdown. Resource ids and reasons come from the
// account: control characters are neutralised for the terminal and everything is escaped for
// Markdown, so a hostile tag or name can neither move the cursor nor become a link or HTML.
import type { ChangeKind, DiffEntry, DiffStatus, ReportDiff } from '../src/diff/diff.js';
import { CHANGE_KINDS } from '../src/diff/diff.js';
import { mdEscape } from './markdown.js';
import { terminalSafe } from './terminal.js';

const TITLE: Record<ChangeKind, string> = {
  'new-failure': 'New failures',
  'new-error': 'New errors',
  changed: 'Other changes',
  fixed: 'Fixed',
  'still-failing': 'Still failing',
};

const LABEL: Record<ChangeKind, string> = {
  'new-failure': 'NEW FAIL',
  'new-error': 'NEW ERROR',
  changed: 'CHANGED',
  fixed: 'FIXED',
  'still-failing': 'STILL FAIL',
};

const COLOR: Record<ChangeKind, string> = { 'new-failure': '31', 'new-error': '35', changed: '33', fixed: '32', 'still-failing': '90' };

const st = (s: DiffStatus) => s ?? 'absent';

function cut(s: string, n: number): string {
  return s.length > n ? s.slice(0, Math.max(1, n - 1)) + '…' : s;
}

/** What the entry is about, below its control: the check, then region or resource. */
function subject(e: DiffEntry): string {
  if (e.level === 'control') return '(control)';
  const where = e.level === 'region' ? `region ${e.region}` : e.level === 'resource' ? `${e.resource}${e.region ? ` (${e.region})` : ''}` : '';
  return where ? `${e.service} — ${where}` : `${e.service}`;
}

function counts(d: ReportDiff): string {
  return CHANGE_KINDS.map((k) => `${d.summary[k]} ${TITLE[k].toLowerCase()}`).join(', ');
}

export function renderDiffJson(d: ReportDiff): string {
  return JSON.stringify(d, null, 2) + '\n';
}

export function renderDiffTable(d: ReportDiff, opts: { color?: boolean; width?: number } = {}): string {
  const width = Math.max(100, opts.width ?? 140);
  const paint = (k: ChangeKind, s: string) => (opts.color ? `\u001b[${COLOR[k]}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  lines.push(`aims-scan diff — account ${terminalSafe(d.after.accountId)}: ${terminalSafe(d.before.scanId)} (${d.before.overall}) → ${terminalSafe(d.after.scanId)} (${d.after.overall})`);
  for (const w of d.warnings) lines.push(`warning: ${terminalSafe(w)}`);
  lines.push('');
  if (!d.changes.length) {
    lines.push('No changes.');
  } else {
    const kW = 10;
    const cW = 6;
    const offW = 22;
    const sW = 27;
    const subW = Math.max(30, Math.floor((width - kW - cW - offW - sW - 8) * 0.55));
    const rW = Math.max(20, width - kW - cW - offW - sW - subW - 10);
    lines.push(`${'CHANGE'.padEnd(kW)}  ${'ID'.padEnd(cW)}  ${'ISO/IEC 42001'.padEnd(offW)}  ${'CHECK / RESOURCE'.padEnd(subW)}  ${'BEFORE → AFTER'.padEnd(sW)}  REASON`);
    for (const e of d.changes) {
      const off = cut(e.officialReferences.join(' ') + (e.flag !== 'OK' ? ` ${e.flag}` : ''), offW).padEnd(offW);
      const move = `${st(e.before)} → ${st(e.after)}`.padEnd(sW);
      lines.push(
        `${paint(e.kind, LABEL[e.kind].padEnd(kW))}  ${terminalSafe(e.control).padEnd(cW)}  ${off}  ${cut(terminalSafe(subject(e)), subW).padEnd(subW)}  ${move}  ${cut(terminalSafe(e.reason), rW)}`,
      );
    }
  }
  lines.push('');
  lines.push(`changes: ${counts(d)}`);
  lines.push(d.regressed ? 'result: REGRESSED (new failures or new errors)' : 'result: no regression');
  return lines.join('\n') + '\n';
}

export function renderDiffMarkdown(d: ReportDiff): string {
  const out: string[] = [];
  out.push(`## aims-scan diff — ${d.regressed ? '❌ regressed' : '✅ no regression'}`);
  out.push('');
  out.push(`Account ${mdEscape(d.after.accountId)} · before: ${mdEscape(d.before.scanId)} (${mdEscape(d.before.startedAt)}, ${d.before.overall}) · after: ${mdEscape(d.after.scanId)} (${mdEscape(d.after.startedAt)}, ${d.after.overall})`);
  out.push('');
  for (const w of d.warnings) out.push(`> ⚠️ ${mdEscape(w)}`);
  if (d.warnings.length) out.push('');
  out.push('| Change | Controls | All entries |');
  out.push('| --- | ---: | ---: |');
  for (const k of CHANGE_KINDS) out.push(`| ${TITLE[k]} | ${d.controls[k]} | ${d.summary[k]} |`);
  out.push('');
  for (const k of CHANGE_KINDS) {
    const rows = d.changes.filter((e) => e.kind === k);
    if (!rows.length) continue;
    // What still fails is known already: folded, so the changes stay at the top of a job page.
    const fold = k === 'still-failing';
    out.push(fold ? `<details><summary>${TITLE[k]} (${rows.length})</summary>` : `### ${TITLE[k]} (${rows.length})`);
    out.push('');
    out.push('| ID (document) | ISO/IEC 42001:2023 | Flag | Check | Region / resource | Before | After | Reason |');
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const e of rows) {
      const where = e.level === 'resource' ? `${mdEscape(e.resource ?? '')}${e.region ? ` (${mdEscape(e.region)})` : ''}` : e.level === 'region' ? mdEscape(e.region ?? '') : '—';
      out.push(
        `| ${mdEscape(e.control)} | ${e.officialReferences.map(mdEscape).join(', ') || '—'} | ${mdEscape(e.flag)} | ${e.service ? mdEscape(e.service) : '(control)'} | ${where} | ${st(e.before)} | ${st(e.after)} | ${mdEscape(cut(e.reason, 300))} |`,
      );
    }
    out.push('');
    if (fold) out.push('</details>', '');
  }
  if (!d.changes.length) {
    out.push('No changes.');
    out.push('');
  }
  out.push('Document IDs are the mapping document’s own; the official ISO/IEC 42001:2023 references and crosswalk flag stand beside each.');
  return out.join('\n') + '\n';
}
