// AWS Marketplace — A.14 vetted third-party AI components. probes.md §2.46.
// Always MANUAL: vetting cannot be proven by API. The probe inventories what was acquired so the
// auditor has the list to attest: purchase agreements (ML products marked), received licenses,
// Bedrock Marketplace model endpoints, SageMaker models built from another account's model package.
// Nothing found → the user's optional-service policy for tool-choice services (MANUAL by default).
// Each source is read on its own; one that could not be read leaves "nothing found" open, which
// under the default policy is MANUAL either way (found: attest the list; none: attest an
// equivalent), so only the 'fail' and 'na' policies turn it into ERROR.
import type { ListMarketplaceModelEndpointsCommandInput, ListMarketplaceModelEndpointsCommandOutput } from '@aws-sdk/client-bedrock';
import type { ListReceivedLicensesCommandInput, ListReceivedLicensesCommandOutput } from '@aws-sdk/client-license-manager';
import type { SearchAgreementsCommandInput, SearchAgreementsCommandOutput } from '@aws-sdk/client-marketplace-agreement';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, next_token, op } from '../../src/aws/ops.js';
import type { ResourceResult, Verdict } from '../../src/model.js';
import { type CollectContext, defineProbe, manual, notInUse, startNow, undecided, type EvalContext } from '../../src/engine/probe.js';
import { concatLists, fanOut, known, mapList, nonEmpty, or, sortCauses, type Ev, type ListEv } from '../../src/engine/evidence.js';
import { DESCRIBE_CAP } from '../facts/ai-buckets.js';
import { DescribeModel } from '../facts/sagemaker-endpoint-details.js';
import { newestFirst, sagemakerInventory } from '../facts/sagemaker-inventory.js';
import { unlessUnreachable } from '../facts/read-lists.js';
import { manualEither, noteUnread } from '../rules/workload-gate.js';

// The agreement service has a single endpoint in us-east-1 (services.ts pins it; probes.md §6.3).
const SearchAgreements = op<SearchAgreementsCommandInput, SearchAgreementsCommandOutput>('marketplaceagreement', 'SearchAgreements', { scope: 'global', paginate: next_token });
// No paginator file in the SDK for this one; it pages on NextToken.
const ListReceivedLicenses = op<ListReceivedLicensesCommandInput, ListReceivedLicensesCommandOutput>('licensemanager', 'ListReceivedLicenses', { paginate: NEXT_TOKEN });
const ListMarketplaceModelEndpoints = op<ListMarketplaceModelEndpointsCommandInput, ListMarketplaceModelEndpointsCommandOutput>('bedrock', 'ListMarketplaceModelEndpoints', { paginate: next_token });

export interface MarketplaceFacts {
  agreements: ListEv<{ id: string; status?: string; ml: boolean; proposer?: string; products: string[]; end?: string }>;
  licenses: ListEv<{ arn: string; product: string; issuer?: string; status?: string; region: string }>;
  endpoints: ListEv<{ arn: string; model: string; status?: string; region: string }>;
  /** SageMaker models built from another account's model package; incomplete when a region's models could not all be read. */
  models: ListEv<{ arn: string; name: string; modelPackage: string; region: string }>;
  notes: string[];
}

type ForeignModel = MarketplaceFacts['models']['items'][number];

/** SageMaker models built from a model package owned by another account (Marketplace sellers publish packages). */
async function foreignPackageModels(ctx: CollectContext, region: string, notes: string[]): Promise<ListEv<ForeignModel>> {
  const inv = await ctx.use(sagemakerInventory, { region });
  const listed = unlessUnreachable(ctx, inv.models, region, 'SageMaker models', notes);
  // Newest first and the same cap as the AI bucket scan, so both share the DescribeModel calls.
  const models = newestFirst(listed.items, (m) => m.CreationTime);
  if (models.length > DESCRIBE_CAP) notes.push(`${region}: only the ${DESCRIBE_CAP} most recent of ${models.length} SageMaker models were described`);
  const described = await fanOut({ ...listed, items: models.slice(0, DESCRIBE_CAP) }, async (m): Promise<Ev<ForeignModel[]>> => {
    const d = await ctx.readOrAbsent(DescribeModel, { ModelName: m.ModelName }, { region, resource: m.ModelArn ?? m.ModelName });
    if (!d.known) return d;
    if (isAbsent(d.value)) return known([]);
    const v = d.value;
    return known(
      [v.PrimaryContainer, ...(v.Containers ?? [])].flatMap((c) => {
        const pkg = c?.ModelPackageName;
        const owner = pkg?.startsWith('arn:') ? pkg.split(':')[4] : undefined;
        return pkg && owner && owner !== ctx.accountId ? [{ arn: v.ModelArn ?? v.ModelName ?? '', name: v.ModelName ?? '', modelPackage: pkg, region }] : [];
      }),
    );
  });
  return { items: described.items.flat(), complete: described.complete, causes: described.causes };
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
    const notes: string[] = [];
    // Agreements (global) and the regional lists go out together.
    const agreementsP = startNow(
      ctx.list(
        SearchAgreements,
        { catalog: 'AWSMarketplace', filters: [{ name: 'PartyType', values: ['Acceptor'] }, { name: 'AgreementType', values: ['PurchaseAgreement'] }, { name: 'Status', values: ['ACTIVE'] }] },
        'agreementViewSummaries',
      ),
    );
    const perRegion = await Promise.all(
      ctx.regions.map(async (region) => {
        const [licenses, endpoints, models] = await Promise.all([
          ctx.list(ListReceivedLicenses, {}, 'Licenses', { region }),
          ctx.list(ListMarketplaceModelEndpoints, {}, 'marketplaceModelEndpoints', { region }),
          foreignPackageModels(ctx, region, notes),
        ]);
        return {
          licenses: mapList(unlessUnreachable(ctx, licenses, region, 'License Manager', notes), (l) => ({ arn: l.LicenseArn ?? '', product: l.ProductName ?? l.LicenseName ?? '', issuer: l.Issuer?.Name, status: l.Status, region })),
          endpoints: mapList(unlessUnreachable(ctx, endpoints, region, 'Bedrock', notes), (e) => ({ arn: e.endpointArn ?? '', model: e.modelSourceIdentifier ?? '', status: e.status, region })),
          models,
        };
      }),
    );
    const agreements = await agreementsP;
    const byArn = (a: { arn: string }, b: { arn: string }) => a.arn.localeCompare(b.arn);
    // A license is account-wide but listed from each region: keep one per ARN.
    const licenses = concatLists(perRegion.map((r) => r.licenses));
    const seen = new Set<string>();
    licenses.items = licenses.items.sort((a, b) => byArn(a, b) || a.region.localeCompare(b.region)).filter((l) => (seen.has(l.arn) ? false : (seen.add(l.arn), true)));
    const endpoints = concatLists(perRegion.map((r) => r.endpoints));
    endpoints.items.sort(byArn);
    const models = concatLists(perRegion.map((r) => r.models));
    models.items.sort(byArn);
    return {
      agreements: mapList(agreements, (a) => {
        const products = (a.proposalSummary?.resources ?? []).map((r) => `${r.type ?? 'product'} ${r.id ?? ''}`.trim());
        return { id: a.agreementId ?? '', status: a.status, ml: (a.proposalSummary?.resources ?? []).some((r) => r.type === 'MachineLearningProduct'), proposer: a.proposer?.accountId, products, end: a.endTime?.toISOString() };
      }),
      licenses,
      endpoints,
      models,
      notes: notes.sort(),
    };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.agreements, f.licenses, f.endpoints, f.models);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: MarketplaceFacts, ctx: EvalContext): Verdict {
  const unread = sortCauses([f.agreements, f.licenses, f.endpoints, f.models].flatMap((l) => l.causes));
  const warnings = [...f.notes, ...(unread.length ? [`not read (the inventory may be incomplete): ${[...new Set(unread.map((c) => `${c.action} in ${c.region}`))].join(', ')}`] : [])];
  const resources: ResourceResult[] = [
    ...f.agreements.items.map((a) => ({ id: a.id, status: 'MANUAL' as const, reason: `agreement ${a.id}${a.ml ? ' (ML product)' : ''} with seller ${a.proposer ?? '?'}: ${a.products.join(', ') || 'product not named'}${a.end ? `, ends ${a.end.slice(0, 10)}` : ''}` })),
    ...f.licenses.items.map((l) => ({ id: l.arn, region: l.region, status: 'MANUAL' as const, reason: `license ${l.product} from ${l.issuer ?? 'unknown issuer'} (${l.status ?? 'status unknown'})` })),
    ...f.endpoints.items.map((e) => ({ id: e.arn, region: e.region, status: 'MANUAL' as const, reason: `Bedrock Marketplace endpoint for ${e.model} (${e.status ?? 'status unknown'})` })),
    ...f.models.items.map((m) => ({ id: m.arn, region: m.region, status: 'MANUAL' as const, reason: `SageMaker model ${m.name} from model package ${m.modelPackage} (another account: Marketplace seller or shared registry)` })),
  ];
  const found = or(
    nonEmpty(f.agreements, 'agreements', 'no agreements'),
    nonEmpty(f.licenses, 'licenses', 'no licenses'),
    nonEmpty(f.endpoints, 'endpoints', 'no endpoints'),
    nonEmpty(f.models, 'models', 'no models'),
  );
  const none = "no active Marketplace agreement, received license, Bedrock Marketplace endpoint or SageMaker model from another account's model package";
  if (found.v === 'F') return notInUse(ctx, none, { warnings });
  if (found.v === 'U') {
    return manualEither(ctx, found, `${none} among what could be read; ${[...new Set(found.causes.map((c) => c.action))].join(', ')} not read: attest third-party AI components and their vetting`, { warnings }) ?? undecided(found.causes, `${none} among what could be read`, { warnings });
  }
  const ml = f.agreements.items.filter((a) => a.ml).length;
  const parts = [
    `${f.agreements.items.length} active agreement(s)${ml ? ` (${ml} ML product(s))` : ''}`,
    `${f.licenses.items.length} received license(s)`,
    `${f.endpoints.items.length} Bedrock Marketplace endpoint(s)`,
    `${f.models.items.length} SageMaker model(s) from external model packages`,
  ];
  return manual(`third-party AI components inventoried — ${parts.join(', ')}: vetting cannot be proven by API; attest that each was reviewed`, { resources, warnings, code: 'PARTIAL' });
}
