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

/** A footprint part: read (null = service not offered in the region), or unreadable. */
type Settled<T> = { ok: true; v: T | null } | { ok: false };

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
    const settle = async <T>(fn: () => Promise<T>): Promise<Settled<T>> => {
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
    // Each Bedrock part is counted on its own, so the inventory shows what could be read even
    // when another part was denied; usage is proven by any part, absence only by all of them.
    const signals: (number | null)[] = [];
    const count = <T>(r: Settled<T>, key: keyof AiInventory, n: (v: T) => number) => {
      if (!r.ok) return void signals.push(null);
      const v = r.v === null ? 0 : n(r.v);
      inventory[key] = v;
      signals.push(v);
    };
    count(custom, 'bedrock:custom-model', (v) => v.length);
    count(guard, 'bedrock:guardrail', (v) => v.length);
    count(logging, 'bedrock:invocation-logging', (v) => (loggingConfigured(v) ? 1 : 0));
    count(metrics, 'bedrock:active-metric', (v) => v.length);
    const bedrock: boolean | null = signals.some((n) => n !== null && n > 0) ? true : signals.includes(null) ? null : false;
    // Sorted: completion order varies, a report must not.
    return { region: ctx.region, sagemaker, bedrock, inventory, unknown: unknown.sort() };
  },
});
