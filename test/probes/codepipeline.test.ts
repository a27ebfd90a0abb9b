import { BedrockClient } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodePipelineClient, GetPipelineCommand, ListPipelineExecutionsCommand, ListPipelinesCommand, type StageDeclaration } from '@aws-sdk/client-codepipeline';
import { ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/codepipeline.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const cp = mockClient(CodePipelineClient);
const sm = mockClient(SageMakerClient);
const bedrock = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
afterEach(() => [cp, sm, bedrock, cw].forEach((m) => m.reset()));

const action = (name: string, category: string, provider: string, configuration: Record<string, string> = {}) => ({ name, actionTypeId: { category, owner: 'AWS', provider, version: '1' }, configuration });
const stages = (withApproval: boolean): StageDeclaration[] =>
  [
    { name: 'Source', actions: [action('src', 'Source', 'CodeStarSourceConnection')] },
    { name: 'Train', actions: [action('train', 'Build', 'CodeBuild', { ProjectName: 'sagemaker-churn-train' })] },
    withApproval ? { name: 'Approve', actions: [action('approve', 'Approval', 'Manual')] } : undefined,
    { name: 'Deploy', actions: [action('deploy', 'Deploy', 'CloudFormation')] },
  ].filter(Boolean) as StageDeclaration[];

function pipeline(name: string, withApproval: boolean): void {
  cp.on(GetPipelineCommand, { name }).resolves({ pipeline: { name, roleArn: 'r', stages: stages(withApproval), artifactStore: { type: 'S3', location: 'b', encryptionKey: { id: 'alias/cp', type: 'KMS' } } }, metadata: { pipelineArn: `arn:aws:codepipeline:us-east-1:123456789012:${name}` } });
}
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describe('AWS CodePipeline probe (A.4)', () => {
  it('PASS: the ML pipeline (found on page two) gates deploy behind a manual approval and succeeded recently', async () => {
    cp.on(ListPipelinesCommand).resolvesOnce({ pipelines: [{ name: 'web-app' }], nextToken: 'n' }).resolves({ pipelines: [{ name: 'churn-mlops' }] });
    cp.on(GetPipelineCommand, { name: 'web-app' }).resolves({ pipeline: { name: 'web-app', roleArn: 'r', stages: [{ name: 'Deploy', actions: [action('d', 'Deploy', 'ECS')] }] } });
    pipeline('churn-mlops', true);
    cp.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [{ status: 'Failed', startTime: daysAgo(1) }, { status: 'Succeeded', startTime: daysAgo(10) }] });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('PASS');
    expect(check.resources).toEqual([{ id: 'arn:aws:codepipeline:us-east-1:123456789012:churn-mlops', region: 'us-east-1', status: 'PASS', reason: 'pipeline churn-mlops: approval in stage Approve, last success 2026-10-22' }]);
    expect(cp.commandCalls(ListPipelineExecutionsCommand).map((c) => c.args[0].input.pipelineName)).toEqual(['churn-mlops']);
  });

  it('FAIL(MISCONFIGURED): no approval before deploy and no recent success', async () => {
    cp.on(ListPipelinesCommand).resolves({ pipelines: [{ name: 'sagemaker-churn-deploy' }] });
    pipeline('sagemaker-churn-deploy', false);
    cp.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [{ status: 'Succeeded', startTime: daysAgo(400) }] });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources[0].reason).toBe('pipeline sagemaker-churn-deploy: no manual approval before the deploy stage, no successful run in 180 days');
  });

  it('MANUAL(PARTIAL) when a gated pipeline shows no success in the page of executions read and more exist in the window', async () => {
    cp.on(ListPipelinesCommand).resolves({ pipelines: [{ name: 'sagemaker-busy' }] });
    pipeline('sagemaker-busy', true);
    cp.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [{ status: 'Failed', startTime: daysAgo(1) }, { status: 'Failed', startTime: daysAgo(2) }], nextToken: 'more' });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect([check.status, check.code]).toEqual(['MANUAL', 'PARTIAL']);
    expect(check.resources[0]).toMatchObject({ status: 'MANUAL', reason: expect.stringMatching(/older ones not read$/) });
    expect(cp.commandCalls(ListPipelineExecutionsCommand).length).toBe(1);
  });

  it('no ML pipeline with an AI footprint: MANUAL(NOT_IN_USE), or FAIL / NOT_APPLICABLE by policy', async () => {
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm', ModelArn: 'a', CreationTime: new Date() }] });
    cp.on(ListPipelinesCommand).resolves({ pipelines: [] });
    const m = await runProbe(probe, { control: 'A.4' });
    expect([m.check.status, m.check.code]).toEqual(['MANUAL', 'NOT_IN_USE']);
    expect(m.check.reason).toMatch(/^no ML deployment pipeline in CodePipeline in us-east-1/);
    const f = await runProbe(probe, { control: 'A.4', settings: { optionalServicePolicy: 'fail' } });
    expect(f.check.status).toBe('FAIL');
    const n = await runProbe(probe, { control: 'A.4', settings: { optionalServicePolicy: 'na' } });
    expect(n.check.status).toBe('NOT_APPLICABLE');
  });

  it('NOT_APPLICABLE without any AI footprint', async () => {
    cp.on(ListPipelinesCommand).resolves({ pipelines: [] });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toMatch(/^no AI footprint in us-east-1/);
  });

  it('ERROR naming codepipeline:GetPipeline on AccessDeniedException', async () => {
    cp.on(ListPipelinesCommand).resolves({ pipelines: [{ name: 'x' }] });
    cp.on(GetPipelineCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/codepipeline:GetPipeline/);
  });

  it('executions denied: no approval gate is a FAIL all the same; with a gate, ERROR naming codepipeline:ListPipelineExecutions', async () => {
    cp.on(ListPipelinesCommand).resolves({ pipelines: [{ name: 'sagemaker-churn-deploy' }] });
    pipeline('sagemaker-churn-deploy', false);
    cp.on(ListPipelineExecutionsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const ungated = await runProbe(probe, { control: 'A.4' });
    expect([ungated.check.status, ungated.check.code]).toEqual(['FAIL', 'MISCONFIGURED']);
    pipeline('sagemaker-churn-deploy', true);
    const gated = await runProbe(probe, { control: 'A.4' });
    expect(gated.check.status).toBe('ERROR');
    expect(gated.check.missing?.map((m) => m.action)).toEqual(['codepipeline:ListPipelineExecutions']);
  });

  it('one pipeline not readable: a known failing ML pipeline still FAILs, and the unread one is an ERROR resource', async () => {
    cp.on(ListPipelinesCommand).resolves({ pipelines: [{ name: 'sagemaker-churn-deploy' }, { name: 'locked' }] });
    pipeline('sagemaker-churn-deploy', false);
    cp.on(GetPipelineCommand, { name: 'locked' }).rejects(awsError('AccessDeniedException', 'denied', 403));
    cp.on(ListPipelineExecutionsCommand).resolves({ pipelineExecutionSummaries: [{ status: 'Succeeded', startTime: daysAgo(3) }] });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('FAIL');
    expect(check.resources.find((r) => r.id === 'locked')).toMatchObject({ status: 'ERROR' });
  });
});
