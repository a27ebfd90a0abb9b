// AWS CodeCommit — A.4 version control and change management for ML code. probes.md §2.24.
// Tool-choice service, and closed to new customers (probes.md §7): no repositories → the user's
// optional-service policy (MANUAL by default), never a FAIL for not adopting it.
// Repositories in use should each have an approval-rule template associated.
import type {
  BatchGetRepositoriesCommandInput,
  BatchGetRepositoriesCommandOutput,
  ListAssociatedApprovalRuleTemplatesForRepositoryCommandInput,
  ListAssociatedApprovalRuleTemplatesForRepositoryCommandOutput,
  ListRepositoriesCommandInput,
  ListRepositoriesCommandOutput,
} from '@aws-sdk/client-codecommit';
import { next_token, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, notInUse, pass } from '../../src/engine/probe.js';

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
  repositories: number;
  repos: Repo[];
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
    const listed = (await ctx.all(ListRepositories, {}, 'repositories')).map((r) => r.repositoryName ?? '').filter(Boolean).sort();
    const names = listed.slice(0, REPO_CAP);
    const batches: string[][] = [];
    for (let i = 0; i < names.length; i += BATCH) batches.push(names.slice(i, i + BATCH));
    const [meta, templates] = await Promise.all([
      Promise.all(batches.map((b) => ctx.call(BatchGetRepositories, { repositoryNames: b }))),
      Promise.all(names.map((n) => ctx.all(ListAssociatedApprovalRuleTemplatesForRepository, { repositoryName: n }, 'approvalRuleTemplateNames'))),
    ]);
    const byName = new Map(meta.flatMap((m) => m.repositories ?? []).map((r) => [r.repositoryName, r]));
    return {
      repositories: listed.length,
      repos: names.map((n, i) => ({ name: n, arn: byName.get(n)?.Arn ?? n, kmsKey: byName.get(n)?.kmsKeyId, templates: templates[i] })),
    };
  },
  evaluate(f, ctx) {
    if (f.repositories === 0) return notInUse(ctx, `no CodeCommit repositories in ${ctx.region} (version control may live in an external Git service)`);
    const resources: ResourceResult[] = f.repos.map((r) =>
      r.templates.length
        ? { id: r.arn, status: 'PASS', reason: `repository ${r.name}: approval rule template(s) ${r.templates.join(', ')}` }
        : { id: r.arn, status: 'FAIL', reason: `repository ${r.name}: no approval rule template associated` },
    );
    const warnings = ['every repository is judged: ML repositories cannot be told apart from the API'];
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${failing.length} of ${resources.length} repositories have no approval rule template: ${failing.slice(0, 3).map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
    if (f.repositories > f.repos.length) return manual(`the ${f.repos.length} repositories read have approval rules; ${f.repositories - f.repos.length} more were not read (cap ${REPO_CAP})`, { resources, warnings, code: 'PARTIAL' });
    return pass(`all ${resources.length} CodeCommit repositories have an approval rule template`, { resources, warnings });
  },
});
