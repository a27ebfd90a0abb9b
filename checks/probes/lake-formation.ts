// AWS Lake Formation — 7.5 data governance, A.10 fine-grained (row/column/cell) access control.
// probes.md §2.5. Judged only where the region has a Glue Data Catalog to govern.
// Lake Formation filters some listings by the caller's own LF permissions, so an empty listing of
// grants is not proof of absence: that case is MANUAL, not FAIL.
import type {
  GetDataLakeSettingsCommandInput,
  GetDataLakeSettingsCommandOutput,
  ListDataCellsFilterCommandInput,
  ListDataCellsFilterCommandOutput,
  ListLFTagsCommandInput,
  ListLFTagsCommandOutput,
  ListPermissionsCommandInput,
  ListPermissionsCommandOutput,
  ListResourcesCommandInput,
  ListResourcesCommandOutput,
  PrincipalPermissions,
} from '@aws-sdk/client-lakeformation';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineProbe, fail, manual, notApplicable, pass } from '../../src/engine/probe.js';
import { glueCatalog } from '../facts/glue-catalog.js';

const GetDataLakeSettings = op<GetDataLakeSettingsCommandInput, GetDataLakeSettingsCommandOutput>('lakeformation', 'GetDataLakeSettings');
const ListResources = op<ListResourcesCommandInput, ListResourcesCommandOutput>('lakeformation', 'ListResources', { paginate: NEXT_TOKEN });
const ListPermissions = op<ListPermissionsCommandInput, ListPermissionsCommandOutput>('lakeformation', 'ListPermissions', { paginate: NEXT_TOKEN });
const ListDataCellsFilter = op<ListDataCellsFilterCommandInput, ListDataCellsFilterCommandOutput>('lakeformation', 'ListDataCellsFilter', { paginate: NEXT_TOKEN });
const ListLFTags = op<ListLFTagsCommandInput, ListLFTagsCommandOutput>('lakeformation', 'ListLFTags', { paginate: NEXT_TOKEN });

const IAM_ALLOWED = 'IAM_ALLOWED_PRINCIPALS';

export interface LakeFormationFacts {
  catalogTables: number;
  admins: string[];
  readOnlyAdmins: string[];
  /** Default-permission lists still granting IAM_ALLOWED_PRINCIPALS (the pre-LF model). */
  iamAllowedDefaults: string[];
  registered: string[];
  grants: number;
  columnGrants: number;
  cellFilters: number;
  lfTags: number;
}

const grantsIamAllowed = (list: PrincipalPermissions[] | undefined) => (list ?? []).some((p) => p.Principal?.DataLakePrincipalIdentifier === IAM_ALLOWED);

export default defineProbe<LakeFormationFacts>({
  id: 'lake-formation',
  service: 'AWS Lake Formation',
  title: 'Lake Formation governs the AI data lake (A.10: with fine-grained access controls)',
  severity: 'medium',
  remediation: 'Set data lake administrators, register the AI data locations, remove IAM_ALLOWED_PRINCIPALS from the default permissions, and use data cell filters, column grants or LF-Tags for sensitive data: Lake Formation console → Administration / Data lake locations / Data filters, or `aws lakeformation put-data-lake-settings`, `register-resource`, `create-data-cells-filter`.',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [GetDataLakeSettings, ListResources, ListPermissions, ListDataCellsFilter, ListLFTags],
  uses: [glueCatalog],
  async collect(ctx) {
    const catalog = await ctx.use(glueCatalog);
    if (catalog.tables.length === 0) return { catalogTables: 0, admins: [], readOnlyAdmins: [], iamAllowedDefaults: [], registered: [], grants: 0, columnGrants: 0, cellFilters: 0, lfTags: 0 };
    const [settings, resources, grants, filters, tags] = await Promise.all([
      ctx.call(GetDataLakeSettings, {}),
      ctx.all(ListResources, {}, 'ResourceInfoList'),
      ctx.all(ListPermissions, {}, 'PrincipalResourcePermissions'),
      ctx.all(ListDataCellsFilter, {}, 'DataCellsFilters'),
      ctx.all(ListLFTags, {}, 'LFTags'),
    ]);
    const s = settings.DataLakeSettings ?? {};
    const ids = (l: { DataLakePrincipalIdentifier?: string }[] | undefined) => (l ?? []).map((p) => p.DataLakePrincipalIdentifier ?? '').filter(Boolean);
    const iamAllowedDefaults = [
      ...(grantsIamAllowed(s.CreateDatabaseDefaultPermissions) ? ['CreateDatabaseDefaultPermissions'] : []),
      ...(grantsIamAllowed(s.CreateTableDefaultPermissions) ? ['CreateTableDefaultPermissions'] : []),
    ];
    return {
      catalogTables: catalog.tables.length,
      admins: ids(s.DataLakeAdmins),
      readOnlyAdmins: ids(s.ReadOnlyAdmins),
      iamAllowedDefaults,
      registered: resources.map((r) => r.ResourceArn ?? '').filter(Boolean),
      grants: grants.length,
      columnGrants: grants.filter((g) => g.Resource?.TableWithColumns).length,
      cellFilters: filters.length,
      lfTags: tags.length,
    };
  },
  evaluate(f, ctx) {
    if (f.catalogTables === 0) return notApplicable(`no Glue Data Catalog tables in ${ctx.region}: no data lake to govern`);
    const id = `arn:${ctx.partition}:lakeformation:${ctx.region}:${ctx.accountId}:catalog:${ctx.accountId}`;
    const gaps: string[] = [];
    if (f.admins.length === 0) gaps.push('no data lake administrator');
    if (f.registered.length === 0) gaps.push('no registered data location');
    if (f.iamAllowedDefaults.length) gaps.push(`${f.iamAllowedDefaults.join(' and ')} still grant ${IAM_ALLOWED} (IAM-only access model)`);
    const setup = `${f.admins.length} admin(s), ${f.registered.length} registered location(s)`;
    if (gaps.length) {
      const notSetUp = f.admins.length === 0 && f.registered.length === 0;
      return fail(`${f.catalogTables} catalog table(s) but Lake Formation ${notSetUp ? 'is not set up' : 'falls short'}: ${gaps.join(', ')}`, notSetUp ? 'NOT_ENABLED' : 'MISCONFIGURED', {
        resources: [{ id, status: 'FAIL', reason: gaps.join(', ') }],
      });
    }
    if (ctx.control !== 'A.10') return pass(`Lake Formation governs the catalog: ${setup}, LF permission model in force`, { resources: [{ id, status: 'PASS', reason: setup }] });
    const fine = [f.cellFilters && `${f.cellFilters} data cell filter(s)`, f.columnGrants && `${f.columnGrants} column-level grant(s)`, f.lfTags && `${f.lfTags} LF-Tag(s)`].filter(Boolean) as string[];
    if (fine.length) return pass(`Lake Formation enforces fine-grained access: ${fine.join(', ')}; ${setup}`, { resources: [{ id, status: 'PASS', reason: fine.join(', ') }] });
    if (f.grants === 0) {
      return manual('no data cell filter, column grant or LF-Tag visible, and no grants listed at all: Lake Formation filters listings by the caller\'s own LF permissions; add the scan role to ReadOnlyAdmins or attest', {
        code: 'PARTIAL',
        resources: [{ id, status: 'MANUAL', reason: 'grants not visible to the scan role' }],
      });
    }
    return fail(`no fine-grained control: ${f.grants} grant(s) but no data cell filter, column-level grant or LF-Tag`, 'MISCONFIGURED', { resources: [{ id, status: 'FAIL', reason: 'no row, column or cell-level control' }] });
  },
});
