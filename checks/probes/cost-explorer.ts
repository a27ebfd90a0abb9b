// AWS Cost Explorer — 9.1 cost monitoring of AI/ML workloads. probes.md §2.10.
// Every Cost Explorer request is billed (USD 0.01 each, every page counts), so the probe makes the
// fewest calls that answer the question and stops as soon as it can:
//   1. GetCostAndUsage, last full month, MONTHLY, grouped by SERVICE (is CE on; AI spend). Any
//      answer proves Cost Explorer is enabled: an account that never opened it is refused with
//      AccessDeniedException "User not enabled for cost explorer access" (FAIL, nothing more asked);
//   2. GetAnomalyMonitors, then GetAnomalySubscriptions only if a monitor exists (or the monitors
//      could not be listed). A listed monitor also proves Cost Explorer on: anomaly detection is a
//      Cost Explorer feature, so a denied GetCostAndUsage does not hide a subscribed monitor;
//   3. ListCostAllocationTags (active, user-defined) only if no monitor is shown subscribed.
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
import { defineProbe, fail, manual, resourceOf, verdictOf } from '../../src/engine/probe.js';
import { and, F, nonEmpty, or, some, T, U, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { pagesOf, type PagesEv } from '../facts/read-lists.js';
import { noteUnread } from '../rules/workload-gate.js';
import type { Verdict } from '../../src/model.js';

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

export interface Monitor {
  arn: string;
  name: string;
  type?: string;
}

export interface CostExplorerFacts {
  /** 'on' (GetCostAndUsage answered), 'unknown' (it did not), or why Cost Explorer could not answer. */
  state: 'on' | 'unknown' | 'not-enabled' | 'payer-governed' | 'data-unavailable';
  /** Why GetCostAndUsage did not answer, when state is 'unknown'. */
  usage: PagesEv<GetCostAndUsageCommandOutput>;
  period: { start: string; end: string };
  /** AI service spend in the period, e.g. "Amazon SageMaker: 123.45 USD". */
  aiSpend: string[];
  monitors: ListEv<Monitor>;
  /** Monitor ARNs covered by a subscription with subscribers; undefined when not asked (no monitor). */
  covered?: ListEv<string>;
  /** Active user-defined tag keys; undefined when not asked (a subscribed monitor already decides). */
  activeTags?: ListEv<string>;
  /** Billed requests this probe made (pages included). */
  requests: number;
}

/** The last full calendar month before the scan clock, as CE's [start, end) dates. */
export function lastFullMonth(now: Date): { start: string; end: string } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

const listOf = <O, X>(p: PagesEv<O>, f: (o: O) => X[]): ListEv<X> => ({ items: p.pages.flatMap(f), complete: p.complete, causes: p.causes });

/** Is this monitor covered by a subscription that has subscribers? */
function subscribed(m: Monitor, covered: ListEv<string> | undefined): Tri {
  if (!covered) return U([], 'subscriptions not read');
  if (covered.items.includes(m.arn)) return T('alerts subscribed');
  return covered.complete ? F('no alert subscription') : U(covered.causes, 'subscriptions not fully read');
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
    const empty: ListEv<never> = { items: [], complete: true, causes: [] };
    // The first page through readOrAbsent (the not-enabled answers are data); further pages one by
    // one from its token, so every billed page is counted.
    const first = await ctx.readOrAbsent(GetCostAndUsage, input);
    if (first.known && isAbsent(first.value)) {
      const a = first.value;
      const state = a.name === 'DataUnavailableException' ? 'data-unavailable' : /payer account/i.test(a.message) ? 'payer-governed' : 'not-enabled';
      return { state, usage: { pages: [], complete: true, causes: [] }, period, aiSpend: [], monitors: empty, requests: 1 };
    }
    let usage: PagesEv<GetCostAndUsageCommandOutput> = { pages: [], complete: false, causes: first.known ? [] : first.causes };
    if (first.known) {
      const page = first.value as GetCostAndUsageCommandOutput;
      const rest = page.NextPageToken ? await pagesOf(ctx, GetCostAndUsage, { ...input, NextPageToken: page.NextPageToken }) : { pages: [], complete: true, causes: [] };
      usage = { pages: [page, ...rest.pages], complete: rest.complete, causes: rest.causes };
    }
    const aiSpend: string[] = [];
    for (const page of usage.pages) {
      for (const r of page.ResultsByTime ?? []) {
        for (const g of r.Groups ?? []) {
          const service = g.Keys?.[0] ?? '';
          const m = g.Metrics?.UnblendedCost;
          // SERVICE dimension strings for SageMaker/Bedrock are unconfirmed (probes.md §9): match loosely.
          if (/sagemaker|bedrock/i.test(service) && m?.Amount) aiSpend.push(`${service}: ${Number(m.Amount).toFixed(2)} ${m.Unit ?? ''}`.trim());
        }
      }
    }
    const monitorPages = await pagesOf(ctx, GetAnomalyMonitors, {});
    const monitors = listOf(monitorPages, (p) => (p.AnomalyMonitors ?? []).map((m) => ({ arn: m.MonitorArn ?? '', name: m.MonitorName ?? '', type: m.MonitorType })));
    let requests = usage.pages.length + monitorPages.pages.length;
    let covered: ListEv<string> | undefined;
    if (monitors.items.length || !monitors.complete) {
      const subPages = await pagesOf(ctx, GetAnomalySubscriptions, {});
      requests += subPages.pages.length;
      covered = listOf(subPages, (p) => (p.AnomalySubscriptions ?? []).flatMap((s) => ((s.Subscribers ?? []).length ? (s.MonitorArnList ?? []) : [])));
    }
    let activeTags: ListEv<string> | undefined;
    // Tags are read only when the anomaly criterion is not met: one request saved per scan.
    if (some(monitors, (m) => subscribed(m, covered)).v !== 'T') {
      const tagPages = await pagesOf(ctx, ListCostAllocationTags, { Status: 'Active', Type: 'UserDefined' });
      requests += tagPages.pages.length;
      activeTags = listOf(tagPages, (p) => (p.CostAllocationTags ?? []).map((t) => t.TagKey ?? '').filter(Boolean));
      activeTags.items.sort();
    }
    return { state: first.known ? 'on' : 'unknown', usage, period, aiSpend, monitors, covered, activeTags, requests };
  },
  evaluate(f) {
    return noteUnread(judged(f), f.usage, f.monitors, f.covered, f.activeTags);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: CostExplorerFacts): Verdict {
  const billed = `${f.requests} billed Cost Explorer request(s) made (USD ${(f.requests * USD_PER_REQUEST).toFixed(2)})`;
  const warnings = [billed];
  if (f.state === 'not-enabled') return fail('Cost Explorer is not enabled for this account', 'NOT_ENABLED', { warnings });
  if (f.state === 'payer-governed') return manual('Cost Explorer access is governed by the payer (management) account: verify AI cost monitoring there', { warnings, code: 'PARTIAL' });
  if (f.state === 'data-unavailable') return manual('Cost Explorer was enabled recently and has no data yet: scan again in 24 hours or attest', { warnings, code: 'PARTIAL' });
  const month = f.period.start.slice(0, 7);
  const spend = f.state === 'unknown' ? 'AI spend not read' : f.aiSpend.length ? `AI spend ${month}: ${f.aiSpend.join(', ')}` : `no SageMaker or Bedrock spend in ${month}`;
  if (f.state === 'on' && !f.usage.complete) warnings.push(`AI spend from the first ${f.usage.pages.length} page(s) only: ${f.usage.causes[0]?.detail ?? ''}`);
  const enabledTri = f.state === 'on' ? T('Cost Explorer on') : or(U(f.usage.causes, 'whether Cost Explorer is enabled'), nonEmpty(f.monitors, 'Cost Explorer on (anomaly monitors exist)', 'no anomaly monitor listed'));
  const monitorOk = some(f.monitors, (m) => subscribed(m, f.covered));
  const tags: Tri = f.activeTags ? nonEmpty(f.activeTags, `${f.activeTags.items.length} active cost allocation tag(s) (${f.activeTags.items.slice(0, 5).join(', ')}) attribute AI costs`, 'no active user-defined cost allocation tag') : F('tags not read');
  const subscribedCount = f.monitors.items.filter((m) => subscribed(m, f.covered).v === 'T').length;
  const resources = [...f.monitors.items].sort((a, b) => a.arn.localeCompare(b.arn)).map((m) => resourceOf(m.arn || m.name, undefined, subscribed(m, f.covered), `anomaly monitor ${m.name}${m.type ? ` (${m.type})` : ''}`));
  return verdictOf(
    and(enabledTri, or(monitorOk, tags)),
    {
      pass: () => `Cost Explorer on; ${monitorOk.v === 'T' ? `${subscribedCount} cost anomaly monitor(s) with alert subscriptions` : tags.why.join('')}; ${spend}; ${billed}`,
      fail: () => `Cost Explorer ${f.state === 'on' ? 'on' : 'state unknown'} but no subscribed anomaly monitor and no active user-defined cost allocation tag; ${spend}`,
      code: 'MISCONFIGURED',
      undecided: () => (enabledTri.v === 'U' && or(monitorOk, tags).v === 'T' ? 'AI cost monitoring is configured, but whether Cost Explorer is enabled could not be read' : 'whether AI costs are monitored could not be read'),
    },
    { resources, warnings },
  );
}
