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
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { next_token, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { and, F, mapEv, or, some, T, test, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { defineProbe, fail, manual, pass, resourceOf, undecided } from '../../src/engine/probe.js';
import { causesIn, passWith } from '../rules/unread.js';

const notSetUp = [{ name: 'AccessDeniedException', message: /complete AWS Audit Manager setup/i }];
export const GetAccountStatus = op<GetAccountStatusRequest, GetAccountStatusResponse>('auditmanager', 'GetAccountStatus');
export const ListAssessments = op<ListAssessmentsRequest, ListAssessmentsResponse>('auditmanager', 'ListAssessments', { paginate: next_token, absent: notSetUp });
export const GetAssessment = op<GetAssessmentRequest, GetAssessmentResponse>('auditmanager', 'GetAssessment');
export const GetSettings = op<GetSettingsRequest, GetSettingsResponse>('auditmanager', 'GetSettings', { absent: notSetUp });

/** Active assessments described per region (the most recently updated first). */
export const ASSESSMENT_CAP = 50;

export interface AssessmentFacts {
  id: string;
  name: string;
  region: string;
  /** GetAssessment: the ARN, framework and own report destination. */
  detail: Ev<{ arn?: string; framework?: string; reportsDestination?: string }>;
}

export interface RegionSetup {
  region: string;
  /** GetAccountStatus: ACTIVE | INACTIVE | PENDING_ACTIVATION. */
  status: Ev<string | undefined>;
  /** ListAssessments{status: ACTIVE}; Absent is the documented "Please complete AWS Audit Manager setup" answer. */
  assessments: ListEv<AssessmentFacts>;
  /** GetSettings: the default assessment report destination (Absent: setup incomplete). */
  defaultReportsDestination: Ev<string | undefined | Absent>;
  /** Active assessments listed beyond ASSESSMENT_CAP, left undescribed. */
  undescribed: number;
}

export interface AuditManagerFacts {
  regions: RegionSetup[];
  /** Regions where Audit Manager is not offered, the region is not enabled, or an SCP refuses it. */
  skipped: string[];
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
    const skipped: string[] = [];
    const read = await Promise.all(
      ctx.regions.map(async (region): Promise<RegionSetup | undefined> => {
        // The three reads go out together in every region: the assessments and settings answer
        // "complete setup" where Audit Manager is off, so they tell it when the status is not read.
        const [status, list, settings] = await Promise.all([
          ctx.read(GetAccountStatus, {}, { region }),
          ctx.list(ListAssessments, { status: 'ACTIVE' }, 'assessmentMetadata', { region }),
          ctx.readOrAbsent(GetSettings, { attribute: 'ALL' }, { region }),
        ]);
        if (!status.known) {
          const c = ctx.regionUnreachable(status.causes, region) ?? status.causes.find((x) => x.kind === 'unavailable' || x.kind === 'region-disabled');
          if (c) {
            skipped.push(`${region}: ${c.detail}`);
            return undefined;
          }
        }
        const newest = [...list.items].sort((a, b) => (b.lastUpdated?.getTime() ?? 0) - (a.lastUpdated?.getTime() ?? 0) || (a.name ?? '').localeCompare(b.name ?? '') || (a.id ?? '').localeCompare(b.id ?? ''));
        const described = await Promise.all(
          newest.slice(0, ASSESSMENT_CAP).map(async (a): Promise<AssessmentFacts> => {
            const id = a.id ?? '';
            const d = await ctx.read(GetAssessment, { assessmentId: id }, { region, resource: id });
            return {
              id,
              name: a.name ?? id,
              region,
              detail: mapEv(d, (x) => ({ arn: x.assessment?.arn, framework: x.assessment?.framework?.metadata?.name, reportsDestination: x.assessment?.metadata?.assessmentReportsDestination?.destination || undefined })),
            };
          }),
        );
        return {
          region,
          status: mapEv(status, (x) => x.status),
          assessments: { ...list, items: described },
          defaultReportsDestination: mapEv(settings, (x) => (isAbsent(x) ? x : x.settings?.defaultAssessmentReportsDestination?.destination || undefined)),
          undescribed: Math.max(0, list.items.length - ASSESSMENT_CAP),
        };
      }),
    );
    const regions = read.filter((r): r is RegionSetup => !!r).sort((a, b) => a.region.localeCompare(b.region));
    return { regions, skipped: skipped.sort() };
  },
  evaluate(f, ctx) {
    const warnings = f.skipped.map((s) => `not evaluated in ${s}`);
    const capped = f.regions.filter((r) => r.undescribed > 0);
    if (capped.length) warnings.push(`more than ${ASSESSMENT_CAP} active assessments in ${capped.map((r) => r.region).join(', ')}; only the ${ASSESSMENT_CAP} most recently updated were read`);
    const assessments = f.regions.flatMap((r) => r.assessments.items).sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
    const where = f.regions.filter((r) => setupActive(r).v === 'T').map((r) => r.region);

    // What each control asks of one assessment.
    const destOf = (a: AssessmentFacts): Tri => {
      const r = f.regions.find((x) => x.region === a.region) as RegionSetup;
      return or(
        test(a.detail, (d) => !!d.reportsDestination, (d) => d.reportsDestination as string, 'no own destination', `the report destination of ${a.name}`),
        test(r.defaultReportsDestination, (d) => typeof d === 'string', (d) => d as string, 'no default destination', `the default report destination in ${a.region}`),
      );
    };
    const ask: (a: AssessmentFacts) => Tri =
      ctx.control === 'A.2'
        ? (a) => test(a.detail, (d) => isAiFramework(d.framework), (d) => `${a.name} (${d.framework})`, 'not an AI framework', `the framework of ${a.name}`)
        : ctx.control === 'A.12'
          ? (a) => {
              const t = destOf(a);
              return t.v === 'T' ? T(`${a.name} → ${t.why[0]}`) : t;
            }
          : (a) => T(a.name);
    const t = or(...f.regions.map((r) => and(setupActive(r), some(r.assessments, ask, `active assessments in ${r.region}`))));

    const base = (a: AssessmentFacts) => `assessment ${a.name} (${a.region}) on framework ${a.detail.known ? (a.detail.value.framework ?? 'unknown') : 'not read'}`;
    const resources: ResourceResult[] = assessments.map((a) => {
      const id = (a.detail.known && a.detail.value.arn) || a.id;
      const r = ask(a);
      if (r.v === 'U') return resourceOf(id, a.region, r, base(a));
      if (ctx.control === 'A.2') return { id, region: a.region, status: r.v === 'T' ? 'PASS' : 'MANUAL', reason: `${base(a)}: ${r.v === 'T' ? 'AI framework' : 'not an AI framework'}` };
      if (ctx.control === 'A.12') return { id, region: a.region, status: r.v === 'T' ? 'PASS' : 'FAIL', reason: r.v === 'T' ? `${base(a)}: reports to ${destOf(a).why[0]}` : `${base(a)}: no assessment report destination` };
      return { id, region: a.region, status: 'PASS', reason: `${base(a)}: active` };
    });

    if (t.v === 'T') {
      const unread = causesIn(...f.regions.flatMap((r) => [r.status, r.assessments, r.defaultReportsDestination, ...r.assessments.items.map((a) => a.detail)]));
      const hits = assessments.filter((a) => where.includes(a.region)).flatMap((a) => {
        const r = ask(a);
        return r.v === 'T' ? [r.why[0]] : [];
      });
      if (ctx.control === 'A.2') return passWith(pass(`${hits.length} active assessment(s) on an AI framework: ${hits.join(', ')}`, { resources, warnings }), unread);
      if (ctx.control === 'A.12') return passWith(pass(`${hits.length} active assessment(s) deliver reports: ${hits.join(', ')}`, { resources, warnings }), unread);
      return passWith(pass(`${hits.length} active assessment(s) in ${where.join(', ')}: ${hits.join(', ')}`, { resources, warnings }), unread);
    }
    if (t.v === 'U') return undecided(t.causes, t.why.length ? `Audit Manager: ${[...new Set(t.why)].join('; ')}` : undefined, { resources, warnings });
    // Known: no region passes.
    if (where.length === 0) {
      const states = f.regions.map((r) => `${r.region} ${stateWords(r)}`).join(', ');
      return fail(`Audit Manager is not set up in any scanned region (${states || 'no region answered'})`, 'NOT_ENABLED', { warnings });
    }
    if (assessments.length === 0) return fail(`Audit Manager is active in ${where.join(', ')} but has no ACTIVE assessment`, 'NOT_IN_USE', { warnings });
    const names = assessments.map((a) => a.name).join(', ');
    if (ctx.control === 'A.2') {
      return manual(`${assessments.length} active assessment(s) (${names}), none on an AI framework such as "AWS generative AI best practices framework v2": attest how AI impact assessments are evidenced`, { resources, warnings, code: 'PARTIAL' });
    }
    return fail(`${assessments.length} active assessment(s) but no assessment report destination configured`, 'MISCONFIGURED', { resources, warnings });
  },
});

/** Set up and active in a region: ACTIVE status, and the assessments answer (not "complete setup"). */
function setupActive(r: RegionSetup): Tri {
  if (r.assessments.absent) return F(`setup incomplete in ${r.region}`);
  if (r.status.known) return r.status.value === 'ACTIVE' ? (r.assessments.complete || r.assessments.items.length ? T(`active in ${r.region}`) : U(r.assessments.causes, `whether setup is complete in ${r.region}`)) : F(`${r.status.value ?? 'unknown'} in ${r.region}`);
  if (r.assessments.complete || r.assessments.items.length) return T(`active in ${r.region}`);
  if (r.defaultReportsDestination.known && isAbsent(r.defaultReportsDestination.value)) return F(`setup incomplete in ${r.region}`);
  return U(r.status.causes, `whether Audit Manager is set up in ${r.region}`);
}

function stateWords(r: RegionSetup): string {
  if (r.assessments.absent || (r.defaultReportsDestination.known && isAbsent(r.defaultReportsDestination.value) && !(r.status.known && r.status.value !== 'ACTIVE'))) return 'setup incomplete';
  return r.status.known ? (r.status.value ?? 'unknown') : 'status not read';
}
