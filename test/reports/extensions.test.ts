// Issue 16 item 5: checks beyond the document (extensions: Bedrock guardrails and invocation
// logging) are counted and shown apart from the document's mapped services in every output.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { controlRows, renderControls } from '../../reports/controls.js';
import { checkCounts, controlReason, describeChecks } from '../../reports/extensions.js';
import { renderHtml } from '../../reports/html.js';
import { renderJunit } from '../../reports/junit.js';
import { mdEscape, renderMarkdown } from '../../reports/markdown.js';
import { renderTerminal } from '../../reports/terminal.js';
import type { Report } from '../../src/engine/report.js';
import { controlVerdict } from '../../src/engine/runner.js';
import type { CheckResult, Status } from '../../src/model.js';
import { demoScan } from './demo-scan.js';
import { all, parseXml } from './xml.js';

const root = mkdtempSync(join(tmpdir(), 'aims-ext-'));
let demo: Report;

beforeAll(async () => {
  demo = (await demoScan(join(root, 'scan'))).report;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ck = (service: string, status: Status, extension = false) => ({ service, status, extension }) as CheckResult;
// Issue 19 adds GuardDuty S3 Protection as an A.11 extension (failing in eu-west-1 of the demo); SNS on aws/sns fails (issue 16).
const A11 = '2 of 4 mapped services fail: Amazon CloudWatch Alarms, Amazon SNS; extensions: 2 fail (Amazon Bedrock model invocation logging, Amazon GuardDuty S3 Protection)';

describe('the reason of a control', () => {
  it('without extensions is word for word what the engine says', () => {
    for (const c of demo.controls.filter((x) => !x.checks.some((k) => k.extension))) {
      expect(describeChecks(c.checks)).toBe(controlVerdict(c.checks).reason);
      expect(controlReason(c)).toBe(c.reason);
    }
    expect(describeChecks([])).toBe(controlVerdict([]).reason);
  });

  it('with extensions counts them apart: "2 of 4 mapped services fail; extensions: 1 fails"', () => {
    expect(describeChecks([ck('A', 'FAIL'), ck('B', 'FAIL'), ck('C', 'PASS'), ck('D', 'MANUAL'), ck('X', 'FAIL', true)])).toBe('2 of 4 mapped services fail: A, B; extensions: 1 fails (X)');
    expect(describeChecks([ck('A', 'PASS'), ck('B', 'PASS'), ck('X', 'FAIL', true), ck('Y', 'PASS', true)])).toBe('0 of 2 mapped services fail; extensions: 1 fails (X), 1 passes');
    expect(describeChecks([ck('A', 'FAIL'), ck('X', 'MANUAL', true), ck('Y', 'MANUAL', true)])).toBe('1 of 1 mapped services fail: A; extensions: 2 need attestation (X, Y)');
    // Whatever the engine's own reason says (today it counts the extension among the mapped
    // services, "2 of 5"), every renderer shows the extension apart.
    const a11 = demo.controls.find((c) => c.id === 'A.11')!;
    expect(controlReason(a11)).toBe(A11);
    expect(controlReason({ ...a11, reason: 'anything' })).toBe(A11);
  });

  it('counts check verdicts apart', () => {
    const k = checkCounts(demo.controls);
    const ext = demo.controls.flatMap((c) => c.checks).filter((x) => x.extension);
    expect(k.extensionTotal).toBe(ext.length);
    // Bedrock guardrails (3) and invocation logging (2), and issue 19's ten (control, check) pairs.
    expect(k.extensionTotal).toBe(15);
    expect(Object.values(k.document).reduce((a, b) => a + b, 0) + k.extensionTotal).toBe(demo.controls.flatMap((c) => c.checks).length);
    expect(k.extensions.FAIL).toBe(ext.filter((x) => x.status === 'FAIL').length);
  });
});

describe('every output shows extensions apart', () => {
  it('terminal', () => {
    const text = renderTerminal(demo, { color: false, maxFindings: 500 });
    expect(text).toContain(A11);
    // 9.2 AWS Config Rules is FAIL now (ap-southeast-2's recorder is off; its throttled compliance call is only a warning).
    expect(text).toMatch(/^checks: {3}13 pass, 37 fail, 4 error, 14 manual, 0 n\/a \(document mappings\)$/m);
    expect(text).toMatch(/^extensions: 0 pass, 12 fail, 0 error, 3 manual, 0 n\/a \(checks beyond the document\)$/m);
    expect(text).toMatch(/→ Amazon Bedrock model invocation logging \(extension\) →/);
  });

  it('HTML', () => {
    const html = renderHtml(demo);
    expect(html).toContain('id="counts-extensions"');
    expect(html.match(/data-extension="true"/g)).toHaveLength(15);
    expect(html).toContain(`<p class="reason">${A11}</p>`);
    expect(html).toContain('Extensions (beyond the document’s mappings)');
  });

  it('Markdown', () => {
    const md = renderMarkdown(demo);
    expect(md).toContain('| Verdict | Controls | Checks (document mappings) | Extensions |');
    expect(md).toContain('| ❌ FAIL | 17 | 37 | 12 |');
    expect(md).toContain('  - Amazon Bedrock model invocation logging (extension) — FAIL: ');
    expect(md).toContain(mdEscape(A11));
  });

  it('JUnit', () => {
    const doc = parseXml(renderJunit(demo));
    const suite = all(doc, 'testsuite').find((s) => s.attrs.name.startsWith('A.11 '))!;
    const props = Object.fromEntries(all(suite, 'property').map((p) => [p.attrs.name, p.attrs.value]));
    expect(props).toMatchObject({ 'mapped-services': '4', extensions: '2', reason: A11 });
    const ext = all(suite, 'testcase').find((t) => t.attrs.classname === 'aims-scan.A.11.extension')!;
    expect(ext.attrs.name).toBe('Amazon Bedrock model invocation logging (extension)');
  });

  it('`aims-scan controls` lists them apart (table and JSON)', () => {
    const text = renderControls(defaultRegistry(), crosswalkLookup, 'table');
    const a11 = text.slice(text.indexOf('\nA.11 '), text.indexOf('\nA.12 '));
    expect(a11).toMatch(/extensions \(checks beyond the document's mappings\):\n {16}- Amazon Bedrock model invocation logging {2}→ evidence for A\.6\.2\.8/);
    expect(a11.indexOf('extensions (')).toBeGreaterThan(a11.indexOf('- AWS CloudTrail'));
    const rows = controlRows(defaultRegistry(), crosswalkLookup);
    expect(rows.find((r) => r.id === 'A.7')!.extensions.map((e) => e.probe)).toEqual(['bedrock-guardrails', 'bedrock-agent-guardrails']);
    expect(rows.find((r) => r.id === 'A.7')!.services.map((e) => e.probe)).not.toContain('bedrock-guardrails');
    expect(rows.flatMap((r) => r.extensions)).toHaveLength(15);
  });
});
