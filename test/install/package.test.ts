// Installing it like any npm tool: the package is scoped (nobody else can publish under its name),
// the tarball `npm pack` makes holds everything the command needs at run time, and the command runs
// from the unpacked tarball — not from this checkout. (The full `npm install -g <tarball>` needs the
// registry for the dependencies; here they come from this checkout's node_modules instead.)
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_NAME } from '../../src/version.js';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  files: string[];
  engines: { node: string };
  scripts: Record<string, string>;
};
const tmp = mkdtempSync(join(tmpdir(), 'aims-pack-'));
let packed: string[] = [];
let unpacked = '';

// `npm` is a script run by whichever `node` is first on PATH: the suite's own Node, in CI on 24 too.
const npm = (args: string[]) => run('npm', args, { cwd: ROOT, env: { ...process.env, npm_config_update_notifier: 'false' }, maxBuffer: 64 * 1024 * 1024 });

beforeAll(async () => {
  // dist/ is built by `npm test` (tsc) before the suite; --ignore-scripts keeps `prepare` from
  // building it a second time while other tests read it.
  const { stdout } = await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', tmp]);
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string; mode: number }[] }[];
  packed = info.files.map((f) => f.path);
  const tarball = join(tmp, info.filename);
  expect(existsSync(tarball)).toBe(true);
  await run('tar', ['-xzf', tarball, '-C', tmp]);
  unpacked = join(tmp, 'package');
  // The dependencies an install would fetch: this checkout's, beside the unpacked package.
  symlinkSync(join(ROOT, 'node_modules'), join(unpacked, 'node_modules'), 'dir');
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the npm package', () => {
  it('is scoped, installs an `aims-scan` command, builds on prepare, and asks for Node 22 or newer', () => {
    expect(pkg.name).toBe(PACKAGE_NAME);
    expect(pkg.name).toMatch(/^@[a-z0-9-]+\/[a-z0-9-]+$/);
    expect(Object.keys(pkg.bin)).toEqual(['aims-scan']);
    expect(pkg.scripts.prepare).toMatch(/\btsc\b/);
    expect(pkg.engines.node).toBe('>=22');
    // Engines is advice, not a lock: Node 20 still installs and runs it while the SDK supports it.
    const npmrc = existsSync(join(ROOT, '.npmrc')) ? readFileSync(join(ROOT, '.npmrc'), 'utf8') : '';
    expect(npmrc).not.toMatch(/engine-strict\s*=\s*true/);
  });

  it('the tarball holds the command, its schemas, the precompiled validator and the demo recording — and no sources or tests', () => {
    for (const f of [pkg.bin['aims-scan'], 'dist/src/scan.js', 'dist/checks/registry.js', 'dist/reports/html.js', 'schema/config.schema.json', 'schema/report.schema.json', 'schema/report.validate.cjs', 'demo/account/calls.jsonl', 'README.md', 'package.json']) {
      expect(packed, f).toContain(f);
    }
    expect(packed.filter((f) => /^(src|test|checks|reports|scripts|bench)\//.test(f) || f.endsWith('.ts') || f.endsWith('.map'))).toEqual([]);
    // Each non-test module the build emitted ships.
    const emitted = (dir: string): string[] => readdirSync(join(ROOT, dir)).flatMap((n) => (statSync(join(ROOT, dir, n)).isDirectory() ? emitted(`${dir}/${n}`) : n.endsWith('.js') ? [`${dir}/${n}`] : []));
    const missing = ['dist/src', 'dist/checks', 'dist/reports'].flatMap(emitted).filter((f) => !packed.includes(f));
    expect(missing).toEqual([]);
  });

  it('runs from the unpacked tarball: --version, and the demo (schemas, validator and recording found inside the package)', async () => {
    const bin = join(unpacked, pkg.bin['aims-scan']);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const env = { ...process.env, NO_COLOR: '1' };
    const v = await run(process.execPath, [bin, '--version'], { env, cwd: tmp });
    expect(v.stdout.trim()).toBe(pkg.version);
    const out = join(tmp, 'demo-out');
    const demo = await run(process.execPath, [bin, 'demo', '--out', out, '--quiet'], { env, cwd: tmp }).then(
      () => 0,
      (e: { code: number; stderr: string }) => (e.code === 1 ? 1 : Promise.reject(new Error(e.stderr))),
    );
    expect(demo).toBe(1); // the demo account has FAILs
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { tool: { name: string; version: string } };
    expect(report.tool).toEqual({ name: 'aims-scan', version: pkg.version });
  }, 120_000);
});
