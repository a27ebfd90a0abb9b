// AWS CodeCommit — A.4 version control and change management for ML code. probes.md §2.24.
// Tool-choice service, and closed to new customers (probes.md §7): no repositories → the user's
// optional-service policy (MANUAL by default), never a FAIL for not adopting it.
// Repositories in use should each have an approval-rule template associated. Each repository is
// judged on its own templates; BatchGetRepositories only adds ARNs and KMS keys (evidence), so its
// failure is a warning and the ARN is built from the name.
import type {
  BatchGetRepositoriesCommandInput,
  BatchGetRepositoriesCommandOutput,
  ListAssociatedApprovalRuleTemplatesForRepositoryCommandInput,
  ListAssociatedApprovalRuleTemplatesForRepositoryCommandOutput,
  ListRepositoriesCommandInput,
  ListRepositoriesCommandOutput,
} from '@aws-sdk/client-codecommit';
import { next_token, op } from '../../src/aws/ops.js';
import { defineProbe, manual, notInUse, resourceOf, undecided, verdictOf, type EvalContext } from '../../src/engine/probe.js';
import { every, fact, fanOut, nonEmpty, type Ev, type ListEv } from '../../src/engine/evidence.js';
import { noteUnread } from '../rules/workload-gate.js';
import type { Verdict } from '../../src/model.js';

const ListRepositories = op<ListRepositoriesCommandInput, ListRepositoriesCommandOutput>('codecommit', 'ListRepositories', { paginate: next_token });
const BatchGetRepositories = op<BatchGetRepositoriesCommandInput, BatchGetRepositoriesCommandOutput>('codecommit', 'BatchGetRepositories');
const ListAssociatedApprovalRuleTemplatesForRepository = op<ListAssociatedApprovalRuleTemplatesForRepositoryCommandInput, ListAssociatedApprovalRuleTemplatesForRepositoryCommandOutput>(
  'codecommit',
  'ListAssociatedApprovalRuleTemplatesForRepository',
  { paginate: next_token },
);

/** BatchGetRepositories names per call (probes.md §2.24: ≤25, exact limit unconfirmed). */
export const BATCH = 25;
/** Repositories judged per region. */
export const REPO_CAP = 200;

export interface Repo {
  name: string;
  arn: string;
  kmsKey?: string;
  templates: string[];
}

export interface CodeCommitFacts {
  repositories: ListEv<string>;
  /** Repositories judged (the first REPO_CAP by name); one whose templates could not be listed is named in the causes. */
  repos: ListEv<Repo>;
  /** BatchGetRepositories failures (evidence only). */
  metaMissing: string[];
}

export default defineProbe<CodeCommitFacts>({
  id: 'codecommit',
  service: 'AWS CodeCommit',
  title: 'ML code repositories enforce pull-request approval rules',
  severity: 'low',
  remediation: 'Associate an approval rule template with each ML repository (CodeCommit console → Approval rule templates → Associate, or `aws codecommit associate-approval-rule-template-with-repository`); if the account cannot create CodeCommit repositories, use branch protection with required reviews in GitHub, GitLab or Bitbucket connected through AWS CodeConnections.',
  serviceClass: 'tool-choice',
  availability: 'AWS CodeCommit is closed to new customers: use an external Git service (GitHub, GitLab or Bitbucket, connected with AWS CodeConnections) with required pull-request reviews instead',
  scope: 'regional',
  calls: [ListRepositories, BatchGetRepositories, ListAssociatedApprovalRuleTemplatesForRepository],
  async collect(ctx) {
    const listed = await ctx.list(ListRepositories, {}, 'repositories');
    const repositories = { ...listed, items: listed.items.map((r) => r.repositoryName ?? '').filter(Boolean).sort() };
    const names = repositories.items.slice(0, REPO_CAP);
    const batches: string[][] = [];
    for (let i = 0; i < names.length; i += BATCH) batches.push(names.slice(i, i + BATCH));
    const arnOf = (n: string) => `arn:${ctx.partition}:codecommit:${ctx.region}:${ctx.accountId}:${n}`;
    const [meta, repos] = await Promise.all([
      Promise.all(batches.map((b) => ctx.read(BatchGetRepositories, { repositoryNames: b }))),
      fanOut(names, async (n): Promise<Ev<{ name: string; templates: string[] }>> => {
        const l = await ctx.list(ListAssociatedApprovalRuleTemplatesForRepository, { repositoryName: n }, 'approvalRuleTemplateNames', { resource: arnOf(n) });
        // One template listed already shows one; only an empty partial listing is unknown.
        return l.complete || l.items.length ? { known: true, value: { name: n, templates: l.items } } : { known: false, causes: l.causes };
      }),
    ]);
    const byName = new Map(meta.flatMap((m) => (m.known ? (m.value.repositories ?? []) : [])).map((r) => [r.repositoryName, r]));
    const metaMissing = meta.flatMap((m) => (m.known ? [] : m.causes.map((c) => c.action)));
    return {
      repositories,
      repos: { ...repos, items: repos.items.map((r) => ({ ...r, arn: byName.get(r.name)?.Arn ?? arnOf(r.name), kmsKey: byName.get(r.name)?.kmsKeyId })) },
      metaMissing: [...new Set(metaMissing)].sort(),
    };
  },
  evaluate(f, ctx) {
    return noteUnread(judged(f, ctx), f.repositories, f.repos);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: CodeCommitFacts, ctx: EvalContext): Verdict {
  const any = nonEmpty(f.repositories, 'repositories', 'no repositories');
  if (any.v === 'F') return notInUse(ctx, `no CodeCommit repositories in ${ctx.region} (version control may live in an external Git service)`);
  if (any.v === 'U') return undecided(any.causes, 'CodeCommit repositories could not be listed');
  const judge = (r: Repo) => fact(r.templates.length > 0, `approval rule template(s) ${r.templates.join(', ')}`, 'no approval rule template associated');
  const resources = [
    ...[...f.repos.items].sort((a, b) => a.arn.localeCompare(b.arn)).map((r) => resourceOf(r.arn, undefined, judge(r), `repository ${r.name}`)),
    ...f.repos.causes.filter((c) => c.resource).map((c) => resourceOf(c.resource as string, undefined, { v: 'U', causes: [c], why: [] }, 'repository')),
  ];
  const warnings = ['every repository is judged: ML repositories cannot be told apart from the API'];
  if (f.metaMissing.length) warnings.push(`repository details (KMS keys) not read: ${f.metaMissing.join(', ')}`);
  const all = every(f.repos, judge);
  const failing = resources.filter((r) => r.status === 'FAIL');
  const capped = f.repositories.items.length - f.repos.items.length - f.repos.causes.filter((c) => c.resource).length;
  if (all.v === 'T' && capped > 0) return manual(`the ${f.repos.items.length} repositories read have approval rules; ${capped} more were not read (cap ${REPO_CAP})`, { resources, warnings, code: 'PARTIAL' });
  return verdictOf(
    all.v === 'T' && !f.repositories.complete ? { v: 'U', causes: f.repositories.causes, why: [] } : all,
    {
      pass: () => `all ${resources.length} CodeCommit repositories have an approval rule template`,
      fail: () => `${failing.length} of ${resources.length} repositories have no approval rule template: ${failing.slice(0, 3).map((r) => r.reason).join('; ')}`,
      code: 'MISCONFIGURED',
      undecided: () => 'the repositories read have approval rules, but not every repository could be read',
    },
    { resources, warnings },
  );
}
