// The scanner's own dependency depth on a synthetic account: round trips when only the network
// costs time (lockstep.ts), beside the data chain the benchmark's lower bound counts. Explains the
// ratio at latency-bound sizes: the checks decide what to ask next from answers (which endpoint
// config an endpoint uses, which buckets hold AI data), a dependency the data chain cannot see.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crosswalkLookup } from '../../../checks/crosswalk.js';
import { defaultRegistry } from '../../../checks/registry.js';
import { DEFAULT_OPTIONS, scan } from '../../scan.js';
import { registryOps } from '../catalog.js';
import { simulate } from '../index.js';
import { LedgerTransport } from '../ledger.js';
import { LockstepTransport } from '../lockstep.js';
import { syntheticAccount } from '../synthetic.js';

export interface RoundTrips {
  resources: number;
  regions: number;
  /** Round trips the scan needed. */
  rounds: number;
  /** The longest chain of data dependencies among the same calls (the bound's chain). */
  dataChain: number;
  /** The APIs (`service:Operation`) of each round, sorted; the last ends the longest chain. */
  byRound: string[][];
}

export async function roundTrips(resources: number, regions: number): Promise<RoundTrips> {
  const account = syntheticAccount({ resources, regions });
  const registry = defaultRegistry();
  const ids = account.identifiers();
  // No latency, no rate limit, no retry: nothing but the scanner's own dependencies orders the calls.
  const sim = simulate(account, { ops: registryOps(registry), latency: false, rates: false, retry: false });
  const ledger = new LedgerTransport(sim.sim, { isIdentifier: (s) => ids.has(s), homeRegion: account.homeRegion });
  const lockstep = new LockstepTransport(ledger);
  const out = mkdtempSync(join(tmpdir(), 'aims-rounds-'));
  try {
    await scan({ ...DEFAULT_OPTIONS, concurrency: 1_000_000, limits: false, out, homeRegion: account.homeRegion, transport: lockstep, now: account.now }, { registry, crosswalk: crosswalkLookup });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return { resources, regions, rounds: lockstep.rounds, dataChain: ledger.result().maxDepth, byRound: lockstep.byRound.map((m) => [...m.keys()].sort()) };
}
