// AWS CloudTrail Insights — 9.2 anomaly detection in API usage for audit. probes.md §2.13.
// PASS: a logging trail with Insights selectors, or an enabled event data store with Insights.
// DescribeTrails' HasInsightSelectors already proves a trail has them; GetInsightSelectors adds
// which types (evidence), and decides only when DescribeTrails does not say.
import type { GetInsightSelectorsCommandInput, GetInsightSelectorsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import { and, describeCauses, F, known, mapEv, or, some, T, U, type Ev, type Tri } from '../../src/engine/evidence.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, pass, resourceOf, undecided } from '../../src/engine/probe.js';
import { cloudtrailInventory, isOwnerOnly, regionOfArn, type CloudTrailInventory, type TrailState } from '../facts/cloudtrail-trails.js';

const GetInsightSelectors = op<GetInsightSelectorsCommandInput, GetInsightSelectorsCommandOutput>('cloudtrail', 'GetInsightSelectors', {
  // Not enabled; and, for an organization trail read from a member account, not served here.
  absent: [{ name: 'InsightNotEnabledException' }, { name: 'TrailNotFoundException' }, { name: 'CloudTrailARNInvalidException' }],
});

/** Insight types read, [] when none; `notServed` when AWS answers only the trail's owner. */
type Insights = { types: string[] } | { notServed: string };

export interface InsightsFacts {
  trails: CloudTrailInventory['trailList'];
  stores: CloudTrailInventory['dataStores'];
  /** GetInsightSelectors per trail ARN (not asked when DescribeTrails says there are none). */
  trailInsights: Record<string, Ev<Insights>>;
  storeInsights: Record<string, Ev<Insights>>;
}

const insightsOf = (r: GetInsightSelectorsCommandOutput | Absent, foreign: boolean): Insights =>
  isAbsent(r) ? (foreign && r.name !== 'InsightNotEnabledException' ? { notServed: `${r.name}: ${r.message}` } : { types: [] }) : { types: (r.InsightSelectors ?? []).map((s) => s.InsightType ?? '').filter(Boolean) };

function logging(t: TrailState): Tri {
  if (!t.status.known) return U(t.status.causes, `whether trail ${t.name} is logging`);
  if (isOwnerOnly(t.status.value)) return U([], `whether organization trail ${t.name} is logging is answered only to its owner (account ${t.owner}): verify in the management account`);
  return t.status.value.isLogging ? T('is logging') : F('is not logging');
}

function trailInsights(t: TrailState, read: Ev<Insights> | undefined): Tri {
  // DescribeTrails said none: not asked. Otherwise the selectors read decide; when they could not be
  // read, DescribeTrails' HasInsightSelectors still proves there are some.
  if (t.trail.HasInsightSelectors === false || !read) return F('has no Insights selectors');
  if (read.known && 'types' in read.value) return read.value.types.length ? T(`has Insights: ${read.value.types.join(', ')}`) : F('has no Insights selectors');
  if (t.trail.HasInsightSelectors === true) return T('has Insights selectors (DescribeTrails)');
  if (!read.known) return U(read.causes, `Insights selectors of trail ${t.name}`);
  return U([], `Insights selectors of organization trail ${t.name} are answered only to its owner: verify in the management account`);
}

function storeInsights(read: Ev<Insights> | undefined): Tri {
  if (!read) return F('has no Insights selectors');
  if (!read.known) return U(read.causes);
  const types = 'types' in read.value ? read.value.types : [];
  return types.length ? T(`has Insights: ${types.join(', ')}`) : F('has no Insights selectors');
}

export default defineProbe<InsightsFacts>({
  id: 'cloudtrail-insights',
  service: 'AWS CloudTrail Insights',
  title: 'CloudTrail Insights watches API call and error rates on a logging trail',
  severity: 'medium',
  remediation: 'Enable Insights (ApiCallRateInsight and ApiErrorRateInsight) on your logging trail: console CloudTrail → Trails → Insights events, or `aws cloudtrail put-insight-selectors --trail-name … --insight-selectors InsightType=ApiCallRateInsight InsightType=ApiErrorRateInsight`.',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [GetInsightSelectors],
  uses: [cloudtrailInventory],
  async collect(ctx) {
    const inv = await ctx.use(cloudtrailInventory);
    // Asked for every listed trail that may have selectors, whatever its status says, so the calls
    // never depend on another call's answer.
    const trailInsights = Object.fromEntries(
      await Promise.all(
        inv.trailList.items
          .filter((t) => t.trail.HasInsightSelectors !== false)
          .map(async (t) => [t.arn, mapEv(await ctx.readOrAbsent(GetInsightSelectors, { TrailName: t.arn }, { region: t.homeRegion, resource: t.arn }), (r) => insightsOf(r, t.foreign))] as const),
      ),
    );
    const storeInsights = Object.fromEntries(
      await Promise.all(
        inv.dataStores.items
          .filter((s) => s.status === 'ENABLED')
          .map(async (s) => [s.arn, mapEv(await ctx.readOrAbsent(GetInsightSelectors, { EventDataStore: s.arn }, { region: regionOfArn(s.arn) ?? s.region, resource: s.arn }), (r) => insightsOf(r, false))] as const),
      ),
    );
    return { trails: inv.trailList, stores: inv.dataStores, trailInsights, storeInsights };
  },
  evaluate(f) {
    const judgeTrail = (t: TrailState) => and(logging(t), trailInsights(t, f.trailInsights[t.arn]));
    const enabled = { ...f.stores, items: f.stores.items.filter((s) => s.status === 'ENABLED') };
    const resources: ResourceResult[] = [];
    for (const t of f.trails.items) {
      const j = judgeTrail(t);
      if (j.v === 'U' && j.causes.length === 0) resources.push({ id: t.arn, region: t.homeRegion, status: 'MANUAL', reason: `trail ${t.name}: ${j.why.join('; ')}` });
      else resources.push(j.v === 'U' ? resourceOf(t.arn, t.homeRegion, j, `trail ${t.name}`) : { id: t.arn, region: t.homeRegion, status: j.v === 'T' ? 'PASS' : 'FAIL', reason: `trail ${j.v === 'T' ? j.why[1] : j.why.join(', ')}` });
    }
    for (const s of enabled.items) {
      const j = storeInsights(f.storeInsights[s.arn]);
      resources.push(j.v === 'U' ? resourceOf(s.arn, s.region, j, `event data store ${s.name ?? s.arn}`) : { id: s.arn, region: s.region, status: j.v === 'T' ? 'PASS' : 'FAIL', reason: `event data store ${j.why[0]}` });
    }
    const t = or(some(f.trails, judgeTrail, 'trails not listed'), some(enabled, (s) => storeInsights(f.storeInsights[s.arn]), 'event data stores not listed'));
    const warnings: string[] = [];
    if (t.v !== 'U' && !f.stores.complete) warnings.push(`event data stores not listed: ${describeCauses(f.stores.causes)}`);
    for (const [arn, r] of Object.entries(f.trailInsights)) if (!r.known && f.trails.items.find((x) => x.arn === arn)?.trail.HasInsightSelectors === true) warnings.push(`Insights types of trail ${arn} not read: ${describeCauses(r.causes)}`);
    const extra = { resources, warnings };
    if (t.v === 'T') return pass(`Insights enabled on ${resources.filter((r) => r.status === 'PASS').length} logging trail(s)/store(s)`, extra);
    if (t.v === 'U') {
      if (t.causes.length === 0) return manual(t.why.join('; '), { ...extra, code: 'PARTIAL' });
      return undecided(t.causes, 'no logging trail with Insights proven', extra);
    }
    if (f.trails.items.length === 0 && f.stores.items.length === 0) return fail('no CloudTrail trail, so no Insights (see AWS CloudTrail)', 'NOT_ENABLED', extra);
    const live = f.trails.items.filter((x) => logging(x).v === 'T');
    if (live.length === 0 && enabled.items.length === 0) return fail('no logging trail to run Insights on', 'NOT_ENABLED', extra);
    return fail('Insights not enabled on any logging trail', 'NOT_ENABLED', extra);
  },
});
