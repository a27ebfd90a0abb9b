#!/usr/bin/env node
// Regenerates demo/account/calls.jsonl from the demo account and the current probes:
//   npx tsc -p . && node dist/src/sim/generate-demo.js
// Run it after changing a probe or the demo account; test/demo/demo.test.ts says when.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { DEMO_RECORDING, generateDemoRecording } from './demo-recording.js';

const { text, result, simulation } = await generateDemoRecording();
mkdirSync(dirname(DEMO_RECORDING), { recursive: true });
writeFileAtomic(DEMO_RECORDING, text);
const checks = result.report.controls.flatMap((c) => c.checks);
const tally: Record<string, number> = {};
for (const c of checks) tally[c.status] = (tally[c.status] ?? 0) + 1;
const lines = text.split('\n').filter(Boolean).length - 1;
process.stdout.write(`wrote ${DEMO_RECORDING}: ${lines} calls; checks ${Object.entries(tally).map(([s, n]) => `${s} ${n}`).join(', ')}; exit code ${result.exitCode}\n`);
const unhandled = [...simulation.aws.stats.unhandled.keys()].sort();
if (unhandled.length) process.stdout.write(`answered {} (no handler): ${unhandled.join(', ')}\n`);
if (simulation.aws.stats.internal.length) {
  process.stderr.write(`simulator faults:\n  ${simulation.aws.stats.internal.join('\n  ')}\n`);
  process.exitCode = 1;
}
