import { BedrockClient, ListCustomModelsCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { hasPublicStatement } from '../../checks/probes/sns.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
const br = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
const eb = mockClient(EventBridgeClient);
const sns = mockClient(SNSClient);
const kms = mockClient(KMSClient);
afterEach(() => [sm, br, cw, eb, sns, kms].forEach((m) => m.reset()));

const T = (n: string) => `arn:aws:sns:us-east-1:${ACCOUNT}:${n}`;
function footprint() {
  sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'churn-predictor', EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/churn-predictor`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] });
}
function aiAlarmTo(...topics: string[]) {
  cw.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [{ AlarmName: 'churn-5xx', AlarmArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:churn-5xx`, Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', ActionsEnabled: true, AlarmActions: topics }],
  });
}
const DEFAULT_POLICY = JSON.stringify({
  Version: '2008-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:Publish'], Resource: T('ml-oncall'), Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } } }],
});

describe('Amazon SNS probe', () => {
  // Was "ListTopics never called": the region's topics are now listed whatever the footprint says (issue 15).
  it('NOT_APPLICABLE without an AI footprint; topics still listed once', async () => {
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(sns.commandCalls(ListTopicsCommand).length).toBe(1);
  });

  it('NOT_APPLICABLE when no AI alarm or rule notifies a topic', async () => {
    footprint();
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no SNS topic in this region receives AI alarms or AI EventBridge rules (see Amazon CloudWatch Alarms)');
  });

  it('PASS: the alarm topic and the AI rule topic have confirmed subscribers and KMS; topics listed across pages; subscriptions never listed', async () => {
    footprint();
    aiAlarmTo(T('ml-oncall'));
    eb.on(ListRulesCommand, { EventBusName: 'default' }).resolves({ Rules: [{ Name: 'sm-failures', Arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/sm-failures`, State: 'ENABLED', EventPattern: '{"source":["aws.sagemaker"]}' }] });
    eb.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: '1', Arn: T('ml-events') }] });
    sns.on(ListTopicsCommand).resolvesOnce({ Topics: [{ TopicArn: T('ml-oncall') }], NextToken: 'n' }).resolves({ Topics: [{ TopicArn: T('ml-events') }] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: '2', SubscriptionsPending: '0', KmsMasterKeyId: 'alias/sns-cmk', Policy: DEFAULT_POLICY } });
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 2 topic(s) AI alarms notify have confirmed subscribers and KMS encryption');
    expect(check.resources).toEqual([
      { id: T('ml-events'), region: 'us-east-1', status: 'PASS', reason: 'topic ml-events: 2 confirmed subscription(s), KMS-encrypted (used by rule sm-failures)' },
      { id: T('ml-oncall'), region: 'us-east-1', status: 'PASS', reason: 'topic ml-oncall: 2 confirmed subscription(s), KMS-encrypted (used by alarm churn-5xx)' },
    ]);
    expect(sns.commandCalls(ListTopicsCommand).length).toBe(2);
    expect(sns.commandCalls(ListSubscriptionsByTopicCommand).length).toBe(0);
  });

  it('FAIL(MISCONFIGURED): no confirmed subscriber, no KMS, public policy, missing topic', async () => {
    footprint();
    aiAlarmTo(T('ml-oncall'), T('deleted'), `arn:aws:sns:eu-west-1:${ACCOUNT}:far`);
    sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: T('ml-oncall') }] });
    sns.on(GetTopicAttributesCommand).resolves({
      Attributes: { SubscriptionsConfirmed: '0', SubscriptionsPending: '1', Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: '*' }] }) },
    });
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources.map((r) => r.reason)).toEqual([
      'topic deleted: does not exist (used by alarm churn-5xx)',
      'topic ml-oncall: 0 confirmed subscriptions (1 pending), not encrypted with KMS, policy allows principal "*" without a condition (used by alarm churn-5xx)',
    ]);
    expect(check.warnings).toEqual([`topic(s) in another region or account not verified here: arn:aws:sns:eu-west-1:${ACCOUNT}:far`]);
    expect(sns.commandCalls(GetTopicAttributesCommand).length).toBe(1);
  });

  it('a topic deleted between listing and reading (NotFound) is reported as missing, not an error', async () => {
    footprint();
    aiAlarmTo(T('ml-oncall'));
    sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: T('ml-oncall') }] });
    sns.on(GetTopicAttributesCommand).rejects(awsError('NotFoundException', 'Topic does not exist', 404));
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.resources[0].reason).toBe('topic ml-oncall: does not exist (used by alarm churn-5xx)');
  });

  it('ERROR naming the IAM action on AuthorizationError', async () => {
    footprint();
    aiAlarmTo(T('ml-oncall'));
    sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: T('ml-oncall') }] });
    sns.on(GetTopicAttributesCommand).rejects(awsError('AuthorizationError', 'User is not authorized', 403));
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sns:GetTopicAttributes/);
  });

  // Issue 16: alias/aws/sns passed as "KMS-encrypted", but its key policy cannot grant
  // cloudwatch.amazonaws.com, so the alarm never reaches the topic.
  it('FAIL: a topic on the AWS-managed key alias/aws/sns (CloudWatch alarms cannot publish to it)', async () => {
    footprint();
    aiAlarmTo(T('ml-oncall'));
    sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: T('ml-oncall') }] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: '2', KmsMasterKeyId: 'alias/aws/sns', Policy: DEFAULT_POLICY } });
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources[0].reason).toBe(
      'topic ml-oncall: encrypted with the AWS-managed key alias/aws/sns, whose key policy cannot let CloudWatch alarms or EventBridge publish (a customer managed key is required) (used by alarm churn-5xx)',
    );
    expect(kms.commandCalls(ListAliasesCommand).length).toBe(0);
  });

  it('a key named by ID is the AWS-managed one when alias/aws/sns targets it (ListAliases); a customer key by ID passes', async () => {
    footprint();
    aiAlarmTo(T('ml-oncall'));
    sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: T('ml-oncall') }] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: '1', KmsMasterKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/aws-sns-key`, Policy: DEFAULT_POLICY } });
    kms.on(ListAliasesCommand).resolves({ Aliases: [{ AliasName: 'alias/aws/sns', TargetKeyId: 'aws-sns-key' }, { AliasName: 'alias/ml', TargetKeyId: 'cmk-1' }] });
    let { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    expect(check.resources[0].reason).toMatch(/encrypted with the AWS-managed key alias\/aws\/sns/);
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: '1', KmsMasterKeyId: 'cmk-1', Policy: DEFAULT_POLICY } });
    ({ check } = await runProbe(probe, { control: 'A.11' }));
    expect(check.status).toBe('PASS');
    // ListAliases refused: whether the key is AWS-managed is unknown, so ERROR naming kms:ListAliases.
    kms.on(ListAliasesCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    ({ check } = await runProbe(probe, { control: 'A.11' }));
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['kms:ListAliases']);
  });

  it('a failing topic stays FAIL when the targets of an AI rule could not be read (the topic set is incomplete)', async () => {
    footprint();
    aiAlarmTo(T('ml-oncall'));
    eb.on(ListRulesCommand, { EventBusName: 'default' }).resolves({ Rules: [{ Name: 'sm-failures', Arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/sm-failures`, State: 'ENABLED', EventPattern: '{"source":["aws.sagemaker"]}' }] });
    eb.on(ListTargetsByRuleCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: T('ml-oncall') }] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: '0', KmsMasterKeyId: 'alias/sns-cmk', Policy: DEFAULT_POLICY } });
    let { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('FAIL');
    // A passing topic cannot stand for the unread ones: ERROR naming the action.
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: '1', KmsMasterKeyId: 'alias/sns-cmk', Policy: DEFAULT_POLICY } });
    ({ check } = await runProbe(probe, { control: 'A.11' }));
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['events:ListTargetsByRule']);
  });

  it('NOT_APPLICABLE from the probe\'s own evidence when no AI alarm or rule notifies a topic, even with the footprint unknown', async () => {
    br.on(ListCustomModelsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('a passing topic is PASS even when the footprint could not be read', async () => {
    br.on(ListCustomModelsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    aiAlarmTo(T('ml-oncall'));
    sns.on(ListTopicsCommand).resolves({ Topics: [{ TopicArn: T('ml-oncall') }] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: '1', KmsMasterKeyId: 'alias/sns-cmk', Policy: DEFAULT_POLICY } });
    const { check } = await runProbe(probe, { control: 'A.11' });
    expect(check.status).toBe('PASS');
  });

  it('reads "*" principals without a condition as public', () => {
    expect(hasPublicStatement(DEFAULT_POLICY)).toBe(false);
    expect(hasPublicStatement(JSON.stringify({ Statement: { Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'sns:Subscribe' } }))).toBe(true);
    expect(hasPublicStatement(JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: '*' }] }))).toBe(false);
    expect(hasPublicStatement('not json')).toBe(false);
    // A condition that does not pin the caller (TLS only) leaves "*" public; one on the account or organization does not.
    expect(hasPublicStatement(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] }), ACCOUNT)).toBe(true);
    expect(hasPublicStatement(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Condition: { StringEquals: { 'aws:SourceAccount': '999999999999' } } }] }), ACCOUNT)).toBe(true);
    expect(hasPublicStatement(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }] }), ACCOUNT)).toBe(false);
    expect(hasPublicStatement(DEFAULT_POLICY, ACCOUNT)).toBe(false);
  });
});
