// AWS IAM — A.9 access control for AI resources. probes.md §2.32.
// Account-wide: root MFA, no root access keys, a password policy. Per AI role (trusted by
// sagemaker/bedrock.amazonaws.com): no admin-grade policy. IAM is global: one call set per scan.
// Nothing here returns credentials: the credential report is not read (GetAccountSummary covers root).
import type {
  GetAccountAuthorizationDetailsRequest,
  GetAccountAuthorizationDetailsResponse,
  GetAccountPasswordPolicyCommandInput,
  GetAccountPasswordPolicyResponse,
  GetAccountSummaryCommandInput,
  GetAccountSummaryResponse,
  PasswordPolicy,
} from '@aws-sdk/client-iam';
import { isAbsent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, pass } from '../../src/engine/probe.js';

export const GetAccountSummary = op<GetAccountSummaryCommandInput, GetAccountSummaryResponse>('iam', 'GetAccountSummary', { scope: 'global' });
export const GetAccountPasswordPolicy = op<GetAccountPasswordPolicyCommandInput, GetAccountPasswordPolicyResponse>('iam', 'GetAccountPasswordPolicy', {
  scope: 'global',
  absent: [{ name: 'NoSuchEntityException' }],
});
// SDK paginator: Marker → Marker (IsTruncated tells the same; the Marker is only set when truncated).
export const GetAccountAuthorizationDetails = op<GetAccountAuthorizationDetailsRequest, GetAccountAuthorizationDetailsResponse>('iam', 'GetAccountAuthorizationDetails', {
  scope: 'global',
  paginate: { inputToken: 'Marker', outputToken: 'Marker' },
});

/**
 * Roles and the customer-managed policies their attachments point to; 1000 items a page keeps the page count low.
 * probes.md §2.32 says Filter ["Role"], but that answer carries no document for attached customer-managed policies.
 */
export const AUTHZ_QUERY: GetAccountAuthorizationDetailsRequest = { Filter: ['Role', 'LocalManagedPolicy'], MaxItems: 1000 };

const AI_SERVICE = /^(sagemaker|bedrock)\.amazonaws\.com(\.cn)?$/;
const ADMIN_MANAGED = /:iam::aws:policy\/(AdministratorAccess|IAMFullAccess)$/;

export interface AiRoleFacts {
  arn: string;
  name: string;
  trustedBy: string[];
  /** Why the role is admin-grade; empty when it is not. */
  adminGrants: string[];
  /** Attached customer-managed policies whose document was not in the answer. */
  unread: string[];
}

export interface IamFacts {
  summary: Record<string, number>;
  passwordPolicy: PasswordPolicy | null;
  roles: number;
  aiRoles: AiRoleFacts[];
}

/** IAM returns policy documents URL-encoded (probes.md §10); tolerate an already decoded one. */
export function parsePolicy(doc: string | undefined): { Statement?: unknown } | undefined {
  if (!doc) return undefined;
  try {
    const text = doc.trim().startsWith('{') ? doc : decodeURIComponent(doc);
    return JSON.parse(text) as { Statement?: unknown };
  } catch {
    return undefined;
  }
}

function statements(doc: { Statement?: unknown } | undefined): Record<string, unknown>[] {
  const s = doc?.Statement;
  return (Array.isArray(s) ? s : s ? [s] : []) as Record<string, unknown>[];
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Services trusted in an AssumeRolePolicyDocument. */
export function trustedServices(doc: string | undefined): string[] {
  const out = new Set<string>();
  for (const st of statements(parsePolicy(doc))) {
    if (st.Effect !== 'Allow') continue;
    const p = st.Principal as { Service?: unknown } | undefined;
    for (const s of list(p && typeof p === 'object' ? p.Service : undefined)) if (typeof s === 'string') out.add(s);
  }
  return [...out];
}

/** An Allow of every action on every resource. */
export function grantsStarOnStar(doc: string | undefined): boolean {
  return statements(parsePolicy(doc)).some(
    (st) => st.Effect === 'Allow' && list(st.Action).some((a) => a === '*' || a === '*:*') && list(st.Resource).some((r) => r === '*'),
  );
}

export default defineProbe<IamFacts>({
  id: 'iam',
  service: 'AWS IAM',
  title: 'Root is protected (MFA, no access keys), a password policy exists, and no AI role is admin-grade',
  severity: 'critical',
  remediation:
    'Enable MFA on the root user and delete its access keys (IAM console → Security credentials), set an account password policy (`aws iam update-account-password-policy --minimum-password-length 14 …`), and replace AdministratorAccess / IAMFullAccess / "*:*" grants on SageMaker and Bedrock execution roles with scoped policies (`aws iam detach-role-policy`).',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [GetAccountSummary, GetAccountPasswordPolicy, GetAccountAuthorizationDetails],
  async collect(ctx) {
    const [summary, pw, pages] = await Promise.all([
      ctx.call(GetAccountSummary, {}),
      ctx.callOrAbsent(GetAccountPasswordPolicy, {}),
      ctx.pages(GetAccountAuthorizationDetails, AUTHZ_QUERY),
    ]);
    const roles = pages.flatMap((p) => p.RoleDetailList ?? []);
    const localPolicies = new Map(pages.flatMap((p) => p.Policies ?? []).map((p) => [p.Arn ?? '', p]));
    const aiRoles: AiRoleFacts[] = [];
    for (const r of roles) {
      const trustedBy = trustedServices(r.AssumeRolePolicyDocument).filter((s) => AI_SERVICE.test(s));
      if (trustedBy.length === 0) continue;
      const adminGrants: string[] = [];
      const unread: string[] = [];
      for (const a of r.AttachedManagedPolicies ?? []) {
        const arn = a.PolicyArn ?? '';
        if (ADMIN_MANAGED.test(arn)) adminGrants.push(`attached ${a.PolicyName ?? arn}`);
        else if (/:iam::aws:policy\//.test(arn)) continue;
        else {
          const p = localPolicies.get(arn);
          const doc = p?.PolicyVersionList?.find((v) => v.IsDefaultVersion)?.Document;
          if (!doc) unread.push(a.PolicyName ?? arn);
          else if (grantsStarOnStar(doc)) adminGrants.push(`managed policy ${a.PolicyName ?? arn} allows "*" on "*"`);
        }
      }
      for (const ip of r.RolePolicyList ?? []) if (grantsStarOnStar(ip.PolicyDocument)) adminGrants.push(`inline policy ${ip.PolicyName} allows "*" on "*"`);
      aiRoles.push({ arn: r.Arn ?? r.RoleName ?? '', name: r.RoleName ?? '', trustedBy, adminGrants, unread });
    }
    aiRoles.sort((a, b) => a.arn.localeCompare(b.arn));
    return { summary: (summary.SummaryMap ?? {}) as Record<string, number>, passwordPolicy: isAbsent(pw) ? null : (pw.PasswordPolicy ?? null), roles: roles.length, aiRoles };
  },
  evaluate(f, ctx) {
    const s = f.summary;
    const root = `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
    const gaps: string[] = [];
    const unknown: string[] = [];
    const resources: ResourceResult[] = [];
    const warnings: string[] = [];

    // With centralized root access management a member account's root has no credentials at all.
    const noRootCredentials = s.AccountPasswordPresent === 0 && s.AccountAccessKeysPresent === 0;
    const rootGaps: string[] = [];
    if (s.AccountMFAEnabled === undefined) unknown.push('root MFA (AccountMFAEnabled not reported)');
    else if (s.AccountMFAEnabled !== 1 && !noRootCredentials) rootGaps.push('no MFA');
    if (s.AccountAccessKeysPresent === undefined) unknown.push('root access keys (AccountAccessKeysPresent not reported)');
    else if (s.AccountAccessKeysPresent !== 0) rootGaps.push('access keys present');
    if (rootGaps.length) gaps.push(`root user: ${rootGaps.join(', ')}`);
    const rootOk = s.AccountMFAEnabled === 1 ? 'MFA on, no access keys' : 'no password and no access keys (centralized root access)';
    resources.push({ id: root, status: rootGaps.length ? 'FAIL' : unknown.length ? 'MANUAL' : 'PASS', reason: `root user: ${rootGaps.length ? rootGaps.join(', ') : unknown.length ? 'not fully reported' : rootOk}` });

    if (!f.passwordPolicy) {
      gaps.push('no account password policy');
      resources.push({ id: `${root}/password-policy`, status: 'FAIL', reason: 'account password policy: none set' });
    } else {
      const len = f.passwordPolicy.MinimumPasswordLength;
      if ((len ?? 0) < 14) warnings.push(`password policy minimum length ${len ?? 'unset'} is below the commonly recommended 14`);
      resources.push({ id: `${root}/password-policy`, status: 'PASS', reason: `account password policy: minimum length ${len ?? 'unset'}` });
    }

    for (const r of f.aiRoles) {
      const by = r.trustedBy.join(', ');
      if (r.adminGrants.length) {
        gaps.push(`AI role ${r.name} is admin-grade`);
        resources.push({ id: r.arn, status: 'FAIL', reason: `AI role ${r.name} (trusted by ${by}): ${r.adminGrants.join('; ')}` });
      } else if (r.unread.length) {
        unknown.push(`policies of AI role ${r.name} (${r.unread.join(', ')})`);
        resources.push({ id: r.arn, status: 'MANUAL', reason: `AI role ${r.name} (trusted by ${by}): policy document(s) not returned: ${r.unread.join(', ')}` });
      } else {
        resources.push({ id: r.arn, status: 'PASS', reason: `AI role ${r.name} (trusted by ${by}): no admin-grade policy` });
      }
    }
    const roleNote = f.aiRoles.length ? `${f.aiRoles.length} AI role(s) without admin-grade policies` : 'no SageMaker or Bedrock roles (role sub-check not applicable)';
    if (gaps.length) return fail(gaps.join('; '), 'MISCONFIGURED', { resources, warnings });
    if (unknown.length) return manual(`could not confirm: ${unknown.join('; ')}`, { code: 'PARTIAL', resources, warnings });
    return pass(`root ${rootOk}; password policy set; ${roleNote}`, { resources, warnings });
  },
});
