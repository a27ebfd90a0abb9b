import {
  DescribePipelineCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  ListTrainingJobsCommand,
  SageMakerClient,
  type PipelineExecutionStatus,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { stepTypes } from '../../checks/probes/sagemaker-pipelines.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
afterEach(() => sm.reset());

const arn = (n: string) => `arn:aws:sagemaker:us-east-1:123456789012:pipeline/${n}`;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const REGISTERS = JSON.stringify({
  Version: '2020-12-01',
  Steps: [
    { Name: 'Train', Type: 'Training' },
    { Name: 'Check', Type: 'Condition', Arguments: { IfSteps: [{ Name: 'Register', Type: 'RegisterModel' }], ElseSteps: [{ Name: 'Stop', Type: 'Fail' }] } },
  ],
});
const TRAIN_ONLY = JSON.stringify({ Version: '2020-12-01', Steps: [{ Name: 'Train', Type: 'Training' }] });

function pipeline(name: string, definition: string, runs: PipelineExecutionStatus[], lastRun = daysAgo(2)) {
  sm.on(DescribePipelineCommand, { PipelineName: name }).resolves({ PipelineName: name, PipelineArn: arn(name), PipelineDefinition: definition });
  sm.on(ListPipelineExecutionsCommand, { PipelineName: name }).resolves({ PipelineExecutionSummaries: runs.map((s, i) => ({ PipelineExecutionArn: `${arn(name)}/execution/${i}`, PipelineExecutionStatus: s, StartTime: daysAgo(2 + i) })) });
  return { PipelineName: name, PipelineArn: arn(name), LastExecutionTime: lastRun };
}

describe('Amazon SageMaker Pipelines probe', () => {
  it('A.4 PASS on a recent successful run; pipelines listed over two pages; stale pipelines listed on their own', async () => {
    sm.on(ListPipelinesCommand).resolvesOnce({ PipelineSummaries: [pipeline('train-churn', TRAIN_ONLY, ['Failed', 'Succeeded'])], NextToken: 'p2' }).resolves({ PipelineSummaries: [pipeline('old', TRAIN_ONLY, [], daysAgo(200))] });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe(`1 of 2 pipeline(s) succeeded in the last 90 days: pipeline train-churn: succeeded ${daysAgo(3).toISOString().slice(0, 10)}`);
    expect(check.resources.find((r) => r.id === arn('old'))).toMatchObject({ status: 'FAIL', reason: 'pipeline old: no execution in the last 90 days' });
    expect(sm.commandCalls(DescribePipelineCommand).map((c) => c.args[0].input.PipelineName)).toEqual(['train-churn']);
    expect(sm.commandCalls(ListPipelineExecutionsCommand)[0].args[0].input).toMatchObject({ PipelineName: 'train-churn', SortOrder: 'Descending', CreatedAfter: daysAgo(90) });
  });

  it('A.13 PASS only for a pipeline that also registers its model (inside a Condition branch)', async () => {
    sm.on(ListPipelinesCommand).resolves({ PipelineSummaries: [pipeline('release', REGISTERS, ['Succeeded'])] });
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('PASS');
    expect(check.resources[0].reason).toMatch(/registers its model$/);
  });

  it('A.13 FAIL(MISCONFIGURED) when succeeding pipelines register no model', async () => {
    sm.on(ListPipelinesCommand).resolves({ PipelineSummaries: [pipeline('train-churn', TRAIN_ONLY, ['Succeeded'])] });
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources[0].reason).toMatch(/but registers no model \(steps: Training\)/);
  });

  it('A.4 FAIL(NOT_IN_USE) when recent runs all failed', async () => {
    sm.on(ListPipelinesCommand).resolves({ PipelineSummaries: [pipeline('flaky', TRAIN_ONLY, ['Failed', 'Failed'])] });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toMatch(/pipeline flaky: 2 execution\(s\) in the last 90 days, none Succeeded/);
  });

  it('FAIL(NOT_IN_USE) when training happens without any pipeline', async () => {
    sm.on(ListTrainingJobsCommand).resolves({ TrainingJobSummaries: [{ TrainingJobName: 't', TrainingJobArn: 'arn:t', CreationTime: NOW, TrainingJobStatus: 'Completed' }] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('1 training job(s) in the window but no SageMaker pipelines: models are built ad hoc, not reproducibly');
  });

  it('MANUAL(PARTIAL) when the success search stops at its page limit', async () => {
    sm.on(ListPipelinesCommand).resolves({ PipelineSummaries: [{ PipelineName: 'busy', PipelineArn: arn('busy'), LastExecutionTime: daysAgo(1) }] });
    sm.on(DescribePipelineCommand).resolves({ PipelineName: 'busy', PipelineDefinition: TRAIN_ONLY });
    let n = 0;
    sm.on(ListPipelineExecutionsCommand).callsFake(() => ({ PipelineExecutionSummaries: Array.from({ length: 50 }, () => ({ PipelineExecutionStatus: 'Failed' })), NextToken: `t${++n}` }));
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.resources[0].reason).toBe('pipeline busy: no Succeeded execution among its 200 most recent ones');
  });

  it('NOT_APPLICABLE without training jobs, models or pipelines', async () => {
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    sm.on(ListPipelinesCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sagemaker:ListPipelines/);
  });

  it('reads step types through Condition branches and survives bad JSON', () => {
    expect(stepTypes(REGISTERS)).toEqual(['Condition', 'Fail', 'RegisterModel', 'Training']);
    expect(stepTypes('{not json')).toBeNull();
  });

  it('FAIL(NOT_IN_USE) on an endpoint without pipelines even when ListModels is denied', async () => {
    sm.on(ListModelsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'e', EndpointArn: 'arn:e', EndpointStatus: 'InService', CreationTime: NOW, LastModifiedTime: NOW }] });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect([check.status, check.code]).toEqual(['FAIL', 'NOT_IN_USE']);
  });

  it('one pipeline whose executions are denied is an ERROR resource; a sibling that succeeded still passes', async () => {
    sm.on(ListPipelinesCommand).resolves({ PipelineSummaries: [pipeline('good', TRAIN_ONLY, ['Succeeded']), { PipelineName: 'hidden', PipelineArn: arn('hidden'), LastExecutionTime: daysAgo(1) }] });
    sm.on(DescribePipelineCommand, { PipelineName: 'hidden' }).resolves({ PipelineName: 'hidden', PipelineDefinition: TRAIN_ONLY });
    sm.on(ListPipelineExecutionsCommand, { PipelineName: 'hidden' }).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('PASS');
    expect(check.resources.find((r) => r.id === arn('hidden'))).toMatchObject({ status: 'ERROR' });
    expect(check.resources.find((r) => r.id === arn('good'))).toMatchObject({ status: 'PASS' });
  });

  it('DescribePipeline denied: A.4 still PASS on the executions; A.13 ERROR naming sagemaker:DescribePipeline', async () => {
    sm.on(ListPipelinesCommand).resolves({ PipelineSummaries: [{ PipelineName: 'p', PipelineArn: arn('p'), LastExecutionTime: daysAgo(1) }] });
    sm.on(DescribePipelineCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    sm.on(ListPipelineExecutionsCommand).resolves({ PipelineExecutionSummaries: [{ PipelineExecutionStatus: 'Succeeded', StartTime: daysAgo(1) }] });
    const a4 = await runProbe(probe, { control: 'A.4' });
    expect(a4.check.status).toBe('PASS');
    const a13 = await runProbe(probe, { control: 'A.13' });
    expect(a13.check.status).toBe('ERROR');
    expect(a13.check.missing?.map((m) => m.action)).toEqual(['sagemaker:DescribePipeline']);
  });
});
