// AWS Glue DataBrew — A.3 data quality profiling, A.10 de-identification. probes.md §2.17.
// Tool-choice service: unused → the user's optional-service policy (MANUAL by default).
// A.3: a profile job validating a ruleset or with a profile configuration.
// A.10: a recipe job whose recipe masks, hashes, encrypts or shuffles PII; every job encrypts output.
import type {
  DescribeJobCommandInput,
  DescribeJobCommandOutput,
  ListDatasetsCommandInput,
  ListDatasetsCommandOutput,
  ListJobsCommandInput,
  ListJobsCommandOutput,
  ListRecipesCommandInput,
  ListRecipesCommandOutput,
  ListRulesetsCommandInput,
  ListRulesetsCommandOutput,
} from '@aws-sdk/client-databrew';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, notInUse, pass, type EvalContext } from '../../src/engine/probe.js';

const ListDatasets = op<ListDatasetsCommandInput, ListDatasetsCommandOutput>('databrew', 'ListDatasets', { paginate: NEXT_TOKEN });
const ListJobs = op<ListJobsCommandInput, ListJobsCommandOutput>('databrew', 'ListJobs', { paginate: NEXT_TOKEN });
const DescribeJob = op<DescribeJobCommandInput, DescribeJobCommandOutput>('databrew', 'DescribeJob');
const ListRulesets = op<ListRulesetsCommandInput, ListRulesetsCommandOutput>('databrew', 'ListRulesets', { paginate: NEXT_TOKEN });
const ListRecipes = op<ListRecipesCommandInput, ListRecipesCommandOutput>('databrew', 'ListRecipes', { paginate: NEXT_TOKEN });

/** DataBrew's PII recipe steps (DataBrew developer guide, "PII recipe steps"), plus DELETE. */
export const PII_OPERATIONS = new Set([
  'CRYPTOGRAPHIC_HASH',
  'DETERMINISTIC_ENCRYPT',
  'ENCRYPT',
  'MASK_CUSTOM',
  'MASK_DATE',
  'MASK_DELIMITER',
  'MASK_RANGE',
  'REPLACE_WITH_RANDOM_BETWEEN',
  'REPLACE_WITH_RANDOM_DATE_BETWEEN',
  'SHUFFLE_ROWS',
  'DELETE',
]);
/** Profile jobs described per region. */
export const DESCRIBE_CAP = 100;

export interface BrewJob {
  name: string;
  arn: string;
  type?: string;
  encryption?: string;
  rulesets: number;
  /** From DescribeJob; undefined when not read. */
  profileConfigured?: boolean;
  recipe?: string;
}

export interface DataBrewFacts {
  datasets: number;
  jobs: BrewJob[];
  rulesets: number;
  /** Recipe name → PII operations it applies. */
  recipePii: Record<string, string[]>;
  describeCapped: boolean;
}

export default defineProbe<DataBrewFacts>({
  id: 'glue-databrew',
  service: 'AWS Glue DataBrew',
  title: 'DataBrew profiles AI data quality (A.3) and de-identifies PII with encrypted output (A.10)',
  severity: 'medium',
  remediation: 'A.3: create a DataBrew profile job with a data quality ruleset; A.10: apply PII recipe steps (mask, hash, encrypt) in a recipe job and set SSE-KMS on every job: DataBrew console → Jobs / Rulesets / Recipes, or `aws databrew create-profile-job --validation-configurations …`, `create-recipe-job --encryption-mode SSE-KMS`.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListDatasets, ListJobs, DescribeJob, ListRulesets, ListRecipes],
  async collect(ctx) {
    const [datasets, jobs, rulesets, recipes] = await Promise.all([
      ctx.all(ListDatasets, {}, 'Datasets'),
      ctx.all(ListJobs, {}, 'Jobs'),
      ctx.all(ListRulesets, {}, 'Rulesets'),
      ctx.all(ListRecipes, {}, 'Recipes'),
    ]);
    const profiles = jobs.filter((j) => j.Type === 'PROFILE' && !(j.ValidationConfigurations ?? []).length);
    const described = await Promise.all(profiles.slice(0, DESCRIBE_CAP).map((j) => ctx.call(DescribeJob, { Name: j.Name })));
    const profileOf = new Map(described.map((d) => [d.Name, !!d.ProfileConfiguration && Object.values(d.ProfileConfiguration).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0))]));
    const recipePii: Record<string, string[]> = {};
    for (const r of recipes) {
      const ops = [...new Set((r.Steps ?? []).map((s) => s.Action?.Operation ?? '').filter((o) => PII_OPERATIONS.has(o)))];
      if (r.Name) recipePii[r.Name] = ops;
    }
    return {
      datasets: datasets.length,
      jobs: jobs.map((j) => ({
        name: j.Name ?? '',
        arn: j.ResourceArn ?? j.Name ?? '',
        type: j.Type,
        encryption: j.EncryptionMode,
        rulesets: (j.ValidationConfigurations ?? []).length,
        profileConfigured: profileOf.get(j.Name),
        recipe: j.RecipeReference?.Name,
      })),
      rulesets: rulesets.length,
      recipePii,
      describeCapped: profiles.length > DESCRIBE_CAP,
    };
  },
  evaluate(f, ctx) {
    if (f.jobs.length === 0) return notInUse(ctx, f.datasets ? `${f.datasets} DataBrew dataset(s) but no job in ${ctx.region}` : `DataBrew not used in ${ctx.region} (no datasets or jobs)`);
    return ctx.control === 'A.10' ? privacy(f, ctx) : quality(f, ctx);
  },
});

function quality(f: DataBrewFacts, ctx: EvalContext) {
  const profiles = f.jobs.filter((j) => j.type === 'PROFILE');
  if (profiles.length === 0) return notInUse(ctx, `${f.jobs.length} DataBrew job(s) but no profile job in ${ctx.region}`);
  const warnings = f.describeCapped ? [`only ${DESCRIBE_CAP} profile jobs were described`] : [];
  const resources: ResourceResult[] = profiles.map((j) => {
    if (j.rulesets) return { id: j.arn, status: 'PASS', reason: `profile job ${j.name}: validates ${j.rulesets} data quality ruleset(s)` };
    if (j.profileConfigured) return { id: j.arn, status: 'PASS', reason: `profile job ${j.name}: profile configuration set` };
    if (j.profileConfigured === undefined) return { id: j.arn, status: 'MANUAL', reason: `profile job ${j.name}: not described (cap)` };
    return { id: j.arn, status: 'FAIL', reason: `profile job ${j.name}: no ruleset and default profile only` };
  });
  const ok = resources.filter((r) => r.status === 'PASS');
  if (ok.length) return pass(`${ok.length} DataBrew profile job(s) check data quality: ${ok.map((r) => r.reason).slice(0, 3).join('; ')}`, { resources, warnings });
  if (resources.some((r) => r.status === 'MANUAL')) return manual(`no described DataBrew profile job checks data quality; ${profiles.length - DESCRIBE_CAP} were not described (cap)`, { resources, warnings, code: 'PARTIAL' });
  return fail(`${profiles.length} DataBrew profile job(s), none with a data quality ruleset or profile configuration`, 'MISCONFIGURED', { resources, warnings });
}

function privacy(f: DataBrewFacts, ctx: EvalContext) {
  const resources: ResourceResult[] = [];
  const warnings: string[] = [];
  for (const j of f.jobs) {
    if (!j.encryption) resources.push({ id: j.arn, status: 'FAIL', reason: `job ${j.name}: output not encrypted (no EncryptionMode)` });
    else if (j.encryption !== 'SSE-KMS') warnings.push(`job ${j.name}: ${j.encryption}; SSE-KMS is preferred`);
  }
  const masking = f.jobs.filter((j) => j.type === 'RECIPE' && j.recipe && (f.recipePii[j.recipe] ?? []).length);
  for (const j of masking) if (j.encryption) resources.push({ id: j.arn, status: 'PASS', reason: `recipe job ${j.name}: recipe ${j.recipe} applies ${f.recipePii[j.recipe as string].join(', ')}` });
  const unencrypted = resources.filter((r) => r.status === 'FAIL');
  if (unencrypted.length) return fail(`${unencrypted.length} DataBrew job(s) write unencrypted output`, 'MISCONFIGURED', { resources, warnings });
  if (masking.length === 0) {
    const recipeJobs = f.jobs.filter((j) => j.type === 'RECIPE').length;
    return notInUse(ctx, `${recipeJobs} DataBrew recipe job(s) in ${ctx.region}, none applying a PII masking, hashing or encryption step`, { resources, warnings });
  }
  return pass(`${masking.length} DataBrew recipe job(s) de-identify PII, all jobs encrypt their output`, { resources, warnings });
}
