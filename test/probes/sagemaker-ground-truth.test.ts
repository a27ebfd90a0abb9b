import { DescribeLabelingJobCommand, ListLabelingJobsCommand, ListModelsCommand, ListWorkteamsCommand, SageMakerClient, type LabelingJobStatus } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/sagemaker-ground-truth.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
afterEach(() => sm.reset());

const arn = (n: string) => `arn:aws:sagemaker:us-east-1:123456789012:labeling-job/${n}`;
const PRIVATE = 'arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/labelers';
const PUBLIC = 'arn:aws:sagemaker:us-east-1:394669845002:workteam/public-crowd/default';

function job(name: string, o: { workers?: number; kms?: boolean; status?: LabelingJobStatus; lambda?: string; input?: string; output?: string; team?: string } = {}) {
  const status = o.status ?? 'Completed';
  const lambda = o.lambda ?? 'arn:aws:lambda:us-east-1:432418664414:function:PRE-BoundingBox';
  sm.on(DescribeLabelingJobCommand, { LabelingJobName: name }).resolves({
    LabelingJobName: name,
    LabelingJobArn: arn(name),
    LabelingJobStatus: status,
    LabelCounters: {},
    CreationTime: NOW,
    LastModifiedTime: NOW,
    JobReferenceCode: 'x',
    InputConfig: { DataSource: { S3DataSource: { ManifestS3Uri: o.input ?? `s3://in/${name}.manifest` } } },
    OutputConfig: { S3OutputPath: 's3://out/', ...(o.kms === false ? {} : { KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' }) },
    RoleArn: 'r',
    HumanTaskConfig: { WorkteamArn: o.team ?? PRIVATE, UiConfig: {}, PreHumanTaskLambdaArn: lambda, TaskTitle: 't', TaskDescription: 'd', NumberOfHumanWorkersPerDataObject: o.workers ?? 3, TaskTimeLimitInSeconds: 300 },
    LabelingJobOutput: { OutputDatasetS3Uri: o.output ?? `s3://out/${name}/output.manifest` },
  });
  return { LabelingJobName: name, LabelingJobArn: arn(name), CreationTime: NOW, LastModifiedTime: NOW, LabelingJobStatus: status, LabelCounters: {}, WorkteamArn: o.team ?? PRIVATE, PreHumanTaskLambdaArn: lambda };
}

describe('Amazon SageMaker Ground Truth probe', () => {
  it('PASS: consolidation, or a single annotator verified by a later job; KMS output; jobs over two pages', async () => {
    const consolidated = job('boxes-1', { workers: 3 });
    const single = job('boxes-2', { workers: 1, output: 's3://out/boxes-2/output.manifest' });
    const verify = job('verify-2', { workers: 1, lambda: 'arn:aws:lambda:us-east-1:432418664414:function:PRE-VerificationBoundingBox', input: 's3://out/boxes-2/output.manifest' });
    sm.on(ListLabelingJobsCommand).resolvesOnce({ LabelingJobSummaryList: [verify, single], NextToken: 'p2' }).resolves({ LabelingJobSummaryList: [consolidated] });
    sm.on(ListWorkteamsCommand).resolves({ Workteams: [{ WorkteamName: 'labelers', WorkteamArn: PRIVATE, MemberDefinitions: [], Description: 'd' }] });
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 3 completed labeling job(s) in the last 180 days use consolidation or verification and KMS-encrypted output');
    expect(Object.fromEntries(check.resources.map((r) => [r.id, r.reason]))).toEqual({
      [arn('boxes-1')]: 'labeling job boxes-1: 3 workers per object with consolidation, output KMS-encrypted',
      [arn('boxes-2')]: 'labeling job boxes-2: single annotator, output verified by a later job, output KMS-encrypted',
      [arn('verify-2')]: 'labeling job verify-2: verification/adjustment job, output KMS-encrypted',
    });
    expect(sm.commandCalls(ListLabelingJobsCommand).length).toBe(2);
  });

  it('FAIL(MISCONFIGURED): single annotator without verification, unencrypted output; public workforce warned', async () => {
    sm.on(ListLabelingJobsCommand).resolves({ LabelingJobSummaryList: [job('quick', { workers: 1, kms: false, team: PUBLIC }), job('running', { status: 'InProgress' })] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('1 of 1 completed labeling job(s) lack quality controls: labeling job quick: 1 worker per object and no verification job on its output, output not encrypted with a KMS key');
    expect(check.resources.find((r) => r.id === arn('running'))).toMatchObject({ status: 'NOT_APPLICABLE' });
    expect(check.warnings).toContain('1 labeling job(s) used the public workforce: confirm no sensitive data was sent (quick)');
    // Only completed jobs are described.
    expect(sm.commandCalls(DescribeLabelingJobCommand).map((c) => c.args[0].input.LabelingJobName)).toEqual(['quick']);
  });

  it('MANUAL(NOT_IN_USE) by default when SageMaker is used but no labeling job ran', async () => {
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm', ModelArn: 'arn:m', CreationTime: NOW }] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toMatch(/^no Ground Truth labeling jobs in the last 180 days/);
  });

  it('NOT_APPLICABLE without SageMaker workloads or labeling jobs', async () => {
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    sm.on(ListLabelingJobsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sagemaker:ListLabelingJobs/);
  });

  // Issue 15: a refused describe costs that job; ListWorkteams only feeds wording.
  it('FAIL from an unencrypted job while another job\'s describe is refused (ERROR) and ListWorkteams is refused', async () => {
    const plain = job('plain', { kms: false });
    const hidden = job('hidden');
    sm.on(DescribeLabelingJobCommand, { LabelingJobName: 'hidden' }).rejects(awsError('AccessDeniedException', 'no', 403));
    sm.on(ListLabelingJobsCommand).resolves({ LabelingJobSummaryList: [plain, hidden] });
    sm.on(ListWorkteamsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.status).toBe('FAIL');
    expect(check.resources.map((r) => [r.id, r.status])).toEqual([[arn('hidden'), 'ERROR'], [arn('plain'), 'FAIL']]);
  });
});
