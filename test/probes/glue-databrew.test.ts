import { DataBrewClient, DescribeJobCommand, ListDatasetsCommand, ListJobsCommand, ListRecipesCommand } from '@aws-sdk/client-databrew';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/glue-databrew.js';
import { awsError, runProbe } from '../helpers.js';

const brew = mockClient(DataBrewClient);
afterEach(() => brew.reset());

const jobArn = (n: string) => `arn:aws:databrew:us-east-1:123456789012:job/${n}`;

describe('AWS Glue DataBrew probe', () => {
  it('A.3 PASS: a profile job validating a ruleset (listed on page two), another with a profile configuration', async () => {
    brew.on(ListJobsCommand)
      .resolvesOnce({ Jobs: [{ Name: 'profile-cfg', Type: 'PROFILE', ResourceArn: jobArn('profile-cfg'), EncryptionMode: 'SSE-KMS' }], NextToken: 'j2' })
      .resolves({ Jobs: [{ Name: 'profile-dq', Type: 'PROFILE', ResourceArn: jobArn('profile-dq'), EncryptionMode: 'SSE-KMS', ValidationConfigurations: [{ RulesetArn: 'arn:rs' }] }] });
    brew.on(DescribeJobCommand, { Name: 'profile-cfg' }).resolves({ Name: 'profile-cfg', ProfileConfiguration: { EntityDetectorConfiguration: { EntityTypes: ['USA_ALL'] } } });
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.status).toBe('PASS');
    expect(check.resources.map((r) => [r.id, r.status, r.reason])).toEqual([
      [jobArn('profile-cfg'), 'PASS', 'profile job profile-cfg: profile configuration set'],
      [jobArn('profile-dq'), 'PASS', 'profile job profile-dq: validates 1 data quality ruleset(s)'],
    ]);
    // The job that already lists a ruleset needs no DescribeJob.
    expect(brew.commandCalls(DescribeJobCommand).map((c) => c.args[0].input)).toEqual([{ Name: 'profile-cfg' }]);
  });

  it('A.3 FAIL(MISCONFIGURED): profile jobs with neither ruleset nor profile configuration', async () => {
    brew.on(ListJobsCommand).resolves({ Jobs: [{ Name: 'p', Type: 'PROFILE', ResourceArn: jobArn('p') }] });
    brew.on(DescribeJobCommand).resolves({ Name: 'p' });
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
  });

  it('A.10 PASS: a recipe job masks PII and every job encrypts output (SSE-S3 warned)', async () => {
    brew.on(ListJobsCommand).resolves({
      Jobs: [
        { Name: 'mask', Type: 'RECIPE', ResourceArn: jobArn('mask'), EncryptionMode: 'SSE-KMS', RecipeReference: { Name: 'pii-mask' } },
        { Name: 'p', Type: 'PROFILE', ResourceArn: jobArn('p'), EncryptionMode: 'SSE-S3' },
      ],
    });
    brew.on(ListRecipesCommand).resolves({ Recipes: [{ Name: 'pii-mask', Steps: [{ Action: { Operation: 'CRYPTOGRAPHIC_HASH' } }, { Action: { Operation: 'UPPER_CASE' } }] }] });
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('PASS');
    expect(check.resources).toEqual([{ id: jobArn('mask'), region: 'us-east-1', status: 'PASS', reason: 'recipe job mask: recipe pii-mask applies CRYPTOGRAPHIC_HASH' }]);
    expect(check.warnings).toEqual(['job p: SSE-S3; SSE-KMS is preferred']);
  });

  it('A.10 FAIL(MISCONFIGURED): a job writes unencrypted output', async () => {
    brew.on(ListJobsCommand).resolves({ Jobs: [{ Name: 'raw', Type: 'RECIPE', ResourceArn: jobArn('raw'), RecipeReference: { Name: 'r' } }] });
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources[0].reason).toBe('job raw: output not encrypted (no EncryptionMode)');
  });

  it('A.10 MANUAL(NOT_IN_USE) when no recipe applies a PII step', async () => {
    brew.on(ListJobsCommand).resolves({ Jobs: [{ Name: 'clean', Type: 'RECIPE', ResourceArn: jobArn('clean'), EncryptionMode: 'SSE-KMS', RecipeReference: { Name: 'tidy' } }] });
    brew.on(ListRecipesCommand).resolves({ Recipes: [{ Name: 'tidy', Steps: [{ Action: { Operation: 'UPPER_CASE' } }] }] });
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('NOT_IN_USE');
  });

  it('unused DataBrew follows the optional-service policy: manual, fail, na', async () => {
    brew.on(ListDatasetsCommand).resolves({ Datasets: [] });
    const m = await runProbe(probe, { control: 'A.3' });
    expect([m.check.status, m.check.code]).toEqual(['MANUAL', 'NOT_IN_USE']);
    expect(m.check.reason).toMatch(/^DataBrew not used in us-east-1/);
    const f = await runProbe(probe, { control: 'A.10', settings: { optionalServicePolicy: 'fail' } });
    expect([f.check.status, f.check.code]).toEqual(['FAIL', 'NOT_IN_USE']);
    const n = await runProbe(probe, { control: 'A.3', settings: { optionalServicePolicy: 'na' } });
    expect(n.check.status).toBe('NOT_APPLICABLE');
  });

  it('ERROR naming databrew:ListJobs on AccessDeniedException', async () => {
    brew.on(ListJobsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/databrew:ListJobs/);
  });

  it('ListRecipes and ListDatasets denied: A.3 still decided; A.10 ERROR naming databrew:ListRecipes when the recipe decides', async () => {
    brew.on(ListDatasetsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    brew.on(ListRecipesCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    brew.on(ListJobsCommand).resolves({
      Jobs: [
        { Name: 'mask', Type: 'RECIPE', ResourceArn: jobArn('mask'), EncryptionMode: 'SSE-KMS', RecipeReference: { Name: 'pii-mask' } },
        { Name: 'dq', Type: 'PROFILE', ResourceArn: jobArn('dq'), EncryptionMode: 'SSE-KMS', ValidationConfigurations: [{ RulesetArn: 'arn:rs' }] },
      ],
    });
    const a3 = await runProbe(probe, { control: 'A.3' });
    expect(a3.check.status).toBe('PASS');
    const a10 = await runProbe(probe, { control: 'A.10' });
    expect(a10.check.status).toBe('ERROR');
    expect(a10.check.missing?.map((m) => m.action)).toEqual(['databrew:ListRecipes']);
  });

  it('A.10: an unencrypted job FAILs whatever the recipes say', async () => {
    brew.on(ListRecipesCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    brew.on(ListJobsCommand).resolves({ Jobs: [{ Name: 'raw', Type: 'RECIPE', ResourceArn: jobArn('raw'), RecipeReference: { Name: 'r' } }] });
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect([check.status, check.code]).toEqual(['FAIL', 'MISCONFIGURED']);
  });

  it('A.3: a profile job not described is an ERROR resource; a sibling with a ruleset passes', async () => {
    brew.on(ListJobsCommand).resolves({
      Jobs: [
        { Name: 'dq', Type: 'PROFILE', ResourceArn: jobArn('dq'), ValidationConfigurations: [{ RulesetArn: 'arn:rs' }] },
        { Name: 'plain', Type: 'PROFILE', ResourceArn: jobArn('plain') },
      ],
    });
    brew.on(DescribeJobCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.status).toBe('PASS');
    expect(check.resources.find((r) => r.id === jobArn('plain'))).toMatchObject({ status: 'ERROR' });
  });
});
