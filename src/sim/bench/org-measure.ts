// One organization benchmark run in this process: list a simulated organization through its
// management account, take this process's shard of it, scan every account with `scanAccounts` —
// the code `scan --organization` runs, each account's reports written right after its scan — and
// measure wall time, this process's CPU time and peak RSS, and RSS as accounts finish (it should
// not climb with the number of accounts done).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crosswalkLookup } from '../../../checks/crosswalk.js';
import { defaultRegistry } from '../../../checks/registry.js';
import { writeReportOutputs } from '../../commands/report-options.js';
import { scanAccounts } from '../../multi/accounts.js';
import { assignShard, shardLabel, type Shard } from '../../multi/shard.js';
import type { OrganizationCounts } from '../../multi/summary.js';
import { DEFAULT_OPTIONS, type ScanResult } from '../../scan.js';
import { registryOps } from '../catalog.js';
import { inProcessOrg, listOrganization, simulatedOrgDeps, type OrgEndpoint } from '../org-client.js';
import type { OrgSpec, OrgStats } from '../org.js';
import { DEFAULT_LATENCY, type LatencyModel } from '../rate.js';
import { mb } from './aws-side.js';
import { spawnOrgSide } from './org-aws-child.js';

export interface OrgRunSpec {
  accounts: number;
  /** Resources per account. */
  resources: number;
  regions: number;
  accountConcurrency: number;
  shard?: Shard;
  /** Report formats written per account (the CLI's default: json,html). */
  formats?: string[];
  /** Also write each account's evidence pack (folder and zip), as the organization examples do; the benchmark's default. */
  evidencePack?: boolean;
  latency?: LatencyModel;
  /** Every nth account's role cannot be assumed (an ERROR row, as in real organizations). */
  missingRoleEvery?: number;
  seed?: number;
  /** Run every answer through the real SDK client too (sdk-loopback.ts), so the SDK's CPU is counted; the benchmark's default. */
  sdk?: boolean;
  /** Where the simulated organization runs: its own process (the benchmark), or this one (tests). */
  aws?: 'process' | 'in-process';
}

export interface RssPoint {
  done: number;
  rssMb: number;
  heapMb: number;
  seconds: number;
}

export interface OrgRunResult {
  organization: number;
  shard: string | null;
  /** Accounts this process scanned (its shard). */
  accounts: number;
  resources: number;
  regions: number;
  accountConcurrency: number;
  formats: string[];
  evidencePack: boolean;
  /** The SDK's CPU is in the scanner's figure. */
  sdk: boolean;
  latency: LatencyModel;
  listSeconds: number;
  wallSeconds: number;
  counts: OrganizationCounts;
  scanner: { cpuSeconds: number; peakRssMb: number; baselineRssMb: number; rss: RssPoint[] };
  aws: { cpuSeconds: number; peakRssMb: number } | null;
  org: OrgStats;
  loadAverage: number[];
}

export async function measureOrg(spec: OrgRunSpec): Promise<OrgRunResult> {
  const registry = defaultRegistry();
  const latency = spec.latency ?? DEFAULT_LATENCY;
  const orgSpec: OrgSpec = { accounts: spec.accounts, resources: spec.resources, regions: spec.regions, seed: spec.seed, latency, missingRoleEvery: spec.missingRoleEvery ?? 50, cacheSize: Math.max(16, spec.accountConcurrency * 4) };
  const local = spec.aws === 'in-process' ? inProcessOrg(orgSpec, registryOps(registry)) : undefined;
  const side = local ? undefined : await spawnOrgSide(orgSpec);
  const endpoint: OrgEndpoint = local ?? side!;
  const home = 'us-east-1';
  const formats = spec.formats ?? ['json', 'html'];
  const evidencePack = spec.evidencePack ?? true;
  const out = mkdtempSync(join(tmpdir(), 'aims-org-bench-'));
  globalThis.gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const listed = await listOrganization(endpoint, home);
    const ids = spec.shard ? assignShard(listed, spec.shard) : listed;
    const listSeconds = (performance.now() - t0) / 1000;
    const rss: RssPoint[] = [];
    const every = Math.max(1, Math.round(ids.length / 10));
    let done = 0;
    const org = simulatedOrgDeps(endpoint, { homeRegion: home, sdk: spec.sdk ?? true });
    const { summary } = await scanAccounts(
      ids,
      { ...DEFAULT_OPTIONS, out, homeRegion: home },
      {
        registry,
        crosswalk: crosswalkLookup,
        credentialsFor: org.credentialsFor,
        scanFn: (o, d) =>
          org.scanFn!(o, d).finally(() => {
            done += 1;
            if (done % every === 0 || done === ids.length) {
              const m = process.memoryUsage();
              rss.push({ done, rssMb: mb(m.rss), heapMb: mb(m.heapUsed), seconds: (performance.now() - t0) / 1000 });
            }
          }),
        onResult: async (_id: string, r: ScanResult) => {
          await writeReportOutputs(r, { format: formats, quiet: true, evidencePack }, () => undefined);
        },
      },
      spec.accountConcurrency,
    );
    const wallSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    const a = side ? await side.finish() : undefined;
    return {
      organization: spec.accounts,
      shard: spec.shard ? shardLabel(spec.shard) : null,
      accounts: ids.length,
      resources: spec.resources,
      regions: spec.regions,
      accountConcurrency: spec.accountConcurrency,
      formats,
      evidencePack,
      sdk: spec.sdk ?? true,
      latency,
      listSeconds,
      wallSeconds,
      counts: summary.counts,
      scanner: { cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMb: mb(peakRss), baselineRssMb: mb(baselineRss), rss },
      aws: a ? a.process : null,
      org: a ? a.stats : local!.org.stats,
      loadAverage: loadavg(),
    };
  } finally {
    clearInterval(sampler);
    side?.close();
    rmSync(out, { recursive: true, force: true });
  }
}
