// Identity, regions, network, keys and secrets in the simulated account: STS, EC2 (regions, VPC
// endpoints, subnets), IAM, KMS and Secrets Manager (metadata only: no call returns a secret value).
import { describeOf, err, listOf, Listing, pickFields, publicView, type HandlerTable } from '../handlers/dsl.js';
import { GLOBAL, type Rec, type SimAccount } from '../model.js';

// ---- builders ----

export function addSubnet(a: SimAccount, region: string, s: { id: string; vpc: string; az: string; cidr?: string }): Rec {
  return a.add('ec2:subnet', region, {
    SubnetId: s.id,
    SubnetArn: a.arn('ec2', region, `subnet/${s.id}`),
    VpcId: s.vpc,
    AvailabilityZone: s.az,
    AvailabilityZoneId: `${region.replace(/-/g, '').slice(0, 5)}-az${s.az.slice(-1).charCodeAt(0) - 96}`,
    CidrBlock: s.cidr ?? '10.0.0.0/24',
    State: 'available',
    AvailableIpAddressCount: 250,
    DefaultForAz: false,
    MapPublicIpOnLaunch: false,
    OwnerId: a.accountId,
  });
}

/** A Route 53 private hosted zone associated with VPCs (the hub pattern: a zone per service name, aliased to a hub endpoint). */
export function addPrivateHostedZone(a: SimAccount, z: { id: string; name: string; vpcs: { id: string; region: string }[]; aliasTo?: string; owner?: string }): Rec {
  return a.add('route53:zone', GLOBAL, {
    HostedZoneId: z.id,
    Name: `${z.name}.`,
    Owner: { OwningAccount: z.owner ?? a.accountId },
    _vpcs: z.vpcs,
    _records: z.aliasTo ? [{ Name: `${z.name}.`, Type: 'A', AliasTarget: { HostedZoneId: 'Z7HUB4ROUTE53', DNSName: `${z.aliasTo}.`, EvaluateTargetHealth: true } }] : [],
  });
}

export function addVpcEndpoint(a: SimAccount, region: string, s: { id: string; vpc: string; service: string; type?: 'Interface' | 'Gateway'; subnets?: string[]; privateDns?: boolean; state?: string }): Rec {
  const type = s.type ?? 'Interface';
  return a.add('ec2:vpc-endpoint', region, {
    VpcEndpointId: s.id,
    VpcEndpointType: type,
    VpcId: s.vpc,
    ServiceName: `com.amazonaws.${region}.${s.service}`,
    State: s.state ?? 'available',
    SubnetIds: type === 'Interface' ? (s.subnets ?? []) : [],
    RouteTableIds: type === 'Gateway' ? ['rtb-0a1b2c3d4e5f60001'] : [],
    PrivateDnsEnabled: type === 'Interface' ? (s.privateDns ?? true) : false,
    RequesterManaged: false,
    CreationTimestamp: new Date(a.now.getTime() - 90 * 86_400_000),
    OwnerId: a.accountId,
  });
}

export interface KeySpec {
  id: string;
  alias?: string;
  rotation?: boolean;
  manager?: 'CUSTOMER' | 'AWS';
  state?: 'Enabled' | 'Disabled' | 'PendingDeletion';
  spec?: string;
  description?: string;
}

export function addKey(a: SimAccount, region: string, s: KeySpec): Rec {
  const arn = a.arn('kms', region, `key/${s.id}`);
  if (s.alias) a.add('kms:alias', region, { AliasName: s.alias, AliasArn: a.arn('kms', region, s.alias), TargetKeyId: s.id, CreationDate: new Date(a.now.getTime() - 200 * 86_400_000) });
  const spec = s.spec ?? 'SYMMETRIC_DEFAULT';
  return a.add('kms:key', region, {
    KeyId: s.id,
    Arn: arn,
    AWSAccountId: a.accountId,
    CreationDate: new Date(a.now.getTime() - 200 * 86_400_000),
    Enabled: (s.state ?? 'Enabled') === 'Enabled',
    Description: s.description ?? '',
    KeyUsage: spec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY',
    KeyState: s.state ?? 'Enabled',
    Origin: 'AWS_KMS',
    KeyManager: s.manager ?? 'CUSTOMER',
    CustomerMasterKeySpec: spec,
    KeySpec: spec,
    EncryptionAlgorithms: spec === 'SYMMETRIC_DEFAULT' ? ['SYMMETRIC_DEFAULT'] : [],
    MultiRegion: false,
    _rotation: s.rotation ?? (s.manager === 'AWS'),
  });
}

export function addSecret(a: SimAccount, region: string, s: { name: string; rotationDays?: number; lastRotatedDaysAgo?: number; kmsKeyId?: string; owningService?: string }): Rec {
  return a.add('secretsmanager:secret', region, {
    ARN: a.arn('secretsmanager', region, `secret:${s.name}-AbCdEf`),
    Name: s.name,
    ...(s.kmsKeyId ? { KmsKeyId: s.kmsKeyId } : {}),
    RotationEnabled: !!s.rotationDays,
    ...(s.rotationDays ? { RotationRules: { AutomaticallyAfterDays: s.rotationDays }, RotationLambdaARN: a.arn('lambda', region, 'function:secrets-rotation') } : {}),
    ...(s.lastRotatedDaysAgo !== undefined ? { LastRotatedDate: new Date(a.now.getTime() - s.lastRotatedDaysAgo * 86_400_000) } : {}),
    LastChangedDate: new Date(a.now.getTime() - 10 * 86_400_000),
    CreatedDate: new Date(a.now.getTime() - 300 * 86_400_000),
    ...(s.owningService ? { OwningService: s.owningService } : {}),
    SecretVersionsToStages: { '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0': ['AWSCURRENT'] },
  });
}

export interface IamSpec {
  rootMfa: boolean;
  rootAccessKeys: boolean;
  passwordPolicy?: { minLength: number };
  roles: { name: string; trusted: string[]; managed?: string[]; inlineStarStar?: boolean }[];
}

export function setIam(a: SimAccount, s: IamSpec): void {
  a.set('iam:account', GLOBAL, s);
  for (const r of s.roles) {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: r.trusted }, Action: 'sts:AssumeRole' }] };
    a.add('iam:role', GLOBAL, {
      Path: '/',
      RoleName: r.name,
      RoleId: `AROA${r.name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(17, 'X').slice(0, 17)}`,
      Arn: `arn:${a.partition}:iam::${a.accountId}:role/${r.name}`,
      CreateDate: new Date(a.now.getTime() - 365 * 86_400_000),
      // IAM returns policy documents URL-encoded.
      AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
      InstanceProfileList: [],
      RolePolicyList: r.inlineStarStar ? [{ PolicyName: 'everything', PolicyDocument: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })) }] : [],
      AttachedManagedPolicies: (r.managed ?? []).map((p) => ({ PolicyName: p.split('/').pop(), PolicyArn: p })),
    });
  }
}

// ---- handlers ----

export const identityHandlers: HandlerTable = {
  'sts:GetCallerIdentity': (req) => ({ UserId: 'AROAEXAMPLEAIMSSCAN01:aims-scan', Account: req.account.accountId, Arn: req.account.callerArn }),
  'ec2:DescribeRegions': (req) => {
    const a = req.account;
    const regions = [
      ...a.regions.map((r) => ({ RegionName: r, Endpoint: `ec2.${r}.amazonaws.com`, OptInStatus: 'opt-in-not-required' })),
      ...(req.input.AllRegions ? a.optedOutRegions.map((r) => ({ RegionName: r, Endpoint: `ec2.${r}.amazonaws.com`, OptInStatus: 'not-opted-in' })) : []),
    ];
    return { Regions: regions.sort((x, y) => x.RegionName.localeCompare(y.RegionName)) };
  },
  'ec2:DescribeVpcEndpoints': listOf('ec2:vpc-endpoint', 'VpcEndpoints', (r) => publicView(r), {
    filter: (r, i) => !i.VpcEndpointIds?.length || i.VpcEndpointIds.includes(r.VpcEndpointId),
  }),
  'route53:ListHostedZonesByVPC': listOf('route53:zone', 'HostedZoneSummaries', (r) => ({ HostedZoneId: r.HostedZoneId, Name: r.Name, Owner: r.Owner }), {
    region: GLOBAL,
    filter: (r, i) => (r._vpcs as { id: string; region: string }[]).some((v) => v.id === i.VPCId && v.region === i.VPCRegion),
  }),
  'route53:ListResourceRecordSets': (req) => {
    const z = req.account.all('route53:zone', GLOBAL).find((r) => r.HostedZoneId === req.input.HostedZoneId);
    if (!z) throw err('NoSuchHostedZone', `No hosted zone found with ID: ${req.input.HostedZoneId}`);
    const start = String(req.input.StartRecordName ?? '').replace(/\.$/, '');
    const records = (z._records as { Name: string }[]).filter((r) => !start || r.Name.replace(/\.$/, '') >= start);
    return { ResourceRecordSets: records.slice(0, Number(req.input.MaxItems ?? 300)), IsTruncated: false, MaxItems: Number(req.input.MaxItems ?? 300) };
  },
  'ec2:DescribeSubnets': (req) => {
    const ids = req.input.SubnetIds as string[] | undefined;
    const filterIds = (req.input.Filters as { Name?: string; Values?: string[] }[] | undefined)?.find((f) => f.Name === 'subnet-id')?.Values;
    const all = req.account.all('ec2:subnet', req.region);
    if (ids?.length) {
      const missing = ids.filter((id) => !all.some((s) => s.SubnetId === id));
      if (missing.length) throw err('InvalidSubnetID.NotFound', `The subnet ID '${missing.join("', '")}' does not exist`);
    }
    const want = ids?.length ? ids : filterIds;
    return new Listing('Subnets', want ? all.filter((s) => want.includes(s.SubnetId as string)) : all, (r) => publicView(r));
  },

  'iam:GetAccountSummary': (req) => {
    const s = req.account.get<IamSpec>('iam:account', GLOBAL);
    const roles = req.account.all('iam:role', GLOBAL).length;
    return {
      SummaryMap: {
        AccountMFAEnabled: s?.rootMfa ? 1 : 0,
        AccountAccessKeysPresent: s?.rootAccessKeys ? 1 : 0,
        AccountPasswordPresent: 1,
        AccountSigningCertificatesPresent: 0,
        Users: 3,
        Roles: roles,
        Policies: 2,
        Groups: 1,
        MFADevices: 2,
        MFADevicesInUse: 2,
      },
    };
  },
  'iam:GetAccountPasswordPolicy': (req) => {
    const p = req.account.get<IamSpec>('iam:account', GLOBAL)?.passwordPolicy;
    if (!p) throw err('NoSuchEntityException', `The Password Policy with domain name ${req.account.accountId} cannot be found.`, 404);
    return {
      PasswordPolicy: {
        MinimumPasswordLength: p.minLength,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        ExpirePasswords: false,
        PasswordReusePrevention: 24,
        HardExpiry: false,
      },
    };
  },
  'iam:GetAccountAuthorizationDetails': (req) => {
    const filter = (req.input.Filter as string[] | undefined) ?? ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];
    const roles = filter.includes('Role') ? req.account.all('iam:role', GLOBAL) : [];
    const policies = filter.includes('LocalManagedPolicy') ? req.account.all('iam:policy', GLOBAL) : [];
    const items = [...roles.map((rec) => ({ k: 'RoleDetailList', rec })), ...policies.map((rec) => ({ k: 'Policies', rec }))];
    return new Listing('RoleDetailList', items, (x) => publicView(x.rec), (more) => ({ IsTruncated: more }), (x) => x.k);
  },

  // KMS pages with Marker/NextMarker and says Truncated.
  'kms:ListKeys': (req) => new Listing('Keys', req.account.all('kms:key', req.region), (r) => ({ KeyId: r.KeyId, KeyArn: r.Arn }), (more) => ({ Truncated: more })),
  'kms:ListAliases': (req) =>
    new Listing(
      'Aliases',
      req.account.all('kms:alias', req.region).filter((r) => !req.input.KeyId || r.TargetKeyId === req.input.KeyId),
      (r) => pickFields(r, ['AliasName', 'AliasArn', 'TargetKeyId', 'CreationDate']),
      (more) => ({ Truncated: more }),
    ),
  'kms:DescribeKey': describeOf('kms:key', 'KeyId', (v) => err('NotFoundException', `Key '${String(v)}' does not exist`), { by: ['KeyId', 'Arn'], map: (r) => ({ KeyMetadata: publicView(r) }) }),
  'kms:GetKeyRotationStatus': (req) => {
    const k = req.account.find('kms:key', req.region, 'KeyId', req.input.KeyId) ?? req.account.find('kms:key', req.region, 'Arn', req.input.KeyId);
    if (!k) throw err('NotFoundException', `Key '${String(req.input.KeyId)}' does not exist`);
    if (k.KeySpec !== 'SYMMETRIC_DEFAULT') throw err('UnsupportedOperationException', `${String(k.Arn)} key type is not supported for this operation.`);
    const on = k._rotation === true;
    return { KeyRotationEnabled: on, KeyId: k.Arn, ...(on ? { RotationPeriodInDays: 365, NextRotationDate: new Date(req.account.now.getTime() + 100 * 86_400_000) } : {}) };
  },

  'secretsmanager:ListSecrets': listOf('secretsmanager:secret', 'SecretList', (r) =>
    pickFields(r, ['ARN', 'Name', 'Description', 'KmsKeyId', 'RotationEnabled', 'RotationLambdaARN', 'RotationRules', 'LastRotatedDate', 'LastChangedDate', 'LastAccessedDate', 'Tags', 'SecretVersionsToStages', 'OwningService', 'CreatedDate']),
  ),
};
