// The Glue Data Catalog of a region: databases and (a capped number of) tables. Shared by the
// Glue Data Catalog, Lake Formation and Glue Data Quality probes (probes.md §2.5, §2.6, §2.20),
// which all need to know whether the region has a catalog at all.
import type { GetDatabasesCommandInput, GetDatabasesCommandOutput, GetTablesCommandInput, GetTablesCommandOutput } from '@aws-sdk/client-glue';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineFact } from '../../src/engine/probe.js';

export const GetDatabases = op<GetDatabasesCommandInput, GetDatabasesCommandOutput>('glue', 'GetDatabases', { paginate: NEXT_TOKEN });
export const GetTables = op<GetTablesCommandInput, GetTablesCommandOutput>('glue', 'GetTables', { paginate: NEXT_TOKEN });

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
  databases: { name: string; tables: number }[];
  tables: CatalogTable[];
  /** True when the table cap stopped the listing. */
  truncated: boolean;
}

export const glueCatalog = defineFact<GlueCatalog>({
  id: 'glue-catalog',
  scope: 'regional',
  calls: [GetDatabases, GetTables],
  async collect(ctx) {
    const dbs = (await ctx.all(GetDatabases, {}, 'DatabaseList')).map((d) => d.Name ?? '').filter(Boolean);
    const databases: GlueCatalog['databases'] = [];
    const tables: CatalogTable[] = [];
    let truncated = false;
    for (let i = 0; i < dbs.length; i += BATCH) {
      if (tables.length >= TABLE_CAP) {
        truncated = true;
        break;
      }
      const batch = dbs.slice(i, i + BATCH);
      const lists = await Promise.all(batch.map((db) => ctx.all(GetTables, { DatabaseName: db }, 'TableList')));
      batch.forEach((db, j) => {
        databases.push({ name: db, tables: lists[j].length });
        for (const t of lists[j]) {
          tables.push({ database: db, name: t.Name ?? '', documented: !!(t.Description || t.Parameters?.classification), location: t.StorageDescriptor?.Location });
        }
      });
    }
    if (tables.length > TABLE_CAP) {
      tables.length = TABLE_CAP;
      truncated = true;
    }
    return { databases, tables, truncated };
  },
});
