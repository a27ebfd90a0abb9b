// Every in-service SageMaker endpoint described once per region: the endpoint, its endpoint
// config and the models behind it (probes.md §2.1, §2.27, §2.43, §2.52, §10). Model Monitor,
// Endpoints, Multi-AZ, Clarify, Model Registry and JumpStart all read the same answers.
// Only the fields the probes judge are kept: container environment variables are never copied.
import type {
  ContainerDefinition,
  DescribeEndpointCommandInput,
  DescribeEndpointCommandOutput,
  DescribeEndpointConfigCommandInput,
  DescribeEndpointConfigCommandOutput,
  DescribeModelCommandInput,
  DescribeModelCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { isAbsent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import { defineFact } from '../../src/engine/probe.js';
import { fanOut, filterList, known, unknown, type Ev, type ListEv } from '../../src/engine/evidence.js';
import { GONE, sagemakerInventory } from './sagemaker-inventory.js';

export const DescribeEndpoint = op<DescribeEndpointCommandInput, DescribeEndpointCommandOutput>('sagemaker', 'DescribeEndpoint', { absent: GONE });
export const DescribeEndpointConfig = op<DescribeEndpointConfigCommandInput, DescribeEndpointConfigCommandOutput>('sagemaker', 'DescribeEndpointConfig', { absent: GONE });
export const DescribeModel = op<DescribeModelCommandInput, DescribeModelCommandOutput>('sagemaker', 'DescribeModel', { absent: GONE });

export interface ContainerFacts {
  image?: string;
  mode?: string;
  modelDataUrl?: string;
  modelPackageName?: string;
}

export interface ModelFacts {
  name: string;
  arn?: string;
  /** false when the model was deleted while the endpoint still serves it. */
  exists: boolean;
  containers: ContainerFacts[];
  networkIsolation?: boolean;
  subnets?: string[];
}

export interface VariantFacts {
  name: string;
  modelName?: string;
  serverless: boolean;
  /** Managed instance scaling (endpoints with inference components). */
  managedScaling: boolean;
  currentInstanceCount?: number;
  desiredInstanceCount?: number;
  initialInstanceCount?: number;
  instanceType?: string;
}

export interface EndpointFacts {
  name: string;
  arn: string;
  status?: string;
  configName?: string;
  /** false when the endpoint config was deleted (SageMaker allows that while the endpoint runs). */
  configExists: boolean;
  kmsKeyId?: string;
  capture: { enabled: boolean; status?: string; samplingPercent?: number; destination?: string; kmsKeyId?: string };
  variants: VariantFacts[];
  /** Online explainability (SageMaker Clarify) on the endpoint or its config. */
  clarifyExplainer: boolean;
  autoRollbackAlarms: number;
  deploymentPolicy?: 'blue-green' | 'rolling';
  configSubnets?: string[];
  models: ModelFacts[];
}

export interface EndpointDetails {
  /** Endpoints described; one whose describes failed is named in `causes` (its siblings survive). */
  endpoints: ListEv<EndpointFacts>;
  /** Endpoints that vanished between the list and the describe. */
  vanished: string[];
}

export function containersOf(m: Pick<DescribeModelCommandOutput, 'PrimaryContainer' | 'Containers'>): ContainerFacts[] {
  const all: ContainerDefinition[] = [...(m.PrimaryContainer ? [m.PrimaryContainer] : []), ...(m.Containers ?? [])];
  return all.map((c) => ({
    image: c.Image,
    mode: c.Mode,
    modelDataUrl: c.ModelDataUrl ?? c.ModelDataSource?.S3DataSource?.S3Uri,
    modelPackageName: c.ModelPackageName,
  }));
}

export function modelFacts(name: string, d: DescribeModelCommandOutput | null): ModelFacts {
  if (!d) return { name, exists: false, containers: [] };
  return { name, arn: d.ModelArn, exists: true, containers: containersOf(d), networkIsolation: d.EnableNetworkIsolation, subnets: d.VpcConfig?.Subnets };
}

export const sagemakerEndpointDetails = defineFact<EndpointDetails>({
  id: 'sagemaker-endpoint-details',
  scope: 'regional',
  calls: [DescribeEndpoint, DescribeEndpointConfig, DescribeModel],
  uses: [sagemakerInventory],
  async collect(ctx) {
    const inv = await ctx.use(sagemakerInventory);
    const vanished: string[] = [];
    // Each endpoint on its own: one whose describes fail is unknown, the others are judged.
    const described = await fanOut(inv.inServiceEndpoints, async (e): Promise<Ev<EndpointFacts | null>> => {
        const resource = e.EndpointArn ?? e.EndpointName;
        const de = await ctx.readOrAbsent(DescribeEndpoint, { EndpointName: e.EndpointName }, { resource });
        if (!de.known) return de;
        const d = de.value;
        if (isAbsent(d)) {
          vanished.push(e.EndpointName ?? '');
          return known(null);
        }
        const cfgEv = d.EndpointConfigName ? await ctx.readOrAbsent(DescribeEndpointConfig, { EndpointConfigName: d.EndpointConfigName }, { resource }) : known(undefined);
        if (!cfgEv.known) return cfgEv;
        const cfg = cfgEv.value;
        const config = cfg && !isAbsent(cfg) ? cfg : undefined;
        const modelNames = [...new Set((config?.ProductionVariants ?? []).map((v) => v.ModelName).filter((m): m is string => !!m))];
        const modelEvs = await Promise.all(modelNames.map((m) => ctx.readOrAbsent(DescribeModel, { ModelName: m }, { resource })));
        const failed = modelEvs.flatMap((r) => (r.known ? [] : r.causes));
        if (failed.length) return unknown(failed);
        const models = modelEvs.map((r, i) => modelFacts(modelNames[i], r.known && !isAbsent(r.value) ? r.value : null));
        const dc = d.DataCaptureConfig;
        const last = d.LastDeploymentConfig;
        const result: EndpointFacts = {
          name: e.EndpointName ?? d.EndpointName ?? '',
          arn: e.EndpointArn ?? d.EndpointArn ?? e.EndpointName ?? '',
          status: d.EndpointStatus ?? e.EndpointStatus,
          configName: d.EndpointConfigName,
          configExists: !!config,
          kmsKeyId: config?.KmsKeyId,
          capture: { enabled: dc?.EnableCapture === true, status: dc?.CaptureStatus, samplingPercent: dc?.CurrentSamplingPercentage, destination: dc?.DestinationS3Uri, kmsKeyId: dc?.KmsKeyId },
          variants: (d.ProductionVariants ?? []).map((v) => {
            const c = config?.ProductionVariants?.find((x) => x.VariantName === v.VariantName);
            return {
              name: v.VariantName ?? '',
              modelName: c?.ModelName,
              serverless: !!(v.CurrentServerlessConfig ?? c?.ServerlessConfig),
              managedScaling: (v.ManagedInstanceScaling ?? c?.ManagedInstanceScaling)?.Status === 'ENABLED',
              currentInstanceCount: v.CurrentInstanceCount,
              desiredInstanceCount: v.DesiredInstanceCount,
              initialInstanceCount: c?.InitialInstanceCount,
              instanceType: c?.InstanceType,
            };
          }),
          // probes.md §2.15 reads it from DescribeEndpointConfig; the d.ts also returns it on DescribeEndpoint.
          clarifyExplainer: !!(d.ExplainerConfig?.ClarifyExplainerConfig ?? config?.ExplainerConfig?.ClarifyExplainerConfig),
          autoRollbackAlarms: last?.AutoRollbackConfiguration?.Alarms?.length ?? 0,
          deploymentPolicy: last?.BlueGreenUpdatePolicy ? 'blue-green' : last?.RollingUpdatePolicy ? 'rolling' : undefined,
          configSubnets: config?.VpcConfig?.Subnets,
          models,
        };
        return known(result);
    });
    return { endpoints: filterList(described, (e): e is EndpointFacts => e !== null) as ListEv<EndpointFacts>, vanished: vanished.sort() };
  },
});
