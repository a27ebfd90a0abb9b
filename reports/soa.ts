// Statement of Applicability draft (soa.csv): the 38 Annex A controls of ISO/IEC 42001:2023, each
// applicable by default, with the scan's implementation evidence. People edit "applicable" and
// "justification"; the evidence column is the scan's and carries account data, so every field is
// quoted and formula prefixes are neutralised before a spreadsheet sees them.
import type { Report } from '../src/engine/report.js';
import { buildOfficialView, NO_EVIDENCE, type OfficialRow, type OfficialView } from './official.js';

export const SOA_COLUMNS = ['control', 'title', 'objective', 'applicable', 'justification', 'aws_evidence_status', 'implementation_evidence'] as const;

export interface SoaRow {
  control: string;
  title: string;
  objective: string;
  applicable: 'yes' | 'no';
  justification: string;
  aws_evidence_status: string;
  implementation_evidence: string;
}

/** A person's decision for one control, overriding the draft's default "yes". */
export interface Applicability {
  applicable: boolean;
  justification: string;
}

export const DEFAULT_JUSTIFICATION = 'Included by default in this draft: confirm or exclude with a justification (ISO/IEC 42001:2023 6.1.3).';

export function soaRows(report: Report, opts: { view?: OfficialView; decisions?: Record<string, Applicability> } = {}): SoaRow[] {
  const view = opts.view ?? buildOfficialView(report);
  return view.annexA.map((r) => {
    const d = opts.decisions?.[r.id];
    return {
      control: r.id,
      title: r.title,
      objective: r.parent,
      applicable: d ? (d.applicable ? 'yes' : 'no') : 'yes',
      justification: d?.justification ?? DEFAULT_JUSTIFICATION,
      aws_evidence_status: r.evidenceStatus ?? 'NONE',
      implementation_evidence: implementationEvidence(r),
    };
  });
}

/** The evidence column: which document controls and services support the control, and their verdicts. */
export function implementationEvidence(r: OfficialRow): string {
  if (!r.evidence.length) return NO_EVIDENCE;
  return r.evidence
    .map((e) => {
      if (e.status === null) return `${e.documentId}: not part of this scan`;
      const checks = e.checks.map((ch) => `${ch.service} ${ch.status}${ch.automated ? '' : ' (no automated probe)'}`).join('; ');
      return `${e.documentId} ${e.status}: ${e.reason} [${checks}]`;
    })
    .join(' | ');
}

export function renderSoaCsv(report: Report, opts: { view?: OfficialView; decisions?: Record<string, Applicability> } = {}): string {
  const rows = soaRows(report, opts);
  const lines = [SOA_COLUMNS.map(csvField).join(',')];
  for (const r of rows) lines.push(SOA_COLUMNS.map((k) => csvField(r[k])).join(','));
  // CRLF per RFC 4180; spreadsheets open it as is.
  return lines.join('\r\n') + '\r\n';
}

/**
 * One CSV field: always quoted, quotes doubled, and a leading = + - @ (or tab/CR, which some
 * spreadsheets skip before evaluating) prefixed with an apostrophe so it is never a formula.
 */
export function csvField(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return `"${v.replace(/"/g, '""')}"`;
}
