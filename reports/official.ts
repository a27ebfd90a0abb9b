// The official ISO/IEC 42001:2023 view: every clause (4–10) and all 38 Annex A controls, each
// with the scan's evidence that supports it through the crosswalk (inverted). An auditor reads the
// standard's numbers here, never the document's own Annex A numbering.
import { ANNEX_A_CONTROLS, CROSSWALK, OFFICIAL_CLAUSES, type CrosswalkEntry, type OfficialItem } from '../checks/crosswalk.js';
import type { Report, ReportControl } from '../src/engine/report.js';
import { aggregateStatus, type Status } from '../src/model.js';

export const NO_EVIDENCE = 'no AWS-verifiable evidence — needs documented attestation';

export interface OfficialEvidence {
  /** The document's control ID whose checks support the official item. */
  documentId: string;
  documentTitle: string;
  flag: string;
  note: string;
  /** Null when the document control supports the item but was not part of this scan. */
  status: Status | null;
  reason: string;
  checks: { service: string; status: Status; reason: string; automated: boolean }[];
}

export interface OfficialRow extends OfficialItem {
  /** Worst status of the supporting document controls in this scan; null with no evidence. */
  evidenceStatus: Status | null;
  evidence: OfficialEvidence[];
  /** One line: what the evidence says, or why there is none. */
  summary: string;
}

export interface OfficialView {
  clauses: OfficialRow[];
  annexA: OfficialRow[];
}

/** Official ID → document IDs whose crosswalk entry references it, in document order. */
export function invertCrosswalk(crosswalk: Readonly<Record<string, CrosswalkEntry>> = CROSSWALK): Map<string, string[]> {
  const inv = new Map<string, string[]>();
  for (const [docId, entry] of Object.entries(crosswalk)) {
    for (const ref of entry.officialReferences) {
      const list = inv.get(ref) ?? [];
      if (!list.includes(docId)) list.push(docId);
      inv.set(ref, list);
    }
  }
  return inv;
}

export function buildOfficialView(report: Report, crosswalk: Readonly<Record<string, CrosswalkEntry>> = CROSSWALK): OfficialView {
  const inv = invertCrosswalk(crosswalk);
  const scanned = new Map<string, ReportControl>(report.controls.map((c) => [c.id, c]));
  const row = (item: OfficialItem): OfficialRow => {
    const evidence: OfficialEvidence[] = (inv.get(item.id) ?? []).map((docId) => {
      const c = scanned.get(docId);
      const x = crosswalk[docId];
      if (!c) return { documentId: docId, documentTitle: '', flag: x.flag, note: x.note, status: null, reason: 'not part of this scan', checks: [] };
      return {
        documentId: c.id,
        documentTitle: c.title,
        flag: c.flag,
        note: c.crosswalkNote,
        status: c.status,
        reason: c.reason,
        checks: c.checks.map((ch) => ({ service: ch.service, status: ch.status, reason: ch.reason, automated: ch.probe !== null })),
      };
    });
    const inScan = evidence.filter((e) => e.status !== null);
    const automated = inScan.some((e) => e.checks.some((ch) => ch.automated));
    const evidenceStatus = inScan.length ? aggregateStatus(inScan.map((e) => e.status as Status)) : null;
    let summary: string;
    if (!evidence.length) summary = NO_EVIDENCE;
    else if (!inScan.length) summary = `not covered by this scan: supported by document control(s) ${evidence.map((e) => e.documentId).join(', ')} when scanned`;
    else if (!automated) summary = `document control(s) ${inScan.map((e) => e.documentId).join(', ')} have no automated probe yet: needs documented attestation`;
    // AWS evidence supports a requirement; it never satisfies one on its own, so a PASS is worded as support.
    else summary = `AWS evidence ${evidenceStatus}${evidenceStatus === 'PASS' ? ' (supports; documented information still required)' : ''} from document control(s) ${inScan.map((e) => `${e.documentId} ${e.status}`).join(', ')}`;
    return { ...item, evidenceStatus, evidence, summary };
  };
  return { clauses: OFFICIAL_CLAUSES.map(row), annexA: ANNEX_A_CONTROLS.map(row) };
}

/** The terminal form (`scan --view official`). Plain text: callers strip control characters. */
export function renderOfficialText(view: OfficialView, opts: { width?: number } = {}): string {
  const width = Math.max(80, opts.width ?? 120);
  const lines: string[] = ['Official ISO/IEC 42001:2023 view (clauses 4–10 and Annex A), with the AWS evidence from this scan', ''];
  const section = (title: string, rows: OfficialRow[]) => {
    lines.push(title);
    let parent = '';
    for (const r of rows) {
      if (r.parent !== parent) {
        parent = r.parent;
        lines.push(`  ${parent}`);
      }
      const head = `    ${r.id.padEnd(8)} ${(r.evidenceStatus ?? '—').padEnd(14)} ${r.title}`;
      lines.push(cut(head, width));
      lines.push(cut(`             ${r.summary}`, width));
    }
    lines.push('');
  };
  section('Clauses 4–10', view.clauses);
  section(`Annex A (${view.annexA.length} controls)`, view.annexA);
  const none = [...view.clauses, ...view.annexA].filter((r) => !r.evidence.length).length;
  lines.push(`${none} of ${view.clauses.length + view.annexA.length} requirements have ${NO_EVIDENCE}.`);
  return lines.join('\n') + '\n';
}

function cut(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
