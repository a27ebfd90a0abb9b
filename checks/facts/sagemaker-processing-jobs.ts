// Processing jobs created within the scan window, most recent first, each described once: the
// image URI is what tells a Clarify job (§2.15) or a Data Wrangler job (§2.18) from any other.
// DescribeProcessingJob is one call per job, so the list is capped (probes.md §2.15, §10).
// Only status, image and times are kept: the job's environment variables are never copied.
import type {
  DescribeProcessingJobCommandInput,
  DescribeProcessingJobCommandOutput,
  ListProcessingJobsCommandInput,
  ListProcessingJobsCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineFact } from '../../src/engine/probe.js';
import { fanOut, filterList, mapEv, mustAll, type Ev, type ListEv } from '../../src/engine/evidence.js';
import { GONE, windowStart } from './sagemaker-inventory.js';

export const ListProcessingJobs = op<ListProcessingJobsCommandInput, ListProcessingJobsCommandOutput>('sagemaker', 'ListProcessingJobs', { paginate: NEXT_TOKEN });
export const DescribeProcessingJob = op<DescribeProcessingJobCommandInput, DescribeProcessingJobCommandOutput>('sagemaker', 'DescribeProcessingJob', { absent: GONE });

/** At most this many jobs per region are described (most recent first). */
export const PROCESSING_JOB_CAP = 500;

/** ECR repository names from the sagemaker-python-sdk image_uri_config (clarify.json, data-wrangler.json). */
export const CLARIFY_IMAGE = /sagemaker-clarify-processing/;
export const DATA_WRANGLER_IMAGE = /sagemaker-data-wrangler-container/;

export interface ProcessingJobFacts {
  name: string;
  arn: string;
  status?: string;
  imageUri?: string;
  created?: Date;
  ended?: Date;
  /** Set when the job runs for a monitoring schedule (Model Monitor / Clarify monitoring). */
  monitoringScheduleArn?: string;
}

export interface ProcessingJobs {
  windowDays: number;
  /**
   * The newest jobs of the window, described; a job whose describe failed (or a listing page that
   * did not answer) is named in the causes, the others are kept.
   */
  list: ListEv<ProcessingJobFacts>;
  /** More jobs exist in the window than were described. */
  truncated: boolean;
  /**
   * Every job, for readers not yet on partial evidence: UnknownEvidence (→ ERROR naming the calls)
   * when the list is incomplete. Not enumerable, so a report's facts do not serialise it.
   */
  readonly jobs: ProcessingJobFacts[];
}

export const sagemakerProcessingJobs = defineFact<ProcessingJobs>({
  id: 'sagemaker-processing-jobs',
  scope: 'regional',
  calls: [ListProcessingJobs, DescribeProcessingJob],
  async collect(ctx) {
    const since = windowStart(ctx.now, ctx.settings.jobWindowDays);
    const listed = await ctx.listNewest(ListProcessingJobs, { CreationTimeAfter: since, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'ProcessingJobSummaries', PROCESSING_JOB_CAP);
    const described = await fanOut(listed, async (s): Promise<Ev<ProcessingJobFacts | null>> =>
      mapEv(await ctx.readOrAbsent(DescribeProcessingJob, { ProcessingJobName: s.ProcessingJobName }, { resource: s.ProcessingJobArn ?? s.ProcessingJobName }), (d) =>
        isAbsent(d)
          ? null
          : {
              name: s.ProcessingJobName ?? '',
              arn: s.ProcessingJobArn ?? d.ProcessingJobArn ?? s.ProcessingJobName ?? '',
              status: d.ProcessingJobStatus ?? s.ProcessingJobStatus,
              imageUri: d.AppSpecification?.ImageUri,
              created: s.CreationTime ?? d.CreationTime,
              ended: d.ProcessingEndTime ?? s.ProcessingEndTime,
              monitoringScheduleArn: d.MonitoringScheduleArn,
            },
      ),
    );
    const list = filterList(described, (j): j is ProcessingJobFacts => j !== null) as ListEv<ProcessingJobFacts>;
    const out = { windowDays: ctx.settings.jobWindowDays, list, truncated: listed.truncated } as ProcessingJobs;
    Object.defineProperty(out, 'jobs', { enumerable: false, get: () => mustAll(list) });
    return out;
  },
});
