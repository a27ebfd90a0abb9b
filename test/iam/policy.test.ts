// The generated IAM policy: covers every call a full (replayed) scan makes, grants nothing the
// probes do not declare, stays read-only, splits at the managed-policy limit, and its SecurityAudit
// add-on and CloudFormation template say what they should.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isAlias, isNode, parse, parseDocument, stringify, visit } from 'yaml';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { ENGINE_CALLS } from '../../src/aws/identity.js';
import { main } from '../../src/cli.js';
import { declaredCalls } from '../../src/engine/probe.js';
import {
  cloudFormationTemplate,
  generatePolicy,
  lackingFrom,
  MANAGED_POLICY_LIMIT,
  minifiedLength,
  PUSH_ACTIONS,
  renderCloudFormation,
  splitIntoPolicies,
  type PolicyDocument,
} from '../../src/iam/policy.js';
import { SECURITY_AUDIT_ACTIONS } from '../../src/iam/security-audit.js';
import { PUSH_CALLS } from '../../src/securityhub/push.js';
import { DEFAULT_OPTIONS, scan } from '../../src/scan.js';
import { mockAccount } from '../fixtures/mock-account.js';

const READ = /^[a-z0-9-]+:(List|Describe|Get|Search|BatchGet)/;
const registry = defaultRegistry();
const deps = { registry, crosswalk: crosswalkLookup };
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'aims-iam-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const actionsOf = (docs: readonly PolicyDocument[]) => docs.flatMap((d) => d.Statement.flatMap((s) => s.Action));

/** The declared actions, gathered here from the registry's data without the generator's code. */
function declared(controls: readonly string[]): Set<string> {
  const ops = [...ENGINE_CALLS, ...registry.probesFor(controls).flatMap((p) => declaredCalls(p)), ...registry.baseFacts.flatMap((f) => declaredCalls(f))];
  return new Set(ops.map((o) => o.action).filter(Boolean));
}

/** Captures what a CLI command prints to stdout and stderr, in process. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

describe('the policy covers a full replayed scan', () => {
  let recorded: { action: string; service: string; operation: string }[];
  let rawLines: Record<string, unknown>[];
  beforeAll(async () => {
    const account = mockAccount();
    let calls: string;
    try {
      calls = (await scan({ ...DEFAULT_OPTIONS, homeRegion: 'us-east-1', out: tmp() }, deps)).files.calls;
    } finally {
      account.restore();
    }
    // Replay it: the same calls again, from the recording, all controls.
    const replay = await scan({ ...DEFAULT_OPTIONS, out: tmp(), replay: calls }, deps);
    rawLines = readFileSync(replay.files.calls, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
    recorded = rawLines as typeof recorded;
  });

  it('every recorded call carries its IAM action, and the policy grants it', () => {
    const gen = generatePolicy(registry);
    const granted = new Set(actionsOf(gen.policies));
    expect(recorded.length).toBeGreaterThan(20);
    for (const r of rawLines) expect(typeof r.action, JSON.stringify(r).slice(0, 120)).toBe('string');
    const needed = recorded.filter((r) => r.action !== '');
    const missing = [...new Set(needed.map((r) => r.action).filter((a) => !granted.has(a)))];
    expect(missing, 'actions the scan used that the generated policy lacks').toEqual([]);
    // Only identity needs no permission.
    expect([...new Set(recorded.filter((r) => r.action === '').map((r) => `${r.service}:${r.operation}`))]).toEqual(['sts:GetCallerIdentity']);
    // Many services really were called, not just the identity.
    expect(new Set(needed.map((r) => r.action.split(':')[0])).size).toBeGreaterThan(5);
  });

  it('grants exactly the declared actions: nothing more, nothing less', () => {
    const gen = generatePolicy(registry);
    const all = actionsOf(gen.policies);
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all)).toEqual(declared(registry.controlIds));
    expect(gen.actions).toEqual(all.slice().sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(all).toContain('ec2:DescribeRegions');
    expect(all).not.toContain('sts:GetCallerIdentity');
    expect(all).not.toContain('');
  });

  it('is read-only: every action is a List/Describe/Get/Search/BatchGet', () => {
    const gen = generatePolicy(registry);
    for (const a of actionsOf(gen.policies)) expect(a).toMatch(READ);
    for (const d of gen.policies) for (const s of d.Statement) expect(s).toMatchObject({ Effect: 'Allow', Resource: '*', Sid: expect.stringMatching(/^[A-Za-z0-9]+$/) });
    for (const d of gen.policies) expect(d.Version).toBe('2012-10-17');
  });
});

describe('selection and the Security Hub push', () => {
  it('a control selection gets only its probes’ actions (plus base facts and the engine)', () => {
    const full = new Set(generatePolicy(registry).actions);
    let narrower = 0;
    for (const id of registry.controlIds) {
      const g = generatePolicy(registry, { controls: [id] });
      expect(new Set(g.actions), id).toEqual(declared([id]));
      for (const a of g.actions) expect(full.has(a)).toBe(true);
      if (g.actions.length < full.size) narrower += 1;
    }
    expect(narrower).toBeGreaterThan(0);
    expect(generatePolicy(registry, { controls: ['7.5'] }).actions).toContain('macie2:GetMacieSession');
  });

  it('adds the push trio only with --with-securityhub-push, in a statement of its own', () => {
    expect(PUSH_ACTIONS.slice().sort()).toEqual(['securityhub:BatchImportFindings', 'securityhub:DescribeHub', 'securityhub:GetFindings']);
    expect(PUSH_ACTIONS.slice().sort()).toEqual(PUSH_CALLS.map((c) => c.action).sort());
    const without = actionsOf(generatePolicy(registry).policies);
    expect(without).not.toContain('securityhub:BatchImportFindings');
    expect(without).not.toContain('securityhub:GetFindings');
    const gen = generatePolicy(registry, { withSecurityHubPush: true });
    const withPush = actionsOf(gen.policies);
    for (const a of PUSH_ACTIONS) expect(withPush).toContain(a);
    expect(withPush.filter((a) => !without.includes(a)).sort()).toEqual(PUSH_ACTIONS.filter((a) => !without.includes(a)).sort());
    const writes = gen.policies.flatMap((d) => d.Statement).filter((s) => s.Action.some((a) => !READ.test(a)));
    expect(writes).toEqual([{ Sid: 'SecurityHubPush', Effect: 'Allow', Action: ['securityhub:BatchImportFindings'], Resource: '*' }]);
  });
});

describe('splitting at the 6,144-character limit', () => {
  const synthetic = (services: number, per: number) =>
    Array.from({ length: services }, (_, s) => Array.from({ length: per }, (_, i) => `svc${String(s).padStart(2, '0')}:DescribeSomethingRatherLong${String(i).padStart(3, '0')}`)).flat();

  it('one policy while it fits', () => {
    const gen = generatePolicy(registry);
    const total = minifiedLength({ Version: '2012-10-17', Statement: [{ Sid: 'ReadOnlyScan', Effect: 'Allow', Action: gen.actions, Resource: '*' }] });
    if (total <= MANAGED_POLICY_LIMIT) expect(gen.policies).toHaveLength(1);
    else expect(gen.policies.length).toBeGreaterThan(1);
    expect(splitIntoPolicies(['a:GetB', 'a:ListC'])).toEqual([{ Version: '2012-10-17', Statement: [{ Sid: 'ReadOnlyScan', Effect: 'Allow', Action: ['a:GetB', 'a:ListC'], Resource: '*' }] }]);
  });

  it('a large action set becomes several policies, each under the limit, losing and repeating nothing', () => {
    const actions = synthetic(20, 25); // 500 actions, ~22,000 characters
    const docs = splitIntoPolicies(actions);
    expect(docs.length).toBeGreaterThanOrEqual(Math.ceil((actions.length * 40) / MANAGED_POLICY_LIMIT));
    for (const d of docs) {
      expect(minifiedLength(d)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
      expect(new Set(d.Statement.map((s) => s.Sid)).size).toBe(d.Statement.length);
    }
    const all = actionsOf(docs);
    expect(all).toHaveLength(actions.length);
    expect(new Set(all)).toEqual(new Set(actions));
    // No service is cut in two when it fits whole in one policy.
    for (let s = 0; s < 20; s++) {
      const prefix = `svc${String(s).padStart(2, '0')}:`;
      expect(docs.filter((d) => actionsOf([d]).some((a) => a.startsWith(prefix)))).toHaveLength(1);
    }
    // Full: the next service would not have fitted into the previous policy.
    for (let i = 0; i + 1 < docs.length; i++) {
      const next = actionsOf([docs[i + 1]]);
      const firstService = next.filter((a) => a.startsWith(next[0].split(':')[0] + ':'));
      const grown: PolicyDocument = structuredClone(docs[i]);
      grown.Statement[0].Action.push(...firstService);
      expect(minifiedLength(grown)).toBeGreaterThan(MANAGED_POLICY_LIMIT);
    }
  });

  it('a single service bigger than one policy is cut across policies', () => {
    const actions = synthetic(1, 400);
    const docs = splitIntoPolicies(actions);
    expect(docs.length).toBeGreaterThan(1);
    for (const d of docs) expect(minifiedLength(d)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    expect(actionsOf(docs)).toEqual(actions);
    expect(docs.map((d) => d.Statement[0].Sid)).toEqual(docs.map((_, i) => (i ? `ReadOnlyScan${i + 1}` : 'ReadOnlyScan')));
  });

  it('the real policy splits the same way under a smaller limit', () => {
    const gen = generatePolicy(registry, { withSecurityHubPush: true });
    const docs = splitIntoPolicies(gen.actions, 1500);
    expect(docs.length).toBeGreaterThan(2);
    for (const d of docs) expect(minifiedLength(d)).toBeLessThanOrEqual(1500);
    expect(actionsOf(docs).sort()).toEqual(gen.actions.slice().sort());
  });

  it('the CLI prints a JSON array of policies when split, and says so', async () => {
    const r = await run(['iam-policy', '--with-securityhub-push']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PolicyDocument | PolicyDocument[];
    const docs = Array.isArray(out) ? out : [out];
    expect(docs).toEqual(generatePolicy(registry, { withSecurityHubPush: true }).policies);
    if (docs.length > 1) expect(r.stderr).toMatch(/attach all of them/);
    else expect(r.stderr).toBe('');
  });
});

describe('--addon-to SecurityAudit', () => {
  it('drops what SecurityAudit grants and keeps what it lacks', () => {
    const gen = generatePolicy(registry, { addonTo: 'SecurityAudit' });
    const add = actionsOf(gen.policies);
    expect(SECURITY_AUDIT_ACTIONS.has('securityhub:DescribeHub')).toBe(true);
    expect(gen.required).toContain('securityhub:DescribeHub');
    expect(add).not.toContain('securityhub:DescribeHub');
    expect(add).toContain('macie2:GetMacieSession');
    for (const a of add) expect(SECURITY_AUDIT_ACTIONS.has(a), a).toBe(false);
    // Together they cover the scan exactly.
    expect(new Set([...add, ...gen.required.filter((a) => SECURITY_AUDIT_ACTIONS.has(a))])).toEqual(new Set(gen.required));
    expect(add.length).toBeLessThan(gen.required.length);
  });

  it('counts an action the snapshot does not name as lacking', () => {
    expect(lackingFrom('SecurityAudit', ['cloudtrail:DescribeTrails', 'newservice:GetThing'])).toEqual(['newservice:GetThing']);
    // The push write is never in SecurityAudit.
    expect(actionsOf(generatePolicy(registry, { addonTo: 'SecurityAudit', withSecurityHubPush: true }).policies)).toContain('securityhub:BatchImportFindings');
  });

  it('the CLI prints the add-on and names the snapshot', async () => {
    const r = await run(['iam-policy', '--addon-to', 'SecurityAudit']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PolicyDocument;
    expect(actionsOf([out])).toEqual(generatePolicy(registry, { addonTo: 'SecurityAudit' }).actions);
    expect(r.stderr).toMatch(/not in SecurityAudit \(snapshot v\d+, \d{4}-\d{2}-\d{2}\)/);
    expect((await run(['iam-policy', '--addon-to', 'ViewOnlyAccess'])).code).toBe(3);
  });
});

/** What `yaml` writes by default for repeated objects: anchors and aliases. */
const renderYamlWithDefaults = (v: unknown) => stringify(v);

describe('--cloudformation', () => {
  type Cfn = {
    AWSTemplateFormatVersion: string;
    Parameters: Record<string, { Type: string; Default?: unknown; AllowedPattern?: string }>;
    Conditions: Record<string, unknown>;
    Rules: Record<string, unknown>;
    Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
    Outputs: Record<string, { Value: unknown }>;
  };

  /** Every Ref names a parameter, a resource or a pseudo parameter; every Fn::If a condition. */
  function lint(t: Cfn): string[] {
    const problems: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (!v || typeof v !== 'object') return;
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Ref' && typeof x === 'string' && !(x in t.Parameters) && !(x in t.Resources) && !x.startsWith('AWS::')) problems.push(`Ref ${x}`);
        if (k === 'Fn::If' && !(String((x as unknown[])[0]) in t.Conditions)) problems.push(`condition ${String((x as unknown[])[0])}`);
        if (k === 'Fn::Sub' && typeof x === 'string') for (const m of x.matchAll(/\$\{([^}]+)\}/g)) if (!(m[1] in t.Parameters) && !m[1].startsWith('AWS::')) problems.push(`Sub ${m[1]}`);
        walk(x);
      }
    };
    walk(t);
    return problems;
  }

  it('parses, attaches exactly the generated policy to the role, and outputs its ARN', async () => {
    const r = await run(['iam-policy', '--cloudformation']);
    expect(r.code).toBe(0);
    const t = parse(r.stdout) as Cfn;
    expect(t.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(r.stdout).toMatch(/^AWSTemplateFormatVersion: "2010-09-09"$/m);
    expect(lint(t)).toEqual([]);
    const policies = Object.entries(t.Resources).filter(([, v]) => v.Type === 'AWS::IAM::ManagedPolicy');
    const gen = generatePolicy(registry);
    expect(policies.map(([, v]) => v.Properties.PolicyDocument)).toEqual(gen.policies);
    const role = t.Resources.ScanRole;
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties.ManagedPolicyArns).toEqual(policies.map(([k]) => ({ Ref: k })));
    expect(t.Outputs.RoleArn.Value).toEqual({ 'Fn::GetAtt': ['ScanRole', 'Arn'] });
  });

  it('offers both trust options, chosen by Conditions, and requires at least one', () => {
    const t = parse(renderCloudFormation(cloudFormationTemplate(generatePolicy(registry), '9.9.9'))) as Cfn;
    const trust = t.Resources.ScanRole.Properties.AssumeRolePolicyDocument.Statement as { 'Fn::If': [string, any, unknown] }[];
    const byCondition = Object.fromEntries(trust.map((s) => [s['Fn::If'][0], s['Fn::If'][1]]));
    expect(Object.keys(byCondition).sort()).toEqual(['UseGitHubOidc', 'UseTrustedAccount']);
    for (const s of trust) expect(s['Fn::If'][2]).toEqual({ Ref: 'AWS::NoValue' });

    const gh = byCondition.UseGitHubOidc;
    expect(gh).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: { Ref: 'GitHubOidcProviderArn' } } });
    expect(gh.Condition.StringEquals['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com');
    expect(gh.Condition.StringLike['token.actions.githubusercontent.com:sub']).toEqual({ Ref: 'GitHubSubject' });
    const acct = byCondition.UseTrustedAccount;
    expect(acct).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${TrustedAccountId}:root' } } });
    expect(acct.Condition).toEqual({ 'Fn::If': ['UseExternalId', { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } }, { Ref: 'AWS::NoValue' }] });

    // Parameter patterns: a concrete repository, a 12-digit account.
    const re = (p: string) => new RegExp(t.Parameters[p].AllowedPattern!);
    expect(re('GitHubSubject').test('repo:my-org/my-repo:*')).toBe(true);
    expect(re('GitHubSubject').test('*')).toBe(false);
    expect(re('GitHubSubject').test('repo:*:*')).toBe(false);
    expect(re('TrustedAccountId').test('123456789012')).toBe(true);
    expect(re('TrustedAccountId').test('12345')).toBe(false);
    expect(re('GitHubOidcProviderArn').test('arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com')).toBe(true);
    expect(JSON.stringify(t.Rules)).toContain('GitHubOidcProviderArn');
    expect(JSON.stringify(t.Rules)).toContain('TrustedAccountId');
    expect(lint(t)).toEqual([]);
  });

  it('has no YAML anchors or aliases (CloudFormation refuses aliases): parses with aliases refused', async () => {
    const texts = [
      (await run(['iam-policy', '--cloudformation'])).stdout,
      (await run(['iam-policy', '--cloudformation', '--with-securityhub-push', '--addon-to', 'SecurityAudit'])).stdout,
      renderCloudFormation(cloudFormationTemplate(generatePolicy(registry, { controls: ['A.12'] }), '9.9.9')),
    ];
    for (const text of texts) {
      expect(text.length).toBeGreaterThan(100);
      // maxAliasCount 0: any alias is an error when the document is turned into data.
      expect(() => parse(text, { maxAliasCount: 0 })).not.toThrow();
      const doc = parseDocument(text);
      const found: string[] = [];
      visit(doc, (_k, node) => {
        if (isAlias(node)) found.push(`*${node.source}`);
        else if (isNode(node) && node.anchor) found.push(`&${node.anchor}`);
      });
      expect(found).toEqual([]);
    }
    // The template repeats objects (the same condition on both trust statements): the check can fail.
    const shared = { a: 1 };
    expect(() => parse(renderYamlWithDefaults({ x: shared, y: shared }), { maxAliasCount: 0 })).toThrow();
  });

  it('with --addon-to, attaches SecurityAudit beside the add-on; with the push, the push statement', () => {
    const t = cloudFormationTemplate(generatePolicy(registry, { addonTo: 'SecurityAudit', withSecurityHubPush: true }), '9.9.9') as unknown as Cfn;
    const arns = t.Resources.ScanRole.Properties.ManagedPolicyArns as unknown[];
    expect(arns[0]).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/SecurityAudit' });
    const docs = Object.values(t.Resources).filter((v) => v.Type === 'AWS::IAM::ManagedPolicy').map((v) => v.Properties.PolicyDocument as PolicyDocument);
    expect(actionsOf(docs)).toContain('securityhub:BatchImportFindings');
    expect(actionsOf(docs)).not.toContain('securityhub:DescribeHub');
  });
});

describe('usage errors', () => {
  it('an unknown control exits 3 and lists the valid IDs', async () => {
    const r = await run(['iam-policy', '--controls', 'A.7,Z.9']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown control ID Z\.9; valid IDs: 6\.1\.2/);
  });

  it('an official ISO number or a lower-case ID gets the same hint as in scan', async () => {
    const r = await run(['iam-policy', '--controls', 'A.6.2.8']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/A\.6\.2\.8 is an ISO\/IEC 42001:2023 number.*crosswalk lists A\.6\.2\.8: A\.12, A\.13/);
    expect((await run(['iam-policy', '--controls', 'a.12'])).stderr).toMatch(/did you mean A\.12\?/);
  });

  it('--controls narrows the printed policy', async () => {
    const r = await run(['iam-policy', '--controls', 'A.11']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PolicyDocument;
    expect(new Set(actionsOf([out]))).toEqual(declared(['A.11']));
  });
});
