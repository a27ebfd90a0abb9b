// The latency/rate model: a token bucket per (API, region) that answers a real throttling error
// to a caller faster than the limit, and never to one within it.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMIT, DOCUMENTED_LIMITS, RateModel, TokenBucket, sampleLatency } from '../../src/sim/rate.js';
import { seededRng } from '../../src/sim/rng.js';
import { SimulatedTransport } from '../../src/sim/transport.js';
import { addEndpoint } from '../../src/sim/services/sagemaker.js';
import { clock, responder, tinyAccount } from './helpers.js';

const req = (region = 'us-east-1', operation = 'ListEndpoints') => ({ service: 'sagemaker' as const, region, operation, input: {} });

function transport(limit = { rate: 5, burst: 5 }) {
  const a = tinyAccount();
  addEndpoint(a, 'us-east-1', { name: 'churn', variants: [{ model: 'm' }] });
  const c = clock();
  const t = new SimulatedTransport(responder(a), { latency: false, rates: new RateModel({}, limit), clock: c.now, sleep: c.sleep });
  return { t, c };
}

describe('rate model', () => {
  it('answers ThrottlingException (HTTP 400) to a caller faster than the limit', async () => {
    const { t } = transport();
    const answers = await Promise.all(Array.from({ length: 12 }, () => t.send(req())));
    const throttled = answers.filter((a) => a.error);
    expect(answers.filter((a) => a.output)).toHaveLength(5); // the burst
    expect(throttled).toHaveLength(7);
    for (const a of throttled) expect(a.error).toMatchObject({ name: 'ThrottlingException', httpStatus: 400 });
    expect(t.stats).toMatchObject({ requests: 12, throttled: 7 });
    expect(t.stats.throttledByApi.get('sagemaker:ListEndpoints')).toBe(7);
  });

  it('never throttles a caller within the limit', async () => {
    const { t, c } = transport();
    for (let i = 0; i < 60; i++) {
      const a = await t.send(req());
      expect(a.error, `call ${i}`).toBeUndefined();
      c.advance(250); // 4 calls per second against 5 per second
    }
    expect(t.stats.throttled).toBe(0);
  });

  it('keeps one bucket per (API, region): another API or region is not slowed by a busy one', async () => {
    const { t } = transport({ rate: 1, burst: 1 });
    expect((await t.send(req())).error).toBeUndefined();
    expect((await t.send(req())).error?.name).toBe('ThrottlingException');
    expect((await t.send(req('eu-west-1'))).error).toBeUndefined();
    expect((await t.send(req('us-east-1', 'DescribeEndpoint'))).error?.name).not.toBe('ThrottlingException');
  });

  it('uses documented limits where known, else 10/s with a burst of 20', () => {
    const m = new RateModel();
    expect(m.limitFor('ec2', 'DescribeVpcEndpoints')).toEqual(DOCUMENTED_LIMITS['ec2:*']);
    expect(m.limitFor('cloudwatch', 'DescribeAlarms')).toEqual({ rate: 9, burst: 9 });
    expect(m.limitFor('sagemaker', 'DescribeEndpoint')).toEqual(DEFAULT_LIMIT);
    expect(DEFAULT_LIMIT).toEqual({ rate: 10, burst: 20 });
    expect(m.scaled(2).limitFor('sagemaker', 'X')).toEqual({ rate: 20, burst: 40 });
  });

  it('refills a bucket at its rate', () => {
    const b = new TokenBucket({ rate: 2, burst: 2 });
    expect([b.take(0), b.take(0), b.take(0)]).toEqual([true, true, false]);
    expect(b.take(0.4)).toBe(false); // 0.8 of a token
    expect(b.take(0.5)).toBe(true); // 1 token after 0.5 s at 2/s
  });

  it('samples latency around its mean, within the jitter, repeatably for a seed', () => {
    const m = { meanMs: 50, jitter: 0.5 };
    const xs = Array.from({ length: 2000 }, ((r) => () => sampleLatency(m, r))(seededRng(1)));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(25);
    expect(Math.max(...xs)).toBeLessThanOrEqual(75);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 50)).toBeLessThan(1.5);
    const again = Array.from({ length: 5 }, ((r) => () => sampleLatency(m, r))(seededRng(1)));
    expect(again).toEqual(xs.slice(0, 5));
  });
});
