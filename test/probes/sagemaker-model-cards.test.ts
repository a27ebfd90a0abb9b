import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCardCommand,
  DescribeModelCommand,
  ListEndpointsCommand,
  ListModelCardsCommand,
  ListModelPackageGroupsCommand,
  ListModelsCommand,
  SageMakerClient,
  type ModelCardStatus,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { parseCardContent } from '../../checks/probes/sagemaker-model-cards.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const sm = mockClient(SageMakerClient);
afterEach(() => sm.reset());

function card(name: string, status: ModelCardStatus, content: object) {
  sm.on(DescribeModelCardCommand, { ModelCardName: name }).resolves({ ModelCardName: name, ModelCardArn: `arn:card/${name}`, ModelCardVersion: 1, ModelCardStatus: status, Content: JSON.stringify(content), CreationTime: NOW, CreatedBy: {} });
  return { ModelCardName: name, ModelCardArn: `arn:card/${name}`, ModelCardStatus: status, CreationTime: NOW };
}

function deployed(endpoint: string, model: string) {
  sm.on(DescribeEndpointCommand, { EndpointName: endpoint }).resolves({ EndpointName: endpoint, EndpointArn: `arn:ep/${endpoint}`, EndpointStatus: 'InService', EndpointConfigName: `${endpoint}-cfg`, CreationTime: NOW, LastModifiedTime: NOW });
  sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: `${endpoint}-cfg` }).resolves({ EndpointConfigName: `${endpoint}-cfg`, EndpointConfigArn: 'c', ProductionVariants: [{ VariantName: 'v', ModelName: model }], CreationTime: NOW });
  sm.on(DescribeModelCommand, { ModelName: model }).resolves({ ModelName: model, ModelArn: `arn:model/${model}`, CreationTime: NOW, PrimaryContainer: { Image: 'img' } });
  return { EndpointName: endpoint, EndpointArn: `arn:ep/${endpoint}`, EndpointStatus: 'InService' as const, CreationTime: NOW, LastModifiedTime: NOW };
}

describe('Amazon SageMaker Model Cards probe', () => {
  it('A.2 PASS: the deployed model and the registry group each map to a card with a risk rating (cards over two pages)', async () => {
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'churn', ModelArn: 'arn:model/churn', CreationTime: NOW }, { ModelName: 'scratch', ModelArn: 'arn:model/scratch', CreationTime: NOW }] });
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [deployed('churn-ep', 'churn')] });
    sm.on(ListModelPackageGroupsCommand).resolves({ ModelPackageGroupSummaryList: [{ ModelPackageGroupName: 'fraud', ModelPackageGroupArn: 'arn:g/fraud', CreationTime: NOW, ModelPackageGroupStatus: 'Completed' }] });
    sm.on(ListModelCardsCommand)
      .resolvesOnce({ ModelCardSummaries: [card('churn-card', 'Draft', { model_overview: { model_name: 'churn' }, intended_uses: { risk_rating: 'Medium' } })], NextToken: 'c2' })
      .resolves({ ModelCardSummaries: [card('fraud-card', 'Approved', { model_package_details: { model_package_group_name: 'fraud' }, intended_uses: { risk_rating: 'High' } })] });
    const { check } = await runProbe(probe, { control: 'A.2' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('all 2 in scope (1 deployed model(s) and 1 registry group(s)) have model cards with a risk rating');
    expect(check.resources.map((r) => r.reason).sort()).toEqual(['model churn: card churn-card (Draft, risk Medium)', 'model package group fraud: card fraud-card (Approved, risk High)']);
    expect(sm.commandCalls(DescribeModelCardCommand).every((c) => c.args[0].input.IncludedData === 'MetadataOnly')).toBe(true);
  });

  it('A.8 FAIL(MISCONFIGURED) when the mapped card is not Approved', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [deployed('churn-ep', 'churn')] });
    sm.on(ListModelCardsCommand).resolves({ ModelCardSummaries: [card('churn-card', 'PendingReview', { model_overview: { model_name: 'churn' }, intended_uses: { risk_rating: 'Low' } })] });
    const { check } = await runProbe(probe, { control: 'A.8' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources[0]).toMatchObject({ id: 'arn:model/churn', status: 'FAIL', reason: 'model churn: card churn-card is PendingReview' });
  });

  it('FAIL(NOT_IN_USE) when undeployed models have no card (none deployed, no registry: the models themselves are in scope)', async () => {
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm1', ModelArn: 'arn:model/m1', CreationTime: NOW }] });
    const { check } = await runProbe(probe, { control: 'A.2' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('1 of 1 in scope (1 model(s) (none deployed, no registry)): model m1: no model card');
  });

  it('NOT_APPLICABLE without models or registry groups', async () => {
    const { check } = await runProbe(probe);
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  // The old expectation (ERROR with nothing in scope) encoded the all-or-nothing defect: with no model
  // and no registry group, unread cards cannot change the verdict.
  it('ERROR naming the IAM action on AccessDenied when a model needs a card; NOT_APPLICABLE when nothing is in scope', async () => {
    sm.on(ListModelCardsCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    expect((await runProbe(probe)).check.status).toBe('NOT_APPLICABLE');
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm1', ModelArn: 'arn:m1', CreationTime: NOW }] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/sagemaker:ListModelCards/);
  });

  it('parses MetadataOnly content defensively', () => {
    expect(parseCardContent('{"model_package_details":{"model_package_arn":"arn:p/1"}}')).toMatchObject({ packageArn: 'arn:p/1' });
    expect(parseCardContent('not json')).toEqual({});
  });

  // Issue 15: a deployed model without a card fails although a sibling endpoint could not be read.
  it('FAIL for the deployed model without a card; the unreadable endpoint is ERROR beside it', async () => {
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [deployed('churn-ep', 'churn'), deployed('hidden-ep', 'hidden')] });
    sm.on(DescribeEndpointCommand, { EndpointName: 'hidden-ep' }).rejects(awsError('AccessDeniedException', 'no', 403));
    sm.on(ListModelCardsCommand).resolves({ ModelCardSummaries: [] });
    const { check } = await runProbe(probe, { control: 'A.2' });
    expect(check.status).toBe('FAIL');
    expect(check.resources.map((r) => [r.id, r.status])).toEqual([['arn:ep/hidden-ep', 'ERROR'], ['arn:model/churn', 'FAIL']]);
  });
});
