// Amazon SageMaker (platform) — A.4 secure design and development. probes.md §2.21.
// Five sub-checks, each per resource; the service result is AND over every resource:
// notebooks (no direct internet, no root, KMS, VPC), domains (VpcOnly, KMS), models (network
// isolation or VPC), training jobs in the window (inter-container encryption where there is more
// than one instance, VPC or isolation, output KMS, volume KMS unless the instance storage is
// hardware-encrypted) and endpoint configs (KMS unless serverless or on local-NVMe instances;
// checks/rules/instance-storage.ts). Models, training jobs and endpoint configs are capped at the
// newest 500 each; a cut list cannot PASS. A resource whose describe fails is ERROR on its own;
// its siblings keep their verdicts.
import type {
  DescribeDomainCommandInput,
  DescribeDomainCommandOutput,
  DescribeEndpointConfigCommandOutput,
  DescribeModelCommandOutput,
  DescribeNotebookInstanceCommandInput,
  DescribeNotebookInstanceCommandOutput,
  DescribeTrainingJobCommandInput,
  DescribeTrainingJobCommandOutput,
  ListEndpointConfigsCommandInput,
  ListEndpointConfigsCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, manual, notApplicable, resourceOf, verdictOf } from '../../src/engine/probe.js';
import { and, every, F, fanOut, filterList, mapEv, T, unreadResources, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { DescribeEndpointConfig, DescribeModel } from '../facts/sagemaker-endpoint-details.js';
import { GONE, newestFirst, sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';
import { endpointVolumeEncryption, interContainerEncryption, jobVolumeEncryption } from '../rules/instance-storage.js';

export const DescribeNotebookInstance = op<DescribeNotebookInstanceCommandInput, DescribeNotebookInstanceCommandOutput>('sagemaker', 'DescribeNotebookInstance', { absent: GONE });
export const DescribeDomain = op<DescribeDomainCommandInput, DescribeDomainCommandOutput>('sagemaker', 'DescribeDomain', { absent: GONE });
export const DescribeTrainingJob = op<DescribeTrainingJobCommandInput, DescribeTrainingJobCommandOutput>('sagemaker', 'DescribeTrainingJob', { absent: GONE });
export const ListEndpointConfigs = op<ListEndpointConfigsCommandInput, ListEndpointConfigsCommandOutput>('sagemaker', 'ListEndpointConfigs', { paginate: NEXT_TOKEN });

/** Per resource type, at most this many are described (newest first). */
export const PLATFORM_CAP = 500;

type Kind = 'notebook' | 'domain' | 'model' | 'training job' | 'endpoint config';
const KINDS: readonly Kind[] = ['notebook', 'domain', 'model', 'training job', 'endpoint config'];

export interface PlatformResource {
  kind: Kind;
  id: string;
  name: string;
  /** What falls short; empty when compliant. */
  gaps: string[];
  /** Why a setting that is not set still passes (e.g. hardware-encrypted storage). */
  notes: string[];
}

export interface PlatformFacts {
  /** Per kind, the resources described; a resource whose describe failed is named in the causes. */
  lists: Record<Kind, ListEv<PlatformResource>>;
  /** Kinds whose list was cut at the cap. */
  truncated: Kind[];
  windowDays: number;
}

/** Gaps and pass notes from a list of three-valued sub-checks (all of them known). */
function split(checks: Tri[]): Pick<PlatformResource, 'gaps' | 'notes'> {
  return { gaps: checks.flatMap((c) => (c.v === 'F' ? c.why : [])), notes: checks.flatMap((c) => (c.v === 'T' ? c.why : [])) };
}

const fact = (ok: boolean, yes: string, no: string): Tri => (ok ? T(yes) : F(no));

export function notebookGaps(d: DescribeNotebookInstanceCommandOutput): string[] {
  const g: string[] = [];
  if (d.DirectInternetAccess !== 'Disabled') g.push(`direct internet access ${d.DirectInternetAccess ?? 'not reported'}`);
  if (d.RootAccess !== 'Disabled') g.push(`root access ${d.RootAccess ?? 'not reported'}`);
  // The notebook's ML storage volume is EBS on every instance type: a KMS key can always be set.
  if (!d.KmsKeyId) g.push('no KMS key');
  if (!d.SubnetId) g.push('not in a VPC');
  return g;
}

export function domainGaps(d: DescribeDomainCommandOutput): string[] {
  const g: string[] = [];
  if (d.AppNetworkAccessType !== 'VpcOnly') g.push(`network access ${d.AppNetworkAccessType ?? 'not reported'}, not VpcOnly`);
  if (!d.KmsKeyId) g.push('no KMS key');
  return g;
}

export function modelGaps(d: Pick<DescribeModelCommandOutput, 'EnableNetworkIsolation' | 'VpcConfig'>): string[] {
  return d.EnableNetworkIsolation === true || d.VpcConfig?.Subnets?.length ? [] : ['neither network isolation nor a VPC'];
}

export function trainingChecks(d: DescribeTrainingJobCommandOutput): Tri[] {
  const types = [d.ResourceConfig?.InstanceType, ...(d.ResourceConfig?.InstanceGroups ?? []).map((g) => g.InstanceType)];
  return [
    interContainerEncryption(d),
    fact(d.EnableNetworkIsolation === true || !!d.VpcConfig?.Subnets?.length, 'network isolation or VPC', 'neither network isolation nor a VPC'),
    fact(!!d.OutputDataConfig?.KmsKeyId, 'output KMS-encrypted', 'output not KMS-encrypted'),
    jobVolumeEncryption(types, d.ResourceConfig?.VolumeKmsKeyId),
  ];
}

export function trainingGaps(d: DescribeTrainingJobCommandOutput): string[] {
  return split(trainingChecks(d)).gaps;
}

export function endpointConfigCheck(d: Pick<DescribeEndpointConfigCommandOutput, 'KmsKeyId' | 'ProductionVariants'>): Tri {
  const variants = (d.ProductionVariants ?? []).map((v) => ({ name: v.VariantName, instanceType: v.InstanceType, serverless: !!v.ServerlessConfig }));
  return endpointVolumeEncryption(variants, d.KmsKeyId);
}

export function endpointConfigGaps(d: Pick<DescribeEndpointConfigCommandOutput, 'KmsKeyId' | 'ProductionVariants'>): string[] {
  return split([endpointConfigCheck(d)]).gaps;
}

/** The newest `cap` items of a list; the list keeps its completeness (an unread page stays unknown). */
function newest<X>(l: ListEv<X>, date: (x: X) => Date | undefined, cap: number): { list: ListEv<X>; truncated: boolean } {
  const sorted = newestFirst(l.items, date);
  return { list: { ...l, items: sorted.slice(0, cap) }, truncated: sorted.length > cap };
}

export default defineProbe<PlatformFacts>({
  id: 'sagemaker-platform',
  service: 'Amazon SageMaker',
  title: 'SageMaker notebooks, domains, models, training jobs and endpoint configs are locked down',
  severity: 'high',
  remediation:
    'Harden SageMaker resources: notebooks with `--direct-internet-access Disabled --root-access Disabled --kms-key-id … --subnet-id …`, domains with `--app-network-access-type VpcOnly --kms-key-id …`, models and training jobs with `--enable-network-isolation` or a VpcConfig, multi-instance training jobs with `--enable-inter-container-traffic-encryption`, training jobs with an output KMS key and (on EBS-backed instance types) a volume KMS key, endpoint configs with `--kms-key-id` unless a variant runs on an instance type with local NVMe storage, which AWS encrypts in hardware and for which it refuses a key (SageMaker console → each resource → Network / Encryption settings).',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [DescribeNotebookInstance, DescribeDomain, DescribeModel, DescribeTrainingJob, ListEndpointConfigs, DescribeEndpointConfig],
  uses: [sagemakerInventory],
  async collect(ctx) {
    const [inv, configs] = await Promise.all([
      ctx.use(sagemakerInventory),
      ctx.listNewest(ListEndpointConfigs, { SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'EndpointConfigs', PLATFORM_CAP),
    ]);
    const models = newest(inv.models, (m) => m.CreationTime, PLATFORM_CAP);
    const jobs = newest(inv.trainingJobs, (j) => j.CreationTime, PLATFORM_CAP);
    const truncated: Kind[] = [];
    if (models.truncated) truncated.push('model');
    if (jobs.truncated) truncated.push('training job');
    if (configs.truncated) truncated.push('endpoint config');

    // One describe per resource; "gone" (deleted since listed) drops it, a failure names it.
    const each = <X, O extends object>(l: ListEv<X>, kind: Kind, who: (x: X) => { id: string; name: string }, read: (x: X, resource: string) => Promise<Ev<O | Absent>>, judge: (o: O) => Pick<PlatformResource, 'gaps' | 'notes'>) =>
      fanOut(l, async (x): Promise<Ev<PlatformResource | null>> => {
        const { id, name } = who(x);
        return mapEv(await read(x, id), (o) => (isAbsent(o) ? null : { kind, id, name, ...judge(o as O) }));
      }).then((r) => filterList(r, (p): p is PlatformResource => p !== null) as ListEv<PlatformResource>);
    const [notebook, domain, model, training, config] = await Promise.all([
      each(inv.notebooks, 'notebook', (n) => ({ id: n.NotebookInstanceArn ?? n.NotebookInstanceName ?? '', name: n.NotebookInstanceName ?? '' }), (n, resource) => ctx.readOrAbsent(DescribeNotebookInstance, { NotebookInstanceName: n.NotebookInstanceName }, { resource }), (d) => ({ gaps: notebookGaps(d), notes: [] })),
      each(inv.domains, 'domain', (d) => ({ id: d.DomainArn ?? d.DomainId ?? '', name: d.DomainName ?? d.DomainId ?? '' }), (d, resource) => ctx.readOrAbsent(DescribeDomain, { DomainId: d.DomainId }, { resource }), (d) => ({ gaps: domainGaps(d), notes: [] })),
      each(models.list, 'model', (m) => ({ id: m.ModelArn ?? m.ModelName ?? '', name: m.ModelName ?? '' }), (m, resource) => ctx.readOrAbsent(DescribeModel, { ModelName: m.ModelName }, { resource }), (d) => ({ gaps: modelGaps(d), notes: [] })),
      each(jobs.list, 'training job', (j) => ({ id: j.TrainingJobArn ?? j.TrainingJobName ?? '', name: j.TrainingJobName ?? '' }), (j, resource) => ctx.readOrAbsent(DescribeTrainingJob, { TrainingJobName: j.TrainingJobName }, { resource }), (d) => split(trainingChecks(d))),
      each(configs, 'endpoint config', (c) => ({ id: c.EndpointConfigArn ?? c.EndpointConfigName ?? '', name: c.EndpointConfigName ?? '' }), (c, resource) => ctx.readOrAbsent(DescribeEndpointConfig, { EndpointConfigName: c.EndpointConfigName }, { resource }), (d) => split([endpointConfigCheck(d)])),
    ]);
    return { lists: { notebook, domain, model, 'training job': training, 'endpoint config': config }, truncated, windowDays: ctx.settings.jobWindowDays };
  },
  evaluate(f) {
    const judge = (r: PlatformResource): Tri => (r.gaps.length ? F(r.gaps) : T(r.notes.length ? r.notes : ['compliant']));
    const label = (r: PlatformResource) => `${r.kind} ${r.name}`;
    const resources: ResourceResult[] = [];
    const perKind: Tri[] = [];
    for (const k of KINDS) {
      const l = f.lists[k];
      for (const r of l.items) {
        const t = judge(r);
        resources.push(t.v === 'T' && !r.notes.length ? { id: r.id, status: 'PASS', reason: `${label(r)}: compliant` } : resourceOf(r.id, undefined, t, label(r)));
      }
      for (const u of unreadResources(l, (id) => (id ? `${k} ${id}` : `${k}s`))) resources.push(resourceOf(u.id, undefined, { v: 'U', causes: u.causes, why: [] }, u.label));
      perKind.push(every(l, judge, `${k}s not all read`));
    }
    const all = and(...perKind);
    const tally = KINDS.map((k) => ({ k, n: f.lists[k].items.length, bad: f.lists[k].items.filter((r) => r.gaps.length).length })).filter((t) => t.n > 0);
    const summary = tally.map((t) => `${t.k}s ${t.bad}/${t.n} non-compliant`).join(', ');
    const warnings = f.truncated.map((k) => `only the ${PLATFORM_CAP} newest ${k}s were described`);
    const failing = resources.filter((r) => r.status === 'FAIL');
    const described = KINDS.reduce((n, k) => n + f.lists[k].items.length, 0);
    if (all.v === 'T' && described === 0) return notApplicable('no SageMaker notebooks, domains, models, recent training jobs or endpoint configs in this region');
    if (all.v === 'T' && f.truncated.length) return manual(`every resource read is compliant (${summary}), but ${f.truncated.join(', ')} lists were cut at ${PLATFORM_CAP}`, { code: 'PARTIAL', resources, warnings });
    return verdictOf(
      all,
      {
        pass: () => `all ${described} SageMaker resource(s) compliant (${summary})`,
        fail: () => `${summary}: ${someOf(failing.map((r) => r.reason))}`,
        code: 'MISCONFIGURED',
        undecided: () => `${summary || 'no resource judged'}; some resources could not be read`,
      },
      { resources, warnings },
    );
  },
});
