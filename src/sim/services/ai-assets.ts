// The AI assets and controls of issue 19 in the simulated account: Bedrock custom and imported
// models, provisioned throughput, application inference profiles, agents, prompts and knowledge
// bases with keys; SageMaker feature groups; GuardDuty detectors; IAM users, groups and Bedrock
// API keys; bucket policies; CloudTrail Lake stores with data-event selectors.
import { describeOf, err, listOf, Listing, pickFields, publicView, type HandlerTable, type SimRequest } from '../handlers/dsl.js';
import { GLOBAL, type Rec, type SimAccount } from '../model.js';
import { addKnowledgeBase } from './observability.js';

const day = 86_400_000;
const ago = (a: SimAccount, days: number) => new Date(a.now.getTime() - days * day);
const notFound = (what: string) => (v: unknown) => err('ResourceNotFoundException', `${what} ${String(v)} not found`, 404);
const foundationModel = (a: SimAccount, region: string, id: string) => `arn:${a.partition}:bedrock:${region}::foundation-model/${id}`;

// ---- builders ----

export function addCustomModel(a: SimAccount, region: string, s: { name: string; baseModel: string; kmsKeyArn?: string; job?: string; training?: string; hyperParameters?: Record<string, string>; daysAgo?: number }): Rec {
  const arn = a.arn('bedrock', region, `custom-model/${s.baseModel}/${s.name}`);
  return a.add('bedrock:custom-model', region, {
    modelArn: arn,
    modelName: s.name,
    creationTime: ago(a, s.daysAgo ?? 18),
    baseModelArn: foundationModel(a, region, s.baseModel),
    baseModelName: s.baseModel,
    customizationType: 'FINE_TUNING',
    ownerAccountId: a.accountId,
    modelStatus: 'Active',
    ...(s.job ? { jobName: s.job, jobArn: a.arn('bedrock', region, `model-customization-job/${s.job}`) } : {}),
    ...(s.kmsKeyArn ? { modelKmsKeyArn: s.kmsKeyArn } : {}),
    hyperParameters: s.hyperParameters ?? { epochCount: '2', batchSize: '8', learningRate: '0.00001' },
    ...(s.training ? { trainingDataConfig: { s3Uri: s.training }, outputDataConfig: { s3Uri: s.training.replace(/[^/]+$/, 'output/') } } : {}),
  });
}

export function addImportedModel(a: SimAccount, region: string, s: { name: string; source: string; kmsKeyArn?: string; architecture?: string }): Rec {
  return a.add('bedrock:imported-model', region, {
    modelArn: a.arn('bedrock', region, `imported-model/${s.name}`),
    modelName: s.name,
    creationTime: ago(a, 30),
    modelArchitecture: s.architecture ?? 'llama3',
    instructSupported: true,
    modelDataSource: { s3DataSource: { s3Uri: s.source } },
    ...(s.kmsKeyArn ? { modelKmsKeyArn: s.kmsKeyArn } : {}),
  });
}

export function addProvisionedThroughput(a: SimAccount, region: string, s: { name: string; modelArn: string; foundationModel: string }): Rec {
  return a.add('bedrock:provisioned-throughput', region, {
    provisionedModelName: s.name,
    provisionedModelArn: a.arn('bedrock', region, `provisioned-model/${s.name.replace(/[^a-z0-9]/gi, '').slice(0, 12).toLowerCase()}`),
    modelArn: s.modelArn,
    desiredModelArn: s.modelArn,
    foundationModelArn: foundationModel(a, region, s.foundationModel),
    modelUnits: 1,
    desiredModelUnits: 1,
    status: 'InService',
    commitmentDuration: 'OneMonth',
    commitmentExpirationTime: new Date(a.now.getTime() + 20 * day),
    creationTime: ago(a, 10),
    lastModifiedTime: ago(a, 10),
  });
}

export function addInferenceProfile(a: SimAccount, region: string, s: { id: string; name: string; models: string[] }): Rec {
  return a.add('bedrock:inference-profile', region, {
    inferenceProfileName: s.name,
    inferenceProfileArn: a.arn('bedrock', region, `application-inference-profile/${s.id}`),
    inferenceProfileId: s.id,
    models: s.models.map((m) => ({ modelArn: foundationModel(a, region, m) })),
    status: 'ACTIVE',
    type: 'APPLICATION',
    createdAt: ago(a, 12),
    updatedAt: ago(a, 12),
  });
}

export function addAgent(a: SimAccount, region: string, s: { id: string; name: string; model: string; kmsKeyArn?: string; guardrail?: { id: string; version: string }; knowledgeBases?: string[]; instruction?: string }): Rec {
  return a.add('bedrockagent:agent', region, {
    agentId: s.id,
    agentName: s.name,
    agentArn: a.arn('bedrock', region, `agent/${s.id}`),
    agentVersion: 'DRAFT',
    agentStatus: 'PREPARED',
    foundationModel: s.model,
    instruction: s.instruction ?? `You are the ${s.name}. Answer from the knowledge base only.`,
    idleSessionTTLInSeconds: 600,
    agentResourceRoleArn: `arn:${a.partition}:iam::${a.accountId}:role/bedrock-agent-support`,
    createdAt: ago(a, 40),
    updatedAt: ago(a, 4),
    preparedAt: ago(a, 4),
    latestAgentVersion: '3',
    ...(s.kmsKeyArn ? { customerEncryptionKeyArn: s.kmsKeyArn } : {}),
    ...(s.guardrail ? { guardrailConfiguration: { guardrailIdentifier: s.guardrail.id, guardrailVersion: s.guardrail.version } } : {}),
    _knowledgeBases: s.knowledgeBases ?? [],
  });
}

/** A knowledge base with one S3 data source (observability.ts addKnowledgeBase), its embedding model and (optionally) a key for ingestion. */
export function addEncryptedKnowledgeBase(a: SimAccount, region: string, s: { id: string; name: string; embeddingModel: string; dataSource: { id: string; name: string; bucket: string; kmsKeyArn?: string } }): void {
  addKnowledgeBase(a, region, { id: s.id, name: s.name, dataSource: s.dataSource });
  a.find('bedrockagent:knowledge-base', region, 'knowledgeBaseId', s.id)!._embeddingModel = foundationModel(a, region, s.embeddingModel);
  const source = a.all('bedrockagent:data-source', region).find((d) => d.knowledgeBaseId === s.id && d.dataSourceId === s.dataSource.id)!;
  if (s.dataSource.kmsKeyArn) source.serverSideEncryptionConfiguration = { kmsKeyArn: s.dataSource.kmsKeyArn };
}

export function addPrompt(a: SimAccount, region: string, s: { id: string; name: string; model: string; kmsKeyArn?: string }): Rec {
  return a.add('bedrockagent:prompt', region, {
    id: s.id,
    arn: a.arn('bedrock', region, `prompt/${s.id}`),
    name: s.name,
    version: 'DRAFT',
    createdAt: ago(a, 25),
    updatedAt: ago(a, 6),
    defaultVariant: 'main',
    variants: [{ name: 'main', templateType: 'TEXT', modelId: s.model, templateConfiguration: { text: { text: 'Summarise the ticket: {{ticket}}', inputVariables: [{ name: 'ticket' }] } } }],
    ...(s.kmsKeyArn ? { customerEncryptionKeyArn: s.kmsKeyArn } : {}),
  });
}

export function addFeatureGroup(a: SimAccount, region: string, s: { name: string }): Rec {
  return a.add('sagemaker:feature-group', region, {
    FeatureGroupName: s.name,
    FeatureGroupArn: a.arn('sagemaker', region, `feature-group/${s.name}`),
    CreationTime: ago(a, 60),
    FeatureGroupStatus: 'Created',
    OfflineStoreStatus: { Status: 'Active' },
  });
}

export function enableGuardDuty(a: SimAccount, region: string, s: { id: string; s3Protection: boolean }): Rec {
  return a.add('guardduty:detector', region, {
    _id: s.id,
    CreatedAt: ago(a, 500).toISOString(),
    UpdatedAt: ago(a, 30).toISOString(),
    FindingPublishingFrequency: 'FIFTEEN_MINUTES',
    ServiceRole: `arn:${a.partition}:iam::${a.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
    Status: 'ENABLED',
    Features: [
      { Name: 'CLOUD_TRAIL', Status: 'ENABLED', UpdatedAt: ago(a, 30) },
      { Name: 'DNS_LOGS', Status: 'ENABLED', UpdatedAt: ago(a, 30) },
      { Name: 'FLOW_LOGS', Status: 'ENABLED', UpdatedAt: ago(a, 30) },
      { Name: 'S3_DATA_EVENTS', Status: s.s3Protection ? 'ENABLED' : 'DISABLED', UpdatedAt: ago(a, 30) },
    ],
  });
}

/** An IAM user (or group) holding AWS-managed policies, and the user's Bedrock API keys. */
export function addIamPrincipal(a: SimAccount, s: { kind: 'user' | 'group'; name: string; managed?: string[]; bedrockApiKeys?: { id: string; status: 'Active' | 'Inactive'; expiresInDays?: number }[] }): Rec {
  const rec = a.add(`iam:${s.kind}`, GLOBAL, {
    [s.kind === 'user' ? 'UserName' : 'GroupName']: s.name,
    [s.kind === 'user' ? 'UserId' : 'GroupId']: `${s.kind === 'user' ? 'AIDA' : 'AGPA'}${s.name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(17, 'X').slice(0, 17)}`,
    Arn: `arn:${a.partition}:iam::${a.accountId}:${s.kind}/${s.name}`,
    _managed: s.managed ?? [],
  });
  for (const k of s.bedrockApiKeys ?? []) {
    a.add('iam:service-credential', GLOBAL, {
      UserName: s.name,
      Status: k.status,
      ServiceCredentialAlias: `${s.name}-at-${a.accountId}`,
      CreateDate: ago(a, 200),
      ...(k.expiresInDays !== undefined ? { ExpirationDate: new Date(a.now.getTime() + k.expiresInDays * day) } : {}),
      ServiceSpecificCredentialId: k.id,
      ServiceName: 'bedrock.amazonaws.com',
    });
  }
  return rec;
}

/** A bucket's policy document (GetBucketPolicy answers it as a JSON string). */
export function setBucketPolicy(a: SimAccount, bucket: string, policy: object): void {
  const hit = a.everywhere('s3:bucket').find((b) => b.rec.Name === bucket);
  if (!hit) throw new Error(`no bucket ${bucket} in the simulated account`);
  (hit.rec._spec as { policy?: object }).policy = policy;
}

/** The bucket policy statement that refuses plain HTTP. */
export function tlsOnlyStatement(partition: string, bucket: string, actions: string | string[] = 's3:*'): object {
  return { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: actions, Resource: [`arn:${partition}:s3:::${bucket}`, `arn:${partition}:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
}

/** A CloudTrail Lake event data store logging the data events of the given buckets, read and write. */
export function addDataEventStore(a: SimAccount, region: string, s: { id: string; name: string; buckets: string[] }): Rec {
  return a.add('cloudtrail:event-data-store', region, {
    EventDataStoreArn: a.arn('cloudtrail', region, `eventdatastore/${s.id}`),
    Name: s.name,
    Status: 'ENABLED',
    AdvancedEventSelectors: [
      {
        Name: 'AI bucket object events',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'resources.ARN', StartsWith: s.buckets.map((b) => `arn:${a.partition}:s3:::${b}/`) },
        ],
      },
    ],
    MultiRegionEnabled: true,
    OrganizationEnabled: false,
    RetentionPeriod: 366,
    TerminationProtectionEnabled: true,
    CreatedTimestamp: ago(a, 60),
    UpdatedTimestamp: ago(a, 5),
    BillingMode: 'EXTENDABLE_RETENTION_PRICING',
  });
}

// ---- handlers ----

const CUSTOM_MODEL_FIELDS = ['modelArn', 'modelName', 'jobName', 'jobArn', 'baseModelArn', 'customizationType', 'modelKmsKeyArn', 'hyperParameters', 'trainingDataConfig', 'outputDataConfig', 'creationTime', 'modelStatus'];

function principalsWith(req: SimRequest, kind: 'role' | 'user' | 'group'): Rec[] {
  const policy = req.input.PolicyArn as string;
  return req.account.all(`iam:${kind}`, GLOBAL).filter((r) => {
    const managed = kind === 'role' ? ((r.AttachedManagedPolicies as { PolicyArn?: string }[] | undefined) ?? []).map((p) => p.PolicyArn) : ((r._managed as string[] | undefined) ?? []);
    return managed.includes(policy);
  });
}

export const aiAssetHandlers: HandlerTable = {
  'bedrock:GetCustomModel': describeOf('bedrock:custom-model', 'modelIdentifier', notFound('Model'), { by: ['modelArn', 'modelName'], map: (r) => pickFields(r, CUSTOM_MODEL_FIELDS) }),
  'bedrock:ListImportedModels': listOf('bedrock:imported-model', 'modelSummaries', ['modelArn', 'modelName', 'creationTime', 'instructSupported', 'modelArchitecture']),
  'bedrock:GetImportedModel': describeOf('bedrock:imported-model', 'modelIdentifier', notFound('Model'), { by: ['modelArn', 'modelName'] }),
  'bedrock:ListProvisionedModelThroughputs': listOf('bedrock:provisioned-throughput', 'provisionedModelSummaries', (r) => publicView(r)),
  'bedrock:ListInferenceProfiles': listOf('bedrock:inference-profile', 'inferenceProfileSummaries', (r) => publicView(r), { filter: (r, i) => !i.typeEquals || r.type === i.typeEquals }),

  'bedrockagent:ListAgents': listOf('bedrockagent:agent', 'agentSummaries', ['agentId', 'agentName', 'agentStatus', 'description', 'updatedAt', 'latestAgentVersion', 'guardrailConfiguration']),
  'bedrockagent:GetAgent': describeOf('bedrockagent:agent', 'agentId', notFound('Agent'), { map: (r) => ({ agent: pickFields(publicView(r), ['agentId', 'agentName', 'agentArn', 'agentVersion', 'instruction', 'agentStatus', 'foundationModel', 'idleSessionTTLInSeconds', 'agentResourceRoleArn', 'customerEncryptionKeyArn', 'createdAt', 'updatedAt', 'preparedAt', 'guardrailConfiguration']) }) }),
  'bedrockagent:ListAgentKnowledgeBases': (req) => {
    const agent = req.account.find('bedrockagent:agent', req.region, 'agentId', req.input.agentId);
    if (!agent) throw notFound('Agent')(req.input.agentId);
    const kbs = (agent._knowledgeBases as string[]).map((id) => ({ knowledgeBaseId: id, knowledgeBaseState: 'ENABLED', updatedAt: agent.updatedAt }));
    return new Listing('agentKnowledgeBaseSummaries', kbs);
  },
  'bedrockagent:GetKnowledgeBase': describeOf('bedrockagent:knowledge-base', 'knowledgeBaseId', notFound('Knowledge base'), {
    map: (r, req) => ({
      knowledgeBase: {
        knowledgeBaseId: r.knowledgeBaseId,
        name: r.name,
        knowledgeBaseArn: req.account.arn('bedrock', req.region, `knowledge-base/${String(r.knowledgeBaseId)}`),
        roleArn: `arn:${req.account.partition}:iam::${req.account.accountId}:role/bedrock-knowledge-base`,
        knowledgeBaseConfiguration: { type: 'VECTOR', vectorKnowledgeBaseConfiguration: { embeddingModelArn: (r._embeddingModel as string | undefined) ?? `arn:${req.account.partition}:bedrock:${req.region}::foundation-model/amazon.titan-embed-text-v2:0` } },
        status: r.status,
        createdAt: r.updatedAt,
        updatedAt: r.updatedAt,
      },
    }),
  }),
  'bedrockagent:ListPrompts': listOf('bedrockagent:prompt', 'promptSummaries', ['name', 'description', 'id', 'arn', 'version', 'createdAt', 'updatedAt']),
  'bedrockagent:GetPrompt': describeOf('bedrockagent:prompt', 'promptIdentifier', notFound('Prompt'), { by: ['id', 'arn'] }),

  'sagemaker:ListFeatureGroups': listOf('sagemaker:feature-group', 'FeatureGroupSummaries', ['FeatureGroupName', 'FeatureGroupArn', 'CreationTime', 'FeatureGroupStatus', 'OfflineStoreStatus']),

  'guardduty:ListDetectors': (req) => new Listing('DetectorIds', req.account.all('guardduty:detector', req.region), (r) => r._id),
  'guardduty:GetDetector': describeOf('guardduty:detector', 'DetectorId', () => err('BadRequestException', 'The request is rejected because the input detectorId is not owned by the current account.'), { by: ['_id'] }),

  'iam:ListEntitiesForPolicy': (req) => {
    const items = [
      ...principalsWith(req, 'group').map((r) => ({ k: 'PolicyGroups', v: { GroupName: r.GroupName, GroupId: r.GroupId } })),
      ...principalsWith(req, 'user').map((r) => ({ k: 'PolicyUsers', v: { UserName: r.UserName, UserId: r.UserId } })),
      ...principalsWith(req, 'role').map((r) => ({ k: 'PolicyRoles', v: { RoleName: r.RoleName, RoleId: r.RoleId } })),
    ];
    return new Listing('PolicyRoles', items, (x) => x.v, (more) => ({ IsTruncated: more }), (x) => x.k);
  },
  'iam:ListServiceSpecificCredentials': (req) => {
    if (req.input.AllUsers && req.input.UserName) throw err('InvalidInput', 'AllUsers cannot be specified together with UserName.');
    const keep = (r: Rec) => (!req.input.ServiceName || r.ServiceName === req.input.ServiceName) && (req.input.AllUsers || r.UserName === req.input.UserName);
    return new Listing('ServiceSpecificCredentials', req.account.all('iam:service-credential', GLOBAL).filter(keep), (r) => publicView(r), (more) => ({ IsTruncated: more }));
  },
};
