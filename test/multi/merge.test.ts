// Shards of one simulated organization, merged, give the summary one process scanning the whole
// organization gives; a missing shard, a tampered pack, a doctored summary row, an edited
// manifest and an account scanned twice are each reported; the command keeps the exit codes.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { mergeOrganization, type MergeResult } from '../../src/multi/merge.js';
import { readShardManifest, SHARD_MANIFEST, type ShardManifest } from '../../src/multi/shard.js';
import { organizationExitCode, type AccountRow, type OrganizationSummary } from '../../src/multi/summary.js';
import type { OrgSpec } from '../../src/sim/org.js';
import { fastOrg, scanOrg } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'aims-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 14 accounts listed, one suspended (never scanned), two whose role is missing (ERROR rows).
const ORG: Partial<OrgSpec> = { accounts: 15, missingRoleEvery: 6, suspendedEvery: 8 };
const N = 3;
const shardDir = (k: number) => join(dir, 'shards', `aims-scan-shard-${k}`);
const read = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as OrganizationSummary & { merge?: MergeResult['merge'] };
/** A row without where its report is (the merge points at the shard's copy). */
const bare = ({ report: _r, ...row }: AccountRow) => row;

beforeAll(async () => {
  await scanOrg(fastOrg(ORG), join(dir, 'whole'));
  // Each shard lists the organization itself, in its own order.
  for (let k = 1; k <= N; k++) await scanOrg(fastOrg({ ...ORG, listOrder: { shuffle: k } }), shardDir(k), { shard: { k, n: N } });
}, 240_000);

const merge = async (inputs: string[], out: string) => {
  const logs: string[] = [];
  const r = await mergeOrganization(inputs, { out: join(dir, out), log: (l) => logs.push(l) });
  return { ...r, logs, summary: read(join(dir, out, 'organization-summary.json')) };
};

describe('aims-scan merge', () => {
  it('merging the shards gives the single-process organization summary', async () => {
    const whole = read(join(dir, 'whole', 'organization-summary.json'));
    expect(whole.accounts).toHaveLength(14);
    expect(whole.accounts.filter((a) => a.status === 'ERROR')).toHaveLength(2);
    // Found under a parent folder, as a CI merge job downloads the artifacts.
    const m = await merge([join(dir, 'shards')], 'merged');
    expect(m.merge.problems).toEqual([]);
    expect(m.merge.shards.map((s) => s.shard).sort()).toEqual(['1/3', '2/3', '3/3']);
    expect(m.merge.verified).toBe(12);
    expect(m.summary.controls).toEqual(whole.controls);
    expect(m.summary.counts).toEqual(whole.counts);
    expect(m.summary.accounts.map(bare)).toEqual(whole.accounts.map(bare));
    expect(m.exitCode).toBe(organizationExitCode(whole));
    // Every scanned row points at the pack it was read from.
    for (const a of m.summary.accounts.filter((x) => x.status === 'SCANNED')) expect(a.report).toMatch(new RegExp(`^\\.\\./shards/aims-scan-shard-\\d/${a.accountId}/evidence-${a.accountId}-.*\\.zip$`));
    expect(readFileSync(join(dir, 'merged', 'organization-summary.html'), 'utf8')).toContain(`${whole.accounts.length} account(s)`);
  });

  it('reports a missing shard and every account it should have covered', async () => {
    const m = await merge([shardDir(1), shardDir(3)], 'missing');
    const lost = (JSON.parse(readFileSync(join(shardDir(2), SHARD_MANIFEST), 'utf8')) as ShardManifest).assigned;
    expect(m.merge.problems.filter((p) => p.kind === 'missing-shard').map((p) => p.detail)).toEqual(['no output from shard 2/3']);
    expect(m.merge.missing).toEqual(lost);
    for (const id of lost) expect(m.summary.accounts.find((a) => a.accountId === id)).toMatchObject({ status: 'ERROR', reason: 'missing: no output for this account (shard 2/3 is missing)' });
    expect(readFileSync(join(dir, 'missing', 'organization-summary.html'), 'utf8')).toContain('<li>missing-shard: no output from shard 2/3</li>');
    expect(m.summary.counts.accounts).toBe(14);
    expect(m.exitCode).toBeGreaterThan(0);
  });

  it('reports a tampered evidence pack, a report.json that is not the pack\'s, and a doctored summary row', async () => {
    const copy = join(dir, 'tampered');
    cpSync(shardDir(1), copy, { recursive: true });
    const rows = read(join(copy, 'organization-summary.json'));
    const [a, b] = rows.accounts.filter((x) => x.status === 'SCANNED').map((x) => x.accountId);
    // a: one byte of the zip changed. b: its report.json says PASS. c: the summary row says PASS.
    const zip = readdirSync(join(copy, a)).find((f) => f.endsWith('.zip'))!;
    const bytes = readFileSync(join(copy, a, zip));
    bytes[insideLargestEntry(bytes)] ^= 0xff;
    writeFileSync(join(copy, a, zip), bytes);
    const report = JSON.parse(readFileSync(join(copy, b, 'report.json'), 'utf8'));
    report.summary.overall = 'PASS';
    writeFileSync(join(copy, b, 'report.json'), JSON.stringify(report));
    const doctored = rows.accounts.find((x) => x.status === 'SCANNED' && x.accountId !== a && x.accountId !== b)!;
    expect(doctored).toBeDefined();
    doctored.overall = 'PASS';
    writeFileSync(join(copy, 'organization-summary.json'), JSON.stringify(rows));
    const m = await merge([copy, shardDir(2), shardDir(3)], 'tampered-out');
    const kinds = m.merge.problems.map((p) => `${p.kind} ${p.account}`);
    expect(kinds).toContain(`tampered ${a}`);
    expect(kinds).toContain(`tampered ${b}`);
    expect(kinds).toContain(`inconsistent ${doctored.accountId}`);
    expect(m.summary.accounts.find((x) => x.accountId === a)).toMatchObject({ status: 'ERROR', reason: expect.stringMatching(/^tampered: evidence pack not intact/) });
    expect(m.summary.accounts.find((x) => x.accountId === b)).toMatchObject({ status: 'ERROR', reason: expect.stringMatching(/report\.json differs from the one in evidence-/) });
    // The doctored row: the evidence's verdict, not the row's.
    expect(m.summary.accounts.find((x) => x.accountId === doctored.accountId)!.overall).not.toBe('PASS');
    expect(m.exitCode).toBeGreaterThan(0);
  });

  it('reports an edited manifest and an account covered twice, keeping the newer scan', async () => {
    const copy = join(dir, 'edited');
    cpSync(shardDir(2), copy, { recursive: true });
    const file = join(copy, SHARD_MANIFEST);
    const m0 = readShardManifest(file).manifest!;
    writeFileSync(file, JSON.stringify({ ...m0, assigned: m0.assigned.slice(1) }));
    // A loose pack of an account shard 1 also covers, from the single-process scan (a later scan).
    const whole = read(join(dir, 'whole', 'organization-summary.json'));
    const s1 = read(join(shardDir(1), 'organization-summary.json')).accounts.find((x) => x.status === 'SCANNED')!.accountId;
    const pack = join(dir, 'whole', s1, readdirSync(join(dir, 'whole', s1)).find((f) => f.endsWith('.zip'))!);
    const m = await merge([shardDir(1), copy, shardDir(3), pack], 'edited-out');
    expect(m.merge.problems.some((p) => p.kind === 'manifest' && /not shard 2\/3 of its account list/.test(p.detail))).toBe(true);
    expect(m.merge.problems.some((p) => p.kind === 'inconsistent' && p.account === m0.assigned[0])).toBe(true);
    expect(m.merge.duplicates).toEqual([{ account: s1, sources: [shardDir(1), pack] }]);
    expect(m.summary.accounts).toHaveLength(whole.accounts.length);
  });

  it('exit codes: the organization\'s (1 here: FAILs), 3 for a path that is not there or holds nothing', async () => {
    const run = async (args: string[]) => {
      const err = process.stderr.write;
      process.stderr.write = (() => true) as typeof process.stderr.write;
      try {
        return await main(args);
      } finally {
        process.stderr.write = err;
      }
    };
    expect(await run(['merge', join(dir, 'shards'), '--out', join(dir, 'cli'), '--quiet'])).toBe(1);
    expect(read(join(dir, 'cli', 'organization-summary.json')).counts!.accounts).toBe(14);
    expect(await run(['merge', join(dir, 'nope'), '--out', join(dir, 'cli2')])).toBe(3);
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(await run(['merge', empty, '--out', join(dir, 'cli3')])).toBe(3);
  });
});

/**
 * An offset inside the compressed data of the zip's largest entry: a byte flipped there always
 * changes a file's content (a byte in the middle of the zip may fall in a header field no reader checks).
 */
function insideLargestEntry(zip: Buffer): number {
  let best = { at: -1, size: -1 };
  for (let i = zip.indexOf('PK\x03\x04', 0, 'latin1'); i >= 0; i = zip.indexOf('PK\x03\x04', i + 4, 'latin1')) {
    const size = zip.readUInt32LE(i + 18);
    const start = i + 30 + zip.readUInt16LE(i + 26) + zip.readUInt16LE(i + 28);
    if (size > best.size && start + size <= zip.length) best = { at: start + Math.floor(size / 2), size };
  }
  if (best.at < 0) throw new Error('no zip entry found');
  return best.at;
}
