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
