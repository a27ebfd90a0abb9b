import { BedrockClient, ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ListHumanLoopsCommand, SageMakerA2IRuntimeClient } from '@aws-sdk/client-sagemaker-a2i-runtime';
import { DescribeFlowDefinitionCommand, ListFlowDefinitionsCommand, ListHumanTaskUisCommand, ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/a2i-human-review.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
const a2i = mockClient(SageMakerA2IRuntimeClient);
// The AI footprint also asks Bedrock and CloudWatch.
const bedrock = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
afterEach(() => [sm, a2i, bedrock, cw].forEach((m) => m.reset()));

const FLOW = (n: string) => `arn:aws:sagemaker:us-east-1:123456789012:flow-definition/${n}`;

function flow(name: string, status: 'Active' | 'Failed' = 'Active', kms = true) {
  sm.on(DescribeFlowDefinitionCommand, { FlowDefinitionName: name }).resolves({
    FlowDefinitionArn: FLOW(name),
    FlowDefinitionName: name,
    FlowDefinitionStatus: status,
    CreationTime: NOW,
    HumanLoopRequestSource: { AwsManagedHumanLoopRequestSource: 'AWS/Textract/AnalyzeDocument/Forms/V1' },
    HumanLoopActivationConfig: { HumanLoopActivationConditionsConfig: { HumanLoopActivationConditions: '{}' } },
    HumanLoopConfig: { WorkteamArn: 'arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/reviewers', HumanTaskUiArn: 'ui', TaskTitle: 't', TaskDescription: 'd', TaskCount: 1 },
    OutputConfig: { S3OutputPath: 's3://reviews/', ...(kms ? { KmsKeyId: 'k' } : {}) },
    RoleArn: 'r',
  });
  return { FlowDefinitionName: name, FlowDefinitionArn: FLOW(name), FlowDefinitionStatus: status, CreationTime: NOW };
}

describe('Amazon A2I (Augmented AI) probe', () => {
  it('PASS: an Active flow ran human loops in the last 90 days (flows over two pages)', async () => {
    sm.on(ListFlowDefinitionsCommand).resolvesOnce({ FlowDefinitionSummaries: [flow('invoices')], NextToken: 'f2' }).resolves({ FlowDefinitionSummaries: [flow('idle', 'Active', false)] });
    a2i.on(ListHumanLoopsCommand, { FlowDefinitionArn: FLOW('invoices') }).resolves({ HumanLoopSummaries: [{ HumanLoopName: 'l1', HumanLoopStatus: 'Completed' }, { HumanLoopName: 'l2', HumanLoopStatus: 'Completed' }], NextToken: 'more' });
    a2i.on(ListHumanLoopsCommand, { FlowDefinitionArn: FLOW('idle') }).resolves({ HumanLoopSummaries: [] });
    const { check } = await runProbe(probe, { control: 'A.7' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('1 of 2 Active A2I flow definition(s) ran human loops in the last 90 days');
    expect(Object.fromEntries(check.resources.map((r) => [r.id, [r.status, r.reason]]))).toEqual({
      [FLOW('invoices')]: ['PASS', 'flow definition invoices (AWS/Textract/AnalyzeDocument/Forms/V1 integration, with activation conditions): 2+ human loop(s) in 90 days'],
      [FLOW('idle')]: ['MANUAL', 'flow definition idle (AWS/Textract/AnalyzeDocument/Forms/V1 integration, with activation conditions): 0 human loop(s) in 90 days'],
    });
    const loopCall = a2i.commandCalls(ListHumanLoopsCommand)[0].args[0].input;
    expect(loopCall).toMatchObject({ CreationTimeAfter: new Date(NOW.getTime() - 90 * 86_400_000), MaxResults: 100 });
    expect(sm.commandCalls(ListFlowDefinitionsCommand).length).toBe(2);
  });

  it('MANUAL(PARTIAL) when Active flows exist but no recent loop', async () => {
    sm.on(ListFlowDefinitionsCommand).resolves({ FlowDefinitionSummaries: [flow('idle', 'Active', false)] });
    a2i.on(ListHumanLoopsCommand).resolves({ HumanLoopSummaries: [] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.reason).toBe('1 Active A2I flow definition(s) but no human loop in the last 90 days: attest that human review is exercised');
  });

  it('FAIL(MISCONFIGURED) when no flow definition is Active', async () => {
    sm.on(ListFlowDefinitionsCommand).resolves({ FlowDefinitionSummaries: [flow('broken', 'Failed')] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(a2i.commandCalls(ListHumanLoopsCommand).length).toBe(0);
  });

  it('MANUAL(NOT_IN_USE) by default with AI workloads and no flows; NOT_APPLICABLE without AI', async () => {
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm', ModelArn: 'arn:m', CreationTime: NOW }] });
    const withAi = await runProbe(probe);
    expect(withAi.check.status).toBe('MANUAL');
    expect(withAi.check.code).toBe('NOT_IN_USE');
    expect(withAi.check.reason).toMatch(/^AI workloads run here but no A2I human review workflow exists/);
    sm.reset();
    const without = await runProbe(probe);
    expect(without.check.status).toBe('NOT_APPLICABLE');
    expect(without.check.reason).toBe('no AI workloads and no A2I human review workflows in this region');
  });

  it('ERROR, not NOT_APPLICABLE, when the AI footprint cannot be read', async () => {
    bedrock.on(ListGuardrailsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/could not be read.*bedrock:ListGuardrails/);
  });

  it('ERROR naming the IAM action when human loops are denied', async () => {
    sm.on(ListFlowDefinitionsCommand).resolves({ FlowDefinitionSummaries: [flow('invoices')] });
    a2i.on(ListHumanLoopsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sagemaker:ListHumanLoops/);
  });

  it('DescribeFlowDefinition denied: the loops still decide (PASS), a warning names the action', async () => {
    sm.on(ListFlowDefinitionsCommand).resolves({ FlowDefinitionSummaries: [{ FlowDefinitionName: 'invoices', FlowDefinitionArn: FLOW('invoices'), FlowDefinitionStatus: 'Active', CreationTime: NOW }] });
    sm.on(DescribeFlowDefinitionCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    a2i.on(ListHumanLoopsCommand).resolves({ HumanLoopSummaries: [{ HumanLoopName: 'l1', HumanLoopStatus: 'Completed' }] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('PASS');
    expect(check.warnings.some((w) => w.includes('sagemaker:DescribeFlowDefinition'))).toBe(true);
  });

  it('one flow with loops passes although a sibling flow\'s loops are denied; without it, ERROR (an unread flow may have run loops)', async () => {
    sm.on(ListFlowDefinitionsCommand).resolves({ FlowDefinitionSummaries: [flow('invoices'), flow('claims')] });
    a2i.on(ListHumanLoopsCommand, { FlowDefinitionArn: FLOW('invoices') }).resolves({ HumanLoopSummaries: [{ HumanLoopName: 'l1', HumanLoopStatus: 'Completed' }] });
    a2i.on(ListHumanLoopsCommand, { FlowDefinitionArn: FLOW('claims') }).rejects(awsError('AccessDeniedException', 'no', 403));
    const ok = await runProbe(probe);
    expect(ok.check.status).toBe('PASS');
    expect(ok.check.resources.find((r) => r.id === FLOW('claims'))).toMatchObject({ status: 'ERROR' });
    a2i.on(ListHumanLoopsCommand, { FlowDefinitionArn: FLOW('invoices') }).resolves({ HumanLoopSummaries: [] });
    const open = await runProbe(probe);
    expect(open.check.status).toBe('ERROR');
    expect(open.check.resources.find((r) => r.id === FLOW('invoices'))).toMatchObject({ status: 'MANUAL' });
  });

  it('a Bedrock list denied does not matter where SageMaker shows AI use: MANUAL(NOT_IN_USE)', async () => {
    bedrock.on(ListGuardrailsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm', ModelArn: 'arn:m', CreationTime: NOW }] });
    const { check } = await runProbe(probe);
    expect([check.status, check.code]).toEqual(['MANUAL', 'NOT_IN_USE']);
  });
});
