// Amazon Bedrock Guardrails — extension beyond the document's mapping, supporting A.7 (oversight
// applied centrally), A.9 (information security: prompt-attack and PII filters) and A.10
// (privacy: PII filters). probes.md §3.2, §3.3.
// PASS: a READY guardrail that meets the control's filters AND account-level enforcement of such
// a guardrail (ListEnforcedGuardrailsConfiguration). Enforcement done elsewhere (IAM condition
// bedrock:GuardrailIdentifier, the application) cannot be seen here: MANUAL (PARTIAL).
// ListGuardrails without an identifier lists each guardrail's DRAFT; the DRAFT is what is judged.
import type {
  GetGuardrailCommandInput,
  GetGuardrailCommandOutput,
  GuardrailContentFilter,
  GuardrailPiiEntity,
  GuardrailRegex,
  ListEnforcedGuardrailsConfigurationCommandInput,
  ListEnforcedGuardrailsConfigurationCommandOutput,
} from '@aws-sdk/client-bedrock';
import { isAbsent } from '../../src/aws/errors.js';
import { next_token, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, error, fail, manual, notApplicable, pass } from '../../src/engine/probe.js';
import { aiFootprint, ListGuardrails } from '../facts/ai-footprint.js';
import { unlessUnavailable } from '../facts/sagemaker-inventory.js';

export const GetGuardrail = op<GetGuardrailCommandInput, GetGuardrailCommandOutput>('bedrock', 'GetGuardrail', { absent: [{ name: 'ResourceNotFoundException' }] });
export const ListEnforcedGuardrailsConfiguration = op<ListEnforcedGuardrailsConfigurationCommandInput, ListEnforcedGuardrailsConfigurationCommandOutput>('bedrock', 'ListEnforcedGuardrailsConfiguration', { paginate: next_token });

/** READY guardrails read in full (newest first); one GetGuardrail each. */
export const GUARDRAIL_CAP = 50;

export interface GuardrailFacts {
  id: string;
  arn: string;
  name: string;
  status?: string;
  version?: string;
  /** Set once read with GetGuardrail. */
  promptAttack?: boolean;
  pii?: boolean;
  contentFilters?: number;
  deniedTopics?: number;
  grounding?: boolean;
}

export interface GuardrailsFacts {
  notes: string[];
  bedrock: boolean | null;
  unknown: string[];
  guardrails: GuardrailFacts[];
  truncated: boolean;
  enforced: { arn?: string; id?: string; version?: string; excludedModels: number }[];
}

/** A prompt-attack filter that blocks on input (inputStrength above NONE, not disabled, action not NONE). */
// probes.md §3.2 checks inputStrength only; the d.ts adds inputEnabled and inputAction (NONE = detect without blocking).
export function blocksPromptAttacks(filters: GuardrailContentFilter[] | undefined): boolean {
  return (filters ?? []).some((x) => x.type === 'PROMPT_ATTACK' && x.inputStrength !== undefined && x.inputStrength !== 'NONE' && x.inputEnabled !== false && x.inputAction !== 'NONE');
}

/** At least one PII entity or regex that blocks or anonymises in some direction. */
export function filtersPii(p: { piiEntities?: GuardrailPiiEntity[]; regexes?: GuardrailRegex[] } | undefined): boolean {
  const acts = (x: GuardrailPiiEntity | GuardrailRegex) => {
    const input = x.inputEnabled !== false && (x.inputAction ?? x.action) !== 'NONE';
    const output = x.outputEnabled !== false && (x.outputAction ?? x.action) !== 'NONE';
    return (input || output) && [x.action, x.inputAction, x.outputAction].some((a) => a === 'BLOCK' || a === 'ANONYMIZE');
  };
  return [...(p?.piiEntities ?? []), ...(p?.regexes ?? [])].some(acts);
}

/** What a guardrail must filter for the control. */
function meets(g: GuardrailFacts, control: string): string[] {
  const missing: string[] = [];
  if (g.status !== 'READY') return [`status ${g.status ?? 'unknown'}`];
  if (g.promptAttack === undefined) return ['not read'];
  if (control === 'A.9' && !g.promptAttack) missing.push('no prompt-attack input filter');
  if ((control === 'A.9' || control === 'A.10') && !g.pii) missing.push('no PII entity or regex filter that blocks or anonymises');
  return missing;
}

const NEEDS: Record<string, string> = { 'A.9': 'prompt-attack and PII filters', 'A.10': 'PII filters', 'A.7': 'any policy' };

export default defineProbe<GuardrailsFacts>({
  id: 'bedrock-guardrails',
  service: 'Amazon Bedrock Guardrails',
  title: 'A READY Bedrock guardrail with the needed filters is enforced for the account',
  severity: 'high',
  remediation: 'Create a guardrail with a PROMPT_ATTACK content filter and PII entity/regex filters (BLOCK or ANONYMIZE) and enforce it for every invocation: Bedrock console → Guardrails → Create, then Settings → Account-level enforcement, or `aws bedrock create-guardrail` and `aws bedrock put-enforced-guardrail-configuration`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [ListGuardrails, GetGuardrail, ListEnforcedGuardrailsConfiguration],
  uses: [aiFootprint],
  async collect(ctx) {
    // Same input as the footprint: the list is read once.
    const notes: string[] = [];
    const [fp, list, enforced] = await Promise.all([
      ctx.use(aiFootprint),
      ctx.all(ListGuardrails, {}, 'guardrails'),
      unlessUnavailable(ctx.all(ListEnforcedGuardrailsConfiguration, {}, 'guardrailsConfig'), [], 'Bedrock account-level guardrail enforcement', notes),
    ]);
    const ready = [...list.filter((g) => g.status === 'READY')].sort((a, b) => (b.updatedAt?.getTime() ?? 0) - (a.updatedAt?.getTime() ?? 0));
    const read = new Set(ready.slice(0, GUARDRAIL_CAP).map((g) => g.arn ?? g.id));
    const guardrails = await Promise.all(
      list.map(async (s): Promise<GuardrailFacts | null> => {
        const base: GuardrailFacts = { id: s.id ?? '', arn: s.arn ?? s.id ?? '', name: s.name ?? s.id ?? '', status: s.status, version: s.version };
        if (!read.has(s.arn ?? s.id)) return base;
        const g = await ctx.callOrAbsent(GetGuardrail, { guardrailIdentifier: s.arn ?? s.id });
        if (isAbsent(g)) return null;
        return {
          ...base,
          status: g.status ?? s.status,
          promptAttack: blocksPromptAttacks(g.contentPolicy?.filters),
          pii: filtersPii(g.sensitiveInformationPolicy),
          contentFilters: g.contentPolicy?.filters?.length ?? 0,
          deniedTopics: g.topicPolicy?.topics?.length ?? 0,
          grounding: (g.contextualGroundingPolicy?.filters?.length ?? 0) > 0,
        };
      }),
    );
    return {
      notes,
      bedrock: fp.bedrock,
      unknown: fp.unknown,
      guardrails: guardrails.filter((g): g is GuardrailFacts => g !== null),
      truncated: ready.length > GUARDRAIL_CAP,
      enforced: enforced.map((e) => ({ arn: e.guardrailArn, id: e.guardrailId, version: e.guardrailVersion, excludedModels: e.modelEnforcement?.excludedModels?.length ?? 0 })),
    };
  },
  evaluate(f, ctx) {
    if (f.guardrails.length === 0) {
      if (f.bedrock === null) return error(`no Bedrock guardrails, and whether Bedrock is used here could not be read: ${f.unknown.join('; ')}`);
      if (!f.bedrock) return notApplicable('no Bedrock usage and no guardrails in this region');
      return fail('Bedrock is used in this region but no guardrail exists', 'NOT_IN_USE');
    }
    const need = NEEDS[ctx.control] ?? 'any policy';
    const resources: ResourceResult[] = f.guardrails.map((g) => {
      const missing = meets(g, ctx.control);
      const enforced = f.enforced.some((e) => e.arn === g.arn || e.id === g.id);
      const tag = enforced ? ', enforced for the account' : '';
      if (missing.length) return { id: g.arn, status: missing[0] === 'not read' ? 'MANUAL' : 'FAIL', reason: `guardrail ${g.name}: ${missing.join(', ')}${tag}` };
      const what = [g.promptAttack && 'prompt-attack filter', g.pii && 'PII filter', g.deniedTopics && `${g.deniedTopics} denied topic(s)`, g.grounding && 'contextual grounding'].filter(Boolean).join(', ');
      return { id: g.arn, status: 'PASS', reason: `guardrail ${g.name}: ${what || 'READY'}${tag}` };
    });
    const warnings: string[] = ['the DRAFT of each guardrail is judged; applications may invoke a published version', ...f.notes];
    if (f.truncated) warnings.push(`only the ${GUARDRAIL_CAP} most recently updated READY guardrails were read`);
    for (const e of f.enforced) if (e.excludedModels) warnings.push(`enforced guardrail ${e.arn ?? e.id}: ${e.excludedModels} model(s) excluded from enforcement`);
    const good = f.guardrails.filter((g, i) => resources[i].status === 'PASS');
    const enforcedGood = good.filter((g) => f.enforced.some((e) => e.arn === g.arn || e.id === g.id));
    if (enforcedGood.length) return pass(`guardrail ${enforcedGood.map((g) => g.name).join(', ')} READY with ${need} and enforced for the account`, { resources, warnings });
    if (good.length) {
      const other = f.enforced.length ? `the ${f.enforced.length} enforced guardrail(s) are not among them` : 'none is enforced at account level';
      return manual(`${good.length} READY guardrail(s) with ${need} (${good.map((g) => g.name).join(', ')}), but ${other}: attest that every invocation applies one (IAM condition bedrock:GuardrailIdentifier or the application)`, { code: 'PARTIAL', resources, warnings });
    }
    if (resources.some((r) => r.status === 'MANUAL')) return manual(`no guardrail read so far has ${need}; some READY guardrails were not read`, { code: 'PARTIAL', resources, warnings });
    const ready = f.guardrails.filter((g) => g.status === 'READY').length;
    return fail(ready ? `${ready} READY guardrail(s), none with ${need}` : `${f.guardrails.length} guardrail(s), none READY`, ready ? 'MISCONFIGURED' : 'NOT_IN_USE', { resources, warnings });
  },
});
