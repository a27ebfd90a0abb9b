// The fault suite over a small recorded account, and proof that it can fail: a planted probe
// that reports PASS on a throttled call is caught.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROLS } from '../../checks/catalog.js';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry, EXTENSIONS, PROBES } from '../../checks/registry.js';
import securityHub from '../../checks/probes/security-hub.js';
import { parseRecording, type Recording } from '../../src/aws/recording.js';
import { renderSuiteTable, runFaultSuite, suiteFailed } from '../../src/faults/suite.js';
import { defineProbe, pass, type Probe } from '../../src/engine/probe.js';
import { Registry } from '../../src/engine/registry.js';
import { DEFAULT_OPTIONS, scan } from '../../src/scan.js';
import { mockAccount } from '../fixtures/mock-account.js';

const dir = mkdtempSync(join(tmpdir(), 'aims-faults-test-'));
let recording: Recording;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const account = mockAccount();
  try {
    const r = await scan({ ...DEFAULT_OPTIONS, homeRegion: 'us-east-1', out: dir }, { registry: defaultRegistry(), crosswalk: crosswalkLookup });
    recording = parseRecording(readFileSync(r.files.calls, 'utf8'));
  } finally {
    account.restore();
  }
});

describe('fault suite', () => {
  it('finds no false PASS, lost result or crash for the Security Hub probe under every fault class', async () => {
    const rows = await runFaultSuite({ recording, registry: defaultRegistry(), crosswalk: crosswalkLookup, probes: [securityHub], environmentFaults: true });
    const table = renderSuiteTable(rows);
    expect(rows.length).toBeGreaterThanOrEqual(15);
    expect(rows.find((r) => r.fault === 'throttle-forever')!.scans).toBe(1);
    expect(rows.find((r) => r.fault === 'throttle-forever')!.verdicts).toBeGreaterThan(0);
    expect(suiteFailed(rows), `${table}\n${rows.flatMap((r) => r.examples).join('\n')}`).toBe(false);
    expect(table).toMatch(/^\| fault class \| scans \| verdicts checked \| false PASS \| lost results \| crashes \|$/m);
    expect(rows.map((r) => r.fault)).toEqual(expect.arrayContaining(['disk-full-while-writing', 'output-folder-unwritable', 'sigint-during-scan']));
  }, 120_000);

  it('the whole suite over the demo account: every probe, every fault class, no violation', async () => {
    const demo = parseRecording(readFileSync(join(__dirname, '..', '..', 'demo', 'account', 'calls.jsonl'), 'utf8'));
    const rows = await runFaultSuite({ recording: demo, registry: defaultRegistry(), crosswalk: crosswalkLookup });
    const table = renderSuiteTable(rows);
    // Every probe the demo reaches is faulted under every class.
    expect(rows.find((r) => r.fault === 'access-denied-one-op')!.scans).toBeGreaterThanOrEqual(2 * 50);
    expect(rows.reduce((n, r) => n + r.verdicts, 0)).toBeGreaterThan(4000);
    expect(suiteFailed(rows), `${table}\n${rows.flatMap((r) => r.examples).join('\n')}`).toBe(false);
  }, 300_000);

  it('catches a planted probe that reports PASS on a throttled call', async () => {
    // Same calls as the Security Hub probe, but it turns every undecided verdict (a call that did
    // not answer) into a PASS. (The probe's collect no longer throws on a failed call, so the
    // plant swallows the ERROR its evaluate returns instead of an exception.)
    const planted: Probe<unknown> = defineProbe({
      ...securityHub,
      evaluate: (f, ctx) => {
        const v = securityHub.evaluate(f as never, ctx);
        return v.status === 'ERROR' ? pass('all good (really an error)') : v;
      },
    });
    const registry = new Registry({ controls: CONTROLS, probes: PROBES.map((p) => (p.id === securityHub.id ? planted : p)), extensions: EXTENSIONS });
    const rows = await runFaultSuite({ recording, registry, crosswalk: crosswalkLookup, probes: [planted], classes: ['throttle-forever'], environmentFaults: false });
    expect(rows[0].falsePass).toBeGreaterThan(0);
    expect(rows[0].examples.join('\n')).toMatch(/PASS resting on a failed call|became PASS/);
    expect(suiteFailed(rows)).toBe(true);
  }, 60_000);
});
