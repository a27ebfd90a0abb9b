// The access layer: dedup, pagination guards, throttling, and per-service concurrency limits.
import { describe, expect, it } from 'vitest';
import { AwsAccess } from '../src/aws/access.js';
import { AwsCallError } from '../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../src/aws/ops.js';
import type { Answer, CallRequest, Transport } from '../src/aws/transport.js';
import { makeAccess } from './helpers.js';

class FakeTransport implements Transport {
  readonly kind = 'simulated' as const;
  calls: CallRequest[] = [];
  inFlight = new Map<string, number>();
  peak = new Map<string, number>();
  peakTotal = 0;
  total = 0;
  constructor(
    private readonly answer: (req: CallRequest) => Answer,
    private readonly delayMs = 0,
  ) {}
  async send(req: CallRequest): Promise<Answer> {
    this.calls.push(req);
    const k = `${req.service}|${req.region}`;
    this.inFlight.set(k, (this.inFlight.get(k) ?? 0) + 1);
    this.total += 1;
    this.peak.set(k, Math.max(this.peak.get(k) ?? 0, this.inFlight.get(k)!));
    this.peakTotal = Math.max(this.peakTotal, this.total);
    await new Promise((r) => setTimeout(r, this.delayMs));
    this.inFlight.set(k, this.inFlight.get(k)! - 1);
    this.total -= 1;
    return this.answer(req);
  }
}

const List = op<{ NextToken?: string; Filter?: string }, { Items?: string[]; NextToken?: string }>('sagemaker', 'ListModels', { paginate: NEXT_TOKEN });
const Get = op<{ Name?: string }, { Value?: string }>('sagemaker', 'DescribeModel');
const Other = op<{ Name?: string }, { Value?: string }>('kms', 'DescribeKey');

describe('AwsAccess', () => {
  it('makes an identical call once, whoever asks for it', async () => {
    const t = new FakeTransport(() => ({ output: { Value: 'v' }, attempts: 1 }), 5);
    const access = makeAccess(t);
    const a = new Set<string>();
    const b = new Set<string>();
    const [x, y] = await Promise.all([access.call(Get, 'us-east-1', { Name: 'm' }, a), access.call(Get, 'us-east-1', { Name: 'm' }, b)]);
    await access.call(Get, 'us-east-1', { Name: 'm' });
    expect(x).toEqual({ Value: 'v' });
    expect(y).toEqual({ Value: 'v' });
    expect(t.calls.length).toBe(1);
    expect(access.stats.deduplicated).toBe(2);
    // Both callers cite the same recorded call as evidence.
    expect([...a]).toEqual([...b]);
    expect(access.recordedCalls().length).toBe(1);
    // A different input or region is a different call.
    await access.call(Get, 'eu-west-1', { Name: 'm' });
    await access.call(Get, 'us-east-1', { Name: 'n' });
    expect(t.calls.length).toBe(3);
  });

  it('hands each caller its own copy of an answer', async () => {
    const t = new FakeTransport(() => ({ output: { Items: ['a'] }, attempts: 1 }));
    const access = makeAccess(t);
    const first = await access.call(List, 'us-east-1', {});
    first.Items!.push('mutated');
    expect((await access.call(List, 'us-east-1', {})).Items).toEqual(['a']);
  });

  it('follows pagination across three pages', async () => {
    const pages: Record<string, Answer> = {
      '': { output: { Items: ['a', 'b'], NextToken: 't1' }, attempts: 1 },
      t1: { output: { Items: ['c'], NextToken: 't2' }, attempts: 1 },
      t2: { output: { Items: ['d'] }, attempts: 1 },
    };
    const t = new FakeTransport((req) => pages[(req.input as { NextToken?: string }).NextToken ?? '']);
    const access = makeAccess(t);
    const items = await access.all(List, 'us-east-1', { Filter: 'x' }, 'Items');
    expect(items).toEqual(['a', 'b', 'c', 'd']);
    expect(t.calls.map((c) => c.input)).toEqual([{ Filter: 'x' }, { Filter: 'x', NextToken: 't1' }, { Filter: 'x', NextToken: 't2' }]);
  });

  it('stops with an ERROR on a repeated pagination token instead of looping', async () => {
    const t = new FakeTransport((req) => ({ output: { Items: ['x'], NextToken: (req.input as { NextToken?: string }).NextToken ? 'same' : 'same' }, attempts: 1 }));
    const access = makeAccess(t);
    const err = await access.all(List, 'us-east-1', {}, 'Items').catch((e) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err.kind).toBe('pagination');
    expect(err.reason).toMatch(/repeated pagination token/);
    expect(t.calls.length).toBe(2);
  });

  it('stops with an ERROR at the page cap rather than truncating', async () => {
    let n = 0;
    const t = new FakeTransport(() => ({ output: { Items: ['x'], NextToken: `t${++n}` }, attempts: 1 }));
    const access = makeAccess(t, { pageCap: 10 });
    const err = await access.all(List, 'us-east-1', {}, 'Items').catch((e) => e);
    expect(err.kind).toBe('pagination');
    expect(err.reason).toMatch(/more than 10 pages/);
    expect(t.calls.length).toBe(10);
  });

  it('slows an API down after AWS throttled it (retries or a final throttling answer), not after a success', async () => {
    let n = 0;
    const t = new FakeTransport(() => (n++ === 0 ? { output: {}, attempts: 1 } : n === 2 ? { output: {}, attempts: 3 } : { error: { name: 'ThrottlingException', message: 'Rate exceeded', httpStatus: 400 }, attempts: 5 }));
    const access = new AwsAccess({ transport: t, concurrency: 4, homeRegion: 'us-east-1', partition: 'aws', pageCap: 10 });
    await access.call(Get, 'us-east-1', { Name: 'a' });
    expect(access.scheduler.stats.slowdowns).toBe(0);
    await access.call(Get, 'us-east-1', { Name: 'b' });
    expect(access.scheduler.stats.slowdowns).toBe(1);
    await access.call(Get, 'us-east-1', { Name: 'c' }).catch(() => undefined);
    expect(access.scheduler.stats.slowdowns).toBe(2);
  });

  it('reports throttling that outlasted the retries as a throttled ERROR', async () => {
    const t = new FakeTransport(() => ({ error: { name: 'ThrottlingException', message: 'Rate exceeded', httpStatus: 400 }, attempts: 5 }));
    const access = makeAccess(t);
    const err = await access.call(Get, 'us-east-1', { Name: 'm' }).catch((e) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err.kind).toBe('throttled');
    expect(err.reason).toMatch(/sagemaker:DescribeModel still throttled after retries/);
    expect(access.stats.retries).toBe(4);
    expect(access.stats.throttled).toBe(1);
    expect(access.recordedCalls()[0]).toMatchObject({ outcome: 'error', attempts: 5, error: { name: 'ThrottlingException' } });
  });

  it('one slow API does not keep its backlog ahead of the others', async () => {
    const slow = new FakeTransport(() => ({ output: {}, attempts: 1 }), 0);
    const started: string[] = [];
    const t: Transport = {
      kind: 'simulated',
      async send(req) {
        started.push(req.service);
        await new Promise((r) => setTimeout(r, req.service === 'sagemaker' ? 40 : 1));
        return slow.send(req);
      },
    };
    const access = new AwsAccess({ transport: t, concurrency: 4, homeRegion: 'us-east-1', partition: 'aws', pageCap: 10 });
    const jobs = [];
    for (let i = 0; i < 10; i++) jobs.push(access.call(Get, 'us-east-1', { Name: `m${i}` }));
    jobs.push(access.call(Other, 'us-east-1', { Name: 'k' }));
    await Promise.all(jobs);
    // Lanes take turns for free slots: the KMS call goes out with the first slot that frees up
    // (after the four SageMaker calls that took the slots and the one whose turn came first),
    // not after all ten slow SageMaker calls.
    expect(started.indexOf('kms')).toBeLessThanOrEqual(5);
  });

  it('sends global-scope calls to the pinned region once', async () => {
    const t = new FakeTransport(() => ({ output: {}, attempts: 1 }));
    const access = makeAccess(t);
    const Iam = op<object, object>('iam', 'GetAccountSummary', { scope: 'global' });
    await Promise.all([access.call(Iam, 'eu-west-1', {}), access.call(Iam, 'ap-south-1', {}), access.call(Iam, 'us-east-1', {})]);
    expect(t.calls.map((c) => c.region)).toEqual(['us-east-1']);
  });

  it('treats a page whose list is not a list as an unparsable answer', async () => {
    const t = new FakeTransport(() => ({ output: { Items: 'oops' }, attempts: 1 }));
    const err = await makeAccess(t).all(List, 'us-east-1', {}, 'Items').catch((e) => e);
    expect(err.kind).toBe('unexpected');
  });
});
