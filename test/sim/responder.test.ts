// The simulated AWS answers like the SDK: its field names, each operation's own paging tokens,
// real "not enabled" errors, {} for an operation it has no handler for.
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/aws/codec.js';
import { op } from '../../src/aws/ops.js';
import { SERVICES, type ServiceId } from '../../src/aws/services.js';
import { generateDemoRecording } from '../../src/sim/demo-recording.js';
import { checkShape, outputSchema } from '../../src/sim/schema.js';
import { defaultRegistry } from '../../checks/registry.js';
import { registryOps } from '../../src/sim/catalog.js';
import { SimulatedAws } from '../../src/sim/responder.js';
import { HANDLERS } from '../../src/sim/services/index.js';
import { addKey } from '../../src/sim/services/identity.js';
import { addEndpoint } from '../../src/sim/services/sagemaker.js';
import { addBucket } from '../../src/sim/services/s3.js';
import { enableMacie } from '../../src/sim/services/security.js';
import { DescribeEndpoint, ListEndpoints, responder, tinyAccount } from './helpers.js';

const call = (service: string, operation: string, input: object = {}, region = 'us-east-1') => ({ service: service as ServiceId, region, operation, input });

describe('simulated AWS responder', () => {
  it('answers an operation it has no handler for with {} and counts it', () => {
    const r = responder(tinyAccount());
    expect(r.answer(call('xray', 'GetSamplingRules'))).toEqual({ output: {} });
    expect(r.stats.unhandled.get('xray:GetSamplingRules')).toBe(1);
  });

  it('pages lists with the operation’s own token names and rejects a forged token', () => {
    const a = tinyAccount();
    for (const n of ['a', 'b', 'c', 'd', 'e']) addEndpoint(a, 'us-east-1', { name: `ep-${n}`, variants: [{ model: 'm' }] });
    const r = responder(a);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = r.answer(call('sagemaker', 'ListEndpoints', token ? { NextToken: token } : {})).output as { Endpoints: { EndpointName: string }[]; NextToken?: string };
      names.push(...out.Endpoints.map((e) => e.EndpointName));
      token = out.NextToken;
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(names).toEqual(['ep-a', 'ep-b', 'ep-c', 'ep-d', 'ep-e']);
    // A summary carries the summary's fields only, not the Describe's.
    const first = r.answer(call('sagemaker', 'ListEndpoints')).output as { Endpoints: Record<string, unknown>[] };
    expect(Object.keys(first.Endpoints[0]).sort()).toEqual(['CreationTime', 'EndpointArn', 'EndpointName', 'EndpointStatus', 'LastModifiedTime']);
    expect(r.answer(call('sagemaker', 'ListEndpoints', { NextToken: 'forged' })).error?.name).toBe('ValidationException');
    // The token belongs to its listing: the same token in another region is refused.
    const tok = (r.answer(call('sagemaker', 'ListEndpoints')).output as { NextToken: string }).NextToken;
    expect(r.answer(call('sagemaker', 'ListEndpoints', { NextToken: tok }, 'eu-west-1')).error).toBeDefined();
  });

  it('pages at the API’s default size, and up to its documented maximum when a caller asks (SageMaker: 10, up to 100)', () => {
    const a = tinyAccount();
    for (let i = 0; i < 150; i++) addEndpoint(a, 'us-east-1', { name: `ep-${i}`, variants: [{ model: 'm' }] });
    for (let i = 0; i < 150; i++) addKey(a, 'us-east-1', { id: `k-${i}` });
    const r = new SimulatedAws(a, HANDLERS, { ops: registryOps(defaultRegistry()) });
    const size = (service: string, operation: string, key: string, input: object = {}) => ((r.answer(call(service, operation, input)).output as Record<string, unknown[]>)[key] ?? []).length;
    expect(size('sagemaker', 'ListEndpoints', 'Endpoints')).toBe(10);
    expect(size('sagemaker', 'ListEndpoints', 'Endpoints', { MaxResults: 100 })).toBe(100);
    expect(size('sagemaker', 'ListEndpoints', 'Endpoints', { MaxResults: 500 })).toBe(100);
    expect(size('sagemaker', 'ListEndpoints', 'Endpoints', { MaxResults: 3 })).toBe(3);
    // KMS ListKeys: 100 by default, and asking for more does not get more here.
    expect(size('kms', 'ListKeys', 'Keys')).toBe(100);
    expect(size('kms', 'ListKeys', 'Keys', { Limit: 1000 })).toBe(100);
  });

  it('uses Marker/NextMarker and Truncated for KMS, ContinuationToken for S3', () => {
    const a = tinyAccount();
    for (let i = 0; i < 3; i++) addKey(a, 'us-east-1', { id: `0000000${i}-0000-4000-8000-000000000000` });
    for (const n of ['x', 'y', 'z']) addBucket(a, 'us-east-1', { name: `bucket-${n}` });
    const ListKeys = op('kms', 'ListKeys', { paginate: { inputToken: 'Marker', outputToken: 'NextMarker' } });
    const ListBuckets = op('s3', 'ListBuckets', { scope: 'global', paginate: { inputToken: 'ContinuationToken', outputToken: 'ContinuationToken' } });
    const r = responder(a, [ListKeys, ListBuckets]);
    const k1 = r.answer(call('kms', 'ListKeys')).output as { Keys: unknown[]; NextMarker?: string; Truncated: boolean };
    expect(k1).toMatchObject({ Truncated: true });
    expect(k1.Keys).toHaveLength(2);
    const k2 = r.answer(call('kms', 'ListKeys', { Marker: k1.NextMarker })).output as { Keys: unknown[]; NextMarker?: string; Truncated: boolean };
    expect(k2).toMatchObject({ Truncated: false });
    expect(k2.NextMarker).toBeUndefined();
    const b1 = r.answer(call('s3', 'ListBuckets', { MaxBuckets: 1000 })).output as { Buckets: unknown[]; ContinuationToken?: string };
    expect(b1.Buckets).toHaveLength(2);
    expect(typeof b1.ContinuationToken).toBe('string');
  });

  it('gives the real not-enabled answers and honours the account’s faults', () => {
    const a = tinyAccount();
    enableMacie(a, 'us-east-1', { automatedDiscovery: true });
    a.fault({ service: 'macie2', region: 'us-east-1', operation: 'ListClassificationJobs', error: { name: 'ThrottlingException', message: 'Rate exceeded' } });
    const r = responder(a);
    expect(r.answer(call('macie2', 'GetMacieSession', {}, 'eu-west-1')).error).toEqual({ name: 'AccessDeniedException', message: 'Macie is not enabled.', httpStatus: 403 });
    expect(r.answer(call('macie2', 'GetMacieSession')).output).toMatchObject({ status: 'ENABLED' });
    expect(r.answer(call('macie2', 'ListClassificationJobs')).error?.name).toBe('ThrottlingException');
    expect(r.answer(call('securityhub', 'DescribeHub')).error).toMatchObject({ name: 'InvalidAccessException', message: expect.stringMatching(/not subscribed to AWS Security Hub/) });
  });

  it('answers a bucket call sent to the wrong region with 301 PermanentRedirect, as S3 does', () => {
    const a = tinyAccount();
    addBucket(a, 'eu-west-1', { name: 'eu-data', versioning: 'Enabled' });
    const r = responder(a);
    expect(r.answer(call('s3', 'GetBucketVersioning', { Bucket: 'eu-data' }, 'eu-west-1')).output).toMatchObject({ Status: 'Enabled' });
    expect(r.answer(call('s3', 'GetBucketVersioning', { Bucket: 'eu-data' }, 'us-east-1')).error).toMatchObject({ name: 'PermanentRedirect', httpStatus: 301 });
    expect(r.answer(call('s3', 'GetBucketLocation', { Bucket: 'eu-data' })).output).toEqual({ LocationConstraint: 'eu-west-1' });
    expect(r.answer(call('s3', 'GetBucketVersioning', { Bucket: 'nope' })).error?.name).toBe('NoSuchBucket');
  });

  it('describes a resource by name and answers SageMaker’s error for a missing one', () => {
    const a = tinyAccount();
    addEndpoint(a, 'us-east-1', { name: 'churn', variants: [{ model: 'm', instances: 2 }], capture: { destination: 's3://b/c/' } });
    const r = responder(a, [ListEndpoints, DescribeEndpoint]);
    expect(r.answer(call('sagemaker', 'DescribeEndpoint', { EndpointName: 'churn' })).output).toMatchObject({ EndpointName: 'churn', DataCaptureConfig: { EnableCapture: true, CaptureStatus: 'Started' } });
    expect(r.answer(call('sagemaker', 'DescribeEndpoint', { EndpointName: 'gone' })).error).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/Could not find endpoint/) });
  });

  it('checks answers against the SDK schema: unknown members and wrong types are reported', async () => {
    const schema = await outputSchema('sagemaker', 'ListEndpoints');
    expect(checkShape({ Endpoints: [{ EndpointName: 'x', CreationTime: new Date() }] }, schema)).toEqual([]);
    const problems = checkShape({ Endpoints: [{ EndpointName: 5, CreationTime: '2026-01-01', Bogus: true }], NextToken: 't' }, schema);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/EndpointName: expected a string/);
    expect(problems.join('\n')).toMatch(/CreationTime: expected a Date/);
    expect(problems.join('\n')).toMatch(/Bogus: not a member of EndpointSummary/);
  });

  it('answers every call of the demo scan with the SDK’s own field names and types', async () => {
    const { text, simulation } = await generateDemoRecording();
    expect(simulation.aws.stats.internal).toEqual([]);
    const calls = text.split('\n').filter(Boolean).slice(1).map((l) => JSON.parse(l) as { service: string; operation: string; outcome: string; response?: unknown });
    const problems: string[] = [];
    let checked = 0;
    for (const c of calls.filter((x) => x.outcome === 'ok')) {
      if (!(c.service in SERVICES)) continue;
      const schema = await outputSchema(c.service as ServiceId, c.operation);
      if (!schema) continue; // an SDK package without runtime schemas (older clients)
      checked += 1;
      problems.push(...checkShape(decode(c.response), schema).map((p) => `${c.service}:${c.operation} ${p}`));
    }
    expect(checked).toBeGreaterThan(300);
    expect([...new Set(problems)]).toEqual([]);
  });
});
