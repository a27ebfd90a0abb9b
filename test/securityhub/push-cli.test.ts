// `aims-scan push` through the built binary, against a Security Hub stand-in on 127.0.0.1
// (REST-JSON: GET /accounts = DescribeHub, POST /findings = GetFindings, POST /findings/import =
// BatchImportFindings), reached with AWS_ENDPOINT_URL. The report comes from a recorded scan.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import type { Report } from '../../src/engine/report.js';
import { writeEvidencePack, type PackResult } from '../../src/evidence/pack.js';
import { DEFAULT_OPTIONS, scan } from '../../src/scan.js';
import { buildFindings } from '../../src/securityhub/findings.js';
import { mockAccount } from '../fixtures/mock-account.js';
import { ACCOUNT } from '../helpers.js';
import { CLI, runCli, type CliResult } from '../fixtures/cli.js';

const root = mkdtempSync(join(tmpdir(), 'aims-push-'));
let scanDir: string;
let recording: string;
let report: Report;
let pack: PackResult;
let server: Server;
let endpoint: string;
const requests: { method: string; path: string; region: string; body: string }[] = [];
const disabled = new Set<string>();

function cli(args: string[]): Promise<CliResult> {
  const env = { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'AKIDAIMSSCANTEST0001', AWS_SECRET_ACCESS_KEY: 'aims-scan-test-secret-do-not-print', AWS_PROFILE: '', AWS_EC2_METADATA_DISABLED: 'true' };
  return runCli(args, { cwd: root, env });
}

beforeAll(async () => {
  expect(existsSync(CLI), 'build first: npx tsc -p .').toBe(true);
  const account = mockAccount();
  try {
    const r = await scan({ ...DEFAULT_OPTIONS, homeRegion: 'us-east-1', out: join(root, 'scan') }, { registry: defaultRegistry(), crosswalk: crosswalkLookup });
    scanDir = join(root, 'scan');
    recording = r.files.calls;
    report = r.report;
    mkdirSync(join(root, 'packs'));
    pack = await writeEvidencePack({ report, reportPath: r.files.report, callsPath: r.files.calls, outDir: join(root, 'packs'), html: '<html></html>', soa: 'control\n' });
  } finally {
    account.restore();
  }
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      // The region is in the SigV4 credential scope.
      const region = /Credential=[^/]+\/\d{8}\/([^/]+)\/securityhub\//.exec(req.headers.authorization ?? '')?.[1] ?? 'unsigned';
      const path = (req.url ?? '').split('?')[0];
      requests.push({ method: req.method ?? '', path, region, body });
      const json = (status: number, data: unknown, errorType?: string) => {
        res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
        res.end(JSON.stringify(data));
      };
      if (req.method === 'GET' && path === '/accounts') {
        if (disabled.has(region)) return json(401, { Message: `Account ${ACCOUNT} is not subscribed to AWS Security Hub` }, 'InvalidAccessException');
        return json(200, { HubArn: `arn:aws:securityhub:${region}:${ACCOUNT}:hub/default`, SubscribedAt: '2026-01-01T00:00:00.000Z' });
      }
      if (req.method === 'POST' && path === '/findings') return json(200, { Findings: [] });
      if (req.method === 'POST' && path === '/findings/import') {
        const n = (JSON.parse(body) as { Findings: unknown[] }).Findings.length;
        return json(200, { SuccessCount: n, FailedCount: 0, FailedFindings: [] });
      }
      return json(404, { Message: 'not here' }, 'ResourceNotFoundException');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  requests.length = 0;
  disabled.clear();
});

// Each case starts the binary one to four times; a loaded machine must not turn that into a failure.
describe('aims-scan push', { timeout: 120_000 }, () => {
  it('--dry-run on a scan folder: reads DescribeHub and GetFindings in each region, prints the plan, sends nothing', async () => {
    const expected = buildFindings(report);
    expect(expected.length).toBeGreaterThan(0);
    const r = await cli(['push', scanDir, '--dry-run']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ACTION\s+REGION\s+COMPLIANCE\s+ID\s+TITLE$/m);
    expect(r.stdout).toContain(`would create ${expected.length}, update 0, archive 0`);
    for (const f of expected) expect(r.stdout).toContain(f.Id!);
    expect(r.stderr).toMatch(/dry run: would create \d+, update 0, archive 0 finding\(s\); nothing was sent/);
    expect(requests.filter((q) => q.path === '/findings/import')).toEqual([]);
    const reads = requests.map((q) => `${q.method} ${q.path} ${q.region}`).sort();
    expect(reads).toEqual(['GET /accounts eu-west-1', 'GET /accounts us-east-1', 'POST /findings eu-west-1', 'POST /findings us-east-1']);
    const filter = JSON.parse(requests.find((q) => q.path === '/findings')!.body) as { Filters: Record<string, { Value: string; Comparison: string }[]> };
    const region = requests.find((q) => q.path === '/findings')!.region;
    expect(filter.Filters.ProductArn).toEqual([{ Value: `arn:aws:securityhub:${region}:${ACCOUNT}:product/${ACCOUNT}/default`, Comparison: 'EQUALS' }]);
    expect(filter.Filters.Region).toEqual([{ Value: region, Comparison: 'EQUALS' }]);
    expect(filter.Filters.GeneratorId).toEqual([{ Value: 'aims-scan/', Comparison: 'PREFIX' }]);
    expect(filter.Filters.AwsAccountId).toEqual([{ Value: ACCOUNT, Comparison: 'EQUALS' }]);
  });

  it('pushes report.json; a region with Security Hub off is reported and the exit code is 2', async () => {
    disabled.add('eu-west-1');
    const r = await cli(['push', join(scanDir, 'report.json')]);
    expect(r.code).toBe(2);
    const imports = requests.filter((q) => q.path === '/findings/import');
    expect(imports.length).toBeGreaterThan(0);
    expect(new Set(imports.map((q) => q.region))).toEqual(new Set(['us-east-1']));
    const sent = imports.flatMap((q) => (JSON.parse(q.body) as { Findings: { Id: string; SchemaVersion: string; Resources: { Region: string }[] }[] }).Findings);
    const expected = buildFindings(report).filter((f) => f.Resources![0].Region === 'us-east-1');
    expect(sent.map((f) => f.Id).sort()).toEqual(expected.map((f) => f.Id).sort());
    expect(sent.every((f) => f.SchemaVersion === '2018-10-08')).toBe(true);
    expect(r.stderr).toMatch(/eu-west-1: not pushed: Security Hub is not enabled in eu-west-1/);
    expect(r.stderr).toMatch(new RegExp(`partial push: ${expected.length} finding\\(s\\) landed`));
    // No secret ever reaches the output.
    expect(r.stdout + r.stderr).not.toContain('aims-scan-test-secret-do-not-print');
  });

  it('pushes from an evidence pack, zip or folder, after checking it is intact; never from a tampered one', async () => {
    const n = buildFindings(report).length;
    for (const target of [pack.zip, pack.folder]) {
      const r = await cli(['push', target, '--dry-run']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`would create ${n}, update 0, archive 0`);
    }
    const tampered = join(root, 'tampered');
    cpSync(pack.folder, tampered, { recursive: true });
    const file = join(tampered, 'report.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"FAIL"', '"PASS"'));
    requests.length = 0;
    const t = await cli(['push', tampered, '--dry-run']);
    expect(t.code).toBe(3);
    expect(t.stderr).toMatch(/the evidence pack is not intact \(changed: report\.json\)/);
    expect(requests).toEqual([]);
  });

  it('scan --push-securityhub --dry-run: the scan hook plans the push and keeps the scan\'s exit code', async () => {
    const out = join(root, 'replayed');
    const r = await cli(['scan', '--replay', recording, '--out', out, '--push-securityhub', '--dry-run', '--quiet']);
    const replayed = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(r.code).toBe(1); // the scan has a FAIL; the dry run itself was complete
    expect(r.stdout).toContain(`would create ${buildFindings(replayed).length}, update 0, archive 0`);
    expect(requests.filter((q) => q.path === '/findings/import')).toEqual([]);
    expect(requests.filter((q) => q.path === '/accounts').length).toBe(2);
  });

  it('exit 3 with a clear message for input it cannot push', async () => {
    const missing = await cli(['push', join(root, 'nope')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/no such file or folder/);
    const zip = join(root, 'broken.zip');
    writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    const z = await cli(['push', zip]);
    expect(z.code).toBe(3);
    expect(z.stderr).toMatch(/the evidence pack is not intact \(damaged: broken\.zip\)/);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect((await cli(['push', empty])).stderr).toMatch(/holds no report\.json/);
    const bad = join(root, 'bad.json');
    writeFileSync(bad, JSON.stringify({ hello: 'world' }));
    const b = await cli(['push', bad]);
    expect(b.code).toBe(3);
    expect(b.stderr).toMatch(/is not an aims-scan report/);
    expect(requests).toEqual([]);
    expect(readFileSync(join(scanDir, 'report.json'), 'utf8').length).toBeGreaterThan(0);
  });
});
