// The Glue Data Catalog of a region: databases and (a capped number of) tables. Shared by the
// Glue Data Catalog, Lake Formation and Glue Data Quality probes (probes.md §2.5, §2.6, §2.20),
// which all need to know whether the region has a catalog at all.
// Each database's tables are read on their own: a database whose GetTables fails is named in the
// tables' causes, and the tables of the others are kept.
import type { GetDatabasesCommandInput, GetDatabasesCommandOutput, GetTablesCommandInput, GetTablesCommandOutput } from '@aws-sdk/client-glue';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineFact } from '../../src/engine/probe.js';
import { completeList, filterList, mapList, nonEmpty, sortCauses, type Cause, type ListEv, type Tri } from '../../src/engine/evidence.js';

export const GetDatabases = op<GetDatabasesCommandInput, GetDatabasesCommandOutput>('glue', 'GetDatabases', { paginate: NEXT_TOKEN });
// A database deleted between GetDatabases and GetTables answers EntityNotFoundException: it has no tables.
export const GetTables = op<GetTablesCommandInput, GetTablesCommandOutput>('glue', 'GetTables', { paginate: NEXT_TOKEN, absent: [{ name: 'EntityNotFoundException' }] });

/** Tables read per region (probes.md §2.6: cap GetTables). */
export const TABLE_CAP = 1000;
/** Databases listed in parallel. */
const BATCH = 5;

export interface CatalogTable {
  database: string;
  name: string;
  /** Has a description or a classification parameter (documentation quality). */
  documented: boolean;
  location?: string;
}

export interface GlueCatalog {
  /** Database names, sorted. */
  databases: ListEv<string>;
  /** Tables of the databases read; complete when every database was listed and read. */
  tables: ListEv<CatalogTable>;
  /** True when the table cap stopped the listing (databases after the cap were not read). */
  truncated: boolean;
}

/** "The region has catalog tables" as a three-valued answer. */
export function hasCatalogTables(c: GlueCatalog): Tri {
  return nonEmpty(c.tables, `${c.tables.items.length}${c.truncated ? '+' : ''} catalog table(s)`, 'no Data Catalog tables');
}

/** Tables outside the `default` database (what the Data Catalog probe counts as catalogued data). */
export function ownTables(c: GlueCatalog): ListEv<CatalogTable> {
  return filterList(c.tables, (t) => t.database !== 'default');
}

export const glueCatalog = defineFact<GlueCatalog>({
  id: 'glue-catalog',
  scope: 'regional',
  calls: [GetDatabases, GetTables],
  async collect(ctx) {
    const listed = await ctx.list(GetDatabases, {}, 'DatabaseList');
    const databases = mapList(filterList(listed, (d) => !!d.Name), (d) => d.Name as string);
    databases.items.sort();
    const tables: CatalogTable[] = [];
    const causes: Cause[] = [];
    let truncated = false;
    for (let i = 0; i < databases.items.length; i += BATCH) {
      if (tables.length >= TABLE_CAP) {
        truncated = true;
        break;
      }
      const batch = databases.items.slice(i, i + BATCH);
      const lists = await Promise.all(
        batch.map((db) => ctx.list(GetTables, { DatabaseName: db }, 'TableList', { resource: `arn:${ctx.partition}:glue:${ctx.region}:${ctx.accountId}:database/${db}` })),
      );
      batch.forEach((db, j) => {
        const l = lists[j];
        causes.push(...l.causes);
        for (const t of l.items) tables.push({ database: db, name: t.Name ?? '', documented: !!(t.Description || t.Parameters?.classification), location: t.StorageDescriptor?.Location });
      });
    }
    if (tables.length > TABLE_CAP) {
      tables.length = TABLE_CAP;
      truncated = true;
    }
    const all = sortCauses([...databases.causes, ...causes]);
    return { databases, tables: all.length || !databases.complete ? { items: tables, complete: false, causes: all } : completeList(tables), truncated };
  },
});
