// AWS Cost Explorer — 9.1 cost monitoring of AI/ML workloads. probes.md §2.10.
// Every Cost Explorer request is billed (USD 0.01 each, every page counts), so the probe makes the
// fewest calls that answer the question and stops as soon as it can:
//   1. GetCostAndUsage, last full month, MONTHLY, grouped by SERVICE (is CE on; AI spend);
//   2. GetAnomalyMonitors, then GetAnomalySubscriptions only if a monitor exists;
//   3. ListCostAllocationTags (active, user-defined) only if no monitor is subscribed.
// At most four requests per scan when every answer fits one page; the count is in the verdict.
import type {
  GetAnomalyMonitorsCommandInput,
  GetAnomalyMonitorsCommandOutput,
  GetAnomalySubscriptionsCommandInput,
  GetAnomalySubscriptionsCommandOutput,
  GetCostAndUsageCommandInput,
  GetCostAndUsageCommandOutput,
  ListCostAllocationTagsCommandInput,
  ListCostAllocationTagsCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineProbe, fail, manual, pass } from '../../src/engine/probe.js';

const NEXT_PAGE = { inputToken: 'NextPageToken', outputToken: 'NextPageToken' };
// The not-enabled answer is unmodeled (probes.md §2.10, §5.1); a payer-governed member account is MANUAL.
const GetCostAndUsage = op<GetCostAndUsageCommandInput, GetCostAndUsageCommandOutput>('costexplorer', 'GetCostAndUsage', {
  scope: 'global',
  paginate: NEXT_PAGE,
  absent: [
    { name: 'AccessDeniedException', message: /not enabled for cost explorer/i },
    { name: 'AccessDeniedException', message: /payer account/i },
    { name: 'DataUnavailableException' },
  ],
});
const GetAnomalyMonitors = op<GetAnomalyMonitorsCommandInput, GetAnomalyMonitorsCommandOutput>('costexplorer', 'GetAnomalyMonitors', { scope: 'global', paginate: NEXT_PAGE });
const GetAnomalySubscriptions = op<GetAnomalySubscriptionsCommandInput, GetAnomalySubscriptionsCommandOutput>('costexplorer', 'GetAnomalySubscriptions', { scope: 'global', paginate: NEXT_PAGE });
const ListCostAllocationTags = op<ListCostAllocationTagsCommandInput, ListCostAllocationTagsCommandOutput>('costexplorer', 'ListCostAllocationTags', { scope: 'global', paginate: NEXT_TOKEN });

export const USD_PER_REQUEST = 0.01;

export interface CostExplorerFacts {
  /** 'on', or why Cost Explorer could not answer. */
  state: 'on' | 'not-enabled' | 'payer-governed' | 'data-unavailable';
  period?: { start: string; end: string };
  /** AI service spend in the period, e.g. "Amazon SageMaker: 123.45 USD". */
  aiSpend: string[];
  monitors: { arn: string; name: string; type?: string }[];
  /** Monitors covered by at least one subscription. */
  subscribedMonitors: string[];
  activeTags: string[];
  /** Billed requests this probe made (pages included). */
  requests: number;
}

/** The last full calendar month before the scan clock, as CE's [start, end) dates. */
export function lastFullMonth(now: Date): { start: string; end: string } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

export default defineProbe<CostExplorerFacts>({
  id: 'cost-explorer',
  service: 'AWS Cost Explorer',
  title: 'Cost Explorer tracks AI/ML spend with anomaly alerts or cost allocation tags',
  severity: 'low',
  remediation: 'Enable Cost Explorer, create a cost anomaly monitor with an alert subscription, and activate cost allocation tags for AI workloads: Billing console → Cost Explorer / Cost Anomaly Detection / Cost allocation tags, or `aws ce create-anomaly-monitor`, `create-anomaly-subscription`, `update-cost-allocation-tags-status`.',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [GetCostAndUsage, GetAnomalyMonitors, GetAnomalySubscriptions, ListCostAllocationTags],
  async collect(ctx) {
    const period = lastFullMonth(ctx.now);
    const input: GetCostAndUsageCommandInput = { TimePeriod: { Start: period.start, End: period.end }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }] };
    const none = { aiSpend: [], monitors: [], subscribedMonitors: [], activeTags: [] };
    // The first page through callOrAbsent (the not-enabled answers are data); further pages, if
    // any, through pages(), which answers the first one from the access layer's cache, unbilled.
    const first = await ctx.callOrAbsent(GetCostAndUsage, input);
    if (isAbsent(first)) {
      const state = first.name === 'DataUnavailableException' ? 'data-unavailable' : /payer account/i.test(first.message) ? 'payer-governed' : 'not-enabled';
      return { state, period, ...none, requests: 1 };
    }
    const usage = first.NextPageToken ? await ctx.pages(GetCostAndUsage, input) : [first];
    let requests = usage.length;
    const aiSpend: string[] = [];
    for (const page of usage) {
      for (const r of page.ResultsByTime ?? []) {
        for (const g of r.Groups ?? []) {
          const service = g.Keys?.[0] ?? '';
          const m = g.Metrics?.UnblendedCost;
          // SERVICE dimension strings for SageMaker/Bedrock are unconfirmed (probes.md §9): match loosely.
          if (/sagemaker|bedrock/i.test(service) && m?.Amount) aiSpend.push(`${service}: ${Number(m.Amount).toFixed(2)} ${m.Unit ?? ''}`.trim());
        }
      }
    }
    const monitorPages = await ctx.pages(GetAnomalyMonitors, {});
    requests += monitorPages.length;
    const monitors = monitorPages.flatMap((p) => p.AnomalyMonitors ?? []).map((m) => ({ arn: m.MonitorArn ?? '', name: m.MonitorName ?? '', type: m.MonitorType }));
    let subscribedMonitors: string[] = [];
    if (monitors.length) {
      const subPages = await ctx.pages(GetAnomalySubscriptions, {});
      requests += subPages.length;
      const covered = new Set(subPages.flatMap((p) => p.AnomalySubscriptions ?? []).flatMap((s) => ((s.Subscribers ?? []).length ? (s.MonitorArnList ?? []) : [])));
      subscribedMonitors = monitors.filter((m) => covered.has(m.arn)).map((m) => m.arn);
    }
    let activeTags: string[] = [];
    // Tags are read only when the anomaly criterion is not met: one request saved per scan.
    if (subscribedMonitors.length === 0) {
      const tagPages = await ctx.pages(ListCostAllocationTags, { Status: 'Active', Type: 'UserDefined' });
      requests += tagPages.length;
      activeTags = tagPages.flatMap((p) => p.CostAllocationTags ?? []).map((t) => t.TagKey ?? '').filter(Boolean).sort();
    }
    return { state: 'on', period, aiSpend, monitors, subscribedMonitors, activeTags, requests };
  },
  evaluate(f) {
    const billed = `${f.requests} billed Cost Explorer request(s) made (USD ${(f.requests * USD_PER_REQUEST).toFixed(2)})`;
    const warnings = [billed];
    if (f.state === 'not-enabled') return fail('Cost Explorer is not enabled for this account', 'NOT_ENABLED', { warnings });
    if (f.state === 'payer-governed') return manual('Cost Explorer access is governed by the payer (management) account: verify AI cost monitoring there', { warnings, code: 'PARTIAL' });
    if (f.state === 'data-unavailable') return manual('Cost Explorer was enabled recently and has no data yet: scan again in 24 hours or attest', { warnings, code: 'PARTIAL' });
    const spend = f.aiSpend.length ? `AI spend ${f.period?.start.slice(0, 7)}: ${f.aiSpend.join(', ')}` : `no SageMaker or Bedrock spend in ${f.period?.start.slice(0, 7)}`;
    const resources = f.monitors.map((m) => ({ id: m.arn || m.name, status: f.subscribedMonitors.includes(m.arn) ? ('PASS' as const) : ('FAIL' as const), reason: `anomaly monitor ${m.name}${m.type ? ` (${m.type})` : ''}: ${f.subscribedMonitors.includes(m.arn) ? 'alerts subscribed' : 'no alert subscription'}` }));
    if (f.subscribedMonitors.length) return pass(`Cost Explorer on; ${f.subscribedMonitors.length} cost anomaly monitor(s) with alert subscriptions; ${spend}; ${billed}`, { resources, warnings });
    if (f.activeTags.length) return pass(`Cost Explorer on; ${f.activeTags.length} active cost allocation tag(s) (${f.activeTags.slice(0, 5).join(', ')}) attribute AI costs; ${spend}; ${billed}`, { resources, warnings });
    return fail(`Cost Explorer on but no subscribed anomaly monitor and no active user-defined cost allocation tag; ${spend}`, 'MISCONFIGURED', { resources, warnings });
  },
});
