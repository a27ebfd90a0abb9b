// AWS Elastic Disaster Recovery — A.15 recovery of AI infrastructure on servers. probes.md §2.51.
// Tool-choice service: DRS applies to AI workloads on EC2 or on-premises servers only (not to
// SageMaker or Bedrock managed endpoints); not initialized or no source servers → the user's
// optional-service policy (MANUAL by default).
// In use: every in-scope source server (those carrying a --scope-tag, else all) replicates
// continuously and took part in a drill or recovery launch in the last 180 days.
import type { DescribeJobsCommandInput, DescribeJobsCommandOutput, DescribeSourceServersCommandInput, DescribeSourceServersCommandOutput } from '@aws-sdk/client-drs';
import { isAbsent } from '../../src/aws/errors.js';
import { next_token, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, notInUse, pass } from '../../src/engine/probe.js';

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
  lastDrill?: string;
}

export interface DrsFacts {
  initialized: boolean;
  servers: SourceServer[];
  /** Scope tags were given and matched at least one server. */
  tagScoped: boolean;
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
    // The first page through callOrAbsent ("not initialized" is data), the rest through pages().
    const first = await ctx.callOrAbsent(DescribeSourceServers, { filters: {} });
    if (isAbsent(first)) return { initialized: false, servers: [], tagScoped: false };
    const pages = first.nextToken ? await ctx.pages(DescribeSourceServers, { filters: {} }) : [first];
    const items = pages.flatMap((p) => p.items ?? []);
    const since = new Date(ctx.now.getTime() - DRILL_WINDOW_DAYS * 86_400_000).toISOString();
    const jobs = items.length ? await ctx.all(DescribeJobs, { filters: { fromDate: since } }, 'items') : [];
    const lastDrill = new Map<string, string>();
    for (const j of jobs) {
      if (j.initiatedBy !== 'START_DRILL' && j.initiatedBy !== 'START_RECOVERY') continue;
      for (const s of j.participatingServers ?? []) {
        const when = j.creationDateTime ?? '';
        if (s.sourceServerID && when > (lastDrill.get(s.sourceServerID) ?? '')) lastDrill.set(s.sourceServerID, when);
      }
    }
    const tags = ctx.settings.scopeTags ?? [];
    const servers = items.map((s) => ({
      id: s.sourceServerID ?? '',
      arn: s.arn ?? s.sourceServerID ?? '',
      state: s.dataReplicationInfo?.dataReplicationState,
      tagged: tags.some((t) => s.tags?.[t.key] === t.value),
      lastDrill: lastDrill.get(s.sourceServerID ?? ''),
    }));
    return { initialized: true, servers, tagScoped: servers.some((s) => s.tagged) };
  },
  evaluate(f, ctx) {
    if (!f.initialized) return notInUse(ctx, `Elastic Disaster Recovery is not initialized in ${ctx.region} (it applies only to AI workloads on servers)`);
    if (f.servers.length === 0) return notInUse(ctx, `no DRS source servers in ${ctx.region}`);
    const inScope = f.tagScoped ? f.servers.filter((s) => s.tagged) : f.servers;
    const warnings = f.tagScoped ? [] : ['every source server is judged: tag the AI servers and pass --scope-tag key=value to narrow the scope'];
    const resources: ResourceResult[] = inScope.map((s) => {
      const gaps: string[] = [];
      if (s.state !== 'CONTINUOUS') gaps.push(`replication ${s.state ?? 'state unknown'}`);
      if (!s.lastDrill) gaps.push(`no drill or recovery in ${DRILL_WINDOW_DAYS} days`);
      if (gaps.length) return { id: s.arn, status: 'FAIL', reason: `source server ${s.id}: ${gaps.join(', ')}` };
      return { id: s.arn, status: 'PASS', reason: `source server ${s.id}: continuous replication, last drill ${s.lastDrill!.slice(0, 10)}` };
    });
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${failing.length} of ${resources.length} source server(s) not recoverable as required: ${failing.slice(0, 3).map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
    return pass(`all ${resources.length} source server(s) replicate continuously and were drilled in the last ${DRILL_WINDOW_DAYS} days`, { resources, warnings });
  },
});
