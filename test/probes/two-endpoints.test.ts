// The recorded account: two endpoints, one with data capture, KMS and a scheduled monitor,
// one with neither. Model Monitor and Endpoints run over the same mocked account through the real
// engine and report builder; the report names both endpoints and gives each its own verdict.
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand } from '@aws-sdk/client-application-auto-scaling';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeMonitoringScheduleCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  ListMonitoringSchedulesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTROLS } from '../../checks/catalog.js';
import { aiFootprint } from '../../checks/facts/ai-footprint.js';
import sagemakerEndpoints from '../../checks/probes/sagemaker-endpoints.js';
import sagemakerModelMonitor from '../../checks/probes/sagemaker-model-monitor.js';
import { DEFAULT_SETTINGS } from '../../src/engine/probe.js';
import { Registry } from '../../src/engine/registry.js';
import { runScan } from '../../src/engine/runner.js';
import { IDENTITY, makeAccess, NOW, reportOf } from '../helpers.js';

const sm = mockClient(SageMakerClient);
const aas = mockClient(ApplicationAutoScalingClient);
// The AI footprint (a base fact) also asks Bedrock and CloudWatch: mocked so nothing leaves the machine.
const bedrock = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
afterEach(() => [sm, aas, bedrock, cw].forEach((m) => m.reset()));

const ARN = (n: string) => `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${n}`;
const KMS = 'arn:aws:kms:us-east-1:123456789012:key/1111';

beforeEach(() => {
  const summary = (n: string) => ({ EndpointName: n, EndpointArn: ARN(n), EndpointStatus: 'InService' as const, CreationTime: NOW, LastModifiedTime: NOW });
  sm.on(ListEndpointsCommand).resolves({ Endpoints: [summary('churn-predictor'), summary('legacy-scorer')] });
  sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'churn-model', ModelArn: 'arn:m1', CreationTime: NOW }, { ModelName: 'legacy-model', ModelArn: 'arn:m2', CreationTime: NOW }] });
  const variant = { VariantName: 'AllTraffic', CurrentInstanceCount: 2 };
  sm.on(DescribeEndpointCommand, { EndpointName: 'churn-predictor' }).resolves({
    ...summary('churn-predictor'),
    EndpointConfigName: 'churn-cfg',
    ProductionVariants: [variant],
    DataCaptureConfig: { EnableCapture: true, CaptureStatus: 'Started', CurrentSamplingPercentage: 100, DestinationS3Uri: 's3://capture/churn', KmsKeyId: KMS },
    LastDeploymentConfig: { AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'churn-5xx' }] } },
  });
  sm.on(DescribeEndpointCommand, { EndpointName: 'legacy-scorer' }).resolves({ ...summary('legacy-scorer'), EndpointConfigName: 'legacy-cfg', ProductionVariants: [variant] });
  sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: 'churn-cfg' }).resolves({ EndpointConfigName: 'churn-cfg', EndpointConfigArn: 'c1', KmsKeyId: KMS, ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'churn-model' }], CreationTime: NOW });
  sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: 'legacy-cfg' }).resolves({ EndpointConfigName: 'legacy-cfg', EndpointConfigArn: 'c2', ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'legacy-model' }], CreationTime: NOW });
  sm.on(DescribeModelCommand).resolves({ ModelName: 'm', ModelArn: 'arn:m', CreationTime: NOW, PrimaryContainer: { Image: 'img' } });
  sm.on(ListMonitoringSchedulesCommand).resolves({
    MonitoringScheduleSummaries: [{ MonitoringScheduleName: 'churn-dq', MonitoringScheduleArn: 'arn:s', CreationTime: NOW, LastModifiedTime: NOW, MonitoringScheduleStatus: 'Scheduled', EndpointName: 'churn-predictor', MonitoringType: 'DataQuality' }],
  });
  sm.on(DescribeMonitoringScheduleCommand).resolves({
    MonitoringScheduleArn: 'arn:s',
    MonitoringScheduleName: 'churn-dq',
    MonitoringScheduleStatus: 'Scheduled',
    CreationTime: NOW,
    LastModifiedTime: NOW,
    MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' } },
    LastMonitoringExecutionSummary: { MonitoringScheduleName: 'churn-dq', ScheduledTime: NOW, CreationTime: NOW, LastModifiedTime: NOW, MonitoringExecutionStatus: 'Completed' },
  });
  aas.on(DescribeScalableTargetsCommand).resolves({
    ScalableTargets: [{ ServiceNamespace: 'sagemaker', ResourceId: 'endpoint/churn-predictor/variant/AllTraffic', ScalableDimension: 'sagemaker:variant:DesiredInstanceCount', MinCapacity: 2, MaxCapacity: 4, RoleARN: 'r', CreationTime: NOW }],
  });
  aas.on(DescribeScalingPoliciesCommand).resolves({
    ScalingPolicies: [{ PolicyARN: 'p', PolicyName: 'churn-tt', ServiceNamespace: 'sagemaker', ResourceId: 'endpoint/churn-predictor/variant/AllTraffic', ScalableDimension: 'sagemaker:variant:DesiredInstanceCount', PolicyType: 'TargetTrackingScaling', CreationTime: NOW }],
  });
});

async function scan() {
  // The document's controls, keeping only the two services under test so no other probe runs.
  const keep = new Set(['Amazon SageMaker Model Monitor', 'Amazon SageMaker Endpoints']);
  const controls = CONTROLS.filter((c) => c.id === '6.1.2' || c.id === 'A.6').map((c) => ({ ...c, mappings: c.mappings.filter((m) => keep.has(m.service)) }));
  const registry = new Registry({ controls, probes: [sagemakerModelMonitor, sagemakerEndpoints], baseFacts: [aiFootprint] });
  const access = makeAccess();
  const run = await runScan({ access, identity: IDENTITY, regions: ['us-east-1'], controlIds: ['6.1.2', 'A.6'], registry, settings: DEFAULT_SETTINGS, now: NOW });
  return reportOf(run, access, registry, ['us-east-1']);
}

describe('recorded account with two endpoints', () => {
  it('names both endpoints with their own verdict under Model Monitor (6.1.2) and Endpoints (A.6)', async () => {
    const report = await scan();
    const monitor = report.controls.find((c) => c.id === '6.1.2')!.checks.find((c) => c.service === 'Amazon SageMaker Model Monitor')!;
    expect(monitor.status).toBe('FAIL');
    expect(monitor.reason).toMatch(/^1 of 2 endpoint\(s\) not monitored: endpoint legacy-scorer: data capture off, no Scheduled monitoring schedule/);
    expect(monitor.resources.map((r) => [r.id, r.status, r.reason])).toEqual([
      [ARN('churn-predictor'), 'PASS', 'endpoint churn-predictor: capture 100%, KMS-encrypted, monitors DataQuality'],
      [ARN('legacy-scorer'), 'FAIL', 'endpoint legacy-scorer: data capture off, no Scheduled monitoring schedule'],
    ]);

    const endpoints = report.controls.find((c) => c.id === 'A.6')!.checks.find((c) => c.service === 'Amazon SageMaker Endpoints')!;
    expect(endpoints.status).toBe('FAIL');
    expect(endpoints.resources.map((r) => [r.id, r.status, r.reason])).toEqual([
      [ARN('churn-predictor'), 'PASS', 'endpoint churn-predictor: KMS key set, auto scaling AllTraffic 2–4 instances'],
      [ARN('legacy-scorer'), 'FAIL', 'endpoint legacy-scorer: endpoint config legacy-cfg has no KMS key, variant AllTraffic has no auto scaling target'],
    ]);
    expect(endpoints.warnings).toEqual(['endpoint legacy-scorer: no auto-rollback alarms on its last deployment']);

    // Each endpoint was described once, however many probes read it.
    expect(sm.commandCalls(DescribeEndpointCommand).length).toBe(2);
    expect(report.inventory['us-east-1']).toMatchObject({ 'sagemaker:endpoint': 2, 'sagemaker:endpoint-in-service': 2, 'sagemaker:model': 2 });
  });
});
