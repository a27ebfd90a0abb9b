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
import { fanOut, filterList, known, listOfKnown, mapEv, unknown, type Ev, type ListEv } from '../../src/engine/evidence.js';
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

/** A variant as DescribeEndpoint alone tells it (live counts, serverless, managed scaling). */
export interface LiveVariant {
  name: string;
  serverless: boolean;
  managedScaling: boolean;
  currentInstanceCount?: number;
  desiredInstanceCount?: number;
}

/** What DescribeEndpointConfig tells about an endpoint. */
export interface ConfigFacts {
  name?: string;
  kmsKeyId?: string;
  variants: { name: string; modelName?: string; serverless: boolean; managedScaling: boolean; initialInstanceCount?: number; instanceType?: string }[];
  clarifyExplainer: boolean;
  subnets?: string[];
}

/**
 * One endpoint as far as it could be read: DescribeEndpoint known, its config and models each
 * known or not. Probes judge what they can from the parts they need (Model Monitor needs no config
 * to see that capture is off), instead of losing the endpoint when one describe fails.
 */
export interface EndpointCore {
  name: string;
  arn: string;
  status?: string;
  configName?: string;
  capture: EndpointFacts['capture'];
  variants: LiveVariant[];
  /** Online explainability set on the endpoint itself (DescribeEndpoint.ExplainerConfig). */
  endpointExplainer: boolean;
  autoRollbackAlarms: number;
  deploymentPolicy?: 'blue-green' | 'rolling';
  /** null: the config was deleted while the endpoint runs. */
  config: Ev<ConfigFacts | null>;
  /** The config's models (a deleted model has exists: false); unknown when the config or a model could not be read. */
  models: Ev<ModelFacts[]>;
}

export interface EndpointDetails {
  /** Endpoints described; one whose describes failed is named in `causes` (its siblings survive). */
  endpoints: ListEv<EndpointFacts>;
  /** Endpoints whose DescribeEndpoint answered, each with its config and models known or not. */
  described: ListEv<EndpointCore>;
  /** Endpoints that vanished between the list and the describe. */
  vanished: string[];
}

/** An endpoint whose every part is known, in the flat shape; undefined while a part is unknown. */
export function fullFacts(c: EndpointCore): EndpointFacts | undefined {
  if (!c.config.known || !c.models.known) return undefined;
  const config = c.config.value ?? undefined;
  return {
    name: c.name,
    arn: c.arn,
    status: c.status,
    configName: c.configName,
    configExists: !!config,
    kmsKeyId: config?.kmsKeyId,
    capture: c.capture,
    variants: c.variants.map((v) => {
      const cv = config?.variants.find((x) => x.name === v.name);
      return {
        name: v.name,
        modelName: cv?.modelName,
        serverless: v.serverless || !!cv?.serverless,
        managedScaling: v.managedScaling || !!cv?.managedScaling,
        currentInstanceCount: v.currentInstanceCount,
        desiredInstanceCount: v.desiredInstanceCount,
        initialInstanceCount: cv?.initialInstanceCount,
        instanceType: cv?.instanceType,
      };
    }),
    // probes.md §2.15 reads it from DescribeEndpointConfig; the d.ts also returns it on DescribeEndpoint.
    clarifyExplainer: c.endpointExplainer || !!config?.clarifyExplainer,
    autoRollbackAlarms: c.autoRollbackAlarms,
    deploymentPolicy: c.deploymentPolicy,
    configSubnets: config?.subnets,
    models: c.models.value,
  };
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
    // Each endpoint on its own: one whose DescribeEndpoint fails is unknown, the others are judged;
    // a failed config or model describe leaves only that part of the endpoint unknown.
    const described = await fanOut(inv.inServiceEndpoints, async (e): Promise<Ev<EndpointCore | null>> => {
      const resource = e.EndpointArn ?? e.EndpointName;
      const de = await ctx.readOrAbsent(DescribeEndpoint, { EndpointName: e.EndpointName }, { resource });
      if (!de.known) return de;
      const d = de.value;
      if (isAbsent(d)) {
        vanished.push(e.EndpointName ?? '');
        return known(null);
      }
      const cfgEv = d.EndpointConfigName ? await ctx.readOrAbsent(DescribeEndpointConfig, { EndpointConfigName: d.EndpointConfigName }, { resource }) : known(undefined);
      const config: Ev<ConfigFacts | null> = mapEv(cfgEv, (c) => (c && !isAbsent(c) ? configFacts(c) : null));
      let models: Ev<ModelFacts[]> = config.known ? known([]) : unknown(config.causes);
      if (config.known) {
        const modelNames = [...new Set((config.value?.variants ?? []).map((v) => v.modelName).filter((m): m is string => !!m))];
        const modelEvs = await Promise.all(modelNames.map((m) => ctx.readOrAbsent(DescribeModel, { ModelName: m }, { resource })));
        const failed = modelEvs.flatMap((r) => (r.known ? [] : r.causes));
        models = failed.length ? unknown(failed) : known(modelEvs.map((r, i) => modelFacts(modelNames[i], r.known && !isAbsent(r.value) ? r.value : null)));
      }
      const dc = d.DataCaptureConfig;
      const last = d.LastDeploymentConfig;
      return known({
        name: e.EndpointName ?? d.EndpointName ?? '',
        arn: e.EndpointArn ?? d.EndpointArn ?? e.EndpointName ?? '',
        status: d.EndpointStatus ?? e.EndpointStatus,
        configName: d.EndpointConfigName,
        capture: { enabled: dc?.EnableCapture === true, status: dc?.CaptureStatus, samplingPercent: dc?.CurrentSamplingPercentage, destination: dc?.DestinationS3Uri, kmsKeyId: dc?.KmsKeyId },
        variants: (d.ProductionVariants ?? []).map((v) => ({
          name: v.VariantName ?? '',
          serverless: !!v.CurrentServerlessConfig,
          managedScaling: v.ManagedInstanceScaling?.Status === 'ENABLED',
          currentInstanceCount: v.CurrentInstanceCount,
          desiredInstanceCount: v.DesiredInstanceCount,
        })),
        endpointExplainer: !!d.ExplainerConfig?.ClarifyExplainerConfig,
        autoRollbackAlarms: last?.AutoRollbackConfiguration?.Alarms?.length ?? 0,
        deploymentPolicy: last?.BlueGreenUpdatePolicy ? 'blue-green' : last?.RollingUpdatePolicy ? 'rolling' : undefined,
        config,
        models,
      });
    });
    const cores = filterList(described, (e): e is EndpointCore => e !== null) as ListEv<EndpointCore>;
    // The flat list keeps only endpoints whose every part is known; the others are named in its causes.
    const endpoints = listOfKnown(
      cores.items.map((c) => {
        const f = fullFacts(c);
        return f ? known(f) : unknown<EndpointFacts>([...(c.config.known ? [] : c.config.causes), ...(c.models.known ? [] : c.models.causes)]);
      }),
      cores,
    );
    return { endpoints, described: cores, vanished: vanished.sort() };
  },
});

function configFacts(c: DescribeEndpointConfigCommandOutput): ConfigFacts {
  return {
    name: c.EndpointConfigName,
    kmsKeyId: c.KmsKeyId || undefined,
    variants: (c.ProductionVariants ?? []).map((v) => ({
      name: v.VariantName ?? '',
      modelName: v.ModelName,
      serverless: !!v.ServerlessConfig,
      managedScaling: v.ManagedInstanceScaling?.Status === 'ENABLED',
      initialInstanceCount: v.InitialInstanceCount,
      instanceType: v.InstanceType,
    })),
    clarifyExplainer: !!c.ExplainerConfig?.ClarifyExplainerConfig,
    subnets: c.VpcConfig?.Subnets,
  };
}
