// SageMaker in the simulated account: endpoints with their configs and models, training and
// processing jobs, notebooks, domains, model cards, monitoring schedules, pipelines, labeling
// jobs. Records are Describe-shaped; lists return the SDK's summary fields only.
import { createdWithin, describeOf, err, listOf, Listing, pickFields, publicView, type HandlerTable, type SimRequest } from '../handlers/dsl.js';
import type { Rec, SimAccount } from '../model.js';

/** SageMaker's answer for a missing resource (the probes' GONE signal). */
const gone = (what: string) => (v: unknown, req: SimRequest) => err('ValidationException', `Could not find ${what} "${req.account.arn('sagemaker', req.region, `${what.replace(/ /g, '-')}/${String(v)}`)}".`);
const notFound = () => err('ResourceNotFound', 'Resource not found.');

const S = {
  endpoint: ['EndpointName', 'EndpointArn', 'CreationTime', 'LastModifiedTime', 'EndpointStatus'],
  endpointConfig: ['EndpointConfigName', 'EndpointConfigArn', 'CreationTime'],
  model: ['ModelName', 'ModelArn', 'CreationTime'],
  trainingJob: ['TrainingJobName', 'TrainingJobArn', 'CreationTime', 'TrainingJobStatus', 'TrainingEndTime', 'LastModifiedTime', 'SecondaryStatus'],
  domain: ['DomainArn', 'DomainId', 'DomainName', 'Status', 'CreationTime', 'LastModifiedTime', 'Url'],
  notebook: ['NotebookInstanceName', 'NotebookInstanceArn', 'NotebookInstanceStatus', 'Url', 'InstanceType', 'CreationTime', 'LastModifiedTime'],
  modelCard: ['ModelCardName', 'ModelCardArn', 'ModelCardStatus', 'CreationTime', 'LastModifiedTime'],
  schedule: ['MonitoringScheduleName', 'MonitoringScheduleArn', 'CreationTime', 'LastModifiedTime', 'MonitoringScheduleStatus', 'EndpointName', 'MonitoringJobDefinitionName', 'MonitoringType'],
  processingJob: ['ProcessingJobName', 'ProcessingJobArn', 'CreationTime', 'ProcessingJobStatus', 'ProcessingEndTime', 'LastModifiedTime'],
  pipeline: ['PipelineArn', 'PipelineName', 'PipelineDisplayName', 'PipelineDescription', 'RoleArn', 'CreationTime', 'LastModifiedTime'],
  labelingJob: ['LabelingJobName', 'LabelingJobArn', 'CreationTime', 'LastModifiedTime', 'LabelingJobStatus', 'LabelCounters', 'WorkteamArn', 'LabelingJobOutput', 'InputConfig'],
  jobDefinition: ['MonitoringJobDefinitionName', 'MonitoringJobDefinitionArn', 'CreationTime', 'EndpointName'],
  workteam: ['WorkteamName', 'WorkteamArn', 'MemberDefinitions', 'Description', 'CreateDate', 'LastUpdatedDate', 'WorkforceArn'],
  hubContent: ['HubContentName', 'HubContentArn', 'HubContentVersion', 'HubContentType', 'DocumentSchemaVersion', 'HubContentStatus', 'CreationTime', 'HubContentDisplayName'],
  modelPackageGroup: ['ModelPackageGroupName', 'ModelPackageGroupArn', 'ModelPackageGroupDescription', 'CreationTime', 'ModelPackageGroupStatus'],
  modelPackage: ['ModelPackageName', 'ModelPackageGroupName', 'ModelPackageVersion', 'ModelPackageArn', 'ModelPackageDescription', 'CreationTime', 'ModelPackageStatus', 'ModelApprovalStatus'],
  experiment: ['ExperimentArn', 'ExperimentName', 'DisplayName', 'ExperimentSource', 'CreationTime', 'LastModifiedTime'],
  trialComponent: ['TrialComponentName', 'TrialComponentArn', 'DisplayName', 'TrialComponentSource', 'Status', 'StartTime', 'EndTime', 'CreationTime', 'LastModifiedTime'],
  app: ['DomainId', 'UserProfileName', 'SpaceName', 'AppType', 'AppName', 'Status', 'CreationTime'],
  flowDefinition: ['FlowDefinitionName', 'FlowDefinitionArn', 'FlowDefinitionStatus', 'CreationTime', 'FailureReason'],
  humanTaskUi: ['HumanTaskUiName', 'HumanTaskUiArn', 'CreationTime'],
  hub: ['HubName', 'HubArn', 'HubDisplayName', 'HubDescription', 'HubSearchKeywords', 'HubStatus', 'CreationTime', 'LastModifiedTime'],
  project: ['ProjectName', 'ProjectDescription', 'ProjectArn', 'ProjectId', 'CreationTime', 'ProjectStatus'],
  mlflowApp: ['Arn', 'Name', 'CreationTime', 'Status', 'LastModifiedTime', 'MlflowVersion'],
  mlflow: ['TrackingServerArn', 'TrackingServerName', 'CreationTime', 'LastModifiedTime', 'TrackingServerStatus', 'IsActive', 'MlflowVersion'],
} as const;

/** Resources whose tags ListTags can read: (kind, ARN field). */
const TAGGED: [string, string][] = [
  ['sagemaker:endpoint', 'EndpointArn'],
  ['sagemaker:model', 'ModelArn'],
  ['sagemaker:training-job', 'TrainingJobArn'],
  ['sagemaker:notebook', 'NotebookInstanceArn'],
  ['sagemaker:domain', 'DomainArn'],
];

const byStatus = (field: string) => (rec: Rec, input: Record<string, any>) => !input.StatusEquals || rec[field] === input.StatusEquals;
const byEndpoint = (rec: Rec, input: Record<string, any>) => !input.EndpointName || rec.EndpointName === input.EndpointName;
const window = createdWithin();

export const sagemakerHandlers: HandlerTable = {
  'sagemaker:ListEndpoints': listOf('sagemaker:endpoint', 'Endpoints', S.endpoint, { filter: (r, i) => window(r, i) && byStatus('EndpointStatus')(r, i) }),
  'sagemaker:DescribeEndpoint': describeOf('sagemaker:endpoint', 'EndpointName', gone('endpoint')),
  'sagemaker:ListEndpointConfigs': listOf('sagemaker:endpoint-config', 'EndpointConfigs', S.endpointConfig, { filter: window }),
  'sagemaker:DescribeEndpointConfig': describeOf('sagemaker:endpoint-config', 'EndpointConfigName', gone('endpoint configuration')),
  'sagemaker:ListModels': listOf('sagemaker:model', 'Models', S.model, { filter: window }),
  'sagemaker:DescribeModel': describeOf('sagemaker:model', 'ModelName', gone('model')),
  'sagemaker:ListTrainingJobs': listOf('sagemaker:training-job', 'TrainingJobSummaries', S.trainingJob, { filter: (r, i) => window(r, i) && byStatus('TrainingJobStatus')(r, i) }),
  'sagemaker:DescribeTrainingJob': describeOf('sagemaker:training-job', 'TrainingJobName', gone('training job')),
  'sagemaker:ListDomains': listOf('sagemaker:domain', 'Domains', S.domain),
  'sagemaker:DescribeDomain': describeOf('sagemaker:domain', 'DomainId', notFound),
  'sagemaker:ListNotebookInstances': listOf('sagemaker:notebook', 'NotebookInstances', S.notebook, { filter: window }),
  'sagemaker:DescribeNotebookInstance': describeOf('sagemaker:notebook', 'NotebookInstanceName', gone('notebook instance')),
  'sagemaker:ListModelCards': listOf('sagemaker:model-card', 'ModelCardSummaries', S.modelCard, { filter: window }),
  'sagemaker:DescribeModelCard': describeOf('sagemaker:model-card', 'ModelCardName', notFound, {
    // MetadataOnly leaves out the card's encrypted content sections but keeps its metadata.
    map: (r) => publicView(r),
  }),
  'sagemaker:ListMonitoringSchedules': listOf(
    'sagemaker:monitoring-schedule',
    'MonitoringScheduleSummaries',
    (r) => ({ ...pickFields(r, S.schedule), MonitoringJobDefinitionName: (r.MonitoringScheduleConfig as { MonitoringJobDefinitionName?: string }).MonitoringJobDefinitionName }),
    { filter: byEndpoint },
  ),
  'sagemaker:DescribeMonitoringSchedule': describeOf('sagemaker:monitoring-schedule', 'MonitoringScheduleName', notFound),
  'sagemaker:ListProcessingJobs': listOf('sagemaker:processing-job', 'ProcessingJobSummaries', S.processingJob, { filter: window }),
  'sagemaker:DescribeProcessingJob': describeOf('sagemaker:processing-job', 'ProcessingJobName', gone('processing job')),
  'sagemaker:ListPipelines': listOf('sagemaker:pipeline', 'PipelineSummaries', (r) => ({ ...pickFields(r, S.pipeline), ...(r.LastRunTime ? { LastExecutionTime: r.LastRunTime } : {}) })),
  'sagemaker:DescribePipeline': describeOf('sagemaker:pipeline', 'PipelineName', notFound, { by: ['PipelineName', 'PipelineArn'] }),
  'sagemaker:ListPipelineExecutions': listOf('sagemaker:pipeline-execution', 'PipelineExecutionSummaries', ['PipelineExecutionArn', 'StartTime', 'PipelineExecutionStatus', 'PipelineExecutionDisplayName', 'PipelineExecutionFailureReason'], {
    filter: (r, i) => r._pipeline === i.PipelineName || r._pipelineArn === i.PipelineName,
  }),
  'sagemaker:ListLabelingJobs': listOf('sagemaker:labeling-job', 'LabelingJobSummaryList', S.labelingJob, { filter: window }),
  'sagemaker:DescribeLabelingJob': describeOf('sagemaker:labeling-job', 'LabelingJobName', notFound, {
    // The work team is a summary field; the Describe carries it inside HumanTaskConfig.
    map: (r) => {
      const { WorkteamArn: _w, ...rest } = publicView(r);
      return rest;
    },
  }),
  'sagemaker:ListWorkteams': listOf('sagemaker:workteam', 'Workteams', S.workteam),
  'sagemaker:ListModelBiasJobDefinitions': listOf('sagemaker:bias-job-definition', 'JobDefinitionSummaries', S.jobDefinition, { filter: byEndpoint }),
  'sagemaker:ListModelExplainabilityJobDefinitions': listOf('sagemaker:explainability-job-definition', 'JobDefinitionSummaries', S.jobDefinition, { filter: byEndpoint }),
  'sagemaker:ListModelQualityJobDefinitions': listOf('sagemaker:model-quality-job-definition', 'JobDefinitionSummaries', S.jobDefinition, { filter: byEndpoint }),
  'sagemaker:ListDataQualityJobDefinitions': listOf('sagemaker:data-quality-job-definition', 'JobDefinitionSummaries', S.jobDefinition, { filter: byEndpoint }),
  'sagemaker:ListModelPackageGroups': listOf('sagemaker:model-package-group', 'ModelPackageGroupSummaryList', S.modelPackageGroup),
  'sagemaker:ListModelPackages': listOf('sagemaker:model-package', 'ModelPackageSummaryList', S.modelPackage, {
    filter: (r, i) =>
      (!i.ModelPackageGroupName || r.ModelPackageGroupName === i.ModelPackageGroupName || r._groupArn === i.ModelPackageGroupName) && (!i.ModelApprovalStatus || r.ModelApprovalStatus === i.ModelApprovalStatus),
  }),
  'sagemaker:DescribeModelPackage': describeOf('sagemaker:model-package', 'ModelPackageName', gone('model package'), { by: ['ModelPackageArn', 'ModelPackageName'] }),
  'sagemaker:ListExperiments': listOf('sagemaker:experiment', 'ExperimentSummaries', S.experiment),
  'sagemaker:ListTrialComponents': listOf('sagemaker:trial-component', 'TrialComponentSummaries', S.trialComponent),
  'sagemaker:ListMlflowTrackingServers': listOf('sagemaker:mlflow-tracking-server', 'TrackingServerSummaries', S.mlflow),
  'sagemaker:ListMlflowApps': listOf('sagemaker:mlflow-app', 'Summaries', S.mlflowApp),
  'sagemaker:ListHubContents': listOf('sagemaker:hub-content', 'HubContentSummaries', S.hubContent, { filter: (r, i) => r._hub === i.HubName && (!i.HubContentType || r.HubContentType === i.HubContentType) }),
  'sagemaker:ListTags': (req) => {
    const arn = req.input.ResourceArn;
    for (const [kind, field] of TAGGED) {
      const r = req.account.find(kind, req.region, field, arn);
      if (r) return new Listing('Tags', (r._tags as { Key: string; Value: string }[] | undefined) ?? []);
    }
    throw err('ValidationException', `Resource ${String(arn)} does not exist.`);
  },
  'sagemakera2iruntime:ListHumanLoops': listOf('a2i:human-loop', 'HumanLoopSummaries', ['HumanLoopName', 'HumanLoopStatus', 'CreationTime', 'FailureReason', 'FlowDefinitionArn'], {
    filter: (r, i) => r.FlowDefinitionArn === i.FlowDefinitionArn && (!i.CreationTimeAfter || (r.CreationTime as Date).getTime() > new Date(i.CreationTimeAfter).getTime()),
  }),
  'sagemaker:ListApps': listOf('sagemaker:app', 'Apps', S.app, { filter: (r, i) => !i.DomainIdEquals || r.DomainId === i.DomainIdEquals }),
  'sagemaker:ListFlowDefinitions': listOf('sagemaker:flow-definition', 'FlowDefinitionSummaries', S.flowDefinition),
  'sagemaker:DescribeFlowDefinition': describeOf('sagemaker:flow-definition', 'FlowDefinitionName', notFound),
  'sagemaker:ListHumanTaskUis': listOf('sagemaker:human-task-ui', 'HumanTaskUiSummaries', S.humanTaskUi),
  'sagemaker:ListHubs': listOf('sagemaker:hub', 'HubSummaries', S.hub),
  'sagemaker:ListProjects': listOf('sagemaker:project', 'ProjectSummaryList', S.project),
};

// ---- builders: Describe-shaped records, dated from the account clock ----

const DAY = 86_400_000;
export const daysAgo = (a: SimAccount, d: number): Date => new Date(a.now.getTime() - d * DAY);

export interface VariantSpec {
  model: string;
  instances?: number;
  instanceType?: string;
  serverless?: boolean;
}

export interface EndpointSpec {
  name: string;
  variants: VariantSpec[];
  status?: string;
  /** Data capture destination and settings; absent = capture off. */
  capture?: { destination: string; percent?: number; kmsKeyId?: string; status?: 'Started' | 'Stopped' };
  /** KMS key of the endpoint config (instance storage). */
  kmsKeyId?: string;
  createdDaysAgo?: number;
  explainer?: boolean;
  autoRollbackAlarms?: string[];
}

/** An endpoint with its endpoint config (named `<name>-config`). */
export function addEndpoint(a: SimAccount, region: string, s: EndpointSpec): Rec {
  const created = daysAgo(a, s.createdDaysAgo ?? 30);
  const configName = `${s.name}-config`;
  const capture = s.capture
    ? {
        EnableCapture: true,
        InitialSamplingPercentage: s.capture.percent ?? 100,
        DestinationS3Uri: s.capture.destination,
        ...(s.capture.kmsKeyId ? { KmsKeyId: s.capture.kmsKeyId } : {}),
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
      }
    : undefined;
  a.add('sagemaker:endpoint-config', region, {
    EndpointConfigName: configName,
    EndpointConfigArn: a.arn('sagemaker', region, `endpoint-config/${configName}`),
    ProductionVariants: s.variants.map((v, i) => ({
      VariantName: `variant-${i + 1}`,
      ModelName: v.model,
      ...(v.serverless ? { ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } } : { InitialInstanceCount: v.instances ?? 1, InstanceType: v.instanceType ?? 'ml.m5.large' }),
      InitialVariantWeight: 1,
    })),
    ...(capture ? { DataCaptureConfig: capture } : {}),
    ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
    ...(s.explainer ? { ExplainerConfig: { ClarifyExplainerConfig: { ShapConfig: { ShapBaselineConfig: { MimeType: 'text/csv' } } } } } : {}),
    CreationTime: created,
  });
  return a.add('sagemaker:endpoint', region, {
    EndpointName: s.name,
    EndpointArn: a.arn('sagemaker', region, `endpoint/${s.name}`),
    EndpointConfigName: configName,
    EndpointStatus: s.status ?? 'InService',
    ProductionVariants: s.variants.map((v, i) => ({
      VariantName: `variant-${i + 1}`,
      CurrentWeight: 1,
      DesiredWeight: 1,
      ...(v.serverless ? { CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } } : { CurrentInstanceCount: v.instances ?? 1, DesiredInstanceCount: v.instances ?? 1 }),
    })),
    ...(s.capture
      ? { DataCaptureConfig: { EnableCapture: true, CaptureStatus: s.capture.status ?? 'Started', CurrentSamplingPercentage: s.capture.percent ?? 100, DestinationS3Uri: s.capture.destination, ...(s.capture.kmsKeyId ? { KmsKeyId: s.capture.kmsKeyId } : {}) } }
      : {}),
    ...(s.autoRollbackAlarms?.length ? { LastDeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 300 } }, AutoRollbackConfiguration: { Alarms: s.autoRollbackAlarms.map((AlarmName) => ({ AlarmName })) } } } : {}),
    CreationTime: created,
    LastModifiedTime: daysAgo(a, Math.max(0, (s.createdDaysAgo ?? 30) - 2)),
  });
}

export interface ModelSpec {
  name: string;
  image?: string;
  modelDataUrl?: string;
  networkIsolation?: boolean;
  subnets?: string[];
  createdDaysAgo?: number;
  multiModel?: boolean;
  /** Deployed from a Model Registry version (its ARN) instead of an image. */
  modelPackage?: string;
  tags?: Record<string, string>;
}

export function addModel(a: SimAccount, region: string, s: ModelSpec): Rec {
  return a.add('sagemaker:model', region, {
    ModelName: s.name,
    ModelArn: a.arn('sagemaker', region, `model/${s.name}`),
    PrimaryContainer: s.modelPackage
      ? { ModelPackageName: s.modelPackage, Mode: 'SingleModel' }
      : {
          Image: s.image ?? `683313688378.dkr.ecr.${region}.amazonaws.com/sagemaker-xgboost:1.7-1`,
          Mode: s.multiModel ? 'MultiModel' : 'SingleModel',
          ...(s.modelDataUrl ? { ModelDataUrl: s.modelDataUrl } : {}),
        },
    ExecutionRoleArn: `arn:${a.partition}:iam::${a.accountId}:role/sagemaker-execution`,
    ...(s.subnets?.length ? { VpcConfig: { Subnets: s.subnets, SecurityGroupIds: ['sg-0a1b2c3d4e5f60001'] } } : {}),
    EnableNetworkIsolation: s.networkIsolation ?? false,
    CreationTime: daysAgo(a, s.createdDaysAgo ?? 40),
    ...(s.tags ? { _tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
  });
}

export interface TrainingJobSpec {
  name: string;
  input: string;
  output: string;
  status?: string;
  createdDaysAgo?: number;
  kmsKeyId?: string;
  networkIsolation?: boolean;
  interContainerEncryption?: boolean;
  checkpoint?: string;
}

export function addTrainingJob(a: SimAccount, region: string, s: TrainingJobSpec): Rec {
  const created = daysAgo(a, s.createdDaysAgo ?? 20);
  const ended = new Date(created.getTime() + 3_600_000);
  return a.add('sagemaker:training-job', region, {
    TrainingJobName: s.name,
    TrainingJobArn: a.arn('sagemaker', region, `training-job/${s.name}`),
    TrainingJobStatus: s.status ?? 'Completed',
    SecondaryStatus: s.status === 'Failed' ? 'Failed' : 'Completed',
    AlgorithmSpecification: { TrainingImage: `683313688378.dkr.ecr.${region}.amazonaws.com/sagemaker-xgboost:1.7-1`, TrainingInputMode: 'File' },
    RoleArn: `arn:${a.partition}:iam::${a.accountId}:role/sagemaker-execution`,
    InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: s.input, S3DataDistributionType: 'FullyReplicated' } } }],
    OutputDataConfig: { S3OutputPath: s.output, ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}) },
    ModelArtifacts: { S3ModelArtifacts: `${s.output.replace(/\/$/, '')}/${s.name}/output/model.tar.gz` },
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30, ...(s.kmsKeyId ? { VolumeKmsKeyId: s.kmsKeyId } : {}) },
    StoppingCondition: { MaxRuntimeInSeconds: 86_400 },
    EnableNetworkIsolation: s.networkIsolation ?? false,
    EnableInterContainerTrafficEncryption: s.interContainerEncryption ?? false,
    ...(s.checkpoint ? { CheckpointConfig: { S3Uri: s.checkpoint } } : {}),
    CreationTime: created,
    TrainingStartTime: created,
    TrainingEndTime: ended,
    LastModifiedTime: ended,
  });
}

export interface ScheduleSpec {
  name: string;
  endpoint: string;
  type: 'DataQuality' | 'ModelQuality' | 'ModelBias' | 'ModelExplainability';
  status?: string;
  cron?: string;
  lastRunHoursAgo?: number;
  lastRunStatus?: string;
  output?: string;
}

export function addMonitoringSchedule(a: SimAccount, region: string, s: ScheduleSpec): Rec {
  const last = s.lastRunHoursAgo === undefined ? undefined : new Date(a.now.getTime() - s.lastRunHoursAgo * 3_600_000);
  const definition = `${s.name}-definition`;
  return a.add('sagemaker:monitoring-schedule', region, {
    MonitoringScheduleName: s.name,
    MonitoringScheduleArn: a.arn('sagemaker', region, `monitoring-schedule/${s.name}`),
    MonitoringScheduleStatus: s.status ?? 'Scheduled',
    MonitoringType: s.type,
    EndpointName: s.endpoint,
    MonitoringScheduleConfig: {
      ScheduleConfig: { ScheduleExpression: s.cron ?? 'cron(0 * ? * * *)' },
      MonitoringJobDefinitionName: definition,
      MonitoringType: s.type,
    },
    ...(last
      ? { LastMonitoringExecutionSummary: { MonitoringScheduleName: s.name, ScheduledTime: last, CreationTime: last, LastModifiedTime: last, MonitoringExecutionStatus: s.lastRunStatus ?? 'Completed', EndpointName: s.endpoint, MonitoringType: s.type } }
      : {}),
    CreationTime: daysAgo(a, 25),
    LastModifiedTime: daysAgo(a, 25),
  });
}

export function addModelCard(a: SimAccount, region: string, s: { name: string; model: string; status?: string; risk?: string; createdDaysAgo?: number }): Rec {
  const content = { model_overview: { model_name: s.model, model_description: `Model card for ${s.model}` }, intended_uses: { purpose_of_model: 'Decision support', ...(s.risk ? { risk_rating: s.risk } : {}) } };
  return a.add('sagemaker:model-card', region, {
    ModelCardName: s.name,
    ModelCardArn: a.arn('sagemaker', region, `model-card/${s.name}`),
    ModelCardVersion: 1,
    Content: JSON.stringify(content),
    ModelCardStatus: s.status ?? 'Draft',
    CreationTime: daysAgo(a, s.createdDaysAgo ?? 15),
    LastModifiedTime: daysAgo(a, 3),
  });
}

export function addProcessingJob(a: SimAccount, region: string, s: { name: string; image: string; status?: string; createdDaysAgo?: number; monitoringSchedule?: string }): Rec {
  const created = daysAgo(a, s.createdDaysAgo ?? 10);
  const ended = new Date(created.getTime() + 1_800_000);
  return a.add('sagemaker:processing-job', region, {
    ProcessingJobName: s.name,
    ProcessingJobArn: a.arn('sagemaker', region, `processing-job/${s.name}`),
    ProcessingJobStatus: s.status ?? 'Completed',
    AppSpecification: { ImageUri: s.image },
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
    RoleArn: `arn:${a.partition}:iam::${a.accountId}:role/sagemaker-execution`,
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    ...(s.monitoringSchedule ? { MonitoringScheduleArn: a.arn('sagemaker', region, `monitoring-schedule/${s.monitoringSchedule}`) } : {}),
    CreationTime: created,
    ProcessingStartTime: created,
    ProcessingEndTime: ended,
    LastModifiedTime: ended,
  });
}

/** The Clarify processing image of a region (sagemaker-python-sdk image_uri_config/clarify.json account for us-east-1 and most regions). */
export const clarifyImage = (region: string): string => `205585389593.dkr.ecr.${region}.amazonaws.com/sagemaker-clarify-processing:1.0`;

export function addPipeline(a: SimAccount, region: string, s: { name: string; steps: { Name: string; Type: string; Arguments?: unknown }[]; executions?: { status: string; daysAgo: number }[] }): Rec {
  const arn = a.arn('sagemaker', region, `pipeline/${s.name.toLowerCase()}`);
  for (const [i, e] of (s.executions ?? []).entries()) {
    a.add('sagemaker:pipeline-execution', region, {
      _pipeline: s.name,
      _pipelineArn: arn,
      PipelineExecutionArn: `${arn}/execution/${s.name.toLowerCase()}${i + 1}`,
      StartTime: daysAgo(a, e.daysAgo),
      PipelineExecutionStatus: e.status,
      PipelineExecutionDisplayName: `execution-${i + 1}`,
    });
  }
  const last = (s.executions ?? []).map((e) => e.daysAgo).sort((x, y) => x - y)[0];
  return a.add('sagemaker:pipeline', region, {
    PipelineArn: arn,
    PipelineName: s.name,
    PipelineDisplayName: s.name,
    PipelineDefinition: JSON.stringify({ Version: '2020-12-01', Steps: s.steps }),
    RoleArn: `arn:${a.partition}:iam::${a.accountId}:role/sagemaker-pipelines`,
    PipelineStatus: 'Active',
    CreationTime: daysAgo(a, 60),
    LastModifiedTime: daysAgo(a, 30),
    ...(last !== undefined ? { LastRunTime: daysAgo(a, last) } : {}),
  });
}

export function addModelPackage(a: SimAccount, region: string, s: { group: string; version: number; approval: 'Approved' | 'PendingManualApproval' | 'Rejected'; image?: string; modelDataUrl?: string }): string {
  const groupArn = a.arn('sagemaker', region, `model-package-group/${s.group}`);
  if (!a.find('sagemaker:model-package-group', region, 'ModelPackageGroupName', s.group)) {
    a.add('sagemaker:model-package-group', region, { ModelPackageGroupName: s.group, ModelPackageGroupArn: groupArn, ModelPackageGroupDescription: `${s.group} versions`, CreationTime: daysAgo(a, 90), ModelPackageGroupStatus: 'Completed' });
  }
  const arn = a.arn('sagemaker', region, `model-package/${s.group}/${s.version}`);
  a.add('sagemaker:model-package', region, {
    ModelPackageName: s.group,
    ModelPackageGroupName: s.group,
    ModelPackageVersion: s.version,
    ModelPackageArn: arn,
    ModelPackageDescription: `${s.group} v${s.version}`,
    CreationTime: daysAgo(a, 20 + s.version),
    ModelPackageStatus: 'Completed',
    ModelApprovalStatus: s.approval,
    InferenceSpecification: {
      Containers: [{ Image: s.image ?? `683313688378.dkr.ecr.${region}.amazonaws.com/sagemaker-xgboost:1.7-1`, ...(s.modelDataUrl ? { ModelDataUrl: s.modelDataUrl } : {}) }],
      SupportedContentTypes: ['text/csv'],
      SupportedResponseMIMETypes: ['text/csv'],
    },
    _groupArn: groupArn,
  });
  return arn;
}

export function addLabelingJob(a: SimAccount, region: string, s: { name: string; workteamArn: string; manifest: string; output: string; kmsKeyId?: string; createdDaysAgo?: number; workers?: number }): Rec {
  const created = daysAgo(a, s.createdDaysAgo ?? 40);
  const input = { DataSource: { S3DataSource: { ManifestS3Uri: s.manifest } } };
  const out = { OutputDatasetS3Uri: `${s.output.replace(/\/$/, '')}/${s.name}/manifests/output/output.manifest` };
  return a.add('sagemaker:labeling-job', region, {
    LabelingJobName: s.name,
    LabelingJobArn: a.arn('sagemaker', region, `labeling-job/${s.name}`),
    LabelingJobStatus: 'Completed',
    LabelCounters: { TotalLabeled: 1000, HumanLabeled: 1000, MachineLabeled: 0, FailedNonRetryableError: 0, Unlabeled: 0 },
    CreationTime: created,
    LastModifiedTime: created,
    JobReferenceCode: 'a1b2c3d4',
    WorkteamArn: s.workteamArn,
    LabelAttributeName: 'label',
    InputConfig: input,
    OutputConfig: { S3OutputPath: s.output, ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}) },
    RoleArn: `arn:${a.partition}:iam::${a.accountId}:role/sagemaker-execution`,
    HumanTaskConfig: {
      WorkteamArn: s.workteamArn,
      UiConfig: { HumanTaskUiArn: `arn:${a.partition}:sagemaker:${region}:394669845002:human-task-ui/TextMultiClass` },
      PreHumanTaskLambdaArn: `arn:${a.partition}:lambda:${region}:432418664414:function:PRE-TextMultiClass`,
      TaskTitle: 'Label support tickets',
      TaskDescription: 'Choose the ticket category',
      NumberOfHumanWorkersPerDataObject: s.workers ?? 3,
      TaskTimeLimitInSeconds: 300,
      AnnotationConsolidationConfig: { AnnotationConsolidationLambdaArn: `arn:${a.partition}:lambda:${region}:432418664414:function:ACS-TextMultiClass` },
    },
    LabelingJobOutput: out,
  });
}

export function addWorkteam(a: SimAccount, region: string, name: string): string {
  const arn = a.arn('sagemaker', region, `workteam/private-crowd/${name}`);
  a.add('sagemaker:workteam', region, {
    WorkteamName: name,
    WorkteamArn: arn,
    MemberDefinitions: [{ CognitoMemberDefinition: { UserPool: `${region}_AbCdEfGhI`, UserGroup: name, ClientId: '1a2b3c4d5e6f7g8h9i0j1k2l3m' } }],
    Description: `${name} labelers`,
    WorkforceArn: a.arn('sagemaker', region, 'workforce/default'),
    CreateDate: daysAgo(a, 120),
    LastUpdatedDate: daysAgo(a, 30),
  });
  return arn;
}

export function addFlowDefinition(a: SimAccount, region: string, s: { name: string; workteamArn: string; kmsKeyId?: string; loops?: number }): Rec {
  const arn = a.arn('sagemaker', region, `flow-definition/${s.name}`);
  for (let i = 0; i < (s.loops ?? 0); i++) {
    a.add('a2i:human-loop', region, { HumanLoopName: `${s.name}-loop-${i + 1}`, HumanLoopStatus: 'Completed', CreationTime: daysAgo(a, 2 + i), FlowDefinitionArn: arn });
  }
  const ui = a.arn('sagemaker', region, `human-task-ui/${s.name}-ui`);
  if (!a.find('sagemaker:human-task-ui', region, 'HumanTaskUiArn', ui)) a.add('sagemaker:human-task-ui', region, { HumanTaskUiName: `${s.name}-ui`, HumanTaskUiArn: ui, CreationTime: daysAgo(a, 100) });
  return a.add('sagemaker:flow-definition', region, {
    FlowDefinitionArn: arn,
    FlowDefinitionName: s.name,
    FlowDefinitionStatus: 'Active',
    CreationTime: daysAgo(a, 100),
    HumanLoopConfig: { WorkteamArn: s.workteamArn, HumanTaskUiArn: ui, TaskTitle: 'Review low-confidence predictions', TaskDescription: 'Confirm or correct the prediction', TaskCount: 1 },
    HumanLoopActivationConfig: { HumanLoopActivationConditionsConfig: { HumanLoopActivationConditions: JSON.stringify({ Conditions: [{ ConditionType: 'Sampling', ConditionParameters: { RandomSamplingPercentage: 5 } }] }) } },
    OutputConfig: { S3OutputPath: `s3://sagemaker-${region}-${a.accountId}/a2i/`, ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}) },
    RoleArn: `arn:${a.partition}:iam::${a.accountId}:role/sagemaker-execution`,
  });
}
