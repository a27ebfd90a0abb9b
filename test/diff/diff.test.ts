// `aims-scan diff`: exactly the changed results, per control, check, region and resource; exit 1
// on a regression, 0 otherwise, 3 for bad input; account data escaped in every output.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { renderDiffJson, renderDiffMarkdown, renderDiffTable } from '../../reports/diff.js';
import { classifyChange, diffExitCode, diffReports, loadReport, type DiffEntry } from '../../src/diff/diff.js';
import type { Report } from '../../src/engine/report.js';
import { writeEvidencePack } from '../../src/evidence/pack.js';
import { DEFAULT_OPTIONS, scan } from '../../src/scan.js';
import { mockAccount } from '../fixtures/mock-account.js';
import { CLI, runCli, type CliResult } from '../fixtures/cli.js';

const root = mkdtempSync(join(tmpdir(), 'aims-diff-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const deps = { registry: defaultRegistry(), crosswalk: crosswalkLookup };

let base: Report;
let recording: string;
let baseDir: string;

beforeAll(async () => {
  const account = mockAccount();
  try {
    baseDir = join(root, 'base');
    const r = await scan({ ...DEFAULT_OPTIONS, homeRegion: 'us-east-1', out: baseDir }, deps);
    base = r.report;
    recording = r.files.calls;
  } finally {
    account.restore();
  }
});

function cli(args: string[]): Promise<CliResult> {
  return runCli(args, { cwd: root });
}

function save(name: string, r: Report): string {
  const f = join(root, `${name}.json`);
  writeFileSync(f, JSON.stringify(r, null, 2));
  return f;
}

/** What an entry is about and how it moved, for exact comparisons. */
const key = (e: DiffEntry) => [e.kind, e.level, e.control, e.service ?? '', e.region ?? '', e.resource ?? '', e.before, e.after].join(' | ');

const check = (r: Report, control: string, service: string) => r.controls.find((c) => c.id === control)!.checks.find((k) => k.service === service)!;

/** An independent oracle: every (level, place) whose status differs, by plain nested loops. */
function naiveChanges(a: Report, b: Report): string[] {
  const flat = (r: Report) => {
    const out: [string, string][] = [];
    for (const c of r.controls) {
      out.push([`control|${c.id}`, c.status]);
      for (const k of c.checks) {
        out.push([`check|${c.id}|${k.service}`, k.status]);
        for (const g of k.regions) out.push([`region|${c.id}|${k.service}|${g.region}`, g.status]);
        for (const x of k.resources) out.push([`resource|${c.id}|${k.service}|${x.region ?? ''}|${x.id}`, x.status]);
      }
    }
    return new Map(out);
  };
  const x = flat(a);
  const y = flat(b);
  const changed: string[] = [];
  for (const k of new Set([...x.keys(), ...y.keys()])) if (x.get(k) !== y.get(k)) changed.push(k);
  return changed.sort();
}
const placeOf = (e: DiffEntry) =>
  e.level === 'control' ? `control|${e.control}` : e.level === 'check' ? `check|${e.control}|${e.service}` : e.level === 'region' ? `region|${e.control}|${e.service}|${e.region}` : `resource|${e.control}|${e.service}|${e.region ?? ''}|${e.resource}`;

describe('classifyChange', () => {
  it('names each move', () => {
    expect(classifyChange('PASS', 'FAIL')).toBe('new-failure');
    expect(classifyChange(null, 'FAIL')).toBe('new-failure');
    expect(classifyChange('WAIVED', 'FAIL')).toBe('new-failure');
    expect(classifyChange('FAIL', 'FAIL')).toBe('still-failing');
    expect(classifyChange('FAIL', 'PASS')).toBe('fixed');
    expect(classifyChange('PASS', 'ERROR')).toBe('new-error');
    expect(classifyChange('FAIL', 'ERROR')).toBe('new-error');
    expect(classifyChange('ERROR', 'ERROR')).toBeUndefined();
    expect(classifyChange('PASS', 'PASS')).toBeUndefined();
    expect(classifyChange('FAIL', 'WAIVED')).toBe('changed');
    expect(classifyChange('MANUAL', 'ATTESTED')).toBe('changed');
    expect(classifyChange('FAIL', null)).toBe('changed');
    expect(classifyChange('ERROR', 'PASS')).toBe('changed');
  });
});

describe('diffReports on edited copies of one report', () => {
  it('a report against itself: nothing changed, only what still fails, no regression', () => {
    const d = diffReports(base, structuredClone(base));
    expect(d.regressed).toBe(false);
    expect(diffExitCode(d)).toBe(0);
    expect(d.changes.length).toBeGreaterThan(0);
    expect(new Set(d.changes.map((e) => e.kind))).toEqual(new Set(['still-failing']));
    for (const e of d.changes) expect(e.before).toBe('FAIL');
    expect(d.warnings).toEqual([]);
  });

  it('lists exactly the changed results', () => {
    const after = structuredClone(base);
    // 1. A passing check now fails (and with it its control).
    const trail = check(after, 'A.11', 'AWS CloudTrail');
    expect(trail.status).toBe('PASS');
    trail.status = 'FAIL';
    const a11 = after.controls.find((c) => c.id === 'A.11')!;
    const a11Before = a11.status;
    a11.status = 'FAIL';
    // 2. The unmonitored endpoint is fixed.
    const mm = check(after, '6.1.2', 'Amazon SageMaker Model Monitor');
    const ep = mm.resources.find((x) => x.id.includes('churn-predictor'))!;
    expect(ep.status).toBe('FAIL');
    ep.status = 'PASS';
    // 3. Security Hub in us-east-1 can no longer be read.
    const hub = check(after, '6.1.2', 'AWS Security Hub');
    hub.regions.find((g) => g.region === 'us-east-1')!.status = 'ERROR';
    // 4. A new failing resource appears (with hostile text).
    const hostile = 'arn:aws:s3:::evil|<img src=x onerror=alert(1)>[x](http://evil.example)\u001b[31m';
    mm.resources.push({ id: hostile, region: 'eu-west-1', status: 'FAIL', reason: 'no monitoring **now** | really\nsecond line' });
    // 5. A waiver accepted one failure: changed, not fixed.
    const macie = check(after, '7.5', 'Amazon Macie');
    expect(macie.status).toBe('FAIL');
    macie.status = 'WAIVED';

    const d = diffReports(base, after);
    const got = d.changes.filter((e) => e.kind !== 'still-failing').map(key).sort();
    const epId = ep.id;
    const expected = [
      'new-failure | check | A.11 | AWS CloudTrail |  |  | PASS | FAIL',
      ...(a11Before !== 'FAIL' ? [`new-failure | control | A.11 |  |  |  | ${a11Before} | FAIL`] : []),
      `fixed | resource | 6.1.2 | Amazon SageMaker Model Monitor | ${ep.region ?? ''} | ${epId} | FAIL | PASS`,
      'new-error | region | 6.1.2 | AWS Security Hub | us-east-1 |  | PASS | ERROR',
      `new-failure | resource | 6.1.2 | Amazon SageMaker Model Monitor | eu-west-1 | ${hostile} | null | FAIL`.replace(' | null | ', ' |  | '),
      'changed | check | 7.5 | Amazon Macie |  |  | FAIL | WAIVED',
    ].sort();
    expect(got).toEqual(expected);
    // Same as an independent walk of the two reports.
    expect(d.changes.filter((e) => e.kind !== 'still-failing').map(placeOf).sort()).toEqual(naiveChanges(base, after));
    // Still failing: every FAIL present in both, and nothing else.
    const stillOracle = naiveStillFailing(base, after);
    expect(d.changes.filter((e) => e.kind === 'still-failing').map(placeOf).sort()).toEqual(stillOracle);
    expect(stillOracle.length).toBeGreaterThan(0);

    expect(d.regressed).toBe(true);
    expect(diffExitCode(d)).toBe(1);
    expect(d.summary['new-failure']).toBe(a11Before !== 'FAIL' ? 3 : 2);
    expect(d.summary['new-error']).toBe(1);
    expect(d.summary.fixed).toBe(1);
    expect(d.summary.changed).toBe(1);
    // Worst first: new failures lead.
    expect(d.changes[0].kind).toBe('new-failure');
    // Each entry carries the official ISO/IEC 42001:2023 references of its control.
    const e = d.changes.find((x) => x.control === 'A.11')!;
    expect(e.officialReferences).toEqual(base.controls.find((c) => c.id === 'A.11')!.officialReferences);
    expect(e.officialReferences.length).toBeGreaterThan(0);
  });

  it('only improvements: no regression', () => {
    const after = structuredClone(base);
    const ep = check(after, '6.1.2', 'Amazon SageMaker Model Monitor').resources.find((x) => x.status === 'FAIL')!;
    ep.status = 'PASS';
    const d = diffReports(base, after);
    expect(d.changes.filter((e) => e.kind !== 'still-failing').map((e) => e.kind)).toEqual(['fixed']);
    expect(d.regressed).toBe(false);
  });

  it('warns when the reports are for different accounts or regions', () => {
    const other = structuredClone(base);
    other.scan.account.id = '210987654321';
    other.scan.regions = ['us-east-1'];
    const d = diffReports(base, other);
    expect(d.warnings.join('\n')).toMatch(/different accounts \(123456789012 and 210987654321\)/);
    expect(d.warnings.join('\n')).toMatch(/regions differ/);
  });

  it('escapes account data in Markdown and the terminal table', () => {
    const after = structuredClone(base);
    const hostile = 'evil|<script>alert(1)</script>[x](http://evil.example) @team\u001b[2J';
    check(after, '6.1.2', 'Amazon SageMaker Model Monitor').resources.push({ id: hostile, region: 'eu-west-1', status: 'FAIL', reason: 'bad | reason\nwith **bold** and ![img](http://x)' });
    const d = diffReports(base, after);
    const md = renderDiffMarkdown(d);
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).not.toMatch(/\]\(http/);
    expect(md).not.toContain('http://');
    expect(md).not.toContain('\u001b');
    const row = md.split('\n').find((l) => l.includes('&lt;script&gt;'))!;
    // Eight columns: nine unescaped pipes, whatever the data held.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(9);
    expect(md).toMatch(/### New failures \(1\)/);
    expect(md).toMatch(/❌ regressed/);
    const table = renderDiffTable(d, { color: false, width: 200 });
    expect(table).not.toContain('\u001b');
    expect(table).toMatch(/^NEW FAIL\s+6\.1\.2\s+/m);
    expect(table).toMatch(/result: REGRESSED/);
    expect(JSON.parse(renderDiffJson(d))).toEqual(JSON.parse(JSON.stringify(d)));
  });
});

function naiveStillFailing(a: Report, b: Report): string[] {
  const fails = (r: Report) => {
    const s = new Set<string>();
    for (const c of r.controls) {
      if (c.status === 'FAIL') s.add(`control|${c.id}`);
      for (const k of c.checks) {
        if (k.status === 'FAIL') s.add(`check|${c.id}|${k.service}`);
        for (const g of k.regions) if (g.status === 'FAIL') s.add(`region|${c.id}|${k.service}|${g.region}`);
        for (const x of k.resources) if (x.status === 'FAIL') s.add(`resource|${c.id}|${k.service}|${x.region ?? ''}|${x.id}`);
      }
    }
    return s;
  };
  const x = fails(a);
  return [...fails(b)].filter((k) => x.has(k)).sort();
}

describe('diff of two recorded scans (replays)', () => {
  it('a recording that lost the Macie answers: exactly the Macie results changed, to ERROR', async () => {
    const one = await scan({ ...DEFAULT_OPTIONS, out: join(root, 'r1'), replay: recording }, deps);
    const cut = join(root, 'cut.jsonl');
    // Every Macie answer: any one of them saying "Macie is not enabled" still decides the FAIL.
    writeFileSync(cut, readFileSync(recording, 'utf8').split('\n').filter((l) => !l.includes('"service":"macie2"')).join('\n'));
    const two = await scan({ ...DEFAULT_OPTIONS, out: join(root, 'r2'), replay: cut }, deps);
    const d = diffReports(one.report, two.report);
    const changed = d.changes.filter((e) => e.kind !== 'still-failing');
    expect(changed.map(placeOf).sort()).toEqual(naiveChanges(one.report, two.report));
    const macieControls = one.report.controls.filter((c) => c.checks.some((k) => k.service === 'Amazon Macie')).map((c) => c.id);
    expect(macieControls.length).toBeGreaterThan(0);
    for (const e of changed) {
      if (e.level === 'control') expect(macieControls).toContain(e.control);
      else expect(e.service).toBe('Amazon Macie');
    }
    // Each control's Macie check: FAIL before, ERROR now.
    for (const id of macieControls) {
      expect(changed.map(key)).toContain(`new-error | check | ${id} | Amazon Macie |  |  | FAIL | ERROR`);
    }
    expect(d.regressed).toBe(true);
    // The other way round, the ERRORs clear: FAIL again is a new failure (was not FAIL).
    expect(diffReports(two.report, one.report).summary['new-failure']).toBeGreaterThan(0);
  });
});

describe('unchanged results are not changes (issue 17)', () => {
  it('two identical reports: "No changes." and no STILL FAIL rows; --all lists them', () => {
    const d = diffReports(base, structuredClone(base));
    const stillFailing = d.summary['still-failing'];
    expect(stillFailing).toBeGreaterThan(5);
    const table = renderDiffTable(d, { color: false });
    expect(table).toContain('No changes.');
    expect(table).toContain(`${stillFailing} result(s) still fail, unchanged: --all lists them.`);
    expect(table).not.toMatch(/STILL FAIL/);
    expect(table).not.toMatch(/^CHANGE\s/m);
    const all = renderDiffTable(d, { color: false, all: true });
    expect(all.split('\n').filter((l) => l.startsWith('STILL FAIL'))).toHaveLength(stillFailing);
    expect(renderDiffMarkdown(d)).toMatch(/\nNo changes\.\n/);
  });

  it('with one change, lists only that change and counts what still fails apart', () => {
    const after = structuredClone(base);
    check(after, 'A.11', 'AWS CloudTrail').status = 'FAIL';
    const d = diffReports(base, after);
    const table = renderDiffTable(d, { color: false });
    const rows = table.split('\n').filter((l) => /^(NEW FAIL|NEW ERROR|CHANGED|FIXED|STILL FAIL)\s/.test(l));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((l) => !l.startsWith('STILL FAIL'))).toBe(true);
    expect(table).toContain(`${d.summary['still-failing']} result(s) still fail, unchanged (not listed: --all lists them).`);
  });

  it('cuts nothing when not on a terminal; on a terminal, cuts at word boundaries with "…"', () => {
    const after = structuredClone(base);
    const trail = check(after, 'A.11', 'AWS CloudTrail');
    trail.status = 'FAIL';
    trail.reason = `${'word '.repeat(60)}END-OF-REASON`;
    const d = diffReports(base, after);
    const piped = renderDiffTable(d, { color: false });
    expect(piped).toContain('END-OF-REASON');
    expect(piped).not.toContain('…');
    const tty = renderDiffTable(d, { color: false, width: 120 });
    const row = tty.split('\n').find((l) => l.startsWith('NEW FAIL') && l.includes('AWS CloudTrail') && l.includes('word'))!;
    expect(row.length).toBeLessThanOrEqual(120);
    expect(row).toMatch(/word…$/);
  });

  it('marks extension checks', () => {
    const after = structuredClone(base);
    const ext = after.controls.flatMap((c) => c.checks).find((k) => k.extension)!;
    expect(ext).toBeTruthy();
    ext.status = ext.status === 'FAIL' ? 'PASS' : 'FAIL';
    const d = diffReports(base, after);
    const e = d.changes.find((x) => x.level === 'check' && x.service === ext.service)!;
    expect(e.extension).toBe(true);
    expect(renderDiffTable(d, { color: false, all: true })).toContain(`${ext.service} (extension)`);
  });

  it('the CLI lists changes only, and unchanged failures with --all', async () => {
    const same = await cli(['diff', baseDir, join(baseDir, 'report.json')]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('No changes.');
    expect(same.stdout).not.toMatch(/^STILL FAIL/m);
    const all = await cli(['diff', baseDir, join(baseDir, 'report.json'), '--all']);
    expect(all.stdout).toMatch(/^STILL FAIL/m);
  });
});

describe('aims-scan diff (built CLI)', () => {
  beforeAll(() => {
    expect(existsSync(CLI), 'run `npx tsc -p .` before the CLI tests').toBe(true);
  });

  it('exit 1 on a regression, with the table on stdout', async () => {
    const after = structuredClone(base);
    check(after, 'A.11', 'AWS CloudTrail').status = 'FAIL';
    const r = await cli(['diff', save('old', base), save('new', after)]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^NEW FAIL\s+A\.11\s+.*AWS CloudTrail/m);
    expect(r.stdout).toMatch(/result: REGRESSED/);
  });

  it('exit 0 with no regression; folders holding report.json are accepted', async () => {
    const r = await cli(['diff', baseDir, join(baseDir, 'report.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/result: no regression/);
    const better = structuredClone(base);
    check(better, '6.1.2', 'Amazon SageMaker Model Monitor').resources.find((x) => x.status === 'FAIL')!.status = 'PASS';
    const f = await cli(['diff', baseDir, save('better', better), '--json']);
    expect(f.code, f.stderr).toBe(0);
    const j = JSON.parse(f.stdout);
    expect(j.summary.fixed).toBe(1);
    expect(j.regressed).toBe(false);
  });

  it('--markdown --out writes the file', async () => {
    const after = structuredClone(base);
    check(after, 'A.11', 'AWS CloudTrail').status = 'ERROR';
    const out = join(root, 'diff.md');
    const r = await cli(['diff', baseDir, save('err', after), '--markdown', '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/### New errors \(1\)\n\n\| ID \(document\) \| ISO\/IEC 42001:2023 \|/);
  });

  it('reads evidence packs: zip and folder', async () => {
    const packDir = join(root, 'packs');
    mkdirSync(packDir);
    const pack = await writeEvidencePack({ report: base, reportPath: join(baseDir, 'report.json'), callsPath: recording, outDir: packDir, html: '<html></html>', soa: 'x\n' });
    expect((await loadReport(pack.zip)).scan.id).toBe(base.scan.id);
    const r = await cli(['diff', pack.zip, pack.folder]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/result: no regression/);
  });

  it('exit 3 naming the file for malformed or missing input', async () => {
    const bad = join(root, 'bad.json');
    writeFileSync(bad, '{"schemaVersion": "1.0.0", "controls": ');
    let r = await cli(['diff', bad, baseDir]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${bad}: not valid JSON`);

    const notReport = join(root, 'not-report.json');
    const broken = structuredClone(base) as unknown as { controls: { checks: { status: string }[] }[] };
    broken.controls[1].checks[0].status = 'GREAT';
    writeFileSync(notReport, JSON.stringify(broken));
    r = await cli(['diff', baseDir, notReport]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${notReport}: not an aims-scan report: /controls/1/checks/0/status: not a status`);

    r = await cli(['diff', join(root, 'nope.json'), baseDir]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/nope\.json: no such file or folder/);

    const fakeZip = join(root, 'fake.zip');
    writeFileSync(fakeZip, 'not a zip');
    r = await cli(['diff', fakeZip, baseDir]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('fake.zip');

    r = await cli(['diff', baseDir, baseDir, '--json', '--markdown']);
    expect(r.code, r.stderr).toBe(3);
  });
});
