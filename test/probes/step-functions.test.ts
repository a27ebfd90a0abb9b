import { BedrockClient } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { DescribeStateMachineCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { scanDefinition } from '../../checks/probes/step-functions.js';
import { awsError, runProbe } from '../helpers.js';

const sfn = mockClient(SFNClient);
const sm = mockClient(SageMakerClient);
const bedrock = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
afterEach(() => [sfn, sm, bedrock, cw].forEach((m) => m.reset()));

const smArn = (n: string) => `arn:aws:states:us-east-1:123456789012:stateMachine:${n}`;
const validated = JSON.stringify({
  StartAt: 'Evaluate',
  States: {
    Evaluate: { Type: 'Task', Resource: 'arn:aws:states:::sagemaker:createProcessingJob.sync', Retry: [{ ErrorEquals: ['States.ALL'] }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Fail' }], Next: 'Approve' },
    Approve: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Next: 'Deploy' },
    Deploy: { Type: 'Parallel', Branches: [{ StartAt: 'Gen', States: { Gen: { Type: 'Task', Resource: 'arn:aws:states:::bedrock:invokeModel', Retry: [{ ErrorEquals: ['States.ALL'] }], End: true } } }], End: true },
    Fail: { Type: 'Fail' },
  },
});

function machine(name: string, definition: string, level = 'ERROR', encryption?: 'CUSTOMER_MANAGED_KMS_KEY'): void {
  const meta = { stateMachineArn: smArn(name), name, loggingConfiguration: { level }, tracingConfiguration: { enabled: true }, ...(encryption ? { encryptionConfiguration: { type: encryption, kmsKeyId: 'k' } } : {}) };
  sfn.on(DescribeStateMachineCommand, { stateMachineArn: smArn(name), includedData: 'METADATA_ONLY' }).resolves({ ...meta, definition: '{}' });
  sfn.on(DescribeStateMachineCommand, { stateMachineArn: smArn(name), includedData: 'ALL_DATA' }).resolves({ ...meta, definition });
}

describe('AWS Step Functions probe', () => {
  it('A.5 PASS: AI tasks (nested in Parallel too) with Retry/Catch and logging on; machines listed across pages', async () => {
    sfn.on(ListStateMachinesCommand).resolvesOnce({ stateMachines: [{ stateMachineArn: smArn('etl'), name: 'etl' }], nextToken: 'n' }).resolves({ stateMachines: [{ stateMachineArn: smArn('validate'), name: 'validate' }] });
    machine('etl', JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }));
    machine('validate', validated);
    const { check } = await runProbe(probe, { control: 'A.5' });
    expect(check.status).toBe('PASS');
    expect(check.resources).toEqual([{ id: smArn('validate'), region: 'us-east-1', status: 'PASS', reason: 'state machine validate: 2 AI task(s) with error handling, logging ERROR' }]);
  });

  it('A.7 PASS: a callback (.waitForTaskToken) step in an AI workflow, with the human-decision caveat', async () => {
    sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [{ stateMachineArn: smArn('validate'), name: 'validate' }] });
    machine('validate', validated);
    const { check } = await runProbe(probe, { control: 'A.7' });
    expect(check.status).toBe('PASS');
    expect(check.resources[0].reason).toBe('state machine validate: waits for a task token at Approve');
    expect(check.warnings.some((w) => w.includes('human decision'))).toBe(true);
  });

  it('A.5 FAIL(MISCONFIGURED): AI task without Retry/Catch and logging OFF', async () => {
    sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [{ stateMachineArn: smArn('raw'), name: 'raw' }] });
    machine('raw', JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sagemaker:createTrainingJob.sync', End: true } } }), 'OFF');
    const { check } = await runProbe(probe, { control: 'A.5' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources[0].reason).toBe('state machine raw: AI task(s) without Retry or Catch: T, logging OFF');
  });

  it('never asks for a CMK-encrypted definition: MANUAL(PARTIAL)', async () => {
    sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [{ stateMachineArn: smArn('secret'), name: 'secret' }] });
    machine('secret', validated, 'ALL', 'CUSTOMER_MANAGED_KMS_KEY');
    const { check } = await runProbe(probe, { control: 'A.5' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(sfn.commandCalls(DescribeStateMachineCommand, { includedData: 'ALL_DATA' }).length).toBe(0);
  });

  it('no AI workflow with an AI footprint: MANUAL(NOT_IN_USE); fail / na by policy', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'e', EndpointArn: 'a', EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] });
    const m = await runProbe(probe, { control: 'A.5' });
    expect([m.check.status, m.check.code]).toEqual(['MANUAL', 'NOT_IN_USE']);
    const f = await runProbe(probe, { control: 'A.7', settings: { optionalServicePolicy: 'fail' } });
    expect(f.check.status).toBe('FAIL');
    const n = await runProbe(probe, { control: 'A.5', settings: { optionalServicePolicy: 'na' } });
    expect(n.check.status).toBe('NOT_APPLICABLE');
  });

  it('NOT_APPLICABLE without AI footprint and AI workflows', async () => {
    const { check } = await runProbe(probe, { control: 'A.5' });
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('ERROR naming states:ListStateMachines on AccessDeniedException', async () => {
    sfn.on(ListStateMachinesCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.5' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/states:ListStateMachines/);
  });

  it('scanDefinition finds AI tasks inside Map item processors', () => {
    const def = JSON.stringify({ States: { M: { Type: 'Map', ItemProcessor: { States: { I: { Type: 'Task', Resource: 'arn:aws-us-gov:states:::bedrock:invokeModel', Catch: [{}] } } } } } });
    expect(scanDefinition(def).aiTasks).toEqual([{ state: 'I', resource: 'arn:aws-us-gov:states:::bedrock:invokeModel', retry: false, catch: true }]);
  });

  it('AWS SDK integrations (aws-sdk:bedrockruntime, aws-sdk:sagemaker) are AI tasks too', () => {
    const def = JSON.stringify({ States: { A: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:bedrockruntime:invokeModel', Retry: [{}] }, B: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sagemaker:createEndpoint' }, C: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject' } } });
    expect(scanDefinition(def).aiTasks.map((t) => t.state)).toEqual(['A', 'B']);
  });

  it('a state machine that cannot be described is an ERROR resource; a sibling AI workflow still passes A.5', async () => {
    sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [{ stateMachineArn: smArn('validate'), name: 'validate' }, { stateMachineArn: smArn('locked'), name: 'locked' }] });
    machine('validate', validated);
    sfn.on(DescribeStateMachineCommand, { stateMachineArn: smArn('locked') }).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.5' });
    expect(check.status).toBe('PASS');
    expect(check.resources.find((r) => r.id === smArn('locked'))).toMatchObject({ status: 'ERROR' });
  });

  it('no AI workflow among those read and one not described: ERROR naming states:DescribeStateMachine (it may be one)', async () => {
    sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [{ stateMachineArn: smArn('etl'), name: 'etl' }, { stateMachineArn: smArn('locked'), name: 'locked' }] });
    machine('etl', JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }));
    sfn.on(DescribeStateMachineCommand, { stateMachineArn: smArn('locked') }).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.5' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['states:DescribeStateMachine']);
  });
});
