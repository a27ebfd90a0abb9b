// Amazon Detective — 9.2 forensic analysis for audits. probes.md §2.14.
// Enabled in a region when the account administers a behavior graph or is an enabled member of one.
// No error says "not enabled": the lists are simply empty.
import type {
  DatasourcePackageIngestDetail,
  ListDatasourcePackagesRequest,
  ListDatasourcePackagesResponse,
  ListGraphsRequest,
  ListGraphsResponse,
  ListInvitationsRequest,
  ListInvitationsResponse,
} from '@aws-sdk/client-detective';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, pass } from '../../src/engine/probe.js';

export const ListGraphs = op<ListGraphsRequest, ListGraphsResponse>('detective', 'ListGraphs', { paginate: NEXT_TOKEN });
export const ListInvitations = op<ListInvitationsRequest, ListInvitationsResponse>('detective', 'ListInvitations', { paginate: NEXT_TOKEN });
export const ListDatasourcePackages = op<ListDatasourcePackagesRequest, ListDatasourcePackagesResponse>('detective', 'ListDatasourcePackages', { paginate: NEXT_TOKEN });

export interface DetectiveFacts {
  /** Graphs this account administers, with their data source packages and ingest states. */
  graphs: { arn: string; packages: Record<string, string> }[];
  /** Memberships in other accounts' graphs. */
  memberships: { graphArn: string; status?: string; administrator?: string }[];
}

export default defineProbe<DetectiveFacts>({
  id: 'detective',
  service: 'Amazon Detective',
  title: 'Amazon Detective is enabled (administrator or enabled member of a behavior graph)',
  severity: 'low',
  remediation:
    'Enable Detective in the region (GuardDuty must have been on for 48 hours), or accept the organization administrator\'s invitation: console Detective → Get started, or `aws detective create-graph` / `aws detective accept-invitation --graph-arn …`.',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [ListGraphs, ListInvitations, ListDatasourcePackages],
  async collect(ctx) {
    const [graphs, invitations] = await Promise.all([ctx.all(ListGraphs, {}, 'GraphList'), ctx.all(ListInvitations, {}, 'Invitations')]);
    const withPackages = await Promise.all(
      graphs.map(async (g) => {
        // DatasourcePackages is a map per page, not a list: merge the pages.
        const pages = await ctx.pages(ListDatasourcePackages, { GraphArn: g.Arn });
        const packages: Record<string, string> = {};
        for (const p of pages) {
          for (const [k, v] of Object.entries(p.DatasourcePackages ?? {})) packages[k] = (v as DatasourcePackageIngestDetail | undefined)?.DatasourcePackageIngestState ?? 'unknown';
        }
        return { arn: g.Arn ?? '', packages };
      }),
    );
    return {
      graphs: withPackages,
      // MasterId is deprecated in the SDK d.ts in favour of AdministratorId; kept only as a fallback.
      memberships: invitations.map((i) => ({ graphArn: i.GraphArn ?? '', status: i.Status, administrator: i.AdministratorId ?? i.MasterId })),
    };
  },
  evaluate(f) {
    const enabled = f.memberships.filter((m) => m.status === 'ENABLED');
    const resources: ResourceResult[] = [
      ...f.graphs.map((g) => ({ id: g.arn, status: 'PASS' as const, reason: `administrator of graph; packages ${Object.entries(g.packages).map(([k, v]) => `${k} ${v}`).join(', ') || 'none listed'}` })),
      ...f.memberships.map((m) => ({
        id: m.graphArn,
        status: m.status === 'ENABLED' ? ('PASS' as const) : ('FAIL' as const),
        reason: `member of account ${m.administrator ?? '?'}'s graph: ${m.status ?? 'unknown status'}`,
      })),
    ];
    const warnings: string[] = [];
    const pending = f.memberships.filter((m) => m.status === 'INVITED');
    if (pending.length) warnings.push(`${pending.length} pending Detective invitation(s) not accepted`);
    const stopped = f.graphs.flatMap((g) => Object.entries(g.packages).filter(([, v]) => v !== 'STARTED').map(([k, v]) => `${k} ${v}`));
    if (stopped.length) warnings.push(`data source package(s) not ingesting: ${stopped.join(', ')}`);
    if (f.graphs.length) return pass(`Detective enabled: this account administers ${f.graphs.length} behavior graph(s)`, { resources, warnings });
    if (enabled.length) return pass(`Detective enabled: member of ${enabled.length} behavior graph(s) administered by ${[...new Set(enabled.map((m) => m.administrator ?? '?'))].join(', ')}`, { resources, warnings });
    const why = f.memberships.length ? `no behavior graph; invitation(s) ${f.memberships.map((m) => m.status ?? '?').join(', ')}` : 'no behavior graph and no membership';
    return fail(`Detective is not enabled: ${why}`, 'NOT_ENABLED', { resources, warnings });
  },
});
