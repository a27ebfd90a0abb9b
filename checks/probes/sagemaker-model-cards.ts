// Amazon SageMaker Model Cards — A.2 impact documentation, A.8 transparency. probes.md §2.16.
// Cards are read with IncludedData=MetadataOnly: no kms:Decrypt, never the encrypted content.
// Models in scope: those behind in-service endpoints and the Model Registry groups (§2.16);
// when neither exists, the newest models of the region. A card maps to a model through its
// model_overview name/id or its model_package_details (package ARN or group).
import type {
  DescribeModelCardCommandInput,
  DescribeModelCardCommandOutput,
  ListModelCardsCommandInput,
  ListModelCardsCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, notApplicable, resourceOf, startNow, verdictOf } from '../../src/engine/probe.js';
import { and, F, fanOut, filterList, mapEv, mapList, T, U, unreadResources, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { sagemakerEndpointDetails } from '../facts/sagemaker-endpoint-details.js';
import { GONE, newestFirst, sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';
import { ListModelPackageGroups } from './sagemaker-model-registry.js';

export const ListModelCards = op<ListModelCardsCommandInput, ListModelCardsCommandOutput>('sagemaker', 'ListModelCards', { paginate: NEXT_TOKEN });
export const DescribeModelCard = op<DescribeModelCardCommandInput, DescribeModelCardCommandOutput>('sagemaker', 'DescribeModelCard', { absent: GONE });

/** Models judged when none is deployed and there is no registry (newest first). */
export const UNDEPLOYED_MODEL_CAP = 200;

export interface CardFacts {
  name: string;
  arn: string;
  status?: string;
  modelName?: string;
  modelId?: string;
  riskRating?: string;
  packageArn?: string;
  packageGroup?: string;
}

/** A model or registry group that should have a card. */
export interface Subject {
  kind: 'model' | 'model package group';
  name: string;
  arn: string;
  /** For deployed models: the registry package they were created from. */
  packageArn?: string;
}

export interface ModelCardsFacts {
  /** Deployed models per in-service endpoint (unknown while its config or models are) and the endpoints not described. */
  deployed: ListEv<Ev<Subject[]>>;
  groups: ListEv<Subject>;
  /** The newest models of the region, judged when nothing is deployed and there is no registry. */
  models: ListEv<Subject>;
  modelCount: number;
  cards: ListEv<CardFacts>;
}

/** The metadata fields MetadataOnly returns; the Content is a JSON string. Unparsable content maps nothing. */
export function parseCardContent(content: string | undefined): Pick<CardFacts, 'modelName' | 'modelId' | 'riskRating' | 'packageArn' | 'packageGroup'> {
  if (!content) return {};
  let c: { model_overview?: Record<string, unknown>; intended_uses?: Record<string, unknown>; model_package_details?: Record<string, unknown> };
  try {
    c = JSON.parse(content);
  } catch {
    return {};
  }
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    modelName: str(c?.model_overview?.model_name),
    modelId: str(c?.model_overview?.model_id),
    riskRating: str(c?.intended_uses?.risk_rating),
    packageArn: str(c?.model_package_details?.model_package_arn),
    packageGroup: str(c?.model_package_details?.model_package_group_name),
  };
}

/** Versioned package ARNs end in model-package/<group>/<version>. */
const groupOfPackage = (arn: string | undefined) => /model-package\/([^/]+)\/\d+$/.exec(arn ?? '')?.[1];

export function cardFor(s: Subject, cards: CardFacts[]): CardFacts | undefined {
  if (s.kind === 'model package group') return cards.find((c) => c.packageGroup === s.name || groupOfPackage(c.packageArn) === s.name);
  const group = groupOfPackage(s.packageArn);
  return cards.find(
    (c) => c.modelName === s.name || c.modelId === s.name || c.modelId === s.arn || (!!s.packageArn && c.packageArn === s.packageArn) || (!!group && c.packageGroup === group),
  );
}

export default defineProbe<ModelCardsFacts>({
  id: 'sagemaker-model-cards',
  service: 'Amazon SageMaker Model Cards',
  title: 'Every deployed or registered SageMaker model has a model card with a risk rating (A.8: approved)',
  severity: 'medium',
  remediation: 'Create a model card per model with intended uses and a risk rating, and move it to Approved after review: SageMaker console → Governance → Model cards, or `aws sagemaker create-model-card` / `update-model-card --model-card-status Approved`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [ListModelCards, DescribeModelCard, ListModelPackageGroups],
  uses: [sagemakerInventory, sagemakerEndpointDetails],
  async collect(ctx) {
    const detailsP = startNow(ctx.use(sagemakerEndpointDetails));
    const [inv, groups, summaries] = await Promise.all([
      ctx.use(sagemakerInventory),
      ctx.list(ListModelPackageGroups, { MaxResults: 100 }, 'ModelPackageGroupSummaryList'),
      ctx.list(ListModelCards, { MaxResults: 100 }, 'ModelCardSummaries'),
    ]);
    const described = await fanOut(summaries, async (s): Promise<Ev<CardFacts | null>> =>
      mapEv(await ctx.readOrAbsent(DescribeModelCard, { ModelCardName: s.ModelCardName, IncludedData: 'MetadataOnly' }, { resource: s.ModelCardArn ?? s.ModelCardName }), (d) =>
        isAbsent(d) ? null : { name: s.ModelCardName ?? '', arn: s.ModelCardArn ?? '', status: d.ModelCardStatus ?? s.ModelCardStatus, ...parseCardContent(d.Content) },
      ),
    );
    const details = await detailsP;
    const deployed = mapList(details.described, (e) =>
      mapEv(e.models, (ms) => ms.map((m): Subject => ({ kind: 'model', name: m.name, arn: m.arn ?? m.name, packageArn: m.containers.map((c) => c.modelPackageName).find(Boolean) }))),
    );
    const newest = newestFirst(inv.models.items, (m) => m.CreationTime).slice(0, UNDEPLOYED_MODEL_CAP);
    return {
      deployed,
      groups: mapList(groups, (g): Subject => ({ kind: 'model package group', name: g.ModelPackageGroupName ?? '', arn: g.ModelPackageGroupArn ?? g.ModelPackageGroupName ?? '' })),
      models: { ...inv.models, items: newest.map((m): Subject => ({ kind: 'model', name: m.ModelName ?? '', arn: m.ModelArn ?? m.ModelName ?? '' })) },
      modelCount: inv.models.items.length,
      cards: filterList(described, (c): c is CardFacts => c !== null) as ListEv<CardFacts>,
    };
  },
  evaluate(f, ctx) {
    const a8 = ctx.control === 'A.8';
    // Deployed models (deduplicated by name), or the endpoints whose models could not be read.
    const deployed = new Map<string, Subject>();
    const unknownDeployed: Tri[] = [];
    for (const e of f.deployed.items) {
      if (e.known) for (const m of e.value) deployed.set(m.name, m);
      else unknownDeployed.push(U(e.causes, 'models deployed'));
    }
    const unreadEndpoints = f.deployed.complete ? [] : [U(f.deployed.causes, 'endpoints not all described')];
    let subjects: Subject[] = [...deployed.values(), ...f.groups.items];
    let scope = `${deployed.size} deployed model(s) and ${f.groups.items.length} registry group(s)`;
    const scopeParts: Tri[] = [...unknownDeployed, ...unreadEndpoints, ...(f.groups.complete ? [] : [U(f.groups.causes, 'registry groups not all listed')])];
    const known = and(...scopeParts);
    if (subjects.length === 0 && known.v === 'T') {
      subjects = f.models.items;
      scope = f.modelCount > UNDEPLOYED_MODEL_CAP ? `the ${UNDEPLOYED_MODEL_CAP} newest of ${f.modelCount} model(s) (none deployed, no registry)` : `${f.modelCount} model(s) (none deployed, no registry)`;
      if (!f.models.complete) scopeParts.push(U(f.models.causes, 'models not all listed'));
    }
    const judgeOne = (s: Subject): Tri => {
      const c = cardFor(s, f.cards.items);
      if (!c) return f.cards.complete ? F('no model card') : U(f.cards.causes, 'model cards not all read');
      if (!a8 && !c.riskRating) return F(`card ${c.name} has no risk rating`);
      if (a8 && c.status !== 'Approved') return F(`card ${c.name} is ${c.status ?? 'not approved'}`);
      return T(`card ${c.name} (${c.status}${c.riskRating ? `, risk ${c.riskRating}` : ''})`);
    };
    const judged = subjects.map((s) => ({ s, t: judgeOne(s) }));
    const resources: ResourceResult[] = judged.map(({ s, t }) => resourceOf(s.arn, undefined, t, `${s.kind} ${s.name}`));
    for (const u of unreadResources(f.deployed, (id) => `endpoint ${id ?? ''}`.trim())) resources.push(resourceOf(u.id, u.region, U(u.causes), u.label));
    f.deployed.items.forEach((e) => {
      if (!e.known) for (const c of e.causes.slice(0, 1)) resources.push(resourceOf(c.resource ?? c.action, c.region, U(e.causes), `models of endpoint ${c.resource?.split('/').pop() ?? ''}`.trim()));
    });
    const all = and(...scopeParts, ...judged.map((j) => j.t));
    const warnings = ['card content (intended uses, evaluation, ethical considerations) is read as metadata only: review it manually'];
    if (all.v === 'T' && subjects.length === 0) return notApplicable(`no SageMaker models or registry groups in this region${f.cards.items.length ? ` (${f.cards.items.length} card(s) exist)` : ''}`);
    const failing = resources.filter((r) => r.status === 'FAIL');
    const missing = failing.some((r) => r.reason.endsWith('no model card'));
    return verdictOf(
      all,
      {
        pass: () => `all ${subjects.length} in scope (${scope}) have ${a8 ? 'approved model cards' : 'model cards with a risk rating'}`,
        fail: () => `${failing.length} of ${subjects.length} in scope (${scope}): ${someOf(failing.map((r) => r.reason))}`,
        code: missing ? 'NOT_IN_USE' : 'MISCONFIGURED',
        undecided: () => `${failing.length ? '' : 'no model read lacks a card, but '}the models in scope or their cards could not all be read`,
      },
      { resources, warnings },
    );
  },
});
