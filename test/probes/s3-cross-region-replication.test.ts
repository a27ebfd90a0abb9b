import { GetBucketLocationCommand, GetBucketReplicationCommand, GetBucketVersioningCommand, ListBucketsCommand, type ReplicationRule } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/s3-cross-region-replication.js';
import { awsError, runProbe } from '../helpers.js';
import { arn, buckets, mocks, plainBucket, regionOf, resetAll, sagemakerModels } from './s3-fixtures.js';

afterEach(resetAll);
const { s3 } = mocks;

function replicates(bucket: string, rules: Partial<ReplicationRule>[], versioning: 'Enabled' | 'Suspended' = 'Enabled'): void {
  s3.on(GetBucketVersioningCommand, { Bucket: bucket }).resolves({ Status: versioning });
  s3.on(GetBucketReplicationCommand, { Bucket: bucket }).resolves({
    ReplicationConfiguration: { Role: 'arn:aws:iam::123456789012:role/replication', Rules: rules.map((r, i) => ({ ID: `r${i + 1}`, Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::dr' }, ...r }) as ReplicationRule) },
  });
}

describe('Amazon S3 Cross-Region Replication probe (A.15)', () => {
  it('PASS: the AI bucket replicates to a bucket in another region; listing paged; calls go to the bucket region', async () => {
    s3.on(ListBucketsCommand).resolvesOnce({ Buckets: [{ Name: 'ai-models', BucketRegion: 'us-west-2' }], ContinuationToken: 'p2' }).resolves({ Buckets: [{ Name: 'ai-models-dr', BucketRegion: 'eu-west-1' }] });
    sagemakerModels({ churn: 's3://ai-models/churn.tar.gz' });
    replicates('ai-models', [{ Destination: { Bucket: 'arn:aws:s3:::ai-models-dr', ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } } } }]);
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 1 AI bucket(s) replicate to another region');
    expect(check.resources).toEqual([
      { id: arn('ai-models'), region: 'us-west-2', status: 'PASS', reason: 'bucket ai-models (us-west-2; SageMaker model churn (us-east-1)): replicated to ai-models-dr in eu-west-1, with Replication Time Control' },
    ]);
    expect(await regionOf(s3.commandCalls(GetBucketReplicationCommand)[0])).toBe('us-west-2');
    // The destination is listed with its region: located only the referenced bucket (the AI scope does, whatever ListBuckets says).
    expect(s3.commandCalls(GetBucketLocationCommand).map((c) => c.args[0].input.Bucket)).toEqual(['ai-models']);
  });

  it('FAIL(NOT_ENABLED) on ReplicationConfigurationNotFoundError', async () => {
    buckets({ 'ai-models': 'us-east-1' });
    sagemakerModels({ churn: 's3://ai-models/x' });
    plainBucket('ai-models');
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.resources[0].reason).toMatch(/: versioning never enabled, no replication configuration$/);
  });

  it('FAIL(MISCONFIGURED): same-region destination, disabled rule, suspended versioning', async () => {
    buckets({ a: 'us-east-1', b: 'us-east-1', c: 'us-east-1', dr: 'us-east-1' });
    sagemakerModels({ ma: 's3://a/x', mb: 's3://b/x', mc: 's3://c/x' });
    replicates('a', [{}]);
    replicates('b', [{ Status: 'Disabled', Destination: { Bucket: 'arn:aws:s3:::far' } }]);
    replicates('c', [{ Destination: { Bucket: 'arn:aws:s3:::far' } }], 'Suspended');
    s3.on(GetBucketLocationCommand, { Bucket: 'far' }).resolves({ LocationConstraint: 'EU' });
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources.map((r) => r.reason.split('): ')[1])).toEqual(['replicates only within us-east-1', 'all 1 replication rule(s) disabled', 'versioning suspended']);
  });

  it('reads a foreign destination region with GetBucketLocation (legacy "EU" is eu-west-1)', async () => {
    buckets({ a: 'us-east-1' });
    sagemakerModels({ ma: 's3://a/x' });
    replicates('a', [{ Destination: { Bucket: 'arn:aws:s3:::far', Account: '210987654321' } }]);
    s3.on(GetBucketLocationCommand, { Bucket: 'far' }).resolves({ LocationConstraint: 'EU' });
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('PASS');
    expect(check.resources[0].reason).toMatch(/replicated to far in eu-west-1 \(account 210987654321\)$/);
  });

  it('MANUAL when the destination is in another account that refuses GetBucketLocation', async () => {
    buckets({ a: 'us-east-1' });
    sagemakerModels({ ma: 's3://a/x' });
    replicates('a', [{ Destination: { Bucket: 'arn:aws:s3:::vault', Account: '210987654321' } }]);
    s3.on(GetBucketLocationCommand, { Bucket: 'vault' }).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.resources[0].reason).toMatch(/replicates to vault, whose region cannot be read/);
  });

  it('NOT_APPLICABLE without buckets', async () => {
    buckets({});
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('ERROR naming s3:GetReplicationConfiguration on AccessDenied', async () => {
    buckets({ a: 'us-east-1' });
    sagemakerModels({ ma: 's3://a/x' });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    s3.on(GetBucketReplicationCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/s3:GetReplicationConfiguration/);
  });
});
