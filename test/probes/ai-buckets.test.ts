// The AI bucket scope (checks/facts/ai-buckets.ts): Bedrock's data locations join SageMaker's
// (issue 16) — model customization training/validation/output data, knowledge-base S3 data
// sources, batch inference input and output — each with its use and source, read newest first up
// to a cap, with the calls declared so the generated IAM policy covers them.
import { GetModelCustomizationJobCommand, ListModelCustomizationJobsCommand, ListModelInvocationJobsCommand } from '@aws-sdk/client-bedrock';
import { GetDataSourceCommand, ListDataSourcesCommand, ListKnowledgeBasesCommand } from '@aws-sdk/client-bedrock-agent';
import { GetBucketLocationCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH_JOB_CAP, CUSTOMIZATION_JOB_CAP, DATA_SOURCE_CAP } from '../../checks/facts/ai-buckets.js';
import s3Probe from '../../checks/probes/s3.js';
import { declaredCalls } from '../../src/engine/probe.js';
import { ACCOUNT, awsError, NOW, runProbe } from '../helpers.js';
import { arn, buckets, compliantBucket, mocks, plainBucket, resetAll } from './s3-fixtures.js';

afterEach(resetAll);
const { s3, bedrock, bedrockAgent } = mocks;
const JOB = (n: string) => `arn:aws:bedrock:us-east-1:${ACCOUNT}:model-customization-job/${n}`;

function bedrockData(): void {
  bedrock.on(ListModelCustomizationJobsCommand).resolves({ modelCustomizationJobSummaries: [{ jobArn: JOB('ft-1'), jobName: 'ft-1', baseModelArn: 'b', status: 'Completed', creationTime: new Date('2026-10-01') }] });
  bedrock.on(GetModelCustomizationJobCommand, { jobIdentifier: JOB('ft-1') }).resolves({
    jobArn: JOB('ft-1'),
    jobName: 'ft-1',
    outputModelName: 'tuned',
    roleArn: 'r',
    baseModelArn: 'b',
    creationTime: new Date('2026-10-01'),
    trainingDataConfig: { s3Uri: 's3://ft-train/data.jsonl' },
    validationDataConfig: { validators: [{ s3Uri: 's3://ft-valid/v.jsonl' }] },
    outputDataConfig: { s3Uri: 's3://ft-out/' },
  });
  bedrock.on(ListModelInvocationJobsCommand).resolves({
    invocationJobSummaries: [
      { jobArn: 'arn:batch', jobName: 'nightly', modelId: 'm', roleArn: 'r', submitTime: new Date('2026-10-20'), inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://batch-in/in.jsonl' } }, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://batch-out/' } } },
    ],
  });
  bedrockAgent.on(ListKnowledgeBasesCommand).resolves({ knowledgeBaseSummaries: [{ knowledgeBaseId: 'KB1', name: 'support-kb', status: 'ACTIVE', updatedAt: new Date('2026-10-02') }] });
  bedrockAgent.on(ListDataSourcesCommand, { knowledgeBaseId: 'KB1' }).resolves({ dataSourceSummaries: [{ knowledgeBaseId: 'KB1', dataSourceId: 'DS1', name: 'docs', status: 'AVAILABLE', updatedAt: new Date('2026-10-02') }] });
  bedrockAgent.on(GetDataSourceCommand, { knowledgeBaseId: 'KB1', dataSourceId: 'DS1' }).resolves({
    dataSource: { knowledgeBaseId: 'KB1', dataSourceId: 'DS1', name: 'docs', status: 'AVAILABLE', createdAt: new Date(), updatedAt: new Date(), dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: 'arn:aws:s3:::kb-docs' } } },
  });
}

describe('AI bucket scope: Bedrock data locations', () => {
  it('puts customization, knowledge-base and batch inference buckets in scope, each with its source', async () => {
    buckets({ 'ft-train': 'us-east-1', 'ft-valid': 'us-east-1', 'ft-out': 'us-east-1', 'kb-docs': 'us-east-1', 'batch-in': 'us-east-1', 'batch-out': 'us-east-1', unrelated: 'us-east-1' });
    for (const b of ['ft-train', 'ft-valid', 'ft-out', 'kb-docs', 'batch-in', 'batch-out']) compliantBucket(b);
    bedrockData();
    const { check, run } = await runProbe(s3Probe, { control: '7.5' });
    expect(check.status).toBe('PASS');
    const why = Object.fromEntries(check.resources.map((r) => [r.id.replace('arn:aws:s3:::', ''), r.reason.split(' (us-east-1; ')[1].split('): ')[0]]));
    expect(why).toEqual({
      'batch-in': 'Bedrock batch inference job nightly (us-east-1)',
      'batch-out': 'Bedrock batch inference job nightly (us-east-1)',
      'ft-out': 'Bedrock customization job ft-1 (us-east-1)',
      'ft-train': 'Bedrock customization job ft-1 (us-east-1)',
      'ft-valid': 'Bedrock customization job ft-1 (us-east-1)',
      'kb-docs': 'knowledge base support-kb data source docs (us-east-1)',
    });
    const ai = (run.facts['ai-buckets'].global as { ai: { name: string; uses: string[] }[] }).ai;
    expect(Object.fromEntries(ai.map((b) => [b.name, b.uses]))).toEqual({
      'batch-in': ['batch-inference-input'],
      'batch-out': ['batch-inference-output'],
      'ft-out': ['bedrock-customization-output'],
      'ft-train': ['bedrock-training-data'],
      'ft-valid': ['bedrock-validation-data'],
      'kb-docs': ['knowledge-base-data'],
    });
  });

  it('reads the newest jobs within the job window, capped, and says when the cap cut', async () => {
    buckets({ 'ft-train': 'us-east-1' });
    plainBucket('ft-train');
    bedrockData();
    bedrock.on(ListModelCustomizationJobsCommand).resolves({ modelCustomizationJobSummaries: [{ jobArn: JOB('ft-1'), jobName: 'ft-1', baseModelArn: 'b', status: 'Completed', creationTime: new Date('2026-10-01') }], nextToken: 'more' });
    const { check } = await runProbe(s3Probe, { control: '7.5' });
    const since = new Date(NOW.getTime() - 180 * 86_400_000);
    expect(bedrock.commandCalls(ListModelCustomizationJobsCommand)[0].args[0].input).toEqual({ creationTimeAfter: since, sortBy: 'CreationTime', sortOrder: 'Descending', maxResults: CUSTOMIZATION_JOB_CAP });
    expect(bedrock.commandCalls(ListModelInvocationJobsCommand)[0].args[0].input).toEqual({ submitTimeAfter: since, sortBy: 'CreationTime', sortOrder: 'Descending', maxResults: BATCH_JOB_CAP });
    expect(check.warnings).toContain(`us-east-1: only the ${CUSTOMIZATION_JOB_CAP} most recent Bedrock model customization jobs in the last 180 days were described for bucket references`);
  });

  it('reads the most recently updated data sources of a knowledge base first, up to the cap', async () => {
    buckets({});
    const sources = Array.from({ length: DATA_SOURCE_CAP + 2 }, (_, i) => ({ knowledgeBaseId: 'KB1', dataSourceId: `DS${String(i).padStart(2, '0')}`, name: `d${i}`, status: 'AVAILABLE' as const, updatedAt: new Date(Date.UTC(2026, 0, 1 + i)) }));
    bedrockAgent.on(ListKnowledgeBasesCommand).resolves({ knowledgeBaseSummaries: [{ knowledgeBaseId: 'KB1', name: 'kb', status: 'ACTIVE', updatedAt: new Date() }] });
    bedrockAgent.on(ListDataSourcesCommand).resolves({ dataSourceSummaries: sources });
    await runProbe(s3Probe, { control: '7.5' });
    const read = bedrockAgent.commandCalls(GetDataSourceCommand).map((c) => c.args[0].input.dataSourceId).sort();
    expect(read).toHaveLength(DATA_SOURCE_CAP);
    // The two oldest (DS00, DS01) are the ones left out.
    expect(read[0]).toBe('DS02');
  });

  it('a denied knowledge-base listing leaves the scope open: no PASS, named action', async () => {
    buckets({ 'ft-train': 'us-east-1' });
    compliantBucket('ft-train');
    bedrockData();
    bedrockAgent.on(ListKnowledgeBasesCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(s3Probe, { control: '7.5' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['bedrock:ListKnowledgeBases']);
  });

  it('with ListBuckets denied, referenced buckets are still located and judged (a failing one decides)', async () => {
    s3.on(ListBucketsCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    bedrockData();
    for (const b of ['ft-train', 'ft-valid', 'ft-out', 'kb-docs', 'batch-in']) compliantBucket(b);
    plainBucket('batch-out');
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: undefined });
    const { check } = await runProbe(s3Probe, { control: '7.5' });
    expect(check.status).toBe('FAIL');
    expect(check.resources.find((r) => r.id === arn('batch-out'))).toMatchObject({ status: 'FAIL', reason: expect.stringMatching(/not in the bucket list, owner unconfirmed/) });
  });

  it('declares every call so the generated IAM policy covers them', () => {
    const actions = new Set(declaredCalls(s3Probe).map((o) => o.action));
    for (const a of ['bedrock:ListModelCustomizationJobs', 'bedrock:GetModelCustomizationJob', 'bedrock:ListModelInvocationJobs', 'bedrock:ListKnowledgeBases', 'bedrock:ListDataSources', 'bedrock:GetDataSource', 's3:GetBucketLocation']) expect(actions.has(a), a).toBe(true);
  });
});
