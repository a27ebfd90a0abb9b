// Amazon SageMaker Data Wrangler — A.3 data quality. probes.md §2.18 (MANUAL / PARTIAL).
// Data Wrangler lives in SageMaker Canvas / Studio; its flows and Data Quality and Insights
// reports are files, not API resources, so the API can show use but never prove the checks.
// Evidence: Canvas apps in the domains, and processing jobs running the Data Wrangler image.
// In use → MANUAL(PARTIAL); unused → the optional-service policy (MANUAL by default). When use
// cannot be decided and SageMaker is known to run here, both answers are MANUAL under the default
// policy, so the verdict stands and names what was not read.
import type { ListAppsCommandInput, ListAppsCommandOutput } from '@aws-sdk/client-sagemaker';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, manual, undecided, type EvalContext } from '../../src/engine/probe.js';
import { causesOf, fact, filterList, mapList, nonEmpty, or, some, type ListEv } from '../../src/engine/evidence.js';
import { describeWorkload, sagemakerInventory, sageMakerWorkload, type SageMakerInventory } from '../facts/sagemaker-inventory.js';
import { DATA_WRANGLER_IMAGE, PROCESSING_JOB_CAP, sagemakerProcessingJobs, type ProcessingJobFacts } from '../facts/sagemaker-processing-jobs.js';
import { manualEither, unused, noteUnread } from '../rules/workload-gate.js';

export const ListApps = op<ListAppsCommandInput, ListAppsCommandOutput>('sagemaker', 'ListApps', { paginate: NEXT_TOKEN });

export interface DataWranglerFacts {
  inventory: SageMakerInventory;
  canvasApps: ListEv<{ id: string; status?: string; domain?: string; owner?: string }>;
  /** Processing jobs running the Data Wrangler image (incomplete when a job or page could not be read). */
  jobs: ListEv<ProcessingJobFacts>;
  windowDays: number;
  jobsTruncated: boolean;
}

const ATTEST = 'Data Wrangler data quality and insights reports cannot be listed through the API: attest that quality checks were run on the training data and reviewed';
const live = (a: { status?: string }) => a.status !== 'Deleted' && a.status !== 'Failed';

export default defineProbe<DataWranglerFacts>({
  id: 'sagemaker-data-wrangler',
  service: 'Amazon SageMaker Data Wrangler',
  title: 'SageMaker Data Wrangler is used for data preparation and quality checks (attested)',
  severity: 'low',
  remediation: 'Prepare AI training data in SageMaker Canvas / Data Wrangler and generate a Data Quality and Insights report per dataset (Studio → Canvas → Data Wrangler → Get data insights), keep the reports with the dataset, or record the equivalent data-quality tool you use.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListApps],
  uses: [sagemakerInventory, sagemakerProcessingJobs],
  async collect(ctx) {
    const [inventory, processing] = await Promise.all([ctx.use(sagemakerInventory), ctx.use(sagemakerProcessingJobs)]);
    // One cheap list per region, asked whatever the domain listing says: a call that waited on
    // ListDomains would be missing from a recording replayed with ListDomains denied.
    const apps = await ctx.list(ListApps, { MaxResults: 100 }, 'Apps');
    const canvas = mapList({ ...apps, items: apps.items.filter((a) => a.AppType === 'Canvas') }, (a) => ({ id: `${a.DomainId ?? '?'}/${a.UserProfileName ?? a.SpaceName ?? '?'}/${a.AppName ?? 'canvas'}`, status: a.Status, domain: a.DomainId, owner: a.UserProfileName ?? a.SpaceName }));
    canvas.items.sort((a, b) => a.id.localeCompare(b.id));
    return {
      inventory,
      canvasApps: canvas,
      jobs: filterList(processing.list, (j) => DATA_WRANGLER_IMAGE.test(j.imageUri ?? '')),
      windowDays: processing.windowDays,
      jobsTruncated: processing.truncated,
    };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.canvasApps, f.jobs);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: DataWranglerFacts, ctx: EvalContext): Verdict {
  const warnings: string[] = [];
  if (f.jobsTruncated) warnings.push(`only the ${PROCESSING_JOB_CAP} most recent processing jobs of the last ${f.windowDays} days were read`);
  const liveApps = f.canvasApps.items.filter(live);
  const completed = f.jobs.items.filter((j) => j.status === 'Completed');
  const resources: ResourceResult[] = [
    ...f.jobs.items.map((j): ResourceResult => ({ id: j.arn, status: 'MANUAL', reason: `Data Wrangler job ${j.name}: ${j.status ?? 'unknown status'}` })),
    ...f.canvasApps.items.map((a): ResourceResult => ({ id: a.id, status: 'MANUAL', reason: `Canvas app of ${a.owner ?? '?'} in domain ${a.domain ?? '?'}: ${a.status ?? 'unknown status'}` })),
  ];
  const domains = f.inventory.domainIds.items.length;
  const evidence = `${completed.length} completed Data Wrangler job(s) in ${f.windowDays} days (${f.jobs.items.length}${f.jobs.complete ? '' : '+'} in all), ${liveApps.length}${f.canvasApps.complete ? '' : '+'} Canvas app(s) in ${domains} domain(s)`;
  const inUse = or(some(f.jobs, (j) => fact(j.status === 'Completed', 'Data Wrangler job', 'Data Wrangler job not completed')), some(f.canvasApps, (a) => fact(live(a), 'Canvas app', 'Canvas app not live')));
  if (inUse.v === 'T') return manual(`Data Wrangler in use: ${evidence}. ${ATTEST}`, { code: 'PARTIAL', resources, warnings });
  const workload = sageMakerWorkload(f.inventory);
  const applies = or(workload, nonEmpty(f.inventory.domainIds, 'domains', 'no domains'));
  const using = workload.v === 'T' ? describeWorkload(f.inventory) : `${domains} domain(s)`;
  if (inUse.v === 'F') {
    return unused(ctx, applies, { na: 'no SageMaker domains or workloads in this region: no data preparation to judge', unused: `no Data Wrangler use found (${evidence}) while SageMaker is in use (${using})`, condition: 'SageMaker domains or workloads' }, { resources, warnings });
  }
  const open = `Data Wrangler jobs or Canvas apps not fully read (${[...new Set(inUse.causes.map((c) => c.action))].join(', ')}); no Data Wrangler use found among what was read (${evidence}) while SageMaker is in use (${using}). ${ATTEST}, or an equivalent`;
  return (applies.v === 'T' ? manualEither(ctx, inUse, open, { resources, warnings }) : undefined) ?? undecided(causesOf([inUse, applies]), 'whether Data Wrangler is used could not be read', { resources, warnings });
}
