// AWS KMS — A.9 key management for AI data. probes.md §2.33.
// Judged per key: every enabled customer-managed symmetric AWS_KMS key rotates automatically
// (AWS-managed keys are rotated by AWS, not the customer's to judge). Judged per in-service
// SageMaker endpoint: its endpoint config names a customer-managed key.
import type {
  DescribeKeyRequest,
  DescribeKeyResponse,
  GetKeyRotationStatusRequest,
  GetKeyRotationStatusResponse,
  KeyMetadata,
  ListAliasesRequest,
  ListAliasesResponse,
  ListKeysRequest,
  ListKeysResponse,
} from '@aws-sdk/client-kms';
import { AwsCallError, isAbsent } from '../../src/aws/errors.js';
import { op, type Paging } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, error, fail, manual, notApplicable, pass, startNow } from '../../src/engine/probe.js';
import { sagemakerEndpointDetails } from '../facts/sagemaker-endpoint-details.js';
import { mustAll } from '../../src/engine/evidence.js';

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
  /** undefined: not an eligible key; 'unsupported': KMS says rotation does not apply. */
  rotation?: { enabled: boolean; periodDays?: number } | 'unsupported';
  /** Why the key could not be read (key policy not delegating to IAM). */
  unreadable?: string;
}

export interface EndpointKeyFacts {
  name: string;
  arn: string;
  config?: string;
  /** false when the endpoint config was deleted while the endpoint runs: its key cannot be read. */
  configExists: boolean;
  kmsKeyId?: string;
}

export interface KmsFacts {
  keys: KeyFacts[];
  /** Key IDs of AWS-managed keys skipped by their alias/aws/* alias. */
  awsManaged: string[];
  totalKeys: number;
  truncated: boolean;
  endpoints: EndpointKeyFacts[];
}

export function eligibleForRotation(m: Pick<KeyMetadata, 'KeyManager' | 'KeyState' | 'KeySpec' | 'Origin'>): boolean {
  return m.KeyManager === 'CUSTOMER' && m.KeyState === 'Enabled' && (m.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' && m.Origin === 'AWS_KMS';
}

function label(k: KeyFacts): string {
  return `key ${k.aliases[0] ?? k.id}${k.aliases.length ? ` (${k.id})` : ''}`;
}

export default defineProbe<KmsFacts>({
  id: 'kms',
  service: 'AWS KMS',
  title: 'Customer-managed KMS keys rotate, and SageMaker endpoints use customer-managed keys',
  severity: 'high',
  remediation:
    'Turn on automatic rotation for each customer-managed symmetric key (`aws kms enable-key-rotation --key-id …`, console KMS → key → Key rotation) and create SageMaker endpoint configs with a customer-managed KmsKeyId (`aws sagemaker create-endpoint-config --kms-key-id …`).',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [ListKeys, ListAliases, DescribeKey, GetKeyRotationStatus],
  uses: [sagemakerEndpointDetails],
  async collect(ctx) {
    // Endpoint configs come from the shared endpoint-details pass, so they are described once per
    // scan. Its chain (endpoint → config) is longer than the keys': awaited last, not first.
    const detailsP = startNow(ctx.use(sagemakerEndpointDetails));
    const [keyList, aliases] = await Promise.all([ctx.all(ListKeys, {}, 'Keys'), ctx.all(ListAliases, {}, 'Aliases')]);
    const aliasesOf = new Map<string, string[]>();
    for (const a of aliases) if (a.TargetKeyId && a.AliasName) aliasesOf.set(a.TargetKeyId, [...(aliasesOf.get(a.TargetKeyId) ?? []), a.AliasName].sort());
    // alias/aws/* points only at AWS-managed keys: no need to describe those.
    const awsManaged = keyList.filter((k) => (aliasesOf.get(k.KeyId ?? '') ?? []).some((n) => n.startsWith('alias/aws/'))).map((k) => k.KeyId ?? '');
    const candidates = keyList.filter((k) => !awsManaged.includes(k.KeyId ?? '')).sort((a, b) => (a.KeyId ?? '').localeCompare(b.KeyId ?? ''));
    const keys = await Promise.all(
      candidates.slice(0, KEY_CAP).map(async (k): Promise<KeyFacts> => {
        const base: KeyFacts = { id: k.KeyId ?? '', arn: k.KeyArn ?? k.KeyId ?? '', aliases: aliasesOf.get(k.KeyId ?? '') ?? [] };
        try {
          const m = (await ctx.call(DescribeKey, { KeyId: base.id })).KeyMetadata;
          Object.assign(base, { manager: m?.KeyManager, state: m?.KeyState, spec: m?.KeySpec, origin: m?.Origin, arn: m?.Arn ?? base.arn });
          if (!m || !eligibleForRotation(m)) return base;
          const r = await ctx.callOrAbsent(GetKeyRotationStatus, { KeyId: base.id });
          base.rotation = isAbsent(r) ? 'unsupported' : { enabled: r.KeyRotationEnabled === true, periodDays: r.RotationPeriodInDays };
          return base;
        } catch (err) {
          // A key policy that does not delegate to IAM denies the scan role: an error for that key only.
          if (err instanceof AwsCallError && err.kind === 'denied') return { ...base, unreadable: err.reason };
          throw err;
        }
      }),
    );
    const details = await detailsP;
    const endpoints: EndpointKeyFacts[] = mustAll(details.endpoints).map((e) => ({ name: e.name, arn: e.arn, config: e.configName, configExists: e.configExists, kmsKeyId: e.kmsKeyId || undefined }));
    return { keys, awsManaged, totalKeys: keyList.length, truncated: candidates.length > KEY_CAP, endpoints };
  },
  evaluate(f) {
    const resources: ResourceResult[] = [];
    const warnings: string[] = [];
    const customer = f.keys.filter((k) => k.manager === 'CUSTOMER' || k.unreadable);
    for (const k of customer) {
      if (k.unreadable) resources.push({ id: k.arn, status: 'ERROR', reason: `${label(k)}: not readable (${k.unreadable}); its key policy may not delegate to IAM` });
      else if (k.rotation === undefined) {
        const why = k.state !== 'Enabled' ? `${k.state}` : k.origin !== 'AWS_KMS' ? `origin ${k.origin}, automatic rotation not supported` : `${k.spec}, automatic rotation not supported`;
        resources.push({ id: k.arn, status: 'NOT_APPLICABLE', reason: `${label(k)}: ${why}` });
        if (k.state === 'PendingDeletion') warnings.push(`${label(k)} is scheduled for deletion`);
      } else if (k.rotation === 'unsupported') resources.push({ id: k.arn, status: 'NOT_APPLICABLE', reason: `${label(k)}: KMS reports rotation unsupported` });
      else if (!k.rotation.enabled) resources.push({ id: k.arn, status: 'FAIL', reason: `${label(k)}: automatic rotation off` });
      else resources.push({ id: k.arn, status: 'PASS', reason: `${label(k)}: rotates every ${k.rotation.periodDays ?? 365} days` });
    }
    // An endpoint config KmsKeyId that is an AWS-managed key (by alias or by what DescribeKey said) is not a CMK.
    const awsKey = (id: string) => id.includes('alias/aws/') || f.awsManaged.some((k) => !!k && id.endsWith(k)) || f.keys.some((k) => k.manager === 'AWS' && (id === k.arn || (!!k.id && id.endsWith(k.id))));
    for (const e of f.endpoints) {
      if (!e.configExists) resources.push({ id: e.arn, status: 'MANUAL', reason: `endpoint ${e.name}: endpoint config ${e.config ?? '?'} no longer exists, so its key cannot be read` });
      else if (!e.kmsKeyId) resources.push({ id: e.arn, status: 'FAIL', reason: `endpoint ${e.name}: endpoint config ${e.config ?? '?'} has no customer-managed KMS key` });
      else if (awsKey(e.kmsKeyId)) resources.push({ id: e.arn, status: 'FAIL', reason: `endpoint ${e.name}: endpoint config ${e.config} uses an AWS-managed key` });
      else resources.push({ id: e.arn, status: 'PASS', reason: `endpoint ${e.name}: endpoint config ${e.config} encrypted with ${e.kmsKeyId}` });
    }
    if (f.truncated) warnings.push(`${f.totalKeys} keys; only ${KEY_CAP} were described`);
    const long = customer.filter((k) => typeof k.rotation === 'object' && k.rotation.enabled && (k.rotation.periodDays ?? 365) > 365);
    if (long.length) warnings.push(`${long.length} key(s) rotate less often than yearly`);

    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${failing.length} finding(s): ${failing.map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
    const errs = resources.filter((r) => r.status === 'ERROR');
    if (errs.length) return error(`${errs.length} customer-managed key(s) could not be read: ${errs.map((r) => r.reason).join('; ')}`, { resources, warnings });
    if (f.truncated) return manual(`no finding in the ${KEY_CAP} keys read, but the key list was cut at the cap: check the rest`, { code: 'PARTIAL', resources, warnings });
    const unread = resources.filter((r) => r.status === 'MANUAL');
    if (unread.length) return manual(`no finding, but ${unread.length} endpoint config(s) could not be read: ${unread.map((r) => r.reason).join('; ')}`, { code: 'PARTIAL', resources, warnings });
    const rotating = resources.filter((r) => r.status === 'PASS' && r.reason.startsWith('key'));
    if (rotating.length === 0 && f.endpoints.length === 0) return notApplicable('no enabled customer-managed symmetric keys and no in-service SageMaker endpoints in this region', { resources, warnings });
    const eps = f.endpoints.length ? `; ${f.endpoints.length} in-service endpoint(s) use customer-managed keys` : '';
    return pass(`all ${rotating.length} enabled customer-managed symmetric key(s) rotate automatically${eps}`, { resources, warnings });
  },
});
