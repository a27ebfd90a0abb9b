import {
  CostExplorerClient,
  GetAnomalyMonitorsCommand,
  GetAnomalySubscriptionsCommand,
  GetCostAndUsageCommand,
  ListCostAllocationTagsCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { lastFullMonth } from '../../checks/probes/cost-explorer.js';
import { awsError, liveTransport, makeAccess, runProbe } from '../helpers.js';
import { regionOf } from './s3-fixtures.js';

const ce = mockClient(CostExplorerClient);
afterEach(() => ce.reset());

const MONITOR = 'arn:aws:ce::123456789012:anomalymonitor/m1';
const usage = {
  ResultsByTime: [
    {
      TimePeriod: { Start: '2026-10-01', End: '2026-11-01' },
      Groups: [
        { Keys: ['Amazon SageMaker'], Metrics: { UnblendedCost: { Amount: '1234.5', Unit: 'USD' } } },
        { Keys: ['Amazon Bedrock'], Metrics: { UnblendedCost: { Amount: '99', Unit: 'USD' } } },
        { Keys: ['Amazon EC2'], Metrics: { UnblendedCost: { Amount: '10', Unit: 'USD' } } },
      ],
    },
  ],
};

const billedCalls = () =>
  ce.commandCalls(GetCostAndUsageCommand).length + ce.commandCalls(GetAnomalyMonitorsCommand).length + ce.commandCalls(GetAnomalySubscriptionsCommand).length + ce.commandCalls(ListCostAllocationTagsCommand).length;

describe('AWS Cost Explorer probe (9.1)', () => {
  it('PASS with a subscribed anomaly monitor in three billed requests, sent to us-east-1 whatever the home region', async () => {
    ce.on(GetCostAndUsageCommand).resolves(usage);
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [{ MonitorArn: MONITOR, MonitorName: 'services', MonitorType: 'DIMENSIONAL' }] });
    ce.on(GetAnomalySubscriptionsCommand).resolves({ AnomalySubscriptions: [{ SubscriptionName: 'daily', MonitorArnList: [MONITOR], Subscribers: [{ Address: 'finops@example.com', Type: 'EMAIL' }], Frequency: 'DAILY' }] });
    const access = makeAccess(liveTransport(), { homeRegion: 'eu-west-1' });
    const { check } = await runProbe(probe, { control: '9.1', access, regions: ['eu-west-1'] });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('Cost Explorer on; 1 cost anomaly monitor(s) with alert subscriptions; AI spend 2026-10: Amazon SageMaker: 1234.50 USD, Amazon Bedrock: 99.00 USD; 3 billed Cost Explorer request(s) made (USD 0.03)');
    expect(ce.commandCalls(ListCostAllocationTagsCommand).length).toBe(0);
    expect(billedCalls()).toBe(3);
    expect(ce.commandCalls(GetCostAndUsageCommand)[0].args[0].input).toEqual({ TimePeriod: { Start: '2026-10-01', End: '2026-11-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }] });
    expect(await regionOf(ce.commandCalls(GetCostAndUsageCommand)[0])).toBe('us-east-1');
  });

  it('PASS on active user-defined cost allocation tags when no monitor exists (subscriptions not asked)', async () => {
    ce.on(GetCostAndUsageCommand).resolves(usage);
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [] });
    ce.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [{ TagKey: 'ml-project', Type: 'UserDefined', Status: 'Active' }] });
    const { check } = await runProbe(probe, { control: '9.1' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toMatch(/1 active cost allocation tag\(s\) \(ml-project\)/);
    expect(ce.commandCalls(GetAnomalySubscriptionsCommand).length).toBe(0);
    expect(ce.commandCalls(ListCostAllocationTagsCommand)[0].args[0].input).toEqual({ Status: 'Active', Type: 'UserDefined' });
    expect(check.warnings).toEqual(['3 billed Cost Explorer request(s) made (USD 0.03)']);
  });

  it('counts every page as a billed request; the first page is not asked twice', async () => {
    ce.on(GetCostAndUsageCommand).resolvesOnce({ ...usage, NextPageToken: 'p2' }).resolves({ ResultsByTime: [] });
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [] });
    ce.on(ListCostAllocationTagsCommand).resolvesOnce({ CostAllocationTags: [], NextToken: 't2' }).resolves({ CostAllocationTags: [] });
    const { check } = await runProbe(probe, { control: '9.1' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(ce.commandCalls(GetCostAndUsageCommand).length).toBe(2);
    expect(billedCalls()).toBe(5);
    expect(check.warnings).toEqual(['5 billed Cost Explorer request(s) made (USD 0.05)']);
  });

  it('FAIL(NOT_ENABLED) on "User not enabled for cost explorer access", after one request', async () => {
    ce.on(GetCostAndUsageCommand).rejects(awsError('AccessDeniedException', 'User not enabled for cost explorer access', 400));
    const { check } = await runProbe(probe, { control: '9.1' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('Cost Explorer is not enabled for this account');
    expect(billedCalls()).toBe(1);
  });

  it('MANUAL on DataUnavailableException (recently enabled)', async () => {
    ce.on(GetCostAndUsageCommand).rejects(awsError('DataUnavailableException', 'Data is not available', 400));
    const { check } = await runProbe(probe, { control: '9.1' });
    expect(check.status).toBe('MANUAL');
    expect(check.reason).toMatch(/no data yet/);
  });

  it('ERROR naming ce:GetCostAndUsage when the role has no Cost Explorer access at all', async () => {
    // The old version of this test denied only GetCostAndUsage and let the other calls answer the
    // mock's empty default: those empty answers are a FAIL whatever Cost Explorer's state (next test).
    const denied = awsError('AccessDeniedException', 'User is not authorized to perform this action', 403);
    ce.on(GetCostAndUsageCommand).rejects(denied);
    ce.on(GetAnomalyMonitorsCommand).rejects(denied);
    ce.on(GetAnomalySubscriptionsCommand).rejects(denied);
    ce.on(ListCostAllocationTagsCommand).rejects(denied);
    const { check } = await runProbe(probe, { control: '9.1' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/ce:GetCostAndUsage/);
    expect(check.missing?.map((m) => m.action)).toContain('ce:GetAnomalyMonitors');
  });

  it('GetCostAndUsage denied: FAIL when no monitor and no tag (either state of Cost Explorer fails), PASS on a subscribed monitor (monitors exist only with Cost Explorer on)', async () => {
    ce.on(GetCostAndUsageCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform this action', 403));
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [] });
    ce.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [] });
    const none = await runProbe(probe, { control: '9.1' });
    expect([none.check.status, none.check.code]).toEqual(['FAIL', 'MISCONFIGURED']);
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [{ MonitorArn: MONITOR, MonitorName: 'services' }] });
    ce.on(GetAnomalySubscriptionsCommand).resolves({ AnomalySubscriptions: [{ SubscriptionName: 'daily', MonitorArnList: [MONITOR], Subscribers: [{ Address: 'finops@example.com', Type: 'EMAIL' }], Frequency: 'DAILY' }] });
    const sub = await runProbe(probe, { control: '9.1' });
    expect(sub.check.status).toBe('PASS');
    expect(sub.check.reason).toMatch(/AI spend not read/);
  });

  it('GetCostAndUsage denied and only tags active: ERROR (tags do not prove Cost Explorer is on)', async () => {
    ce.on(GetCostAndUsageCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform this action', 403));
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [] });
    ce.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [{ TagKey: 'ml-project', Type: 'UserDefined', Status: 'Active' }] });
    const { check } = await runProbe(probe, { control: '9.1' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['ce:GetCostAndUsage']);
  });

  it('subscriptions denied: an active tag still passes; without one, ERROR naming ce:GetAnomalySubscriptions', async () => {
    ce.on(GetCostAndUsageCommand).resolves(usage);
    ce.on(GetAnomalyMonitorsCommand).resolves({ AnomalyMonitors: [{ MonitorArn: MONITOR, MonitorName: 'services' }] });
    ce.on(GetAnomalySubscriptionsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    ce.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [{ TagKey: 'ml-project', Type: 'UserDefined', Status: 'Active' }] });
    const tagged = await runProbe(probe, { control: '9.1' });
    expect(tagged.check.status).toBe('PASS');
    expect(tagged.check.resources[0].status).toBe('ERROR');
    ce.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [] });
    const open = await runProbe(probe, { control: '9.1' });
    expect(open.check.status).toBe('ERROR');
    expect(open.check.missing?.map((m) => m.action)).toEqual(['ce:GetAnomalySubscriptions']);
  });

  it('MANUAL(PARTIAL) when a member account is governed by its payer', async () => {
    ce.on(GetCostAndUsageCommand).rejects(awsError('AccessDeniedException', 'Your payer account needs to enable Cost Explorer', 400));
    const { check } = await runProbe(probe, { control: '9.1' });
    expect([check.status, check.code]).toEqual(['MANUAL', 'PARTIAL']);
    expect(check.reason).toMatch(/payer \(management\) account/);
  });

  it('asks for the last full calendar month', () => {
    expect(lastFullMonth(new Date('2026-01-15T00:00:00Z'))).toEqual({ start: '2025-12-01', end: '2026-01-01' });
  });
});
