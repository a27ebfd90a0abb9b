// CloudTrail, AWS Config, Security Hub and Macie in the simulated account, with the "not
// enabled" answers each service really gives (Security Hub's InvalidAccessException "…not
// subscribed…", Macie's AccessDeniedException "Macie is not enabled.", InsightNotEnabledException).
import { describeOf, err, listOf, pickFields, publicView, settingOf, type HandlerTable, type SimRequest } from '../handlers/dsl.js';
import type { Rec, SimAccount } from '../model.js';

// ---- CloudTrail ----

export interface TrailSpec {
  name: string;
  homeRegion: string;
  multiRegion: boolean;
  logging: boolean;
  bucket: string;
  validation?: boolean;
  kmsKeyId?: string;
  cloudWatchLogGroupArn?: string;
  insights?: ('ApiCallRateInsight' | 'ApiErrorRateInsight')[];
  /** Management events read/write ('All'), or only 'WriteOnly'. */
  readWrite?: 'All' | 'WriteOnly' | 'ReadOnly';
  /** Advanced selectors for data events on these resource types. */
  dataEventTypes?: string[];
  deliveryError?: string;
}

export function addTrail(a: SimAccount, s: TrailSpec): Rec {
  const arn = a.arn('cloudtrail', s.homeRegion, `trail/${s.name}`);
  const advanced = s.dataEventTypes?.length
    ? [
        { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        ...s.dataEventTypes.map((t) => ({ Name: `Data events ${t}`, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [t] }] })),
      ]
    : undefined;
  return a.add('cloudtrail:trail', s.homeRegion, {
    Name: s.name,
    S3BucketName: s.bucket,
    IncludeGlobalServiceEvents: s.multiRegion,
    IsMultiRegionTrail: s.multiRegion,
    HomeRegion: s.homeRegion,
    TrailARN: arn,
    LogFileValidationEnabled: s.validation ?? false,
    ...(s.cloudWatchLogGroupArn ? { CloudWatchLogsLogGroupArn: s.cloudWatchLogGroupArn, CloudWatchLogsRoleArn: `arn:${a.partition}:iam::${a.accountId}:role/cloudtrail-to-cloudwatch` } : {}),
    ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
    HasCustomEventSelectors: !!advanced,
    HasInsightSelectors: !!s.insights?.length,
    IsOrganizationTrail: false,
    _status: {
      IsLogging: s.logging,
      ...(s.deliveryError ? { LatestDeliveryError: s.deliveryError } : {}),
      LatestDeliveryTime: s.logging ? new Date(a.now.getTime() - 300_000) : new Date(a.now.getTime() - 40 * 86_400_000),
      StartLoggingTime: new Date(a.now.getTime() - 400 * 86_400_000),
      ...(s.logging ? {} : { StopLoggingTime: new Date(a.now.getTime() - 40 * 86_400_000) }),
    },
    _selectors: advanced ? { AdvancedEventSelectors: advanced } : { EventSelectors: [{ ReadWriteType: s.readWrite ?? 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] },
    _insights: s.insights,
  });
}

const TRAIL_FIELDS = ['Name', 'S3BucketName', 'S3KeyPrefix', 'SnsTopicName', 'SnsTopicARN', 'IncludeGlobalServiceEvents', 'IsMultiRegionTrail', 'HomeRegion', 'TrailARN', 'LogFileValidationEnabled', 'CloudWatchLogsLogGroupArn', 'CloudWatchLogsRoleArn', 'KmsKeyId', 'HasCustomEventSelectors', 'HasInsightSelectors', 'IsOrganizationTrail'];

/** A trail by name (its home region) or ARN (from anywhere, as shadow trails allow). */
function trailFor(req: SimRequest, name: unknown): Rec {
  const local = req.account.find('cloudtrail:trail', req.region, 'Name', name) ?? req.account.find('cloudtrail:trail', req.region, 'TrailARN', name);
  if (local) return local;
  if (typeof name === 'string' && name.startsWith('arn:')) {
    const region = name.split(':')[3];
    const r = req.account.find('cloudtrail:trail', region, 'TrailARN', name);
    if (r) return r;
  }
  throw err('TrailNotFoundException', `Unknown trail: ${String(name)} for the user: ${req.account.accountId}`);
}

function dataStoreFor(req: SimRequest, arnOrName: unknown): Rec {
  const r = req.account.find('cloudtrail:event-data-store', req.region, 'EventDataStoreArn', arnOrName) ?? req.account.find('cloudtrail:event-data-store', req.region, 'Name', arnOrName);
  if (!r) throw err('EventDataStoreNotFoundException', `The specified event data store ${String(arnOrName)} was not found.`);
  return r;
}

// ---- AWS Config ----

export interface ConfigSpec {
  recording: boolean;
  allSupported?: boolean;
  resourceTypes?: string[];
  deliveryBucket?: string;
  lastStatus?: 'Success' | 'Failure' | 'Pending';
  rules?: { name: string; source: string; owner?: 'AWS' | 'CUSTOM_LAMBDA'; types?: string[]; compliance?: 'COMPLIANT' | 'NON_COMPLIANT' | 'INSUFFICIENT_DATA'; state?: string }[];
  conformancePacks?: string[];
}

export function setConfig(a: SimAccount, region: string, s: ConfigSpec): void {
  const name = 'default';
  a.set('config:recorders', region, [
    {
      arn: a.arn('config', region, `configuration-recorder/${name}/a1b2c3d4e5f6a7b8`),
      name,
      roleARN: `arn:${a.partition}:iam::${a.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      recordingGroup: s.allSupported ? { allSupported: true, includeGlobalResourceTypes: true, resourceTypes: [] } : { allSupported: false, includeGlobalResourceTypes: false, resourceTypes: s.resourceTypes ?? [] },
      recordingMode: { recordingFrequency: 'CONTINUOUS' },
      recordingScope: 'PAID',
    },
  ]);
  a.set('config:statuses', region, [
    {
      arn: a.arn('config', region, `configuration-recorder/${name}/a1b2c3d4e5f6a7b8`),
      name,
      recording: s.recording,
      lastStatus: s.lastStatus ?? (s.recording ? 'Success' : 'Pending'),
      lastStartTime: new Date(a.now.getTime() - 200 * 86_400_000),
      ...(s.recording ? {} : { lastStopTime: new Date(a.now.getTime() - 30 * 86_400_000) }),
      lastStatusChangeTime: new Date(a.now.getTime() - 3_600_000),
    },
  ]);
  a.set('config:channels', region, s.deliveryBucket ? [{ name, s3BucketName: s.deliveryBucket, configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' } }] : []);
  for (const r of s.rules ?? []) {
    a.add('config:rule', region, {
      ConfigRuleName: r.name,
      ConfigRuleArn: a.arn('config', region, `config-rule/config-rule-${r.name.slice(0, 6)}`),
      ConfigRuleId: `config-rule-${r.name.slice(0, 6)}`,
      Source: { Owner: r.owner ?? 'AWS', SourceIdentifier: r.source },
      ...(r.types ? { Scope: { ComplianceResourceTypes: r.types } } : {}),
      ConfigRuleState: r.state ?? 'ACTIVE',
      EvaluationModes: [{ Mode: 'DETECTIVE' }],
      _compliance: r.compliance ?? 'COMPLIANT',
    });
  }
  for (const p of s.conformancePacks ?? []) {
    a.add('config:conformance-pack', region, {
      ConformancePackName: p,
      ConformancePackArn: a.arn('config', region, `conformance-pack/${p}/conformance-pack-${p.length}`),
      ConformancePackId: `conformance-pack-${p.length}`,
      ConformancePackInputParameters: [],
      LastUpdateRequestedTime: new Date(a.now.getTime() - 10 * 86_400_000),
    });
  }
}

// ---- Security Hub, Macie ----

export function enableSecurityHub(a: SimAccount, region: string, s: { standards: { arn: string; status?: string }[]; products?: string[] }): void {
  a.set('securityhub:hub', region, {
    HubArn: a.arn('securityhub', region, 'hub/default'),
    SubscribedAt: new Date(a.now.getTime() - 300 * 86_400_000).toISOString(),
    AutoEnableControls: true,
    ControlFindingGenerator: 'SECURITY_CONTROL',
    _standards: s.standards,
    _products: s.products ?? [],
  });
}

export function enableMacie(
  a: SimAccount,
  region: string,
  s: { automatedDiscovery: boolean; excludedFromDiscovery?: string[]; exportBucket?: string; publishToSecurityHub?: boolean; jobs?: { name: string; type: 'ONE_TIME' | 'SCHEDULED'; status: string; buckets?: string[] }[] },
): void {
  a.set('macie:session', region, {
    createdAt: new Date(a.now.getTime() - 120 * 86_400_000),
    findingPublishingFrequency: 'FIFTEEN_MINUTES',
    serviceRole: `arn:${a.partition}:iam::${a.accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`,
    status: 'ENABLED',
    updatedAt: new Date(a.now.getTime() - 5 * 86_400_000),
    _spec: s,
  });
  for (const [i, j] of (s.jobs ?? []).entries()) {
    a.add('macie:job', region, {
      jobId: `${(i + 1).toString(16).padStart(32, 'a')}`,
      name: j.name,
      jobType: j.type,
      jobStatus: j.status,
      createdAt: new Date(a.now.getTime() - 30 * 86_400_000),
      ...(j.buckets ? { bucketDefinitions: [{ accountId: a.accountId, buckets: j.buckets }] } : {}),
    });
  }
}

type MacieSpec = Parameters<typeof enableMacie>[2];
const CLASSIFICATION_SCOPE_ID = '117f8c3a0a1b2c3d4e5f6a7b8c9d0e1f';
const macieSession = (req: SimRequest): Rec => {
  const s = req.account.get('macie:session', req.region);
  if (!s) throw err('AccessDeniedException', 'Macie is not enabled.', 403);
  return s;
};

export const securityHandlers: HandlerTable = {
  'cloudtrail:DescribeTrails': (req) => {
    const own = req.account.all('cloudtrail:trail', req.region);
    const shadows = req.input.includeShadowTrails === false ? [] : req.account.regions.filter((r) => r !== req.region).flatMap((r) => req.account.all('cloudtrail:trail', r).filter((t) => t.IsMultiRegionTrail));
    const wanted = req.input.trailNameList as string[] | undefined;
    const list = [...own, ...shadows].filter((t) => !wanted?.length || wanted.includes(t.Name as string) || wanted.includes(t.TrailARN as string));
    return { trailList: list.map((t) => pickFields(t, TRAIL_FIELDS)) };
  },
  'cloudtrail:GetTrailStatus': (req) => trailFor(req, req.input.Name)._status as object,
  'cloudtrail:GetEventSelectors': (req) => {
    const t = trailFor(req, req.input.TrailName);
    return { TrailARN: t.TrailARN, ...(t._selectors as object) };
  },
  'cloudtrail:GetInsightSelectors': (req) => {
    if (req.input.EventDataStore) {
      const d = dataStoreFor(req, req.input.EventDataStore);
      const ins = d._insights as string[] | undefined;
      if (!ins?.length) throw err('InsightNotEnabledException', `Insights are not enabled for event data store ${String(d.EventDataStoreArn)}.`);
      return { EventDataStoreArn: d.EventDataStoreArn, InsightSelectors: ins.map((InsightType) => ({ InsightType })) };
    }
    const t = trailFor(req, req.input.TrailName);
    const ins = t._insights as string[] | undefined;
    if (!ins?.length) throw err('InsightNotEnabledException', `Trail ${String(t.TrailARN)} does not have Insights enabled. Enable Insights on the trail, and then try again.`);
    return { TrailARN: t.TrailARN, InsightSelectors: ins.map((InsightType) => ({ InsightType })) };
  },
  'cloudtrail:ListEventDataStores': listOf('cloudtrail:event-data-store', 'EventDataStores', ['EventDataStoreArn', 'Name']),
  'cloudtrail:GetEventDataStore': (req) => publicView(dataStoreFor(req, req.input.EventDataStore)),

  'config:DescribeConfigurationRecorders': settingOf('config:recorders', { fallback: { ConfigurationRecorders: [] }, map: (v) => ({ ConfigurationRecorders: v }) }),
  'config:DescribeConfigurationRecorderStatus': settingOf('config:statuses', { fallback: { ConfigurationRecordersStatus: [] }, map: (v) => ({ ConfigurationRecordersStatus: v }) }),
  'config:DescribeDeliveryChannels': settingOf('config:channels', { fallback: { DeliveryChannels: [] }, map: (v) => ({ DeliveryChannels: v }) }),
  'config:DescribeConfigRules': listOf('config:rule', 'ConfigRules', (r) => publicView(r), { filter: (r, i) => !i.ConfigRuleNames?.length || i.ConfigRuleNames.includes(r.ConfigRuleName) }),
  'config:DescribeComplianceByConfigRule': listOf('config:rule', 'ComplianceByConfigRules', (r) => ({ ConfigRuleName: r.ConfigRuleName, Compliance: { ComplianceType: r._compliance, ...(r._compliance === 'NON_COMPLIANT' ? { ComplianceContributorCount: { CappedCount: 2, CapExceeded: false } } : {}) } }), {
    filter: (r, i) => !i.ConfigRuleNames?.length || i.ConfigRuleNames.includes(r.ConfigRuleName),
  }),
  'config:DescribeConformancePacks': listOf('config:conformance-pack', 'ConformancePackDetails', (r) => publicView(r)),

  'securityhub:DescribeHub': settingOf('securityhub:hub', {
    absent: (req) => err('InvalidAccessException', `Account ${req.account.accountId} is not subscribed to AWS Security Hub`, 401),
    map: (v) => publicView(v),
  }),
  'securityhub:DescribeSecurityHubV2': settingOf('securityhub:hub-v2', { absent: () => err('ResourceNotFoundException', 'Security Hub V2 is not enabled for this account.', 404) }),
  'securityhub:GetEnabledStandards': (req) => {
    const hub = req.account.get('securityhub:hub', req.region);
    if (!hub) throw err('InvalidAccessException', `Account ${req.account.accountId} is not subscribed to AWS Security Hub`, 401);
    const standards = hub._standards as { arn: string; status?: string }[];
    return {
      StandardsSubscriptions: standards.map((s) => ({
        StandardsSubscriptionArn: req.account.arn('securityhub', req.region, `subscription/${s.arn.split('standards/')[1] ?? 'standard'}`),
        StandardsArn: s.arn,
        StandardsInput: {},
        StandardsStatus: s.status ?? 'READY',
        StandardsControlsUpdatable: 'READY_FOR_UPDATES',
      })),
    };
  },
  'securityhub:ListEnabledProductsForImport': (req) => {
    const hub = req.account.get('securityhub:hub', req.region);
    if (!hub) throw err('InvalidAccessException', `Account ${req.account.accountId} is not subscribed to AWS Security Hub`, 401);
    return { ProductSubscriptions: hub._products as string[] };
  },

  'macie2:GetMacieSession': (req) => publicView(macieSession(req)),
  'macie2:GetAutomatedDiscoveryConfiguration': (req) => {
    const s = macieSession(req)._spec as MacieSpec;
    return { status: s.automatedDiscovery ? 'ENABLED' : 'DISABLED', autoEnableOrganizationMembers: 'NONE', ...(s.automatedDiscovery ? { firstEnabledAt: new Date(req.account.now.getTime() - 90 * 86_400_000), classificationScopeId: CLASSIFICATION_SCOPE_ID, sensitivityInspectionTemplateId: '9b2f4c3a0a1b2c3d4e5f6a7b8c9d0e1f' } : {}) };
  },
  'macie2:ListClassificationJobs': (req) => {
    macieSession(req);
    return listOf('macie:job', 'items', ['jobId', 'name', 'jobType', 'jobStatus', 'createdAt', 'bucketDefinitions'])(req);
  },
  'macie2:GetClassificationScope': (req) => {
    const s = macieSession(req)._spec as MacieSpec;
    if (!s.automatedDiscovery || req.input.id !== CLASSIFICATION_SCOPE_ID) throw err('ResourceNotFoundException', `The classification scope ${String(req.input.id)} was not found.`, 404);
    return { id: CLASSIFICATION_SCOPE_ID, name: 'automated-sensitive-data-discovery', s3: { excludes: { bucketNames: s.excludedFromDiscovery ?? [] } } };
  },
  'macie2:GetClassificationExportConfiguration': (req) => {
    const s = macieSession(req)._spec as MacieSpec;
    return s.exportBucket ? { configuration: { s3Destination: { bucketName: s.exportBucket, keyPrefix: 'macie/', kmsKeyArn: req.account.arn('kms', req.region, 'key/macie-results') } } } : {};
  },
  'macie2:GetFindingsPublicationConfiguration': (req) => {
    const s = macieSession(req)._spec as MacieSpec;
    return { securityHubConfiguration: { publishClassificationFindings: s.publishToSecurityHub ?? false, publishPolicyFindings: true } };
  },
};
