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
import { AwsCallError } from '../../src/aws/errors.js';
import { NEXT_TOKEN, next_token, op } from '../../src/aws/ops.js';
import { defineFact } from '../../src/engine/probe.js';
import { sagemakerInventory, hasSageMakerWorkload } from './sagemaker-inventory.js';

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
  /** null where that part could not be read. */
  sagemaker: boolean | null;
  bedrock: boolean | null;
  inventory: Partial<AiInventory>;
  /** Why a part is unknown (access denied, throttled …). */
  unknown: string[];
}

/** true / false when known, null when an unreadable part leaves it open. */
export function anyAi(f: AiFootprint): boolean | null {
  if (f.sagemaker || f.bedrock) return true;
  if (f.sagemaker === null || f.bedrock === null) return null;
  return false;
}

async function part<T>(fn: () => Promise<T>, unknown: string[]): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    // A service not offered in the region has no workload there; anything else is unknown.
    if (err instanceof AwsCallError && err.kind === 'unavailable') return null as T | null;
    if (err instanceof AwsCallError) unknown.push(err.reason);
    else unknown.push(`footprint: ${(err as Error).message}`);
    throw err;
  }
}

export const aiFootprint = defineFact<AiFootprint>({
  id: 'ai-footprint',
  scope: 'regional',
  calls: [ListCustomModels, ListGuardrails, GetModelInvocationLoggingConfiguration, ListMetrics],
  uses: [sagemakerInventory],
  async collect(ctx) {
    const unknown: string[] = [];
    const inventory: Partial<AiInventory> = {};
    const settle = async <T>(fn: () => Promise<T>): Promise<{ ok: true; v: T | null } | { ok: false }> => {
      try {
        return { ok: true, v: await part(fn, unknown) };
      } catch {
        return { ok: false };
      }
    };
    const [sm, custom, guard, logging, metrics] = await Promise.all([
      settle(() => ctx.use(sagemakerInventory)),
      settle(() => ctx.all(ListCustomModels, {}, 'modelSummaries')),
      settle(() => ctx.all(ListGuardrails, {}, 'guardrails')),
      settle(() => ctx.call(GetModelInvocationLoggingConfiguration, {})),
      settle(() => ctx.all(ListMetrics, { Namespace: 'AWS/Bedrock', RecentlyActive: 'PT3H' }, 'Metrics')),
    ]);
    let sagemaker: boolean | null = null;
    if (sm.ok) {
      const inv = sm.v;
      if (inv) {
        inventory['sagemaker:endpoint'] = inv.endpoints.length;
        inventory['sagemaker:endpoint-in-service'] = inv.inServiceEndpoints.length;
        inventory['sagemaker:model'] = inv.models.length;
        inventory['sagemaker:training-job'] = inv.trainingJobNames.length;
        inventory['sagemaker:domain'] = inv.domainIds.length;
        inventory['sagemaker:notebook-instance'] = inv.notebookNames.length;
      }
      sagemaker = inv ? hasSageMakerWorkload(inv) : false;
    }
    let bedrock: boolean | null = null;
    if (custom.ok && guard.ok && logging.ok && metrics.ok) {
      const nCustom = custom.v?.length ?? 0;
      const nGuard = guard.v?.length ?? 0;
      const logOn = logging.v?.loggingConfig && (logging.v.loggingConfig.cloudWatchConfig || logging.v.loggingConfig.s3Config) ? 1 : 0;
      const nMetrics = metrics.v?.length ?? 0;
      Object.assign(inventory, { 'bedrock:custom-model': nCustom, 'bedrock:guardrail': nGuard, 'bedrock:invocation-logging': logOn, 'bedrock:active-metric': nMetrics });
      bedrock = nCustom + nGuard + logOn + nMetrics > 0;
    } else if (custom.ok && custom.v?.length) {
      bedrock = true;
    } else if (guard.ok && guard.v?.length) {
      bedrock = true;
    }
    return { region: ctx.region, sagemaker, bedrock, inventory, unknown };
  },
});
