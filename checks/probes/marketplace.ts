// AWS Marketplace — A.14 vetted third-party AI components. probes.md §2.46.
// Always MANUAL: vetting cannot be proven by API. The probe inventories what was acquired so the
// auditor has the list to attest: purchase agreements (ML products marked), received licenses,
// Bedrock Marketplace model endpoints, SageMaker models built from another account's model package.
// Nothing found → the user's optional-service policy for tool-choice services (MANUAL by default).
import type { ListMarketplaceModelEndpointsCommandInput, ListMarketplaceModelEndpointsCommandOutput } from '@aws-sdk/client-bedrock';
import type { ListReceivedLicensesCommandInput, ListReceivedLicensesCommandOutput } from '@aws-sdk/client-license-manager';
import type { SearchAgreementsCommandInput, SearchAgreementsCommandOutput } from '@aws-sdk/client-marketplace-agreement';
import { AwsCallError, isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, next_token, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { type CollectContext, defineProbe, manual, notInUse, startNow } from '../../src/engine/probe.js';
import { DESCRIBE_CAP } from '../facts/ai-buckets.js';
import { DescribeModel } from '../facts/sagemaker-endpoint-details.js';
import { newestFirst, sagemakerInventory } from '../facts/sagemaker-inventory.js';
import { mustAll } from '../../src/engine/evidence.js';

// The agreement service has a single endpoint in us-east-1 (services.ts pins it; probes.md §6.3).
const SearchAgreements = op<SearchAgreementsCommandInput, SearchAgreementsCommandOutput>('marketplaceagreement', 'SearchAgreements', { scope: 'global', paginate: next_token });
// No paginator file in the SDK for this one; it pages on NextToken.
const ListReceivedLicenses = op<ListReceivedLicensesCommandInput, ListReceivedLicensesCommandOutput>('licensemanager', 'ListReceivedLicenses', { paginate: NEXT_TOKEN });
const ListMarketplaceModelEndpoints = op<ListMarketplaceModelEndpointsCommandInput, ListMarketplaceModelEndpointsCommandOutput>('bedrock', 'ListMarketplaceModelEndpoints', { paginate: next_token });

export interface MarketplaceFacts {
  agreements: { id: string; status?: string; ml: boolean; proposer?: string; products: string[]; end?: string }[];
  licenses: { arn: string; product: string; issuer?: string; status?: string; region: string }[];
  endpoints: { arn: string; model: string; status?: string; region: string }[];
  models: { arn: string; name: string; modelPackage: string; region: string }[];
  skipped: string[];
  notes: string[];
}

function skippable(err: unknown): err is AwsCallError {
  return err instanceof AwsCallError && (err.kind === 'unavailable' || err.kind === 'region-disabled');
}

/** SageMaker models built from a model package owned by another account (Marketplace sellers publish packages). */
async function foreignPackageModels(ctx: CollectContext, region: string, notes: string[]): Promise<MarketplaceFacts['models']> {
  const inv = await ctx.use(sagemakerInventory, { region });
  // Newest first and the same cap as the AI bucket scan, so both share the DescribeModel calls.
  const models = newestFirst(mustAll(inv.models), (m) => m.CreationTime);
  if (models.length > DESCRIBE_CAP) notes.push(`${region}: only the ${DESCRIBE_CAP} most recent of ${models.length} SageMaker models were described`);
  const described = await Promise.all(models.slice(0, DESCRIBE_CAP).map((m) => ctx.callOrAbsent(DescribeModel, { ModelName: m.ModelName }, { region })));
  const out: MarketplaceFacts['models'] = [];
  for (const d of described) {
    if (isAbsent(d)) continue;
    for (const c of [d.PrimaryContainer, ...(d.Containers ?? [])]) {
      const pkg = c?.ModelPackageName;
      const owner = pkg?.startsWith('arn:') ? pkg.split(':')[4] : undefined;
      if (pkg && owner && owner !== ctx.accountId) out.push({ arn: d.ModelArn ?? d.ModelName ?? '', name: d.ModelName ?? '', modelPackage: pkg, region });
    }
  }
  return out;
}

export default defineProbe<MarketplaceFacts>({
  id: 'marketplace',
  service: 'AWS Marketplace',
  title: 'Third-party AI components acquired through AWS Marketplace are inventoried for vetting',
  severity: 'informational',
  remediation: 'Keep third-party AI models and tools to vetted Marketplace products (a Private Marketplace experience restricts what can be subscribed), and record the vetting of each agreement: AWS Marketplace console → Private Marketplace; review `aws marketplace-agreement search-agreements` output.',
  serviceClass: 'tool-choice',
  scope: 'global',
  calls: [SearchAgreements, ListReceivedLicenses, ListMarketplaceModelEndpoints, DescribeModel],
  uses: [sagemakerInventory],
  async collect(ctx) {
    const skipped: string[] = [];
    const notes: string[] = [];
    // Agreements (global) and the regional lists go out together.
    const agreementsP = startNow(ctx.all(
      SearchAgreements,
      { catalog: 'AWSMarketplace', filters: [{ name: 'PartyType', values: ['Acceptor'] }, { name: 'AgreementType', values: ['PurchaseAgreement'] }, { name: 'Status', values: ['ACTIVE'] }] },
      'agreementViewSummaries',
    ));
    const licenses: MarketplaceFacts['licenses'] = [];
    const endpoints: MarketplaceFacts['endpoints'] = [];
    const models: MarketplaceFacts['models'] = [];
    const regional = async (label: string, region: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (err) {
        if (skippable(err)) skipped.push(`${label} in ${region}: ${err.reason}`);
        else throw err;
      }
    };
    await Promise.all(
      ctx.regions.flatMap((region) => [
        regional('License Manager', region, async () => {
          for (const l of await ctx.all(ListReceivedLicenses, {}, 'Licenses', { region })) licenses.push({ arn: l.LicenseArn ?? '', product: l.ProductName ?? l.LicenseName ?? '', issuer: l.Issuer?.Name, status: l.Status, region });
        }),
        regional('Bedrock', region, async () => {
          for (const e of await ctx.all(ListMarketplaceModelEndpoints, {}, 'marketplaceModelEndpoints', { region })) endpoints.push({ arn: e.endpointArn ?? '', model: e.modelSourceIdentifier ?? '', status: e.status, region });
        }),
        regional('SageMaker', region, async () => {
          models.push(...(await foreignPackageModels(ctx, region, notes)));
        }),
      ]),
    );
    const agreements = await agreementsP;
    // A license is account-wide but listed from each region: keep one per ARN.
    const seen = new Set<string>();
    const uniqueLicenses = licenses.filter((l) => (seen.has(l.arn) ? false : (seen.add(l.arn), true)));
    const byArn = (a: { arn: string }, b: { arn: string }) => a.arn.localeCompare(b.arn);
    return {
      agreements: agreements.map((a) => {
        const products = (a.proposalSummary?.resources ?? []).map((r) => `${r.type ?? 'product'} ${r.id ?? ''}`.trim());
        return { id: a.agreementId ?? '', status: a.status, ml: (a.proposalSummary?.resources ?? []).some((r) => r.type === 'MachineLearningProduct'), proposer: a.proposer?.accountId, products, end: a.endTime?.toISOString() };
      }),
      licenses: uniqueLicenses.sort(byArn),
      endpoints: endpoints.sort(byArn),
      models: models.sort(byArn),
      skipped: skipped.sort(),
      notes: notes.sort(),
    };
  },
  evaluate(f, ctx) {
    const warnings = [...f.notes, ...f.skipped.map((s) => `not listed: ${s}`)];
    const resources: ResourceResult[] = [
      ...f.agreements.map((a) => ({ id: a.id, status: 'MANUAL' as const, reason: `agreement ${a.id}${a.ml ? ' (ML product)' : ''} with seller ${a.proposer ?? '?'}: ${a.products.join(', ') || 'product not named'}${a.end ? `, ends ${a.end.slice(0, 10)}` : ''}` })),
      ...f.licenses.map((l) => ({ id: l.arn, region: l.region, status: 'MANUAL' as const, reason: `license ${l.product} from ${l.issuer ?? 'unknown issuer'} (${l.status ?? 'status unknown'})` })),
      ...f.endpoints.map((e) => ({ id: e.arn, region: e.region, status: 'MANUAL' as const, reason: `Bedrock Marketplace endpoint for ${e.model} (${e.status ?? 'status unknown'})` })),
      ...f.models.map((m) => ({ id: m.arn, region: m.region, status: 'MANUAL' as const, reason: `SageMaker model ${m.name} from model package ${m.modelPackage} (another account: Marketplace seller or shared registry)` })),
    ];
    if (resources.length === 0) return notInUse(ctx, 'no active Marketplace agreement, received license, Bedrock Marketplace endpoint or SageMaker model from another account\'s model package', { warnings });
    const ml = f.agreements.filter((a) => a.ml).length;
    const parts = [
      `${f.agreements.length} active agreement(s)${ml ? ` (${ml} ML product(s))` : ''}`,
      `${f.licenses.length} received license(s)`,
      `${f.endpoints.length} Bedrock Marketplace endpoint(s)`,
      `${f.models.length} SageMaker model(s) from external model packages`,
    ];
    return manual(`third-party AI components inventoried — ${parts.join(', ')}: vetting cannot be proven by API; attest that each was reviewed`, { resources, warnings, code: 'PARTIAL' });
  },
});
