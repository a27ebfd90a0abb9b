// AI buckets under a customer-managed key (issue 19): SSE-KMS (the S3 check's rule) with a key
// that is the customer's: none named or alias/aws/s3 is the AWS managed key; a key of this
// account is classified by DescribeKey; a key of another account is a customer key.
import { describe, expect, it } from 'vitest';
import probe from '../../checks/probes/s3-ai-customer-managed-keys.js';
import { keyByName } from '../../checks/rules/ai-bucket-checks.js';
import { addKey } from '../../src/sim/services/identity.js';
import { addBucket } from '../../src/sim/services/s3.js';
import { ACCOUNT } from '../helpers.js';
import { deny, resourcesOf, runOnSim, simAccount } from '../inventory/sim.js';

const B = (n: string) => `sagemaker-${n}-${ACCOUNT}`;
const CMK = '1a2b3c4d-0001-4e5f-8a9b-0c1d2e3f4a5b';
const AWSKEY = '1a2b3c4d-00aa-4e5f-8a9b-0c1d2e3f4a5b';
const keyArn = (id: string, r = 'us-east-1') => `arn:aws:kms:${r}:${ACCOUNT}:key/${id}`;

function account(second: { kmsKeyId?: string } | 'sse-s3') {
  const a = simAccount(['us-east-1', 'eu-west-1']);
  addKey(a, 'us-east-1', { id: CMK, alias: 'alias/ml-data', rotation: true });
  addKey(a, 'us-east-1', { id: AWSKEY, alias: 'alias/aws/s3', manager: 'AWS' });
  addBucket(a, 'us-east-1', { name: B('us-east-1'), encryption: { algorithm: 'aws:kms', kmsKeyId: keyArn(CMK) } });
  addBucket(a, 'eu-west-1', { name: B('eu-west-1'), ...(second === 'sse-s3' ? {} : { encryption: { algorithm: 'aws:kms', ...second } }) });
  return a;
}

describe('Amazon S3 customer-managed keys for AI buckets (extension)', () => {
  it('PASS for a customer-managed key of this account (DescribeKey) or of another account', async () => {
    const run = await runOnSim(probe, account({ kmsKeyId: 'arn:aws:kms:eu-west-1:444455556666:key/abcd' }), { control: 'A.9' });
    expect(run.check.status).toBe('PASS');
    expect(resourcesOf(run)[`arn:aws:s3:::${B('us-east-1')}`][1]).toMatch(/SSE-KMS, customer-managed key arn:aws:kms:us-east-1:/);
    expect(resourcesOf(run)[`arn:aws:s3:::${B('eu-west-1')}`][1]).toMatch(/customer-managed key in account 444455556666/);
  });

  it('FAIL for SSE-S3, for SSE-KMS without a key (aws/s3) and for a key DescribeKey says is AWS managed', async () => {
    const cases: [Parameters<typeof account>[0], RegExp][] = [
      ['sse-s3', /default encryption SSE-S3 \(AES256\), not SSE-KMS$/],
      [{}, /SSE-KMS with the AWS managed key aws\/s3 \(no key named\)$/],
      [{ kmsKeyId: keyArn(AWSKEY, 'eu-west-1') }, /is AWS managed, not customer-managed$/],
    ];
    for (const [second, why] of cases) {
      const a = account(second);
      addKey(a, 'eu-west-1', { id: AWSKEY, manager: 'AWS' });
      const run = await runOnSim(probe, a, { control: 'A.9' });
      expect(run.check.status).toBe('FAIL');
      expect(resourcesOf(run)[`arn:aws:s3:::${B('eu-west-1')}`][1]).toMatch(why);
    }
  });

  it('partly visible: DescribeKey denied leaves that bucket undecided (ERROR naming kms:DescribeKey); an SSE-S3 bucket still fails', async () => {
    const a = account({ kmsKeyId: keyArn(CMK) });
    deny(a, 'kms', 'DescribeKey');
    const run = await runOnSim(probe, a, { control: 'A.9' });
    expect(run.check.status).toBe('ERROR');
    expect(run.check.missing?.map((c) => c.action)).toEqual(['kms:DescribeKey']);
    const b = account('sse-s3');
    deny(b, 'kms', 'DescribeKey');
    const fail = await runOnSim(probe, b, { control: 'A.9' });
    expect(fail.check.status).toBe('FAIL');
    expect(resourcesOf(fail)[`arn:aws:s3:::${B('us-east-1')}`][0]).toBe('ERROR');
  });

  it('classifies a key by its name where the name tells', () => {
    expect('t' in keyByName(undefined, ACCOUNT) && keyByName(undefined, ACCOUNT)).toMatchObject({ t: { v: 'F' } });
    expect(keyByName('alias/aws/s3', ACCOUNT)).toMatchObject({ t: { v: 'F' } });
    expect(keyByName(`arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/s3`, ACCOUNT)).toMatchObject({ t: { v: 'F' } });
    expect(keyByName(keyArn(CMK), ACCOUNT)).toEqual({ describe: { keyId: CMK, region: 'us-east-1' } });
    expect(keyByName('alias/ml-data', ACCOUNT)).toEqual({ describe: { keyId: 'alias/ml-data' } });
  });
});
