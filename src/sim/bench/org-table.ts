// The organization benchmark's outputs: one row per configuration (several shard processes side
// by side count as one row), as JSON (bench/org-results.json) and a Markdown table for the README.
import type { OrgRunResult } from './org-measure.js';

export interface OrgRow {
  organization: number;
  resources: number;
  regions: number;
  processes: number;
  accountConcurrency: number;
  wallSeconds: number;
  accountsPerHour: number;
  /** What the AWS model allows: each account's lower bound (latency chain, rate limits), A accounts at once per process. */
  modelAccountsPerHour: number;
  /** What the CPUs allow: the scanner processes (one core each at most) and the simulated AWS sharing `cores`. */
  cpuAccountsPerHour: number;
  scannerCpuMsPerAccount: number;
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
    wallSeconds: round(wall, 2),
    accountsPerHour: Math.round((accounts / wall) * 3600),
    modelAccountsPerHour: Math.round((accounts / modelWall) * 3600),
    cpuAccountsPerHour: Math.round((accounts / cpuWall) * 3600),
    scannerCpuMsPerAccount: Math.round((scannerCpu / accounts) * 1000),
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
}

/** Same configuration at the smallest and largest organization. */
function growthPair(rows: OrgRow[]): [OrgRow, OrgRow] | undefined {
  const big = [...rows].sort((a, b) => b.organization - a.organization)[0];
  const small = rows.filter((r) => r.processes === big?.processes && r.accountConcurrency === big.accountConcurrency && r.organization < big.organization).sort((a, b) => a.organization - b.organization)[0];
  return big && small ? [small, big] : undefined;
}

export function orgVerdicts(rows: OrgRow[]): OrgVerdicts {
  const pair = growthPair(rows);
  const cpu = (r: OrgRow) => r.scannerCpuMsPerAccount + r.awsCpuMsPerAccount;
  return {
    memoryFlat: pair ? pair[1].peakRssMb <= pair[0].peakRssMb * ORG_TARGETS.rssGrowth : null,
    cpuPerAccountFlat: pair ? cpu(pair[1]) <= cpu(pair[0]) * ORG_TARGETS.cpuGrowth : null,
    cpuBound: rows.every((r) => r.cpuAccountsPerHour < r.modelAccountsPerHour),
  };
}

const n = (x: number) => x.toLocaleString('en-US');
const ok = (b: boolean | null) => (b === null ? 'not measured' : b ? '✓' : '✗');

export function orgMarkdownTable(rows: OrgRow[], cores: number): string {
  const head =
    '| accounts | processes × accounts at once | wall s | accounts/hour | AWS model allows /hour | CPUs allow /hour | binds | scanner CPU ms/account | simulated AWS CPU ms/account | share of the cores used | scanner peak RSS MB | RSS at 10 % → 100 % of accounts MB | API calls | throttling errors | accounts not scanned (role missing) | load average |\n' +
    '|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|';
  const body = rows.map((r) => {
    const binds = r.modelAccountsPerHour <= r.cpuAccountsPerHour ? 'AWS model' : 'CPU';
    return `| ${n(r.organization)} | ${r.processes} × ${r.accountConcurrency} | ${r.wallSeconds.toFixed(1)} | ${n(r.accountsPerHour)} | ${n(r.modelAccountsPerHour)} | ${n(r.cpuAccountsPerHour)} | ${binds} | ${r.scannerCpuMsPerAccount} | ${r.awsCpuMsPerAccount} | ${Math.round(r.cpuShare * 100)} % | ${r.peakRssMb.toFixed(1)} | ${r.rssFirstMb.toFixed(0)} → ${r.rssLastMb.toFixed(0)} | ${n(r.calls)} | ${r.throttling} | ${r.notScanned} | ${r.loadAverage} |`;
  });
  const v = orgVerdicts(rows);
  const pair = growthPair(rows);
  const growth = pair
    ? `${n(pair[0].organization)} → ${n(pair[1].organization)} accounts (${pair[1].processes} × ${pair[1].accountConcurrency}): accounts/hour ×${(pair[1].accountsPerHour / pair[0].accountsPerHour).toFixed(2)}, peak RSS ×${(pair[1].peakRssMb / pair[0].peakRssMb).toFixed(2)}`
    : 'one organization size only';
  const targets = [
    `- memory does not grow with the number of accounts (peak RSS per scanner process at the largest organization ≤ ×${ORG_TARGETS.rssGrowth} the smallest's, same configuration): ${ok(v.memoryFlat)}`,
    `- CPU time per account does not grow with the number of accounts (≤ ×${ORG_TARGETS.cpuGrowth}): ${ok(v.cpuPerAccountFlat)}`,
    `- throughput bound by the AWS model, not by the CPUs, up to the ${cores} core(s): ${v.cpuBound ? '✗ (the CPUs bind in every row)' : ok(rows.every((r) => r.modelAccountsPerHour <= r.cpuAccountsPerHour))}`,
    `- growth: ${growth}`,
  ];
  return `${head}\n${body.join('\n')}\n\nTargets:\n${targets.join('\n')}\n`;
}
