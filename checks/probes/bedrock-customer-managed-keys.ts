// Amazon Bedrock with customer-managed keys — extension (issue 19), evidence for A.9 (information
// security of AI assets): custom models, imported models, agents, prompts and knowledge-base data
// sources are encrypted with a KMS key the account controls, not an AWS-owned one.
// Read against Prowler bedrock_custom_model_encrypted_with_cmk, bedrock_imported_model_encrypted_with_cmk,
// bedrock_knowledge_base_encrypted_with_cmk (per data source: the key is set there) and
// bedrock_prompt_encrypted_with_cmk; agents: GetAgent customerEncryptionKeyArn (Bedrock docs,
// "Encryption of agent resources"). Bedrock takes no AWS-managed key for these: a key set is
// a customer-managed key, none set is an AWS-owned key.
// Per resource: a resource whose read failed is ERROR naming the action, its siblings keep their
// verdict; a model shared in from another account is that account's to encrypt (MANUAL, verify there).
import type { Verdict } from '../../src/model.js';
import { defineProbe } from '../../src/engine/probe.js';
import { F, T, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { readsBedrockResources, dataSourceId, type BedrockResources } from '../facts/bedrock-inventory.js';
import { attest, verdictOver, type Judged, type Judgement } from '../rules/per-resource.js';

/** A key set on the resource (Bedrock has no AWS-managed key for these), or the AWS-owned default. */
export function customerKey(key: string | undefined): Tri {
  return key ? T(`customer-managed key ${key}`) : F('no customer-managed key (AWS-owned key)');
}

/** A detail read (or not) and its key: unknown when the read failed, gone when it vanished. */
function keyOf<D extends { kmsKey?: string }>(detail: Ev<D | null> | undefined, what: string): Judgement | undefined {
  if (!detail) return undefined;
  if (!detail.known) return U(detail.causes, `${what} key`);
  if (detail.value === null) return undefined;
  return customerKey(detail.value.kmsKey);
}

/** An unread listing leaves the rest of that kind of resource open. */
const restOf = (l: ListEv<unknown>, what: string): Tri[] => (l.complete ? [] : [U(l.causes, `${what} not listed`)]);

export function judgeKeys(f: BedrockResources, region: string): { judged: Judged[]; rest: Tri[]; notJudged: number } {
  const judged: Judged[] = [];
  let notJudged = 0;
  const add = (id: string, name: string, label: string, t: Judgement | undefined) => {
    if (t) judged.push({ id, region, name, label, t });
  };
  for (const m of f.customModels.items) {
    const t = m.owner ? attest(`shared in from account ${m.owner}: its key is chosen there, verify it there`) : keyOf(m.detail, 'custom model');
    add(m.arn, m.name, `custom model ${m.name}`, t);
  }
  for (const m of f.importedModels.items) add(m.arn, m.name, `imported model ${m.name}`, keyOf(m.detail, 'imported model'));
  for (const a of f.agents.items) {
    if (!a.detail) notJudged += 1;
    add(a.arn, a.name, `agent ${a.name}`, keyOf(a.detail, 'agent'));
  }
  for (const p of f.prompts.items) {
    if (!p.detail) notJudged += 1;
    add(p.arn ?? `prompt/${p.id}`, p.name, `prompt ${p.name}`, keyOf(p.detail, 'prompt'));
  }
  const rest: Tri[] = [...restOf(f.customModels, 'custom models'), ...restOf(f.importedModels, 'imported models'), ...restOf(f.agents, 'agents'), ...restOf(f.prompts, 'prompts'), ...restOf(f.knowledgeBases, 'knowledge bases')];
  for (const kb of f.knowledgeBases.items) {
    if (!kb.dataSources) {
      notJudged += 1;
      continue;
    }
    for (const d of kb.dataSources.items) add(dataSourceId(kb.arn, d.id), `${kb.name}/${d.name}`, `knowledge base ${kb.name} data source ${d.name}`, customerKey(d.kmsKey));
    if (!kb.dataSources.complete) rest.push(U(kb.dataSources.causes, `data sources of knowledge base ${kb.name}`));
    notJudged += kb.dataSourcesNotRead ?? 0;
  }
  return { judged, rest, notJudged };
}

export default defineProbe<BedrockResources>({
  id: 'bedrock-customer-managed-keys',
  service: 'Amazon Bedrock customer-managed keys',
  title: 'Bedrock custom and imported models, agents, prompts and knowledge-base data sources are encrypted with a customer-managed KMS key',
  severity: 'medium',
  remediation:
    'Give each resource a customer-managed KMS key when it is created (the key cannot be added later to a model): customization and import jobs `--custom-model-kms-key-id` / `--imported-model-kms-key-id`; `aws bedrock-agent update-agent --customer-encryption-key-arn …`; `update-prompt --customer-encryption-key-arn …`; `update-data-source --server-side-encryption-configuration kmsKeyArn=…`. The key policy must let Bedrock use the key.',
  ...readsBedrockResources,
  evaluate(f, ctx): Verdict {
    const { judged, rest, notJudged } = judgeKeys(f, ctx.region);
    return verdictOver(
      judged,
      {
        noun: 'Bedrock resource(s)',
        pass: (n) => `${n} Bedrock resource(s) encrypted with customer-managed keys`,
        fail: (k, n) => `${k} of ${n} Bedrock resource(s) without a customer-managed key`,
        code: 'MISCONFIGURED',
        manual: (m, n) => `${m.length} of ${n} Bedrock resource(s) are shared in from other accounts: verify their keys there`,
        incomplete: 'some Bedrock resources could not be listed',
        none: 'no Bedrock custom or imported models, agents, prompts or knowledge-base data sources in this region',
      },
      { rest, notJudged, capNote: 'caps on agents, prompts, knowledge bases and data sources read', extra: { warnings: f.notes } },
    );
  },
});
