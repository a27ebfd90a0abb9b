import { DescribeAccountSubscriptionCommand, ListDashboardsCommand, QuickSightClient } from '@aws-sdk/client-quicksight';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { identityRegionOf } from '../../checks/probes/quicksight.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';
import { regionOf } from './s3-fixtures.js';

const qs = mockClient(QuickSightClient);
afterEach(() => qs.reset());

const subscribed = { AccountInfo: { AccountName: 'acme', Edition: 'ENTERPRISE' as const, AccountSubscriptionStatus: 'ACCOUNT_CREATED' } };
const dash = (id: string, published = 1) => ({ Arn: `arn:aws:quicksight:us-east-1:${ACCOUNT}:dashboard/${id}`, DashboardId: id, Name: `AI ${id}`, PublishedVersionNumber: published });

describe('Amazon QuickSight probe (9.1)', () => {
  it('PASS: subscribed, published dashboards listed across pages, with the account ID', async () => {
    qs.on(DescribeAccountSubscriptionCommand).resolves(subscribed);
    qs.on(ListDashboardsCommand).resolvesOnce({ DashboardSummaryList: [dash('drift')], NextToken: 'n' }).resolves({ DashboardSummaryList: [dash('latency'), dash('draft', 0)] });
    const { check } = await runProbe(probe, { control: '9.1' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('2 published QuickSight dashboard(s): AI drift, AI latency');
    expect(check.resources.find((r) => r.id.endsWith('/draft'))).toMatchObject({ status: 'MANUAL', reason: 'dashboard AI draft: never published' });
    expect(qs.commandCalls(DescribeAccountSubscriptionCommand)[0].args[0].input).toEqual({ AwsAccountId: ACCOUNT });
    expect(qs.commandCalls(ListDashboardsCommand)[0].args[0].input).toEqual({ AwsAccountId: ACCOUNT });
    expect(check.warnings.some((w) => w.includes('not provable from the API'))).toBe(true);
  });

  it.each([
    ['ResourceNotFoundException', 'Account 123456789012 is not signed up with QuickSight', 404],
    ['UnsupportedUserEditionException', 'Account 123456789012 is not subscribed for QuickSight', 403],
    ['AccessDeniedException', 'This operation is disabled for STANDARD Edition', 403],
  ])('not subscribed (%s): MANUAL(NOT_IN_USE) by default', async (name, message, status) => {
    qs.on(DescribeAccountSubscriptionCommand).rejects(awsError(name, message, status));
    const { check } = await runProbe(probe, { control: '9.1' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toMatch(/^the account has no QuickSight subscription/);
  });

  it('policy fail / na decide an unused QuickSight', async () => {
    qs.on(DescribeAccountSubscriptionCommand).rejects(awsError('ResourceNotFoundException', 'not signed up', 404));
    const f = await runProbe(probe, { control: '9.1', settings: { optionalServicePolicy: 'fail' } });
    expect([f.check.status, f.check.code]).toEqual(['FAIL', 'NOT_IN_USE']);
    const n = await runProbe(probe, { control: '9.1', settings: { optionalServicePolicy: 'na' } });
    expect(n.check.status).toBe('NOT_APPLICABLE');
  });

  it('subscribed but no published dashboard: not in use', async () => {
    qs.on(DescribeAccountSubscriptionCommand).resolves(subscribed);
    qs.on(ListDashboardsCommand).resolves({ DashboardSummaryList: [] });
    const { check } = await runProbe(probe, { control: '9.1' });
    expect([check.status, check.code]).toEqual(['MANUAL', 'NOT_IN_USE']);
    expect(check.reason).toMatch(/QuickSight ENTERPRISE subscribed but no published dashboard/);
  });

  it('retries the subscription read in the identity region named by the wrong-endpoint answer', async () => {
    qs.on(DescribeAccountSubscriptionCommand)
      .rejectsOnce(awsError('AccessDeniedException', 'Operation is being called from endpoint us-east-1, but your identity region is eu-west-1. Please use the eu-west-1 endpoint.', 403))
      .resolves(subscribed);
    qs.on(ListDashboardsCommand).resolves({ DashboardSummaryList: [dash('drift')] });
    const { check } = await runProbe(probe, { control: '9.1' });
    expect(check.status).toBe('PASS');
    const calls = qs.commandCalls(DescribeAccountSubscriptionCommand);
    expect(await Promise.all(calls.map(regionOf))).toEqual(['us-east-1', 'eu-west-1']);
    expect(identityRegionOf('… your identity region is ap-southeast-2.')).toBe('ap-southeast-2');
  });

  it('MANUAL(PARTIAL) when the wrong-endpoint answer names no identity region and no dashboard is found', async () => {
    qs.on(DescribeAccountSubscriptionCommand).rejects(awsError('AccessDeniedException', 'Operation is being called from endpoint us-east-1, which is not your identity region', 403));
    const { check } = await runProbe(probe, { control: '9.1' });
    expect([check.status, check.code]).toEqual(['MANUAL', 'PARTIAL']);
    expect(check.reason).toMatch(/could not be read from this region/);
  });

  it('ERROR naming quicksight:ListDashboards on a plain AccessDeniedException', async () => {
    qs.on(DescribeAccountSubscriptionCommand).resolves(subscribed);
    qs.on(ListDashboardsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized', 403));
    const { check } = await runProbe(probe, { control: '9.1' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/quicksight:ListDashboards/);
  });

  it('an answer without AccountInfo is not read as a subscription: no dashboards → not in use, saying the subscription was not read', async () => {
    qs.on(DescribeAccountSubscriptionCommand).resolves({});
    qs.on(ListDashboardsCommand).resolves({ DashboardSummaryList: [] });
    const { check } = await runProbe(probe, { control: '9.1' });
    expect([check.status, check.code]).toEqual(['MANUAL', 'NOT_IN_USE']);
    expect(check.reason).toMatch(/subscription not read/);
    expect(check.reason).not.toMatch(/subscribed but/);
  });

  it('subscription denied: a published dashboard still proves use (PASS, warning names the action); dashboards denied too → ERROR', async () => {
    qs.on(DescribeAccountSubscriptionCommand).rejects(awsError('AccessDeniedException', 'User is not authorized', 403));
    qs.on(ListDashboardsCommand).resolves({ DashboardSummaryList: [dash('drift')] });
    const ok = await runProbe(probe, { control: '9.1' });
    expect(ok.check.status).toBe('PASS');
    expect(ok.check.warnings.some((w) => w.includes('quicksight:DescribeAccountSubscription'))).toBe(true);
    qs.on(ListDashboardsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized', 403));
    const open = await runProbe(probe, { control: '9.1' });
    expect(open.check.status).toBe('ERROR');
    expect(open.check.missing?.map((m) => m.action)).toEqual(['quicksight:DescribeAccountSubscription', 'quicksight:ListDashboards']);
  });
});
