// The engine's promises: aggregation order, no PASS without evidence, failures contained,
// SKIPPED regions, MANUAL for mappings without a probe, collect once per region.
import { describe, expect, it } from 'vitest';
import { NEXT_TOKEN, op } from '../src/aws/ops.js';
import type { Answer, CallRequest, Transport } from '../src/aws/transport.js';
import { defineProbe, DEFAULT_SETTINGS, fail, pass, type Probe } from '../src/engine/probe.js';
import { Registry, UnknownControlError } from '../src/engine/registry.js';
import { runScan } from '../src/engine/runner.js';
import { aggregateStatus } from '../src/model.js';
import { IDENTITY, makeAccess, NOW } from './helpers.js';

const Op = op<{ Name?: string }, { Value?: string }>('sagemaker', 'DescribeModel');
const Undeclared = op<object, object>('kms', 'ListKeys', { paginate: NEXT_TOKEN });

function transport(fn: (r: CallRequest) => Answer): Transport & { calls: CallRequest[] } {
  const calls: CallRequest[] = [];
  return { kind: 'simulated', calls, send: async (r) => (calls.push(r), fn(r)) };
}

function probe(over: Partial<Probe<{ v?: string }>>): Probe<{ v?: string }> {
  return defineProbe<{ v?: string }>({
    id: 'p',
    service: 'Svc A',
    title: 't',
    severity: 'low',
    remediation: 'fix it',
    serviceClass: 'baseline',
    scope: 'regional',
    calls: [Op],
    collect: async (ctx) => ({ v: (await ctx.call(Op, { Name: 'x' })).Value }),
    evaluate: (f) => (f.v === 'good' ? pass('good') : fail('bad', 'MISCONFIGURED')),
    ...over,
  });
}

async function run(probes: Probe<any>[], t: Transport, regions = ['us-east-1'], mappings = ['Svc A']) {
  const registry = new Registry({ controls: [{ id: 'C1', title: 'c', group: 'g', description: '', mappings: mappings.map((service) => ({ service, implementation: '', controlSupport: '' })) }], probes });
  return (await runScan({ access: makeAccess(t), identity: IDENTITY, regions, controlIds: ['C1'], registry, settings: DEFAULT_SETTINGS, now: NOW })).controls[0];
}

describe('aggregateStatus', () => {
  it('orders FAIL > ERROR > MANUAL > PASS > NOT_APPLICABLE', () => {
    expect(aggregateStatus(['PASS', 'ERROR', 'FAIL'])).toBe('FAIL');
    expect(aggregateStatus(['PASS', 'ERROR', 'MANUAL'])).toBe('ERROR');
    expect(aggregateStatus(['PASS', 'MANUAL', 'NOT_APPLICABLE'])).toBe('MANUAL');
    expect(aggregateStatus(['PASS', 'NOT_APPLICABLE'])).toBe('PASS');
    expect(aggregateStatus(['NOT_APPLICABLE'])).toBe('NOT_APPLICABLE');
    expect(aggregateStatus([])).toBe('NOT_APPLICABLE');
  });
});

describe('runScan', () => {
  it('PASS with the recorded call as evidence', async () => {
    const c = await run([probe({})], transport(() => ({ output: { Value: 'good' }, attempts: 1 })));
    expect(c.status).toBe('PASS');
    expect(c.checks[0].evidence).toHaveLength(1);
    expect(c.checks[0].remediation).toBeNull();
  });

  it('never PASSes without recorded evidence', async () => {
    const c = await run([probe({ calls: [Op], collect: async () => ({ v: 'good' }) })], transport(() => ({ output: {}, attempts: 1 })));
    expect(c.checks[0].status).toBe('ERROR');
    expect(c.checks[0].reason).toMatch(/no recorded evidence/);
  });

  it('an evaluation that throws is ERROR, not a crash', async () => {
    const c = await run([probe({ evaluate: () => { throw new TypeError('Cannot read properties of undefined'); } })], transport(() => ({ output: { Value: 'good' }, attempts: 1 })));
    expect(c.checks[0]).toMatchObject({ status: 'ERROR', reason: expect.stringMatching(/could not evaluate the recorded answers: Cannot read/) });
  });

  it('an undeclared call is refused and reported as ERROR', async () => {
    const c = await run([probe({ collect: async (ctx) => (await ctx.call(Undeclared, {}), {}) })], transport(() => ({ output: {}, attempts: 1 })));
    expect(c.checks[0].status).toBe('ERROR');
    expect(c.checks[0].reason).toMatch(/undeclared operation kms:ListKeys/);
  });

  it('a failure in one probe never loses the others\' results', async () => {
    const broken = probe({ id: 'broken', service: 'Svc B', collect: async () => { throw new Error('boom'); } });
    const c = await run([probe({}), broken], transport(() => ({ output: { Value: 'good' }, attempts: 1 })), ['us-east-1'], ['Svc A', 'Svc B']);
    expect(c.checks.map((x) => x.status)).toEqual(['PASS', 'ERROR']);
    expect(c.status).toBe('ERROR');
  });

  it('a region without the service is SKIPPED; every region skipped is ERROR', async () => {
    const t = transport((r) => (r.region === 'ap-south-2' ? { error: { name: 'Error', message: 'getaddrinfo ENOTFOUND', code: 'ENOTFOUND' }, attempts: 1 } : { output: { Value: 'good' }, attempts: 1 }));
    const c = await run([probe({})], t, ['us-east-1', 'ap-south-2']);
    expect(c.checks[0].status).toBe('PASS');
    expect(c.checks[0].regions.find((r) => r.region === 'ap-south-2')).toMatchObject({ status: 'SKIPPED', reason: expect.stringMatching(/not available in ap-south-2/) });
    const all = await run([probe({})], transport(() => ({ error: { name: 'Error', message: 'x', code: 'ENOTFOUND' }, attempts: 1 })), ['ap-south-2']);
    expect(all.checks[0].status).toBe('ERROR');
  });

  it('a "region not enabled" answer is SKIPPED only when DescribeRegions did not list the region', async () => {
    const t = transport((r) => (r.region === 'ap-east-1' ? { error: { name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }, attempts: 1 } : { output: { Value: 'good' }, attempts: 1 }));
    const registry = new Registry({ controls: [{ id: 'C1', title: 'c', group: 'g', description: '', mappings: [{ service: 'Svc A', implementation: '', controlSupport: '' }] }], probes: [probe({})] });
    const unconfirmed = makeAccess(t);
    const a = (await runScan({ access: unconfirmed, identity: IDENTITY, regions: ['us-east-1', 'ap-east-1'], controlIds: ['C1'], registry, settings: DEFAULT_SETTINGS, now: NOW })).controls[0].checks[0];
    expect(a.status).toBe('PASS');
    expect(a.regions.find((r) => r.region === 'ap-east-1')!.status).toBe('SKIPPED');
    const confirmed = makeAccess(t);
    confirmed.enabledRegions = new Set(['us-east-1', 'ap-east-1']);
    const b = (await runScan({ access: confirmed, identity: IDENTITY, regions: ['us-east-1', 'ap-east-1'], controlIds: ['C1'], registry, settings: DEFAULT_SETTINGS, now: NOW })).controls[0].checks[0];
    expect(b.status).toBe('ERROR');
    expect(b.reason).toMatch(/enabled for the account but rejected these credentials/);
  });

  it('access denied in one region makes the check ERROR even when another region passes', async () => {
    const t = transport((r) => (r.region === 'eu-west-1' ? { error: { name: 'AccessDeniedException', message: 'no', httpStatus: 403 }, attempts: 1 } : { output: { Value: 'good' }, attempts: 1 }));
    const c = await run([probe({})], t, ['us-east-1', 'eu-west-1']);
    expect(c.checks[0].status).toBe('ERROR');
    expect(c.checks[0].reason).toMatch(/eu-west-1: access denied: the scan role lacks sagemaker:DescribeModel/);
  });

  it('a mapping without a probe is MANUAL "no automated probe yet", never hidden', async () => {
    const c = await run([probe({})], transport(() => ({ output: { Value: 'good' }, attempts: 1 })), ['us-east-1'], ['Svc A', 'Svc Unprobed']);
    expect(c.checks[1]).toMatchObject({ service: 'Svc Unprobed', probe: null, status: 'MANUAL', code: 'NO_PROBE', reason: expect.stringMatching(/no automated probe yet/) });
    expect(c.status).toBe('MANUAL');
  });

  it('collects once per region for every control that uses the probe', async () => {
    const t = transport(() => ({ output: { Value: 'good' }, attempts: 1 }));
    let collects = 0;
    const p = probe({ collect: async (ctx) => (collects++, { v: (await ctx.call(Op, { Name: 'x' })).Value }) });
    const registry = new Registry({
      controls: ['C1', 'C2', 'C3'].map((id) => ({ id, title: id, group: 'g', description: '', mappings: [{ service: 'Svc A', implementation: '', controlSupport: '' }] })),
      probes: [p],
    });
    await runScan({ access: makeAccess(t), identity: IDENTITY, regions: ['us-east-1', 'eu-west-1'], controlIds: ['C1', 'C2', 'C3'], registry, settings: DEFAULT_SETTINGS, now: NOW });
    expect(collects).toBe(2);
    expect(t.calls).toHaveLength(2);
  });

  it('names the closed-to-new-customers alternative in a FAIL', async () => {
    const c = await run([probe({ availability: 'closed to new customers: use X instead' })], transport(() => ({ output: { Value: 'bad' }, attempts: 1 })));
    expect(c.checks[0].reason).toBe('bad — closed to new customers: use X instead');
  });

  it('rejects an unknown control selection listing the valid IDs', () => {
    const registry = new Registry({ controls: [{ id: 'C1', title: 'c', group: 'g', description: '', mappings: [] }], probes: [] });
    expect(() => registry.select(['C1', 'Q'])).toThrow(UnknownControlError);
    expect(() => registry.select(['Q'])).toThrow('unknown control ID Q; valid IDs: C1');
  });
});
