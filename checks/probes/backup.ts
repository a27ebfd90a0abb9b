// AWS Backup — A.15 backup and recovery of AI data. probes.md §2.49.
// AI data resources of a region: the AI buckets there (checks/facts/ai-buckets.ts) and SageMaker
// domain home EFS volumes. Each must be a protected resource with a recent backup (within twice
// the longest schedule of the usable plans) and no FAILED/ABORTED backup job in the last 7 days.
// For a bucket, cross-region replication is an accepted alternative, judged with the same rule as
// the S3 Cross-Region Replication probe (checks/rules/replication.ts).
// probes.md §0 calls Backup baseline (FAIL when off, whatever the footprint) while §2.49 says
// NOT_APPLICABLE without AI data resources; the more specific §2.49 is followed.
// Each resource is judged on its own evidence; the probe is the AND over them.
import type {
  BackupJob,
  BackupPlansListMember,
  GetBackupPlanCommandInput,
  GetBackupPlanCommandOutput,
  ListBackupJobsCommandInput,
  ListBackupJobsCommandOutput,
  ListBackupPlansCommandInput,
  ListBackupPlansCommandOutput,
  ListBackupSelectionsCommandInput,
  ListBackupSelectionsCommandOutput,
  ListBackupVaultsCommandInput,
  ListBackupVaultsCommandOutput,
  ListProtectedResourcesCommandInput,
  ListProtectedResourcesCommandOutput,
  ProtectedResource,
} from '@aws-sdk/client-backup';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineProbe, type CollectContext } from '../../src/engine/probe.js';
import { allKnown, and, F, fanOut, mapEv, T, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { accountBuckets, aiBucketLocations, aiBuckets, GetBucketEncryption, GetBucketLocation, GetBucketReplication, GetBucketVersioning, readReplication } from '../facts/ai-buckets.js';
import { sagemakerInventory } from '../facts/sagemaker-inventory.js';
import { allOf, verdictOver, type Judged, type Judgement } from '../rules/per-resource.js';
import { replicatesAcrossRegions, type ReplicationEvidence } from '../rules/replication.js';
import { DescribeDomain } from './sagemaker-platform.js';

const ListBackupPlans = op<ListBackupPlansCommandInput, ListBackupPlansCommandOutput>('backup', 'ListBackupPlans', { paginate: NEXT_TOKEN });
const GetBackupPlan = op<GetBackupPlanCommandInput, GetBackupPlanCommandOutput>('backup', 'GetBackupPlan');
const ListBackupSelections = op<ListBackupSelectionsCommandInput, ListBackupSelectionsCommandOutput>('backup', 'ListBackupSelections', { paginate: NEXT_TOKEN });
const ListProtectedResources = op<ListProtectedResourcesCommandInput, ListProtectedResourcesCommandOutput>('backup', 'ListProtectedResources', { paginate: NEXT_TOKEN });
const ListBackupVaults = op<ListBackupVaultsCommandInput, ListBackupVaultsCommandOutput>('backup', 'ListBackupVaults', { paginate: NEXT_TOKEN });
const ListBackupJobs = op<ListBackupJobsCommandInput, ListBackupJobsCommandOutput>('backup', 'ListBackupJobs', { paginate: NEXT_TOKEN });

/** Plans read in detail per region (by plan ID, so the cut is the same on every scan). */
export const PLAN_CAP = 50;
/** probes.md §10: backup jobs window. */
export const JOB_WINDOW_DAYS = 7;
/** The shortest age threshold: twice a daily schedule. */
const MIN_MAX_AGE_HOURS = 48;

export interface AiDataResource {
  arn: string;
  kind: 'bucket' | 'efs';
  why: string;
  /** Buckets: what the cross-region replication rule reads (the accepted alternative to a backup). */
  replication?: ReplicationEvidence;
}

export interface PlanFacts {
  id: string;
  name: string;
  rules: number;
  selections: number;
  intervalHours: number;
}

export interface BackupFacts {
  plans: ListEv<BackupPlansListMember>;
  /** Details of the first PLAN_CAP plans by ID. */
  details: ListEv<PlanFacts>;
  plansCapped: boolean;
  protectedResources: ListEv<ProtectedResource>;
  vaults: ListEv<{ name: string; customerKey: boolean }>;
  failedJobs: ListEv<BackupJob>;
  resources: ListEv<AiDataResource>;
  /** The AI data scope could not be read completely (AI bucket sources, domain lists). */
  scopeRest: Tri[];
}

/** Hours between runs of a backup rule's schedule; a rough reading of rate()/cron() (24 when unsure). */
export function scheduleHours(expr: string | undefined): number {
  if (!expr) return 24;
  const rate = expr.match(/^rate\((\d+)\s+(minute|hour|day)s?\)$/i);
  if (rate) return Number(rate[1]) * ({ minute: 1 / 60, hour: 1, day: 24 } as Record<string, number>)[rate[2].toLowerCase()];
  const cron = expr.match(/^cron\((.+)\)$/i);
  if (!cron) return 24;
  const [, hour = '*', dom = '*', , dow = '?'] = cron[1].trim().split(/\s+/);
  if (/[*/,]/.test(hour)) {
    const step = hour.match(/\/(\d+)/);
    if (step) return Number(step[1]);
    if (hour.includes(',')) return 24 / hour.split(',').length;
    return 1;
  }
  const any = (f: string) => f === '*' || f === '?';
  if (any(dom) && any(dow)) return 24;
  if (any(dom)) return (7 * 24) / Math.max(1, dow.split(',').length);
  return (31 * 24) / Math.max(1, dom.split(',').length);
}

/** The AI buckets of this region and the home EFS of its SageMaker domains. */
async function aiDataResources(ctx: CollectContext): Promise<{ resources: ListEv<AiDataResource>; scopeRest: Tri[] }> {
  const [f, account, inv] = await Promise.all([ctx.use(aiBuckets), ctx.use(accountBuckets), ctx.use(sagemakerInventory)]);
  // Only identified AI buckets: without them, Backup does not guess which buckets matter.
  const buckets = await Promise.all(
    f.ai.filter((b) => b.region === ctx.region).map(async (b): Promise<AiDataResource> => ({ arn: b.arn, kind: 'bucket', why: b.sources.slice(0, 2).join('; '), replication: await readReplication(ctx, b, account) })),
  );
  // SageMaker not offered here: no domains.
  const domains = inv.domains.complete || !inv.domains.causes.every((c) => c.kind === 'unavailable') ? inv.domains : { items: [], complete: true, causes: [] };
  const described = await fanOut(domains, async (d) => ctx.readOrAbsent(DescribeDomain, { DomainId: d.DomainId }, { resource: d.DomainArn ?? d.DomainId }));
  const efs = described.items.flatMap((d): AiDataResource[] =>
    !isAbsent(d) && d.HomeEfsFileSystemId ? [{ arn: `arn:${ctx.partition}:elasticfilesystem:${ctx.region}:${ctx.accountId}:file-system/${d.HomeEfsFileSystemId}`, kind: 'efs', why: `home EFS of SageMaker domain ${d.DomainName ?? d.DomainId}` }] : [],
  );
  const resources = [...buckets, ...efs].sort((a, b) => a.arn.localeCompare(b.arn));
  const scopeRest = [...(f.causes.length ? [U(f.causes, 'AI buckets the scope could not identify')] : []), ...(described.complete ? [] : [U(described.causes, 'SageMaker domains not described')])];
  return { resources: { items: resources, complete: true, causes: [] }, scopeRest };
}

/** One plan's rules and selections. */
async function planDetail(ctx: CollectContext, p: BackupPlansListMember): Promise<Ev<PlanFacts>> {
  const resource = p.BackupPlanArn ?? p.BackupPlanId;
  const [plan, selections] = await Promise.all([ctx.read(GetBackupPlan, { BackupPlanId: p.BackupPlanId }, { resource }), ctx.list(ListBackupSelections, { BackupPlanId: p.BackupPlanId }, 'BackupSelectionsList', { resource })]);
  const sel: Ev<number> = selections.complete ? { known: true, value: selections.items.length } : { known: false, causes: selections.causes };
  return mapEv(allKnown({ plan, sel }, resource), ({ plan: d, sel: n }) => {
    const rules = d.BackupPlan?.Rules ?? [];
    return {
      id: p.BackupPlanId ?? '',
      name: p.BackupPlanName ?? p.BackupPlanId ?? '',
      rules: rules.length,
      selections: n,
      intervalHours: Math.max(0, ...rules.map((r) => (r.EnableContinuousBackup ? 24 : scheduleHours(r.ScheduleExpression)))),
    };
  });
}

/** Twice the longest schedule among usable plans (a rule and a selection), at least 48 hours; unknown while a plan is unread. */
export function maxAgeHours(f: Pick<BackupFacts, 'details'>): Ev<number> {
  const usable = f.details.items.filter((p) => p.rules > 0 && p.selections > 0);
  const hours = 2 * Math.max(24, ...usable.map((p) => p.intervalHours));
  return f.details.complete ? { known: true, value: hours } : { known: false, causes: f.details.causes };
}

function judgeResource(r: AiDataResource, f: BackupFacts, now: Date): Judgement {
  const failed = f.failedJobs.items.find((j) => j.ResourceArn === r.arn);
  if (failed) return F(`backup job ${failed.BackupJobId} ${failed.State} in the last ${JOB_WINDOW_DAYS} days`);
  const noFailedJob: Tri = f.failedJobs.complete ? T([]) : U(f.failedJobs.causes, `whether a backup job failed in the last ${JOB_WINDOW_DAYS} days`);
  const prot = f.protectedResources.items.find((p) => p.ResourceArn === r.arn);
  let backedUp: Judgement;
  if (prot) {
    const last = prot.LastBackupTime;
    if (!last) backedUp = F('protected but never backed up');
    else {
      const age = (now.getTime() - new Date(last).getTime()) / 3_600_000;
      const when = `${new Date(last).toISOString().slice(0, 16).replace('T', ' ')}Z`;
      const limit = maxAgeHours(f);
      // A backup within 48 hours is recent whatever the schedule; an older one needs the schedule.
      if (age <= MIN_MAX_AGE_HOURS) backedUp = T(`last backup ${when}`);
      else if (!limit.known) backedUp = U(limit.causes, `whether a backup from ${when} is within twice the schedule`);
      else backedUp = age > limit.value ? F(`last backup ${when} is older than ${limit.value} hours (twice the schedule)`) : T(`last backup ${when}`);
    }
  } else if (!f.protectedResources.complete) {
    backedUp = U(f.protectedResources.causes, 'whether it is a protected resource');
  } else if (r.kind === 'bucket' && r.replication) {
    const rep = replicatesAcrossRegions(r.replication);
    backedUp =
      rep.v === 'T'
        ? T(`not in AWS Backup, covered by cross-region replication (${rep.why.join(', ')})`)
        : rep.v === 'F'
          ? F(`not a protected resource, and not replicated to another region (${rep.why.join(', ')})`)
          : rep.v === 'M'
            ? { v: 'M', why: [`not in AWS Backup; ${rep.why.join(', ')}`] }
            : U(rep.causes, 'whether cross-region replication covers it');
  } else backedUp = F('not a protected resource');
  return allOf(noFailedJob, backedUp);
}

export default defineProbe<BackupFacts>({
  id: 'backup',
  service: 'AWS Backup',
  title: 'AI training data and model artefacts are backed up recently and without failures',
  severity: 'high',
  remediation: 'Create a backup plan with a rule and a selection covering the AI buckets and SageMaker domain EFS volumes, in a vault encrypted with a customer-managed key: AWS Backup console → Backup plans → Create, or `aws backup create-backup-plan` + `create-backup-selection` (for S3, cross-region replication is an accepted alternative).',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [ListBackupPlans, GetBackupPlan, ListBackupSelections, ListProtectedResources, ListBackupVaults, ListBackupJobs, DescribeDomain, GetBucketReplication, GetBucketVersioning, GetBucketEncryption, GetBucketLocation],
  uses: [aiBuckets, accountBuckets, aiBucketLocations, sagemakerInventory],
  async collect(ctx) {
    const since = new Date(ctx.now.getTime() - JOB_WINDOW_DAYS * 86_400_000);
    // Every list is read whatever the others answer; plan details follow the plan list only.
    const plansP = ctx.list(ListBackupPlans, {}, 'BackupPlansList');
    const detailsP = plansP.then((plans) => fanOut([...plans.items].sort((a, b) => (a.BackupPlanId ?? '').localeCompare(b.BackupPlanId ?? '')).slice(0, PLAN_CAP), (p) => planDetail(ctx, p)));
    const [scope, plans, details, protectedResources, vaults, failed, aborted] = await Promise.all([
      // The bucket locations are read beside the scope, as the S3 probes do.
      Promise.all([aiDataResources(ctx), ctx.use(aiBucketLocations)]).then(([r]) => r),
      plansP,
      detailsP,
      ctx.list(ListProtectedResources, {}, 'Results'),
      ctx.list(ListBackupVaults, {}, 'BackupVaultList'),
      ctx.list(ListBackupJobs, { ByCreatedAfter: since, ByState: 'FAILED' }, 'BackupJobs'),
      ctx.list(ListBackupJobs, { ByCreatedAfter: since, ByState: 'ABORTED' }, 'BackupJobs'),
    ]);
    return {
      plans,
      details: { ...details, complete: details.complete && plans.complete, causes: [...plans.causes, ...details.causes] },
      plansCapped: plans.items.length > PLAN_CAP,
      protectedResources,
      vaults: { ...vaults, items: vaults.items.map((v) => ({ name: v.BackupVaultName ?? '', customerKey: v.EncryptionKeyType === 'CUSTOMER_MANAGED_KMS_KEY' })) },
      failedJobs: { items: [...failed.items, ...aborted.items], complete: failed.complete && aborted.complete, causes: [...failed.causes, ...aborted.causes] },
      resources: scope.resources,
      scopeRest: scope.scopeRest,
    };
  },
  evaluate(f, ctx) {
    const warnings: string[] = [];
    if (f.plansCapped) warnings.push(`only the first ${PLAN_CAP} backup plans (by ID) were read in detail`);
    for (const v of f.vaults.items) if (!v.customerKey) warnings.push(`vault ${v.name}: not encrypted with a customer-managed KMS key`);
    // The vault list feeds only this warning: an unread list never makes ERROR.
    if (!f.vaults.complete) warnings.push(`vault encryption not checked: ${[...new Set(f.vaults.causes.map((c) => c.action))].join(', ')} did not answer`);
    const judged: Judged[] = f.resources.items.map((r) => {
      const short = r.arn.split(/:::|file-system\//).pop() ?? r.arn;
      return { id: r.arn, name: short, label: `${r.kind === 'bucket' ? 'bucket' : 'EFS'} ${short} (${r.why})`, t: judgeResource(r, f, ctx.now) };
    });
    const noPlans = f.plans.complete && f.plans.items.length === 0;
    const usable = f.details.items.filter((p) => p.rules > 0 && p.selections > 0);
    const limit = maxAgeHours(f);
    const hours = limit.known ? limit.value : MIN_MAX_AGE_HOURS;
    return verdictOver(
      judged,
      {
        noun: 'AI data resource(s)',
        pass: (n) => `all ${n} AI data resource(s) protected: backups within ${hours} hours or cross-region replication, no failed jobs in ${JOB_WINDOW_DAYS} days`,
        fail: (k, n) => (noPlans ? `no backup plan in ${ctx.region}; ${k} AI data resource(s) unprotected` : `${k} of ${n} AI data resource(s) not backed up${f.plans.items.length && f.details.complete && !usable.length ? ' (no plan has both a rule and a resource selection)' : ''}`),
        failList: !noPlans,
        manual: (m) => `${m.length} AI bucket(s) rely on replication to a destination whose region cannot be read: verify it`,
        incomplete: 'the AI data scope is incomplete',
        code: noPlans ? 'NOT_ENABLED' : 'MISCONFIGURED',
        none: `no AI data resources in ${ctx.region} (no identified AI bucket, no SageMaker domain EFS)${f.plans.items.length ? `; ${f.plans.items.length} backup plan(s)` : ''}`,
      },
      { rest: f.scopeRest, extra: { warnings } },
    );
  },
});
