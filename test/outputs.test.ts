// Reusing --out: every scan leaves a folder whose files all belong to it. A second scan with fewer
// formats removes the first scan's junit.xml, summary.md, findings and pack; the user's own files,
// and the run's inputs (a --baseline or --replay inside the folder), stay.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OUTPUT_FILES, removeStaleOutputs } from '../src/commands/outputs.js';
import type { Report } from '../src/engine/report.js';
import { DEMO_RECORDING } from '../src/sim/demo-path.js';
import { runCli } from './fixtures/cli.js';

const root = mkdtempSync(join(tmpdir(), 'aims-outputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const scan = (args: string[]) => runCli(['scan', '--replay', DEMO_RECORDING, '--quiet', ...args], { cwd: root });
const USER = ['notes.txt', 'my-folder', 'evidence-of-my-own'];

function withUserFiles(dir: string): void {
  mkdirSync(join(dir, 'my-folder'), { recursive: true });
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  writeFileSync(join(dir, 'my-folder', 'junit.xml'), 'mine too: only the top of --out is the scan\'s');
  // Named like a pack, but no aims-scan manifest: not ours.
  mkdirSync(join(dir, 'evidence-of-my-own'));
  writeFileSync(join(dir, 'evidence-of-my-own', 'manifest.json'), '{"tool":{"name":"something else"}}');
}

describe('a reused --out folder', () => {
  it('holds only the latest scan\'s outputs, and every file the user put there', async () => {
    const out = join(root, 'reused');
    mkdirSync(out);
    withUserFiles(out);
    const baseline = join(root, 'baseline-report.json');
    expect((await scan(['--out', join(root, 'first-for-baseline')])).code).toBe(1);
    cpSync(join(root, 'first-for-baseline', 'report.json'), baseline);

    const first = await scan(['-o', out, '-f', 'json,html,junit,md,asff', '--evidence-pack', '--baseline', baseline]);
    expect(first.code, first.stderr).toBe(1);
    const all = readdirSync(out).sort();
    for (const f of ['report.json', 'calls.jsonl', 'report.html', 'soa.csv', 'junit.xml', 'summary.md', 'findings.asff.json', 'diff.json', 'diff.md']) expect(all).toContain(f);
    expect(all.filter((f) => /^evidence-\d+-.*\.zip$/.test(f))).toHaveLength(1);

    // Everything the full scan wrote is known to the cleanup: on a copy, only the user's files remain.
    const copy = join(root, 'copy');
    cpSync(out, copy, { recursive: true });
    removeStaleOutputs(copy, []);
    expect(readdirSync(copy).sort()).toEqual([...USER].sort());

    const second = await scan(['-o', out, '-f', 'json']);
    expect(second.code, second.stderr).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['calls.jsonl', 'report.json', ...USER].sort());
    expect(readFileSync(join(out, 'my-folder', 'junit.xml'), 'utf8')).toMatch(/^mine too/);
  });

  it('a --baseline inside --out is read before this scan replaces it', async () => {
    const out = join(root, 'same-folder');
    expect((await scan(['-o', out])).code).toBe(1);
    // Pretend the previous run had Macie passing: today's FAIL is then a regression.
    const old = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    for (const c of old.controls) for (const k of c.checks) if (k.service === 'Amazon Macie') k.status = 'PASS';
    writeFileSync(join(out, 'report.json'), JSON.stringify(old));
    const r = await scan(['-o', out, '--baseline', join(out, 'report.json'), '--fail-on', 'regression']);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8')).regressed).toBe(true);
  });

  it('a pack replayed from inside --out stays', async () => {
    const out = join(root, 'pack-input');
    expect((await scan(['-o', out, '--evidence-pack'])).code).toBe(1);
    const zip = readdirSync(out).find((f) => f.endsWith('.zip'))!;
    const r = await runCli(['scan', '--replay', join(out, zip), '-o', out, '-f', 'json', '--quiet'], { cwd: root });
    expect(r.code, r.stderr).toBe(1);
    expect(existsSync(join(out, zip))).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
  });

  it('multi-account folders: an account not in this run loses its old outputs; folders with user files stay', () => {
    const out = join(root, 'org');
    const a = join(out, '111111111111');
    const b = join(out, '222222222222');
    const c = join(out, '333333333333');
    for (const d of [a, b, c]) mkdirSync(d, { recursive: true });
    for (const f of ['report.json', 'calls.jsonl', 'junit.xml']) for (const d of [a, b, c]) writeFileSync(join(d, f), '{}');
    writeFileSync(join(c, 'ticket.txt'), 'mine');
    writeFileSync(join(out, 'organization-summary.json'), '{}');
    writeFileSync(join(out, 'report.json'), '{}'); // from an earlier single-account scan
    writeFileSync(join(out, '.0123456789ab.tmp'), ''); // an interrupted write
    // This run scanned account A only and wrote its summary.
    removeStaleOutputs(out, [a, join(out, 'organization-summary.json')]);
    expect(readdirSync(out).sort()).toEqual(['111111111111', '333333333333', 'organization-summary.json']);
    expect(readdirSync(a).sort()).toEqual(['calls.jsonl', 'junit.xml', 'report.json']);
    expect(readdirSync(c)).toEqual(['ticket.txt']);
  });

  it('knows every format\'s file name', () => {
    for (const f of ['report.json', 'calls.jsonl', 'report.html', 'soa.csv', 'junit.xml', 'summary.md', 'findings.asff.json', 'diff.json', 'diff.md', 'organization-summary.json', 'organization-summary.html']) expect(OUTPUT_FILES).toContain(f);
  });
});
