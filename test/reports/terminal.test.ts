// The end-of-scan terminal output (issue 17, "Reading the outputs"): nothing is cut unless the
// output is a terminal of known width, official IDs are never cut, and after the table each
// ERROR and FAIL is listed as control → service → region → resource → fix, bounded, with
// hostile account text neutralised.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosswalkLookup, isOfficialId } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { renderControls } from '../../reports/controls.js';
import { truncate, wrapItems } from '../../reports/text.js';
import { collectFindings, missingAction, renderTerminal } from '../../reports/terminal.js';
import type { Report } from '../../src/engine/report.js';
import { demoScan } from './demo-scan.js';
import { runCli } from '../fixtures/cli.js';

const root = mkdtempSync(join(tmpdir(), 'aims-terminal-'));
let demo: Report;

beforeAll(async () => {
  demo = (await demoScan(join(root, 'scan'))).report;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tableRows = (text: string) => text.split('\n').slice(3, text.split('\n').findIndex((l) => l.startsWith('controls: ')) - 1);

describe('text helpers', () => {
  it('truncate cuts at a word boundary with "…", never inside an ID', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('3 of 3 mapped services fail: Amazon SageMaker Model Monitor', 40)).toBe('3 of 3 mapped services fail: Amazon…');
    expect(truncate('7.5.1 7.5.2 7.5.3 A.4.3 A.7.2 A.7.3', 22)).toBe('7.5.1 7.5.2 7.5.3…');
    expect(truncate('arn:aws:s3:::a-very-long-bucket-name-without-spaces', 20)).toBe('arn:aws:s3:::a-very…');
  });

  it('wrapItems keeps every item whole', () => {
    expect(wrapItems(['A.6.1.2', 'A.6.1.3', 'A.6.2.2', 'A.6.2.3', '8.1'], 16)).toEqual(['A.6.1.2 A.6.1.3', 'A.6.2.2 A.6.2.3', '8.1']);
  });
});

describe('the control table', () => {
  it('is complete when not on a terminal (no width): no "…", every reason whole', () => {
    const text = renderTerminal(demo, { color: false });
    // (Some remediation texts themselves contain "…", so the check is on the table.)
    expect(tableRows(text).join('\n')).not.toContain('…');
    const c612 = demo.controls.find((c) => c.id === '6.1.2')!;
    expect(c612.reason).toBe('3 of 3 mapped services fail: Amazon SageMaker Model Monitor, AWS Security Hub, Amazon CloudWatch');
    expect(text).toContain(c612.reason);
    // Every finding line carries its full fix.
    for (const f of collectFindings(demo).slice(0, 15)) if (f.fix.startsWith('fix: ')) expect(text).toContain(f.fix.slice(0, 200));
  });

  it('on a terminal of known width, fits the width and cuts at word boundaries', () => {
    const text = renderTerminal(demo, { color: false, width: 100 });
    for (const l of text.split('\n')) expect(l.length, l).toBeLessThanOrEqual(100);
    expect(text).toContain('…');
    for (const l of tableRows(text)) if (l.endsWith('…')) expect(l).toMatch(/[A-Za-z0-9)]…$/);
  });

  it('never cuts an official ID: the references wrap, whole, onto the next lines', () => {
    for (const width of [undefined, 80, 100, 200]) {
      const rows = tableRows(renderTerminal(demo, { color: false, width }));
      const shown: string[] = [];
      for (const l of rows) {
        const cell = l.slice(8, 30).trim();
        for (const id of cell.split(/\s+/).filter(Boolean)) {
          expect(isOfficialId(id), `${width}: "${id}" in ${l}`).toBe(true);
          shown.push(id);
        }
      }
      expect(shown).toEqual(demo.controls.flatMap((c) => c.officialReferences));
    }
  });

  it('`aims-scan controls` never cuts an official ID either', () => {
    const text = renderControls(defaultRegistry(), crosswalkLookup, 'table');
    const a13 = crosswalkLookup('A.13')!.officialReferences;
    // The official column: control lines and their continuation lines (not the check lines under them).
    const official = text.split('\n').slice(1).filter((l) => l.trim() && !/^\s+(- |extensions)/.test(l) && !l.startsWith('Flags') && !l.startsWith('The official'));
    const ids = official.flatMap((l) => l.slice(16, 50).trim().split(/\s+/)).filter((t) => /^(A\.)?\d/.test(t));
    for (const id of ids) expect(isOfficialId(id), id).toBe(true);
    for (const id of a13) expect(ids).toContain(id);
    expect(text).not.toMatch(/\bA\.\d+\.(\s|$)/m);
  });

  it('neutralises hostile account text', () => {
    const r = structuredClone(demo);
    const k = r.controls[1].checks.find((x) => x.status === 'FAIL')!;
    k.resources.push({ id: 'arn:aws:s3:::\u001b[2J\u001b]0;pwned\u0007bucket', region: 'us-east-1', status: 'FAIL', reason: '\u001b[31mred' });
    k.remediation = '\u001b[31mfix\u009b';
    const text = renderTerminal(r, { color: false, maxFindings: 500 });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('arn:aws:s3:::\uFFFD[2J\uFFFD]0;pwned\uFFFDbucket');
  });
});

describe('errors and failures after the table', () => {
  it('lists each ERROR and FAIL as control → service → region → resource → fix, errors first', () => {
    const f = collectFindings(demo);
    expect(f[0]).toMatchObject({ status: 'ERROR', service: 'Amazon Macie', region: 'ap-southeast-2', resource: '—', controls: ['7.5', 'A.9', 'A.10'] });
    expect(f[0].fix).toBe('missing permission: grant macie2:GetMacieSession to the scan role (see `aims-scan iam-policy`)');
    // The demo's throttled ERROR: Config rule compliance is only a warning now (no requirement reads it); Audit Manager's framework is.
    expect(f[1].fix).toMatch(/^missing: auditmanager:GetAssessment in us-east-1 on \S+ \(throttled after retries\) — scan again/);
    const hub = f.find((x) => x.service === 'AWS Security Hub')!;
    expect(hub).toMatchObject({ status: 'FAIL', controls: ['6.1.2', 'A.14'], region: 'eu-west-1', resource: '—' });
    expect(hub.fix).toMatch(/^fix: Enable Security Hub CSPM/);
    // A failing resource is named with its region.
    const mm = f.find((x) => x.service === 'Amazon SageMaker Model Monitor')!;
    expect(mm.resource).toMatch(/^arn:aws:sagemaker:us-east-1:111122223333:endpoint\//);
    expect(mm.region).toBe('us-east-1');
    // Extensions are marked.
    expect(f.find((x) => x.service === 'Amazon Bedrock model invocation logging')!.extension).toBe(true);
    // Every FAIL and ERROR check of the report is behind at least one line.
    for (const c of demo.controls) for (const k of c.checks) if (k.status === 'FAIL' || k.status === 'ERROR') expect(f.some((x) => x.service === k.service && x.controls.includes(c.id)), `${c.id} ${k.service}`).toBe(true);
  });

  it('is bounded: the first N lines, then "+M more"', () => {
    const all = collectFindings(demo);
    const text = renderTerminal(demo, { color: false, maxFindings: 5 });
    const lines = text.split('\n').filter((l) => /^ {2}(ERROR|FAIL) /.test(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('  ERROR 7.5, A.9, A.10 → Amazon Macie → ap-southeast-2 → — → missing permission: grant macie2:GetMacieSession to the scan role (see `aims-scan iam-policy`)');
    expect(text).toContain(`  … +${all.length - 5} more: see report.html (or report.json)`);
    expect(text).toContain(`Errors and failures (2 ERROR, ${all.length - 2} FAIL): control → service → region → resource → fix`);
  });

  it('says what an ERROR needs: a `missing` field when present, else the action named in the reason', () => {
    const denied = (action: string) => ({ action, region: 'us-east-1', kind: 'denied', detail: `access denied: the scan role lacks ${action} in us-east-1` });
    expect(missingAction('x', { missing: [denied('bedrock:GetGuardrail'), denied('bedrock:ListEnforcedGuardrailsConfiguration')] })).toBe(
      'missing permission: grant bedrock:GetGuardrail, bedrock:ListEnforcedGuardrailsConfiguration to the scan role (see `aims-scan iam-policy`)',
    );
    expect(missingAction('x', { missing: [{ action: 'sagemaker:ListEndpoints', region: 'eu-west-1', kind: 'throttled', detail: 'still throttled' }] })).toBe(
      'missing: sagemaker:ListEndpoints in eu-west-1 (throttled after retries) — scan again (transient)',
    );
    expect(missingAction('AccessDeniedException: User is not authorized to perform: kms:GetKeyRotationStatus on resource k')).toMatch(/^missing permission: grant kms:GetKeyRotationStatus/);
    expect(missingAction('sagemaker:ListEndpoints failed: socket hang up')).toBe('call sagemaker:ListEndpoints failed: sagemaker:ListEndpoints failed: socket hang up');
    expect(missingAction('evaluation returned no verdict')).toBe('could not be evaluated: evaluation returned no verdict');
  });

  it('nothing to list when nothing fails', () => {
    const r = structuredClone(demo);
    for (const c of r.controls) for (const k of c.checks) k.status = 'PASS';
    expect(renderTerminal(r, { color: false })).not.toContain('Errors and failures');
  });
});

describe('built CLI, output piped (not a terminal)', () => {
  it('`aims-scan demo` prints the whole table and the list of errors and failures', async () => {
    const r = await runCli(['demo', '--out', join(root, 'demo')], { cwd: root });
    expect(r.code, r.stderr).toBe(1);
    const table = r.stdout.slice(0, r.stdout.indexOf('\ncontrols: '));
    expect(table).not.toContain('…');
    expect(table).toContain('3 of 3 mapped services fail: Amazon SageMaker Model Monitor, AWS Security Hub, Amazon CloudWatch');
    expect(r.stdout).toContain('Errors and failures (2 ERROR, ');
    expect(r.stdout).toContain('ERROR 7.5, A.9, A.10 → Amazon Macie → ap-southeast-2');
  }, 60_000);
});
