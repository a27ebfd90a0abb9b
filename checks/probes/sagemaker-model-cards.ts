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
import { defineProbe, fail, notApplicable, pass, startNow } from '../../src/engine/probe.js';
import { sagemakerEndpointDetails } from '../facts/sagemaker-endpoint-details.js';
import { GONE, newestFirst, sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';
import { ListModelPackageGroups } from './sagemaker-model-registry.js';
import { mustAll } from '../../src/engine/evidence.js';

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
  models: number;
  subjects: Subject[];
  /** How the subjects were chosen, for the reason. */
  scope: string;
  cards: CardFacts[];
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
      ctx.all(ListModelPackageGroups, { MaxResults: 100 }, 'ModelPackageGroupSummaryList'),
      ctx.all(ListModelCards, { MaxResults: 100 }, 'ModelCardSummaries'),
    ]);
    const cards = await Promise.all(
      summaries.map(async (s): Promise<CardFacts | null> => {
        const d = await ctx.callOrAbsent(DescribeModelCard, { ModelCardName: s.ModelCardName, IncludedData: 'MetadataOnly' });
        if (isAbsent(d)) return null;
        return { name: s.ModelCardName ?? '', arn: s.ModelCardArn ?? '', status: d.ModelCardStatus ?? s.ModelCardStatus, ...parseCardContent(d.Content) };
      }),
    );
    const deployed = new Map<string, Subject>();
    for (const e of mustAll((await detailsP).endpoints)) {
      for (const m of e.models) deployed.set(m.name, { kind: 'model', name: m.name, arn: m.arn ?? m.name, packageArn: m.containers.map((c) => c.modelPackageName).find(Boolean) });
    }
    let subjects: Subject[] = [...deployed.values(), ...groups.map((g): Subject => ({ kind: 'model package group', name: g.ModelPackageGroupName ?? '', arn: g.ModelPackageGroupArn ?? g.ModelPackageGroupName ?? '' }))];
    let scope = `${deployed.size} deployed model(s) and ${groups.length} registry group(s)`;
    if (subjects.length === 0) {
      const newest = newestFirst(mustAll(inv.models), (m) => m.CreationTime).slice(0, UNDEPLOYED_MODEL_CAP);
      subjects = newest.map((m) => ({ kind: 'model', name: m.ModelName ?? '', arn: m.ModelArn ?? m.ModelName ?? '' }));
      scope = mustAll(inv.models).length > UNDEPLOYED_MODEL_CAP ? `the ${UNDEPLOYED_MODEL_CAP} newest of ${mustAll(inv.models).length} model(s) (none deployed, no registry)` : `${mustAll(inv.models).length} model(s) (none deployed, no registry)`;
    }
    return { models: mustAll(inv.models).length, subjects, scope, cards: cards.filter((c): c is CardFacts => c !== null) };
  },
  evaluate(f, ctx) {
    if (f.subjects.length === 0) return notApplicable(`no SageMaker models or registry groups in this region${f.cards.length ? ` (${f.cards.length} card(s) exist)` : ''}`);
    const a8 = ctx.control === 'A.8';
    const resources: ResourceResult[] = f.subjects.map((s) => {
      const c = cardFor(s, f.cards);
      const who = `${s.kind} ${s.name}`;
      if (!c) return { id: s.arn, status: 'FAIL', reason: `${who}: no model card` };
      if (!a8 && !c.riskRating) return { id: s.arn, status: 'FAIL', reason: `${who}: card ${c.name} has no risk rating` };
      if (a8 && c.status !== 'Approved') return { id: s.arn, status: 'FAIL', reason: `${who}: card ${c.name} is ${c.status ?? 'not approved'}` };
      return { id: s.arn, status: 'PASS', reason: `${who}: card ${c.name} (${c.status}${c.riskRating ? `, risk ${c.riskRating}` : ''})` };
    });
    const failing = resources.filter((r) => r.status === 'FAIL');
    const warnings = ['card content (intended uses, evaluation, ethical considerations) is read as metadata only: review it manually'];
    if (failing.length) {
      const missing = failing.some((r) => r.reason.endsWith('no model card'));
      return fail(`${failing.length} of ${f.subjects.length} in scope (${f.scope}): ${someOf(failing.map((r) => r.reason))}`, missing ? 'NOT_IN_USE' : 'MISCONFIGURED', { resources, warnings });
    }
    return pass(`all ${f.subjects.length} in scope (${f.scope}) have ${a8 ? 'approved model cards' : 'model cards with a risk rating'}`, { resources, warnings });
  },
});
