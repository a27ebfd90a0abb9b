// `aims-scan controls`: the catalog with the official ISO/IEC 42001:2023 references beside each ID.
import type { Registry } from '../src/engine/registry.js';
import type { CrosswalkLookup } from '../src/engine/report.js';

export function renderControls(registry: Registry, crosswalk: CrosswalkLookup, format: 'table' | 'json'): string {
  const rows = registry.controlIds.map((id) => {
    const c = registry.control(id);
    const x = crosswalk(id);
    return {
      id,
      title: c.title,
      officialReferences: x?.officialReferences ?? [],
      otherStandards: x?.otherStandards ?? [],
      flag: x?.flag ?? 'UNMAPPED',
      note: x?.note ?? '',
      services: c.mappings.map((m) => ({ service: m.service, probe: registry.probeFor(m.service)?.id ?? null })),
    };
  });
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  const lines = [`${'ID'.padEnd(6)}  ${'FLAG'.padEnd(6)}  ${'OFFICIAL ISO/IEC 42001:2023'.padEnd(34)}  TITLE (document)`];
  for (const r of rows) {
    lines.push(`${r.id.padEnd(6)}  ${r.flag.padEnd(6)}  ${r.officialReferences.join(' ').slice(0, 34).padEnd(34)}  ${r.title}`);
    for (const s of r.services) lines.push(`${''.padEnd(16)}- ${s.service}${s.probe ? '' : '  (no automated probe yet: MANUAL)'}`);
  }
  lines.push('', 'Flags: OK same number and topic · TITLE number exists, title differs · MOVED the standard uses the number for another topic · ABSENT no such number in the standard.');
  return lines.join('\n') + '\n';
}
