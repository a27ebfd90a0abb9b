import { DescribeModelCommand, ListHubContentsCommand, ListHubsCommand, ListModelsCommand, ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/sagemaker-jumpstart.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
afterEach(() => sm.reset());

const HUB = 'arn:aws:sagemaker:us-east-1:123456789012:hub/approved-models';
const models = (...names: string[]) => sm.on(ListModelsCommand).resolves({ Models: names.map((n) => ({ ModelName: n, ModelArn: `arn:model/${n}`, CreationTime: NOW })) });

describe('Amazon SageMaker JumpStart probe', () => {
  it('MANUAL(PARTIAL) with the evidence: JumpStart models found by tags and by artefact, governed or not (hubs over two pages)', async () => {
    models('llama-from-hub', 'flan-direct', 'own-model');
    sm.on(ListHubsCommand)
      .resolvesOnce({ HubSummaries: [{ HubName: 'SageMakerPublicHub', HubArn: 'arn:aws:sagemaker:us-east-1:aws:hub/SageMakerPublicHub', HubStatus: 'InService', CreationTime: NOW, LastModifiedTime: NOW }], NextToken: 'h2' })
      .resolves({ HubSummaries: [{ HubName: 'approved-models', HubArn: HUB, HubStatus: 'InService', CreationTime: NOW, LastModifiedTime: NOW }] });
    sm.on(ListHubContentsCommand, { HubContentType: 'ModelReference' }).resolves({ HubContentSummaries: [{ HubContentName: 'meta-textgeneration-llama-3-8b', HubContentArn: 'a', HubContentVersion: '1', HubContentType: 'ModelReference', DocumentSchemaVersion: '1', HubContentStatus: 'Available', CreationTime: NOW }] });
    sm.on(ListTagsCommand, { ResourceArn: 'arn:model/llama-from-hub' }).resolves({ Tags: [{ Key: 'sagemaker-sdk:jumpstart-model-id', Value: 'meta-textgeneration-llama-3-8b' }, { Key: 'sagemaker-sdk:jumpstart-model-version', Value: '2.1.0' }] });
    sm.on(DescribeModelCommand, { ModelName: 'flan-direct' }).resolves({ ModelName: 'flan-direct', ModelArn: 'arn:model/flan-direct', CreationTime: NOW, PrimaryContainer: { ModelDataUrl: 's3://jumpstart-cache-prod-us-east-1/huggingface-text2text/flan-t5.tar.gz' } });
    sm.on(DescribeModelCommand, { ModelName: 'own-model' }).resolves({ ModelName: 'own-model', ModelArn: 'arn:model/own-model', CreationTime: NOW, PrimaryContainer: { ModelDataUrl: 's3://my-bucket/model.tar.gz' } });
    const { check } = await runProbe(probe, { control: 'A.14' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.reason).toMatch(/^2 JumpStart-derived resource\(s\), 1 of 2 not from a private curated hub .*; 1 private hub\(s\) \(approved-models: 1 model\(s\)\)\. Attest the licence\/EULA/);
    expect(Object.fromEntries(check.resources.map((r) => [r.id, [r.status, r.reason]]))).toEqual({
      'arn:model/llama-from-hub': ['PASS', 'model llama-from-hub: JumpStart meta-textgeneration-llama-3-8b v2.1.0, model meta-textgeneration-llama-3-8b allow-listed in private hub approved-models'],
      'arn:model/flan-direct': ['MANUAL', 'model flan-direct: JumpStart artefact, not from a private curated hub'],
    });
    expect(sm.commandCalls(ListHubContentsCommand).every((c) => c.args[0].input.HubName === 'approved-models')).toBe(true);
  });

  it('MANUAL(NOT_IN_USE) by default when SageMaker is used without JumpStart; NOT_APPLICABLE under the "na" policy', async () => {
    models('own-model');
    const { check } = await runProbe(probe);
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toMatch(/^no JumpStart-derived models or endpoints found/);
    const na = await runProbe(probe, { settings: { optionalServicePolicy: 'na' } });
    expect(na.check.status).toBe('NOT_APPLICABLE');
  });

  it('a region without JumpStart hubs is noted, not skipped', async () => {
    models('own-model');
    sm.on(ListHubsCommand).rejects(awsError('UnknownOperationException', 'Unknown operation ListHubs'));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('MANUAL');
    expect(check.warnings).toContain('SageMaker JumpStart private hubs is not offered in this region (UnknownOperationException)');
  });

  it('NOT_APPLICABLE without SageMaker workloads or hubs', async () => {
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    models('own-model');
    sm.on(ListTagsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sagemaker:ListTags/);
  });

  // Issue 15: a found JumpStart model keeps the MANUAL verdict; an unread model is named, not fatal.
  it('MANUAL with the found model when another model\'s tags are refused, naming the unread one', async () => {
    models('llama', 'hidden');
    sm.on(ListTagsCommand, { ResourceArn: 'arn:model/llama' }).resolves({ Tags: [{ Key: 'sagemaker-sdk:jumpstart-model-id', Value: 'meta-textgeneration-llama-3-8b' }] });
    sm.on(ListTagsCommand, { ResourceArn: 'arn:model/hidden' }).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.warnings.some((w) => w.startsWith('JumpStart origin not checked for 1 resource(s): arn:model/hidden (sagemaker:ListTags)'))).toBe(true);
  });
});
