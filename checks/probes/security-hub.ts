// AWS Security Hub (CSPM) — 6.1.2 risk identification, A.14 third-party monitoring. probes.md §2.2.
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
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineProbe, fail, pass } from '../../src/engine/probe.js';

const DescribeHub = op<DescribeHubCommandInput, DescribeHubCommandOutput>('securityhub', 'DescribeHub', {
  absent: [{ name: 'InvalidAccessException', message: /not subscribed/i }, { name: 'ResourceNotFoundException' }],
});
const DescribeSecurityHubV2 = op<DescribeSecurityHubV2CommandInput, DescribeSecurityHubV2CommandOutput>('securityhub', 'DescribeSecurityHubV2', {
  absent: [{ name: 'ResourceNotFoundException' }, { name: 'InvalidAccessException', message: /not subscribed/i }],
});
const GetEnabledStandards = op<GetEnabledStandardsCommandInput, GetEnabledStandardsCommandOutput>('securityhub', 'GetEnabledStandards', { paginate: NEXT_TOKEN });
const ListEnabledProductsForImport = op<ListEnabledProductsForImportCommandInput, ListEnabledProductsForImportCommandOutput>('securityhub', 'ListEnabledProductsForImport', { paginate: NEXT_TOKEN });

export interface SecurityHubFacts {
  hubArn: string | null;
  hubV2Arn: string | null;
  standards: Pick<StandardsSubscription, 'StandardsArn' | 'StandardsStatus'>[];
  /** Product integrations other than Security Hub's own. */
  products: string[];
}

export default defineProbe<SecurityHubFacts>({
  id: 'security-hub',
  service: 'AWS Security Hub',
  title: 'Security Hub is enabled with at least one security standard running',
  severity: 'high',
  remediation: 'Enable Security Hub CSPM in every region you run AI workloads and enable a standard (e.g. AWS Foundational Security Best Practices): console Security Hub → Enable, or `aws securityhub enable-security-hub --enable-default-standards`.',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [DescribeHub, DescribeSecurityHubV2, GetEnabledStandards, ListEnabledProductsForImport],
  async collect(ctx) {
    const hub = await ctx.callOrAbsent(DescribeHub, {});
    if (isAbsent(hub)) {
      const v2 = await ctx.callOrAbsent(DescribeSecurityHubV2, {});
      return { hubArn: null, hubV2Arn: isAbsent(v2) ? null : (v2.HubV2Arn ?? 'enabled'), standards: [], products: [] };
    }
    const [standards, products] = await Promise.all([
      ctx.all(GetEnabledStandards, {}, 'StandardsSubscriptions'),
      ctx.all(ListEnabledProductsForImport, {}, 'ProductSubscriptions'),
    ]);
    return {
      hubArn: hub.HubArn ?? 'enabled',
      hubV2Arn: null,
      standards: standards.map((s) => ({ StandardsArn: s.StandardsArn, StandardsStatus: s.StandardsStatus })),
      products: products.filter((p) => !p.includes('/aws/securityhub')),
    };
  },
  evaluate(f, ctx) {
    if (!f.hubArn) {
      if (f.hubV2Arn) return pass('Security Hub (V2) is enabled', { resources: [{ id: f.hubV2Arn, status: 'PASS', reason: 'Security Hub V2 enabled' }], warnings: ['Security Hub CSPM (with standards) is not enabled; only V2'] });
      return fail('Security Hub is not enabled', 'NOT_ENABLED');
    }
    const ready = f.standards.filter((s) => s.StandardsStatus === 'READY');
    const hub = { id: f.hubArn };
    if (ready.length === 0) {
      return fail(`Security Hub is enabled but no standard is READY (${f.standards.length} enabled)`, 'MISCONFIGURED', { resources: [{ ...hub, status: 'FAIL', reason: 'no READY standard' }] });
    }
    const names = ready.map((s) => standardName(s.StandardsArn ?? '')).join(', ');
    const warnings: string[] = [];
    if (ctx.control === 'A.14' && f.products.length === 0) warnings.push('no third-party product integrations imported into Security Hub');
    const extra = ctx.control === 'A.14' ? `; ${f.products.length} product integration(s)` : '';
    // A.14: the third-party integrations are the evidence of third-party monitoring (not a requirement).
    const products = ctx.control === 'A.14' ? f.products.map((p) => ({ id: p, status: 'PASS' as const, reason: `product integration ${productName(p)}` })) : [];
    return pass(`Security Hub enabled with ${ready.length} READY standard(s): ${names}${extra}`, {
      resources: [{ ...hub, status: 'PASS', reason: `${ready.length} READY standard(s)` }, ...products],
      warnings,
    });
  },
});

/** "…:product-subscription/crowdstrike/crowdstrike-falcon" → "crowdstrike/crowdstrike-falcon". */
function productName(arn: string): string {
  const m = arn.match(/product-subscription\/(.+)$/);
  return m ? m[1] : arn;
}

function standardName(arn: string): string {
  const m = arn.match(/standards\/(.+)$/);
  return m ? m[1] : arn;
}
