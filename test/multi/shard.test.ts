// Shard assignment: stable and complete whatever the listing order, after accounts join and
// leave, for several N; growing N moves only what the new shard wins; the manifest is checked;
// `--shard` is validated like every other option.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { accountListHash, assignShard, parseShard, planShard, readShardManifest, SHARD_MANIFEST, shardOf } from '../../src/multi/shard.js';
import { orgAccounts, shuffled } from '../../src/sim/org.js';
import { fastOrg, HOME } from './helpers.js';
import { listOrganization } from '../../src/sim/org-client.js';

const dir = mkdtempSync(join(tmpdir(), 'aims-shard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ids = (n: number, seed = 1) => orgAccounts({ accounts: n, seed }).map((a) => a.id);
/** Every shard of a list: one pass of shardOf (assignShard, one shard at a time, is checked against it). */
const shardsOf = (list: string[], n: number) => {
  const out: string[][] = Array.from({ length: n }, () => []);
  for (const id of [...new Set(list)].sort()) out[shardOf(id, n) - 1].push(id);
  return out;
};

describe('shard assignment (rendezvous hashing on the account ID)', () => {
  const org = ids(1_000);

  it('puts every account in exactly one shard, for several N', () => {
    for (const n of [1, 2, 3, 5, 8, 13, 64]) {
      const shards = shardsOf(org, n);
      const all = shards.flat();
      expect(all).toHaveLength(org.length);
      expect(new Set(all).size).toBe(org.length);
      expect([...all].sort()).toEqual([...org].sort());
      for (const k of new Set([1, n, Math.ceil(n / 2)])) expect(assignShard(org, { k, n })).toEqual(shards[k - 1]);
    }
  });

  it('gives the same shards whatever order the accounts are listed in, repeats included', () => {
    for (const n of [3, 8]) {
      const base = shardsOf(org, n);
      expect(shardsOf(shuffled(org, 7), n)).toEqual(base);
      expect(shardsOf([...org].reverse(), n)).toEqual(base);
      expect(shardsOf([...org, ...org.slice(0, 50)], n)).toEqual(base);
    }
  });

  it('moves no account when others join or leave', () => {
    for (const n of [2, 5, 8]) {
      const joined = [...org, ...ids(1_200, 1).slice(1_000)];
      const left = org.filter((_, i) => i % 9 !== 0);
      const before = new Map(org.map((id) => [id, shardOf(id, n)]));
      // Complete after the change, and each remaining account in the shard it had.
      for (const list of [joined, left]) {
        const shards = shardsOf(list, n);
        expect(shards.flat().sort()).toEqual([...new Set(list)].sort());
        shards.forEach((s, i) => s.filter((id) => before.has(id)).forEach((id) => expect(before.get(id)).toBe(i + 1)));
      }
    }
  });

  it('going from N to N+1 shards moves only what the new shard wins, about 1/(N+1)', () => {
    for (const n of [1, 2, 4, 8, 16]) {
      const moved = org.filter((id) => shardOf(id, n) !== shardOf(id, n + 1));
      for (const id of moved) expect(shardOf(id, n + 1)).toBe(n + 1);
      expect(moved.length / org.length).toBeGreaterThan(0.5 / (n + 1));
      expect(moved.length / org.length).toBeLessThan(1.5 / (n + 1));
    }
  });

  it('keeps shards within reach of an even share', () => {
    const sizes = shardsOf(org, 8).map((s) => s.length);
    for (const s of sizes) expect(Math.abs(s - 125)).toBeLessThan(40);
  });

  it('reads K/N and refuses anything else', () => {
    expect(parseShard('2/8')).toEqual({ k: 2, n: 8 });
    expect(parseShard(' 1 / 1 ')).toEqual({ k: 1, n: 1 });
    for (const bad of ['0/3', '4/3', '1/0', '3', 'a/b', '-1/2', '1/10001', '']) expect(() => parseShard(bad), bad).toThrow();
  });
});

describe('shard manifest', () => {
  it('says which organization the shard listed and what it was assigned; an edit shows', () => {
    const org = ids(40);
    const out = join(dir, 'manifest');
    const m = planShard(shuffled(org, 3), { k: 2, n: 3 }, out, 'organization', new Date('2026-11-01T00:00:00Z'));
    expect(m.organization).toMatchObject({ accounts: 40, sha256: accountListHash(org) });
    expect(m.organization.accountIds).toEqual([...org].sort());
    expect(m.assigned).toEqual(assignShard(org, { k: 2, n: 3 }));
    const file = join(out, SHARD_MANIFEST);
    expect(readShardManifest(file)).toEqual({ manifest: m, problems: [] });

    const edited = JSON.parse(readFileSync(file, 'utf8'));
    edited.assigned = edited.assigned.slice(1);
    writeFileSync(file, JSON.stringify(edited));
    expect(readShardManifest(file).problems.join()).toMatch(/not shard 2\/3 of its account list; lacks \d{12}/);
    edited.organization.accountIds.push('123456789012');
    writeFileSync(file, JSON.stringify(edited));
    expect(readShardManifest(file).problems.join()).toMatch(/sha256 does not match/);
    writeFileSync(file, '{');
    expect(readShardManifest(file).problems.join()).toMatch(/JSON/);
  });

  it('the simulated organization lists in any order and the shards come out the same', async () => {
    const a = await listOrganization(fastOrg({ accounts: 60, listOrder: 'id' }), HOME);
    const b = await listOrganization(fastOrg({ accounts: 60, listOrder: { shuffle: 99 } }), HOME);
    expect(b).toEqual(a);
    expect(planShard(a, { k: 1, n: 4 }, join(dir, 'a'), 'organization').assigned).toEqual(planShard(b, { k: 1, n: 4 }, join(dir, 'b'), 'organization').assigned);
  });
});

describe('scan --shard', () => {
  const quietly = async (args: string[]) => {
    const err = process.stderr.write;
    let said = '';
    process.stderr.write = ((s: string) => ((said += s), true)) as typeof process.stderr.write;
    try {
      return { code: await main(args), said };
    } finally {
      process.stderr.write = err;
    }
  };

  it('is a usage error (exit 3) when malformed or without --organization / --accounts', async () => {
    expect((await quietly(['scan', '--organization', '--role-name', 'R', '--shard', '4/3', '--out', join(dir, 'x')])).code).toBe(3);
    const r = await quietly(['scan', '--shard', '1/2', '--out', join(dir, 'y'), '--quiet']);
    expect(r.code).toBe(3);
    expect(r.said).toMatch(/--shard needs --organization or --accounts/);
  });
});
