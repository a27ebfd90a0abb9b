import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeMonitoringScheduleCommand,
  ListEndpointsCommand,
  ListMonitoringSchedulesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { MODEL_MONITOR_ALTERNATIVE, scheduleIntervalHours } from '../../checks/probes/sagemaker-model-monitor.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
afterEach(() => sm.reset());

const arn = (n: string) => `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${n}`;

function endpoint(name: string, o: { capture?: boolean; kms?: boolean; serverless?: boolean; multiModel?: boolean } = {}) {
  sm.on(DescribeEndpointCommand, { EndpointName: name }).resolves({
    EndpointName: name,
    EndpointArn: arn(name),
    EndpointStatus: 'InService',
    EndpointConfigName: `${name}-cfg`,
    ProductionVariants: [{ VariantName: 'AllTraffic', CurrentInstanceCount: 2, ...(o.serverless ? { CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } } : {}) }],
    ...(o.capture ? { DataCaptureConfig: { EnableCapture: true, CaptureStatus: 'Started', CurrentSamplingPercentage: 20, DestinationS3Uri: 's3://capture/x', KmsKeyId: o.kms ? 'arn:aws:kms:us-east-1:123456789012:key/k' : undefined } } : {}),
    CreationTime: NOW,
    LastModifiedTime: NOW,
  });
  sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: `${name}-cfg` }).resolves({ EndpointConfigName: `${name}-cfg`, EndpointConfigArn: 'x', ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: `${name}-model` }], CreationTime: NOW });
  sm.on(DescribeModelCommand, { ModelName: `${name}-model` }).resolves({ ModelName: `${name}-model`, ModelArn: 'm', CreationTime: NOW, PrimaryContainer: { Image: 'img', Mode: o.multiModel ? 'MultiModel' : 'SingleModel' } });
  return { EndpointName: name, EndpointArn: arn(name), EndpointStatus: 'InService' as const, CreationTime: NOW, LastModifiedTime: NOW };
}

function schedule(name: string, endpointName: string | undefined, type: 'DataQuality' | 'ModelQuality' | 'ModelBias', last = 'Completed') {
  sm.on(DescribeMonitoringScheduleCommand, { MonitoringScheduleName: name }).resolves({
    MonitoringScheduleArn: `arn:${name}`,
    MonitoringScheduleName: name,
    MonitoringScheduleStatus: 'Scheduled',
    CreationTime: NOW,
    LastModifiedTime: NOW,
    MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' } },
    LastMonitoringExecutionSummary: { MonitoringScheduleName: name, ScheduledTime: new Date(NOW.getTime() - 30 * 60_000), CreationTime: NOW, LastModifiedTime: NOW, MonitoringExecutionStatus: last as 'Completed' },
  });
  return { MonitoringScheduleName: name, MonitoringScheduleArn: `arn:${name}`, CreationTime: NOW, LastModifiedTime: NOW, MonitoringScheduleStatus: 'Scheduled' as const, EndpointName: endpointName, MonitoringType: type };
}

describe('Amazon SageMaker Model Monitor probe', () => {
  it('PASS: every in-service endpoint captures data and has a Scheduled monitor (endpoints and schedules over two pages)', async () => {
    const a = endpoint('churn-predictor', { capture: true, kms: true });
    const b = endpoint('fraud-scorer', { capture: true, kms: true });
    sm.on(ListEndpointsCommand).resolvesOnce({ Endpoints: [a], NextToken: 'p2' }).resolves({ Endpoints: [b] });
    sm.on(ListMonitoringSchedulesCommand)
      .resolvesOnce({ MonitoringScheduleSummaries: [schedule('s1', 'churn-predictor', 'DataQuality')], NextToken: 't2' })
      .resolves({ MonitoringScheduleSummaries: [schedule('s2', 'fraud-scorer', 'ModelBias')] });
    const { check } = await runProbe(probe, { control: '6.1.2' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 2 in-service endpoint(s) capture data and have a scheduled monitor');
    expect(check.resources.map((r) => [r.id, r.status, r.reason])).toEqual([
      [arn('churn-predictor'), 'PASS', 'endpoint churn-predictor: capture 20%, KMS-encrypted, monitors DataQuality'],
      [arn('fraud-scorer'), 'PASS', 'endpoint fraud-scorer: capture 20%, KMS-encrypted, monitors ModelBias'],
    ]);
    expect(sm.commandCalls(ListEndpointsCommand).length).toBe(2);
    expect(sm.commandCalls(ListMonitoringSchedulesCommand).length).toBe(2);
    expect(check.warnings).toEqual([]);
  });

  it('FAIL(NOT_IN_USE) names the endpoint and the gap, and says the service is closed to new customers', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('churn-predictor')] });
    const { check } = await runProbe(probe, { control: '9.1' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toContain('endpoint churn-predictor: data capture off, no Scheduled monitoring schedule');
    // Issue 17: the availability text and the remediation agree on what a new customer does.
    expect(check.reason).toMatch(/closed to new customers since 30 July 2026 \(existing customers keep using it\): a new customer must instead schedule SageMaker Processing jobs/);
    expect(check.remediation).toMatch(/Existing Model Monitor customers: create a monitoring schedule .*create-monitoring-schedule/);
    expect(check.remediation).toMatch(/New customers, for whom Model Monitor is closed since 30 July 2026: schedule SageMaker Processing jobs .* CloudWatch metrics with alarms/);
    expect(check.availability).toContain(MODEL_MONITOR_ALTERNATIVE);
    expect(check.remediation).toContain(MODEL_MONITOR_ALTERNATIVE);
    expect(check.resources[0]).toMatchObject({ status: 'FAIL', reason: 'endpoint churn-predictor: data capture off, no Scheduled monitoring schedule' });
  });

  it('acceptAlternatives turns the closed-service FAIL into MANUAL', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('churn-predictor')] });
    const { check } = await runProbe(probe, { settings: { acceptAlternatives: true } });
    expect(check.status).toBe('MANUAL');
    expect(check.reason).toMatch(/alternative is accepted by configuration/);
  });

  it('NOT_APPLICABLE with no in-service endpoints and no schedules', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no in-service SageMaker endpoints and no monitoring schedules');
  });

  it('MANUAL(PARTIAL) when every endpoint is serverless or multi-model', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('sls', { serverless: true }), endpoint('mme', { multiModel: true })] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.resources.map((r) => r.status)).toEqual(['NOT_APPLICABLE', 'NOT_APPLICABLE']);
    expect(check.resources.find((r) => r.id === arn('mme'))?.reason).toMatch(/multi-model/);
  });

  it('warns about a failed last run, unencrypted capture and the control emphasis', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('churn-predictor', { capture: true })] });
    sm.on(ListMonitoringSchedulesCommand).resolves({ MonitoringScheduleSummaries: [schedule('s1', 'churn-predictor', 'DataQuality', 'Failed')] });
    const { check } = await runProbe(probe, { control: 'A.5' });
    expect(check.status).toBe('PASS');
    expect(check.warnings).toEqual([
      'endpoint churn-predictor: captured data is not encrypted with a KMS key of yours',
      'no ModelQuality schedule (with ground-truth merge), which A.5 emphasises',
      'schedule s1: last execution Failed',
    ]);
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [] });
    sm.on(ListMonitoringSchedulesCommand).rejects(awsError('AccessDeniedException', 'not authorized', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sagemaker:ListMonitoringSchedules/);
  });

  it('reads schedule intervals from SageMaker cron expressions', () => {
    expect(scheduleIntervalHours('cron(0 * ? * * *)')).toBe(1);
    expect(scheduleIntervalHours('cron(0 0/6 ? * * *)')).toBe(6);
    expect(scheduleIntervalHours('cron(0 3 ? * * *)')).toBe(24);
    expect(scheduleIntervalHours('NOW')).toBeUndefined();
  });

  // Issue 15: per-endpoint judgement; a known gap decides without the unread parts.
  it('FAIL from a listed endpoint without capture or schedule while ListMonitoringSchedules is refused', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('churn-predictor')] });
    sm.on(ListMonitoringSchedulesCommand).rejects(awsError('AccessDeniedException', 'not authorized', 403));
    const { check } = await runProbe(probe, { control: '9.1' });
    expect(check.status).toBe('FAIL');
    expect(check.resources[0]).toMatchObject({ status: 'FAIL', reason: 'endpoint churn-predictor: data capture off' });
  });

  it('an unreadable endpoint is ERROR beside an unmonitored one (FAIL), never dropped', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('churn-predictor'), endpoint('fraud-scorer', { capture: true })] });
    sm.on(DescribeEndpointCommand, { EndpointName: 'fraud-scorer' }).rejects(awsError('AccessDeniedException', 'not authorized', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.resources.map((r) => [r.id, r.status])).toEqual([[arn('churn-predictor'), 'FAIL'], [arn('fraud-scorer'), 'ERROR']]);
    expect(check.resources[1].missing?.map((m) => m.action)).toEqual(['sagemaker:DescribeEndpoint']);
  });

  it('DescribeModel refused: a monitored endpoint still PASSes; an unmonitored one is ERROR (it might be multi-model)', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('churn-predictor', { capture: true, kms: true }), endpoint('fraud-scorer')] });
    sm.on(ListMonitoringSchedulesCommand).resolves({ MonitoringScheduleSummaries: [schedule('s1', 'churn-predictor', 'DataQuality')] });
    sm.on(DescribeModelCommand).rejects(awsError('AccessDeniedException', 'not authorized', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.resources.map((r) => [r.id, r.status])).toEqual([[arn('churn-predictor'), 'PASS'], [arn('fraud-scorer'), 'ERROR']]);
    expect(check.missing?.map((m) => m.action)).toEqual(['sagemaker:DescribeModel']);
  });

  it('DescribeMonitoringSchedule refused only costs the staleness warning', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpoint('churn-predictor', { capture: true, kms: true })] });
    sm.on(ListMonitoringSchedulesCommand).resolves({ MonitoringScheduleSummaries: [schedule('s1', 'churn-predictor', 'DataQuality')] });
    sm.on(DescribeMonitoringScheduleCommand).rejects(awsError('AccessDeniedException', 'not authorized', 403));
    const { check } = await runProbe(probe, { control: '6.1.2' });
    expect(check.status).toBe('PASS');
    expect(check.warnings).toContain('last runs of 1 schedule(s) not read (sagemaker:DescribeMonitoringSchedule refused): s1');
  });
});
