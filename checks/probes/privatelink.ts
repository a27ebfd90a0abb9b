// AWS PrivateLink — A.9 private connectivity to AI services. probes.md §2.35.
// Judged per VPC that hosts AI resources (SageMaker domains in VpcOnly mode, notebook instances,
// models with a VpcConfig): sagemaker.api and sagemaker.runtime reachable privately, and S3.
// "Reachable privately" is proven by an available interface endpoint with private DNS in the VPC
// itself (an S3 gateway endpoint for S3), or by a hub: a Route 53 private hosted zone for the
// service's name, associated with the VPC, whose record points at an available endpoint this
// account can see (the centralised-endpoint pattern). A hub in another account (a zone owned
// elsewhere, or a zone pointing at an endpoint this account cannot see) and a VPC shared by
// another account (its endpoints belong to the owner) cannot be proven from here: MANUAL with
// what to attest, never FAIL. Bedrock callers' VPCs are not discoverable: where Bedrock is used,
// VPCs with Bedrock endpoints (or a bedrock-runtime hosted zone) are judged for bedrock-runtime —
// the invocation API; the `bedrock` control-plane endpoint is not needed for invocation traffic —
// and none at all is MANUAL.
import type { DescribeVpcEndpointsRequest, DescribeVpcEndpointsResult, Subnet, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { HostedZoneSummary, ListHostedZonesByVPCCommandInput, ListHostedZonesByVPCCommandOutput, ListResourceRecordSetsCommandInput, ListResourceRecordSetsCommandOutput } from '@aws-sdk/client-route-53';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, pass, undecided } from '../../src/engine/probe.js';
import { and, causesOf, concatLists, every, F, fanOut, filterList, known, mapEv, T, U, unknown, type Cause, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintUnknown, noFootprint } from '../facts/ai-workload.js';
import { DescribeModel } from '../facts/sagemaker-endpoint-details.js';
import { newestFirst, sagemakerInventory } from '../facts/sagemaker-inventory.js';
import { DescribeDomain, DescribeNotebookInstance } from './sagemaker-platform.js';
import { DescribeSubnets } from './sagemaker-multi-az.js';

export const DescribeVpcEndpoints = op<DescribeVpcEndpointsRequest, DescribeVpcEndpointsResult>('ec2', 'DescribeVpcEndpoints', { paginate: NEXT_TOKEN });
/** Private hosted zones associated with a VPC, whichever account owns them (a hub's zones included). */
export const ListHostedZonesByVPC = op<ListHostedZonesByVPCCommandInput, ListHostedZonesByVPCCommandOutput>('route53', 'ListHostedZonesByVPC', { scope: 'global', paginate: NEXT_TOKEN });
/** One record of a zone this account owns: where the service name resolves (the hub endpoint). */
export const ListResourceRecordSets = op<ListResourceRecordSetsCommandInput, ListResourceRecordSetsCommandOutput>('route53', 'ListResourceRecordSets', { scope: 'global' });

/** Models described per region for their VpcConfig (newest first). */
export const MODEL_CAP = 200;
/** Subnet IDs per DescribeSubnets filter. */
const SUBNET_CHUNK = 200;

export interface AiVpcUse {
  vpcId: string;
  /** "domain d-1", "notebook nb", "model m". */
  users: string[];
  /** Account that owns the VPC (from its subnets), when known. */
  owner?: string;
  /** Why the owner is unknown (subnets not read), when it is. */
  ownerCauses?: Cause[];
  /** Private hosted zones associated with the VPC; unknown when Route 53 did not answer. */
  zones: Ev<ZoneFacts[]>;
}

export interface ZoneFacts {
  id: string;
  name: string;
  owner?: string;
  /** For zones this account owns, per service host: the alias target or record values it resolves to. */
  records: Record<string, Ev<string[]>>;
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
  accountId: string;
  vpcs: AiVpcUse[];
  endpoints: ListEv<EndpointFacts>;
  /** AI resources that do not run in a VPC (public-internet domains, notebooks without a subnet). */
  outside: string[];
  /** Causes of AI resources whose VPC could not be read (describes, subnets). */
  unplaced: Cause[];
  modelsTruncated: boolean;
}

/** Short service name: "com.amazonaws.us-east-1.sagemaker.runtime" → "sagemaker.runtime". */
export function shortService(serviceName: string | undefined, region: string): string {
  const s = serviceName ?? '';
  const i = s.indexOf(`.${region}.`);
  return i >= 0 ? s.slice(i + region.length + 2) : s;
}

const SAGEMAKER_REQUIRED = ['sagemaker.api', 'sagemaker.runtime'];
/** Invocation traffic goes to bedrock-runtime; the `bedrock` control-plane endpoint is optional. */
const BEDROCK_REQUIRED = ['bedrock-runtime'];

/** The DNS name a service's private DNS (or a hub's private hosted zone) answers for. */
export function serviceHost(service: string, region: string): string {
  if (service === 'sagemaker.api') return `api.sagemaker.${region}.amazonaws.com`;
  if (service === 'sagemaker.runtime') return `runtime.sagemaker.${region}.amazonaws.com`;
  return `${service}.${region}.amazonaws.com`;
}

const HOSTED_SERVICES = ['sagemaker.api', 'sagemaker.runtime', 's3', 'bedrock-runtime'];

const zoneName = (n: string | undefined) => (n ?? '').replace(/\.$/, '').toLowerCase();
/** A zone answers for a host when it is the host's own name or a parent domain of it. */
export const zoneCovers = (zone: string, host: string) => host === zone || host.endsWith(`.${zone}`);

function usable(e: EndpointFacts): boolean {
  return (e.state ?? '').toLowerCase() === 'available' && (e.type !== 'Interface' || e.privateDns === true);
}

/** One service of one VPC: proven (T), missing (F), unknown (U), or to attest (a hub or owner this account cannot see). */
interface ServiceResult {
  service: string;
  t: Tri;
  attest?: string;
  noDns?: boolean;
}

function judgeService(svc: string, v: AiVpcUse, f: PrivateLinkFacts, region: string, hubCandidate = false): ServiceResult {
  const here = f.endpoints.items.filter((e) => e.vpcId === v.vpcId && e.service === svc);
  const own = here.find((e) => (svc === 's3' ? (e.state ?? '').toLowerCase() === 'available' : usable(e)));
  if (own) return { service: svc, t: T(`${svc} endpoint ${own.id}`) };
  const noDns = here.some((e) => (e.state ?? '').toLowerCase() === 'available' && e.type === 'Interface' && !e.privateDns);
  // A VPC with no AI resource whose endpoint has private DNS off may be a hub serving other VPCs
  // (in this account or others): that cannot be disproven from here.
  if (noDns && hubCandidate) return { service: svc, t: T([]), attest: `${svc}: endpoint in ${v.vpcId} has private DNS off — if it is a hub endpoint, attest which VPCs resolve to it; otherwise enable private DNS` };
  const host = serviceHost(svc, region);
  const unknowns: Tri[] = [];
  if (!f.endpoints.complete) unknowns.push(U(f.endpoints.causes, `${svc} endpoints in ${v.vpcId}`));
  if (!v.zones.known) unknowns.push(U(v.zones.causes, `private hosted zones of ${v.vpcId}`));
  else {
    for (const z of v.zones.value.filter((x) => zoneCovers(x.name, host))) {
      if (z.owner && z.owner !== f.accountId) {
        return { service: svc, t: T([]), attest: `${svc}: private hosted zone ${z.name} (${z.id}) of ${z.owner} is associated: attest the hub endpoint it resolves to` };
      }
      const rec = z.records[host];
      if (!rec) continue;
      if (!rec.known) {
        unknowns.push(U(rec.causes, `records of private hosted zone ${z.name}`));
        continue;
      }
      const ids = rec.value.flatMap((t) => t.match(/vpce-[0-9a-z]+/g) ?? []);
      const hub = f.endpoints.items.find((e) => ids.includes(e.id) && e.service === svc && (e.state ?? '').toLowerCase() === 'available');
      if (hub) return { service: svc, t: T(`${svc} via hub endpoint ${hub.id} in ${hub.vpcId} (private hosted zone ${z.name})`) };
      if (ids.length) return { service: svc, t: T([]), attest: `${svc}: private hosted zone ${z.name} (${z.id}) resolves to ${ids.join(', ')}, which this account cannot see: attest that hub endpoint` };
    }
  }
  if (v.owner && v.owner !== f.accountId) return { service: svc, t: T([]), attest: `${svc}: ${v.vpcId} is shared by account ${v.owner}, which owns its endpoints: attest them there` };
  if (!v.owner && v.ownerCauses?.length) unknowns.push(U(v.ownerCauses, `owner of ${v.vpcId}`));
  if (unknowns.length) return { service: svc, t: and(...unknowns), noDns };
  return { service: svc, t: F(svc), noDns };
}

function judgeVpc(v: AiVpcUse, required: string[], who: string, s3: boolean, f: PrivateLinkFacts, region: string, warnings: string[]): { t: Tri; attest: string[]; result: ResourceResult } {
  const results = [...required, ...(s3 ? ['s3'] : [])].map((svc) => judgeService(svc, v, f, region, v.users.length === 0));
  const t = and(...results.map((r) => r.t));
  const attest = results.flatMap((r) => (r.attest ? [r.attest] : []));
  const oneAz = f.endpoints.items.filter((e) => e.vpcId === v.vpcId && required.includes(e.service) && e.type === 'Interface' && e.azs.length === 1).map((e) => e.service);
  if (oneAz.length) warnings.push(`${v.vpcId}: endpoint(s) in a single AZ: ${oneAz.join(', ')}`);
  const label = `${v.vpcId} (${who})`;
  if (t.v === 'F') {
    const missing = results.filter((r) => r.t.v === 'F').map((r) => r.service);
    const noDns = results.filter((r) => r.t.v === 'F' && r.noDns).map((r) => r.service);
    const dns = noDns.length ? ` (${noDns.join(', ')} present without private DNS)` : '';
    return { t, attest, result: { id: v.vpcId, status: 'FAIL', reason: `${label}: missing ${missing.join(', ')}${dns}` } };
  }
  if (t.v === 'U') return { t, attest, result: { id: v.vpcId, status: 'ERROR', reason: `${label}: undecided: needs ${t.causes.map((c) => c.action).filter((a, i, all) => all.indexOf(a) === i).join(', ')}`, missing: t.causes } };
  if (attest.length) return { t, attest, result: { id: v.vpcId, status: 'MANUAL', reason: `${label}: ${attest.join('; ')}` } };
  const hubs = results.filter((r) => r.t.why.some((w) => w.includes('via hub'))).flatMap((r) => r.t.why);
  const names = [...required, ...(s3 ? ['s3'] : [])].join(', ');
  return { t, attest, result: { id: v.vpcId, status: 'PASS', reason: `${label}: ${names} endpoints available${required.length ? ' with private DNS' : ''}${hubs.length ? ` (${hubs.join('; ')})` : ''}` } };
}

export default defineProbe<PrivateLinkFacts>({
  id: 'privatelink',
  service: 'AWS PrivateLink',
  title: 'VPCs with AI workloads reach SageMaker (and Bedrock) through VPC endpoints with private DNS',
  severity: 'medium',
  remediation:
    'In each VPC that hosts SageMaker domains, notebooks or models, create interface endpoints for com.amazonaws.<region>.sagemaker.api and .sagemaker.runtime (and bedrock-runtime where Bedrock is invoked) with private DNS, plus an S3 gateway endpoint: console VPC → Endpoints → Create, or `aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --service-name … --private-dns-enabled`. With centralised endpoints in a hub VPC, associate the hub\'s Route 53 private hosted zones (api.sagemaker.<region>.amazonaws.com, runtime.sagemaker.<region>.amazonaws.com, bedrock-runtime.<region>.amazonaws.com) with each workload VPC, and attest hubs or shared-VPC endpoints owned by another account.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [DescribeVpcEndpoints, DescribeSubnets, DescribeDomain, DescribeNotebookInstance, DescribeModel, ListHostedZonesByVPC, ListResourceRecordSets],
  uses: [aiFootprint, sagemakerInventory],
  async collect(ctx) {
    // The endpoint list is one cheap call per region, read whatever the footprint says, so a replay
    // has it even when the footprint turns out unknown.
    const [footprint, inv, vpceList] = await Promise.all([ctx.use(aiFootprint), ctx.use(sagemakerInventory), ctx.list(DescribeVpcEndpoints, {}, 'VpcEndpoints')]);
    const outside: string[] = [];
    const byVpc = new Map<string, Set<string>>();
    const bySubnet = new Map<string, Set<string>>();
    const add = (m: Map<string, Set<string>>, k: string, who: string) => m.set(k, (m.get(k) ?? new Set()).add(who));
    const models = newestFirst(inv.models.items, (m) => m.CreationTime);
    // Resources deleted between the list and the describe answer "gone" (Absent): skipped. One that
    // could not be described leaves its VPC unknown (a cause), the others are placed.
    const describe = <X, O extends object>(l: ListEv<X>, read: (x: X) => Promise<Ev<O | import('../../src/aws/errors.js').Absent>>) =>
      fanOut(l, async (x) => mapEv(await read(x), (o) => (isAbsent(o) ? null : (o as O)))).then((r) => filterList(r, (o): o is O => o !== null) as ListEv<O>);
    const [domains, notebooks, described] = await Promise.all([
      describe(inv.domainIds, (id) => ctx.readOrAbsent(DescribeDomain, { DomainId: id }, { resource: id })),
      describe(inv.notebookNames, (n) => ctx.readOrAbsent(DescribeNotebookInstance, { NotebookInstanceName: n }, { resource: n })),
      describe({ ...inv.models, items: models.slice(0, MODEL_CAP) }, (m) => ctx.readOrAbsent(DescribeModel, { ModelName: m.ModelName }, { resource: m.ModelArn ?? m.ModelName })),
    ]);
    const domainSubnets = new Map<string, string[]>();
    for (const d of domains.items) {
      const who = `domain ${d.DomainName ?? d.DomainId}`;
      // In PublicInternetOnly mode Studio traffic does not go through the VPC at all.
      if (d.AppNetworkAccessType === 'PublicInternetOnly' || !d.VpcId) outside.push(`${who} (PublicInternetOnly)`);
      else {
        add(byVpc, d.VpcId, who);
        domainSubnets.set(d.VpcId, d.SubnetIds ?? []);
      }
    }
    for (const n of notebooks.items) {
      const who = `notebook ${n.NotebookInstanceName}`;
      if (n.SubnetId) add(bySubnet, n.SubnetId, who);
      else outside.push(`${who} (no VPC)`);
    }
    for (const m of described.items) for (const s of m.VpcConfig?.Subnets ?? []) add(bySubnet, s, `model ${m.ModelName}`);
    const endpointSubnets = vpceList.items.flatMap((e) => e.SubnetIds ?? []);
    const subnetIds = [...new Set([...bySubnet.keys(), ...endpointSubnets, ...[...domainSubnets.values()].flat()])].sort();
    // A filter, not SubnetIds: a model may name a deleted subnet, and SubnetIds would fail the whole call.
    const chunks: string[][] = [];
    for (let i = 0; i < subnetIds.length; i += SUBNET_CHUNK) chunks.push(subnetIds.slice(i, i + SUBNET_CHUNK));
    const subnets = concatLists(await Promise.all(chunks.map((c) => ctx.list(DescribeSubnets, { Filters: [{ Name: 'subnet-id', Values: c }] }, 'Subnets'))));
    const subnetOf = new Map(subnets.items.map((s: Subnet) => [s.SubnetId ?? '', s]));
    const ownerOf = new Map<string, string>();
    for (const s of subnets.items) if (s.VpcId && s.OwnerId) ownerOf.set(s.VpcId, s.OwnerId);
    const unplaced: Cause[] = [...domains.causes, ...notebooks.causes, ...described.causes];
    for (const [subnet, who] of bySubnet) {
      const vpc = subnetOf.get(subnet)?.VpcId;
      if (vpc) for (const w of who) add(byVpc, vpc, w);
      else if (!subnets.complete) unplaced.push(...subnets.causes);
    }
    const region = ctx.region;
    const vpcs = await Promise.all(
      [...byVpc].sort(([a], [b]) => a.localeCompare(b)).map(async ([vpcId, users]): Promise<AiVpcUse> => {
        const listed = await ctx.list(ListHostedZonesByVPC, { VPCId: vpcId, VPCRegion: region as never, MaxItems: 100 }, 'HostedZoneSummaries', { resource: vpcId });
        let zones: Ev<ZoneFacts[]>;
        if (!listed.complete) zones = unknown(listed.causes);
        else
          zones = known(
            await Promise.all(
              // Zones an AWS service owns (the private DNS of this VPC's own endpoints) add nothing to the endpoints themselves.
              listed.items.filter((z) => !z.Owner?.OwningService).map(async (z: HostedZoneSummary): Promise<ZoneFacts> => {
                const name = zoneName(z.Name);
                const owner = z.Owner?.OwningAccount;
                const records: Record<string, Ev<string[]>> = {};
                // Records are read only in zones this account owns that answer for an AI service name.
                if (!owner || owner === ctx.accountId) {
                  for (const svc of HOSTED_SERVICES) {
                    const host = serviceHost(svc, region);
                    if (!zoneCovers(name, host)) continue;
                    const r = await ctx.read(ListResourceRecordSets, { HostedZoneId: z.HostedZoneId, StartRecordName: host, StartRecordType: 'A', MaxItems: 1 }, { resource: z.HostedZoneId });
                    records[host] = mapEv(r, (x) =>
                      (x.ResourceRecordSets ?? []).filter((rs) => zoneName(rs.Name) === host).flatMap((rs) => [rs.AliasTarget?.DNSName ?? '', ...(rs.ResourceRecords ?? []).map((v) => v.Value ?? '')]).filter(Boolean),
                    );
                  }
                }
                return { id: z.HostedZoneId ?? '', name, owner, records };
              }),
            ),
          );
        const owner = ownerOf.get(vpcId);
        return { vpcId, users: [...users].sort(), owner, ...(!owner && !subnets.complete ? { ownerCauses: subnets.causes } : {}), zones };
      }),
    );
    const endpoints = {
      ...vpceList,
      items: vpceList.items.map(
        (e: VpcEndpoint): EndpointFacts => ({
          id: e.VpcEndpointId ?? '',
          vpcId: e.VpcId ?? '',
          service: shortService(e.ServiceName, region),
          type: e.VpcEndpointType,
          state: e.State,
          privateDns: e.PrivateDnsEnabled,
          azs: [...new Set((e.SubnetIds ?? []).map((s) => subnetOf.get(s)?.AvailabilityZone).filter((z): z is string => !!z))].sort(),
        }),
      ),
    };
    return { footprint, accountId: ctx.accountId, vpcs, endpoints, outside: outside.sort(), unplaced, modelsTruncated: models.length > MODEL_CAP };
  },
  evaluate(f, ctx) {
    const na = noFootprint(f.footprint);
    if (na) return na;
    const resources: ResourceResult[] = [];
    const warnings: string[] = [];
    const judged: Tri[] = [];
    const attest: string[] = [];
    if (f.outside.length) warnings.push(`AI resources outside any VPC (not covered by VPC endpoints): ${f.outside.join(', ')}`);
    if (f.modelsTruncated) warnings.push(`only ${MODEL_CAP} models were read for their VPC configuration`);
    const record = (r: { t: Tri; attest: string[]; result: ResourceResult }) => {
      judged.push(r.t);
      attest.push(...r.attest.map((a) => `${r.result.id}: ${a}`));
      resources.push(r.result);
    };
    for (const v of f.vpcs) record(judgeVpc(v, SAGEMAKER_REQUIRED, v.users.join(', '), true, f, ctx.region, warnings));

    let bedrockNote: string | undefined;
    if (f.footprint.bedrock) {
      const runtimeHost = serviceHost('bedrock-runtime', ctx.region);
      // An AI VPC whose hosted zones (or their records) could not be read may call Bedrock through a hub.
      const zoneCauses = f.vpcs.flatMap((v) => (v.zones.known ? v.zones.value.flatMap((z) => Object.values(z.records).flatMap((r) => (r.known ? [] : r.causes))) : v.zones.causes));
      if (zoneCauses.length) judged.push(U(zoneCauses, 'Bedrock reached through hosted zones'));
      const viaZone = f.vpcs.filter((v) => v.zones.known && v.zones.value.some((z) => zoneCovers(z.name, runtimeHost))).map((v) => v.vpcId);
      // A hub's endpoint (private DNS off, named by a hosted zone) serves other VPCs: its own VPC is not a caller.
      const hubTargets = new Set(f.vpcs.flatMap((v) => (v.zones.known ? v.zones.value : []).flatMap((z) => Object.values(z.records).flatMap((r) => (r.known ? r.value.flatMap((t) => t.match(/vpce-[0-9a-z]+/g) ?? []) : [])))));
      const callers = f.endpoints.items.filter((e) => /^bedrock/.test(e.service) && !(hubTargets.has(e.id) && !e.privateDns));
      const bedrockVpcs = [...new Set([...callers.map((e) => e.vpcId), ...viaZone])].sort();
      for (const vpc of bedrockVpcs) {
        const ai = f.vpcs.find((v) => v.vpcId === vpc) ?? { vpcId: vpc, users: [], zones: known([]) };
        const r = judgeVpc(ai, BEDROCK_REQUIRED, 'Bedrock endpoints', false, f, ctx.region, warnings);
        const prior = resources.findIndex((x) => x.id === vpc);
        if (prior >= 0) {
          const p = resources[prior];
          const order = ['FAIL', 'ERROR', 'MANUAL', 'PASS'];
          const status = order.find((s) => s === p.status || s === r.result.status) as ResourceResult['status'];
          resources[prior] = { ...p, status, reason: `${p.reason}; Bedrock: ${r.result.reason.replace(`${vpc} (Bedrock endpoints): `, '')}`, ...(r.result.missing ? { missing: [...(p.missing ?? []), ...r.result.missing] } : {}) };
          judged.push(r.t);
          attest.push(...r.attest.map((a) => `${vpc}: ${a}`));
        } else record(r);
      }
      if (bedrockVpcs.length === 0 && !f.endpoints.complete) judged.push(U(f.endpoints.causes, 'Bedrock endpoints'));
      else if (bedrockVpcs.length === 0) bedrockNote = 'Bedrock is used in this region but no VPC has a Bedrock endpoint: if Bedrock is called from a VPC, add a bedrock-runtime endpoint there (or associate a hub\'s bedrock-runtime private hosted zone); otherwise attest how callers reach Bedrock';
    }
    // AI resources whose VPC could not be read may sit in a VPC without endpoints.
    const placed = f.unplaced.length ? U(f.unplaced, 'the VPCs of some AI resources') : T([]);
    const all = and(placed, every(f.endpoints, () => T([])), ...judged);
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (all.v === 'F') return fail(`${failing.length} VPC(s) lack AI endpoints: ${failing.map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources, warnings: bedrockNote ? [...warnings, bedrockNote] : warnings });
    if (all.v === 'U' && (resources.length || f.unplaced.length || f.footprint.bedrock)) return undecided(all.causes, `${resources.filter((r) => r.status === 'PASS').length} VPC(s) proven; the rest could not be judged`, { resources, warnings });
    if (attest.length) return manual(`private connectivity cannot be proven from this account for ${attest.length} service(s): ${attest.join('; ')}`, { code: 'PARTIAL', resources, warnings: bedrockNote ? [...warnings, bedrockNote] : warnings });
    if (bedrockNote) return manual(bedrockNote, { code: 'PARTIAL', resources, warnings });
    if (f.footprint.bedrock === null && !f.endpoints.items.some((e) => /^bedrock/.test(e.service))) {
      if (!f.endpoints.complete) return undecided(causesOf([U(f.endpoints.causes), U(f.footprint.causes)]), 'cannot tell whether Bedrock private connectivity applies');
      return footprintUnknown(f.footprint, 'Bedrock private connectivity');
    }
    if (f.modelsTruncated) return manual(`no VPC found lacking endpoints, but only ${MODEL_CAP} models were read: check the VPCs of the rest`, { code: 'PARTIAL', resources, warnings });
    if (resources.length === 0) {
      if (anyAi(f.footprint) === null) return footprintUnknown(f.footprint, 'private connectivity');
      return notApplicable(`no AI resource in ${ctx.region} is attached to a VPC and Bedrock is not in use`, { warnings });
    }
    return pass(`${resources.length} VPC(s) with AI workloads reach the AI services through VPC endpoints: ${resources.map((r) => r.id).join(', ')}`, { resources, warnings });
  },
});
