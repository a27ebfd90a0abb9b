// One organization benchmark process (a shard, or the whole organization), so its peak RSS and
// CPU time are its own:  node dist/src/sim/bench/org-worker.js '<OrgRunSpec as JSON>'
// Prints the OrgRunResult as one JSON line.
import { measureOrg, type OrgRunSpec } from './org-measure.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
let spec: OrgRunSpec;
try {
  spec = JSON.parse(process.argv[2] ?? '') as OrgRunSpec;
} catch {
  process.stderr.write("usage: org-worker.js '{\"accounts\":100,\"resources\":40,\"regions\":8,\"accountConcurrency\":12}'\n");
  process.exit(3);
}
const r = await measureOrg(spec);
process.stdout.write(JSON.stringify(r) + '\n');
