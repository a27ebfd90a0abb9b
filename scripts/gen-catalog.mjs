// Regenerates checks/catalog.ts from the mapping document. Run: node scripts/gen-catalog.mjs [seed]
import { readFileSync, writeFileSync } from 'node:fs';

const seed = process.argv[2] ?? '../shared/seeds/000_398a65081d186dac.txt';
const text = readFileSync(seed, 'utf8');
const controls = [];
let group = null;
let cur = null;
let svc = null;
for (const line of text.split('\n')) {
  let m;
  if ((m = line.match(/^## (.+)$/)) && line !== '## Overview') { group = m[1].trim(); continue; }
  if ((m = line.match(/^### (\S+) - (.+)$/))) {
    cur = { id: m[1], title: m[2].trim(), group, description: '', mappings: [] };
    controls.push(cur); svc = null; continue;
  }
  if (!cur) continue;
  if ((m = line.match(/^\*\*Description:\*\* (.+)$/))) { cur.description = m[1].trim(); continue; }
  if ((m = line.match(/^#### (.+)$/))) { svc = { service: m[1].trim(), implementation: '', controlSupport: '' }; cur.mappings.push(svc); continue; }
  if (svc && (m = line.match(/^- \*\*Implementation:\*\* (.+)$/))) svc.implementation = m[1].trim();
  if (svc && (m = line.match(/^- \*\*Control Support:\*\* (.+)$/))) svc.controlSupport = m[1].trim();
}
const body = `// Generated from the mapping document by scripts/gen-catalog.mjs; test/catalog.test.ts fails if it drifts.
// IDs and service names are the document's own (its Annex A numbering is not the standard's: see crosswalk.ts).

export interface Mapping {
  /** Service name exactly as the document writes it. */
  service: string;
  implementation: string;
  controlSupport: string;
}

export interface Control {
  id: string;
  title: string;
  /** The document's clause group heading ("6 - Planning", "Annex A"). */
  group: string;
  description: string;
  mappings: Mapping[];
}

export const CONTROLS: readonly Control[] = ${JSON.stringify(controls, null, 2)};
`;
writeFileSync('checks/catalog.ts', body);
console.log(`controls=${controls.length} mappings=${controls.reduce((n, c) => n + c.mappings.length, 0)} services=${new Set(controls.flatMap((c) => c.mappings.map((m) => m.service))).size}`);
