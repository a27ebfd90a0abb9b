// The organization benchmark's outputs: one row per configuration (several shard processes side
// by side count as one row), as JSON (bench/org-results.json) and a Markdown table for the README.
import type { OrgRunResult } from './org-measure.js';

export interface OrgRow {
  organization: number;
  resources: number;
  regions: number;
  processes: number;
  accountConcurrency: number;
  /** The SDK's CPU is counted (every answer also went through the real SDK client; sdk-loopback.ts). */
  sdk: boolean;
  wallSeconds: number;
  accountsPerHour: number;
  /** What the AWS model allows: each account's lower bound (latency chain, rate limits), A accounts at once per process. */
  modelAccountsPerHour: number;
  /** What the CPUs allow: the scanner processes (one core each at most) and the simulated AWS sharing `cores`. */
  cpuAccountsPerHour: number;
  scannerCpuMsPerAccount: number;
  /** The AWS model's lower bound for one account alone (latency chain, busiest API), averaged. */
  modelMsPerAccount: number;
  awsCpuMsPerAccount: number;
  /** Share of the cores the run's processes used (scanners and simulated AWS): below 100 % on a machine shared with other work. */
  cpuShare: number;
  /** Largest peak RSS of one scanner process. */
  peakRssMb: number;
  /** RSS of the first process when 10 % and when all of its accounts were done. */
  rssFirstMb: number;
  rssLastMb: number;
  calls: number;
  throttling: number;
  notScanned: number;
  loadAverage: number;
  runs: OrgRunResult[];
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** One row from the processes of one configuration (started together). */
export function orgRow(runs: OrgRunResult[], cores: number): OrgRow {
  const first = runs[0];
  const accounts = runs.reduce((s, r) => s + r.accounts, 0);
  const wall = Math.max(...runs.map((r) => r.wallSeconds));
  const scannerCpu = runs.reduce((s, r) => s + r.scanner.cpuSeconds, 0);
  const awsCpu = runs.reduce((s, r) => s + (r.aws?.cpuSeconds ?? 0), 0);
  // Per process: A accounts at once, so no faster than the sum of bounds / A, nor the slowest account.
  const modelWall = Math.max(...runs.map((r) => Math.max(r.org.boundSecondsSum / r.accountConcurrency, r.org.boundSecondsMax)));
  // A scanner process uses one core at most; all processes, the simulated AWS too, share the cores.
  const cpuWall = Math.max((scannerCpu + awsCpu) / cores, ...runs.map((r) => r.scanner.cpuSeconds));
  const rss = first.scanner.rss;
  return {
    organization: first.organization,
    resources: first.resources,
    regions: first.regions,
    processes: runs.length,
    accountConcurrency: first.accountConcurrency,
    sdk: first.sdk ?? true,
    wallSeconds: round(wall, 2),
    accountsPerHour: Math.round((accounts / wall) * 3600),
    modelAccountsPerHour: Math.round((accounts / modelWall) * 3600),
    cpuAccountsPerHour: Math.round((accounts / cpuWall) * 3600),
    scannerCpuMsPerAccount: Math.round((scannerCpu / accounts) * 1000),
    modelMsPerAccount: Math.round((runs.reduce((t, r) => t + r.org.boundSecondsSum, 0) / Math.max(1, runs.reduce((t, r) => t + r.org.built, 0))) * 1000),
    cpuShare: round((scannerCpu + awsCpu) / wall / cores, 2),
    awsCpuMsPerAccount: Math.round((awsCpu / accounts) * 1000),
    peakRssMb: Math.max(...runs.map((r) => r.scanner.peakRssMb)),
    rssFirstMb: rss[0]?.rssMb ?? 0,
    rssLastMb: rss.at(-1)?.rssMb ?? 0,
    calls: runs.reduce((s, r) => s + r.org.calls, 0),
    throttling: runs.reduce((s, r) => s + r.org.throttlingSeen, 0),
    notScanned: runs.reduce((s, r) => s + r.counts.notScanned, 0),
    loadAverage: round(Math.max(...runs.map((r) => r.loadAverage[0] ?? 0)), 1),
    runs,
  };
}

export const ORG_TARGETS = {
  /** Peak RSS of a scanner process at the largest organization may exceed the one at the smallest by at most this factor. */
  rssGrowth: 1.25,
  /** CPU time per account may grow by at most this factor from the smallest organization to the largest. */
  cpuGrowth: 1.25,
} as const;

export interface OrgVerdicts {
  memoryFlat: boolean | null;
  cpuPerAccountFlat: boolean | null;
  /** The AWS model allows more than the CPUs in every row: the scanner's CPU binds. */
  cpuBound: boolean;
  /**
   * One account alone needs more CPU than the AWS model's time for it (rows with the SDK): then
   * no number of accounts at once, on any number of cores, makes the AWS model the bound.
   */
  accountCpuBinds: boolean | null;
  /** Scanner CPU per account with the SDK, without it (the engine alone), and the model's time. */
  perAccountMs: { withSdk: number | null; engine: number | null; model: number } | null;
  /** Accounts/hour of P shard processes over one process, same organization and accounts at once. */
  shardScaling: { processes: number; factor: number } | null;
}

/** Same configuration at the smallest and largest organization (rows with the SDK counted, when there are). */
function growthPair(all: OrgRow[]): [OrgRow, OrgRow] | undefined {
  const sized = all.filter((r) => r.sdk);
  const rows = sized.length ? sized : all;
  const big = [...rows].sort((a, b) => b.organization - a.organization)[0];
  const small = rows.filter((r) => r.processes === big?.processes && r.accountConcurrency === big.accountConcurrency && r.organization < big.organization).sort((a, b) => a.organization - b.organization)[0];
  return big && small ? [small, big] : undefined;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] : null);

export function orgVerdicts(rows: OrgRow[]): OrgVerdicts {
  const pair = growthPair(rows);
  const cpu = (r: OrgRow) => r.scannerCpuMsPerAccount + r.awsCpuMsPerAccount;
  const withSdk = median(rows.filter((r) => r.sdk).map((r) => r.scannerCpuMsPerAccount));
  const engine = median(rows.filter((r) => !r.sdk).map((r) => r.scannerCpuMsPerAccount));
  const model = median(rows.map((r) => r.modelMsPerAccount));
  const one = rows.find((r) => r.sdk && r.processes === 1 && rows.some((q) => q.sdk && q.processes > 1 && q.organization === r.organization && q.accountConcurrency === r.accountConcurrency));
  const many = one && rows.find((q) => q.sdk && q.processes > 1 && q.organization === one.organization && q.accountConcurrency === one.accountConcurrency);
  return {
    memoryFlat: pair ? pair[1].peakRssMb <= pair[0].peakRssMb * ORG_TARGETS.rssGrowth : null,
    cpuPerAccountFlat: pair ? cpu(pair[1]) <= cpu(pair[0]) * ORG_TARGETS.cpuGrowth : null,
    cpuBound: rows.every((r) => r.cpuAccountsPerHour < r.modelAccountsPerHour),
    accountCpuBinds: withSdk === null || model === null ? null : withSdk > model,
    perAccountMs: model === null ? null : { withSdk, engine, model },
    shardScaling: one && many ? { processes: many.processes, factor: Math.round((many.accountsPerHour / one.accountsPerHour) * 100) / 100 } : null,
  };
}

const n = (x: number) => x.toLocaleString('en-US');
const ok = (b: boolean | null) => (b === null ? 'not measured' : b ? '✓' : '✗');

export function orgMarkdownTable(rows: OrgRow[], cores: number): string {
  const head =
    '| accounts | processes × accounts at once | SDK counted | wall s | accounts/hour | AWS model allows /hour | CPUs allow /hour | binds | scanner CPU ms/account | AWS model ms/account | simulated AWS CPU ms/account | share of the cores used | scanner peak RSS MB | RSS at 10 % → 100 % of accounts MB | API calls | throttling errors | accounts not scanned (role missing) | load average |\n' +
    '|---:|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|';
  const body = rows.map((r) => {
    const binds = r.modelAccountsPerHour <= r.cpuAccountsPerHour ? 'AWS model' : 'CPU';
    return `| ${n(r.organization)} | ${r.processes} × ${r.accountConcurrency} | ${r.sdk ? 'yes' : 'no (engine only)'} | ${r.wallSeconds.toFixed(1)} | ${n(r.accountsPerHour)} | ${n(r.modelAccountsPerHour)} | ${n(r.cpuAccountsPerHour)} | ${binds} | ${r.scannerCpuMsPerAccount} | ${r.modelMsPerAccount} | ${r.awsCpuMsPerAccount} | ${Math.round(r.cpuShare * 100)} % | ${r.peakRssMb.toFixed(1)} | ${r.rssFirstMb.toFixed(0)} → ${r.rssLastMb.toFixed(0)} | ${n(r.calls)} | ${r.throttling} | ${r.notScanned} | ${r.loadAverage} |`;
  });
  const v = orgVerdicts(rows);
  const pair = growthPair(rows);
  const growth = pair
    ? `${n(pair[0].organization)} → ${n(pair[1].organization)} accounts (${pair[1].processes} × ${pair[1].accountConcurrency}): accounts/hour ×${(pair[1].accountsPerHour / pair[0].accountsPerHour).toFixed(2)}, peak RSS ×${(pair[1].peakRssMb / pair[0].peakRssMb).toFixed(2)}`
    : 'one organization size only';
  const pm = v.perAccountMs;
  const why =
    v.accountCpuBinds && pm?.withSdk != null
      ? ` — one account alone needs ${pm.withSdk} ms of scanner CPU against the AWS model's ${pm.model} ms for it${pm.engine != null ? ` (the engine ${pm.engine} ms, the AWS SDK's own work the other ${pm.withSdk - pm.engine} ms${pm.withSdk - pm.engine > pm.model ? ', alone more than the model\'s time' : ''})` : ''}, so no number of accounts at once makes the AWS model the bound`
      : '';
  const throughput = v.cpuBound ? `✗ (the CPUs bind in every row${why})` : ok(rows.every((r) => r.modelAccountsPerHour <= r.cpuAccountsPerHour));
  const targets = [
    `- memory does not grow with the number of accounts (peak RSS per scanner process at the largest organization ≤ ×${ORG_TARGETS.rssGrowth} the smallest's, same configuration): ${ok(v.memoryFlat)}`,
    `- CPU time per account does not grow with the number of accounts (≤ ×${ORG_TARGETS.cpuGrowth}): ${ok(v.cpuPerAccountFlat)}`,
    `- throughput bound by the AWS model, not by the CPUs, up to the ${cores} core(s): ${throughput}`,
    `- cores: ${v.shardScaling ? `${v.shardScaling.processes} shard processes give ×${v.shardScaling.factor.toFixed(2)} the accounts/hour of one` : 'one process per row only'}`,
    `- growth: ${growth}`,
  ];
  return `${head}\n${body.join('\n')}\n\nTargets:\n${targets.join('\n')}\n`;
}
