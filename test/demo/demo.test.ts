// The built-in demo stays in step with the probes: its recording is what the generator makes
// today, replays with no missing answer, reaches every declared call (or says why not), and
// shows every kind of verdict. `aims-scan demo` runs it end to end from the built binary.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { opKey } from '../../src/aws/ops.js';
import { exitCodeFor, type Report } from '../../src/engine/report.js';
import { DEFAULT_OPTIONS, scan, type ScanResult } from '../../src/scan.js';
import { declaringProbes, registryOps } from '../../src/sim/catalog.js';
import { DEMO_ACCOUNT_ID, DEMO_REGIONS, DEMO_UNREACHABLE } from '../../src/sim/demo-account.js';
import { comparable, DEMO_RECORDING, generateDemoRecording, type DemoGeneration } from '../../src/sim/demo-recording.js';

const REGENERATE = 'run the generator: npx tsc -p . && node dist/src/sim/generate-demo.js';
const root = mkdtempSync(join(tmpdir(), 'aims-demo-test-'));
let generated: DemoGeneration;
let replay: ScanResult;
let committed: string;

beforeAll(async () => {
  expect(existsSync(DEMO_RECORDING), `${DEMO_RECORDING} is missing: ${REGENERATE}`).toBe(true);
  committed = readFileSync(DEMO_RECORDING, 'utf8');
  generated = await generateDemoRecording();
  replay = await scan({ ...DEFAULT_OPTIONS, out: join(root, 'replay'), replay: DEMO_RECORDING }, { registry: defaultRegistry(), crosswalk: crosswalkLookup });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const i = x.findIndex((line, n) => line !== y[n]);
  const at = i < 0 ? Math.min(x.length, y.length) : i;
  const [p, q] = [x[at] ?? '<end>', y[at] ?? '<end>'];
  let col = 0;
  while (col < p.length && p[col] === q[col]) col += 1;
  const from = Math.max(0, col - 120);
  return `line ${at + 1}, column ${col + 1}:\n  committed: …${p.slice(from, col + 180)}\n  generated: …${q.slice(from, col + 180)}`;
}

const calls = (text: string) => text.split('\n').filter(Boolean).slice(1).map((l) => JSON.parse(l) as { service: string; operation: string; region: string; attempts: number; outcome: string; error?: { name: string } });

describe('demo account', () => {
  it('ships the recording the generator makes from today’s probes', () => {
    const same = comparable(committed) === comparable(generated.text);
    expect(same, `demo/account/calls.jsonl is out of date — ${REGENERATE}\nfirst difference at ${firstDifference(comparable(committed), comparable(generated.text))}`).toBe(true);
  });

  it('replays through the normal engine with no missing answer', () => {
    const text = JSON.stringify(replay.report);
    expect(text).not.toMatch(/no recorded answer/);
    expect(replay.report.scan.mode).toBe('replay');
    expect(replay.report.scan.account.id).toBe(DEMO_ACCOUNT_ID);
    expect([...replay.report.scan.regions].sort()).toEqual([...DEMO_REGIONS].sort());
  });

  it('reaches every operation a probe declares, except the listed ones, each with its reason', () => {
    const registry = defaultRegistry();
    const recorded = new Set(calls(committed).map((c) => `${c.service}:${c.operation}`));
    const who = declaringProbes(registry);
    const declared = registryOps(registry).map(opKey);
    const missing = declared.filter((k) => !recorded.has(k) && !(k in DEMO_UNREACHABLE));
    expect(missing.map((k) => `${k} (declared by ${(who.get(k) ?? []).join(', ')})`), `declared calls the demo account never answers: give the demo account resources that reach them (src/sim/demo-account.ts) and ${REGENERATE}, or list them in DEMO_UNREACHABLE with the reason`).toEqual([]);
    const stale = Object.keys(DEMO_UNREACHABLE).filter((k) => recorded.has(k) || !declared.includes(k));
    expect(stale, 'DEMO_UNREACHABLE lists operations the demo does reach, or that no probe declares: remove them').toEqual([]);
    for (const reason of Object.values(DEMO_UNREACHABLE)) expect(reason.length).toBeGreaterThan(20);
  });

  it('shows every kind of verdict, and errors that say why', () => {
    const checks = replay.report.controls.flatMap((c) => c.checks);
    const statuses = new Set(checks.map((c) => c.status));
    for (const s of ['PASS', 'FAIL', 'MANUAL', 'ERROR'] as const) expect(statuses, `no ${s} check in the demo`).toContain(s);
    expect(checks.some((c) => c.regions.some((r) => r.status === 'NOT_APPLICABLE'))).toBe(true);
    const errors = checks.filter((c) => c.status === 'ERROR').map((c) => c.reason);
    expect(errors.some((r) => /access denied/.test(r))).toBe(true);
    expect(errors.some((r) => /throttled after retries/.test(r))).toBe(true);
    // Throttling past the retries is recorded with the attempts the SDK would report.
    const throttled = calls(committed).filter((c) => c.error?.name === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThan(0);
    for (const c of throttled) expect(c.attempts).toBe(DEFAULT_OPTIONS.maxAttempts);
    // Both endpoints of the brief, each with its own verdict.
    const monitor = checks.find((c) => c.service === 'Amazon SageMaker Model Monitor');
    expect(monitor?.resources.find((r) => r.id.endsWith('endpoint/churn-predictor'))?.status).toBe('PASS');
    expect(monitor?.resources.find((r) => r.id.endsWith('endpoint/fraud-scorer'))?.status).toBe('FAIL');
  });

  it('pages lists in the recording (small pages) and pins every call to the scan clock', () => {
    const lines = committed.split('\n').filter(Boolean).slice(1).map((l) => JSON.parse(l) as { input: Record<string, unknown>; startedAt: string; durationMs: number });
    expect(lines.some((c) => 'NextToken' in c.input)).toBe(true);
    const header = JSON.parse(committed.split('\n')[0]) as { startedAt: string };
    expect(new Set(lines.map((c) => c.startedAt))).toEqual(new Set([header.startedAt]));
    expect(lines.every((c) => c.durationMs === 0)).toBe(true);
    expect(generated.simulation.aws.stats.internal).toEqual([]);
  });
});

describe('aims-scan demo (built binary)', () => {
  const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli.js');

  it('writes the reports with no credentials or network and exits with the code its verdicts imply', async () => {
    expect(existsSync(CLI), 'build first: npx tsc -p .').toBe(true);
    const out = join(root, 'cli-demo');
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: 'aims-scan-no-such-profile', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', NO_COLOR: '1' };
    let code = 0;
    let stdout = '';
    try {
      stdout = (await promisify(execFile)(process.execPath, [CLI, 'demo', '--out', out], { env, cwd: root })).stdout;
    } catch (e) {
      const x = e as { code: number; stdout: string };
      code = x.code;
      stdout = x.stdout;
    }
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(code).toBe(exitCodeFor(report));
    expect(report.scan.account.id).toBe(DEMO_ACCOUNT_ID);
    expect(stdout).toContain(out);
    expect(stdout).toMatch(/report\.json/);
    expect(existsSync(join(out, 'calls.jsonl'))).toBe(true);

    // Run again into the same folder: this run's files replace the last run's (one evidence pack,
    // not one per run), an aims-scan output this run does not write is removed, the user's stay.
    writeFileSync(join(out, 'findings.asff.json'), '[]');
    writeFileSync(join(out, 'my-notes.txt'), 'mine');
    const again = await promisify(execFile)(process.execPath, [CLI, 'demo', '--out', out, '--quiet'], { env, cwd: root }).catch((e: { stdout: string }) => e);
    expect(again.stdout).toContain(out);
    const names = readdirSync(out);
    expect(names.filter((n) => /^evidence-.*\.zip$/.test(n))).toHaveLength(1);
    expect(names.filter((n) => /^evidence-/.test(n) && !n.endsWith('.zip'))).toHaveLength(1);
    expect(names).not.toContain('findings.asff.json');
    expect(names).toContain('my-notes.txt');
    expect(names).toEqual(expect.arrayContaining(['report.json', 'calls.jsonl', 'report.html', 'junit.xml', 'summary.md', 'soa.csv']));
  });
});
