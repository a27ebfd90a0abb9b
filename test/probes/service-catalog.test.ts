import { BedrockClient } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GetSagemakerServicecatalogPortfolioStatusCommand, ListModelsCommand, ListProjectsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ListPortfoliosCommand, ListPrincipalsForPortfolioCommand, SearchProductsAsAdminCommand, ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/service-catalog.js';
import { awsError, runProbe } from '../helpers.js';

const sc = mockClient(ServiceCatalogClient);
const sm = mockClient(SageMakerClient);
const bedrock = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
afterEach(() => [sc, sm, bedrock, cw].forEach((m) => m.reset()));

const portfolio = (Id: string, DisplayName: string) => ({ Id, ARN: `arn:aws:catalog:us-east-1:123456789012:portfolio/${Id}`, DisplayName });

describe('AWS Service Catalog probe (A.13)', () => {
  it('PASS: SageMaker projects provisioned from templates, portfolio enabled', async () => {
    sm.on(GetSagemakerServicecatalogPortfolioStatusCommand).resolves({ Status: 'Enabled' });
    sm.on(ListProjectsCommand).resolves({ ProjectSummaryList: [{ ProjectName: 'churn', ProjectArn: 'arn:aws:sagemaker:us-east-1:123456789012:project/churn', ProjectId: 'p-1', CreationTime: new Date(), ProjectStatus: 'CreateCompleted' }] });
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('1 SageMaker project(s) provisioned from Service Catalog templates; SageMaker Projects portfolio enabled');
  });

  it('PASS: an ML portfolio (paged) with products and principals', async () => {
    sc.on(ListPortfoliosCommand).resolvesOnce({ PortfolioDetails: [portfolio('port-1', 'Web')], NextPageToken: 'p2' }).resolves({ PortfolioDetails: [portfolio('port-2', 'MLOps templates')] });
    sc.on(SearchProductsAsAdminCommand).resolves({ ProductViewDetails: [{ ProductViewSummary: { Name: 'training-stack' } }] });
    sc.on(ListPrincipalsForPortfolioCommand).resolves({ Principals: [{ PrincipalARN: 'arn:aws:iam::123456789012:role/ds', PrincipalType: 'IAM' }] });
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('1 ML portfolio(s) with products shared to principals: MLOps templates');
    expect(sc.commandCalls(ListPortfoliosCommand)[1].args[0].input).toEqual({ PageToken: 'p2' });
  });

  it('MANUAL(PARTIAL): usable portfolios none recognisably for ML', async () => {
    sc.on(ListPortfoliosCommand).resolves({ PortfolioDetails: [portfolio('port-1', 'Networking')] });
    sc.on(SearchProductsAsAdminCommand).resolves({ ProductViewDetails: [{}] });
    sc.on(ListPrincipalsForPortfolioCommand).resolves({ Principals: [{ PrincipalARN: 'r' }] });
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
  });

  it('FAIL(MISCONFIGURED): portfolios that nobody can provision from', async () => {
    sc.on(ListPortfoliosCommand).resolves({ PortfolioDetails: [portfolio('port-1', 'ML')] });
    sc.on(SearchProductsAsAdminCommand).resolves({ ProductViewDetails: [{}] });
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources[0].reason).toBe('portfolio ML (ML): 1 product(s), 0 principal(s)');
  });

  it('nothing, with an AI footprint: MANUAL(NOT_IN_USE); fail / na by policy', async () => {
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm', ModelArn: 'a', CreationTime: new Date() }] });
    const m = await runProbe(probe, { control: 'A.13' });
    expect([m.check.status, m.check.code]).toEqual(['MANUAL', 'NOT_IN_USE']);
    const f = await runProbe(probe, { control: 'A.13', settings: { optionalServicePolicy: 'fail' } });
    expect(f.check.status).toBe('FAIL');
    const n = await runProbe(probe, { control: 'A.13', settings: { optionalServicePolicy: 'na' } });
    expect(n.check.status).toBe('NOT_APPLICABLE');
  });

  it('NOT_APPLICABLE: nothing and no AI footprint', async () => {
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('a denied GetSagemakerServicecatalogPortfolioStatus (wording only) leaves the verdict and names the action in a warning', async () => {
    // The old expectation here was ERROR: a side call that feeds only the wording must not make ERROR.
    sm.on(GetSagemakerServicecatalogPortfolioStatusCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.warnings.some((w) => w.includes('sagemaker:GetSagemakerServicecatalogPortfolioStatus'))).toBe(true);
  });

  it('ERROR naming servicecatalog:ListPortfolios when nothing else shows use', async () => {
    sc.on(ListPortfoliosCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('ERROR');
    expect(check.missing?.map((m) => m.action)).toEqual(['servicecatalog:ListPortfolios']);
  });

  it('a live SageMaker project passes whatever the portfolio listings say', async () => {
    sc.on(ListPortfoliosCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    sm.on(ListProjectsCommand).resolves({ ProjectSummaryList: [{ ProjectName: 'churn', ProjectArn: 'arn:aws:sagemaker:us-east-1:123456789012:project/churn', ProjectId: 'p-1', CreationTime: new Date(), ProjectStatus: 'CreateCompleted' }] });
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('PASS');
  });

  it('one portfolio whose principals are denied is an ERROR resource; an ML sibling still passes', async () => {
    sc.on(ListPortfoliosCommand).resolves({ PortfolioDetails: [portfolio('port-1', 'Web'), portfolio('port-2', 'MLOps templates')] });
    sc.on(SearchProductsAsAdminCommand).resolves({ ProductViewDetails: [{ ProductViewSummary: { Name: 'stack' } }] });
    sc.on(ListPrincipalsForPortfolioCommand, { PortfolioId: 'port-1' }).rejects(awsError('AccessDeniedException', 'denied', 403));
    sc.on(ListPrincipalsForPortfolioCommand, { PortfolioId: 'port-2' }).resolves({ Principals: [{ PrincipalARN: 'r' }] });
    const { check } = await runProbe(probe, { control: 'A.13' });
    expect(check.status).toBe('PASS');
    expect(check.resources.find((r) => r.id.endsWith('port-1'))).toMatchObject({ status: 'ERROR' });
  });
});
