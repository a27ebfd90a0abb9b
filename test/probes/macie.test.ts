import {
  GetAutomatedDiscoveryConfigurationCommand,
  GetClassificationExportConfigurationCommand,
  GetClassificationScopeCommand,
  GetFindingsPublicationConfigurationCommand,
  GetMacieSessionCommand,
  ListClassificationJobsCommand,
  Macie2Client,
} from '@aws-sdk/client-macie2';
import { ListModelsCommand } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { selects } from '../../checks/probes/macie.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';
import { arn, buckets, mocks, resetAll, sagemakerModels } from './s3-fixtures.js';

const mc = mockClient(Macie2Client);
afterEach(() => {
  mc.reset();
  resetAll();
});

const denied = (action = 'macie2:GetAutomatedDiscoveryConfiguration') => awsError('AccessDeniedException', `User: arn:aws:sts::${ACCOUNT}:assumed-role/scanner/x is not authorized to perform: ${action}`, 403);
const notEnabledError = () => awsError('AccessDeniedException', 'Macie is not enabled.', 403);

function enabled(auto: 'ENABLED' | 'DISABLED', exportBucket?: string) {
  mc.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
  mc.on(GetAutomatedDiscoveryConfigurationCommand).resolves(auto === 'ENABLED' ? { status: auto, classificationScopeId: 'scope-1' } : { status: auto });
  mc.on(GetClassificationScopeCommand).resolves({ id: 'scope-1', name: 'automated-sensitive-data-discovery', s3: { excludes: { bucketNames: [] } } });
  mc.on(GetClassificationExportConfigurationCommand).resolves(exportBucket ? { configuration: { s3Destination: { bucketName: exportBucket, kmsKeyArn: 'k' } } } : {});
  mc.on(GetFindingsPublicationConfigurationCommand).resolves({ securityHubConfiguration: { publishClassificationFindings: true, publishPolicyFindings: true } });
}

/** Two AI buckets in us-east-1 (model artefacts), one unrelated bucket, one AI bucket elsewhere. */
function aiAccount() {
  buckets({ 'ml-models': 'us-east-1', 'ml-data': 'us-east-1', 'web-assets': 'us-east-1', 'eu-models': 'eu-west-1' });
  sagemakerModels({ churn: 's3://ml-models/churn/model.tar.gz', fraud: 's3://ml-data/fraud/model.tar.gz', eu: 's3://eu-models/m.tar.gz' });
}

const job = (name: string, extra: object = {}) => ({ jobId: `id-${name}`, name, jobType: 'SCHEDULED' as const, jobStatus: 'IDLE' as const, ...extra });
const definitions = (...names: string[]) => ({ bucketDefinitions: [{ accountId: ACCOUNT, buckets: names }] });

describe('Amazon Macie probe', () => {
  it('7.5 PASS: automated sensitive data discovery on covers every bucket of the region', async () => {
    enabled('ENABLED');
    aiAccount();
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('Macie enabled with automated sensitive data discovery; 2 AI bucket(s) in us-east-1 covered');
    expect(check.resources).toEqual([
      { id: arn('ml-data'), region: 'us-east-1', status: 'PASS', reason: 'bucket ml-data: covered by automated sensitive data discovery' },
      { id: arn('ml-models'), region: 'us-east-1', status: 'PASS', reason: 'bucket ml-models: covered by automated sensitive data discovery' },
    ]);
    expect(check.warnings).toEqual([]);
  });

  it('A.9 / A.10 PASS with a scheduled job (listed across pages) over the AI buckets and a discovery-results bucket', async () => {
    enabled('DISABLED', 'macie-results');
    aiAccount();
    mc.on(GetFindingsPublicationConfigurationCommand).resolves({ securityHubConfiguration: { publishClassificationFindings: false } });
    mc.on(ListClassificationJobsCommand)
      .resolvesOnce({ items: [{ jobId: 'j1', name: 'one-off', jobType: 'ONE_TIME', jobStatus: 'COMPLETE', ...definitions('ml-models', 'ml-data') }], nextToken: 'n2' })
      .resolves({ items: [job('ai-buckets', definitions('ml-models', 'ml-data'))] });
    for (const control of ['A.9', 'A.10']) {
      const { check } = await runProbe(probe, { control });
      expect(check.status).toBe('PASS');
      expect(check.reason).toBe('Macie enabled with 1 scheduled classification job(s); 2 AI bucket(s) in us-east-1 covered; results kept in s3://macie-results');
      expect(check.resources).toContainEqual({ id: arn('ml-models'), region: 'us-east-1', status: 'PASS', reason: 'bucket ml-models: covered by scheduled job ai-buckets' });
      expect(check.warnings).toEqual(['Macie does not publish classification findings to Security Hub']);
    }
    expect(mc.commandCalls(ListClassificationJobsCommand).filter((c) => c.args[0].input.nextToken === 'n2').length).toBeGreaterThan(0);
  });

  it('A.9 FAIL(MISCONFIGURED) when discovery results are not retained', async () => {
    enabled('ENABLED');
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('Macie runs automated sensitive data discovery but discovery results are not retained (no classification export bucket)');
  });

  // All Macie reads are made in every region now (none gated on the session): the test used to
  // expect no ListClassificationJobs call here.
  it('FAIL(NOT_ENABLED) on "Macie is not enabled" (AccessDeniedException)', async () => {
    mc.on(GetMacieSessionCommand).rejects(notEnabledError());
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('Macie is not enabled');
  });

  it('FAIL(MISCONFIGURED): paused, or enabled with neither discovery nor scheduled jobs', async () => {
    mc.on(GetMacieSessionCommand).resolves({ status: 'PAUSED' });
    let { check } = await runProbe(probe, { control: '7.5' });
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('Macie is PAUSED, not ENABLED');
    mc.reset();
    enabled('DISABLED');
    ({ check } = await runProbe(probe, { control: '7.5' }));
    expect(check.reason).toBe('Macie is enabled but neither automated discovery nor a scheduled classification job is active');
  });

  it('ERROR naming the IAM action on any other AccessDenied (nothing else tells whether Macie is ENABLED)', async () => {
    enabled('ENABLED', 'macie-results');
    mc.on(GetMacieSessionCommand).rejects(denied('macie2:GetMacieSession'));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/macie2:GetMacieSession/);
  });

  describe('coverage of the AI buckets (issue 16)', () => {
    it('FAIL: a scheduled job over other buckets leaves an AI bucket uncovered (it used to PASS)', async () => {
      enabled('DISABLED', 'macie-results');
      aiAccount();
      mc.on(ListClassificationJobsCommand).resolves({ items: [job('web-only', definitions('web-assets', 'ml-models'))] });
      const { check } = await runProbe(probe, { control: '7.5' });
      expect(check.status).toBe('FAIL');
      expect(check.code).toBe('MISCONFIGURED');
      expect(check.reason).toBe('Macie runs 1 scheduled classification job(s) but 1 AI bucket(s) in us-east-1 is not covered: ml-data');
      expect(check.resources).toEqual([
        { id: arn('ml-data'), region: 'us-east-1', status: 'FAIL', reason: 'bucket ml-data: not covered: automated discovery off, and no active scheduled classification job selects it' },
        { id: arn('ml-models'), region: 'us-east-1', status: 'PASS', reason: 'bucket ml-models: covered by scheduled job web-only' },
      ]);
    });

    it('FAIL: an AI bucket excluded from automated discovery and in no job', async () => {
      enabled('ENABLED');
      aiAccount();
      mc.on(GetClassificationScopeCommand).resolves({ id: 'scope-1', s3: { excludes: { bucketNames: ['ml-data'] } } });
      const { check } = await runProbe(probe, { control: '7.5' });
      expect(check.status).toBe('FAIL');
      expect(check.resources).toContainEqual({ id: arn('ml-data'), region: 'us-east-1', status: 'FAIL', reason: 'bucket ml-data: not covered: excluded from automated discovery, and no active scheduled classification job selects it' });
      expect(mc.commandCalls(GetClassificationScopeCommand)[0].args[0].input).toEqual({ id: 'scope-1' });
    });

    it('a paused or cancelled job covers nothing', async () => {
      enabled('DISABLED');
      aiAccount();
      mc.on(ListClassificationJobsCommand).resolves({ items: [job('paused', { jobStatus: 'USER_PAUSED', ...definitions('ml-models', 'ml-data') }), job('gone', { jobStatus: 'CANCELLED', ...definitions('ml-models', 'ml-data') })] });
      const { check } = await runProbe(probe, { control: '7.5' });
      expect(check.status).toBe('FAIL');
    });

    it('PASS: bucket criteria on the name and account ID are evaluated (excludes win)', async () => {
      enabled('DISABLED');
      aiAccount();
      const criteria = {
        bucketCriteria: {
          includes: { and: [{ simpleCriterion: { comparator: 'EQ' as const, key: 'ACCOUNT_ID' as const, values: [ACCOUNT] } }] },
          excludes: { and: [{ simpleCriterion: { comparator: 'EQ' as const, key: 'S3_BUCKET_NAME' as const, values: ['web-assets'] } }] },
        },
      };
      mc.on(ListClassificationJobsCommand).resolves({ items: [job('all-but-web', criteria)] });
      const { check } = await runProbe(probe, { control: '7.5' });
      expect(check.status).toBe('PASS');
      expect(check.resources.map((r) => r.reason)).toEqual(['bucket ml-data: covered by scheduled job all-but-web', 'bucket ml-models: covered by scheduled job all-but-web']);
    });

    it('MANUAL(PARTIAL): a job selecting buckets by tag is the only candidate; FAIL still wins over it', async () => {
      enabled('DISABLED');
      aiAccount();
      const byTag = { bucketCriteria: { includes: { and: [{ tagCriterion: { comparator: 'EQ' as const, tagValues: [{ key: 'data', value: 'ml' }] } }] } } };
      mc.on(ListClassificationJobsCommand).resolves({ items: [job('tagged', byTag), job('models', definitions('ml-models'))] });
      let { check } = await runProbe(probe, { control: '7.5' });
      expect(check.status).toBe('MANUAL');
      expect(check.code).toBe('PARTIAL');
      expect(check.reason).toMatch(/whether ml-data is covered depends on job criteria the scanner does not evaluate/);
      expect(check.resources).toContainEqual({ id: arn('ml-data'), region: 'us-east-1', status: 'MANUAL', reason: 'bucket ml-data: automated discovery off; job(s) tagged select buckets by criteria the scanner does not evaluate' });
      // The same account without a discovery-results bucket: A.9 is a known FAIL, never hidden by MANUAL.
      ({ check } = await runProbe(probe, { control: 'A.9' }));
      expect(check.status).toBe('FAIL');
    });

    it('judges each region on its own buckets', async () => {
      enabled('DISABLED', 'r');
      aiAccount();
      mc.on(ListClassificationJobsCommand).callsFake(async (_i, getClient) =>
        (await getClient().config.region()) === 'us-east-1' ? { items: [job('us', definitions('ml-models', 'ml-data'))] } : { items: [job('eu', definitions('eu-models'))] },
      );
      const { check } = await runProbe(probe, { control: '7.5', regions: ['us-east-1', 'eu-west-1'] });
      expect(check.status).toBe('PASS');
      expect(check.resources.map((r) => [r.region, r.id])).toEqual([['eu-west-1', arn('eu-models')], ['us-east-1', arn('ml-data')], ['us-east-1', arn('ml-models')]]);
    });

    it('selects(): bucket definitions name the account and bucket; NE conditions; unevaluable keys are "?"', () => {
      expect(selects(definitions('a'), 'a', ACCOUNT)).toBe('yes');
      expect(selects({ bucketDefinitions: [{ accountId: '999999999999', buckets: ['a'] }] }, 'a', ACCOUNT)).toBe('no');
      expect(selects({ bucketCriteria: { includes: { and: [{ simpleCriterion: { comparator: 'NE', key: 'S3_BUCKET_NAME', values: ['b'] } }] } } }, 'a', ACCOUNT)).toBe('yes');
      expect(selects({ bucketCriteria: { includes: { and: [{ simpleCriterion: { comparator: 'EQ', key: 'S3_BUCKET_SHARED_ACCESS', values: ['NOT_SHARED'] } }] } } }, 'a', ACCOUNT)).toBe('?');
      expect(selects({ bucketCriteria: { includes: { and: [{ simpleCriterion: { comparator: 'EQ', key: 'S3_BUCKET_SHARED_ACCESS', values: ['NOT_SHARED'] } }, { simpleCriterion: { comparator: 'EQ', key: 'S3_BUCKET_NAME', values: ['b'] } }] } } }, 'a', ACCOUNT)).toBe('no');
    });
  });

  describe('partial evidence (issue 15): a side call decides only when the requirement reads it', () => {
    it('GetAutomatedDiscoveryConfiguration denied, a scheduled job covers every AI bucket: PASS', async () => {
      enabled('DISABLED', 'r');
      aiAccount();
      mc.on(GetAutomatedDiscoveryConfigurationCommand).rejects(denied());
      mc.on(ListClassificationJobsCommand).resolves({ items: [job('ai', definitions('ml-models', 'ml-data'))] });
      const { check } = await runProbe(probe, { control: 'A.9' });
      expect(check.status).toBe('PASS');
    });

    it('GetAutomatedDiscoveryConfiguration denied, an AI bucket in no job: ERROR naming it (discovery could cover it)', async () => {
      enabled('DISABLED', 'r');
      aiAccount();
      mc.on(GetAutomatedDiscoveryConfigurationCommand).rejects(denied());
      mc.on(ListClassificationJobsCommand).resolves({ items: [job('models', definitions('ml-models'))] });
      const { check } = await runProbe(probe, { control: '7.5' });
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => m.action)).toEqual(['macie2:GetAutomatedDiscoveryConfiguration']);
      expect(check.resources).toContainEqual(expect.objectContaining({ id: arn('ml-models'), status: 'PASS' }));
      expect(check.resources).toContainEqual(expect.objectContaining({ id: arn('ml-data'), status: 'ERROR' }));
    });

    it('GetFindingsPublicationConfiguration denied: PASS with a warning naming it', async () => {
      enabled('ENABLED', 'r');
      mc.on(GetFindingsPublicationConfigurationCommand).rejects(denied('macie2:GetFindingsPublicationConfiguration'));
      const { check } = await runProbe(probe, { control: 'A.10' });
      expect(check.status).toBe('PASS');
      expect(check.warnings).toEqual(['whether Macie publishes findings to Security Hub was not read: macie2:GetFindingsPublicationConfiguration in us-east-1 (access denied)']);
    });

    it('GetClassificationExportConfiguration denied: 7.5 still PASS (it does not read it), A.9 ERROR naming it', async () => {
      enabled('ENABLED');
      mc.on(GetClassificationExportConfigurationCommand).rejects(denied('macie2:GetClassificationExportConfiguration'));
      const a = await runProbe(probe, { control: '7.5' });
      expect(a.check.status).toBe('PASS');
      mc.on(GetClassificationExportConfigurationCommand).rejects(denied('macie2:GetClassificationExportConfiguration'));
      const b = await runProbe(probe, { control: 'A.9' });
      expect(b.check.status).toBe('ERROR');
      expect(b.check.missing?.map((m) => m.action)).toEqual(['macie2:GetClassificationExportConfiguration']);
    });

    it('GetMacieSession denied but another call says "Macie is not enabled": FAIL(NOT_ENABLED)', async () => {
      mc.on(GetMacieSessionCommand).rejects(denied('macie2:GetMacieSession'));
      mc.on(GetAutomatedDiscoveryConfigurationCommand).rejects(notEnabledError());
      mc.on(ListClassificationJobsCommand).rejects(notEnabledError());
      const { check } = await runProbe(probe, { control: '7.5' });
      expect(check.status).toBe('FAIL');
      expect(check.code).toBe('NOT_ENABLED');
    });

    it('the AI bucket scope incomplete (ListModels denied): automated discovery over every bucket still PASSes, with a warning', async () => {
      enabled('ENABLED');
      aiAccount();
      mocks.sagemaker.on(ListModelsCommand).rejects(awsError('AccessDeniedException', 'not authorized', 400));
      const { check } = await runProbe(probe, { control: '7.5' });
      expect(check.status).toBe('PASS');
      expect(check.warnings.join(' ')).toMatch(/AI bucket scope incomplete .*sagemaker:ListModels/);
    });

    it('the AI bucket scope incomplete and a job that covers only some buckets of the region: ERROR naming the scope read', async () => {
      enabled('DISABLED');
      aiAccount();
      mocks.sagemaker.on(ListModelsCommand).rejects(awsError('AccessDeniedException', 'not authorized', 400));
      mc.on(ListClassificationJobsCommand).resolves({ items: [job('some', definitions('ml-models'))] });
      const { check } = await runProbe(probe, { control: '7.5' });
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => m.action)).toContain('sagemaker:ListModels');
    });
  });
});
