// The simulated AWS as a process of its own (spawned by aws-child.ts): answers the scanner's calls
// over IPC, so the simulator's CPU and the synthetic account's memory are not the scanner's.
// Protocol: init → ready; call → answer (by id); finish → result, then exit.
import type { CallRequest } from '../../aws/transport.js';
import { buildAwsSide, mb, type AwsSide, type AwsSpec } from './aws-side.js';

export type ToAws = { type: 'init'; spec: AwsSpec } | { type: 'call'; id: number; req: CallRequest } | { type: 'finish' };

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const send = (m: object) => process.send?.(m);
let side: AwsSide | undefined;
let cpu0 = process.cpuUsage();

process.on('message', (m: ToAws) => {
  if (m.type === 'init') {
    side = buildAwsSide(m.spec);
    cpu0 = process.cpuUsage();
    send({ type: 'ready', homeRegion: side.homeRegion, now: side.now.toISOString(), setupSeconds: side.setupSeconds });
  } else if (m.type === 'call' && side) {
    side.transport.send(m.req).then(
      (answer) => send({ type: 'answer', id: m.id, answer }),
      (err: unknown) => send({ type: 'answer', id: m.id, answer: { error: { name: 'SimulatorFault', message: String(err) }, attempts: 1 } }),
    );
  } else if (m.type === 'finish' && side) {
    void side.finish().then((r) => {
      const cpu = process.cpuUsage(cpu0);
      send({ type: 'result', result: { ...r, process: { peakRssMb: mb(process.resourceUsage().maxRSS * 1024), cpuSeconds: (cpu.user + cpu.system) / 1e6 } } });
      process.disconnect();
    });
  }
});
