// The partial-evidence engine: Kleene's three-valued connectives, their monotonicity, lists read
// in part, reads that never throw, and verdicts that name only the decisive unknowns.
import { DescribeEndpointCommand, ListEndpointsCommand, ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { NEXT_TOKEN, next_token, op } from '../src/aws/ops.js';
import { and, every, F, fanOut, known, must, mustAll, noteUnknowns, nonEmpty, not, or, some, sortCauses, T, test, U, UnknownEvidence, type Cause, type ListEv, type Tri } from '../src/engine/evidence.js';
import { defineProbe, resourceOf, verdictOf, type CollectContext } from '../src/engine/probe.js';
import { Registry } from '../src/engine/registry.js';
import { runScan } from '../src/engine/runner.js';
import { DEFAULT_SETTINGS } from '../src/engine/probe.js';
import { awsError, IDENTITY, makeAccess, NOW } from './helpers.js';

const cause = (action: string, region = 'us-east-1', kind: Cause['kind'] = 'denied'): Cause => ({ action, region, kind, detail: `access denied: ${action}` });
const values: Tri[] = [T('t'), U([cause('x:A')]), F('f')];

describe('Kleene connectives', () => {
  it('follow the strong three-valued truth tables', () => {
    const v = (t: Tri) => t.v;
    const table = (f: (a: Tri, b: Tri) => Tri) => values.map((a) => values.map((b) => v(f(a, b))).join('')).join(' ');
    // rows/columns in the order T, U, F
    expect(table(and)).toBe('TUF UUF FFF');
    expect(table(or)).toBe('TTT TUU TUF');
    expect(values.map((x) => v(not(x))).join('')).toBe('FUT');
  });

  it('are monotone: learning an unknown never turns T into F or F into T', () => {
    const refine = (t: Tri): Tri[] => (t.v === 'U' ? [T(), F()] : [t]);
    for (const f of [and, or]) {
      for (const a of values) for (const b of values) {
        const before = f(a, b).v;
        if (before === 'U') continue;
        for (const a2 of refine(a)) for (const b2 of refine(b)) expect(f(a2, b2).v).toBe(before);
      }
    }
  });

  it('over lists: some/every count the unread rest as unknown; one proof or one failure decides', () => {
    const partial: ListEv<number> = { items: [1, 2], complete: false, causes: [cause('x:List')] };
    expect(some(partial, (n) => (n === 2 ? T('two') : F('no'))).v).toBe('T');
    expect(some(partial, () => F('no')).v).toBe('U');
    expect(every(partial, (n) => (n === 1 ? F('one fails') : T('ok'))).v).toBe('F');
    expect(every(partial, () => T('ok')).v).toBe('U');
    expect(nonEmpty({ items: [], complete: false, causes: [cause('x:List')] }, 'some', 'none').v).toBe('U');
    expect(nonEmpty({ items: [], complete: true, causes: [] }, 'some', 'none').v).toBe('F');
  });

  it('keep only the unknowns that still decide, sorted, whatever order they came in', () => {
    const u = and(U([cause('b:B')]), T('x'), U([cause('a:A')]));
    expect(u.v === 'U' && u.causes.map((c) => c.action)).toEqual(['a:A', 'b:B']);
    const decided = and(U([cause('b:B')]), F('broken'));
    expect(decided).toEqual({ v: 'F', why: ['broken'] });
    const twice = sortCauses([{ ...cause('a:A'), call: 'c-2' }, { ...cause('a:A'), call: 'c-1' }]);
    expect(twice).toHaveLength(1);
    expect(twice[0].call).toBe('c-1');
  });

  it('an Absent answer is a known value; an unknown one is never read as empty', () => {
    expect(test(known(undefined), (x) => x === undefined, 'absent', 'present').v).toBe('T');
    expect(test({ known: false, causes: [cause('x:Get')] }, () => true, 'y', 'n').v).toBe('U');
    expect(() => must({ known: false, causes: [cause('x:Get')] })).toThrow(UnknownEvidence);
    expect(() => mustAll({ items: [1], complete: false, causes: [cause('x:List')] })).toThrow(/x:List in us-east-1 \(access denied\)/);
  });

  it('notes every unknown raised in a collect, not only the first to reach the runner', async () => {
    const noted: Cause[] = [];
    await noteUnknowns(noted, async () => {
      await Promise.allSettled([
        (async () => mustAll({ items: [], complete: false, causes: [cause('a:A')] }))(),
        (async () => must({ known: false, causes: [cause('b:B')] }))(),
      ]);
    });
    expect(noted.map((c) => c.action).sort()).toEqual(['a:A', 'b:B']);
  });
});

describe('verdicts and resources from three-valued results', () => {
  const words = { pass: (w: string[]) => w.join(', '), fail: (w: string[]) => w.join(', '), code: 'MISCONFIGURED' as const };
  it('T → PASS, F → FAIL, U → ERROR naming the action and what to grant', () => {
    expect(verdictOf(T('on'), words)).toMatchObject({ status: 'PASS', reason: 'on' });
    expect(verdictOf(F('off'), words)).toMatchObject({ status: 'FAIL', reason: 'off', code: 'MISCONFIGURED' });
    const e = verdictOf(U([cause('s3:GetBucketVersioning')]), words);
    expect(e.status).toBe('ERROR');
    expect(e.reason).toBe('undecided: needs s3:GetBucketVersioning in us-east-1 (access denied) — grant the scan role s3:GetBucketVersioning (or check resource policies)');
    expect(e.missing?.map((c) => c.action)).toEqual(['s3:GetBucketVersioning']);
    expect(resourceOf('arn:b', 'us-east-1', U([cause('s3:GetBucketVersioning')]), 'bucket b')).toMatchObject({ status: 'ERROR', missing: [expect.objectContaining({ action: 's3:GetBucketVersioning' })] });
  });

  it('an unexpected answer is named by what AWS said, not by its kind alone', () => {
    const e = verdictOf(U([{ action: 'x:Get', region: 'us-east-1', kind: 'unexpected', detail: 'x:Get failed in us-east-1: InternalFailure: oops', error: 'InternalFailure' }]), words);
    expect(e.reason).toMatch(/x:Get in us-east-1 \(unexpected error: InternalFailure\)/);
  });
});

describe('reads through the engine', () => {
  const sm = mockClient(SageMakerClient);
  afterEach(() => sm.reset());
  const ListEndpoints = op('sagemaker', 'ListEndpoints', { paginate: NEXT_TOKEN });
  const ListModels = op('sagemaker', 'ListModels', { paginate: next_token, absent: [{ name: 'ValidationException', message: /not initialized/ }] });
  const DescribeEndpoint = op('sagemaker', 'DescribeEndpoint');

  async function collectWith(fn: (ctx: CollectContext) => Promise<unknown>) {
    let out: unknown;
    const probe = defineProbe<unknown>({
      id: 'p', service: 'S', title: 't', severity: 'low', remediation: 'r', serviceClass: 'baseline', scope: 'regional',
      calls: [ListEndpoints, ListModels, DescribeEndpoint],
      collect: async (ctx) => (out = await fn(ctx)),
      evaluate: () => ({ status: 'PASS', reason: 'ok' }),
    });
    const registry = new Registry({ controls: [{ id: 'C', title: 't', group: 'g', description: 'd', mappings: [{ service: 'S', implementation: '', controlSupport: '' }] }], probes: [probe] });
    await runScan({ access: makeAccess(), identity: IDENTITY, regions: ['us-east-1'], controlIds: ['C'], registry, settings: DEFAULT_SETTINGS, now: NOW });
    return out;
  }

  it('a list cut by a refused page keeps what it read and names the page it lacks', async () => {
    sm.on(ListEndpointsCommand).callsFake(async (i: { NextToken?: string }) => {
      if (i.NextToken) throw awsError('AccessDeniedException', 'no', 403);
      return { Endpoints: [{ EndpointName: 'a' }], NextToken: 't2' };
    });
    const l = (await collectWith((ctx) => ctx.list(ListEndpoints, {}, 'Endpoints'))) as ListEv<{ EndpointName: string }>;
    expect(l.items.map((e) => e.EndpointName)).toEqual(['a']);
    expect(l.complete).toBe(false);
    expect(l.causes[0]).toMatchObject({ action: 'sagemaker:ListEndpoints', kind: 'denied', error: 'AccessDeniedException' });
  });

  it('a declared "not configured" answer on the first page is a known empty list', async () => {
    sm.on(ListModelsCommand).rejects(awsError('ValidationException', 'service not initialized', 400));
    const l = (await collectWith((ctx) => ctx.list(ListModels, {}, 'Models'))) as ListEv<unknown>;
    expect(l).toMatchObject({ items: [], complete: true, absent: true });
  });

  it('listNewest follows the op own paging tokens and stops at the cap', async () => {
    sm.on(ListModelsCommand).callsFake(async (i: { nextToken?: string }) => (i.nextToken ? { Models: [{ ModelName: 'old' }] } : { Models: [{ ModelName: 'new' }], nextToken: 'n2' }));
    const l = (await collectWith((ctx) => ctx.listNewest(ListModels, {}, 'Models', 5))) as ListEv<{ ModelName: string }> & { truncated: boolean };
    expect(l.items.map((m) => m.ModelName)).toEqual(['new', 'old']);
    expect(l.truncated).toBe(false);
  });

  it('fanOut keeps the siblings of an item whose read fails and names its resource', async () => {
    sm.on(DescribeEndpointCommand).callsFake(async (i: { EndpointName: string }) => {
      if (i.EndpointName === 'b') throw awsError('AccessDeniedException', 'no', 403);
      return { EndpointName: i.EndpointName, EndpointStatus: 'InService' };
    });
    const l = (await collectWith((ctx) => fanOut(['a', 'b', 'c'], (n) => ctx.read(DescribeEndpoint, { EndpointName: n }, { resource: `arn:${n}` })))) as ListEv<{ EndpointName: string }>;
    expect(l.items.map((e) => e.EndpointName)).toEqual(['a', 'c']);
    expect(l.complete).toBe(false);
    expect(l.causes.map((c) => c.resource)).toEqual(['arn:b']);
  });
});

describe('a check whose undecided regions cannot change it', () => {
  async function checkWith(byRegion: Record<string, import('../src/model.js').Verdict>) {
    const ListEndpoints = op('sagemaker', 'ListEndpoints', { paginate: NEXT_TOKEN });
    const probe = defineProbe<string>({
      id: 'p', service: 'S', title: 't', severity: 'low', remediation: 'r', serviceClass: 'baseline', scope: 'regional',
      calls: [ListEndpoints],
      collect: async (ctx) => ctx.region,
      evaluate: (region) => byRegion[region],
    });
    const registry = new Registry({ controls: [{ id: 'C', title: 't', group: 'g', description: 'd', mappings: [{ service: 'S', implementation: '', controlSupport: '' }] }], probes: [probe] });
    const out = await runScan({ access: makeAccess(), identity: IDENTITY, regions: Object.keys(byRegion), controlIds: ['C'], registry, settings: DEFAULT_SETTINGS, now: NOW });
    return out.controls[0].checks[0];
  }
  const open = (possible: import('../src/model.js').ProbeStatus[]) => ({ status: 'ERROR' as const, reason: 'undecided', missing: [cause('sagemaker:ListDomains', 'eu-west-1')], possible });

  it('is decided when every answer the open region could give leaves it the same', async () => {
    const k = await checkWith({ 'us-east-1': { status: 'MANUAL', reason: 'attest' }, 'eu-west-1': open(['MANUAL', 'NOT_APPLICABLE']) });
    expect(k.status).toBe('MANUAL');
    expect(k.regions.find((r) => r.region === 'eu-west-1')?.status).toBe('ERROR');
    expect(k.warnings.join('\n')).toMatch(/eu-west-1 undecided \(sagemaker:ListDomains in eu-west-1 \(access denied\)\), but every answer it could give leaves this check MANUAL/);
  });

  it('stays ERROR when the open region could still make it FAIL, or says nothing of what it could be', async () => {
    expect((await checkWith({ 'us-east-1': { status: 'PASS', reason: 'ok' }, 'eu-west-1': open(['FAIL', 'NOT_APPLICABLE']) })).status).toBe('ERROR');
    expect((await checkWith({ 'us-east-1': { status: 'MANUAL', reason: 'attest' }, 'eu-west-1': { status: 'ERROR', reason: 'x', missing: [cause('a:B')] } })).status).toBe('ERROR');
    // A known FAIL elsewhere decides whatever the open region holds.
    expect((await checkWith({ 'us-east-1': { status: 'FAIL', reason: 'broken', code: 'MISCONFIGURED' }, 'eu-west-1': open(['PASS', 'FAIL']) })).status).toBe('FAIL');
  });
});
