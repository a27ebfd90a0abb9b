// AWS Glue Data Quality — A.3 data quality rules and their evaluation. probes.md §2.20.
// Tool-choice service: unused → the user's optional-service policy (MANUAL by default), and
// NOT_APPLICABLE where the region has no catalog tables.
// A ruleset counts when it was evaluated in the last 30 days; its latest score is evidence.
// Results name their ruleset only in GetDataQualityResult: the newest 50 are read in detail, older
// ones (and any whose detail could not be read) are matched on their target table.
import type {
  GetDataQualityResultCommandInput,
  GetDataQualityResultCommandOutput,
  ListDataQualityResultsCommandInput,
  ListDataQualityResultsCommandOutput,
  ListDataQualityRulesetsCommandInput,
  ListDataQualityRulesetsCommandOutput,
} from '@aws-sdk/client-glue';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineProbe, resourceOf, undecided, verdictOf, type EvalContext } from '../../src/engine/probe.js';
import { F, fanOut, mapEv, mapList, nonEmpty, some, T, U, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { glueCatalog, hasCatalogTables, type GlueCatalog } from '../facts/glue-catalog.js';
import { windowStart } from '../facts/sagemaker-inventory.js';
import { unused, noteUnread } from '../rules/workload-gate.js';
import type { Verdict } from '../../src/model.js';

const ListDataQualityRulesets = op<ListDataQualityRulesetsCommandInput, ListDataQualityRulesetsCommandOutput>('glue', 'ListDataQualityRulesets', { paginate: NEXT_TOKEN });
const ListDataQualityResults = op<ListDataQualityResultsCommandInput, ListDataQualityResultsCommandOutput>('glue', 'ListDataQualityResults', { paginate: NEXT_TOKEN });
const GetDataQualityResult = op<GetDataQualityResultCommandInput, GetDataQualityResultCommandOutput>('glue', 'GetDataQualityResult');

/** probes.md §10: data quality results window. */
export const RESULT_WINDOW_DAYS = 30;
/** Results read in detail (ruleset name, score), most recent first. */
export const RESULT_DETAIL_CAP = 50;

export interface DqRuleset {
  name: string;
  table?: string;
  rules?: number;
}

export interface DqResult {
  id: string;
  table?: string;
  started?: Date;
}

export interface DqDetail {
  id: string;
  ruleset?: string;
  started?: Date;
  score?: number;
}

export interface GlueDqFacts {
  /** Read only where no ruleset is listed. */
  catalog?: GlueCatalog;
  rulesets: ListEv<DqRuleset>;
  /** Results started in the window, newest first. */
  results: ListEv<DqResult>;
  /** Details of the newest results; one whose read failed is named in the causes. */
  details: ListEv<DqDetail>;
}

const tableKey = (db?: string, table?: string) => (db && table ? `${db}.${table}` : undefined);
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Was this ruleset evaluated in the window? A detailed result naming it decides; a result beyond
 * the detail cap is matched on its target table (a stated approximation). A result whose detail
 * read failed may be this ruleset's when it ran on the same table (or on an unknown one): open.
 */
export function evaluated(r: DqRuleset, f: GlueDqFacts): Tri {
  const named = f.details.items.filter((d) => d.ruleset === r.name && d.started).sort((a, b) => (b.started as Date).getTime() - (a.started as Date).getTime())[0];
  if (named) return T(`evaluated ${day(named.started as Date)}${named.score !== undefined ? `, score ${Math.round(named.score * 100)}%` : ''}`);
  const detailed = new Set(f.details.items.map((d) => d.id));
  const failed = new Set(f.details.causes.map((c) => c.resource));
  const byTable = r.table ? f.results.items.find((x) => !detailed.has(x.id) && !failed.has(x.id) && x.table === r.table && x.started) : undefined;
  if (byTable) return T(`a result on ${r.table} on ${day(byTable.started as Date)} (matched by table; beyond the detail cap)`);
  const maybe = f.details.causes.filter((c) => {
    const t = f.results.items.find((x) => x.id === c.resource)?.table;
    return !t || t === r.table;
  });
  const open = [...(f.results.complete ? [] : f.results.causes), ...maybe];
  if (open.length) return U(open, 'results not all read');
  return F(`not evaluated in the last ${RESULT_WINDOW_DAYS} days`);
}

export default defineProbe<GlueDqFacts>({
  id: 'glue-data-quality',
  service: 'AWS Glue Data Quality',
  title: 'Glue Data Quality rulesets evaluate AI data regularly',
  severity: 'medium',
  remediation: 'Create Data Quality rulesets (DQDL) for the AI training tables and run them on a schedule or in the ETL jobs: Glue console → Data Catalog → table → Data quality, or `aws glue create-data-quality-ruleset` then `start-data-quality-ruleset-evaluation-run`.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListDataQualityRulesets, ListDataQualityResults, GetDataQualityResult],
  uses: [glueCatalog],
  async collect(ctx) {
    const since = windowStart(ctx.now, RESULT_WINDOW_DAYS);
    const [rulesets, results] = await Promise.all([ctx.list(ListDataQualityRulesets, {}, 'Rulesets'), ctx.list(ListDataQualityResults, { Filter: { StartedAfter: since } }, 'Results')]);
    // The catalog only decides where no ruleset is listed (NOT_APPLICABLE or unused). The Data
    // Catalog and Lake Formation probes read it in every region, so a replay always has it.
    const catalog = rulesets.items.length ? undefined : await ctx.use(glueCatalog);
    const newest = mapList(results, (r): DqResult => ({ id: r.ResultId ?? '', table: tableKey(r.DataSource?.GlueTable?.DatabaseName, r.DataSource?.GlueTable?.TableName), started: r.StartedOn }));
    newest.items.sort((a, b) => (b.started?.getTime() ?? 0) - (a.started?.getTime() ?? 0) || a.id.localeCompare(b.id));
    const details = await fanOut(
      newest.items.filter((r) => r.id).slice(0, RESULT_DETAIL_CAP),
      async (r) => mapEv(await ctx.read(GetDataQualityResult, { ResultId: r.id }, { resource: r.id }), (d): DqDetail => ({ id: r.id, ruleset: d.RulesetName, started: d.StartedOn ?? r.started, score: d.Score })),
    );
    return {
      catalog,
      rulesets: mapList(rulesets, (r) => ({ name: r.Name ?? '', table: tableKey(r.TargetTable?.DatabaseName, r.TargetTable?.TableName), rules: r.RuleCount })),
      results: newest,
      details,
    };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.rulesets, f.results, f.details, f.catalog?.tables);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: GlueDqFacts, ctx: EvalContext): Verdict {
  const any = nonEmpty(f.rulesets, 'rulesets', 'no rulesets');
  if (any.v === 'F') {
    // No ruleset listed: the catalog was read (collect asks for it exactly then).
    const catalog = f.catalog as GlueCatalog;
    const tables = hasCatalogTables(catalog);
    return unused(ctx, tables, {
      na: `no Glue Data Catalog tables and no Data Quality rulesets in ${ctx.region}`,
      unused: `${catalog.tables.items.length}${catalog.truncated ? '+' : ''} catalog table(s) but no Glue Data Quality ruleset in ${ctx.region}`,
      condition: 'Data Catalog tables',
    });
  }
  if (any.v === 'U') return undecided(any.causes, 'Data Quality rulesets could not be listed');
  const rulesets = [...f.rulesets.items].sort((a, b) => a.name.localeCompare(b.name));
  const judged = rulesets.map((r) => ({ r, t: evaluated(r, f) }));
  const resources = judged.map(({ r, t }) => resourceOf(`arn:${ctx.partition}:glue:${ctx.region}:${ctx.accountId}:dataQualityRuleset/${r.name}`, undefined, t, `ruleset ${r.name}${r.table ? ` on ${r.table}` : ''}`));
  const warnings = ['which tables hold AI training data cannot be told from the API: confirm the rulesets cover them'];
  if (f.details.items.length + f.details.causes.length < f.results.items.length) warnings.push(`only the ${RESULT_DETAIL_CAP} most recent results were read in detail; older ones matched by table`);
  const ok = judged.filter((j) => j.t.v === 'T').length;
  const stale = judged.filter((j) => j.t.v === 'F').length;
  if (ok && stale) warnings.push(`${stale} ruleset(s) not evaluated in the last ${RESULT_WINDOW_DAYS} days`);
  const total = `${rulesets.length}${f.rulesets.complete ? '' : '+'}`;
  return verdictOf(
    some({ items: judged, complete: f.rulesets.complete, causes: f.rulesets.causes }, (j) => j.t),
    {
      pass: () => `${ok} of ${total} Data Quality ruleset(s) evaluated in the last ${RESULT_WINDOW_DAYS} days`,
      fail: () => `${total} Data Quality ruleset(s), none evaluated in the last ${RESULT_WINDOW_DAYS} days`,
      code: 'MISCONFIGURED',
      undecided: () => `no Data Quality ruleset shown evaluated in the last ${RESULT_WINDOW_DAYS} days, and not every result or ruleset could be read`,
    },
    { resources, warnings },
  );
}
