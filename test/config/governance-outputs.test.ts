// Waivers and attestations reach every output: JSON, HTML, JUnit and the evidence pack.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { writeReportOutputs } from '../../src/commands/report-options.js';
import type { Report } from '../../src/engine/report.js';
import { DEFAULT_OPTIONS, scan } from '../../src/scan.js';

const DEMO = join(__dirname, '..', '..', 'demo', 'account', 'calls.jsonl');
const out = mkdtempSync(join(tmpdir(), 'aims-gov-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('governance in every output', () => {
  it('shows ATTESTED and WAIVED with who, why and evidence in JSON, HTML, JUnit and the pack', async () => {
    const first = await scan({ ...DEFAULT_OPTIONS, out: join(out, 'plain'), replay: DEMO }, { registry: defaultRegistry(), crosswalk: crosswalkLookup });
    const manual = first.report.controls.flatMap((c) => c.checks.map((k) => ({ c, k }))).find(({ k }) => k.status === 'MANUAL' && k.probe)!;
    const failing = first.report.controls.flatMap((c) => c.checks.map((k) => ({ c, k }))).find(({ k }) => k.status === 'FAIL')!;
    expect(manual && failing).toBeTruthy();
    const res = await scan(
      {
        ...DEFAULT_OPTIONS,
        out: join(out, 'governed'),
        replay: DEMO,
        governance: {
          attestations: [{ control: manual.c.id, service: manual.k.service, evidence: 'procurement review POL-12 https://intranet.example/pol-12', owner: 'grc@example.com', date: '2026-10-01', expires: '2099-01-01' }],
          waivers: [{ control: failing.c.id, service: failing.k.service, reason: 'accepted until migration SEC-77', owner: 'ciso@example.com', expires: '2099-01-01' }],
        },
      },
      { registry: defaultRegistry(), crosswalk: crosswalkLookup },
    );
    const files = await writeReportOutputs(res, { format: 'json,html,junit', evidencePack: true }, () => undefined);
    const json = JSON.parse(readFileSync(res.files.report, 'utf8')) as Report;
    const att = json.controls.find((c) => c.id === manual.c.id)!.checks.find((k) => k.service === manual.k.service)!;
    expect(att).toMatchObject({ status: 'ATTESTED', originalStatus: 'MANUAL', attestation: { owner: 'grc@example.com' } });
    const waived = json.controls.find((c) => c.id === failing.c.id)!.checks.find((k) => k.service === failing.k.service)!;
    expect(waived).toMatchObject({ status: 'WAIVED', originalStatus: 'FAIL', waiver: { owner: 'ciso@example.com' } });

    const html = readFileSync(join(res.files.report, '..', 'report.html'), 'utf8');
    expect(html).toContain('ATTESTED');
    expect(html).toContain('procurement review POL-12');
    expect(html).toContain('accepted until migration SEC-77');
    const junit = readFileSync(join(res.files.report, '..', 'junit.xml'), 'utf8');
    expect(junit).toContain('attested by grc@example.com on 2026-10-01');
    expect(junit).toContain('waived by ciso@example.com');

    const folder = files.find((f) => !f.endsWith('.zip') && f.includes('evidence-'))!;
    expect(existsSync(join(folder, 'report.json'))).toBe(true);
    const packed = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')) as Report;
    expect(packed.controls.find((c) => c.id === manual.c.id)!.checks.find((k) => k.service === manual.k.service)!.status).toBe('ATTESTED');
    expect(readFileSync(join(folder, 'report.html'), 'utf8')).toContain('procurement review POL-12');
  }, 60_000);
});
