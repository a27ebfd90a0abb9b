// AWS PrivateLink — A.9 private connectivity to AI services. probes.md §2.35.
// Judged per VPC that hosts AI resources (SageMaker domains in VpcOnly mode, notebook instances,
// models with a VpcConfig): interface endpoints for sagemaker.api and sagemaker.runtime (available,
// private DNS) and an S3 endpoint. Bedrock callers' VPCs are not discoverable: where Bedrock is used,
// VPCs that have Bedrock endpoints are judged for bedrock + bedrock-runtime, and none at all is MANUAL.
import type { DescribeVpcEndpointsRequest, DescribeVpcEndpointsResult, VpcEndpoint } from '@aws-sdk/client-ec2';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, pass } from '../../src/engine/probe.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintUnknown, noFootprint } from '../facts/ai-workload.js';
import { DescribeModel } from '../facts/sagemaker-endpoint-details.js';
import { sagemakerInventory } from '../facts/sagemaker-inventory.js';
import { DescribeDomain, DescribeNotebookInstance } from './sagemaker-platform.js';
import { DescribeSubnets } from './sagemaker-multi-az.js';
import { mustAll } from '../../src/engine/evidence.js';

export const DescribeVpcEndpoints = op<DescribeVpcEndpointsRequest, DescribeVpcEndpointsResult>('ec2', 'DescribeVpcEndpoints', { paginate: NEXT_TOKEN });

/** Models described per region for their VpcConfig. */
export const MODEL_CAP = 200;
/** Subnet IDs per DescribeSubnets filter. */
const SUBNET_CHUNK = 200;

export interface AiVpcUse {
  vpcId: string;
  /** "domain d-1", "notebook nb", "model m". */
  users: string[];
}

export interface EndpointFacts {
  id: string;
  vpcId: string;
  service: string;
  type?: string;
  state?: string;
  privateDns?: boolean;
  azs: string[];
}

export interface PrivateLinkFacts {
  footprint: AiFootprint;
  vpcs: AiVpcUse[];
  endpoints: EndpointFacts[];
  /** AI resources that do not run in a VPC (public-internet domains, notebooks without a subnet). */
  outside: string[];
  modelsTruncated: boolean;
}

/** Short service name: "com.amazonaws.us-east-1.sagemaker.runtime" → "sagemaker.runtime". */
export function shortService(serviceName: string | undefined, region: string): string {
  const s = serviceName ?? '';
  const i = s.indexOf(`.${region}.`);
  return i >= 0 ? s.slice(i + region.length + 2) : s;
}

const SAGEMAKER_REQUIRED = ['sagemaker.api', 'sagemaker.runtime'];
const BEDROCK_REQUIRED = ['bedrock', 'bedrock-runtime'];

function usable(e: EndpointFacts): boolean {
  return (e.state ?? '').toLowerCase() === 'available' && (e.type !== 'Interface' || e.privateDns === true);
}

export default defineProbe<PrivateLinkFacts>({
  id: 'privatelink',
  service: 'AWS PrivateLink',
  title: 'VPCs with AI workloads reach SageMaker (and Bedrock) through VPC endpoints with private DNS',
  severity: 'medium',
  remediation:
    'In each VPC that hosts SageMaker domains, notebooks or models, create interface endpoints for com.amazonaws.<region>.sagemaker.api and .sagemaker.runtime (and bedrock / bedrock-runtime where Bedrock is called) with private DNS, plus an S3 gateway endpoint: console VPC → Endpoints → Create, or `aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --service-name … --private-dns-enabled`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [DescribeVpcEndpoints, DescribeSubnets, DescribeDomain, DescribeNotebookInstance, DescribeModel],
  uses: [aiFootprint, sagemakerInventory],
  async collect(ctx) {
    const footprint = await ctx.use(aiFootprint);
    if (anyAi(footprint) === false) return { footprint, vpcs: [], endpoints: [], outside: [], modelsTruncated: false };
    const inv = await ctx.use(sagemakerInventory);
    const outside: string[] = [];
    const byVpc = new Map<string, Set<string>>();
    const bySubnet = new Map<string, Set<string>>();
    const add = (m: Map<string, Set<string>>, k: string, who: string) => m.set(k, (m.get(k) ?? new Set()).add(who));
    const models = mustAll(inv.models).map((m) => m.ModelName ?? '').filter(Boolean).sort();
    // Resources deleted between the list and the describe answer "gone" (Absent): skipped.
    const present = <T extends object>(xs: (T | Absent)[]): T[] => xs.filter((x): x is T => !isAbsent(x));
    const [domains, notebooks, described, vpce] = await Promise.all([
      Promise.all(mustAll(inv.domainIds).map((id) => ctx.callOrAbsent(DescribeDomain, { DomainId: id }))).then(present),
      Promise.all(mustAll(inv.notebookNames).map((n) => ctx.callOrAbsent(DescribeNotebookInstance, { NotebookInstanceName: n }))).then(present),
      Promise.all(models.slice(0, MODEL_CAP).map((n) => ctx.callOrAbsent(DescribeModel, { ModelName: n }))).then(present),
      ctx.all(DescribeVpcEndpoints, {}, 'VpcEndpoints'),
    ]);
    for (const d of domains) {
      const who = `domain ${d.DomainName ?? d.DomainId}`;
      // In PublicInternetOnly mode Studio traffic does not go through the VPC at all.
      if (d.AppNetworkAccessType === 'PublicInternetOnly' || !d.VpcId) outside.push(`${who} (PublicInternetOnly)`);
      else add(byVpc, d.VpcId, who);
    }
    for (const n of notebooks) {
      const who = `notebook ${n.NotebookInstanceName}`;
      if (n.SubnetId) add(bySubnet, n.SubnetId, who);
      else outside.push(`${who} (no VPC)`);
    }
    for (const m of described) for (const s of m.VpcConfig?.Subnets ?? []) add(bySubnet, s, `model ${m.ModelName}`);
    const endpointSubnets = vpce.flatMap((e) => e.SubnetIds ?? []);
    const subnetIds = [...new Set([...bySubnet.keys(), ...endpointSubnets])].sort();
    // A filter, not SubnetIds: a model may name a deleted subnet, and SubnetIds would fail the whole call.
    const chunks: string[][] = [];
    for (let i = 0; i < subnetIds.length; i += SUBNET_CHUNK) chunks.push(subnetIds.slice(i, i + SUBNET_CHUNK));
    const subnets = (await Promise.all(chunks.map((c) => ctx.all(DescribeSubnets, { Filters: [{ Name: 'subnet-id', Values: c }] }, 'Subnets')))).flat();
    const vpcOf = new Map(subnets.map((s) => [s.SubnetId ?? '', s]));
    for (const [subnet, who] of bySubnet) {
      const vpc = vpcOf.get(subnet)?.VpcId;
      for (const w of who) if (vpc) add(byVpc, vpc, w);
    }
    const endpoints = vpce.map(
      (e: VpcEndpoint): EndpointFacts => ({
        id: e.VpcEndpointId ?? '',
        vpcId: e.VpcId ?? '',
        service: shortService(e.ServiceName, ctx.region),
        type: e.VpcEndpointType,
        state: e.State,
        privateDns: e.PrivateDnsEnabled,
        azs: [...new Set((e.SubnetIds ?? []).map((s) => vpcOf.get(s)?.AvailabilityZone).filter((z): z is string => !!z))].sort(),
      }),
    );
    return {
      footprint,
      vpcs: [...byVpc].map(([vpcId, users]) => ({ vpcId, users: [...users].sort() })).sort((a, b) => a.vpcId.localeCompare(b.vpcId)),
      endpoints,
      outside: outside.sort(),
      modelsTruncated: models.length > MODEL_CAP,
    };
  },
  evaluate(f, ctx) {
    const na = noFootprint(f.footprint);
    if (na) return na;
    const resources: ResourceResult[] = [];
    const warnings: string[] = [];
    if (f.outside.length) warnings.push(`AI resources outside any VPC (not covered by VPC endpoints): ${f.outside.join(', ')}`);
    if (f.modelsTruncated) warnings.push(`only ${MODEL_CAP} models were read for their VPC configuration`);

    const judgeVpc = (vpcId: string, required: string[], who: string, s3: boolean): ResourceResult => {
      const here = f.endpoints.filter((e) => e.vpcId === vpcId);
      const missing = required.filter((svc) => !here.some((e) => e.service === svc && usable(e)));
      const noDns = required.filter((svc) => here.some((e) => e.service === svc && (e.state ?? '').toLowerCase() === 'available' && e.type === 'Interface' && !e.privateDns));
      if (s3 && !here.some((e) => e.service === 's3' && (e.state ?? '').toLowerCase() === 'available')) missing.push('s3');
      const oneAz = here.filter((e) => required.includes(e.service) && e.type === 'Interface' && e.azs.length === 1).map((e) => e.service);
      if (oneAz.length) warnings.push(`${vpcId}: endpoint(s) in a single AZ: ${oneAz.join(', ')}`);
      if (missing.length) {
        const dns = noDns.length ? ` (${noDns.join(', ')} present without private DNS)` : '';
        return { id: vpcId, status: 'FAIL', reason: `${vpcId} (${who}): missing ${missing.join(', ')}${dns}` };
      }
      return { id: vpcId, status: 'PASS', reason: `${vpcId} (${who}): ${[...required, ...(s3 ? ['s3'] : [])].join(', ')} endpoints available${required.length ? ' with private DNS' : ''}` };
    };

    for (const v of f.vpcs) resources.push(judgeVpc(v.vpcId, SAGEMAKER_REQUIRED, v.users.join(', '), true));

    let bedrockNote: string | undefined;
    if (f.footprint.bedrock) {
      const bedrockVpcs = [...new Set(f.endpoints.filter((e) => /^bedrock/.test(e.service)).map((e) => e.vpcId))].sort();
      for (const vpc of bedrockVpcs) {
        const prior = resources.findIndex((r) => r.id === vpc);
        const r = judgeVpc(vpc, BEDROCK_REQUIRED, 'Bedrock endpoints', false);
        if (prior >= 0) {
          const p = resources[prior];
          resources[prior] = { id: vpc, status: p.status === 'FAIL' || r.status === 'FAIL' ? 'FAIL' : 'PASS', reason: `${p.reason}; Bedrock: ${r.reason.replace(`${vpc} (Bedrock endpoints): `, '')}` };
        } else resources.push(r);
      }
      if (bedrockVpcs.length === 0) bedrockNote = 'Bedrock is used in this region but no VPC has a Bedrock endpoint: if Bedrock is called from a VPC, add bedrock and bedrock-runtime endpoints; otherwise attest how callers reach Bedrock';
    }

    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${failing.length} VPC(s) lack AI endpoints: ${failing.map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources, warnings: bedrockNote ? [...warnings, bedrockNote] : warnings });
    if (bedrockNote) return manual(bedrockNote, { code: 'PARTIAL', resources, warnings });
    if (f.footprint.bedrock === null && !f.endpoints.some((e) => /^bedrock/.test(e.service))) return footprintUnknown(f.footprint, 'Bedrock private connectivity');
    if (f.modelsTruncated) return manual(`no VPC found lacking endpoints, but only ${MODEL_CAP} models were read: check the VPCs of the rest`, { code: 'PARTIAL', resources, warnings });
    if (resources.length === 0) {
      if (anyAi(f.footprint) === null) return footprintUnknown(f.footprint, 'private connectivity');
      return notApplicable(`no AI resource in ${ctx.region} is attached to a VPC and Bedrock is not in use`, { warnings });
    }
    return pass(`${resources.length} VPC(s) with AI workloads reach the AI services through VPC endpoints: ${resources.map((r) => r.id).join(', ')}`, { resources, warnings });
  },
});
