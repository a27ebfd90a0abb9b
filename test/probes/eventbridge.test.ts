import { BedrockClient, ListCustomModelsCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient, ListEventBusesCommand, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { aiSources } from '../../checks/facts/eventbridge-rules.js';
import probe from '../../checks/probes/eventbridge.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
const br = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
const eb = mockClient(EventBridgeClient);
afterEach(() => [sm, br, cw, eb].forEach((m) => m.reset()));

const RULE = (bus: string, n: string) => `arn:aws:events:us-east-1:${ACCOUNT}:rule/${bus === 'default' ? '' : `${bus}/`}${n}`;
function footprint() {
  sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'churn-predictor', EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/churn-predictor`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] });
}

describe('Amazon EventBridge probe', () => {
  // Was "without listing rules": the default bus's rules are read whatever the footprint says (issue 15).
  it('NOT_APPLICABLE without an AI footprint; the rules are still listed', async () => {
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(eb.commandCalls(ListRulesCommand).length).toBe(1);
  });

  it('PASS: an enabled SageMaker rule with a target on a custom bus; rules listed across pages; targets read only for enabled AI rules', async () => {
    footprint();
    eb.on(ListEventBusesCommand).resolves({ EventBuses: [{ Name: 'default' }, { Name: 'ml-ops' }] });
    eb.on(ListRulesCommand, { EventBusName: 'default' })
      .resolvesOnce({ Rules: [{ Name: 'ec2-changes', Arn: RULE('default', 'ec2-changes'), State: 'ENABLED', EventPattern: '{"source":["aws.ec2"]}' }], NextToken: 'r2' })
      .resolves({ Rules: [{ Name: 'old-sm', Arn: RULE('default', 'old-sm'), State: 'DISABLED', EventPattern: '{"source":["aws.sagemaker"]}' }] });
    eb.on(ListRulesCommand, { EventBusName: 'ml-ops' }).resolves({
      Rules: [
        { Name: 'endpoint-state', Arn: RULE('ml-ops', 'endpoint-state'), State: 'ENABLED', EventPattern: '{"source":["aws.sagemaker"],"detail-type":["SageMaker Endpoint State Change"]}' },
        { Name: 'managed', Arn: RULE('ml-ops', 'managed'), State: 'ENABLED', ManagedBy: 'sagemaker.amazonaws.com', EventPattern: '{"source":[{"prefix":"aws.sage"}]}' },
      ],
    });
    eb.on(ListTargetsByRuleCommand, { Rule: 'endpoint-state' }).resolves({ Targets: [{ Id: '1', Arn: `arn:aws:sns:us-east-1:${ACCOUNT}:ml-oncall`, Input: '{"secret":"never-recorded-in-facts"}' }] });
    const { check, run } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('1 enabled rule(s) with targets react to SageMaker or Bedrock events');
    expect(check.resources.map((r) => [r.status, r.reason])).toEqual([
      ['PASS', 'rule endpoint-state (bus ml-ops, aws.sagemaker): 1 target(s): sns'],
      ['NOT_APPLICABLE', 'rule managed (bus ml-ops, aws.sage*): managed by sagemaker.amazonaws.com, not the account\'s own automation'],
      ['FAIL', 'rule old-sm (bus default, aws.sagemaker): DISABLED'],
    ]);
    expect(check.warnings).toEqual(['1 other AI rule(s) disabled or without targets']);
    expect(eb.commandCalls(ListRulesCommand).length).toBe(3);
    expect(eb.commandCalls(ListTargetsByRuleCommand).map((c) => c.args[0].input.Rule).sort()).toEqual(['endpoint-state', 'managed']);
    expect(JSON.stringify(run.facts)).not.toContain('never-recorded-in-facts');
  });

  it('FAIL(NOT_IN_USE): footprint but the only AI rule has no target', async () => {
    br.on(ListCustomModelsCommand).resolves({ modelSummaries: [{ modelArn: 'arn:aws:bedrock:us-east-1:123456789012:custom-model/m', modelName: 'm', creationTime: new Date(), baseModelArn: 'b', baseModelName: 'b' }] });
    eb.on(ListRulesCommand).resolves({ Rules: [{ Name: 'bedrock-jobs', Arn: RULE('default', 'bedrock-jobs'), State: 'ENABLED', EventPattern: '{"source":"aws.bedrock"}' }] });
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe("AI footprint (Bedrock in use) but AI event rules exist but none is the account's own, enabled and targeted");
    expect(check.resources).toEqual([{ id: RULE('default', 'bedrock-jobs'), region: 'us-east-1', status: 'FAIL', reason: 'rule bedrock-jobs (bus default, aws.bedrock): no target' }]);
  });

  it('FAIL(NOT_IN_USE): footprint and no AI rule at all', async () => {
    footprint();
    eb.on(ListRulesCommand).resolves({ Rules: [{ Name: 'x', Arn: RULE('default', 'x'), State: 'ENABLED', ScheduleExpression: 'rate(1 day)' }] });
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('FAIL');
    expect(check.reason).toBe('AI footprint (1 in-service endpoint(s)) but no EventBridge rule matches SageMaker or Bedrock events (1 rule(s) on 1 bus(es))');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    footprint();
    eb.on(ListRulesCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/events:ListRules/);
  });

  it('PASS from its own evidence when the footprint cannot be read; ERROR (naming the footprint call) when no rule reacts and the footprint is unknown', async () => {
    br.on(ListCustomModelsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    eb.on(ListRulesCommand).resolves({ Rules: [{ Name: 'sm', Arn: RULE('default', 'sm'), State: 'ENABLED', EventPattern: '{"source":["aws.sagemaker"]}' }] });
    eb.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: '1', Arn: `arn:aws:sns:us-east-1:${ACCOUNT}:t` }] });
    let { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('PASS');
    eb.reset();
    ({ check } = await runProbe(probe, { control: 'A.6' }));
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['bedrock:ListCustomModels']);
  });

  it('the default bus is read even when ListEventBuses is refused: its enabled AI rule still passes', async () => {
    footprint();
    eb.on(ListEventBusesCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    eb.on(ListRulesCommand, { EventBusName: 'default' }).resolves({ Rules: [{ Name: 'sm', Arn: RULE('default', 'sm'), State: 'ENABLED', EventPattern: '{"source":["aws.sagemaker"]}' }] });
    eb.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: '1', Arn: `arn:aws:sns:us-east-1:${ACCOUNT}:t` }] });
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('PASS');
  });

  it('a rule whose targets cannot be read is an ERROR resource; with no other proof the check is ERROR naming events:ListTargetsByRule', async () => {
    footprint();
    eb.on(ListRulesCommand).resolves({ Rules: [{ Name: 'sm', Arn: RULE('default', 'sm'), State: 'ENABLED', EventPattern: '{"source":["aws.sagemaker"]}' }] });
    eb.on(ListTargetsByRuleCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['events:ListTargetsByRule']);
    expect(check.resources.map((r) => r.status)).toEqual(['ERROR']);
  });

  it('reads AI sources from exact values, prefixes and unparsable patterns', () => {
    expect(aiSources('{"source":["aws.sagemaker","aws.ec2"]}')).toEqual(['aws.sagemaker']);
    expect(aiSources('{"source":[{"prefix":"aws."}]}')).toEqual(['aws.*']);
    expect(aiSources('{"source":[{"prefix":"custom"}]}')).toEqual([]);
    expect(aiSources('{"detail-type":["x"]}')).toEqual([]);
    expect(aiSources('{broken "aws.bedrock"')).toEqual(['aws.bedrock']);
  });
});
