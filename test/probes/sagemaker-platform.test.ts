import {
  DescribeDomainCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeNotebookInstanceCommand,
  DescribeTrainingJobCommand,
  ListDomainsCommand,
  ListEndpointConfigsCommand,
  ListModelsCommand,
  ListNotebookInstancesCommand,
  ListTrainingJobsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/sagemaker-platform.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
afterEach(() => sm.reset());

const KMS = 'arn:aws:kms:us-east-1:123456789012:key/k';

function hardened() {
  sm.on(ListNotebookInstancesCommand)
    .resolvesOnce({ NotebookInstances: [{ NotebookInstanceName: 'nb1', NotebookInstanceArn: 'arn:nb1' }], NextToken: 'n2' })
    .resolves({ NotebookInstances: [{ NotebookInstanceName: 'nb2', NotebookInstanceArn: 'arn:nb2' }] });
  sm.on(DescribeNotebookInstanceCommand).resolves({ DirectInternetAccess: 'Disabled', RootAccess: 'Disabled', KmsKeyId: KMS, SubnetId: 'subnet-1' });
  sm.on(ListDomainsCommand).resolves({ Domains: [{ DomainId: 'd-1', DomainName: 'studio', DomainArn: 'arn:d-1' }] });
  sm.on(DescribeDomainCommand).resolves({ AppNetworkAccessType: 'VpcOnly', KmsKeyId: KMS });
  sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm1', ModelArn: 'arn:m1', CreationTime: NOW }] });
  sm.on(DescribeModelCommand).resolves({ ModelName: 'm1', ModelArn: 'arn:m1', CreationTime: NOW, EnableNetworkIsolation: true });
  sm.on(ListTrainingJobsCommand).resolves({ TrainingJobSummaries: [{ TrainingJobName: 't1', TrainingJobArn: 'arn:t1', CreationTime: NOW, TrainingJobStatus: 'Completed' }] });
  sm.on(DescribeTrainingJobCommand).resolves({
    TrainingJobName: 't1',
    TrainingJobArn: 'arn:t1',
    TrainingJobStatus: 'Completed',
    SecondaryStatus: 'Completed',
    ModelArtifacts: undefined,
    StoppingCondition: undefined,
    CreationTime: NOW,
    EnableInterContainerTrafficEncryption: true,
    VpcConfig: { Subnets: ['subnet-1'], SecurityGroupIds: ['sg'] },
    OutputDataConfig: { S3OutputPath: 's3://o', KmsKeyId: KMS },
    ResourceConfig: { VolumeKmsKeyId: KMS },
  });
  sm.on(ListEndpointConfigsCommand).resolves({ EndpointConfigs: [{ EndpointConfigName: 'c1', EndpointConfigArn: 'arn:c1', CreationTime: NOW }] });
  sm.on(DescribeEndpointConfigCommand).resolves({ EndpointConfigName: 'c1', EndpointConfigArn: 'arn:c1', KmsKeyId: KMS, ProductionVariants: [{ VariantName: 'v' }], CreationTime: NOW });
}

/** A training job without a volume KMS key on the given instance type, otherwise hardened. */
function jobOn(instanceType: string, volumeSizeInGB: number) {
  sm.on(DescribeTrainingJobCommand).resolves({
    TrainingJobName: 't1', TrainingJobArn: 'arn:t1', TrainingJobStatus: 'Completed', SecondaryStatus: 'Completed', ModelArtifacts: undefined, StoppingCondition: undefined, CreationTime: NOW,
    EnableInterContainerTrafficEncryption: true, EnableNetworkIsolation: true,
    OutputDataConfig: { S3OutputPath: 's3://o', KmsKeyId: KMS },
    ResourceConfig: { InstanceType: instanceType as 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: volumeSizeInGB },
  });
}

describe('Amazon SageMaker (platform) probe', () => {
  it('PASS when every notebook, domain, model, training job and endpoint config is locked down (notebooks over two pages)', async () => {
    hardened();
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 6 SageMaker resource(s) compliant (notebooks 0/2 non-compliant, domains 0/1 non-compliant, models 0/1 non-compliant, training jobs 0/1 non-compliant, endpoint configs 0/1 non-compliant)');
    expect(check.resources.find((r) => r.id === 'arn:nb2')).toMatchObject({ status: 'PASS', reason: 'notebook nb2: compliant' });
    expect(sm.commandCalls(ListEndpointConfigsCommand)[0].args[0].input).toEqual({ SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 });
  });

  it('FAIL(MISCONFIGURED) lists each non-compliant resource with what falls short', async () => {
    hardened();
    sm.on(DescribeNotebookInstanceCommand, { NotebookInstanceName: 'nb2' }).resolves({ DirectInternetAccess: 'Enabled', RootAccess: 'Enabled' });
    sm.on(DescribeDomainCommand).resolves({ AppNetworkAccessType: 'PublicInternetOnly', KmsKeyId: KMS });
    sm.on(DescribeModelCommand).resolves({ ModelName: 'm1', ModelArn: 'arn:m1', CreationTime: NOW });
    sm.on(DescribeEndpointConfigCommand).resolves({ EndpointConfigName: 'c1', EndpointConfigArn: 'arn:c1', ProductionVariants: [{ VariantName: 'v' }], CreationTime: NOW });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toMatch(/^notebooks 1\/2 non-compliant, domains 1\/1 non-compliant, models 1\/1 non-compliant, training jobs 0\/1 non-compliant, endpoint configs 1\/1 non-compliant: /);
    const byId = Object.fromEntries(check.resources.map((r) => [r.id, [r.status, r.reason]]));
    expect(byId['arn:nb2']).toEqual(['FAIL', 'notebook nb2: direct internet access Enabled, root access Enabled, no KMS key, not in a VPC']);
    expect(byId['arn:d-1']).toEqual(['FAIL', 'domain studio: network access PublicInternetOnly, not VpcOnly']);
    expect(byId['arn:m1']).toEqual(['FAIL', 'model m1: neither network isolation nor a VPC']);
    expect(byId['arn:c1']).toEqual(['FAIL', 'endpoint config c1: no KMS key']);
    expect(byId['arn:t1'][0]).toBe('PASS');
  });

  it('MANUAL(PARTIAL) when a capped list was cut and everything read is compliant', async () => {
    hardened();
    sm.on(ListEndpointConfigsCommand).callsFake((input: { NextToken?: string }) => {
      const page = Number(input.NextToken ?? 0);
      return { EndpointConfigs: Array.from({ length: 100 }, (_, i) => ({ EndpointConfigName: `c${page}-${i}`, EndpointConfigArn: `arn:c${page}-${i}`, CreationTime: NOW })), NextToken: String(page + 1) };
    });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.warnings).toEqual(['only the 500 newest endpoint configs were described']);
  });

  it('NOT_APPLICABLE without SageMaker resources', async () => {
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    hardened();
    sm.on(DescribeDomainCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sagemaker:DescribeDomain/);
  });

  // Issue 16: instance types with local NVMe storage are hardware-encrypted and AWS rejects a KMS key for them.
  it('PASS: a training job on ml.g5 and an endpoint config on ml.g4dn without KMS keys are hardware-encrypted (AWS rejects the key)', async () => {
    hardened();
    jobOn('ml.g5.2xlarge', 0);
    sm.on(DescribeEndpointConfigCommand).resolves({ EndpointConfigName: 'c1', EndpointConfigArn: 'arn:c1', ProductionVariants: [{ VariantName: 'v', InstanceType: 'ml.g4dn.xlarge' }], CreationTime: NOW });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('PASS');
    const byId = Object.fromEntries(check.resources.map((r) => [r.id, [r.status, r.reason]]));
    expect(byId['arn:t1']).toEqual(['PASS', 'training job t1: inter-container traffic encrypted, network isolation or VPC, output KMS-encrypted, volume encrypted by the instance hardware (local NVMe storage, AWS accepts no KMS key for it): ml.g5.2xlarge']);
    expect(byId['arn:c1']).toEqual(['PASS', 'endpoint config c1: storage encrypted by the instance hardware (local NVMe storage, AWS accepts no KMS key for it): ml.g4dn.xlarge']);
  });

  it('FAIL: the same settings on EBS-backed ml.m5 / ml.c5 instances still need KMS keys; a notebook on ml.g5 is not exempt (its volume is EBS)', async () => {
    hardened();
    jobOn('ml.m5.xlarge', 30);
    sm.on(DescribeEndpointConfigCommand).resolves({ EndpointConfigName: 'c1', EndpointConfigArn: 'arn:c1', ProductionVariants: [{ VariantName: 'v', InstanceType: 'ml.c5.xlarge' }], CreationTime: NOW });
    sm.on(DescribeNotebookInstanceCommand, { NotebookInstanceName: 'nb2' }).resolves({ DirectInternetAccess: 'Disabled', RootAccess: 'Disabled', SubnetId: 'subnet-1', InstanceType: 'ml.g5.xlarge' });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    const byId = Object.fromEntries(check.resources.map((r) => [r.id, [r.status, r.reason]]));
    expect(byId['arn:t1']).toEqual(['FAIL', 'training job t1: volume not KMS-encrypted']);
    expect(byId['arn:c1']).toEqual(['FAIL', 'endpoint config c1: no KMS key']);
    expect(byId['arn:nb2']).toEqual(['FAIL', 'notebook nb2: no KMS key']);
  });

  // Issue 16: a single-instance training job has no inter-container traffic to encrypt.
  it('inter-container encryption: PASS on one instance, FAIL on two instances or a heterogeneous cluster of two', async () => {
    hardened();
    const job = (name: string, rc: object) => ({
      TrainingJobName: name, TrainingJobArn: `arn:${name}`, TrainingJobStatus: 'Completed' as const, SecondaryStatus: 'Completed' as const, ModelArtifacts: undefined, StoppingCondition: undefined, CreationTime: NOW,
      EnableInterContainerTrafficEncryption: false, EnableNetworkIsolation: true, OutputDataConfig: { S3OutputPath: 's3://o', KmsKeyId: KMS }, ResourceConfig: { VolumeKmsKeyId: KMS, VolumeSizeInGB: 30, ...rc },
    });
    sm.on(ListTrainingJobsCommand).resolves({ TrainingJobSummaries: ['one', 'two', 'hetero'].map((n) => ({ TrainingJobName: n, TrainingJobArn: `arn:${n}`, CreationTime: NOW, TrainingJobStatus: 'Completed' as const })) });
    sm.on(DescribeTrainingJobCommand, { TrainingJobName: 'one' }).resolves(job('one', { InstanceType: 'ml.m5.xlarge', InstanceCount: 1 }));
    sm.on(DescribeTrainingJobCommand, { TrainingJobName: 'two' }).resolves(job('two', { InstanceType: 'ml.m5.xlarge', InstanceCount: 2 }));
    sm.on(DescribeTrainingJobCommand, { TrainingJobName: 'hetero' }).resolves(job('hetero', { InstanceGroups: [{ InstanceGroupName: 'a', InstanceType: 'ml.m5.xlarge', InstanceCount: 1 }, { InstanceGroupName: 'b', InstanceType: 'ml.c5.xlarge', InstanceCount: 1 }] }));
    const { check } = await runProbe(probe);
    const byId = Object.fromEntries(check.resources.map((r) => [r.id, [r.status, r.reason]]));
    expect(byId['arn:one']).toEqual(['PASS', 'training job one: single instance, so no inter-container traffic to encrypt, network isolation or VPC, output KMS-encrypted, volume KMS-encrypted']);
    expect(byId['arn:two']).toEqual(['FAIL', 'training job two: inter-container traffic not encrypted']);
    expect(byId['arn:hetero']).toEqual(['FAIL', 'training job hetero: inter-container traffic not encrypted']);
  });

  // Issue 15: a denied describe costs only its own resource; a known failure elsewhere still decides.
  it('FAIL with the unreadable domain listed as ERROR beside the failing notebook', async () => {
    hardened();
    sm.on(DescribeNotebookInstanceCommand, { NotebookInstanceName: 'nb2' }).resolves({ DirectInternetAccess: 'Enabled', RootAccess: 'Disabled', KmsKeyId: KMS, SubnetId: 'subnet-1' });
    sm.on(DescribeDomainCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    const byId = Object.fromEntries(check.resources.map((r) => [r.id, r.status]));
    expect(byId).toMatchObject({ 'arn:nb1': 'PASS', 'arn:nb2': 'FAIL', 'arn:d-1': 'ERROR', 'arn:m1': 'PASS', 'arn:t1': 'PASS', 'arn:c1': 'PASS' });
    expect(check.resources.find((r) => r.id === 'arn:d-1')?.missing?.[0].action).toBe('sagemaker:DescribeDomain');
  });

  it('ERROR (not NOT_APPLICABLE) when ListTrainingJobs is denied and nothing else exists', async () => {
    sm.on(ListTrainingJobsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['sagemaker:ListTrainingJobs']);
  });
});
