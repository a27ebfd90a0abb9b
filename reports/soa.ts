// Statement of Applicability draft (soa.csv): the 38 Annex A controls of ISO/IEC 42001:2023 with
// the scan's evidence. Applicability and its justification are the organization's decision
// (clause 6.1.3), so they are left empty to fill in. The evidence has its own columns: the checks
// that support each control (checks/official-evidence.ts), those failing, attestations and
// waivers. Reasons, owners and evidence text can carry account data: every field is quoted and
// formula prefixes are neutralised before a spreadsheet sees them. The file starts with a UTF-8
// byte order mark so Excel on Windows reads "—" and accents as UTF-8.
import type { Report } from '../src/engine/report.js';
import { buildOfficialView, NO_EVIDENCE, type OfficialRow, type OfficialView } from './official.js';

export const SOA_COLUMNS = ['control', 'title', 'objective', 'applicable', 'justification', 'aws_evidence_status', 'supporting_checks', 'failing_checks', 'attestations', 'waivers', 'document_controls'] as const;

export type SoaRow = Record<(typeof SOA_COLUMNS)[number], string>;

/** A person's decision for one control; without one, `applicable` and `justification` stay empty. */
export interface Applicability {
  applicable: boolean;
  justification: string;
}

export interface SoaOptions {
  view?: OfficialView;
  decisions?: Record<string, Applicability>;
}

/** Several items in one cell. Not a line break: a cell stays one line for every CSV reader. */
export const ITEM_SEPARATOR = ' | ';

export function soaRows(report: Report, opts: SoaOptions = {}): SoaRow[] {
  const view = opts.view ?? buildOfficialView(report);
  return view.annexA.map((r) => {
    const d = opts.decisions?.[r.id];
    return {
      control: r.id,
      title: r.title,
      objective: r.parent,
      applicable: d ? (d.applicable ? 'yes' : 'no') : '',
      justification: d?.justification ?? '',
      aws_evidence_status: r.evidenceStatus ?? (r.checks.length ? 'NOT_SCANNED' : 'NONE'),
      ...evidenceColumns(r),
      document_controls: r.crosswalk.map((x) => `${x.documentId} (${x.flag})`).join(', '),
    };
  });
}

/** The evidence columns of one official row. */
export function evidenceColumns(r: OfficialRow): Pick<SoaRow, 'supporting_checks' | 'failing_checks' | 'attestations' | 'waivers'> {
  const join = (xs: string[]) => xs.join(ITEM_SEPARATOR);
  const name = (k: OfficialRow['checks'][number]) => `${k.service}${k.extension ? ' (extension)' : ''}`;
  const results = r.checks.flatMap((k) => k.results.map((x) => ({ k, x })));
  return {
    supporting_checks: r.checks.length ? join(r.checks.map((k) => `${name(k)}: ${k.status ?? 'not scanned'} — ${k.why}`)) : NO_EVIDENCE,
    failing_checks: join(results.filter(({ x }) => x.status === 'FAIL' || x.status === 'ERROR').map(({ k, x }) => `${name(k)} [${x.documentId}] ${x.status}: ${x.reason}`)),
    attestations: join(results.filter(({ x }) => x.attestation).map(({ k, x }) => `${name(k)} [${x.documentId}]: ${x.attestation!.evidence} (owner ${x.attestation!.owner}, ${x.attestation!.date}, expires ${x.attestation!.expires})`)),
    waivers: join(
      results.flatMap(({ k, x }) => [
        ...(x.waiver ? [`${name(k)} [${x.documentId}]: ${x.waiver.reason} (owner ${x.waiver.owner}, until ${x.waiver.expires})`] : []),
        ...x.waivedResources.map((w) => `${name(k)} [${x.documentId}] ${w.id}: ${w.waiver.reason} (owner ${w.waiver.owner}, until ${w.waiver.expires})`),
      ]),
    ),
  };
}

/** The CSV text (RFC 4180, CRLF). The file adds a byte order mark: see soaCsvFile. */
export function renderSoaCsv(report: Report, opts: SoaOptions = {}): string {
  const rows = soaRows(report, opts);
  const lines = [SOA_COLUMNS.map(csvField).join(',')];
  for (const r of rows) lines.push(SOA_COLUMNS.map((k) => csvField(r[k])).join(','));
  return lines.join('\r\n') + '\r\n';
}

export const UTF8_BOM = '\uFEFF';

/** soa.csv as written to disk: the UTF-8 byte order mark, then the CSV. */
export function soaCsvFile(report: Report, opts: SoaOptions = {}): string {
  return UTF8_BOM + renderSoaCsv(report, opts);
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
