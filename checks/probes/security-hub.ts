// AWS Security Hub (CSPM) — 6.1.2 risk identification, A.14 third-party monitoring. probes.md §2.2.
// The requirement is a running security standard, which only Security Hub CSPM has: Security Hub
// V2 alone aggregates findings but runs no standard, so it does not satisfy it.
// DescribeHub, the standards and the products are read in every region, none gated: DescribeHub
// denied, the standards still tell whether CSPM is on (they answer "not subscribed" when it is
// off). DescribeSecurityHubV2 only words a FAIL, so it is asked only when CSPM is not known on.
import type {
  DescribeHubCommandInput,
  DescribeHubCommandOutput,
  DescribeSecurityHubV2CommandInput,
  DescribeSecurityHubV2CommandOutput,
  GetEnabledStandardsCommandInput,
  GetEnabledStandardsCommandOutput,
  ListEnabledProductsForImportCommandInput,
  ListEnabledProductsForImportCommandOutput,
  StandardsSubscription,
} from '@aws-sdk/client-securityhub';
import { Absent, isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { and, describeCauses, F, fact, known, mapEv, mapList, some, T, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, pass, resourceOf, undecided, type EvalContext } from '../../src/engine/probe.js';
import { causesIn, passWith } from '../rules/unread.js';

const notSubscribed = [{ name: 'InvalidAccessException', message: /not subscribed/i }];
const DescribeHub = op<DescribeHubCommandInput, DescribeHubCommandOutput>('securityhub', 'DescribeHub', {
  absent: [...notSubscribed, { name: 'ResourceNotFoundException' }],
});
const DescribeSecurityHubV2 = op<DescribeSecurityHubV2CommandInput, DescribeSecurityHubV2CommandOutput>('securityhub', 'DescribeSecurityHubV2', {
  absent: [{ name: 'ResourceNotFoundException' }, ...notSubscribed],
});
const GetEnabledStandards = op<GetEnabledStandardsCommandInput, GetEnabledStandardsCommandOutput>('securityhub', 'GetEnabledStandards', { paginate: NEXT_TOKEN, absent: notSubscribed });
const ListEnabledProductsForImport = op<ListEnabledProductsForImportCommandInput, ListEnabledProductsForImportCommandOutput>('securityhub', 'ListEnabledProductsForImport', { paginate: NEXT_TOKEN, absent: notSubscribed });

export type Standard = Pick<StandardsSubscription, 'StandardsArn' | 'StandardsStatus' | 'StandardsStatusReason'>;

export interface SecurityHubFacts {
  /** Security Hub CSPM: the hub ARN, or Absent ("not subscribed"). */
  hub: Ev<string | Absent>;
  /** Security Hub V2: its ARN, or Absent (also when CSPM is on and V2 was not asked). Only wording depends on it. */
  v2: Ev<string | Absent>;
  standards: ListEv<Standard>;
  /** Product subscriptions other than Security Hub's own. */
  products: ListEv<string>;
}

/**
 * A standard counts only when READY. INCOMPLETE means AWS could not enable it completely (no
 * AWS Config recorder, the Config rule quota, an internal error): its controls that need those
 * produce no findings. PENDING is being enabled (or updated); DELETING/FAILED are being removed.
 */
export const RUNNING = 'READY';

export default defineProbe<SecurityHubFacts>({
  id: 'security-hub',
  service: 'AWS Security Hub',
  title: 'Security Hub is enabled with at least one security standard running',
  severity: 'high',
  remediation:
    'Enable Security Hub CSPM in every region you run AI workloads and enable a standard (e.g. AWS Foundational Security Best Practices), with AWS Config recording so the standard can run all its controls: console Security Hub CSPM → Enable, or `aws securityhub enable-security-hub --enable-default-standards`. Security Hub V2 alone runs no standard.',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [DescribeHub, DescribeSecurityHubV2, GetEnabledStandards, ListEnabledProductsForImport],
  async collect(ctx) {
    // V2 only words the verdict when CSPM is not known to be on: it is asked only then.
    const readV2 = async () => {
      const h = await hub;
      return h.known && !isAbsent(h.value) ? undefined : ctx.readOrAbsent(DescribeSecurityHubV2, {});
    };
    const hub = ctx.readOrAbsent(DescribeHub, {});
    const [standards, products, v2] = await Promise.all([ctx.list(GetEnabledStandards, {}, 'StandardsSubscriptions'), ctx.list(ListEnabledProductsForImport, {}, 'ProductSubscriptions'), readV2()]);
    const arnOf = <X extends object>(e: Ev<X | Absent>, key: keyof X, fallback: string) => mapEv(e, (v): string | Absent => (isAbsent(v) ? v : typeof v[key] === 'string' && v[key] ? (v[key] as string) : fallback));
    return {
      hub: arnOf(await hub, 'HubArn', defaultHubArn(ctx)),
      v2: v2 ? arnOf(v2, 'HubV2Arn', 'Security Hub V2') : known(new Absent('NotRead', 'CSPM is on: V2 not asked')),
      standards: { ...mapList(standards, (s) => ({ StandardsArn: s.StandardsArn, StandardsStatus: s.StandardsStatus, StandardsStatusReason: s.StandardsStatusReason })), absent: standards.absent },
      products: { ...products, items: products.items.filter((p) => typeof p === 'string' && !p.includes('/aws/securityhub')).sort() },
    };
  },
  evaluate(f, ctx) {
    const cspm = cspmEnabled(f);
    const standards = [...f.standards.items].sort((a, b) => (a.StandardsArn ?? '').localeCompare(b.StandardsArn ?? ''));
    const ready = some({ ...f.standards, items: standards }, (s) => fact(s.StandardsStatus === RUNNING, standardName(s.StandardsArn), `${standardName(s.StandardsArn)} ${describeStatus(s)}`), 'whether a standard is READY');
    const t = and(cspm, f.standards.absent ? F('Security Hub CSPM is not enabled') : ready);
    const hubArn = f.hub.known && !isAbsent(f.hub.value) ? f.hub.value : defaultHubArn(ctx);
    const warnings: string[] = [];
    const notReady = standards.filter((s) => s.StandardsStatus !== RUNNING);
    if (t.v === 'T' && notReady.length) warnings.push(`standard(s) not running: ${notReady.map((s) => `${standardName(s.StandardsArn)} ${describeStatus(s)}`).join(', ')}`);

    if (cspm.v === 'F') return notEnabled(f, warnings);
    if (t.v === 'U') {
      const what = cspm.v === 'U' ? 'whether Security Hub CSPM is enabled is unknown' : 'Security Hub CSPM is enabled; whether a standard is READY is unknown';
      return undecided(t.causes, what, { resources: [resourceOf(hubArn, undefined, t, 'Security Hub CSPM')], warnings });
    }
    if (t.v === 'F') {
      const why = standards.length ? `${standards.length} enabled, none READY: ${notReady.map((s) => `${standardName(s.StandardsArn)} ${describeStatus(s)}`).join(', ')}` : 'no standard enabled';
      return fail(`Security Hub CSPM is enabled but no security standard is running (${why})`, 'MISCONFIGURED', { resources: [{ id: hubArn, status: 'FAIL', reason: `no READY standard (${why})` }], warnings });
    }
    const names = ready.why;
    const resources: ResourceResult[] = [{ id: hubArn, status: 'PASS', reason: `${names.length} READY standard(s)` }];
    let extra = '';
    // Third-party integrations are A.14's evidence of third-party monitoring, never a requirement:
    // not read, they are a warning.
    if (!f.products.complete) warnings.push(`product integrations not fully read: ${describeCauses(f.products.causes)}`);
    if (ctx.control === 'A.14') {
      if (f.products.complete && f.products.items.length === 0) warnings.push('no third-party product integrations imported into Security Hub');
      resources.push(...f.products.items.map((p) => ({ id: p, status: 'PASS' as const, reason: `product integration ${productName(p)}` })));
      extra = f.products.complete ? `; ${f.products.items.length} product integration(s)` : `; ${f.products.items.length} product integration(s) read`;
    }
    return passWith(pass(`Security Hub enabled with ${names.length} READY standard(s): ${names.join(', ')}${extra}`, { resources, warnings }), [...causesIn(f.hub, f.v2, f.standards), ...f.products.causes.filter((c) => c.kind === 'interrupted')]);
  },
});

/** Is Security Hub CSPM on? DescribeHub says; when it did not answer, the standards and products do. */
function cspmEnabled(f: SecurityHubFacts): Tri {
  if (f.hub.known) return isAbsent(f.hub.value) ? F('Security Hub CSPM is not enabled') : T('Security Hub CSPM enabled');
  if (f.standards.absent || f.products.absent) return F('Security Hub CSPM is not enabled (its standards answer "not subscribed")');
  if (f.standards.complete || f.standards.items.length || f.products.complete || f.products.items.length) return T('Security Hub CSPM enabled (its standards answered)');
  return U(f.hub.causes, 'whether Security Hub CSPM is enabled');
}

/** CSPM off: V2 alone runs no standard (MISCONFIGURED); nothing at all is NOT_ENABLED. */
function notEnabled(f: SecurityHubFacts, warnings: string[]) {
  if (f.v2.known && !isAbsent(f.v2.value)) {
    const reason = 'Security Hub V2 is enabled but Security Hub CSPM is not, so no security standard runs (V2 evaluates no standard of its own)';
    return fail(reason, 'MISCONFIGURED', { resources: [{ id: f.v2.value, status: 'FAIL', reason }], warnings });
  }
  if (!f.v2.known) warnings.push(`whether Security Hub V2 is enabled was not read (${describeCauses(f.v2.causes)}); it would not satisfy the requirement either`);
  return fail('Security Hub is not enabled', 'NOT_ENABLED', { warnings });
}

function defaultHubArn(ctx: Pick<EvalContext, 'partition' | 'region' | 'accountId'>): string {
  return `arn:${ctx.partition}:securityhub:${ctx.region}:${ctx.accountId}:hub/default`;
}

function describeStatus(s: Standard): string {
  const why = s.StandardsStatusReason?.StatusReasonCode;
  return `${s.StandardsStatus ?? 'status unknown'}${why ? ` (${why})` : ''}`;
}

/** "…:product-subscription/crowdstrike/crowdstrike-falcon" → "crowdstrike/crowdstrike-falcon". */
function productName(arn: string): string {
  const m = arn.match(/product-subscription\/(.+)$/);
  return m ? m[1] : arn;
}

/** "…:standards/aws-foundational-security-best-practices/v/1.0.0" or "…:ruleset/cis-…/v/1.2.0" → the path. */
function standardName(arn: string | undefined): string {
  const m = (arn ?? '').match(/(?:standards|ruleset)\/(.+)$/);
  return m ? m[1] : (arn ?? 'standard');
}
