// Amazon SageMaker Data Wrangler — A.3 data quality. probes.md §2.18 (MANUAL / PARTIAL).
// Data Wrangler lives in SageMaker Canvas / Studio; its flows and Data Quality and Insights
// reports are files, not API resources, so the API can show use but never prove the checks.
// Evidence: Canvas apps in the domains, and processing jobs running the Data Wrangler image.
import type { ListAppsCommandInput, ListAppsCommandOutput } from '@aws-sdk/client-sagemaker';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, manual, notApplicable, notInUse } from '../../src/engine/probe.js';
import { describeWorkload, hasSageMakerWorkload, sagemakerInventory } from '../facts/sagemaker-inventory.js';
import { DATA_WRANGLER_IMAGE, PROCESSING_JOB_CAP, sagemakerProcessingJobs, type ProcessingJobFacts } from '../facts/sagemaker-processing-jobs.js';
import { mustAll } from '../../src/engine/evidence.js';

export const ListApps = op<ListAppsCommandInput, ListAppsCommandOutput>('sagemaker', 'ListApps', { paginate: NEXT_TOKEN });

export interface DataWranglerFacts {
  workload: string | null;
  domains: number;
  canvasApps: { id: string; status?: string; domain?: string; owner?: string }[];
  jobs: ProcessingJobFacts[];
  windowDays: number;
  jobsTruncated: boolean;
}

const ATTEST = 'Data Wrangler data quality and insights reports cannot be listed through the API: attest that quality checks were run on the training data and reviewed';

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
    const [inv, processing] = await Promise.all([ctx.use(sagemakerInventory), ctx.use(sagemakerProcessingJobs)]);
    // Apps live in domains: without a domain there is nothing to list.
    const apps = mustAll(inv.domainIds).length ? await ctx.all(ListApps, { MaxResults: 100 }, 'Apps') : [];
    return {
      workload: hasSageMakerWorkload(inv) ? describeWorkload(inv) : null,
      domains: mustAll(inv.domainIds).length,
      canvasApps: apps
        .filter((a) => a.AppType === 'Canvas')
        .map((a) => ({ id: `${a.DomainId ?? '?'}/${a.UserProfileName ?? a.SpaceName ?? '?'}/${a.AppName ?? 'canvas'}`, status: a.Status, domain: a.DomainId, owner: a.UserProfileName ?? a.SpaceName })),
      jobs: processing.jobs.filter((j) => DATA_WRANGLER_IMAGE.test(j.imageUri ?? '')),
      windowDays: processing.windowDays,
      jobsTruncated: processing.truncated,
    };
  },
  evaluate(f, ctx) {
    const warnings: string[] = [];
    if (f.jobsTruncated) warnings.push(`only the ${PROCESSING_JOB_CAP} most recent processing jobs of the last ${f.windowDays} days were read`);
    const live = f.canvasApps.filter((a) => a.status !== 'Deleted' && a.status !== 'Failed');
    const completed = f.jobs.filter((j) => j.status === 'Completed');
    const resources: ResourceResult[] = [
      ...f.jobs.map((j): ResourceResult => ({ id: j.arn, status: 'MANUAL', reason: `Data Wrangler job ${j.name}: ${j.status ?? 'unknown status'}` })),
      ...f.canvasApps.map((a): ResourceResult => ({ id: a.id, status: 'MANUAL', reason: `Canvas app of ${a.owner ?? '?'} in domain ${a.domain ?? '?'}: ${a.status ?? 'unknown status'}` })),
    ];
    const evidence = `${completed.length} completed Data Wrangler job(s) in ${f.windowDays} days (${f.jobs.length} in all), ${live.length} Canvas app(s) in ${f.domains} domain(s)`;
    if (completed.length || live.length) return manual(`Data Wrangler in use: ${evidence}. ${ATTEST}`, { code: 'PARTIAL', resources, warnings });
    if (!f.workload && f.domains === 0 && f.jobs.length === 0 && f.canvasApps.length === 0) return notApplicable('no SageMaker domains or workloads in this region: no data preparation to judge');
    return notInUse(ctx, `no Data Wrangler use found (${evidence}) while SageMaker is in use (${f.workload ?? `${f.domains} domain(s)`})`, { resources, warnings });
  },
});
