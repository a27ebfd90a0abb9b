// AWS Elastic Disaster Recovery — A.15 recovery of AI infrastructure on servers. probes.md §2.51.
// Tool-choice service: DRS applies to AI workloads on EC2 or on-premises servers only (not to
// SageMaker or Bedrock managed endpoints); not initialized or no source servers → the user's
// optional-service policy (MANUAL by default).
// In use: every in-scope source server (those carrying a --scope-tag, else all) replicates
// continuously and took part in a drill or recovery launch in the last 180 days. Each server is
// judged on its own evidence; the probe is the AND over them.
import type { DescribeJobsCommandInput, DescribeJobsCommandOutput, DescribeSourceServersCommandInput, DescribeSourceServersCommandOutput, Job, SourceServer as DrsSourceServer } from '@aws-sdk/client-drs';
import { isAbsent } from '../../src/aws/errors.js';
import { next_token, op } from '../../src/aws/ops.js';
import { defineProbe, notInUse, undecided } from '../../src/engine/probe.js';
import { and, F, T, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { verdictOver, type Judged } from '../rules/per-resource.js';

const DescribeSourceServers = op<DescribeSourceServersCommandInput, DescribeSourceServersCommandOutput>('drs', 'DescribeSourceServers', {
  paginate: next_token,
  absent: [{ name: 'UninitializedAccountException' }],
});
const DescribeJobs = op<DescribeJobsCommandInput, DescribeJobsCommandOutput>('drs', 'DescribeJobs', { paginate: next_token });

/** probes.md §2.51: a drill or recovery within this window. */
export const DRILL_WINDOW_DAYS = 180;

export interface SourceServer {
  id: string;
  arn: string;
  state?: string;
  tagged: boolean;
}

export interface DrsFacts {
  /** Known false: DRS not initialized in the region. */
  initialized: Ev<boolean>;
  servers: ListEv<SourceServer>;
  /** Drill and recovery launches in the window; unread when there is no server to judge. */
  jobs: ListEv<Job>;
  /** Scope tags were given. */
  scopeTags: boolean;
}

/** Last drill or recovery launch of a server, from the jobs read. */
export function lastDrill(jobs: readonly Job[], serverId: string): string | undefined {
  let last: string | undefined;
  for (const j of jobs) {
    if (j.initiatedBy !== 'START_DRILL' && j.initiatedBy !== 'START_RECOVERY') continue;
    if (!(j.participatingServers ?? []).some((s) => s.sourceServerID === serverId)) continue;
    const when = j.creationDateTime ?? '';
    if (when > (last ?? '')) last = when;
  }
  return last;
}

function judgeServer(s: SourceServer, jobs: ListEv<Job>): Tri {
  const replicating = s.state === 'CONTINUOUS' ? T('continuous replication') : F(`replication ${s.state ?? 'state unknown'}`);
  const drill = lastDrill(jobs.items, s.id);
  const drilled = drill ? T(`last drill ${drill.slice(0, 10)}`) : jobs.complete ? F(`no drill or recovery in ${DRILL_WINDOW_DAYS} days`) : U(jobs.causes, 'whether a drill ran');
  return and(replicating, drilled);
}

export default defineProbe<DrsFacts>({
  id: 'elastic-disaster-recovery',
  service: 'AWS Elastic Disaster Recovery',
  title: 'Servers running AI workloads replicate continuously and are drilled',
  severity: 'medium',
  remediation: 'Initialize Elastic Disaster Recovery, install the replication agent on the servers hosting AI workloads, and run a recovery drill at least twice a year: DRS console → Source servers → Initiate drill, or `aws drs start-recovery --is-drill`.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [DescribeSourceServers, DescribeJobs],
  async collect(ctx) {
    const tags = ctx.settings.scopeTags ?? [];
    // The first page says whether DRS is initialized ("not initialized" is data); the listing reads the rest.
    const first = await ctx.readOrAbsent(DescribeSourceServers, { filters: {} });
    const none: ListEv<never> = { items: [], complete: true, causes: [] };
    if (!first.known) return { initialized: first, servers: { items: [], complete: false, causes: first.causes }, jobs: none, scopeTags: tags.length > 0 };
    if (isAbsent(first.value)) return { initialized: { known: true, value: false }, servers: none, jobs: none, scopeTags: tags.length > 0 };
    const listed = first.value.nextToken ? await ctx.list(DescribeSourceServers, { filters: {} }, 'items') : { items: first.value.items ?? [], complete: true, causes: [] };
    const servers: ListEv<SourceServer> = {
      ...listed,
      items: (listed.items as DrsSourceServer[]).map((s) => ({
        id: s.sourceServerID ?? '',
        arn: s.arn ?? s.sourceServerID ?? '',
        state: s.dataReplicationInfo?.dataReplicationState,
        tagged: tags.some((t) => s.tags?.[t.key] === t.value),
      })),
    };
    const since = new Date(ctx.now.getTime() - DRILL_WINDOW_DAYS * 86_400_000).toISOString();
    const jobs = servers.items.length ? await ctx.list(DescribeJobs, { filters: { fromDate: since } }, 'items') : none;
    return { initialized: { known: true, value: true }, servers, jobs, scopeTags: tags.length > 0 };
  },
  evaluate(f, ctx) {
    if (!f.initialized.known) return undecided(f.initialized.causes, 'whether Elastic Disaster Recovery is in use');
    if (!f.initialized.value) return notInUse(ctx, `Elastic Disaster Recovery is not initialized in ${ctx.region} (it applies only to AI workloads on servers)`);
    if (f.servers.complete && f.servers.items.length === 0) return notInUse(ctx, `no DRS source servers in ${ctx.region}`);
    const tagged = f.servers.items.filter((s) => s.tagged);
    const tagScoped = tagged.length > 0;
    const inScope = tagScoped ? tagged : f.servers.items;
    const warnings = tagScoped ? [] : ['every source server is judged: tag the AI servers and pass --scope-tag key=value to narrow the scope'];
    const judged: Judged[] = inScope.map((s) => ({ id: s.arn, name: s.id, label: `source server ${s.id}`, t: judgeServer(s, f.jobs) }));
    // Untagged servers stand in for tagged ones only while no tagged server is known; an unread
    // page may hold one, so their failures do not decide then.
    const standIn = f.scopeTags && !tagScoped && !f.servers.complete;
    const rest: Tri[] = f.servers.complete ? [] : [U(f.servers.causes, 'source servers not listed')];
    return verdictOver(
      judged,
      {
        noun: 'source server(s)',
        pass: (n) => `all ${n} source server(s) replicate continuously and were drilled in the last ${DRILL_WINDOW_DAYS} days`,
        fail: (k, n) => `${k} of ${n} source server(s) not recoverable as required`,
        code: 'MISCONFIGURED',
        none: `no DRS source servers in ${ctx.region}`,
      },
      { rest, scopeCauses: standIn ? f.servers.causes : undefined, extra: { warnings } },
    );
  },
});

