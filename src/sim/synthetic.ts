// Synthetic accounts for the benchmark: N resources spread over R regions and every probed
// service, built with the same builders as the demo account, so the same handlers answer them.
// The mix follows what a large AI account holds: mostly log groups, alarms, catalog tables, buckets
// and secrets; thousands of training and processing jobs; a few hundred models; tens of endpoints,
// pipelines and schedules per region (about 18 % SageMaker in all). Every kind appears in every
// region; deterministic for a seed.
import { SimAccount } from './model.js';
import { seededRng, type Rng } from './rng.js';
import { addBucket } from './services/s3.js';
import { addEndpoint, addModel, addModelCard, addMonitoringSchedule, addPipeline, addProcessingJob, addTrainingJob, clarifyImage, addLabelingJob, addWorkteam, addModelPackage, addFlowDefinition } from './services/sagemaker.js';
import { addKey, addSecret, addSubnet, addVpcEndpoint, setIam } from './services/identity.js';
import { addAlarm, addDashboard, addEventRule, addGuardrail, addLogGroup, addMetric, addTopic, setBedrockLogging } from './services/observability.js';
import { addTrail, enableMacie, enableSecurityHub, setConfig } from './services/security.js';
import { addBackupPlan, addBackupVault, addCodePipeline, addGlueTable, addRepository, addStateMachine } from './services/data.js';
import { addEventDataStore, addScalableVariant, addSsmDocument } from './services/governance.js';
import { GLOBAL } from './model.js';

export const BENCH_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2', 'eu-central-1', 'ap-northeast-1', 'ca-central-1', 'sa-east-1'];

interface KindSpec {
  kind: string;
  /** Share of N. */
  weight: number;
  /** Adds resource `i` of this kind in `region`; may add helpers (an endpoint's config) that are not counted. */
  add(a: SimAccount, region: string, i: number, rng: Rng, ctx: RegionCtx): void;
}

interface RegionCtx {
  bucket: string;
  topic: string;
  key: string;
  workteam: string;
  subnets: string[];
}

const pad = (i: number) => String(i).padStart(6, '0');
const uuid = (n: number, salt: number) => `${(n * 2654435761 + salt).toString(16).padStart(8, '0').slice(-8)}-${(salt % 65536).toString(16).padStart(4, '0')}-4${pad(n).slice(-3)}-8${pad(salt).slice(-3)}-${(n + salt).toString(16).padStart(12, '0').slice(-12)}`;

/** The resource mix (relative weights). */
export const KINDS: KindSpec[] = [
  { kind: 'logs:log-group', weight: 0.2, add: (a, r, i, rng) => addLogGroup(a, r, { name: `/aws/sagemaker/Endpoints/ep-${pad(i)}`, retentionDays: rng() < 0.7 ? 400 : 30 }) },
  { kind: 'cloudwatch:metric-alarm', weight: 0.12, add: (a, r, i, rng, c) => addAlarm(a, r, { name: `ep-${pad(i)}-latency`, namespace: 'AWS/SageMaker', metric: 'ModelLatency', dimensions: { EndpointName: `ep-${pad(i)}`, VariantName: 'variant-1' }, actions: rng() < 0.8 ? [c.topic] : [] }) },
  { kind: 's3:bucket', weight: 0.1, add: (a, r, i, rng, c) => addBucket(a, r, { name: `bench-${r}-${pad(i)}`, versioning: rng() < 0.6 ? 'Enabled' : undefined, encryption: rng() < 0.5 ? { algorithm: 'aws:kms', kmsKeyId: c.key } : undefined, lifecycleDays: rng() < 0.5 ? 90 : undefined, publicAccessBlock: rng() < 0.8 }) },
  { kind: 'sagemaker:training-job', weight: 0.06, add: (a, r, i, rng, c) => addTrainingJob(a, r, { name: `train-${pad(i)}`, input: `s3://${c.bucket}/data/${i}/`, output: `s3://${c.bucket}/out/`, createdDaysAgo: 1 + Math.floor(rng() * 170), kmsKeyId: rng() < 0.5 ? c.key : undefined }) },
  { kind: 'glue:table', weight: 0.12, add: (a, r, i, _rng, c) => addGlueTable(a, r, { database: `db_${Math.floor(i / 50)}`, table: `table_${pad(i)}`, location: `s3://${c.bucket}/tables/${i}/`, classification: 'parquet' }) },
  { kind: 'sagemaker:model', weight: 0.03, add: (a, r, i, rng, c) => addModel(a, r, { name: `model-${pad(i)}`, modelDataUrl: `s3://${c.bucket}/models/${i}/model.tar.gz`, networkIsolation: rng() < 0.5, createdDaysAgo: 1 + Math.floor(rng() * 300) }) },
  { kind: 'sagemaker:processing-job', weight: 0.04, add: (a, r, i, rng) => addProcessingJob(a, r, { name: `proc-${pad(i)}`, image: rng() < 0.3 ? clarifyImage(r) : `683313688378.dkr.ecr.${r}.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3`, createdDaysAgo: 1 + Math.floor(rng() * 170) }) },
  { kind: 'kms:key', weight: 0.04, add: (a, r, i, rng) => addKey(a, r, { id: uuid(i, 11), alias: `alias/bench-${pad(i)}`, rotation: rng() < 0.7 }) },
  { kind: 'secretsmanager:secret', weight: 0.06, add: (a, r, i, rng) => addSecret(a, r, { name: `bench/secret-${pad(i)}`, rotationDays: rng() < 0.6 ? 30 : undefined, lastRotatedDaysAgo: 5 }) },
  {
    kind: 'sagemaker:endpoint',
    weight: 0.005,
    add: (a, r, i, rng, c) => {
      addModel(a, r, { name: `ep-model-${pad(i)}`, modelDataUrl: `s3://${c.bucket}/ep-models/${i}/model.tar.gz`, subnets: rng() < 0.5 ? c.subnets : undefined });
      addEndpoint(a, r, {
        name: `ep-${pad(i)}`,
        variants: [{ model: `ep-model-${pad(i)}`, instances: rng() < 0.5 ? 2 : 1 }],
        capture: rng() < 0.5 ? { destination: `s3://${c.bucket}/capture/${i}/`, kmsKeyId: c.key } : undefined,
        kmsKeyId: rng() < 0.6 ? c.key : undefined,
      });
      if (rng() < 0.5) addScalableVariant(a, r, { endpoint: `ep-${pad(i)}`, variant: 'variant-1', min: 1, max: 4, policy: 'invocations' });
    },
  },
  { kind: 'sagemaker:model-card', weight: 0.01, add: (a, r, i, rng) => addModelCard(a, r, { name: `card-${pad(i)}`, model: `model-${pad(i)}`, status: rng() < 0.5 ? 'Approved' : 'Draft', risk: rng() < 0.7 ? 'low' : undefined }) },
  { kind: 'sagemaker:monitoring-schedule', weight: 0.005, add: (a, r, i) => addMonitoringSchedule(a, r, { name: `mon-${pad(i)}`, endpoint: `ep-${pad(i)}`, type: 'DataQuality', lastRunHoursAgo: 1 }) },
  { kind: 'sns:topic', weight: 0.03, add: (a, r, i) => addTopic(a, r, { name: `topic-${pad(i)}`, kmsKeyId: 'alias/aws/sns' }) },
  { kind: 'events:rule', weight: 0.03, add: (a, r, i, _rng, c) => addEventRule(a, r, { name: `rule-${pad(i)}`, pattern: { source: [i % 2 ? 'aws.sagemaker' : 'aws.ec2'] }, targets: [c.topic] }) },
  {
    kind: 'config:rule',
    weight: 0.03,
    add: (a, r, i) =>
      a.add('config:rule', r, {
        ConfigRuleName: `rule-${pad(i)}`,
        ConfigRuleArn: a.arn('config', r, `config-rule/config-rule-${pad(i)}`),
        ConfigRuleId: `config-rule-${pad(i)}`,
        Source: { Owner: 'AWS', SourceIdentifier: i % 3 ? 'S3_BUCKET_VERSIONING_ENABLED' : 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED' },
        ConfigRuleState: 'ACTIVE',
        _compliance: i % 4 ? 'COMPLIANT' : 'NON_COMPLIANT',
      }),
  },
  { kind: 'iam:role', weight: 0.03, add: (a, _r, i) => addRole(a, i) },
  { kind: 'sagemaker:notebook', weight: 0.005, add: (a, r, i) => a.add('sagemaker:notebook', r, { NotebookInstanceName: `nb-${pad(i)}`, NotebookInstanceArn: a.arn('sagemaker', r, `notebook-instance/nb-${pad(i)}`), NotebookInstanceStatus: 'InService', InstanceType: 'ml.t3.medium', DirectInternetAccess: 'Disabled', RootAccess: 'Disabled', CreationTime: new Date(a.now.getTime() - 86_400_000 * (1 + (i % 300))) }) },
  { kind: 'sagemaker:pipeline', weight: 0.005, add: (a, r, i) => addPipeline(a, r, { name: `pipeline-${pad(i)}`, steps: [{ Name: 'Train', Type: 'Training' }, { Name: 'Register', Type: 'RegisterModel' }], executions: [{ status: 'Succeeded', daysAgo: 1 + (i % 40) }] }) },
  { kind: 'sagemaker:labeling-job', weight: 0.005, add: (a, r, i, _rng, c) => addLabelingJob(a, r, { name: `label-${pad(i)}`, workteamArn: c.workteam, manifest: `s3://${c.bucket}/labels/${i}.manifest`, output: `s3://${c.bucket}/labels/out/`, createdDaysAgo: 1 + (i % 170) }) },
  { kind: 'sagemaker:model-package', weight: 0.01, add: (a, r, i) => addModelPackage(a, r, { group: `group-${Math.floor(i / 5)}`, version: (i % 5) + 1, approval: i % 2 ? 'Approved' : 'PendingManualApproval' }) },
  { kind: 'sagemaker:flow-definition', weight: 0.002, add: (a, r, i, _rng, c) => addFlowDefinition(a, r, { name: `flow-${pad(i)}`, workteamArn: c.workteam, loops: 1 }) },
  { kind: 'ec2:vpc-endpoint', weight: 0.01, add: (a, r, i, _rng, c) => addVpcEndpoint(a, r, { id: `vpce-${pad(i)}${pad(i)}`.slice(0, 22), vpc: 'vpc-0bench0000000001', service: ['sagemaker.api', 'sagemaker.runtime', 'bedrock-runtime', 's3'][i % 4], subnets: c.subnets }) },
  { kind: 'cloudwatch:dashboard', weight: 0.005, add: (a, r, i) => addDashboard(a, { name: `dash-${r}-${pad(i)}`, widgets: [{ namespace: i % 2 ? 'AWS/SageMaker' : 'AWS/EC2', metric: 'CPUUtilization', region: r }] }) },
  { kind: 'bedrock:guardrail', weight: 0.003, add: (a, r, i) => addGuardrail(a, r, { id: `gr${pad(i)}abcd`.slice(0, 12), name: `guardrail-${pad(i)}` }) },
  { kind: 'sfn:state-machine', weight: 0.01, add: (a, r, i) => addStateMachine(a, r, { name: `sm-${pad(i)}`, logLevel: i % 2 ? 'ALL' : 'OFF', definition: { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::sagemaker:createTransformJob.sync', End: true } } } }) },
  { kind: 'codepipeline:pipeline', weight: 0.005, add: (a, r, i) => addCodePipeline(a, r, { name: `ml-deploy-${pad(i)}`, stages: [{ name: 'Approve', actions: [{ name: 'Approve', category: 'Approval', provider: 'Manual' }] }, { name: 'Deploy', actions: [{ name: 'SageMaker', category: 'Deploy', provider: 'CloudFormation', configuration: { StackName: `sagemaker-${i}` } }] }], runs: [{ status: 'Succeeded', daysAgo: 2 }] }) },
  { kind: 'codecommit:repository', weight: 0.005, add: (a, r, i) => addRepository(a, r, { name: `repo-${pad(i)}`, templates: i % 2 ? ['two-approvals'] : [] }) },
  { kind: 'ssm:document', weight: 0.005, add: (a, r, i) => addSsmDocument(a, r, { name: `runbook-sagemaker-${pad(i)}`, type: 'Automation' }) },
  { kind: 'ec2:subnet', weight: 0.01, add: (a, r, i) => addSubnet(a, r, { id: `subnet-b${pad(i)}${pad(i)}`.slice(0, 24), vpc: 'vpc-0bench0000000001', az: `${r}${'abc'[i % 3]}` }) },
];

function addRole(a: SimAccount, i: number): void {
  const trusted = i % 3 === 0 ? 'sagemaker.amazonaws.com' : i % 3 === 1 ? 'bedrock.amazonaws.com' : 'lambda.amazonaws.com';
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: [trusted] }, Action: 'sts:AssumeRole' }] };
  a.add('iam:role', GLOBAL, {
    Path: '/',
    RoleName: `role-${pad(i)}`,
    RoleId: `AROA${pad(i)}${pad(i)}BENCH`.slice(0, 21),
    Arn: `arn:${a.partition}:iam::${a.accountId}:role/role-${pad(i)}`,
    CreateDate: new Date(a.now.getTime() - 100 * 86_400_000),
    AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
  });
}

export interface SyntheticOptions {
  resources: number;
  regions: number;
  seed?: number;
  now?: Date;
  /** Default 999988887777; the simulated organization gives each account its own. */
  accountId?: string;
}

/** How many of each kind a synthetic account of N resources holds (largest remainder, so they sum to N). */
export function kindCounts(n: number): Map<string, number> {
  const total = KINDS.reduce((s, k) => s + k.weight, 0);
  const raw = KINDS.map((k) => ({ k: k.kind, exact: (n * k.weight) / total }));
  const out = new Map(raw.map((r) => [r.k, Math.floor(r.exact)]));
  let left = n - [...out.values()].reduce((s, x) => s + x, 0);
  for (const r of [...raw].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)))) {
    if (left-- <= 0) break;
    out.set(r.k, (out.get(r.k) ?? 0) + 1);
  }
  return out;
}

export function syntheticAccount(o: SyntheticOptions): SimAccount {
  if (o.regions < 1 || o.regions > BENCH_REGIONS.length) throw new RangeError(`regions must be 1–${BENCH_REGIONS.length}`);
  const regions = BENCH_REGIONS.slice(0, o.regions);
  const a = new SimAccount({ accountId: o.accountId ?? '999988887777', homeRegion: regions[0], regions, now: o.now ?? new Date('2026-10-01T09:00:00.000Z') });
  const rng = seededRng(o.seed ?? 2026);
  const ctxs = new Map<string, RegionCtx>();
  for (const r of regions) {
    // Account-wide settings and the few singletons every region has; not counted in N.
    const key = a.arn('kms', r, 'key/00000000-bench-4000-8000-000000000000');
    const bucket = `bench-ai-data-${r}-${a.accountId}`;
    addBucket(a, r, { name: bucket, versioning: 'Enabled', encryption: { algorithm: 'aws:kms', kmsKeyId: key }, lifecycleDays: 90, publicAccessBlock: true });
    const topic = addTopic(a, r, { name: `bench-alerts-${r}`, kmsKeyId: 'alias/aws/sns' }).TopicArn as string;
    const subnets = [`subnet-a${r.length}00000000001`, `subnet-a${r.length}00000000002`];
    subnets.forEach((id, j) => addSubnet(a, r, { id, vpc: 'vpc-0bench0000000001', az: `${r}${'ab'[j]}` }));
    ctxs.set(r, { bucket, topic, key, workteam: addWorkteam(a, r, `bench-team-${r}`), subnets });
    setConfig(a, r, { recording: true, allSupported: true, deliveryBucket: bucket });
    enableSecurityHub(a, r, { standards: [{ arn: `arn:aws:securityhub:${r}::standards/aws-foundational-security-best-practices/v/1.0.0` }] });
    enableMacie(a, r, { automatedDiscovery: true, exportBucket: bucket });
    setBedrockLogging(a, r, { logGroup: '/aws/bedrock/model-invocations', bucket });
    addMetric(a, r, { namespace: 'AWS/Bedrock', name: 'Invocations', dimensions: { ModelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0' } });
    addBackupVault(a, r, { name: 'bench-vault', kmsKeyArn: key, customerKey: true });
    addBackupPlan(a, r, { name: 'bench-daily', id: `bench-plan-${r}`, schedule: 'cron(0 5 ? * * *)', vault: 'bench-vault', resources: [`arn:aws:s3:::${bucket}`] });
    addEventDataStore(a, r, { name: `bench-lake-${r}`, id: `bench-eds-${r}`, multiRegion: false });
  }
  addTrail(a, { name: 'bench-management', homeRegion: regions[0], multiRegion: true, logging: true, bucket: ctxs.get(regions[0])!.bucket, validation: true, kmsKeyId: ctxs.get(regions[0])!.key, insights: ['ApiCallRateInsight'] });
  setIam(a, { rootMfa: true, rootAccessKeys: false, passwordPolicy: { minLength: 14 }, roles: [] });
  a.set('s3:account-public-access-block', GLOBAL, { on: true });

  const counts = kindCounts(o.resources);
  for (const spec of KINDS) {
    const n = counts.get(spec.kind) ?? 0;
    for (let i = 0; i < n; i++) {
      const region = regions[i % regions.length];
      spec.add(a, region, i, rng, ctxs.get(region)!);
    }
  }
  return a;
}
