// The least-privilege IAM policy, derived from the calls the probes declare (never a hand-kept
// copy): every op of every probe the selected controls run, the base facts every scan computes,
// and the engine's own calls. Split into several managed policies when one would pass AWS's
// 6,144-character limit, optionally reduced to what SecurityAudit lacks, optionally wrapped in a
// CloudFormation template for a scan role.
import { stringify } from 'yaml';
import { ENGINE_CALLS } from '../aws/identity.js';
import type { OpSpec } from '../aws/ops.js';
import { declaredCalls } from '../engine/probe.js';
import type { Registry } from '../engine/registry.js';
import { PUSH_CALLS } from '../securityhub/push.js';
import { SECURITY_AUDIT_ACTIONS, SECURITY_AUDIT_SNAPSHOT } from './security-audit.js';

/** Customer-managed policy size limit; AWS does not count white space. */
export const MANAGED_POLICY_LIMIT = 6144;

/** What a scan may ask for: reads only. The generator refuses anything else. */
export const READ_ACTION = /^[a-z0-9-]+:(List|Describe|Get|Search|BatchGet)[A-Za-z0-9]*$/;

/**
 * The Security Hub push (`scan --push-securityhub`): DescribeHub, GetFindings and
 * BatchImportFindings, the only write the tool ever makes. Taken from the push code's own
 * declarations, and added only with `--with-securityhub-push`.
 */
export const PUSH_ACTIONS: readonly string[] = PUSH_CALLS.map((c) => c.action).sort(byAction);

export type AddonBase = 'SecurityAudit';
export const ADDON_BASES: readonly AddonBase[] = ['SecurityAudit'];

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: '*';
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface PolicyRequest {
  /** Document control IDs; empty or absent means every control. */
  controls?: readonly string[];
  withSecurityHubPush?: boolean;
  /** Print only what this AWS managed policy lacks. */
  addonTo?: AddonBase;
}

export interface GeneratedPolicy {
  controls: string[];
  /** Every action the request needs, sorted, before any add-on reduction. */
  required: string[];
  /** The actions in the printed policies (required minus what the add-on base grants). */
  actions: string[];
  policies: PolicyDocument[];
  addonTo?: AddonBase;
}

/** Read actions a scan of these controls may need: probes, base facts and the engine itself. */
export function declaredActions(registry: Registry, controlIds: readonly string[]): string[] {
  const ops: OpSpec[] = [...ENGINE_CALLS];
  for (const p of registry.probesFor(controlIds)) ops.push(...declaredCalls(p));
  for (const f of registry.baseFacts) ops.push(...declaredCalls(f));
  const actions = new Set<string>();
  for (const o of ops) {
    // sts:GetCallerIdentity declares no action: it needs no permission.
    if (!o.action) continue;
    if (!READ_ACTION.test(o.action)) {
      throw new Error(`internal error: ${o.service}:${o.operation} declares "${o.action}", which is not a read action; the scan policy is read-only`);
    }
    actions.add(o.action);
  }
  return [...actions].sort(byAction);
}

export function generatePolicy(registry: Registry, req: PolicyRequest = {}): GeneratedPolicy {
  // select() validates the IDs (UnknownControlError → exit 3) and keeps the document's order.
  const controls = registry.select(req.controls && req.controls.length ? [...req.controls] : undefined);
  const required = new Set(declaredActions(registry, controls));
  if (req.withSecurityHubPush) for (const a of PUSH_ACTIONS) required.add(a);
  const sorted = [...required].sort(byAction);
  const actions = req.addonTo ? lackingFrom(req.addonTo, sorted) : sorted;
  return { controls, required: sorted, actions, policies: splitIntoPolicies(actions), addonTo: req.addonTo };
}

/** The actions the managed policy does not grant; anything the snapshot does not name counts as lacking. */
export function lackingFrom(base: AddonBase, actions: readonly string[]): string[] {
  const granted = base === 'SecurityAudit' ? SECURITY_AUDIT_ACTIONS : new Set<string>();
  return actions.filter((a) => !granted.has(a));
}

export function minifiedLength(doc: PolicyDocument): number {
  return JSON.stringify(doc).length;
}

/**
 * Packs the actions into as few managed policies as the limit allows: in each, one Allow
 * statement for the reads (sorted, so a reviewer scans one list) and, when asked, one for the
 * Security Hub push, named so a write is visible at once. A service moves whole to the next
 * policy when it does not fit; only a service too big for any one policy is cut.
 */
export function splitIntoPolicies(actions: readonly string[], limit = MANAGED_POLICY_LIMIT): PolicyDocument[] {
  const units: { kind: 'read' | 'push'; actions: string[] }[] = [];
  for (const a of [...new Set(actions)].sort(byAction)) {
    const kind = READ_ACTION.test(a) ? 'read' : 'push';
    const prefix = a.slice(0, a.indexOf(':') + 1);
    const last = units.find((u) => u.kind === kind && u.actions[0].startsWith(prefix));
    if (last) last.actions.push(a);
    else units.push({ kind, actions: [a] });
  }
  const docs: PolicyDocument[] = [];
  let cur = emptyDoc();
  const fits = (d: PolicyDocument) => minifiedLength(d) <= limit;
  const flush = () => {
    if (cur.Statement.length) docs.push(cur);
    cur = emptyDoc();
  };
  // Adds to the statement of that kind in the current policy, or leaves it untouched and says no.
  const tryAdd = (kind: 'read' | 'push', list: string[]): boolean => {
    const sid = (kind === 'read' ? 'ReadOnlyScan' : 'SecurityHubPush') + (docs.length ? String(docs.length + 1) : '');
    let st = cur.Statement.find((x) => x.Sid === sid);
    const created = !st;
    if (!st) {
      st = { Sid: sid, Effect: 'Allow', Action: [], Resource: '*' };
      cur.Statement.push(st);
    }
    st.Action.push(...list);
    if (fits(cur)) return true;
    st.Action.splice(st.Action.length - list.length, list.length);
    if (created) cur.Statement.pop();
    return false;
  };
  for (const u of units) {
    if (tryAdd(u.kind, u.actions)) continue;
    if (cur.Statement.length) {
      flush();
      if (tryAdd(u.kind, u.actions)) continue;
    }
    // Too big for any single policy: action by action, continuing in the next policy.
    for (const a of u.actions) {
      if (tryAdd(u.kind, [a])) continue;
      flush();
      if (!tryAdd(u.kind, [a])) throw new Error(`action ${a} alone exceeds the ${limit}-character policy limit`);
    }
  }
  flush();
  // Reads first, then the push, in every policy: stable output whatever the order of discovery.
  for (const d of docs) d.Statement.sort((x, y) => (x.Sid < y.Sid ? -1 : 1));
  return docs;
}

function emptyDoc(): PolicyDocument {
  return { Version: '2012-10-17', Statement: [] };
}

/** Case-insensitive service then action, so the order is stable across locales. */
function byAction(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** One document as is; several as a JSON array (each element is one managed policy). */
export function renderPolicies(policies: readonly PolicyDocument[]): string {
  return JSON.stringify(policies.length === 1 ? policies[0] : policies, null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// CloudFormation: a scan role with the policies attached, trusted by GitHub Actions (OIDC), by
// another account (management or CI, optionally with an ExternalId), or both.

const GITHUB_AUD = 'token.actions.githubusercontent.com:aud';
const GITHUB_SUB = 'token.actions.githubusercontent.com:sub';
const NO_VALUE = { Ref: 'AWS::NoValue' };
const isSet = (param: string) => ({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: param }, ''] }] });

export function cloudFormationTemplate(gen: GeneratedPolicy, toolVersion: string): Record<string, unknown> {
  if (gen.policies.length === 0 && !gen.addonTo) throw new Error('internal error: no actions to grant');
  const policyIds = gen.policies.map((_, i) => `ScanPolicy${i + 1}`);
  const resources: Record<string, unknown> = {};
  gen.policies.forEach((doc, i) => {
    resources[policyIds[i]] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        Description: `aims-scan read-only scan permissions${gen.policies.length > 1 ? ` (part ${i + 1} of ${gen.policies.length})` : ''}, generated from the probes' declared calls`,
        PolicyDocument: doc,
      },
    };
  });
  const managed: unknown[] = policyIds.map((id) => ({ Ref: id }));
  if (gen.addonTo) managed.unshift({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${gen.addonTo}` });

  resources.ScanRole = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: { Ref: 'RoleName' },
      Description: 'aims-scan: read-only evidence scan for ISO/IEC 42001',
      MaxSessionDuration: { Ref: 'MaxSessionDuration' },
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            'Fn::If': [
              'UseGitHubOidc',
              {
                Sid: 'GitHubActionsOidc',
                Effect: 'Allow',
                Principal: { Federated: { Ref: 'GitHubOidcProviderArn' } },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: {
                  StringEquals: { [GITHUB_AUD]: 'sts.amazonaws.com' },
                  StringLike: { [GITHUB_SUB]: { Ref: 'GitHubSubject' } },
                },
              },
              NO_VALUE,
            ],
          },
          {
            'Fn::If': [
              'UseTrustedAccount',
              {
                Sid: 'TrustedAccount',
                Effect: 'Allow',
                Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${TrustedAccountId}:root' } },
                Action: 'sts:AssumeRole',
                Condition: { 'Fn::If': ['UseExternalId', { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } }, NO_VALUE] },
              },
              NO_VALUE,
            ],
          },
        ],
      },
      ManagedPolicyArns: managed,
    },
  };

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `aims-scan ${toolVersion} scan role: read-only access for the ISO/IEC 42001 evidence scan${gen.addonTo ? ` (${gen.addonTo} plus the actions it lacks)` : ''}.`,
    Metadata: {
      'aims-scan': {
        version: toolVersion,
        controls: gen.controls,
        actions: gen.actions.length,
        ...(gen.addonTo ? { addonTo: gen.addonTo, snapshot: `${SECURITY_AUDIT_SNAPSHOT.version} of ${SECURITY_AUDIT_SNAPSHOT.date}` } : {}),
      },
      'AWS::CloudFormation::Interface': {
        ParameterGroups: [
          { Label: { default: 'Role' }, Parameters: ['RoleName', 'MaxSessionDuration'] },
          { Label: { default: 'Trust: GitHub Actions (OIDC)' }, Parameters: ['GitHubOidcProviderArn', 'GitHubSubject'] },
          { Label: { default: 'Trust: management or CI account' }, Parameters: ['TrustedAccountId', 'ExternalId'] },
        ],
      },
    },
    Parameters: {
      RoleName: {
        Type: 'String',
        Default: 'aims-scan',
        AllowedPattern: '^[\\w+=,.@-]{1,64}$',
        Description: 'Name of the scan role (the same in every account, for `--role-name`).',
      },
      MaxSessionDuration: { Type: 'Number', Default: 3600, MinValue: 3600, MaxValue: 43200, Description: 'Longest session, in seconds.' },
      GitHubOidcProviderArn: {
        Type: 'String',
        Default: '',
        AllowedPattern: '^$|^arn:aws[a-z-]*:iam::\\d{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$',
        Description: "ARN of this account's GitHub OIDC provider (token.actions.githubusercontent.com); empty = no GitHub trust.",
      },
      GitHubSubject: {
        Type: 'String',
        Default: '',
        // A concrete org/repo: a bare `*` would let every GitHub repository assume the role.
        AllowedPattern: '^$|^repo:[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+:.+$',
        Description: 'Allowed token subject, e.g. repo:my-org/my-repo:* or repo:my-org/my-repo:ref:refs/heads/main.',
      },
      TrustedAccountId: {
        Type: 'String',
        Default: '',
        AllowedPattern: '^$|^\\d{12}$',
        Description: 'Management or CI account allowed to assume the role; empty = no account trust.',
      },
      ExternalId: {
        Type: 'String',
        Default: '',
        NoEcho: true,
        AllowedPattern: '^$|^[\\w+=,.@:/-]{2,1224}$',
        Description: 'Optional sts:ExternalId the trusted account must present.',
      },
    },
    Rules: {
      TrustRequired: {
        Assertions: [
          {
            Assert: { 'Fn::Or': [isSet('GitHubOidcProviderArn'), isSet('TrustedAccountId')] },
            AssertDescription: 'Set GitHubOidcProviderArn (with GitHubSubject) or TrustedAccountId, or both.',
          },
          {
            Assert: { 'Fn::Or': [{ 'Fn::Equals': [{ Ref: 'GitHubOidcProviderArn' }, ''] }, isSet('GitHubSubject')] },
            AssertDescription: 'GitHubSubject is required with GitHubOidcProviderArn (e.g. repo:my-org/my-repo:*).',
          },
        ],
      },
    },
    Conditions: {
      UseGitHubOidc: isSet('GitHubOidcProviderArn'),
      UseTrustedAccount: isSet('TrustedAccountId'),
      UseExternalId: isSet('ExternalId'),
    },
    Resources: resources,
    Outputs: {
      RoleArn: { Description: 'Scan role ARN (role-to-assume in CI, or --role-arn)', Value: { 'Fn::GetAtt': ['ScanRole', 'Arn'] } },
      RoleName: { Description: 'Scan role name (--role-name)', Value: { Ref: 'ScanRole' } },
    },
  };
}

export function renderCloudFormation(template: Record<string, unknown>): string {
  // No folding: long ARNs and patterns stay on one line, so the template diffs cleanly. YAML 1.1
  // rules for quoting, as CloudFormation reads it: a bare 2010-09-09 would be a date there. No
  // anchors or aliases for objects used twice: CloudFormation refuses YAML aliases.
  return stringify(template, { lineWidth: 0, version: '1.1', aliasDuplicateObjects: false });
}
