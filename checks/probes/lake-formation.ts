// AWS Lake Formation — 7.5 data governance, A.10 fine-grained (row/column/cell) access control.
// probes.md §2.5. Judged where the region has a data lake to govern: Glue Data Catalog tables, or
// S3 locations registered with Lake Formation. Its own settings are read in every region (five
// cheap calls), so a verdict never waits on the catalog when the settings already decide it.
// Lake Formation filters some listings by the caller's own LF permissions, so an empty listing of
// grants is not proof of absence: that case is MANUAL, not FAIL.
import type {
  DataLakeSettings,
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
  PrincipalResourcePermissions,
} from '@aws-sdk/client-lakeformation';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineProbe, fail, manual, notApplicable, pass, resourceOf, undecided, verdictOf, type EvalContext } from '../../src/engine/probe.js';
import { and, fact, mapEv, nonEmpty, or, some, test, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { glueCatalog, hasCatalogTables, type GlueCatalog } from '../facts/glue-catalog.js';
import { noteUnread } from '../rules/workload-gate.js';
import type { Verdict } from '../../src/model.js';

const GetDataLakeSettings = op<GetDataLakeSettingsCommandInput, GetDataLakeSettingsCommandOutput>('lakeformation', 'GetDataLakeSettings');
const ListResources = op<ListResourcesCommandInput, ListResourcesCommandOutput>('lakeformation', 'ListResources', { paginate: NEXT_TOKEN });
const ListPermissions = op<ListPermissionsCommandInput, ListPermissionsCommandOutput>('lakeformation', 'ListPermissions', { paginate: NEXT_TOKEN });
const ListDataCellsFilter = op<ListDataCellsFilterCommandInput, ListDataCellsFilterCommandOutput>('lakeformation', 'ListDataCellsFilter', { paginate: NEXT_TOKEN });
const ListLFTags = op<ListLFTagsCommandInput, ListLFTagsCommandOutput>('lakeformation', 'ListLFTags', { paginate: NEXT_TOKEN });

const IAM_ALLOWED = 'IAM_ALLOWED_PRINCIPALS';

export interface LfSettings {
  admins: string[];
  readOnlyAdmins: string[];
  /** Default-permission lists still granting IAM_ALLOWED_PRINCIPALS (the pre-LF model). */
  iamAllowedDefaults: string[];
}

export interface LakeFormationFacts {
  catalog: GlueCatalog;
  settings: Ev<LfSettings>;
  registered: ListEv<string>;
  grants: ListEv<PrincipalResourcePermissions>;
  cellFilters: ListEv<unknown>;
  lfTags: ListEv<unknown>;
}

const grantsIamAllowed = (list: PrincipalPermissions[] | undefined) => (list ?? []).some((p) => p.Principal?.DataLakePrincipalIdentifier === IAM_ALLOWED);

export function settingsOf(s: DataLakeSettings | undefined): LfSettings {
  const ids = (l: { DataLakePrincipalIdentifier?: string }[] | undefined) => (l ?? []).map((p) => p.DataLakePrincipalIdentifier ?? '').filter(Boolean);
  return {
    admins: ids(s?.DataLakeAdmins),
    readOnlyAdmins: ids(s?.ReadOnlyAdmins),
    iamAllowedDefaults: [
      ...(grantsIamAllowed(s?.CreateDatabaseDefaultPermissions) ? ['CreateDatabaseDefaultPermissions'] : []),
      ...(grantsIamAllowed(s?.CreateTableDefaultPermissions) ? ['CreateTableDefaultPermissions'] : []),
    ],
  };
}

/**
 * A column-level grant: named columns, or all columns but some excluded. SELECT on a whole table is
 * also returned as TableWithColumns, with a bare ColumnWildcard: that one restricts nothing.
 */
export function isColumnGrant(g: PrincipalResourcePermissions): boolean {
  const t = g.Resource?.TableWithColumns;
  return !!t && ((t.ColumnNames ?? []).length > 0 || (t.ColumnWildcard?.ExcludedColumnNames ?? []).length > 0);
}

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
    const [catalog, settings, resources, grants, cellFilters, lfTags] = await Promise.all([
      ctx.use(glueCatalog),
      ctx.read(GetDataLakeSettings, {}),
      ctx.list(ListResources, {}, 'ResourceInfoList'),
      ctx.list(ListPermissions, {}, 'PrincipalResourcePermissions'),
      ctx.list(ListDataCellsFilter, {}, 'DataCellsFilters'),
      ctx.list(ListLFTags, {}, 'LFTags'),
    ]);
    const registered = { ...resources, items: resources.items.map((r) => r.ResourceArn ?? '').filter(Boolean).sort() };
    return { catalog, settings: mapEv(settings, (s) => settingsOf(s.DataLakeSettings)), registered, grants, cellFilters, lfTags };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.settings, f.registered, f.grants, f.cellFilters, f.lfTags, f.catalog.tables);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: LakeFormationFacts, ctx: EvalContext): Verdict {
  const tables = hasCatalogTables(f.catalog);
  const locations = nonEmpty(f.registered, `${f.registered.items.length} registered location(s)`, 'no registered data location');
  const applies = or(tables, locations);
  if (applies.v === 'F') return notApplicable(`no Glue Data Catalog tables and no registered data location in ${ctx.region}: no data lake to govern`);
  const id = `arn:${ctx.partition}:lakeformation:${ctx.region}:${ctx.accountId}:catalog:${ctx.accountId}`;
  const admins = test(f.settings, (s) => s.admins.length > 0, (s) => `${s.admins.length} admin(s)`, 'no data lake administrator');
  const lfModel = test(f.settings, (s) => s.iamAllowedDefaults.length === 0, 'LF permission model in force', (s) => `${s.iamAllowedDefaults.join(' and ')} still grant ${IAM_ALLOWED} (IAM-only access model)`);
  const base = and(admins, locations, lfModel);
  const what = tables.v === 'T' ? tables.why.join('') : locations.v === 'T' ? locations.why.join('') : 'a data lake';
  // Gaps are FAILs only where the data lake is known to exist; an unknown catalog leaves them open.
  const notSetUp = admins.v === 'F' && locations.v === 'F';
  const gate = (t: Tri): Tri => (t.v === 'F' && applies.v === 'U' ? { v: 'U', causes: applies.causes, why: t.why } : t);
  if (base.v !== 'T' || ctx.control !== 'A.10') {
    const t = gate(base);
    return verdictOf(
      t,
      {
        pass: (why) => `Lake Formation governs the catalog: ${why.join(', ')}`,
        fail: (why) => `${what} but Lake Formation ${notSetUp ? 'is not set up' : 'falls short'}: ${why.join(', ')}`,
        code: notSetUp ? 'NOT_ENABLED' : 'MISCONFIGURED',
        undecided: (why) => (base.v === 'F' ? `Lake Formation falls short (${why.join(', ')}), but whether this region has a data lake to govern could not be read` : 'Lake Formation settings not fully read'),
      },
      { resources: [resourceOf(id, undefined, t, 'Lake Formation')] },
    );
  }
  // A.10: the base criteria hold; one fine-grained control is also needed.
  const setup = base.why.join(', ');
  const fine = or(
    nonEmpty(f.cellFilters, `${f.cellFilters.items.length} data cell filter(s)`, 'no data cell filter'),
    some(f.grants, (g) => fact(isColumnGrant(g), 'column-level grant(s)', 'no column-level grant')),
    nonEmpty(f.lfTags, `${f.lfTags.items.length} LF-Tag(s)`, 'no LF-Tag'),
  );
  if (fine.v === 'T') {
    const cols = f.grants.items.filter(isColumnGrant).length;
    const shown = [f.cellFilters.items.length && `${f.cellFilters.items.length} data cell filter(s)`, cols && `${cols} column-level grant(s)`, f.lfTags.items.length && `${f.lfTags.items.length} LF-Tag(s)`].filter(Boolean) as string[];
    return pass(`Lake Formation enforces fine-grained access: ${shown.join(', ')}; ${setup}`, { resources: [{ id, status: 'PASS', reason: shown.join(', ') }] });
  }
  if (fine.v === 'U') return undecided(fine.causes, `no fine-grained control among what was read; ${setup}`, { resources: [resourceOf(id, undefined, fine, 'Lake Formation fine-grained access')] });
  if (f.grants.items.length === 0) {
    return manual("no data cell filter, column grant or LF-Tag visible, and no grants listed at all: Lake Formation filters listings by the caller's own LF permissions; add the scan role to ReadOnlyAdmins or attest", {
      code: 'PARTIAL',
      resources: [{ id, status: 'MANUAL', reason: 'grants not visible to the scan role' }],
    });
  }
  return fail(`no fine-grained control: ${f.grants.items.length} grant(s) but no data cell filter, column-level grant or LF-Tag`, 'MISCONFIGURED', { resources: [{ id, status: 'FAIL', reason: 'no row, column or cell-level control' }] });
}
