// The simulated organization as a process of its own (spawned by org-aws-child.ts): answers the
// scanner's calls over IPC, so the simulator's CPU and the accounts' memory are not the scanner's.
// Protocol: init → ready; call → answer (by id); release (an account's scan is over); finish →
// result, then exit.
import { defaultRegistry } from '../../../checks/registry.js';
import type { CallRequest } from '../../aws/transport.js';
import { registryOps } from '../catalog.js';
import { SimOrganization, type OrgSpec } from '../org.js';
import { mb } from './aws-side.js';

export type ToOrg = { type: 'init'; spec: OrgSpec } | { type: 'call'; id: number; key: string; req: CallRequest } | { type: 'release'; accountId: string } | { type: 'finish' };

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const send = (m: object) => process.send?.(m);
let org: SimOrganization | undefined;
let cpu0 = process.cpuUsage();

process.on('message', (m: ToOrg) => {
  if (m.type === 'init') {
    org = new SimOrganization(m.spec, registryOps(defaultRegistry()));
    cpu0 = process.cpuUsage();
    send({ type: 'ready', accounts: org.accounts.length });
  } else if (m.type === 'call' && org) {
    org.send(m.key, m.req).then(
      (answer) => send({ type: 'answer', id: m.id, answer }),
      (err: unknown) => send({ type: 'answer', id: m.id, answer: { error: { name: 'SimulatorFault', message: String(err) }, attempts: 1 } }),
    );
  } else if (m.type === 'release' && org) {
    org.release(m.accountId);
  } else if (m.type === 'finish' && org) {
    const cpu = process.cpuUsage(cpu0);
    send({ type: 'result', stats: org.stats, process: { peakRssMb: mb(process.resourceUsage().maxRSS * 1024), cpuSeconds: (cpu.user + cpu.system) / 1e6 } });
    process.disconnect();
  }
});
