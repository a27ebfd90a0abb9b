// Pushing to Security Hub against an in-memory hub (aws-sdk-client-mock): batching, the rate
// limit, stable identity across pushes, resolving, scope, retries, disabled regions, dry run.
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { READ_ONLY_OPERATION } from '../../src/aws/ops.js';
import { afterScanSecurityHub, runPush } from '../../src/commands/securityhub-options.js';
import type { ScanResult } from '../../src/scan.js';
import { buildFindings, findingBytes, findingId, type Finding } from '../../src/securityhub/findings.js';
import { isPartial, PUSH_CALLS, pushFindings, splitBatches, type PushOptions } from '../../src/securityhub/push.js';
import type { ResourceResult } from '../../src/model.js';
import { ACCOUNT, check, control, endpointArn, FakeHub, fakeClock, HOME, report, resourceCheck } from './fixture.js';

let hub: FakeHub;
let clock: ReturnType<typeof fakeClock>;
const logs: string[] = [];
const opts = (over: Partial<PushOptions> = {}): PushOptions => ({ clock, log: (l) => logs.push(l), ...over });

beforeEach(() => {
  clock = fakeClock();
  hub = new FakeHub(clock);
  logs.length = 0;
});
afterEach(() => hub.restore());

const endpoints = (n: number, status: ResourceResult['status'] = 'FAIL'): ResourceResult[] =>
  Array.from({ length: n }, (_, i) => ({ id: endpointArn(`ep-${String(i).padStart(3, '0')}`), region: HOME, status, reason: `endpoint ${i}` }));

/** One control (A.6), one resource check over us-east-1 only. */
const oneRegion = (resources: ResourceResult[], controlId = 'A.6', service = 'Amazon SageMaker') =>
  report([control(controlId, [resourceCheck(service, resources)])], { regions: [HOME] });

describe('Security Hub push', () => {
  it('sends 250 findings in batches of 100, 100 and 50, at most 10 calls a second', async () => {
    const r = oneRegion(endpoints(250));
    const res = await pushFindings(r, opts());
    expect(res).toMatchObject({ created: 250, updated: 0, archived: 0, failed: [], regionsNotPushed: [] });
    expect(hub.imports.map((i) => i.findings.length)).toEqual([100, 100, 50]);
    expect(new Set(hub.sent().map((f) => f.Id)).size).toBe(250);
    const times = hub.calls.filter((c) => c.region === HOME).map((c) => c.at);
    expect(times.length).toBe(5); // DescribeHub, GetFindings, 3 × BatchImportFindings
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(100);
    expect(hub.found(HOME)).toHaveLength(250);
  });

  it('reads every page of earlier findings, at most 3 GetFindings a second', async () => {
    const r = oneRegion(endpoints(250));
    await pushFindings(r, opts());
    hub.reset();
    const res = await pushFindings(r, opts());
    expect(res).toMatchObject({ created: 0, updated: 250, archived: 0 });
    const reads = hub.calls.filter((c) => c.op === 'GetFindings').map((c) => c.at);
    expect(reads).toHaveLength(Math.ceil(250 / hub.pageSize));
    for (let i = 1; i < reads.length; i++) expect(reads[i] - reads[i - 1]).toBeGreaterThanOrEqual(333);
  });

  it('splits a batch at 6 MB and never lets a batch pass it', () => {
    const base = buildFindings(oneRegion(endpoints(1)))[0];
    // ~150 KB each (under the 240 KB per-finding limit): 100 of them are ~15 MB.
    const big: Finding[] = Array.from({ length: 100 }, (_, i) => ({
      ...base,
      Id: `${base.Id}-${i}`,
      ProductFields: Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`pad/${k}`, 'x'.repeat(1900) + '\u00e9'.repeat(74)])),
    }));
    expect(findingBytes(big[0])).toBeGreaterThan(75_000);
    expect(findingBytes(big[0])).toBeLessThan(240 * 1024);
    const batches = splitBatches(big);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat().map((f) => f.Id)).toEqual(big.map((f) => f.Id));
    for (const b of batches) {
      expect(b.length).toBeLessThanOrEqual(100);
      expect(Buffer.byteLength(JSON.stringify({ Findings: b }))).toBeLessThanOrEqual(6_000_000);
    }
    // Small findings: only the count limit applies.
    expect(splitBatches(Array.from({ length: 201 }, () => base)).map((b) => b.length)).toEqual([100, 100, 1]);
  });

  it('pushing the same scan twice updates: same Ids, no new findings, CreatedAt kept, UpdatedAt forward', async () => {
    const r = report([
      control('A.6', [resourceCheck('Amazon SageMaker', endpoints(3))]),
      control('A.12', [check('AWS Config', { status: 'FAIL', regions: [{ region: HOME, status: 'FAIL', reason: 'no recorder' }, { region: 'eu-west-1', status: 'PASS', reason: 'recording' }] })]),
    ]);
    const first = await pushFindings(r, opts());
    expect(first).toMatchObject({ created: 5, updated: 0, archived: 0 });
    const firstSent = new Map(hub.sent().map((f) => [f.Id!, f]));
    hub.reset();
    clock.t += 86_400_000;
    const second = await pushFindings(r, opts());
    expect(second).toMatchObject({ created: 0, updated: 5, archived: 0, failed: [], regionsNotPushed: [] });
    const again = hub.sent();
    expect(again.map((f) => f.Id).sort()).toEqual([...firstSent.keys()].sort());
    for (const f of again) {
      const was = firstSent.get(f.Id!)!;
      expect(f.CreatedAt).toBe(was.CreatedAt);
      expect(f.FirstObservedAt).toBe(was.FirstObservedAt);
      expect(Date.parse(f.UpdatedAt!)).toBeGreaterThan(Date.parse(was.UpdatedAt!));
      // Security Hub's own fields are not echoed back.
      expect(Object.keys(f.ProductFields!).some((k) => k.startsWith('aws/'))).toBe(false);
    }
    expect(hub.found(HOME).length + hub.found('eu-west-1').length).toBe(5);
    // A later scan of the same account: still updates, and CreatedAt is the first sighting's.
    hub.reset();
    clock.t += 86_400_000;
    const later = structuredClone(r);
    later.scan.finishedAt = '2026-11-20T00:00:00.000Z';
    expect(await pushFindings(later, opts())).toMatchObject({ created: 0, updated: 5, archived: 0 });
    for (const f of hub.sent()) {
      expect(f.CreatedAt).toBe(firstSent.get(f.Id!)!.CreatedAt);
      expect(f.LastObservedAt).toBe('2026-11-20T00:00:00.000Z');
    }
  });

  it('a fixed resource turns PASSED (Workflow RESOLVED); a resource gone is archived', async () => {
    const before = oneRegion([
      { id: endpointArn('churn'), region: HOME, status: 'FAIL', reason: 'no data capture' },
      { id: endpointArn('old'), region: HOME, status: 'FAIL', reason: 'no data capture' },
    ]);
    await pushFindings(before, opts());
    hub.reset();
    clock.t += 3_600_000;
    const after = oneRegion([{ id: endpointArn('churn'), region: HOME, status: 'PASS', reason: 'data capture on' }]);
    after.scan.finishedAt = '2026-11-02T00:30:00.000Z';
    const res = await pushFindings(after, opts());
    expect(res).toMatchObject({ created: 0, updated: 1, archived: 1, failed: [] });
    const churn = hub.found(HOME).find((f) => f.Resources![0].Id === endpointArn('churn'))!;
    expect(churn.Compliance!.Status).toBe('PASSED');
    expect(churn.RecordState).toBe('ACTIVE');
    expect(hub.sent().find((f) => f.Id === churn.Id)!.Workflow).toEqual({ Status: 'RESOLVED' });
    const old = hub.found(HOME).find((f) => f.Resources![0].Id === endpointArn('old'))!;
    expect(old.RecordState).toBe('ARCHIVED');
    expect(old.Compliance!.Status).toBe('FAILED');
    // An update never tries to reset the triage state of a finding that still fails.
    const stillFailing = oneRegion([{ id: endpointArn('churn'), region: HOME, status: 'FAIL', reason: 'broken again' }]);
    stillFailing.scan.finishedAt = '2026-11-02T02:00:00.000Z';
    hub.reset();
    await pushFindings(stillFailing, opts());
    expect(hub.sent().find((f) => f.Id === churn.Id)!.Workflow).toBeUndefined();
    // The archived one stays archived: it is not re-archived on every push.
    expect(hub.sent().map((f) => f.Id)).not.toContain(old.Id);
  });

  it('a scan of one control archives nothing of another control, another region or another account', async () => {
    // Earlier: A.6 and A.9 findings in us-east-1, an A.6 finding in a region this scan does not cover.
    const earlier = report(
      [control('A.6', [resourceCheck('Amazon SageMaker', endpoints(2))]), control('A.9', [check('AWS KMS', { status: 'FAIL', regions: [{ region: HOME, status: 'FAIL', reason: 'no CMK' }] })])],
      { regions: [HOME] },
    );
    await pushFindings(earlier, opts());
    const far = buildFindings(oneRegion([{ id: endpointArn('far', 'ap-south-1'), region: 'ap-south-1', status: 'FAIL', reason: 'x' }]))[0];
    hub.put('ap-south-1', far);
    const foreign = { ...buildFindings(oneRegion(endpoints(1)))[0], Id: findingId('210987654321', HOME, 'A.6', 'Amazon SageMaker', 'x'), AwsAccountId: '210987654321' };
    hub.put(HOME, foreign);
    const a9Ids = hub.found(HOME).filter((f) => f.ProductFields!['aims-scan/controlId'] === 'A.9').map((f) => f.Id);
    expect(a9Ids).toHaveLength(1);
    hub.reset();
    clock.t += 60_000;

    // Now: only A.6, and both endpoints are gone.
    const now = report([control('A.6', [resourceCheck('Amazon SageMaker', [])])], { regions: [HOME], finishedAt: '2026-11-02T01:00:00.000Z' });
    const res = await pushFindings(now, opts());
    expect(res.archived).toBe(2);
    const touched = hub.sent().map((f) => f.Id);
    for (const id of [...a9Ids, far.Id, foreign.Id]) expect(touched).not.toContain(id);
    expect(hub.found(HOME).find((f) => f.Id === a9Ids[0])!.RecordState).toBe('ACTIVE');
    expect(hub.found('ap-south-1')[0].RecordState).toBe('ACTIVE');
    // ap-south-1 was never read, let alone written.
    expect(hub.calls.some((c) => c.region === 'ap-south-1')).toBe(false);
  });

  it('leaves earlier findings alone where the check could not be evaluated this time', async () => {
    await pushFindings(oneRegion(endpoints(2)), opts());
    hub.reset();
    const errored = report([control('A.6', [check('Amazon SageMaker', { status: 'ERROR', regions: [{ region: HOME, status: 'ERROR', reason: 'AccessDenied' }] })])], { regions: [HOME], finishedAt: '2026-11-02T01:00:00.000Z' });
    const res = await pushFindings(errored, opts());
    expect(res).toMatchObject({ created: 1, archived: 0 });
    expect(hub.sent().map((f) => f.Compliance!.Status)).toEqual(['NOT_AVAILABLE']);
  });

  it('never lets an older report overwrite what a newer scan pushed', async () => {
    const newer = oneRegion(endpoints(1, 'FAIL'));
    newer.scan.finishedAt = '2026-11-05T00:00:00.000Z';
    await pushFindings(newer, opts());
    hub.reset();
    const older = oneRegion(endpoints(1, 'PASS'));
    older.scan.finishedAt = '2026-10-01T00:00:00.000Z';
    const res = await pushFindings(older, opts());
    expect(res).toMatchObject({ created: 0, updated: 0, archived: 0, skippedNewer: 1 });
    expect(hub.imports).toHaveLength(0);
  });

  it('retries FailedFindings with backoff, then reports them by Id and error code', async () => {
    const r = oneRegion(endpoints(4));
    const ids = buildFindings(r).map((f) => f.Id!);
    hub.failRule = (f, attempt) => {
      if (f.Id === ids[0] && attempt <= 2) return { code: 'InternalException', message: 'try again' }; // lands on the 3rd try
      if (f.Id === ids[1]) return { code: 'ThrottlingException', message: 'slow down' }; // never lands
      if (f.Id === ids[2]) return { code: 'InvalidInput', message: 'Finding does not adhere to Amazon Finding Format' }; // not retried
      return undefined;
    };
    const res = await pushFindings(r, opts({ maxAttempts: 4, backoffMs: 200 }));
    expect(res.created).toBe(2);
    expect(res.failed.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: ids[1], code: 'ThrottlingException', message: 'slow down' },
        { id: ids[2], code: 'InvalidInput', message: 'Finding does not adhere to Amazon Finding Format' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    // 1st: all four; 2nd and 3rd: the two transient ones; 4th (last allowed): the one still throttled.
    expect(hub.imports.map((i) => i.findings.length)).toEqual([4, 2, 2, 1]);
    expect(hub.imports.flatMap((i) => i.findings).filter((f) => f.Id === ids[2])).toHaveLength(1);
    expect(clock.sleeps.filter((ms) => ms >= 200)).toEqual(expect.arrayContaining([200, 400, 800]));
    expect(isPartial(res)).toBe(true);
  });

  it('reports a region where Security Hub is off and still pushes the others', async () => {
    hub.disabled.add('eu-west-1');
    const r = report([control('A.12', [check('AWS Config', { status: 'FAIL', regions: [{ region: 'eu-west-1', status: 'FAIL', reason: 'no recorder' }, { region: HOME, status: 'FAIL', reason: 'no recorder' }] })])]);
    const res = await pushFindings(r, opts());
    expect(res.created).toBe(1);
    expect(res.unsent).toBe(1);
    expect(res.regionsNotPushed).toEqual([{ region: 'eu-west-1', reason: expect.stringMatching(/Security Hub is not enabled in eu-west-1 \(InvalidAccessException\)/) }]);
    expect(hub.imports.map((i) => i.region)).toEqual([HOME]);
    // Through the command step: exit 2 and a line saying how many landed.
    hub.reset();
    const code = await runPush(r, {}, (l) => logs.push(l), () => undefined, { clock });
    expect(code).toBe(2);
    expect(logs.join('\n')).toMatch(/partial push: 1 finding\(s\) landed; 0 failed; 1 not sent/);
  });

  it('refuses to push into another account than the report’s', async () => {
    hub.hubAccount = '210987654321';
    const res = await pushFindings(oneRegion(endpoints(1)), opts());
    expect(res.regionsNotPushed).toEqual([{ region: HOME, reason: `the credentials are for account 210987654321, the report for account ${ACCOUNT}` }]);
    expect(hub.imports).toHaveLength(0);
  });

  it('dry run: reads, plans creates, updates and archives, sends nothing', async () => {
    await pushFindings(oneRegion(endpoints(2)), opts());
    hub.reset();
    const next = oneRegion([endpoints(3)[0], endpoints(3)[2]]);
    next.scan.finishedAt = '2026-11-02T00:00:00.000Z';
    const printed: string[] = [];
    const code = await runPush(next, { dryRun: true }, (l) => logs.push(l), (s) => printed.push(s), { clock });
    expect(code).toBe(0);
    expect(hub.mock.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
    expect(hub.calls.map((c) => c.op).sort()).toEqual(['DescribeHub', 'GetFindings']);
    const out = printed.join('');
    expect(out).toMatch(/^create\s+us-east-1\s+FAILED\s+aims-scan\//m);
    expect(out).toMatch(/^update\s+us-east-1\s+FAILED/m);
    expect(out).toMatch(/^archive\s+us-east-1\s+FAILED/m);
    expect(out).toMatch(/would create 1, update 1, archive 1/);
    expect(logs.join('\n')).toMatch(/dry run: would create 1, update 1, archive 1 finding\(s\); nothing was sent/);
  });

  it('uses an injected client factory when given one', async () => {
    const made: string[] = [];
    const res = await pushFindings(oneRegion(endpoints(1)), opts({ clientFor: (region) => (made.push(region), new SecurityHubClient({ region, credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' } })) }));
    expect(res.created).toBe(1);
    expect(made).toEqual([HOME]);
  });

  it('the scan hook pushes only when asked, and returns 2 for a partial push', async () => {
    const r = oneRegion(endpoints(1));
    const result = { report: r, exitCode: 1, files: { report: 'x', calls: 'y' } } as ScanResult;
    expect(await afterScanSecurityHub(result, {}, () => undefined, { clock })).toBe(0);
    expect(hub.calls).toHaveLength(0);
    expect(await afterScanSecurityHub(result, { dryRun: true }, () => undefined, { clock })).toBe(0);
    expect(hub.calls).toHaveLength(0);
    expect(await afterScanSecurityHub(result, { pushSecurityhub: true }, () => undefined, { clock })).toBe(0);
    expect(hub.imports).toHaveLength(1);
    hub.disabled.add(HOME);
    expect(await afterScanSecurityHub(result, { pushSecurityhub: true }, () => undefined, { clock })).toBe(2);
  });

  it('declares the push calls apart from the read-only scan calls', () => {
    expect(PUSH_CALLS.map((c) => c.action).sort()).toEqual(['securityhub:BatchImportFindings', 'securityhub:DescribeHub', 'securityhub:GetFindings']);
    const write = PUSH_CALLS.find((c) => c.operation === 'BatchImportFindings')!;
    expect(write.operation).not.toMatch(READ_ONLY_OPERATION);
  });
});
