// The live transport against a custom endpoint: a DNS failure is the endpoint's, never "service
// not offered in this region" (which would SKIP the region instead of reporting an ERROR).
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsAccess } from '../src/aws/access.js';
import { classify } from '../src/aws/errors.js';
import { whoAmI } from '../src/aws/identity.js';
import { LiveTransport } from '../src/aws/transport.js';

const sts = mockClient(STSClient);
afterEach(() => sts.reset());

const dnsFailure = (host: string) => Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname: host });
const credentials = { accessKeyId: 'AKIDTRANSPORTTEST', secretAccessKey: 'not-a-secret' };
const req = { service: 'sts' as const, region: 'us-east-1', operation: 'GetCallerIdentity', input: {} };
const ctx = { action: 'sts:GetCallerIdentity', region: 'us-east-1', homeRegion: 'us-east-1' };

describe('LiveTransport with a custom endpoint', () => {
  it('reports a host that does not resolve as the endpoint\'s failure, not as a service missing from the region', async () => {
    sts.on(GetCallerIdentityCommand).rejects(dnsFailure('localhost'));
    const t = new LiveTransport({ endpointUrl: 'http://localhost:4566', maxAttempts: 1, credentials });
    const a = await t.send(req);
    t.destroy();
    expect(a.error?.name).toBe('EndpointNotFound');
    expect(a.error?.message).toMatch(/host localhost does not resolve \(getaddrinfo ENOTFOUND localhost\)/);
    const c = classify(a.error!, ctx);
    expect(c.kind).not.toBe('unavailable');
    expect(c.reason).not.toMatch(/not available/);
  });

  it('a name under the endpoint\'s host (as S3 builds for a bucket) is the endpoint\'s too; an AWS hostname is not', async () => {
    const t = new LiveTransport({ endpointUrl: 'http://localhost:4566', maxAttempts: 1, credentials });
    sts.on(GetCallerIdentityCommand).rejectsOnce(dnsFailure('123456789012.localhost')).rejectsOnce(dnsFailure('sts.ap-east-2.amazonaws.com'));
    expect((await t.send(req)).error?.name).toBe('EndpointNotFound');
    const other = (await t.send(req)).error!;
    t.destroy();
    expect(other.code).toBe('ENOTFOUND');
    expect(classify(other, ctx).kind).toBe('unavailable');
  });

  it('without a custom endpoint, ENOTFOUND keeps meaning "AWS has no such service in this region"', async () => {
    sts.on(GetCallerIdentityCommand).rejects(dnsFailure('sts.us-east-1.amazonaws.com'));
    const prev = process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL;
    try {
      const t = new LiveTransport({ maxAttempts: 1, credentials });
      const a = await t.send(req);
      t.destroy();
      expect(a.error?.code).toBe('ENOTFOUND');
      expect(classify(a.error!, ctx).kind).toBe('unavailable');
    } finally {
      process.env.AWS_ENDPOINT_URL = prev;
    }
  });

  it('the caller check names the endpoint, not the credentials', async () => {
    sts.on(GetCallerIdentityCommand).rejects(dnsFailure('localhost'));
    const transport = new LiveTransport({ endpointUrl: 'http://localhost:4566', maxAttempts: 1, credentials });
    const access = new AwsAccess({ transport, concurrency: 4, homeRegion: 'us-east-1', partition: 'aws', pageCap: 10, limits: false });
    await expect(whoAmI(access)).rejects.toThrow(/EndpointNotFound: the custom endpoint's host localhost does not resolve.*check the network, the region \(--home-region\) or --endpoint-url/);
    transport.destroy();
  });
});
