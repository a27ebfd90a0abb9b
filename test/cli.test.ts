// The built binary: replay a recorded scan, check the report against the schema and the exit
// code contract (0/1/2/3), and give a clear one-line error for bad input.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../checks/crosswalk.js';
import { defaultRegistry } from '../checks/registry.js';
import { validateReport } from '../reports/json.js';
import { exitCodeFor, type Report } from '../src/engine/report.js';
import { DEFAULT_OPTIONS, scan } from '../src/scan.js';
import { mockAccount } from './fixtures/mock-account.js';
import { CLI, runCli, type CliResult } from './fixtures/cli.js';

const root = mkdtempSync(join(tmpdir(), 'aims-cli-'));
let recording: string;

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(args, { cwd: root, env: { ...process.env, ...env } });
}

beforeAll(async () => {
  expect(existsSync(CLI), 'run `npm run build` (npm test does) before the CLI tests').toBe(true);
  const account = mockAccount();
  try {
    const r = await scan({ ...DEFAULT_OPTIONS, homeRegion: 'us-east-1', out: join(root, 'recorded') }, { registry: defaultRegistry(), crosswalk: crosswalkLookup });
    recording = r.files.calls;
  } finally {
    account.restore();
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('aims-scan CLI', () => {
  it('replays a recording: schema-valid report, summary table, exit code from the verdicts', async () => {
    const out = join(root, 'out1');
    const r = await cli(['scan', '--replay', recording, '--out', out]);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(validateReport(report)).toEqual([]);
    expect(report.scan.mode).toBe('replay');
    expect(r.code).toBe(exitCodeFor(report));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ID\s+ISO\/IEC 42001:2023\s+STATUS/m);
    expect(r.stdout).toMatch(/^A\.9\s+A\.2\.3 6\.1\.2 6\.1\.3\s+/m);
    expect(r.stderr).toMatch(/wrote .*report\.json/);
    expect(existsSync(join(out, 'calls.jsonl'))).toBe(true);
  });

  it('limits the scan to --controls and exits 0 when nothing fails or errs', async () => {
    const out = join(root, 'out2');
    const r = await cli(['scan', '--replay', recording, '--out', out, '--controls', 'A.11', '--quiet']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.controls.map((c) => c.id)).toEqual(['A.11']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(exitCodeFor(report));
  });

  it('--baseline writes the diff; --fail-on regression fails only on new failures or errors', async () => {
    const first = join(root, 'base1');
    await cli(['scan', '--replay', recording, '--out', first, '--quiet']);
    const same = await cli(['scan', '--replay', recording, '--out', join(root, 'base2'), '--quiet', '--baseline', join(first, 'report.json'), '--fail-on', 'regression']);
    expect(same.code, same.stderr).toBe(0);
    expect(readFileSync(join(root, 'base2', 'diff.md'), 'utf8').length).toBeGreaterThan(0);
    // Pretend the baseline had Macie passing: today's FAIL is then a regression.
    const old = JSON.parse(readFileSync(join(first, 'report.json'), 'utf8')) as Report;
    for (const c of old.controls) for (const k of c.checks) if (k.service === 'Amazon Macie') k.status = 'PASS';
    writeFileSync(join(first, 'report.json'), JSON.stringify(old));
    const worse = await cli(['scan', '--replay', recording, '--out', join(root, 'base3'), '--quiet', '--baseline', join(first, 'report.json'), '--fail-on', 'regression']);
    expect(worse.code, worse.stderr).toBe(1);
    expect(JSON.parse(readFileSync(join(root, 'base3', 'diff.json'), 'utf8')).regressed).toBe(true);
    const noBaseline = await cli(['scan', '--replay', recording, '--out', join(root, 'base4'), '--fail-on', 'regression']);
    expect(noBaseline.code).toBe(3);
    const none = await cli(['scan', '--replay', recording, '--out', join(root, 'base5'), '--quiet', '--fail-on', 'none']);
    expect(none.code).toBe(0);
  });

  it('exit 3 and the valid IDs for an unknown control', async () => {
    const r = await cli(['scan', '--replay', recording, '--out', join(root, 'o3'), '--controls', 'A.7,Z.9']);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown control ID Z\.9; valid IDs: 6\.1\.2, 7\.5, .*A\.15/);
  });

  it('exit 3 for an unknown flag', async () => {
    const r = await cli(['scan', '--frobnicate']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
  });

  it('exit 3 for an unwritable --out, before any call', async () => {
    // A path under a regular file cannot be created, even by root.
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'x');
    const target = join(blocker, 'sub');
    const r = await cli(['scan', '--replay', recording, '--out', target]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/output folder .* is not writable/);
  });

  it('exit 3 naming the line of a malformed replay file', async () => {
    const bad = join(root, 'bad.jsonl');
    const lines = readFileSync(recording, 'utf8').split('\n');
    writeFileSync(bad, [lines[0], lines[1], '{"type":"call",', ...lines.slice(2)].join('\n'));
    const r = await cli(['scan', '--replay', bad, '--out', join(root, 'o4')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${bad}:3: not valid JSON`);
  });

  it('exit 3 with a hint when there are no credentials', async () => {
    const r = await cli(['scan', '--out', join(root, 'o5'), '--region', 'us-east-1'], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', AWS_CONFIG_FILE: join(root, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(root, 'none'), AWS_EC2_METADATA_DISABLED: 'true' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot identify the caller.*--profile/);
  });

  it('lists the controls with official references, as a table and as JSON', async () => {
    const t = await cli(['controls']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^A\.9\s+MOVED\s+A\.2\.3/m);
    const j = JSON.parse((await cli(['controls', '--json'])).stdout) as { id: string; officialReferences: string[] }[];
    expect(j).toHaveLength(18);
    expect(j.find((c) => c.id === 'A.12')!.officialReferences).toContain('A.6.2.8');
  });

  it('--version and --help exit 0', async () => {
    const v = await cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version);
    const h = await cli(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/scan/);
  });
});
