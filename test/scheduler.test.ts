// The engine's call scheduler on a virtual clock: every (API, region) stays within its rate limit,
// the global concurrency is never exceeded, a rate-limited backlog holds no slots, and throttling
// slows only the lane it came from.
import { describe, expect, it } from 'vitest';
import { limitsFrom } from '../src/aws/limits.js';
import { CallScheduler, type LaneKey } from '../src/aws/scheduler.js';
import { TokenBucket } from '../src/sim/rate.js';
import { seededRng } from '../src/sim/rng.js';

/** A virtual clock with timers that fire in order as time is advanced. */
function virtualTime() {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => void timers.push({ at: now + ms, fn }),
    /** Runs timers and the microtasks they start until nothing is due before `until`. */
    async runUntil(until: number) {
      for (;;) {
        await flush();
        timers.sort((a, b) => a.at - b.at);
        const t = timers[0];
        if (!t || t.at > until) break;
        timers.shift();
        now = t.at;
        t.fn();
      }
      now = until;
      await flush();
    },
  };
}
const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

const lane = (operation: string, region = 'us-east-1', service = 'sagemaker'): LaneKey => ({ service, operation, region });

describe('call scheduler', () => {
  it('sends the burst (less a reserve of one token) at once, then no faster than the rate, per (API, region)', async () => {
    const vt = virtualTime();
    const s = new CallScheduler({ concurrency: 100, limits: limitsFrom({}, { rate: 10, burst: 5 }), now: vt.now, setTimer: vt.setTimer });
    const sent: Record<string, number[]> = {};
    const call = (k: LaneKey) => s.run(k, async () => void (sent[`${k.operation}|${k.region}`] ??= []).push(vt.now()));
    const all = [
      ...Array.from({ length: 25 }, () => call(lane('DescribeTrainingJob'))),
      ...Array.from({ length: 25 }, () => call(lane('DescribeTrainingJob', 'eu-west-1'))),
      ...Array.from({ length: 3 }, () => call(lane('ListModels'))),
    ];
    await vt.runUntil(10_000);
    await Promise.all(all);
    for (const [k, times] of Object.entries(sent)) {
      // Any window of w ms holds at most burst + rate × w calls: the token bucket AWS applies.
      for (let i = 0; i < times.length; i++)
        for (let j = i; j < times.length; j++) expect(j - i + 1, `${k} between ${times[i]} and ${times[j]} ms`).toBeLessThanOrEqual(5 + (10 * (times[j] - times[i])) / 1000 + 1e-9);
    }
    expect(sent['DescribeTrainingJob|us-east-1']).toHaveLength(25);
    // 4 at once (one token is left for calls that reach AWS bunched), then 21 more at 10/s: the
    // last near 2.1 s, not later (the lanes run side by side).
    expect(sent['DescribeTrainingJob|us-east-1'].filter((t) => t === 0)).toHaveLength(4);
    expect(Math.max(...sent['DescribeTrainingJob|us-east-1'])).toBeLessThanOrEqual(2_101);
    expect(Math.max(...sent['DescribeTrainingJob|eu-west-1'])).toBeLessThanOrEqual(2_101);
    expect(sent['ListModels|us-east-1']).toEqual([0, 0, 0]);
  });

  it('leaves enough in AWS’s bucket that calls arriving with uneven delay are not throttled', async () => {
    const vt = virtualTime();
    const limit = { rate: 10, burst: 20 };
    const s = new CallScheduler({ concurrency: 100, limits: limitsFrom({}, limit), now: vt.now, setTimer: vt.setTimer });
    const aws = new TokenBucket(limit);
    const rng = seededRng(5);
    let throttled = 0;
    // Each call reaches AWS 0–45 ms after it is let go: the early ones late, later ones on time.
    const all = Array.from({ length: 80 }, (_, i) =>
      s.run(lane('DescribeModel'), () => new Promise<void>((r) => vt.setTimer(() => ((throttled += aws.take(vt.now() / 1000) ? 0 : 1), r()), i < 20 ? 45 : 45 * rng()))),
    );
    await vt.runUntil(20_000);
    await Promise.all(all);
    expect(throttled).toBe(0);
  });

  it('never has more calls in flight than the concurrency', async () => {
    const vt = virtualTime();
    const s = new CallScheduler({ concurrency: 3, limits: limitsFrom({}, { rate: 1000, burst: 1000 }), now: vt.now, setTimer: vt.setTimer });
    let inFlight = 0;
    let peak = 0;
    const work = (ms: number) => async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((r) => vt.setTimer(r, ms));
      inFlight -= 1;
    };
    const all = Array.from({ length: 30 }, (_, i) => s.run(lane(`Op${i % 4}`), work(10 + (i % 3))));
    await vt.runUntil(1_000);
    await Promise.all(all);
    expect(peak).toBe(3);
    expect(s.stats.peakInFlight).toBe(3);
  });

  it('keeps no slot for calls waiting on their rate: other APIs go out meanwhile', async () => {
    const vt = virtualTime();
    const s = new CallScheduler({ concurrency: 2, limits: limitsFrom({ 'sagemaker:Slow': { rate: 1, burst: 1 } }, { rate: 100, burst: 100 }), now: vt.now, setTimer: vt.setTimer });
    const order: string[] = [];
    const all = [
      ...Array.from({ length: 5 }, () => s.run(lane('Slow'), async () => void order.push('slow'))),
      ...Array.from({ length: 5 }, () => s.run(lane('Fast'), async () => void order.push('fast'))),
    ];
    await vt.runUntil(100);
    // One Slow call had a token; four wait for theirs while all five Fast calls are done.
    expect(order.filter((o) => o === 'fast')).toHaveLength(5);
    expect(order.filter((o) => o === 'slow')).toHaveLength(1);
    await vt.runUntil(5_000);
    await Promise.all(all);
    expect(order.filter((o) => o === 'slow')).toHaveLength(5);
    expect(s.stats.pacingWaits).toBeGreaterThan(0);
  });

  it('halves a throttled lane’s rate and leaves the other lanes alone', async () => {
    const vt = virtualTime();
    const s = new CallScheduler({ concurrency: 100, limits: limitsFrom({}, { rate: 10, burst: 1 }), now: vt.now, setTimer: vt.setTimer });
    const times: Record<string, number[]> = { a: [], b: [] };
    s.throttled(lane('A'));
    const all = [
      ...Array.from({ length: 6 }, () => s.run(lane('A'), async () => void times.a.push(vt.now()))),
      ...Array.from({ length: 6 }, () => s.run(lane('B'), async () => void times.b.push(vt.now()))),
    ];
    await vt.runUntil(5_000);
    await Promise.all(all);
    const gaps = (t: number[]) => t.slice(1).map((x, i) => x - t[i]);
    for (const g of gaps(times.a)) expect(g).toBeGreaterThanOrEqual(199); // 5/s after the slowdown
    for (const g of gaps(times.b)) expect(g).toBeLessThanOrEqual(101); // still 10/s
    expect(s.stats.slowdowns).toBe(1);
  });

  it('does not pace a replay (limits: false), even after a throttling answer', async () => {
    const vt = virtualTime();
    const s = new CallScheduler({ concurrency: 1000, limits: false, now: vt.now, setTimer: vt.setTimer });
    s.throttled(lane('A'));
    const times: number[] = [];
    const all = Array.from({ length: 500 }, () => s.run(lane('A'), async () => void times.push(vt.now())));
    await vt.runUntil(0);
    await Promise.all(all);
    expect(times).toHaveLength(500);
    expect(new Set(times)).toEqual(new Set([0]));
    expect(s.stats.slowdowns).toBe(0);
  });

  it('passes a call’s failure to its caller and keeps going', async () => {
    const vt = virtualTime();
    const s = new CallScheduler({ concurrency: 1, now: vt.now, setTimer: vt.setTimer });
    const bad = s.run(lane('A'), async () => {
      throw new Error('boom');
    });
    const sync = s.run(lane('A'), () => {
      throw new Error('thrown before a promise');
    });
    const good = s.run(lane('B'), async () => 42);
    await vt.runUntil(1_000);
    await expect(bad).rejects.toThrow('boom');
    await expect(sync).rejects.toThrow('thrown before a promise');
    await expect(good).resolves.toBe(42);
  });
});
