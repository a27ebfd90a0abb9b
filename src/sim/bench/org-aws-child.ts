// The scanner's end of the simulated organization's process: an OrgEndpoint whose calls cross an
// IPC channel (structured clone, as an HTTP body would be parsed) to org-aws-process.ts and back.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { Answer } from '../../aws/transport.js';
import { PACKAGE_ROOT } from '../../version.js';
import type { OrgEndpoint } from '../org-client.js';
import type { OrgSpec, OrgStats } from '../org.js';
import type { ToOrg } from './org-aws-process.js';

/** Always the compiled file: a child process runs JavaScript, also when tests run the TypeScript. */
export const ORG_PROCESS = join(PACKAGE_ROOT, 'dist', 'src', 'sim', 'bench', 'org-aws-process.js');

export interface OrgSideResult {
  stats: OrgStats;
  process: { peakRssMb: number; cpuSeconds: number };
}

export interface OrgSide extends OrgEndpoint {
  accounts: number;
  finish(): Promise<OrgSideResult>;
  close(): void;
}

type FromOrg = { type: 'ready'; accounts: number } | { type: 'answer'; id: number; answer: Answer } | ({ type: 'result' } & OrgSideResult);

/** Starts the simulated organization in its own process; resolves once it answers. */
export function spawnOrgSide(spec: OrgSpec): Promise<OrgSide> {
  const child = fork(ORG_PROCESS, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const post = (m: ToOrg) => child.send(m);
  const waiting = new Map<number, (a: Answer) => void>();
  let next = 0;
  let onResult: ((r: OrgSideResult) => void) | undefined;
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      reject(new Error(`simulated organization process ${why}`));
      // Calls in flight get an answer, so no scan waits forever on a dead process.
      for (const [id, answer] of waiting) {
        waiting.delete(id);
        answer({ error: { name: 'SimulatorFault', message: `simulated organization process ${why}` }, attempts: 1 });
      }
    };
    child.on('error', (e) => fail(`failed: ${e.message}`));
    child.on('exit', (code) => {
      if (code !== 0 || !onResult) fail(`exited with code ${code}`);
    });
    child.on('message', (m: FromOrg) => {
      if (m.type === 'answer') {
        waiting.get(m.id)?.(m.answer);
        waiting.delete(m.id);
      } else if (m.type === 'result') {
        onResult?.({ stats: m.stats, process: m.process });
      } else {
        resolve({
          accounts: m.accounts,
          send: (key, req) =>
            new Promise((ok) => {
              const id = next++;
              waiting.set(id, ok);
              post({ type: 'call', id, key, req });
            }),
          release: (accountId) => post({ type: 'release', accountId }),
          finish: () =>
            new Promise<OrgSideResult>((ok) => {
              onResult = ok;
              post({ type: 'finish' });
            }),
          close: () => {
            if (child.exitCode === null) child.kill();
          },
        });
      }
    });
    post({ type: 'init', spec });
  });
}
