// A scan diff as a terminal table, JSON or Markdown. Resource ids and reasons come from the
// account: control characters are neutralised for the terminal and everything is escaped for
// Markdown, so a hostile tag or name can neither move the cursor nor become a link or HTML.
import type { ChangeKind, DiffEntry, DiffStatus, ReportDiff } from '../src/diff/diff.js';
import { CHANGE_KINDS } from '../src/diff/diff.js';
import { mdEscape } from './markdown.js';
import { terminalSafe } from './terminal.js';
import { truncate } from './text.js';

const TITLE: Record<ChangeKind, string> = {
  'new-failure': 'New failures',
  'new-error': 'New errors',
  changed: 'Other changes',
  fixed: 'Fixed',
  'still-failing': 'Still failing (unchanged)',
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

/** What the entry is about, below its control: the check, then region or resource. */
function subject(e: DiffEntry): string {
  if (e.level === 'control') return '(control)';
  const where = e.level === 'region' ? `region ${e.region}` : e.level === 'resource' ? `${e.resource}${e.region ? ` (${e.region})` : ''}` : '';
  const service = `${e.service}${e.extension ? ' (extension)' : ''}`;
  return where ? `${service} — ${where}` : service;
}

function counts(d: ReportDiff): string {
  return CHANGE_KINDS.map((k) => `${d.summary[k]} ${TITLE[k].toLowerCase()}`).join(', ');
}

export function renderDiffJson(d: ReportDiff): string {
  return JSON.stringify(d, null, 2) + '\n';
}

/** The entries that are changes: everything but what still fails unchanged. */
export function realChanges(d: ReportDiff): DiffEntry[] {
  return d.changes.filter((e) => e.kind !== 'still-failing');
}

export interface DiffTableOptions {
  color?: boolean;
  /** The terminal's columns (undefined when stdout is not a TTY): lines are cut only with it. */
  width?: number;
  /** Also list what still fails unchanged (hidden by default: it is not a change). */
  all?: boolean;
}

export function renderDiffTable(d: ReportDiff, opts: DiffTableOptions = {}): string {
  const width = opts.width && opts.width > 0 ? Math.max(100, opts.width) : undefined;
  const fit = (s: string, n: number) => (width ? truncate(s, n) : s);
  const paint = (k: ChangeKind, s: string) => (opts.color ? `\u001b[${COLOR[k]}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  lines.push(`aims-scan diff — account ${terminalSafe(d.after.accountId)}: ${terminalSafe(d.before.scanId)} (${d.before.overall}) → ${terminalSafe(d.after.scanId)} (${d.after.overall})`);
  for (const w of d.warnings) lines.push(`warning: ${terminalSafe(w)}`);
  lines.push('');
  const shown = opts.all ? d.changes : realChanges(d);
  const unchanged = d.summary['still-failing'];
  if (!shown.length) {
    lines.push(`No changes.${unchanged ? ` (${unchanged} result(s) still fail, unchanged: --all lists them.)` : ''}`);
  } else {
    const offs = shown.map((e) => e.officialReferences.join(' ') + (e.flag !== 'OK' ? ` ${e.flag}` : ''));
    const subjects = shown.map((e) => terminalSafe(subject(e)));
    const kW = 10;
    const cW = Math.max(6, ...shown.map((e) => terminalSafe(e.control).length));
    const sW = 27;
    const offW = width ? 22 : Math.max(13, ...offs.map((o) => o.length));
    // On a terminal the check column takes about half of what is left and the reason the rest.
    const subW = width ? Math.max(20, Math.floor((width - kW - cW - offW - sW - 10) * 0.5)) : Math.max(16, ...subjects.map((x) => x.length));
    const rW = width ? Math.max(10, width - kW - cW - offW - sW - subW - 10) : Infinity;
    lines.push(`${'CHANGE'.padEnd(kW)}  ${'ID'.padEnd(cW)}  ${'ISO/IEC 42001'.padEnd(offW)}  ${'CHECK / RESOURCE'.padEnd(subW)}  ${'BEFORE → AFTER'.padEnd(sW)}  REASON`);
    shown.forEach((e, i) => {
      const move = `${st(e.before)} → ${st(e.after)}`.padEnd(sW);
      lines.push(
        `${paint(e.kind, LABEL[e.kind].padEnd(kW))}  ${terminalSafe(e.control).padEnd(cW)}  ${fit(offs[i], offW).padEnd(offW)}  ${fit(subjects[i], subW).padEnd(subW)}  ${move}  ${fit(terminalSafe(e.reason), rW)}`,
      );
    });
    if (!opts.all && unchanged) lines.push('', `${unchanged} result(s) still fail, unchanged (not listed: --all lists them).`);
  }
  if (d.assets && (d.assets.added.length || d.assets.removed.length)) {
    lines.push('', `AI assets: ${d.assets.added.length} added, ${d.assets.removed.length} removed`);
    for (const [sign, list] of [['+', d.assets.added], ['-', d.assets.removed]] as const) for (const a of list) lines.push(fit(`  ${sign} ${terminalSafe(a.kind)} ${terminalSafe(a.name)}${a.region ? ` (${terminalSafe(a.region)})` : ''} ${terminalSafe(a.id)}`, width ?? Infinity));
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
  if (!realChanges(d).length) out.push('No changes.', '');
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
        `| ${mdEscape(e.control)} | ${e.officialReferences.map(mdEscape).join(', ') || '—'} | ${mdEscape(e.flag)} | ${e.service ? mdEscape(e.service) : '(control)'} | ${where} | ${st(e.before)} | ${st(e.after)} | ${mdEscape(truncate(e.reason, 300))} |`,
      );
    }
    out.push('');
    if (fold) out.push('</details>', '');
  }
  if (d.assets && (d.assets.added.length || d.assets.removed.length)) {
    out.push(`### AI assets (${d.assets.added.length} added, ${d.assets.removed.length} removed)`, '', '| Change | Kind | Name | Region | ID |', '| --- | --- | --- | --- | --- |');
    for (const [word, list] of [['added', d.assets.added], ['removed', d.assets.removed]] as const) {
      for (const a of list) out.push(`| ${word} | ${mdEscape(a.kind)} | ${mdEscape(a.name)} | ${mdEscape(a.region ?? '—')} | ${mdEscape(a.id)} |`);
    }
    out.push('');
  }
  out.push('Document IDs are the mapping document’s own; the official ISO/IEC 42001:2023 references and crosswalk flag stand beside each.');
  return out.join('\n') + '\n';
}
