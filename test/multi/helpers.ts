// A simulated organization scanned the way `scan --organization [--shard K/N]` scans one, fast:
// no latency, no rate limits, one region, small accounts; each account's evidence pack written
// right after its scan, as the CLI does with --evidence-pack.
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { writeReportOutputs } from '../../src/commands/report-options.js';
import { scanAccounts } from '../../src/multi/accounts.js';
import { planShard, type Shard } from '../../src/multi/shard.js';
import { DEFAULT_OPTIONS, type ScanResult } from '../../src/scan.js';
import { registryOps } from '../../src/sim/catalog.js';
import { inProcessOrg, listOrganization, simulatedOrgDeps, type OrgEndpoint } from '../../src/sim/org-client.js';
import type { OrgSpec } from '../../src/sim/org.js';

export const HOME = 'us-east-1';
export const registry = defaultRegistry();

/** A fast organization: 1 region, tiny accounts, no latency, no throttling. */
export function fastOrg(over: Partial<OrgSpec> = {}) {
  return inProcessOrg({ accounts: 12, resources: 4, regions: 1, latency: false, rates: false, ...over }, registryOps(registry));
}

export interface ScanOrgOptions {
  shard?: Shard;
  concurrency?: number;
  evidencePack?: boolean;
  onResult?: (id: string, r: ScanResult) => void | Promise<void>;
}

/** Lists the organization and scans it (or one shard of it) into `out`, as the CLI does. */
export async function scanOrg(endpoint: OrgEndpoint, out: string, o: ScanOrgOptions = {}) {
  let ids = await listOrganization(endpoint, HOME);
  if (o.shard) ids = planShard(ids, o.shard, out, 'organization').assigned;
  const org = simulatedOrgDeps(endpoint, { homeRegion: HOME });
  return scanAccounts(
    ids,
    { ...DEFAULT_OPTIONS, out, homeRegion: HOME, limits: false },
    {
      registry,
      crosswalk: crosswalkLookup,
      ...org,
      onResult: async (id, r) => {
        await writeReportOutputs(r, { format: ['json'], evidencePack: o.evidencePack ?? true, quiet: true }, () => undefined);
        await o.onResult?.(id, r);
      },
    },
    o.concurrency ?? 4,
  );
}
