// The security, logging, audit and operations probes (issue 4): every document mapping of their
// services resolves to a probe, they only read, and none can return a secret or decrypt.
import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../checks/catalog.js';
import { SECURITY_PROBES } from '../checks/groups/security.js';
import { EXTENSIONS, PROBES, defaultRegistry } from '../checks/registry.js';
import { READ_ONLY_OPERATION } from '../src/aws/ops.js';
import { declaredCalls } from '../src/engine/probe.js';

/** The table: service (document name) → the controls it must answer for. */
const TABLE: Record<string, string[]> = {
  'Amazon CloudWatch': ['6.1.2', 'A.6'],
  'Amazon CloudWatch Dashboards': ['9.1'],
  'Amazon CloudWatch Alarms': ['A.11'],
  'Amazon CloudWatch Logs': ['A.12'],
  'AWS Audit Manager': ['9.2', 'A.2', 'A.12'],
  'Amazon Detective': ['9.2'],
  'AWS X-Ray': ['A.6'],
  'Amazon EventBridge': ['A.6'],
  'AWS Systems Manager Documents': ['A.8'],
  'AWS IAM': ['A.9'],
  'AWS KMS': ['A.9'],
  'AWS Secrets Manager': ['A.9'],
  'AWS PrivateLink': ['A.9'],
  'AWS Systems Manager Incident Manager': ['A.11'],
  'Amazon SNS': ['A.11'],
  'AWS Artifact': ['A.14'],
};
/** The core issue's services, whose every remaining control is part of this issue too. */
const CORE = ['AWS Security Hub', 'Amazon Macie', 'AWS CloudTrail', 'AWS CloudTrail Insights', 'AWS Config', 'AWS Config Rules'];

/**
 * Operations that return secret values, key material, decrypted data or object contents. A declaration
 * cannot say WithDecryption=false, so SSM parameter reads are refused outright.
 */
const FORBIDDEN = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'secretsmanager:GetRandomPassword',
  'kms:Decrypt',
  'kms:ReEncrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateRandom',
  'kms:GetParametersForImport',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'ssm:GetParameterHistory',
  's3:GetObject',
];

const mappedControls = (service: string) => CONTROLS.filter((c) => c.mappings.some((m) => m.service === service)).map((c) => c.id);

describe('security, logging, audit and operations probes', () => {
  const registry = defaultRegistry();

  it('the table matches the document: every service maps to exactly these controls', () => {
    for (const [service, controls] of Object.entries(TABLE)) expect(mappedControls(service), service).toEqual(controls);
  });

  it.each([...Object.keys(TABLE), ...CORE])('every document mapping of %s resolves to a security probe', (service) => {
    const controls = mappedControls(service);
    expect(controls.length, service).toBeGreaterThan(0);
    for (const id of controls) {
      const probe = registry.probeFor(service);
      expect(probe, `${id} → ${service}`).toBeDefined();
      expect(SECURITY_PROBES).toContain(probe);
      expect(registry.probesFor([id]).map((p) => p.id)).toContain(probe!.id);
    }
  });

  it('the core services answer for their remaining controls: Security Hub A.14, Macie A.9/A.10, CloudTrail A.11/A.12, Config A.13', () => {
    expect(mappedControls('AWS Security Hub')).toEqual(['6.1.2', 'A.14']);
    expect(mappedControls('Amazon Macie')).toEqual(['7.5', 'A.9', 'A.10']);
    expect(mappedControls('AWS CloudTrail')).toEqual(['A.11', 'A.12']);
    expect(mappedControls('AWS Config')).toEqual(['A.13']);
    for (const [control, service] of [['A.14', 'AWS Security Hub'], ['A.9', 'Amazon Macie'], ['A.10', 'Amazon Macie'], ['A.11', 'AWS CloudTrail'], ['A.12', 'AWS CloudTrail'], ['A.13', 'AWS Config']]) {
      expect(registry.probesFor([control]).map((p) => p.service), control).toContain(service);
    }
  });

  it('every security probe declares only List/Describe/Get/Search/BatchGet operations', () => {
    for (const p of SECURITY_PROBES) for (const c of declaredCalls(p)) expect(c.operation, `${p.id} ${c.service}:${c.operation}`).toMatch(READ_ONLY_OPERATION);
  });

  it('no probe declares an operation that returns secret values or decrypts', () => {
    for (const p of [...PROBES, ...EXTENSIONS.map((e) => e.probe)]) {
      for (const c of declaredCalls(p)) {
        expect(FORBIDDEN, `${p.id} declares ${c.action}`).not.toContain(c.action);
        expect(c.operation, `${p.id} ${c.operation}`).not.toMatch(/SecretValue|Decrypt|GenerateDataKey|^GetParameters?(ByPath|History)?$/);
      }
    }
  });

  it('IAM reads no credential report, and SNS no subscription endpoints (webhook URLs can embed tokens)', () => {
    const actions = SECURITY_PROBES.flatMap((p) => declaredCalls(p).map((c) => c.action));
    expect(actions).not.toContain('iam:GetCredentialReport');
    expect(actions).not.toContain('iam:GenerateCredentialReport');
    expect(actions).not.toContain('sns:ListSubscriptionsByTopic');
  });

  it('IAM is called once per scan in the partition\'s IAM region; CloudWatch dashboards once from the home region', () => {
    const byId = new Map(SECURITY_PROBES.map((p) => [p.id, p]));
    expect(byId.get('iam')!.scope).toBe('global');
    for (const c of declaredCalls(byId.get('iam')!)) expect(c.scope, c.operation).toBe('global');
    expect(byId.get('cloudwatch-dashboards')!.scope).toBe('global');
  });

  it('closed-to-new-customers services name the alternative', () => {
    const byId = new Map(SECURITY_PROBES.map((p) => [p.id, p]));
    expect(byId.get('audit-manager')!.availability).toMatch(/no longer open to new customers.*AWS Config conformance packs/);
    expect(byId.get('incident-manager')!.availability).toMatch(/no longer open to new customers.*SNS/);
  });
});
