// `npm run faults`: the fault suite over the demo account (or a recording given as argument),
// printed as one table; exits 1 when any row has a false PASS, a lost result or a crash.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { loadRecording } from '../aws/recording-source.js';
import { PACKAGE_ROOT } from '../version.js';
import { renderSuiteTable, runFaultSuite, suiteFailed } from './suite.js';
import type { FaultClass } from './inject.js';
import { renderSweep, runDeniedSweep, sweepViolations } from './denied-sweep.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Usage: faults [RECORDING] [--classes a,b] [--probes x,y] [--sweep-only] [--actions a,b]
const args = process.argv.slice(2);
const sweepOnly = args.includes('--sweep-only') ? (args.splice(args.indexOf('--sweep-only'), 1), true) : false;
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1]?.split(',') : undefined;
};
const classes = flag('--classes') as FaultClass[] | undefined;
const probeIds = flag('--probes');
const actions = flag('--actions');
const file = args[0] ?? join(PACKAGE_ROOT, 'demo', 'account', 'calls.jsonl');
if (!existsSync(file)) {
  process.stderr.write(`faults: no recording at ${file}\n`);
  process.exit(3);
}
const t0 = Date.now();
const registry = defaultRegistry();
const probes = probeIds ? registry.allProbes().filter((p) => probeIds.includes(p.id)) : undefined;
const recording = loadRecording(file);
const log = (l: string) => process.stderr.write(`faults: ${l}\n`);
let failed = false;
if (!sweepOnly && !actions) {
  const rows = await runFaultSuite({ recording, registry, crosswalk: crosswalkLookup, classes, probes, environmentFaults: !classes && !probeIds, log });
  process.stdout.write(renderSuiteTable(rows));
  for (const r of rows) for (const e of r.examples) process.stdout.write(`  ${r.fault}: ${e}\n`);
  process.stdout.write(`${rows.reduce((n, r) => n + r.scans, 0)} scans in ${((Date.now() - t0) / 1000).toFixed(1)} s\n\n`);
  failed = suiteFailed(rows);
}
// The denied-action sweep: every action the recording used, denied everywhere, one at a time.
if (!classes && !probeIds) {
  const t1 = Date.now();
  const sweep = await runDeniedSweep({ recording, registry, crosswalk: crosswalkLookup, actions, log: process.env.AIMS_SWEEP_VERBOSE ? log : undefined });
  process.stdout.write(renderSweep(sweep));
  const problems = sweepViolations(sweep);
  for (const p of problems.slice(0, 40)) process.stdout.write(`  ${p}\n`);
  process.stdout.write(`${sweep.rows.length + 1} scans in ${((Date.now() - t1) / 1000).toFixed(1)} s\n`);
  failed ||= problems.length > 0;
}
process.exitCode = failed ? 1 : 0;
