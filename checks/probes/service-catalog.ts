// AWS Service Catalog — A.13 governance through approved ML infrastructure templates. probes.md §2.44.
// Tool-choice service: no portfolio and no SageMaker project → the user's optional-service policy
// (MANUAL by default), or NOT_APPLICABLE where the region has no AI footprint.
// Evidence of use for AI: SageMaker projects (provisioned from Service Catalog templates), the
// SageMaker Projects portfolio enabled, or a portfolio with products and principals whose name
// or description says ML/AI/SageMaker. The SageMaker Projects portfolio status only feeds the
// wording: when it cannot be read, a warning says so and the verdict does not change.
import type {
  ListPortfoliosCommandInput,
  ListPortfoliosCommandOutput,
  ListPrincipalsForPortfolioCommandInput,
  ListPrincipalsForPortfolioCommandOutput,
  SearchProductsAsAdminCommandInput,
  SearchProductsAsAdminCommandOutput,
} from '@aws-sdk/client-service-catalog';
import type {
  GetSagemakerServicecatalogPortfolioStatusCommandInput,
  GetSagemakerServicecatalogPortfolioStatusCommandOutput,
  ListProjectsCommandInput,
  ListProjectsCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, fail, manual, pass, resourceOf, undecided, type EvalContext } from '../../src/engine/probe.js';
import { and, fact, fanOut, mapEv, mapList, nonEmpty, or, some, allKnown, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { aiFootprint, aiInUse, type AiFootprint } from '../facts/ai-footprint.js';
import { unused, noteUnread } from '../rules/workload-gate.js';

const PAGE = { inputToken: 'PageToken', outputToken: 'NextPageToken' };
const ListPortfolios = op<ListPortfoliosCommandInput, ListPortfoliosCommandOutput>('servicecatalog', 'ListPortfolios', { paginate: PAGE });
const SearchProductsAsAdmin = op<SearchProductsAsAdminCommandInput, SearchProductsAsAdminCommandOutput>('servicecatalog', 'SearchProductsAsAdmin', { paginate: PAGE });
const ListPrincipalsForPortfolio = op<ListPrincipalsForPortfolioCommandInput, ListPrincipalsForPortfolioCommandOutput>('servicecatalog', 'ListPrincipalsForPortfolio', { paginate: PAGE });
const GetSagemakerServicecatalogPortfolioStatus = op<GetSagemakerServicecatalogPortfolioStatusCommandInput, GetSagemakerServicecatalogPortfolioStatusCommandOutput>('sagemaker', 'GetSagemakerServicecatalogPortfolioStatus');
const ListProjects = op<ListProjectsCommandInput, ListProjectsCommandOutput>('sagemaker', 'ListProjects', { paginate: NEXT_TOKEN });

/** Portfolios read in detail per region. */
export const PORTFOLIO_CAP = 100;
const ML = /\b(ml|ai|mlops|machine learning|sagemaker|model)s?\b/i;

export interface Portfolio {
  id: string;
  arn: string;
  name: string;
  ml: boolean;
  products: number;
  principals: number;
}

export interface ServiceCatalogFacts {
  /** Portfolios read in detail; one whose products or principals could not be listed is named in the causes. */
  portfolios: ListEv<Portfolio>;
  capped: boolean;
  sagemakerPortfolio: Ev<string | undefined>;
  projects: ListEv<{ arn: string; name: string; status?: string }>;
  footprint: AiFootprint;
}

const LIVE_PROJECT = ['CreateCompleted', 'UpdateCompleted', 'UpdateInProgress'];
const usable = (p: Portfolio): Tri => fact(p.products > 0 && p.principals > 0, `${p.name}: products shared to principals`, `${p.name}: ${p.products} product(s), ${p.principals} principal(s)`);

export default defineProbe<ServiceCatalogFacts>({
  id: 'service-catalog',
  service: 'AWS Service Catalog',
  title: 'ML infrastructure is provisioned from approved Service Catalog templates',
  severity: 'low',
  remediation: 'Publish approved ML templates as Service Catalog products in a portfolio shared with the ML teams, or enable SageMaker Projects and create projects from its templates: SageMaker console → Admin configurations → Projects, `aws sagemaker enable-sagemaker-servicecatalog-portfolio`, or `aws servicecatalog create-portfolio` + `associate-product-with-portfolio` + `associate-principal-with-portfolio`.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListPortfolios, SearchProductsAsAdmin, ListPrincipalsForPortfolio, GetSagemakerServicecatalogPortfolioStatus, ListProjects],
  uses: [aiFootprint],
  async collect(ctx) {
    const [footprint, portfolios, smStatus, projects] = await Promise.all([
      ctx.use(aiFootprint),
      ctx.list(ListPortfolios, {}, 'PortfolioDetails'),
      ctx.read(GetSagemakerServicecatalogPortfolioStatus, {}),
      ctx.list(ListProjects, {}, 'ProjectSummaryList'),
    ]);
    const ordered = [...portfolios.items].sort((a, b) => (a.DisplayName ?? '').localeCompare(b.DisplayName ?? '') || (a.Id ?? '').localeCompare(b.Id ?? ''));
    const read = ordered.slice(0, PORTFOLIO_CAP);
    const detailed = await fanOut(read, async (p): Promise<Ev<Portfolio>> => {
      const resource = p.ARN ?? p.Id;
      const [products, principals] = await Promise.all([
        ctx.list(SearchProductsAsAdmin, { PortfolioId: p.Id }, 'ProductViewDetails', { resource }),
        ctx.list(ListPrincipalsForPortfolio, { PortfolioId: p.Id }, 'Principals', { resource }),
      ]);
      // A partial listing with one item already shows "some"; only an empty partial one is unknown.
      const count = (l: ListEv<unknown>): Ev<number> => (l.items.length || l.complete ? { known: true, value: l.items.length } : { known: false, causes: l.causes });
      return mapEv(allKnown({ products: count(products), principals: count(principals) }, resource), (c) => ({
        id: p.Id ?? '',
        arn: p.ARN ?? p.Id ?? '',
        name: p.DisplayName ?? p.Id ?? '',
        ml: ML.test(`${p.DisplayName ?? ''} ${p.Description ?? ''}`),
        ...c,
      }));
    });
    return {
      portfolios: { ...detailed, complete: detailed.complete && portfolios.complete, causes: [...portfolios.causes, ...detailed.causes] },
      capped: portfolios.items.length > read.length,
      sagemakerPortfolio: mapEv(smStatus, (s) => s.Status),
      projects: mapList(projects, (p) => ({ arn: p.ProjectArn ?? p.ProjectName ?? '', name: p.ProjectName ?? '', status: p.ProjectStatus })),
      footprint,
    };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.portfolios, f.sagemakerPortfolio, f.projects);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: ServiceCatalogFacts, ctx: EvalContext): Verdict {
  const warnings = ["that the templates are the organisation's approved patterns needs attestation"];
  if (f.capped) warnings.push(`only the first ${PORTFOLIO_CAP} portfolios (by name) were read`);
  if (!f.sagemakerPortfolio.known) warnings.push(`SageMaker Projects portfolio status not read (${f.sagemakerPortfolio.causes.map((c) => c.action).join(', ')})`);
  const sm = f.sagemakerPortfolio.known && f.sagemakerPortfolio.value === 'Enabled' ? 'SageMaker Projects portfolio enabled' : undefined;
  const portfolios = [...f.portfolios.items].sort((a, b) => a.arn.localeCompare(b.arn));
  const projects = [...f.projects.items].sort((a, b) => a.arn.localeCompare(b.arn));
  const resources: ResourceResult[] = [
    ...portfolios.map((p) => ({ id: p.arn, status: p.products > 0 && p.principals > 0 ? ('PASS' as const) : ('FAIL' as const), reason: `portfolio ${p.name}${p.ml ? ' (ML)' : ''}: ${p.products} product(s), ${p.principals} principal(s)` })),
    ...projects.map((p) => ({ id: p.arn, status: LIVE_PROJECT.includes(p.status ?? '') ? ('PASS' as const) : ('FAIL' as const), reason: `SageMaker project ${p.name}: ${p.status ?? 'status unknown'}` })),
    ...f.portfolios.causes.filter((c) => c.resource).map((c) => resourceOf(c.resource as string, undefined, { v: 'U', causes: [c], why: [] }, 'portfolio')),
  ];
  const liveProjects = some(f.projects, (p) => fact(LIVE_PROJECT.includes(p.status ?? ''), `project ${p.name}`, `project ${p.name} ${p.status ?? ''}`));
  const mlPortfolio = some(f.portfolios, (p) => and(fact(p.ml, 'ML', 'not ML'), usable(p)));
  const live = projects.filter((p) => LIVE_PROJECT.includes(p.status ?? ''));
  if (liveProjects.v === 'T') return pass(`${live.length} SageMaker project(s) provisioned from Service Catalog templates${sm ? `; ${sm}` : ''}`, { resources, warnings });
  const ml = portfolios.filter((p) => p.ml && p.products > 0 && p.principals > 0);
  if (mlPortfolio.v === 'T') return pass(`${ml.length} ML portfolio(s) with products shared to principals: ${ml.map((p) => p.name).join(', ')}`, { resources, warnings });
  const anyPass = or(liveProjects, mlPortfolio);
  if (anyPass.v === 'U') return undecided(anyPass.causes, 'no SageMaker project or ML portfolio shown in use among what was read', { resources, warnings });
  const anyUsable = some(f.portfolios, usable);
  const count = portfolios.filter((p) => p.products > 0 && p.principals > 0).length;
  if (anyUsable.v === 'T') return manual(`${count} portfolio(s) with products and principals, none recognisably for ML${sm ? `; ${sm} but no project` : ''}: confirm they hold the approved ML templates`, { resources, warnings, code: 'PARTIAL' });
  if (portfolios.length) return fail(`${portfolios.length} portfolio(s), none with both a product and a principal: nothing can be provisioned from them`, 'MISCONFIGURED', { resources, warnings });
  const none = nonEmpty(f.portfolios, 'portfolios', 'no portfolios');
  if (none.v === 'U') return undecided(none.causes, 'Service Catalog portfolios could not be listed', { resources, warnings });
  return unused(ctx, aiInUse(f.footprint), {
    na: `no AI footprint in ${ctx.region} and no Service Catalog portfolio or SageMaker project`,
    unused: `no Service Catalog portfolio or SageMaker project in ${ctx.region}${sm ? ` (${sm}, unused)` : ''}`,
    condition: 'AI workloads',
  }, { resources, warnings: sm ? [...warnings, sm] : warnings });
}
