// --fail-on error: "only ERRORs fail" looks at the checks. The demo account's four ERROR checks sit
// in controls that are FAIL (another check of theirs fails): the scan must still exit 2.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failOnExitCode, hasError } from '../../src/commands/fail-on.js';
import type { Report } from '../../src/engine/report.js';
import { DEMO_RECORDING } from '../../src/sim/demo-path.js';
import { runCli } from '../fixtures/cli.js';

const root = mkdtempSync(join(tmpdir(), 'aims-failon-'));
let demo: Report;

beforeAll(async () => {
  const r = await runCli(['scan', '--replay', DEMO_RECORDING, '--out', join(root, 'demo'), '--quiet'], { cwd: root });
  expect(r.code, r.stderr).toBe(1);
  demo = JSON.parse(readFileSync(join(root, 'demo', 'report.json'), 'utf8')) as Report;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const checks = (r: Report) => r.controls.flatMap((c) => c.checks);

describe('--fail-on error', () => {
  it('the demo has ERROR checks only inside FAIL controls (the case that exited 0)', () => {
    const errors = demo.controls.filter((c) => c.checks.some((k) => k.status === 'ERROR'));
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors.every((c) => c.status === 'FAIL')).toBe(true);
    expect(demo.controls.some((c) => c.status === 'ERROR')).toBe(false);
  });

  it('exits 2 on the demo, from the built binary', async () => {
    const r = await runCli(['scan', '--replay', DEMO_RECORDING, '--out', join(root, 'e'), '--quiet', '--fail-on', 'error'], { cwd: root });
    expect(r.code, r.stderr).toBe(2);
  });

  it('exits 0 when nothing is ERROR, whatever FAILs; an ERROR region under a FAIL check counts', () => {
    const clean = structuredClone(demo);
    for (const k of checks(clean)) {
      if (k.status === 'ERROR') k.status = 'FAIL';
      for (const r of [...k.regions, ...k.resources]) if (r.status === 'ERROR') r.status = 'FAIL';
    }
    expect(hasError(clean)).toBe(false);
    expect(failOnExitCode(clean, 'error', undefined)).toBe(0);
    expect(failOnExitCode(clean, 'fail', undefined)).toBe(1);

    const regionOnly = structuredClone(clean);
    const k = checks(regionOnly).find((x) => x.status === 'FAIL' && x.regions.length > 0)!;
    k.regions[0].status = 'ERROR';
    expect(failOnExitCode(regionOnly, 'error', undefined)).toBe(2);

    const incomplete = structuredClone(clean);
    incomplete.scan.complete = false;
    expect(failOnExitCode(incomplete, 'error', undefined)).toBe(2);
    expect(failOnExitCode(demo, 'none', undefined)).toBe(0);
  });
});
