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
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { and, every, F, mapEv, T, test, U, type Cause, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { defineProbe, fail, manual, pass, resourceOf, undecided } from '../../src/engine/probe.js';

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
  /** Attached customer-managed policies whose document a complete answer did not hold. */
  unread: string[];
  /** Attached customer-managed policies whose document is in pages that were not read. */
  unknown: string[];
}

export interface IamFacts {
  summary: Ev<Record<string, number>>;
  /** The account password policy, or Absent (NoSuchEntity: none set). */
  passwordPolicy: Ev<PasswordPolicy | Absent>;
  roles: number;
  /** Roles trusted by SageMaker or Bedrock; incomplete when a page of roles was not read. */
  aiRoles: ListEv<AiRoleFacts>;
  /** Why customer-managed policy documents may be missing (their pages were not read). */
  policyCauses: Cause[];
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

const ANY_RESOURCE = new Set(['*', '*/*', '*:*']);

/**
 * Admin-grade: an Allow of every action on every resource, or an Allow with NotAction on every
 * resource (it allows every action but the listed ones), as Prowler's check_admin_access reads it.
 */
export function grantsStarOnStar(doc: string | undefined): boolean {
  return statements(parsePolicy(doc)).some(
    (st) => st.Effect === 'Allow' && list(st.Resource).some((r) => typeof r === 'string' && ANY_RESOURCE.has(r)) && (list(st.Action).some((a) => a === '*' || a === '*:*') || (st.Action === undefined && list(st.NotAction).length > 0)),
  );
}

/** The reason a statement set is admin-grade, for a resource reason. */
function adminWords(doc: string | undefined): string {
  return statements(parsePolicy(doc)).some((st) => st.Effect === 'Allow' && st.Action === undefined && list(st.NotAction).length > 0) ? 'allows every action but a NotAction list on "*"' : 'allows "*" on "*"';
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
    // The roles and the policies come in the same pages: two lists over one paged call, read once.
    const [summary, pw, roles, policies] = await Promise.all([
      ctx.read(GetAccountSummary, {}),
      ctx.readOrAbsent(GetAccountPasswordPolicy, {}),
      ctx.list(GetAccountAuthorizationDetails, AUTHZ_QUERY, 'RoleDetailList'),
      ctx.list(GetAccountAuthorizationDetails, AUTHZ_QUERY, 'Policies'),
    ]);
    const localPolicies = new Map(policies.items.map((p) => [p.Arn ?? '', p]));
    const aiRoles: AiRoleFacts[] = [];
    for (const r of roles.items) {
      const trustedBy = trustedServices(r.AssumeRolePolicyDocument).filter((s) => AI_SERVICE.test(s));
      if (trustedBy.length === 0) continue;
      const adminGrants: string[] = [];
      const unread: string[] = [];
      const unknownDocs: string[] = [];
      for (const a of r.AttachedManagedPolicies ?? []) {
        const arn = a.PolicyArn ?? '';
        if (ADMIN_MANAGED.test(arn)) adminGrants.push(`attached ${a.PolicyName ?? arn}`);
        else if (/:iam::aws:policy\//.test(arn)) continue;
        else {
          const doc = localPolicies.get(arn)?.PolicyVersionList?.find((v) => v.IsDefaultVersion)?.Document;
          if (!doc) (policies.complete ? unread : unknownDocs).push(a.PolicyName ?? arn);
          else if (grantsStarOnStar(doc)) adminGrants.push(`managed policy ${a.PolicyName ?? arn} ${adminWords(doc)}`);
        }
      }
      for (const ip of r.RolePolicyList ?? []) if (grantsStarOnStar(ip.PolicyDocument)) adminGrants.push(`inline policy ${ip.PolicyName} ${adminWords(ip.PolicyDocument)}`);
      aiRoles.push({ arn: r.Arn ?? r.RoleName ?? '', name: r.RoleName ?? '', trustedBy, adminGrants, unread, unknown: unknownDocs });
    }
    aiRoles.sort((a, b) => a.arn.localeCompare(b.arn));
    return {
      summary: mapEv(summary, (x) => (x.SummaryMap ?? {}) as Record<string, number>),
      // A present answer holds a policy; only NoSuchEntity (Absent) says none is set.
      passwordPolicy: mapEv(pw, (x) => (isAbsent(x) ? x : (x.PasswordPolicy ?? {}))),
      roles: roles.items.length,
      aiRoles: { items: aiRoles, complete: roles.complete, causes: roles.causes },
      policyCauses: policies.causes,
    };
  },
  evaluate(f, ctx) {
    const root = `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
    const resources: ResourceResult[] = [];
    const warnings: string[] = [];
    const manualWhy: string[] = [];

    // Root. With centralized root access management a member account's root has no credentials at all.
    const rootT: Tri = (() => {
      if (!f.summary.known) return U(f.summary.causes, 'root MFA and access keys');
      const s = f.summary.value;
      const noRootCredentials = s.AccountPasswordPresent === 0 && s.AccountAccessKeysPresent === 0;
      const gaps: string[] = [];
      const missing: string[] = [];
      if (s.AccountMFAEnabled === undefined) missing.push('root MFA (AccountMFAEnabled not reported)');
      else if (s.AccountMFAEnabled !== 1 && !noRootCredentials) gaps.push('no MFA');
      if (s.AccountAccessKeysPresent === undefined) missing.push('root access keys (AccountAccessKeysPresent not reported)');
      else if (s.AccountAccessKeysPresent !== 0) gaps.push('access keys present');
      if (gaps.length) return F(`root user: ${gaps.join(', ')}`);
      if (missing.length) {
        manualWhy.push(...missing);
        return T('not fully reported');
      }
      return T(s.AccountMFAEnabled === 1 ? 'MFA on, no access keys' : 'no password and no access keys (centralized root access)');
    })();
    if (rootT.v === 'U') resources.push(resourceOf(root, undefined, rootT, 'root user'));
    else resources.push({ id: root, status: rootT.v === 'F' ? 'FAIL' : manualWhy.length ? 'MANUAL' : 'PASS', reason: rootT.v === 'F' ? rootT.why[0] : `root user: ${rootT.why[0]}` });

    const pwT = test(f.passwordPolicy, (p) => !isAbsent(p), 'password policy set', 'no account password policy', 'the account password policy');
    const pw = f.passwordPolicy;
    if (pw.known && !isAbsent(pw.value)) {
      const len = pw.value.MinimumPasswordLength;
      if ((len ?? 0) < 14) warnings.push(`password policy minimum length ${len ?? 'unset'} is below the commonly recommended 14`);
      resources.push({ id: `${root}/password-policy`, status: 'PASS', reason: `account password policy: minimum length ${len ?? 'unset'}` });
    } else if (pw.known) resources.push({ id: `${root}/password-policy`, status: 'FAIL', reason: 'account password policy: none set' });
    else resources.push(resourceOf(`${root}/password-policy`, undefined, pwT, 'account password policy'));

    const roleT = (r: AiRoleFacts): Tri => {
      if (r.adminGrants.length) return F(`AI role ${r.name} is admin-grade`);
      if (r.unknown.length) return U(f.policyCauses, `policies of AI role ${r.name} (${r.unknown.join(', ')})`);
      return T(`AI role ${r.name}`);
    };
    for (const r of f.aiRoles.items) {
      const by = r.trustedBy.join(', ');
      const t = roleT(r);
      if (t.v === 'F') resources.push({ id: r.arn, status: 'FAIL', reason: `AI role ${r.name} (trusted by ${by}): ${r.adminGrants.join('; ')}` });
      else if (t.v === 'U') resources.push(resourceOf(r.arn, undefined, t, `AI role ${r.name} (trusted by ${by})`));
      else if (r.unread.length) {
        manualWhy.push(`policies of AI role ${r.name} (${r.unread.join(', ')})`);
        resources.push({ id: r.arn, status: 'MANUAL', reason: `AI role ${r.name} (trusted by ${by}): policy document(s) not returned: ${r.unread.join(', ')}` });
      } else resources.push({ id: r.arn, status: 'PASS', reason: `AI role ${r.name} (trusted by ${by}): no admin-grade policy` });
    }
    const rolesT = every(f.aiRoles, roleT, 'roles not listed (one may be an AI role)');

    const t = and(rootT, pwT, rolesT);
    if (t.v === 'F') return fail(t.why.join('; '), 'MISCONFIGURED', { resources, warnings });
    if (t.v === 'U') return undecided(t.causes, t.why.length ? `not read: ${t.why.join('; ')}` : undefined, { resources, warnings });
    if (manualWhy.length) return manual(`could not confirm: ${manualWhy.join('; ')}`, { code: 'PARTIAL', resources, warnings });
    const roleNote = f.aiRoles.items.length ? `${f.aiRoles.items.length} AI role(s) without admin-grade policies` : 'no SageMaker or Bedrock roles (role sub-check not applicable)';
    return pass(`root ${rootT.why[0]}; password policy set; ${roleNote}`, { resources, warnings });
  },
});
