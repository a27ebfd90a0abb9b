// Markdown summary for a CI job page (GitHub's $GITHUB_STEP_SUMMARY): verdict counts, the failing
// controls with their reasons, and a link-free table. Account text is escaped so a tag or name can
// neither break the table nor become a link, an image or HTML.
import { appendFileSync } from 'node:fs';
import type { Report } from '../src/engine/report.js';
import { STATUS_ORDER, type Status } from '../src/model.js';
import { checkCounts, controlReason } from './extensions.js';
import { truncate } from './text.js';

/**
 * Text from an account as inert Markdown: one line, HTML-escaped, Markdown punctuation that could
 * start emphasis, code, links, images or table cells backslash-escaped, and the characters GitHub
 * autolinks on (`://`, `www.`, `@`) written as entities so no bare URL or e-mail becomes a link.
 */
export function mdEscape(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]()!|~#{}]/g, (c) => `\\${c}`)
      .replace(/:(?=\/\/)/g, '&#58;')
      .replace(/(www)\./gi, '$1&#46;')
      .replace(/@/g, '&#64;')
  );
}

const EMOJI: Record<Status, string> = { PASS: '✅', FAIL: '❌', ERROR: '⚠️', MANUAL: '📝', NOT_APPLICABLE: '➖', WAIVED: '🕊️', ATTESTED: '🖊️' };

export function renderMarkdown(report: Report): string {
  const a = report.scan.account;
  const out: string[] = [];
  out.push(`## aims-scan — ISO/IEC 42001:2023 evidence: ${EMOJI[report.summary.overall]} ${report.summary.overall}${report.scan.complete ? '' : ' (INCOMPLETE scan)'}`);
  out.push('');
  out.push(`Account ${mdEscape(a.id)} (${mdEscape(a.partition)}) · caller ${mdEscape(a.callerArn)} · ${report.scan.regions.length} region(s) · ${mdEscape(report.scan.startedAt)} · ${mdEscape(report.tool.name)} ${mdEscape(report.tool.version)} (${report.scan.mode})`);
  out.push('');
  // Extensions (checks beyond the document's mappings) are counted apart from the document's checks.
  const split = checkCounts(report.controls);
  const ext = split.extensionTotal > 0;
  out.push(`| Verdict | Controls | Checks (document mappings) |${ext ? ' Extensions |' : ''}`);
  out.push(`| --- | ---: | ---: |${ext ? ' ---: |' : ''}`);
  for (const s of STATUS_ORDER) {
    if (!report.summary.controls[s] && !split.document[s] && !split.extensions[s]) continue;
    out.push(`| ${EMOJI[s]} ${s} | ${report.summary.controls[s]} | ${split.document[s]} |${ext ? ` ${split.extensions[s]} |` : ''}`);
  }
  out.push('');
  const failing = report.controls.filter((c) => c.status === 'FAIL' || c.status === 'ERROR');
  out.push(`### Controls that fail or could not be evaluated (${failing.length})`);
  out.push('');
  if (!failing.length) out.push('None.');
  for (const c of failing) {
    const official = c.officialReferences.length ? ` (ISO/IEC 42001:2023 ${c.officialReferences.map(mdEscape).join(', ')}; ${mdEscape(c.flag)})` : '';
    out.push(`- **${mdEscape(c.id)} ${mdEscape(c.title)}**${official} — ${c.status}: ${mdEscape(truncate(controlReason(c), 400))}`);
    for (const ch of c.checks.filter((k) => k.status === 'FAIL' || k.status === 'ERROR')) {
      out.push(`  - ${mdEscape(ch.service)}${ch.extension ? ' (extension)' : ''} — ${ch.status}: ${mdEscape(truncate(ch.reason, 400))}`);
    }
  }
  out.push('');
  out.push('### All controls');
  out.push('');
  out.push('| ID (document) | ISO/IEC 42001:2023 | Flag | Status | Reason |');
  out.push('| --- | --- | --- | --- | --- |');
  for (const c of report.controls) {
    out.push(`| ${mdEscape(c.id)} | ${c.officialReferences.map(mdEscape).join(', ') || '—'} | ${mdEscape(c.flag)} | ${EMOJI[c.status]} ${c.status} | ${mdEscape(truncate(controlReason(c), 300))} |`);
  }
  out.push('');
  out.push('Document IDs are the mapping document’s own; the official ISO/IEC 42001:2023 references and crosswalk flag stand beside each. Full evidence: report.json, report.html and calls.jsonl.');
  return out.join('\n') + '\n';
}

/** Appends the summary to GitHub's job summary file when the variable is set; returns the file or null. */
export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return null;
  appendFileSync(file, markdown.endsWith('\n') ? markdown + '\n' : markdown + '\n\n');
  return file;
}
