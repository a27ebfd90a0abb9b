import { GetAccountAuthorizationDetailsCommand, GetAccountPasswordPolicyCommand, GetAccountSummaryCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { grantsStarOnStar, parsePolicy, trustedServices } from '../../checks/probes/iam.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const iam = mockClient(IAMClient);
afterEach(() => iam.reset());

const enc = (doc: object) => encodeURIComponent(JSON.stringify(doc));
const trust = (service: string) => enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const R = (n: string) => `arn:aws:iam::${ACCOUNT}:role/${n}`;
const P = (n: string) => `arn:aws:iam::${ACCOUNT}:policy/${n}`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const goodSummary = { SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, AccountPasswordPresent: 1, Users: 3 } };
const role = (name: string, service: string, extra: object = {}) => ({ RoleName: name, Arn: R(name), AssumeRolePolicyDocument: trust(service), AttachedManagedPolicies: [], RolePolicyList: [], ...extra });

describe('AWS IAM probe', () => {
  it('PASS: root MFA on, no root keys, password policy, AI roles scoped; details read across Marker pages, once for all regions', async () => {
    iam.on(GetAccountSummaryCommand).resolves(goodSummary);
    iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 16 } });
    iam.on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce({ RoleDetailList: [role('SageMakerExec', 'sagemaker.amazonaws.com', { AttachedManagedPolicies: [{ PolicyName: 'ml-data', PolicyArn: P('ml-data') }] })], IsTruncated: true, Marker: 'm2' })
      .resolves({
        RoleDetailList: [role('LambdaExec', 'lambda.amazonaws.com', { AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] })],
        Policies: [{ PolicyName: 'ml-data', Arn: P('ml-data'), PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: enc({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::ml-data/*' }] }) }] }],
        IsTruncated: false,
      });
    const { check } = await runProbe(probe, { control: 'A.9', regions: ['us-east-1', 'eu-west-1'] });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('root MFA on, no access keys; password policy set; 1 AI role(s) without admin-grade policies');
    expect(check.resources).toEqual([
      { id: R('SageMakerExec'), status: 'PASS', reason: 'AI role SageMakerExec (trusted by sagemaker.amazonaws.com): no admin-grade policy' },
      { id: ROOT, status: 'PASS', reason: 'root user: MFA on, no access keys' },
      { id: `${ROOT}/password-policy`, status: 'PASS', reason: 'account password policy: minimum length 16' },
    ]);
    const calls = iam.commandCalls(GetAccountAuthorizationDetailsCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([
      { Filter: ['Role', 'LocalManagedPolicy'], MaxItems: 1000 },
      { Filter: ['Role', 'LocalManagedPolicy'], MaxItems: 1000, Marker: 'm2' },
    ]);
    expect(iam.commandCalls(GetAccountSummaryCommand).length).toBe(1);
    expect(check.regions).toEqual([{ region: 'global', status: 'PASS', reason: check.reason }]);
    expect(iam.commandCalls(GetCredentialReportCommand).length).toBe(0);
  });

  it('FAIL(MISCONFIGURED): root without MFA and with keys, no password policy (NoSuchEntity), admin-grade AI roles', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1, AccountPasswordPresent: 1 } });
    iam.on(GetAccountPasswordPolicyCommand).rejects(awsError('NoSuchEntityException', 'The Password Policy with domain name 123456789012 cannot be found.', 404));
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({
      RoleDetailList: [
        role('BedrockAgent', 'bedrock.amazonaws.com', { AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }),
        role('NotebookRole', 'sagemaker.amazonaws.com', { RolePolicyList: [{ PolicyName: 'everything', PolicyDocument: enc({ Statement: { Effect: 'Allow', Action: ['*'], Resource: '*' } }) }] }),
      ],
    });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('root user: no MFA, access keys present; no account password policy; AI role BedrockAgent is admin-grade; AI role NotebookRole is admin-grade');
    expect(check.resources.map((r) => [r.id, r.status, r.reason])).toEqual([
      [R('BedrockAgent'), 'FAIL', 'AI role BedrockAgent (trusted by bedrock.amazonaws.com): attached AdministratorAccess'],
      [R('NotebookRole'), 'FAIL', 'AI role NotebookRole (trusted by sagemaker.amazonaws.com): inline policy everything allows "*" on "*"'],
      [ROOT, 'FAIL', 'root user: no MFA, access keys present'],
      [`${ROOT}/password-policy`, 'FAIL', 'account password policy: none set'],
    ]);
  });

  it('PASS for a member account whose root has no credentials at all (centralized root access); no AI roles', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, AccountPasswordPresent: 0 } });
    iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 8 } });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('root no password and no access keys (centralized root access); password policy set; no SageMaker or Bedrock roles (role sub-check not applicable)');
    expect(check.warnings).toEqual(['password policy minimum length 8 is below the commonly recommended 14']);
  });

  it('MANUAL(PARTIAL) when an AI role\'s customer-managed policy document is not in the answer', async () => {
    iam.on(GetAccountSummaryCommand).resolves(goodSummary);
    iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 14 } });
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({ RoleDetailList: [role('SageMakerExec', 'sagemaker.amazonaws.com', { AttachedManagedPolicies: [{ PolicyName: 'ghost', PolicyArn: P('ghost') }] })] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    iam.on(GetAccountSummaryCommand).resolves(goodSummary);
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform: iam:GetAccountAuthorizationDetails', 403));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/iam:GetAccountAuthorizationDetails/);
  });

  it('decodes URL-encoded policy documents and reads trust and star grants', () => {
    expect(trustedServices(enc({ Statement: [{ Effect: 'Allow', Principal: { Service: ['sagemaker.amazonaws.com', 'ec2.amazonaws.com'] } }] }))).toEqual(['sagemaker.amazonaws.com', 'ec2.amazonaws.com']);
    expect(parsePolicy('{"Statement":[]}')).toEqual({ Statement: [] });
    expect(parsePolicy('%7Bbroken')).toBeUndefined();
    expect(grantsStarOnStar(enc({ Statement: [{ Effect: 'Allow', Action: '*:*', Resource: ['*'] }] }))).toBe(true);
    expect(grantsStarOnStar(enc({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }))).toBe(false);
  });

  describe('partial evidence (issue 15)', () => {
    const denied = (action: string) => awsError('AccessDenied', `User is not authorized to perform: ${action}`, 403);

    it('GetAccountPasswordPolicy denied: root without MFA is still a FAIL; with all else fine, ERROR naming it', async () => {
      iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, AccountPasswordPresent: 1 } });
      iam.on(GetAccountPasswordPolicyCommand).rejects(denied('iam:GetAccountPasswordPolicy'));
      let { check } = await runProbe(probe, { control: 'A.9' });
      expect(check.status).toBe('FAIL');
      expect(check.reason).toBe('root user: no MFA');
      expect(check.resources).toContainEqual(expect.objectContaining({ id: `${ROOT}/password-policy`, status: 'ERROR' }));
      iam.reset();
      iam.on(GetAccountSummaryCommand).resolves(goodSummary);
      iam.on(GetAccountPasswordPolicyCommand).rejects(denied('iam:GetAccountPasswordPolicy'));
      ({ check } = await runProbe(probe, { control: 'A.9' }));
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => m.action)).toEqual(['iam:GetAccountPasswordPolicy']);
      expect(check.resources).toContainEqual({ id: ROOT, status: 'PASS', reason: 'root user: MFA on, no access keys' });
    });

    it('GetAccountSummary denied: an admin-grade AI role is still a FAIL, the root resource is ERROR', async () => {
      iam.on(GetAccountSummaryCommand).rejects(denied('iam:GetAccountSummary'));
      iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 14 } });
      iam.on(GetAccountAuthorizationDetailsCommand).resolves({ RoleDetailList: [role('BedrockAgent', 'bedrock.amazonaws.com', { AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] })] });
      const { check } = await runProbe(probe, { control: 'A.9' });
      expect(check.status).toBe('FAIL');
      expect(check.reason).toBe('AI role BedrockAgent is admin-grade');
      expect(check.resources).toContainEqual(expect.objectContaining({ id: ROOT, status: 'ERROR' }));
    });

    it('the second page of GetAccountAuthorizationDetails denied: roles read keep their verdict; the rest is ERROR', async () => {
      iam.on(GetAccountSummaryCommand).resolves(goodSummary);
      iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 14 } });
      iam.on(GetAccountAuthorizationDetailsCommand)
        .resolvesOnce({ RoleDetailList: [role('SageMakerExec', 'sagemaker.amazonaws.com', { AttachedManagedPolicies: [{ PolicyName: 'ml-data', PolicyArn: P('ml-data') }] }), role('Clean', 'sagemaker.amazonaws.com')], IsTruncated: true, Marker: 'm2' })
        .rejects(denied('iam:GetAccountAuthorizationDetails'));
      const { check } = await runProbe(probe, { control: 'A.9' });
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => m.action)).toEqual(['iam:GetAccountAuthorizationDetails']);
      expect(check.resources).toContainEqual({ id: R('Clean'), status: 'PASS', reason: 'AI role Clean (trusted by sagemaker.amazonaws.com): no admin-grade policy' });
      // Its customer-managed policy may be on the unread page: undecided, not MANUAL.
      expect(check.resources).toContainEqual(expect.objectContaining({ id: R('SageMakerExec'), status: 'ERROR' }));
    });
  });

  // Issue 16: an Allow with NotAction on "*" allows every other action (Prowler's check_admin_access).
  it('FAIL: an AI role whose inline policy allows everything but a NotAction list on "*"', async () => {
    iam.on(GetAccountSummaryCommand).resolves(goodSummary);
    iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 14 } });
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({
      RoleDetailList: [role('NotebookRole', 'sagemaker.amazonaws.com', { RolePolicyList: [{ PolicyName: 'all-but-iam', PolicyDocument: enc({ Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }] }) }] })],
    });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('FAIL');
    expect(check.resources).toContainEqual({ id: R('NotebookRole'), status: 'FAIL', reason: 'AI role NotebookRole (trusted by sagemaker.amazonaws.com): inline policy all-but-iam allows every action but a NotAction list on "*"' });
    expect(grantsStarOnStar(enc({ Statement: [{ Effect: 'Allow', NotAction: 's3:*', Resource: 'arn:aws:s3:::b/*' }] }))).toBe(false);
  });
});
