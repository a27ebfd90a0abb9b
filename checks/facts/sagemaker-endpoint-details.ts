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
  endpoints: EndpointFacts[];
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
    const described = await Promise.all(
      inv.inServiceEndpoints.map(async (e): Promise<EndpointFacts | null> => {
        const d = await ctx.callOrAbsent(DescribeEndpoint, { EndpointName: e.EndpointName });
        if (isAbsent(d)) {
          vanished.push(e.EndpointName ?? '');
          return null;
        }
        const cfg = d.EndpointConfigName ? await ctx.callOrAbsent(DescribeEndpointConfig, { EndpointConfigName: d.EndpointConfigName }) : undefined;
        const config = cfg && !isAbsent(cfg) ? cfg : undefined;
        const modelNames = [...new Set((config?.ProductionVariants ?? []).map((v) => v.ModelName).filter((m): m is string => !!m))];
        const models = await Promise.all(
          modelNames.map(async (m) => {
            const r = await ctx.callOrAbsent(DescribeModel, { ModelName: m });
            return modelFacts(m, isAbsent(r) ? null : r);
          }),
        );
        const dc = d.DataCaptureConfig;
        const last = d.LastDeploymentConfig;
        return {
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
      }),
    );
    return { endpoints: described.filter((e): e is EndpointFacts => e !== null), vanished: vanished.sort() };
  },
});
