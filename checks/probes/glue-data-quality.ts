// AWS Glue Data Quality — A.3 data quality rules and their evaluation. probes.md §2.20.
// Tool-choice service: unused → the user's optional-service policy (MANUAL by default).
// A ruleset counts when it was evaluated in the last 30 days; its latest score is evidence.
import type {
  DataQualityResultDescription,
  GetDataQualityResultCommandInput,
  GetDataQualityResultCommandOutput,
  ListDataQualityResultsCommandInput,
  ListDataQualityResultsCommandOutput,
  ListDataQualityRulesetsCommandInput,
  ListDataQualityRulesetsCommandOutput,
} from '@aws-sdk/client-glue';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, notApplicable, notInUse, pass } from '../../src/engine/probe.js';
import { glueCatalog } from '../facts/glue-catalog.js';

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
  /** Latest evaluation in the window. */
  lastRun?: Date;
  score?: number;
}

export interface GlueDqFacts {
  catalogTables: number;
  rulesets: DqRuleset[];
  results: number;
  detailCapped: boolean;
}

const tableKey = (db?: string, table?: string) => (db && table ? `${db}.${table}` : undefined);

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
    const since = new Date(ctx.now.getTime() - RESULT_WINDOW_DAYS * 86_400_000);
    const [catalog, rulesets, results] = await Promise.all([
      ctx.use(glueCatalog),
      ctx.all(ListDataQualityRulesets, {}, 'Rulesets'),
      ctx.all(ListDataQualityResults, { Filter: { StartedAfter: since } }, 'Results'),
    ]);
    const recent = [...results].sort((a, b) => (b.StartedOn?.getTime() ?? 0) - (a.StartedOn?.getTime() ?? 0));
    const detailed = recent.slice(0, RESULT_DETAIL_CAP);
    const details = await Promise.all(detailed.filter((r) => r.ResultId).map((r) => ctx.call(GetDataQualityResult, { ResultId: r.ResultId })));
    const out: DqRuleset[] = rulesets.map((r) => ({ name: r.Name ?? '', table: tableKey(r.TargetTable?.DatabaseName, r.TargetTable?.TableName), rules: r.RuleCount }));
    const byName = new Map(out.map((r) => [r.name, r]));
    const note = (rs: DqRuleset | undefined, when: Date | undefined, score?: number) => {
      if (!rs || !when) return;
      if (!rs.lastRun || when > rs.lastRun) Object.assign(rs, { lastRun: when, score });
    };
    for (const d of details) note(byName.get(d.RulesetName ?? ''), d.StartedOn, d.Score);
    // Results beyond the detail cap are matched on their target table instead of the ruleset name.
    for (const r of recent.slice(RESULT_DETAIL_CAP) as DataQualityResultDescription[]) {
      const t = tableKey(r.DataSource?.GlueTable?.DatabaseName, r.DataSource?.GlueTable?.TableName);
      note(out.find((rs) => rs.table && rs.table === t), r.StartedOn);
    }
    return { catalogTables: catalog.tables.length, rulesets: out, results: results.length, detailCapped: recent.length > RESULT_DETAIL_CAP };
  },
  evaluate(f, ctx) {
    if (f.rulesets.length === 0) {
      if (f.catalogTables === 0) return notApplicable(`no Glue Data Catalog tables and no Data Quality rulesets in ${ctx.region}`);
      return notInUse(ctx, `${f.catalogTables} catalog table(s) but no Glue Data Quality ruleset in ${ctx.region}`);
    }
    const resources: ResourceResult[] = f.rulesets.map((r) => {
      const id = `arn:${ctx.partition}:glue:${ctx.region}:${ctx.accountId}:dataQualityRuleset/${r.name}`;
      const what = `ruleset ${r.name}${r.table ? ` on ${r.table}` : ''}`;
      if (!r.lastRun) return { id, status: 'FAIL', reason: `${what}: not evaluated in the last ${RESULT_WINDOW_DAYS} days` };
      return { id, status: 'PASS', reason: `${what}: evaluated ${r.lastRun.toISOString().slice(0, 10)}${r.score !== undefined ? `, score ${Math.round(r.score * 100)}%` : ''}` };
    });
    const warnings = ['which tables hold AI training data cannot be told from the API: confirm the rulesets cover them'];
    if (f.detailCapped) warnings.push(`only the ${RESULT_DETAIL_CAP} most recent results were read in detail; older ones matched by table`);
    const ok = resources.filter((r) => r.status === 'PASS');
    const stale = resources.length - ok.length;
    if (ok.length === 0) return fail(`${f.rulesets.length} Data Quality ruleset(s), none evaluated in the last ${RESULT_WINDOW_DAYS} days`, 'MISCONFIGURED', { resources, warnings });
    if (stale) warnings.push(`${stale} ruleset(s) not evaluated in the last ${RESULT_WINDOW_DAYS} days`);
    return pass(`${ok.length} of ${f.rulesets.length} Data Quality ruleset(s) evaluated in the last ${RESULT_WINDOW_DAYS} days`, { resources, warnings });
  },
});
