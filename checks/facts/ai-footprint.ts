// Does a region run AI workloads? (probes.md §0.) Workload-conditional checks use this to say
// NOT_APPLICABLE — but only when the footprint is known: a part that could not be read makes
// "no footprint" unprovable, and such a probe must report ERROR rather than guess.
import type {
  GetModelInvocationLoggingConfigurationCommandInput,
  GetModelInvocationLoggingConfigurationCommandOutput,
  ListCustomModelsCommandInput,
  ListCustomModelsCommandOutput,
  ListGuardrailsCommandInput,
  ListGuardrailsCommandOutput,
} from '@aws-sdk/client-bedrock';
import type { ListMetricsCommandInput, ListMetricsCommandOutput } from '@aws-sdk/client-cloudwatch';
import { NEXT_TOKEN, next_token, op } from '../../src/aws/ops.js';
import { defineFact } from '../../src/engine/probe.js';
import { causesOf, completeList, F, known, nonEmpty, or, T, U, type Cause, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { sagemakerInventory } from './sagemaker-inventory.js';

export const ListCustomModels = op<ListCustomModelsCommandInput, ListCustomModelsCommandOutput>('bedrock', 'ListCustomModels', { paginate: next_token });
export const ListGuardrails = op<ListGuardrailsCommandInput, ListGuardrailsCommandOutput>('bedrock', 'ListGuardrails', { paginate: next_token });
export const GetModelInvocationLoggingConfiguration = op<GetModelInvocationLoggingConfigurationCommandInput, GetModelInvocationLoggingConfigurationCommandOutput>('bedrock', 'GetModelInvocationLoggingConfiguration');
export const ListMetrics = op<ListMetricsCommandInput, ListMetricsCommandOutput>('cloudwatch', 'ListMetrics', { paginate: NEXT_TOKEN });

/** Resource counts per type: also evidence for resource documentation in its own right. */
export interface AiInventory {
  'sagemaker:endpoint': number;
  'sagemaker:endpoint-in-service': number;
  'sagemaker:model': number;
  'sagemaker:training-job': number;
  'sagemaker:domain': number;
  'sagemaker:notebook-instance': number;
  'bedrock:custom-model': number;
  'bedrock:guardrail': number;
  'bedrock:invocation-logging': number;
  'bedrock:active-metric': number;
}

export interface AiFootprint {
  region: string;
  /** null where no part proves use and some part could not be read. */
  sagemaker: boolean | null;
  bedrock: boolean | null;
  inventory: Partial<AiInventory>;
  /** Why a part is unknown, in words (access denied, throttled …). */
  unknown: string[];
  /** The same, as causes: the calls and IAM actions that would settle it. */
  causes: Cause[];
}

/** Invocation logging counts as configured when it has at least one destination. */
export function loggingConfigured(v: GetModelInvocationLoggingConfigurationCommandOutput | undefined): boolean {
  const c = v?.loggingConfig;
  return !!(c && (c.cloudWatchConfig?.logGroupName || c.s3Config?.bucketName));
}

/** true / false when known, null when an unreadable part leaves it open. */
export function anyAi(f: AiFootprint): boolean | null {
  if (f.sagemaker || f.bedrock) return true;
  if (f.sagemaker === null || f.bedrock === null) return null;
  return false;
}

/** The AI footprint as a three-valued answer, for probes that combine it with other evidence. */
export function aiInUse(f: AiFootprint): Tri {
  const v = anyAi(f);
  return v === null ? U(f.causes, 'whether AI workloads run here') : v ? T('AI workloads in this region') : F('no AI workloads in this region');
}

const triToBool = (t: Tri): boolean | null => (t.v === 'U' ? null : t.v === 'T');

/**
 * Bedrock leaves no resource behind when it is only invoked, so its use is read from several
 * signals: custom models, guardrails, invocation logging, and Bedrock metrics with data points in
 * the last two weeks (ListMetrics without RecentlyActive covers 14 days; RecentlyActive=PT3H would
 * miss an account used this afternoon and scanned tonight).
 */
export const BEDROCK_METRICS_WINDOW = 'the last 14 days';

export const aiFootprint = defineFact<AiFootprint>({
  id: 'ai-footprint',
  scope: 'regional',
  calls: [ListCustomModels, ListGuardrails, GetModelInvocationLoggingConfiguration, ListMetrics],
  uses: [sagemakerInventory],
  async collect(ctx) {
    const inventory: Partial<AiInventory> = {};
    const [inv, custom, guard, logging, metrics] = await Promise.all([
      ctx.use(sagemakerInventory),
      ctx.list(ListCustomModels, {}, 'modelSummaries'),
      ctx.list(ListGuardrails, {}, 'guardrails'),
      ctx.read(GetModelInvocationLoggingConfiguration, {}),
      ctx.list(ListMetrics, { Namespace: 'AWS/Bedrock' }, 'Metrics'),
    ]);
    // A service not offered in the region has no workload there: its unknown is an answer.
    const offered = <X>(l: ListEv<X>): ListEv<X> => (l.complete || !l.causes.every((c) => c.kind === 'unavailable') ? l : completeList([]));
    const count = (key: keyof AiInventory, l: ListEv<unknown>) => {
      if (l.complete) inventory[key] = l.items.length;
    };
    count('sagemaker:endpoint', offered(inv.endpoints));
    count('sagemaker:endpoint-in-service', offered(inv.inServiceEndpoints));
    count('sagemaker:model', offered(inv.models));
    count('sagemaker:training-job', offered(inv.trainingJobNames));
    count('sagemaker:domain', offered(inv.domainIds));
    count('sagemaker:notebook-instance', offered(inv.notebookNames));
    const sm = or(
      nonEmpty(offered(inv.endpoints), 'SageMaker endpoints', 'no endpoints'),
      nonEmpty(offered(inv.models), 'SageMaker models', 'no models'),
      nonEmpty(offered(inv.domainIds), 'SageMaker domains', 'no domains'),
      nonEmpty(offered(inv.notebookNames), 'notebook instances', 'no notebooks'),
      nonEmpty(offered(inv.trainingJobNames), 'training jobs', 'no training jobs'),
    );
    const logEv: Ev<unknown> = !logging.known && logging.causes.every((c) => c.kind === 'unavailable') ? known(undefined) : logging;
    const loggingList: ListEv<number> = logEv.known ? completeList(loggingConfigured(logEv.value as GetModelInvocationLoggingConfigurationCommandOutput | undefined) ? [1] : []) : { items: [], complete: false, causes: logEv.causes };
    count('bedrock:custom-model', offered(custom));
    count('bedrock:guardrail', offered(guard));
    count('bedrock:invocation-logging', loggingList);
    count('bedrock:active-metric', offered(metrics));
    // Usage is proven by any part, absence only by all of them.
    const br = or(
      nonEmpty(offered(custom), 'custom models', 'no custom models'),
      nonEmpty(offered(guard), 'guardrails', 'no guardrails'),
      nonEmpty(loggingList, 'invocation logging', 'no invocation logging'),
      nonEmpty(offered(metrics), `Bedrock metrics in ${BEDROCK_METRICS_WINDOW}`, 'no Bedrock metrics'),
    );
    const causes = causesOf([sm, br]);
    return { region: ctx.region, sagemaker: triToBool(sm), bedrock: triToBool(br), inventory, unknown: causes.map((c) => c.detail), causes };
  },
});
