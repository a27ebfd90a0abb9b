// AWS Glue Data Catalog — 7.5 data documentation, classification and discovery. probes.md §2.6.
// Two requirements, each under its own condition:
// - where the catalog has tables (any database, as Prowler's glue_data_catalogs_* checks), its
//   metadata is encrypted with KMS and connection passwords are returned encrypted;
// - where the region runs AI workloads, AI datasets are catalogued (tables outside `default`).
// NOT_APPLICABLE only when neither condition holds.
import type {
  GetCrawlersCommandInput,
  GetCrawlersCommandOutput,
  GetDataCatalogEncryptionSettingsCommandInput,
  GetDataCatalogEncryptionSettingsCommandOutput,
} from '@aws-sdk/client-glue';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineProbe, notApplicable, resourceOf, verdictOf, type EvalContext } from '../../src/engine/probe.js';
import { and, mapEv, mapList, nonEmpty, not, or, test, type Ev, type ListEv } from '../../src/engine/evidence.js';
import { aiFootprint, aiInUse, type AiFootprint } from '../facts/ai-footprint.js';
import { glueCatalog, hasCatalogTables, ownTables, TABLE_CAP, type GlueCatalog } from '../facts/glue-catalog.js';
import { noteUnread } from '../rules/workload-gate.js';
import type { Verdict } from '../../src/model.js';

const GetDataCatalogEncryptionSettings = op<GetDataCatalogEncryptionSettingsCommandInput, GetDataCatalogEncryptionSettingsCommandOutput>('glue', 'GetDataCatalogEncryptionSettings');
const GetCrawlers = op<GetCrawlersCommandInput, GetCrawlersCommandOutput>('glue', 'GetCrawlers', { paginate: NEXT_TOKEN });

/** Below this share of documented tables, a warning (probes.md §2.6: configurable, WARN only). */
export const DOCUMENTED_SHARE = 0.5;
/** Both KMS modes encrypt the catalog metadata (the second through a service role). */
const KMS_MODES = ['SSE-KMS', 'SSE-KMS-WITH-SERVICE-ROLE'];

export interface CatalogEncryption {
  mode?: string;
  kmsKey?: string;
  passwordsEncrypted: boolean;
}

export interface GlueCatalogFacts {
  catalog: GlueCatalog;
  footprint: AiFootprint;
  encryption: Ev<CatalogEncryption>;
  crawlers: ListEv<{ name: string; lastCrawl?: string }>;
}

/** What falls short in the catalog's encryption settings (empty: encrypted). */
export function encryptionGaps(e: CatalogEncryption): string[] {
  const gaps: string[] = [];
  if (!KMS_MODES.includes(e.mode ?? '')) gaps.push(`catalog metadata encryption ${e.mode ?? 'DISABLED'}`);
  if (!e.passwordsEncrypted) gaps.push('connection passwords returned unencrypted');
  return gaps;
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
      ctx.read(GetDataCatalogEncryptionSettings, {}),
      ctx.list(GetCrawlers, {}, 'Crawlers'),
    ]);
    return {
      catalog,
      footprint,
      encryption: mapEv(enc, (e) => {
        const s = e.DataCatalogEncryptionSettings;
        return { mode: s?.EncryptionAtRest?.CatalogEncryptionMode, kmsKey: s?.EncryptionAtRest?.SseAwsKmsKeyId, passwordsEncrypted: s?.ConnectionPasswordEncryption?.ReturnConnectionPasswordEncrypted === true };
      }),
      crawlers: mapList(crawlers, (c) => ({ name: c.Name ?? '', lastCrawl: c.LastCrawl?.Status })),
    };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.encryption, f.crawlers, f.catalog.tables, f.catalog.databases);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: GlueCatalogFacts, ctx: EvalContext): Verdict {
  const own = ownTables(f.catalog);
  const all = f.catalog.tables;
  const warnings: string[] = [];
  if (f.catalog.truncated) warnings.push(`only the first ${TABLE_CAP} tables were read`);
  for (const c of [...f.crawlers.items].sort((a, b) => a.name.localeCompare(b.name))) if (c.lastCrawl === 'FAILED') warnings.push(`crawler ${c.name}: last crawl FAILED`);
  if (!f.crawlers.complete) warnings.push(`crawlers not fully listed (${f.crawlers.causes[0].action} failed): failed crawls may be missing from these warnings`);
  const documented = own.items.filter((t) => t.documented).length;
  if (own.items.length && documented / own.items.length < DOCUMENTED_SHARE) warnings.push(`only ${documented} of ${own.items.length} tables have a description or classification`);

  const anyTables = hasCatalogTables(f.catalog);
  const ai = aiInUse(f.footprint);
  if (anyTables.v === 'F' && ai.v === 'F') return notApplicable(`no AI footprint and no Data Catalog tables in ${ctx.region}`, { warnings });

  const encrypted = test(
    f.encryption,
    (e) => encryptionGaps(e).length === 0,
    (e) => `metadata encrypted (${e.mode}) and connection passwords encrypted`,
    (e) => encryptionGaps(e).join(', '),
  );
  const dbs = new Set(own.items.map((t) => t.database)).size;
  const summary = `${own.items.length}${f.catalog.truncated ? '+' : ''} table(s) in ${dbs} database(s)`;
  const catalogued = nonEmpty(
    own,
    summary,
    all.items.length ? `only the default database has tables (${all.items.length})` : 'no Data Catalog tables',
  );
  const encPart = or(not(anyTables), encrypted);
  const catPart = or(not(ai), catalogued);
  const id = `arn:${ctx.partition}:glue:${ctx.region}:${ctx.accountId}:catalog`;
  const key = f.encryption.known && f.encryption.value.kmsKey ? `, key ${f.encryption.value.kmsKey}` : '';
  const resources = anyTables.v === 'F' ? [] : [resourceOf(id, undefined, encrypted, `Data Catalog (${all.items.length}${f.catalog.truncated ? '+' : ''} table(s)${key})`)];
  return verdictOf(
    and(encPart, catPart),
    {
      pass: () => (catalogued.v === 'T' ? `Data Catalog with ${summary}, ${encrypted.why.join('')}` : `no AI workloads in ${ctx.region} to catalogue; Data Catalog ${encrypted.why.join('')}`),
      fail: () => {
        if (encPart.v === 'F') return `Data Catalog with ${catalogued.v === 'T' ? summary : `${all.items.length} table(s)`}: ${encrypted.why.join('')}${catPart.v === 'F' ? `; AI workloads but ${catalogued.why.join('')}` : ''}`;
        return `AI workloads in ${ctx.region} but ${catalogued.why.join('')}: AI datasets are not catalogued`;
      },
      code: encPart.v === 'F' ? 'MISCONFIGURED' : 'NOT_IN_USE',
      undecided: (why) => (catPart.v === 'U' && ai.v === 'U' ? `${catalogued.v === 'F' ? catalogued.why.join('') : 'catalogued tables unknown'}, and the AI footprint could not be read` : `Data Catalog not fully read${why.length ? ` (${why.join('; ')})` : ''}`),
    },
    { resources, warnings },
  );
}
