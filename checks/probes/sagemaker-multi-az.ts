// Amazon SageMaker Multi-AZ — A.15 resilience. probes.md §2.52.
// Per in-service endpoint: every instance-based variant runs ≥2 instances now (SageMaker spreads
// instances across Availability Zones), and VPC subnets, where used, span ≥2 AZs. The live
// CurrentInstanceCount is judged, not only the config, because auto scaling can go down to 1.
// The instance count comes from DescribeEndpoint alone: a variant on one instance fails its
// endpoint even when the config or models (the subnets) could not be read.
import type { DescribeSubnetsCommandInput, DescribeSubnetsCommandOutput } from '@aws-sdk/client-ec2';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, manual, notApplicable, resourceOf, verdictOf } from '../../src/engine/probe.js';
import { and, every, F, known, mapEv, T, U, unreadResources, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { sagemakerEndpointDetails, type EndpointCore, type EndpointFacts } from '../facts/sagemaker-endpoint-details.js';
import { sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';

export const DescribeSubnets = op<DescribeSubnetsCommandInput, DescribeSubnetsCommandOutput>('ec2', 'DescribeSubnets', {
  paginate: NEXT_TOKEN,
  absent: [{ name: 'InvalidSubnetID.NotFound' }],
});

export interface MultiAzEndpoint {
  endpoint: EndpointCore;
  /** The endpoint's VPC subnets; unknown while its config or models are. */
  subnets: Ev<string[]>;
  /** AZ per subnet; null when a subnet no longer exists; unknown when DescribeSubnets did not answer. */
  zones: Ev<string[] | null>;
}

export interface MultiAzFacts {
  endpoints: ListEv<MultiAzEndpoint>;
}

/** The endpoint's VPC subnets: the config's (inference components) or its models'. */
// probes.md §2.52 reads VpcConfig from DescribeEndpointConfig only; per the d.ts a model-based endpoint's VPC is DescribeModel.VpcConfig.
export function subnetsOf(e: Pick<EndpointFacts, 'configSubnets' | 'models'>): string[] {
  const all = e.configSubnets?.length ? e.configSubnets : e.models.flatMap((m) => m.subnets ?? []);
  return [...new Set(all)].sort();
}

function coreSubnets(e: EndpointCore): Ev<string[]> {
  if (!e.config.known) return e.config;
  const configSubnets = e.config.value?.subnets;
  if (configSubnets?.length) return known([...new Set(configSubnets)].sort());
  return mapEv(e.models, (models) => subnetsOf({ configSubnets: undefined, models }));
}

function judge(x: MultiAzEndpoint): { t: Tri; unsure: string[] } {
  const e = x.endpoint;
  const parts: Tri[] = [];
  const unsure: string[] = [];
  for (const v of e.variants) {
    if (v.serverless) {
      parts.push(T(`variant ${v.name} serverless (AZs managed by SageMaker)`));
      continue;
    }
    const n = v.currentInstanceCount;
    if (n === undefined) unsure.push(`variant ${v.name}: current instance count not reported`);
    else parts.push(n < 2 ? F(`variant ${v.name} runs ${n} instance`) : T(`variant ${v.name} ${n} instances`));
  }
  if (!x.subnets.known) parts.push(U(x.subnets.causes, 'VPC subnets'));
  else if (x.subnets.value.length) {
    const subnets = x.subnets.value;
    if (!x.zones.known) parts.push(U(x.zones.causes, 'subnet AZs'));
    else if (x.zones.value === null) unsure.push(`VPC subnet(s) ${subnets.join(', ')} could not all be found`);
    else {
      const azs = [...new Set(x.zones.value)].sort();
      parts.push(azs.length < 2 ? F(`VPC subnets all in ${azs[0] ?? 'one AZ'}`) : T(`subnets in ${azs.join(', ')}`));
    }
  }
  return { t: and(...parts), unsure };
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
    const items = await Promise.all(
      details.described.items.map(async (endpoint): Promise<MultiAzEndpoint> => {
        const subnets = coreSubnets(endpoint);
        if (!subnets.known || subnets.value.length === 0) return { endpoint, subnets, zones: known([]) };
        const res = await ctx.readOrAbsent(DescribeSubnets, { SubnetIds: subnets.value }, { resource: endpoint.arn });
        const zones = mapEv(res, (r) => {
          if (isAbsent(r)) return null;
          const z = subnets.value.map((id) => (r.Subnets ?? []).find((s) => s.SubnetId === id)?.AvailabilityZone);
          return z.every((a): a is string => !!a) ? z : null;
        });
        return { endpoint, subnets, zones };
      }),
    );
    return { endpoints: { ...details.described, items } };
  },
  evaluate(f) {
    const resources: ResourceResult[] = [];
    const judged: Tri[] = [];
    const unsureAll: string[] = [];
    const warnings: string[] = [];
    for (const x of f.endpoints.items) {
      const e = x.endpoint;
      const { t, unsure } = judge(x);
      judged.push(t);
      const label = `endpoint ${e.name}`;
      if (t.v === 'T' && unsure.length) {
        unsureAll.push(`${label}: ${unsure.join(', ')}`);
        resources.push({ id: e.arn, status: 'MANUAL', reason: `${label}: ${unsure.join(', ')}` });
      } else if (t.v === 'T') resources.push({ id: e.arn, status: 'PASS', reason: `${label}: ${t.why.join(', ') || 'no variants reported'}` });
      else resources.push(resourceOf(e.arn, undefined, t, label));
      if (e.config.known && e.config.value) {
        for (const v of e.config.value.variants) if (!v.serverless && v.initialInstanceCount !== undefined && v.initialInstanceCount < 2) warnings.push(`${label}: config ${e.config.value.name ?? e.configName} starts variant ${v.name} with ${v.initialInstanceCount} instance`);
      }
    }
    for (const u of unreadResources(f.endpoints, (id) => `endpoint ${id ?? ''}`.trim())) resources.push(resourceOf(u.id, u.region, U(u.causes), u.label));
    const all = and(every(f.endpoints, () => T([]), 'endpoints not all described'), ...judged);
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (all.v === 'T' && f.endpoints.items.length === 0) return notApplicable('no in-service SageMaker endpoints in this region');
    if (all.v === 'T' && unsureAll.length) return manual(`${unsureAll.length} endpoint(s) could not be fully verified: ${someOf(unsureAll)}`, { code: 'PARTIAL', resources, warnings });
    return verdictOf(
      all,
      {
        pass: () => `all ${resources.length} in-service endpoint(s) run ≥2 instances per variant (or are serverless)`,
        fail: () => `${failing.length} of ${resources.length} endpoint(s) not spread across AZs: ${someOf(failing.map((r) => r.reason))}`,
        code: 'MISCONFIGURED',
        undecided: () => `${resources.filter((r) => r.status === 'ERROR').length} endpoint(s) could not be judged`,
      },
      { resources, warnings },
    );
  },
});
