// checks/FIDELITY.md (issue 16) covers every probe: a section headed by the service name as the
// mapping document writes it and naming the probe's file, so a reader finds how it compares.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../checks/catalog.js';
import { defaultRegistry } from '../checks/registry.js';

const doc = readFileSync(join(__dirname, '..', 'checks', 'FIDELITY.md'), 'utf8');
const headings = doc.split('\n').filter((l) => /^#{2,4} /.test(l));

describe('checks/FIDELITY.md', () => {
  it('has a section for each of the 52 services of the mapping document', () => {
    const services = [...new Set(CONTROLS.flatMap((c) => c.mappings.map((m) => m.service)))];
    expect(services).toHaveLength(52);
    const missing = services.filter((s) => !headings.some((h) => h.replace(/^#+ /, '').startsWith(`${s} —`)));
    expect(missing).toEqual([]);
  });

  it('names every probe file, extensions included, in a section heading', () => {
    const files = readdirSync(join(__dirname, '..', 'checks', 'probes')).filter((f) => f.endsWith('.ts'));
    const registered = new Set(defaultRegistry().allProbes().map((p) => `${p.id}.ts`));
    const missing = files.filter((f) => registered.has(f) && !headings.some((h) => h.includes(`\`${f}\``) || h.includes(`/${f}\``)));
    expect(missing).toEqual([]);
  });
});
