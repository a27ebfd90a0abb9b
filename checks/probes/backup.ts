// AWS Backup — A.15 backup and recovery of AI data. probes.md §2.49.
// AI data resources of a region: the AI buckets there (checks/facts/ai-buckets.ts; S3 Cross-Region
// Replication is an accepted alternative for a bucket) and SageMaker domain home EFS volumes.
// Each must be a protected resource with a recent backup and no failed backup job in 7 days.
// probes.md §0 calls Backup baseline (FAIL when off, whatever the footprint) while §2.49 says
// NOT_APPLICABLE without AI data resources; the more specific §2.49 is followed.
import type {
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
} from '@aws-sdk/client-backup';
import { AwsCallError, isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, error, fail, notApplicable, pass, startNow, type CollectContext } from '../../src/engine/probe.js';
import { aiBuckets, GetBucketReplication } from '../facts/ai-buckets.js';
import { sagemakerInventory } from '../facts/sagemaker-inventory.js';
import { DescribeDomain } from './sagemaker-platform.js';
import { mustAll } from '../../src/engine/evidence.js';

const ListBackupPlans = op<ListBackupPlansCommandInput, ListBackupPlansCommandOutput>('backup', 'ListBackupPlans', { paginate: NEXT_TOKEN });
const GetBackupPlan = op<GetBackupPlanCommandInput, GetBackupPlanCommandOutput>('backup', 'GetBackupPlan');
const ListBackupSelections = op<ListBackupSelectionsCommandInput, ListBackupSelectionsCommandOutput>('backup', 'ListBackupSelections', { paginate: NEXT_TOKEN });
const ListProtectedResources = op<ListProtectedResourcesCommandInput, ListProtectedResourcesCommandOutput>('backup', 'ListProtectedResources', { paginate: NEXT_TOKEN });
const ListBackupVaults = op<ListBackupVaultsCommandInput, ListBackupVaultsCommandOutput>('backup', 'ListBackupVaults', { paginate: NEXT_TOKEN });
const ListBackupJobs = op<ListBackupJobsCommandInput, ListBackupJobsCommandOutput>('backup', 'ListBackupJobs', { paginate: NEXT_TOKEN });

/** Plans read in detail per region. */
export const PLAN_CAP = 50;
/** probes.md §10: backup jobs window. */
export const JOB_WINDOW_DAYS = 7;

export interface AiDataResource {
  arn: string;
  kind: 'bucket' | 'efs';
  why: string;
  /** Bucket with an enabled replication rule (the accepted alternative to a backup). */
  replicated?: boolean;
}

export interface BackupFacts {
  plans: { id: string; name: string; rules: number; selections: number; intervalHours: number }[];
  plansCapped: boolean;
  protected: Record<string, string | null>;
  vaults: { name: string; customerKey: boolean }[];
  failedJobs: { arn: string; state: string; resource: string }[];
  resources: AiDataResource[];
  unknown: string[];
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

function why(err: unknown): string {
  return err instanceof AwsCallError ? err.reason : err instanceof Error ? err.message : String(err);
}

async function aiDataResources(ctx: CollectContext, unknown: string[]): Promise<AiDataResource[]> {
  const out: AiDataResource[] = [];
  await Promise.all([
    (async () => {
      try {
        const f = await ctx.use(aiBuckets);
        unknown.push(...f.unknown);
        // Only identified AI buckets: without them, Backup does not guess which buckets matter.
        for (const b of f.ai.filter((x) => x.region === ctx.region)) out.push({ arn: b.arn, kind: 'bucket', why: b.sources.slice(0, 2).join('; ') });
      } catch (err) {
        unknown.push(`AI buckets: ${why(err)}`);
      }
    })(),
    (async () => {
      try {
        const inv = await ctx.use(sagemakerInventory);
        const domains = await Promise.all(mustAll(inv.domains).map((d) => ctx.callOrAbsent(DescribeDomain, { DomainId: d.DomainId })));
        for (const d of domains) {
          if (!isAbsent(d) && d.HomeEfsFileSystemId) out.push({ arn: `arn:${ctx.partition}:elasticfilesystem:${ctx.region}:${ctx.accountId}:file-system/${d.HomeEfsFileSystemId}`, kind: 'efs', why: `home EFS of SageMaker domain ${d.DomainName ?? d.DomainId}` });
        }
      } catch (err) {
        if (err instanceof AwsCallError && err.kind === 'unavailable') return;
        unknown.push(`SageMaker domains: ${why(err)}`);
      }
    })(),
  ]);
  return out.sort((a, b) => a.arn.localeCompare(b.arn));
}

/** One plan's rules and selections. */
async function planDetail(ctx: CollectContext, p: BackupPlansListMember): Promise<BackupFacts['plans'][number]> {
  const [plan, selections] = await Promise.all([ctx.call(GetBackupPlan, { BackupPlanId: p.BackupPlanId }), ctx.all(ListBackupSelections, { BackupPlanId: p.BackupPlanId }, 'BackupSelectionsList')]);
  const rules = plan.BackupPlan?.Rules ?? [];
  return {
    id: p.BackupPlanId ?? '',
    name: p.BackupPlanName ?? p.BackupPlanId ?? '',
    rules: rules.length,
    selections: selections.length,
    intervalHours: Math.max(0, ...rules.map((r) => (r.EnableContinuousBackup ? 24 : scheduleHours(r.ScheduleExpression)))),
  };
}

export default defineProbe<BackupFacts>({
  id: 'backup',
  service: 'AWS Backup',
  title: 'AI training data and model artefacts are backed up recently and without failures',
  severity: 'high',
  remediation: 'Create a backup plan with a rule and a selection covering the AI buckets and SageMaker domain EFS volumes, in a vault encrypted with a customer-managed key: AWS Backup console → Backup plans → Create, or `aws backup create-backup-plan` + `create-backup-selection` (for S3, cross-region replication is an accepted alternative).',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [ListBackupPlans, GetBackupPlan, ListBackupSelections, ListProtectedResources, ListBackupVaults, ListBackupJobs, DescribeDomain, GetBucketReplication],
  uses: [aiBuckets, sagemakerInventory],
  async collect(ctx) {
    const unknown: string[] = [];
    const since = new Date(ctx.now.getTime() - JOB_WINDOW_DAYS * 86_400_000);
    const plansP = startNow(ctx.all(ListBackupPlans, {}, 'BackupPlansList'));
    // Plan details follow the plan list; the AI resource scope (a longer chain) is not waited for.
    const detailP = startNow(plansP.then((plans) => Promise.all(plans.slice(0, PLAN_CAP).map((p) => planDetail(ctx, p)))));
    const [resources, plans, detail, protectedRes, vaults, failed, aborted] = await Promise.all([
      aiDataResources(ctx, unknown),
      plansP,
      detailP,
      ctx.all(ListProtectedResources, {}, 'Results'),
      ctx.all(ListBackupVaults, {}, 'BackupVaultList'),
      ctx.all(ListBackupJobs, { ByCreatedAfter: since, ByState: 'FAILED' }, 'BackupJobs'),
      ctx.all(ListBackupJobs, { ByCreatedAfter: since, ByState: 'ABORTED' }, 'BackupJobs'),
    ]);
    const prot: Record<string, string | null> = {};
    for (const r of protectedRes) if (r.ResourceArn) prot[r.ResourceArn] = r.LastBackupTime ? r.LastBackupTime.toISOString() : null;
    // A bucket not under Backup may still be covered by replication (probes.md §2.49).
    await Promise.all(
      resources
        .filter((r) => r.kind === 'bucket' && !(r.arn in prot))
        .map(async (r) => {
          const name = r.arn.split(':::')[1];
          const rep = await ctx.callOrAbsent(GetBucketReplication, { Bucket: name }, { region: ctx.region });
          r.replicated = !isAbsent(rep) && (rep.ReplicationConfiguration?.Rules ?? []).some((x) => x.Status === 'Enabled');
        }),
    );
    return {
      plans: detail,
      plansCapped: plans.length > PLAN_CAP,
      protected: prot,
      vaults: vaults.map((v) => ({ name: v.BackupVaultName ?? '', customerKey: v.EncryptionKeyType === 'CUSTOMER_MANAGED_KMS_KEY' })),
      failedJobs: [...failed, ...aborted].map((j) => ({ arn: j.BackupJobId ?? '', state: j.State ?? '', resource: j.ResourceArn ?? '' })),
      resources,
      unknown: unknown.sort(),
    };
  },
  evaluate(f, ctx) {
    const warnings: string[] = [];
    if (f.plansCapped) warnings.push(`only the first ${PLAN_CAP} backup plans were read`);
    for (const v of f.vaults) if (!v.customerKey) warnings.push(`vault ${v.name}: not encrypted with a customer-managed KMS key`);
    warnings.push(...f.unknown.map((u) => `AI data resources incomplete — ${u}`));
    if (f.resources.length === 0) {
      if (f.unknown.length) return error(`no AI data resource found and the AI data scope could not be read: ${f.unknown.join('; ')}`, { warnings });
      return notApplicable(`no AI data resources in ${ctx.region} (no identified AI bucket, no SageMaker domain EFS)${f.plans.length ? `; ${f.plans.length} backup plan(s)` : ''}`, { warnings });
    }
    const usable = f.plans.filter((p) => p.rules > 0 && p.selections > 0);
    const maxAgeHours = 2 * Math.max(24, ...usable.map((p) => p.intervalHours));
    if (f.plans.length === 0) {
      const unprotected = f.resources.filter((r) => !r.replicated);
      if (unprotected.length) return fail(`no backup plan in ${ctx.region}; ${unprotected.length} AI data resource(s) unprotected`, 'NOT_ENABLED', { resources: f.resources.map((r) => judgeResource(r, f, maxAgeHours, ctx.now)), warnings });
    }
    const resources = f.resources.map((r) => judgeResource(r, f, maxAgeHours, ctx.now));
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) {
      const plansNote = f.plans.length && !usable.length ? ' (no plan has both a rule and a resource selection)' : '';
      return fail(`${failing.length} of ${resources.length} AI data resource(s) not backed up${plansNote}: ${failing.slice(0, 3).map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
    }
    if (f.unknown.length) return error(`the AI data resources found are protected, but the AI data scope is incomplete: ${f.unknown.join('; ')}`, { resources, warnings });
    return pass(`all ${resources.length} AI data resource(s) protected: backups within ${maxAgeHours} hours or cross-region replication, no failed jobs in ${JOB_WINDOW_DAYS} days`, { resources, warnings });
  },
});

function judgeResource(r: AiDataResource, f: BackupFacts, maxAgeHours: number, now: Date): ResourceResult {
  const what = `${r.kind === 'bucket' ? 'bucket' : 'EFS'} ${r.arn.split(/:::|file-system\//).pop()} (${r.why})`;
  const failedJob = f.failedJobs.find((j) => j.resource === r.arn);
  if (failedJob) return { id: r.arn, status: 'FAIL', reason: `${what}: backup job ${failedJob.arn} ${failedJob.state} in the last ${JOB_WINDOW_DAYS} days` };
  if (r.arn in f.protected) {
    const last = f.protected[r.arn];
    if (!last) return { id: r.arn, status: 'FAIL', reason: `${what}: protected but never backed up` };
    const ageHours = (now.getTime() - new Date(last).getTime()) / 3_600_000;
    const when = `${last.slice(0, 16).replace('T', ' ')}Z`;
    if (ageHours > maxAgeHours) return { id: r.arn, status: 'FAIL', reason: `${what}: last backup ${when} is older than ${maxAgeHours} hours (twice the schedule)` };
    return { id: r.arn, status: 'PASS', reason: `${what}: last backup ${when}` };
  }
  if (r.replicated) return { id: r.arn, status: 'PASS', reason: `${what}: not in AWS Backup, covered by replication` };
  return { id: r.arn, status: 'FAIL', reason: `${what}: not a protected resource` };
}
