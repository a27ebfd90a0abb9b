// Amazon S3 in the simulated account: buckets live in their own region; ListBuckets is
// account-wide; a bucket call sent to another region answers 301 PermanentRedirect as S3 does
// (the SDK does not follow region redirects by default). "Not configured" answers use S3's own
// error names (…NotFoundError, NoSuch…), which the probes read as data.
import { err, Listing, type Handler, type HandlerTable, type SimRequest } from '../handlers/dsl.js';
import { GLOBAL, type Rec, type SimAccount } from '../model.js';

export interface BucketSpec {
  name: string;
  createdDaysAgo?: number;
  versioning?: 'Enabled' | 'Suspended';
  /** null: no default encryption (legacy); absent: S3's default SSE-S3. */
  encryption?: { algorithm: 'AES256' | 'aws:kms' | 'aws:kms:dsse'; kmsKeyId?: string } | null;
  lifecycleDays?: number;
  publicAccessBlock?: boolean;
  objectLock?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; days: number } | 'no-default-retention';
  /** replicaKmsKeyId: SSE-KMS objects are replicated too, re-encrypted with this key. */
  replication?: { destinationBucketArn: string; status?: 'Enabled' | 'Disabled'; replicaKmsKeyId?: string };
  tags?: Record<string, string>;
  policyPublic?: boolean;
  logging?: { targetBucket: string; prefix?: string };
  /** The bucket policy document (set with ai-assets.ts setBucketPolicy). */
  policy?: object;
}

export function addBucket(a: SimAccount, region: string, s: BucketSpec): Rec {
  return a.add('s3:bucket', region, {
    Name: s.name,
    CreationDate: new Date(a.now.getTime() - (s.createdDaysAgo ?? 100) * 86_400_000),
    BucketRegion: region,
    BucketArn: `arn:${a.partition}:s3:::${s.name}`,
    _spec: s,
  });
}

const specOf = (r: Rec) => r._spec as BucketSpec;

function locate(a: SimAccount, name: unknown): { region: string; rec: Rec } | undefined {
  for (const region of [...a.regions, GLOBAL]) {
    const rec = a.find('s3:bucket', region, 'Name', name);
    if (rec) return { region, rec };
  }
  return undefined;
}

/** The bucket a per-bucket call names, or the error S3 gives. */
function bucketFor(req: SimRequest): BucketSpec {
  const hit = locate(req.account, req.input.Bucket);
  if (!hit) throw err('NoSuchBucket', 'The specified bucket does not exist', 404);
  if (hit.region !== req.region) throw err('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', 301);
  return specOf(hit.rec);
}

const perBucket = (fn: (b: BucketSpec, req: SimRequest) => object): Handler => (req) => fn(bucketFor(req), req);
const notFound = (name: string, message: string) => err(name, message, 404);

export const s3Handlers: HandlerTable = {
  's3:ListBuckets': (req) => {
    const all = req.account.everywhere('s3:bucket').map((b) => b.rec);
    all.sort((x, y) => String(x.Name).localeCompare(String(y.Name)));
    const prefix = req.input.Prefix as string | undefined;
    const items = prefix ? all.filter((b) => String(b.Name).startsWith(prefix)) : all;
    return new Listing('Buckets', items, (b) => ({ Name: b.Name, CreationDate: b.CreationDate, BucketRegion: b.BucketRegion, BucketArn: b.BucketArn }), {
      Owner: { ID: 'a1b2c3d4e5f60718293a4b5c6d7e8f901a2b3c4d5e6f708192a3b4c5d6e7f801' },
    });
  },
  's3:GetBucketLocation': (req) => {
    const hit = locate(req.account, req.input.Bucket);
    if (!hit) throw notFound('NoSuchBucket', 'The specified bucket does not exist');
    // us-east-1 answers an empty LocationConstraint.
    return hit.region === 'us-east-1' ? {} : { LocationConstraint: hit.region };
  },
  's3:GetBucketVersioning': perBucket((b) => (b.versioning ? { Status: b.versioning, MFADelete: 'Disabled' } : {})),
  's3:GetBucketEncryption': perBucket((b) => {
    if (b.encryption === null) throw notFound('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found');
    const e = b.encryption ?? { algorithm: 'AES256' as const };
    return {
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: e.algorithm, ...(e.kmsKeyId ? { KMSMasterKeyID: e.kmsKeyId } : {}) }, BucketKeyEnabled: e.algorithm !== 'AES256' }],
      },
    };
  }),
  's3:GetBucketLifecycleConfiguration': perBucket((b) => {
    if (!b.lifecycleDays) throw notFound('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist');
    return {
      Rules: [
        { ID: 'expire-old-versions', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: b.lifecycleDays }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
      ],
      TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
    };
  }),
  's3:GetPublicAccessBlock': perBucket((b) => {
    if (b.publicAccessBlock === undefined) throw notFound('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
    const on = b.publicAccessBlock;
    return { PublicAccessBlockConfiguration: { BlockPublicAcls: on, IgnorePublicAcls: on, BlockPublicPolicy: on, RestrictPublicBuckets: on } };
  }),
  's3:GetObjectLockConfiguration': perBucket((b) => {
    if (!b.objectLock) throw notFound('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket');
    return {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        ...(b.objectLock === 'no-default-retention' ? {} : { Rule: { DefaultRetention: { Mode: b.objectLock.mode, Days: b.objectLock.days } } }),
      },
    };
  }),
  's3:GetBucketReplication': perBucket((b, req) => {
    if (!b.replication) throw notFound('ReplicationConfigurationNotFoundError', 'The replication configuration was not found');
    return {
      ReplicationConfiguration: {
        Role: `arn:${req.account.partition}:iam::${req.account.accountId}:role/s3-replication`,
        Rules: [
          {
            ID: 'replicate-all',
            Priority: 1,
            Status: b.replication.status ?? 'Enabled',
            Filter: { Prefix: '' },
            Destination: { Bucket: b.replication.destinationBucketArn, StorageClass: 'STANDARD', ...(b.replication.replicaKmsKeyId ? { EncryptionConfiguration: { ReplicaKmsKeyID: b.replication.replicaKmsKeyId } } : {}) },
            ...(b.replication.replicaKmsKeyId ? { SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } } } : {}),
            DeleteMarkerReplication: { Status: 'Enabled' },
          },
        ],
      },
    };
  }),
  's3:GetBucketTagging': perBucket((b) => {
    if (!b.tags || Object.keys(b.tags).length === 0) throw notFound('NoSuchTagSet', 'The TagSet does not exist');
    return { TagSet: Object.entries(b.tags).map(([Key, Value]) => ({ Key, Value })) };
  }),
  's3:GetBucketPolicyStatus': perBucket((b) => {
    if (b.policyPublic === undefined) throw notFound('NoSuchBucketPolicy', 'The bucket policy does not exist');
    return { PolicyStatus: { IsPublic: b.policyPublic } };
  }),
  's3:GetBucketLogging': perBucket((b) => (b.logging ? { LoggingEnabled: { TargetBucket: b.logging.targetBucket, TargetPrefix: b.logging.prefix ?? '' } } : {})),
  's3:GetBucketPolicy': perBucket((b, req) => {
    if (b.policy) return { Policy: JSON.stringify(b.policy) };
    // A public bucket without a document of its own: the public-read policy its status implies.
    if (b.policyPublic) return { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:${req.account.partition}:s3:::${b.name}/*` }] }) };
    throw notFound('NoSuchBucketPolicy', 'The bucket policy does not exist');
  }),
  's3control:GetPublicAccessBlock': (req) => {
    const v = req.account.get<{ on: boolean }>('s3:account-public-access-block', GLOBAL);
    if (!v) throw notFound('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
    return { PublicAccessBlockConfiguration: { BlockPublicAcls: v.on, IgnorePublicAcls: v.on, BlockPublicPolicy: v.on, RestrictPublicBuckets: v.on } };
  },
};
