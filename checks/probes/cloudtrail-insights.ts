// AWS CloudTrail Insights — 9.2 anomaly detection in API usage for audit. probes.md §2.13.
import type { GetInsightSelectorsCommandInput, GetInsightSelectorsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { isAbsent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, pass } from '../../src/engine/probe.js';
import { cloudtrailInventory, regionOfArn } from '../facts/cloudtrail-trails.js';

const GetInsightSelectors = op<GetInsightSelectorsCommandInput, GetInsightSelectorsCommandOutput>('cloudtrail', 'GetInsightSelectors', {
  absent: [{ name: 'InsightNotEnabledException' }],
});

export interface InsightsFacts {
  /** Per logging trail or event data store: the insight types enabled (empty = none). */
  sources: { id: string; kind: 'trail' | 'event data store'; region?: string; insightTypes: string[] }[];
  anyTrail: boolean;
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
    // Every trail and store at once; the order of `sources` stays that of the inventory.
    const trails = inv.trails
      .filter((t) => t.isLogging)
      .map(async (t): Promise<InsightsFacts['sources'][number]> => {
        const region = t.trail.HomeRegion ?? ctx.homeRegion;
        // Skip the call when DescribeTrails already says there are no selectors.
        if (t.trail.HasInsightSelectors === false) return { id: t.trail.TrailARN ?? t.trail.Name ?? 'trail', kind: 'trail', region, insightTypes: [] };
        const r = await ctx.callOrAbsent(GetInsightSelectors, { TrailName: t.trail.TrailARN }, { region });
        return { id: t.trail.TrailARN ?? 'trail', kind: 'trail', region, insightTypes: isAbsent(r) ? [] : (r.InsightSelectors ?? []).map((s) => s.InsightType ?? '').filter(Boolean) };
      });
    const stores = inv.dataStores
      .filter((d) => d.status === 'ENABLED')
      .map(async (s): Promise<InsightsFacts['sources'][number]> => {
        const r = await ctx.callOrAbsent(GetInsightSelectors, { EventDataStore: s.arn }, { region: regionOfArn(s.arn) ?? s.region });
        return { id: s.arn, kind: 'event data store', region: s.region, insightTypes: isAbsent(r) ? [] : (r.InsightSelectors ?? []).map((x) => x.InsightType ?? '').filter(Boolean) };
      });
    const sources = await Promise.all([...trails, ...stores]);
    return { sources, anyTrail: inv.trails.length > 0 || inv.dataStores.length > 0 };
  },
  evaluate(f) {
    const resources: ResourceResult[] = f.sources.map((s) => ({
      id: s.id,
      region: s.region,
      status: s.insightTypes.length ? 'PASS' : 'FAIL',
      reason: s.insightTypes.length ? `${s.kind} has Insights: ${s.insightTypes.join(', ')}` : `${s.kind} has no Insights selectors`,
    }));
    const on = resources.filter((r) => r.status === 'PASS');
    if (on.length) return pass(`Insights enabled on ${on.length} logging trail(s)/store(s)`, { resources });
    if (!f.anyTrail) return fail('no CloudTrail trail, so no Insights (see AWS CloudTrail)', 'NOT_ENABLED');
    if (f.sources.length === 0) return fail('no logging trail to run Insights on', 'NOT_ENABLED');
    return fail('Insights not enabled on any logging trail', 'NOT_ENABLED', { resources });
  },
});
