import { BedrockClient, GetGuardrailCommand, ListEnforcedGuardrailsConfigurationCommand, ListGuardrailsCommand, type GetGuardrailCommandOutput } from '@aws-sdk/client-bedrock';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe, { blocksPromptAttacks, filtersPii } from '../../checks/probes/bedrock-guardrails.js';
import { awsError, NOW, runProbe } from '../helpers.js';

const bedrock = mockClient(BedrockClient);
const cw = mockClient(CloudWatchClient);
// The AI footprint also lists SageMaker resources.
const sm = mockClient(SageMakerClient);
afterEach(() => [bedrock, cw, sm].forEach((m) => m.reset()));

const GARN = (id: string) => `arn:aws:bedrock:us-east-1:123456789012:guardrail/${id}`;
const summary = (id: string, status: 'READY' | 'FAILED' = 'READY') => ({ id, arn: GARN(id), status, name: `gr-${id}`, version: 'DRAFT', createdAt: NOW, updatedAt: NOW });

function guardrail(id: string, o: { promptAttack?: boolean; pii?: boolean } = {}) {
  const out: Partial<GetGuardrailCommandOutput> = {
    name: `gr-${id}`,
    guardrailId: id,
    guardrailArn: GARN(id),
    version: 'DRAFT',
    status: 'READY',
    contentPolicy: { filters: [{ type: 'HATE', inputStrength: 'HIGH', outputStrength: 'HIGH' }, ...(o.promptAttack ? [{ type: 'PROMPT_ATTACK' as const, inputStrength: 'HIGH' as const, outputStrength: 'NONE' as const }] : [])] },
    ...(o.pii ? { sensitiveInformationPolicy: { piiEntities: [{ type: 'EMAIL' as const, action: 'ANONYMIZE' as const }] } } : {}),
  };
  bedrock.on(GetGuardrailCommand, { guardrailIdentifier: GARN(id) }).resolves(out);
}

describe('Amazon Bedrock Guardrails probe (extension)', () => {
  // Issue 16: the enforced version is what is judged (GetGuardrail with guardrailVersion), not the
  // DRAFT; its resource sits beside the DRAFTs (the old expectation judged the DRAFT as enforced).
  it('A.9 PASS: the enforced version of a guardrail has prompt-attack and PII filters, on all models (guardrails over two pages)', async () => {
    bedrock.on(ListGuardrailsCommand).resolvesOnce({ guardrails: [summary('weak')], nextToken: 'g2' }).resolves({ guardrails: [summary('strong')] });
    guardrail('weak');
    guardrail('strong', { promptAttack: true, pii: true });
    bedrock.on(ListEnforcedGuardrailsConfigurationCommand).resolves({ guardrailsConfig: [{ configId: 'c1', guardrailArn: GARN('strong'), guardrailVersion: '1', owner: 'ACCOUNT' }] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe(`enforced guardrail ${GARN('strong')} version 1 (all models): prompt-attack and PII filters enforced on every model invocation`);
    expect(Object.fromEntries(check.resources.map((r) => [r.id, [r.status, r.reason]]))).toEqual({
      [`${GARN('strong')}:1`]: ['PASS', `enforced guardrail ${GARN('strong')} version 1 (all models): prompt-attack filter, PII filter`],
      [GARN('strong')]: ['PASS', 'guardrail gr-strong (DRAFT): prompt-attack filter, PII filter'],
      [GARN('weak')]: ['FAIL', 'guardrail gr-weak (DRAFT): no prompt-attack input filter, no PII entity or regex filter that blocks or anonymises'],
    });
    expect(bedrock.commandCalls(ListGuardrailsCommand).length).toBe(2);
    expect(bedrock.commandCalls(GetGuardrailCommand).map((c) => c.args[0].input.guardrailVersion)).toContain('1');
  });

  it('MANUAL(PARTIAL) when a qualifying guardrail exists but nothing enforces it at account level', async () => {
    bedrock.on(ListGuardrailsCommand).resolves({ guardrails: [summary('strong')] });
    guardrail('strong', { pii: true });
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.reason).toMatch(/^1 READY guardrail\(s\) with PII filters \(gr-strong\), but none is enforced at account level: attest/);
  });

  it('A.10 FAIL(MISCONFIGURED) when READY guardrails have no PII filter', async () => {
    bedrock.on(ListGuardrailsCommand).resolves({ guardrails: [summary('weak')] });
    guardrail('weak', { promptAttack: true });
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('1 READY guardrail(s), none with PII filters');
  });

  it('FAIL(NOT_IN_USE) when Bedrock is used but no guardrail exists', async () => {
    cw.on(ListMetricsCommand).resolves({ Metrics: [{ Namespace: 'AWS/Bedrock', MetricName: 'Invocations' }] });
    const { check } = await runProbe(probe, { control: 'A.7' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('Bedrock is used in this region but no guardrail exists');
  });

  it('NOT_APPLICABLE without Bedrock usage', async () => {
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('NOT_APPLICABLE');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    bedrock.on(ListGuardrailsCommand).resolves({ guardrails: [summary('strong')] });
    bedrock.on(GetGuardrailCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/bedrock:GetGuardrail/);
  });

  it('counts only blocking filters', () => {
    expect(blocksPromptAttacks([{ type: 'PROMPT_ATTACK', inputStrength: 'NONE', outputStrength: 'NONE' }])).toBe(false);
    expect(blocksPromptAttacks([{ type: 'PROMPT_ATTACK', inputStrength: 'LOW', outputStrength: 'NONE', inputEnabled: false }])).toBe(false);
    expect(filtersPii({ piiEntities: [{ type: 'EMAIL', action: 'NONE' }] })).toBe(false);
    expect(filtersPii({ regexes: [{ name: 'acct', pattern: '\\d+', action: 'BLOCK' }] })).toBe(true);
  });
});

describe('Bedrock Guardrails: what is enforced, and where (issue 16)', () => {
  const ORG = (id: string) => `arn:aws:bedrock:us-east-1:999988887777:guardrail/${id}`;

  it('A.10 FAIL: the DRAFT has PII filters but the enforced version 1 has none (the enforced version is read)', async () => {
    bedrock.on(ListGuardrailsCommand).resolves({ guardrails: [summary('g')] });
    bedrock.on(GetGuardrailCommand, { guardrailIdentifier: GARN('g') }).resolves({ name: 'gr-g', guardrailId: 'g', guardrailArn: GARN('g'), version: 'DRAFT', status: 'READY', sensitiveInformationPolicy: { piiEntities: [{ type: 'EMAIL', action: 'ANONYMIZE' }] } });
    bedrock.on(GetGuardrailCommand, { guardrailIdentifier: GARN('g'), guardrailVersion: '1' }).resolves({ name: 'gr-g', guardrailId: 'g', guardrailArn: GARN('g'), version: '1', status: 'READY' });
    bedrock.on(ListEnforcedGuardrailsConfigurationCommand).resolves({ guardrailsConfig: [{ configId: 'c1', guardrailArn: GARN('g'), guardrailId: 'g', guardrailVersion: '1', owner: 'ACCOUNT' }] });
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect([check.status, check.code]).toEqual(['FAIL', 'MISCONFIGURED']);
    expect(check.reason).toBe(`enforced guardrail ${GARN('g')} version 1 (all models): no PII entity or regex filter that blocks or anonymises (the DRAFT of gr-g has them, but the DRAFT is not what is enforced)`);
  });

  it('MANUAL(PARTIAL), not PASS, when the enforcement covers only some models; the scope is said', async () => {
    bedrock.on(ListGuardrailsCommand).resolves({ guardrails: [summary('strong')] });
    guardrail('strong', { promptAttack: true, pii: true });
    bedrock.on(ListEnforcedGuardrailsConfigurationCommand).resolves({ guardrailsConfig: [{ configId: 'c1', guardrailArn: GARN('strong'), guardrailVersion: '2', owner: 'ACCOUNT', modelEnforcement: { includedModels: ['anthropic.claude-3-haiku-20240307-v1:0'], excludedModels: [] } }] });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect([check.status, check.code]).toEqual(['MANUAL', 'PARTIAL']);
    expect(check.reason).toMatch(/version 2 \(only anthropic\.claude-3-haiku-20240307-v1:0\) has prompt-attack and PII filters, but not for every model/);
  });

  it('all models except some: not every invocation is guarded (MANUAL)', async () => {
    bedrock.on(ListGuardrailsCommand).resolves({ guardrails: [summary('strong')] });
    guardrail('strong', { pii: true });
    bedrock.on(ListEnforcedGuardrailsConfigurationCommand).resolves({ guardrailsConfig: [{ configId: 'c1', guardrailArn: GARN('strong'), guardrailVersion: '1', owner: 'ACCOUNT', modelEnforcement: { includedModels: ['ALL'], excludedModels: ['amazon.titan-text-lite-v1'] } }] });
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('MANUAL');
    expect(check.reason).toMatch(/\(all models except amazon\.titan-text-lite-v1\)/);
  });

  it('an organization-enforced guardrail in another account is enforcement, not absence: MANUAL when unreadable, PASS when readable', async () => {
    // The member account lists no guardrail of its own.
    cw.on(ListMetricsCommand).resolves({ Metrics: [{ Namespace: 'AWS/Bedrock', MetricName: 'Invocations' }] });
    bedrock.on(ListEnforcedGuardrailsConfigurationCommand).resolves({ guardrailsConfig: [{ configId: 'org1', guardrailArn: ORG('org'), guardrailId: 'org', guardrailVersion: '3' }] });
    bedrock.on(GetGuardrailCommand, { guardrailIdentifier: ORG('org') }).rejects(awsError('AccessDeniedException', 'not authorized', 403));
    const unreadable = await runProbe(probe, { control: 'A.9' });
    expect([unreadable.check.status, unreadable.check.code]).toEqual(['MANUAL', 'PARTIAL']);
    expect(unreadable.check.reason).toMatch(/organization guardrail .*guardrail\/org version 3 in account 999988887777: its filters cannot be read from here/);
    bedrock.on(GetGuardrailCommand, { guardrailIdentifier: ORG('org') }).resolves({ name: 'org', guardrailId: 'org', guardrailArn: ORG('org'), version: '3', status: 'READY', contentPolicy: { filters: [{ type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' }] }, sensitiveInformationPolicy: { regexes: [{ name: 'acct', pattern: '\\d{12}', action: 'BLOCK' }] } });
    const readable = await runProbe(probe, { control: 'A.9' });
    expect(readable.check.status).toBe('PASS');
  });

  it('two enforced guardrails on all models combine: prompt-attack from one, PII from the other', async () => {
    bedrock.on(ListGuardrailsCommand).resolves({ guardrails: [summary('pa'), summary('pii')] });
    guardrail('pa', { promptAttack: true });
    guardrail('pii', { pii: true });
    bedrock.on(ListEnforcedGuardrailsConfigurationCommand).resolves({
      guardrailsConfig: [
        { configId: 'c1', guardrailArn: GARN('pa'), guardrailVersion: '1', owner: 'ACCOUNT' },
        { configId: 'c2', guardrailArn: GARN('pii'), guardrailVersion: '1', owner: 'ACCOUNT' },
      ],
    });
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('PASS');
  });

  it('A.7 needs no GetGuardrail: a READY guardrail is known from the listing', async () => {
    bedrock.on(ListGuardrailsCommand).resolves({ guardrails: [summary('g')] });
    bedrock.on(GetGuardrailCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe, { control: 'A.7' });
    expect([check.status, check.code]).toEqual(['MANUAL', 'PARTIAL']);
  });

  it('NOT_APPLICABLE where Bedrock is known unused, even when the enforcement list is refused', async () => {
    bedrock.on(ListEnforcedGuardrailsConfigurationCommand).rejects(awsError('AccessDeniedException', 'no', 403));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('NOT_APPLICABLE');
  });
});
