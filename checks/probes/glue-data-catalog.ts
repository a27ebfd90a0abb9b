// AWS Glue Data Catalog — 7.5 data documentation, classification and discovery. probes.md §2.6.
// A catalog with tables outside `default`, metadata encrypted, connection passwords encrypted.
import type {
  GetCrawlersCommandInput,
  GetCrawlersCommandOutput,
  GetDataCatalogEncryptionSettingsCommandInput,
  GetDataCatalogEncryptionSettingsCommandOutput,
} from '@aws-sdk/client-glue';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineProbe, error, fail, notApplicable, pass } from '../../src/engine/probe.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';
import { glueCatalog, TABLE_CAP, type GlueCatalog } from '../facts/glue-catalog.js';

const GetDataCatalogEncryptionSettings = op<GetDataCatalogEncryptionSettingsCommandInput, GetDataCatalogEncryptionSettingsCommandOutput>('glue', 'GetDataCatalogEncryptionSettings');
const GetCrawlers = op<GetCrawlersCommandInput, GetCrawlersCommandOutput>('glue', 'GetCrawlers', { paginate: NEXT_TOKEN });

/** Below this share of documented tables, a warning (probes.md §2.6: configurable, WARN only). */
export const DOCUMENTED_SHARE = 0.5;

export interface GlueCatalogFacts {
  catalog: GlueCatalog;
  footprint: AiFootprint;
  encryptionMode?: string;
  kmsKey?: string;
  passwordsEncrypted: boolean;
  crawlers: { name: string; lastCrawl?: string }[];
}

export default defineProbe<GlueCatalogFacts>({
  id: 'glue-data-catalog',
  service: 'AWS Glue Data Catalog',
  title: 'AI datasets are catalogued in Glue with encrypted metadata',
  severity: 'medium',
  remediation: 'Catalogue AI datasets (crawlers or CREATE TABLE) and turn on metadata and connection-password encryption: Glue console → Data Catalog → Catalog settings, or `aws glue put-data-catalog-encryption-settings --data-catalog-encryption-settings \'{"EncryptionAtRest":{"CatalogEncryptionMode":"SSE-KMS"},"ConnectionPasswordEncryption":{"ReturnConnectionPasswordEncrypted":true}}\'`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [GetDataCatalogEncryptionSettings, GetCrawlers],
  uses: [glueCatalog, aiFootprint],
  async collect(ctx) {
    const [catalog, footprint, enc, crawlers] = await Promise.all([
      ctx.use(glueCatalog),
      ctx.use(aiFootprint),
      ctx.call(GetDataCatalogEncryptionSettings, {}),
      ctx.all(GetCrawlers, {}, 'Crawlers'),
    ]);
    const s = enc.DataCatalogEncryptionSettings;
    return {
      catalog,
      footprint,
      encryptionMode: s?.EncryptionAtRest?.CatalogEncryptionMode,
      kmsKey: s?.EncryptionAtRest?.SseAwsKmsKeyId,
      passwordsEncrypted: s?.ConnectionPasswordEncryption?.ReturnConnectionPasswordEncrypted === true,
      crawlers: crawlers.map((c) => ({ name: c.Name ?? '', lastCrawl: c.LastCrawl?.Status })),
    };
  },
  evaluate(f, ctx) {
    const tables = f.catalog.tables.filter((t) => t.database !== 'default');
    const dbs = new Set(tables.map((t) => t.database));
    const warnings: string[] = [];
    if (f.catalog.truncated) warnings.push(`only the first ${TABLE_CAP} tables were read`);
    for (const c of f.crawlers) if (c.lastCrawl === 'FAILED') warnings.push(`crawler ${c.name}: last crawl FAILED`);
    if (tables.length === 0) {
      const ai = anyAi(f.footprint);
      const what = f.catalog.tables.length ? `only the default database has tables (${f.catalog.tables.length})` : 'no Data Catalog tables';
      if (ai === true) return fail(`AI workloads in ${ctx.region} but ${what}: AI datasets are not catalogued`, 'NOT_IN_USE', { warnings });
      if (ai === null) return error(`${what}, and the AI footprint could not be read: ${f.footprint.unknown.join('; ')}`, { warnings });
      return notApplicable(`no AI footprint and ${what} in ${ctx.region}`, { warnings });
    }
    const documented = tables.filter((t) => t.documented).length;
    if (documented / tables.length < DOCUMENTED_SHARE) warnings.push(`only ${documented} of ${tables.length} tables have a description or classification`);
    const gaps: string[] = [];
    if (!f.encryptionMode || f.encryptionMode === 'DISABLED') gaps.push('catalog metadata encryption DISABLED');
    if (!f.passwordsEncrypted) gaps.push('connection passwords returned unencrypted');
    const id = `arn:${ctx.partition}:glue:${ctx.region}:${ctx.accountId}:catalog`;
    const summary = `${tables.length} table(s) in ${dbs.size} database(s)`;
    if (gaps.length) return fail(`Data Catalog with ${summary}: ${gaps.join(', ')}`, 'MISCONFIGURED', { resources: [{ id, status: 'FAIL', reason: gaps.join(', ') }], warnings });
    return pass(`Data Catalog with ${summary}, metadata encrypted (${f.encryptionMode}) and connection passwords encrypted`, {
      resources: [{ id, status: 'PASS', reason: `${summary}; ${f.encryptionMode}${f.kmsKey ? ` with ${f.kmsKey}` : ''}` }],
      warnings,
    });
  },
});
