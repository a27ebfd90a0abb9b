// Amazon Bedrock model invocation logging — extension beyond the document's mapping, supporting
// A.12 (event logging) and A.11 (incident forensics). probes.md §3.1, §3.3.
// PASS: logging delivers text data to at least one destination, and each destination is fit to
// keep evidence: the log group exists, is KMS-encrypted and retains logs at least the configured
// minimum; the S3 bucket is SSE-KMS (Object Lock recommended). Bedrock requires the destinations
// in the same region as the logging configuration, so they are read in that region.
import type {
  GetBucketEncryptionCommandInput,
  GetBucketEncryptionCommandOutput,
  GetObjectLockConfigurationCommandInput,
  GetObjectLockConfigurationCommandOutput,
} from '@aws-sdk/client-s3';
import type { LoggingConfig } from '@aws-sdk/client-bedrock';
import { isAbsent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, error, fail, notApplicable, pass, type EvalContext } from '../../src/engine/probe.js';
import { aiFootprint, GetModelInvocationLoggingConfiguration, loggingConfigured } from '../facts/ai-footprint.js';
import { DescribeLogGroups } from './cloudwatch-logs.js';

// probes.md §8: the IAM actions differ from the operation names.
export const GetBucketEncryption = op<GetBucketEncryptionCommandInput, GetBucketEncryptionCommandOutput>('s3', 'GetBucketEncryption', {
  action: 's3:GetEncryptionConfiguration',
  absent: [{ name: 'ServerSideEncryptionConfigurationNotFoundError' }, { name: 'NoSuchBucket' }],
});
export const GetObjectLockConfiguration = op<GetObjectLockConfigurationCommandInput, GetObjectLockConfigurationCommandOutput>('s3', 'GetObjectLockConfiguration', {
  action: 's3:GetBucketObjectLockConfiguration',
  absent: [{ name: 'ObjectLockConfigurationNotFoundError' }, { name: 'NoSuchBucket' }],
});

export interface LogGroupFacts {
  name: string;
  arn?: string;
  exists: boolean;
  retentionDays?: number;
  kmsKeyId?: string;
}

export interface BucketFacts {
  name: string;
  role: 'invocation logs' | 'large payloads';
  /** null when the bucket does not exist. */
  algorithm?: string | null;
  kmsKey?: string;
  objectLock: boolean;
}

export interface InvocationLoggingFacts {
  bedrock: boolean | null;
  unknown: string[];
  inventory: string;
  config?: LoggingConfig;
  logGroup?: LogGroupFacts;
  buckets: BucketFacts[];
}

function logGroupGaps(g: LogGroupFacts, minDays: number): string[] {
  if (!g.exists) return [`log group ${g.name} does not exist`];
  const gaps: string[] = [];
  if (g.retentionDays !== undefined && g.retentionDays < minDays) gaps.push(`log group ${g.name} keeps logs ${g.retentionDays} days (< ${minDays})`);
  if (!g.kmsKeyId) gaps.push(`log group ${g.name} not encrypted with a KMS key`);
  return gaps;
}

function bucketGaps(b: BucketFacts): string[] {
  if (b.algorithm === null) return [`bucket ${b.name} (${b.role}) does not exist`];
  if (b.algorithm !== 'aws:kms' && b.algorithm !== 'aws:kms:dsse') return [`bucket ${b.name} (${b.role}) encrypted with ${b.algorithm ?? 'no default encryption'}, not SSE-KMS`];
  return [];
}

function verdictOn(f: InvocationLoggingFacts, ctx: EvalContext) {
  const c = f.config as LoggingConfig;
  const gaps: string[] = [];
  const warnings: string[] = [];
  const resources: ResourceResult[] = [];
  if (c.textDataDeliveryEnabled !== true) gaps.push('text data delivery is off (prompts and responses are not logged)');
  const off = (['image', 'embedding', 'video', 'audio'] as const).filter((m) => c[`${m}DataDeliveryEnabled`] !== true);
  if (off.length) warnings.push(`${off.join(', ')} data delivery off: turn it on for the modalities you use`);
  if (f.logGroup) {
    const g = logGroupGaps(f.logGroup, ctx.settings.minLogRetentionDays);
    gaps.push(...g);
    const retention = f.logGroup.retentionDays === undefined ? 'never expires' : `${f.logGroup.retentionDays} days`;
    resources.push({ id: f.logGroup.arn ?? f.logGroup.name, status: g.length ? 'FAIL' : 'PASS', reason: g.length ? g.join(', ') : `log group ${f.logGroup.name}: KMS-encrypted, retention ${retention}` });
  }
  for (const b of f.buckets) {
    const g = bucketGaps(b);
    gaps.push(...g);
    if (!g.length && !b.objectLock && b.role === 'invocation logs') warnings.push(`bucket ${b.name}: no Object Lock, so logs can be altered or deleted`);
    resources.push({ id: `arn:${ctx.partition}:s3:::${b.name}`, status: g.length ? 'FAIL' : 'PASS', reason: g.length ? g.join(', ') : `bucket ${b.name} (${b.role}): SSE-KMS${b.objectLock ? ', Object Lock' : ''}` });
  }
  const where = [f.logGroup && `CloudWatch Logs ${f.logGroup.name}`, ...f.buckets.filter((b) => b.role === 'invocation logs').map((b) => `s3://${b.name}`)].filter(Boolean).join(' and ');
  if (gaps.length) return fail(`Bedrock invocation logging to ${where} falls short: ${gaps.join('; ')}`, 'MISCONFIGURED', { resources, warnings });
  return pass(`Bedrock invocation logging delivers text data to ${where}`, { resources, warnings });
}

export default defineProbe<InvocationLoggingFacts>({
  id: 'bedrock-invocation-logging',
  service: 'Amazon Bedrock model invocation logging',
  title: 'Bedrock model invocations are logged to protected, retained destinations',
  severity: 'high',
  remediation: 'Turn on model invocation logging with text data delivery to a KMS-encrypted CloudWatch log group with sufficient retention and/or an SSE-KMS S3 bucket (ideally with Object Lock): Bedrock console → Settings → Model invocation logging, or `aws bedrock put-model-invocation-logging-configuration`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [GetModelInvocationLoggingConfiguration, DescribeLogGroups, GetBucketEncryption, GetObjectLockConfiguration],
  uses: [aiFootprint],
  async collect(ctx) {
    const [fp, cfg] = await Promise.all([ctx.use(aiFootprint), ctx.call(GetModelInvocationLoggingConfiguration, {})]);
    const inv = fp.inventory;
    const inventory = `${inv['bedrock:custom-model'] ?? '?'} custom model(s), ${inv['bedrock:guardrail'] ?? '?'} guardrail(s), ${inv['bedrock:active-metric'] ?? '?'} active AWS/Bedrock metric(s)`;
    const base: InvocationLoggingFacts = { bedrock: fp.bedrock, unknown: fp.unknown, inventory, buckets: [] };
    if (!loggingConfigured(cfg)) return base;
    const c = cfg.loggingConfig as LoggingConfig;
    const groupName = c.cloudWatchConfig?.logGroupName;
    const readGroup = async (name: string): Promise<LogGroupFacts> => {
      const groups = await ctx.all(DescribeLogGroups, { logGroupNamePrefix: name }, 'logGroups', { require: ['logGroupName'] });
      const g = groups.find((x) => x.logGroupName === name);
      return g ? { name, arn: g.logGroupArn ?? g.arn, exists: true, retentionDays: g.retentionInDays, kmsKeyId: g.kmsKeyId } : { name, exists: false };
    };
    const readBucket = async (name: string, role: BucketFacts['role']): Promise<BucketFacts> => {
      const [enc, lock] = await Promise.all([
        ctx.callOrAbsent(GetBucketEncryption, { Bucket: name, ExpectedBucketOwner: ctx.accountId }),
        ctx.callOrAbsent(GetObjectLockConfiguration, { Bucket: name, ExpectedBucketOwner: ctx.accountId }),
      ]);
      if (isAbsent(enc) && enc.name === 'NoSuchBucket') return { name, role, algorithm: null, objectLock: false };
      const rule = isAbsent(enc) ? undefined : enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
      return { name, role, algorithm: rule?.SSEAlgorithm, kmsKey: rule?.KMSMasterKeyID, objectLock: !isAbsent(lock) && lock.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled' };
    };
    const buckets: [string, BucketFacts['role']][] = [];
    if (c.s3Config?.bucketName) buckets.push([c.s3Config.bucketName, 'invocation logs']);
    const large = c.cloudWatchConfig?.largeDataDeliveryS3Config?.bucketName;
    if (large && large !== c.s3Config?.bucketName) buckets.push([large, 'large payloads']);
    const [logGroup, bucketFacts] = await Promise.all([groupName ? readGroup(groupName) : Promise.resolve(undefined), Promise.all(buckets.map(([n, r]) => readBucket(n, r)))]);
    return { ...base, config: c, logGroup, buckets: bucketFacts };
  },
  evaluate(f, ctx) {
    if (f.config) return verdictOn(f, ctx);
    if (f.bedrock === true) return fail(`Bedrock is used in this region (${f.inventory}) but model invocation logging is off`, 'NOT_ENABLED');
    if (f.bedrock === null) return error(`model invocation logging is off, and whether Bedrock is used here could not be read: ${f.unknown.join('; ')}`);
    return notApplicable('no Bedrock usage in this region (no custom models, guardrails or recent AWS/Bedrock metrics) and invocation logging is off');
  },
});
