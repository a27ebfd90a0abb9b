import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeProcessingJobCommand,
  ListEndpointsCommand,
  ListModelBiasJobDefinitionsCommand,
  ListModelsCommand,
  ListMonitoringSchedulesCommand,
  ListProcessingJobsCommand,
  SageMakerClient,
  type ProcessingJobStatus,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/sagemaker-clarify.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
afterEach(() => sm.reset());

const CLARIFY = '205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0';
const OTHER = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';
const jobArn = (n: string) => `arn:aws:sagemaker:us-east-1:123456789012:processing-job/${n}`;
const epArn = (n: string) => `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${n}`;

function job(name: string, image: string, status: ProcessingJobStatus = 'Completed') {
  sm.on(DescribeProcessingJobCommand, { ProcessingJobName: name }).resolves({
    ProcessingJobName: name,
    ProcessingJobArn: jobArn(name),
    ProcessingJobStatus: status,
    AppSpecification: { ImageUri: image },
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
    CreationTime: NOW,
  });
  return { ProcessingJobName: name, ProcessingJobArn: jobArn(name), CreationTime: NOW, ProcessingJobStatus: status };
}

function endpoint(name: string, explainer = false) {
  sm.on(DescribeEndpointCommand, { EndpointName: name }).resolves({
    EndpointName: name,
    EndpointArn: epArn(name),
    EndpointStatus: 'InService',
    EndpointConfigName: `${name}-cfg`,
    ProductionVariants: [{ VariantName: 'v', CurrentInstanceCount: 1 }],
    CreationTime: NOW,
    LastModifiedTime: NOW,
  });
  sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: `${name}-cfg` }).resolves({
    EndpointConfigName: `${name}-cfg`,
    EndpointConfigArn: 'c',
    ProductionVariants: [{ VariantName: 'v' }],
    CreationTime: NOW,
    ...(explainer ? { ExplainerConfig: { ClarifyExplainerConfig: { ShapConfig: { ShapBaselineConfig: {} } } } } : {}),
  });
  return { EndpointName: name, EndpointArn: epArn(name), EndpointStatus: 'InService' as const, CreationTime: NOW, LastModifiedTime: NOW };
}

const someModel = () => sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'churn', ModelArn: 'arn:m', CreationTime: NOW }] });

describe('Amazon SageMaker Clarify probe', () => {
  it('A.2 PASS on a completed Clarify job in the window; processing jobs read newest first over two pages', async () => {
    someModel();
    sm.on(ListProcessingJobsCommand)
      .resolvesOnce({ ProcessingJobSummaries: [job('prep-1', OTHER)], NextToken: 'p2' })
      .resolves({ ProcessingJobSummaries: [job('Clarify-Bias-2026-10-01', CLARIFY)] });
    const { check } = await runProbe(probe, { control: 'A.2' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('Clarify analyses in use: 1 completed Clarify job(s) in 180 days, 0 bias and 0 explainability schedule(s), 0 online explainer(s)');
    expect(check.resources).toEqual([{ id: jobArn('Clarify-Bias-2026-10-01'), region: 'us-east-1', status: 'PASS', reason: 'Clarify job Clarify-Bias-2026-10-01: Completed' }]);
    const first = sm.commandCalls(ListProcessingJobsCommand)[0].args[0].input;
    expect(first).toMatchObject({ SortBy: 'CreationTime', SortOrder: 'Descending', CreationTimeAfter: new Date(NOW.getTime() - 180 * 86_400_000) });
    expect(sm.commandCalls(ListProcessingJobsCommand).length).toBe(2);
    expect(check.warnings.some((w) => w.includes('without telling bias from explainability'))).toBe(true);
  });

  it('A.2 PASS on an active bias monitoring schedule alone', async () => {
    someModel();
    sm.on(ListMonitoringSchedulesCommand).resolves({ MonitoringScheduleSummaries: [{ MonitoringScheduleName: 'bias', MonitoringScheduleArn: 'a', CreationTime: NOW, LastModifiedTime: NOW, MonitoringScheduleStatus: 'Scheduled', MonitoringType: 'ModelBias', EndpointName: 'x' }] });
    sm.on(ListModelBiasJobDefinitionsCommand).resolves({ JobDefinitionSummaries: [{ MonitoringJobDefinitionName: 'b', MonitoringJobDefinitionArn: 'a', CreationTime: NOW, EndpointName: 'x' }] });
    const { check } = await runProbe(probe, { control: 'A.2' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toMatch(/1 bias and 0 explainability schedule/);
  });

  it('A.2 FAIL(NOT_IN_USE): SageMaker in use but no Clarify artefact', async () => {
    someModel();
    sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [job('prep-1', OTHER)] });
    const { check } = await runProbe(probe, { control: 'A.2' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('SageMaker in use (1 model(s)) but no completed Clarify job in the last 180 days and no active bias monitoring schedule');
  });

  it('A.8 FAIL(MISCONFIGURED) when Clarify jobs ran but none completed', async () => {
    someModel();
    sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [job('Clarify-Explainability-1', CLARIFY, 'Failed')] });
    const { check } = await runProbe(probe, { control: 'A.8' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toMatch(/no completed Clarify job \(report\) in the last 180 days \(1 not completed\)/);
    expect(check.resources[0]).toMatchObject({ status: 'FAIL', reason: 'Clarify job Clarify-Explainability-1: Failed' });
  });

  it('A.7 judges every in-service endpoint on its own: explainer, explainability schedule, or nothing', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('online', true), endpoint('scheduled'), endpoint('bare')] });
    sm.on(ListMonitoringSchedulesCommand).resolves({
      MonitoringScheduleSummaries: [{ MonitoringScheduleName: 'shap', MonitoringScheduleArn: 'a', CreationTime: NOW, LastModifiedTime: NOW, MonitoringScheduleStatus: 'Scheduled', MonitoringType: 'ModelExplainability', EndpointName: 'scheduled' }],
    });
    const { check } = await runProbe(probe, { control: 'A.7' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toMatch(/1 of 3 in-service endpoint\(s\) without explainability: endpoint bare/);
    expect(Object.fromEntries(check.resources.map((r) => [r.id, [r.status, r.reason]]))).toEqual({
      [epArn('online')]: ['PASS', 'endpoint online: online Clarify explainer configured'],
      [epArn('scheduled')]: ['PASS', 'endpoint scheduled: explainability schedule shap'],
      [epArn('bare')]: ['FAIL', 'endpoint bare: no online explainer, explainability schedule or Clarify job'],
    });
  });

  it('A.7 PASS on a completed Clarify job, warning that the API cannot tie it to the endpoint', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('bare')] });
    sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [job('Clarify-Explainability-1', CLARIFY)] });
    const { check } = await runProbe(probe, { control: 'A.7' });
    expect(check.status).toBe('PASS');
    expect(check.warnings).toContain('1 endpoint(s) pass on Clarify jobs the API cannot tie to them: confirm those jobs cover their models');
  });

  it('MANUAL(PARTIAL) when the job list hits the cap without a Clarify job, with a warning', async () => {
    someModel();
    let page = 0;
    sm.on(ListProcessingJobsCommand).callsFake(() => {
      page += 1;
      return { ProcessingJobSummaries: Array.from({ length: 100 }, (_, i) => ({ ProcessingJobName: `j-${page}-${i}`, ProcessingJobArn: jobArn(`j-${page}-${i}`), CreationTime: NOW, ProcessingJobStatus: 'Completed' })), NextToken: `t${page}` };
    });
    sm.on(DescribeProcessingJobCommand).resolves({ ProcessingJobName: 'j', ProcessingJobArn: 'a', ProcessingJobStatus: 'Completed', AppSpecification: { ImageUri: OTHER }, ProcessingResources: undefined, CreationTime: NOW });
    const { check } = await runProbe(probe, { control: 'A.8' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.warnings).toContain('only the 500 most recent processing jobs of the last 180 days were read');
    expect(sm.commandCalls(ListProcessingJobsCommand).length).toBe(5);
    expect(sm.commandCalls(DescribeProcessingJobCommand).length).toBe(500);
  });

  it('NOT_APPLICABLE without SageMaker workloads or Clarify artefacts', async () => {
    const { check } = await runProbe(probe, { control: 'A.2' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no SageMaker workloads and no Clarify artefacts in this region');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    sm.on(ListProcessingJobsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe, { control: 'A.2' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sagemaker:ListProcessingJobs/);
  });

  // Issue 15: one proof decides; an unread list only matters when nothing read proves or disproves.
  it('A.2 PASS on an active bias schedule while ListProcessingJobs is refused', async () => {
    someModel();
    sm.on(ListProcessingJobsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    sm.on(ListMonitoringSchedulesCommand).resolves({ MonitoringScheduleSummaries: [{ MonitoringScheduleName: 'bias', MonitoringScheduleArn: 'a', CreationTime: NOW, LastModifiedTime: NOW, MonitoringScheduleStatus: 'Scheduled', MonitoringType: 'ModelBias', EndpointName: 'x' }] });
    const { check } = await runProbe(probe, { control: 'A.2' });
    expect(check.status).toBe('PASS');
  });

  it('A.2 ERROR (not FAIL) when no artefact is read and ListMonitoringSchedules is refused: a bias schedule may exist', async () => {
    someModel();
    sm.on(ListProcessingJobsCommand).resolves({ ProcessingJobSummaries: [job('prep-1', OTHER)] });
    sm.on(ListMonitoringSchedulesCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.2' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['sagemaker:ListMonitoringSchedules']);
  });
});
