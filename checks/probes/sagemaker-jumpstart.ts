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
import type { ProbeStatus, ResourceResult } from '../../src/model.js';
import { defineProbe, manual, notApplicable, notInUse, startNow, undecided } from '../../src/engine/probe.js';
import { and, completeList, concatLists, every, fanOut, filterList, known, T, unknown, unreadResources, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { containersOf, DescribeModel } from '../facts/sagemaker-endpoint-details.js';
import { describeWorkload, newestFirst, sageMakerWorkload, sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';

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
  /** What SageMaker runs here (T), nothing (F), or unknown. */
  workload: Tri;
  privateHubs: ListEv<{ name: string; arn: string; status?: string; models: Ev<string[]> }>;
  /** JumpStart-derived models and endpoints; a resource whose tags or describe failed is named in the causes. */
  resources: ListEv<JumpStartResource>;
  modelsTruncated: boolean;
  notes: string[];
}

const tag = (tags: Tag[], key: string) => tags.find((t) => t.Key === key)?.Value;

function governedBy(r: JumpStartResource, hubs: JumpStartFacts['privateHubs']): string | undefined {
  if (r.hubArn && !r.hubArn.includes(PUBLIC_HUB)) return `private hub ${r.hubArn.split('/').pop()}`;
  const hub = r.modelId ? hubs.items.find((h) => h.models.known && h.models.value.includes(r.modelId as string)) : undefined;
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
  uses: [sagemakerInventory],
  async collect(ctx) {
    const notes: string[] = [];
    const [inv, hubList] = await Promise.all([ctx.use(sagemakerInventory), ctx.list(ListHubs, {}, 'HubSummaries')]);
    // A region without private hubs (JumpStart hubs not offered there) has none: noted, not unknown.
    const offered = hubList.complete || !hubList.causes.every((c) => c.kind === 'unavailable');
    if (!offered) notes.push(`SageMaker JumpStart private hubs is not offered in this region (${hubList.causes[0]?.detail.match(/\b([A-Z]\w+Exception)\b/)?.[1] ?? 'unavailable'})`);
    const hubs = offered ? hubList : completeList<(typeof hubList.items)[number]>([]);
    const privateHubsP = startNow(
      Promise.all(
        hubs.items
          .filter((h) => h.HubName !== PUBLIC_HUB)
          .map(async (h) => {
            const [models, refs] = await Promise.all([
              ctx.list(ListHubContents, { HubName: h.HubName, HubContentType: 'Model' }, 'HubContentSummaries'),
              ctx.list(ListHubContents, { HubName: h.HubName, HubContentType: 'ModelReference' }, 'HubContentSummaries'),
            ]);
            const both = concatLists([models, refs]);
            const names: Ev<string[]> = both.complete ? known([...new Set(both.items.map((c) => c.HubContentName ?? '').filter(Boolean))]) : unknown(both.causes);
            return { name: h.HubName ?? '', arn: h.HubArn ?? h.HubName ?? '', status: h.HubStatus, models: names };
          }),
      ),
    );
    const models = newestFirst(inv.models.items, (m) => m.CreationTime);
    const tagsOf = (arn: string) => ctx.list(ListTags, { ResourceArn: arn }, 'Tags', { resource: arn });
    const fromModelsP = startNow(
      fanOut({ ...inv.models, items: models.slice(0, JUMPSTART_MODEL_CAP) }, async (m): Promise<Ev<JumpStartResource | null>> => {
        const arn = m.ModelArn ?? '';
        const [d, tags] = await Promise.all([ctx.readOrAbsent(DescribeModel, { ModelName: m.ModelName }, { resource: arn || m.ModelName }), arn ? tagsOf(arn) : Promise.resolve(completeList<Tag>([]))]);
        const modelId = tag(tags.items, TAG_MODEL_ID);
        const byArtefact = d.known && !isAbsent(d.value) && containersOf(d.value).some((c) => JUMPSTART_BUCKET.test(c.modelDataUrl ?? ''));
        const found = (): JumpStartResource => ({ kind: 'model', name: m.ModelName ?? '', arn: arn || (m.ModelName ?? ''), modelId, version: tag(tags.items, TAG_MODEL_VERSION), hubArn: tag(tags.items, TAG_HUB_ARN), byArtefact: !modelId });
        // One sign is enough to count it; no sign needs both reads.
        if (modelId || byArtefact) return known(found());
        if (!tags.complete || !d.known) return unknown([...tags.causes, ...(d.known ? [] : d.causes)]);
        return known(null);
      }),
    );
    // Endpoint tags are read from the listing itself: no describe needed to know an endpoint's ARN.
    const fromEndpoints = await fanOut(filterList(inv.inServiceEndpoints, (e) => !!e.EndpointArn), async (e): Promise<Ev<JumpStartResource | null>> => {
      const tags = await tagsOf(e.EndpointArn as string);
      const modelId = tag(tags.items, TAG_MODEL_ID);
      if (modelId) return known({ kind: 'endpoint', name: e.EndpointName ?? '', arn: e.EndpointArn as string, modelId, version: tag(tags.items, TAG_MODEL_VERSION), hubArn: tag(tags.items, TAG_HUB_ARN), byArtefact: false });
      return tags.complete ? known(null) : unknown(tags.causes);
    });
    const [privateHubs, fromModels] = await Promise.all([privateHubsP, fromModelsP]);
    const workload = sageMakerWorkload(inv);
    return {
      workload: workload.v === 'T' ? T(describeWorkload(inv)) : workload,
      privateHubs: { ...hubs, items: privateHubs },
      resources: filterList(concatLists([fromModels, fromEndpoints]), (r): r is JumpStartResource => r !== null) as ListEv<JumpStartResource>,
      modelsTruncated: models.length > JUMPSTART_MODEL_CAP,
      notes,
    };
  },
  evaluate(f, ctx) {
    const warnings = [...f.notes];
    if (f.modelsTruncated) warnings.push(`only the ${JUMPSTART_MODEL_CAP} newest models were checked for JumpStart origin`);
    warnings.push('training jobs fine-tuned from JumpStart models are not inventoried');
    const hubs = `${f.privateHubs.items.length} private hub(s)${f.privateHubs.items.length ? ` (${f.privateHubs.items.map((h) => `${h.name}: ${h.models.known ? `${h.models.value.length} model(s)` : 'contents not read'}`).join(', ')})` : ''}`;
    const items = [...f.resources.items].sort((a, b) => a.arn.localeCompare(b.arn));
    if (items.length === 0) {
      // Nothing found: only complete evidence can say so.
      const none = and(every(f.resources, () => T([]), 'models and endpoints not all checked'), every(f.privateHubs, () => T([]), 'hubs not all listed'));
      if (none.v === 'U') {
        // Found or not, the verdict is MANUAL where SageMaker is in use (vetting to attest, or an
        // unused tool choice); elsewhere it may be NOT_APPLICABLE. The engine decides the check when regions agree.
        const unusedStatus = notInUse(ctx, '').status as ProbeStatus;
        const ifNone: ProbeStatus[] = f.workload.v === 'T' || f.privateHubs.items.length ? [unusedStatus] : f.workload.v === 'F' ? ['NOT_APPLICABLE'] : [unusedStatus, 'NOT_APPLICABLE'];
        return undecided(none.causes, 'no JumpStart-derived model or endpoint among those read', { possible: [...new Set<ProbeStatus>(['MANUAL', ...ifNone])] });
      }
      if (f.workload.v === 'F' && f.privateHubs.items.length === 0) return notApplicable('no SageMaker workloads and no JumpStart private hubs in this region', { warnings });
      if (f.workload.v === 'U' && f.privateHubs.items.length === 0) return undecided(f.workload.causes, 'cannot tell whether JumpStart governance applies: the SageMaker inventory could not be read');
      return notInUse(ctx, `no JumpStart-derived models or endpoints found (${hubs}; SageMaker in use: ${f.workload.v === 'T' ? f.workload.why.join(', ') : 'hubs only'})`, { warnings });
    }
    // Resources found: the verdict is MANUAL whatever the unread rest holds; name what was not read.
    const unread = unreadResources(f.resources, (id) => `${id ?? 'resource'}`);
    if (unread.length) warnings.push(`JumpStart origin not checked for ${unread.length} resource(s): ${someOf(unread.map((u) => `${u.label} (${u.causes[0]?.action})`))}`);
    const resources: ResourceResult[] = items.map((r) => {
      const via = governedBy(r, f.privateHubs);
      const what = `${r.kind} ${r.name}: JumpStart ${r.modelId ?? 'artefact'}${r.version ? ` v${r.version}` : ''}`;
      return via ? { id: r.arn, status: 'PASS', reason: `${what}, ${via}` } : { id: r.arn, status: 'MANUAL', reason: `${what}, not from a private curated hub` };
    });
    const ungoverned = resources.filter((r) => r.status !== 'PASS');
    const governance = ungoverned.length ? `${ungoverned.length} of ${resources.length} not from a private curated hub (${someOf(ungoverned.map((r) => r.reason))})` : `all ${resources.length} from a private curated hub`;
    return manual(`${resources.length} JumpStart-derived resource(s), ${governance}; ${hubs}. Attest the licence/EULA and risk review of these third-party models`, { code: 'PARTIAL', resources, warnings });
  },
});
