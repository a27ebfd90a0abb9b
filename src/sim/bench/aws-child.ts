// The scanner's end of the simulated AWS process: a Transport whose calls cross an IPC channel
// (structured clone, as an HTTP body would be parsed) to aws-process.ts and back.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Answer, CallRequest, Transport } from '../../aws/transport.js';
import { PACKAGE_ROOT } from '../../version.js';
import type { AwsSide, AwsSideResult, AwsSpec } from './aws-side.js';

/** Always the compiled file: a child process runs JavaScript, also when tests run the TypeScript. */
export const AWS_PROCESS = join(PACKAGE_ROOT, 'dist', 'src', 'sim', 'bench', 'aws-process.js');

type FromAws =
  | { type: 'ready'; homeRegion: string; now: string; setupSeconds: number }
  | { type: 'answer'; id: number; answer: Answer }
  | { type: 'result'; result: AwsSideResult };

class IpcTransport implements Transport {
  readonly kind = 'simulated' as const;
  private next = 0;
  readonly waiting = new Map<number, (a: Answer) => void>();

  constructor(private readonly child: ChildProcess) {}

  send(req: CallRequest): Promise<Answer> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ type: 'call', id, req });
    });
  }
}

/** Starts the simulated AWS in its own process; resolves once the account is built. */
export function spawnAwsSide(spec: AwsSpec): Promise<AwsSide> {
  const child = fork(AWS_PROCESS, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const transport = new IpcTransport(child);
  let onResult: ((r: AwsSideResult) => void) | undefined;
  return new Promise((resolve, reject) => {
    const died = (why: string) => {
      const err = new Error(`simulated AWS process ${why}`);
      reject(err);
      for (const [id, answer] of transport.waiting) {
        transport.waiting.delete(id);
        answer({ error: { name: 'SimulatorFault', message: err.message }, attempts: 1 });
      }
    };
    child.on('error', (e) => died(`failed: ${e.message}`));
    child.on('exit', (code) => {
      if (code !== 0 || !onResult) died(`exited with code ${code}`);
    });
    child.on('message', (m: FromAws) => {
      if (m.type === 'answer') {
        const answer = transport.waiting.get(m.id);
        transport.waiting.delete(m.id);
        answer?.(m.answer);
      } else if (m.type === 'ready') {
        resolve({
          homeRegion: m.homeRegion,
          now: new Date(m.now),
          setupSeconds: m.setupSeconds,
          transport,
          finish: () =>
            new Promise<AwsSideResult>((ok) => {
              onResult = ok;
              child.send({ type: 'finish' });
            }),
          close: () => {
            if (child.exitCode === null) child.kill();
          },
        });
      } else if (m.type === 'result') {
        onResult?.(m.result);
      }
    });
    child.send({ type: 'init', spec });
  });
}
