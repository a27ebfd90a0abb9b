import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand } from '@aws-sdk/client-application-auto-scaling';
import { DescribeEndpointCommand, DescribeEndpointConfigCommand, ListEndpointsCommand, SageMakerClient, type EndpointStatus } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/sagemaker-endpoints.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
const aas = mockClient(ApplicationAutoScalingClient);
afterEach(() => {
  sm.reset();
  aas.reset();
});

const arn = (n: string) => `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${n}`;
const summary = (name: string, status: EndpointStatus = 'InService') => ({ EndpointName: name, EndpointArn: arn(name), EndpointStatus: status, CreationTime: NOW, LastModifiedTime: NOW });

function endpoint(name: string, o: { kms?: boolean; serverless?: boolean; rollback?: boolean; configGone?: boolean; instanceType?: string } = {}) {
  sm.on(DescribeEndpointCommand, { EndpointName: name }).resolves({
    EndpointName: name,
    EndpointArn: arn(name),
    EndpointStatus: 'InService',
    EndpointConfigName: `${name}-cfg`,
    ProductionVariants: [{ VariantName: 'AllTraffic', CurrentInstanceCount: 2, ...(o.serverless ? { CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } } : {}) }],
    ...(o.rollback ? { LastDeploymentConfig: { AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'errors' }] } } } : {}),
    CreationTime: NOW,
    LastModifiedTime: NOW,
  });
  const cfg = sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: `${name}-cfg` });
  if (o.configGone) cfg.rejects(awsError('ValidationException', `Could not find endpoint configuration "${name}-cfg".`));
  else cfg.resolves({ EndpointConfigName: `${name}-cfg`, EndpointConfigArn: 'x', ProductionVariants: [{ VariantName: 'AllTraffic', ...(o.instanceType ? { InstanceType: o.instanceType as 'ml.g5.xlarge' } : {}) }], CreationTime: NOW, ...(o.kms ? { KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' } : {}) });
  return summary(name);
}

const target = (name: string) => ({ ServiceNamespace: 'sagemaker' as const, ResourceId: `endpoint/${name}/variant/AllTraffic`, ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' as const, MinCapacity: 2, MaxCapacity: 6, RoleARN: 'r', CreationTime: NOW });
const policy = (name: string) => ({ PolicyARN: 'p', PolicyName: `${name}-tt`, ServiceNamespace: 'sagemaker' as const, ResourceId: `endpoint/${name}/variant/AllTraffic`, ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' as const, PolicyType: 'TargetTrackingScaling' as const, CreationTime: NOW });

describe('Amazon SageMaker Endpoints probe', () => {
  it('PASS: auto-scaled, KMS-encrypted endpoints; scaling targets read over two pages', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('churn', { kms: true, rollback: true }), endpoint('fraud', { kms: true, rollback: true })] });
    aas.on(DescribeScalableTargetsCommand).resolvesOnce({ ScalableTargets: [target('churn')], NextToken: 'n2' }).resolves({ ScalableTargets: [target('fraud')] });
    aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [policy('churn'), policy('fraud')] });
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 2 in-service endpoint(s) auto-scale and encrypt their storage');
    expect(check.resources).toContainEqual({ id: arn('churn'), region: 'us-east-1', status: 'PASS', reason: 'endpoint churn: KMS key set, auto scaling AllTraffic 2–6 instances' });
    expect(aas.commandCalls(DescribeScalableTargetsCommand).length).toBe(2);
    expect(aas.commandCalls(DescribeScalableTargetsCommand)[0].args[0].input).toEqual({ ServiceNamespace: 'sagemaker' });
    expect(check.warnings).toEqual([]);
  });

  it('FAIL(MISCONFIGURED) per endpoint: no KMS, no scaling, a failed endpoint; rollback alarms are a warning', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('churn', { kms: true }), endpoint('plain'), summary('broken', 'Failed'), summary('new', 'Creating')] });
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target('churn')] });
    aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toMatch(/^3 of 3 endpoint\(s\) fall short/);
    const byId = Object.fromEntries(check.resources.map((r) => [r.id, [r.status, r.reason]]));
    expect(byId[arn('churn')]).toEqual(['FAIL', 'endpoint churn: variant AllTraffic has a scalable target but no scaling policy']);
    expect(byId[arn('plain')]).toEqual(['FAIL', 'endpoint plain: endpoint config plain-cfg has no KMS key, variant AllTraffic has no auto scaling target']);
    expect(byId[arn('broken')]).toEqual(['FAIL', 'endpoint broken: status Failed']);
    expect(byId[arn('new')]).toEqual(['NOT_APPLICABLE', 'endpoint new: Creating, judged once in service']);
    expect(check.warnings).toContain('endpoint plain: no auto-rollback alarms on its last deployment');
  });

  it('serverless endpoints need neither a KMS key nor auto scaling, and skip the auto scaling calls', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('sls', { serverless: true, rollback: true })] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('PASS');
    expect(check.resources[0].reason).toBe('endpoint sls: serverless (no instance volumes to encrypt)');
    expect(aas.commandCalls(DescribeScalableTargetsCommand).length).toBe(0);
  });

  it('MANUAL(PARTIAL) when the endpoint config was deleted and its KMS key cannot be read', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('orphan', { configGone: true, rollback: true })] });
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target('orphan')] });
    aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [policy('orphan')] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.reason).toMatch(/endpoint config orphan-cfg no longer exists/);
  });

  it('NOT_APPLICABLE without endpoints', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no SageMaker endpoints in this region');
  });

  it('ERROR naming the IAM action when auto scaling is denied', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('churn', { kms: true })] });
    aas.on(DescribeScalableTargetsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/application-autoscaling:DescribeScalableTargets/);
  });

  // Issue 16: a config on an instance type with local NVMe storage cannot take a KMS key (CreateEndpointConfig fails).
  it('PASS: an endpoint on ml.g5 without a KMS key is hardware-encrypted; the same on ml.m5 fails', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('gpu', { rollback: true, instanceType: 'ml.g5.xlarge' }), endpoint('cpu', { rollback: true, instanceType: 'ml.m5.xlarge' })] });
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target('gpu'), target('cpu')] });
    aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [policy('gpu'), policy('cpu')] });
    const { check } = await runProbe(probe);
    const byId = Object.fromEntries(check.resources.map((r) => [r.id, [r.status, r.reason]]));
    expect(byId[arn('gpu')]).toEqual(['PASS', 'endpoint gpu: storage encrypted by the instance hardware (local NVMe storage, AWS accepts no KMS key for it): ml.g5.xlarge, auto scaling AllTraffic 2–6 instances']);
    expect(byId[arn('cpu')]).toEqual(['FAIL', 'endpoint cpu: endpoint config cpu-cfg has no KMS key']);
    expect(check.status).toBe('FAIL');
  });

  // Issue 15: a denied DescribeEndpointConfig leaves only the KMS part of that endpoint unknown.
  it('FAIL from a missing scaling target although the config could not be read; a scaled sibling is ERROR, not lost', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('unscaled', { rollback: true }), endpoint('scaled', { rollback: true })] });
    sm.on(DescribeEndpointConfigCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target('scaled')] });
    aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [policy('scaled')] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    const byId = Object.fromEntries(check.resources.map((r) => [r.id, r.status]));
    expect(byId).toEqual({ [arn('unscaled')]: 'FAIL', [arn('scaled')]: 'ERROR' });
    expect(check.resources.find((r) => r.id === arn('scaled'))?.missing?.map((m) => m.action)).toEqual(['sagemaker:DescribeEndpointConfig']);
  });

  it('ERROR naming sagemaker:DescribeEndpoint when the only failing evidence is an unreadable endpoint', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('ok', { kms: true, rollback: true }), summary('hidden')] });
    sm.on(DescribeEndpointCommand, { EndpointName: 'hidden' }).rejects(awsError('AccessDeniedException', 'denied', 403));
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target('ok')] });
    aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [policy('ok')] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['sagemaker:DescribeEndpoint']);
    expect(check.resources.map((r) => [r.id, r.status])).toEqual([[arn('hidden'), 'ERROR'], [arn('ok'), 'PASS']]);
  });
});
