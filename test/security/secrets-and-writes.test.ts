// No credential reaches any output; no call but Security Hub import is a write; the terminal
// shows hostile account data as inert text.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSIONS, PROBES } from '../../checks/registry.js';
import { renderTerminal } from '../../reports/terminal.js';
import { READ_ONLY_OPERATION } from '../../src/aws/ops.js';
import { parseRecording } from '../../src/aws/recording.js';
import { declaredCalls } from '../../src/engine/probe.js';
import type { Report } from '../../src/engine/report.js';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli.js');
const KEY = 'AKIAAIMSSCANCANARY42';
const SECRET = 'aimsScanCanarySecret/DoNotLeak+0123456789abcd';
const TOKEN = 'IQoJb3JpZ2luX2VjECanaryAimsScanSessionToken0123456789';
const ACCOUNT = '123456789012';
const HOSTILE = '\u001b[31m\u001b]0;pwned\u0007<script>alert(1)</script>';

let server: Server;
let url: string;
const out = mkdtempSync(join(tmpdir(), 'aims-secrets-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action');
      if (action === 'GetCallerIdentity') {
        return void res.writeHead(200, { 'content-type': 'text/xml' }).end(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:sts::${ACCOUNT}:assumed-role/scan/s</Arn><UserId>A</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`);
      }
      if (action === 'DescribeRegions') {
        return void res.writeHead(200, { 'content-type': 'text/xml' }).end('<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><regionInfo><item><regionName>us-east-1</regionName><optInStatus>opt-in-not-required</optInStatus></item></regionInfo></DescribeRegionsResponse>');
      }
      // Echo the request's own headers back in an error message: a leak would show up in outputs.
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ __type: 'ValidationException', message: `rejected; headers were ${JSON.stringify(req.headers).slice(0, 50)}…` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(out, { recursive: true, force: true });
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

describe('secrets', () => {
  it('no access key, secret or session token in any output, log or recording', async () => {
    const help = (await run(process.execPath, [CLI, 'scan', '--help'])).stdout;
    const extra = [...(help.includes('--format') ? ['--format', 'json,html,junit,md'] : []), ...(help.includes('--evidence-pack') ? ['--evidence-pack'] : [])];
    const env = { ...process.env, AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: '' };
    const r = await run(process.execPath, [CLI, 'scan', '--endpoint-url', url, '--out', out, '--max-attempts', '1', ...extra], { env }).then(
      (x) => ({ ...x, code: 0 }),
      (e: { stdout: string; stderr: string; code: number }) => e,
    );
    expect([1, 2]).toContain(r.code);
    const outputs = files(out);
    expect(outputs.some((f) => f.endsWith('report.json'))).toBe(true);
    const blobs = [r.stdout, r.stderr, ...outputs.map((f) => readFileSync(f).toString('latin1'))];
    for (const needle of [KEY, SECRET, TOKEN, SECRET.slice(0, 16), TOKEN.slice(0, 20)]) {
      for (const b of blobs) expect(b.includes(needle), `found ${needle.slice(0, 8)}… in an output`).toBe(false);
    }
  });
});

describe('read-only', () => {
  it('every declared probe command is a read operation', () => {
    for (const p of [...PROBES, ...EXTENSIONS.map((e) => e.probe)]) {
      for (const o of declaredCalls(p)) expect(o.operation, `${p.id} declares ${o.operation}`).toMatch(READ_ONLY_OPERATION);
    }
  });

  it('every call recorded in a full scan is a read operation', () => {
    const rec = parseRecording(readFileSync(join(out, 'calls.jsonl'), 'utf8'));
    expect(rec.calls.length).toBeGreaterThan(20);
    for (const c of rec.calls) expect(c.operation, `${c.service}:${c.operation}`).toMatch(READ_ONLY_OPERATION);
  });
});

describe('terminal', () => {
  it('shows control characters from the account as inert replacement characters', () => {
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    report.controls[0].reason = HOSTILE;
    const text = renderTerminal(report, { color: false, width: 200 });
    expect(text).not.toMatch(/[\u001b\u0007]/);
    expect(text).toContain('\uFFFD[31m');
  });
});
