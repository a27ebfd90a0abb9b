import { BedrockClient, ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/cloudwatch-alarms.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
const br = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);
afterEach(() => [sm, br, cw, sns].forEach((m) => m.reset()));

const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:ml-oncall`;
const ARN = (n: string) => `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${n}`;
function footprint() {
  sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'churn-predictor', EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/churn-predictor`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] });
}
const alarm = (name: string, extra: object = {}) => ({
  AlarmName: name,
  AlarmArn: ARN(name),
  Namespace: 'AWS/SageMaker',
  MetricName: 'Invocation5XXErrors',
  Dimensions: [{ Name: 'EndpointName', Value: 'churn-predictor' }],
  ActionsEnabled: true,
  AlarmActions: [TOPIC],
  StateValue: 'OK',
  ...extra,
});

describe('Amazon CloudWatch Alarms probe', () => {
  it('NOT_APPLICABLE without an AI footprint', async () => {
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no SageMaker or Bedrock footprint in this region');
  });

  it('PASS: every AI alarm notifies an existing SNS topic or Incident Manager; topics read across pages', async () => {
    footprint();
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [alarm('churn-5xx'), alarm('churn-latency', { AlarmActions: [`arn:aws:ssm-incidents::${ACCOUNT}:response-plan/ml-outage`], StateValue: 'INSUFFICIENT_DATA' })],
    });
    sns.on(ListTopicsCommand).resolvesOnce({ Topics: [{ TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:other` }], NextToken: 't2' }).resolves({ Topics: [{ TopicArn: TOPIC }] });
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 2 AI alarm(s) have enabled actions to SNS, Incident Manager or OpsCenter');
    expect(check.resources).toEqual([
      { id: ARN('churn-5xx'), region: 'us-east-1', status: 'PASS', reason: 'alarm churn-5xx: notifies sns, state OK' },
      { id: ARN('churn-latency'), region: 'us-east-1', status: 'PASS', reason: 'alarm churn-latency: notifies incident-manager, state INSUFFICIENT_DATA' },
    ]);
    expect(check.warnings).toEqual(['1 AI alarm(s) in INSUFFICIENT_DATA: churn-latency']);
    expect(sns.commandCalls(ListTopicsCommand).length).toBe(2);
  });

  it('FAIL(MISCONFIGURED): an AI alarm with actions disabled, one to a Lambda only, one to a deleted topic', async () => {
    footprint();
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        alarm('muted', { ActionsEnabled: false }),
        alarm('lambda-only', { AlarmActions: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:restart`] }),
        alarm('gone-topic', { AlarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:deleted`] }),
      ],
    });
    sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: TOPIC }] });
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources.map((r) => [r.status, r.reason])).toEqual([
      ['FAIL', 'alarm gone-topic: notifies SNS topic(s) that do not exist: deleted'],
      ['FAIL', 'alarm lambda-only: actions go to lambda only, not to SNS, Incident Manager or an OpsItem'],
      ['FAIL', 'alarm muted: actions disabled'],
    ]);
    expect(check.reason).toMatch(/^3 of 3 AI alarm\(s\) fall short/);
  });

  it('a child alarm notifies through its composite; auto-scaling alarms are not judged', async () => {
    footprint();
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        alarm('child', { ActionsEnabled: false, AlarmActions: [] }),
        alarm('scale-out', { AlarmActions: [`arn:aws:autoscaling:us-east-1:${ACCOUNT}:scalingPolicy:x`] }),
      ],
      CompositeAlarms: [{ AlarmName: 'parent', AlarmArn: ARN('parent'), AlarmRule: `ALARM(${ARN('child')})`, ActionsEnabled: true, AlarmActions: [`arn:aws:ssm:us-east-1:${ACCOUNT}:opsitem:Severity#CATEGORY=Availability`] }],
    });
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('PASS');
    expect(check.resources.map((r) => [r.id, r.status, r.reason])).toEqual([
      [ARN('child'), 'PASS', 'alarm child: notifies opsitem through composite alarm parent, state OK'],
      [ARN('parent'), 'PASS', 'composite alarm parent: notifies opsitem'],
      [ARN('scale-out'), 'NOT_APPLICABLE', 'alarm scale-out: auto-scaling alarm (its actions scale capacity), not an incident alarm'],
    ]);
    // Was 0: the region's topics are listed whatever the alarms say (one list, shared with SNS).
    expect(sns.commandCalls(ListTopicsCommand).length).toBe(1);
  });

  it('FAIL(NOT_IN_USE) when the only AI alarms are auto-scaling alarms', async () => {
    footprint();
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm('scale-out', { AlarmActions: [`arn:aws:autoscaling:us-east-1:${ACCOUNT}:scalingPolicy:x`] })] });
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('the only alarms on AI metrics are auto-scaling alarms, which alert no one: scale-out');
  });

  it('FAIL(NOT_IN_USE): AI footprint (Bedrock guardrail) and no alarm on AI metrics', async () => {
    br.on(ListGuardrailsCommand).resolves({ guardrails: [{ id: 'g', arn: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/g', name: 'g', status: 'READY', version: 'DRAFT', createdAt: new Date(), updatedAt: new Date() }] });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ ...alarm('ec2'), Namespace: 'AWS/EC2', Dimensions: [] }] });
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('AI footprint (Bedrock in use) but no CloudWatch alarm on SageMaker or Bedrock metrics');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    footprint();
    cw.on(DescribeAlarmsCommand).rejects(awsError('AccessDenied', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/cloudwatch:DescribeAlarms/);
  });

  it('a failing alarm keeps the check FAIL when the topics cannot be listed; the alarm that needs the list is an ERROR resource', async () => {
    footprint();
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm('churn-5xx'), alarm('muted', { ActionsEnabled: false })] });
    sns.on(ListTopicsCommand).rejects(awsError('AuthorizationError', 'not authorized', 403));
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.resources.map((r) => [r.id, r.status])).toEqual([
      [ARN('churn-5xx'), 'ERROR'],
      [ARN('muted'), 'FAIL'],
    ]);
  });

  it('ERROR when SNS topics cannot be listed (AuthorizationError)', async () => {
    footprint();
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm('churn-5xx')] });
    sns.on(ListTopicsCommand).rejects(awsError('AuthorizationError', 'not authorized', 403));
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sns:ListTopics/);
  });
});
