// Security Hub at organization scale: two shards push their accounts' findings, at the same time,
// into one (mocked) Security Hub that holds every account's findings the way the delegated
// administrator's does; each account's findings are imported with that account's own credentials
// (BatchImportFindings refuses a default-product finding from any other account). Neither shard
// reads, updates or archives a finding of the other shard's accounts — also when the service hands
// back every account's findings whatever the filter says.
import { BatchImportFindingsCommand, DescribeHubCommand, GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { assignShard } from '../../src/multi/shard.js';
import { coversAccount, parseFindingId, scanScope } from '../../src/securityhub/findings.js';
import { pushFindings, type PushResult } from '../../src/securityhub/push.js';
import { orgAccounts } from '../../src/sim/org.js';
import type { ResourceResult } from '../../src/model.js';
import { control, fakeClock, HOME, report, resourceCheck } from '../securityhub/fixture.js';

const ACCOUNTS = orgAccounts({ accounts: 6, seed: 18 }).map((a) => a.id);
const SHARDS = [1, 2].map((k) => assignShard(ACCOUNTS, { k, n: 2 }));
const keyOf = (account: string) => `AKIA${account}TEST`.slice(0, 20);
const accountOfKey = new Map(ACCOUNTS.map((a) => [keyOf(a), a]));

/** One Security Hub for the whole organization (the delegated administrator's view). */
class OrgHub {
  readonly mock = mockClient(SecurityHubClient);
  readonly store = new Map<string, AwsSecurityFinding>();
  readonly imports: { caller: string; findings: AwsSecurityFinding[] }[] = [];
  /** Answer GetFindings with every account's findings, whatever the filter. */
  ignoreFilters = false;

  constructor() {
    const caller = async (getClient: () => SecurityHubClient) => accountOfKey.get((await (getClient().config.credentials as () => Promise<{ accessKeyId: string }>)()).accessKeyId)!;
    this.mock.on(DescribeHubCommand).callsFake(async (_i, getClient) => ({ HubArn: `arn:aws:securityhub:${HOME}:${await caller(getClient)}:hub/default` }));
    this.mock.on(GetFindingsCommand).callsFake(async (input) => {
      const filters = (input.Filters ?? {}) as Record<string, { Value: string; Comparison: string }[]>;
      const matches = (f: AwsSecurityFinding) =>
        this.ignoreFilters || Object.entries(filters).every(([k, conds]) => conds.some((c) => (c.Comparison === 'PREFIX' ? String((f as Record<string, unknown>)[k] ?? '').startsWith(c.Value) : (f as Record<string, unknown>)[k] === c.Value)));
      return { Findings: structuredClone([...this.store.values()].filter(matches)) };
    });
    this.mock.on(BatchImportFindingsCommand).callsFake(async (input, getClient) => {
      const who = await caller(getClient);
      const findings = input.Findings as AwsSecurityFinding[];
      this.imports.push({ caller: who, findings: structuredClone(findings) });
      const failed = findings.filter((f) => f.AwsAccountId !== who).map((f) => ({ Id: f.Id!, ErrorCode: 'AccessDeniedException', ErrorMessage: 'not the finding’s account' }));
      for (const f of findings) if (f.AwsAccountId === who) this.store.set(f.Id!, { ...structuredClone(f), Region: HOME, ProductArn: f.ProductArn });
      return { SuccessCount: findings.length - failed.length, FailedCount: failed.length, FailedFindings: failed };
    });
  }

  /** An account's findings, e1's first. */
  of(account: string): AwsSecurityFinding[] {
    return [...this.store.values()].filter((f) => f.AwsAccountId === account).sort((a, b) => a.Resources![0].Id!.localeCompare(b.Resources![0].Id!));
  }
}

const endpoint = (account: string, name: string, status: 'PASS' | 'FAIL'): ResourceResult => ({ id: `arn:aws:sagemaker:${HOME}:${account}:endpoint/${name}`, region: HOME, status, reason: `${name}: ${status}` });
const scanOf = (account: string, resources: ResourceResult[], finishedAt: string) => report([control('A.6', [resourceCheck('Amazon SageMaker', resources)])], { account, regions: [HOME], finishedAt });

/** A shard pushes each of its accounts' reports with that account's credentials, as `scan --organization --push-securityhub` does. */
async function pushShard(accounts: string[], scan: (account: string) => ReturnType<typeof report>, clock: ReturnType<typeof fakeClock>): Promise<PushResult[]> {
  const out: PushResult[] = [];
  for (const account of accounts) {
    const client = new SecurityHubClient({ region: HOME, credentials: { accessKeyId: keyOf(account), secretAccessKey: 'not-a-real-secret' } });
    out.push(await pushFindings(scan(account), { clientFor: () => client, clock, now: () => new Date(clock.now()) }));
  }
  return out;
}

let hub: OrgHub | undefined;
afterEach(() => hub?.mock.restore());

describe('Security Hub pushes from two shards', () => {
  for (const ignoreFilters of [false, true]) {
    it(`leave each other's findings alone${ignoreFilters ? ' (GetFindings answering every account\'s findings)' : ''}`, async () => {
      hub = new OrgHub();
      hub.ignoreFilters = ignoreFilters;
      const clock = fakeClock();
      const [a, b] = SHARDS;
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);

      // Night 1: both shards push at once; every account has two failing endpoints.
      const first = (account: string) => scanOf(account, [endpoint(account, 'e1', 'FAIL'), endpoint(account, 'e2', 'FAIL')], '2026-11-01T12:00:00.000Z');
      await Promise.all([pushShard(a, first, clock), pushShard(b, first, clock)]);
      for (const acc of ACCOUNTS) expect(hub.of(acc).map((f) => f.RecordState)).toEqual(['ACTIVE', 'ACTIVE']);
      const bBefore = structuredClone(b.flatMap((acc) => hub!.of(acc)));
      hub.imports.length = 0;
      clock.t += 86_400_000;

      // Night 2: shard A's accounts lost e2 (archive it); shard B's fixed e1 (resolve it). At once.
      const lostE2 = (account: string) => scanOf(account, [endpoint(account, 'e1', 'FAIL')], '2026-11-02T12:00:00.000Z');
      const fixedE1 = (account: string) => scanOf(account, [endpoint(account, 'e1', 'PASS'), endpoint(account, 'e2', 'FAIL')], '2026-11-02T12:00:00.000Z');
      const [ra, rb] = await Promise.all([pushShard(a, lostE2, clock), pushShard(b, fixedE1, clock)]);
      expect(ra.map((r) => [r.archived, r.failed.length])).toEqual(a.map(() => [1, 0]));
      expect(rb.map((r) => [r.archived, r.updated, r.failed.length])).toEqual(b.map(() => [0, 2, 0]));

      // Every import carried only the caller's own account's findings: nothing was even attempted across.
      for (const i of hub.imports) for (const f of i.findings) expect(f.AwsAccountId).toBe(i.caller);
      for (const acc of a) {
        const [e1, e2] = hub.of(acc);
        expect([e1.RecordState, e1.Compliance?.Status, e2.RecordState]).toEqual(['ACTIVE', 'FAILED', 'ARCHIVED']);
      }
      for (const acc of b) expect(hub.of(acc).map((f) => [f.RecordState, f.Compliance?.Status])).toEqual([['ACTIVE', 'PASSED'], ['ACTIVE', 'FAILED']]);
      // Shard A's night-2 push touched none of shard B's findings (and B none of A's).
      const touchedByA = hub.imports.filter((i) => a.includes(i.caller)).flatMap((i) => i.findings.map((f) => f.AwsAccountId));
      expect(touchedByA.filter((x) => b.includes(x!))).toEqual([]);
      expect(b.flatMap((acc) => hub!.of(acc)).map((f) => f.Id)).toEqual(bBefore.map((f) => f.Id));
    });
  }

  it('a push covers its report\'s account only: another account\'s finding is never its to read or archive', () => {
    const [x, y] = ACCOUNTS;
    const scope = scanScope(scanOf(x, [], '2026-11-01T12:00:00.000Z'));
    expect([...scope.accounts]).toEqual([x]);
    const idOf = (acc: string) => `aims-scan/${acc}/${HOME}/A.6/amazon-sagemaker/0123456789abcdef`;
    expect(parseFindingId(idOf(y))?.account).toBe(y);
    expect(coversAccount(scope, { Id: idOf(x), AwsAccountId: x })).toBe(true);
    expect(coversAccount(scope, { Id: idOf(y), AwsAccountId: y })).toBe(false);
    // An Id and an AwsAccountId that disagree are nobody's.
    expect(coversAccount(scope, { Id: idOf(y), AwsAccountId: x })).toBe(false);
    expect(coversAccount(scope, { Id: idOf(x), AwsAccountId: y })).toBe(false);
  });
});
