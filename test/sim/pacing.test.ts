// The scanner against a simulated AWS with tight rate limits: paced to the same limits it is
// never throttled; sent unpaced, the same scan is throttled and leans on retries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { limitsFrom } from '../../src/aws/limits.js';
import { DEFAULT_OPTIONS, scan } from '../../src/scan.js';
import { registryOps } from '../../src/sim/catalog.js';
import { simulate } from '../../src/sim/index.js';
import { RateModel } from '../../src/sim/rate.js';
import { syntheticAccount } from '../../src/sim/synthetic.js';

const TIGHT = { rate: 40, burst: 4 };

async function scanWith(limits: ReturnType<typeof limitsFrom> | false) {
  const account = syntheticAccount({ resources: 300, regions: 2 });
  const registry = defaultRegistry();
  const sim = simulate(account, { ops: registryOps(registry), latency: { meanMs: 2, jitter: 0.5 }, rates: new RateModel({}, TIGHT), retry: { maxAttempts: 8, mode: 'standard' } });
  const out = mkdtempSync(join(tmpdir(), 'aims-pacing-'));
  try {
    const res = await scan({ ...DEFAULT_OPTIONS, out, homeRegion: account.homeRegion, transport: sim.transport, now: account.now, limits }, { registry, crosswalk: crosswalkLookup });
    const throttledChecks = res.report.controls.flatMap((c) => c.checks).filter((c) => /throttl/i.test(c.reason));
    return { throttled: sim.sim.stats.throttled, requests: sim.sim.stats.requests, throttledChecks: throttledChecks.length, calls: res.report.summary.calls?.calls ?? 0 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('pacing against AWS rate limits', () => {
  it('is never throttled when paced to the limits AWS enforces', async () => {
    const paced = await scanWith(limitsFrom({}, TIGHT));
    expect(paced.calls).toBeGreaterThan(200);
    expect(paced.throttled).toBe(0);
    expect(paced.requests).toBe(paced.calls);
    expect(paced.throttledChecks).toBe(0);
  });

  it('is throttled when the same scan is sent unpaced', async () => {
    const unpaced = await scanWith(false);
    expect(unpaced.throttled).toBeGreaterThan(0);
    expect(unpaced.requests).toBeGreaterThan(unpaced.calls);
  });
});
