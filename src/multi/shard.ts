// Shards of an organization: `scan --organization --shard K/N` scans a stable share of the
// accounts. Rendezvous (highest-random-weight) hashing on the account ID: each account goes to the
// shard whose SHA-256 of (account, shard number) is highest. So an account's shard depends on its
// own ID and N only — not on the listing order, nor on which other accounts exist: accounts added
// or removed later move no other account; going from N to N+1 shards moves only the accounts the
// new shard wins (about 1/(N+1) of them), none between old shards. Jump consistent hash has the same
// properties for N → N+1 but moves accounts between old shards when a shard in the middle goes;
// rendezvous needs no numeric key and is N hashes per account, nothing at organization sizes.
// Each shard writes shard-manifest.json: which organization it listed (every active account and
// their SHA-256), K/N, and the accounts it was assigned, so `aims-scan merge` can tell what is
// missing and check that the assignment is the one this file computes.
import { createHash } from 'node:crypto';
import { InvalidArgumentError } from 'commander';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureWritableDir, writeFileAtomic } from '../util/atomic.js';
import { TOOL } from '../version.js';

export const SHARD_MANIFEST = 'shard-manifest.json';
export const SHARD_FORMAT = 'aims-scan-shard/1' as const;
export const SHARD_HASHING = 'rendezvous-sha256/1' as const;
/** Far more shards than any organization needs (AWS allows 10,000 accounts by default). */
export const MAX_SHARDS = 10_000;

export interface Shard {
  /** 1-based shard number. */
  k: number;
  n: number;
}

/** "K/N" → {k, n}; throws a plain Error with the reason (the CLI turns it into a usage error). */
export function parseShard(v: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v);
  if (!m) throw new Error(`expected K/N (e.g. 2/8), got "${v}"`);
  const k = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > MAX_SHARDS) throw new Error(`N must be 1–${MAX_SHARDS}, got ${n}`);
  if (k < 1 || k > n) throw new Error(`K must be 1–${n}, got ${k}`);
  return { k, n };
}

/** The `--shard` option parser: a bad value is a usage error (exit 3). */
export function shardOption(v: string): Shard {
  try {
    return parseShard(v);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

export const shardLabel = (s: Shard) => `${s.k}/${s.n}`;

/** The weight of an account for shard k: the first 48 bits of SHA-256, an exact integer. */
function weight(accountId: string, k: number): number {
  return createHash('sha256').update(`aims-scan-shard|${accountId}|${k}`).digest().readUIntBE(0, 6);
}

/** The shard (1..n) an account belongs to. */
export function shardOf(accountId: string, n: number): number {
  let best = 1;
  let bestWeight = -1;
  for (let k = 1; k <= n; k++) {
    const w = weight(accountId, k);
    // Ties (2^-48) go to the lower shard number, so the answer is still a function of the ID.
    if (w > bestWeight) {
      best = k;
      bestWeight = w;
    }
  }
  return best;
}

/** The accounts of `accountIds` that shard k of n scans, sorted and without repeats. */
export function assignShard(accountIds: readonly string[], shard: Shard): string[] {
  return [...new Set(accountIds)].filter((id) => shardOf(id, shard.n) === shard.k).sort();
}

/** SHA-256 of the sorted, de-duplicated account list, one ID a line: which organization a shard saw. */
export function accountListHash(accountIds: readonly string[]): string {
  return createHash('sha256')
    .update([...new Set(accountIds)].sort().join('\n'))
    .digest('hex');
}

export interface ShardManifest {
  format: typeof SHARD_FORMAT;
  tool: { name: string; version: string };
  createdAt: string;
  hashing: typeof SHARD_HASHING;
  shard: Shard;
  /** Every account the organization listing returned (active ones), and their hash. */
  organization: { source: 'organization' | 'accounts'; accounts: number; sha256: string; accountIds: string[] };
  /** The accounts this shard was assigned. */
  assigned: string[];
}

/**
 * Picks this shard's accounts and writes shard-manifest.json into `out` before any of them is
 * scanned, so an interrupted shard still says what it was meant to cover.
 */
export function planShard(accountIds: readonly string[], shard: Shard, out: string, source: ShardManifest['organization']['source'], now = new Date()): ShardManifest {
  ensureWritableDir(out);
  const all = [...new Set(accountIds)].sort();
  const manifest: ShardManifest = {
    format: SHARD_FORMAT,
    tool: TOOL,
    createdAt: now.toISOString(),
    hashing: SHARD_HASHING,
    shard,
    organization: { source, accounts: all.length, sha256: accountListHash(all), accountIds: all },
    assigned: assignShard(all, shard),
  };
  writeFileAtomic(join(out, SHARD_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** A scan without --shard into a folder a shard used: its old manifest would mislead merge. */
export function removeShardManifest(out: string): void {
  rmSync(join(out, SHARD_MANIFEST), { force: true });
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Reads a shard manifest and says what is wrong with it: its shape, and whether its hash and its
 * assigned accounts are what its own account list gives (an edited manifest shows here).
 */
export function readShardManifest(file: string): { manifest?: ShardManifest; problems: string[] } {
  let m: ShardManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as ShardManifest;
  } catch (err) {
    return { problems: [`cannot be read as JSON: ${(err as Error).message}`] };
  }
  const problems: string[] = [];
  if (!m || typeof m !== 'object') return { problems: ['is not a JSON object'] };
  if (m.format !== SHARD_FORMAT) problems.push(`format is not ${SHARD_FORMAT}`);
  if (m.hashing !== SHARD_HASHING) problems.push(`hashing is ${String(m.hashing)}, not ${SHARD_HASHING}`);
  const s = m.shard;
  if (!s || !Number.isInteger(s.k) || !Number.isInteger(s.n) || s.n < 1 || s.n > MAX_SHARDS || s.k < 1 || s.k > s.n) problems.push('shard is not a valid K/N');
  const ids = m.organization?.accountIds;
  if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string' && ACCOUNT_ID.test(x))) problems.push('organization.accountIds is not a list of account IDs');
  if (!Array.isArray(m.assigned) || !m.assigned.every((x) => typeof x === 'string' && ACCOUNT_ID.test(x))) problems.push('assigned is not a list of account IDs');
  if (problems.length) return { problems };
  if (accountListHash(ids) !== m.organization.sha256) problems.push('organization.sha256 does not match its account list');
  const expected = assignShard(ids, s);
  const assigned = [...m.assigned].sort();
  if (expected.join(',') !== assigned.join(',')) {
    const extra = assigned.filter((x) => !expected.includes(x));
    const lacking = expected.filter((x) => !assigned.includes(x));
    problems.push(`assigned accounts are not shard ${shardLabel(s)} of its account list${lacking.length ? `; lacks ${lacking.slice(0, 5).join(', ')}${lacking.length > 5 ? ' …' : ''}` : ''}${extra.length ? `; adds ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ' …' : ''}` : ''}`);
  }
  return { manifest: m, problems };
}
