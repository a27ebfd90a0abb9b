// The SDK retry emulation: transient throttling becomes success with the attempts counted, a
// persistent one gives up after the configured attempts, a denial is never retried.
import { describe, expect, it } from 'vitest';
import type { Answer, CallRequest, Transport } from '../../src/aws/transport.js';
import { RateModel } from '../../src/sim/rate.js';
import { RETRY, RetryingTransport, retryErrorType } from '../../src/sim/retry.js';
import { addEndpoint } from '../../src/sim/services/sagemaker.js';
import { SimulatedTransport } from '../../src/sim/transport.js';
import { clock, responder, tinyAccount } from './helpers.js';

const req: CallRequest = { service: 'sagemaker', region: 'us-east-1', operation: 'ListEndpoints', input: {} };

/** Answers `errors` in turn, then success. */
function scripted(errors: { name: string; message?: string; httpStatus?: number }[]): Transport & { sent: number } {
  const t = {
    kind: 'simulated' as const,
    sent: 0,
    async send(): Promise<Answer> {
      const e = errors[t.sent++];
      return e ? { error: { message: 'x', ...e }, attempts: 1 } : { output: { Endpoints: [] }, attempts: 1 };
    },
  };
  return t;
}

describe('retrying wrapper', () => {
  it('turns transient throttling into success and reports the attempts the SDK would', async () => {
    const c = clock();
    const inner = scripted([{ name: 'ThrottlingException', httpStatus: 400 }, { name: 'ThrottlingException', httpStatus: 400 }]);
    const t = new RetryingTransport(inner, { maxAttempts: 5, clock: c.now, sleep: c.sleep });
    const a = await t.send(req);
    expect(a.error).toBeUndefined();
    expect(a.attempts).toBe(3);
    expect(inner.sent).toBe(3);
    expect(t.stats).toMatchObject({ calls: 1, retries: 2, throttlingSeen: 2, throttlingExhausted: 0 });
    // Full-jitter exponential back-off on the throttling base: [0, 1 s) then [0, 2 s).
    const backoff = c.slept.filter((ms) => ms > 0);
    expect(backoff.length).toBeGreaterThanOrEqual(1);
    expect(c.slept[0]).toBeLessThan(RETRY.throttlingBaseDelayMs);
  });

  it('gives up after maxAttempts with the throttling error and that many attempts', async () => {
    const c = clock();
    const inner = scripted(Array.from({ length: 10 }, () => ({ name: 'ThrottlingException', httpStatus: 400 })));
    const t = new RetryingTransport(inner, { maxAttempts: 4, clock: c.now, sleep: c.sleep });
    const a = await t.send(req);
    expect(a.error?.name).toBe('ThrottlingException');
    expect(a.attempts).toBe(4);
    expect(inner.sent).toBe(4);
    expect(t.stats.throttlingExhausted).toBe(1);
  });

  it('does not retry an access denial', async () => {
    const c = clock();
    const inner = scripted([{ name: 'AccessDeniedException', httpStatus: 403 }]);
    const t = new RetryingTransport(inner, { maxAttempts: 5, clock: c.now, sleep: c.sleep });
    const a = await t.send(req);
    expect(a).toMatchObject({ attempts: 1, error: { name: 'AccessDeniedException' } });
    expect(inner.sent).toBe(1);
  });

  it('classifies errors as the SDK does', () => {
    expect(retryErrorType({ name: 'ThrottlingException', message: '' })).toBe('THROTTLING');
    expect(retryErrorType({ name: 'Whatever', message: '', httpStatus: 429 })).toBe('THROTTLING');
    expect(retryErrorType({ name: 'InternalFailure', message: '', httpStatus: 500 })).toBe('TRANSIENT');
    expect(retryErrorType({ name: 'AccessDeniedException', message: '', httpStatus: 403 })).toBe('OTHER');
  });

  it('gets every call of a burst through a tight rate limit, slowing the client down (adaptive mode)', async () => {
    const a = tinyAccount();
    addEndpoint(a, 'us-east-1', { name: 'churn', variants: [{ model: 'm' }] });
    const c = clock();
    const sim = new SimulatedTransport(responder(a), { latency: false, rates: new RateModel({}, { rate: 2, burst: 2 }), clock: c.now, sleep: c.sleep });
    const t = new RetryingTransport(sim, { maxAttempts: 8, mode: 'adaptive', seed: 3, clock: c.now, sleep: c.sleep });
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.send(req)));
    expect(answers.every((x) => !x.error)).toBe(true);
    expect(sim.stats.throttled).toBeGreaterThan(0);
    expect(answers.reduce((s, x) => s + x.attempts - 1, 0)).toBe(t.stats.retries);
    expect(t.stats.retries).toBe(sim.stats.throttled);
  });
});
