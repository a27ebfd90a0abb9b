// The simulated AWS as one piece: account + handlers + paging catalog → a Transport for scan().
import type { OpSpec } from '../aws/ops.js';
import type { Transport } from '../aws/transport.js';
import type { SimAccount } from './model.js';
import { SimulatedAws, type ResponderOptions } from './responder.js';
import { RetryingTransport, type RetryOptions } from './retry.js';
import { HANDLERS } from './services/index.js';
import { SimulatedTransport, type SimTransportOptions } from './transport.js';

export interface SimulationOptions extends SimTransportOptions {
  ops: readonly OpSpec[];
  pageSize?: ResponderOptions['pageSize'];
  /** SDK retry emulation; `false` hands every throttling answer straight to the engine. */
  retry?: Omit<RetryOptions, 'clock' | 'sleep'> | false;
}

export interface Simulation {
  aws: SimulatedAws;
  sim: SimulatedTransport;
  retry?: RetryingTransport;
  /** What scan() gets: the retrying wrapper over the simulated transport. */
  transport: Transport;
}

export function simulate(account: SimAccount, opts: SimulationOptions): Simulation {
  const aws = new SimulatedAws(account, HANDLERS, { ops: opts.ops, pageSize: opts.pageSize });
  const sim = new SimulatedTransport(aws, opts);
  if (opts.retry === false) return { aws, sim, transport: sim };
  const retry = new RetryingTransport(sim, { maxAttempts: 5, ...opts.retry, clock: opts.clock, sleep: opts.sleep });
  return { aws, sim, retry, transport: retry };
}
