import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  ListEndpointsCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  ListModelsCommand,
  SageMakerClient,
  type ModelApprovalStatus,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/sagemaker-model-registry.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
afterEach(() => sm.reset());

const PKG = (g: string, v: number, account = '123456789012') => `arn:aws:sagemaker:us-east-1:${account}:model-package/${g}/${v}`;

function deployed(endpoint: string, model: string, pkg?: string) {
  sm.on(DescribeEndpointCommand, { EndpointName: endpoint }).resolves({ EndpointName: endpoint, EndpointArn: `arn:ep/${endpoint}`, EndpointStatus: 'InService', EndpointConfigName: `${endpoint}-cfg`, CreationTime: NOW, LastModifiedTime: NOW });
  sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: `${endpoint}-cfg` }).resolves({ EndpointConfigName: `${endpoint}-cfg`, EndpointConfigArn: 'c', ProductionVariants: [{ VariantName: 'v', ModelName: model }], CreationTime: NOW });
  sm.on(DescribeModelCommand, { ModelName: model }).resolves({ ModelName: model, ModelArn: `arn:model/${model}`, CreationTime: NOW, PrimaryContainer: pkg ? { ModelPackageName: pkg } : { Image: 'img', ModelDataUrl: 's3://m/model.tar.gz' } });
  return { EndpointName: endpoint, EndpointArn: `arn:ep/${endpoint}`, EndpointStatus: 'InService' as const, CreationTime: NOW, LastModifiedTime: NOW };
}

const pkgStatus = (arn: string, s: ModelApprovalStatus) =>
  sm.on(DescribeModelPackageCommand, { ModelPackageName: arn }).resolves({ ModelPackageName: 'churn', ModelPackageArn: arn, ModelPackageGroupName: 'churn', ModelApprovalStatus: s, CreationTime: NOW, ModelPackageStatus: 'Completed', ModelPackageStatusDetails: undefined });

function groups(approved: boolean) {
  sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'churn-v3', ModelArn: 'arn:model/churn-v3', CreationTime: NOW }] });
  sm.on(ListModelPackageGroupsCommand)
    .resolvesOnce({ ModelPackageGroupSummaryList: [{ ModelPackageGroupName: 'churn', ModelPackageGroupArn: 'arn:g/churn', CreationTime: NOW, ModelPackageGroupStatus: 'Completed' }], NextToken: 'g2' })
    .resolves({ ModelPackageGroupSummaryList: [{ ModelPackageGroupName: 'fraud', ModelPackageGroupArn: 'arn:g/fraud', CreationTime: NOW, ModelPackageGroupStatus: 'Completed' }] });
  sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: approved ? [{ ModelPackageArn: PKG('churn', 3), CreationTime: NOW, ModelPackageStatus: 'Completed', ModelApprovalStatus: 'Approved' }] : [] });
}

describe('Amazon SageMaker Model Registry probe', () => {
  it('PASS: approved versions exist and the deployed model traces to an Approved package (groups over two pages)', async () => {
    groups(true);
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [deployed('churn-ep', 'churn-v3', PKG('churn', 3))] });
    pkgStatus(PKG('churn', 3), 'Approved');
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('2 model package group(s), 2 with an Approved version; all 1 deployed model(s) come from Approved packages');
    expect(check.resources).toEqual([{ id: 'arn:model/churn-v3', region: 'us-east-1', status: 'PASS', reason: `endpoint churn-ep → model churn-v3: package ${PKG('churn', 3)} Approved in group churn` }]);
    expect(sm.commandCalls(ListModelPackagesCommand)[0].args[0].input).toMatchObject({ ModelApprovalStatus: 'Approved', MaxResults: 1 });
    expect(sm.commandCalls(DescribeModelPackageCommand)[0].args[0].input).toEqual({ ModelPackageName: PKG('churn', 3), IncludedData: 'MetadataOnly' });
  });

  it('FAIL(MISCONFIGURED) when a deployed package is not Approved; each deployed model judged on its own', async () => {
    groups(true);
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [deployed('churn-ep', 'churn-v3', PKG('churn', 4)), deployed('adhoc-ep', 'adhoc')] });
    pkgStatus(PKG('churn', 4), 'PendingManualApproval');
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(Object.fromEntries(check.resources.map((r) => [r.id, r.reason]))).toEqual({
      'arn:model/churn-v3': `endpoint churn-ep → model churn-v3: package ${PKG('churn', 4)} is PendingManualApproval`,
      'arn:model/adhoc': 'endpoint adhoc-ep → model adhoc: not deployed from a registry model package',
    });
  });

  it('FAIL(NOT_IN_USE) with models but no registry groups', async () => {
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm', ModelArn: 'arn:m', CreationTime: NOW }] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('1 SageMaker model(s) but no Model Registry groups');
  });

  it('MANUAL(PARTIAL) when a deployed model comes from another account\'s package', async () => {
    groups(true);
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [deployed('mp-ep', 'vendor', PKG('vendor-model', 1, '865070037744'))] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.resources[0].reason).toMatch(/belongs to account 865070037744/);
    expect(sm.commandCalls(DescribeModelPackageCommand).length).toBe(0);
  });

  it('NOT_APPLICABLE without models or groups', async () => {
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    sm.on(ListModelPackageGroupsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sagemaker:ListModelPackageGroups/);
  });

  // Issue 15: a deployed model that is not from a registry package fails whatever else was unread.
  it('FAIL for a model not from a registry package while ListModelPackages is refused; an unreadable endpoint is ERROR beside it', async () => {
    groups(true);
    sm.on(ListModelPackagesCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [deployed('plain-ep', 'plain'), deployed('hidden-ep', 'hidden')] });
    sm.on(DescribeEndpointCommand, { EndpointName: 'hidden-ep' }).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.resources.map((r) => [r.id, r.status])).toEqual([['arn:ep/hidden-ep', 'ERROR'], ['arn:model/plain', 'FAIL']]);
  });

  it('PASS on partial evidence: an Approved deployed package proves an Approved version although ListModelPackages is refused', async () => {
    groups(true);
    sm.on(ListModelPackagesCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [deployed('churn-ep', 'churn-v3', PKG('churn', 3))] });
    pkgStatus(PKG('churn', 3), 'Approved');
    const { check } = await runProbe(probe);
    expect(check.status).toBe('PASS');
  });
});
