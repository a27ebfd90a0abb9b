// Data, delivery, continuity and third-party services in the simulated account: Glue (catalog,
// Data Quality), Lake Formation, DataBrew, Clean Rooms, Backup, DRS, Step Functions, CodePipeline,
// CodeCommit, Service Catalog, Cost Explorer, QuickSight and Marketplace.
import { describeOf, err, listOf, Listing, pickFields, publicView, settingOf, type HandlerTable } from '../handlers/dsl.js';
import { GLOBAL, type Rec, type SimAccount } from '../model.js';

const ago = (a: SimAccount, days: number) => new Date(a.now.getTime() - days * 86_400_000);

// ---- builders ----

export function addGlueTable(a: SimAccount, region: string, s: { database: string; table: string; location: string; description?: string; classification?: string }): Rec {
  if (!a.find('glue:database', region, 'Name', s.database)) a.add('glue:database', region, { Name: s.database, Description: `${s.database} datasets`, CreateTime: ago(a, 200), CatalogId: a.accountId });
  return a.add('glue:table', region, {
    Name: s.table,
    DatabaseName: s.database,
    ...(s.description ? { Description: s.description } : {}),
    Owner: 'owner',
    CreateTime: ago(a, 150),
    UpdateTime: ago(a, 10),
    StorageDescriptor: { Columns: [{ Name: 'customer_id', Type: 'string' }, { Name: 'label', Type: 'int' }], Location: s.location, Compressed: false, NumberOfBuckets: -1 },
    TableType: 'EXTERNAL_TABLE',
    Parameters: s.classification ? { classification: s.classification } : {},
    CatalogId: a.accountId,
    IsRegisteredWithLakeFormation: false,
  });
}

export function addDataQualityRuleset(a: SimAccount, region: string, s: { name: string; database: string; table: string; rules: number; lastRun?: { daysAgo: number; score: number } }): Rec {
  if (s.lastRun) {
    const id = `dqresult-${s.name.replace(/[^a-z0-9]/g, '').slice(0, 24)}`;
    a.add('glue:dq-result', region, {
      ResultId: id,
      Score: s.lastRun.score,
      RulesetName: s.name,
      DataSource: { GlueTable: { DatabaseName: s.database, TableName: s.table } },
      EvaluationContext: 'default',
      StartedOn: ago(a, s.lastRun.daysAgo),
      CompletedOn: ago(a, s.lastRun.daysAgo),
      RuleResults: [{ Name: 'Rule_1', Description: 'IsComplete "customer_id"', Result: 'PASS' }],
    });
  }
  return a.add('glue:dq-ruleset', region, { Name: s.name, CreatedOn: ago(a, 60), LastModifiedOn: ago(a, 20), TargetTable: { DatabaseName: s.database, TableName: s.table }, RuleCount: s.rules });
}

export function setLakeFormation(a: SimAccount, region: string, s: { admins: string[]; iamAllowedDefaults: boolean; registered: string[]; grants: number; lfTags?: string[] }): void {
  const iamAllowed = s.iamAllowedDefaults ? [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }] : [];
  a.set('lakeformation:settings', region, {
    DataLakeSettings: {
      DataLakeAdmins: s.admins.map((DataLakePrincipalIdentifier) => ({ DataLakePrincipalIdentifier })),
      ReadOnlyAdmins: [],
      CreateDatabaseDefaultPermissions: iamAllowed,
      CreateTableDefaultPermissions: iamAllowed,
      TrustedResourceOwners: [],
      AllowExternalDataFiltering: false,
    },
  });
  for (const r of s.registered) a.add('lakeformation:resource', region, { ResourceArn: r, RoleArn: `arn:${a.partition}:iam::${a.accountId}:role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess`, LastModified: ago(a, 30) });
  for (let i = 0; i < s.grants; i++) {
    a.add('lakeformation:permission', region, {
      Principal: { DataLakePrincipalIdentifier: `arn:${a.partition}:iam::${a.accountId}:role/sagemaker-execution` },
      Resource: i % 2 ? { TableWithColumns: { DatabaseName: 'ml_features', Name: 'churn_features', ColumnNames: ['customer_id', 'tenure'] } } : { Table: { DatabaseName: 'ml_features', Name: 'churn_features' } },
      Permissions: ['SELECT'],
      PermissionsWithGrantOption: [],
    });
  }
  for (const t of s.lfTags ?? []) a.add('lakeformation:lf-tag', region, { TagKey: t, TagValues: ['public', 'confidential'], CatalogId: a.accountId });
}

export function addBackupPlan(a: SimAccount, region: string, s: { name: string; id: string; schedule: string; vault: string; resources: string[]; protectedDaysAgo?: number }): Rec {
  const arn = a.arn('backup', region, `backup-plan:${s.id}`);
  a.add('backup:selection', region, { SelectionId: `${s.id}-sel`, SelectionName: `${s.name}-resources`, BackupPlanId: s.id, CreationDate: ago(a, 90), IamRoleArn: `arn:${a.partition}:iam::${a.accountId}:role/service-role/AWSBackupDefaultServiceRole` });
  for (const r of s.resources) a.add('backup:protected', region, { ResourceArn: r, ResourceType: r.startsWith('arn:aws:s3') ? 'S3' : 'Other', LastBackupTime: ago(a, s.protectedDaysAgo ?? 1), ResourceName: r.split(/[:/]/).pop() });
  return a.add('backup:plan', region, {
    BackupPlanArn: arn,
    BackupPlanId: s.id,
    BackupPlanName: s.name,
    VersionId: 'ZDY0MWZmMDktOTQ4Zi00Yzk2LTk2ZjYtNWQ2ZWM4NDRkYzI0',
    CreationDate: ago(a, 90),
    LastExecutionDate: ago(a, 1),
    _plan: { BackupPlanName: s.name, Rules: [{ RuleName: 'daily', TargetBackupVaultName: s.vault, ScheduleExpression: s.schedule, StartWindowMinutes: 60, CompletionWindowMinutes: 180, Lifecycle: { DeleteAfterDays: 35 }, RuleId: `${s.id}-rule` }] },
  });
}

export function addBackupVault(a: SimAccount, region: string, s: { name: string; kmsKeyArn: string; customerKey: boolean }): Rec {
  return a.add('backup:vault', region, {
    BackupVaultName: s.name,
    BackupVaultArn: a.arn('backup', region, `backup-vault:${s.name}`),
    VaultType: 'BACKUP_VAULT',
    VaultState: 'AVAILABLE',
    CreationDate: ago(a, 100),
    EncryptionKeyArn: s.kmsKeyArn,
    NumberOfRecoveryPoints: 42,
    Locked: false,
    EncryptionKeyType: s.customerKey ? 'CUSTOMER_MANAGED_KMS_KEY' : 'AWS_OWNED_KMS_KEY',
  });
}

export function addStateMachine(a: SimAccount, region: string, s: { name: string; definition: object; logLevel?: string; tracing?: boolean }): Rec {
  return a.add('sfn:state-machine', region, {
    stateMachineArn: a.arn('states', region, `stateMachine:${s.name}`),
    name: s.name,
    type: 'STANDARD',
    creationDate: ago(a, 80),
    status: 'ACTIVE',
    roleArn: `arn:${a.partition}:iam::${a.accountId}:role/stepfunctions-${s.name}`,
    definition: JSON.stringify(s.definition),
    loggingConfiguration: { level: s.logLevel ?? 'OFF', includeExecutionData: false, destinations: [] },
    tracingConfiguration: { enabled: s.tracing ?? false },
    encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
  });
}

export function addCodePipeline(a: SimAccount, region: string, s: { name: string; stages: { name: string; actions: { name: string; category: string; provider: string; configuration?: Record<string, string> }[] }[]; runs: { status: string; daysAgo: number }[]; kmsKey?: string }): Rec {
  return a.add('codepipeline:pipeline', region, {
    name: s.name,
    version: 3,
    pipelineType: 'V2',
    executionMode: 'QUEUED',
    created: ago(a, 120),
    updated: ago(a, 14),
    _decl: {
      name: s.name,
      roleArn: `arn:${a.partition}:iam::${a.accountId}:role/codepipeline-${s.name}`,
      artifactStore: { type: 'S3', location: `codepipeline-${region}-${a.accountId}`, ...(s.kmsKey ? { encryptionKey: { id: s.kmsKey, type: 'KMS' } } : {}) },
      stages: s.stages.map((st) => ({ name: st.name, actions: st.actions.map((ac, i) => ({ name: ac.name, actionTypeId: { category: ac.category, owner: 'AWS', provider: ac.provider, version: '1' }, runOrder: i + 1, configuration: ac.configuration ?? {} })) })),
      version: 3,
      pipelineType: 'V2',
      executionMode: 'QUEUED',
    },
    _runs: s.runs.map((r, i) => ({ pipelineExecutionId: `0a1b2c3d-${String(i).padStart(4, '0')}-4e5f-8a9b-${s.name.length.toString(16).padStart(12, '0')}`, status: r.status, startTime: ago(a, r.daysAgo), lastUpdateTime: ago(a, r.daysAgo) })),
  });
}

export function addRepository(a: SimAccount, region: string, s: { name: string; templates: string[]; kmsKeyId?: string }): Rec {
  return a.add('codecommit:repository', region, {
    accountId: a.accountId,
    repositoryId: `0a1b2c3d-4e5f-6a7b-8c9d-${s.name.length.toString(16).padStart(12, '0')}`,
    repositoryName: s.name,
    defaultBranch: 'main',
    lastModifiedDate: ago(a, 3),
    creationDate: ago(a, 700),
    cloneUrlHttp: `https://git-codecommit.${region}.amazonaws.com/v1/repos/${s.name}`,
    Arn: a.arn('codecommit', region, s.name),
    ...(s.kmsKeyId ? { kmsKeyId: s.kmsKeyId } : {}),
    _templates: s.templates,
  });
}

export function addPortfolio(a: SimAccount, region: string, s: { id: string; name: string; description: string; products: string[]; principals: string[] }): Rec {
  return a.add('servicecatalog:portfolio', region, {
    Id: s.id,
    ARN: a.arn('catalog', region, `portfolio/${s.id}`),
    DisplayName: s.name,
    Description: s.description,
    CreatedTime: ago(a, 180),
    ProviderName: 'ML Platform',
    _products: s.products,
    _principals: s.principals,
  });
}

// ---- handlers ----

export const dataHandlers: HandlerTable = {
  'glue:GetDatabases': listOf('glue:database', 'DatabaseList', (r) => publicView(r)),
  'glue:GetTables': listOf('glue:table', 'TableList', (r) => publicView(r), { filter: (r, i) => r.DatabaseName === i.DatabaseName && (!i.Expression || String(r.Name).includes(String(i.Expression).replace(/\*/g, ''))) }),
  'glue:GetDataCatalogEncryptionSettings': settingOf('glue:catalog-encryption', {
    fallback: { DataCatalogEncryptionSettings: { EncryptionAtRest: { CatalogEncryptionMode: 'DISABLED' }, ConnectionPasswordEncryption: { ReturnConnectionPasswordEncrypted: false } } },
  }),
  'glue:GetCrawlers': listOf('glue:crawler', 'Crawlers', (r) => publicView(r)),
  'glue:ListDataQualityRulesets': listOf('glue:dq-ruleset', 'Rulesets', (r) => publicView(r)),
  'glue:ListDataQualityResults': listOf('glue:dq-result', 'Results', (r) => pickFields(r, ['ResultId', 'DataSource', 'JobName', 'JobRunId', 'StartedOn']), {
    filter: (r, i) => !i.Filter?.StartedAfter || (r.StartedOn as Date).getTime() > new Date(i.Filter.StartedAfter).getTime(),
  }),
  'glue:GetDataQualityResult': describeOf('glue:dq-result', 'ResultId', (v) => err('EntityNotFoundException', `Cannot find Data Quality result ${String(v)}`)),

  'lakeformation:GetDataLakeSettings': settingOf('lakeformation:settings', { fallback: { DataLakeSettings: { DataLakeAdmins: [], CreateDatabaseDefaultPermissions: [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }], CreateTableDefaultPermissions: [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }] } } }),
  'lakeformation:ListResources': listOf('lakeformation:resource', 'ResourceInfoList', (r) => publicView(r)),
  'lakeformation:ListPermissions': listOf('lakeformation:permission', 'PrincipalResourcePermissions', (r) => publicView(r)),
  'lakeformation:ListDataCellsFilter': listOf('lakeformation:cells-filter', 'DataCellsFilters', (r) => publicView(r)),
  'lakeformation:ListLFTags': listOf('lakeformation:lf-tag', 'LFTags', (r) => publicView(r)),

  'databrew:ListDatasets': listOf('databrew:dataset', 'Datasets', (r) => publicView(r)),
  'databrew:ListJobs': listOf('databrew:job', 'Jobs', (r) => pickFields(r, ['AccountId', 'CreatedBy', 'CreateDate', 'DatasetName', 'EncryptionKeyArn', 'EncryptionMode', 'Name', 'Type', 'LastModifiedDate', 'RecipeReference', 'ResourceArn', 'RoleArn', 'ValidationConfigurations'])),
  'databrew:DescribeJob': describeOf('databrew:job', 'Name', (v) => err('ResourceNotFoundException', `Job ${String(v)} wasn't found.`, 404), { map: (r) => { const { AccountId: _a, ...rest } = publicView(r); return rest; } }),
  'databrew:ListRulesets': listOf('databrew:ruleset', 'Rulesets', (r) => publicView(r)),
  'databrew:ListRecipes': listOf('databrew:recipe', 'Recipes', (r) => publicView(r)),

  'cleanrooms:ListMemberships': listOf('cleanrooms:membership', 'membershipSummaries', (r) => publicView(r), { filter: (r, i) => !i.status || r.status === i.status }),
  'cleanrooms:ListCollaborations': listOf('cleanrooms:collaboration', 'collaborationList', (r) => publicView(r)),
  'cleanrooms:ListConfiguredTables': listOf('cleanrooms:configured-table', 'configuredTableSummaries', (r) => pickFields(r, ['id', 'arn', 'name', 'createTime', 'updateTime', 'analysisRuleTypes', 'analysisMethod'])),
  'cleanrooms:GetConfiguredTableAnalysisRule': describeOf('cleanrooms:configured-table', 'configuredTableIdentifier', () => err('ResourceNotFoundException', 'Configured table not found', 404), {
    by: ['id', 'arn'],
    map: (r, req) => ({ analysisRule: { configuredTableId: r.id, configuredTableArn: r.arn, type: req.input.analysisRuleType, createTime: r.createTime, updateTime: r.updateTime, policy: r._policy } }),
  }),

  'backup:ListBackupPlans': listOf('backup:plan', 'BackupPlansList', (r) => publicView(r)),
  'backup:GetBackupPlan': describeOf('backup:plan', 'BackupPlanId', (v) => err('ResourceNotFoundException', `Failed reading backup plan ${String(v)}`), {
    map: (r) => ({ BackupPlan: r._plan, BackupPlanId: r.BackupPlanId, BackupPlanArn: r.BackupPlanArn, VersionId: r.VersionId, CreationDate: r.CreationDate, LastExecutionDate: r.LastExecutionDate }),
  }),
  'backup:ListBackupSelections': listOf('backup:selection', 'BackupSelectionsList', (r) => publicView(r), { filter: (r, i) => r.BackupPlanId === i.BackupPlanId }),
  'backup:ListProtectedResources': listOf('backup:protected', 'Results', (r) => publicView(r)),
  'backup:ListBackupVaults': listOf('backup:vault', 'BackupVaultList', (r) => publicView(r)),
  'backup:ListBackupJobs': listOf('backup:job', 'BackupJobs', (r) => publicView(r), { filter: (r, i) => !i.ByState || r.State === i.ByState }),

  'drs:DescribeSourceServers': (req) => {
    if (!req.account.get('drs:initialized', req.region)) throw err('UninitializedAccountException', 'Account not initialized', 400);
    return new Listing('items', req.account.all('drs:source-server', req.region), (r) => publicView(r));
  },
  'drs:DescribeJobs': listOf('drs:job', 'items', (r) => publicView(r)),

  'sfn:ListStateMachines': listOf('sfn:state-machine', 'stateMachines', ['stateMachineArn', 'name', 'type', 'creationDate']),
  'sfn:DescribeStateMachine': describeOf('sfn:state-machine', 'stateMachineArn', (v) => err('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(v)}'`), {
    map: (r, req) => {
      const v = publicView(r);
      if (req.input.includedData === 'METADATA_ONLY') delete v.definition;
      return v;
    },
  }),

  'codepipeline:ListPipelines': listOf('codepipeline:pipeline', 'pipelines', ['name', 'version', 'pipelineType', 'executionMode', 'created', 'updated']),
  'codepipeline:GetPipeline': describeOf('codepipeline:pipeline', 'name', (v) => err('PipelineNotFoundException', `Account '${'…'}' does not have a pipeline with name '${String(v)}'`), {
    map: (r, req) => ({ pipeline: r._decl, metadata: { pipelineArn: req.account.arn('codepipeline', req.region, String(r.name)), created: r.created, updated: r.updated } }),
  }),
  'codepipeline:ListPipelineExecutions': (req) => {
    const p = req.account.find('codepipeline:pipeline', req.region, 'name', req.input.pipelineName);
    if (!p) throw err('PipelineNotFoundException', `Account '${req.account.accountId}' does not have a pipeline with name '${String(req.input.pipelineName)}'`);
    return new Listing('pipelineExecutionSummaries', p._runs as Rec[]);
  },

  'codecommit:ListRepositories': listOf('codecommit:repository', 'repositories', ['repositoryName', 'repositoryId']),
  'codecommit:BatchGetRepositories': (req) => {
    const names = (req.input.repositoryNames as string[] | undefined) ?? [];
    const found = names.map((n) => req.account.find('codecommit:repository', req.region, 'repositoryName', n));
    return { repositories: found.filter((r): r is Rec => !!r).map((r) => publicView(r)), repositoriesNotFound: names.filter((_, i) => !found[i]), errors: [] };
  },
  'codecommit:ListAssociatedApprovalRuleTemplatesForRepository': (req) => {
    const r = req.account.find('codecommit:repository', req.region, 'repositoryName', req.input.repositoryName);
    if (!r) throw err('RepositoryDoesNotExistException', `${String(req.input.repositoryName)} does not exist`);
    return new Listing('approvalRuleTemplateNames', r._templates as string[]);
  },

  'servicecatalog:ListPortfolios': listOf('servicecatalog:portfolio', 'PortfolioDetails', ['Id', 'ARN', 'DisplayName', 'Description', 'CreatedTime', 'ProviderName']),
  'servicecatalog:SearchProductsAsAdmin': (req) => {
    const p = req.account.find('servicecatalog:portfolio', req.region, 'Id', req.input.PortfolioId);
    if (!p) throw err('ResourceNotFoundException', `Portfolio ${String(req.input.PortfolioId)} not found`);
    return new Listing('ProductViewDetails', p._products as string[], (name) => ({
      ProductViewSummary: { Id: `prodview-${name.length.toString(36).padStart(13, 'a')}`, ProductId: `prod-${name.replace(/[^a-z0-9]/g, '').slice(0, 13)}`, Name: name, Owner: 'ML Platform', Type: 'CLOUD_FORMATION_TEMPLATE' },
      Status: 'AVAILABLE',
      CreatedTime: p.CreatedTime,
    }));
  },
  'servicecatalog:ListPrincipalsForPortfolio': (req) => {
    const p = req.account.find('servicecatalog:portfolio', req.region, 'Id', req.input.PortfolioId);
    if (!p) throw err('ResourceNotFoundException', `Portfolio ${String(req.input.PortfolioId)} not found`);
    return new Listing('Principals', p._principals as string[], (arn) => ({ PrincipalARN: arn, PrincipalType: 'IAM' }));
  },
  'sagemaker:GetSagemakerServicecatalogPortfolioStatus': settingOf('sagemaker:servicecatalog-status', { fallback: { Status: 'Disabled' } }),

  'costexplorer:GetCostAndUsage': (req) => {
    const spend = req.account.get<Record<string, number>>('ce:spend', GLOBAL);
    if (!spend) throw err('AccessDeniedException', 'User not enabled for cost explorer access', 400);
    const tp = req.input.TimePeriod as { Start: string; End: string };
    return {
      GroupDefinitions: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      ResultsByTime: [{ TimePeriod: tp, Total: {}, Groups: Object.entries(spend).map(([svc, amount]) => ({ Keys: [svc], Metrics: { UnblendedCost: { Amount: amount.toFixed(10), Unit: 'USD' } } })), Estimated: false }],
      DimensionValueAttributes: [],
    };
  },
  'costexplorer:GetAnomalyMonitors': listOf('ce:monitor', 'AnomalyMonitors', (r) => publicView(r), { region: GLOBAL }),
  'costexplorer:GetAnomalySubscriptions': listOf('ce:subscription', 'AnomalySubscriptions', (r) => publicView(r), { region: GLOBAL }),
  'costexplorer:ListCostAllocationTags': listOf('ce:tag', 'CostAllocationTags', (r) => publicView(r), { region: GLOBAL, filter: (r, i) => (!i.Status || r.Status === i.Status) && (!i.Type || r.Type === i.Type) }),

  'quicksight:DescribeAccountSubscription': settingOf('quicksight:subscription', {
    region: GLOBAL,
    absent: (req) => err('ResourceNotFoundException', `Account information for account ${req.account.accountId} not found`, 404),
  }),
  'quicksight:ListDashboards': (req) => {
    if (!req.account.get('quicksight:subscription', GLOBAL)) throw err('UnsupportedUserEditionException', 'This operation is not supported because the account is not subscribed for QuickSight', 403);
    return new Listing('DashboardSummaryList', req.account.all('quicksight:dashboard', req.region), (r) => publicView(r), { Status: 200, RequestId: 'a1b2c3d4-0000-4000-8000-000000000001' });
  },

  'marketplaceagreement:SearchAgreements': listOf('marketplace:agreement', 'agreementViewSummaries', (r) => publicView(r), { region: GLOBAL }),
  'licensemanager:ListReceivedLicenses': listOf('licensemanager:license', 'Licenses', (r) => publicView(r)),
  'bedrock:ListMarketplaceModelEndpoints': listOf('bedrock:marketplace-endpoint', 'marketplaceModelEndpoints', (r) => publicView(r)),
};
