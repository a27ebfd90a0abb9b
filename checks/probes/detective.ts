// Amazon Detective — 9.2 forensic analysis for audits. probes.md §2.14.
// Enabled in a region when the account administers a behavior graph or is an enabled member of one.
// No error says "not enabled": the lists are simply empty. Either list alone can prove it enabled;
// only both, complete, prove it is not. The data source packages are evidence only (a warning).
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
import { describeCauses, fact, mapEv, mapList, nonEmpty, or, some, type Ev, type ListEv } from '../../src/engine/evidence.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, pass, undecided } from '../../src/engine/probe.js';
import { readPages } from '../rules/read-pages.js';
import { causesIn, passWith } from '../rules/unread.js';

export const ListGraphs = op<ListGraphsRequest, ListGraphsResponse>('detective', 'ListGraphs', { paginate: NEXT_TOKEN });
export const ListInvitations = op<ListInvitationsRequest, ListInvitationsResponse>('detective', 'ListInvitations', { paginate: NEXT_TOKEN });
export const ListDatasourcePackages = op<ListDatasourcePackagesRequest, ListDatasourcePackagesResponse>('detective', 'ListDatasourcePackages', { paginate: NEXT_TOKEN });

export interface DetectiveFacts {
  /** Graphs this account administers, with their data source packages and ingest states (or why those were not read). */
  graphs: ListEv<{ arn: string; packages: Ev<Record<string, string>> }>;
  /** Memberships in other accounts' graphs. */
  memberships: ListEv<{ graphArn: string; status?: string; administrator?: string }>;
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
    const [graphs, invitations] = await Promise.all([ctx.list(ListGraphs, {}, 'GraphList'), ctx.list(ListInvitations, {}, 'Invitations')]);
    const withPackages = await Promise.all(
      graphs.items.map(async (g) => {
        const arn = g.Arn ?? '';
        // DatasourcePackages is a map per page, not a list: merge the pages.
        const pages = await readPages(ctx, ListDatasourcePackages, { GraphArn: g.Arn }, { resource: arn });
        const packages = mapEv(pages, (ps) => {
          const out: Record<string, string> = {};
          for (const p of ps) for (const [k, v] of Object.entries(p.DatasourcePackages ?? {})) out[k] = (v as DatasourcePackageIngestDetail | undefined)?.DatasourcePackageIngestState ?? 'unknown';
          return out;
        });
        return { arn, packages };
      }),
    );
    return {
      graphs: { ...graphs, items: withPackages.sort((a, b) => a.arn.localeCompare(b.arn)) },
      // MasterId is deprecated in the SDK d.ts in favour of AdministratorId; kept only as a fallback.
      memberships: mapList(invitations, (i) => ({ graphArn: i.GraphArn ?? '', status: i.Status, administrator: i.AdministratorId ?? i.MasterId })),
    };
  },
  evaluate(f) {
    const memberships = [...f.memberships.items].sort((a, b) => a.graphArn.localeCompare(b.graphArn));
    const enabled = memberships.filter((m) => m.status === 'ENABLED');
    const packagesOf = (p: Ev<Record<string, string>>) => (p.known ? Object.entries(p.value).map(([k, v]) => `${k} ${v}`).join(', ') || 'none listed' : 'not read');
    const resources: ResourceResult[] = [
      ...f.graphs.items.map((g) => ({ id: g.arn, status: 'PASS' as const, reason: `administrator of graph; packages ${packagesOf(g.packages)}` })),
      ...memberships.map((m) => ({
        id: m.graphArn,
        status: m.status === 'ENABLED' ? ('PASS' as const) : ('FAIL' as const),
        reason: `member of account ${m.administrator ?? '?'}'s graph: ${m.status ?? 'unknown status'}`,
      })),
    ];
    const warnings: string[] = [];
    const pending = memberships.filter((m) => m.status === 'INVITED');
    if (pending.length) warnings.push(`${pending.length} pending Detective invitation(s) not accepted`);
    const stopped = f.graphs.items.flatMap((g) => (g.packages.known ? Object.entries(g.packages.value).filter(([, v]) => v !== 'STARTED').map(([k, v]) => `${k} ${v}`) : []));
    if (stopped.length) warnings.push(`data source package(s) not ingesting: ${stopped.join(', ')}`);
    const unread = f.graphs.items.flatMap((g) => (g.packages.known ? [] : g.packages.causes));
    if (unread.length) warnings.push(`data source packages not read: ${describeCauses(unread)}`);

    const t = or(
      nonEmpty(f.graphs, 'administrator', 'no behavior graph'),
      some(f.memberships, (m) => fact(m.status === 'ENABLED', 'member', m.status ?? '?'), 'memberships'),
    );
    const unreadLists = [...causesIn(f.graphs, f.memberships), ...unread.filter((c) => c.kind === 'interrupted')];
    if (f.graphs.items.length) return passWith(pass(`Detective enabled: this account administers ${f.graphs.items.length} behavior graph(s)`, { resources, warnings }), unreadLists);
    if (enabled.length) return passWith(pass(`Detective enabled: member of ${enabled.length} behavior graph(s) administered by ${[...new Set(enabled.map((m) => m.administrator ?? '?'))].join(', ')}`, { resources, warnings }), unreadLists);
    if (t.v === 'U') return undecided(t.causes, `Detective: no behavior graph or enabled membership among what was read`, { resources, warnings });
    const why = memberships.length ? `no behavior graph; invitation(s) ${memberships.map((m) => m.status ?? '?').join(', ')}` : 'no behavior graph and no membership';
    return fail(`Detective is not enabled: ${why}`, 'NOT_ENABLED', { resources, warnings });
  },
});
