import { BedrockClient, ListCustomModelsCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient, DescribeAlarmsCommand, GetDashboardCommand, ListDashboardsCommand } from '@aws-sdk/client-cloudwatch';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { aiNamespacesIn } from '../../checks/probes/cloudwatch-dashboards.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
const br = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
afterEach(() => [sm, br, cw].forEach((m) => m.reset()));

const REGIONS = ['us-east-1', 'eu-west-1'];
const D = (n: string) => `arn:aws:cloudwatch::${ACCOUNT}:dashboard/${n}`;
/** An endpoint in eu-west-1 only: the account has an AI footprint, the home region none. */
function footprintInEu() {
  sm.on(ListEndpointsCommand).callsFake(async (_input, getClient) => {
    const region = await getClient().config.region();
    return region === 'eu-west-1'
      ? { Endpoints: [{ EndpointName: 'churn-predictor', EndpointArn: `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:endpoint/churn-predictor`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] }
      : { Endpoints: [] };
  });
}
const body = (metrics: unknown[]) => JSON.stringify({ widgets: [{ type: 'metric', properties: { metrics, region: 'eu-west-1' } }] });

describe('Amazon CloudWatch Dashboards probe', () => {
  it('NOT_APPLICABLE when no scanned region has an AI footprint', async () => {
    const { check } = await runProbe(probe, { control: '9.1', regions: REGIONS });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no SageMaker or Bedrock footprint in any scanned region');
    // Was 0: the dashboards are listed once per scan whatever the footprint says (issue 15).
    expect(cw.commandCalls(ListDashboardsCommand).length).toBe(1);
  });

  it('PASS: dashboards listed once for the account (two pages), the AI one found by namespace', async () => {
    footprintInEu();
    cw.on(ListDashboardsCommand)
      .resolvesOnce({ DashboardEntries: [{ DashboardName: 'billing', DashboardArn: D('billing'), LastModified: new Date('2026-10-01T00:00:00Z') }], NextToken: 'd2' })
      .resolves({ DashboardEntries: [{ DashboardName: 'ml-kpis', DashboardArn: D('ml-kpis'), LastModified: new Date('2026-10-20T00:00:00Z') }] });
    cw.on(GetDashboardCommand, { DashboardName: 'billing' }).resolves({ DashboardBody: body([['AWS/Billing', 'EstimatedCharges']]) });
    cw.on(GetDashboardCommand, { DashboardName: 'ml-kpis' }).resolves({ DashboardBody: body([['AWS/SageMaker', 'ModelLatency', 'EndpointName', 'churn-predictor'], ['/aws/sagemaker/Endpoints/data-metrics', 'feature_baseline_drift_x']]) });
    const { check } = await runProbe(probe, { control: '9.1', regions: REGIONS });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('1 dashboard(s) show AI metrics: ml-kpis');
    expect(check.resources).toEqual([{ id: D('ml-kpis'), status: 'PASS', reason: 'dashboard ml-kpis: /aws/sagemaker/Endpoints/data-metrics, AWS/SageMaker' }]);
    expect(check.regions.map((r) => r.region)).toEqual(['global']);
    expect(cw.commandCalls(ListDashboardsCommand).length).toBe(2);
    expect(cw.commandCalls(GetDashboardCommand).length).toBe(2);
  });

  it('PASS through an alarm widget for an AI alarm', async () => {
    footprintInEu();
    const alarmArn = `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:churn-5xx`;
    cw.on(ListDashboardsCommand).resolves({ DashboardEntries: [{ DashboardName: 'ops', DashboardArn: D('ops') }] });
    cw.on(GetDashboardCommand).resolves({ DashboardBody: JSON.stringify({ widgets: [{ type: 'alarm', properties: { alarms: [alarmArn] } }] }) });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'churn-5xx', AlarmArn: alarmArn, Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors' }] });
    const { check } = await runProbe(probe, { control: '9.1', regions: REGIONS });
    expect(check.status).toBe('PASS');
    expect(check.resources[0].reason).toBe('dashboard ops: AI alarm(s) churn-5xx');
  });

  it('FAIL(NOT_IN_USE): AI footprint but no dashboard shows AI metrics', async () => {
    footprintInEu();
    cw.on(ListDashboardsCommand).resolves({ DashboardEntries: [{ DashboardName: 'billing', DashboardArn: D('billing') }] });
    cw.on(GetDashboardCommand).resolves({ DashboardBody: body([['AWS/Billing', 'EstimatedCharges']]) });
    const { check } = await runProbe(probe, { control: '9.1', regions: REGIONS });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('AI footprint (eu-west-1: 1 in-service endpoint(s)) but none of 1 dashboard(s) shows SageMaker or Bedrock metrics');
  });

  it('MANUAL(PARTIAL) when more dashboards exist than are read and none of those read is an AI one', async () => {
    footprintInEu();
    const entries = Array.from({ length: 201 }, (_, i) => ({ DashboardName: `d${String(i).padStart(3, '0')}`, DashboardArn: D(`d${i}`), LastModified: new Date(Date.UTC(2026, 0, 1) + i * 60_000) }));
    cw.on(ListDashboardsCommand).resolves({ DashboardEntries: entries });
    cw.on(GetDashboardCommand).resolves({ DashboardBody: body([['AWS/EC2', 'CPUUtilization']]) });
    const { check } = await runProbe(probe, { control: '9.1', regions: REGIONS });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(cw.commandCalls(GetDashboardCommand).length).toBe(200);
    // The oldest one is the one left unread.
    expect(cw.commandCalls(GetDashboardCommand).some((c) => c.args[0].input.DashboardName === 'd000')).toBe(false);
  });

  it('ERROR when the footprint cannot be read in a region and nothing else decides', async () => {
    br.on(ListCustomModelsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    cw.on(ListDashboardsCommand).resolves({ DashboardEntries: [] });
    const { check } = await runProbe(probe, { control: '9.1', regions: REGIONS });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/AI footprint could not be read/);
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    footprintInEu();
    cw.on(ListDashboardsCommand).rejects(awsError('AccessDenied', 'denied', 403));
    const { check } = await runProbe(probe, { control: '9.1', regions: REGIONS });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/cloudwatch:ListDashboards/);
  });

  it('PASS from one AI dashboard when another body cannot be read; ERROR naming cloudwatch:GetDashboard when no body read shows AI', async () => {
    footprintInEu();
    cw.on(ListDashboardsCommand).resolves({ DashboardEntries: [{ DashboardName: 'billing', DashboardArn: D('billing') }, { DashboardName: 'ml-kpis', DashboardArn: D('ml-kpis') }] });
    cw.on(GetDashboardCommand, { DashboardName: 'billing' }).rejects(awsError('AccessDenied', 'denied', 403));
    cw.on(GetDashboardCommand, { DashboardName: 'ml-kpis' }).resolves({ DashboardBody: body([['AWS/SageMaker', 'ModelLatency']]) });
    let { check } = await runProbe(probe, { control: '9.1', regions: REGIONS });
    expect(check.status).toBe('PASS');
    cw.on(GetDashboardCommand, { DashboardName: 'ml-kpis' }).resolves({ DashboardBody: body([['AWS/EC2', 'CPUUtilization']]) });
    ({ check } = await runProbe(probe, { control: '9.1', regions: REGIONS }));
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => [m.action, m.resource])).toEqual([['cloudwatch:GetDashboard', D('billing')]]);
  });

  it('finds AI namespaces in SEARCH expressions too', () => {
    expect(aiNamespacesIn('{"expression":"SEARCH(\'{AWS/Bedrock,ModelId} MetricName=\\"Invocations\\"\', \'Sum\')"}')).toEqual(['AWS/Bedrock']);
  });
});
