import { BatchGetRepositoriesCommand, CodeCommitClient, ListAssociatedApprovalRuleTemplatesForRepositoryCommand, ListRepositoriesCommand } from '@aws-sdk/client-codecommit';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/codecommit.js';
import { awsError, runProbe } from '../helpers.js';

const cc = mockClient(CodeCommitClient);
afterEach(() => cc.reset());

const repoArn = (n: string) => `arn:aws:codecommit:us-east-1:123456789012:${n}`;

function repos(...names: string[]): void {
  cc.on(BatchGetRepositoriesCommand).callsFake((input: { repositoryNames: string[] }) => ({ repositories: input.repositoryNames.map((n) => ({ repositoryName: n, Arn: repoArn(n) })) }));
  cc.on(ListRepositoriesCommand).resolves({ repositories: names.map((repositoryName) => ({ repositoryName, repositoryId: repositoryName })) });
}

describe('AWS CodeCommit probe (A.4)', () => {
  it('PASS: every repository has an approval rule template; repositories and templates paged', async () => {
    cc.on(BatchGetRepositoriesCommand).callsFake((input: { repositoryNames: string[] }) => ({ repositories: input.repositoryNames.map((n) => ({ repositoryName: n, Arn: repoArn(n) })) }));
    cc.on(ListRepositoriesCommand).resolvesOnce({ repositories: [{ repositoryName: 'ml-train' }], nextToken: 'n' }).resolves({ repositories: [{ repositoryName: 'ml-serve' }] });
    cc.on(ListAssociatedApprovalRuleTemplatesForRepositoryCommand, { repositoryName: 'ml-train' }).resolvesOnce({ approvalRuleTemplateNames: ['two-reviewers'], nextToken: 't' }).resolves({ approvalRuleTemplateNames: ['security'] });
    cc.on(ListAssociatedApprovalRuleTemplatesForRepositoryCommand, { repositoryName: 'ml-serve' }).resolves({ approvalRuleTemplateNames: ['two-reviewers'] });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('PASS');
    expect(check.resources).toEqual([
      { id: repoArn('ml-serve'), region: 'us-east-1', status: 'PASS', reason: 'repository ml-serve: approval rule template(s) two-reviewers' },
      { id: repoArn('ml-train'), region: 'us-east-1', status: 'PASS', reason: 'repository ml-train: approval rule template(s) two-reviewers, security' },
    ]);
  });

  it('FAIL(MISCONFIGURED) says CodeCommit is closed to new customers and names alternatives', async () => {
    repos('ml-train');
    cc.on(ListAssociatedApprovalRuleTemplatesForRepositoryCommand).resolves({ approvalRuleTemplateNames: [] });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toMatch(/repository ml-train: no approval rule template associated — AWS CodeCommit is closed to new customers: use an external Git service \(GitHub, GitLab or Bitbucket/);
    expect(check.availability).toMatch(/CodeConnections/);
  });

  it('no repositories: MANUAL(NOT_IN_USE) naming the alternatives; fail / na by policy', async () => {
    repos();
    const m = await runProbe(probe, { control: 'A.4' });
    expect([m.check.status, m.check.code]).toEqual(['MANUAL', 'NOT_IN_USE']);
    expect(m.check.reason).toMatch(/^no CodeCommit repositories in us-east-1 .* — AWS CodeCommit is closed to new customers/);
    const f = await runProbe(probe, { control: 'A.4', settings: { optionalServicePolicy: 'fail' } });
    expect(f.check.status).toBe('FAIL');
    expect(f.check.reason).toMatch(/GitHub, GitLab or Bitbucket/);
    const n = await runProbe(probe, { control: 'A.4', settings: { optionalServicePolicy: 'na' } });
    expect(n.check.status).toBe('NOT_APPLICABLE');
  });

  it('batches BatchGetRepositories by 25 names', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    repos(...names);
    cc.on(ListAssociatedApprovalRuleTemplatesForRepositoryCommand).resolves({ approvalRuleTemplateNames: ['t'] });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('PASS');
    expect(cc.commandCalls(BatchGetRepositoriesCommand).map((c) => c.args[0].input.repositoryNames?.length)).toEqual([25, 5]);
  });

  it('ERROR naming codecommit:ListRepositories on AccessDeniedException', async () => {
    cc.on(ListRepositoriesCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/codecommit:ListRepositories/);
  });

  it('one repository whose templates are denied: a sibling without templates still FAILs; the denied one is an ERROR resource', async () => {
    repos('ml-serve', 'ml-train');
    cc.on(ListAssociatedApprovalRuleTemplatesForRepositoryCommand, { repositoryName: 'ml-serve' }).resolves({ approvalRuleTemplateNames: [] });
    cc.on(ListAssociatedApprovalRuleTemplatesForRepositoryCommand, { repositoryName: 'ml-train' }).rejects(awsError('AccessDeniedException', 'denied', 403));
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('FAIL');
    expect(check.resources.find((r) => r.id === repoArn('ml-train'))).toMatchObject({ status: 'ERROR' });
  });

  it('BatchGetRepositories denied (ARNs and keys only): the verdict stands, a warning names it', async () => {
    cc.on(ListRepositoriesCommand).resolves({ repositories: [{ repositoryName: 'ml-train' }] });
    cc.on(BatchGetRepositoriesCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    cc.on(ListAssociatedApprovalRuleTemplatesForRepositoryCommand).resolves({ approvalRuleTemplateNames: ['two-reviewers'] });
    const { check } = await runProbe(probe, { control: 'A.4' });
    expect(check.status).toBe('PASS');
    expect(check.resources[0].id).toBe(repoArn('ml-train'));
    expect(check.warnings.some((w) => w.includes('codecommit:BatchGetRepositories'))).toBe(true);
  });
});
