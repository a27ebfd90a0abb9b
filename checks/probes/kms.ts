// AWS KMS — A.9 key management for AI data. probes.md §2.33.
// Judged per key: every enabled customer-managed symmetric AWS_KMS key rotates automatically
// (AWS-managed keys are rotated by AWS, not the customer's to judge). Judged per in-service
// SageMaker endpoint: its endpoint config names a customer-managed key — unless the endpoint is
// serverless or runs on instance types with local NVMe storage, which AWS encrypts in hardware and
// for which it refuses a key (checks/rules/instance-storage.ts, the rule the Endpoints probe uses).
// A key whose DescribeKey is refused (a key policy that does not delegate to IAM) is ERROR on its
// own; the other keys and the endpoints keep their verdicts.
import type {
  AliasListEntry,
  DescribeKeyRequest,
  DescribeKeyResponse,
  GetKeyRotationStatusRequest,
  GetKeyRotationStatusResponse,
  KeyListEntry,
  KeyMetadata,
  ListAliasesRequest,
  ListAliasesResponse,
  ListKeysRequest,
  ListKeysResponse,
} from '@aws-sdk/client-kms';
import { isAbsent } from '../../src/aws/errors.js';
import { op, type Paging } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, manual, notApplicable, resourceOf, startNow, verdictOf } from '../../src/engine/probe.js';
import { and, describeCauses, every, F, fanOut, known, T, U, unreadResources, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { sagemakerEndpointDetails, type EndpointCore } from '../facts/sagemaker-endpoint-details.js';
import { endpointStorage } from '../rules/instance-storage.js';

/** KMS pages with Marker in, NextMarker out (SDK paginator). */
const MARKER: Paging = { inputToken: 'Marker', outputToken: 'NextMarker' };
export const ListKeys = op<ListKeysRequest, ListKeysResponse>('kms', 'ListKeys', { paginate: MARKER });
export const ListAliases = op<ListAliasesRequest, ListAliasesResponse>('kms', 'ListAliases', { paginate: MARKER });
export const DescribeKey = op<DescribeKeyRequest, DescribeKeyResponse>('kms', 'DescribeKey');
// Asymmetric, HMAC, imported and custom-key-store keys answer UnsupportedOperationException: no rotation to judge.
export const GetKeyRotationStatus = op<GetKeyRotationStatusRequest, GetKeyRotationStatusResponse>('kms', 'GetKeyRotationStatus', {
  absent: [{ name: 'UnsupportedOperationException' }],
});

/** Keys described per region. */
export const KEY_CAP = 1000;

export interface KeyFacts {
  id: string;
  arn: string;
  aliases: string[];
  manager?: string;
  state?: string;
  spec?: string;
  origin?: string;
  /** undefined: not an eligible key; 'unsupported': KMS says rotation does not apply; unknown: not readable. */
  rotation?: Ev<{ enabled: boolean; periodDays?: number } | 'unsupported'>;
}

export interface KmsFacts {
  /** Keys described (AWS-managed ones named by an alias/aws/* alias are not described). */
  keys: ListEv<KeyFacts>;
  /** Key IDs of AWS-managed keys skipped by their alias/aws/* alias. */
  awsManaged: string[];
  totalKeys: number;
  truncated: boolean;
  endpoints: ListEv<EndpointCore>;
}

export function eligibleForRotation(m: Pick<KeyMetadata, 'KeyManager' | 'KeyState' | 'KeySpec' | 'Origin'>): boolean {
  return m.KeyManager === 'CUSTOMER' && m.KeyState === 'Enabled' && (m.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' && m.Origin === 'AWS_KMS';
}

function label(k: Pick<KeyFacts, 'id' | 'aliases'>): string {
  return `key ${k.aliases[0] ?? k.id}${k.aliases.length ? ` (${k.id})` : ''}`;
}

/** A key's rotation as T/F, or undefined when the key is not one to judge (not customer-managed, disabled, asymmetric …). */
function keyRotation(k: KeyFacts): { t?: Tri; na?: string } {
  if (k.manager !== 'CUSTOMER') return {};
  if (k.rotation === undefined) {
    const why = k.state !== 'Enabled' ? `${k.state}` : k.origin !== 'AWS_KMS' ? `origin ${k.origin}, automatic rotation not supported` : `${k.spec}, automatic rotation not supported`;
    return { na: why };
  }
  if (!k.rotation.known) return { t: U(k.rotation.causes, 'rotation status') };
  const r = k.rotation.value;
  if (r === 'unsupported') return { na: 'KMS reports rotation unsupported' };
  return { t: r.enabled ? T(`rotates every ${r.periodDays ?? 365} days`) : F('automatic rotation off') };
}

export default defineProbe<KmsFacts>({
  id: 'kms',
  service: 'AWS KMS',
  title: 'Customer-managed KMS keys rotate, and SageMaker endpoints use customer-managed keys',
  severity: 'high',
  remediation:
    'Turn on automatic rotation for each customer-managed symmetric key (`aws kms enable-key-rotation --key-id …`, console KMS → key → Key rotation) and create SageMaker endpoint configs with a customer-managed KmsKeyId (`aws sagemaker create-endpoint-config --kms-key-id …`; not for instance types with local NVMe storage, which AWS encrypts in hardware and for which it refuses a key).',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [ListKeys, ListAliases, DescribeKey, GetKeyRotationStatus],
  uses: [sagemakerEndpointDetails],
  async collect(ctx) {
    // Endpoint configs come from the shared endpoint-details pass, so they are described once per
    // scan. Its chain (endpoint → config) is longer than the keys': awaited last, not first.
    const detailsP = startNow(ctx.use(sagemakerEndpointDetails));
    const [keyList, aliases] = await Promise.all([ctx.list(ListKeys, {}, 'Keys'), ctx.list(ListAliases, {}, 'Aliases')]);
    const aliasesOf = new Map<string, string[]>();
    for (const a of aliases.items as AliasListEntry[]) if (a.TargetKeyId && a.AliasName) aliasesOf.set(a.TargetKeyId, [...(aliasesOf.get(a.TargetKeyId) ?? []), a.AliasName].sort());
    // alias/aws/* points only at AWS-managed keys: no need to describe those. An unread alias list
    // only means more keys are described (DescribeKey tells the manager anyway).
    const isAwsAlias = (k: KeyListEntry) => (aliasesOf.get(k.KeyId ?? '') ?? []).some((n) => n.startsWith('alias/aws/'));
    const awsManaged = keyList.items.filter(isAwsAlias).map((k) => k.KeyId ?? '');
    const candidates = keyList.items.filter((k) => !isAwsAlias(k)).sort((a, b) => (a.KeyId ?? '').localeCompare(b.KeyId ?? ''));
    const keys = await fanOut({ ...keyList, items: candidates.slice(0, KEY_CAP) }, async (k): Promise<Ev<KeyFacts>> => {
      const base: KeyFacts = { id: k.KeyId ?? '', arn: k.KeyArn ?? k.KeyId ?? '', aliases: aliasesOf.get(k.KeyId ?? '') ?? [] };
      const d = await ctx.read(DescribeKey, { KeyId: base.id }, { resource: base.arn });
      if (!d.known) return d;
      const m = d.value.KeyMetadata;
      Object.assign(base, { manager: m?.KeyManager, state: m?.KeyState, spec: m?.KeySpec, origin: m?.Origin, arn: m?.Arn ?? base.arn });
      if (!m || !eligibleForRotation(m)) return known(base);
      const r = await ctx.readOrAbsent(GetKeyRotationStatus, { KeyId: base.id }, { resource: base.arn });
      base.rotation = r.known ? known(isAbsent(r.value) ? 'unsupported' : { enabled: r.value.KeyRotationEnabled === true, periodDays: r.value.RotationPeriodInDays }) : r;
      return known(base);
    });
    const details = await detailsP;
    return { keys, awsManaged, totalKeys: keyList.items.length, truncated: candidates.length > KEY_CAP, endpoints: details.described };
  },
  evaluate(f) {
    const resources: ResourceResult[] = [];
    const warnings: string[] = [];
    const judged: Tri[] = [];
    let rotating = 0;
    for (const k of f.keys.items) {
      const { t, na } = keyRotation(k);
      if (na) {
        resources.push({ id: k.arn, status: 'NOT_APPLICABLE', reason: `${label(k)}: ${na}` });
        if (k.state === 'PendingDeletion') warnings.push(`${label(k)} is scheduled for deletion`);
      }
      if (!t) continue;
      judged.push(t);
      if (t.v === 'T') rotating += 1;
      resources.push(resourceOf(k.arn, undefined, t, label(k)));
    }
    // A key that could not be described: ERROR on its own (its key policy may not delegate to IAM).
    const unreadKeys = unreadResources(f.keys, (id) => `key ${id?.split('/').pop() ?? ''}`);
    for (const u of unreadKeys) resources.push({ id: u.id, status: 'ERROR', reason: `${u.label}: not readable (${u.causes[0]?.detail ?? describeCauses(u.causes)}); its key policy may not delegate to IAM`, missing: u.causes });

    // An endpoint config KmsKeyId that is an AWS-managed key (by alias or by what DescribeKey said) is not a CMK.
    const awsKey = (id: string) => id.includes('alias/aws/') || f.awsManaged.some((k) => !!k && id.endsWith(k)) || f.keys.items.some((k) => k.manager === 'AWS' && (id === k.arn || (!!k.id && id.endsWith(k.id))));
    const unsure: string[] = [];
    const endpointTri = (e: EndpointCore): Tri => {
      const s = endpointStorage(e);
      const key = e.config.known ? e.config.value?.kmsKeyId : undefined;
      const cfg = e.config.known ? e.config.value?.name ?? e.configName : e.configName;
      if (s.t.v === 'F') return F(`endpoint config ${cfg ?? '?'} has no customer-managed KMS key`);
      if (s.t.v === 'U') return s.t;
      if (key && awsKey(key)) return F(`endpoint config ${cfg} uses an AWS-managed key`);
      if (key) return T(`endpoint config ${cfg} encrypted with ${key}`);
      return s.t;
    };
    for (const e of f.endpoints.items) {
      const t = endpointTri(e);
      const s = endpointStorage(e);
      judged.push(t);
      if (t.v === 'T' && s.unverifiable) {
        unsure.push(`endpoint ${e.name}: ${s.unverifiable}`);
        resources.push({ id: e.arn, status: 'MANUAL', reason: `endpoint ${e.name}: ${s.unverifiable}` });
      } else resources.push(resourceOf(e.arn, undefined, t, `endpoint ${e.name}`));
    }
    for (const u of unreadResources(f.endpoints, (id) => `endpoint ${id ?? ''}`.trim())) resources.push(resourceOf(u.id, u.region, U(u.causes), u.label));

    if (f.truncated) warnings.push(`${f.totalKeys} keys; only ${KEY_CAP} were described`);
    const long = f.keys.items.filter((k) => k.rotation?.known && typeof k.rotation.value === 'object' && k.rotation.value.enabled && (k.rotation.value.periodDays ?? 365) > 365);
    if (long.length) warnings.push(`${long.length} key(s) rotate less often than yearly`);

    const all = and(every(f.keys, () => T([]), 'keys not all read'), every(f.endpoints, () => T([]), 'endpoints not all described'), ...judged);
    const failing = resources.filter((r) => r.status === 'FAIL');
    const errs = resources.filter((r) => r.status === 'ERROR');
    if (all.v === 'T' && f.truncated) return manual(`no finding in the ${KEY_CAP} keys read, but the key list was cut at the cap: check the rest`, { code: 'PARTIAL', resources, warnings });
    if (all.v === 'T' && unsure.length) return manual(`no finding, but ${unsure.length} endpoint config(s) could not be read: ${unsure.join('; ')}`, { code: 'PARTIAL', resources, warnings });
    if (all.v === 'T' && rotating === 0 && f.endpoints.items.length === 0) return notApplicable('no enabled customer-managed symmetric keys and no in-service SageMaker endpoints in this region', { resources, warnings });
    const eps = f.endpoints.items.length ? `; ${f.endpoints.items.length} in-service endpoint(s) encrypt their storage (customer-managed key, or hardware-encrypted instance storage)` : '';
    return verdictOf(
      all,
      {
        pass: () => `all ${rotating} enabled customer-managed symmetric key(s) rotate automatically${eps}`,
        fail: () => `${failing.length} finding(s): ${failing.map((r) => r.reason).join('; ')}`,
        code: 'MISCONFIGURED',
        undecided: () => {
          const keyErrs = errs.filter((r) => r.reason.startsWith('key '));
          const shown = keyErrs.length ? keyErrs : errs;
          return `${shown.length} ${keyErrs.length ? 'customer-managed key(s)' : 'endpoint(s)'} could not be read: ${shown.map((r) => r.reason).join('; ')}`;
        },
      },
      { resources, warnings },
    );
  },
});
