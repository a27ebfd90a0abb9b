import { BedrockClient } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GetCrawlersCommand, GetDatabasesCommand, GetDataCatalogEncryptionSettingsCommand, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { ListEndpointsCommand, ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/glue-data-catalog.js';
import { awsError, runProbe } from '../helpers.js';

const glue = mockClient(GlueClient);
const sm = mockClient(SageMakerClient);
const bedrock = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
afterEach(() => [glue, sm, bedrock, cw].forEach((m) => m.reset()));

const encrypted = { DataCatalogEncryptionSettings: { EncryptionAtRest: { CatalogEncryptionMode: 'SSE-KMS' as const, SseAwsKmsKeyId: 'alias/glue' }, ConnectionPasswordEncryption: { ReturnConnectionPasswordEncrypted: true } } };

describe('AWS Glue Data Catalog probe (7.5)', () => {
  it('PASS: tables outside default, metadata and passwords encrypted; databases and tables paged', async () => {
    glue.on(GetDatabasesCommand).resolvesOnce({ DatabaseList: [{ Name: 'default' }], NextToken: 'd2' }).resolves({ DatabaseList: [{ Name: 'training' }] });
    glue.on(GetTablesCommand, { DatabaseName: 'training' })
      .resolvesOnce({ TableList: [{ Name: 'customers', Description: 'churn features' }], NextToken: 't2' })
      .resolves({ TableList: [{ Name: 'labels', Parameters: { classification: 'parquet' } }] });
    glue.on(GetDataCatalogEncryptionSettingsCommand).resolves(encrypted);
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('Data Catalog with 2 table(s) in 1 database(s), metadata encrypted (SSE-KMS) and connection passwords encrypted');
    expect(check.resources[0]).toMatchObject({ id: 'arn:aws:glue:us-east-1:123456789012:catalog', status: 'PASS' });
    expect(check.warnings).toEqual([]);
  });

  it('FAIL(MISCONFIGURED): encryption DISABLED, passwords in clear; undocumented tables and a failed crawler warned', async () => {
    glue.on(GetDatabasesCommand).resolves({ DatabaseList: [{ Name: 'training' }] });
    glue.on(GetTablesCommand).resolves({ TableList: [{ Name: 'a' }, { Name: 'b' }] });
    glue.on(GetDataCatalogEncryptionSettingsCommand).resolves({ DataCatalogEncryptionSettings: { EncryptionAtRest: { CatalogEncryptionMode: 'DISABLED' }, ConnectionPasswordEncryption: { ReturnConnectionPasswordEncrypted: false } } });
    glue.on(GetCrawlersCommand).resolves({ Crawlers: [{ Name: 'nightly', LastCrawl: { Status: 'FAILED' } }] });
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('Data Catalog with 2 table(s) in 1 database(s): catalog metadata encryption DISABLED, connection passwords returned unencrypted');
    expect(check.warnings).toEqual(['crawler nightly: last crawl FAILED', 'only 0 of 2 tables have a description or classification']);
  });

  it('FAIL(NOT_IN_USE): AI footprint but no catalog tables', async () => {
    sm.on(ListModelsCommand).resolves({ Models: [{ ModelName: 'm', ModelArn: 'a', CreationTime: new Date() }] });
    glue.on(GetDataCatalogEncryptionSettingsCommand).resolves(encrypted);
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toMatch(/AI workloads in us-east-1 but no Data Catalog tables/);
  });

  it('NOT_APPLICABLE: no AI footprint and no catalog', async () => {
    glue.on(GetDataCatalogEncryptionSettingsCommand).resolves(encrypted);
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('NOT_APPLICABLE');
    expect(check.reason).toBe('no AI footprint and no Data Catalog tables in us-east-1');
  });

  it('ERROR, not NOT_APPLICABLE, when the footprint cannot be read', async () => {
    sm.on(ListEndpointsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    glue.on(GetDataCatalogEncryptionSettingsCommand).resolves(encrypted);
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/AI footprint could not be read.*sagemaker:ListEndpoints/);
  });

  it('ERROR naming glue:GetDataCatalogEncryptionSettings on AccessDeniedException where the catalog has tables', async () => {
    // Without tables and without AI the encryption settings decide nothing (NOT_APPLICABLE, next test).
    glue.on(GetDatabasesCommand).resolves({ DatabaseList: [{ Name: 'training' }] });
    glue.on(GetTablesCommand).resolves({ TableList: [{ Name: 'a', Description: 'x' }] });
    glue.on(GetDataCatalogEncryptionSettingsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/glue:GetDataCatalogEncryptionSettings/);
  });

  it('NOT_APPLICABLE without tables or AI even when the encryption settings are denied: they decide nothing there', async () => {
    glue.on(GetDataCatalogEncryptionSettingsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('FAIL(MISCONFIGURED): tables only in the default database, no AI, metadata unencrypted (Prowler judges every catalog with tables)', async () => {
    glue.on(GetDatabasesCommand).resolves({ DatabaseList: [{ Name: 'default' }] });
    glue.on(GetTablesCommand).resolves({ TableList: [{ Name: 'athena_results' }] });
    glue.on(GetDataCatalogEncryptionSettingsCommand).resolves({ DataCatalogEncryptionSettings: { EncryptionAtRest: { CatalogEncryptionMode: 'DISABLED' }, ConnectionPasswordEncryption: { ReturnConnectionPasswordEncrypted: true } } });
    const { check } = await runProbe(probe, { control: '7.5' });
    expect([check.status, check.code]).toEqual(['FAIL', 'MISCONFIGURED']);
    expect(check.reason).toBe('Data Catalog with 1 table(s): catalog metadata encryption DISABLED');
  });

  it('PASS with SSE-KMS-WITH-SERVICE-ROLE: the catalog is KMS-encrypted through a service role', async () => {
    glue.on(GetDatabasesCommand).resolves({ DatabaseList: [{ Name: 'training' }] });
    glue.on(GetTablesCommand).resolves({ TableList: [{ Name: 'a', Description: 'x' }] });
    glue.on(GetDataCatalogEncryptionSettingsCommand).resolves({ DataCatalogEncryptionSettings: { EncryptionAtRest: { CatalogEncryptionMode: 'SSE-KMS-WITH-SERVICE-ROLE', SseAwsKmsKeyId: 'k', CatalogEncryptionServiceRole: 'arn:aws:iam::123456789012:role/glue' }, ConnectionPasswordEncryption: { ReturnConnectionPasswordEncrypted: true } } });
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('PASS');
  });

  it('one database whose tables cannot be read: the others keep the verdict; a denied GetCrawlers only warns', async () => {
    glue.on(GetDatabasesCommand).resolves({ DatabaseList: [{ Name: 'training' }, { Name: 'secret' }] });
    glue.on(GetTablesCommand, { DatabaseName: 'training' }).resolves({ TableList: [{ Name: 'a', Description: 'x' }] });
    glue.on(GetTablesCommand, { DatabaseName: 'secret' }).rejects(awsError('AccessDeniedException', 'denied', 403));
    glue.on(GetDataCatalogEncryptionSettingsCommand).resolves({ DataCatalogEncryptionSettings: { EncryptionAtRest: { CatalogEncryptionMode: 'DISABLED' }, ConnectionPasswordEncryption: { ReturnConnectionPasswordEncrypted: true } } });
    glue.on(GetCrawlersCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('FAIL');
    expect(check.warnings.some((w) => w.includes('glue:GetCrawlers'))).toBe(true);
  });

  it('AI footprint unknown but AI datasets catalogued and encrypted: PASS (the footprint decides nothing)', async () => {
    sm.on(ListEndpointsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    glue.on(GetDatabasesCommand).resolves({ DatabaseList: [{ Name: 'training' }] });
    glue.on(GetTablesCommand).resolves({ TableList: [{ Name: 'a', Description: 'x' }] });
    glue.on(GetDataCatalogEncryptionSettingsCommand).resolves(encrypted);
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('PASS');
  });
});
