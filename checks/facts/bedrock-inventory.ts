// The Bedrock assets of a region (issue 19), in two facts. `bedrockResources` is what the
// customer-managed-key and agent-guardrail checks read: custom and imported models, agents,
// prompts, knowledge bases with their data sources. `bedrockInventory` adds what only the AI
// inventory needs: provisioned throughput, guardrails and their enforced versions, application
// inference profiles, each agent's knowledge bases and each knowledge base's embedding model.
// Lists other checks already make (custom models, guardrails, knowledge bases and data sources,
// enforced guardrail configurations) are read with the same inputs, so each is answered once.
// Kept: identifiers, statuses, the keys and the models, guardrails, knowledge bases and buckets
// that relate assets. Never kept: agent instructions, prompt templates, hyperparameters.
import type {
  GetCustomModelCommandInput,
  GetCustomModelCommandOutput,
  GetImportedModelCommandInput,
  GetImportedModelCommandOutput,
  ListImportedModelsCommandInput,
  ListImportedModelsCommandOutput,
  ListInferenceProfilesCommandInput,
  ListInferenceProfilesCommandOutput,
  ListProvisionedModelThroughputsCommandInput,
  ListProvisionedModelThroughputsCommandOutput,
} from '@aws-sdk/client-bedrock';
import type {
  GetAgentCommandInput,
  GetAgentCommandOutput,
  GetKnowledgeBaseCommandInput,
  GetKnowledgeBaseCommandOutput,
  GetPromptCommandInput,
  GetPromptCommandOutput,
  ListAgentKnowledgeBasesCommandInput,
  ListAgentKnowledgeBasesCommandOutput,
  ListAgentsCommandInput,
  ListAgentsCommandOutput,
  ListPromptsCommandInput,
  ListPromptsCommandOutput,
} from '@aws-sdk/client-bedrock-agent';
import { isAbsent } from '../../src/aws/errors.js';
import { next_token, op } from '../../src/aws/ops.js';
import { defineFact, type CollectContext } from '../../src/engine/probe.js';
import { completeList, fanOut, known, mapEv, mapList, type Ev, type ListEv } from '../../src/engine/evidence.js';
import { DATA_SOURCE_CAP, GetDataSource, KNOWLEDGE_BASE_CAP, ListDataSources, ListKnowledgeBases } from './ai-buckets.js';
import { ListCustomModels, ListGuardrails } from './ai-footprint.js';
import { ListEnforcedGuardrailsConfiguration } from '../probes/bedrock-guardrails.js';

const NOT_FOUND = [{ name: 'ResourceNotFoundException' }];
export const GetCustomModel = op<GetCustomModelCommandInput, GetCustomModelCommandOutput>('bedrock', 'GetCustomModel', { absent: NOT_FOUND });
export const ListImportedModels = op<ListImportedModelsCommandInput, ListImportedModelsCommandOutput>('bedrock', 'ListImportedModels', { paginate: next_token });
export const GetImportedModel = op<GetImportedModelCommandInput, GetImportedModelCommandOutput>('bedrock', 'GetImportedModel', { absent: NOT_FOUND });
export const ListProvisionedModelThroughputs = op<ListProvisionedModelThroughputsCommandInput, ListProvisionedModelThroughputsCommandOutput>('bedrock', 'ListProvisionedModelThroughputs', { paginate: next_token });
export const ListInferenceProfiles = op<ListInferenceProfilesCommandInput, ListInferenceProfilesCommandOutput>('bedrock', 'ListInferenceProfiles', { paginate: next_token });
export const ListAgents = op<ListAgentsCommandInput, ListAgentsCommandOutput>('bedrockagent', 'ListAgents', { paginate: next_token });
export const GetAgent = op<GetAgentCommandInput, GetAgentCommandOutput>('bedrockagent', 'GetAgent', { absent: NOT_FOUND });
export const ListAgentKnowledgeBases = op<ListAgentKnowledgeBasesCommandInput, ListAgentKnowledgeBasesCommandOutput>('bedrockagent', 'ListAgentKnowledgeBases', { paginate: next_token });
export const GetKnowledgeBase = op<GetKnowledgeBaseCommandInput, GetKnowledgeBaseCommandOutput>('bedrockagent', 'GetKnowledgeBase', { absent: NOT_FOUND });
export const ListPrompts = op<ListPromptsCommandInput, ListPromptsCommandOutput>('bedrockagent', 'ListPrompts', { paginate: next_token });
export const GetPrompt = op<GetPromptCommandInput, GetPromptCommandOutput>('bedrockagent', 'GetPrompt', { absent: NOT_FOUND });

/** Agents and prompts read in detail per region (most recently updated first). */
export const AGENT_CAP = 100;
export const PROMPT_CAP = 100;

/** Gone between the list and the read: null. */
type Detail<T> = Ev<T | null>;

export interface CustomModelAsset {
  arn: string;
  name: string;
  status?: string;
  baseModel?: string;
  /** Another account owns it (shared in): its key is that account's to choose. */
  owner?: string;
  /** GetCustomModel for models this account owns; null when shared in or gone. */
  detail: Detail<{ kmsKey?: string; jobArn?: string; trainingData?: string; outputData?: string }>;
}

export interface ImportedModelAsset {
  arn: string;
  name: string;
  architecture?: string;
  detail: Detail<{ kmsKey?: string; source?: string }>;
}

export interface AgentAsset {
  id: string;
  /** The agent's ARN (built from its ID as Bedrock forms it, so it is known without GetAgent). */
  arn: string;
  name: string;
  status?: string;
  /** The guardrail the agent's summary names (ListAgents). */
  guardrail?: { id: string; version?: string };
  /** Undefined beyond AGENT_CAP. */
  detail?: Detail<{ kmsKey?: string; foundationModel?: string; role?: string }>;
  /** The knowledge bases of the agent's working draft (inventory only; undefined beyond AGENT_CAP). */
  knowledgeBases?: ListEv<string>;
}

export interface DataSourceAsset {
  id: string;
  name: string;
  knowledgeBaseId: string;
  status?: string;
  bucketArn?: string;
  kmsKey?: string;
}

export interface KnowledgeBaseAsset {
  id: string;
  /** Built from the ID as Bedrock forms it. */
  arn: string;
  name: string;
  status?: string;
  /** GetKnowledgeBase (inventory only; undefined beyond KNOWLEDGE_BASE_CAP). */
  detail?: Detail<{ embeddingModel?: string; role?: string }>;
  /** Undefined beyond KNOWLEDGE_BASE_CAP (the AI bucket scope reads the same newest ones). */
  dataSources?: ListEv<DataSourceAsset>;
  /** More data sources than DATA_SOURCE_CAP: the rest were not read. */
  dataSourcesNotRead?: number;
}

export interface PromptAsset {
  id: string;
  arn?: string;
  name: string;
  /** Undefined beyond PROMPT_CAP. */
  detail?: Detail<{ kmsKey?: string; models: string[] }>;
}

export interface BedrockResources {
  customModels: ListEv<CustomModelAsset>;
  importedModels: ListEv<ImportedModelAsset>;
  agents: ListEv<AgentAsset>;
  knowledgeBases: ListEv<KnowledgeBaseAsset>;
  prompts: ListEv<PromptAsset>;
  /** Caps reached, sub-features not offered here. */
  notes: string[];
}

export interface BedrockInventory extends BedrockResources {
  provisioned: ListEv<{ arn: string; name: string; status?: string; modelArn?: string; foundationModelArn?: string }>;
  guardrails: ListEv<{ id: string; arn?: string; name: string; status?: string; version?: string }>;
  /** Guardrail versions the account enforces on every invocation. */
  enforced: ListEv<{ guardrail: string; version?: string }>;
  inferenceProfiles: ListEv<{ id: string; arn: string; name: string; status?: string; models: string[] }>;
}

/** A Bedrock ARN as the service forms it (agent/ID, knowledge-base/ID). */
export function bedrockArn(ctx: Pick<CollectContext, 'partition' | 'region' | 'accountId'>, type: string, id: string): string {
  return `arn:${ctx.partition}:bedrock:${ctx.region}:${ctx.accountId}:${type}/${id}`;
}

/** A data source has no ARN: its knowledge base's, with its ID. */
export const dataSourceId = (kbArn: string, id: string): string => `${kbArn}/data-source/${id}`;

const byRecent = <X>(xs: readonly X[], at: (x: X) => Date | undefined, id: (x: X) => string): X[] =>
  [...xs].sort((a, b) => (at(b)?.getTime() ?? 0) - (at(a)?.getTime() ?? 0) || id(a).localeCompare(id(b)));

/** A listing a region does not offer (Bedrock Agents, imports, profiles are not everywhere) has nothing in it. */
function offered<X>(l: ListEv<X>, what: string, notes: string[], region: string): ListEv<X> {
  if (l.complete || !l.causes.length || !l.causes.every((c) => c.kind === 'unavailable')) return l;
  notes.push(`${what} not offered in ${region}`);
  return completeList([]);
}

async function knowledgeBases(ctx: CollectContext, notes: string[]): Promise<ListEv<KnowledgeBaseAsset>> {
  // The same listing, order and caps as the AI bucket scope's: its ListDataSources/GetDataSource calls are these.
  const listed = offered(await ctx.list(ListKnowledgeBases, { maxResults: 100 }, 'knowledgeBaseSummaries'), 'Bedrock knowledge bases', notes, ctx.region);
  const ordered = byRecent(listed.items.filter((k) => k.knowledgeBaseId), (k) => k.updatedAt, (k) => k.knowledgeBaseId ?? '');
  if (ordered.length > KNOWLEDGE_BASE_CAP) notes.push(`only the ${KNOWLEDGE_BASE_CAP} most recently updated of ${ordered.length} knowledge bases were read`);
  return fanOut({ ...listed, items: ordered.map((k, i) => ({ k, read: i < KNOWLEDGE_BASE_CAP })) }, async ({ k, read }): Promise<Ev<KnowledgeBaseAsset>> => {
    const id = k.knowledgeBaseId as string;
    const base: KnowledgeBaseAsset = { id, arn: bedrockArn(ctx, 'knowledge-base', id), name: k.name ?? id, status: k.status };
    if (!read) return known(base);
    const sources = await ctx.list(ListDataSources, { knowledgeBaseId: id, maxResults: 100 }, 'dataSourceSummaries', { resource: id });
    const picked = byRecent(sources.items.filter((d) => d.dataSourceId), (d) => d.updatedAt, (d) => d.dataSourceId ?? '');
    const read2 = await fanOut({ ...sources, items: picked.slice(0, DATA_SOURCE_CAP) }, async (d): Promise<Ev<DataSourceAsset | null>> =>
      mapEv(await ctx.readOrAbsent(GetDataSource, { knowledgeBaseId: id, dataSourceId: d.dataSourceId }, { resource: `${id}/${d.dataSourceId}` }), (g) => {
        if (isAbsent(g)) return null;
        const s = g.dataSource;
        return { id: d.dataSourceId ?? '', name: s?.name ?? d.name ?? '', knowledgeBaseId: id, status: s?.status, bucketArn: s?.dataSourceConfiguration?.s3Configuration?.bucketArn, kmsKey: s?.serverSideEncryptionConfiguration?.kmsKeyArn || undefined };
      }),
    );
    const dataSources = { ...read2, items: read2.items.filter((d): d is DataSourceAsset => d !== null) };
    return known({ ...base, dataSources, ...(picked.length > DATA_SOURCE_CAP ? { dataSourcesNotRead: picked.length - DATA_SOURCE_CAP } : {}) });
  });
}

async function agents(ctx: CollectContext, notes: string[]): Promise<ListEv<AgentAsset>> {
  const listed = offered(await ctx.list(ListAgents, { maxResults: 100 }, 'agentSummaries'), 'Bedrock agents', notes, ctx.region);
  const ordered = byRecent(listed.items.filter((a) => a.agentId), (a) => a.updatedAt, (a) => a.agentId ?? '');
  if (ordered.length > AGENT_CAP) notes.push(`only the ${AGENT_CAP} most recently updated of ${ordered.length} agents were read in detail`);
  return fanOut({ ...listed, items: ordered.map((a, i) => ({ a, read: i < AGENT_CAP })) }, async ({ a, read }): Promise<Ev<AgentAsset>> => {
    const id = a.agentId as string;
    const g = a.guardrailConfiguration?.guardrailIdentifier;
    const base: AgentAsset = { id, arn: bedrockArn(ctx, 'agent', id), name: a.agentName ?? id, status: a.agentStatus, ...(g ? { guardrail: { id: g, ...(a.guardrailConfiguration?.guardrailVersion ? { version: a.guardrailConfiguration.guardrailVersion } : {}) } } : {}) };
    if (!read) return known(base);
    const d = await ctx.readOrAbsent(GetAgent, { agentId: id }, { resource: id });
    const detail = mapEv(d, (x) => {
      if (isAbsent(x)) return null;
      const ag = x.agent;
      return { kmsKey: ag?.customerEncryptionKeyArn || undefined, foundationModel: ag?.foundationModel, role: ag?.agentResourceRoleArn };
    });
    return known({ ...base, detail });
  });
}

async function prompts(ctx: CollectContext, notes: string[]): Promise<ListEv<PromptAsset>> {
  const listed = offered(await ctx.list(ListPrompts, { maxResults: 100 }, 'promptSummaries'), 'Bedrock Prompt management', notes, ctx.region);
  const ordered = byRecent(listed.items.filter((p) => p.id), (p) => p.updatedAt, (p) => p.id ?? '');
  if (ordered.length > PROMPT_CAP) notes.push(`only the ${PROMPT_CAP} most recently updated of ${ordered.length} prompts were read in detail`);
  return fanOut({ ...listed, items: ordered.map((p, i) => ({ p, read: i < PROMPT_CAP })) }, async ({ p, read }): Promise<Ev<PromptAsset>> => {
    const base: PromptAsset = { id: p.id as string, arn: p.arn, name: p.name ?? (p.id as string) };
    if (!read) return known(base);
    const d = await ctx.readOrAbsent(GetPrompt, { promptIdentifier: p.id }, { resource: p.arn ?? p.id });
    const detail = mapEv(d, (x) => (isAbsent(x) ? null : { kmsKey: x.customerEncryptionKeyArn || undefined, models: [...new Set((x.variants ?? []).map((v) => v.modelId).filter((m): m is string => !!m))].sort() }));
    return known({ ...base, detail });
  });
}

export const bedrockResources = defineFact<BedrockResources>({
  id: 'bedrock-resources',
  scope: 'regional',
  calls: [ListCustomModels, GetCustomModel, ListImportedModels, GetImportedModel, ListAgents, GetAgent, ListKnowledgeBases, ListDataSources, GetDataSource, ListPrompts, GetPrompt],
  async collect(ctx) {
    const notes: string[] = [];
    const region = ctx.region;
    // The footprint's listing, with its input.
    const customP = ctx.list(ListCustomModels, {}, 'modelSummaries').then((l) =>
      fanOut(offered(l, 'Bedrock custom models', notes, region), async (m): Promise<Ev<CustomModelAsset>> => {
        const arn = m.modelArn ?? m.modelName ?? '';
        const owner = m.ownerAccountId && m.ownerAccountId !== ctx.accountId ? m.ownerAccountId : undefined;
        const base = { arn, name: m.modelName ?? arn, status: m.modelStatus, baseModel: m.baseModelArn, ...(owner ? { owner } : {}) };
        if (owner) return known({ ...base, detail: known(null) });
        const d = await ctx.readOrAbsent(GetCustomModel, { modelIdentifier: arn }, { resource: arn });
        return known({ ...base, detail: mapEv(d, (x) => (isAbsent(x) ? null : { kmsKey: x.modelKmsKeyArn || undefined, jobArn: x.jobArn, trainingData: x.trainingDataConfig?.s3Uri, outputData: x.outputDataConfig?.s3Uri })) });
      }),
    );
    const importedP = ctx.list(ListImportedModels, { maxResults: 100 }, 'modelSummaries').then((l) =>
      fanOut(offered(l, 'Bedrock custom model import', notes, region), async (m): Promise<Ev<ImportedModelAsset>> => {
        const arn = m.modelArn ?? m.modelName ?? '';
        const d = await ctx.readOrAbsent(GetImportedModel, { modelIdentifier: arn }, { resource: arn });
        return known({ arn, name: m.modelName ?? arn, architecture: m.modelArchitecture, detail: mapEv(d, (x) => (isAbsent(x) ? null : { kmsKey: x.modelKmsKeyArn || undefined, source: x.modelDataSource?.s3DataSource?.s3Uri })) });
      }),
    );
    const [customModels, importedModels, agentList, kbs, promptList] = await Promise.all([customP, importedP, agents(ctx, notes), knowledgeBases(ctx, notes), prompts(ctx, notes)]);
    return { customModels, importedModels, agents: agentList, knowledgeBases: kbs, prompts: promptList, notes: [...new Set(notes)].sort() };
  },
});

/** The probe fields of a regional workload check that judges the Bedrock resources as read. */
export const readsBedrockResources = {
  serviceClass: 'workload',
  scope: 'regional',
  calls: [],
  uses: [bedrockResources],
  collect: (ctx: CollectContext): Promise<BedrockResources> => ctx.use(bedrockResources),
} as const;

export const bedrockInventory = defineFact<BedrockInventory>({
  id: 'bedrock-inventory',
  scope: 'regional',
  calls: [ListProvisionedModelThroughputs, ListGuardrails, ListEnforcedGuardrailsConfiguration, ListAgentKnowledgeBases, GetKnowledgeBase, ListInferenceProfiles],
  uses: [bedrockResources],
  async collect(ctx) {
    const notes: string[] = [];
    const region = ctx.region;
    // The relations the checks do not need: each read agent's knowledge bases, each read knowledge base's embedding model.
    const resP = ctx.use(bedrockResources).then(async (res) => {
      const [agentItems, kbItems] = await Promise.all([
        Promise.all(res.agents.items.map(async (a) => (a.detail === undefined ? a : { ...a, knowledgeBases: mapList(await ctx.list(ListAgentKnowledgeBases, { agentId: a.id, agentVersion: 'DRAFT', maxResults: 100 }, 'agentKnowledgeBaseSummaries', { resource: a.id }), (k) => k.knowledgeBaseId ?? '') }))),
        Promise.all(
          res.knowledgeBases.items.map(async (k) => {
            if (!k.dataSources) return k;
            const g = await ctx.readOrAbsent(GetKnowledgeBase, { knowledgeBaseId: k.id }, { resource: k.id });
            return { ...k, detail: mapEv(g, (x) => (isAbsent(x) ? null : { embeddingModel: x.knowledgeBase?.knowledgeBaseConfiguration?.vectorKnowledgeBaseConfiguration?.embeddingModelArn, role: x.knowledgeBase?.roleArn })) };
          }),
        ),
      ]);
      return { ...res, agents: { ...res.agents, items: agentItems }, knowledgeBases: { ...res.knowledgeBases, items: kbItems } };
    });
    // The footprint's and the guardrails check's listings, with their inputs.
    const [res, provisioned, guardrails, enforced, profiles] = await Promise.all([
      resP,
      ctx.list(ListProvisionedModelThroughputs, { maxResults: 100 }, 'provisionedModelSummaries'),
      ctx.list(ListGuardrails, {}, 'guardrails'),
      ctx.list(ListEnforcedGuardrailsConfiguration, {}, 'guardrailsConfig'),
      ctx.list(ListInferenceProfiles, { typeEquals: 'APPLICATION', maxResults: 100 }, 'inferenceProfileSummaries'),
    ]);
    return {
      ...res,
      provisioned: mapList(offered(provisioned, 'Bedrock provisioned throughput', notes, region), (p) => ({ arn: p.provisionedModelArn ?? '', name: p.provisionedModelName ?? '', status: p.status, modelArn: p.modelArn, foundationModelArn: p.foundationModelArn })),
      guardrails: mapList(offered(guardrails, 'Bedrock Guardrails', notes, region), (g) => ({ id: g.id ?? '', arn: g.arn, name: g.name ?? g.id ?? '', status: g.status, version: g.version })),
      enforced: mapList(offered(enforced, 'Bedrock account-level guardrail enforcement', notes, region), (c) => ({ guardrail: c.guardrailArn ?? c.guardrailId ?? '', version: c.guardrailVersion })),
      inferenceProfiles: mapList(offered(profiles, 'Bedrock application inference profiles', notes, region), (p) => ({ id: p.inferenceProfileId ?? '', arn: p.inferenceProfileArn ?? '', name: p.inferenceProfileName ?? '', status: p.status, models: (p.models ?? []).map((m) => m.modelArn ?? '').filter(Boolean).sort() })),
      notes: [...new Set([...res.notes, ...notes])].sort(),
    };
  },
});
