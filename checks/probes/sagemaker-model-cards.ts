// Amazon SageMaker Model Cards — A.2 impact documentation, A.8 transparency. probes.md §2.16.
// Cards are read with IncludedData=MetadataOnly: no kms:Decrypt, never the encrypted content.
import type {
  DescribeModelCardCommandInput,
  DescribeModelCardCommandOutput,
  ListModelCardsCommandInput,
  ListModelCardsCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, notApplicable, pass } from '../../src/engine/probe.js';
import { sagemakerInventory } from '../facts/sagemaker-inventory.js';

const ListModelCards = op<ListModelCardsCommandInput, ListModelCardsCommandOutput>('sagemaker', 'ListModelCards', { paginate: NEXT_TOKEN });
const DescribeModelCard = op<DescribeModelCardCommandInput, DescribeModelCardCommandOutput>('sagemaker', 'DescribeModelCard');

export interface CardFacts {
  name: string;
  arn: string;
  status?: string;
  modelName?: string;
  modelId?: string;
  riskRating?: string;
}

export interface ModelCardsFacts {
  models: { name: string; arn: string }[];
  cards: CardFacts[];
}

/** The metadata fields MetadataOnly returns; the Content is a JSON string. */
export function parseCardContent(content: string | undefined): { modelName?: string; modelId?: string; riskRating?: string } {
  if (!content) return {};
  const c = JSON.parse(content) as { model_overview?: { model_name?: unknown; model_id?: unknown }; intended_uses?: { risk_rating?: unknown } };
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return { modelName: str(c.model_overview?.model_name), modelId: str(c.model_overview?.model_id), riskRating: str(c.intended_uses?.risk_rating) };
}

export default defineProbe<ModelCardsFacts>({
  id: 'sagemaker-model-cards',
  service: 'Amazon SageMaker Model Cards',
  title: 'Every SageMaker model has a model card with a risk rating (A.8: approved)',
  severity: 'medium',
  remediation: 'Create a model card per model with intended uses and a risk rating, and move it to Approved after review: SageMaker console → Governance → Model cards, or `aws sagemaker create-model-card` / `update-model-card --model-card-status Approved`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [ListModelCards, DescribeModelCard],
  uses: [sagemakerInventory],
  async collect(ctx) {
    const [inv, summaries] = await Promise.all([ctx.use(sagemakerInventory), ctx.all(ListModelCards, {}, 'ModelCardSummaries')]);
    const cards = await Promise.all(
      summaries.map(async (s): Promise<CardFacts> => {
        const d = await ctx.call(DescribeModelCard, { ModelCardName: s.ModelCardName, IncludedData: 'MetadataOnly' });
        return { name: s.ModelCardName ?? '', arn: s.ModelCardArn ?? '', status: d.ModelCardStatus ?? s.ModelCardStatus, ...parseCardContent(d.Content) };
      }),
    );
    return { models: inv.models.map((m) => ({ name: m.ModelName ?? '', arn: m.ModelArn ?? m.ModelName ?? '' })), cards };
  },
  evaluate(f, ctx) {
    if (f.models.length === 0) return notApplicable(`no SageMaker models in this region${f.cards.length ? ` (${f.cards.length} card(s) exist)` : ''}`);
    const cardFor = (m: { name: string; arn: string }) => f.cards.find((c) => c.modelName === m.name || c.modelId === m.name || c.modelId === m.arn);
    const a8 = ctx.control === 'A.8';
    const resources: ResourceResult[] = f.models.map((m) => {
      const c = cardFor(m);
      if (!c) return { id: m.arn, status: 'FAIL', reason: `model ${m.name}: no model card` };
      if (!a8 && !c.riskRating) return { id: m.arn, status: 'FAIL', reason: `model ${m.name}: card ${c.name} has no risk rating` };
      if (a8 && c.status !== 'Approved') return { id: m.arn, status: 'FAIL', reason: `model ${m.name}: card ${c.name} is ${c.status ?? 'not approved'}` };
      return { id: m.arn, status: 'PASS', reason: `model ${m.name}: card ${c.name} (${c.status}${c.riskRating ? `, risk ${c.riskRating}` : ''})` };
    });
    const failing = resources.filter((r) => r.status === 'FAIL');
    const warnings = ['card content (intended uses, evaluation, ethical considerations) is read as metadata only: review it manually'];
    if (failing.length) {
      const missing = failing.some((r) => r.reason.includes('no model card'));
      return fail(`${failing.length} of ${f.models.length} model(s): ${failing.slice(0, 3).map((r) => r.reason).join('; ')}${failing.length > 3 ? '; …' : ''}`, missing ? 'NOT_IN_USE' : 'MISCONFIGURED', { resources, warnings });
    }
    return pass(`all ${f.models.length} model(s) have ${a8 ? 'approved model cards' : 'model cards with a risk rating'}`, { resources, warnings });
  },
});
