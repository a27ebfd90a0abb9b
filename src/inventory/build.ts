// The AI inventory (issue 19): every AI asset the scan saw, per account and region, with its
// relations (endpoint → config → model → artefact bucket → key; agent → model → guardrail →
// knowledge base → data source → bucket …) and the checks that judged it. Built only from the
// facts the scan computed (runner output `facts`): no AWS call is made here, so a replayed scan
// gives the same inventory as the live one.
// Only identifiers, statuses, locations and keys are copied, through explicit fields: no
// environment variable, hyperparameter, secret, prompt template or agent instruction.
import type { AiBuckets } from '../../checks/facts/ai-buckets.js';
import type { DefaultEncryption } from '../../checks/rules/bucket-encryption.js';
import type { BedrockInventory } from '../../checks/facts/bedrock-inventory.js';
import { dataSourceId } from '../../checks/facts/bedrock-inventory.js';
import type { ModelCardContent, SageMakerAssets } from '../../checks/facts/sagemaker-assets.js';
import type { EndpointDetails } from '../../checks/facts/sagemaker-endpoint-details.js';
import type { SageMakerInventory } from '../../checks/facts/sagemaker-inventory.js';
import { describeCauses, sortCauses, type Cause, type Ev } from '../engine/evidence.js';
import type { Status } from '../model.js';

export const ASSET_KINDS = [
  'sagemaker:domain',
  'sagemaker:notebook-instance',
  'sagemaker:training-job',
  'sagemaker:model',
  'sagemaker:model-package-group',
  'sagemaker:model-package',
  'sagemaker:endpoint',
  'sagemaker:endpoint-config',
  'sagemaker:pipeline',
  'sagemaker:feature-group',
  'sagemaker:model-card',
  'bedrock:foundation-model',
  'bedrock:custom-model',
  'bedrock:imported-model',
  'bedrock:provisioned-throughput',
  'bedrock:guardrail',
  'bedrock:guardrail-version',
  'bedrock:agent',
  'bedrock:knowledge-base',
  'bedrock:data-source',
  'bedrock:prompt',
  'bedrock:inference-profile',
  's3:bucket',
  'kms:key',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const RELATION_TYPES = [
  'uses-config',
  'serves-model',
  'from-package',
  'version-of',
  'artifact-in',
  'trained-by',
  'trained-on',
  'reads-from',
  'writes-to',
  'encrypted-by',
  'based-on',
  'invokes',
  'guarded-by',
  'uses-knowledge-base',
  'has-data-source',
  'describes',
] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

export interface AssetCheck {
  control: string;
  service: string;
  probe: string | null;
  extension: boolean;
  /** This resource's result in that check (before waivers and attestations). */
  status: Status;
}

export interface AiAsset {
  /** The ARN where AWS has one (or forms one), else a stable `kind/region/name`. */
  id: string;
  kind: AssetKind;
  name: string;
  /** Absent for assets of no region. */
  region?: string;
  arn?: string;
  status?: string;
  /** Plain facts that tell what the asset is (image, architecture, risk rating …). */
  attributes: Record<string, string>;
  /** Why it is in the inventory when that is not obvious (a bucket's AI references). */
  notes: string[];
  /** Named by another asset but not listed itself (a foundation model, a key, a bucket elsewhere). */
  referenced?: boolean;
  /** Model card content, for SageMaker models (and the card itself). */
  modelCard?: ModelCardContent & { card: string; status?: string };
  checks: AssetCheck[];
}

export interface AiRelation {
  from: string;
  to: string;
  type: RelationType;
}

export interface InventoryGap {
  region: string;
  /** What could not be listed completely ("SageMaker models", "Bedrock agents" …). */
  family: string;
  reason: string;
  missing: Cause[];
}

export interface AiInventory {
  accountId: string;
  regions: string[];
  assets: AiAsset[];
  relations: AiRelation[];
  gaps: InventoryGap[];
}

/** What the inventory reads: the runner's facts and the checks' per-resource results. */
export interface InventoryInput {
  accountId: string;
  partition: string;
  regions: readonly string[];
  facts: Record<string, Record<string, unknown>>;
  controls: readonly { id: string; checks: readonly { service: string; probe: string | null; extension: boolean; resources: readonly { id: string; region?: string; status: Status }[] }[] }[];
}

class Builder {
  readonly assets = new Map<string, AiAsset>();
  private readonly rels = new Map<string, AiRelation>();
  readonly gaps: InventoryGap[] = [];

  constructor(readonly partition: string) {}

  add(a: Omit<AiAsset, 'attributes' | 'notes' | 'checks'> & Partial<Pick<AiAsset, 'attributes' | 'notes'>>): string {
    const had = this.assets.get(a.id);
    const clean = Object.fromEntries(Object.entries(a.attributes ?? {}).filter(([, v]) => typeof v === 'string' && v !== ''));
    if (had) {
      // A listed asset wins over a mere reference; attributes and notes are merged.
      if (had.referenced && !a.referenced) {
        delete had.referenced;
        had.name = a.name;
        had.kind = a.kind;
      }
      had.status ??= a.status;
      had.arn ??= a.arn;
      had.region ??= a.region;
      Object.assign(had.attributes, clean);
      had.notes = [...new Set([...had.notes, ...(a.notes ?? [])])].sort();
      return had.id;
    }
    const asset: AiAsset = { id: a.id, kind: a.kind, name: a.name, ...(a.region ? { region: a.region } : {}), ...(a.arn ? { arn: a.arn } : {}), ...(a.status ? { status: a.status } : {}), attributes: clean, notes: [...new Set(a.notes ?? [])].sort(), ...(a.referenced ? { referenced: true } : {}), checks: [] };
    this.assets.set(a.id, asset);
    return a.id;
  }

  rel(from: string | undefined, to: string | undefined, type: RelationType): void {
    if (!from || !to || from === to) return;
    this.rels.set(`${from}|${type}|${to}`, { from, to, type });
  }

  gap(region: string, family: string, l: { complete: boolean; causes: Cause[] } | Ev<unknown>): void {
    const causes = 'complete' in l ? (l.complete ? [] : l.causes) : l.known ? [] : l.causes;
    if (!causes.length) return;
    const missing = sortCauses(causes);
    this.gaps.push({ region, family, reason: `not read completely: ${describeCauses(missing)}`, missing });
  }

  // ---- referenced assets -----------------------------------------------------------------------

  key(key: string | undefined, region: string): string | undefined {
    if (!key) return undefined;
    const arn = /^arn:[^:]+:kms:([^:]*):/.exec(key);
    const id = arn ? key : `kms/${region}/${key}`;
    return this.add({ id, kind: 'kms:key', name: key.split('/').pop() ?? key, region: arn?.[1] || region, ...(arn ? { arn: key } : {}), referenced: true });
  }

  bucket(uriOrArn: string | undefined): string | undefined {
    const name = bucketName(uriOrArn);
    if (!name) return undefined;
    const arn = `arn:${this.partition}:s3:::${name}`;
    return this.add({ id: arn, kind: 's3:bucket', name, arn, referenced: true });
  }

  /** A foundation model by ID or ARN; a custom/imported model or profile ARN is that asset. */
  model(idOrArn: string | undefined, region: string): string | undefined {
    if (!idOrArn) return undefined;
    if (idOrArn.startsWith('arn:')) {
      const m = /^arn:[^:]+:bedrock:([^:]*):[^:]*:foundation-model\/(.+)$/.exec(idOrArn);
      if (m) return this.add({ id: idOrArn, kind: 'bedrock:foundation-model', name: m[2], region: m[1] || region, arn: idOrArn, referenced: true });
      return this.assets.has(idOrArn) ? idOrArn : this.add({ id: idOrArn, kind: kindOfBedrockArn(idOrArn), name: idOrArn.split('/').pop() ?? idOrArn, region: idOrArn.split(':')[3] || region, arn: idOrArn, referenced: true });
    }
    const arn = `arn:${this.partition}:bedrock:${region}::foundation-model/${idOrArn}`;
    return this.add({ id: arn, kind: 'bedrock:foundation-model', name: idOrArn, region, arn, referenced: true });
  }

  relations(): AiRelation[] {
    return [...this.rels.values()].filter((r) => this.assets.has(r.from) && this.assets.has(r.to));
  }
}

function kindOfBedrockArn(arn: string): AssetKind {
  if (/:custom-model\//.test(arn)) return 'bedrock:custom-model';
  if (/:imported-model\//.test(arn)) return 'bedrock:imported-model';
  if (/:provisioned-model\//.test(arn)) return 'bedrock:provisioned-throughput';
  if (/inference-profile\//.test(arn)) return 'bedrock:inference-profile';
  return 'bedrock:foundation-model';
}

/** The bucket of an s3:// URI or an S3 ARN. */
export function bucketName(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const m = /^s3:\/\/([^/]+)/.exec(v) ?? /^arn:[^:]+:s3:::([^/]+)/.exec(v);
  return m?.[1];
}

const regional = <T>(facts: InventoryInput['facts'], id: string, region: string) => facts[id]?.[region] as T | undefined;
const knownOr = <T>(e: Ev<T> | undefined): T | undefined => (e?.known ? e.value : undefined);

function sagemaker(b: Builder, input: InventoryInput, region: string): void {
  const inv = regional<SageMakerInventory>(input.facts, 'sagemaker-inventory', region);
  const assets = regional<SageMakerAssets>(input.facts, 'sagemaker-assets', region);
  const details = regional<EndpointDetails>(input.facts, 'sagemaker-endpoint-details', region);
  const named = new Map<string, string>(); // kind|name → id
  const idOf = (kind: AssetKind, name: string, arn?: string) => {
    const id = arn ?? named.get(`${kind}|${name}`) ?? `${kind}/${region}/${name}`;
    named.set(`${kind}|${name}`, id);
    return id;
  };

  if (inv) {
    b.gap(region, 'SageMaker domains', inv.domains);
    for (const d of inv.domains.items) b.add({ id: idOf('sagemaker:domain', d.DomainId ?? '', d.DomainArn), kind: 'sagemaker:domain', name: d.DomainName ?? d.DomainId ?? '', region, arn: d.DomainArn, status: d.Status });
    b.gap(region, 'SageMaker notebook instances', inv.notebooks);
    for (const n of inv.notebooks.items) b.add({ id: idOf('sagemaker:notebook-instance', n.NotebookInstanceName ?? '', n.NotebookInstanceArn), kind: 'sagemaker:notebook-instance', name: n.NotebookInstanceName ?? '', region, arn: n.NotebookInstanceArn, status: n.NotebookInstanceStatus, attributes: { instanceType: n.InstanceType ?? '' } });
    b.gap(region, 'SageMaker endpoints', inv.endpoints);
    for (const e of inv.endpoints.items) b.add({ id: idOf('sagemaker:endpoint', e.EndpointName ?? '', e.EndpointArn), kind: 'sagemaker:endpoint', name: e.EndpointName ?? '', region, arn: e.EndpointArn, status: e.EndpointStatus });
  }

  if (assets) {
    b.gap(region, 'SageMaker model package groups', assets.packageGroups);
    for (const g of assets.packageGroups.items) {
      const gid = b.add({ id: idOf('sagemaker:model-package-group', g.name, g.arn || undefined), kind: 'sagemaker:model-package-group', name: g.name, region, arn: g.arn || undefined });
      const latest = g.latestApproved;
      if (latest && !latest.known) b.gap(region, `approved versions of model package group ${g.name}`, latest);
      const l = knownOr(latest ?? undefined);
      if (l) b.rel(b.add({ id: l.arn, kind: 'sagemaker:model-package', name: `${g.name}/${l.version ?? l.arn.split('/').pop()}`, region, arn: l.arn, status: 'Approved', attributes: { approval: 'Approved (latest)' } }), gid, 'version-of');
    }
    b.gap(region, 'SageMaker models', assets.models);
    for (const m of assets.models.items) {
      const id = b.add({ id: idOf('sagemaker:model', m.name, m.arn), kind: 'sagemaker:model', name: m.name, region, arn: m.arn });
      if (!m.detail.known) b.gap(region, `details of SageMaker model ${m.name}`, m.detail);
      const d = knownOr(m.detail);
      if (!d) continue;
      if (d.images.length) Object.assign(b.assets.get(id)!.attributes, { images: d.images.join(', ') });
      for (const a of d.artifacts) b.rel(id, b.bucket(a), 'artifact-in');
      for (const pkg of d.packages) b.rel(id, packageAsset(b, pkg, region), 'from-package');
    }
    b.gap(region, 'SageMaker training jobs in the window', assets.trainingJobs);
    const byArtifact = new Map<string, string>();
    for (const j of assets.trainingJobs.items) {
      const id = b.add({ id: idOf('sagemaker:training-job', j.name, j.arn), kind: 'sagemaker:training-job', name: j.name, region, arn: j.arn, status: j.status });
      const d = knownOr(j.detail);
      if (!j.detail.known) b.gap(region, `details of training job ${j.name}`, j.detail);
      if (!d) continue;
      for (const i of d.inputs) b.rel(id, b.bucket(i), 'reads-from');
      b.rel(id, b.bucket(d.output), 'writes-to');
      b.rel(id, b.key(d.kmsKey, region), 'encrypted-by');
      if (d.artifacts) byArtifact.set(d.artifacts, id);
    }
    // A model whose artefact is a training job's output was trained by that job.
    for (const m of assets.models.items) for (const a of knownOr(m.detail)?.artifacts ?? []) b.rel(idOf('sagemaker:model', m.name, m.arn), byArtifact.get(a), 'trained-by');
    b.gap(region, 'SageMaker pipelines', assets.pipelines);
    for (const x of assets.pipelines.items) b.add({ id: idOf('sagemaker:pipeline', x.name, x.arn), kind: 'sagemaker:pipeline', name: x.name, region, arn: x.arn });
    b.gap(region, 'SageMaker feature groups', assets.featureGroups);
    for (const x of assets.featureGroups.items) b.add({ id: idOf('sagemaker:feature-group', x.name, x.arn), kind: 'sagemaker:feature-group', name: x.name, region, arn: x.arn, status: x.status });
    b.gap(region, 'SageMaker endpoint configs', assets.endpointConfigs);
    for (const x of assets.endpointConfigs.items) b.add({ id: idOf('sagemaker:endpoint-config', x.name, x.arn), kind: 'sagemaker:endpoint-config', name: x.name, region, arn: x.arn });
  }

  if (details) {
    for (const e of details.described.items) {
      const eid = b.add({ id: idOf('sagemaker:endpoint', e.name, e.arn.startsWith('arn:') ? e.arn : undefined), kind: 'sagemaker:endpoint', name: e.name, region, status: e.status });
      b.rel(eid, b.bucket(e.capture.destination), 'writes-to');
      b.rel(eid, b.key(e.capture.kmsKeyId, region), 'encrypted-by');
      if (!e.config.known) b.gap(region, `config of endpoint ${e.name}`, e.config);
      const cfg = knownOr(e.config);
      if (!cfg || !e.configName) continue;
      const cid = b.add({ id: idOf('sagemaker:endpoint-config', e.configName, undefined), kind: 'sagemaker:endpoint-config', name: e.configName, region });
      b.rel(eid, cid, 'uses-config');
      b.rel(cid, b.key(cfg.kmsKeyId, region), 'encrypted-by');
      for (const m of knownOr(e.models) ?? []) {
        const mid = b.add({ id: idOf('sagemaker:model', m.name, m.arn), kind: 'sagemaker:model', name: m.name, region, arn: m.arn, ...(m.exists ? {} : { status: 'Deleted' }) });
        b.rel(cid, mid, 'serves-model');
        for (const c of m.containers) {
          b.rel(mid, b.bucket(c.modelDataUrl), 'artifact-in');
          if (c.modelPackageName) b.rel(mid, packageAsset(b, c.modelPackageName, region), 'from-package');
        }
      }
    }
  }

  // Model cards last: they describe the models and groups listed above.
  if (assets) {
    b.gap(region, 'SageMaker model cards', assets.modelCards);
    for (const c of assets.modelCards.items) {
      const content = knownOr(c.content) ?? undefined;
      const cid = b.add({ id: idOf('sagemaker:model-card', c.name, c.arn), kind: 'sagemaker:model-card', name: c.name, region, arn: c.arn, status: c.status, attributes: content?.riskRating ? { riskRating: content.riskRating } : {} });
      if (!c.content.known) b.gap(region, `content of model card ${c.name}`, c.content);
      if (!content) continue;
      const model = [content.modelName, content.modelId].map((n) => n && (named.get(`sagemaker:model|${n}`) ?? (b.assets.has(n) ? n : undefined))).find(Boolean);
      const group = content.packageGroup ? named.get(`sagemaker:model-package-group|${content.packageGroup}`) : undefined;
      for (const target of [model, group, content.packageArn && b.assets.has(content.packageArn) ? content.packageArn : undefined]) {
        if (!target) continue;
        b.rel(cid, target, 'describes');
        const t = b.assets.get(target)!;
        if (t.kind === 'sagemaker:model' || t.kind === 'sagemaker:model-package') t.modelCard = { ...content, card: c.name, ...(c.status ? { status: c.status } : {}) };
      }
      b.assets.get(cid)!.modelCard = { ...content, card: c.name, ...(c.status ? { status: c.status } : {}) };
    }
  }
}

/** A model package named by ARN (or name): the package, and its group from the versioned ARN. */
function packageAsset(b: Builder, pkg: string, region: string): string {
  const m = /model-package\/([^/]+)\/(\d+)$/.exec(pkg);
  const id = b.add({ id: pkg, kind: 'sagemaker:model-package', name: m ? `${m[1]}/${m[2]}` : pkg.split('/').pop() ?? pkg, region, ...(pkg.startsWith('arn:') ? { arn: pkg } : {}), referenced: true });
  if (m) {
    const groupArn = pkg.replace(/model-package\/([^/]+)\/\d+$/, 'model-package-group/$1');
    const existing = [...b.assets.values()].find((a) => a.kind === 'sagemaker:model-package-group' && a.name === m[1] && a.region === region);
    b.rel(id, existing?.id ?? b.add({ id: groupArn, kind: 'sagemaker:model-package-group', name: m[1], region, arn: groupArn, referenced: true }), 'version-of');
  }
  return id;
}

function bedrock(b: Builder, input: InventoryInput, region: string): void {
  const f = regional<BedrockInventory>(input.facts, 'bedrock-inventory', region);
  if (!f) return;
  b.gap(region, 'Bedrock custom models', f.customModels);
  for (const m of f.customModels.items) {
    const id = b.add({ id: m.arn, kind: 'bedrock:custom-model', name: m.name, region, arn: m.arn, status: m.status, attributes: m.owner ? { owner: m.owner } : {} });
    b.rel(id, b.model(m.baseModel, region), 'based-on');
    const d = knownOr(m.detail);
    if (!m.detail.known) b.gap(region, `details of custom model ${m.name}`, m.detail);
    if (!d) continue;
    b.rel(id, b.key(d.kmsKey, region), 'encrypted-by');
    b.rel(id, b.bucket(d.trainingData), 'trained-on');
  }
  b.gap(region, 'Bedrock imported models', f.importedModels);
  for (const m of f.importedModels.items) {
    const id = b.add({ id: m.arn, kind: 'bedrock:imported-model', name: m.name, region, arn: m.arn, attributes: { architecture: m.architecture ?? '' } });
    const d = knownOr(m.detail);
    if (!m.detail.known) b.gap(region, `details of imported model ${m.name}`, m.detail);
    b.rel(id, b.key(d?.kmsKey, region), 'encrypted-by');
    b.rel(id, b.bucket(d?.source), 'artifact-in');
  }
  b.gap(region, 'Bedrock provisioned throughput', f.provisioned);
  for (const x of f.provisioned.items) {
    const id = b.add({ id: x.arn, kind: 'bedrock:provisioned-throughput', name: x.name, region, arn: x.arn, status: x.status });
    b.rel(id, b.model(x.modelArn ?? x.foundationModelArn, region), 'serves-model');
  }
  b.gap(region, 'Bedrock guardrails', f.guardrails);
  const guardrailId = new Map<string, string>();
  for (const g of f.guardrails.items) {
    const id = b.add({ id: g.arn ?? `bedrock:guardrail/${region}/${g.id}`, kind: 'bedrock:guardrail', name: g.name, region, arn: g.arn, status: g.status });
    guardrailId.set(g.id, id);
    if (g.arn) guardrailId.set(g.arn, id);
  }
  const version = (guardrail: string, v: string | undefined): string | undefined => {
    const gid = guardrailId.get(guardrail) ?? (guardrail.startsWith('arn:') ? b.add({ id: guardrail, kind: 'bedrock:guardrail', name: guardrail.split('/').pop() ?? guardrail, region: guardrail.split(':')[3] || region, arn: guardrail, referenced: true }) : undefined);
    if (!gid) return undefined;
    const g = b.assets.get(gid)!;
    const vid = b.add({ id: `${gid}:${v ?? 'DRAFT'}`, kind: 'bedrock:guardrail-version', name: `${g.name} ${v ?? 'DRAFT'}`, region: g.region });
    b.rel(vid, gid, 'version-of');
    return vid;
  };
  b.gap(region, 'Bedrock enforced guardrail configurations', f.enforced);
  for (const e of f.enforced.items) {
    const vid = version(e.guardrail, e.version);
    if (vid) b.assets.get(vid)!.attributes.enforced = 'account-level enforcement';
  }
  b.gap(region, 'Bedrock knowledge bases', f.knowledgeBases);
  for (const kb of f.knowledgeBases.items) {
    const id = b.add({ id: kb.arn, kind: 'bedrock:knowledge-base', name: kb.name, region, arn: kb.arn, status: kb.status });
    if (kb.detail && !kb.detail.known) b.gap(region, `details of knowledge base ${kb.name}`, kb.detail);
    b.rel(id, b.model(knownOr(kb.detail)?.embeddingModel ?? undefined, region), 'invokes');
    if (kb.dataSources) b.gap(region, `data sources of knowledge base ${kb.name}`, kb.dataSources);
    for (const d of kb.dataSources?.items ?? []) {
      const did = b.add({ id: dataSourceId(kb.arn, d.id), kind: 'bedrock:data-source', name: d.name, region, status: d.status });
      b.rel(id, did, 'has-data-source');
      b.rel(did, b.bucket(d.bucketArn), 'reads-from');
      b.rel(did, b.key(d.kmsKey, region), 'encrypted-by');
    }
  }
  b.gap(region, 'Bedrock agents', f.agents);
  for (const a of f.agents.items) {
    const id = b.add({ id: a.arn, kind: 'bedrock:agent', name: a.name, region, arn: a.arn, status: a.status });
    if (a.guardrail) b.rel(id, version(a.guardrail.id, a.guardrail.version), 'guarded-by');
    if (a.detail && !a.detail.known) b.gap(region, `details of agent ${a.name}`, a.detail);
    const d = knownOr(a.detail ?? undefined);
    b.rel(id, b.model(d?.foundationModel, region), 'invokes');
    b.rel(id, b.key(d?.kmsKey, region), 'encrypted-by');
    if (a.knowledgeBases) b.gap(region, `knowledge bases of agent ${a.name}`, a.knowledgeBases);
    for (const k of a.knowledgeBases?.items ?? []) b.rel(id, f.knowledgeBases.items.find((x) => x.id === k)?.arn, 'uses-knowledge-base');
  }
  b.gap(region, 'Bedrock prompts', f.prompts);
  for (const p of f.prompts.items) {
    const id = b.add({ id: p.arn ?? `bedrock:prompt/${region}/${p.id}`, kind: 'bedrock:prompt', name: p.name, region, arn: p.arn });
    if (p.detail && !p.detail.known) b.gap(region, `details of prompt ${p.name}`, p.detail);
    const d = knownOr(p.detail ?? undefined);
    b.rel(id, b.key(d?.kmsKey, region), 'encrypted-by');
    for (const m of d?.models ?? []) b.rel(id, b.model(m, region), 'invokes');
  }
  b.gap(region, 'Bedrock application inference profiles', f.inferenceProfiles);
  for (const x of f.inferenceProfiles.items) {
    const id = b.add({ id: x.arn, kind: 'bedrock:inference-profile', name: x.name, region, arn: x.arn, status: x.status });
    for (const m of x.models) b.rel(id, b.model(m, region), 'invokes');
  }
}

function buckets(b: Builder, input: InventoryInput): void {
  const f = input.facts['ai-buckets']?.global as AiBuckets | undefined;
  const keys = (input.facts['ai-bucket-keys']?.global as { byBucket: Record<string, Ev<DefaultEncryption>> } | undefined)?.byBucket ?? {};
  if (!f) return;
  if (f.causes.length) b.gap('global', 'AI buckets (the scope)', { complete: false, causes: f.causes });
  for (const x of f.ai) {
    const id = b.add({ id: x.arn, kind: 's3:bucket', name: x.name, region: x.region, arn: x.arn, attributes: { uses: x.uses.join(', '), ...(x.unconfirmed ? { owner: 'unconfirmed (not in the bucket list)' } : {}) }, notes: x.sources });
    const enc = keys[x.name];
    if (enc && !enc.known) b.gap(x.region, `default encryption of bucket ${x.name}`, enc);
    const e = knownOr(enc);
    if (e) {
      b.assets.get(id)!.attributes.encryption = e.algorithm ?? 'none';
      b.rel(id, b.key(e.kmsKey, x.region) ?? (e.algorithm?.startsWith('aws:kms') ? b.key('alias/aws/s3', x.region) : undefined), 'encrypted-by');
    }
  }
  for (const x of f.foreign) {
    const arn = `arn:${input.partition}:s3:::${x.name}`;
    b.add({ id: arn, kind: 's3:bucket', name: x.name, arn, attributes: { owner: 'another account' }, notes: x.sources, referenced: true });
  }
}

/** Each asset's checks: every check result whose resource is the asset (by ARN or id). */
function attachChecks(b: Builder, controls: InventoryInput['controls']): void {
  const byId = new Map<string, AiAsset>();
  for (const a of b.assets.values()) {
    byId.set(a.id, a);
    if (a.arn) byId.set(a.arn, a);
  }
  for (const c of controls) {
    for (const k of c.checks) {
      for (const r of k.resources) {
        const a = byId.get(r.id);
        if (!a) continue;
        a.checks.push({ control: c.id, service: k.service, probe: k.probe, extension: k.extension, status: r.status });
      }
    }
  }
  const order = (x: AssetCheck) => `${x.probe ?? ''}|${x.control}|${x.service}`;
  for (const a of b.assets.values()) {
    const seen = new Set<string>();
    a.checks = a.checks.filter((x) => (seen.has(order(x)) ? false : (seen.add(order(x)), true))).sort((x, y) => order(x).localeCompare(order(y)));
  }
}

/**
 * The inventory, or — should a malformed answer slip past the facts — an empty one that says why:
 * building it never fails a scan.
 */
export function buildInventory(input: InventoryInput): AiInventory {
  try {
    return build(input);
  } catch (err) {
    const reason = `not built: ${(err as Error).message.split('\n')[0].slice(0, 300)}`;
    return { accountId: input.accountId, regions: [...input.regions].sort(), assets: [], relations: [], gaps: [{ region: 'global', family: 'AI inventory', reason, missing: [] }] };
  }
}

function build(input: InventoryInput): AiInventory {
  const b = new Builder(input.partition);
  const regions = [...input.regions].sort();
  for (const r of regions) sagemaker(b, input, r);
  for (const r of regions) bedrock(b, input, r);
  buckets(b, input);
  attachChecks(b, input.controls);
  const assets = [...b.assets.values()].sort((x, y) => String(x.region ?? '').localeCompare(String(y.region ?? '')) || x.kind.localeCompare(y.kind) || String(x.id).localeCompare(String(y.id)));
  const relations = b.relations().sort((x, y) => x.from.localeCompare(y.from) || x.type.localeCompare(y.type) || x.to.localeCompare(y.to));
  const gaps = b.gaps.sort((x, y) => x.region.localeCompare(y.region) || x.family.localeCompare(y.family));
  return { accountId: input.accountId, regions, assets, relations, gaps };
}

/** Assets per kind, for summaries. */
export function countByKind(inv: AiInventory): Partial<Record<AssetKind, number>> {
  const out: Partial<Record<AssetKind, number>> = {};
  for (const a of inv.assets) out[a.kind] = (out[a.kind] ?? 0) + 1;
  return out;
}

