// `aims-scan controls`: the catalog with the official ISO/IEC 42001:2023 references beside each
// ID, the checks of each control (the document's mappings, then the extensions apart) and the
// official requirements each check is evidence for. `--evidence` prints that mapping per check
// with its rationale (checks/official-evidence.ts), for an auditor to review line by line.
// Official IDs are never cut: a long list wraps onto the next lines at an ID boundary.
import { OFFICIAL_EVIDENCE, officialIdsFor } from '../checks/official-evidence.js';
import type { Registry } from '../src/engine/registry.js';
import type { CrosswalkLookup } from '../src/engine/report.js';
import { wrapItems } from './text.js';

interface CheckRow {
  service: string;
  probe: string | null;
  /** Official requirements this check's result under this control is evidence for. */
  officialEvidence: string[];
}

export interface ControlRow {
  id: string;
  title: string;
  officialReferences: string[];
  otherStandards: string[];
  flag: string;
  note: string;
  services: CheckRow[];
  /** Checks beyond the document's mappings, reported apart. */
  extensions: CheckRow[];
}

export function controlRows(registry: Registry, crosswalk: CrosswalkLookup): ControlRow[] {
  return registry.controlIds.map((id) => {
    const c = registry.control(id);
    const x = crosswalk(id);
    return {
      id,
      title: c.title,
      officialReferences: x?.officialReferences ?? [],
      otherStandards: x?.otherStandards ?? [],
      flag: x?.flag ?? 'UNMAPPED',
      note: x?.note ?? '',
      services: c.mappings.map((m) => {
        const probe = registry.probeFor(m.service)?.id ?? null;
        return { service: m.service, probe, officialEvidence: officialIdsFor(probe, id) };
      }),
      extensions: registry.extensionsFor(id).map((p) => ({ service: p.service, probe: p.id, officialEvidence: officialIdsFor(p.id, id) })),
    };
  });
}

const OFF_W = 34;
const INDENT = ''.padEnd(16);

function checkLine(s: CheckRow): string {
  const evidence = s.officialEvidence.length ? `evidence for ${s.officialEvidence.join(', ')}` : 'evidence for no ISO/IEC 42001 requirement';
  return `${INDENT}- ${s.service}${s.probe ? `  → ${evidence}` : '  (no automated probe yet: MANUAL)'}`;
}

export function renderControls(registry: Registry, crosswalk: CrosswalkLookup, format: 'table' | 'json'): string {
  const rows = controlRows(registry, crosswalk);
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  const lines = [`${'ID'.padEnd(6)}  ${'FLAG'.padEnd(6)}  ${'OFFICIAL ISO/IEC 42001:2023'.padEnd(OFF_W)}  TITLE (document)`];
  for (const r of rows) {
    const [first, ...more] = wrapItems(r.officialReferences, OFF_W);
    lines.push(`${r.id.padEnd(6)}  ${r.flag.padEnd(6)}  ${first.padEnd(OFF_W)}  ${r.title}`);
    for (const m of more) lines.push(`${''.padEnd(16)}${m}`);
    for (const s of r.services) lines.push(checkLine(s));
    if (r.extensions.length) {
      lines.push(`${INDENT}extensions (checks beyond the document's mappings):`);
      for (const s of r.extensions) lines.push(checkLine(s));
    }
  }
  lines.push(
    '',
    'Flags: OK same number and topic · TITLE number exists, title differs · MOVED the standard uses the number for another topic · ABSENT no such number in the standard.',
    "The official view and soa.csv take each requirement's verdict only from the checks that are evidence for it (`aims-scan controls --evidence` shows why).",
  );
  return lines.join('\n') + '\n';
}

/** `controls --evidence`: per check, the official requirements it is evidence for and why; or why none. */
export function renderEvidenceMap(registry: Registry, format: 'table' | 'json'): string {
  const probes = new Map<string, { service: string; controls: string[]; extension: boolean }>();
  for (const id of registry.controlIds) {
    for (const m of registry.control(id).mappings) {
      const p = registry.probeFor(m.service);
      if (!p) continue;
      const e = probes.get(p.id) ?? { service: p.service, controls: [], extension: false };
      e.controls.push(id);
      probes.set(p.id, e);
    }
    for (const p of registry.extensionsFor(id)) {
      const e = probes.get(p.id) ?? { service: p.service, controls: [], extension: true };
      e.controls.push(id);
      probes.set(p.id, e);
    }
  }
  const rows = [...probes.entries()].map(([probe, p]) => ({ probe, service: p.service, extension: p.extension, documentControls: p.controls, ...(OFFICIAL_EVIDENCE[probe] ?? { links: [], note: 'no entry in checks/official-evidence.ts' }) }));
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  const lines = ['Which official ISO/IEC 42001:2023 requirements each check is evidence for (checks/official-evidence.ts)', ''];
  for (const r of rows) {
    lines.push(`${r.service}${r.extension ? ' (extension)' : ''} [${r.probe}] — runs for document control(s) ${r.documentControls.join(', ')}`);
    if (!r.links.length) lines.push('    evidence for no ISO/IEC 42001 requirement');
    for (const l of r.links) lines.push(`    ${l.official}${l.via ? ` (as judged for ${l.via.join(', ')})` : ''}: ${l.why}`);
    lines.push(`    note: ${r.note}`, '');
  }
  return lines.join('\n');
}
