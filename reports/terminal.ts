// The summary table printed at the end of a scan. Account data is stripped of control characters
// so a hostile tag or name cannot move the cursor or recolour the terminal.
import type { Report } from '../src/engine/report.js';
import type { Status } from '../src/model.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(s: string): string {
  return s.replace(CONTROL, '\uFFFD');
}

const COLOR: Record<Status, string> = { PASS: '32', FAIL: '31', ERROR: '35', MANUAL: '33', NOT_APPLICABLE: '90', WAIVED: '36', ATTESTED: '34' };

function cut(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export function renderTerminal(report: Report, opts: { color: boolean; width?: number }): string {
  const width = Math.max(80, opts.width ?? 120);
  const paint = (s: Status, text: string) => (opts.color ? `\u001b[${COLOR[s]}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const a = report.scan.account;
  lines.push(`aims-scan ${report.tool.version} — account ${a.id} (${a.partition}), ${report.scan.regions.length} region(s)${report.scan.complete ? '' : ' — INCOMPLETE'}`);
  lines.push('');
  const idW = 6;
  const offW = 22;
  const stW = 14;
  const reasonW = width - idW - offW - stW - 6;
  lines.push(`${'ID'.padEnd(idW)}  ${'ISO/IEC 42001:2023'.padEnd(offW)}  ${'STATUS'.padEnd(stW)}  REASON`);
  for (const c of report.controls) {
    const off = cut(c.officialReferences.join(' '), offW).padEnd(offW);
    lines.push(`${c.id.padEnd(idW)}  ${off}  ${paint(c.status, c.status.padEnd(stW))}  ${cut(terminalSafe(c.reason), reasonW)}`);
  }
  const s = report.summary.controls;
  const k = report.summary.checks;
  lines.push('');
  const counts = (c: Record<Status, number>) => `${c.PASS} pass, ${c.FAIL} fail, ${c.ERROR} error, ${c.MANUAL} manual, ${c.NOT_APPLICABLE} n/a${c.WAIVED ? `, ${c.WAIVED} waived` : ''}${c.ATTESTED ? `, ${c.ATTESTED} attested` : ''}`;
  lines.push(`controls: ${counts(s)}   checks: ${counts(k)}`);
  lines.push(`overall: ${paint(report.summary.overall, report.summary.overall)}   (document IDs; official ISO/IEC 42001 references beside each)`);
  return lines.join('\n') + '\n';
}
