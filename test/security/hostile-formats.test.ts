// Hostile account data stays data in every output format and the terminal: markup, Markdown,
// CSV formulas, XML metacharacters and control characters, ANSI escapes, 100 KB strings and
// invalid UTF-16 (lone surrogates).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../reports/formats.js';
import { renderSoaCsv } from '../../reports/soa.js';
import { renderTerminal } from '../../reports/terminal.js';
import { validateReport } from '../../reports/json.js';
import type { Report } from '../../src/engine/report.js';
import { hostileScan, poison } from '../reports/hostile.js';
import { parseXml } from '../reports/xml.js';

const ANSI = '\u001b[2J\u001b[31mRED\u001b]0;title\u0007';
const CONTROL = 'nul\u0000 bell\u0007 vt\u000b ff\u000c del\u007f c1\u0085\u009b';
const LONE = 'surrogates \uD800 and \uDFFF alone';
const HUGE = 'A'.repeat(100 * 1024) + '<script>alert("tail")</script>';
const XML = `</testcase><![CDATA[x]]> & <!-- ' " -->`;

const dir = mkdtempSync(join(tmpdir(), 'aims-hostile-'));
let report: Report;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const base = poison((await hostileScan(dir)).report);
  // Add the attacks the HTML-focused fixture does not carry.
  for (const c of base.controls) {
    for (const k of c.checks) {
      k.resources.push({ id: `arn:aws:s3:::${ANSI}`, region: 'us-east-1', status: 'FAIL', reason: `${CONTROL} ${LONE} ${XML}` });
      k.warnings.push(HUGE);
    }
  }
  base.controls[0].reason = `${ANSI}${CONTROL}${LONE}`;
  report = base;
});

const render = async (name: keyof typeof FORMATS) => FORMATS[name].render(report, {});

describe('hostile data in every format', () => {
  it('JSON stays valid and keeps the data as data', async () => {
    const text = await render('json');
    const back = JSON.parse(text) as Report;
    expect(validateReport(back)).toEqual([]);
    expect(back.controls[0].checks[0].warnings).toContain(HUGE);
  });

  it('HTML: no markup, script or control character from the account survives', async () => {
    const html = await render('html');
    const body = html.slice(html.indexOf('<body'));
    expect(body).not.toMatch(/<script>alert|<img src=x|<!\[CDATA\[x/);
    expect(body).not.toMatch(/[\u0000\u0007\u001b]/);
    expect(body).toContain('&lt;script&gt;');
    expect(html).toMatch(/Content-Security-Policy/);
  });

  it('JUnit XML is well-formed and free of characters XML 1.0 forbids', async () => {
    const xml = await render('junit');
    expect(() => parseXml(xml)).not.toThrow();
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFE\uFFFF]/);
    expect(xml).not.toMatch(/[\uD800-\uDFFF]/);
    expect(xml).not.toContain('</testcase><![CDATA[x]]>');
  });

  it('Markdown: no live markup, links or table breaks from the account', async () => {
    const md = await render('md');
    expect(md).not.toMatch(/<script>|<img |\]\(https:\/\/evil|[\u0000\u0007\u001b]/);
    for (const line of md.split('\n').filter((l) => l.startsWith('|') && l.includes('evil'))) expect(line.split(/(?<!\\)\|/).length).toBeLessThanOrEqual(8);
  });

  it('CSV: formulas neutralised, every field quoted', () => {
    const csv = renderSoaCsv(report);
    for (const line of csv.split(/\r?\n/).filter(Boolean)) expect(line).toMatch(/^"/);
    expect(csv).not.toMatch(/(^|,)"[=+\-@]/m);
  });

  it('ASFF: valid JSON within Security Hub limits, control characters removed', async () => {
    const findings = JSON.parse(await render('asff')) as { Description: string; Title: string; Resources: { Id: string }[] }[];
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.Description.length).toBeLessThanOrEqual(1024);
      expect(f.Title.length).toBeLessThanOrEqual(256);
      expect(JSON.stringify(f)).not.toMatch(/\\u001b|\\u0000|\\u0007/);
      expect(JSON.stringify(f).length).toBeLessThan(240 * 1024);
    }
  });

  it('terminal: no escape sequence reaches the screen', () => {
    const text = renderTerminal(report, { color: false, width: 160 });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});
