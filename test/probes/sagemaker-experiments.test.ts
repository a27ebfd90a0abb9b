import {
  ListExperimentsCommand,
  ListMlflowAppsCommand,
  ListMlflowTrackingServersCommand,
  ListTrainingJobsCommand,
  ListTrialComponentsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/sagemaker-experiments.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
afterEach(() => sm.reset());

const training = () => sm.on(ListTrainingJobsCommand).resolves({ TrainingJobSummaries: [{ TrainingJobName: 't', TrainingJobArn: 'arn:t', CreationTime: NOW, TrainingJobStatus: 'Completed' }] });

describe('Amazon SageMaker Experiments probe', () => {
  it('PASS on experiments in the window; experiments over two pages; job-made trial components counted apart', async () => {
    training();
    sm.on(ListExperimentsCommand)
      .resolvesOnce({ ExperimentSummaries: [{ ExperimentName: 'churn-exp', ExperimentArn: 'arn:e1' }], NextToken: 'e2' })
      .resolves({ ExperimentSummaries: [{ ExperimentName: 'pipe-exp', ExperimentArn: 'arn:e2', ExperimentSource: { SourceArn: 'arn:p', SourceType: 'SageMakerPipeline' } }] });
    sm.on(ListTrialComponentsCommand).resolves({ TrialComponentSummaries: [{ TrialComponentName: 'a' }, { TrialComponentName: 'b', TrialComponentSource: { SourceArn: 'arn:t', SourceType: 'SageMakerTrainingJob' } }] });
    const { check } = await runProbe(probe, { control: 'A.5' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('experiment tracking in use: 2 experiment(s) in 180 days (1 created by pipelines or jobs), 0 active MLflow tracking server(s), 0 MLflow app(s), 1 hand-made and 1 job-generated trial component(s)');
    expect(sm.commandCalls(ListExperimentsCommand).length).toBe(2);
    expect(sm.commandCalls(ListExperimentsCommand)[0].args[0].input).toMatchObject({ CreatedAfter: new Date(NOW.getTime() - 180 * 86_400_000), SortOrder: 'Descending' });
  });

  it('PASS on an active MLflow tracking server, listed as a resource', async () => {
    training();
    sm.on(ListMlflowTrackingServersCommand).resolves({ TrackingServerSummaries: [{ TrackingServerName: 'mlflow', TrackingServerArn: 'arn:ts', TrackingServerStatus: 'Started', IsActive: 'Active' }] });
    sm.on(ListMlflowAppsCommand).resolves({ Summaries: [{ Name: 'old', Arn: 'arn:app', Status: 'CreateFailed' }] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('PASS');
    expect(check.resources.map((r) => [r.id, r.status, r.reason])).toEqual([
      ['arn:app', 'FAIL', 'MLflow app old: CreateFailed'],
      ['arn:ts', 'PASS', 'MLflow tracking server mlflow: Started (Active)'],
    ]);
  });

  it('FAIL(NOT_IN_USE): training jobs in the window but no tracking; a region without managed MLflow is noted, not skipped', async () => {
    training();
    sm.on(ListMlflowAppsCommand).rejects(awsError('UnknownOperationException', 'Unknown operation'));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toMatch(/^1 training job\(s\) in the last 180 days but no experiment tracking/);
    expect(check.warnings).toContain('SageMaker managed MLflow (serverless apps) is not offered in this region (UnknownOperationException)');
  });

  it('NOT_APPLICABLE without training in the window', async () => {
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no SageMaker training jobs in the last 180 days and no experiment tracking');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    sm.on(ListExperimentsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sagemaker:ListExperiments/);
  });

  it('tracking shown by one list passes whatever the others or the training list say', async () => {
    sm.on(ListTrainingJobsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    sm.on(ListExperimentsCommand).resolves({ ExperimentSummaries: [{ ExperimentName: 'churn-exp', ExperimentArn: 'arn:e1' }] });
    sm.on(ListMlflowTrackingServersCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    sm.on(ListTrialComponentsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('PASS');
    expect(check.warnings.some((w) => w.includes('trial components not counted'))).toBe(true);
  });

  it('training jobs and no tracking among what was read: ERROR naming the MLflow list that was denied', async () => {
    training();
    sm.on(ListMlflowTrackingServersCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['sagemaker:ListMlflowTrackingServers']);
  });

  it('a denied ListTrialComponents (evidence only) never makes ERROR', async () => {
    training();
    sm.on(ListTrialComponentsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect([check.status, check.code]).toEqual(['FAIL', 'NOT_IN_USE']);
  });
});
