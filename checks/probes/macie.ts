// Amazon Macie — 7.5 data classification, A.9 / A.10 sensitive-data and PII discovery. probes.md §2.7.
import type {
  GetAutomatedDiscoveryConfigurationCommandInput,
  GetAutomatedDiscoveryConfigurationCommandOutput,
  GetClassificationExportConfigurationCommandInput,
  GetClassificationExportConfigurationCommandOutput,
  GetFindingsPublicationConfigurationCommandInput,
  GetFindingsPublicationConfigurationCommandOutput,
  GetMacieSessionCommandInput,
  GetMacieSessionCommandOutput,
  JobSummary,
  ListClassificationJobsCommandInput,
  ListClassificationJobsCommandOutput,
} from '@aws-sdk/client-macie2';
import { isAbsent } from '../../src/aws/errors.js';
import { next_token, op } from '../../src/aws/ops.js';
import { defineProbe, fail, pass } from '../../src/engine/probe.js';

const notEnabled = [{ name: 'AccessDeniedException', message: /Macie is not enabled/i }];
const GetMacieSession = op<GetMacieSessionCommandInput, GetMacieSessionCommandOutput>('macie2', 'GetMacieSession', { absent: notEnabled });
const GetAutomatedDiscoveryConfiguration = op<GetAutomatedDiscoveryConfigurationCommandInput, GetAutomatedDiscoveryConfigurationCommandOutput>('macie2', 'GetAutomatedDiscoveryConfiguration');
const ListClassificationJobs = op<ListClassificationJobsCommandInput, ListClassificationJobsCommandOutput>('macie2', 'ListClassificationJobs', { paginate: next_token });
const GetClassificationExportConfiguration = op<GetClassificationExportConfigurationCommandInput, GetClassificationExportConfigurationCommandOutput>('macie2', 'GetClassificationExportConfiguration');
const GetFindingsPublicationConfiguration = op<GetFindingsPublicationConfigurationCommandInput, GetFindingsPublicationConfigurationCommandOutput>('macie2', 'GetFindingsPublicationConfiguration');

export interface MacieFacts {
  enabled: boolean;
  status?: string;
  automatedDiscovery?: string;
  jobs: Pick<JobSummary, 'jobId' | 'name' | 'jobType' | 'jobStatus'>[];
  exportBucket?: string;
  publishesToSecurityHub?: boolean;
}

export default defineProbe<MacieFacts>({
  id: 'macie',
  service: 'Amazon Macie',
  title: 'Macie discovers sensitive data in AI data stores and keeps its results',
  severity: 'high',
  remediation: 'Enable Macie and automated sensitive data discovery (or scheduled classification jobs over the AI buckets), and set a discovery-results repository: console Macie → Get started / Settings → Discovery results, or `aws macie2 enable-macie`, `update-automated-discovery-configuration --status ENABLED`, `put-classification-export-configuration`.',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [GetMacieSession, GetAutomatedDiscoveryConfiguration, ListClassificationJobs, GetClassificationExportConfiguration, GetFindingsPublicationConfiguration],
  async collect(ctx) {
    const session = await ctx.callOrAbsent(GetMacieSession, {});
    if (isAbsent(session)) return { enabled: false, jobs: [] };
    const [auto, jobs, exp, pub] = await Promise.all([
      ctx.call(GetAutomatedDiscoveryConfiguration, {}),
      ctx.all(ListClassificationJobs, {}, 'items'),
      ctx.call(GetClassificationExportConfiguration, {}),
      ctx.call(GetFindingsPublicationConfiguration, {}),
    ]);
    return {
      enabled: true,
      status: session.status,
      automatedDiscovery: auto.status,
      jobs: jobs.map((j) => ({ jobId: j.jobId, name: j.name, jobType: j.jobType, jobStatus: j.jobStatus })),
      exportBucket: exp.configuration?.s3Destination?.bucketName,
      publishesToSecurityHub: pub.securityHubConfiguration?.publishClassificationFindings === true,
    };
  },
  evaluate(f, ctx) {
    if (!f.enabled) return fail('Macie is not enabled', 'NOT_ENABLED');
    if (f.status !== 'ENABLED') return fail(`Macie is ${f.status ?? 'in an unknown state'}, not ENABLED`, 'MISCONFIGURED');
    const scheduled = f.jobs.filter((j) => j.jobType === 'SCHEDULED' && (j.jobStatus === 'RUNNING' || j.jobStatus === 'IDLE'));
    const auto = f.automatedDiscovery === 'ENABLED';
    if (!auto && scheduled.length === 0) return fail('Macie is enabled but neither automated discovery nor a scheduled classification job is active', 'MISCONFIGURED');
    const how = auto ? 'automated sensitive data discovery' : `${scheduled.length} scheduled classification job(s)`;
    const resources = scheduled.map((j) => ({ id: j.jobId ?? j.name ?? 'job', status: 'PASS' as const, reason: `scheduled job ${j.name ?? j.jobId} ${j.jobStatus}` }));
    const warnings = f.publishesToSecurityHub ? [] : ['Macie does not publish classification findings to Security Hub'];
    if ((ctx.control === 'A.9' || ctx.control === 'A.10') && !f.exportBucket) {
      return fail(`Macie runs ${how} but discovery results are not retained (no classification export bucket)`, 'MISCONFIGURED', { resources, warnings });
    }
    const kept = f.exportBucket ? `; results kept in s3://${f.exportBucket}` : '';
    return pass(`Macie enabled with ${how}${kept}`, { resources, warnings });
  },
});
