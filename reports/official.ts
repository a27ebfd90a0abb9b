// The official ISO/IEC 42001:2023 view: every clause (4–10) and all 38 Annex A controls, each with
// the checks that are evidence for it (checks/official-evidence.ts, one rationale per line) and
// their verdicts in this scan. Only those checks set a requirement's evidence status: a check
// that does not support a requirement can never fail it. The document controls that reference a
// requirement through the crosswalk are shown beside it as context, never as a verdict.
import { ANNEX_A_CONTROLS, CROSSWALK, OFFICIAL_CLAUSES, type CrosswalkEntry, type OfficialItem } from '../checks/crosswalk.js';
import { OFFICIAL_EVIDENCE, type CheckEvidence } from '../checks/official-evidence.js';
import { EXTENSIONS, PROBES } from '../checks/registry.js';
import type { Report, ReportCheck } from '../src/engine/report.js';
import { aggregateStatus, type Attestation, type Status, type Waiver } from '../src/model.js';
import { truncate } from './text.js';

export const NO_EVIDENCE = 'no AWS-verifiable evidence — needs documented attestation';

/** One result of a supporting check: the check as it ran under one document control. */
export interface OfficialCheckResult {
  documentId: string;
  status: Status;
  reason: string;
  waiver?: Waiver;
  attestation?: Attestation;
  /** Resources waived one by one (the check itself may still fail). */
  waivedResources: { id: string; waiver: Waiver }[];
}

/** A check that is evidence for the requirement, with its rationale and this scan's results. */
export interface OfficialCheck {
  probe: string;
  service: string;
  extension: boolean;
  /** Why this check is evidence for this requirement (checks/official-evidence.ts). */
  why: string;
  /** Worst of its counted results; null when the check was not part of this scan. */
  status: Status | null;
  results: OfficialCheckResult[];
}

export interface OfficialRow extends OfficialItem {
  /** Worst status of the supporting checks in this scan; null with none in the scan. */
  evidenceStatus: Status | null;
  checks: OfficialCheck[];
  /** Document controls whose crosswalk entry names this requirement: context only. */
  crosswalk: { documentId: string; flag: string }[];
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

/** Official ID → the checks (probe ids) that are evidence for it, with the link's rationale and scope. */
export function invertEvidence(evidence: Readonly<Record<string, CheckEvidence>> = OFFICIAL_EVIDENCE): Map<string, { probe: string; why: string; via?: readonly string[] }[]> {
  const inv = new Map<string, { probe: string; why: string; via?: readonly string[] }[]>();
  for (const [probe, e] of Object.entries(evidence)) {
    for (const l of e.links) {
      const list = inv.get(l.official) ?? [];
      list.push({ probe, why: l.why, ...(l.via ? { via: l.via } : {}) });
      inv.set(l.official, list);
    }
  }
  return inv;
}

const KNOWN = new Map<string, { service: string; extension: boolean }>([
  ...PROBES.map((p) => [p.id, { service: p.service, extension: false }] as const),
  ...EXTENSIONS.map((e) => [e.probe.id, { service: e.probe.service, extension: true }] as const),
]);

export interface OfficialViewOptions {
  crosswalk?: Readonly<Record<string, CrosswalkEntry>>;
  evidence?: Readonly<Record<string, CheckEvidence>>;
}

export function buildOfficialView(report: Report, opts: OfficialViewOptions = {}): OfficialView {
  const docRefs = invertCrosswalk(opts.crosswalk ?? CROSSWALK);
  const byOfficial = invertEvidence(opts.evidence ?? OFFICIAL_EVIDENCE);
  const crosswalk = opts.crosswalk ?? CROSSWALK;
  // Every check result in the scan, by probe id, with the document control it ran under.
  const ran = new Map<string, { documentId: string; check: ReportCheck }[]>();
  for (const c of report.controls) {
    for (const k of c.checks) {
      if (!k.probe) continue;
      const list = ran.get(k.probe) ?? [];
      list.push({ documentId: c.id, check: k });
      ran.set(k.probe, list);
    }
  }
  const row = (item: OfficialItem): OfficialRow => {
    const checks: OfficialCheck[] = (byOfficial.get(item.id) ?? []).map((link) => {
      const counted = (ran.get(link.probe) ?? []).filter((r) => !link.via || link.via.includes(r.documentId));
      const known = KNOWN.get(link.probe);
      const results: OfficialCheckResult[] = counted.map(({ documentId, check: k }) => ({
        documentId,
        status: k.status,
        reason: k.reason,
        ...(k.waiver ? { waiver: k.waiver } : {}),
        ...(k.attestation ? { attestation: k.attestation } : {}),
        waivedResources: k.resources.filter((x) => x.waiver).map((x) => ({ id: x.id, waiver: x.waiver! })),
      }));
      return {
        probe: link.probe,
        service: counted[0]?.check.service ?? known?.service ?? link.probe,
        extension: counted[0]?.check.extension ?? known?.extension ?? false,
        why: link.why,
        status: results.length ? aggregateStatus(results.map((r) => r.status)) : null,
        results,
      };
    });
    const inScan = checks.filter((k) => k.status !== null);
    const evidenceStatus = inScan.length ? aggregateStatus(inScan.map((k) => k.status as Status)) : null;
    let summary: string;
    if (!checks.length) summary = NO_EVIDENCE;
    else if (!inScan.length) summary = `not covered by this scan: check(s) ${checks.map((k) => k.service).join(', ')} support it when scanned`;
    // AWS evidence supports a requirement; it never satisfies one on its own, so a PASS is worded as support.
    else summary = `AWS evidence ${evidenceStatus}${evidenceStatus === 'PASS' ? ' (supports; documented information still required)' : ''} from ${inScan.map((k) => `${k.service} ${k.status}`).join(', ')}`;
    return {
      ...item,
      evidenceStatus,
      checks,
      crosswalk: (docRefs.get(item.id) ?? []).map((d) => ({ documentId: d, flag: crosswalk[d]?.flag ?? 'UNMAPPED' })),
      summary,
    };
  };
  return { clauses: OFFICIAL_CLAUSES.map(row), annexA: ANNEX_A_CONTROLS.map(row) };
}

/**
 * The terminal form (`scan --view official`). Plain text: callers strip control characters.
 * Lines are cut to `width` only when given (a terminal's columns); piped output is complete.
 */
export function renderOfficialText(view: OfficialView, opts: { width?: number } = {}): string {
  const fit = (s: string) => (opts.width ? truncate(s, Math.max(60, opts.width)) : s);
  const lines: string[] = ['Official ISO/IEC 42001:2023 view (clauses 4–10 and Annex A): the checks that are evidence for each requirement, and their verdicts in this scan', ''];
  const section = (title: string, rows: OfficialRow[]) => {
    lines.push(title);
    let parent = '';
    for (const r of rows) {
      if (r.parent !== parent) {
        parent = r.parent;
        lines.push(`  ${parent}`);
      }
      lines.push(fit(`    ${r.id.padEnd(8)} ${(r.evidenceStatus ?? '—').padEnd(14)} ${r.title}`));
      lines.push(fit(`             ${r.summary}`));
      for (const k of r.checks) lines.push(fit(`               · ${k.service}${k.extension ? ' (extension)' : ''}: ${k.status ?? 'not scanned'} — ${k.why}`));
    }
    lines.push('');
  };
  section('Clauses 4–10', view.clauses);
  section(`Annex A (${view.annexA.length} controls)`, view.annexA);
  const none = [...view.clauses, ...view.annexA].filter((r) => !r.checks.length).length;
  lines.push(`${none} of ${view.clauses.length + view.annexA.length} requirements have ${NO_EVIDENCE}.`);
  return lines.join('\n') + '\n';
}
