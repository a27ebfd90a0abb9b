// One benchmark size in its own process, so peak RSS and CPU time are that scan's alone:
//   node dist/src/sim/bench/worker.js <resources> <regions> <concurrency> [service-concurrency] [adaptive|standard] [pace]
// Prints the RunResult as one JSON line. The last three arguments are for what-if runs.
import { measure } from './measure.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const [resources, regions, concurrency, serviceConcurrency] = process.argv.slice(2, 6).map(Number);
const mode = process.argv[6] === 'standard' ? 'standard' : 'adaptive';
const pace = Number(process.argv[7]) || undefined;
if (![resources, regions, concurrency].every((n) => Number.isInteger(n) && n > 0)) {
  process.stderr.write('usage: worker.js <resources> <regions> <concurrency> [service-concurrency] [adaptive|standard]\n');
  process.exit(3);
}
const r = await measure({ resources, regions, concurrency, perServiceConcurrency: Number.isInteger(serviceConcurrency) && serviceConcurrency > 0 ? serviceConcurrency : undefined, retryMode: mode, pace });
process.stdout.write(JSON.stringify(r) + '\n');
