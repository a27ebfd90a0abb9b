// Every declared call is checked against the installed SDK: the command exists, the pagination
// tokens are the SDK paginator's own, the operation is read-only, and the IAM action is well-formed.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSIONS, PROBES } from '../checks/registry.js';
import { ENGINE_CALLS } from '../src/aws/identity.js';
import { READ_ONLY_OPERATION, type OpSpec } from '../src/aws/ops.js';
import { SERVICES } from '../src/aws/services.js';
import { declaredCalls } from '../src/engine/probe.js';

const require = createRequire(import.meta.url);
const allProbes = [...PROBES, ...EXTENSIONS.map((e) => e.probe)];
const ops: OpSpec[] = [...new Map([...allProbes.flatMap((p) => declaredCalls(p)), ...ENGINE_CALLS].map((o) => [`${o.service}:${o.operation}`, o])).values()];

function pkgDir(pkg: string): string {
  return dirname(require.resolve(`${pkg}/package.json`));
}

describe('declared calls match the SDK', () => {
  // Probes that gather no API evidence at all: each must say why and can only ask for attestation.
  const MANUAL_ONLY: Record<string, string> = { artifact: 'the AWS Artifact SDK client is not served by the package registry; evidence is attested' };

  it('declares at least one call per probe, unless it is MANUAL-only by design', () => {
    for (const p of allProbes) {
      if (MANUAL_ONLY[p.id]) expect(declaredCalls(p), p.id).toEqual([]);
      else expect(declaredCalls(p).length, p.id).toBeGreaterThan(0);
    }
  });

  it.each(ops.map((o) => [`${o.service}:${o.operation}`, o] as const))('%s exists and is read-only', async (_n, o) => {
    expect(o.operation).toMatch(READ_ONLY_OPERATION);
    const mod = (await import(SERVICES[o.service].pkg)) as Record<string, unknown>;
    expect(typeof mod[SERVICES[o.service].client], `${SERVICES[o.service].pkg} exports ${SERVICES[o.service].client}`).toBe('function');
    expect(typeof mod[`${o.operation}Command`], `${SERVICES[o.service].pkg} exports ${o.operation}Command`).toBe('function');
    expect(o.action).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
    const paginator = join(pkgDir(SERVICES[o.service].pkg), 'dist-es', 'pagination', `${o.operation}Paginator.js`);
    if (existsSync(paginator)) {
      const m = readFileSync(paginator, 'utf8').match(/createPaginator\(\w+, \w+, "(\w+)", "([\w.]+)"/);
      expect(m, `paginator shape in ${paginator}`).not.toBeNull();
      expect(o.paginate, `${o.operation} has an SDK paginator; declare paginate`).toBeDefined();
      expect([o.paginate!.inputToken, o.paginate!.outputToken]).toEqual([m![1], m![2]]);
    }
  });

  it('every probe service name is one of the document\'s or marked as an extension', async () => {
    const { CONTROLS } = await import('../checks/catalog.js');
    const docServices = new Set(CONTROLS.flatMap((c) => c.mappings.map((m) => m.service)));
    for (const p of PROBES) expect(docServices.has(p.service), p.service).toBe(true);
    for (const e of EXTENSIONS) expect(docServices.has(e.probe.service), e.probe.service).toBe(false);
  });

  it('names each probe file after its id', () => {
    for (const p of allProbes) expect(existsSync(join(__dirname, '..', 'checks', 'probes', `${p.id}.ts`)), p.id).toBe(true);
  });
});
