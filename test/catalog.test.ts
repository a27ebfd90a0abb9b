// The catalog must say what the mapping document says: counts, IDs, service names, pairs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../checks/catalog.js';
import { ANNEX_A_CONTROLS, CROSSWALK, OFFICIAL_CLAUSES, isOfficialId } from '../checks/crosswalk.js';

const SEED = join(__dirname, '..', '..', 'shared', 'seeds', '000_398a65081d186dac.txt');

/** Reads the document with a parser of its own, independent of scripts/gen-catalog.mjs. */
function readSeed(): { id: string; title: string; pairs: [string, string, string][] }[] {
  const text = readFileSync(SEED, 'utf8');
  const out: { id: string; title: string; pairs: [string, string, string][] }[] = [];
  const blocks = text.split(/\n(?=### )/).slice(1);
  for (const block of blocks) {
    const head = block.match(/^### (\S+) - (.+)/);
    if (!head) continue;
    const c = { id: head[1], title: head[2].trim(), pairs: [] as [string, string, string][] };
    for (const svc of block.split(/\n(?=#### )/).slice(1)) {
      const name = svc.match(/^#### (.+)/)![1].trim();
      const impl = svc.match(/\*\*Implementation:\*\* (.+)/)?.[1].trim() ?? '';
      const sup = svc.match(/\*\*Control Support:\*\* (.+)/)?.[1].trim() ?? '';
      c.pairs.push([name, impl, sup]);
    }
    out.push(c);
  }
  return out;
}

describe('catalog', () => {
  it('has the document beside the repo', () => {
    expect(existsSync(SEED), `mapping document expected at ${SEED}`).toBe(true);
  });

  it('matches the mapping document: 18 controls, 68 mappings, 52 services', () => {
    const seed = readSeed();
    expect(seed.length).toBe(18);
    expect(CONTROLS.map((c) => c.id)).toEqual(seed.map((c) => c.id));
    expect(CONTROLS.map((c) => c.title)).toEqual(seed.map((c) => c.title));
    const ours = CONTROLS.flatMap((c) => c.mappings.map((m) => [c.id, m.service, m.implementation, m.controlSupport].join(' | ')));
    const theirs = seed.flatMap((c) => c.pairs.map(([s, i, p]) => [c.id, s, i, p].join(' | ')));
    expect(ours).toEqual(theirs);
    expect(ours.length).toBe(68);
    expect(new Set(CONTROLS.flatMap((c) => c.mappings.map((m) => m.service))).size).toBe(52);
  });

  it('states the counts the document claims in its own overview', () => {
    const text = readFileSync(SEED, 'utf8');
    expect(text).toMatch(/Total Controls Mapped:\*\* 18/);
    expect(text).toMatch(/AWS Services Referenced:\*\* 52/);
  });
});

describe('crosswalk', () => {
  it('gives every document ID official references that exist in the standard', () => {
    for (const c of CONTROLS) {
      const x = CROSSWALK[c.id];
      expect(x, c.id).toBeDefined();
      expect(x.officialReferences.length, c.id).toBeGreaterThan(0);
      for (const ref of x.officialReferences) expect(isOfficialId(ref), `${c.id} → ${ref}`).toBe(true);
    }
    expect(Object.keys(CROSSWALK).sort()).toEqual(CONTROLS.map((c) => c.id).sort());
  });

  it('lists the standard: 38 Annex A controls in 9 objectives, and clauses 4–10', () => {
    expect(ANNEX_A_CONTROLS.length).toBe(38);
    expect(new Set(ANNEX_A_CONTROLS.map((c) => c.parent)).size).toBe(9);
    expect(new Set(OFFICIAL_CLAUSES.map((c) => c.parent.split(' ')[0]))).toEqual(new Set(['4', '5', '6', '7', '8', '9', '10']));
  });

  it('never claims the document\'s Annex A number is the official control', () => {
    // e.g. the document's A.9 (information security) is not official A.9 (use of AI systems).
    for (const id of ['A.2', 'A.3', 'A.4', 'A.5', 'A.7', 'A.9', 'A.10']) {
      expect(CROSSWALK[id].flag).toBe('MOVED');
      expect(CROSSWALK[id].officialReferences.some((r) => r === id || r.startsWith(`${id}.`))).toBe(false);
    }
    for (const id of ['A.11', 'A.12', 'A.13', 'A.14', 'A.15']) expect(CROSSWALK[id].flag).toBe('ABSENT');
  });

  it('agrees with the crosswalk specification table', () => {
    const spec = readFileSync(join(__dirname, '..', '..', 'shared', 'spec', 'iso42001-crosswalk.md'), 'utf8');
    for (const row of spec.split('\n').filter((l) => /^\| (\d|A\.)/.test(l))) {
      const cells = row.split('|').map((s) => s.trim());
      const id = cells[1].split(' ')[0];
      const flag = cells[3].split(' ')[0];
      expect(CROSSWALK[id]?.flag, id).toBe(flag);
    }
  });
});
