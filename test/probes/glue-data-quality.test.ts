import { GetDatabasesCommand, GetDataQualityResultCommand, GetTablesCommand, GlueClient, ListDataQualityResultsCommand, ListDataQualityRulesetsCommand } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/glue-data-quality.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const glue = mockClient(GlueClient);
afterEach(() => glue.reset());

const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

function catalog(): void {
  glue.on(GetDatabasesCommand).resolves({ DatabaseList: [{ Name: 'training' }] });
  glue.on(GetTablesCommand).resolves({ TableList: [{ Name: 'customers' }] });
}

describe('AWS Glue Data Quality probe (A.3)', () => {
  it('PASS: a ruleset evaluated in the last 30 days with its score; rulesets paged; the window is asked for', async () => {
    catalog();
    glue.on(ListDataQualityRulesetsCommand)
      .resolvesOnce({ Rulesets: [{ Name: 'customers-dq', TargetTable: { DatabaseName: 'training', TableName: 'customers' }, RuleCount: 5 }], NextToken: 'r2' })
      .resolves({ Rulesets: [{ Name: 'old-dq', TargetTable: { DatabaseName: 'training', TableName: 'archive' } }] });
    glue.on(ListDataQualityResultsCommand).resolves({ Results: [{ ResultId: 'dqr-1', StartedOn: daysAgo(2), DataSource: { GlueTable: { DatabaseName: 'training', TableName: 'customers' } } }] });
    glue.on(GetDataQualityResultCommand, { ResultId: 'dqr-1' }).resolves({ ResultId: 'dqr-1', RulesetName: 'customers-dq', Score: 0.96, StartedOn: daysAgo(2) });
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('1 of 2 Data Quality ruleset(s) evaluated in the last 30 days');
    expect(check.resources.map((r) => [r.status, r.reason])).toEqual([
      ['PASS', 'ruleset customers-dq on training.customers: evaluated 2026-10-30, score 96%'],
      ['FAIL', 'ruleset old-dq on training.archive: not evaluated in the last 30 days'],
    ]);
    expect(check.warnings).toContain('1 ruleset(s) not evaluated in the last 30 days');
    const filter = (glue.commandCalls(ListDataQualityResultsCommand)[0].args[0].input as { Filter: { StartedAfter: Date } }).Filter;
    expect(filter.StartedAfter.toISOString()).toBe(daysAgo(30).toISOString());
  });

  it('FAIL(MISCONFIGURED): rulesets exist but none ran in the window', async () => {
    catalog();
    glue.on(ListDataQualityRulesetsCommand).resolves({ Rulesets: [{ Name: 'customers-dq', TargetTable: { DatabaseName: 'training', TableName: 'customers' } }] });
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
  });

  it('not used: MANUAL(NOT_IN_USE) by default, FAIL or NOT_APPLICABLE by policy', async () => {
    catalog();
    const m = await runProbe(probe, { control: 'A.3' });
    expect(m.check.status).toBe('MANUAL');
    expect(m.check.code).toBe('NOT_IN_USE');
    expect(m.check.reason).toBe('1 catalog table(s) but no Glue Data Quality ruleset in us-east-1 — attest an equivalent control or adopt the service');
    const f = await runProbe(probe, { control: 'A.3', settings: { optionalServicePolicy: 'fail' } });
    expect([f.check.status, f.check.code]).toEqual(['FAIL', 'NOT_IN_USE']);
    const n = await runProbe(probe, { control: 'A.3', settings: { optionalServicePolicy: 'na' } });
    expect(n.check.status).toBe('NOT_APPLICABLE');
  });

  it('NOT_APPLICABLE without catalog tables or rulesets', async () => {
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toMatch(/no Glue Data Catalog tables and no Data Quality rulesets/);
  });

  it('SKIPPED region (reported as ERROR when it is the only one) on UnknownOperationException', async () => {
    catalog();
    glue.on(ListDataQualityRulesetsCommand).rejects(awsError('UnknownOperationException', 'Unknown operation', 400));
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.regions[0].status).toBe('SKIPPED');
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/^not evaluated: skipped in every scanned region/);
  });

  it('ERROR naming glue:ListDataQualityRulesets on AccessDeniedException', async () => {
    catalog();
    glue.on(ListDataQualityRulesetsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/glue:ListDataQualityRulesets/);
  });

  it('a result whose detail is denied leaves the ruleset on its table open (it may be an ETL job\'s inline ruleset): ERROR naming glue:GetDataQualityResult; another ruleset shown evaluated still passes', async () => {
    catalog();
    glue.on(ListDataQualityRulesetsCommand).resolves({ Rulesets: [{ Name: 'customers-dq', TargetTable: { DatabaseName: 'training', TableName: 'customers' } }] });
    glue.on(ListDataQualityResultsCommand).resolves({ Results: [{ ResultId: 'dqr-1', StartedOn: daysAgo(3), DataSource: { GlueTable: { DatabaseName: 'training', TableName: 'customers' } } }] });
    glue.on(GetDataQualityResultCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const open = await runProbe(probe, { control: 'A.3' });
    expect(open.check.status).toBe('ERROR');
    expect(open.check.missing?.map((m) => m.action)).toEqual(['glue:GetDataQualityResult']);
    glue.on(ListDataQualityRulesetsCommand).resolves({ Rulesets: [{ Name: 'customers-dq', TargetTable: { DatabaseName: 'training', TableName: 'customers' } }, { Name: 'orders-dq', TargetTable: { DatabaseName: 'training', TableName: 'orders' } }] });
    glue.on(ListDataQualityResultsCommand).resolves({
      Results: [
        { ResultId: 'dqr-1', StartedOn: daysAgo(3), DataSource: { GlueTable: { DatabaseName: 'training', TableName: 'customers' } } },
        { ResultId: 'dqr-2', StartedOn: daysAgo(4), DataSource: { GlueTable: { DatabaseName: 'training', TableName: 'orders' } } },
      ],
    });
    glue.on(GetDataQualityResultCommand, { ResultId: 'dqr-2' }).resolves({ ResultId: 'dqr-2', RulesetName: 'orders-dq', StartedOn: daysAgo(4) });
    const ok = await runProbe(probe, { control: 'A.3' });
    expect(ok.check.status).toBe('PASS');
    expect(ok.check.warnings.some((w) => w.includes('glue:GetDataQualityResult'))).toBe(true);
  });

  it('ERROR naming glue:ListDataQualityResults when rulesets exist and no result could be read', async () => {
    catalog();
    glue.on(ListDataQualityRulesetsCommand).resolves({ Rulesets: [{ Name: 'customers-dq', TargetTable: { DatabaseName: 'training', TableName: 'customers' } }] });
    glue.on(ListDataQualityResultsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.3' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['glue:ListDataQualityResults']);
    expect(check.resources[0].status).toBe('ERROR');
  });

  it('no rulesets and the catalog unreadable: ERROR by default, NOT_APPLICABLE under policy na (both answers agree)', async () => {
    glue.on(GetDatabasesCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const m = await runProbe(probe, { control: 'A.3' });
    expect(m.check.status).toBe('ERROR');
    expect(m.check.reason).toMatch(/glue:GetDatabases/);
    const n = await runProbe(probe, { control: 'A.3', settings: { optionalServicePolicy: 'na' } });
    expect(n.check.status).toBe('NOT_APPLICABLE');
  });
});
