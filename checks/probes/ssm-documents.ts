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
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, notInUse, pass } from '../../src/engine/probe.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintUnknown } from '../facts/ai-workload.js';

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
  status?: string;
  ai: boolean;
  public?: boolean;
}

export interface SsmDocumentsFacts {
  footprint: AiFootprint;
  docs: DocFacts[];
  /** Self-owned documents in the region (all types). */
  total: number;
  truncated: boolean;
  /** Enable | Disable; undefined when the setting was never set (the default allows sharing). */
  publicSharing?: string;
}

const RUNBOOK_TYPES = new Set(['Automation', 'Command']);
const AI_WORDS = /sagemaker|bedrock|mlops|\bml\b|machine.?learning|\bai\b|genai|\bllm|model/i;

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
      ctx.all(ListDocuments, { Filters: [{ Key: 'Owner', Values: ['Self'] }] }, 'DocumentIdentifiers'),
      ctx.callOrAbsent(GetServiceSetting, { SettingId: PUBLIC_SHARING_SETTING }),
    ]);
    const sorted = [...list].sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
    const capped = sorted.slice(0, DOCUMENT_CAP);
    const docs = await Promise.all(
      capped.map(async (d): Promise<DocFacts> => {
        const name = d.Name ?? '';
        const runbook = RUNBOOK_TYPES.has(d.DocumentType ?? '');
        const [desc, perm] = await Promise.all([
          runbook ? ctx.call(DescribeDocument, { Name: name }) : Promise.resolve(undefined),
          ctx.all(DescribeDocumentPermission, { Name: name, PermissionType: 'Share' }, 'AccountIds'),
        ]);
        const tags = (d.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).join(' ');
        return { name, type: d.DocumentType, status: desc?.Document?.Status, ai: AI_WORDS.test(name) || AI_WORDS.test(tags), public: perm.includes('all') };
      }),
    );
    return { footprint, docs, total: list.length, truncated: list.length > DOCUMENT_CAP, publicSharing: isAbsent(setting) ? undefined : setting.ServiceSetting?.SettingValue };
  },
  evaluate(f, ctx) {
    const exposed = f.docs.filter((d) => d.public);
    const blocked = f.publicSharing === 'Disable';
    const runbooks = f.docs.filter((d) => RUNBOOK_TYPES.has(d.type ?? '') && d.status === 'Active');
    const aiRunbooks = runbooks.filter((d) => d.ai);
    const resources: ResourceResult[] = f.docs
      .filter((d) => d.public || RUNBOOK_TYPES.has(d.type ?? ''))
      .map((d) => ({
        id: d.name,
        status: d.public ? 'FAIL' : 'PASS',
        reason: `${d.type} document ${d.name}: ${d.public ? 'shared publicly' : `${d.status ?? 'status unknown'}, private${d.ai ? ', AI runbook' : ''}`}`,
      }));
    const warnings = f.truncated ? [`${f.total} self-owned documents; only ${DOCUMENT_CAP} were checked`] : [];
    const ai = anyAi(f.footprint);
    if (ai === false) {
      if (exposed.length) warnings.push(`${exposed.length} document(s) shared publicly: ${exposed.map((d) => d.name).join(', ')}`);
      return notApplicable('no SageMaker or Bedrock footprint in this region, so no AI runbooks are expected', { resources, warnings });
    }
    const problems: string[] = [];
    if (exposed.length) problems.push(`${exposed.length} document(s) shared publicly: ${exposed.map((d) => d.name).join(', ')}`);
    if (!blocked) problems.push(`public sharing of SSM documents is not blocked (setting ${f.publicSharing ?? 'not set, default allows it'})`);
    if (problems.length) return fail(problems.join('; '), 'MISCONFIGURED', { resources, warnings });
    if (runbooks.length === 0) {
      if (ai === null) return footprintUnknown(f.footprint, 'AI runbooks');
      return notInUse(ctx, 'no self-owned Active Automation or Command runbooks in this region', { resources, warnings });
    }
    // Documents past the cap were not checked for public sharing: no PASS on a partial read.
    if (f.truncated) return manual(`${aiRunbooks.length} AI runbook(s) among the ${DOCUMENT_CAP} documents checked, but ${f.total - DOCUMENT_CAP} more were not checked for public sharing`, { code: 'PARTIAL', resources, warnings });
    if (aiRunbooks.length) return pass(`${aiRunbooks.length} AI runbook(s), none public, public sharing blocked: ${aiRunbooks.map((d) => d.name).join(', ')}`, { resources, warnings });
    return manual(`${runbooks.length} runbook(s), none named or tagged for SageMaker, Bedrock or ML: attest which cover AI operations`, { code: 'PARTIAL', resources, warnings });
  },
});
