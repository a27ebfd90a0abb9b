// AWS Clean Rooms — A.10 privacy-preserving data collaboration. probes.md §2.36.
// Tool-choice service: no collaboration → the user's optional-service policy (MANUAL by default;
// probes.md §2.36 suggests NOT_APPLICABLE, §0 and the issue make it tool-choice).
// In use: an ACTIVE membership, and every configured table shared under an analysis rule.
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
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, notInUse, pass } from '../../src/engine/probe.js';

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
  differentialPrivacy: boolean;
}

export interface CleanRoomsFacts {
  activeMemberships: { arn: string; collaboration: string }[];
  collaborations: number;
  tables: CleanRoomsTable[];
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
      ctx.all(ListMemberships, { status: 'ACTIVE' }, 'membershipSummaries'),
      ctx.all(ListCollaborations, {}, 'collaborationList'),
      ctx.all(ListConfiguredTables, {}, 'configuredTableSummaries'),
    ]);
    let budget = RULE_CAP;
    const out = await Promise.all(
      tables.map(async (t): Promise<CleanRoomsTable> => {
        const types = (t.analysisRuleTypes ?? []) as string[];
        let dp = false;
        // Only CUSTOM rules can carry differential privacy.
        if (types.includes('CUSTOM') && budget-- > 0) {
          const r = await ctx.call(GetConfiguredTableAnalysisRule, { configuredTableIdentifier: t.id, analysisRuleType: 'CUSTOM' });
          dp = !!r.analysisRule?.policy?.v1?.custom?.differentialPrivacy?.columns?.length;
        }
        return { arn: t.arn ?? t.id ?? '', name: t.name ?? t.id ?? '', ruleTypes: types, differentialPrivacy: dp };
      }),
    );
    return {
      activeMemberships: memberships.map((m) => ({ arn: m.arn ?? '', collaboration: m.collaborationName ?? m.collaborationArn ?? '' })),
      collaborations: collaborations.length,
      tables: out,
    };
  },
  evaluate(f, ctx) {
    if (f.activeMemberships.length === 0) {
      const extra = f.tables.length ? ` (${f.tables.length} configured table(s) prepared)` : '';
      return notInUse(ctx, `no active Clean Rooms membership in ${ctx.region}${extra}; confirm no sensitive data is shared with partners outside Clean Rooms`);
    }
    const resources: ResourceResult[] = f.tables.map((t) =>
      t.ruleTypes.length
        ? { id: t.arn, status: 'PASS', reason: `configured table ${t.name}: ${t.ruleTypes.join(', ')} analysis rule${t.differentialPrivacy ? ' with differential privacy' : ''}` }
        : { id: t.arn, status: 'FAIL', reason: `configured table ${t.name}: no analysis rule` },
    );
    for (const m of f.activeMemberships) resources.push({ id: m.arn, status: 'PASS', reason: `active membership in ${m.collaboration}` });
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${failing.length} configured table(s) without an analysis rule: ${failing.map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources });
    const dp = f.tables.filter((t) => t.differentialPrivacy).length;
    return pass(`${f.activeMemberships.length} active Clean Rooms membership(s); ${f.tables.length} configured table(s), all under analysis rules${dp ? `, ${dp} with differential privacy` : ''}`, { resources });
  },
});
