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

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Usage: faults [RECORDING] [--classes a,b] [--probes x,y]
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1]?.split(',') : undefined;
};
const classes = flag('--classes') as FaultClass[] | undefined;
const probeIds = flag('--probes');
const file = args[0] ?? join(PACKAGE_ROOT, 'demo', 'account', 'calls.jsonl');
if (!existsSync(file)) {
  process.stderr.write(`faults: no recording at ${file}\n`);
  process.exit(3);
}
const t0 = Date.now();
const registry = defaultRegistry();
const probes = probeIds ? registry.allProbes().filter((p) => probeIds.includes(p.id)) : undefined;
const rows = await runFaultSuite({ recording: loadRecording(file), registry, crosswalk: crosswalkLookup, classes, probes, environmentFaults: !classes && !probeIds, log: (l) => process.stderr.write(`faults: ${l}\n`) });
process.stdout.write(renderSuiteTable(rows));
for (const r of rows) for (const e of r.examples) process.stdout.write(`  ${r.fault}: ${e}\n`);
process.stdout.write(`${rows.reduce((n, r) => n + r.scans, 0)} scans in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
process.exitCode = suiteFailed(rows) ? 1 : 0;
