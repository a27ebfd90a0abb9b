// AWS Clean Rooms — A.10 privacy-preserving data collaboration. probes.md §2.36.
// Tool-choice service: no collaboration → the user's optional-service policy (MANUAL by default;
// probes.md §2.36 suggests NOT_APPLICABLE, §0 and the issue make it tool-choice).
// In use: an ACTIVE membership. Clean Rooms itself enforces the analysis rules: a configured table
// without one can be associated with a collaboration but cannot be queried (Clean Rooms user
// guide, "Analysis rules"), so such a table is a warning, not a FAIL. Configured tables,
// collaborations and the CUSTOM rules (differential privacy) are evidence only.
import type {
  GetConfiguredTableAnalysisRuleCommandInput,
  GetConfiguredTableAnalysisRuleCommandOutput,
  ListCollaborationsCommandInput,
  ListCollaborationsCommandOutput,
  ListConfiguredTablesCommandInput,
  ListConfiguredTablesCommandOutput,
  ListMembershipsCommandInput,
  ListMembershipsCommandOutput,
} from '@aws-sdk/client-cleanrooms';
import { next_token, op } from '../../src/aws/ops.js';
import type { ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, notInUse, pass, undecided, type EvalContext } from '../../src/engine/probe.js';
import { fanOut, mapEv, mapList, nonEmpty, type ListEv } from '../../src/engine/evidence.js';
import { noteUnread } from '../rules/workload-gate.js';

const ListMemberships = op<ListMembershipsCommandInput, ListMembershipsCommandOutput>('cleanrooms', 'ListMemberships', { paginate: next_token });
const ListCollaborations = op<ListCollaborationsCommandInput, ListCollaborationsCommandOutput>('cleanrooms', 'ListCollaborations', { paginate: next_token });
const ListConfiguredTables = op<ListConfiguredTablesCommandInput, ListConfiguredTablesCommandOutput>('cleanrooms', 'ListConfiguredTables', { paginate: next_token });
const GetConfiguredTableAnalysisRule = op<GetConfiguredTableAnalysisRuleCommandInput, GetConfiguredTableAnalysisRuleCommandOutput>('cleanrooms', 'GetConfiguredTableAnalysisRule');

/** Analysis rules read per region (to find differential privacy). */
export const RULE_CAP = 100;

export interface CleanRoomsTable {
  arn: string;
  name: string;
  ruleTypes: string[];
}

export interface CleanRoomsFacts {
  activeMemberships: ListEv<{ arn: string; collaboration: string }>;
  collaborations: ListEv<unknown>;
  tables: ListEv<CleanRoomsTable>;
  /** CUSTOM rules read (table ARN → differential privacy on); one not read is named in the causes. */
  customRules: ListEv<{ arn: string; differentialPrivacy: boolean }>;
}

export default defineProbe<CleanRoomsFacts>({
  id: 'clean-rooms',
  service: 'AWS Clean Rooms',
  title: 'Data shared with partners goes through Clean Rooms under analysis rules',
  severity: 'low',
  remediation: 'Share sensitive data with partners through a Clean Rooms collaboration and attach an analysis rule (aggregation, list or custom with differential privacy) to every configured table: Clean Rooms console → Configured tables → Analysis rule, or `aws cleanrooms create-configured-table-analysis-rule`.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListMemberships, ListCollaborations, ListConfiguredTables, GetConfiguredTableAnalysisRule],
  async collect(ctx) {
    const [memberships, collaborations, tables] = await Promise.all([
      ctx.list(ListMemberships, { status: 'ACTIVE' }, 'membershipSummaries'),
      ctx.list(ListCollaborations, {}, 'collaborationList'),
      ctx.list(ListConfiguredTables, {}, 'configuredTableSummaries'),
    ]);
    const configured = mapList(tables, (t) => ({ id: t.id ?? '', arn: t.arn ?? t.id ?? '', name: t.name ?? t.id ?? '', ruleTypes: ((t.analysisRuleTypes ?? []) as string[]).slice().sort() }));
    configured.items.sort((a, b) => a.arn.localeCompare(b.arn));
    // Only CUSTOM rules can carry differential privacy.
    const custom = configured.items.filter((t) => t.ruleTypes.includes('CUSTOM')).slice(0, RULE_CAP);
    const customRules = await fanOut(custom, async (t) =>
      mapEv(await ctx.read(GetConfiguredTableAnalysisRule, { configuredTableIdentifier: t.id, analysisRuleType: 'CUSTOM' }, { resource: t.arn }), (r) => ({ arn: t.arn, differentialPrivacy: !!r.analysisRule?.policy?.v1?.custom?.differentialPrivacy?.columns?.length })),
    );
    const memberSorted = mapList(memberships, (m) => ({ arn: m.arn ?? '', collaboration: m.collaborationName ?? m.collaborationArn ?? '' }));
    memberSorted.items.sort((a, b) => a.arn.localeCompare(b.arn));
    return { activeMemberships: memberSorted, collaborations, tables: mapList(configured, ({ arn, name, ruleTypes }) => ({ arn, name, ruleTypes })), customRules };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.activeMemberships, f.collaborations, f.tables, f.customRules);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: CleanRoomsFacts, ctx: EvalContext): Verdict {
  const inUse = nonEmpty(f.activeMemberships, 'active memberships', 'no active membership');
  const warnings: string[] = [];
  if (inUse.v === 'F') {
    const extra = f.tables.items.length ? ` (${f.tables.items.length} configured table(s) prepared)` : '';
    return notInUse(ctx, `no active Clean Rooms membership in ${ctx.region}${extra}; confirm no sensitive data is shared with partners outside Clean Rooms`);
  }
  if (inUse.v === 'U') return undecided(inUse.causes, 'Clean Rooms memberships could not be listed');
  const resources: ResourceResult[] = f.activeMemberships.items.map((m) => ({ id: m.arn, status: 'PASS', reason: `active membership in ${m.collaboration}` }));
  const dp = new Set(f.customRules.items.filter((r) => r.differentialPrivacy).map((r) => r.arn));
  for (const t of f.tables.items) {
    if (t.ruleTypes.length) resources.push({ id: t.arn, status: 'PASS', reason: `configured table ${t.name}: ${t.ruleTypes.join(', ')} analysis rule${dp.has(t.arn) ? ' with differential privacy' : ''}` });
    else warnings.push(`configured table ${t.name}: no analysis rule, so Clean Rooms refuses any query on it`);
  }
  if (!f.tables.complete) warnings.push(`configured tables not fully listed (${f.tables.causes[0].action}): analysis rules not all shown`);
  if (!f.customRules.complete) warnings.push(`${f.customRules.causes.length} CUSTOM analysis rule(s) not read (${f.customRules.causes[0].action}): differential privacy not shown for them`);
  const ruled = f.tables.items.filter((t) => t.ruleTypes.length).length;
  const tables = f.tables.complete ? `; ${ruled} of ${f.tables.items.length} configured table(s) under analysis rules${dp.size ? `, ${dp.size} with differential privacy` : ''}` : '';
  return pass(`${f.activeMemberships.items.length} active Clean Rooms membership(s)${tables}`, { resources, warnings });
}
