// The SageMaker assets of a region for the AI inventory (issue 19): what the checks list one by one
// (models and training jobs described, model package groups and their latest approved version,
// model cards, pipelines, endpoint configs), read again with the very same inputs so the engine
// answers each call once, plus feature groups, which no check reads yet (their one new call).
// Only identifiers, statuses and the S3 locations and keys that relate assets are kept: container
// environment variables, hyperparameters and model card training details never are.
import type {
  DescribeModelCommandOutput,
  DescribeTrainingJobCommandOutput,
  ListFeatureGroupsCommandInput,
  ListFeatureGroupsCommandOutput,
  ListPipelinesCommandInput,
  ListPipelinesCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineFact } from '../../src/engine/probe.js';
import { fanOut, known, mapEv, mapList, type Ev, type ListEv } from '../../src/engine/evidence.js';
import { DESCRIBE_CAP } from './ai-buckets.js';
import { containersOf, DescribeModel } from './sagemaker-endpoint-details.js';
import { newestFirst, sagemakerInventory } from './sagemaker-inventory.js';
import { DescribeModelCard, ListModelCards } from '../probes/sagemaker-model-cards.js';
import { GROUP_CAP, ListModelPackageGroups, ListModelPackages } from '../probes/sagemaker-model-registry.js';
import { DescribeTrainingJob, ListEndpointConfigs, PLATFORM_CAP } from '../probes/sagemaker-platform.js';

// Declared here too (same operation, same input as the SageMaker Pipelines check): one call.
const ListPipelines = op<ListPipelinesCommandInput, ListPipelinesCommandOutput>('sagemaker', 'ListPipelines', { paginate: NEXT_TOKEN });
export const ListFeatureGroups = op<ListFeatureGroupsCommandInput, ListFeatureGroupsCommandOutput>('sagemaker', 'ListFeatureGroups', { paginate: NEXT_TOKEN });

export interface ModelAsset {
  name: string;
  arn?: string;
  /** null when the model was not described (beyond the cap) or is gone. */
  detail: Ev<{ images: string[]; artifacts: string[]; packages: string[] } | null>;
}

export interface TrainingJobAsset {
  name: string;
  arn?: string;
  status?: string;
  detail: Ev<{ inputs: string[]; output?: string; artifacts?: string; kmsKey?: string } | null>;
}

export interface PackageGroupAsset {
  name: string;
  arn: string;
  /** The newest Approved version (one item of ListModelPackages); null beyond the check's cap. */
  latestApproved: Ev<{ arn: string; version?: number } | undefined> | null;
}

/** What a model card says, as far as an inventory may repeat it (never training details). */
export interface ModelCardContent {
  modelName?: string;
  modelId?: string;
  description?: string;
  problemType?: string;
  algorithmType?: string;
  purpose?: string;
  intendedUses?: string;
  factors?: string;
  riskRating?: string;
  riskExplanation?: string;
  ethicalConsiderations?: string;
  caveats?: string;
  packageArn?: string;
  packageGroup?: string;
}

export interface ModelCardAsset {
  name: string;
  arn?: string;
  status?: string;
  content: Ev<ModelCardContent | null>;
}

export interface SageMakerAssets {
  models: ListEv<ModelAsset>;
  trainingJobs: ListEv<TrainingJobAsset>;
  packageGroups: ListEv<PackageGroupAsset>;
  modelCards: ListEv<ModelCardAsset>;
  pipelines: ListEv<{ name: string; arn?: string }>;
  /** The newest PLATFORM_CAP endpoint configs (the SageMaker platform check's listing). */
  endpointConfigs: ListEv<{ name: string; arn?: string }>;
  endpointConfigsTruncated: boolean;
  featureGroups: ListEv<{ name: string; arn?: string; status?: string }>;
}

const str = (v: unknown, max = 500): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);

/** The fields of a model card's Content an inventory repeats; the rest (training details, hyperparameters) is dropped. */
export function cardContent(content: string | undefined): ModelCardContent {
  let c: Record<string, Record<string, unknown> | undefined>;
  try {
    c = JSON.parse(content ?? '{}') as typeof c;
  } catch {
    return {};
  }
  if (!c || typeof c !== 'object') return {};
  const o = c.model_overview ?? {};
  const u = c.intended_uses ?? {};
  const a = c.additional_information ?? {};
  const p = c.model_package_details ?? {};
  const out: ModelCardContent = {
    modelName: str(o.model_name),
    modelId: str(o.model_id),
    description: str(o.model_description),
    problemType: str(o.problem_type),
    algorithmType: str(o.algorithm_type),
    purpose: str(u.purpose_of_model),
    intendedUses: str(u.intended_uses),
    factors: str(u.factors_affecting_model_efficiency),
    riskRating: str(u.risk_rating),
    riskExplanation: str(u.explanations_for_risk_rating),
    ethicalConsiderations: str(a.ethical_considerations),
    caveats: str(a.caveats_and_recommendations),
    packageArn: str(p.model_package_arn),
    packageGroup: str(p.model_package_group_name),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as ModelCardContent;
}

function modelDetail(d: DescribeModelCommandOutput | Absent) {
  if (isAbsent(d)) return null;
  const cs = containersOf(d);
  const pick = (f: (c: (typeof cs)[number]) => string | undefined) => [...new Set(cs.map(f).filter((x): x is string => !!x))].sort();
  return { images: pick((c) => c.image), artifacts: pick((c) => c.modelDataUrl), packages: pick((c) => c.modelPackageName) };
}

function jobDetail(d: DescribeTrainingJobCommandOutput | Absent) {
  if (isAbsent(d)) return null;
  const inputs = [...new Set((d.InputDataConfig ?? []).map((ch) => ch.DataSource?.S3DataSource?.S3Uri).filter((x): x is string => !!x))].sort();
  return { inputs, output: d.OutputDataConfig?.S3OutputPath, artifacts: d.ModelArtifacts?.S3ModelArtifacts, kmsKey: d.OutputDataConfig?.KmsKeyId || undefined };
}

export const sagemakerAssets = defineFact<SageMakerAssets>({
  id: 'sagemaker-assets',
  scope: 'regional',
  calls: [DescribeModel, DescribeTrainingJob, ListModelPackageGroups, ListModelPackages, ListModelCards, DescribeModelCard, ListPipelines, ListEndpointConfigs, ListFeatureGroups],
  uses: [sagemakerInventory],
  async collect(ctx) {
    const inv = await ctx.use(sagemakerInventory);
    // The newest DESCRIBE_CAP models and jobs are the ones the AI bucket scope describes: the same calls.
    const describedModels = new Set(newestFirst(inv.models.items, (m) => m.CreationTime).slice(0, DESCRIBE_CAP).map((m) => m.ModelName));
    const describedJobs = new Set(newestFirst(inv.trainingJobs.items, (j) => j.CreationTime).slice(0, DESCRIBE_CAP).map((j) => j.TrainingJobName));
    const [models, trainingJobs, groups, cards, pipelines, configs, featureGroups] = await Promise.all([
      fanOut(inv.models, async (m): Promise<Ev<ModelAsset>> => {
        const detail = describedModels.has(m.ModelName) ? mapEv(await ctx.readOrAbsent(DescribeModel, { ModelName: m.ModelName }, { resource: m.ModelArn ?? m.ModelName }), modelDetail) : known(null);
        return known({ name: m.ModelName ?? '', arn: m.ModelArn, detail });
      }),
      fanOut(inv.trainingJobs, async (j): Promise<Ev<TrainingJobAsset>> => {
        const detail = describedJobs.has(j.TrainingJobName) ? mapEv(await ctx.readOrAbsent(DescribeTrainingJob, { TrainingJobName: j.TrainingJobName }, { resource: j.TrainingJobArn ?? j.TrainingJobName }), jobDetail) : known(null);
        return known({ name: j.TrainingJobName ?? '', arn: j.TrainingJobArn, status: j.TrainingJobStatus, detail });
      }),
      ctx.list(ListModelPackageGroups, { MaxResults: 100 }, 'ModelPackageGroupSummaryList').then((l) => {
        // Newest first, as the Model Registry check reads them: the same groups get the same call.
        const newest = newestFirst(l.items, (g) => g.CreationTime).map((g, i) => ({ g, read: i < GROUP_CAP }));
        return fanOut({ ...l, items: newest }, async ({ g, read }): Promise<Ev<PackageGroupAsset>> => {
          const name = g.ModelPackageGroupName ?? '';
          const arn = g.ModelPackageGroupArn ?? '';
          if (!read) return known({ name, arn, latestApproved: null });
          const r = await ctx.read(ListModelPackages, { ModelPackageGroupName: g.ModelPackageGroupName, ModelApprovalStatus: 'Approved', MaxResults: 1 }, { resource: arn || name });
          const latestApproved = mapEv(r, (x) => {
            const s = x.ModelPackageSummaryList?.[0];
            return s?.ModelPackageArn ? { arn: s.ModelPackageArn, version: s.ModelPackageVersion } : undefined;
          });
          return known({ name, arn, latestApproved });
        });
      }),
      ctx.list(ListModelCards, { MaxResults: 100 }, 'ModelCardSummaries').then((l) =>
        fanOut(l, async (s): Promise<Ev<ModelCardAsset>> => {
          const d = await ctx.readOrAbsent(DescribeModelCard, { ModelCardName: s.ModelCardName, IncludedData: 'MetadataOnly' }, { resource: s.ModelCardArn ?? s.ModelCardName });
          return known({ name: s.ModelCardName ?? '', arn: s.ModelCardArn, status: s.ModelCardStatus, content: mapEv(d, (x) => (isAbsent(x) ? null : cardContent(x.Content))) });
        }),
      ),
      ctx.list(ListPipelines, { MaxResults: 100 }, 'PipelineSummaries'),
      ctx.listNewest(ListEndpointConfigs, { SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'EndpointConfigs', PLATFORM_CAP),
      ctx.list(ListFeatureGroups, { MaxResults: 100 }, 'FeatureGroupSummaries'),
    ]);
    return {
      models,
      trainingJobs,
      packageGroups: groups,
      modelCards: cards,
      pipelines: mapList(pipelines, (p) => ({ name: p.PipelineName ?? '', arn: p.PipelineArn })),
      endpointConfigs: mapList(configs, (c) => ({ name: c.EndpointConfigName ?? '', arn: c.EndpointConfigArn })),
      endpointConfigsTruncated: configs.truncated,
      featureGroups: mapList(featureGroups, (g) => ({ name: g.FeatureGroupName ?? '', arn: g.FeatureGroupArn, status: g.FeatureGroupStatus })),
    };
  },
});
