// Amazon SageMaker (platform) — A.4 secure design and development. probes.md §2.21.
// Five sub-checks, each per resource; the service result is the worst of them:
// notebooks (no direct internet, no root, KMS, VPC), domains (VpcOnly, KMS), models (network
// isolation or VPC), training jobs in the window (inter-container encryption, VPC or isolation,
// output and volume KMS) and endpoint configs (KMS). Models, training jobs and endpoint configs
// are capped at the newest 500 each; a cut list cannot PASS.
import type {
  DescribeDomainCommandInput,
  DescribeEndpointConfigCommandOutput,
  DescribeModelCommandOutput,
  DescribeDomainCommandOutput,
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
import { defineProbe, fail, manual, notApplicable, pass } from '../../src/engine/probe.js';
import { DescribeEndpointConfig, DescribeModel } from '../facts/sagemaker-endpoint-details.js';
import { GONE, listNewest, newestFirst, sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';
import { mustAll } from '../../src/engine/evidence.js';

export const DescribeNotebookInstance = op<DescribeNotebookInstanceCommandInput, DescribeNotebookInstanceCommandOutput>('sagemaker', 'DescribeNotebookInstance', { absent: GONE });
export const DescribeDomain = op<DescribeDomainCommandInput, DescribeDomainCommandOutput>('sagemaker', 'DescribeDomain', { absent: GONE });
export const DescribeTrainingJob = op<DescribeTrainingJobCommandInput, DescribeTrainingJobCommandOutput>('sagemaker', 'DescribeTrainingJob', { absent: GONE });
export const ListEndpointConfigs = op<ListEndpointConfigsCommandInput, ListEndpointConfigsCommandOutput>('sagemaker', 'ListEndpointConfigs', { paginate: NEXT_TOKEN });

/** Per resource type, at most this many are described (newest first). */
export const PLATFORM_CAP = 500;

type Kind = 'notebook' | 'domain' | 'model' | 'training job' | 'endpoint config';

export interface PlatformResource {
  kind: Kind;
  id: string;
  name: string;
  /** What falls short; empty when compliant. */
  gaps: string[];
}

export interface PlatformFacts {
  resources: PlatformResource[];
  /** Kinds whose list was cut at the cap. */
  truncated: Kind[];
  windowDays: number;
}

export function notebookGaps(d: DescribeNotebookInstanceCommandOutput): string[] {
  const g: string[] = [];
  if (d.DirectInternetAccess !== 'Disabled') g.push(`direct internet access ${d.DirectInternetAccess ?? 'not reported'}`);
  if (d.RootAccess !== 'Disabled') g.push(`root access ${d.RootAccess ?? 'not reported'}`);
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

export function trainingGaps(d: DescribeTrainingJobCommandOutput): string[] {
  const g: string[] = [];
  if (d.EnableInterContainerTrafficEncryption !== true) g.push('inter-container traffic not encrypted');
  if (d.EnableNetworkIsolation !== true && !d.VpcConfig?.Subnets?.length) g.push('neither network isolation nor a VPC');
  if (!d.OutputDataConfig?.KmsKeyId) g.push('output not KMS-encrypted');
  if (!d.ResourceConfig?.VolumeKmsKeyId) g.push('volume not KMS-encrypted');
  return g;
}

export function endpointConfigGaps(d: Pick<DescribeEndpointConfigCommandOutput, 'KmsKeyId' | 'ProductionVariants'>): string[] {
  const variants = d.ProductionVariants ?? [];
  // Serverless variants have no instance storage volume for the key to encrypt.
  if (variants.length > 0 && variants.every((v) => v.ServerlessConfig)) return [];
  return d.KmsKeyId ? [] : ['no KMS key'];
}

export default defineProbe<PlatformFacts>({
  id: 'sagemaker-platform',
  service: 'Amazon SageMaker',
  title: 'SageMaker notebooks, domains, models, training jobs and endpoint configs are locked down',
  severity: 'high',
  remediation: 'Harden SageMaker resources: notebooks with `--direct-internet-access Disabled --root-access Disabled --kms-key-id … --subnet-id …`, domains with `--app-network-access-type VpcOnly --kms-key-id …`, models and training jobs with `--enable-network-isolation` or a VpcConfig, training jobs with `--enable-inter-container-traffic-encryption` and output/volume KMS keys, endpoint configs with `--kms-key-id` (SageMaker console → each resource → Network / Encryption settings).',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [DescribeNotebookInstance, DescribeDomain, DescribeModel, DescribeTrainingJob, ListEndpointConfigs, DescribeEndpointConfig],
  uses: [sagemakerInventory],
  async collect(ctx) {
    const inv = await ctx.use(sagemakerInventory);
    const truncated: Kind[] = [];
    const models = newestFirst(mustAll(inv.models), (m) => m.CreationTime);
    const jobs = newestFirst(mustAll(inv.trainingJobs), (j) => j.CreationTime);
    if (models.length > PLATFORM_CAP) truncated.push('model');
    if (jobs.length > PLATFORM_CAP) truncated.push('training job');
    const configs = await listNewest(ctx, ListEndpointConfigs, { SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'EndpointConfigs', PLATFORM_CAP);
    if (configs.truncated) truncated.push('endpoint config');

    const one = async <O extends object>(kind: Kind, id: string, name: string, read: () => Promise<O | Absent>, gaps: (o: O) => string[]): Promise<PlatformResource | null> => {
      const r = await read();
      return isAbsent(r) ? null : { kind, id, name, gaps: gaps(r) };
    };
    const all = await Promise.all([
      ...mustAll(inv.notebooks).map((n) => one('notebook', n.NotebookInstanceArn ?? n.NotebookInstanceName ?? '', n.NotebookInstanceName ?? '', () => ctx.callOrAbsent(DescribeNotebookInstance, { NotebookInstanceName: n.NotebookInstanceName }), notebookGaps)),
      ...mustAll(inv.domains).map((d) => one('domain', d.DomainArn ?? d.DomainId ?? '', d.DomainName ?? d.DomainId ?? '', () => ctx.callOrAbsent(DescribeDomain, { DomainId: d.DomainId }), domainGaps)),
      ...models.slice(0, PLATFORM_CAP).map((m) => one('model', m.ModelArn ?? m.ModelName ?? '', m.ModelName ?? '', () => ctx.callOrAbsent(DescribeModel, { ModelName: m.ModelName }), modelGaps)),
      ...jobs.slice(0, PLATFORM_CAP).map((j) => one('training job', j.TrainingJobArn ?? j.TrainingJobName ?? '', j.TrainingJobName ?? '', () => ctx.callOrAbsent(DescribeTrainingJob, { TrainingJobName: j.TrainingJobName }), trainingGaps)),
      ...configs.items.map((c) => one('endpoint config', c.EndpointConfigArn ?? c.EndpointConfigName ?? '', c.EndpointConfigName ?? '', () => ctx.callOrAbsent(DescribeEndpointConfig, { EndpointConfigName: c.EndpointConfigName }), endpointConfigGaps)),
    ]);
    return { resources: all.filter((r): r is PlatformResource => r !== null), truncated, windowDays: ctx.settings.jobWindowDays };
  },
  evaluate(f) {
    if (f.resources.length === 0) return notApplicable('no SageMaker notebooks, domains, models, recent training jobs or endpoint configs in this region');
    const resources: ResourceResult[] = f.resources.map((r) => ({
      id: r.id,
      status: r.gaps.length ? 'FAIL' : 'PASS',
      reason: `${r.kind} ${r.name}: ${r.gaps.length ? r.gaps.join(', ') : 'compliant'}`,
    }));
    const kinds: Kind[] = ['notebook', 'domain', 'model', 'training job', 'endpoint config'];
    const tally = kinds
      .map((k) => ({ k, n: f.resources.filter((r) => r.kind === k).length, bad: f.resources.filter((r) => r.kind === k && r.gaps.length).length }))
      .filter((t) => t.n > 0);
    const summary = tally.map((t) => `${t.k}s ${t.bad}/${t.n} non-compliant`).join(', ');
    const warnings = f.truncated.map((k) => `only the ${PLATFORM_CAP} newest ${k}s were described`);
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${summary}: ${someOf(failing.map((r) => r.reason))}`, 'MISCONFIGURED', { resources, warnings });
    if (f.truncated.length) return manual(`every resource read is compliant (${summary}), but ${f.truncated.join(', ')} lists were cut at ${PLATFORM_CAP}`, { code: 'PARTIAL', resources, warnings });
    return pass(`all ${f.resources.length} SageMaker resource(s) compliant (${summary})`, { resources, warnings });
  },
});
