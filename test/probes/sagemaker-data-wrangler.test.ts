import { DescribeProcessingJobCommand, ListAppsCommand, ListDomainsCommand, ListModelsCommand, ListProcessingJobsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/sagemaker-data-wrangler.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
afterEach(() => sm.reset());

const DW = '663277389841.dkr.ecr.us-east-1.amazonaws.com/sagemaker-data-wrangler-container:1.x';
const domain = () => sm.on(ListDomainsCommand).resolves({ Domains: [{ DomainId: 'd-1', DomainName: 'studio', DomainArn: 'arn:d' }] });

describe('Amazon SageMaker Data Wrangler probe', () => {
  it('MANUAL(PARTIAL) with the API evidence: a Data Wrangler job and Canvas apps (apps over two pages)', async () => {
    domain();
    sm.on(ListAppsCommand)
      .resolvesOnce({ Apps: [{ DomainId: 'd-1', UserProfileName: 'ana', AppType: 'Canvas', AppName: 'default', Status: 'InService' }], NextToken: 'a2' })
      .resolves({ Apps: [{ DomainId: 'd-1', UserProfileName: 'bo', AppType: 'JupyterLab', AppName: 'lab', Status: 'InService' }] });
    sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [{ ProcessingJobName: 'data-wrangler-flow-1', ProcessingJobArn: 'arn:dw1', CreationTime: NOW, ProcessingJobStatus: 'Completed' }] });
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobName: 'data-wrangler-flow-1', ProcessingJobArn: 'arn:dw1', ProcessingJobStatus: 'Completed', AppSpecification: { ImageUri: DW }, ProcessingResources: undefined, CreationTime: NOW });
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.reason).toMatch(/^Data Wrangler in use: 1 completed Data Wrangler job\(s\) in 180 days \(1 in all\), 1 Canvas app\(s\) in 1 domain\(s\)\. Data Wrangler data quality and insights reports cannot be listed/);
    expect(check.resources.map((r) => [r.id, r.status, r.reason])).toEqual([
      ['arn:dw1', 'MANUAL', 'Data Wrangler job data-wrangler-flow-1: Completed'],
      ['d-1/ana/default', 'MANUAL', 'Canvas app of ana in domain d-1: InService'],
    ]);
    expect(sm.commandCalls(ListAppsCommand).length).toBe(2);
  });

  it('MANUAL(NOT_IN_USE) by default when SageMaker is used without Data Wrangler; FAIL under the "fail" policy', async () => {
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm', ModelArn: 'arn:m', CreationTime: NOW }] });
    const manualRun = await runProbe(probe);
    expect(manualRun.check.status).toBe('MANUAL');
    expect(manualRun.check.code).toBe('NOT_IN_USE');
    expect(manualRun.check.reason).toMatch(/no Data Wrangler use found .* while SageMaker is in use \(1 model\(s\)\) — attest an equivalent control/);
    const failRun = await runProbe(probe, { settings: { optionalServicePolicy: 'fail' } });
    expect(failRun.check.status).toBe('FAIL');
    expect(failRun.check.code).toBe('NOT_IN_USE');
  });

  it('NOT_APPLICABLE without SageMaker domains or workloads', async () => {
    // ListApps is now asked in every region (one list): a call that waited on ListDomains would be
    // missing from a recording replayed with ListDomains denied.
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no SageMaker domains or workloads in this region: no data preparation to judge');
  });

  it('ListApps denied where a domain exists: MANUAL under the default policy (in use or not, the answer is MANUAL), ERROR naming the action under "fail"', async () => {
    domain();
    sm.on(ListAppsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const m = await runProbe(probe);
    expect([m.check.status, m.check.code]).toEqual(['MANUAL', 'PARTIAL']);
    expect(m.check.reason).toMatch(/sagemaker:ListApps/);
    const { check } = await runProbe(probe, { settings: { optionalServicePolicy: 'fail' } });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sagemaker:ListApps/);
  });

  it('ListDomains denied: Canvas apps are still asked for, and a live one shows use', async () => {
    sm.on(ListDomainsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    sm.on(ListAppsCommand).resolves({ Apps: [{ DomainId: 'd-1', UserProfileName: 'ana', AppType: 'Canvas', AppName: 'default', Status: 'InService' }] });
    const { check } = await runProbe(probe);
    expect([check.status, check.code]).toEqual(['MANUAL', 'PARTIAL']);
    expect(check.reason).toMatch(/^Data Wrangler in use/);
  });

  it('one processing job not described: a sibling Data Wrangler job still shows use; with none, MANUAL by default and ERROR under "fail"', async () => {
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm', ModelArn: 'arn:m', CreationTime: NOW }] });
    sm.on(ListProcessingJobsCommand).resolves({
      ProcessingJobSummaries: [
        { ProcessingJobName: 'dw', ProcessingJobArn: 'arn:dw', CreationTime: NOW, ProcessingJobStatus: 'Completed' },
        { ProcessingJobName: 'locked', ProcessingJobArn: 'arn:locked', CreationTime: NOW, ProcessingJobStatus: 'Completed' },
      ],
    });
    sm.on(DescribeProcessingJobCommand, { ProcessingJobName: 'dw' }).resolves({ ProcessingJobName: 'dw', ProcessingJobArn: 'arn:dw', ProcessingJobStatus: 'Completed', AppSpecification: { ImageUri: DW }, ProcessingResources: undefined, CreationTime: NOW });
    sm.on(DescribeProcessingJobCommand, { ProcessingJobName: 'locked' }).rejects(awsError('AccessDeniedException', 'no', 403));
    const used = await runProbe(probe, { settings: { optionalServicePolicy: 'fail' } });
    expect([used.check.status, used.check.code]).toEqual(['MANUAL', 'PARTIAL']);
    expect(used.check.reason).toMatch(/^Data Wrangler in use/);
    sm.on(DescribeProcessingJobCommand, { ProcessingJobName: 'dw' }).resolves({ ProcessingJobName: 'dw', ProcessingJobArn: 'arn:dw', ProcessingJobStatus: 'Completed', AppSpecification: { ImageUri: 'other' }, ProcessingResources: undefined, CreationTime: NOW });
    const open = await runProbe(probe);
    expect(open.check.status).toBe('MANUAL');
    expect(open.check.reason).toMatch(/sagemaker:DescribeProcessingJob/);
    const strict = await runProbe(probe, { settings: { optionalServicePolicy: 'fail' } });
    expect(strict.check.status).toBe('ERROR');
    expect(strict.check.missing?.map((m) => m.action)).toEqual(['sagemaker:DescribeProcessingJob']);
  });
});
