// No credential reaches any output; no call but Security Hub import is a write; the terminal
// shows hostile account data as inert text.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
import { json, startFakeEndpoint, type FakeEndpoint } from '../fixtures/fake-endpoint.js';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli.js');
const KEY = 'AKIAAIMSSCANCANARY42';
const SECRET = 'aimsScanCanarySecret/DoNotLeak+0123456789abcd';
const TOKEN = 'IQoJb3JpZ2luX2VjECanaryAimsScanSessionToken0123456789';
const ACCOUNT = '123456789012';
const HOSTILE = '\u001b[31m\u001b]0;pwned\u0007<script>alert(1)</script>';

let endpoint: FakeEndpoint;
let url: string;
const out = mkdtempSync(join(tmpdir(), 'aims-secrets-'));

beforeAll(async () => {
  endpoint = await startFakeEndpoint({
    account: ACCOUNT,
    callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/scan/s`,
    // Echo the request's own headers back in an error message: a leak would show up in outputs.
    handle: ({ req, res }) => json(res, 400, { __type: 'ValidationException', message: `rejected; headers were ${JSON.stringify(req.headers).slice(0, 50)}…` }),
  });
  url = endpoint.url;
});

afterAll(async () => {
  await endpoint.close();
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

describe('--verbose', () => {
  it('shows the SDK\'s detail on stderr, and still no access key, secret or session token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aims-verbose-'));
    try {
      const env = { ...process.env, AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: '' };
      const r = await run(process.execPath, [CLI, 'scan', '--endpoint-url', url, '--out', dir, '--controls', 'A.11', '--max-attempts', '1', '--quiet', '--verbose'], { env }).then(
        (x) => ({ ...x, code: 0 }),
        (e: { stdout: string; stderr: string; code: number }) => e,
      );
      expect([1, 2]).toContain(r.code);
      expect(r.stderr).toMatch(/^aims-scan: sdk info: \{"clientName":"STSClient","commandName":"GetCallerIdentityCommand",.*"metadata":\{"httpStatusCode":200/m);
      expect(r.stderr).toMatch(/^aims-scan: sdk error: .*"error":"ValidationException: rejected/m);
      for (const needle of [KEY, SECRET, TOKEN, SECRET.slice(0, 16), TOKEN.slice(0, 20)]) expect(r.stderr.includes(needle), `found ${needle.slice(0, 8)}… on stderr`).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
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
