// Amazon GuardDuty S3 Protection where AI data lives — extension (issue 19), evidence for A.7
// data for AI systems only through information security, which ISO/IEC 42001 leaves to ISO/IEC
// 27001 (see official-evidence.ts): threat detection watches every region that holds an AI bucket,
// with S3 Protection (the S3_DATA_EVENTS feature) on, so exfiltration or tampering of training
// data and model artefacts raises a finding.
// Read against Prowler guardduty_is_enabled and guardduty_s3_protection_enabled (a detector whose
// status is ENABLED and whose S3 protection is on). Features (S3_DATA_EVENTS) are read first; a
// detector that reports only the older DataSources.S3Logs is judged on that.
// Regional: a region without AI buckets is NOT_APPLICABLE; with the AI bucket scope incomplete, a
// region with a protecting detector still passes, and one without is undecided.
import type { GetDetectorCommandInput, GetDetectorCommandOutput, ListDetectorsCommandInput, ListDetectorsCommandOutput } from '@aws-sdk/client-guardduty';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, fail, notApplicable, pass, resourceOf, undecided } from '../../src/engine/probe.js';
import { isAbsent } from '../../src/aws/errors.js';
import { F, fanOut, known, mapEv, some, T, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { aiBuckets, type AiBuckets } from '../facts/ai-buckets.js';

export const ListDetectors = op<ListDetectorsCommandInput, ListDetectorsCommandOutput>('guardduty', 'ListDetectors', { paginate: NEXT_TOKEN });
export const GetDetector = op<GetDetectorCommandInput, GetDetectorCommandOutput>('guardduty', 'GetDetector', { absent: [{ name: 'BadRequestException', message: /not owned|not found|does not exist/i }] });

export interface Detector {
  id: string;
  detail: Ev<{ status?: string; s3: 'ENABLED' | 'DISABLED' | 'UNKNOWN'; via: 'features' | 'data sources' } | null>;
}

export interface GuardDutyFacts {
  detectors: ListEv<Detector>;
  buckets: AiBuckets;
  /** GuardDuty could not be reached here at all (not offered, region off, SCP): the engine skips the region. */
  unreachable: boolean;
}

/** The fields judged, as strings (a malformed answer throws: ERROR, never a status read off a number). */
function wellTyped(d: GetDetectorCommandOutput): GetDetectorCommandOutput {
  const bad = (v: unknown) => v !== undefined && typeof v !== 'string';
  if (bad(d.Status) || (d.Features !== undefined && !Array.isArray(d.Features)) || (d.Features ?? []).some((f) => bad(f?.Name) || bad(f?.Status))) throw new Error('GetDetector answered a status or feature that is not a string');
  return d;
}

/** S3 Protection of one detector: the S3_DATA_EVENTS feature, else the older S3Logs data source. */
export function s3Protection(d: GetDetectorCommandOutput): { s3: 'ENABLED' | 'DISABLED' | 'UNKNOWN'; via: 'features' | 'data sources' } {
  const f = d.Features?.find((x) => x.Name === 'S3_DATA_EVENTS');
  if (f) return { s3: f.Status === 'ENABLED' ? 'ENABLED' : 'DISABLED', via: 'features' };
  const s = d.DataSources?.S3Logs?.Status;
  return { s3: s === 'ENABLED' ? 'ENABLED' : s === 'DISABLED' ? 'DISABLED' : 'UNKNOWN', via: 'data sources' };
}

export function protects(d: Detector): Tri {
  if (!d.detail.known) return U(d.detail.causes, `detector ${d.id}`);
  const v = d.detail.value;
  if (v === null) return F(`detector ${d.id} deleted since listed`);
  if (v.status !== 'ENABLED') return F(`detector ${d.id} ${v.status ?? 'status unknown'} (suspended)`);
  if (v.s3 === 'ENABLED') return T(`detector ${d.id} enabled with S3 Protection`);
  return F(v.s3 === 'DISABLED' ? `detector ${d.id} enabled, S3 Protection off` : `detector ${d.id} enabled, S3 Protection not reported`);
}

export default defineProbe<GuardDutyFacts>({
  id: 'guardduty-s3-protection',
  service: 'Amazon GuardDuty S3 Protection',
  title: 'GuardDuty is enabled with S3 Protection in every region that holds AI buckets',
  severity: 'high',
  remediation: 'Enable GuardDuty and its S3 Protection in each region with AI buckets (with an organization, from the delegated administrator for all members): GuardDuty console → S3 Protection → Enable, or `aws guardduty create-detector --enable --features Name=S3_DATA_EVENTS,Status=ENABLED` / `update-detector --detector-id … --features Name=S3_DATA_EVENTS,Status=ENABLED`.',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [ListDetectors, GetDetector],
  uses: [aiBuckets],
  async collect(ctx) {
    const [listed, buckets] = await Promise.all([ctx.list(ListDetectors, {}, 'DetectorIds'), ctx.use(aiBuckets)]);
    // A malformed answer is an error, never a detector judged on a field it does not have.
    if (listed.items.some((id) => typeof id !== 'string' || !id)) throw new Error('ListDetectors answered a detector ID that is not a string');
    const detectors = await fanOut(listed, async (id): Promise<Ev<Detector>> => {
      const d = await ctx.readOrAbsent(GetDetector, { DetectorId: id }, { resource: id });
      return known({ id, detail: mapEv(d, (x) => (isAbsent(x) ? null : { status: wellTyped(x).Status, ...s3Protection(x) })) });
    });
    return { detectors, buckets, unreachable: !listed.complete && !!ctx.regionUnreachable(listed.causes, ctx.region) };
  },
  evaluate(f, ctx): Verdict {
    const here = f.buckets.ai.filter((b) => b.region === ctx.region);
    const scopeOpen = f.buckets.causes.length ? [U(f.buckets.causes, 'AI buckets the scope could not identify')] : [];
    const aiData: Tri = here.length ? T(`${here.length} AI bucket(s) here`) : scopeOpen.length ? scopeOpen[0] : F('no AI bucket in this region');
    const resources: ResourceResult[] = f.detectors.items.map((d) => resourceOf(d.id, ctx.region, protects(d), `GuardDuty detector ${d.id}`));
    const guard = some(f.detectors, protects, 'GuardDuty detectors not listed');
    const names = here.slice(0, 3).map((b) => b.name).join(', ') + (here.length > 3 ? ` +${here.length - 3} more` : '');
    const extra = { resources };
    // A region the scan cannot reach is not judged, AI data or not (ERROR on its causes: the engine skips it).
    if (f.unreachable) return undecided(f.detectors.causes, 'GuardDuty not reachable in this region', extra);
    if (aiData.v === 'F') return notApplicable('no AI bucket in this region', extra);
    if (guard.v === 'T') return pass(`${guard.why.join('; ')}${here.length ? `, watching AI bucket(s) ${names}` : ''}`, extra);
    if (guard.v === 'F' && aiData.v === 'T') {
      const none = !f.detectors.items.length;
      return fail(`AI bucket(s) ${names} in this region, but ${none ? 'GuardDuty is not enabled' : guard.why.join('; ')}`, none ? 'NOT_ENABLED' : 'MISCONFIGURED', extra);
    }
    // Unknown protection, or no protection where AI data may be: what would decide it is named.
    const causes = [...(guard.v === 'U' ? guard.causes : []), ...(aiData.v === 'U' ? aiData.causes : [])];
    return undecided(causes, guard.v === 'U' ? 'whether a GuardDuty detector here has S3 Protection' : 'GuardDuty S3 Protection is off here; whether the region holds AI buckets', extra);
  },
});
