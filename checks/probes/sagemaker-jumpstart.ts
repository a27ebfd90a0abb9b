// Amazon SageMaker JumpStart — A.14 third-party models. probes.md §2.47 (MANUAL with evidence).
// The API can inventory JumpStart-derived models and endpoints (SDK tags, artefacts in the
// jumpstart-cache buckets) and show whether they come through a private curated hub (allow-list
// governance), but never the licence/EULA review itself: the verdict is MANUAL with that evidence.
// Models are capped at the newest 200 (one DescribeModel and one ListTags each).
import type {
  ListHubContentsCommandInput,
  ListHubContentsCommandOutput,
  ListHubsCommandInput,
  ListHubsCommandOutput,
  ListTagsCommandInput,
  ListTagsCommandOutput,
  Tag,
} from '@aws-sdk/client-sagemaker';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, manual, notApplicable, notInUse, startNow } from '../../src/engine/probe.js';
import { containersOf, DescribeModel, sagemakerEndpointDetails } from '../facts/sagemaker-endpoint-details.js';
import { describeWorkload, hasSageMakerWorkload, newestFirst, sagemakerInventory, someOf, unlessUnavailable } from '../facts/sagemaker-inventory.js';
import { mustAll } from '../../src/engine/evidence.js';

// ListHubs and ListHubContents have no SDK paginator: the access layer follows NextToken by hand.
export const ListHubs = op<ListHubsCommandInput, ListHubsCommandOutput>('sagemaker', 'ListHubs', { paginate: NEXT_TOKEN });
export const ListHubContents = op<ListHubContentsCommandInput, ListHubContentsCommandOutput>('sagemaker', 'ListHubContents', { paginate: NEXT_TOKEN });
export const ListTags = op<ListTagsCommandInput, ListTagsCommandOutput>('sagemaker', 'ListTags', { paginate: NEXT_TOKEN });

export const JUMPSTART_MODEL_CAP = 200;
const PUBLIC_HUB = 'SageMakerPublicHub';
/** Tags the SageMaker Python SDK puts on JumpStart resources (sagemaker/jumpstart/enums.py). */
const TAG_MODEL_ID = 'sagemaker-sdk:jumpstart-model-id';
const TAG_MODEL_VERSION = 'sagemaker-sdk:jumpstart-model-version';
const TAG_HUB_ARN = 'sagemaker-hub:hub-arn';
const JUMPSTART_BUCKET = /^s3:\/\/jumpstart-(private-)?cache-prod-/;

export interface JumpStartResource {
  kind: 'model' | 'endpoint';
  name: string;
  arn: string;
  modelId?: string;
  version?: string;
  hubArn?: string;
  /** Found by its artefact location rather than by tags. */
  byArtefact: boolean;
}

export interface JumpStartFacts {
  workload: string | null;
  privateHubs: { name: string; arn: string; status?: string; models: string[] }[];
  resources: JumpStartResource[];
  modelsTruncated: boolean;
  notes: string[];
}

const tag = (tags: Tag[], key: string) => tags.find((t) => t.Key === key)?.Value;

function governedBy(r: JumpStartResource, hubs: JumpStartFacts['privateHubs']): string | undefined {
  if (r.hubArn && !r.hubArn.includes(PUBLIC_HUB)) return `private hub ${r.hubArn.split('/').pop()}`;
  const hub = r.modelId ? hubs.find((h) => h.models.includes(r.modelId as string)) : undefined;
  return hub ? `model ${r.modelId} allow-listed in private hub ${hub.name}` : undefined;
}

export default defineProbe<JumpStartFacts>({
  id: 'sagemaker-jumpstart',
  service: 'Amazon SageMaker JumpStart',
  title: 'JumpStart models are inventoried and come through a private curated hub (attested)',
  severity: 'low',
  remediation: 'Curate the JumpStart models you allow in a private hub (`aws sagemaker create-hub`, `create-hub-content-reference`; SageMaker Studio → JumpStart → Private hubs), deploy only from it, and record the licence/EULA review of each third-party model.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListHubs, ListHubContents, ListTags, DescribeModel],
  uses: [sagemakerInventory, sagemakerEndpointDetails],
  async collect(ctx) {
    const notes: string[] = [];
    const detailsP = startNow(ctx.use(sagemakerEndpointDetails));
    const [inv, hubList] = await Promise.all([
      ctx.use(sagemakerInventory),
      unlessUnavailable(ctx.all(ListHubs, {}, 'HubSummaries'), [], 'SageMaker JumpStart private hubs', notes),
    ]);
    const privateHubsP = startNow(Promise.all(
      hubList
        .filter((h) => h.HubName !== PUBLIC_HUB)
        .map(async (h) => {
          const [models, refs] = await Promise.all([
            ctx.all(ListHubContents, { HubName: h.HubName, HubContentType: 'Model' }, 'HubContentSummaries'),
            ctx.all(ListHubContents, { HubName: h.HubName, HubContentType: 'ModelReference' }, 'HubContentSummaries'),
          ]);
          return { name: h.HubName ?? '', arn: h.HubArn ?? h.HubName ?? '', status: h.HubStatus, models: [...new Set([...models, ...refs].map((c) => c.HubContentName ?? '').filter(Boolean))] };
        }),
    ));
    const models = newestFirst(mustAll(inv.models), (m) => m.CreationTime);
    const fromModelsP = startNow(Promise.all(
      models.slice(0, JUMPSTART_MODEL_CAP).map(async (m): Promise<JumpStartResource | null> => {
        const arn = m.ModelArn ?? '';
        const [d, tags] = await Promise.all([ctx.callOrAbsent(DescribeModel, { ModelName: m.ModelName }), arn ? ctx.all(ListTags, { ResourceArn: arn }, 'Tags') : Promise.resolve([])]);
        const byArtefact = !isAbsent(d) && containersOf(d).some((c) => JUMPSTART_BUCKET.test(c.modelDataUrl ?? ''));
        const modelId = tag(tags, TAG_MODEL_ID);
        if (!modelId && !byArtefact) return null;
        return { kind: 'model', name: m.ModelName ?? '', arn: arn || (m.ModelName ?? ''), modelId, version: tag(tags, TAG_MODEL_VERSION), hubArn: tag(tags, TAG_HUB_ARN), byArtefact: !modelId };
      }),
    ));
    const fromEndpoints = await Promise.all(
      mustAll((await detailsP).endpoints).map(async (e): Promise<JumpStartResource | null> => {
        const tags = await ctx.all(ListTags, { ResourceArn: e.arn }, 'Tags');
        const modelId = tag(tags, TAG_MODEL_ID);
        return modelId ? { kind: 'endpoint', name: e.name, arn: e.arn, modelId, version: tag(tags, TAG_MODEL_VERSION), hubArn: tag(tags, TAG_HUB_ARN), byArtefact: false } : null;
      }),
    );
    const [privateHubs, fromModels] = await Promise.all([privateHubsP, fromModelsP]);
    return {
      workload: hasSageMakerWorkload(inv) ? describeWorkload(inv) : null,
      privateHubs,
      resources: [...fromModels, ...fromEndpoints].filter((r): r is JumpStartResource => r !== null),
      modelsTruncated: models.length > JUMPSTART_MODEL_CAP,
      notes,
    };
  },
  evaluate(f, ctx) {
    const warnings = [...f.notes];
    if (f.modelsTruncated) warnings.push(`only the ${JUMPSTART_MODEL_CAP} newest models were checked for JumpStart origin`);
    warnings.push('training jobs fine-tuned from JumpStart models are not inventoried');
    const hubs = `${f.privateHubs.length} private hub(s)${f.privateHubs.length ? ` (${f.privateHubs.map((h) => `${h.name}: ${h.models.length} model(s)`).join(', ')})` : ''}`;
    if (f.resources.length === 0) {
      if (!f.workload && f.privateHubs.length === 0) return notApplicable('no SageMaker workloads and no JumpStart private hubs in this region', { warnings });
      return notInUse(ctx, `no JumpStart-derived models or endpoints found (${hubs}; SageMaker in use: ${f.workload ?? 'hubs only'})`, { warnings });
    }
    const resources: ResourceResult[] = f.resources.map((r) => {
      const via = governedBy(r, f.privateHubs);
      const what = `${r.kind} ${r.name}: JumpStart ${r.modelId ?? 'artefact'}${r.version ? ` v${r.version}` : ''}`;
      return via ? { id: r.arn, status: 'PASS', reason: `${what}, ${via}` } : { id: r.arn, status: 'MANUAL', reason: `${what}, not from a private curated hub` };
    });
    const ungoverned = resources.filter((r) => r.status !== 'PASS');
    const governance = ungoverned.length ? `${ungoverned.length} of ${resources.length} not from a private curated hub (${someOf(ungoverned.map((r) => r.reason))})` : `all ${resources.length} from a private curated hub`;
    return manual(`${resources.length} JumpStart-derived resource(s), ${governance}; ${hubs}. Attest the licence/EULA and risk review of these third-party models`, { code: 'PARTIAL', resources, warnings });
  },
});
