// Audit and operations services in the simulated account: Audit Manager, Detective, Systems
// Manager documents and Incident Manager (with contacts), Application Auto Scaling, the CloudTrail
// Lake event data store, and Bedrock's account-level guardrail enforcement.
import { describeOf, err, listOf, Listing, pickFields, publicView, settingOf, type HandlerTable } from '../handlers/dsl.js';
import type { Rec, SimAccount } from '../model.js';

const ago = (a: SimAccount, days: number) => new Date(a.now.getTime() - days * 86_400_000);

// ---- builders ----

export function setAuditManager(a: SimAccount, region: string, s: { status: 'ACTIVE' | 'INACTIVE'; reportsBucket?: string; assessments?: { id: string; name: string; framework: string }[] }): void {
  a.set('auditmanager:status', region, { status: s.status });
  if (s.reportsBucket) a.set('auditmanager:settings', region, { settings: { isAwsOrgEnabled: false, defaultAssessmentReportsDestination: { destinationType: 'S3', destination: `s3://${s.reportsBucket}` } } });
  for (const x of s.assessments ?? []) {
    a.add('auditmanager:assessment', region, {
      id: x.id,
      name: x.name,
      complianceType: 'ISO/IEC 42001',
      status: 'ACTIVE',
      roles: [{ roleType: 'PROCESS_OWNER', roleArn: `arn:${a.partition}:iam::${a.accountId}:role/audit-owner` }],
      delegations: [],
      creationTime: ago(a, 40),
      lastUpdated: ago(a, 2),
      _assessment: {
        arn: a.arn('auditmanager', region, `assessment/${x.id}`),
        awsAccount: { id: a.accountId },
        metadata: { name: x.name, id: x.id, complianceType: 'ISO/IEC 42001', status: 'ACTIVE', ...(s.reportsBucket ? { assessmentReportsDestination: { destinationType: 'S3', destination: `s3://${s.reportsBucket}/reports` } } : {}), creationTime: ago(a, 40), lastUpdated: ago(a, 2) },
        framework: { id: 'f0e1d2c3-0000-4000-8000-000000000001', metadata: { name: x.framework, description: x.framework } },
      },
    });
  }
}

export function enableDetective(a: SimAccount, region: string, s: { graphId: string; packages: Record<string, string> }): void {
  a.add('detective:graph', region, { Arn: a.arn('detective', region, `graph:${s.graphId}`), CreatedTime: ago(a, 200), _packages: s.packages });
}

export function addSsmDocument(a: SimAccount, region: string, s: { name: string; type: 'Automation' | 'Command' | 'Automation.ChangeTemplate'; sharedWith?: string[]; tags?: Record<string, string> }): Rec {
  return a.add('ssm:document', region, {
    Name: s.name,
    CreatedDate: ago(a, 60),
    Owner: a.accountId,
    DocumentVersion: '3',
    DocumentType: s.type,
    SchemaVersion: s.type === 'Command' ? '2.2' : '0.3',
    DocumentFormat: 'YAML',
    PlatformTypes: ['Linux'],
    Tags: Object.entries(s.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    _shared: s.sharedWith ?? [],
  });
}

export function setIncidentManager(a: SimAccount, s: { regions: string[]; plans: { name: string; contacts: string[] }[]; contacts: string[] }): { planArns: string[] } {
  const home = s.regions[0];
  const setArn = `arn:${a.partition}:ssm-incidents::${a.accountId}:replication-set/9a8b7c6d-0000-4000-8000-000000000001`;
  a.set('ssmincidents:replication-set', 'all', {
    arn: setArn,
    status: 'ACTIVE',
    deletionProtected: true,
    createdTime: ago(a, 300),
    createdBy: `arn:${a.partition}:iam::${a.accountId}:role/admin`,
    lastModifiedTime: ago(a, 30),
    lastModifiedBy: `arn:${a.partition}:iam::${a.accountId}:role/admin`,
    regionMap: Object.fromEntries(s.regions.map((r) => [r, { status: 'ACTIVE', statusUpdateDateTime: ago(a, 300), sseKmsKeyId: 'DefaultKey' }])),
  });
  const planArns: string[] = [];
  for (const p of s.plans) {
    const arn = `arn:${a.partition}:ssm-incidents::${a.accountId}:response-plan/${p.name}`;
    planArns.push(arn);
    a.add('ssmincidents:response-plan', home, {
      arn,
      name: p.name,
      displayName: p.name,
      incidentTemplate: { title: `${p.name} incident`, impact: 2 },
      engagements: p.contacts.map((c) => `arn:${a.partition}:ssm-contacts:${home}:${a.accountId}:contact/${c}`),
      actions: [],
    });
  }
  for (const c of s.contacts) a.add('ssmcontacts:contact', home, { ContactArn: `arn:${a.partition}:ssm-contacts:${home}:${a.accountId}:contact/${c}`, Alias: c, DisplayName: c, Type: 'PERSONAL' });
  return { planArns };
}

export function addScalableVariant(a: SimAccount, region: string, s: { endpoint: string; variant: string; min: number; max: number; policy?: string }): void {
  const id = `endpoint/${s.endpoint}/variant/${s.variant}`;
  a.add('autoscaling:target', region, { ServiceNamespace: 'sagemaker', ResourceId: id, ScalableDimension: 'sagemaker:variant:DesiredInstanceCount', MinCapacity: s.min, MaxCapacity: s.max, RoleARN: `arn:${a.partition}:iam::${a.accountId}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`, CreationTime: ago(a, 30) });
  if (s.policy) {
    a.add('autoscaling:policy', region, {
      PolicyARN: a.arn('autoscaling', region, `scalingPolicy:0a1b2c3d-0000-4000-8000-000000000001:resource/sagemaker/${id}:policyName/${s.policy}`),
      PolicyName: s.policy,
      ServiceNamespace: 'sagemaker',
      ResourceId: id,
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' } },
      Alarms: [],
      CreationTime: ago(a, 30),
    });
  }
}

export function addEventDataStore(a: SimAccount, region: string, s: { name: string; id: string; multiRegion: boolean; insights?: string[] }): Rec {
  return a.add('cloudtrail:event-data-store', region, {
    EventDataStoreArn: a.arn('cloudtrail', region, `eventdatastore/${s.id}`),
    Name: s.name,
    Status: 'ENABLED',
    AdvancedEventSelectors: [{ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
    MultiRegionEnabled: s.multiRegion,
    OrganizationEnabled: false,
    RetentionPeriod: 2557,
    TerminationProtectionEnabled: true,
    CreatedTimestamp: ago(a, 100),
    UpdatedTimestamp: ago(a, 10),
    BillingMode: 'EXTENDABLE_RETENTION_PRICING',
    _insights: s.insights,
  });
}

// ---- handlers ----

export const governanceHandlers: HandlerTable = {
  'auditmanager:GetAccountStatus': settingOf('auditmanager:status', { fallback: { status: 'INACTIVE' } }),
  'auditmanager:ListAssessments': listOf('auditmanager:assessment', 'assessmentMetadata', ['name', 'id', 'complianceType', 'status', 'roles', 'delegations', 'creationTime', 'lastUpdated'], { filter: (r, i) => !i.status || r.status === i.status }),
  'auditmanager:GetAssessment': describeOf('auditmanager:assessment', 'assessmentId', () => err('ResourceNotFoundException', 'The resource you specified was not found.', 404), {
    by: ['id'],
    map: (r) => ({ assessment: r._assessment, userRole: { roleType: 'PROCESS_OWNER', roleArn: (r.roles as { roleArn: string }[])[0].roleArn } }),
  }),
  'auditmanager:GetSettings': settingOf('auditmanager:settings', { absent: () => err('AccessDeniedException', 'Please complete AWS Audit Manager setup from home page to enable this action in this account.', 403) }),

  'detective:ListGraphs': listOf('detective:graph', 'GraphList', ['Arn', 'CreatedTime']),
  'detective:ListInvitations': listOf('detective:invitation', 'Invitations', (r) => publicView(r)),
  'detective:ListDatasourcePackages': (req) => {
    const g = req.account.find('detective:graph', req.region, 'Arn', req.input.GraphArn);
    if (!g) throw err('ResourceNotFoundException', 'The request refers to a nonexistent resource.', 404);
    const pk = g._packages as Record<string, string>;
    return { DatasourcePackages: Object.fromEntries(Object.entries(pk).map(([k, state]) => [k, { DatasourcePackageIngestState: state, LastIngestStateChange: {} }])) };
  },

  'ssm:ListDocuments': listOf('ssm:document', 'DocumentIdentifiers', (r) => publicView(r), {
    filter: (r, i, req) => {
      const owner = (i.Filters as { Key?: string; Values?: string[] }[] | undefined)?.find((f) => f.Key === 'Owner')?.Values?.[0];
      return !owner || owner !== 'Self' || r.Owner === req.account.accountId;
    },
  }),
  'ssm:DescribeDocument': describeOf('ssm:document', 'Name', () => err('InvalidDocument', 'Document with name does not exist.'), {
    map: (r) => ({ Document: { ...pickFields(r, ['Name', 'Owner', 'CreatedDate', 'DocumentVersion', 'PlatformTypes', 'DocumentType', 'SchemaVersion', 'DocumentFormat', 'Tags']), Status: 'Active', LatestVersion: '3', DefaultVersion: '3', Hash: 'a1b2c3'.padEnd(64, '0'), HashType: 'Sha256' } }),
  }),
  'ssm:DescribeDocumentPermission': (req) => {
    const d = req.account.find('ssm:document', req.region, 'Name', req.input.Name);
    if (!d) throw err('InvalidDocument', 'Document with name does not exist.');
    const ids = d._shared as string[];
    return new Listing('AccountIds', ids, (x) => x, { AccountSharingInfoList: ids.map((AccountId) => ({ AccountId, SharedDocumentVersion: 'all' })) });
  },
  'ssm:GetServiceSetting': (req) => {
    const v = req.account.get<string>('ssm:public-sharing', req.region);
    const id = String(req.input.SettingId);
    if (v === undefined) throw err('ServiceSettingNotFound', `The service setting ${id} was not found.`);
    return { ServiceSetting: { SettingId: id, SettingValue: v, LastModifiedDate: req.account.now, LastModifiedUser: req.account.callerArn, ARN: req.account.arn('ssm', req.region, `servicesetting${id}`), Status: 'Customized' } };
  },

  'ssmincidents:ListReplicationSets': (req) => {
    const s = req.account.get<Rec>('ssmincidents:replication-set', 'all');
    return new Listing('replicationSetArns', s ? [s.arn as string] : []);
  },
  'ssmincidents:GetReplicationSet': (req) => {
    const s = req.account.get<Rec>('ssmincidents:replication-set', 'all');
    if (!s || s.arn !== req.input.arn || !Object.keys(s.regionMap as object).includes(req.region)) throw err('ResourceNotFoundException', 'Replication set not found', 404);
    return { replicationSet: s };
  },
  'ssmincidents:ListResponsePlans': listOf('ssmincidents:response-plan', 'responsePlanSummaries', ['arn', 'name', 'displayName']),
  'ssmincidents:GetResponsePlan': describeOf('ssmincidents:response-plan', 'arn', () => err('ResourceNotFoundException', 'Response plan not found', 404)),
  'ssmcontacts:ListContacts': listOf('ssmcontacts:contact', 'Contacts', (r) => publicView(r)),
  'eventbridge:ListRuleNamesByTarget': (req) => {
    const names = req.account.all('events:rule', req.region).filter((r) => (r._targets as { Arn: string }[]).some((t) => t.Arn === req.input.TargetArn)).map((r) => r.Name as string);
    return new Listing('RuleNames', names);
  },

  'applicationautoscaling:DescribeScalableTargets': listOf('autoscaling:target', 'ScalableTargets', (r) => publicView(r), { filter: (r, i) => r.ServiceNamespace === i.ServiceNamespace }),
  'applicationautoscaling:DescribeScalingPolicies': listOf('autoscaling:policy', 'ScalingPolicies', (r) => publicView(r), { filter: (r, i) => r.ServiceNamespace === i.ServiceNamespace }),

  'bedrock:ListEnforcedGuardrailsConfiguration': listOf('bedrock:enforced-guardrail', 'guardrailsConfig', (r) => publicView(r)),
};
