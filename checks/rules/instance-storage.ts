// Storage-volume encryption of SageMaker instances: one rule for every probe that judges it
// (sagemaker-platform: training jobs and endpoint configs; sagemaker-endpoints and kms: the
// endpoint config behind each in-service endpoint).
//
// Why: instance types with local NVMe instance storage are encrypted by the instance's hardware
// (XTS-AES-256, keys destroyed with the instance) and AWS *rejects* a KMS key for them:
// - SageMaker API Reference, ResourceConfig.VolumeKmsKeyId: "Certain Nitro-based instances include
//   local storage, dependent on the instance type. Local storage volumes are encrypted using a
//   hardware module on the instance. You can't request a VolumeKmsKeyId when using an instance
//   type with local storage." (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ResourceConfig.html)
// - SageMaker API Reference, CreateEndpointConfig.KmsKeyId: "If any of the models that you specify
//   in the ProductionVariants parameter use nitro-based instances with local storage, do not
//   specify a value for the KmsKeyId parameter … the call to CreateEndpointConfig fails."
//   (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html)
// - ResourceConfig.VolumeSizeInGB: "ML instance families with the NVMe-type instance storage
//   include ml.p4d, ml.g4dn, and ml.g5."
// - EC2 User Guide, "SSD instance store volumes": NVMe instance storage is encrypted with an
//   XTS-AES-256 block cipher in a hardware module; "you cannot provide your own encryption key".
//   (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ssd-instance-store.html)
// Notebook instances are NOT exempt: their ML storage volume (/home/ec2-user/SageMaker) is an EBS
// volume of VolumeSizeInGB on every instance type, and CreateNotebookInstance documents no
// rejection of KmsKeyId (https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest-nbi.html).
//
// The table: the ml.* instance families of the SageMaker SDK's instance-type enums
// (@aws-sdk/client-sagemaker 3.1142+) whose EC2 counterpart has NVMe instance store volumes per
// the EC2 "Instance store specifications" tables (https://docs.aws.amazon.com/ec2/latest/instancetypes/
// gp.html, co.html, mo.html, so.html, ac.html). Looked up on 2026-12-02. A family missing from the
// table is judged as EBS-backed (a KMS key is expected): a stale table can only give a FAIL an
// auditor can overrule, never a false PASS. Families left out because their instance storage
// could not be confirmed then: g7, g7e, p6-b300, p6e-gb200.
import { F, T, U, type Tri } from '../../src/engine/evidence.js';
import type { EndpointCore } from '../facts/sagemaker-endpoint-details.js';

export const INSTANCE_STORAGE_SOURCE =
  'SageMaker API Reference (ResourceConfig.VolumeKmsKeyId, CreateEndpointConfig.KmsKeyId) and EC2 instance store specifications, looked up 2026-12-02';

/** ml.* families whose instances have local NVMe storage encrypted by hardware (no KMS key accepted). */
export const LOCAL_NVME_FAMILIES: readonly string[] = [
  // general purpose
  'm5d', 'm6gd', 'm6id',
  // compute optimized
  'c5d', 'c6gd', 'c6id',
  // memory optimized
  'r5d', 'r6gd', 'r6id', 'r7gd',
  // storage optimized
  'i3en',
  // accelerated computing
  'dl1', 'g4dn', 'g5', 'g6', 'g6e', 'gr6', 'p3dn', 'p4d', 'p4de', 'p5', 'p5e', 'p5en', 'p6-b200', 'trn1', 'trn1n', 'trn2',
];

const FAMILIES = new Set(LOCAL_NVME_FAMILIES);

/** "ml.g5.2xlarge" → "g5"; undefined for anything that is not an ml.<family>.<size> type. */
export function instanceFamily(instanceType: string | undefined): string | undefined {
  const m = /^ml\.([a-z0-9-]+)\.[a-z0-9-]+$/.exec(instanceType ?? '');
  return m?.[1];
}

/** True when the instance type has hardware-encrypted local NVMe storage (AWS rejects a KMS key). */
export function hasLocalNvme(instanceType: string | undefined): boolean {
  const f = instanceFamily(instanceType);
  return !!f && FAMILIES.has(f);
}

const HARDWARE = 'encrypted by the instance hardware (local NVMe storage, AWS accepts no KMS key for it)';

/**
 * A training job's (or any job's) storage volume: a KMS key, or instance types with local NVMe
 * storage, for which SageMaker refuses VolumeKmsKeyId.
 */
export function jobVolumeEncryption(instanceTypes: readonly (string | undefined)[], volumeKmsKeyId: string | undefined): Tri {
  if (volumeKmsKeyId) return T('volume KMS-encrypted');
  const local = [...new Set(instanceTypes.filter(hasLocalNvme))] as string[];
  if (local.length) return T(`volume ${HARDWARE}: ${local.sort().join(', ')}`);
  return F('volume not KMS-encrypted');
}

export interface VariantStorage {
  name?: string;
  instanceType?: string;
  serverless: boolean;
}

/**
 * An endpoint config's storage volumes: serverless-only configs have none; a config with any
 * local-NVMe variant cannot take a KMS key at all (CreateEndpointConfig fails), so it is judged
 * hardware-encrypted; otherwise the config must name a KMS key.
 */
export function endpointVolumeEncryption(variants: readonly VariantStorage[], kmsKeyId: string | undefined): Tri {
  if (variants.length > 0 && variants.every((v) => v.serverless)) return T('serverless (no instance volumes to encrypt)');
  if (kmsKeyId) return T('KMS key set');
  const local = variants.filter((v) => !v.serverless && hasLocalNvme(v.instanceType));
  if (local.length) {
    const ebs = variants.filter((v) => !v.serverless && !hasLocalNvme(v.instanceType));
    const rest = ebs.length ? `; variant(s) ${ebs.map((v) => v.name ?? '?').join(', ')} share the config, which therefore cannot name a key` : '';
    return T(`storage ${HARDWARE}: ${[...new Set(local.map((v) => v.instanceType as string))].sort().join(', ')}${rest}`);
  }
  return F('no KMS key');
}

/**
 * Inter-container traffic of a training job: only a job on more than one instance has any. A
 * single-instance job (InstanceCount 1, no heterogeneous cluster) passes whatever the flag says.
 */
export function interContainerEncryption(d: { EnableInterContainerTrafficEncryption?: boolean; ResourceConfig?: { InstanceCount?: number; InstanceGroups?: { InstanceCount?: number }[] } }): Tri {
  if (d.EnableInterContainerTrafficEncryption === true) return T('inter-container traffic encrypted');
  const groups = d.ResourceConfig?.InstanceGroups ?? [];
  const count = groups.length ? groups.reduce((n, g) => n + (g.InstanceCount ?? 0), 0) : d.ResourceConfig?.InstanceCount;
  if (count === 1) return T('single instance, so no inter-container traffic to encrypt');
  return F('inter-container traffic not encrypted');
}

/**
 * The storage encryption of an in-service endpoint (its config, as the endpoint-details fact read
 * it): unknown while the config is; `unverifiable` when the config was deleted (MANUAL).
 */
export function endpointStorage(e: EndpointCore): { t: Tri; unverifiable?: string } {
  const serverlessOnly = e.variants.length > 0 && e.variants.every((v) => v.serverless);
  if (serverlessOnly) return { t: T('serverless (no instance volumes to encrypt)') };
  if (!e.config.known) return { t: U(e.config.causes, 'storage encryption') };
  const c = e.config.value;
  if (!c) return { t: T([]), unverifiable: `endpoint config ${e.configName ?? '?'} no longer exists, so its KMS key cannot be read` };
  const variants = c.variants.map((v) => ({ name: v.name, instanceType: v.instanceType, serverless: v.serverless || !!e.variants.find((x) => x.name === v.name)?.serverless }));
  const t = endpointVolumeEncryption(variants, c.kmsKeyId);
  return { t: t.v === 'F' ? F(`endpoint config ${c.name ?? e.configName} has no KMS key`) : t };
}
