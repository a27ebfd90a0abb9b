import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeEndpointCommand, DescribeEndpointConfigCommand, DescribeModelCommand, ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/sagemaker-multi-az.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
const ec2 = mockClient(EC2Client);
afterEach(() => {
  sm.reset();
  ec2.reset();
});

const arn = (n: string) => `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${n}`;

function endpoint(name: string, o: { count?: number; serverless?: boolean; subnets?: string[] } = {}) {
  sm.on(DescribeEndpointCommand, { EndpointName: name }).resolves({
    EndpointName: name,
    EndpointArn: arn(name),
    EndpointStatus: 'InService',
    EndpointConfigName: `${name}-cfg`,
    ProductionVariants: [{ VariantName: 'AllTraffic', ...(o.serverless ? { CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } } : { CurrentInstanceCount: o.count ?? 2 }) }],
    CreationTime: NOW,
    LastModifiedTime: NOW,
  });
  sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: `${name}-cfg` }).resolves({ EndpointConfigName: `${name}-cfg`, EndpointConfigArn: 'x', ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: `${name}-m`, InitialInstanceCount: o.count ?? 2 }], CreationTime: NOW });
  sm.on(DescribeModelCommand, { ModelName: `${name}-m` }).resolves({ ModelName: `${name}-m`, ModelArn: 'm', CreationTime: NOW, ...(o.subnets ? { VpcConfig: { Subnets: o.subnets, SecurityGroupIds: ['sg-1'] } } : {}) });
  return { EndpointName: name, EndpointArn: arn(name), EndpointStatus: 'InService' as const, CreationTime: NOW, LastModifiedTime: NOW };
}

describe('Amazon SageMaker Multi-AZ probe', () => {
  it('PASS: two instances per variant and VPC subnets in two AZs; endpoints listed over two pages', async () => {
    const a = endpoint('churn', { subnets: ['subnet-b', 'subnet-a'] });
    const b = endpoint('sls', { serverless: true });
    sm.on(ListEndpointsCommand).resolvesOnce({ Endpoints: [a], NextToken: 'p2' }).resolves({ Endpoints: [b] });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-a', AvailabilityZone: 'us-east-1a' }, { SubnetId: 'subnet-b', AvailabilityZone: 'us-east-1b' }] });
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('PASS');
    expect(check.resources.map((r) => [r.id, r.status, r.reason])).toEqual([
      [arn('churn'), 'PASS', 'endpoint churn: variant AllTraffic 2 instances, subnets in us-east-1a, us-east-1b'],
      [arn('sls'), 'PASS', 'endpoint sls: variant AllTraffic serverless (AZs managed by SageMaker)'],
    ]);
    expect(ec2.commandCalls(DescribeSubnetsCommand)[0].args[0].input).toEqual({ SubnetIds: ['subnet-a', 'subnet-b'] });
  });

  it('FAIL(MISCONFIGURED): one instance, or subnets in a single AZ — each endpoint with its own reason', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('single', { count: 1 }), endpoint('onezone', { subnets: ['subnet-a', 'subnet-c'] })] });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-a', AvailabilityZone: 'us-east-1a' }, { SubnetId: 'subnet-c', AvailabilityZone: 'us-east-1a' }] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    const byId = Object.fromEntries(check.resources.map((r) => [r.id, r.reason]));
    expect(byId[arn('single')]).toBe('endpoint single: variant AllTraffic runs 1 instance');
    expect(byId[arn('onezone')]).toBe('endpoint onezone: VPC subnets all in us-east-1a');
    expect(check.warnings).toContain('endpoint single: config single-cfg starts variant AllTraffic with 1 instance');
  });

  it('MANUAL(PARTIAL) when a subnet no longer exists', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('churn', { subnets: ['subnet-gone'] })] });
    ec2.on(DescribeSubnetsCommand).rejects(awsError('InvalidSubnetID.NotFound', "The subnet ID 'subnet-gone' does not exist"));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.resources[0].reason).toMatch(/subnet-gone could not all be found/);
  });

  it('NOT_APPLICABLE without in-service endpoints', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'x', EndpointArn: arn('x'), EndpointStatus: 'Creating', CreationTime: NOW, LastModifiedTime: NOW }] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no in-service SageMaker endpoints in this region');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('churn', { subnets: ['subnet-a'] })] });
    ec2.on(DescribeSubnetsCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/ec2:DescribeSubnets/);
  });

  // Issue 15: the live instance count decides without the config or models.
  it('FAIL from a one-instance variant while DescribeModel is refused; a two-instance sibling is ERROR (its subnets are unknown)', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('single', { count: 1 }), endpoint('pair', { count: 2 })] });
    sm.on(DescribeModelCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.resources.map((r) => [r.id, r.status])).toEqual([[arn('pair'), 'ERROR'], [arn('single'), 'FAIL']]);
    expect(check.resources[0].missing?.map((m) => m.action)).toEqual(['sagemaker:DescribeModel']);
  });
});
