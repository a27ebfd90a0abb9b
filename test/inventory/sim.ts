// Runs one probe (or a whole scan) against a small simulated account: the account states of the
// issue 19 checks (passing, failing, partly visible) are written with the simulator's builders,
// and "partly visible" is an AccessDenied fault on one operation, in one region or everywhere.
import type { Probe, ScanSettings } from '../../src/engine/probe.js';
import { defaultRegistry } from '../../checks/registry.js';
import { registryOps } from '../../src/sim/catalog.js';
import { virtualTime } from '../../src/sim/demo-recording.js';
import { simulate } from '../../src/sim/index.js';
import { SimAccount } from '../../src/sim/model.js';
import { ACCOUNT, makeAccess, NOW, runProbe, type ProbeRun } from '../helpers.js';

export function simAccount(regions: string[] = ['us-east-1']): SimAccount {
  return new SimAccount({ accountId: ACCOUNT, homeRegion: 'us-east-1', regions, now: NOW });
}

/** The scan role may not call this operation (in one region, or everywhere). */
export function deny(a: SimAccount, service: string, operation: string, region?: string): void {
  a.fault({ service, operation, ...(region ? { region } : {}), error: { name: 'AccessDeniedException', message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/scanner/ci is not authorized to perform: ${operation}`, httpStatus: 403 } });
}

export function simTransport(a: SimAccount) {
  return simulate(a, { ops: registryOps(defaultRegistry()), latency: false, rates: false, retry: false, ...virtualTime() }).transport;
}

/** One probe through the real engine, answered by the simulated account. */
export function runOnSim(probe: Probe<any>, a: SimAccount, opts: { control?: string; settings?: Partial<ScanSettings> } = {}): Promise<ProbeRun> {
  return runProbe(probe, { ...opts, regions: a.regions, access: makeAccess(simTransport(a)) });
}

/** id → [status, reason] of a check's resources. */
export function resourcesOf(run: ProbeRun): Record<string, [string, string]> {
  return Object.fromEntries(run.check.resources.map((r) => [r.id, [r.status, r.reason]]));
}
