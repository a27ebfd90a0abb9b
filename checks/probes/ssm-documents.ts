// AWS Systems Manager Documents — A.8 documented AI operating procedures (runbooks). probes.md §2.31.
// Self-owned Automation/Command documents are the runbooks; none may be public, and public sharing
// should be blocked account-wide in the region. AI relevance is read from names and tags.
import type {
  DescribeDocumentPermissionRequest,
  DescribeDocumentPermissionResponse,
  DescribeDocumentRequest,
  DescribeDocumentResult,
  GetServiceSettingRequest,
  GetServiceSettingResult,
  ListDocumentsRequest,
  ListDocumentsResult,
} from '@aws-sdk/client-ssm';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { and, every, F, known, mapEv, some, test, unknown, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { defineProbe, fail, manual, notApplicable, notInUse, pass, resourceOf, undecided } from '../../src/engine/probe.js';
import { aiFootprint, aiInUse, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintUnknown } from '../facts/ai-workload.js';
import { causesIn, passWith } from '../rules/unread.js';

export const ListDocuments = op<ListDocumentsRequest, ListDocumentsResult>('ssm', 'ListDocuments', { paginate: NEXT_TOKEN });
export const DescribeDocument = op<DescribeDocumentRequest, DescribeDocumentResult>('ssm', 'DescribeDocument');
// No SDK paginator exists for this one; the engine loops on NextToken.
export const DescribeDocumentPermission = op<DescribeDocumentPermissionRequest, DescribeDocumentPermissionResponse>('ssm', 'DescribeDocumentPermission', { paginate: NEXT_TOKEN });
export const GetServiceSetting = op<GetServiceSettingRequest, GetServiceSettingResult>('ssm', 'GetServiceSetting', { absent: [{ name: 'ServiceSettingNotFound' }] });

export const PUBLIC_SHARING_SETTING = '/ssm/documents/console/public-sharing-permission';
/** Documents described / permission-checked per region. */
export const DOCUMENT_CAP = 200;

export interface DocFacts {
  name: string;
  type?: string;
  /** Status from DescribeDocument, read for runbooks only (Automation, Command). */
  status: Ev<string | undefined>;
  ai: boolean;
  /** Shared with "All" (case-insensitive, as the API accepts it). */
  public: Ev<boolean>;
}

export interface SsmDocumentsFacts {
  footprint: AiFootprint;
  /** The documents checked (the first DOCUMENT_CAP by name); incomplete when ListDocuments was cut. */
  docs: ListEv<DocFacts>;
  /** Self-owned documents in the region (all types) that were listed. */
  total: number;
  truncated: boolean;
  /** Enable | Disable; Absent when the setting was never set (the default allows sharing). */
  publicSharing: Ev<string | undefined | Absent>;
}

const RUNBOOK_TYPES = new Set(['Automation', 'Command']);
const AI_WORDS = /sagemaker|bedrock|mlops|\bml\b|machine.?learning|\bai\b|genai|\bllm|model/i;
const isRunbook = (d: Pick<DocFacts, 'type'>) => RUNBOOK_TYPES.has(d.type ?? '');

export default defineProbe<SsmDocumentsFacts>({
  id: 'ssm-documents',
  service: 'AWS Systems Manager Documents',
  title: 'Runbooks (SSM Automation/Command documents) document AI operations and none is public',
  severity: 'low',
  remediation:
    'Write AI operating procedures as SSM Automation runbooks (name or tag them for the AI system), keep them private and block public sharing: console Systems Manager → Documents → Create document; Documents → Preferences → Block public sharing, or `aws ssm update-service-setting --setting-id /ssm/documents/console/public-sharing-permission --setting-value Disable`.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListDocuments, DescribeDocument, DescribeDocumentPermission, GetServiceSetting],
  uses: [aiFootprint],
  async collect(ctx) {
    const [footprint, list, setting] = await Promise.all([
      ctx.use(aiFootprint),
      ctx.list(ListDocuments, { Filters: [{ Key: 'Owner', Values: ['Self'] }] }, 'DocumentIdentifiers'),
      ctx.readOrAbsent(GetServiceSetting, { SettingId: PUBLIC_SHARING_SETTING }),
    ]);
    const sorted = [...list.items].sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
    const capped = sorted.slice(0, DOCUMENT_CAP);
    const docs = await Promise.all(
      capped.map(async (d): Promise<DocFacts> => {
        const name = d.Name ?? '';
        const runbook = RUNBOOK_TYPES.has(d.DocumentType ?? '');
        const [desc, perm] = await Promise.all([
          runbook ? ctx.read(DescribeDocument, { Name: name }, { resource: name }) : Promise.resolve(known(undefined)),
          ctx.list(DescribeDocumentPermission, { Name: name, PermissionType: 'Share' }, 'AccountIds', { resource: name }),
        ]);
        const tags = (d.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).join(' ');
        // One "All" read is enough to know the document is public; "not public" needs every page.
        const shared = perm.items.some((a) => a.toLowerCase() === 'all');
        return {
          name,
          type: d.DocumentType,
          status: mapEv(desc, (x) => x?.Document?.Status),
          ai: AI_WORDS.test(name) || AI_WORDS.test(tags),
          public: shared || perm.complete ? known(shared) : unknown(perm.causes),
        };
      }),
    );
    return {
      footprint,
      docs: { items: docs, complete: list.complete, causes: list.causes },
      total: list.items.length,
      truncated: list.items.length > DOCUMENT_CAP,
      publicSharing: mapEv(setting, (x) => (isAbsent(x) ? x : x.ServiceSetting?.SettingValue)),
    };
  },
  evaluate(f, ctx) {
    const docs = f.docs.items;
    const exposed = docs.filter((d) => d.public.known && d.public.value);
    const resources: ResourceResult[] = docs
      .filter((d) => isRunbook(d) || (d.public.known && d.public.value))
      .map((d) => {
        if (d.public.known && d.public.value) return { id: d.name, status: 'FAIL' as const, reason: `${d.type} document ${d.name}: shared publicly` };
        const t = and(test(d.public, (p) => !p, 'private', 'shared publicly', 'its sharing'), test(d.status, () => true, (st) => st ?? 'status unknown', '', 'its status'));
        if (t.v === 'U') return resourceOf(d.name, undefined, t, `${d.type} document ${d.name}`);
        const st = d.status.known ? (d.status.value ?? 'status unknown') : 'status unknown';
        return { id: d.name, status: 'PASS' as const, reason: `${d.type} document ${d.name}: ${st}, private${d.ai ? ', AI runbook' : ''}` };
      });
    const warnings = f.truncated ? [`${f.total} self-owned documents; only ${DOCUMENT_CAP} were checked`] : [];
    const setting = f.publicSharing;
    const blocked = test(setting, (v) => v === 'Disable', 'public sharing blocked', (v) => `public sharing of SSM documents is not blocked (setting ${isAbsent(v) || !v ? 'not set, default allows it' : v})`, 'the public-sharing setting');
    const exposedWords = `${exposed.length} document(s) shared publicly: ${exposed.map((d) => d.name).join(', ')}`;

    // A public document is a failure whether or not the region runs AI: no verdict hides it.
    if (exposed.length) return fail([exposedWords, ...(blocked.v === 'F' ? blocked.why : [])].join('; '), 'MISCONFIGURED', { resources, warnings });
    const noPublic = every(f.docs, (d) => test(d.public, (p) => !p, d.name, d.name, `whether ${d.name} is shared publicly`), 'documents not listed');
    const applies = aiInUse(f.footprint);
    if (applies.v === 'F') {
      if (noPublic.v === 'U') return undecided(noPublic.causes, 'no AI workloads here, but whether a document is shared publicly is unknown', { resources, warnings });
      if (blocked.v === 'F') warnings.push(blocked.why.join('; '));
      return notApplicable('no SageMaker or Bedrock footprint in this region, so no AI runbooks are expected', { resources, warnings });
    }

    const active = (d: DocFacts): Tri => (isRunbook(d) ? test(d.status, (st) => st === 'Active', d.name, `${d.name} not Active`, `the status of ${d.name}`) : F(`${d.name} not a runbook`));
    const runbooks = some(f.docs, active, 'documents not listed');
    const aiRunbook = some(f.docs, (d) => (d.ai ? active(d) : F(`${d.name} not named or tagged for AI`)), 'documents not listed');
    const base = and(noPublic, blocked);
    const aiRunbooks = docs.filter((d) => d.ai && isRunbook(d) && d.status.known && d.status.value === 'Active');
    // Satisfied: nothing public, sharing blocked, an Active AI runbook, every document checked. That passes whatever the footprint.
    if (and(base, aiRunbook).v === 'T' && !f.truncated) {
      return passWith(pass(`${aiRunbooks.length} AI runbook(s), none public, public sharing blocked: ${aiRunbooks.map((d) => d.name).join(', ')}`, { resources, warnings }), causesIn(f.docs, f.publicSharing, ...docs.map((d) => d.status)));
    }
    if (applies.v === 'U') return footprintUnknown(f.footprint, 'AI runbooks');

    if (base.v === 'F') return fail(base.why.join('; '), 'MISCONFIGURED', { resources, warnings });
    if (base.v === 'U') return undecided(base.causes, base.why.length ? base.why.join('; ') : undefined, { resources, warnings });
    if (runbooks.v === 'U') return undecided(runbooks.causes, 'whether a runbook is Active is unknown', { resources, warnings });
    if (runbooks.v === 'F') return notInUse(ctx, 'no self-owned Active Automation or Command runbooks in this region', { resources, warnings });
    // Documents past the cap were not checked for public sharing: no PASS on a partial read.
    if (f.truncated) return manual(`${aiRunbooks.length} AI runbook(s) among the ${DOCUMENT_CAP} documents checked, but ${f.total - DOCUMENT_CAP} more were not checked for public sharing`, { code: 'PARTIAL', resources, warnings });
    if (aiRunbook.v === 'U') return undecided(aiRunbook.causes, 'whether an AI runbook is Active is unknown', { resources, warnings });
    const count = docs.filter((d) => isRunbook(d) && d.status.known && d.status.value === 'Active').length;
    return manual(`${count} runbook(s), none named or tagged for SageMaker, Bedrock or ML: attest which cover AI operations`, { code: 'PARTIAL', resources, warnings });
  },
});
