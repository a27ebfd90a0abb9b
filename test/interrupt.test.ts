// Ctrl-C during a scan: the calls in flight are aborted, what is known is written, the report
// says it is incomplete, and the exit code is 2.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateReport } from '../reports/json.js';
import type { Report } from '../src/engine/report.js';

const CLI = join(__dirname, '..', 'dist', 'src', 'cli.js');
const STS = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/t</Arn><UserId>A</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`;
const EC2 = `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><regionInfo><item><regionName>us-east-1</regionName><optInStatus>opt-in-not-required</optInStatus></item></regionInfo></DescribeRegionsResponse>`;

let server: Server;
let url: string;
const timers = new Set<NodeJS.Timeout>();
const out = mkdtempSync(join(tmpdir(), 'aims-sigint-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action');
      if (action === 'GetCallerIdentity') return void res.writeHead(200, { 'content-type': 'text/xml' }).end(STS);
      if (action === 'DescribeRegions') return void res.writeHead(200, { 'content-type': 'text/xml' }).end(EC2);
      // Every probe call hangs long enough to be interrupted.
      const t = setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 20_000);
      timers.add(t);
      res.on('close', () => clearTimeout(t));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  timers.forEach(clearTimeout);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
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
