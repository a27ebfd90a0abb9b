// The built-in demo: a realistic "AI workload account" (111122223333) in three regions, made to
// show every part of every report — some things done well, some not, some not applicable, some
// only attestable, and some that cannot be read (Macie's session denied in ap-southeast-2, Audit
// Manager's assessment details throttled past the SDK's retries; the Config rule compliance results
// throttled there too, only a warning since no requirement reads them). Fixed clock: the recording
// never depends on when it was generated.
import { SimAccount } from './model.js';
import { addEndpoint, addModel, addModelCard, addMonitoringSchedule, addPipeline, addProcessingJob, addTrainingJob, clarifyImage, daysAgo } from './services/sagemaker.js';
import { addBucket } from './services/s3.js';
import { addTrail, enableMacie, enableSecurityHub, setConfig } from './services/security.js';
import { addKey, addPrivateHostedZone, addSecret, addSubnet, addVpcEndpoint, setIam } from './services/identity.js';
import { addAlarm, addCustomizationJob, addDashboard, addEventRule, addGuardrail, addKnowledgeBase, addLogGroup, addMetric, addTopic, setBedrockLogging } from './services/observability.js';
import { addFlowDefinition, addLabelingJob, addModelPackage, addWorkteam } from './services/sagemaker.js';
import { addBackupPlan, addBackupVault, addCodePipeline, addDataQualityRuleset, addGlueTable, addPortfolio, addRepository, addStateMachine, setLakeFormation } from './services/data.js';
import { addEventDataStore, addScalableVariant, addSsmDocument, enableDetective, setAuditManager, setIncidentManager } from './services/governance.js';
import { GLOBAL } from './model.js';
import { addAgent, addCustomModel, addDataEventStore, addEncryptedKnowledgeBase, addFeatureGroup, addIamPrincipal, addImportedModel, addInferenceProfile, addPrompt, addProvisionedThroughput, enableGuardDuty, setBucketPolicy, tlsOnlyStatement } from './services/ai-assets.js';

export const DEMO_ACCOUNT_ID = '111122223333';
export const DEMO_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
export const DEMO_HOME_REGION = 'us-east-1';
/** The demo's scan clock. */
export const DEMO_NOW = new Date('2026-10-01T09:00:00.000Z');

const FSBP = 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0';
const CIS = 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0';

export function demoAccount(): SimAccount {
  const a = new SimAccount({ accountId: DEMO_ACCOUNT_ID, homeRegion: DEMO_HOME_REGION, regions: DEMO_REGIONS, optedOutRegions: ['af-south-1', 'me-central-1'], now: DEMO_NOW });
  const acct = DEMO_ACCOUNT_ID;
  const use1 = 'us-east-1';
  const euw1 = 'eu-west-1';
  const apse2 = 'ap-southeast-2';
  const b = (name: string) => `aims-demo-${name}-${acct}`;
  const key = (region: string, id: string) => a.arn('kms', region, `key/${id}`);

  // ---- KMS: two rotating customer keys, one legacy key without rotation, an AWS-managed key ----
  const mlKey = '1a2b3c4d-0001-4e5f-8a9b-0c1d2e3f4a5b';
  const captureKey = '1a2b3c4d-0002-4e5f-8a9b-0c1d2e3f4a5b';
  const legacyKey = '1a2b3c4d-0003-4e5f-8a9b-0c1d2e3f4a5b';
  addKey(a, use1, { id: mlKey, alias: 'alias/ml-data', rotation: true, description: 'ML training data and artefacts' });
  addKey(a, use1, { id: captureKey, alias: 'alias/ml-capture', rotation: true, description: 'Endpoint data capture' });
  addKey(a, use1, { id: legacyKey, alias: 'alias/legacy-reports', rotation: false, description: 'Legacy reporting exports' });
  addKey(a, use1, { id: '1a2b3c4d-00aa-4e5f-8a9b-0c1d2e3f4a5b', alias: 'alias/aws/s3', manager: 'AWS' });
  const euKey = '2b3c4d5e-0001-4f5a-9b0c-1d2e3f4a5b6c';
  addKey(a, euw1, { id: euKey, alias: 'alias/ml-replica', rotation: true });

  // ---- network: two subnets in different AZs, endpoints for the SageMaker API and runtime ----
  const vpc = 'vpc-0a1b2c3d4e5f60001';
  addSubnet(a, use1, { id: 'subnet-0a1b2c3d4e5f60011', vpc, az: 'us-east-1a', cidr: '10.0.1.0/24' });
  addSubnet(a, use1, { id: 'subnet-0a1b2c3d4e5f60012', vpc, az: 'us-east-1b', cidr: '10.0.2.0/24' });
  addVpcEndpoint(a, use1, { id: 'vpce-0a1b2c3d4e5f60021', vpc, service: 'sagemaker.api', subnets: ['subnet-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f60012'] });
  addVpcEndpoint(a, use1, { id: 'vpce-0a1b2c3d4e5f60022', vpc, service: 'sagemaker.runtime', subnets: ['subnet-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f60012'] });
  addVpcEndpoint(a, use1, { id: 'vpce-0a1b2c3d4e5f60023', vpc, service: 's3', type: 'Gateway' });
  // A shared-services hub VPC holds the Bedrock runtime endpoint (private DNS off); the workload VPC
  // resolves bedrock-runtime through a private hosted zone associated with it (PrivateLink probe).
  const hub = 'vpc-0a1b2c3d4e5f60002';
  addSubnet(a, use1, { id: 'subnet-0a1b2c3d4e5f60013', vpc: hub, az: 'us-east-1a', cidr: '10.1.1.0/24' });
  addSubnet(a, use1, { id: 'subnet-0a1b2c3d4e5f60014', vpc: hub, az: 'us-east-1b', cidr: '10.1.2.0/24' });
  addVpcEndpoint(a, use1, { id: 'vpce-0a1b2c3d4e5f60024', vpc: hub, service: 'bedrock-runtime', privateDns: false, subnets: ['subnet-0a1b2c3d4e5f60013', 'subnet-0a1b2c3d4e5f60014'] });
  addPrivateHostedZone(a, { id: 'Z0A1B2C3D4E5F6BEDROCK', name: `bedrock-runtime.${use1}.amazonaws.com`, vpcs: [{ id: vpc, region: use1 }], aliasTo: `vpce-0a1b2c3d4e5f60024-7h3k2m1q.bedrock-runtime.${use1}.vpce.amazonaws.com` });

  // ---- S3: versioned/KMS/locked/replicated artefacts, a plain data bucket, a suspended capture bucket ----
  addBucket(a, use1, {
    name: b('ml-artifacts'),
    versioning: 'Enabled',
    encryption: { algorithm: 'aws:kms', kmsKeyId: key(use1, mlKey) },
    lifecycleDays: 90,
    publicAccessBlock: true,
    objectLock: { mode: 'GOVERNANCE', days: 30 },
    replication: { destinationBucketArn: `arn:aws:s3:::${b('ml-artifacts-replica')}`, replicaKmsKeyId: key(euw1, euKey) },
    tags: { 'data-classification': 'confidential', team: 'ml-platform' },
  });
  addBucket(a, euw1, { name: b('ml-artifacts-replica'), versioning: 'Enabled', encryption: { algorithm: 'aws:kms', kmsKeyId: key(euw1, euKey) }, lifecycleDays: 90, publicAccessBlock: true });
  addBucket(a, use1, { name: b('ml-training-data'), lifecycleDays: undefined, tags: { team: 'data-eng' } });
  addBucket(a, use1, { name: b('ml-capture'), versioning: 'Suspended', encryption: { algorithm: 'aws:kms', kmsKeyId: key(use1, captureKey) }, publicAccessBlock: true });
  addBucket(a, use1, { name: b('cloudtrail'), versioning: 'Enabled', encryption: { algorithm: 'aws:kms', kmsKeyId: key(use1, mlKey) }, lifecycleDays: 2555, publicAccessBlock: true, objectLock: { mode: 'COMPLIANCE', days: 365 } });
  addBucket(a, use1, { name: b('bedrock-logs'), versioning: 'Enabled', lifecycleDays: 400, publicAccessBlock: true });
  addBucket(a, use1, { name: `sagemaker-us-east-1-${acct}`, publicAccessBlock: true });
  addBucket(a, use1, { name: b('website-assets'), publicAccessBlock: false, policyPublic: true });

  // ---- SageMaker (us-east-1): two endpoints, one monitored and one not ----
  const image = (r: string) => `683313688378.dkr.ecr.${r}.amazonaws.com/sagemaker-xgboost:1.7-1`;
  // The churn model is deployed from an approved Model Registry version; v4 awaits approval.
  const churnV3 = addModelPackage(a, use1, { group: 'churn-models', version: 3, approval: 'Approved', modelDataUrl: `s3://${b('ml-artifacts')}/models/churn/v3/model.tar.gz` });
  addModelPackage(a, use1, { group: 'churn-models', version: 4, approval: 'PendingManualApproval', modelDataUrl: `s3://${b('ml-artifacts')}/models/churn/v4/model.tar.gz` });
  addModel(a, use1, { name: 'churn-xgb-v3', modelPackage: churnV3, networkIsolation: true, subnets: ['subnet-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f60012'], tags: { team: 'retention' } });
  addModel(a, use1, { name: 'fraud-xgb-v1', image: image(use1), modelDataUrl: `s3://${b('ml-artifacts')}/models/fraud/v1/model.tar.gz` });
  addEndpoint(a, use1, {
    name: 'churn-predictor',
    variants: [{ model: 'churn-xgb-v3', instances: 2, instanceType: 'ml.m5.large' }],
    capture: { destination: `s3://${b('ml-capture')}/churn-predictor/`, percent: 20, kmsKeyId: key(use1, captureKey) },
    kmsKeyId: key(use1, mlKey),
    autoRollbackAlarms: ['churn-predictor-5xx'],
  });
  addEndpoint(a, use1, { name: 'fraud-scorer', variants: [{ model: 'fraud-xgb-v1', instances: 1, instanceType: 'ml.c5.xlarge' }] });
  addMonitoringSchedule(a, use1, { name: 'churn-data-quality', endpoint: 'churn-predictor', type: 'DataQuality', cron: 'cron(0 * ? * * *)', lastRunHoursAgo: 1 });
  addMonitoringSchedule(a, use1, { name: 'churn-model-quality', endpoint: 'churn-predictor', type: 'ModelQuality', cron: 'cron(0 */6 ? * * *)', lastRunHoursAgo: 4 });
  addModelCard(a, use1, { name: 'churn-predictor-card', model: 'churn-xgb-v3', status: 'Approved', risk: 'medium' });
  addModelCard(a, use1, { name: 'fraud-scorer-draft', model: 'fraud-xgb-v1', status: 'Draft' });
  addTrainingJob(a, use1, { name: 'churn-train-2026-09-14', input: `s3://${b('ml-training-data')}/churn/2026-09/`, output: `s3://${b('ml-artifacts')}/training/`, kmsKeyId: key(use1, mlKey), networkIsolation: true, interContainerEncryption: true, createdDaysAgo: 17 });
  addTrainingJob(a, use1, { name: 'fraud-train-2026-08-02', input: `s3://${b('ml-training-data')}/fraud/2026-08/`, output: `s3://${b('ml-artifacts')}/training/`, createdDaysAgo: 60 });
  addProcessingJob(a, use1, { name: 'churn-bias-report-2026-09-15', image: clarifyImage(use1), createdDaysAgo: 16 });
  addProcessingJob(a, use1, { name: 'churn-feature-prep-2026-09-14', image: `683313688378.dkr.ecr.${use1}.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3`, createdDaysAgo: 17 });
  addPipeline(a, use1, {
    name: 'churn-training-pipeline',
    steps: [
      { Name: 'PrepareFeatures', Type: 'Processing' },
      { Name: 'TrainModel', Type: 'Training' },
      { Name: 'CheckBias', Type: 'ClarifyCheck' },
      { Name: 'RegisterChurnModel', Type: 'RegisterModel' },
    ],
    executions: [
      { status: 'Succeeded', daysAgo: 17 },
      { status: 'Failed', daysAgo: 24 },
    ],
  });
  a.add('sagemaker:domain', use1, {
    DomainId: 'd-abcdef123456',
    DomainArn: a.arn('sagemaker', use1, 'domain/d-abcdef123456'),
    DomainName: 'ml-studio',
    Status: 'InService',
    CreationTime: daysAgo(a, 300),
    LastModifiedTime: daysAgo(a, 20),
    Url: 'https://d-abcdef123456.studio.us-east-1.sagemaker.aws',
    AuthMode: 'IAM',
    AppNetworkAccessType: 'VpcOnly',
    VpcId: vpc,
    SubnetIds: ['subnet-0a1b2c3d4e5f60011', 'subnet-0a1b2c3d4e5f60012'],
    KmsKeyId: key(use1, mlKey),
    DefaultUserSettings: { ExecutionRole: `arn:aws:iam::${acct}:role/sagemaker-execution` },
  });
  a.add('sagemaker:notebook', use1, {
    NotebookInstanceName: 'data-science-scratch',
    NotebookInstanceArn: a.arn('sagemaker', use1, 'notebook-instance/data-science-scratch'),
    NotebookInstanceStatus: 'Stopped',
    InstanceType: 'ml.t3.medium',
    RoleArn: `arn:aws:iam::${acct}:role/sagemaker-execution`,
    DirectInternetAccess: 'Enabled',
    RootAccess: 'Enabled',
    VolumeSizeInGB: 20,
    CreationTime: daysAgo(a, 150),
    LastModifiedTime: daysAgo(a, 30),
  });

  // ---- SageMaker (eu-west-1): a serverless document classifier with a card lacking a risk rating ----
  addModel(a, euw1, { name: 'doc-classifier-v2', image: `763104351884.dkr.ecr.${euw1}.amazonaws.com/huggingface-pytorch-inference:2.1-transformers4.37-cpu-py310-ubuntu22.04`, modelDataUrl: `s3://${b('ml-artifacts-replica')}/models/doc-classifier/v2/model.tar.gz` });
  addEndpoint(a, euw1, { name: 'doc-classifier', variants: [{ model: 'doc-classifier-v2', serverless: true }] });
  addModelCard(a, euw1, { name: 'doc-classifier-card', model: 'doc-classifier-v2', status: 'PendingReview' });

  // ---- Bedrock (us-east-1): invocation logging, a guardrail, recent invocations ----
  setBedrockLogging(a, use1, { logGroup: '/aws/bedrock/model-invocations', bucket: b('bedrock-logs') });
  addGuardrail(a, use1, { id: 'gr7x1k2m3n4p', name: 'customer-support-guardrail', version: '2', kmsKeyArn: key(use1, mlKey) });
  // Bedrock data in S3: a fine-tuning job and a knowledge base reading the training-data bucket.
  addCustomizationJob(a, use1, { name: 'support-ft-2026-10', training: `s3://${b('ml-training-data')}/bedrock-ft/train.jsonl`, validation: `s3://${b('ml-training-data')}/bedrock-ft/valid.jsonl`, output: `s3://${b('ml-artifacts')}/bedrock-ft/`, daysAgo: 20 });
  addKnowledgeBase(a, use1, { id: 'KBSUPPORT01', name: 'support-policies', dataSource: { id: 'DSPOLICY01', name: 'policies', bucket: b('ml-training-data') } });
  addMetric(a, use1, { namespace: 'AWS/Bedrock', name: 'Invocations', dimensions: { ModelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0' } });
  addMetric(a, use1, { namespace: 'AWS/SageMaker', name: 'ModelLatency', dimensions: { EndpointName: 'churn-predictor', VariantName: 'variant-1' } });

  // ---- CloudWatch, SNS, EventBridge ----
  const topic = addTopic(a, use1, { name: 'ml-alerts', kmsKeyId: 'alias/aws/sns', confirmed: 2 }).TopicArn as string;
  addTopic(a, use1, { name: 'ml-alerts-unused', confirmed: 0, pending: 1 });
  addAlarm(a, use1, { name: 'churn-predictor-5xx', namespace: 'AWS/SageMaker', metric: 'Invocation5XXErrors', dimensions: { EndpointName: 'churn-predictor', VariantName: 'variant-1' }, actions: [topic] });
  addAlarm(a, use1, { name: 'churn-predictor-latency', namespace: 'AWS/SageMaker', metric: 'ModelLatency', dimensions: { EndpointName: 'churn-predictor', VariantName: 'variant-1' }, actions: [topic] });
  addAlarm(a, use1, { name: 'fraud-scorer-errors', namespace: 'AWS/SageMaker', metric: 'Invocation4XXErrors', dimensions: { EndpointName: 'fraud-scorer', VariantName: 'variant-1' }, actionsEnabled: false });
  addAlarm(a, use1, { name: 'billing-estimated-charges', namespace: 'AWS/Billing', metric: 'EstimatedCharges', dimensions: { Currency: 'USD' }, actions: [topic] });
  addEventRule(a, use1, { name: 'sagemaker-endpoint-state', pattern: { source: ['aws.sagemaker'], 'detail-type': ['SageMaker Endpoint State Change'] }, targets: [topic] });
  addDashboard(a, { name: 'ml-kpis', widgets: [{ namespace: 'AWS/SageMaker', metric: 'ModelLatency', region: use1, dims: ['EndpointName', 'churn-predictor', 'VariantName', 'variant-1'] }] });

  // ---- CloudWatch Logs ----
  addLogGroup(a, use1, { name: '/aws/sagemaker/Endpoints/churn-predictor', retentionDays: 400, kmsKeyId: key(use1, mlKey) });
  addLogGroup(a, use1, { name: '/aws/sagemaker/Endpoints/fraud-scorer', retentionDays: 30 });
  addLogGroup(a, use1, { name: '/aws/sagemaker/TrainingJobs', retentionDays: 365 });
  addLogGroup(a, use1, { name: '/aws/bedrock/model-invocations', retentionDays: 90 });
  addLogGroup(a, use1, { name: '/aws/cloudtrail/management-events', retentionDays: 731, kmsKeyId: key(use1, mlKey) });
  addLogGroup(a, euw1, { name: '/aws/sagemaker/Endpoints/doc-classifier', retentionDays: 365 });

  // ---- CloudTrail: one good multi-region trail, one stopped single-region trail ----
  addTrail(a, {
    name: 'management-events',
    homeRegion: use1,
    multiRegion: true,
    logging: true,
    bucket: b('cloudtrail'),
    validation: true,
    kmsKeyId: key(use1, mlKey),
    cloudWatchLogGroupArn: `arn:aws:logs:us-east-1:${acct}:log-group:/aws/cloudtrail/management-events:*`,
    insights: ['ApiCallRateInsight', 'ApiErrorRateInsight'],
    dataEventTypes: ['AWS::SageMaker::Endpoint', 'AWS::Bedrock::Model'],
  });
  addTrail(a, { name: 'legacy-eu-audit', homeRegion: euw1, multiRegion: false, logging: false, bucket: b('ml-artifacts-replica'), readWrite: 'WriteOnly' });

  // ---- AWS Config: recording in two regions, rules for SageMaker in us-east-1 ----
  setConfig(a, use1, {
    recording: true,
    allSupported: true,
    deliveryBucket: b('cloudtrail'),
    rules: [
      { name: 'sagemaker-endpoint-configuration-kms-key-configured', source: 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED', compliance: 'NON_COMPLIANT' },
      { name: 'sagemaker-notebook-no-direct-internet-access', source: 'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS', compliance: 'NON_COMPLIANT' },
      { name: 's3-bucket-versioning-enabled', source: 'S3_BUCKET_VERSIONING_ENABLED', compliance: 'NON_COMPLIANT' },
    ],
    conformancePacks: ['Operational-Best-Practices-for-AI-ML'],
  });
  setConfig(a, euw1, {
    recording: true,
    allSupported: true,
    deliveryBucket: b('ml-artifacts-replica'),
    rules: [
      { name: 's3-bucket-versioning-enabled', source: 'S3_BUCKET_VERSIONING_ENABLED' },
      { name: 'sagemaker-endpoint-configuration-kms-key-configured', source: 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED' },
    ],
  });
  setConfig(a, apse2, { recording: false, allSupported: true });

  // ---- Security Hub: on in us-east-1 and ap-southeast-2, off in eu-west-1 ----
  enableSecurityHub(a, use1, { standards: [{ arn: FSBP }, { arn: CIS }], products: [`arn:aws:securityhub:us-east-1:${acct}:product-subscription/aws/guardduty`, `arn:aws:securityhub:us-east-1:${acct}:product-subscription/aws/macie`] });
  enableSecurityHub(a, apse2, { standards: [{ arn: FSBP.replace('us-east-1', apse2) }] });

  // ---- Macie: on in every region; its session denied in ap-southeast-2 (ERROR, not FAIL) ----
  enableMacie(a, use1, { automatedDiscovery: true, excludedFromDiscovery: [b('website-assets')], exportBucket: b('ml-artifacts'), publishToSecurityHub: true, jobs: [{ name: 'weekly-training-data-scan', type: 'SCHEDULED', status: 'IDLE', buckets: [b('ml-training-data')] }] });
  enableMacie(a, euw1, { automatedDiscovery: false, exportBucket: b('ml-artifacts-replica'), jobs: [{ name: 'replica-weekly-scan', type: 'SCHEDULED', status: 'RUNNING', buckets: [b('ml-artifacts-replica')] }] });
  // Macie is on in ap-southeast-2 too, but the scan role may not read its session there: the other
  // Macie reads answer, yet only the session says ENABLED rather than paused, so ERROR naming it.
  enableMacie(a, apse2, { automatedDiscovery: true, exportBucket: b('ml-artifacts'), publishToSecurityHub: true });
  a.fault({
    service: 'macie2',
    operation: 'GetMacieSession',
    region: apse2,
    error: { name: 'AccessDeniedException', message: `User: arn:aws:sts::${acct}:assumed-role/aims-scan-readonly/aims-scan is not authorized to perform: macie2:GetMacieSession with an explicit deny in a permissions boundary`, httpStatus: 403 },
    note: 'access denied on the one call that decides: ERROR, never FAIL',
  });
  // Audit Manager's assessment details throttled past the SDK retries: A.2 (the framework) is
  // undecided; 9.2 (an active assessment) and A.12 (the default report destination) are not.
  a.fault({
    service: 'auditmanager',
    operation: 'GetAssessment',
    error: { name: 'ThrottlingException', message: 'Rate exceeded', httpStatus: 400 },
    note: 'throttled past the SDK retries: ERROR naming the call (the attempts are in calls.jsonl)',
  });
  a.fault({
    service: 'config',
    operation: 'DescribeComplianceByConfigRule',
    region: apse2,
    error: { name: 'ThrottlingException', message: 'Rate exceeded', httpStatus: 400 },
    note: 'throttled past the SDK retries; the compliance results are evidence only, so a warning naming the call',
  });

  // ---- IAM, secrets ----
  setIam(a, {
    rootMfa: true,
    rootAccessKeys: false,
    passwordPolicy: { minLength: 14 },
    roles: [
      { name: 'sagemaker-execution', trusted: ['sagemaker.amazonaws.com'], managed: ['arn:aws:iam::aws:policy/AmazonSageMakerFullAccess'] },
      { name: 'bedrock-agent-support', trusted: ['bedrock.amazonaws.com'], managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
      { name: 'ci-deployer', trusted: ['codebuild.amazonaws.com'], managed: ['arn:aws:iam::aws:policy/PowerUserAccess'] },
    ],
  });
  addSecret(a, use1, { name: 'prod/ml/feature-store-db', rotationDays: 30, lastRotatedDaysAgo: 12, kmsKeyId: key(use1, mlKey) });
  addSecret(a, use1, { name: 'prod/ml/partner-scoring-api-key' });
  addScalableVariant(a, use1, { endpoint: 'churn-predictor', variant: 'variant-1', min: 2, max: 6, policy: 'churn-invocations-per-instance' });

  // ---- more of the account: registry, labelling, human review, experiments, data governance ----
  const reviewers = addWorkteam(a, use1, 'ml-reviewers');
  addFlowDefinition(a, use1, { name: 'fraud-low-confidence-review', workteamArn: reviewers, kmsKeyId: key(use1, mlKey), loops: 3 });
  addLabelingJob(a, use1, { name: 'support-tickets-labels-2026-08', workteamArn: reviewers, manifest: `s3://${b('ml-training-data')}/labeling/tickets.manifest`, output: `s3://${b('ml-training-data')}/labeling/output/`, kmsKeyId: key(use1, mlKey) });
  a.add('sagemaker:hub', use1, { HubName: 'approved-foundation-models', HubArn: a.arn('sagemaker', use1, 'hub/approved-foundation-models'), HubDisplayName: 'Approved foundation models', HubStatus: 'InService', CreationTime: daysAgo(a, 80), LastModifiedTime: daysAgo(a, 10) });
  a.add('sagemaker:hub-content', use1, {
    _hub: 'approved-foundation-models',
    HubContentName: 'huggingface-llm-mistral-7b-instruct',
    HubContentArn: a.arn('sagemaker', use1, 'hub-content/approved-foundation-models/ModelReference/huggingface-llm-mistral-7b-instruct/1.0.0'),
    HubContentVersion: '1.0.0',
    HubContentType: 'ModelReference',
    DocumentSchemaVersion: '2.0.0',
    HubContentStatus: 'Available',
    CreationTime: daysAgo(a, 60),
  });
  a.add('sagemaker:experiment', use1, { ExperimentArn: a.arn('sagemaker', use1, 'experiment/churn-model-experiments'), ExperimentName: 'churn-model-experiments', DisplayName: 'churn-model-experiments', CreationTime: daysAgo(a, 45), LastModifiedTime: daysAgo(a, 17) });
  a.add('sagemaker:trial-component', use1, {
    TrialComponentName: 'churn-train-2026-09-14-aws-training-job',
    TrialComponentArn: a.arn('sagemaker', use1, 'experiment-trial-component/churn-train-2026-09-14-aws-training-job'),
    DisplayName: 'churn-train-2026-09-14',
    TrialComponentSource: { SourceArn: a.arn('sagemaker', use1, 'training-job/churn-train-2026-09-14'), SourceType: 'SageMakerTrainingJob' },
    Status: { PrimaryStatus: 'Completed' },
    StartTime: daysAgo(a, 17),
    EndTime: daysAgo(a, 17),
    CreationTime: daysAgo(a, 17),
    LastModifiedTime: daysAgo(a, 17),
  });
  a.set('sagemaker:servicecatalog-status', use1, { Status: 'Enabled' });
  a.add('sagemaker:project', use1, { ProjectName: 'churn-mlops', ProjectArn: a.arn('sagemaker', use1, 'project/churn-mlops'), ProjectId: 'p-a1b2c3d4e5f6', CreationTime: daysAgo(a, 200), ProjectStatus: 'CreateCompleted', ProjectDescription: 'MLOps template for model building, training and deployment' });

  addGlueTable(a, use1, { database: 'ml_features', table: 'churn_features', location: `s3://${b('ml-training-data')}/churn/features/`, description: 'Customer churn features, one row per customer and month', classification: 'parquet' });
  addGlueTable(a, use1, { database: 'ml_features', table: 'fraud_transactions', location: `s3://${b('ml-training-data')}/fraud/transactions/` });
  a.set('glue:catalog-encryption', use1, { DataCatalogEncryptionSettings: { EncryptionAtRest: { CatalogEncryptionMode: 'SSE-KMS', SseAwsKmsKeyId: key(use1, mlKey) }, ConnectionPasswordEncryption: { ReturnConnectionPasswordEncrypted: true, AwsKmsKeyId: key(use1, mlKey) } } });
  a.add('glue:crawler', use1, { Name: 'ml-features-crawler', Role: 'AWSGlueServiceRole-ml', DatabaseName: 'ml_features', State: 'READY', CreationTime: daysAgo(a, 150), LastUpdated: daysAgo(a, 20), LastCrawl: { Status: 'SUCCEEDED', StartTime: daysAgo(a, 1) }, Targets: { S3Targets: [{ Path: `s3://${b('ml-training-data')}/` }] } });
  addDataQualityRuleset(a, use1, { name: 'churn-features-quality', database: 'ml_features', table: 'churn_features', rules: 6, lastRun: { daysAgo: 2, score: 0.95 } });
  setLakeFormation(a, use1, { admins: [`arn:aws:iam::${acct}:role/data-platform-admin`], iamAllowedDefaults: true, registered: [`arn:aws:s3:::${b('ml-training-data')}`], grants: 2, lfTags: ['classification'] });
  a.add('databrew:dataset', use1, { Name: 'churn-raw', CreateDate: daysAgo(a, 90), Input: { S3InputDefinition: { Bucket: b('ml-training-data'), Key: 'churn/raw/' } }, ResourceArn: a.arn('databrew', use1, 'dataset/churn-raw') });
  a.add('databrew:job', use1, {
    Name: 'churn-raw-profile',
    AccountId: acct,
    CreateDate: daysAgo(a, 90),
    DatasetName: 'churn-raw',
    EncryptionMode: 'SSE-KMS',
    EncryptionKeyArn: key(use1, mlKey),
    Type: 'PROFILE',
    ResourceArn: a.arn('databrew', use1, 'job/churn-raw-profile'),
    RoleArn: `arn:aws:iam::${acct}:role/databrew`,
    ProfileConfiguration: { DatasetStatisticsConfiguration: { IncludedStatistics: ['CORRELATION', 'DUPLICATE_ROWS_COUNT'] }, EntityDetectorConfiguration: { EntityTypes: ['USA_ALL', 'EMAIL'] } },
  });
  a.add('databrew:recipe', use1, { Name: 'mask-customer-pii', CreateDate: daysAgo(a, 80), RecipeVersion: '1.0', ResourceArn: a.arn('databrew', use1, 'recipe/mask-customer-pii'), Steps: [{ Action: { Operation: 'CRYPTOGRAPHIC_HASH', Parameters: { sourceColumns: '["email"]' } } }] });
  a.add('cleanrooms:membership', use1, {
    id: 'a1b2c3d4-1111-4000-8000-000000000001',
    arn: a.arn('cleanrooms', use1, 'membership/a1b2c3d4-1111-4000-8000-000000000001'),
    collaborationArn: a.arn('cleanrooms', use1, 'collaboration/b1b2c3d4-2222-4000-8000-000000000002'),
    collaborationId: 'b1b2c3d4-2222-4000-8000-000000000002',
    collaborationCreatorAccountId: '444455556666',
    collaborationCreatorDisplayName: 'Retail partner',
    collaborationName: 'churn-signal-sharing',
    createTime: daysAgo(a, 70),
    updateTime: daysAgo(a, 5),
    status: 'ACTIVE',
    memberAbilities: ['CAN_QUERY'],
  });
  a.add('cleanrooms:collaboration', use1, { id: 'b1b2c3d4-2222-4000-8000-000000000002', arn: a.arn('cleanrooms', use1, 'collaboration/b1b2c3d4-2222-4000-8000-000000000002'), name: 'churn-signal-sharing', creatorAccountId: '444455556666', creatorDisplayName: 'Retail partner', createTime: daysAgo(a, 70), updateTime: daysAgo(a, 5), memberStatus: 'ACTIVE' });
  a.add('cleanrooms:configured-table', use1, {
    id: 'c1b2c3d4-3333-4000-8000-000000000003',
    arn: a.arn('cleanrooms', use1, 'configuredtable/c1b2c3d4-3333-4000-8000-000000000003'),
    name: 'churn-features-shared',
    createTime: daysAgo(a, 70),
    updateTime: daysAgo(a, 5),
    analysisRuleTypes: ['CUSTOM'],
    analysisMethod: 'DIRECT_QUERY',
    _policy: { v1: { custom: { allowedAnalyses: ['ANY_QUERY'], differentialPrivacy: { columns: [{ name: 'customer_id' }] } } } },
  });

  // ---- continuity, delivery, cost ----
  addBackupVault(a, use1, { name: 'ai-data-vault', kmsKeyArn: key(use1, mlKey), customerKey: true });
  addBackupPlan(a, use1, { name: 'ai-data-daily', id: 'a1b2c3d4-4444-4000-8000-000000000004', schedule: 'cron(0 5 ? * * *)', vault: 'ai-data-vault', resources: [`arn:aws:s3:::${b('ml-artifacts')}`, `arn:aws:s3:::${b('ml-training-data')}`] });
  a.set('drs:initialized', use1, true);
  a.add('drs:source-server', use1, {
    sourceServerID: 's-0a1b2c3d4e5f60001',
    arn: a.arn('drs', use1, 'source-server/s-0a1b2c3d4e5f60001'),
    dataReplicationInfo: { dataReplicationState: 'CONTINUOUS' },
    tags: { app: 'inference-gateway' },
    lastLaunchResult: 'SUCCEEDED',
  });
  a.add('drs:job', use1, { jobID: 'drsjob-0a1b2c3d4e5f60001', arn: a.arn('drs', use1, 'job/drsjob-0a1b2c3d4e5f60001'), type: 'LAUNCH', initiatedBy: 'START_DRILL', creationDateTime: daysAgo(a, 30).toISOString(), endDateTime: daysAgo(a, 30).toISOString(), status: 'COMPLETED', participatingServers: [{ sourceServerID: 's-0a1b2c3d4e5f60001', launchStatus: 'LAUNCHED' }] });
  addStateMachine(a, use1, {
    name: 'fraud-review-workflow',
    logLevel: 'ALL',
    tracing: true,
    definition: {
      StartAt: 'Score',
      States: {
        Score: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint', Parameters: { EndpointName: 'fraud-scorer', 'Body.$': '$.payload', ContentType: 'text/csv' }, Next: 'HumanReview' },
        HumanReview: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { QueueUrl: `https://sqs.us-east-1.amazonaws.com/${acct}/fraud-review`, MessageBody: { 'TaskToken.$': '$$.Task.Token' } }, End: true },
      },
    },
  });
  addCodePipeline(a, use1, {
    name: 'churn-model-deploy',
    kmsKey: key(use1, mlKey),
    stages: [
      { name: 'Source', actions: [{ name: 'Source', category: 'Source', provider: 'CodeCommit', configuration: { RepositoryName: 'ml-models', BranchName: 'main' } }] },
      { name: 'Approve', actions: [{ name: 'ModelRiskReview', category: 'Approval', provider: 'Manual' }] },
      { name: 'Deploy', actions: [{ name: 'DeployEndpoint', category: 'Deploy', provider: 'CloudFormation', configuration: { StackName: 'sagemaker-churn-endpoint', ActionMode: 'CREATE_UPDATE' } }] },
    ],
    runs: [
      { status: 'Succeeded', daysAgo: 17 },
      { status: 'Failed', daysAgo: 20 },
    ],
  });
  addRepository(a, use1, { name: 'ml-models', templates: ['require-two-approvals'] });
  addPortfolio(a, use1, { id: 'port-a1b2c3d4e5f6g', name: 'ML project templates', description: 'Approved SageMaker MLOps templates', products: ['sagemaker-mlops-build-train-deploy'], principals: [`arn:aws:iam::${acct}:role/data-scientist`] });
  a.set('ce:spend', GLOBAL, { 'Amazon SageMaker': 1834.27, 'Amazon Bedrock': 412.9, 'Amazon Simple Storage Service': 96.11 });
  const monitor = `arn:aws:ce::${acct}:anomalymonitor/0a1b2c3d-5555-4000-8000-000000000005`;
  a.add('ce:monitor', GLOBAL, { MonitorArn: monitor, MonitorName: 'ai-services-spend', MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE', CreationDate: '2026-03-01', LastEvaluatedDate: '2026-09-30' });
  a.add('ce:subscription', GLOBAL, { SubscriptionArn: `arn:aws:ce::${acct}:anomalysubscription/0a1b2c3d-6666-4000-8000-000000000006`, SubscriptionName: 'ai-spend-alerts', AccountId: acct, MonitorArnList: [monitor], Subscribers: [{ Address: topic, Type: 'SNS', Status: 'CONFIRMED' }], Frequency: 'IMMEDIATE', ThresholdExpression: { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', Values: ['100'], MatchOptions: ['GREATER_THAN_OR_EQUAL'] } } });
  a.set('quicksight:subscription', GLOBAL, { AccountInfo: { AccountName: 'aims-demo', Edition: 'ENTERPRISE', NotificationEmail: 'bi-admins@example.com', AuthenticationType: 'IAM_AND_QUICKSIGHT', AccountSubscriptionStatus: 'ACCOUNT_CREATED' }, Status: 200, RequestId: 'a1b2c3d4-0000-4000-8000-000000000002' });
  a.add('quicksight:dashboard', use1, { Arn: a.arn('quicksight', use1, 'dashboard/model-performance'), DashboardId: 'model-performance', Name: 'Model performance', CreatedTime: daysAgo(a, 100), LastUpdatedTime: daysAgo(a, 3), PublishedVersionNumber: 7, LastPublishedTime: daysAgo(a, 3) });

  // ---- audit and operations ----
  setAuditManager(a, use1, { status: 'ACTIVE', reportsBucket: b('ml-artifacts'), assessments: [{ id: 'd1b2c3d4-7777-4000-8000-000000000007', name: 'AI management system readiness', framework: 'ISO/IEC 42001:2023' }] });
  addEventDataStore(a, use1, { name: 'ai-activity-lake', id: 'e1b2c3d4-8888-4000-8000-000000000008', multiRegion: true });
  enableDetective(a, use1, { graphId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9', packages: { DETECTIVE_CORE: 'STARTED', EKS_AUDIT: 'DISABLED' } });
  addSsmDocument(a, use1, { name: 'ml-endpoint-rollback', type: 'Automation', tags: { purpose: 'sagemaker-endpoint-rollback' } });
  addSsmDocument(a, use1, { name: 'collect-inference-logs', type: 'Command', sharedWith: ['444455556666'] });
  a.set('ssm:public-sharing', use1, 'Disable');
  const { planArns } = setIncidentManager(a, { regions: [use1, euw1], plans: [{ name: 'ml-endpoint-outage', contacts: ['ml-oncall'] }], contacts: ['ml-oncall'] });
  addEventRule(a, use1, { name: 'sagemaker-endpoint-failed-incident', pattern: { source: ['aws.sagemaker'], 'detail-type': ['SageMaker Endpoint State Change'], detail: { EndpointStatus: ['FAILED'] } }, targets: planArns });

  // ---- eu-west-1 operations for the document classifier ----
  const euTopic = addTopic(a, euw1, { name: 'ml-alerts-eu', kmsKeyId: 'alias/aws/sns', confirmed: 1 }).TopicArn as string;
  addAlarm(a, euw1, { name: 'doc-classifier-errors', namespace: 'AWS/SageMaker', metric: 'Invocation5XXErrors', dimensions: { EndpointName: 'doc-classifier', VariantName: 'variant-1' }, actions: [euTopic] });
  addEventRule(a, euw1, { name: 'sagemaker-endpoint-state-eu', pattern: { source: ['aws.sagemaker'] }, targets: [euTopic] });

  // ---- issue 19: the AI inventory's assets and the AI-workload checks (a pass and a fail each) ----
  const claude = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
  // Bedrock models: the fine-tuned support model under the ML key, an older one without a key.
  const supportModel = addCustomModel(a, use1, { name: 'support-ft-2026-10-model', baseModel: 'amazon.titan-text-express-v1', job: 'support-ft-2026-10', training: `s3://${b('ml-training-data')}/bedrock-ft/train.jsonl`, kmsKeyArn: key(use1, mlKey) });
  addCustomModel(a, use1, { name: 'faq-ft-2026-06-model', baseModel: 'amazon.titan-text-express-v1', daysAgo: 110 });
  addImportedModel(a, use1, { name: 'ops-llama-import', source: `s3://${b('ml-artifacts')}/imports/ops-llama/`, kmsKeyArn: key(use1, mlKey) });
  addProvisionedThroughput(a, use1, { name: 'support-ft-provisioned', modelArn: supportModel.modelArn as string, foundationModel: 'amazon.titan-text-express-v1' });
  addInferenceProfile(a, use1, { id: 'ip0support01', name: 'support-assistant-profile', models: [claude] });
  // Agents: the support assistant has a guardrail, a key and both knowledge bases; the ops helper has neither.
  addEncryptedKnowledgeBase(a, use1, { id: 'KBPRODUCT02', name: 'product-docs', embeddingModel: 'amazon.titan-embed-text-v2:0', dataSource: { id: 'DSPRODUCT02', name: 'product-manuals', bucket: b('ml-artifacts'), kmsKeyArn: key(use1, mlKey) } });
  addAgent(a, use1, { id: 'AGSUPPORT01', name: 'support-assistant', model: claude, kmsKeyArn: key(use1, mlKey), guardrail: { id: 'gr7x1k2m3n4p', version: '2' }, knowledgeBases: ['KBSUPPORT01', 'KBPRODUCT02'] });
  addAgent(a, use1, { id: 'AGOPSHELP02', name: 'ops-helper', model: claude });
  addPrompt(a, use1, { id: 'PRTRIAGE01', name: 'support-triage', model: claude, kmsKeyArn: key(use1, mlKey) });
  addPrompt(a, use1, { id: 'PRSUMMARY02', name: 'summarize-ticket', model: claude });
  addFeatureGroup(a, use1, { name: 'churn-customer-features' });
  // GuardDuty: S3 Protection where the AI buckets are in us-east-1, off in eu-west-1 (the replica bucket).
  enableGuardDuty(a, use1, { id: '0a1b2c3d4e5f60718293a4b5c6d7e8f0', s3Protection: true });
  enableGuardDuty(a, euw1, { id: '1a1b2c3d4e5f60718293a4b5c6d7e8f1', s3Protection: false });
  // IAM: a platform admin user with Bedrock full access (the SageMaker execution role already has
  // SageMaker full access); a prototyping user with an active never-expiring and an expired Bedrock API key.
  addIamPrincipal(a, { kind: 'user', name: 'ml-platform-admin', managed: ['arn:aws:iam::aws:policy/AmazonBedrockFullAccess'] });
  addIamPrincipal(a, {
    kind: 'user',
    name: 'bedrock-prototyper',
    bedrockApiKeys: [
      { id: 'ACCA0BEDROCKKEY0001', status: 'Active' },
      { id: 'ACCA0BEDROCKKEY0002', status: 'Active', expiresInDays: -30 },
    ],
  });
  // Bucket policies: the artefacts bucket refuses plain HTTP; the capture bucket refuses only HTTP writes.
  setBucketPolicy(a, b('ml-artifacts'), { Version: '2012-10-17', Statement: [tlsOnlyStatement(a.partition, b('ml-artifacts'))] });
  setBucketPolicy(a, b('ml-capture'), { Version: '2012-10-17', Statement: [tlsOnlyStatement(a.partition, b('ml-capture'), 's3:PutObject')] });
  // CloudTrail Lake: object data events of the artefacts and training-data buckets, read and write.
  addDataEventStore(a, use1, { id: 'f1b2c3d4-9999-4000-8000-000000000009', name: 'ai-data-events', buckets: [b('ml-artifacts'), b('ml-training-data')] });
  return a;
}

/**
 * Declared operations the demo scan cannot reach, with why. The demo test fails for any other
 * declared operation missing from the recording, and for an entry here that the scan does reach
 * (or that no probe declares any more).
 */
export const DEMO_UNREACHABLE: Readonly<Record<string, string>> = {
  's3:GetBucketTagging': 'read only to apply --scope-tag selectors; the demo scans with the default settings',
  'costexplorer:ListCostAllocationTags': 'read only when no cost anomaly monitor has a subscriber; the demo account’s monitor has one',
};
