// Small simulated accounts and a virtual clock for the simulator's own tests.
import { op, NEXT_TOKEN, type OpSpec } from '../../src/aws/ops.js';
import { SimAccount } from '../../src/sim/model.js';
import { SimulatedAws } from '../../src/sim/responder.js';
import { HANDLERS } from '../../src/sim/services/index.js';

export const NOW = new Date('2026-10-01T09:00:00.000Z');

export function tinyAccount(): SimAccount {
  return new SimAccount({ accountId: '123456789012', homeRegion: 'us-east-1', regions: ['us-east-1', 'eu-west-1'], now: NOW });
}

export const ListEndpoints = op('sagemaker', 'ListEndpoints', { paginate: NEXT_TOKEN });
export const DescribeEndpoint = op('sagemaker', 'DescribeEndpoint');

export function responder(a: SimAccount, ops: OpSpec[] = [ListEndpoints, DescribeEndpoint], pageSize = 2): SimulatedAws {
  return new SimulatedAws(a, HANDLERS, { ops, pageSize });
}

/** Time that moves only when told (or when someone sleeps). */
export function clock(start = 1_000_000) {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      slept.push(ms);
      now += Math.max(0, ms);
    },
    slept,
  };
}
