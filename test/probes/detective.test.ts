import { DetectiveClient, ListDatasourcePackagesCommand, ListGraphsCommand, ListInvitationsCommand } from '@aws-sdk/client-detective';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/detective.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const dt = mockClient(DetectiveClient);
afterEach(() => dt.reset());

const GRAPH = 'arn:aws:detective:us-east-1:123456789012:graph:abc';
const OTHER = 'arn:aws:detective:us-east-1:999999999999:graph:org';

describe('Amazon Detective probe', () => {
  it('PASS: administrator of a graph; data source packages merged across pages', async () => {
    dt.on(ListGraphsCommand).resolvesOnce({ GraphList: [], NextToken: 'g2' }).resolves({ GraphList: [{ Arn: GRAPH, CreatedTime: new Date() }] });
    dt.on(ListDatasourcePackagesCommand)
      .resolvesOnce({ DatasourcePackages: { DETECTIVE_CORE: { DatasourcePackageIngestState: 'STARTED' } }, NextToken: 'p2' })
      .resolves({ DatasourcePackages: { EKS_AUDIT: { DatasourcePackageIngestState: 'STOPPED' } } });
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('Detective enabled: this account administers 1 behavior graph(s)');
    expect(check.resources).toEqual([{ id: GRAPH, region: 'us-east-1', status: 'PASS', reason: 'administrator of graph; packages DETECTIVE_CORE STARTED, EKS_AUDIT STOPPED' }]);
    expect(check.warnings).toEqual(['data source package(s) not ingesting: EKS_AUDIT STOPPED']);
    expect(dt.commandCalls(ListGraphsCommand).length).toBe(2);
    expect(dt.commandCalls(ListDatasourcePackagesCommand).length).toBe(2);
  });

  it('PASS: an enabled member of the organization administrator\'s graph', async () => {
    dt.on(ListInvitationsCommand).resolves({ Invitations: [{ GraphArn: OTHER, AccountId: ACCOUNT, AdministratorId: '999999999999', Status: 'ENABLED' }] });
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('Detective enabled: member of 1 behavior graph(s) administered by 999999999999');
  });

  it('FAIL(NOT_ENABLED): empty lists (the only "not enabled" signal), and a pending invitation is not enough', async () => {
    dt.on(ListInvitationsCommand).resolves({ Invitations: [{ GraphArn: OTHER, AdministratorId: '999999999999', Status: 'INVITED' }] });
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('Detective is not enabled: no behavior graph; invitation(s) INVITED');
    expect(check.warnings).toEqual(['1 pending Detective invitation(s) not accepted']);
  });

  it('FAIL(NOT_ENABLED) with nothing at all', async () => {
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.reason).toBe('Detective is not enabled: no behavior graph and no membership');
    expect(check.remediation).toMatch(/create-graph/);
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    dt.on(ListInvitationsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/detective:ListInvitations/);
  });

  it('SKIPPED (then ERROR overall) where Detective is not offered', async () => {
    dt.on(ListGraphsCommand).rejects(awsError('Error', 'getaddrinfo ENOTFOUND api.detective.us-east-1.amazonaws.com', 400, { code: 'ENOTFOUND' }));
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.regions[0].status).toBe('SKIPPED');
    expect(check.status).toBe('ERROR');
  });

  describe('partial evidence (issue 15)', () => {
    const denied = () => awsError('AccessDeniedException', 'denied', 403);

    it('ListDatasourcePackages denied: PASS (administrator) with a warning naming it; the graph stays a resource', async () => {
      dt.on(ListGraphsCommand).resolves({ GraphList: [{ Arn: GRAPH, CreatedTime: new Date() }] });
      dt.on(ListDatasourcePackagesCommand).rejects(denied());
      const { check } = await runProbe(probe, { control: '9.2' });
      expect(check.status).toBe('PASS');
      expect(check.resources).toEqual([{ id: GRAPH, region: 'us-east-1', status: 'PASS', reason: 'administrator of graph; packages not read' }]);
      expect(check.warnings).toEqual([`data source packages not read: detective:ListDatasourcePackages in us-east-1 on ${GRAPH} (access denied)`]);
    });

    it('ListGraphs denied, an ENABLED membership read: PASS; ListInvitations denied, a graph read: PASS', async () => {
      dt.on(ListGraphsCommand).rejects(denied());
      dt.on(ListInvitationsCommand).resolves({ Invitations: [{ GraphArn: OTHER, AdministratorId: '999999999999', Status: 'ENABLED' }] });
      let { check } = await runProbe(probe, { control: '9.2' });
      expect(check.status).toBe('PASS');
      dt.reset();
      dt.on(ListGraphsCommand).resolves({ GraphList: [{ Arn: GRAPH }] });
      dt.on(ListInvitationsCommand).rejects(denied());
      ({ check } = await runProbe(probe, { control: '9.2' }));
      expect(check.status).toBe('PASS');
    });

    it('ListGraphs denied, only a pending invitation: ERROR naming ListGraphs (this account may administer a graph)', async () => {
      dt.on(ListGraphsCommand).rejects(denied());
      dt.on(ListInvitationsCommand).resolves({ Invitations: [{ GraphArn: OTHER, AdministratorId: '999999999999', Status: 'INVITED' }] });
      const { check } = await runProbe(probe, { control: '9.2' });
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => m.action)).toEqual(['detective:ListGraphs']);
    });
  });
});
