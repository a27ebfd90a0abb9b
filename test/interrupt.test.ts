// Ctrl-C during a scan: the calls in flight are aborted, what is known is written, the report
// says it is incomplete, and the exit code is 2.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateReport } from '../reports/json.js';
import type { Report } from '../src/engine/report.js';
import { startFakeEndpoint, type FakeEndpoint } from './fixtures/fake-endpoint.js';

const CLI = join(__dirname, '..', 'dist', 'src', 'cli.js');
let endpoint: FakeEndpoint;
let url: string;
const timers = new Set<NodeJS.Timeout>();
const out = mkdtempSync(join(tmpdir(), 'aims-sigint-'));

beforeAll(async () => {
  endpoint = await startFakeEndpoint({
    handle: ({ res }) => {
      // Every probe call hangs long enough to be interrupted.
      const t = setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 20_000);
      timers.add(t);
      res.on('close', () => clearTimeout(t));
    },
  });
  url = endpoint.url;
});

afterAll(async () => {
  timers.forEach(clearTimeout);
  await endpoint.close();
  rmSync(out, { recursive: true, force: true });
});

describe('SIGINT', () => {
  it('writes partial results marked incomplete and exits 2', async () => {
    const child = spawn(process.execPath, [CLI, 'scan', '--endpoint-url', url, '--out', out, '--max-attempts', '1'], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (/scanning \d+ control/.test(stderr)) {
          clearInterval(check);
          setTimeout(() => {
            child.kill('SIGINT');
            resolve();
          }, 500);
        }
      }, 50);
    });
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(stderr).toMatch(/interrupted: writing partial results/);
    expect(code).toBe(2);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(validateReport(report)).toEqual([]);
    expect(report.scan.complete).toBe(false);
    expect(report.controls).toHaveLength(18);
    const checks = report.controls.flatMap((c) => c.checks);
    expect(checks.filter((c) => c.probe).every((c) => c.status !== 'PASS')).toBe(true);
    expect(checks.some((c) => /interrupted/.test(c.reason))).toBe(true);
  }, 30_000);
});
