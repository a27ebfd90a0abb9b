// AWS Glue DataBrew — A.3 data quality profiling, A.10 de-identification. probes.md §2.17.
// Tool-choice service: unused → the user's optional-service policy (MANUAL by default).
// A.3: a profile job validating a ruleset or with a profile configuration.
// A.10: a recipe job whose recipe masks, hashes, encrypts or shuffles PII; every job encrypts output.
// Datasets and rulesets are evidence only (their listing failing is a warning); a profile job that
// could not be described, or a recipe not listed, leaves only its own part open.
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
import type { ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, fail, manual, notInUse, pass, resourceOf, undecided, type EvalContext } from '../../src/engine/probe.js';
import { F, fanOut, mapEv, mapList, nonEmpty, some, T, U, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { noteUnread } from '../rules/workload-gate.js';

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
  recipe?: string;
}

export interface DataBrewFacts {
  datasets: ListEv<unknown>;
  jobs: ListEv<BrewJob>;
  rulesets: ListEv<unknown>;
  /** Recipe name → PII operations it applies (latest published versions). */
  recipes: ListEv<{ name: string; pii: string[] }>;
  /** Profile jobs without a ruleset, described: profile configuration set or not; one not described is named in the causes. */
  profiles: ListEv<{ name: string; configured: boolean }>;
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
      ctx.list(ListDatasets, {}, 'Datasets'),
      ctx.list(ListJobs, {}, 'Jobs'),
      ctx.list(ListRulesets, {}, 'Rulesets'),
      ctx.list(ListRecipes, {}, 'Recipes'),
    ]);
    const brew = mapList(jobs, (j): BrewJob => ({ name: j.Name ?? '', arn: j.ResourceArn ?? j.Name ?? '', type: j.Type, encryption: j.EncryptionMode, rulesets: (j.ValidationConfigurations ?? []).length, recipe: j.RecipeReference?.Name }));
    brew.items.sort((a, b) => a.name.localeCompare(b.name));
    const toDescribe = brew.items.filter((j) => j.type === 'PROFILE' && !j.rulesets);
    const profiles = await fanOut(toDescribe.slice(0, DESCRIBE_CAP), async (j) =>
      mapEv(await ctx.read(DescribeJob, { Name: j.name }, { resource: j.arn }), (d) => ({ name: j.name, configured: !!d.ProfileConfiguration && Object.values(d.ProfileConfiguration).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0)) })),
    );
    return {
      datasets,
      jobs: brew,
      rulesets,
      recipes: mapList(recipes, (r) => ({ name: r.Name ?? '', pii: [...new Set((r.Steps ?? []).map((s) => s.Action?.Operation ?? '').filter((o) => PII_OPERATIONS.has(o)))] })),
      profiles,
      describeCapped: toDescribe.length > DESCRIBE_CAP,
    };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.datasets, f.jobs, f.rulesets, f.recipes, f.profiles);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: DataBrewFacts, ctx: EvalContext): Verdict {
  const any = nonEmpty(f.jobs, 'jobs', 'no jobs');
  if (any.v === 'U') return undecided(any.causes, 'DataBrew jobs could not be listed');
  if (any.v === 'F') {
    const ds = f.datasets.complete ? (f.datasets.items.length ? `${f.datasets.items.length} DataBrew dataset(s) but no job in ${ctx.region}` : `DataBrew not used in ${ctx.region} (no datasets or jobs)`) : `no DataBrew job in ${ctx.region}`;
    return notInUse(ctx, ds);
  }
  return ctx.control === 'A.10' ? privacy(f, ctx) : quality(f, ctx);
}

/** Does this profile job check data quality? Rulesets from the list, else its profile configuration. */
function checksQuality(j: BrewJob, f: DataBrewFacts): Tri | 'cap' {
  if (j.rulesets) return T(`validates ${j.rulesets} data quality ruleset(s)`);
  const d = f.profiles.items.find((p) => p.name === j.name);
  if (d) return d.configured ? T('profile configuration set') : F('no ruleset and default profile only');
  const cause = f.profiles.causes.filter((c) => c.resource === j.arn);
  return cause.length ? U(cause, 'not described') : 'cap';
}

function quality(f: DataBrewFacts, ctx: EvalContext): Verdict {
  const profiles = f.jobs.items.filter((j) => j.type === 'PROFILE');
  if (profiles.length === 0) {
    if (!f.jobs.complete) return undecided(f.jobs.causes, `${f.jobs.items.length} DataBrew job(s) read, none a profile job`);
    return notInUse(ctx, `${f.jobs.items.length} DataBrew job(s) but no profile job in ${ctx.region}`);
  }
  const warnings = f.describeCapped ? [`only ${DESCRIBE_CAP} profile jobs were described`] : [];
  const judged = profiles.map((j) => ({ j, t: checksQuality(j, f) }));
  const resources: ResourceResult[] = judged.map(({ j, t }) => (t === 'cap' ? { id: j.arn, status: 'MANUAL', reason: `profile job ${j.name}: not described (cap)` } : resourceOf(j.arn, undefined, t, `profile job ${j.name}`)));
  const tris = judged.map((x) => x.t).filter((t): t is Tri => t !== 'cap');
  const ok = some({ items: tris, complete: f.jobs.complete, causes: f.jobs.causes }, (t) => t);
  if (ok.v === 'T') return pass(`${resources.filter((r) => r.status === 'PASS').length} DataBrew profile job(s) check data quality: ${resources.filter((r) => r.status === 'PASS').map((r) => r.reason).slice(0, 3).join('; ')}`, { resources, warnings });
  if (ok.v === 'U') return undecided(ok.causes, 'no DataBrew profile job read checks data quality', { resources, warnings });
  if (resources.some((r) => r.status === 'MANUAL')) return manual(`no described DataBrew profile job checks data quality; ${resources.filter((r) => r.status === 'MANUAL').length} were not described (cap)`, { resources, warnings, code: 'PARTIAL' });
  return fail(`${profiles.length} DataBrew profile job(s), none with a data quality ruleset or profile configuration`, 'MISCONFIGURED', { resources, warnings });
}

/** Does this recipe job's recipe apply a PII step? Unknown when the recipe was not listed and the listing was cut. */
function masks(j: BrewJob, f: DataBrewFacts): Tri {
  const r = f.recipes.items.find((x) => x.name === j.recipe);
  if (r) return r.pii.length ? T(`recipe ${j.recipe} applies ${r.pii.join(', ')}`) : F(`recipe ${j.recipe}: no PII step`);
  return f.recipes.complete ? F(`recipe ${j.recipe ?? '?'} not found`) : U(f.recipes.causes, `recipe ${j.recipe ?? '?'} not read`);
}

function privacy(f: DataBrewFacts, ctx: EvalContext): Verdict {
  const resources: ResourceResult[] = [];
  const warnings: string[] = [];
  for (const j of f.jobs.items) {
    if (!j.encryption) resources.push({ id: j.arn, status: 'FAIL', reason: `job ${j.name}: output not encrypted (no EncryptionMode)` });
    else if (j.encryption !== 'SSE-KMS') warnings.push(`job ${j.name}: ${j.encryption}; SSE-KMS is preferred`);
  }
  const unencrypted = resources.filter((r) => r.status === 'FAIL');
  if (unencrypted.length) return fail(`${unencrypted.length} DataBrew job(s) write unencrypted output`, 'MISCONFIGURED', { resources, warnings });
  const recipeJobs = f.jobs.items.filter((j) => j.type === 'RECIPE' && j.recipe);
  const judged = recipeJobs.map((j) => ({ j, t: masks(j, f) }));
  for (const { j, t } of judged) if (t.v !== 'F') resources.push(resourceOf(j.arn, undefined, t, `recipe job ${j.name}`));
  const masking = some({ items: judged, complete: f.jobs.complete, causes: f.jobs.causes }, (x) => x.t);
  if (masking.v === 'F') return notInUse(ctx, `${f.jobs.items.filter((j) => j.type === 'RECIPE').length} DataBrew recipe job(s) in ${ctx.region}, none applying a PII masking, hashing or encryption step`, { resources, warnings });
  if (masking.v === 'U') return undecided(masking.causes, 'no DataBrew recipe job read de-identifies PII, and not every job or recipe could be read', { resources, warnings });
  // Every job must encrypt: an unlisted job could be one that does not.
  if (!f.jobs.complete) return undecided(f.jobs.causes, `${judged.filter((x) => x.t.v === 'T').length} recipe job(s) de-identify PII; whether every job encrypts its output could not be read`, { resources, warnings });
  return pass(`${judged.filter((x) => x.t.v === 'T').length} DataBrew recipe job(s) de-identify PII, all jobs encrypt their output`, { resources, warnings });
}
