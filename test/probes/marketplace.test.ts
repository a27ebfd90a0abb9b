import { BedrockClient, ListMarketplaceModelEndpointsCommand } from '@aws-sdk/client-bedrock';
import { LicenseManagerClient, ListReceivedLicensesCommand } from '@aws-sdk/client-license-manager';
import { MarketplaceAgreementClient, SearchAgreementsCommand } from '@aws-sdk/client-marketplace-agreement';
import { DescribeModelCommand, ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/marketplace.js';
import { ACCOUNT, awsError, liveTransport, makeAccess, runProbe } from '../helpers.js';
import { regionOf } from './s3-fixtures.js';

const mpa = mockClient(MarketplaceAgreementClient);
const lm = mockClient(LicenseManagerClient);
const bedrock = mockClient(BedrockClient);
const sm = mockClient(SageMakerClient);
afterEach(() => [mpa, lm, bedrock, sm].forEach((m) => m.reset()));

describe('AWS Marketplace probe (A.14)', () => {
  it('MANUAL(PARTIAL) with the inventory: agreements (paged, from us-east-1), licenses, Bedrock endpoints, external model packages', async () => {
    mpa.on(SearchAgreementsCommand)
      .resolvesOnce({ agreementViewSummaries: [{ agreementId: 'agmt-1', status: 'ACTIVE', proposer: { accountId: '999999999999' }, proposalSummary: { resources: [{ id: 'prod-llm', type: 'MachineLearningProduct' }] } }], nextToken: 'n' })
      .resolves({ agreementViewSummaries: [{ agreementId: 'agmt-2', status: 'ACTIVE', proposer: { accountId: '888888888888' }, proposalSummary: { resources: [{ id: 'prod-saas', type: 'SaaSProduct' }] } }] });
    lm.on(ListReceivedLicensesCommand).resolves({ Licenses: [{ LicenseArn: 'arn:aws:license-manager::999999999999:license:l-1', ProductName: 'Fancy LLM', Issuer: { Name: 'AWS/Marketplace' }, Status: 'AVAILABLE' }] });
    bedrock.on(ListMarketplaceModelEndpointsCommand).resolves({ marketplaceModelEndpoints: [{ endpointArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/mp-llm', modelSourceIdentifier: 'arn:aws:sagemaker:us-east-1:aws:hub-content/SageMakerPublicHub/Model/x/1', status: 'ACTIVE', createdAt: new Date(), updatedAt: new Date() }] });
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'vendor', ModelArn: 'arn:model/vendor', CreationTime: new Date() }, { ModelName: 'own', ModelArn: 'arn:model/own', CreationTime: new Date() }] });
    sm.on(DescribeModelCommand, { ModelName: 'vendor' }).resolves({ ModelName: 'vendor', ModelArn: 'arn:model/vendor', PrimaryContainer: { ModelPackageName: 'arn:aws:sagemaker:us-east-1:865070037744:model-package/vendor-llm-1' } });
    sm.on(DescribeModelCommand, { ModelName: 'own' }).resolves({ ModelName: 'own', ModelArn: 'arn:model/own', PrimaryContainer: { ModelPackageName: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/mine/1` } });
    const access = makeAccess(liveTransport(), { homeRegion: 'eu-west-1' });
    const { check } = await runProbe(probe, { control: 'A.14', access, regions: ['eu-west-1'] });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.reason).toBe('third-party AI components inventoried — 2 active agreement(s) (1 ML product(s)), 1 received license(s), 1 Bedrock Marketplace endpoint(s), 1 SageMaker model(s) from external model packages: vetting cannot be proven by API; attest that each was reviewed');
    expect(check.resources.every((r) => r.status === 'MANUAL')).toBe(true);
    expect(check.resources.find((r) => r.id === 'agmt-1')?.reason).toBe('agreement agmt-1 (ML product) with seller 999999999999: MachineLearningProduct prod-llm');
    expect(check.resources.find((r) => r.id === 'arn:model/vendor')).toBeDefined();
    expect(check.resources.find((r) => r.id === 'arn:model/own')).toBeUndefined();
    const search = mpa.commandCalls(SearchAgreementsCommand);
    expect(search.length).toBe(2);
    expect(await regionOf(search[0])).toBe('us-east-1');
    expect(search[0].args[0].input.filters).toEqual([
      { name: 'PartyType', values: ['Acceptor'] },
      { name: 'AgreementType', values: ['PurchaseAgreement'] },
      { name: 'Status', values: ['ACTIVE'] },
    ]);
    expect(await regionOf(lm.commandCalls(ListReceivedLicensesCommand)[0])).toBe('eu-west-1');
  });

  it('nothing acquired: MANUAL(NOT_IN_USE) by default; fail / na by policy', async () => {
    const m = await runProbe(probe, { control: 'A.14' });
    expect([m.check.status, m.check.code]).toEqual(['MANUAL', 'NOT_IN_USE']);
    expect(m.check.reason).toMatch(/^no active Marketplace agreement/);
    const f = await runProbe(probe, { control: 'A.14', settings: { optionalServicePolicy: 'fail' } });
    expect(f.check.status).toBe('FAIL');
    const n = await runProbe(probe, { control: 'A.14', settings: { optionalServicePolicy: 'na' } });
    expect(n.check.status).toBe('NOT_APPLICABLE');
  });

  it('skips a region where License Manager is not offered, and says so', async () => {
    lm.on(ListReceivedLicensesCommand).rejects(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    bedrock.on(ListMarketplaceModelEndpointsCommand).resolves({ marketplaceModelEndpoints: [{ endpointArn: 'arn:ep', modelSourceIdentifier: 'm', createdAt: new Date(), updatedAt: new Date() }] });
    const { check } = await runProbe(probe, { control: 'A.14' });
    expect(check.status).toBe('MANUAL');
    expect(check.warnings.some((w) => w.startsWith('not listed: License Manager in us-east-1'))).toBe(true);
  });

  it('SearchAgreements denied and nothing else found: MANUAL naming it under the default policy (found or not, the answer is MANUAL); ERROR under "fail"', async () => {
    mpa.on(SearchAgreementsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const m = await runProbe(probe, { control: 'A.14' });
    expect([m.check.status, m.check.code]).toEqual(['MANUAL', 'PARTIAL']);
    expect(m.check.reason).toMatch(/aws-marketplace:SearchAgreements/);
    const { check } = await runProbe(probe, { control: 'A.14', settings: { optionalServicePolicy: 'fail' } });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/aws-marketplace:SearchAgreements/);
  });

  it('one source denied but another shows a third-party component: the inventory stands, the unread source is named', async () => {
    mpa.on(SearchAgreementsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    lm.on(ListReceivedLicensesCommand).resolves({ Licenses: [{ LicenseArn: 'arn:aws:license-manager::999999999999:license:l-1', ProductName: 'Fancy LLM' }] });
    const { check } = await runProbe(probe, { control: 'A.14', settings: { optionalServicePolicy: 'fail' } });
    expect([check.status, check.code]).toEqual(['MANUAL', 'PARTIAL']);
    expect(check.warnings.some((w) => w.includes('aws-marketplace:SearchAgreements'))).toBe(true);
  });
});
