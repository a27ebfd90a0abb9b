// AWS Audit Manager — 9.2 internal audit, A.2 impact-assessment evidence, A.12 audit reporting. probes.md §2.11.
// An Audit Manager setup is single-region (and, closed to new customers, cannot be extended), so the
// probe looks across every scanned region once and judges the account: one active setup is enough.
import type {
  GetAccountStatusRequest,
  GetAccountStatusResponse,
  GetAssessmentRequest,
  GetAssessmentResponse,
  GetSettingsRequest,
  GetSettingsResponse,
  ListAssessmentsRequest,
  ListAssessmentsResponse,
} from '@aws-sdk/client-auditmanager';
import { AwsCallError, isAbsent, matchesAbsent } from '../../src/aws/errors.js';
import { next_token, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, pass } from '../../src/engine/probe.js';

const notSetUp = [{ name: 'AccessDeniedException', message: /complete AWS Audit Manager setup/i }];
export const GetAccountStatus = op<GetAccountStatusRequest, GetAccountStatusResponse>('auditmanager', 'GetAccountStatus');
export const ListAssessments = op<ListAssessmentsRequest, ListAssessmentsResponse>('auditmanager', 'ListAssessments', { paginate: next_token, absent: notSetUp });
export const GetAssessment = op<GetAssessmentRequest, GetAssessmentResponse>('auditmanager', 'GetAssessment');
export const GetSettings = op<GetSettingsRequest, GetSettingsResponse>('auditmanager', 'GetSettings', { absent: notSetUp });

/** Active assessments read per region. */
export const ASSESSMENT_CAP = 50;

export interface AssessmentFacts {
  id: string;
  arn: string;
  name: string;
  region: string;
  framework?: string;
  reportsDestination?: string;
}

export interface RegionSetup {
  region: string;
  status?: string;
  /** Setup incomplete: the documented "Please complete AWS Audit Manager setup" answer. */
  incomplete?: boolean;
  activeAssessments: number;
  defaultReportsDestination?: string;
}

export interface AuditManagerFacts {
  regions: RegionSetup[];
  assessments: AssessmentFacts[];
  /** Regions where Audit Manager is not offered or the region is not enabled. */
  skipped: string[];
  truncated: boolean;
}

/** An AI framework: the prebuilt generative-AI framework, ISO/IEC 42001, or one named for AI/ML. */
export function isAiFramework(name: string | undefined): boolean {
  return !!name && /generative ai|artificial intelligence|machine learning|\bAI\b|\bML\b|42001/i.test(name);
}

export default defineProbe<AuditManagerFacts>({
  id: 'audit-manager',
  service: 'AWS Audit Manager',
  title: 'Audit Manager runs an active assessment (A.2: on an AI framework; A.12: with a report destination)',
  severity: 'medium',
  remediation:
    'In a region where Audit Manager is already set up, create an assessment from the "AWS generative AI best practices framework v2" (or a custom ISO/IEC 42001 framework) with an assessment report destination: console Audit Manager → Assessments → Create, or `aws auditmanager create-assessment`. New customers: use AWS Config conformance packs and Security Hub standards instead.',
  serviceClass: 'baseline',
  availability: 'AWS Audit Manager is no longer open to new customers: use AWS Config conformance packs and AWS Security Hub standards as the alternative',
  scope: 'global',
  calls: [GetAccountStatus, ListAssessments, GetAssessment, GetSettings],
  async collect(ctx) {
    const regions: RegionSetup[] = [];
    const assessments: AssessmentFacts[] = [];
    const skipped: string[] = [];
    let truncated = false;
    await Promise.all(
      ctx.regions.map(async (region) => {
        let status: string | undefined;
        try {
          status = (await ctx.call(GetAccountStatus, {}, { region })).status;
        } catch (err) {
          if (err instanceof AwsCallError && (err.kind === 'unavailable' || err.kind === 'region-disabled')) {
            skipped.push(`${region}: ${err.reason}`);
            return;
          }
          throw err;
        }
        const setup: RegionSetup = { region, status, activeAssessments: 0 };
        regions.push(setup);
        if (status !== 'ACTIVE') return;
        let list;
        try {
          list = await ctx.all(ListAssessments, { status: 'ACTIVE' }, 'assessmentMetadata', { region });
        } catch (err) {
          if (err instanceof AwsCallError && matchesAbsent(err.info, ListAssessments.absent)) {
            setup.incomplete = true;
            return;
          }
          throw err;
        }
        setup.activeAssessments = list.length;
        if (list.length > ASSESSMENT_CAP) truncated = true;
        const [settings, details] = await Promise.all([
          ctx.callOrAbsent(GetSettings, { attribute: 'ALL' }, { region }),
          Promise.all(list.slice(0, ASSESSMENT_CAP).map((a) => ctx.call(GetAssessment, { assessmentId: a.id }, { region }))),
        ]);
        if (!isAbsent(settings)) setup.defaultReportsDestination = settings.settings?.defaultAssessmentReportsDestination?.destination || undefined;
        for (const d of details) {
          const a = d.assessment;
          assessments.push({
            id: a?.metadata?.id ?? '',
            arn: a?.arn ?? a?.metadata?.id ?? '',
            name: a?.metadata?.name ?? a?.metadata?.id ?? '',
            region,
            framework: a?.framework?.metadata?.name,
            reportsDestination: a?.metadata?.assessmentReportsDestination?.destination || undefined,
          });
        }
      }),
    );
    regions.sort((a, b) => a.region.localeCompare(b.region));
    assessments.sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
    return { regions, assessments, skipped: skipped.sort(), truncated };
  },
  evaluate(f, ctx) {
    const active = f.regions.filter((r) => r.status === 'ACTIVE' && !r.incomplete);
    const warnings = f.skipped.map((s) => `not evaluated in ${s}`);
    if (f.truncated) warnings.push(`more than ${ASSESSMENT_CAP} active assessments in a region; only the first ${ASSESSMENT_CAP} were read`);
    if (active.length === 0) {
      const states = f.regions.map((r) => `${r.region} ${r.incomplete ? 'setup incomplete' : (r.status ?? 'unknown')}`).join(', ');
      return fail(`Audit Manager is not set up in any scanned region (${states || 'no region answered'})`, 'NOT_ENABLED', { warnings });
    }
    const where = active.map((r) => r.region).join(', ');
    if (f.assessments.length === 0) return fail(`Audit Manager is active in ${where} but has no ACTIVE assessment`, 'NOT_IN_USE', { warnings });

    const destOf = (a: AssessmentFacts) => a.reportsDestination ?? f.regions.find((r) => r.region === a.region)?.defaultReportsDestination;
    const resources: ResourceResult[] = f.assessments.map((a) => {
      const base = `assessment ${a.name} (${a.region}) on framework ${a.framework ?? 'unknown'}`;
      if (ctx.control === 'A.2') return { id: a.arn, region: a.region, status: isAiFramework(a.framework) ? 'PASS' : 'MANUAL', reason: isAiFramework(a.framework) ? `${base}: AI framework` : `${base}: not an AI framework` };
      if (ctx.control === 'A.12') return { id: a.arn, region: a.region, status: destOf(a) ? 'PASS' : 'FAIL', reason: destOf(a) ? `${base}: reports to ${destOf(a)}` : `${base}: no assessment report destination` };
      return { id: a.arn, region: a.region, status: 'PASS', reason: `${base}: active` };
    });
    const names = f.assessments.map((a) => a.name).join(', ');
    if (ctx.control === 'A.2') {
      const ai = f.assessments.filter((a) => isAiFramework(a.framework));
      if (ai.length) return pass(`${ai.length} active assessment(s) on an AI framework: ${ai.map((a) => `${a.name} (${a.framework})`).join(', ')}`, { resources, warnings });
      return manual(`${f.assessments.length} active assessment(s) (${names}), none on an AI framework such as "AWS generative AI best practices framework v2": attest how AI impact assessments are evidenced`, { resources, warnings, code: 'PARTIAL' });
    }
    if (ctx.control === 'A.12') {
      const reported = f.assessments.filter(destOf);
      if (reported.length) return pass(`${reported.length} active assessment(s) deliver reports: ${reported.map((a) => `${a.name} → ${destOf(a)}`).join(', ')}`, { resources, warnings });
      return fail(`${f.assessments.length} active assessment(s) but no assessment report destination configured`, 'MISCONFIGURED', { resources, warnings });
    }
    return pass(`${f.assessments.length} active assessment(s) in ${where}: ${names}`, { resources, warnings });
  },
});
