// The CI and audit formats from one hostile recorded scan: JUnit parses and its counts match the
// report, Markdown and CSV keep account text inert, the official view covers the whole standard,
// and the HTML escapes everything and locks itself down with a CSP.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNEX_A_CONTROLS, CROSSWALK, OFFICIAL_CLAUSES } from '../../checks/crosswalk.js';
import { checkCounts } from '../../reports/extensions.js';
import { FORMAT_NAMES, FORMATS, parseFormats } from '../../reports/formats.js';
import { CSP, collectCallPreviews, esc, renderHtml, SCRIPT_HASH, STYLE_HASH } from '../../reports/html.js';
import { junitOutcome, renderJunit } from '../../reports/junit.js';
import { appendStepSummary, mdEscape, renderMarkdown } from '../../reports/markdown.js';
import { buildOfficialView, invertCrosswalk, invertEvidence, NO_EVIDENCE, renderOfficialText } from '../../reports/official.js';
import { csvField, renderSoaCsv, SOA_COLUMNS, soaCsvFile, UTF8_BOM } from '../../reports/soa.js';
import type { Report } from '../../src/engine/report.js';
import { STATUSES } from '../../src/model.js';
import { FORMULAS, HOSTILE_CALLER, hostileScan, MD_ATTACK, poison, XSS_IMG, XSS_SCRIPT, XSS_URL } from './hostile.js';
import { all, parseXml } from './xml.js';

const root = mkdtempSync(join(tmpdir(), 'aims-formats-'));
let scanned: Report;
let report: Report;
let callsPath: string;

beforeAll(async () => {
  const r = await hostileScan(join(root, 'scan'));
  scanned = r.report;
  callsPath = r.files.calls;
  report = poison(r.report);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    expect(text[i], `field at ${i} must be quoted`).toBe('"');
    i++;
    let v = '';
    for (;;) {
      if (text[i] === '"' && text[i + 1] === '"') {
        v += '"';
        i += 2;
      } else if (text[i] === '"') {
        i++;
        break;
      } else v += text[i++];
    }
    row.push(v);
    if (text[i] === ',') i++;
    else {
      expect(text.slice(i, i + 2)).toBe('\r\n');
      i += 2;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe('the recorded account is hostile', () => {
  it('carries the attacks in names, ARNs, reasons and the recorded calls', () => {
    expect(scanned.scan.account.callerArn).toBe(HOSTILE_CALLER);
    const reasons = scanned.controls.flatMap((c) => c.checks.map((ch) => ch.reason)).join('\n');
    expect(reasons).toContain(XSS_SCRIPT);
    expect(reasons).toContain(XSS_IMG);
    expect(JSON.stringify(scanned)).toContain(XSS_URL);
    expect(readFileSync(callsPath, 'utf8')).toContain('window.__pwned');
  });
});

describe('JUnit XML', () => {
  it('is well-formed, one suite per control, one case per mapped service, counts matching the report', () => {
    const xml = renderJunit(report);
    const doc = parseXml(xml);
    expect(doc.name).toBe('testsuites');
    const suites = all(doc, 'testsuite');
    expect(suites).toHaveLength(report.controls.length);
    const checks = report.controls.flatMap((c) => c.checks);
    const n = (s: string) => checks.filter((c) => c.status === s).length;
    expect(Number(doc.attrs.tests)).toBe(checks.length);
    expect(Number(doc.attrs.failures)).toBe(n('FAIL'));
    expect(Number(doc.attrs.errors)).toBe(n('ERROR'));
    expect(Number(doc.attrs.skipped)).toBe(n('MANUAL') + n('NOT_APPLICABLE') + n('WAIVED') + n('ATTESTED'));
    expect(all(doc, 'testcase')).toHaveLength(checks.length);
    expect(all(doc, 'failure')).toHaveLength(n('FAIL'));
    expect(all(doc, 'error')).toHaveLength(n('ERROR'));
    expect(all(doc, 'skipped')).toHaveLength(Number(doc.attrs.skipped));
    expect(n('FAIL')).toBeGreaterThan(0);
    report.controls.forEach((c, i) => {
      const s = suites[i];
      expect(s.attrs.name.startsWith(`${c.id} ${c.title}`)).toBe(true);
      for (const ref of c.officialReferences) expect(s.attrs.name).toContain(ref);
      const cases = s.children.filter((e) => e.name === 'testcase');
      // Extensions are named and classed apart from the document's mapped services.
      expect(cases.map((tc) => tc.attrs.name)).toEqual(c.checks.map((ch) => (ch.extension ? `${ch.service} (extension)` : ch.service)));
      expect(cases.map((tc) => tc.attrs.classname)).toEqual(c.checks.map((ch) => `aims-scan.${c.id}${ch.extension ? '.extension' : ''}`));
      const props = Object.fromEntries(all(s, 'property').map((p) => [p.attrs.name, p.attrs.value]));
      expect(Number(props['mapped-services'])).toBe(c.checks.filter((ch) => !ch.extension).length);
      expect(Number(props.extensions)).toBe(c.checks.filter((ch) => ch.extension).length);
      expect(Number(s.attrs.tests)).toBe(c.checks.length);
      expect(Number(s.attrs.failures)).toBe(c.checks.filter((ch) => ch.status === 'FAIL').length);
      expect(Number(s.attrs.errors)).toBe(c.checks.filter((ch) => ch.status === 'ERROR').length);
      c.checks.forEach((ch, k) => {
        const o = junitOutcome(ch.status);
        const el = cases[k].children.find((e) => ['failure', 'error', 'skipped'].includes(e.name));
        if (o === 'pass') expect(el).toBeUndefined();
        else {
          expect(el?.name).toBe(o);
          // The reason survives escaping exactly: the parser gives back what the account said.
          expect(el?.attrs.message).toBe(ch.reason);
        }
      });
    });
  });

  it('maps FAIL → failure, ERROR → error, MANUAL/NOT_APPLICABLE → skipped', () => {
    expect(junitOutcome('FAIL')).toBe('failure');
    expect(junitOutcome('ERROR')).toBe('error');
    expect(junitOutcome('MANUAL')).toBe('skipped');
    expect(junitOutcome('NOT_APPLICABLE')).toBe('skipped');
    expect(junitOutcome('PASS')).toBe('pass');
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    const r = structuredClone(report);
    r.controls[0].checks[0].reason = `a\u0000b\u001b[31m ${XSS_SCRIPT} & ]]> \ud800`;
    const xml = renderJunit(r);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('\u0000');
    const doc = parseXml(xml);
    const tc = all(doc, 'testcase')[0];
    expect(tc.children[0].attrs.message).toBe(`a\uFFFDb\uFFFD[31m ${XSS_SCRIPT} & ]]> \uFFFD`);
  });
});

describe('Markdown summary', () => {
  it('escapes pipes, backticks, HTML and link/image syntax from account data', () => {
    expect(mdEscape('a|b')).toBe('a\\|b');
    expect(mdEscape('`x`')).toBe('\\`x\\`');
    expect(mdEscape('<b>&')).toBe('&lt;b&gt;&amp;');
    expect(mdEscape('[t](u) ![i](u)')).toBe('\\[t\\]\\(u\\) \\!\\[i\\]\\(u\\)');
    expect(mdEscape('line1\nline2|')).toBe('line1 line2\\|');
    expect(mdEscape('see https://evil.example and www.evil.example or a@b.c')).not.toMatch(/https:\/\/|www\.|@/);
  });

  it('has counts, failing controls with reasons, and a table no account text can break or link out of', () => {
    const md = renderMarkdown(report);
    // Extension checks (e.g. the AI data events one, failing here) are counted in their own column.
    expect(md).toContain(`| ❌ FAIL | ${report.summary.controls.FAIL} | ${checkCounts(report.controls).document.FAIL} |`);
    const failing = report.controls.filter((c) => c.status === 'FAIL');
    expect(failing.length).toBeGreaterThan(0);
    for (const c of failing) expect(md).toContain(`**${mdEscape(c.id)} ${mdEscape(c.title)}**`);
    // Every table row keeps exactly its 5 cells: no unescaped | from the account.
    const table = md.split('\n').filter((l) => l.startsWith('| ') && md.indexOf('### All controls') < md.indexOf(l));
    const rows = table.slice(2);
    expect(rows).toHaveLength(report.controls.length);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(5);
    // No raw HTML, backticks, links or images from the data.
    expect(md).not.toContain('<script');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<b>');
    expect(md).not.toMatch(/(^|[^\\])`/m);
    expect(md).not.toMatch(/[^\\]\]\(/);
    expect(md).not.toMatch(/(^|[^\\])!\[/m);
    expect(md).not.toMatch(/https?:\/\//);
    expect(md).toContain(mdEscape(MD_ATTACK).slice(0, 40));
  });

  it('appends to $GITHUB_STEP_SUMMARY when set, and does nothing when not', () => {
    const file = join(root, 'step-summary.md');
    writeFileSync(file, 'earlier step\n');
    expect(appendStepSummary('## hello\n', { GITHUB_STEP_SUMMARY: file })).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe('earlier step\n## hello\n\n');
    expect(appendStepSummary('## hello\n', {})).toBeNull();
  });
});

describe('Statement of Applicability (soa.csv)', () => {
  it('lists the 38 Annex A controls, applicability left to the organization, evidence in its own columns, every field quoted', () => {
    const csv = renderSoaCsv(report);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...SOA_COLUMNS]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(ANNEX_A_CONTROLS.map((c) => c.id));
    const col = (name: (typeof SOA_COLUMNS)[number]) => SOA_COLUMNS.indexOf(name);
    for (const r of rows.slice(1)) {
      expect(r).toHaveLength(SOA_COLUMNS.length);
      // No "applicable = yes" with the same text on every row: the organization decides.
      expect(r[col('applicable')]).toBe('');
      expect(r[col('justification')]).toBe('');
    }
    const a628 = rows.find((r) => r[0] === 'A.6.2.8')!;
    expect(a628[col('supporting_checks')]).toContain('AWS CloudTrail');
    expect(a628[col('document_controls')]).toContain('A.12 (ABSENT)');
    const a22 = rows.find((r) => r[0] === 'A.2.2')!;
    expect(a22[col('supporting_checks')]).toBe(NO_EVIDENCE);
    expect(a22[col('aws_evidence_status')]).toBe('NONE');
  });

  it('the file starts with a UTF-8 byte order mark (Excel on Windows), the CSV text does not', () => {
    const file = soaCsvFile(report);
    expect(file.startsWith(UTF8_BOM)).toBe(true);
    expect(Buffer.from(file, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(file.slice(1)).toBe(renderSoaCsv(report));
    expect(renderSoaCsv(report).startsWith('"control"')).toBe(true);
  });

  it('neutralises =, +, -, @ (and tab/CR) prefixes and doubles quotes', () => {
    for (const f of FORMULAS) expect(csvField(f)).toBe(`"'${f.replace(/"/g, '""')}"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField('plain "quoted"')).toBe('"plain ""quoted"""');
    // The poisoned check reasons carry formulas into the failing-checks column; a person's
    // justification may start with one: in the CSV no field starts with one.
    const rows = parseCsv(renderSoaCsv(report, { decisions: { 'A.2.2': { applicable: true, justification: FORMULAS[0] } } }));
    const failing = rows.slice(1).map((r) => r[SOA_COLUMNS.indexOf('failing_checks')]).join('\n');
    expect(failing).toContain(FORMULAS[0].slice(1, 12));
    expect(rows.find((r) => r[0] === 'A.2.2')![SOA_COLUMNS.indexOf('justification')]).toBe(`'${FORMULAS[0]}`);
    for (const r of rows) for (const f of r) expect(f).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('takes a person’s applicability decisions', () => {
    const rows = parseCsv(renderSoaCsv(report, { decisions: { 'A.10.4': { applicable: false, justification: 'we have no customers of AI systems' } } }));
    const r = rows.find((x) => x[0] === 'A.10.4')!;
    expect(r[3]).toBe('no');
    expect(r[4]).toBe('we have no customers of AI systems');
  });

  it('lists attestations (evidence, owner, date) and waivers in their own columns', () => {
    const r = structuredClone(scanned);
    const trail = r.controls.find((c) => c.id === 'A.12')!.checks.find((k) => k.probe === 'cloudtrail')!;
    trail.status = 'WAIVED';
    trail.waiver = { owner: 'ciso@example.com', reason: 'migration SEC-77', expires: '2099-01-01' };
    const logs = r.controls.find((c) => c.id === 'A.12')!.checks.find((k) => k.probe === 'cloudwatch-logs')!;
    logs.status = 'ATTESTED';
    logs.attestation = { owner: 'grc@example.com', evidence: 'retention policy POL-9', date: '2026-10-01', expires: '2099-01-01' };
    const row = parseCsv(renderSoaCsv(r)).find((x) => x[0] === 'A.6.2.8')!;
    expect(row[SOA_COLUMNS.indexOf('waivers')]).toBe('AWS CloudTrail [A.12]: migration SEC-77 (owner ciso@example.com, until 2099-01-01)');
    expect(row[SOA_COLUMNS.indexOf('attestations')]).toBe('Amazon CloudWatch Logs [A.12]: retention policy POL-9 (owner grc@example.com, 2026-10-01, expires 2099-01-01)');
  });
});

describe('official ISO/IEC 42001:2023 view', () => {
  it('lists all 38 Annex A controls and clauses 4–10, each with its supporting checks or the attestation note', () => {
    const view = buildOfficialView(report);
    expect(view.annexA).toHaveLength(38);
    expect(view.annexA.map((r) => r.id)).toEqual(ANNEX_A_CONTROLS.map((c) => c.id));
    expect(view.clauses.map((r) => r.id)).toEqual(OFFICIAL_CLAUSES.map((c) => c.id));
    expect(new Set(view.clauses.map((r) => r.id.split('.')[0]))).toEqual(new Set(['4', '5', '6', '7', '8', '9', '10']));
    const docs = invertCrosswalk();
    const checks = invertEvidence();
    for (const r of [...view.clauses, ...view.annexA]) {
      expect(r.crosswalk.map((e) => e.documentId)).toEqual(docs.get(r.id) ?? []);
      expect(r.checks.map((k) => k.probe)).toEqual((checks.get(r.id) ?? []).map((l) => l.probe));
      if (!r.checks.length) {
        expect(r.summary).toBe(NO_EVIDENCE);
        expect(r.evidenceStatus).toBeNull();
      }
    }
    // A control no check supports (A.2.2 AI policy) needs documented attestation.
    const a22 = view.annexA.find((r) => r.id === 'A.2.2')!;
    expect(r0(checks.get('A.2.2'))).toBe(0);
    expect(a22.summary).toBe('no AWS-verifiable evidence — needs documented attestation');
    // A.6.2.8 (event logs) is supported by CloudTrail with its scanned verdicts under A.11 and A.12.
    const a628 = view.annexA.find((r) => r.id === 'A.6.2.8')!;
    const trail = a628.checks.find((k) => k.probe === 'cloudtrail')!;
    expect(trail.results.map((x) => x.documentId)).toEqual(['A.11', 'A.12']);
    expect(trail.results.map((x) => x.status)).toEqual(['A.11', 'A.12'].map((id) => report.controls.find((c) => c.id === id)!.checks.find((k) => k.probe === 'cloudtrail')!.status));
    expect(a628.evidenceStatus).not.toBeNull();
    // Every crosswalk reference and every evidence link lands on a row of the view (no wrong official ID slips in).
    const ids = new Set([...view.clauses, ...view.annexA].map((r) => r.id));
    for (const e of Object.values(CROSSWALK)) for (const ref of e.officialReferences) expect(ids.has(ref), ref).toBe(true);
    for (const ref of checks.keys()) expect(ids.has(ref), ref).toBe(true);
  });

  it('never words AWS evidence as satisfying a requirement on its own', () => {
    const r = structuredClone(report);
    for (const c of r.controls) for (const k of c.checks) k.status = 'PASS';
    const view = buildOfficialView(r);
    const a628 = view.annexA.find((x) => x.id === 'A.6.2.8')!;
    expect(a628.evidenceStatus).toBe('PASS');
    expect(a628.summary).toContain('documented information still required');
  });

  it('says when a supporting check was not part of the scan', () => {
    const r = structuredClone(report);
    r.controls = r.controls.filter((c) => c.id !== 'A.11' && c.id !== 'A.12');
    const a628 = buildOfficialView(r).annexA.find((x) => x.id === 'A.6.2.8')!;
    expect(a628.checks.every((k) => k.status === null)).toBe(true);
    expect(a628.evidenceStatus).toBeNull();
    expect(a628.summary).toMatch(/^not covered by this scan: check\(s\) AWS CloudTrail, /);
  });

  it('renders as terminal text with every requirement', () => {
    const text = renderOfficialText(buildOfficialView(report));
    for (const c of [...ANNEX_A_CONTROLS, ...OFFICIAL_CLAUSES]) expect(text).toContain(` ${c.id} `);
    expect(text).toContain(NO_EVIDENCE);
  });
});

function r0(a: unknown[] | undefined): number {
  return a?.length ?? 0;
}

describe('HTML report (static checks; the browser test runs it)', () => {
  it('escapes every account string and has no inline handlers or external references', async () => {
    const calls = await collectCallPreviews(callsPath, report);
    expect(calls.size).toBeGreaterThan(0);
    const html = renderHtml(report, { calls });
    expect(html).not.toContain(XSS_SCRIPT);
    expect(html).not.toContain('<img');
    // Account text cannot open a tag (every < in it is escaped), so every real tag is ours: none
    // may carry an event handler or point anywhere but data: or an anchor on the page itself.
    const tags = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);
    expect(tags.length).toBeGreaterThan(100);
    const ids = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]));
    let anchors = 0;
    for (const t of tags) {
      const bare = t.replace(/"[^"]*"/g, '""');
      expect(bare, t).not.toMatch(/\son[a-z]+\s*=/i);
      if (!/\s(href|src|action|formaction|xlink:href)\s*=/i.test(bare)) continue;
      // The references on the page: the empty data: favicon (it stops a favicon request), and
      // links to anchors of this page, each of which exists.
      if (t === '<link rel="icon" href="data:,">') continue;
      const m = /^<a (?:class="top" )?href="#([A-Za-z0-9._-]+)">$/.exec(t);
      expect(m, t).not.toBeNull();
      expect(ids.has(m![1]), t).toBe(true);
      anchors++;
    }
    expect(anchors).toBeGreaterThan(50);
    expect(html).toContain(esc(XSS_SCRIPT));
    expect(html).toContain(esc(HOSTILE_CALLER));
    // Exactly one script element: the page's own, whose hash the CSP names.
    expect(html.split('<script').length - 1).toBe(1);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">`);
    expect(CSP).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:/);
    expect(CSP).not.toContain('unsafe-inline');
    expect(CSP).toContain(SCRIPT_HASH);
    expect(CSP).toContain(STYLE_HASH);
  });

  it('shows the header, the official view and the SoA', () => {
    const html = renderHtml(report);
    for (const s of ['Official ISO/IEC 42001 view', 'Statement of Applicability', esc(NO_EVIDENCE), report.scan.account.id, report.tool.version, '<svg']) expect(html).toContain(s);
    for (const c of ANNEX_A_CONTROLS) expect(html).toContain(`data-official="${c.id}"`);
    for (const c of ANNEX_A_CONTROLS) expect(html).toContain(`data-control="${c.id}"`);
    for (const s of STATUSES) if (report.summary.checks[s]) expect(html).toContain(`data-filter-status="${s}"`);
  });
});

describe('format registry', () => {
  it('knows json, html, junit, md, asff and cyclonedx, and rejects anything else as a usage error', () => {
    expect([...FORMAT_NAMES]).toEqual(['json', 'html', 'junit', 'md', 'asff', 'cyclonedx']);
    expect(parseFormats('junit, md,junit')).toEqual(['junit', 'md']);
    expect(parseFormats(undefined)).toEqual(['json', 'html']);
    expect(() => parseFormats('pdf')).toThrow(/unknown format "pdf"/);
    let err: Error | undefined;
    try {
      parseFormats('xml');
    } catch (e) {
      err = e as Error;
    }
    expect(err?.name).toBe('UsageError');
    expect(FORMATS.junit.file).toBe('junit.xml');
  });

  it('asff: the Security Hub findings as a JSON file (reports/asff.ts)', async () => {
    expect(parseFormats('asff')).toEqual(['asff']);
    expect(FORMATS.asff.file).toBe('findings.asff.json');
    const text = await FORMATS.asff.render(report, {});
    const findings = JSON.parse(text) as unknown[];
    expect(Array.isArray(findings)).toBe(true);
    expect(findings.length).toBeGreaterThan(0);
  });
});
