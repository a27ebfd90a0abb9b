import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventDataStoreCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
  ListEventDataStoresCommand,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/cloudtrail-insights.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const ct = mockClient(CloudTrailClient);
afterEach(() => ct.reset());

const TRAIL = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`;
const EDS = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:eventdatastore/lake`;
function trail(extra: object = {}, logging = true) {
  ct.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'main', TrailARN: TRAIL, HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, HasInsightSelectors: true, ...extra }] });
  ct.on(GetTrailStatusCommand).resolves({ IsLogging: logging });
}

describe('AWS CloudTrail Insights probe', () => {
  it('PASS: the logging trail has Insights selectors, read in the trail\'s home region', async () => {
    trail();
    ct.on(GetInsightSelectorsCommand).resolves({ InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }] });
    const { check } = await runProbe(probe, { control: '9.2', regions: ['us-east-1', 'eu-west-1'] });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('Insights enabled on 1 logging trail(s)/store(s)');
    expect(check.resources).toEqual([{ id: TRAIL, region: 'eu-west-1', status: 'PASS', reason: 'trail has Insights: ApiCallRateInsight, ApiErrorRateInsight' }]);
    const calls = ct.commandCalls(GetInsightSelectorsCommand);
    expect(calls.length).toBe(1);
    expect(await calls[0].thisValue.config.region()).toBe('eu-west-1');
  });

  it('FAIL(NOT_ENABLED) on InsightNotEnabledException (the not-enabled signal, not an error)', async () => {
    trail();
    ct.on(GetInsightSelectorsCommand).rejects(awsError('InsightNotEnabledException', 'Trail main does not have Insights enabled.', 400));
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('Insights not enabled on any logging trail');
    expect(check.resources[0]).toMatchObject({ status: 'FAIL', reason: 'trail has no Insights selectors' });
  });

  it('does not ask for selectors when DescribeTrails already says there are none', async () => {
    trail({ HasInsightSelectors: false });
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('FAIL');
    expect(ct.commandCalls(GetInsightSelectorsCommand).length).toBe(0);
  });

  it('PASS through an enabled event data store with Insights (stores listed across pages)', async () => {
    ct.on(ListEventDataStoresCommand).resolvesOnce({ EventDataStores: [], NextToken: 'p2' }).resolves({ EventDataStores: [{ EventDataStoreArn: EDS, Name: 'lake' }] });
    ct.on(GetEventDataStoreCommand).resolves({ EventDataStoreArn: EDS, Name: 'lake', Status: 'ENABLED', MultiRegionEnabled: true });
    ct.on(GetInsightSelectorsCommand, { EventDataStore: EDS }).resolves({ InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }] });
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('PASS');
    expect(check.resources).toEqual([{ id: EDS, region: 'us-east-1', status: 'PASS', reason: 'event data store has Insights: ApiCallRateInsight' }]);
  });

  it('FAIL(NOT_ENABLED): no trail at all, and a trail that is not logging', async () => {
    let { check } = await runProbe(probe, { control: '9.2' });
    expect(check.reason).toBe('no CloudTrail trail, so no Insights (see AWS CloudTrail)');
    trail({}, false);
    ({ check } = await runProbe(probe, { control: '9.2' }));
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('no logging trail to run Insights on');
  });

  it('ERROR naming the IAM action on AccessDenied when DescribeTrails does not say whether the trail has selectors', async () => {
    trail({ HasInsightSelectors: undefined });
    ct.on(GetInsightSelectorsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/cloudtrail:GetInsightSelectors/);
  });

  // Was ERROR: GetInsightSelectors only adds the insight types once DescribeTrails says the trail has selectors.
  it('PASS with a warning naming the action when GetInsightSelectors is denied but DescribeTrails says the trail has selectors', async () => {
    trail();
    ct.on(GetInsightSelectorsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('PASS');
    expect(check.resources).toEqual([{ id: TRAIL, region: 'eu-west-1', status: 'PASS', reason: 'trail has Insights selectors (DescribeTrails)' }]);
    expect(check.warnings.join(' ')).toMatch(/cloudtrail:GetInsightSelectors/);
  });

  it('PASS through the event data store when trails cannot be listed; ERROR when nothing proves Insights and trails are unknown', async () => {
    ct.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    ct.on(ListEventDataStoresCommand).resolves({ EventDataStores: [{ EventDataStoreArn: EDS, Name: 'lake' }] });
    ct.on(GetEventDataStoreCommand).resolves({ EventDataStoreArn: EDS, Name: 'lake', Status: 'ENABLED', MultiRegionEnabled: true });
    ct.on(GetInsightSelectorsCommand, { EventDataStore: EDS }).resolves({ InsightSelectors: [{ InsightType: 'ApiErrorRateInsight' }] });
    let { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('PASS');
    ct.on(GetInsightSelectorsCommand, { EventDataStore: EDS }).rejects(awsError('InsightNotEnabledException', 'no insights', 400));
    ({ check } = await runProbe(probe, { control: '9.2' }));
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['cloudtrail:DescribeTrails']);
  });

  it('an organization trail seen from a member account: logging is answered only to its owner, so MANUAL, not ERROR', async () => {
    const ORG = 'arn:aws:cloudtrail:us-east-1:999988887777:trail/org';
    ct.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'org', TrailARN: ORG, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IsOrganizationTrail: true, HasInsightSelectors: true }] });
    ct.on(GetTrailStatusCommand).rejects(awsError('TrailNotFoundException', `Unknown trail: ${ORG} for the user: ${ACCOUNT}`, 400));
    ct.on(GetInsightSelectorsCommand).rejects(awsError('TrailNotFoundException', `Unknown trail: ${ORG} for the user: ${ACCOUNT}`, 400));
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.reason).toMatch(/organization trail org is logging is answered only to its owner \(account 999988887777\): verify in the management account/);
  });
});
