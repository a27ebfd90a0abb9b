// How to reach each AWS service with SDK v3: package, client class, IAM prefix, and where a
// global service lives. Data only: the engine looks services up here and never special-cases one.

export interface ServiceInfo {
  /** npm package of the SDK v3 client. */
  pkg: string;
  /** Exported client class name in that package. */
  client: string;
  /** IAM action prefix (`sagemaker:ListEndpoints`). */
  iamPrefix: string;
  /** For services with a single endpoint: the region to call, per partition. */
  globalRegion?: Partial<Record<Partition, string>>;
  /** Resource ARN service segment, for findings. */
  arnService?: string;
}

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export const SERVICES = {
  account: { pkg: '@aws-sdk/client-account', client: 'AccountClient', iamPrefix: 'account', globalRegion: { aws: 'us-east-1' } },
  applicationautoscaling: { pkg: '@aws-sdk/client-application-auto-scaling', client: 'ApplicationAutoScalingClient', iamPrefix: 'application-autoscaling' },
  auditmanager: { pkg: '@aws-sdk/client-auditmanager', client: 'AuditManagerClient', iamPrefix: 'auditmanager' },
  backup: { pkg: '@aws-sdk/client-backup', client: 'BackupClient', iamPrefix: 'backup' },
  bedrock: { pkg: '@aws-sdk/client-bedrock', client: 'BedrockClient', iamPrefix: 'bedrock' },
  bedrockagent: { pkg: '@aws-sdk/client-bedrock-agent', client: 'BedrockAgentClient', iamPrefix: 'bedrock' },
  cleanrooms: { pkg: '@aws-sdk/client-cleanrooms', client: 'CleanRoomsClient', iamPrefix: 'cleanrooms' },
  cloudtrail: { pkg: '@aws-sdk/client-cloudtrail', client: 'CloudTrailClient', iamPrefix: 'cloudtrail' },
  cloudwatch: { pkg: '@aws-sdk/client-cloudwatch', client: 'CloudWatchClient', iamPrefix: 'cloudwatch' },
  cloudwatchlogs: { pkg: '@aws-sdk/client-cloudwatch-logs', client: 'CloudWatchLogsClient', iamPrefix: 'logs' },
  codecommit: { pkg: '@aws-sdk/client-codecommit', client: 'CodeCommitClient', iamPrefix: 'codecommit' },
  codepipeline: { pkg: '@aws-sdk/client-codepipeline', client: 'CodePipelineClient', iamPrefix: 'codepipeline' },
  config: { pkg: '@aws-sdk/client-config-service', client: 'ConfigServiceClient', iamPrefix: 'config' },
  costexplorer: { pkg: '@aws-sdk/client-cost-explorer', client: 'CostExplorerClient', iamPrefix: 'ce', globalRegion: { aws: 'us-east-1', 'aws-cn': 'cn-northwest-1' } },
  databrew: { pkg: '@aws-sdk/client-databrew', client: 'DataBrewClient', iamPrefix: 'databrew' },
  detective: { pkg: '@aws-sdk/client-detective', client: 'DetectiveClient', iamPrefix: 'detective' },
  drs: { pkg: '@aws-sdk/client-drs', client: 'DrsClient', iamPrefix: 'drs' },
  ec2: { pkg: '@aws-sdk/client-ec2', client: 'EC2Client', iamPrefix: 'ec2' },
  eventbridge: { pkg: '@aws-sdk/client-eventbridge', client: 'EventBridgeClient', iamPrefix: 'events' },
  glue: { pkg: '@aws-sdk/client-glue', client: 'GlueClient', iamPrefix: 'glue' },
  guardduty: { pkg: '@aws-sdk/client-guardduty', client: 'GuardDutyClient', iamPrefix: 'guardduty' },
  iam: { pkg: '@aws-sdk/client-iam', client: 'IAMClient', iamPrefix: 'iam', globalRegion: { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' } },
  kms: { pkg: '@aws-sdk/client-kms', client: 'KMSClient', iamPrefix: 'kms' },
  lakeformation: { pkg: '@aws-sdk/client-lakeformation', client: 'LakeFormationClient', iamPrefix: 'lakeformation' },
  licensemanager: { pkg: '@aws-sdk/client-license-manager', client: 'LicenseManagerClient', iamPrefix: 'license-manager' },
  macie2: { pkg: '@aws-sdk/client-macie2', client: 'Macie2Client', iamPrefix: 'macie2' },
  marketplaceagreement: { pkg: '@aws-sdk/client-marketplace-agreement', client: 'MarketplaceAgreementClient', iamPrefix: 'aws-marketplace', globalRegion: { aws: 'us-east-1' } },
  marketplacecatalog: { pkg: '@aws-sdk/client-marketplace-catalog', client: 'MarketplaceCatalogClient', iamPrefix: 'aws-marketplace', globalRegion: { aws: 'us-east-1' } },
  organizations: { pkg: '@aws-sdk/client-organizations', client: 'OrganizationsClient', iamPrefix: 'organizations', globalRegion: { aws: 'us-east-1' } },
  quicksight: { pkg: '@aws-sdk/client-quicksight', client: 'QuickSightClient', iamPrefix: 'quicksight' },
  route53: { pkg: '@aws-sdk/client-route-53', client: 'Route53Client', iamPrefix: 'route53', globalRegion: { aws: 'us-east-1', 'aws-cn': 'cn-northwest-1', 'aws-us-gov': 'us-gov-west-1' } },
  s3: { pkg: '@aws-sdk/client-s3', client: 'S3Client', iamPrefix: 's3' },
  s3control: { pkg: '@aws-sdk/client-s3-control', client: 'S3ControlClient', iamPrefix: 's3' },
  sagemaker: { pkg: '@aws-sdk/client-sagemaker', client: 'SageMakerClient', iamPrefix: 'sagemaker' },
  sagemakera2iruntime: { pkg: '@aws-sdk/client-sagemaker-a2i-runtime', client: 'SageMakerA2IRuntimeClient', iamPrefix: 'sagemaker' },
  secretsmanager: { pkg: '@aws-sdk/client-secrets-manager', client: 'SecretsManagerClient', iamPrefix: 'secretsmanager' },
  securityhub: { pkg: '@aws-sdk/client-securityhub', client: 'SecurityHubClient', iamPrefix: 'securityhub' },
  servicecatalog: { pkg: '@aws-sdk/client-service-catalog', client: 'ServiceCatalogClient', iamPrefix: 'servicecatalog' },
  sfn: { pkg: '@aws-sdk/client-sfn', client: 'SFNClient', iamPrefix: 'states' },
  sns: { pkg: '@aws-sdk/client-sns', client: 'SNSClient', iamPrefix: 'sns' },
  ssm: { pkg: '@aws-sdk/client-ssm', client: 'SSMClient', iamPrefix: 'ssm' },
  ssmcontacts: { pkg: '@aws-sdk/client-ssm-contacts', client: 'SSMContactsClient', iamPrefix: 'ssm-contacts' },
  ssmincidents: { pkg: '@aws-sdk/client-ssm-incidents', client: 'SSMIncidentsClient', iamPrefix: 'ssm-incidents' },
  sts: { pkg: '@aws-sdk/client-sts', client: 'STSClient', iamPrefix: 'sts' },
  xray: { pkg: '@aws-sdk/client-xray', client: 'XRayClient', iamPrefix: 'xray' },
} as const satisfies Record<string, ServiceInfo>;

export type ServiceId = keyof typeof SERVICES;

export function serviceInfo(id: ServiceId): ServiceInfo {
  return SERVICES[id];
}

export function partitionOf(arn: string): Partition {
  const p = arn.split(':')[1];
  return p === 'aws-cn' || p === 'aws-us-gov' ? p : 'aws';
}

/** The region a call goes to: the service's pinned region for global services, else the given one. */
export function regionFor(id: ServiceId, scope: 'regional' | 'global', partition: Partition, homeRegion: string, region: string): string {
  if (scope === 'regional') return region;
  const pinned = (SERVICES[id] as ServiceInfo).globalRegion?.[partition];
  return pinned ?? homeRegion;
}
