import { GetDatabasesCommand, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import {
  GetDataLakeSettingsCommand,
  LakeFormationClient,
  ListDataCellsFilterCommand,
  ListLFTagsCommand,
  ListPermissionsCommand,
  ListResourcesCommand,
} from '@aws-sdk/client-lakeformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/lake-formation.js';
import { awsError, runProbe } from '../helpers.js';

const lf = mockClient(LakeFormationClient);
const glue = mockClient(GlueClient);
afterEach(() => {
  lf.reset();
  glue.reset();
});

const ADMIN = { DataLakePrincipalIdentifier: 'arn:aws:iam::123456789012:role/DataLakeAdmin' };

function catalogWithTables(): void {
  glue.on(GetDatabasesCommand).resolves({ DatabaseList: [{ Name: 'training' }] });
  glue.on(GetTablesCommand).resolves({ TableList: [{ Name: 'customers', DatabaseName: 'training' }] });
}

function governed(): void {
  lf.on(GetDataLakeSettingsCommand).resolves({ DataLakeSettings: { DataLakeAdmins: [ADMIN], CreateDatabaseDefaultPermissions: [], CreateTableDefaultPermissions: [] } });
  lf.on(ListResourcesCommand).resolves({ ResourceInfoList: [{ ResourceArn: 'arn:aws:s3:::ai-lake' }] });
}

describe('AWS Lake Formation probe', () => {
  it('PASS (7.5): admins, a registered location and the LF permission model; resources read across pages', async () => {
    catalogWithTables();
    lf.on(GetDataLakeSettingsCommand).resolves({ DataLakeSettings: { DataLakeAdmins: [ADMIN], CreateDatabaseDefaultPermissions: [], CreateTableDefaultPermissions: [] } });
    lf.on(ListResourcesCommand).resolvesOnce({ ResourceInfoList: [{ ResourceArn: 'arn:aws:s3:::ai-lake' }], NextToken: 't' }).resolves({ ResourceInfoList: [{ ResourceArn: 'arn:aws:s3:::ai-lake-2' }] });
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('Lake Formation governs the catalog: 1 admin(s), 2 registered location(s), LF permission model in force');
    expect(lf.commandCalls(ListResourcesCommand).length).toBe(2);
  });

  it('PASS (A.10) with a data cells filter and a column grant', async () => {
    catalogWithTables();
    governed();
    lf.on(ListDataCellsFilterCommand).resolves({ DataCellsFilters: [{ TableCatalogId: '123456789012', DatabaseName: 'training', TableName: 'customers', Name: 'eu-only' }] });
    lf.on(ListPermissionsCommand).resolves({ PrincipalResourcePermissions: [{ Principal: ADMIN, Resource: { TableWithColumns: { DatabaseName: 'training', Name: 'customers', ColumnNames: ['id'] } }, Permissions: ['SELECT'] }] });
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toMatch(/1 data cell filter\(s\), 1 column-level grant\(s\)/);
  });

  it('FAIL(NOT_ENABLED): a catalog but no admin and no registered location', async () => {
    catalogWithTables();
    lf.on(GetDataLakeSettingsCommand).resolves({ DataLakeSettings: { DataLakeAdmins: [] } });
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('1 catalog table(s) but Lake Formation is not set up: no data lake administrator, no registered data location');
  });

  it('FAIL(MISCONFIGURED): defaults still grant IAM_ALLOWED_PRINCIPALS', async () => {
    catalogWithTables();
    governed();
    lf.on(GetDataLakeSettingsCommand).resolves({ DataLakeSettings: { DataLakeAdmins: [ADMIN], CreateTableDefaultPermissions: [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }] } });
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toMatch(/CreateTableDefaultPermissions still grant IAM_ALLOWED_PRINCIPALS/);
  });

  it('A.10: FAIL when grants are visible but none is fine-grained; MANUAL when no grant is visible at all', async () => {
    catalogWithTables();
    governed();
    lf.on(ListPermissionsCommand).resolves({ PrincipalResourcePermissions: [{ Principal: ADMIN, Resource: { Table: { DatabaseName: 'training', Name: 'customers' } }, Permissions: ['SELECT'] }] });
    const visible = await runProbe(probe, { control: 'A.10' });
    expect(visible.check.status).toBe('FAIL');
    expect(visible.check.code).toBe('MISCONFIGURED');
    lf.on(ListPermissionsCommand).resolves({ PrincipalResourcePermissions: [] });
    const hidden = await runProbe(probe, { control: 'A.10' });
    expect(hidden.check.status).toBe('MANUAL');
    expect(hidden.check.code).toBe('PARTIAL');
    expect(hidden.check.reason).toMatch(/ReadOnlyAdmins/);
  });

  it('NOT_APPLICABLE without catalog tables and without registered locations', async () => {
    // Lake Formation's own settings are read in every region (cheap, and no call waits on the catalog).
    glue.on(GetDatabasesCommand).resolves({ DatabaseList: [{ Name: 'default' }] });
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('ERROR naming lakeformation:GetDataLakeSettings on AccessDeniedException', async () => {
    catalogWithTables();
    lf.on(ListResourcesCommand).resolves({ ResourceInfoList: [{ ResourceArn: 'arn:aws:s3:::ai-lake' }] });
    lf.on(GetDataLakeSettingsCommand).rejects(awsError('AccessDeniedException', 'Insufficient Lake Formation permission(s)', 403));
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/lakeformation:GetDataLakeSettings/);
  });

  it('FAIL without registered locations even when the settings are denied: no setting can repair it', async () => {
    catalogWithTables();
    lf.on(GetDataLakeSettingsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('FAIL');
    expect(check.reason).toMatch(/no registered data location/);
  });

  it('A.10: SELECT on a whole table (TableWithColumns with a bare ColumnWildcard) is not a column-level grant', async () => {
    catalogWithTables();
    governed();
    lf.on(ListPermissionsCommand).resolves({ PrincipalResourcePermissions: [{ Principal: ADMIN, Resource: { TableWithColumns: { DatabaseName: 'training', Name: 'customers', ColumnWildcard: {} } }, Permissions: ['SELECT'] }] });
    const whole = await runProbe(probe, { control: 'A.10' });
    expect([whole.check.status, whole.check.code]).toEqual(['FAIL', 'MISCONFIGURED']);
    lf.on(ListPermissionsCommand).resolves({ PrincipalResourcePermissions: [{ Principal: ADMIN, Resource: { TableWithColumns: { DatabaseName: 'training', Name: 'customers', ColumnWildcard: { ExcludedColumnNames: ['ssn'] } } }, Permissions: ['SELECT'] }] });
    const excluded = await runProbe(probe, { control: 'A.10' });
    expect(excluded.check.status).toBe('PASS');
  });

  it('the catalog cannot be read but a registered location shows a data lake: Lake Formation is judged', async () => {
    glue.on(GetDatabasesCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    lf.on(GetDataLakeSettingsCommand).resolves({ DataLakeSettings: { DataLakeAdmins: [ADMIN], CreateTableDefaultPermissions: [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }] } });
    lf.on(ListResourcesCommand).resolves({ ResourceInfoList: [{ ResourceArn: 'arn:aws:s3:::ai-lake' }] });
    const { check } = await runProbe(probe, { control: '7.5' });
    expect([check.status, check.code]).toEqual(['FAIL', 'MISCONFIGURED']);
  });

  it('ERROR, not FAIL, when the settings fall short but whether there is a data lake could not be read', async () => {
    glue.on(GetDatabasesCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    lf.on(GetDataLakeSettingsCommand).resolves({ DataLakeSettings: { DataLakeAdmins: [] } });
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/glue:GetDatabases/);
  });
});
