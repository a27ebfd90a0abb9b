import { BedrockClient, ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeSubnetsCommand, DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListHostedZonesByVPCCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import {
  DescribeDomainCommand,
  DescribeModelCommand,
  DescribeNotebookInstanceCommand,
  ListDomainsCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  ListNotebookInstancesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { shortService } from '../../checks/probes/privatelink.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const ec2 = mockClient(EC2Client);
const sm = mockClient(SageMakerClient);
const br = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
const r53 = mockClient(Route53Client);
afterEach(() => [ec2, sm, br, cw, r53].forEach((m) => m.reset()));

const svc = (s: string) => `com.amazonaws.us-east-1.${s}`;
const vpce = (id: string, vpc: string, service: string, extra: object = {}) => ({
  VpcEndpointId: id,
  VpcId: vpc,
  ServiceName: svc(service),
  VpcEndpointType: 'Interface' as const,
  State: 'Available' as const,
  PrivateDnsEnabled: true,
  SubnetIds: ['subnet-a', 'subnet-b'],
  ...extra,
});
const s3Gateway = (vpc: string) => ({ VpcEndpointId: `vpce-s3-${vpc}`, VpcId: vpc, ServiceName: svc('s3'), VpcEndpointType: 'Gateway' as const, State: 'available' as never });

/** A VpcOnly domain in vpc-1 and a notebook in subnet-a (vpc-1). */
function sagemakerInVpc() {
  sm.on(ListDomainsCommand).resolves({ Domains: [{ DomainId: 'd-1', DomainName: 'studio' }] });
  sm.on(DescribeDomainCommand).resolves({ DomainId: 'd-1', DomainName: 'studio', VpcId: 'vpc-1', AppNetworkAccessType: 'VpcOnly' });
  sm.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [{ NotebookInstanceName: 'nb1', NotebookInstanceArn: 'a', CreationTime: new Date(), LastModifiedTime: new Date() }] });
  sm.on(DescribeNotebookInstanceCommand).resolves({ NotebookInstanceName: 'nb1', SubnetId: 'subnet-a' });
  ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-a', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1a' }, { SubnetId: 'subnet-b', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1b' }] });
}

describe('AWS PrivateLink probe', () => {
  it('NOT_APPLICABLE without an AI footprint', async () => {
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('NOT_APPLICABLE');
    // Read whatever the footprint says (one call), so a replay has it when the footprint is unknown;
    // the old expectation (no call) made replays lack the answer.
    expect(ec2.commandCalls(DescribeVpcEndpointsCommand).length).toBe(1);
  });

  it('PASS: the AI VPC has sagemaker.api, sagemaker.runtime (private DNS, two AZs) and S3; endpoints listed across pages; subnets looked up by filter', async () => {
    sagemakerInVpc();
    ec2.on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [vpce('vpce-api', 'vpc-1', 'sagemaker.api')], NextToken: 'v2' })
      .resolves({ VpcEndpoints: [vpce('vpce-rt', 'vpc-1', 'sagemaker.runtime'), s3Gateway('vpc-1')] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('PASS');
    expect(check.resources).toEqual([{ id: 'vpc-1', region: 'us-east-1', status: 'PASS', reason: 'vpc-1 (domain studio, notebook nb1): sagemaker.api, sagemaker.runtime, s3 endpoints available with private DNS' }]);
    expect(check.warnings).toEqual([]);
    expect(ec2.commandCalls(DescribeVpcEndpointsCommand).length).toBe(2);
    expect(ec2.commandCalls(DescribeSubnetsCommand)[0].args[0].input).toEqual({ Filters: [{ Name: 'subnet-id', Values: ['subnet-a', 'subnet-b'] }] });
  });

  it('FAIL(MISCONFIGURED) names the VPC, its AI resources and the missing endpoints', async () => {
    sagemakerInVpc();
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'churn-model', ModelArn: 'm', CreationTime: new Date() }] });
    sm.on(DescribeModelCommand).resolves({ ModelName: 'churn-model', VpcConfig: { Subnets: ['subnet-a'], SecurityGroupIds: ['sg'] } });
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [vpce('vpce-api', 'vpc-1', 'sagemaker.api', { PrivateDnsEnabled: false, SubnetIds: ['subnet-a'] })] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources).toEqual([
      { id: 'vpc-1', region: 'us-east-1', status: 'FAIL', reason: 'vpc-1 (domain studio, model churn-model, notebook nb1): missing sagemaker.api, sagemaker.runtime, s3 (sagemaker.api present without private DNS)' },
    ]);
  });

  it('Bedrock in use with no Bedrock endpoint anywhere: MANUAL(PARTIAL), callers\' VPCs are unknown', async () => {
    br.on(ListGuardrailsCommand).resolves({ guardrails: [{ id: 'g', arn: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/g', name: 'g', status: 'READY', version: 'DRAFT', createdAt: new Date(), updatedAt: new Date() }] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.reason).toMatch(/^Bedrock is used in this region but no VPC has a Bedrock endpoint/);
  });

  it('Bedrock in use: a VPC with bedrock and bedrock-runtime endpoints passes', async () => {
    br.on(ListGuardrailsCommand).resolves({ guardrails: [{ id: 'g', arn: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/g', name: 'g', status: 'READY', version: 'DRAFT', createdAt: new Date(), updatedAt: new Date() }] });
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [vpce('vpce-b', 'vpc-9', 'bedrock'), vpce('vpce-br', 'vpc-9', 'bedrock-runtime')] });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-a', VpcId: 'vpc-9', AvailabilityZone: 'us-east-1a' }, { SubnetId: 'subnet-b', VpcId: 'vpc-9', AvailabilityZone: 'us-east-1b' }] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('PASS');
    // Issue 16: bedrock-runtime is what invocation traffic needs; the old text listed the control plane too.
    expect(check.resources[0].reason).toBe('vpc-9 (Bedrock endpoints): bedrock-runtime endpoints available with private DNS');
  });

  it('NOT_APPLICABLE when no AI resource is in a VPC; a PublicInternetOnly domain is a warning', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'e', EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/e`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] });
    sm.on(ListDomainsCommand).resolves({ Domains: [{ DomainId: 'd-2', DomainName: 'open' }] });
    sm.on(DescribeDomainCommand).resolves({ DomainId: 'd-2', DomainName: 'open', VpcId: 'vpc-7', AppNetworkAccessType: 'PublicInternetOnly' });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no AI resource in us-east-1 is attached to a VPC and Bedrock is not in use');
    expect(check.warnings).toEqual(['AI resources outside any VPC (not covered by VPC endpoints): domain open (PublicInternetOnly)']);
  });

  it('ERROR naming the IAM action on UnauthorizedOperation', async () => {
    sagemakerInVpc();
    ec2.on(DescribeVpcEndpointsCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/ec2:DescribeVpcEndpoints/);
  });

  it('shortens service names for any partition prefix', () => {
    expect(shortService('com.amazonaws.us-east-1.sagemaker.runtime', 'us-east-1')).toBe('sagemaker.runtime');
    expect(shortService('cn.com.amazonaws.cn-north-1.s3', 'cn-north-1')).toBe('s3');
  });

  // Issue 16: centralised (hub) endpoints shared through Route 53 private hosted zones, and shared VPCs.
  const zone = (id: string, name: string, owner = ACCOUNT) => ({ HostedZoneId: id, Name: `${name}.`, Owner: { OwningAccount: owner } });
  const alias = (name: string, vpceId: string) => ({ ResourceRecordSets: [{ Name: `${name}.`, Type: 'A' as const, AliasTarget: { HostedZoneId: 'Z1', DNSName: `${vpceId}-abcd1234.${name.split('.')[0]}.vpce.amazonaws.com.`, EvaluateTargetHealth: false } }] });
  const API = 'api.sagemaker.us-east-1.amazonaws.com';
  const RT = 'runtime.sagemaker.us-east-1.amazonaws.com';

  it('PASS: sagemaker endpoints in a hub VPC of this account, reached through private hosted zones associated with the workload VPC', async () => {
    sagemakerInVpc();
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [vpce('vpce-hubapi', 'vpc-hub', 'sagemaker.api', { PrivateDnsEnabled: false }), vpce('vpce-hubrt', 'vpc-hub', 'sagemaker.runtime', { PrivateDnsEnabled: false }), s3Gateway('vpc-1')] });
    r53.on(ListHostedZonesByVPCCommand).resolves({ HostedZoneSummaries: [zone('Z-API', API), zone('Z-RT', RT)] });
    r53.on(ListResourceRecordSetsCommand, { HostedZoneId: 'Z-API' }).resolves(alias(API, 'vpce-hubapi'));
    r53.on(ListResourceRecordSetsCommand, { HostedZoneId: 'Z-RT' }).resolves(alias(RT, 'vpce-hubrt'));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('PASS');
    expect(check.resources[0].reason).toBe(
      `vpc-1 (domain studio, notebook nb1): sagemaker.api, sagemaker.runtime, s3 endpoints available with private DNS (sagemaker.api via hub endpoint vpce-hubapi in vpc-hub (private hosted zone ${API}); sagemaker.runtime via hub endpoint vpce-hubrt in vpc-hub (private hosted zone ${RT}))`,
    );
    expect(r53.commandCalls(ListHostedZonesByVPCCommand)[0].args[0].input).toEqual({ VPCId: 'vpc-1', VPCRegion: 'us-east-1', MaxItems: 100 });
  });

  it('MANUAL (never FAIL) when the hub zones belong to another account: attest the hub endpoints', async () => {
    sagemakerInVpc();
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [s3Gateway('vpc-1')] });
    r53.on(ListHostedZonesByVPCCommand).resolves({ HostedZoneSummaries: [zone('Z-API', API, '999999999999'), zone('Z-RT', RT, '999999999999')] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.reason).toMatch(/sagemaker\.api: private hosted zone api\.sagemaker\.us-east-1\.amazonaws\.com \(Z-API\) of 999999999999 is associated: attest the hub endpoint it resolves to/);
    expect(r53.commandCalls(ListResourceRecordSetsCommand).length).toBe(0);
  });

  it('MANUAL for a VPC shared by another account (its endpoints belong to the owner)', async () => {
    sagemakerInVpc();
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-a', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1a', OwnerId: '999999999999' }] });
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('MANUAL');
    expect(check.resources[0]).toMatchObject({ id: 'vpc-1', status: 'MANUAL' });
    expect(check.resources[0].reason).toMatch(/vpc-1 is shared by account 999999999999, which owns its endpoints: attest them there/);
  });

  it('ERROR (not FAIL) when the VPC has no endpoint of its own and Route 53 is refused: a hub may serve it', async () => {
    sagemakerInVpc();
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [s3Gateway('vpc-1')] });
    r53.on(ListHostedZonesByVPCCommand).rejects(awsError('AccessDenied', 'not authorized', 403));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['route53:ListHostedZonesByVPC']);
  });

  it('Bedrock: bedrock-runtime alone passes; the bedrock control-plane endpoint alone does not', async () => {
    br.on(ListGuardrailsCommand).resolves({ guardrails: [{ id: 'g', arn: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/g', name: 'g', status: 'READY', version: 'DRAFT', createdAt: new Date(), updatedAt: new Date() }] });
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [vpce('vpce-br', 'vpc-9', 'bedrock-runtime'), vpce('vpce-b', 'vpc-8', 'bedrock')] });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-a', VpcId: 'vpc-9', AvailabilityZone: 'us-east-1a' }, { SubnetId: 'subnet-b', VpcId: 'vpc-9', AvailabilityZone: 'us-east-1b' }] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('FAIL');
    expect(Object.fromEntries(check.resources.map((r) => [r.id, [r.status, r.reason]]))).toEqual({
      'vpc-8': ['FAIL', 'vpc-8 (Bedrock endpoints): missing bedrock-runtime'],
      'vpc-9': ['PASS', 'vpc-9 (Bedrock endpoints): bedrock-runtime endpoints available with private DNS'],
    });
  });

  it('Bedrock through a hub: the workload VPC resolves bedrock-runtime via its hosted zone; the hub VPC is not judged as a caller; service-owned zones are ignored', async () => {
    br.on(ListGuardrailsCommand).resolves({ guardrails: [{ id: 'g', arn: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/g', name: 'g', status: 'READY', version: 'DRAFT', createdAt: new Date(), updatedAt: new Date() }] });
    sagemakerInVpc();
    const BR = 'bedrock-runtime.us-east-1.amazonaws.com';
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [vpce('vpce-api', 'vpc-1', 'sagemaker.api'), vpce('vpce-rt', 'vpc-1', 'sagemaker.runtime'), s3Gateway('vpc-1'), vpce('vpce-hubbr', 'vpc-hub', 'bedrock-runtime', { PrivateDnsEnabled: false })] });
    r53.on(ListHostedZonesByVPCCommand).resolves({ HostedZoneSummaries: [zone('Z-BR', BR), { HostedZoneId: 'Z-SVC', Name: `${API}.`, Owner: { OwningService: 'vpce.amazonaws.com' } }] });
    r53.on(ListResourceRecordSetsCommand, { HostedZoneId: 'Z-BR' }).resolves(alias(BR, 'vpce-hubbr'));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('PASS');
    expect(check.resources.map((r) => r.id)).toEqual(['vpc-1']);
    expect(check.resources[0].reason).toMatch(/; Bedrock: bedrock-runtime endpoints available with private DNS \(bedrock-runtime via hub endpoint vpce-hubbr in vpc-hub \(private hosted zone bedrock-runtime\.us-east-1\.amazonaws\.com\)\)$/);
    expect(r53.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input.HostedZoneId)).toEqual(['Z-BR']);
  });

  it('a bedrock-runtime endpoint with private DNS off in a VPC without AI resources may be a hub for other accounts: MANUAL, not FAIL', async () => {
    br.on(ListGuardrailsCommand).resolves({ guardrails: [{ id: 'g', arn: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/g', name: 'g', status: 'READY', version: 'DRAFT', createdAt: new Date(), updatedAt: new Date() }] });
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [vpce('vpce-hubbr', 'vpc-hub', 'bedrock-runtime', { PrivateDnsEnabled: false })] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('MANUAL');
    expect(check.resources).toEqual([{ id: 'vpc-hub', region: 'us-east-1', status: 'MANUAL', reason: 'vpc-hub (Bedrock endpoints): bedrock-runtime: endpoint in vpc-hub has private DNS off — if it is a hub endpoint, attest which VPCs resolve to it; otherwise enable private DNS' }]);
  });
});
