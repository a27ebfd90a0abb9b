// The summary printed at the end of a scan: the control table, then each FAIL and ERROR as
// control → service → region → resource → one-line fix. Account data is stripped of control
// characters so a hostile tag or name cannot move the cursor or recolour the terminal. Lines are
// shortened only for a terminal of known width; piped or redirected output is complete.
import type { Report, ReportCheck } from '../src/engine/report.js';
import type { Status } from '../src/model.js';
import { checkCounts, controlReason } from './extensions.js';
import { truncate, wrapItems } from './text.js';
import { describeCauses, remedyOf, type Cause } from '../src/engine/evidence.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(s: string): string {
  return s.replace(CONTROL, '\uFFFD');
}

const COLOR: Record<Status, string> = { PASS: '32', FAIL: '31', ERROR: '35', MANUAL: '33', NOT_APPLICABLE: '90', WAIVED: '36', ATTESTED: '34' };

export interface TerminalOptions {
  color: boolean;
  /** The terminal's columns: pass process.stdout.columns, which is undefined when stdout is not a TTY. Without it nothing is cut. */
  width?: number;
  /** FAIL/ERROR lines listed after the table before "+N more" (default 15). */
  maxFindings?: number;
}

export const DEFAULT_MAX_FINDINGS = 15;

export function renderTerminal(report: Report, opts: TerminalOptions): string {
  const width = opts.width && opts.width > 0 ? Math.max(80, opts.width) : undefined;
  const fit = (s: string, n: number) => (width ? truncate(s, n) : s);
  const paint = (s: Status, text: string) => (opts.color ? `\u001b[${COLOR[s]}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const a = report.scan.account;
  lines.push(terminalSafe(`aims-scan ${report.tool.version} — account ${a.id} (${a.partition}), ${report.scan.regions.length} region(s)${report.scan.complete ? '' : ' — INCOMPLETE'}`));
  lines.push('');
  const idW = Math.max(6, ...report.controls.map((c) => c.id.length));
  // Official references are never cut: a long list wraps onto continuation lines at an ID boundary.
  const offW = 22;
  const stW = 14;
  const reasonW = width ? width - idW - offW - stW - 6 : Infinity;
  lines.push(`${'ID'.padEnd(idW)}  ${'ISO/IEC 42001:2023'.padEnd(offW)}  ${'STATUS'.padEnd(stW)}  REASON`);
  for (const c of report.controls) {
    const [first, ...more] = wrapItems(c.officialReferences.map(terminalSafe), offW);
    lines.push(`${terminalSafe(c.id).padEnd(idW)}  ${first.padEnd(offW)}  ${paint(c.status, c.status.padEnd(stW))}  ${fit(terminalSafe(controlReason(c)), reasonW)}`);
    for (const m of more) lines.push(`${''.padEnd(idW)}  ${m}`);
  }
  const s = report.summary.controls;
  const k = checkCounts(report.controls);
  lines.push('');
  const counts = (c: Record<Status, number>) => `${c.PASS} pass, ${c.FAIL} fail, ${c.ERROR} error, ${c.MANUAL} manual, ${c.NOT_APPLICABLE} n/a${c.WAIVED ? `, ${c.WAIVED} waived` : ''}${c.ATTESTED ? `, ${c.ATTESTED} attested` : ''}`;
  lines.push(`controls: ${counts(s)}`);
  lines.push(`checks:   ${counts(k.document)} (document mappings)`);
  if (k.extensionTotal) lines.push(`extensions: ${counts(k.extensions)} (checks beyond the document)`);
  lines.push(`overall: ${paint(report.summary.overall, report.summary.overall)}   (document IDs; official ISO/IEC 42001 references beside each)`);
  lines.push(...renderFindings(report, { width, max: opts.maxFindings ?? DEFAULT_MAX_FINDINGS }));
  return lines.join('\n') + '\n';
}

/** One FAIL or ERROR where it can be fixed: a resource, else a region, else the check as a whole. */
export interface Finding {
  status: 'FAIL' | 'ERROR';
  /** Document control IDs the same finding appears under. */
  controls: string[];
  service: string;
  extension: boolean;
  region: string;
  resource: string;
  /** FAIL: the check's remediation; ERROR: the call or IAM action that is missing. */
  fix: string;
}

const bad = (s: string): s is 'FAIL' | 'ERROR' => s === 'FAIL' || s === 'ERROR';

/** Every ERROR and FAIL of the report, one per (service, region, resource, fix), listing the controls it appears under. */
export function collectFindings(report: Report): Finding[] {
  const out = new Map<string, Finding>();
  const add = (control: string, k: ReportCheck, status: 'FAIL' | 'ERROR', region: string, resource: string, reason: string) => {
    const fix = status === 'FAIL' ? `fix: ${k.remediation ?? 'see the check in report.html'}` : missingAction(reason, k);
    const key = JSON.stringify([status, k.service, region, resource, fix]);
    const f = out.get(key);
    if (f) {
      if (!f.controls.includes(control)) f.controls.push(control);
    } else out.set(key, { status, controls: [control], service: k.service, extension: k.extension, region, resource, fix });
  };
  for (const c of report.controls) {
    for (const k of c.checks) {
      if (!bad(k.status)) continue;
      const badResources = k.resources.filter((r) => bad(r.status));
      for (const r of badResources) add(c.id, k, r.status as 'FAIL' | 'ERROR', r.region ?? '—', r.id, r.reason);
      for (const g of k.regions) {
        // A global check's single "global" region is already told by its resources, when it has failing ones.
        const told = badResources.some((r) => r.region === g.region) || (g.region === 'global' && badResources.length > 0);
        if (bad(g.status) && !told) add(c.id, k, g.status, g.region, '—', g.reason);
      }
      // Nothing more specific to point at: the check as a whole.
      if (!badResources.length && !k.regions.some((g) => bad(g.status))) add(c.id, k, k.status, '—', '—', k.reason);
    }
  }
  // Errors first: they are usually few, and fixing them (a permission) completes the verdicts.
  const list = [...out.values()];
  return [...list.filter((f) => f.status === 'ERROR'), ...list.filter((f) => f.status === 'FAIL')];
}

const ACTION = /\b([a-z][a-z0-9-]*:[A-Z][A-Za-z0-9]+)\b/;

/** What an ERROR needs: a `missing` field when the result has one, else the call or IAM action named in its reason. */
export function missingAction(reason: string, k?: object): string {
  const m = (k as { missing?: unknown } | undefined)?.missing;
  if (typeof m === 'string' && m) return `missing: ${m}`;
  if (Array.isArray(m) && m.length) {
    const causes = m as Cause[];
    const denied = [...new Set(causes.filter((c) => c.kind === 'denied' && c.action).map((c) => c.action))];
    if (denied.length === causes.length || (denied.length && causes.every((c) => c.kind === 'denied'))) return `missing permission: grant ${denied.join(', ')} to the scan role (see \`aims-scan iam-policy\`)`;
    const remedy = remedyOf(causes);
    return `missing: ${describeCauses(causes, 2)}${remedy ? ` — ${remedy}` : ''}`;
  }
  const action = ACTION.exec(reason)?.[1];
  if (!action) return `could not be evaluated: ${reason}`;
  if (/access ?denied|not authori[sz]ed|lacks|forbidden/i.test(reason)) return `missing permission: grant ${action} to the scan role (see \`aims-scan iam-policy\`)`;
  if (/throttl|rate exceeded/i.test(reason)) return `call ${action} throttled: scan again later or lower --concurrency`;
  return `call ${action} failed: ${reason}`;
}

function renderFindings(report: Report, opts: { width?: number; max: number }): string[] {
  const all = collectFindings(report);
  if (!all.length) return [];
  const fails = all.filter((f) => f.status === 'FAIL').length;
  const lines = ['', `Errors and failures (${all.length - fails} ERROR, ${fails} FAIL): control → service → region → resource → fix`];
  let previous = '';
  for (const f of all.slice(0, opts.max)) {
    // The same fix for several resources in a row is written once.
    const fix = f.fix === previous ? '(same fix as above)' : f.fix;
    previous = f.fix;
    const line = terminalSafe(`  ${f.status.padEnd(5)} ${f.controls.join(', ')} → ${f.service}${f.extension ? ' (extension)' : ''} → ${f.region} → ${f.resource} → ${fix}`);
    lines.push(opts.width ? truncate(line, opts.width) : line);
  }
  if (all.length > opts.max) lines.push(`  … +${all.length - opts.max} more: see report.html (or report.json)`);
  return lines;
}
