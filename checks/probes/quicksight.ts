// Amazon QuickSight — 9.1 analytics on AI system performance. probes.md §2.9.
// Tool-choice service: not subscribed or no dashboards → the user's optional-service policy.
// The subscription is the account's (read once, in the home region); dashboards are regional and
// listed in every scanned region: a published dashboard proves a subscription, and an answer
// without AccountInfo proves nothing (it is not read as subscribed).
import type {
  DescribeAccountSubscriptionCommandInput,
  DescribeAccountSubscriptionCommandOutput,
  ListDashboardsCommandInput,
  ListDashboardsCommandOutput,
} from '@aws-sdk/client-quicksight';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineProbe, manual, notInUse, pass, undecided, type CollectContext, type EvalContext } from '../../src/engine/probe.js';
import { causesOf, concatLists, F, known, mapList, some, T, U, unknown, type Cause, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { unlessUnreachable } from '../facts/read-lists.js';
import { noteUnread } from '../rules/workload-gate.js';
import type { Verdict } from '../../src/model.js';

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

export interface Subscription {
  /** 'subscribed' with status and edition, 'none' (a not-signed-up answer), or 'elsewhere' (identity region not reachable from here). */
  state: 'subscribed' | 'none' | 'elsewhere';
  status?: string;
  edition?: string;
  /** The wrong-endpoint answer when the identity region could not be reached. */
  note?: string;
}

export interface QuickSightFacts {
  subscription: Ev<Subscription>;
  dashboards: ListEv<{ arn: string; name: string; region: string; published: boolean }>;
  /** Regions not listed (QuickSight not offered, region not enabled). */
  notes: string[];
}

/** The identity region named in a wrong-endpoint message; its wording is unconfirmed (probes.md §2.9). */
export function identityRegionOf(message: string): string | undefined {
  return message.match(/identity region is ([a-z]{2}(?:-[a-z]+)+-\d)/i)?.[1]?.toLowerCase();
}

async function subscription(ctx: CollectContext): Promise<Ev<Subscription>> {
  let sub = await ctx.readOrAbsent(DescribeAccountSubscription, { AwsAccountId: ctx.accountId });
  if (sub.known && isAbsent(sub.value) && WRONG_REGION.test(sub.value.message)) {
    // The account is subscribed, with its identity region elsewhere: ask there.
    const region = identityRegionOf(sub.value.message);
    if (!region) return known({ state: 'elsewhere', note: sub.value.message.split('\n')[0] });
    sub = await ctx.readOrAbsent(DescribeAccountSubscription, { AwsAccountId: ctx.accountId }, { region });
    if (sub.known && isAbsent(sub.value) && WRONG_REGION.test(sub.value.message)) return known({ state: 'elsewhere', note: sub.value.message.split('\n')[0] });
  }
  if (!sub.known) return sub;
  if (isAbsent(sub.value)) return known({ state: 'none' });
  const info = sub.value.AccountInfo;
  if (!info) {
    const cause: Cause = { action: DescribeAccountSubscription.action, region: ctx.region, kind: 'malformed', detail: 'DescribeAccountSubscription answered without AccountInfo: the subscription state is not stated' };
    return unknown([cause]);
  }
  return known({ state: 'subscribed', status: info.AccountSubscriptionStatus, edition: info.Edition });
}

/** Subscribed (T), not (F), or unknown; a status other than created/active reads as not in use. */
export function subscribedTri(s: Ev<Subscription>): Tri {
  if (!s.known) return U(s.causes, 'subscription not read');
  const v = s.value;
  if (v.state === 'none') return F('the account has no QuickSight subscription');
  if (v.state === 'elsewhere') return T('subscribed (identity region elsewhere)');
  if (v.status && !/created|active|ok/i.test(v.status)) return F(`the QuickSight subscription is ${v.status}`);
  return T(`QuickSight${v.edition ? ` ${v.edition}` : ''} subscribed`);
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
    const notes: string[] = [];
    // Dashboards are listed in every region whatever the subscription answer: they decide when it
    // cannot be read, and a call that waited on it would be missing from a replay where it is denied.
    const [sub, lists] = await Promise.all([
      subscription(ctx),
      Promise.all(
        ctx.regions.map(async (region) => {
          // A not-subscribed answer from a region is an answer (the op declares it): no dashboards there.
          const l = await ctx.list(ListDashboards, { AwsAccountId: ctx.accountId }, 'DashboardSummaryList', { region });
          const read = unlessUnreachable(ctx, l, region, 'dashboards', notes);
          return mapList(read, (d) => ({ arn: d.Arn ?? d.DashboardId ?? '', name: d.Name ?? d.DashboardId ?? '', region, published: (d.PublishedVersionNumber ?? 0) > 0 }));
        }),
      ),
    ]);
    const dashboards = concatLists(lists);
    dashboards.items.sort((a, b) => a.arn.localeCompare(b.arn));
    return { subscription: sub, dashboards, notes: notes.sort() };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.subscription, f.dashboards);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: QuickSightFacts, ctx: EvalContext): Verdict {
  const warnings = [...f.notes];
  const subscribed = subscribedTri(f.subscription);
  if (subscribed.v === 'F') return notInUse(ctx, subscribed.why.join(''), { warnings });
  const published = some(f.dashboards, (d) => (d.published ? T(d.name) : F(`${d.name} never published`)));
  const resources = f.dashboards.items.map((d) => ({ id: d.arn, region: d.region, status: d.published ? ('PASS' as const) : ('MANUAL' as const), reason: `dashboard ${d.name}: ${d.published ? 'published' : 'never published'}` }));
  const note = f.subscription.known ? f.subscription.value.note : undefined;
  if (published.v === 'T') {
    const names = f.dashboards.items.filter((d) => d.published).map((d) => d.name);
    warnings.push('that the dashboards analyse AI system performance is not provable from the API: review the names listed');
    if (note) warnings.push(`subscription details not readable from this region: ${note}`);
    if (subscribed.v === 'U') warnings.push(`subscription not read (${subscribed.causes.map((c) => c.action).join(', ')}): the published dashboards show one exists`);
    return pass(`${names.length} published QuickSight dashboard(s): ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`, { resources, warnings });
  }
  // Unknown dashboards matter only if the account may be subscribed: name both reads.
  if (published.v === 'U') return undecided(causesOf([published, subscribed]), 'no published dashboard among those listed, and not every region could be listed', { resources, warnings });
  if (note) return manual(`the QuickSight subscription could not be read from this region (${note}) and no published dashboard was found: attest from the identity region`, { resources, warnings, code: 'PARTIAL' });
  // No published dashboard anywhere: unused, whether or not the subscription was read.
  const what = subscribed.v === 'T' ? `${subscribed.why.join('')} but no published dashboard in the scanned regions` : 'no published QuickSight dashboard in the scanned regions (subscription not read)';
  return notInUse(ctx, what, { resources, warnings });
}
