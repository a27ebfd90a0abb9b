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

function endpoint(name: string, o: { kms?: boolean; serverless?: boolean; rollback?: boolean; configGone?: boolean } = {}) {
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
  else cfg.resolves({ EndpointConfigName: `${name}-cfg`, EndpointConfigArn: 'x', ProductionVariants: [{ VariantName: 'AllTraffic' }], CreationTime: NOW, ...(o.kms ? { KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' } : {}) });
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
    expect(check.reason).toBe('all 2 in-service endpoint(s) auto-scale and use a KMS key');
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
});
