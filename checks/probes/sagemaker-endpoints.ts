// Amazon SageMaker Endpoints — A.6 operation and monitoring. probes.md §2.27.
// Judged per endpoint: none failed; every in-service instance-based variant auto-scales; the
// endpoint config encrypts its storage (a KMS key, unless serverless or on local-NVMe instances
// that AWS encrypts in hardware: checks/rules/instance-storage.ts). Deployment guardrails
// (auto-rollback alarms) are a warning. Auto scaling is read once per region for the whole
// "sagemaker" namespace instead of once per variant (same answer, fewer calls), then matched on
// endpoint/<name>/variant/<variant>. Each endpoint is judged on the parts it could read: a missing
// scaling target fails it even when its config could not be read.
import type {
  DescribeScalableTargetsCommandInput,
  DescribeScalableTargetsCommandOutput,
  DescribeScalingPoliciesCommandInput,
  DescribeScalingPoliciesCommandOutput,
  ScalableTarget,
  ScalingPolicy,
} from '@aws-sdk/client-application-auto-scaling';
import type { EndpointSummary } from '@aws-sdk/client-sagemaker';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, manual, notApplicable, resourceOf, verdictOf } from '../../src/engine/probe.js';
import { and, completeList, every, F, filterList, T, U, unreadResources, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { sagemakerEndpointDetails, type EndpointCore } from '../facts/sagemaker-endpoint-details.js';
import { sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';
import { endpointStorage } from '../rules/instance-storage.js';

export const DescribeScalableTargets = op<DescribeScalableTargetsCommandInput, DescribeScalableTargetsCommandOutput>('applicationautoscaling', 'DescribeScalableTargets', { paginate: NEXT_TOKEN });
export const DescribeScalingPolicies = op<DescribeScalingPoliciesCommandInput, DescribeScalingPoliciesCommandOutput>('applicationautoscaling', 'DescribeScalingPolicies', { paginate: NEXT_TOKEN });

const VARIANT_DIMENSION = 'sagemaker:variant:DesiredInstanceCount';
/** Statuses in which an endpoint is broken rather than on its way somewhere. */
const BROKEN = ['Failed', 'UpdateRollbackFailed', 'OutOfService'];

export interface EndpointsFacts {
  /** Every endpoint in the region, whatever its status. */
  all: ListEv<EndpointSummary>;
  /** In-service endpoints described (config and models each known or not). */
  details: ListEv<EndpointCore>;
  vanished: string[];
  /** Scalable targets and scaling policies of the variant dimension (unread when no instance variant runs). */
  targets: ListEv<ScalableTarget>;
  policies: ListEv<ScalingPolicy>;
}

export const variantResourceId = (endpoint: string, variant: string) => `endpoint/${endpoint}/variant/${variant}`;

function scaled(e: EndpointCore, f: EndpointsFacts): Tri[] {
  return e.variants
    .filter((v) => !v.serverless)
    .map((v): Tri => {
      if (v.managedScaling) return T(`${v.name} managed scaling`);
      const id = variantResourceId(e.name, v.name);
      const t = f.targets.items.find((x) => x.ResourceId === id);
      if (!t) return f.targets.complete ? F(`variant ${v.name} has no auto scaling target`) : U(f.targets.causes, `auto scaling of ${v.name}`);
      const has = f.policies.items.some((p) => p.ResourceId === id);
      if (has) return T(`${v.name} ${t.MinCapacity ?? '?'}–${t.MaxCapacity ?? '?'} instances`);
      return f.policies.complete ? F(`variant ${v.name} has a scalable target but no scaling policy`) : U(f.policies.causes, `scaling policy of ${v.name}`);
    });
}

function judgeInService(e: EndpointCore, f: EndpointsFacts, warnings: string[]): { result: ResourceResult; t: Tri; unverifiable?: string } {
  const storage = endpointStorage(e);
  const scaling = scaled(e, f);
  const t = and(storage.t, ...scaling);
  if (e.autoRollbackAlarms === 0) warnings.push(`endpoint ${e.name}: no auto-rollback alarms on its last deployment`);
  const label = `endpoint ${e.name}`;
  if (t.v === 'F' || t.v === 'U') return { result: resourceOf(e.arn, undefined, t, label), t };
  if (storage.unverifiable) return { result: { id: e.arn, status: 'MANUAL', reason: `${label}: ${storage.unverifiable}` }, t, unverifiable: storage.unverifiable };
  const serverless = e.variants.filter((v) => v.serverless).length;
  const serverlessOnly = serverless > 0 && serverless === e.variants.length;
  const ok = scaling.flatMap((s) => s.why);
  const parts = [...storage.t.why, ...(ok.length ? [`auto scaling ${ok.join(', ')}`] : []), ...(serverless && !serverlessOnly ? [`${serverless} serverless variant(s)`] : [])];
  return { result: { id: e.arn, status: 'PASS', reason: `${label}: ${parts.join(', ')}` }, t };
}

export default defineProbe<EndpointsFacts>({
  id: 'sagemaker-endpoints',
  service: 'Amazon SageMaker Endpoints',
  title: 'SageMaker endpoints are healthy, auto-scaled and encrypted at rest',
  severity: 'medium',
  remediation:
    'Fix or delete failed endpoints, register every instance-based variant with Application Auto Scaling and attach a scaling policy (`aws application-autoscaling register-scalable-target` / `put-scaling-policy`, or SageMaker console → Endpoints → Endpoint runtime settings → Configure auto scaling), and deploy from an endpoint config created with `--kms-key-id` (not needed, and refused by AWS, when a variant runs on an instance type with local NVMe storage, which is hardware-encrypted).',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [DescribeScalableTargets, DescribeScalingPolicies],
  uses: [sagemakerInventory, sagemakerEndpointDetails],
  async collect(ctx) {
    const [inv, details] = await Promise.all([ctx.use(sagemakerInventory), ctx.use(sagemakerEndpointDetails)]);
    // Auto scaling is only asked about when some in-service variant runs on instances.
    const instances = details.described.items.some((e) => e.variants.some((v) => !v.serverless));
    const [targets, policies] = instances
      ? await Promise.all([ctx.list(DescribeScalableTargets, { ServiceNamespace: 'sagemaker' }, 'ScalableTargets'), ctx.list(DescribeScalingPolicies, { ServiceNamespace: 'sagemaker' }, 'ScalingPolicies')])
      : [completeList<ScalableTarget>([]), completeList<ScalingPolicy>([])];
    return {
      all: inv.endpoints,
      details: details.described,
      vanished: details.vanished,
      targets: filterList(targets, (t) => !!t.ResourceId && t.ScalableDimension === VARIANT_DIMENSION),
      policies: filterList(policies, (p) => !!p.ResourceId && p.ScalableDimension === VARIANT_DIMENSION),
    };
  },
  evaluate(f) {
    const warnings: string[] = f.vanished.map((n) => `endpoint ${n} was deleted during the scan`);
    const resources: ResourceResult[] = [];
    const judged: Tri[] = [];
    const unsure: string[] = [];
    const names = new Set(f.details.items.map((d) => d.name));
    for (const e of [...f.all.items].sort((a, b) => (a.EndpointName ?? '').localeCompare(b.EndpointName ?? ''))) {
      const name = e.EndpointName ?? '';
      const arn = e.EndpointArn ?? name;
      const d = f.details.items.find((x) => x.name === name);
      if (d) {
        const r = judgeInService(d, f, warnings);
        resources.push(r.result);
        judged.push(r.t);
        if (r.unverifiable) unsure.push(r.result.reason);
      } else if (e.EndpointStatus && BROKEN.includes(e.EndpointStatus)) {
        resources.push({ id: arn, status: 'FAIL', reason: `endpoint ${name}: status ${e.EndpointStatus}` });
        judged.push(F(`endpoint ${name}: status ${e.EndpointStatus}`));
      } else if (e.EndpointStatus !== 'InService' && !f.vanished.includes(name)) {
        resources.push({ id: arn, status: 'NOT_APPLICABLE', reason: `endpoint ${name}: ${e.EndpointStatus ?? 'unknown status'}, judged once in service` });
      }
    }
    // In-service endpoints whose DescribeEndpoint failed: ERROR each, siblings kept.
    for (const u of unreadResources(f.details, (id) => `endpoint ${id ?? ''}`.trim())) if (!names.has(u.id)) resources.push(resourceOf(u.id, u.region, U(u.causes), u.label));
    const all = and(every(f.all, () => T([]), 'endpoints not all listed'), every(f.details, () => T([]), 'endpoints not all described'), ...judged);
    const failing = resources.filter((r) => r.status === 'FAIL');
    const counted = resources.filter((r) => r.status !== 'NOT_APPLICABLE');
    if (all.v === 'T' && unsure.length) return manual(`${unsure.length} endpoint(s) could not be fully verified: ${someOf(unsure)}`, { code: 'PARTIAL', resources, warnings });
    if (all.v === 'T' && f.all.items.length === 0) return notApplicable('no SageMaker endpoints in this region');
    if (all.v === 'T' && counted.length === 0) return notApplicable(`no in-service SageMaker endpoints (${resources.length} not yet in service)`, { resources, warnings });
    return verdictOf(
      all,
      {
        pass: () => `all ${counted.length} in-service endpoint(s) auto-scale and encrypt their storage`,
        fail: () => `${failing.length} of ${counted.length} endpoint(s) fall short: ${someOf(failing.map((r) => r.reason))}`,
        code: 'MISCONFIGURED',
        undecided: () => `no endpoint read falls short, but ${counted.length - counted.filter((r) => r.status === 'PASS').length} could not be judged`,
      },
      { resources, warnings },
    );
  },
});
