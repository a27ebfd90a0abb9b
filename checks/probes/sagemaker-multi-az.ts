// Amazon SageMaker Multi-AZ — A.15 resilience. probes.md §2.52.
// Per in-service endpoint: every instance-based variant runs ≥2 instances now (SageMaker spreads
// instances across Availability Zones), and VPC subnets, where used, span ≥2 AZs. The live
// CurrentInstanceCount is judged, not only the config, because auto scaling can go down to 1.
import type { DescribeSubnetsCommandInput, DescribeSubnetsCommandOutput } from '@aws-sdk/client-ec2';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult, Status } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, pass } from '../../src/engine/probe.js';
import { sagemakerEndpointDetails, type EndpointFacts } from '../facts/sagemaker-endpoint-details.js';
import { sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';
import { mustAll } from '../../src/engine/evidence.js';

export const DescribeSubnets = op<DescribeSubnetsCommandInput, DescribeSubnetsCommandOutput>('ec2', 'DescribeSubnets', {
  paginate: NEXT_TOKEN,
  absent: [{ name: 'InvalidSubnetID.NotFound' }],
});

export interface MultiAzEndpoint {
  endpoint: EndpointFacts;
  subnets: string[];
  /** AZ per subnet; null when a subnet no longer exists. */
  zones: string[] | null;
}

export interface MultiAzFacts {
  endpoints: MultiAzEndpoint[];
}

/** The endpoint's VPC subnets: the config's (inference components) or its models'. */
// probes.md §2.52 reads VpcConfig from DescribeEndpointConfig only; per the d.ts a model-based endpoint's VPC is DescribeModel.VpcConfig.
export function subnetsOf(e: EndpointFacts): string[] {
  const all = e.configSubnets?.length ? e.configSubnets : e.models.flatMap((m) => m.subnets ?? []);
  return [...new Set(all)].sort();
}

function judge(x: MultiAzEndpoint): ResourceResult {
  const e = x.endpoint;
  const failures: string[] = [];
  const unknown: string[] = [];
  const notes: string[] = [];
  for (const v of e.variants) {
    if (v.serverless) {
      notes.push(`variant ${v.name} serverless (AZs managed by SageMaker)`);
      continue;
    }
    const n = v.currentInstanceCount;
    if (n === undefined) unknown.push(`variant ${v.name}: current instance count not reported`);
    else if (n < 2) failures.push(`variant ${v.name} runs ${n} instance`);
    else notes.push(`variant ${v.name} ${n} instances`);
  }
  if (x.subnets.length) {
    if (x.zones === null) unknown.push(`VPC subnet(s) ${x.subnets.join(', ')} could not all be found`);
    else {
      const azs = [...new Set(x.zones)].sort();
      if (azs.length < 2) failures.push(`VPC subnets all in ${azs[0] ?? 'one AZ'}`);
      else notes.push(`subnets in ${azs.join(', ')}`);
    }
  }
  const status: Status = failures.length ? 'FAIL' : unknown.length ? 'MANUAL' : 'PASS';
  return { id: e.arn, status, reason: `endpoint ${e.name}: ${(status === 'PASS' ? notes : [...failures, ...unknown]).join(', ') || 'no variants reported'}` };
}

export default defineProbe<MultiAzFacts>({
  id: 'sagemaker-multi-az',
  service: 'Amazon SageMaker Multi-AZ',
  title: 'Every in-service SageMaker endpoint runs at least two instances per variant, across AZs',
  severity: 'medium',
  remediation: 'Run each production variant on ≥2 instances (update the endpoint with an endpoint config whose InitialInstanceCount is ≥2, and set the auto scaling minimum to ≥2: `aws application-autoscaling register-scalable-target --min-capacity 2`), and give VPC-attached models subnets in at least two Availability Zones.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [DescribeSubnets],
  uses: [sagemakerInventory, sagemakerEndpointDetails],
  async collect(ctx) {
    const details = await ctx.use(sagemakerEndpointDetails);
    const endpoints = await Promise.all(
      mustAll(details.endpoints).map(async (endpoint): Promise<MultiAzEndpoint> => {
        const subnets = subnetsOf(endpoint);
        if (subnets.length === 0) return { endpoint, subnets, zones: [] };
        const res = await ctx.callOrAbsent(DescribeSubnets, { SubnetIds: subnets });
        if (isAbsent(res)) return { endpoint, subnets, zones: null };
        const found = res.Subnets ?? [];
        const zones = subnets.map((id) => found.find((s) => s.SubnetId === id)?.AvailabilityZone);
        return { endpoint, subnets, zones: zones.every((z): z is string => !!z) ? zones : null };
      }),
    );
    return { endpoints };
  },
  evaluate(f) {
    if (f.endpoints.length === 0) return notApplicable('no in-service SageMaker endpoints in this region');
    const resources = f.endpoints.map(judge);
    const warnings: string[] = [];
    for (const { endpoint: e } of f.endpoints) {
      for (const v of e.variants) if (!v.serverless && v.initialInstanceCount !== undefined && v.initialInstanceCount < 2) warnings.push(`endpoint ${e.name}: config ${e.configName} starts variant ${v.name} with ${v.initialInstanceCount} instance`);
    }
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${failing.length} of ${resources.length} endpoint(s) not spread across AZs: ${someOf(failing.map((r) => r.reason))}`, 'MISCONFIGURED', { resources, warnings });
    const unsure = resources.filter((r) => r.status === 'MANUAL');
    if (unsure.length) return manual(`${unsure.length} endpoint(s) could not be fully verified: ${someOf(unsure.map((r) => r.reason))}`, { code: 'PARTIAL', resources, warnings });
    return pass(`all ${resources.length} in-service endpoint(s) run ≥2 instances per variant (or are serverless)`, { resources, warnings });
  },
});
