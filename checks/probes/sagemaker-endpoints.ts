// Amazon SageMaker Endpoints — A.6 operation and monitoring. probes.md §2.27.
// Judged per endpoint: none failed; every in-service instance-based variant auto-scales; the
// endpoint config has a KMS key. Deployment guardrails (auto-rollback alarms) are a warning.
// Auto scaling is read once per region for the whole "sagemaker" namespace instead of once per
// variant (same answer, fewer calls), then matched on endpoint/<name>/variant/<variant>.
import type {
  DescribeScalableTargetsCommandInput,
  DescribeScalableTargetsCommandOutput,
  DescribeScalingPoliciesCommandInput,
  DescribeScalingPoliciesCommandOutput,
} from '@aws-sdk/client-application-auto-scaling';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult, Status } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, pass } from '../../src/engine/probe.js';
import { sagemakerEndpointDetails, type EndpointFacts } from '../facts/sagemaker-endpoint-details.js';
import { sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';
import { mustAll } from '../../src/engine/evidence.js';

export const DescribeScalableTargets = op<DescribeScalableTargetsCommandInput, DescribeScalableTargetsCommandOutput>('applicationautoscaling', 'DescribeScalableTargets', { paginate: NEXT_TOKEN });
export const DescribeScalingPolicies = op<DescribeScalingPoliciesCommandInput, DescribeScalingPoliciesCommandOutput>('applicationautoscaling', 'DescribeScalingPolicies', { paginate: NEXT_TOKEN });

const VARIANT_DIMENSION = 'sagemaker:variant:DesiredInstanceCount';
/** Statuses in which an endpoint is broken rather than on its way somewhere. */
const BROKEN = ['Failed', 'UpdateRollbackFailed', 'OutOfService'];

export interface EndpointsFacts {
  /** Every endpoint in the region, whatever its status. */
  all: { name: string; arn: string; status?: string }[];
  details: EndpointFacts[];
  vanished: string[];
  /** Scalable targets (variant dimension) and their scaling policies, by resource ID. */
  scaling: Record<string, { min?: number; max?: number; policies: string[] }>;
}

export const variantResourceId = (endpoint: string, variant: string) => `endpoint/${endpoint}/variant/${variant}`;

function judgeInService(e: EndpointFacts, scaling: EndpointsFacts['scaling'], warnings: string[]): ResourceResult {
  const failures: string[] = [];
  const unknown: string[] = [];
  // The config's KMS key encrypts the instances' storage volumes: serverless endpoints have none.
  const serverlessOnly = e.variants.length > 0 && e.variants.every((v) => v.serverless);
  if (!serverlessOnly) {
    if (!e.configExists) unknown.push(`endpoint config ${e.configName ?? '?'} no longer exists, so its KMS key cannot be read`);
    else if (!e.kmsKeyId) failures.push(`endpoint config ${e.configName} has no KMS key`);
  }
  const scaled: string[] = [];
  for (const v of e.variants) {
    if (v.serverless) continue;
    if (v.managedScaling) {
      scaled.push(`${v.name} managed scaling`);
      continue;
    }
    const t = scaling[variantResourceId(e.name, v.name)];
    if (!t) failures.push(`variant ${v.name} has no auto scaling target`);
    else if (t.policies.length === 0) failures.push(`variant ${v.name} has a scalable target but no scaling policy`);
    else scaled.push(`${v.name} ${t.min ?? '?'}–${t.max ?? '?'} instances`);
  }
  if (e.autoRollbackAlarms === 0) warnings.push(`endpoint ${e.name}: no auto-rollback alarms on its last deployment`);
  const status: Status = failures.length ? 'FAIL' : unknown.length ? 'MANUAL' : 'PASS';
  if (status !== 'PASS') return { id: e.arn, status, reason: `endpoint ${e.name}: ${[...failures, ...unknown].join(', ')}` };
  const serverless = e.variants.filter((v) => v.serverless).length;
  const parts = [serverlessOnly ? 'serverless (no instance volumes to encrypt)' : 'KMS key set', ...(scaled.length ? [`auto scaling ${scaled.join(', ')}`] : []), ...(serverless && !serverlessOnly ? [`${serverless} serverless variant(s)`] : [])];
  return { id: e.arn, status, reason: `endpoint ${e.name}: ${parts.join(', ')}` };
}

export default defineProbe<EndpointsFacts>({
  id: 'sagemaker-endpoints',
  service: 'Amazon SageMaker Endpoints',
  title: 'SageMaker endpoints are healthy, auto-scaled and encrypted with KMS',
  severity: 'medium',
  remediation: 'Fix or delete failed endpoints, register every instance-based variant with Application Auto Scaling and attach a scaling policy (`aws application-autoscaling register-scalable-target` / `put-scaling-policy`, or SageMaker console → Endpoints → Endpoint runtime settings → Configure auto scaling), and deploy from an endpoint config created with `--kms-key-id`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [DescribeScalableTargets, DescribeScalingPolicies],
  uses: [sagemakerInventory, sagemakerEndpointDetails],
  async collect(ctx) {
    const [inv, details] = await Promise.all([ctx.use(sagemakerInventory), ctx.use(sagemakerEndpointDetails)]);
    const scaling: EndpointsFacts['scaling'] = {};
    // Auto scaling is only asked about when some in-service variant runs on instances.
    if (mustAll(details.endpoints).some((e) => e.variants.some((v) => !v.serverless))) {
      const [targets, policies] = await Promise.all([
        ctx.all(DescribeScalableTargets, { ServiceNamespace: 'sagemaker' }, 'ScalableTargets'),
        ctx.all(DescribeScalingPolicies, { ServiceNamespace: 'sagemaker' }, 'ScalingPolicies'),
      ]);
      for (const t of targets) if (t.ResourceId && t.ScalableDimension === VARIANT_DIMENSION) scaling[t.ResourceId] = { min: t.MinCapacity, max: t.MaxCapacity, policies: [] };
      for (const p of policies) if (p.ResourceId && p.ScalableDimension === VARIANT_DIMENSION) scaling[p.ResourceId]?.policies.push(p.PolicyName ?? p.PolicyType ?? 'policy');
    }
    return {
      all: mustAll(inv.endpoints).map((e) => ({ name: e.EndpointName ?? '', arn: e.EndpointArn ?? e.EndpointName ?? '', status: e.EndpointStatus })),
      details: mustAll(details.endpoints),
      vanished: details.vanished,
      scaling,
    };
  },
  evaluate(f) {
    if (f.all.length === 0) return notApplicable('no SageMaker endpoints in this region');
    const warnings: string[] = f.vanished.map((n) => `endpoint ${n} was deleted during the scan`);
    const resources: ResourceResult[] = [];
    for (const e of f.all) {
      const d = f.details.find((x) => x.name === e.name);
      if (d) resources.push(judgeInService(d, f.scaling, warnings));
      else if (e.status && BROKEN.includes(e.status)) resources.push({ id: e.arn, status: 'FAIL', reason: `endpoint ${e.name}: status ${e.status}` });
      else if (!f.vanished.includes(e.name)) resources.push({ id: e.arn, status: 'NOT_APPLICABLE', reason: `endpoint ${e.name}: ${e.status ?? 'unknown status'}, judged once in service` });
    }
    const judged = resources.filter((r) => r.status !== 'NOT_APPLICABLE');
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${failing.length} of ${judged.length} endpoint(s) fall short: ${someOf(failing.map((r) => r.reason))}`, 'MISCONFIGURED', { resources, warnings });
    const unsure = resources.filter((r) => r.status === 'MANUAL');
    if (unsure.length) return manual(`${unsure.length} endpoint(s) could not be fully verified: ${someOf(unsure.map((r) => r.reason))}`, { code: 'PARTIAL', resources, warnings });
    if (judged.length === 0) return notApplicable(`no in-service SageMaker endpoints (${resources.length} not yet in service)`, { resources, warnings });
    return pass(`all ${judged.length} in-service endpoint(s) auto-scale and use a KMS key`, { resources, warnings });
  },
});
