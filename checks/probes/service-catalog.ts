// AWS Service Catalog — A.13 governance through approved ML infrastructure templates. probes.md §2.44.
// Tool-choice service: no portfolio and no SageMaker project → the user's optional-service policy
// (MANUAL by default), or NOT_APPLICABLE where the region has no AI footprint.
// Evidence of use for AI: SageMaker projects (provisioned from Service Catalog templates), the
// SageMaker Projects portfolio enabled, or a portfolio with products and principals whose name
// or description says ML/AI/SageMaker.
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
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, notInUse, pass } from '../../src/engine/probe.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';

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
  portfolios: Portfolio[];
  capped: boolean;
  sagemakerPortfolio?: string;
  projects: { arn: string; name: string; status?: string }[];
  footprint: AiFootprint;
}

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
      ctx.all(ListPortfolios, {}, 'PortfolioDetails'),
      ctx.call(GetSagemakerServicecatalogPortfolioStatus, {}),
      ctx.all(ListProjects, {}, 'ProjectSummaryList'),
    ]);
    const read = portfolios.slice(0, PORTFOLIO_CAP);
    const detailed = await Promise.all(
      read.map(async (p): Promise<Portfolio> => {
        const [products, principals] = await Promise.all([
          ctx.all(SearchProductsAsAdmin, { PortfolioId: p.Id }, 'ProductViewDetails'),
          ctx.all(ListPrincipalsForPortfolio, { PortfolioId: p.Id }, 'Principals'),
        ]);
        return { id: p.Id ?? '', arn: p.ARN ?? p.Id ?? '', name: p.DisplayName ?? p.Id ?? '', ml: ML.test(`${p.DisplayName ?? ''} ${p.Description ?? ''}`), products: products.length, principals: principals.length };
      }),
    );
    return {
      portfolios: detailed,
      capped: portfolios.length > read.length,
      sagemakerPortfolio: smStatus.Status,
      projects: projects.map((p) => ({ arn: p.ProjectArn ?? p.ProjectName ?? '', name: p.ProjectName ?? '', status: p.ProjectStatus })),
      footprint,
    };
  },
  evaluate(f, ctx) {
    const warnings = ['that the templates are the organisation\'s approved patterns needs attestation'];
    if (f.capped) warnings.push(`only the first ${PORTFOLIO_CAP} portfolios were read`);
    const complete = (p: Portfolio) => p.products > 0 && p.principals > 0;
    const resources: ResourceResult[] = f.portfolios.map((p) => ({
      id: p.arn,
      status: complete(p) ? 'PASS' : 'FAIL',
      reason: `portfolio ${p.name}${p.ml ? ' (ML)' : ''}: ${p.products} product(s), ${p.principals} principal(s)`,
    }));
    const liveProjects = f.projects.filter((p) => p.status === 'CreateCompleted' || p.status === 'UpdateCompleted' || p.status === 'UpdateInProgress');
    for (const p of f.projects) resources.push({ id: p.arn, status: liveProjects.includes(p) ? 'PASS' : 'FAIL', reason: `SageMaker project ${p.name}: ${p.status ?? 'status unknown'}` });
    const sm = f.sagemakerPortfolio === 'Enabled' ? 'SageMaker Projects portfolio enabled' : undefined;
    const mlPortfolios = f.portfolios.filter((p) => p.ml && complete(p));
    if (liveProjects.length) return pass(`${liveProjects.length} SageMaker project(s) provisioned from Service Catalog templates${sm ? `; ${sm}` : ''}`, { resources, warnings });
    if (mlPortfolios.length) return pass(`${mlPortfolios.length} ML portfolio(s) with products shared to principals: ${mlPortfolios.map((p) => p.name).join(', ')}`, { resources, warnings });
    const usable = f.portfolios.filter(complete);
    if (usable.length) return manual(`${usable.length} portfolio(s) with products and principals, none recognisably for ML${sm ? `; ${sm} but no project` : ''}: confirm they hold the approved ML templates`, { resources, warnings, code: 'PARTIAL' });
    if (f.portfolios.length) return fail(`${f.portfolios.length} portfolio(s), none with both a product and a principal: nothing can be provisioned from them`, 'MISCONFIGURED', { resources, warnings });
    const fp = anyAi(f.footprint);
    if (fp === false) return notApplicable(`no AI footprint in ${ctx.region} and no Service Catalog portfolio or SageMaker project`, { warnings: sm ? [sm] : [] });
    if (fp === null) warnings.push(`AI footprint unknown: ${f.footprint.unknown.join('; ')}`);
    return notInUse(ctx, `no Service Catalog portfolio or SageMaker project in ${ctx.region}${sm ? ` (${sm}, unused)` : ''}`, { resources, warnings });
  },
});
