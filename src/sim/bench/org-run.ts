#!/usr/bin/env node
// The organization benchmark (`npm run bench:org`): simulated organizations of 100 and 1,000
// accounts (each a small synthetic AI account: 40 resources over the benchmark's 8 regions, every
// region enabled; 50 ms ± 50 % latency and AWS's rate limits per account; 1 in 50 accounts without
// the scan role), listed through Organizations ListAccounts and scanned with STS AssumeRole into
// each account, by one scanner process or by shards side by side (`--shard K/N`), each with its
// simulated organization in a process of its own. Every answer also goes through the real AWS
// SDK client of its service (sdk-loopback.ts), so the scanner's CPU includes the SDK's, as in a
// live scan; a row marked ":engine" leaves the SDK out, to show the engine's own share. Writes
// bench/org-results.json and prints a Markdown table. Rows run one after the other. Run it on the
// Node.js the scanner will run on: the SDK's CPU per call differs by a factor of two between
// Node 20 and Node 24 (see the README).
//   node dist/src/sim/bench/org-run.js [--plan 100:1x3,100:1x3:engine,100:1x12,100:2x12,1000:2x12] [--resources 40] [--regions 8] [--out bench/org-results.json]
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../util/atomic.js';
import { PACKAGE_ROOT, TOOL } from '../../version.js';
import type { OrgRunResult, OrgRunSpec } from './org-measure.js';
import { ORG_TARGETS, orgMarkdownTable, orgRow, orgVerdicts, type OrgRow } from './org-table.js';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'org-worker.js');
export const DEFAULT_PLAN = '100:1x3,100:1x3:engine,100:1x12,100:2x12,1000:2x12';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** "accounts:PxA[:engine]" → P processes (shards) of A accounts at once each; ":engine" leaves the SDK out. */
export function parsePlan(plan: string): { accounts: number; processes: number; accountConcurrency: number; sdk: boolean }[] {
  return plan.split(',').map((p) => {
    const m = /^(\d+):(\d+)x(\d+)(:engine)?$/.exec(p.trim());
    if (!m) throw new Error(`plan entry "${p}" is not accounts:PxA[:engine] (e.g. 1000:2x12)`);
    return { accounts: Number(m[1]), processes: Number(m[2]), accountConcurrency: Number(m[3]), sdk: !m[4] };
  });
}

function runWorker(spec: OrgRunSpec): Promise<OrgRunResult> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--expose-gc', WORKER, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`organization benchmark worker exited ${code}`));
      try {
        ok(JSON.parse(out.trim().split('\n').at(-1) ?? '') as OrgRunResult);
      } catch (err) {
        fail(err as Error);
      }
    });
  });
}

async function main(): Promise<void> {
  const plan = parsePlan(arg('plan') ?? DEFAULT_PLAN);
  const resources = Number(arg('resources') ?? 40);
  const regions = Number(arg('regions') ?? 8);
  const out = resolve(arg('out') ?? join(PACKAGE_ROOT, 'bench', 'org-results.json'));
  const cores = availableParallelism();
  process.stderr.write(`aims-scan bench:org: ${plan.length} rows on ${cores} CPU(s)\n`);
  const t0 = performance.now();
  const rows: OrgRow[] = [];
  for (const p of plan) {
    const runs = await Promise.all(
      Array.from({ length: p.processes }, (_, i) =>
        runWorker({ accounts: p.accounts, resources, regions, accountConcurrency: p.accountConcurrency, sdk: p.sdk, ...(p.processes > 1 ? { shard: { k: i + 1, n: p.processes } } : {}) }),
      ),
    );
    const row = orgRow(runs, cores);
    rows.push(row);
    process.stderr.write(`  ${p.accounts} accounts, ${p.processes} × ${p.accountConcurrency}${p.sdk ? '' : ' (engine only)'}: ${row.wallSeconds.toFixed(1)} s, ${row.accountsPerHour} accounts/hour, peak RSS ${row.peakRssMb} MB, ${Math.round(row.cpuShare * 100)} % of the cores, load average ${row.loadAverage}\n`);
  }
  const totalSeconds = (performance.now() - t0) / 1000;
  mkdirSync(dirname(out), { recursive: true });
  writeFileAtomic(out, JSON.stringify({ tool: TOOL, node: process.version, cpus: cores, totalSeconds, targets: ORG_TARGETS, verdicts: orgVerdicts(rows), rows }, null, 2) + '\n');
  process.stdout.write(orgMarkdownTable(rows, cores));
  process.stdout.write(`\nWhole benchmark: ${totalSeconds.toFixed(0)} s on ${cores} CPU(s). Rows: ${out}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`aims-scan bench:org: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 2;
  });
}
