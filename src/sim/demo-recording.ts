// Makes the demo's recording: the normal scan of the demo account through the simulated AWS,
// with a virtual clock (no waiting, same answer every time) and small pages, then the per-call
// timings pinned to the scan clock so the file depends on the probes and the account only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { parseRecording, serializeRecording } from '../aws/recording.js';
import type { Registry } from '../engine/registry.js';
import { DEFAULT_OPTIONS, scan, type ScanResult } from '../scan.js';
import { registryOps } from './catalog.js';
import { DEMO_HOME_REGION, DEMO_NOW, demoAccount } from './demo-account.js';
import { simulate, type Simulation } from './index.js';

export { DEMO_RECORDING } from './demo-path.js';
/** Items per page in the demo: small, so every paginated call is seen paging. */
export const DEMO_PAGE_SIZE = 2;

export interface DemoGeneration {
  text: string;
  result: ScanResult;
  simulation: Simulation;
}

/** A clock that only moves when someone sleeps: back-off and rate limiting cost no real time. */
export function virtualTime(): { clock: () => number; sleep: (ms: number) => Promise<void> } {
  // Not 0: the SDK's rate limiter reads a zero timestamp as "never refilled".
  let now = 1_000_000_000;
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      now += Math.max(0, ms);
    },
  };
}

export async function generateDemoRecording(registry: Registry = defaultRegistry()): Promise<DemoGeneration> {
  const time = virtualTime();
  const simulation = simulate(demoAccount(), {
    ops: registryOps(registry),
    pageSize: DEMO_PAGE_SIZE,
    latency: false,
    rates: false,
    retry: { maxAttempts: DEFAULT_OPTIONS.maxAttempts, mode: 'adaptive', seed: 1 },
    ...time,
  });
  const out = mkdtempSync(join(tmpdir(), 'aims-demo-gen-'));
  try {
    const result = await scan({ ...DEFAULT_OPTIONS, out, homeRegion: DEMO_HOME_REGION, transport: simulation.transport, now: DEMO_NOW }, { registry, crosswalk: crosswalkLookup });
    const rec = parseRecording(readFileSync(result.files.calls, 'utf8'));
    const stamp = DEMO_NOW.toISOString();
    const calls = rec.calls.map((c) => ({ ...c, startedAt: stamp, durationMs: 0 }));
    return { text: serializeRecording({ ...rec.header, startedAt: stamp }, calls), result, simulation };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The recording without the tool version in its header: a release bump alone is not drift. */
export function comparable(text: string): string {
  const nl = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, nl)) as Record<string, unknown>;
  delete header.version;
  return JSON.stringify(header) + text.slice(nl);
}
