#!/usr/bin/env node
// The benchmark (`npm run bench`): synthetic accounts of 1,000, 10,000 and 50,000 resources over
// 4 regions, scanned by the real engine through the simulated AWS (50 ms ± 50 % latency, AWS's
// per-API rate limits, the SDK's adaptive retry), plus a --concurrency 1 baseline at 1,000.
// Each size runs in its own process (peak RSS and CPU time are that scan's); the runs wait on
// simulated latency, not CPU, so they run side by side to stay inside the time budget.
// Writes bench/results.json and prints a Markdown table.
//   node dist/src/sim/bench/run.js [--sizes 1000,10000,50000] [--regions 4] [--serial 1000|none] [--jobs 2] [--out bench/results.json]
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../util/atomic.js';
import { PACKAGE_ROOT, TOOL } from '../../version.js';
import { DEFAULT_OPTIONS } from '../../scan.js';
import type { RunResult } from './measure.js';
import { roundTrips } from './round-trips.js';
import { markdownTable, TARGETS, verdicts } from './table.js';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'worker.js');

interface Plan {
  resources: number;
  regions: number;
  concurrency: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function runOne(p: Plan): Promise<RunResult> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--expose-gc', WORKER, String(p.resources), String(p.regions), String(p.concurrency)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`benchmark worker for ${p.resources} resources exited ${code}`));
      try {
        ok(JSON.parse(out.trim().split('\n').at(-1) ?? '') as RunResult);
      } catch (err) {
        fail(err as Error);
      }
    });
  });
}

async function main(): Promise<void> {
  const sizes = (arg('sizes') ?? '1000,10000,50000').split(',').map(Number);
  const regions = Number(arg('regions') ?? 4);
  const serial = arg('serial') === 'none' ? [] : [Number(arg('serial') ?? 1000)];
  const jobs = Math.max(1, Number(arg('jobs') ?? Math.min(2, availableParallelism())));
  const out = resolve(arg('out') ?? join(PACKAGE_ROOT, 'bench', 'results.json'));
  const plans: Plan[] = [...sizes.map((n) => ({ resources: n, regions, concurrency: DEFAULT_OPTIONS.concurrency })), ...serial.map((n) => ({ resources: n, regions, concurrency: 1 }))];
  // Largest first: it bounds the total time; the small ones fit beside it.
  const queue = [...plans].sort((a, b) => b.resources - a.resources || a.concurrency - b.concurrency);
  process.stderr.write(`aims-scan bench: ${plans.length} runs, ${jobs} at a time, on ${availableParallelism()} CPU(s)\n`);
  const t0 = performance.now();
  // Before the timed runs, so it takes no CPU from them.
  const trips = await roundTrips(Math.min(...sizes), regions);
  const results = new Map<Plan, RunResult>();
  await Promise.all(
    Array.from({ length: Math.min(jobs, queue.length) }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const r = await runOne(p);
        results.set(p, r);
        process.stderr.write(`  ${p.resources} resources, concurrency ${p.concurrency}: ${r.wallSeconds.toFixed(1)} s, ratio ${r.ratio.toFixed(2)}, ${r.callsMade} calls\n`);
      }
    }),
  );
  const rows = plans.map((p) => results.get(p) as RunResult);
  const totalSeconds = (performance.now() - t0) / 1000;
  const cpuShare = rows.reduce((s, r) => s + r.cpuSeconds + (r.awsProcess?.cpuSeconds ?? 0), 0) / (totalSeconds * availableParallelism());
  mkdirSync(dirname(out), { recursive: true });
  writeFileAtomic(
    out,
    JSON.stringify({ tool: TOOL, node: process.version, cpus: availableParallelism(), jobs, totalSeconds, cpuShare, targets: TARGETS, verdicts: verdicts(rows), roundTrips: trips, rows }, null, 2) + '\n',
  );
  process.stdout.write(markdownTable(rows, trips));
  process.stdout.write(`\nWhole benchmark: ${totalSeconds.toFixed(0)} s on ${availableParallelism()} CPU(s), ${jobs} runs side by side (scanners and simulated AWS together kept the CPUs ${(cpuShare * 100).toFixed(0)} % busy). Rows: ${out}\n`);
}

main().catch((err) => {
  process.stderr.write(`aims-scan bench: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 2;
});
