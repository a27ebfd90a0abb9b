// Amazon QuickSight — 9.1 analytics on AI system performance. probes.md §2.9.
// Tool-choice service: not subscribed or no dashboards → the user's optional-service policy.
// The subscription is the account's (read once, in the home region); dashboards are regional.
import type {
  DescribeAccountSubscriptionCommandInput,
  DescribeAccountSubscriptionCommandOutput,
  ListDashboardsCommandInput,
  ListDashboardsCommandOutput,
} from '@aws-sdk/client-quicksight';
import { AwsCallError, isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineProbe, manual, notInUse, pass, type CollectContext } from '../../src/engine/probe.js';

/** "Not signed up" answers (probes.md §2.9, after Cloud Custodian), plus the wrong-identity-region answer. */
const NOT_SUBSCRIBED = [
  { name: 'ResourceNotFoundException' },
  { name: 'UnsupportedUserEditionException' },
  { name: 'AccessDeniedException', message: /STANDARD Edition/i },
];
const WRONG_REGION = /called from endpoint/i;

const DescribeAccountSubscription = op<DescribeAccountSubscriptionCommandInput, DescribeAccountSubscriptionCommandOutput>('quicksight', 'DescribeAccountSubscription', {
  absent: [...NOT_SUBSCRIBED, { name: 'AccessDeniedException', message: WRONG_REGION }],
});
const ListDashboards = op<ListDashboardsCommandInput, ListDashboardsCommandOutput>('quicksight', 'ListDashboards', { paginate: NEXT_TOKEN, absent: NOT_SUBSCRIBED });

export interface QuickSightFacts {
  subscribed: boolean;
  /** Set when the subscription could not be read from the home region (identity region elsewhere). */
  subscriptionUnreadable?: string;
  status?: string;
  edition?: string;
  dashboards: { arn: string; name: string; region: string; published: boolean }[];
  /** Regions not scanned (QuickSight not offered, region not enabled). */
  skipped: string[];
}

/** The identity region named in a wrong-endpoint message; its wording is unconfirmed (probes.md §2.9). */
export function identityRegionOf(message: string): string | undefined {
  return message.match(/identity region is ([a-z]{2}(?:-[a-z]+)+-\d)/i)?.[1]?.toLowerCase();
}

async function subscription(ctx: CollectContext): Promise<Pick<QuickSightFacts, 'subscribed' | 'subscriptionUnreadable' | 'status' | 'edition'>> {
  let sub = await ctx.callOrAbsent(DescribeAccountSubscription, { AwsAccountId: ctx.accountId });
  if (isAbsent(sub) && WRONG_REGION.test(sub.message)) {
    const region = identityRegionOf(sub.message);
    if (!region) return { subscribed: true, subscriptionUnreadable: sub.message.split('\n')[0] };
    sub = await ctx.callOrAbsent(DescribeAccountSubscription, { AwsAccountId: ctx.accountId }, { region });
    if (isAbsent(sub) && WRONG_REGION.test(sub.message)) return { subscribed: true, subscriptionUnreadable: sub.message.split('\n')[0] };
  }
  if (isAbsent(sub)) return { subscribed: false };
  return { subscribed: true, status: sub.AccountInfo?.AccountSubscriptionStatus, edition: sub.AccountInfo?.Edition };
}

export default defineProbe<QuickSightFacts>({
  id: 'quicksight',
  service: 'Amazon QuickSight',
  title: 'QuickSight dashboards are published for AI performance analytics',
  severity: 'low',
  remediation: 'Publish QuickSight dashboards over AI performance data (model metrics, drift, cost): QuickSight console → Analyses → Publish dashboard; subscribe first with `aws quicksight create-account-subscription` if the account has none.',
  serviceClass: 'tool-choice',
  scope: 'global',
  calls: [DescribeAccountSubscription, ListDashboards],
  async collect(ctx) {
    const sub = await subscription(ctx);
    if (!sub.subscribed) return { ...sub, dashboards: [], skipped: [] };
    const skipped: string[] = [];
    const dashboards: QuickSightFacts['dashboards'] = [];
    await Promise.all(
      ctx.regions.map(async (region) => {
        try {
          // First page through callOrAbsent (edition answers are data), further pages through pages().
          const input = { AwsAccountId: ctx.accountId };
          const first = await ctx.callOrAbsent(ListDashboards, input, { region });
          if (isAbsent(first)) return;
          const pages = first.NextToken ? await ctx.pages(ListDashboards, input, { region }) : [first];
          for (const d of pages.flatMap((p) => p.DashboardSummaryList ?? [])) dashboards.push({ arn: d.Arn ?? d.DashboardId ?? '', name: d.Name ?? d.DashboardId ?? '', region, published: (d.PublishedVersionNumber ?? 0) > 0 });
        } catch (err) {
          if (err instanceof AwsCallError && (err.kind === 'unavailable' || err.kind === 'region-disabled')) skipped.push(`${region}: ${err.reason}`);
          else throw err;
        }
      }),
    );
    dashboards.sort((a, b) => a.arn.localeCompare(b.arn));
    return { ...sub, dashboards, skipped: skipped.sort() };
  },
  evaluate(f, ctx) {
    const warnings = f.skipped.map((s) => `dashboards not listed in ${s}`);
    if (!f.subscribed) return notInUse(ctx, 'the account has no QuickSight subscription', { warnings });
    if (f.status && !/created|active|ok/i.test(f.status)) return notInUse(ctx, `the QuickSight subscription is ${f.status}`, { warnings });
    const published = f.dashboards.filter((d) => d.published);
    const resources = f.dashboards.map((d) => ({ id: d.arn, region: d.region, status: d.published ? ('PASS' as const) : ('MANUAL' as const), reason: `dashboard ${d.name}: ${d.published ? 'published' : 'never published'}` }));
    if (published.length === 0) {
      if (f.subscriptionUnreadable) return manual(`the QuickSight subscription could not be read from this region (${f.subscriptionUnreadable}) and no published dashboard was found: attest from the identity region`, { resources, warnings, code: 'PARTIAL' });
      return notInUse(ctx, `QuickSight${f.edition ? ` ${f.edition}` : ''} subscribed but no published dashboard in the scanned regions`, { resources, warnings });
    }
    warnings.push('that the dashboards analyse AI system performance is not provable from the API: review the names listed');
    if (f.subscriptionUnreadable) warnings.push(`subscription details not readable from this region: ${f.subscriptionUnreadable}`);
    return pass(`${published.length} published QuickSight dashboard(s): ${published.slice(0, 5).map((d) => d.name).join(', ')}${published.length > 5 ? ', …' : ''}`, { resources, warnings });
  },
});
