// Pointed at an AWS-compatible endpoint that serves some APIs and not others, a scan finishes,
// writes its report, and every check that met an unsupported call is ERROR — never PASS.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateReport } from '../reports/json.js';
import { parseRecording } from '../src/aws/recording.js';
import type { Report } from '../src/engine/report.js';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'dist', 'src', 'cli.js');
const ACCOUNT = '123456789012';

const STS = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/tester</Arn><UserId>AIDATEST</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
const EC2 = `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r2</requestId><regionInfo><item><regionName>us-east-1</regionName><regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item></regionInfo></DescribeRegionsResponse>`;

let server: Server;
let url: string;
const seen: string[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action');
      const target = req.headers['x-amz-target'];
      seen.push(`${req.method} ${req.url} ${action ?? target ?? ''}`);
      const json = (status: number, obj: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      if (action === 'GetCallerIdentity') return void res.writeHead(200, { 'content-type': 'text/xml' }).end(STS);
      if (action === 'DescribeRegions') return void res.writeHead(200, { 'content-type': 'text/xml' }).end(EC2);
      if (req.method === 'GET' && req.url?.startsWith('/accounts')) return json(200, { HubArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:hub/default`, SubscribedAt: '2026-01-01T00:00:00.000Z' });
      if (req.url?.startsWith('/standards/get')) return json(200, { StandardsSubscriptions: [{ StandardsArn: 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0', StandardsStatus: 'READY', StandardsSubscriptionArn: 's', StandardsInput: {} }] });
      if (req.url?.startsWith('/productSubscriptions')) return json(200, { ProductSubscriptions: [] });
      // Everything else: what AWS-compatible emulators answer for an API they do not implement.
      json(501, { __type: 'InternalFailure', message: `API action ${action ?? target ?? req.url} not yet implemented` });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('scan against a partial AWS-compatible endpoint', () => {
  it('finishes, writes the report and marks unsupported calls ERROR', async () => {
    const out = mkdtempSync(join(tmpdir(), 'aims-endpoint-'));
    dirs.push(out);
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: '' };
    const res = await run(process.execPath, [CLI, 'scan', '--endpoint-url', url, '--controls', '6.1.2,A.12', '--out', out, '--max-attempts', '1', '--quiet'], { env }).then(
      () => ({ code: 0 }),
      (e: { code: number }) => ({ code: e.code }),
    );
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(validateReport(report)).toEqual([]);
    const calls = parseRecording(readFileSync(join(out, 'calls.jsonl'), 'utf8')).calls;
    const byId = new Map(calls.map((c) => [c.id, c]));
    const checks = report.controls.flatMap((c) => c.checks);
    const hub = checks.find((c) => c.service === 'AWS Security Hub')!;
    expect(hub.status).toBe('PASS');
    const monitor = checks.find((c) => c.service === 'Amazon SageMaker Model Monitor')!;
    expect(monitor.status).toBe('ERROR');
    expect(monitor.reason).toMatch(/InternalFailure|not yet implemented/);
    for (const c of checks) {
      const failed = c.evidence.map((id) => byId.get(id)!).filter((r) => r.outcome === 'error');
      // A PASS rests only on answered calls; a check that met an unsupported call is not PASS.
      if (c.status === 'PASS') expect(failed, c.service).toEqual([]);
      if (failed.some((r) => r.error?.name === 'InternalFailure') && c.status !== 'MANUAL') expect(c.status, c.service).toBe('ERROR');
    }
    expect(calls.some((c) => c.outcome === 'error' && c.error?.httpStatus === 501)).toBe(true);
    expect(res.code).toBe(report.controls.some((c) => c.status === 'FAIL') ? 1 : 2);
  });
});
