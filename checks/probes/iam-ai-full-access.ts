// No AI full-access managed policy beyond a named allow-list — extension (issue 19), evidence for
// A.9.2 and A.4.6 only in so far as who may change AI systems is a human resource of the AIMS:
// mapped to no ISO/IEC 42001 requirement (see official-evidence.ts), it is access control
// (ISO/IEC 27001:2022 A.5.15, A.8.2). No IAM user, role or group holds AmazonBedrockFullAccess or
// AmazonSageMakerFullAccess as a permissions policy unless aims-scan.yaml names it in
// aiFullAccessAllowList.
// Read against Prowler bedrock_full_access_policy_attached (roles only, service-linked roles
// excepted, by policy name) and iam_role_administratoraccess_policy. Here: users, roles and groups
// (a group passes the policy to every member), both AI policies, by ListEntitiesForPolicy on the
// AWS-managed policy ARNs with PolicyUsageFilter=PermissionsPolicy (a permissions boundary grants
// nothing). An allow-listed entity passes with its name in the reason, so the exception stays visible.
import type { ListEntitiesForPolicyCommandInput, ListEntitiesForPolicyCommandOutput } from '@aws-sdk/client-iam';
import { op } from '../../src/aws/ops.js';
import type { Verdict } from '../../src/model.js';
import { defineProbe, pass } from '../../src/engine/probe.js';
import { F, T, U, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { verdictOver, type Judged } from '../rules/per-resource.js';

export const ListEntitiesForPolicy = op<ListEntitiesForPolicyCommandInput, ListEntitiesForPolicyCommandOutput>('iam', 'ListEntitiesForPolicy', {
  scope: 'global',
  paginate: { inputToken: 'Marker', outputToken: 'Marker' },
});

export const AI_FULL_ACCESS_POLICIES = ['AmazonBedrockFullAccess', 'AmazonSageMakerFullAccess'] as const;

export interface Holder {
  kind: 'user' | 'role' | 'group';
  name: string;
  policy: string;
}

export interface FullAccessFacts {
  partition: string;
  accountId: string;
  /** Per policy name, the entities that hold it. */
  holders: Record<string, ListEv<Holder>>;
}

/** An allow-list entry matches by account, kind and name: ListEntitiesForPolicy gives no path, and names are unique per kind. */
export function allowListed(h: Pick<Holder, 'kind' | 'name'>, accountId: string, allow: readonly string[]): string | undefined {
  return allow.find((a) => {
    const m = /^arn:aws[a-z-]*:iam::(\d{12}):(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(a);
    return !!m && m[1] === accountId && m[2] === h.kind && m[3] === h.name;
  });
}

export const holderArn = (h: Pick<Holder, 'kind' | 'name'>, partition: string, accountId: string) => `arn:${partition}:iam::${accountId}:${h.kind}/${h.name}`;

export default defineProbe<FullAccessFacts>({
  id: 'iam-ai-full-access',
  service: 'AWS IAM AI full-access policies',
  title: 'No IAM user, role or group holds AmazonBedrockFullAccess or AmazonSageMakerFullAccess unless allow-listed',
  severity: 'high',
  remediation:
    'Replace the AI full-access managed policies with least-privilege policies scoped to the models, endpoints and buckets each principal needs (`aws iam detach-role-policy` / `detach-user-policy` / `detach-group-policy --policy-arn arn:aws:iam::aws:policy/AmazonBedrockFullAccess`), or, where a principal really needs it, name its ARN in aims-scan.yaml `aiFullAccessAllowList` with the reason in your access review.',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [ListEntitiesForPolicy],
  async collect(ctx) {
    const lists = await Promise.all(
      AI_FULL_ACCESS_POLICIES.map(async (policy): Promise<ListEv<Holder>> => {
        const arn = `arn:${ctx.partition}:iam::aws:policy/${policy}`;
        const input = { PolicyArn: arn, PolicyUsageFilter: 'PermissionsPolicy' as const };
        // Roles, users and groups come in the same pages: each list reads the same (deduplicated) answers.
        const [roles, users, groups] = await Promise.all([
          // A holder without its name is a malformed answer (the list is then incomplete), never dropped.
          ctx.list(ListEntitiesForPolicy, input, 'PolicyRoles', { resource: arn, require: ['RoleName'] }),
          ctx.list(ListEntitiesForPolicy, input, 'PolicyUsers', { resource: arn, require: ['UserName'] }),
          ctx.list(ListEntitiesForPolicy, input, 'PolicyGroups', { resource: arn, require: ['GroupName'] }),
        ]);
        const items: Holder[] = [
          ...users.items.map((u) => ({ kind: 'user' as const, name: String(u.UserName), policy })),
          ...roles.items.map((r) => ({ kind: 'role' as const, name: String(r.RoleName), policy })),
          ...groups.items.map((g) => ({ kind: 'group' as const, name: String(g.GroupName), policy })),
        ];
        return { items, complete: roles.complete && users.complete && groups.complete, causes: [...roles.causes, ...users.causes, ...groups.causes] };
      }),
    );
    return { partition: ctx.partition, accountId: ctx.accountId, holders: Object.fromEntries(AI_FULL_ACCESS_POLICIES.map((p, i) => [p, lists[i]])) };
  },
  evaluate(f, ctx): Verdict {
    const allow = ctx.settings.aiFullAccessAllowList ?? [];
    const byEntity = new Map<string, { h: Holder; policies: string[] }>();
    for (const l of Object.values(f.holders)) {
      for (const h of l.items) {
        const arn = holderArn(h, f.partition, f.accountId);
        const e = byEntity.get(arn) ?? { h, policies: [] };
        e.policies.push(h.policy);
        byEntity.set(arn, e);
      }
    }
    const judged: Judged[] = [...byEntity.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([arn, { h, policies }]) => {
        const listed = allowListed(h, f.accountId, allow);
        const what = `${policies.sort().join(' and ')}${h.kind === 'group' ? ' (every member holds it)' : ''}`;
        const t: Tri = listed ? T(`${what}, allow-listed (${listed})`) : F(`${what}, not in aiFullAccessAllowList`);
        return { id: arn, name: `${h.kind} ${h.name}`, label: `${h.kind} ${h.name}`, t };
      });
    const rest = Object.entries(f.holders).flatMap(([p, l]) => (l.complete ? [] : [U(l.causes, `holders of ${p}`)]));
    const words = {
      noun: 'holder(s) of an AI full-access policy',
      pass: (n: number) => `${n} holder(s) of an AI full-access policy, each allow-listed`,
      fail: (k: number, n: number) => `${k} of ${n} IAM user(s), role(s) or group(s) hold an AI full-access policy without being allow-listed`,
      code: 'MISCONFIGURED' as const,
      incomplete: 'the holders of the AI full-access policies could not all be listed',
      none: '',
    };
    if (!judged.length && !rest.length) return pass(`no IAM user, role or group holds ${AI_FULL_ACCESS_POLICIES.join(' or ')}`);
    return verdictOver(judged, words, { rest });
  },
});
