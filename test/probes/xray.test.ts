import { BedrockClient, ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ListEndpointsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetEncryptionConfigCommand, GetServiceGraphCommand, GetTraceSegmentDestinationCommand, XRayClient } from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/xray.js';
import { ACCOUNT, NOW, awsError, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
const br = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
const xr = mockClient(XRayClient);
afterEach(() => [sm, br, cw, xr].forEach((m) => m.reset()));

const H = 3_600_000;
function footprint() {
  sm.on(ListEndpointsCommand).resolves({ Endpoints: [{ EndpointName: 'churn-predictor', EndpointArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/churn-predictor`, EndpointStatus: 'InService', CreationTime: new Date(), LastModifiedTime: new Date() }] });
}

describe('AWS X-Ray probe', () => {
  // Was "without asking for traces": the four windows are read whatever the footprint says (issue 15).
  it('NOT_APPLICABLE without an AI footprint; the service graph is still read', async () => {
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(xr.commandCalls(GetServiceGraphCommand).length).toBe(4);
  });

  it('PASS: a SageMaker node in the service graph, found in the second 6-hour window across two pages (the four windows are asked at once, the newest with traces is read); warns on the default key', async () => {
    footprint();
    xr.on(GetEncryptionConfigCommand).resolves({ EncryptionConfig: { Type: 'NONE', Status: 'ACTIVE' } });
    xr.on(GetTraceSegmentDestinationCommand).resolves({ Destination: 'XRay', Status: 'ACTIVE' });
    xr.on(GetServiceGraphCommand, { EndTime: NOW }).resolves({ Services: [] });
    xr.on(GetServiceGraphCommand, { EndTime: new Date(NOW.getTime() - 6 * H) })
      .resolvesOnce({ Services: [{ Name: 'checkout-api', Type: 'AWS::Lambda::Function' }], NextToken: 'g2' })
      .resolves({ Services: [{ Name: 'SageMaker Runtime', Type: 'AWS::SageMaker' }] });
    // An older window with other nodes: asked (all windows go out together) but not read.
    xr.on(GetServiceGraphCommand, { EndTime: new Date(NOW.getTime() - 12 * H) }).resolves({ Services: [{ Name: 'Bedrock', Type: 'AWS::Bedrock' }] });
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('traces in the last 12 h reach SageMaker or Bedrock: SageMaker Runtime');
    expect(check.resources).toEqual([{ id: 'SageMaker Runtime', region: 'us-east-1', status: 'PASS', reason: 'trace node SageMaker Runtime (AWS::SageMaker)' }]);
    expect(check.warnings).toEqual(['traces are encrypted with the X-Ray default key, not a KMS key']);
    const calls = xr.commandCalls(GetServiceGraphCommand).map((c) => c.args[0].input);
    expect(calls.length).toBe(5);
    for (let i = 0; i < 4; i++) expect(calls).toContainEqual({ StartTime: new Date(NOW.getTime() - (i + 1) * 6 * H), EndTime: new Date(NOW.getTime() - i * 6 * H) });
    expect(calls).toContainEqual({ StartTime: new Date(NOW.getTime() - 12 * H), EndTime: new Date(NOW.getTime() - 6 * H), NextToken: 'g2' });
  });

  it('MANUAL(PARTIAL): traces exist but none reaches SageMaker or Bedrock', async () => {
    footprint();
    xr.on(GetServiceGraphCommand).resolves({ Services: [{ Name: 'checkout-api', Type: 'AWS::Lambda::Function' }] });
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.reason).toMatch(/^1 traced service\(s\) in the last 6 h \(checkout-api\), none a SageMaker or Bedrock node/);
  });

  it('FAIL(NOT_IN_USE): footprint and no traces in 24 hours (four windows asked)', async () => {
    br.on(ListGuardrailsCommand).resolves({ guardrails: [{ id: 'g', arn: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/g', name: 'g', status: 'READY', version: 'DRAFT', createdAt: new Date(), updatedAt: new Date() }] });
    xr.on(GetEncryptionConfigCommand).resolves({ EncryptionConfig: { Type: 'KMS', KeyId: 'k' } });
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('AI footprint (Bedrock in use) but no X-Ray traces in the last 24 h');
    expect(xr.commandCalls(GetServiceGraphCommand).length).toBe(4);
  });

  it('MANUAL, not FAIL, when spans go to CloudWatch Logs (Transaction Search) and the graph is empty', async () => {
    footprint();
    xr.on(GetTraceSegmentDestinationCommand).resolves({ Destination: 'CloudWatchLogs', Status: 'ACTIVE' });
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('MANUAL');
    expect(check.reason).toMatch(/Transaction Search/);
  });

  it('PASS from a SageMaker trace node even when the footprint cannot be read; encryption refused only warns', async () => {
    br.on(ListGuardrailsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    xr.on(GetServiceGraphCommand).resolves({ Services: [{ Name: 'SageMaker Runtime', Type: 'AWS::SageMaker' }] });
    xr.on(GetEncryptionConfigCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('PASS');
    expect(check.warnings.join(' ')).toMatch(/xray:GetEncryptionConfig/);
  });

  it('ERROR, not FAIL, when the graph is empty but the segment destination cannot be read (CloudWatch Logs would make it MANUAL)', async () => {
    footprint();
    xr.on(GetTraceSegmentDestinationCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['xray:GetTraceSegmentDestination']);
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    footprint();
    xr.on(GetServiceGraphCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.6' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/xray:GetServiceGraph/);
  });
});
