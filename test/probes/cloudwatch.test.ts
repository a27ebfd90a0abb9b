import { BedrockClient, ListCustomModelsCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient, DescribeAlarmsCommand, DescribeAnomalyDetectorsCommand } from '@aws-sdk/client-cloudwatch';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/cloudwatch.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
const br = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
afterEach(() => [sm, br, cw].forEach((m) => m.reset()));

const EP = (n: string) => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${n}`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:ml-oncall`;
function endpoints(...names: string[]) {
  sm.on(ListEndpointsCommand).resolves({ Endpoints: names.map((n) => ({ EndpointName: n, EndpointArn: EP(n), EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() })) });
}
const alarm = (name: string, endpoint: string, extra: object = {}) => ({
  AlarmName: name,
  AlarmArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${name}`,
  Namespace: 'AWS/SageMaker',
  MetricName: 'Invocation5XXErrors',
  Dimensions: [{ Name: 'EndpointName', Value: endpoint }, { Name: 'VariantName', Value: 'AllTraffic' }],
  ActionsEnabled: true,
  AlarmActions: [TOPIC],
  StateValue: 'OK',
  ...extra,
});

describe('Amazon CloudWatch probe', () => {
  // Was "lists no alarms": the alarms are now read whatever the footprint says, so a replay that
  // finds the footprint unknown still has them (issue 15: no calls gated on the footprint).
  it('NOT_APPLICABLE without an AI footprint; the alarms are still read (one list per region)', async () => {
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no SageMaker or Bedrock footprint in this region');
    expect(cw.commandCalls(DescribeAlarmsCommand).length).toBe(1);
  });

  it('PASS: every in-service endpoint watched by an alarm with actions; alarms read across pages; 6.1.2 counts anomaly detectors', async () => {
    endpoints('churn-predictor', 'fraud-scorer');
    cw.on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [alarm('churn-5xx', 'churn-predictor')], NextToken: 'p2' })
      .resolves({ MetricAlarms: [alarm('fraud-latency', 'fraud-scorer', { MetricName: 'ModelLatency' })] });
    cw.on(DescribeAnomalyDetectorsCommand).resolves({ AnomalyDetectors: [{ SingleMetricAnomalyDetector: { Namespace: 'AWS/SageMaker', MetricName: 'Invocations', Stat: 'Sum' } }] });
    const { check } = await runProbe(probe, { control: '6.1.2' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('2 alarm(s) with enabled actions watch AI metrics; all 2 in-service endpoint(s) covered; 1 anomaly detector(s) on AI metrics');
    expect(check.resources).toContainEqual({ id: EP('churn-predictor'), region: 'us-east-1', status: 'PASS', reason: 'endpoint churn-predictor: watched by alarm(s) churn-5xx' });
    expect(check.warnings).toEqual([]);
    const calls = cw.commandCalls(DescribeAlarmsCommand);
    expect(calls.length).toBe(2);
    expect(calls[0].args[0].input).toEqual({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] });
  });

  it('FAIL(NOT_IN_USE) names the endpoint no alarm watches', async () => {
    endpoints('churn-predictor', 'fraud-scorer');
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm('churn-5xx', 'churn-predictor'), alarm('fraud-muted', 'fraud-scorer', { ActionsEnabled: false })] });
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('1 of 2 in-service endpoint(s) have no alarm with enabled actions: fraud-scorer');
    expect(check.resources).toContainEqual({ id: EP('fraud-scorer'), region: 'us-east-1', status: 'FAIL', reason: 'endpoint fraud-scorer: no alarm with enabled actions on its metrics' });
    expect(check.warnings).toContain('1 AI alarm(s) without enabled actions: fraud-muted');
  });

  it('FAIL(NOT_IN_USE) with a footprint and no AI alarm; auto-scaling alarms do not count', async () => {
    endpoints('churn-predictor');
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        alarm('TargetTracking-endpoint/churn-predictor-AlarmHigh', 'churn-predictor', { AlarmActions: [`arn:aws:autoscaling:us-east-1:${ACCOUNT}:scalingPolicy:abc:resource/sagemaker/endpoint/churn-predictor/variant/AllTraffic:policyName/p`] }),
        { ...alarm('ec2-cpu', 'x'), Namespace: 'AWS/EC2', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] },
      ],
    });
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('AI footprint (1 in-service endpoint(s)) but no CloudWatch alarm with enabled actions on SageMaker or Bedrock metrics');
    expect(check.warnings).toContain('1 auto-scaling alarm(s) not counted, as they alert no one: TargetTracking-endpoint/churn-predictor-AlarmHigh');
  });

  it('a metric alarm without actions counts when a composite alarm with actions combines it', async () => {
    endpoints('churn-predictor');
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [alarm('churn-5xx', 'churn-predictor', { ActionsEnabled: false, AlarmActions: [] })],
      CompositeAlarms: [{ AlarmName: 'churn-any', AlarmArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:churn-any`, AlarmRule: 'ALARM("churn-5xx") OR ALARM(other)', ActionsEnabled: true, AlarmActions: [TOPIC] }],
    });
    const { check } = await runProbe(probe, { control: '6.1.2' });
    expect(check.status).toBe('PASS');
    expect(check.resources).toContainEqual({ id: EP('churn-predictor'), region: 'us-east-1', status: 'PASS', reason: 'endpoint churn-predictor: watched by alarm(s) churn-5xx, churn-any' });
    expect(check.warnings).toContain('no anomaly detector or anomaly-band alarm on SageMaker or Bedrock metrics (6.1.2 asks for anomaly alarms)');
  });

  it('a Bedrock alarm on a metric-math expression counts when Bedrock is the footprint', async () => {
    br.on(ListCustomModelsCommand).resolves({ modelSummaries: [{ modelArn: 'arn:aws:bedrock:us-east-1:123456789012:custom-model/x', modelName: 'x', creationTime: new Date(), baseModelArn: 'b', baseModelName: 'b' }] });
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [{ AlarmName: 'bedrock-throttles', AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:bedrock-throttles', ActionsEnabled: true, AlarmActions: [TOPIC], Metrics: [{ Id: 'm1', MetricStat: { Metric: { Namespace: 'AWS/Bedrock', MetricName: 'InvocationThrottles' }, Period: 60, Stat: 'Sum' } }] }],
    });
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('1 alarm(s) with enabled actions watch AI metrics');
  });

  it('ERROR, not NOT_APPLICABLE, when the footprint cannot be read and no AI alarm exists', async () => {
    br.on(ListCustomModelsCommand).rejects(awsError('AccessDeniedException', 'not authorized', 403));
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/AI footprint could not be read.*bedrock:ListCustomModels/);
  });

  it('PASS from the alarms when the footprint cannot be read; anomaly detectors refused only warn (6.1.2)', async () => {
    endpoints('churn-predictor');
    br.on(ListCustomModelsCommand).rejects(awsError('AccessDeniedException', 'not authorized', 403));
    const bedrockAlarm = { ...alarm('bedrock-errors', 'x'), Namespace: 'AWS/Bedrock', MetricName: 'InvocationServerErrors', Dimensions: [] };
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm('churn-5xx', 'churn-predictor'), bedrockAlarm] });
    cw.on(DescribeAnomalyDetectorsCommand).rejects(awsError('AccessDenied', 'denied', 403));
    let { check } = await runProbe(probe, { control: '6.1.2' });
    expect(check.status).toBe('PASS');
    expect(check.warnings.join(' ')).toMatch(/anomaly detectors not read.*cloudwatch:DescribeAnomalyDetectors/);
    // Without the Bedrock alarm, whether one is needed turns on the unread Bedrock footprint.
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm('churn-5xx', 'churn-predictor')] });
    ({ check } = await runProbe(probe, { control: '6.1.2' }));
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['bedrock:ListCustomModels']);
  });

  // Issue 16 (Prowler cloudwatch_bedrock_runtime_alarms_configured): SageMaker alarms alone passed a region using Bedrock.
  it('FAIL(NOT_IN_USE): Bedrock in use and every endpoint covered, but no alarm watches AWS/Bedrock', async () => {
    endpoints('churn-predictor');
    br.on(ListCustomModelsCommand).resolves({ modelSummaries: [{ modelArn: 'arn:aws:bedrock:us-east-1:123456789012:custom-model/x', modelName: 'x', creationTime: new Date(), baseModelArn: 'b', baseModelName: 'b' }] });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm('churn-5xx', 'churn-predictor')] });
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('FAIL');
    expect(check.reason).toBe('Bedrock is in use but no alarm with enabled actions watches AWS/Bedrock metrics');
  });

  it('an uncovered endpoint stays FAIL when alarms are cut by a failed page; a covered one stays PASS', async () => {
    endpoints('churn-predictor', 'fraud-scorer');
    cw.on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [alarm('churn-5xx', 'churn-predictor')], NextToken: 'p2' })
      .rejects(awsError('ThrottlingException', 'slow down', 400));
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('ERROR');
    expect(check.resources).toContainEqual({ id: EP('churn-predictor'), region: 'us-east-1', status: 'PASS', reason: 'endpoint churn-predictor: watched by alarm(s) churn-5xx' });
    expect(check.resources.find((r) => r.id === EP('fraud-scorer'))?.status).toBe('ERROR');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    endpoints('churn-predictor');
    cw.on(DescribeAlarmsCommand).rejects(awsError('AccessDenied', 'User is not authorized', 403));
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/cloudwatch:DescribeAlarms/);
  });
});
