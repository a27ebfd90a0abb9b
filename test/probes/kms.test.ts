import { DecryptCommand, DescribeKeyCommand, GenerateDataKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { DescribeEndpointCommand, DescribeEndpointConfigCommand, ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/kms.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const kms = mockClient(KMSClient);
const sm = mockClient(SageMakerClient);
afterEach(() => [kms, sm].forEach((m) => m.reset()));

const K = (id: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;
const meta = (id: string, extra: object = {}) => ({ KeyMetadata: { KeyId: id, Arn: K(id), KeyManager: 'CUSTOMER' as const, KeyState: 'Enabled' as const, KeySpec: 'SYMMETRIC_DEFAULT' as const, Origin: 'AWS_KMS' as const, Enabled: true, ...extra } });

describe('AWS KMS probe', () => {
  it('PASS: customer keys rotate, AWS-managed keys skipped by alias, keys listed across Marker → NextMarker pages', async () => {
    kms.on(ListKeysCommand).resolvesOnce({ Keys: [{ KeyId: 'k1', KeyArn: K('k1') }, { KeyId: 'aws1', KeyArn: K('aws1') }], Truncated: true, NextMarker: 'm2' }).resolves({ Keys: [{ KeyId: 'k2', KeyArn: K('k2') }], Truncated: false });
    kms.on(ListAliasesCommand).resolves({ Aliases: [{ AliasName: 'alias/aws/s3', TargetKeyId: 'aws1' }, { AliasName: 'alias/ml-data', TargetKeyId: 'k1' }] });
    kms.on(DescribeKeyCommand, { KeyId: 'k1' }).resolves(meta('k1'));
    kms.on(DescribeKeyCommand, { KeyId: 'k2' }).resolves(meta('k2', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    kms.on(GetKeyRotationStatusCommand, { KeyId: 'k1' }).resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 1 enabled customer-managed symmetric key(s) rotate automatically');
    expect(check.resources.map((r) => [r.id, r.status, r.reason])).toEqual([
      [K('k1'), 'PASS', 'key alias/ml-data (k1): rotates every 365 days'],
      [K('k2'), 'NOT_APPLICABLE', 'key k2: RSA_2048, automatic rotation not supported'],
    ]);
    expect(kms.commandCalls(ListKeysCommand).map((c) => c.args[0].input)).toEqual([{}, { Marker: 'm2' }]);
    expect(kms.commandCalls(DescribeKeyCommand).map((c) => c.args[0].input.KeyId).sort()).toEqual(['k1', 'k2']);
    expect(kms.commandCalls(GetKeyRotationStatusCommand).length).toBe(1);
    expect(kms.commandCalls(DecryptCommand).length + kms.commandCalls(GenerateDataKeyCommand).length).toBe(0);
  });

  it('FAIL(MISCONFIGURED): a key without rotation and an endpoint config without a customer-managed key', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [{ KeyId: 'k1' }, { KeyId: 'k2' }] });
    kms.on(DescribeKeyCommand, { KeyId: 'k1' }).resolves(meta('k1'));
    kms.on(DescribeKeyCommand, { KeyId: 'k2' }).resolves(meta('k2'));
    kms.on(GetKeyRotationStatusCommand, { KeyId: 'k1' }).resolves({ KeyRotationEnabled: true });
    kms.on(GetKeyRotationStatusCommand, { KeyId: 'k2' }).resolves({ KeyRotationEnabled: false });
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [
      { EndpointName: 'churn-predictor', EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/churn-predictor`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() },
      { EndpointName: 'fraud', EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/fraud`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() },
    ] });
    sm.on(DescribeEndpointCommand, { EndpointName: 'churn-predictor' }).resolves({ EndpointName: 'churn-predictor', EndpointConfigName: 'churn-cfg' });
    sm.on(DescribeEndpointCommand, { EndpointName: 'fraud' }).resolves({ EndpointName: 'fraud', EndpointConfigName: 'fraud-cfg' });
    sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: 'churn-cfg' }).resolves({ EndpointConfigName: 'churn-cfg', KmsKeyId: K('k1') });
    sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: 'fraud-cfg' }).resolves({ EndpointConfigName: 'fraud-cfg' });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('2 finding(s): key k2: automatic rotation off; endpoint fraud: endpoint config fraud-cfg has no customer-managed KMS key');
    expect(check.resources.find((r) => r.id.endsWith('endpoint/churn-predictor'))?.reason).toBe(`endpoint churn-predictor: endpoint config churn-cfg encrypted with ${K('k1')}`);
  });

  it('an endpoint config on the AWS-managed SageMaker key is a finding', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [{ KeyId: 'aws-sm' }] });
    kms.on(ListAliasesCommand).resolves({ Aliases: [{ AliasName: 'alias/aws/sagemaker', TargetKeyId: 'aws-sm' }] });
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'e1', EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/e1`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] });
    sm.on(DescribeEndpointCommand).resolves({ EndpointName: 'e1', EndpointConfigName: 'e1-cfg' });
    sm.on(DescribeEndpointConfigCommand).resolves({ EndpointConfigName: 'e1-cfg', KmsKeyId: K('aws-sm') });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('FAIL');
    expect(check.resources).toEqual([{ id: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/e1`, region: 'us-east-1', status: 'FAIL', reason: 'endpoint e1: endpoint config e1-cfg uses an AWS-managed key' }]);
    expect(kms.commandCalls(DescribeKeyCommand).length).toBe(0);
  });

  it('per-key ERROR (not FAIL) when a key policy does not delegate to IAM', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [{ KeyId: 'k1' }, { KeyId: 'locked' }] });
    kms.on(DescribeKeyCommand, { KeyId: 'k1' }).resolves(meta('k1'));
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
    kms.on(DescribeKeyCommand, { KeyId: 'locked' }).rejects(awsError('AccessDeniedException', 'not authorized', 400));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/^1 customer-managed key\(s\) could not be read: key locked: not readable \(access denied: the scan role lacks kms:DescribeKey/);
    expect(check.resources.map((r) => r.status)).toEqual(['PASS', 'ERROR']);
  });

  it('UnsupportedOperationException on rotation status is not a finding', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [{ KeyId: 'k1' }] });
    kms.on(DescribeKeyCommand).resolves(meta('k1'));
    kms.on(GetKeyRotationStatusCommand).rejects(awsError('UnsupportedOperationException', 'not supported', 400));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.resources[0].reason).toBe('key k1: KMS reports rotation unsupported');
  });

  it('NOT_APPLICABLE with only AWS-managed keys and no endpoints', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [{ KeyId: 'aws1' }] });
    kms.on(DescribeKeyCommand).resolves(meta('aws1', { KeyManager: 'AWS' }));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no enabled customer-managed symmetric keys and no in-service SageMaker endpoints in this region');
    expect(kms.commandCalls(GetKeyRotationStatusCommand).length).toBe(0);
  });

  it('ERROR naming the IAM action on AccessDenied for ListKeys', async () => {
    kms.on(ListKeysCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/kms:ListKeys/);
  });

  // Issue 16: the KMS probe judges endpoint storage with the same rule as the Endpoints probe.
  it('PASS: an endpoint config on ml.p4d (local NVMe, hardware-encrypted) needs no customer-managed key', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [{ KeyId: 'k1' }] });
    kms.on(DescribeKeyCommand).resolves(meta('k1'));
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'llm', EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/llm`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] });
    sm.on(DescribeEndpointCommand).resolves({ EndpointName: 'llm', EndpointConfigName: 'llm-cfg', ProductionVariants: [{ VariantName: 'v', CurrentInstanceCount: 2 }] });
    sm.on(DescribeEndpointConfigCommand).resolves({ EndpointConfigName: 'llm-cfg', ProductionVariants: [{ VariantName: 'v', InstanceType: 'ml.p4d.24xlarge' }] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('PASS');
    expect(check.resources.find((r) => r.id.endsWith('endpoint/llm'))).toMatchObject({ status: 'PASS', reason: 'endpoint llm: storage encrypted by the instance hardware (local NVMe storage, AWS accepts no KMS key for it): ml.p4d.24xlarge' });
  });

  // Issue 15: an unreadable endpoint config does not hide a key without rotation.
  it('FAIL from a key without rotation while the endpoint config is unreadable (that endpoint ERROR)', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [{ KeyId: 'k2' }] });
    kms.on(DescribeKeyCommand).resolves(meta('k2'));
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'e1', EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/e1`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] });
    sm.on(DescribeEndpointCommand).resolves({ EndpointName: 'e1', EndpointConfigName: 'e1-cfg', ProductionVariants: [{ VariantName: 'v' }] });
    sm.on(DescribeEndpointConfigCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('FAIL');
    expect(check.reason).toBe('1 finding(s): key k2: automatic rotation off');
    expect(check.resources.find((r) => r.id.endsWith('endpoint/e1'))?.status).toBe('ERROR');
  });
});
