// Bedrock, CloudWatch (metrics, alarms, anomaly detectors, dashboards), CloudWatch Logs, SNS,
// EventBridge and X-Ray in the simulated account.
import { describeOf, err, listOf, Listing, pickFields, publicView, settingOf, type HandlerTable } from '../handlers/dsl.js';
import { GLOBAL, type Rec, type SimAccount } from '../model.js';

// ---- builders ----

export function setBedrockLogging(a: SimAccount, region: string, s: { logGroup?: string; bucket?: string; roleArn?: string }): void {
  a.set('bedrock:logging', region, {
    loggingConfig: {
      ...(s.logGroup ? { cloudWatchConfig: { logGroupName: s.logGroup, roleArn: s.roleArn ?? `arn:${a.partition}:iam::${a.accountId}:role/bedrock-logging` } } : {}),
      ...(s.bucket ? { s3Config: { bucketName: s.bucket, keyPrefix: 'bedrock/' } } : {}),
      textDataDeliveryEnabled: true,
      imageDataDeliveryEnabled: true,
      embeddingDataDeliveryEnabled: true,
    },
  });
}

export function addGuardrail(a: SimAccount, region: string, s: { id: string; name: string; status?: string; version?: string; kmsKeyArn?: string }): Rec {
  return a.add('bedrock:guardrail', region, {
    id: s.id,
    guardrailId: s.id,
    arn: a.arn('bedrock', region, `guardrail/${s.id}`),
    guardrailArn: a.arn('bedrock', region, `guardrail/${s.id}`),
    name: s.name,
    status: s.status ?? 'READY',
    version: s.version ?? 'DRAFT',
    createdAt: new Date(a.now.getTime() - 50 * 86_400_000),
    updatedAt: new Date(a.now.getTime() - 5 * 86_400_000),
    blockedInputMessaging: 'Sorry, I cannot help with that.',
    blockedOutputsMessaging: 'Sorry, I cannot help with that.',
    contentPolicy: { filters: [{ type: 'HATE', inputStrength: 'HIGH', outputStrength: 'HIGH' }, { type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' }] },
    sensitiveInformationPolicy: { piiEntities: [{ type: 'EMAIL', action: 'ANONYMIZE' }] },
    ...(s.kmsKeyArn ? { kmsKeyArn: s.kmsKeyArn } : {}),
  });
}

/** A Bedrock model customization job, its training/validation data and output in S3. */
export function addCustomizationJob(a: SimAccount, region: string, s: { name: string; training: string; validation?: string; output: string; daysAgo: number }): Rec {
  const created = new Date(a.now.getTime() - s.daysAgo * 86_400_000);
  return a.add('bedrock:customization-job', region, {
    jobArn: a.arn('bedrock', region, `model-customization-job/${s.name}`),
    jobName: s.name,
    outputModelName: `${s.name}-model`,
    roleArn: `arn:${a.partition}:iam::${a.accountId}:role/bedrock-customization`,
    baseModelArn: a.arn('bedrock', region, 'foundation-model/amazon.titan-text-express-v1').replace(`:${a.accountId}:`, '::'),
    status: 'Completed',
    creationTime: created,
    lastModifiedTime: created,
    customizationType: 'FINE_TUNING',
    trainingDataConfig: { s3Uri: s.training },
    validationDataConfig: { validators: s.validation ? [{ s3Uri: s.validation }] : [] },
    outputDataConfig: { s3Uri: s.output },
  });
}

/** A Bedrock knowledge base with one S3 data source. */
export function addKnowledgeBase(a: SimAccount, region: string, s: { id: string; name: string; dataSource: { id: string; name: string; bucket: string } }): void {
  const updatedAt = new Date(a.now.getTime() - 3 * 86_400_000);
  a.add('bedrockagent:knowledge-base', region, { knowledgeBaseId: s.id, name: s.name, status: 'ACTIVE', updatedAt });
  a.add('bedrockagent:data-source', region, {
    knowledgeBaseId: s.id,
    dataSourceId: s.dataSource.id,
    name: s.dataSource.name,
    status: 'AVAILABLE',
    createdAt: updatedAt,
    updatedAt,
    dataSourceConfiguration: { type: 'S3', s3Configuration: { bucketArn: `arn:${a.partition}:s3:::${s.dataSource.bucket}` } },
  });
}

export interface AlarmSpec {
  name: string;
  namespace: string;
  metric: string;
  dimensions?: Record<string, string>;
  actions?: string[];
  actionsEnabled?: boolean;
  state?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
}

export function addAlarm(a: SimAccount, region: string, s: AlarmSpec): Rec {
  const updated = new Date(a.now.getTime() - 20 * 86_400_000);
  return a.add('cloudwatch:metric-alarm', region, {
    AlarmName: s.name,
    AlarmArn: a.arn('cloudwatch', region, `alarm:${s.name}`),
    AlarmConfigurationUpdatedTimestamp: updated,
    ActionsEnabled: s.actionsEnabled ?? true,
    OKActions: [],
    AlarmActions: s.actions ?? [],
    InsufficientDataActions: [],
    StateValue: s.state ?? 'OK',
    StateReason: 'Threshold Crossed: no datapoints were received for 1 period',
    StateUpdatedTimestamp: new Date(a.now.getTime() - 3_600_000),
    MetricName: s.metric,
    Namespace: s.namespace,
    Statistic: 'Average',
    Dimensions: Object.entries(s.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
    Period: 300,
    EvaluationPeriods: 3,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'missing',
  });
}

export function addLogGroup(a: SimAccount, region: string, s: { name: string; retentionDays?: number; kmsKeyId?: string; createdDaysAgo?: number }): Rec {
  const arn = a.arn('logs', region, `log-group:${s.name}`);
  return a.add('logs:log-group', region, {
    logGroupName: s.name,
    creationTime: a.now.getTime() - (s.createdDaysAgo ?? 120) * 86_400_000,
    ...(s.retentionDays ? { retentionInDays: s.retentionDays } : {}),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    logGroupArn: arn,
    storedBytes: 1_048_576,
    ...(s.kmsKeyId ? { kmsKeyId: s.kmsKeyId } : {}),
    logGroupClass: 'STANDARD',
  });
}

export function addTopic(a: SimAccount, region: string, s: { name: string; kmsKeyId?: string; confirmed?: number; pending?: number; publicPolicy?: boolean }): Rec {
  const arn = a.arn('sns', region, s.name);
  const policy = {
    Version: '2008-10-17',
    Statement: [{ Sid: 'owner', Effect: 'Allow', Principal: s.publicPolicy ? '*' : { AWS: `arn:${a.partition}:iam::${a.accountId}:root` }, Action: 'SNS:Publish', Resource: arn }],
  };
  return a.add('sns:topic', region, {
    TopicArn: arn,
    _attributes: {
      TopicArn: arn,
      Owner: a.accountId,
      DisplayName: s.name,
      Policy: JSON.stringify(policy),
      SubscriptionsConfirmed: String(s.confirmed ?? 1),
      SubscriptionsPending: String(s.pending ?? 0),
      SubscriptionsDeleted: '0',
      EffectiveDeliveryPolicy: '{"http":{"defaultHealthyRetryPolicy":{"numRetries":3}}}',
      ...(s.kmsKeyId ? { KmsMasterKeyId: s.kmsKeyId } : {}),
    },
  });
}

export function addEventRule(a: SimAccount, region: string, s: { name: string; pattern: object; targets: string[]; state?: 'ENABLED' | 'DISABLED'; bus?: string }): Rec {
  const bus = s.bus ?? 'default';
  return a.add('events:rule', region, {
    Name: s.name,
    Arn: a.arn('events', region, `rule/${bus === 'default' ? '' : `${bus}/`}${s.name}`),
    EventPattern: JSON.stringify(s.pattern),
    State: s.state ?? 'ENABLED',
    EventBusName: bus,
    _targets: s.targets.map((Arn, i) => ({ Id: `target-${i + 1}`, Arn })),
  });
}

export function addDashboard(a: SimAccount, s: { name: string; widgets: { namespace: string; metric: string; region: string; dims?: string[] }[] }): Rec {
  const body = { widgets: s.widgets.map((w, i) => ({ type: 'metric', x: 0, y: i * 6, width: 12, height: 6, properties: { metrics: [[w.namespace, w.metric, ...(w.dims ?? [])]], region: w.region, stat: 'Average', period: 300 } })) };
  return a.add('cloudwatch:dashboard', GLOBAL, {
    DashboardName: s.name,
    DashboardArn: `arn:${a.partition}:cloudwatch::${a.accountId}:dashboard/${s.name}`,
    LastModified: new Date(a.now.getTime() - 7 * 86_400_000),
    Size: JSON.stringify(body).length,
    _body: JSON.stringify(body),
  });
}

export function addMetric(a: SimAccount, region: string, s: { namespace: string; name: string; dimensions?: Record<string, string> }): Rec {
  return a.add('cloudwatch:metric', region, { Namespace: s.namespace, MetricName: s.name, Dimensions: Object.entries(s.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })) });
}

// ---- handlers ----

export const observabilityHandlers: HandlerTable = {
  'bedrock:GetModelInvocationLoggingConfiguration': settingOf('bedrock:logging', { fallback: {} }),
  'bedrock:ListGuardrails': listOf('bedrock:guardrail', 'guardrails', ['id', 'arn', 'status', 'name', 'version', 'createdAt', 'updatedAt', 'description'], {
    filter: (r, i) => !i.guardrailIdentifier || r.id === i.guardrailIdentifier || r.arn === i.guardrailIdentifier,
  }),
  'bedrock:GetGuardrail': describeOf('bedrock:guardrail', 'guardrailIdentifier', (v) => err('ResourceNotFoundException', `Guardrail ${String(v)} not found`, 404), {
    by: ['id', 'arn'],
    map: (r) => pickFields(r, ['name', 'guardrailId', 'guardrailArn', 'version', 'status', 'createdAt', 'updatedAt', 'blockedInputMessaging', 'blockedOutputsMessaging', 'description', 'contentPolicy', 'sensitiveInformationPolicy', 'kmsKeyArn']),
  }),
  'bedrock:ListCustomModels': listOf('bedrock:custom-model', 'modelSummaries', ['modelArn', 'modelName', 'creationTime', 'baseModelArn', 'baseModelName', 'customizationType', 'ownerAccountId', 'modelStatus']),
  'bedrock:ListModelCustomizationJobs': listOf('bedrock:customization-job', 'modelCustomizationJobSummaries', ['jobArn', 'baseModelArn', 'jobName', 'status', 'lastModifiedTime', 'creationTime', 'customizationType'], {
    filter: (r, i) => !i.creationTimeAfter || (r.creationTime as Date).getTime() > new Date(i.creationTimeAfter).getTime(),
  }),
  'bedrock:GetModelCustomizationJob': describeOf('bedrock:customization-job', 'jobIdentifier', (v) => err('ResourceNotFoundException', `Job ${String(v)} not found`, 404), { by: ['jobArn', 'jobName'] }),
  'bedrock:ListModelInvocationJobs': listOf('bedrock:invocation-job', 'invocationJobSummaries', (r) => publicView(r)),
  'bedrockagent:ListKnowledgeBases': listOf('bedrockagent:knowledge-base', 'knowledgeBaseSummaries', ['knowledgeBaseId', 'name', 'status', 'updatedAt']),
  'bedrockagent:ListDataSources': listOf('bedrockagent:data-source', 'dataSourceSummaries', ['knowledgeBaseId', 'dataSourceId', 'name', 'status', 'updatedAt'], { filter: (r, i) => r.knowledgeBaseId === i.knowledgeBaseId }),
  'bedrockagent:GetDataSource': (req) => {
    const rec = req.account.all('bedrockagent:data-source', req.region).find((r) => r.knowledgeBaseId === req.input.knowledgeBaseId && r.dataSourceId === req.input.dataSourceId);
    if (!rec) throw err('ResourceNotFoundException', `Data source ${String(req.input.dataSourceId)} not found`, 404);
    return { dataSource: publicView(rec) };
  },

  'cloudwatch:ListMetrics': listOf('cloudwatch:metric', 'Metrics', ['Namespace', 'MetricName', 'Dimensions'], {
    filter: (r, i) => (!i.Namespace || r.Namespace === i.Namespace) && (!i.MetricName || r.MetricName === i.MetricName),
  }),
  'cloudwatch:DescribeAlarms': (req) => {
    const types = (req.input.AlarmTypes as string[] | undefined) ?? ['MetricAlarm'];
    const names = req.input.AlarmNames as string[] | undefined;
    const prefix = req.input.AlarmNamePrefix as string | undefined;
    const keep = (r: Rec) => (!names?.length || names.includes(r.AlarmName as string)) && (!prefix || String(r.AlarmName).startsWith(prefix)) && (!req.input.StateValue || r.StateValue === req.input.StateValue);
    const items = [
      ...(types.includes('MetricAlarm') ? req.account.all('cloudwatch:metric-alarm', req.region).filter(keep).map((rec) => ({ k: 'MetricAlarms', rec })) : []),
      ...(types.includes('CompositeAlarm') ? req.account.all('cloudwatch:composite-alarm', req.region).filter(keep).map((rec) => ({ k: 'CompositeAlarms', rec })) : []),
    ];
    return new Listing('MetricAlarms', items, (x) => publicView(x.rec), {}, (x) => x.k);
  },
  'cloudwatch:DescribeAnomalyDetectors': listOf('cloudwatch:anomaly-detector', 'AnomalyDetectors', (r) => publicView(r)),
  'cloudwatch:ListDashboards': listOf('cloudwatch:dashboard', 'DashboardEntries', ['DashboardName', 'DashboardArn', 'LastModified', 'Size'], {
    region: GLOBAL,
    filter: (r, i) => !i.DashboardNamePrefix || String(r.DashboardName).startsWith(i.DashboardNamePrefix),
  }),
  'cloudwatch:GetDashboard': describeOf('cloudwatch:dashboard', 'DashboardName', (v) => err('ResourceNotFound', `Dashboard ${String(v)} does not exist`, 404), {
    region: GLOBAL,
    map: (r) => ({ DashboardArn: r.DashboardArn, DashboardBody: r._body, DashboardName: r.DashboardName }),
  }),

  'cloudwatchlogs:DescribeLogGroups': listOf('logs:log-group', 'logGroups', (r) => publicView(r), {
    filter: (r, i) => (!i.logGroupNamePrefix || String(r.logGroupName).startsWith(i.logGroupNamePrefix)) && (!i.logGroupNamePattern || String(r.logGroupName).includes(i.logGroupNamePattern)),
    sortFields: { Name: 'logGroupName' },
  }),

  'sns:ListTopics': listOf('sns:topic', 'Topics', ['TopicArn']),
  'sns:GetTopicAttributes': describeOf('sns:topic', 'TopicArn', () => err('NotFoundException', 'Topic does not exist', 404), { map: (r) => ({ Attributes: r._attributes }) }),

  'eventbridge:ListEventBuses': (req) =>
    new Listing('EventBuses', [{ Name: 'default', Arn: req.account.arn('events', req.region, 'event-bus/default'), CreationTime: new Date(req.account.now.getTime() - 900 * 86_400_000) }, ...req.account.all('events:bus', req.region)], (b) => publicView(b as Rec)),
  'eventbridge:ListRules': listOf('events:rule', 'Rules', ['Name', 'Arn', 'EventPattern', 'State', 'Description', 'ScheduleExpression', 'RoleArn', 'ManagedBy', 'EventBusName'], {
    filter: (r, i) => (i.EventBusName ?? 'default') === r.EventBusName && (!i.NamePrefix || String(r.Name).startsWith(i.NamePrefix)),
  }),
  'eventbridge:ListTargetsByRule': (req) => {
    const r = req.account.all('events:rule', req.region).find((x) => x.Name === req.input.Rule && x.EventBusName === (req.input.EventBusName ?? 'default'));
    if (!r) throw err('ResourceNotFoundException', `Rule ${String(req.input.Rule)} does not exist on EventBus ${String(req.input.EventBusName ?? 'default')}.`);
    return new Listing('Targets', r._targets as Rec[]);
  },

  'xray:GetEncryptionConfig': settingOf('xray:encryption', { fallback: { EncryptionConfig: { Status: 'ACTIVE', Type: 'NONE' } } }),
  'xray:GetTraceSegmentDestination': settingOf('xray:destination', { fallback: { Destination: 'XRay', Status: 'ACTIVE' } }),
  'xray:GetServiceGraph': (req) => {
    const services = req.account.all('xray:service', req.region);
    return new Listing('Services', services, (s) => publicView(s), { StartTime: req.input.StartTime, EndTime: req.input.EndTime, ContainsOldGroupVersions: false });
  },
};
