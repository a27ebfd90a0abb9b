import { BedrockClient, GetModelInvocationLoggingConfigurationCommand, ListCustomModelsCommand, ListGuardrailsCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { ListDomainsCommand, ListEndpointsCommand, ListModelsCommand, ListNotebookInstancesCommand, ListTrainingJobsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { aiFootprint, anyAi, type AiFootprint } from '../../checks/facts/ai-footprint.js';
import { DEFAULT_SETTINGS } from '../../src/engine/probe.js';
import { Registry } from '../../src/engine/registry.js';
import { runScan } from '../../src/engine/runner.js';
import { awsError, IDENTITY, makeAccess, NOW, reportOf } from '../helpers.js';

const sm = mockClient(SageMakerClient);
const bedrock = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
afterEach(() => [sm, bedrock, cw].forEach((m) => m.reset()));

async function footprint(regions = ['us-east-1']) {
  const registry = new Registry({ controls: [], probes: [], baseFacts: [aiFootprint] });
  const access = makeAccess();
  const run = await runScan({ access, identity: IDENTITY, regions, controlIds: [], registry, settings: DEFAULT_SETTINGS, now: NOW });
  return { run, access, registry, byRegion: run.facts['ai-footprint'] as Record<string, AiFootprint> };
}

function busyAccount() {
  const ep = (n: string, s: 'InService' | 'Failed') => ({ EndpointName: n, EndpointArn: `arn:${n}`, EndpointStatus: s, CreationTime: NOW, LastModifiedTime: NOW });
  // Two pages in us-east-1, whichever region asks first (a once-only mock would hand page 1 to either).
  sm.on(ListEndpointsCommand).callsFake(async (input: { NextToken?: string }, getClient) => {
    if ((await getClient().config.region()) !== 'us-east-1') return { Endpoints: [] };
    return input.NextToken === 'p2' ? { Endpoints: [ep('b', 'Failed')] } : { Endpoints: [ep('a', 'InService')], NextToken: 'p2' };
  });
  sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm', ModelArn: 'arn:m', CreationTime: NOW }] });
  sm.on(ListTrainingJobsCommand).resolves({ TrainingJobSummaries: [{ TrainingJobName: 't1', TrainingJobArn: 'arn:t1', CreationTime: NOW, TrainingJobStatus: 'Completed' }, { TrainingJobName: 't2', TrainingJobArn: 'arn:t2', CreationTime: NOW, TrainingJobStatus: 'Failed' }] });
  sm.on(ListDomainsCommand).resolves({ Domains: [{ DomainId: 'd-1' }] });
  sm.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [{ NotebookInstanceName: 'nb', NotebookInstanceArn: 'arn:nb' }] });
  bedrock.on(ListCustomModelsCommand).resolves({ modelSummaries: [{ modelArn: 'arn:cm', modelName: 'tuned', creationTime: NOW, baseModelArn: 'b', baseModelName: 'b' }] });
  bedrock.on(ListGuardrailsCommand).resolves({ guardrails: [{ id: 'g', arn: 'arn:g', status: 'READY', name: 'g', version: 'DRAFT', createdAt: NOW, updatedAt: NOW }] });
  bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: { s3Config: { bucketName: 'logs' }, textDataDeliveryEnabled: true } });
  cw.on(ListMetricsCommand).resolves({ Metrics: [{ Namespace: 'AWS/Bedrock', MetricName: 'Invocations' }] });
}

describe('AI footprint and inventory', () => {
  it('counts every resource type the issue lists (endpoints over two pages) and the report shows them per region', async () => {
    busyAccount();
    const { run, access, registry, byRegion } = await footprint(['us-east-1', 'eu-west-1']);
    const fp = byRegion['us-east-1'];
    expect(fp.inventory).toEqual({
      'sagemaker:endpoint': 2,
      'sagemaker:endpoint-in-service': 1,
      'sagemaker:model': 1,
      'sagemaker:training-job': 2,
      'sagemaker:domain': 1,
      'sagemaker:notebook-instance': 1,
      'bedrock:custom-model': 1,
      'bedrock:guardrail': 1,
      'bedrock:invocation-logging': 1,
      'bedrock:active-metric': 1,
    });
    expect([fp.sagemaker, fp.bedrock, anyAi(fp), fp.unknown]).toEqual([true, true, true, []]);
    // Two weeks of metrics, not RecentlyActive=PT3H: Bedrock used this afternoon is still seen tonight.
    expect(cw.commandCalls(ListMetricsCommand)[0].args[0].input).toEqual({ Namespace: 'AWS/Bedrock' });
    expect(sm.commandCalls(ListTrainingJobsCommand)[0].args[0].input).toEqual({ CreationTimeAfter: new Date(NOW.getTime() - 180 * 86_400_000), MaxResults: 100 });
    const report = reportOf(run, access, registry, ['us-east-1', 'eu-west-1']);
    expect(Object.keys(report.inventory)).toEqual(['eu-west-1', 'us-east-1']);
    expect(report.inventory['eu-west-1']['sagemaker:notebook-instance']).toBe(1);
  });

  it('an empty region is known to have no AI', async () => {
    const fp = (await footprint()).byRegion['us-east-1'];
    expect([fp.sagemaker, fp.bedrock, anyAi(fp)]).toEqual([false, false, false]);
    expect(fp.inventory['bedrock:invocation-logging']).toBe(0);
  });

  it('a denied part leaves that side unknown (null) with the reason, and keeps the counts it could read', async () => {
    sm.on(ListDomainsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    cw.on(ListMetricsCommand).rejects(awsError('AccessDenied', 'no', 403));
    const fp = (await footprint()).byRegion['us-east-1'];
    expect(fp.sagemaker).toBeNull();
    expect(fp.bedrock).toBeNull();
    expect(anyAi(fp)).toBeNull();
    expect(fp.unknown).toHaveLength(2);
    expect(fp.unknown.some((u) => u.includes('sagemaker:ListDomains'))).toBe(true);
    expect(fp.unknown.some((u) => u.includes('cloudwatch:ListMetrics'))).toBe(true);
    // Every list that was read completely keeps its count; the denied ones have none.
    expect(fp.inventory).toEqual({
      'bedrock:custom-model': 0,
      'bedrock:guardrail': 0,
      'bedrock:invocation-logging': 0,
      'sagemaker:endpoint': 0,
      'sagemaker:endpoint-in-service': 0,
      'sagemaker:model': 0,
      'sagemaker:notebook-instance': 0,
      'sagemaker:training-job': 0,
    });
    expect(fp.causes.map((c) => c.action).sort()).toEqual(['cloudwatch:ListMetrics', 'sagemaker:ListDomains']);
  });

  it('usage shown by one Bedrock part is enough even when another is denied', async () => {
    bedrock.on(ListGuardrailsCommand).resolves({ guardrails: [{ id: 'g', arn: 'arn:g', status: 'READY', name: 'g', version: 'DRAFT', createdAt: NOW, updatedAt: NOW }] });
    cw.on(ListMetricsCommand).rejects(awsError('AccessDenied', 'no', 403));
    const fp = (await footprint()).byRegion['us-east-1'];
    expect(fp.bedrock).toBe(true);
    expect(anyAi(fp)).toBe(true);
  });

  it('Bedrock not offered in the region counts as no Bedrock, not as unknown', async () => {
    const noDns = () => awsError('Error', 'getaddrinfo ENOTFOUND bedrock.ap-southeast-5.amazonaws.com', 0, { code: 'ENOTFOUND' });
    bedrock.on(ListCustomModelsCommand).rejects(noDns());
    bedrock.on(ListGuardrailsCommand).rejects(noDns());
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).rejects(noDns());
    const fp = (await footprint()).byRegion['us-east-1'];
    expect(fp.bedrock).toBe(false);
    expect(fp.unknown).toEqual([]);
  });
});
