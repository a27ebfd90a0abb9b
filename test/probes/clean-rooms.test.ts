import { CleanRoomsClient, GetConfiguredTableAnalysisRuleCommand, ListConfiguredTablesCommand, ListMembershipsCommand } from '@aws-sdk/client-cleanrooms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/clean-rooms.js';
import { awsError, runProbe } from '../helpers.js';

const cr = mockClient(CleanRoomsClient);
afterEach(() => cr.reset());

const membership = (n: string) => ({ id: n, arn: `arn:aws:cleanrooms:us-east-1:123456789012:membership/${n}`, collaborationName: `collab-${n}`, status: 'ACTIVE' as const });
const table = (id: string, types: ('AGGREGATION' | 'LIST' | 'CUSTOM')[]) => ({ id, arn: `arn:aws:cleanrooms:us-east-1:123456789012:configuredtable/${id}`, name: id, analysisRuleTypes: types });

describe('AWS Clean Rooms probe (A.10)', () => {
  it('PASS: active memberships (paged), every configured table under a rule, differential privacy noted', async () => {
    cr.on(ListMembershipsCommand).resolvesOnce({ membershipSummaries: [membership('m1')], nextToken: 'n' }).resolves({ membershipSummaries: [membership('m2')] });
    cr.on(ListConfiguredTablesCommand).resolves({ configuredTableSummaries: [table('t1', ['CUSTOM']), table('t2', ['AGGREGATION'])] });
    cr.on(GetConfiguredTableAnalysisRuleCommand, { configuredTableIdentifier: 't1', analysisRuleType: 'CUSTOM' }).resolves({
      analysisRule: { configuredTableId: 't1', type: 'CUSTOM', policy: { v1: { custom: { allowedAnalyses: ['ANY_QUERY'], differentialPrivacy: { columns: [{ name: 'user_id' }] } } } } },
    } as never);
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('2 active Clean Rooms membership(s); 2 of 2 configured table(s) under analysis rules, 1 with differential privacy');
    expect(cr.commandCalls(ListMembershipsCommand)[0].args[0].input).toEqual({ status: 'ACTIVE' });
    expect(cr.commandCalls(GetConfiguredTableAnalysisRuleCommand).length).toBe(1);
  });

  it('a configured table without an analysis rule is a warning, not a FAIL: Clean Rooms refuses any query on it', async () => {
    // The old expectation here was FAIL(MISCONFIGURED); per the Clean Rooms user guide ("Analysis
    // rules") such a table can be associated with a collaboration but cannot be queried.
    cr.on(ListMembershipsCommand).resolves({ membershipSummaries: [membership('m1')] });
    cr.on(ListConfiguredTablesCommand).resolves({ configuredTableSummaries: [table('raw', [])] });
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('PASS');
    expect(check.warnings).toContain('configured table raw: no analysis rule, so Clean Rooms refuses any query on it');
  });

  it('configured tables, collaborations and CUSTOM rules denied (evidence only): an active membership still passes', async () => {
    cr.on(ListMembershipsCommand).resolves({ membershipSummaries: [membership('m1')] });
    cr.on(ListConfiguredTablesCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('PASS');
    expect(check.warnings.some((w) => w.includes('cleanrooms:ListConfiguredTables'))).toBe(true);
  });

  it('no collaboration: MANUAL(NOT_IN_USE) by default, FAIL or NOT_APPLICABLE by policy', async () => {
    const m = await runProbe(probe, { control: 'A.10' });
    expect([m.check.status, m.check.code]).toEqual(['MANUAL', 'NOT_IN_USE']);
    expect(m.check.reason).toMatch(/^no active Clean Rooms membership in us-east-1; confirm no sensitive data is shared/);
    const f = await runProbe(probe, { control: 'A.10', settings: { optionalServicePolicy: 'fail' } });
    expect(f.check.status).toBe('FAIL');
    const n = await runProbe(probe, { control: 'A.10', settings: { optionalServicePolicy: 'na' } });
    expect(n.check.status).toBe('NOT_APPLICABLE');
  });

  it('SKIPPED where Clean Rooms is not offered (DNS failure)', async () => {
    cr.on(ListMembershipsCommand).rejects(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    const { check } = await runProbe(probe, { control: 'A.10', regions: ['us-east-1', 'ap-southeast-5'] });
    expect(check.regions.every((r) => r.status === 'SKIPPED')).toBe(true);
  });

  it('ERROR naming cleanrooms:ListMemberships on AccessDeniedException', async () => {
    cr.on(ListMembershipsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/cleanrooms:ListMemberships/);
  });
});
