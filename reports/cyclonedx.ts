// aims-ml-bom.cdx.json: the AI inventory (src/inventory/build.ts) as a CycloneDX 1.6 ML-BOM, built
// with @cyclonedx/cyclonedx-library. Models are machine-learning-model components (with the
// SageMaker model card as modelCard where one exists), data sets and configurations are data
// components, keys cryptographic assets, endpoints, agents, knowledge bases and inference profiles
// services; every relation is a dependency ("from" depends on "to").
// The library models no modelCard nor component data yet: they are added to its normalized JSON,
// which the CycloneDX 1.6 schema then validates (test/inventory/cyclonedx.test.ts).
// Only what the inventory holds goes in: never an environment variable, hyperparameter or secret.
import { createHash } from 'node:crypto';
import * as CDX from '@cyclonedx/cyclonedx-library';
import type { AiAsset, AiInventory, AssetKind } from '../src/inventory/build.js';
import type { Report } from '../src/engine/report.js';

const T = CDX.Enums.ComponentType;

type Shape = { component: CDX.Enums.ComponentType; data?: 'dataset' | 'configuration' | 'definition' | 'other' } | { service: true };

/** How each asset kind appears in the BOM. */
export const SHAPES: Readonly<Record<AssetKind, Shape>> = {
  'sagemaker:model': { component: T.MachineLearningModel },
  'sagemaker:model-package': { component: T.MachineLearningModel },
  'sagemaker:model-package-group': { component: T.MachineLearningModel },
  'bedrock:foundation-model': { component: T.MachineLearningModel },
  'bedrock:custom-model': { component: T.MachineLearningModel },
  'bedrock:imported-model': { component: T.MachineLearningModel },
  's3:bucket': { component: T.Data, data: 'dataset' },
  'sagemaker:feature-group': { component: T.Data, data: 'dataset' },
  'bedrock:data-source': { component: T.Data, data: 'dataset' },
  'bedrock:prompt': { component: T.Data, data: 'definition' },
  'bedrock:guardrail': { component: T.Data, data: 'configuration' },
  'bedrock:guardrail-version': { component: T.Data, data: 'configuration' },
  'sagemaker:endpoint-config': { component: T.Data, data: 'configuration' },
  'sagemaker:model-card': { component: T.Data, data: 'other' },
  'kms:key': { component: T.CryptographicAsset },
  'sagemaker:domain': { component: T.Platform },
  'sagemaker:notebook-instance': { component: T.Platform },
  'sagemaker:pipeline': { component: T.Application },
  'sagemaker:training-job': { component: T.Application },
  'sagemaker:endpoint': { service: true },
  'bedrock:agent': { service: true },
  'bedrock:knowledge-base': { service: true },
  'bedrock:inference-profile': { service: true },
  'bedrock:provisioned-throughput': { service: true },
};

export const ML_BOM_FILE = 'aims-ml-bom.cdx.json';

/** A UUID from a hash, so the same scan always names its BOM the same. */
function serialOf(scanId: string): string {
  const h = createHash('sha256').update(`aims-scan ML-BOM ${scanId}`).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function properties(a: AiAsset): CDX.Models.Property[] {
  const p = (name: string, value: string) => new CDX.Models.Property(name, value);
  return [
    p('aims-scan:kind', a.kind),
    ...(a.region ? [p('aims-scan:region', a.region)] : []),
    ...(a.arn ? [p('aims-scan:arn', a.arn)] : []),
    ...(a.status ? [p('aims-scan:status', a.status)] : []),
    ...(a.referenced ? [p('aims-scan:referenced', 'named by another asset, not listed itself')] : []),
    ...Object.entries(a.attributes).map(([k, v]) => p(`aims-scan:${k}`, v)),
    ...a.notes.map((n) => p('aims-scan:in-scope-because', n)),
    ...a.checks.map((c) => p('aims-scan:check', `${c.control} ${c.service}${c.extension ? ' (extension)' : ''}: ${c.status}`)),
  ];
}

/** CycloneDX 1.6 modelCard from a SageMaker model card's repeated fields. */
function modelCardOf(a: AiAsset, datasets: string[]): Record<string, unknown> | undefined {
  const c = a.modelCard;
  if (!c) return undefined;
  const list = (...xs: (string | undefined)[]) => xs.filter((x): x is string => !!x);
  const modelParameters = {
    ...(c.problemType ? { task: c.problemType } : {}),
    ...(c.algorithmType ? { architectureFamily: c.algorithmType } : {}),
    ...(datasets.length ? { datasets: datasets.map((ref) => ({ ref })) } : {}),
  };
  const considerations = {
    ...(list(c.purpose, c.intendedUses).length ? { useCases: list(c.purpose, c.intendedUses) } : {}),
    ...(list(c.factors, c.caveats).length ? { technicalLimitations: list(c.factors, c.caveats) } : {}),
    ...(c.ethicalConsiderations ? { ethicalConsiderations: [{ name: c.ethicalConsiderations }] } : {}),
  };
  const props = [
    { name: 'aims-scan:model-card', value: c.card },
    ...(c.status ? [{ name: 'aims-scan:model-card-status', value: c.status }] : []),
    ...(c.riskRating ? [{ name: 'aims-scan:risk-rating', value: c.riskRating }] : []),
    ...(c.riskExplanation ? [{ name: 'aims-scan:risk-explanation', value: c.riskExplanation }] : []),
  ];
  return {
    'bom-ref': `${a.id}#model-card`,
    ...(Object.keys(modelParameters).length ? { modelParameters } : {}),
    ...(Object.keys(considerations).length ? { considerations } : {}),
    properties: props,
  };
}

/** The data sets a model was trained on: buckets it was trained on, or its training job read. */
function datasetsOf(inv: AiInventory, id: string): string[] {
  const out = new Set<string>();
  for (const r of inv.relations) {
    if (r.from !== id) continue;
    if (r.type === 'trained-on') out.add(r.to);
    if (r.type === 'trained-by') for (const s of inv.relations) if (s.from === r.to && s.type === 'reads-from') out.add(s.to);
  }
  return [...out].sort();
}

export function buildMlBom(report: Report): Record<string, unknown> {
  const inv: AiInventory = report.aiInventory ?? { accountId: report.scan.account.id, regions: report.scan.regions, assets: [], relations: [], gaps: [] };
  const bom = new CDX.Models.Bom();
  bom.serialNumber = serialOf(report.scan.id);
  bom.metadata.timestamp = new Date(report.scan.startedAt);
  bom.metadata.tools.components.add(new CDX.Models.Component(T.Application, report.tool.name, { version: report.tool.version }));
  const account = new CDX.Models.Component(T.Platform, `AWS account ${inv.accountId}`, {
    bomRef: `aws-account:${inv.accountId}`,
    description: `AI assets aims-scan saw in AWS account ${inv.accountId} (${report.scan.account.partition}), regions ${inv.regions.join(', ')}`,
  });
  bom.metadata.component = account;
  const refs = new Map<string, CDX.Models.Component | CDX.Models.Service>();
  for (const a of inv.assets) {
    const shape = SHAPES[a.kind];
    const common = { bomRef: a.id, group: a.kind, description: `${a.kind} ${a.name}${a.region ? ` (${a.region})` : ''}` };
    const entity = 'service' in shape ? new CDX.Models.Service(a.name, common) : new CDX.Models.Component(shape.component, a.name, common);
    for (const p of properties(a)) entity.properties.add(p);
    if (entity instanceof CDX.Models.Service) bom.services.add(entity);
    else bom.components.add(entity);
    refs.set(a.id, entity);
  }
  for (const r of inv.relations) {
    const from = refs.get(r.from);
    const to = refs.get(r.to);
    if (from && to) from.dependencies.add(to.bomRef);
  }
  // The account depends on what it holds.
  for (const e of refs.values()) account.dependencies.add(e.bomRef);
  const json = new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6).makeForBom().normalize(bom, { sortLists: true }) as unknown as Record<string, unknown>;
  // What the library does not model yet: component data and model cards (CycloneDX 1.6 fields).
  const byRef = new Map(inv.assets.map((a) => [a.id, a]));
  for (const c of (json.components as Record<string, unknown>[] | undefined) ?? []) {
    const a = byRef.get(c['bom-ref'] as string);
    if (!a) continue;
    const shape = SHAPES[a.kind];
    if ('data' in shape && shape.data) c.data = [{ type: shape.data, name: a.name }];
    const card = 'component' in shape && shape.component === T.MachineLearningModel ? modelCardOf(a, datasetsOf(inv, a.id)) : undefined;
    if (card) c.modelCard = card;
  }
  return json;
}

export function renderCycloneDx(report: Report): string {
  return JSON.stringify(buildMlBom(report), null, 2) + '\n';
}
