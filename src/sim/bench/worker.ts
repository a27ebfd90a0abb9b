// One benchmark size in its own process, so peak RSS and CPU time are that scan's alone:
//   node dist/src/sim/bench/worker.js <resources> <regions> <concurrency> [standard|adaptive]
// Prints the RunResult as one JSON line. The last argument is for what-if runs.
import { measure } from './measure.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const [resources, regions, concurrency] = process.argv.slice(2, 5).map(Number);
const mode = process.argv[5] === 'adaptive' ? 'adaptive' : 'standard';
if (![resources, regions, concurrency].every((n) => Number.isInteger(n) && n > 0)) {
  process.stderr.write('usage: worker.js <resources> <regions> <concurrency> [standard|adaptive]\n');
  process.exit(3);
}
const r = await measure({ resources, regions, concurrency, retryMode: mode });
process.stdout.write(JSON.stringify(r) + '\n');
