// Pointed at an AWS-compatible endpoint that serves some APIs and not others, a scan finishes,
// writes its report, and every check that met an unsupported call is ERROR — never PASS.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateReport } from '../reports/json.js';
import { parseRecording } from '../src/aws/recording.js';
import type { Report } from '../src/engine/report.js';
import { assumedKeyFor, json, startFakeEndpoint, type FakeEndpoint } from './fixtures/fake-endpoint.js';
import { runCli } from './fixtures/cli.js';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'dist', 'src', 'cli.js');
const ACCOUNT = '123456789012';
const ROLE_ACCOUNT = '210987654321';
const OTHER_ACCOUNT = '333333333333';
const SUSPENDED = '444444444444';
// Base credentials of the caller; nothing may reach AWS itself (AWS_ENDPOINT_URL unset on purpose).
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: '' };

let endpoint: FakeEndpoint;
let url: string;
const dirs: string[] = [];

beforeAll(async () => {
  endpoint = await startFakeEndpoint({
    account: ACCOUNT,
    handle: ({ req, res, action }) => {
      if (req.method === 'GET' && req.url?.startsWith('/accounts')) return json(res, 200, { HubArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:hub/default`, SubscribedAt: '2026-01-01T00:00:00.000Z' });
      if (req.url?.startsWith('/standards/get')) return json(res, 200, { StandardsSubscriptions: [{ StandardsArn: 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0', StandardsStatus: 'READY', StandardsSubscriptionArn: 's', StandardsInput: {} }] });
      if (req.url?.startsWith('/productSubscriptions')) return json(res, 200, { ProductSubscriptions: [] });
      if (action === 'AWSOrganizationsV20161128.ListAccounts') {
        return json(res, 200, { Accounts: [ROLE_ACCOUNT, OTHER_ACCOUNT, SUSPENDED].map((Id) => ({ Id, Arn: `arn:aws:organizations::${ACCOUNT}:account/o-x/${Id}`, State: Id === SUSPENDED ? 'SUSPENDED' : 'ACTIVE' })) });
      }
      // Everything else: what AWS-compatible emulators answer for an API they do not implement.
      json(res, 501, { __type: 'InternalFailure', message: `API action ${action ?? req.url} not yet implemented` });
    },
  });
  url = endpoint.url;
});

afterAll(async () => {
  await endpoint.close();
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

describe('STS goes to --endpoint-url too', () => {
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'aims-endpoint-sts-'));
    dirs.push(d);
    return d;
  };
  // Had AssumeRole gone to AWS's own STS, it could not answer (no network here; and these keys
  // are fake): the scan would stop, or the account would be an ERROR row.

  it('--role-arn: AssumeRole is sent to the endpoint, and the scan runs as the assumed role', async () => {
    const out = tmp();
    const from = endpoint.requests.length;
    const role = `arn:aws:iam::${ROLE_ACCOUNT}:role/scan`;
    const r = await runCli(['scan', '--endpoint-url', url, '--role-arn', role, '--external-id', 'ext-1', '--controls', 'A.11', '--out', out, '--max-attempts', '1', '--quiet'], { cwd: out, env: ENV });
    expect([1, 2], r.stderr).toContain(r.code);
    const seen = endpoint.requests.slice(from);
    const assume = seen.filter((q) => q.action === 'AssumeRole');
    expect(assume).toHaveLength(1);
    expect(assume[0].params.get('RoleArn')).toBe(role);
    expect(assume[0].params.get('ExternalId')).toBe('ext-1');
    expect(assume[0].accessKeyId).toBe('AKIDTEST');
    expect(assume[0].scope).toBe('us-east-1/sts');
    // Every other call was signed with the assumed role's key.
    expect(seen.filter((q) => q.action !== 'AssumeRole').every((q) => q.accessKeyId === assumedKeyFor(ROLE_ACCOUNT))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.scan.account.id).toBe(ROLE_ACCOUNT);
  });

  it('--accounts --role-name: each account\'s role is assumed at the endpoint', async () => {
    const out = tmp();
    const from = endpoint.requests.length;
    const r = await runCli(['scan', '--endpoint-url', url, '--accounts', `${ROLE_ACCOUNT},${OTHER_ACCOUNT}`, '--role-name', 'scan', '--controls', 'A.11', '--out', out, '--max-attempts', '1', '--quiet'], { cwd: out, env: ENV });
    expect([1, 2], r.stderr).toContain(r.code);
    const arns = endpoint.requests.slice(from).filter((q) => q.action === 'AssumeRole').map((q) => q.params.get('RoleArn'));
    expect(arns.sort()).toEqual([`arn:aws:iam::${ROLE_ACCOUNT}:role/scan`, `arn:aws:iam::${OTHER_ACCOUNT}:role/scan`]);
    const summary = JSON.parse(readFileSync(join(out, 'organization-summary.json'), 'utf8')) as { accounts: { accountId: string; status: string; reason: string }[] };
    expect(summary.accounts.map((a) => [a.accountId, a.status])).toEqual([[ROLE_ACCOUNT, 'SCANNED'], [OTHER_ACCOUNT, 'SCANNED']].sort());
  });

  it('--organization --role-name: ListAccounts and every AssumeRole go to the endpoint', async () => {
    const out = tmp();
    const from = endpoint.requests.length;
    const r = await runCli(['scan', '--endpoint-url', url, '--organization', '--role-name', 'scan', '--controls', 'A.11', '--out', out, '--max-attempts', '1', '--quiet'], { cwd: out, env: ENV });
    expect([1, 2], r.stderr).toContain(r.code);
    const seen = endpoint.requests.slice(from);
    expect(seen.filter((q) => q.action === 'AWSOrganizationsV20161128.ListAccounts').map((q) => q.accessKeyId)).toEqual(['AKIDTEST']);
    expect(seen.filter((q) => q.action === 'AssumeRole').map((q) => q.params.get('RoleArn')).sort()).toEqual([`arn:aws:iam::${ROLE_ACCOUNT}:role/scan`, `arn:aws:iam::${OTHER_ACCOUNT}:role/scan`].sort());
    const summary = JSON.parse(readFileSync(join(out, 'organization-summary.json'), 'utf8')) as { accounts: { accountId: string; status: string }[] };
    expect(summary.accounts.map((a) => a.status)).toEqual(['SCANNED', 'SCANNED']);
  });
});

describe('S3 Control at a custom endpoint', () => {
  let local: FakeEndpoint;
  beforeAll(async () => {
    local = await startFakeEndpoint({
      account: ACCOUNT,
      handle: ({ req, res }) => {
        // ListBuckets (path style): no buckets. S3 Control GetPublicAccessBlock: none configured.
        if (req.method === 'GET' && (req.url === '/' || req.url?.startsWith('/?'))) {
          return void res.writeHead(200, { 'content-type': 'application/xml' }).end('<ListAllMyBucketsResult><Buckets></Buckets><Owner><ID>o</ID></Owner></ListAllMyBucketsResult>');
        }
        if (req.url?.startsWith('/v20180820/configuration/publicAccessBlock')) {
          return void res.writeHead(404, { 'content-type': 'application/xml' }).end('<ErrorResponse><Error><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>none</Message></Error></ErrorResponse>');
        }
        json(res, 501, { __type: 'InternalFailure', message: 'not implemented' });
      },
    });
  });
  afterAll(() => local.close());

  it('is called at the endpoint itself, not at <account>.<endpoint host>, and nothing reaches the terminal with --quiet', async () => {
    const out = mkdtempSync(join(tmpdir(), 'aims-endpoint-s3c-'));
    dirs.push(out);
    const r = await runCli(['scan', '--endpoint-url', local.url, '--controls', '7.5', '--out', out, '--max-attempts', '1', '--quiet'], { cwd: out, env: ENV });
    expect([1, 2], r.stderr).toContain(r.code);
    // Before: "Failed to construct URL with http://123456789012.127.0.0.1:…/ TypeError: Invalid URL" and its stack.
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    const s3c = local.requests.filter((q) => q.url.startsWith('/v20180820/'));
    expect(s3c.length).toBeGreaterThan(0);
    for (const q of s3c) {
      expect(q.host).toBe(new URL(local.url).host);
      expect(q.scope).toBe('us-east-1/s3');
    }
    const calls = parseRecording(readFileSync(join(out, 'calls.jsonl'), 'utf8')).calls.filter((c) => c.service === 's3control');
    expect(calls.map((c) => c.error?.name)).toEqual(['NoSuchPublicAccessBlockConfiguration']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    const s3 = report.controls.flatMap((c) => c.checks).find((c) => c.service === 'Amazon S3')!;
    // Whatever else the partial endpoint lacks, the account-level Block Public Access was read.
    expect(s3.reason).not.toMatch(/Invalid URL|GetAccountPublicAccessBlock|not available/);
  });
});
