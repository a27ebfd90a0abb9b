// Amazon Bedrock Guardrails — extension beyond the document's mapping, supporting A.7 (oversight
// applied centrally), A.9 (information security: prompt-attack and PII filters) and A.10
// (privacy: PII filters). probes.md §3.2, §3.3.
// What applies to every invocation is the enforced guardrail configuration
// (ListEnforcedGuardrailsConfiguration; the SDK has no Get for it): a numbered guardrail version,
// on all models or on included models minus excluded ones (modelEnforcement). So the probe reads
// the enforced version itself (GetGuardrail with guardrailVersion), not the DRAFT:
// - PASS: the enforced versions covering all models (union of their filters, as Bedrock layers
//   them) have the control's filters;
// - FAIL: enforcement is configured but no enforced version has them (a DRAFT that does is not
//   what runs), or no enforcement and no READY guardrail has them;
// - MANUAL (PARTIAL): the filters are enforced only on some models, or an organization-level
//   guardrail in another account cannot be read from here, or qualifying guardrails exist but
//   nothing enforces them at account level (an IAM condition bedrock:GuardrailIdentifier or the
//   application may: attest it).
// Without enforcement, each READY guardrail's DRAFT (what ListGuardrails lists) is judged.
import type {
  AccountEnforcedGuardrailOutputConfiguration,
  GetGuardrailCommandInput,
  GetGuardrailCommandOutput,
  GuardrailContentFilter,
  GuardrailPiiEntity,
  GuardrailRegex,
  GuardrailSummary,
  ListEnforcedGuardrailsConfigurationCommandInput,
  ListEnforcedGuardrailsConfigurationCommandOutput,
} from '@aws-sdk/client-bedrock';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { next_token, op } from '../../src/aws/ops.js';
import type { ReasonCode, ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, pass, undecided, type EvalContext } from '../../src/engine/probe.js';
import { causesOf, completeList, F, fanOut, T, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { aiFootprint, ListGuardrails, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintUnknown } from '../facts/ai-workload.js';
import { allOf, anyOf, attest, resultOf, type Judged, type Judgement } from '../rules/per-resource.js';

export const GetGuardrail = op<GetGuardrailCommandInput, GetGuardrailCommandOutput>('bedrock', 'GetGuardrail', { absent: [{ name: 'ResourceNotFoundException' }] });
export const ListEnforcedGuardrailsConfiguration = op<ListEnforcedGuardrailsConfigurationCommandInput, ListEnforcedGuardrailsConfigurationCommandOutput>('bedrock', 'ListEnforcedGuardrailsConfiguration', { paginate: next_token });

/** READY guardrails whose DRAFT is read (newest first, then by ID); one GetGuardrail each. */
export const GUARDRAIL_CAP = 50;

export interface EnforcedConfig {
  config: AccountEnforcedGuardrailOutputConfiguration;
  /** The enforced version, read with guardrailVersion. */
  version: Ev<GetGuardrailCommandOutput | Absent>;
  /** The guardrail lives in another account (organization-level enforcement). */
  foreignAccount?: string;
}

export interface GuardrailsFacts {
  footprint: AiFootprint;
  guardrails: ListEv<GuardrailSummary>;
  /** DRAFTs read, by guardrail ARN (the newest GUARDRAIL_CAP READY ones). */
  drafts: Record<string, Ev<GetGuardrailCommandOutput | Absent>>;
  truncated: number;
  enforced: ListEv<EnforcedConfig>;
  notes: string[];
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

type Need = 'prompt-attack' | 'pii' | 'policy';
const NEEDS: Record<string, Need[]> = { 'A.9': ['prompt-attack', 'pii'], 'A.10': ['pii'], 'A.7': ['policy'] };
const NEED_WORDS: Record<string, string> = { 'A.9': 'prompt-attack and PII filters', 'A.10': 'PII filters', 'A.7': 'any policy' };
const needsOf = (control: string): Need[] => NEEDS[control] ?? ['policy'];

/** Whether one read guardrail (version) has one filter the control needs. */
function has(g: GetGuardrailCommandOutput, need: Need): Tri {
  if (g.status && g.status !== 'READY') return F(`status ${g.status}`);
  if (need === 'prompt-attack') return blocksPromptAttacks(g.contentPolicy?.filters) ? T('prompt-attack filter') : F('no prompt-attack input filter');
  if (need === 'pii') return filtersPii(g.sensitiveInformationPolicy) ? T('PII filter') : F('no PII entity or regex filter that blocks or anonymises');
  return T('READY');
}

const arnAccount = (arn: string | undefined) => arn?.split(':')[4];

/** One filter of an enforced configuration: its version read, or to verify in the owning account. */
function enforcedHas(e: EnforcedConfig, need: Need): Judgement {
  const v = e.version;
  const id = e.config.guardrailArn ?? e.config.guardrailId;
  if (!v.known) {
    if (e.foreignAccount && v.causes.every((c) => c.kind === 'denied')) return attest(`organization guardrail ${id} version ${e.config.guardrailVersion} in account ${e.foreignAccount}: its filters cannot be read from here, verify them there`);
    return U(v.causes, `filters of enforced guardrail ${id}`);
  }
  if (isAbsent(v.value)) return e.foreignAccount ? attest(`organization guardrail ${id} in account ${e.foreignAccount} is not visible from here: verify its filters there`) : F(`enforced guardrail ${id} version ${e.config.guardrailVersion} not found`);
  return has(v.value, need);
}

/** Which models a configuration covers, in words; `all` only when no model escapes it. */
export function enforcementScope(c: AccountEnforcedGuardrailOutputConfiguration): { all: boolean; words: string } {
  const m = c.modelEnforcement;
  if (!m) return { all: true, words: 'all models' };
  const included = m.includedModels ?? [];
  const excluded = m.excludedModels ?? [];
  const inc = included.includes('ALL') ? 'all models' : `only ${included.join(', ') || 'no model'}`;
  const exc = excluded.length ? ` except ${excluded.join(', ')}` : '';
  return { all: included.includes('ALL') && !excluded.length, words: `${inc}${exc}` };
}

const label = (e: EnforcedConfig) => `enforced guardrail ${e.config.guardrailArn ?? e.config.guardrailId} version ${e.config.guardrailVersion} (${enforcementScope(e.config).words})`;

export default defineProbe<GuardrailsFacts>({
  id: 'bedrock-guardrails',
  service: 'Amazon Bedrock Guardrails',
  title: 'A Bedrock guardrail version with the needed filters is enforced on every model invocation',
  severity: 'high',
  remediation: 'Create a guardrail with a PROMPT_ATTACK content filter and PII entity/regex filters (BLOCK or ANONYMIZE), publish a version and enforce it for all models: Bedrock console → Guardrails → Create and Create version, then Settings → Account-level enforcement, or `aws bedrock create-guardrail`, `create-guardrail-version` and `put-enforced-guardrail-configuration` (modelEnforcement includedModels ["ALL"]).',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [ListGuardrails, GetGuardrail, ListEnforcedGuardrailsConfiguration],
  uses: [aiFootprint],
  async collect(ctx) {
    const notes: string[] = [];
    // Same input as the footprint: the list is read once.
    const [fp, guardrails, listed] = await Promise.all([ctx.use(aiFootprint), ctx.list(ListGuardrails, {}, 'guardrails'), ctx.list(ListEnforcedGuardrailsConfiguration, {}, 'guardrailsConfig')]);
    // A region that does not offer account-level enforcement has none.
    let configs = listed;
    if (!listed.complete && listed.causes.every((c) => c.kind === 'unavailable')) {
      notes.push('Bedrock account-level guardrail enforcement is not offered in this region');
      configs = completeList([]);
    }
    const enforced = await fanOut(configs, async (config): Promise<Ev<EnforcedConfig>> => {
      const arn = config.guardrailArn;
      const acct = arnAccount(arn);
      const foreignAccount = acct && acct !== ctx.accountId ? acct : config.owner && config.owner !== 'ACCOUNT' ? (acct ?? config.owner) : undefined;
      const version = await ctx.readOrAbsent(GetGuardrail, { guardrailIdentifier: arn ?? config.guardrailId, guardrailVersion: config.guardrailVersion }, { resource: arn ?? config.guardrailId });
      return { known: true, value: { config, version, ...(foreignAccount ? { foreignAccount } : {}) } };
    });
    const ready = guardrails.items.filter((g) => g.status === 'READY' && (g.arn ?? g.id)).sort((a, b) => (b.updatedAt?.getTime() ?? 0) - (a.updatedAt?.getTime() ?? 0) || (a.id ?? '').localeCompare(b.id ?? ''));
    const toRead = ready.slice(0, GUARDRAIL_CAP);
    const drafts = await Promise.all(toRead.map((g) => ctx.readOrAbsent(GetGuardrail, { guardrailIdentifier: g.arn ?? g.id }, { resource: g.arn ?? g.id })));
    return {
      footprint: fp,
      guardrails,
      drafts: Object.fromEntries(toRead.map((g, i) => [g.arn ?? g.id ?? '', drafts[i]])),
      truncated: ready.length - toRead.length,
      enforced,
      notes,
    };
  },
  evaluate(f, ctx) {
    return judge(f, ctx);
  },
});

function judge(f: GuardrailsFacts, ctx: EvalContext): Verdict {
  const needs = needsOf(ctx.control);
  const need = NEED_WORDS[ctx.control] ?? 'any policy';
  const warnings = [...f.notes];

  // The enforced versions: each judged for the control, with the models it covers.
  const configs = f.enforced.items;
  const ofConfig = (e: EnforcedConfig): Judgement => allOf(...needs.map((n) => enforcedHas(e, n)));
  const enforcedJudged: Judged[] = configs.map((e) => ({ id: `${e.config.guardrailArn ?? e.config.guardrailId}:${e.config.guardrailVersion}`, name: e.config.guardrailId ?? '', label: label(e), t: ofConfig(e) }));
  for (const e of configs) {
    const s = e.config.selectiveContentGuarding;
    if (s?.messages === 'SELECTIVE' || s?.system === 'SELECTIVE' || e.config.inputTags === 'HONOR') warnings.push(`${label(e)}: selective content guarding — only content the application tags is evaluated`);
  }
  // Bedrock applies every enforced guardrail together: each filter may come from a different one.
  const full = configs.filter((e) => enforcementScope(e.config).all);
  const enforcedAll: Judgement = allOf(...needs.map((n) => anyOf(...full.map((e) => enforcedHas(e, n)))), ...(f.enforced.complete ? [] : [U(f.enforced.causes, 'enforced guardrail configurations')]));

  // The DRAFTs of READY guardrails (what applications may name per request).
  const drafts: Judged[] = f.guardrails.items
    .filter((g) => (g.arn ?? g.id ?? '') in f.drafts)
    .map((g) => {
      const d = f.drafts[g.arn ?? g.id ?? ''];
      // "Any policy" needs only the listed status; the filters need the DRAFT itself.
      const t: Judgement = needs.every((n) => n === 'policy') ? T('READY') : !d.known ? U(d.causes, 'DRAFT filters') : isAbsent(d.value) ? F('deleted since listed') : allOf(...needs.map((n) => has(d.value as GetGuardrailCommandOutput, n)));
      return { id: g.arn ?? g.id ?? '', name: g.name ?? g.id ?? '', label: `guardrail ${g.name ?? g.id} (DRAFT)`, t };
    });
  const resources: ResourceResult[] = [...enforcedJudged, ...drafts].map(resultOf);
  if (f.truncated) warnings.push(`only the ${GUARDRAIL_CAP} most recently updated READY guardrails were read`);
  const extra = { resources, warnings };

  if (enforcedAll.v === 'T') return pass(`${full.map(label).join('; ')}: ${need} enforced on every model invocation`, extra);
  // Where Bedrock is known unused the requirement does not apply, whatever is (or is not) enforced.
  if (f.footprint.bedrock === false) return notApplicable('no Bedrock usage and no guardrails in this region', extra);
  if (enforcedAll.v === 'M') return manual(enforcedAll.why.join('; '), { ...extra, code: 'PARTIAL' });
  if (enforcedAll.v === 'U') {
    // Missing enforcement configurations could hold a qualifying organization guardrail; a known
    // enforced version without the filters is already a failure only when the list is complete.
    return undecided(enforcedAll.causes, `whether a guardrail with ${need} is enforced for every invocation`, extra);
  }
  // Known: no enforced version covering all models has the filters.
  if (configs.length) {
    const partial = enforcedJudged.filter((j, i) => !enforcementScope(configs[i].config).all && j.t.v === 'T');
    if (partial.length) return manual(`${partial.map((j) => j.label).join('; ')} has ${need}, but not for every model: attest that the other models are not invoked or are guarded otherwise`, { ...extra, code: 'PARTIAL' });
    const draftOk = drafts.filter((d) => d.t.v === 'T').map((d) => d.name);
    const lacking = enforcedJudged.map((j) => `${j.label}: ${j.t.v === 'F' || j.t.v === 'M' ? j.t.why.join(', ') : 'not read'}`);
    const undecidedOnes = enforcedJudged.filter((j) => j.t.v === 'U');
    if (undecidedOnes.length) return undecided(causesOf(undecidedOnes.map((j) => j.t as Tri)), `whether an enforced guardrail version has ${need}`, extra);
    return fail(`${lacking.join('; ')}${draftOk.length ? ` (the DRAFT of ${draftOk.join(', ')} has them, but the DRAFT is not what is enforced)` : ''}`, 'MISCONFIGURED', extra);
  }
  // No enforcement: a qualifying DRAFT is the best evidence there can be (MANUAL: attest it is applied).
  const draftsT = anyOf(...drafts.map((d) => d.t), ...(f.guardrails.complete ? [] : [U(f.guardrails.causes, 'guardrails not listed')]));
  if (draftsT.v === 'T') {
    const good = drafts.filter((d) => d.t.v === 'T').map((d) => d.name);
    return manual(`${good.length} READY guardrail(s) with ${need} (${good.join(', ')}), but none is enforced at account level: attest that every invocation applies one (IAM condition bedrock:GuardrailIdentifier or the application)`, { ...extra, code: 'PARTIAL' });
  }
  if (draftsT.v === 'U') return undecided((draftsT as Extract<Tri, { v: 'U' }>).causes, `whether a READY guardrail has ${need}`, extra);
  if (f.truncated) return manual(`no guardrail read so far has ${need}; ${f.truncated} more READY guardrail(s) were not read (cap ${GUARDRAIL_CAP})`, { ...extra, code: 'PARTIAL' });
  if (f.guardrails.items.length) {
    const ready = f.guardrails.items.filter((g) => g.status === 'READY').length;
    const code: ReasonCode = ready ? 'MISCONFIGURED' : 'NOT_IN_USE';
    return fail(ready ? `${ready} READY guardrail(s), none with ${need}` : `${f.guardrails.items.length} guardrail(s), none READY`, code, extra);
  }
  // Nothing at all: the requirement applies where Bedrock is used.
  if (f.footprint.bedrock === true) return fail('Bedrock is used in this region but no guardrail exists', 'NOT_IN_USE', extra);
  return footprintUnknown(f.footprint, 'a Bedrock guardrail');
}

