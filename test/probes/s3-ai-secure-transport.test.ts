// AI buckets refuse plain HTTP (issue 19): a Deny of s3:* for everyone under aws:SecureTransport
// false in the bucket policy; the S3 check's bucket scope; per bucket, in its own region.
import { describe, expect, it } from 'vitest';
import probe from '../../checks/probes/s3-ai-secure-transport.js';
import { deniesInsecureTransport, wildcard } from '../../checks/rules/ai-bucket-checks.js';
import { setBucketPolicy, tlsOnlyStatement } from '../../src/sim/services/ai-assets.js';
import { addBucket } from '../../src/sim/services/s3.js';
import { ACCOUNT } from '../helpers.js';
import { deny, resourcesOf, runOnSim, simAccount } from '../inventory/sim.js';

const US = `sagemaker-us-east-1-${ACCOUNT}`;
const EU = `sagemaker-eu-west-1-${ACCOUNT}`;
const ARN = (b: string) => `arn:aws:s3:::${b}`;
const policy = (b: string, actions: string | string[] = 's3:*') => JSON.stringify({ Version: '2012-10-17', Statement: [tlsOnlyStatement('aws', b, actions)] });

function account(tls: { us: boolean; eu: boolean }) {
  const a = simAccount(['us-east-1', 'eu-west-1']);
  addBucket(a, 'us-east-1', { name: US });
  addBucket(a, 'eu-west-1', { name: EU });
  if (tls.us) setBucketPolicy(a, US, JSON.parse(policy(US)));
  if (tls.eu) setBucketPolicy(a, EU, JSON.parse(policy(EU)));
  return a;
}

describe('Amazon S3 TLS-only AI buckets (extension)', () => {
  it('PASS when every AI bucket denies requests without TLS', async () => {
    const run = await runOnSim(probe, account({ us: true, eu: true }), { control: 'A.9' });
    expect(run.check.status).toBe('PASS');
    expect(run.check.reason).toBe('all 2 AI bucket(s) deny requests without TLS');
  });

  it('FAIL for a bucket without a policy, the other passing beside it', async () => {
    const run = await runOnSim(probe, account({ us: true, eu: false }), { control: 'A.9' });
    expect(run.check.status).toBe('FAIL');
    expect(resourcesOf(run)[ARN(EU)]).toEqual(['FAIL', `bucket ${EU} (eu-west-1; SageMaker default bucket name): no bucket policy: requests over HTTP are not refused`]);
    expect(resourcesOf(run)[ARN(US)][0]).toBe('PASS');
  });

  it('partly visible: GetBucketPolicy denied in one region leaves that bucket undecided; a known failure elsewhere still fails', async () => {
    const a = account({ us: true, eu: true });
    deny(a, 's3', 'GetBucketPolicy', 'eu-west-1');
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('ERROR');
    expect(resourcesOf(run)[ARN(EU)][0]).toBe('ERROR');
    expect(run.check.missing?.map((c) => `${c.action} ${c.region}`)).toEqual(['s3:GetBucketPolicy eu-west-1']);
    const b = account({ us: false, eu: true });
    deny(b, 's3', 'GetBucketPolicy', 'eu-west-1');
    expect((await runOnSim(probe, b, { control: 'A.9' })).check.status).toBe('FAIL');
  });

  it('counts only a Deny of every S3 action for everyone on the objects, under SecureTransport false', () => {
    expect(deniesInsecureTransport(policy('b'), ARN('b')).v).toBe('T');
    // Prowler accepts a Deny of PutObject alone; reads over HTTP would still be served.
    expect(deniesInsecureTransport(policy('b', 's3:PutObject'), ARN('b')).v).toBe('F');
    expect(deniesInsecureTransport(policy('other'), ARN('b')).v).toBe('F');
    const boolIfExists = JSON.stringify({ Statement: { Effect: 'Deny', Principal: { AWS: ['*'] }, Action: ['*'], Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': false } } } });
    expect(deniesInsecureTransport(boolIfExists, ARN('b')).v).toBe('T');
    const allowOnly = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] });
    expect(deniesInsecureTransport(allowOnly, ARN('b')).v).toBe('F');
    expect(deniesInsecureTransport('not json', ARN('b')).v).toBe('F');
    expect(wildcard('arn:aws:s3:::b*', 'arn:aws:s3:::b/x')).toBe(true);
    expect(wildcard('arn:aws:s3:::b?', 'arn:aws:s3:::b/x')).toBe(false);
  });
});
