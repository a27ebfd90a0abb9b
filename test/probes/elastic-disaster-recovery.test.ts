import { DescribeJobsCommand, DescribeSourceServersCommand, DrsClient } from '@aws-sdk/client-drs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/elastic-disaster-recovery.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const drs = mockClient(DrsClient);
afterEach(() => drs.reset());

const server = (id: string, state: string, tags: Record<string, string> = {}) => ({ sourceServerID: id, arn: `arn:aws:drs:us-east-1:123456789012:source-server/${id}`, tags, dataReplicationInfo: { dataReplicationState: state } });
const drill = (ids: string[], daysAgo: number) => ({ jobID: `drsjob-${ids.join('-')}`, type: 'LAUNCH', initiatedBy: 'START_DRILL', status: 'COMPLETED', creationDateTime: new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString(), participatingServers: ids.map((sourceServerID) => ({ sourceServerID })) });

describe('AWS Elastic Disaster Recovery probe (A.15)', () => {
  it('PASS: source servers (paged) replicate continuously and were drilled in 180 days', async () => {
    drs.on(DescribeSourceServersCommand).resolvesOnce({ items: [server('s-1', 'CONTINUOUS')], nextToken: 'n' }).resolves({ items: [server('s-2', 'CONTINUOUS')] });
    drs.on(DescribeJobsCommand).resolves({ items: [drill(['s-1', 's-2'], 30)] });
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 2 source server(s) replicate continuously and were drilled in the last 180 days');
    expect(drs.commandCalls(DescribeSourceServersCommand).length).toBe(2);
    expect(drs.commandCalls(DescribeJobsCommand)[0].args[0].input).toEqual({ filters: { fromDate: new Date(NOW.getTime() - 180 * 86_400_000).toISOString() } });
  });

  it('FAIL(MISCONFIGURED): stalled replication and no drill; --scope-tag narrows the servers judged', async () => {
    drs.on(DescribeSourceServersCommand).resolves({ items: [server('s-ai', 'STALLED', { workload: 'ai' }), server('s-web', 'CONTINUOUS')] });
    const { check } = await runProbe(probe, { control: 'A.15', settings: { scopeTags: [{ key: 'workload', value: 'ai' }] } });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources).toEqual([{ id: 'arn:aws:drs:us-east-1:123456789012:source-server/s-ai', region: 'us-east-1', status: 'FAIL', reason: 'source server s-ai: replication STALLED, no drill or recovery in 180 days' }]);
  });

  it('UninitializedAccountException: MANUAL(NOT_IN_USE) by default; fail / na by policy', async () => {
    drs.on(DescribeSourceServersCommand).rejects(awsError('UninitializedAccountException', 'Account not initialized', 400));
    const m = await runProbe(probe, { control: 'A.15' });
    expect([m.check.status, m.check.code]).toEqual(['MANUAL', 'NOT_IN_USE']);
    expect(m.check.reason).toMatch(/^Elastic Disaster Recovery is not initialized in us-east-1/);
    const f = await runProbe(probe, { control: 'A.15', settings: { optionalServicePolicy: 'fail' } });
    expect(f.check.status).toBe('FAIL');
    const n = await runProbe(probe, { control: 'A.15', settings: { optionalServicePolicy: 'na' } });
    expect(n.check.status).toBe('NOT_APPLICABLE');
  });

  it('initialized but no source servers: not in use', async () => {
    drs.on(DescribeSourceServersCommand).resolves({ items: [] });
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect([check.status, check.code]).toEqual(['MANUAL', 'NOT_IN_USE']);
    expect(drs.commandCalls(DescribeJobsCommand).length).toBe(0);
  });

  it('ERROR naming drs:DescribeSourceServers on AccessDeniedException', async () => {
    drs.on(DescribeSourceServersCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/drs:DescribeSourceServers/);
  });
});

describe('AWS Elastic Disaster Recovery on partial evidence (issue 15)', () => {
  it('DescribeJobs refused: a stalled server still fails; a continuous one is undecided, named', async () => {
    drs.on(DescribeSourceServersCommand).resolves({ items: [server('s-ok', 'CONTINUOUS'), server('s-bad', 'STALLED')] });
    drs.on(DescribeJobsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('FAIL');
    expect(Object.fromEntries(check.resources.map((r) => [r.id.split('/').pop(), r.status]))).toEqual({ 's-bad': 'FAIL', 's-ok': 'ERROR' });
    expect(check.resources.find((r) => r.id.endsWith('s-ok'))!.missing?.map((m) => m.action)).toEqual(['drs:DescribeJobs']);
  });

  it('a second page refused: the servers read are judged, a PASS is not proven', async () => {
    drs.on(DescribeSourceServersCommand).resolvesOnce({ items: [server('s-1', 'CONTINUOUS')], nextToken: 'n' }).rejects(awsError('ThrottlingException', 'Rate exceeded', 429));
    drs.on(DescribeJobsCommand).resolves({ items: [drill(['s-1'], 10)] });
    const { check } = await runProbe(probe, { control: 'A.15' });
    expect(check.status).toBe('ERROR');
    expect(check.resources.map((r) => r.status)).toEqual(['PASS']);
    expect(check.missing?.map((m) => m.action)).toEqual(['drs:DescribeSourceServers']);
  });
});
