// The benchmark's SDK loopback: every simulated answer also goes through the real SDK v3 client of
// its service, so the SDK's CPU is counted. These tests check that it really is the SDK's pipeline
// (the answer comes back parsed by the SDK's own deserializer, errors as the SDK's exceptions, in
// each wire protocol the scanner's clients use) and that it changes no verdict.
import { describe, expect, it } from 'vitest';
import { encode } from '../../src/aws/codec.js';
import { measureOrg } from '../../src/sim/bench/org-measure.js';
import { SdkLoopback, wireResponse } from '../../src/sim/sdk-loopback.js';

const creds = { accessKeyId: 'ASIASIMULATED0000001', secretAccessKey: 'simulated-secret', sessionToken: 'simulated-token' };

describe('SdkLoopback', () => {
  it('returns a JSON-protocol answer as the SDK parses it: dates as Dates, tokens kept', async () => {
    const lb = new SdkLoopback(creds);
    const created = new Date('2026-03-04T05:06:07.000Z');
    const answer = { output: encode({ Endpoints: [{ EndpointName: 'e<1>', EndpointArn: 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/e1', CreationTime: created, LastModifiedTime: created, EndpointStatus: 'InService' }], NextToken: 't1' }), attempts: 1 };
    const r = await lb.roundTrip({ service: 'sagemaker', region: 'eu-west-1', operation: 'ListEndpoints', input: { MaxResults: 100 } }, answer);
    expect(r.error).toBeUndefined();
    const out = r.output as { Endpoints: { EndpointName: string; CreationTime: Date }[]; NextToken: string; $metadata: { httpStatusCode: number } };
    expect(out.Endpoints[0].EndpointName).toBe('e<1>');
    expect(out.Endpoints[0].CreationTime).toBeInstanceOf(Date);
    expect(out.Endpoints[0].CreationTime.toISOString()).toBe(created.toISOString());
    expect(out.NextToken).toBe('t1');
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  it.each([
    ['sagemaker', 'ListEndpoints', {}, 'AccessDeniedException'],
    ['bedrock', 'ListGuardrails', {}, 'AccessDeniedException'],
    ['ec2', 'DescribeVpcEndpoints', {}, 'UnauthorizedOperation'],
    // The SDK names a modelled awsQuery error by its shape: code AuthorizationError → AuthorizationErrorException.
    ['sns', 'ListTopics', {}, 'AuthorizationError'],
    ['iam', 'ListRoles', {}, 'AccessDenied'],
    ['s3', 'GetBucketVersioning', { Bucket: 'ai-data' }, 'AccessDenied'],
  ] as const)('%s %s: an error answer becomes the SDK\'s exception, a success parses', async (service, operation, input, name) => {
    const lb = new SdkLoopback(creds);
    const req = { service, region: 'us-east-1', operation, input };
    const denied = await lb.roundTrip(req, { error: { name, message: 'not authorized', httpStatus: 403 }, attempts: 1 });
    expect((denied.error as { name: string }).name).toMatch(new RegExp(`^${name}(Exception)?$`));
    expect((denied.error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
    const ok = await lb.roundTrip(req, { output: encode({ Anything: [{ Name: 'x & <y>' }] }), attempts: 1 });
    expect(ok.error).toBeUndefined();
    expect((ok.output as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(200);
  });

  it('writes XML bodies the size of the answer, with the answer escaped as text', () => {
    const answer = { output: encode({ Topics: [{ TopicArn: 'arn:aws:sns:us-east-1:111122223333:a</Unmodelled><x>' }] }), attempts: 1 };
    const body = Buffer.from(wireResponse('query', 'ListTopics', answer).body).toString();
    expect(body.startsWith('<ListTopicsResponse><ListTopicsResult><Unmodelled>')).toBe(true);
    expect(body).toContain('a&lt;/Unmodelled&gt;&lt;x&gt;');
    expect(body.length).toBeGreaterThan(JSON.stringify(answer.output).length);
  });

  it('changes no verdict: an organization scanned with and without the SDK in the loop counts the same', async () => {
    const spec = { accounts: 5, resources: 6, regions: 2, accountConcurrency: 2, latency: { meanMs: 1, jitter: 0.5 }, formats: ['json'], aws: 'in-process' as const };
    const [withSdk, without] = [await measureOrg({ ...spec, sdk: true }), await measureOrg({ ...spec, sdk: false })];
    expect(withSdk.sdk).toBe(true);
    expect(without.sdk).toBe(false);
    expect(withSdk.counts).toEqual(without.counts);
    expect(withSdk.org.calls).toBe(without.org.calls);
  }, 120_000);
});
