// Amazon Bedrock model invocation logging — extension beyond the document's mapping, supporting
// A.12 (event logging) and A.11 (incident forensics). probes.md §3.1, §3.3.
// PASS: logging delivers text data to at least one destination, and each destination is fit to
// keep evidence: the log group exists, is KMS-encrypted and retains logs at least the configured
// minimum; the S3 bucket is SSE-KMS (the rule the S3 probe applies, checks/rules/bucket-encryption.ts;
// Object Lock recommended). Bedrock requires the destinations in the same region as the logging
// configuration, so they are read in that region. Workload-conditional: with logging off the
// requirement applies where Bedrock is used (the AI footprint), and is undecided when that is unknown.
import type {
  GetBucketEncryptionCommandInput,
  GetBucketEncryptionCommandOutput,
  GetObjectLockConfigurationCommandInput,
  GetObjectLockConfigurationCommandOutput,
} from '@aws-sdk/client-s3';
import type { LoggingConfig } from '@aws-sdk/client-bedrock';
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, notApplicable, pass, resourceOf, undecided, type EvalContext } from '../../src/engine/probe.js';
import { and, F, mapEv, T, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { aiFootprint, GetModelInvocationLoggingConfiguration, loggingConfigured, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintUnknown } from '../facts/ai-workload.js';
import { defaultEncryption, kmsEncrypted, type DefaultEncryption } from '../rules/bucket-encryption.js';
import { lockProtects, objectLockState } from '../rules/object-lock.js';
import { DescribeLogGroups } from './cloudwatch-logs.js';

// probes.md §8: the IAM actions differ from the operation names. ExpectedBucketOwner makes another
// account's bucket answer AccessDenied instead of its configuration.
export const GetBucketEncryption = op<GetBucketEncryptionCommandInput, GetBucketEncryptionCommandOutput>('s3', 'GetBucketEncryption', {
  action: 's3:GetEncryptionConfiguration',
  absent: [{ name: 'ServerSideEncryptionConfigurationNotFoundError' }, { name: 'NoSuchBucket' }],
});
export const GetObjectLockConfiguration = op<GetObjectLockConfigurationCommandInput, GetObjectLockConfigurationCommandOutput>('s3', 'GetObjectLockConfiguration', {
  action: 's3:GetBucketObjectLockConfiguration',
  absent: [{ name: 'ObjectLockConfigurationNotFoundError' }, { name: 'NoSuchBucket' }],
});

export interface BucketFacts {
  name: string;
  role: 'invocation logs' | 'large payloads';
  /** Absent NoSuchBucket: the bucket does not exist. */
  encryption: Ev<GetBucketEncryptionCommandOutput | Absent>;
  lock: Ev<GetObjectLockConfigurationCommandOutput | Absent>;
}

export interface InvocationLoggingFacts {
  footprint: AiFootprint;
  inventory: string;
  config: Ev<LoggingConfig | undefined>;
  /** Log groups listed under the configured name as prefix. */
  logGroups?: { name: string; groups: ListEv<LogGroup> };
  buckets: BucketFacts[];
}

function logGroupOk(lg: NonNullable<InvocationLoggingFacts['logGroups']>, minDays: number): { t: Tri; arn?: string } {
  const g = lg.groups.items.find((x) => x.logGroupName === lg.name);
  const what = `log group ${lg.name}`;
  if (!g) return { t: lg.groups.complete ? F(`${what} does not exist`) : U(lg.groups.causes, `whether ${what} exists`) };
  const gaps: string[] = [];
  if (g.retentionInDays !== undefined && g.retentionInDays < minDays) gaps.push(`${what} keeps logs ${g.retentionInDays} days (< ${minDays})`);
  if (!g.kmsKeyId) gaps.push(`${what} not encrypted with a KMS key`);
  const retention = g.retentionInDays === undefined ? 'never expires' : `${g.retentionInDays} days`;
  return { t: gaps.length ? F(gaps) : T(`${what}: KMS-encrypted, retention ${retention}`), arn: g.logGroupArn ?? g.arn };
}

function bucketOk(b: BucketFacts): Tri {
  const what = `bucket ${b.name} (${b.role})`;
  if (b.encryption.known && isAbsent(b.encryption.value) && b.encryption.value.name === 'NoSuchBucket') return F(`${what} does not exist`);
  const enc: Ev<DefaultEncryption> = mapEv(b.encryption, (e) => defaultEncryption(e));
  const t = kmsEncrypted(enc);
  if (t.v === 'F') return F(`${what} ${t.why.join(', ')}`);
  if (t.v === 'U') return t;
  const locked = b.lock.known && lockProtects(objectLockState(b.lock.value)).ok;
  return T(`${what}: ${t.why.join(', ')}${locked ? ', Object Lock' : ''}`);
}

function verdictOn(f: InvocationLoggingFacts, c: LoggingConfig, ctx: EvalContext) {
  const warnings: string[] = [];
  const resources: ResourceResult[] = [];
  const text = c.textDataDeliveryEnabled === true ? T('text data delivered') : F('text data delivery is off (prompts and responses are not logged)');
  const off = (['image', 'embedding', 'video', 'audio'] as const).filter((m) => c[`${m}DataDeliveryEnabled`] !== true);
  if (off.length) warnings.push(`${off.join(', ')} data delivery off: turn it on for the modalities you use`);
  const parts: Tri[] = [text];
  if (f.logGroups) {
    const g = logGroupOk(f.logGroups, ctx.settings.minLogRetentionDays);
    parts.push(g.t);
    const r = resourceOf(g.arn ?? f.logGroups.name, undefined, g.t, `log group ${f.logGroups.name}`);
    // The reasons already name the log group.
    resources.push(g.t.v === 'U' ? r : { ...r, reason: g.t.why.join(', ') });
  }
  for (const b of f.buckets) {
    const t = bucketOk(b);
    parts.push(t);
    const r = resourceOf(`arn:${ctx.partition}:s3:::${b.name}`, undefined, t, `bucket ${b.name} (${b.role})`);
    resources.push(t.v === 'U' ? r : { ...r, reason: t.why.join(', ') });
    // Object Lock is recommended, not required: a lock that cannot be read is a warning, never ERROR.
    if (t.v === 'T' && b.role === 'invocation logs') {
      if (!b.lock.known) warnings.push(`bucket ${b.name}: Object Lock not checked (${[...new Set(b.lock.causes.map((x) => x.action))].join(', ')} did not answer)`);
      else if (!lockProtects(objectLockState(b.lock.value)).ok) warnings.push(`bucket ${b.name}: no Object Lock with a default retention, so logs can be altered or deleted`);
    }
  }
  const where = [f.logGroups && `CloudWatch Logs ${f.logGroups.name}`, ...f.buckets.filter((b) => b.role === 'invocation logs').map((b) => `s3://${b.name}`)].filter(Boolean).join(' and ');
  const all = and(...parts);
  if (all.v === 'F') return fail(`Bedrock invocation logging to ${where} falls short: ${all.why.join('; ')}`, 'MISCONFIGURED', { resources, warnings });
  if (all.v === 'U') return undecided(all.causes, `Bedrock invocation logging to ${where}: a destination could not be read`, { resources, warnings });
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
    const [fp, cfg] = await Promise.all([ctx.use(aiFootprint), ctx.read(GetModelInvocationLoggingConfiguration, {})]);
    const inv = fp.inventory;
    const inventory = `${inv['bedrock:custom-model'] ?? '?'} custom model(s), ${inv['bedrock:guardrail'] ?? '?'} guardrail(s), ${inv['bedrock:active-metric'] ?? '?'} active AWS/Bedrock metric(s)`;
    const config = mapEv(cfg, (v) => (loggingConfigured(v) ? v.loggingConfig : undefined));
    if (!config.known || !config.value) return { footprint: fp, inventory, config, buckets: [] };
    const c = config.value;
    const groupName = c.cloudWatchConfig?.logGroupName;
    const names: [string, BucketFacts['role']][] = [];
    if (c.s3Config?.bucketName) names.push([c.s3Config.bucketName, 'invocation logs']);
    const large = c.cloudWatchConfig?.largeDataDeliveryS3Config?.bucketName;
    if (large && large !== c.s3Config?.bucketName) names.push([large, 'large payloads']);
    const [groups, buckets] = await Promise.all([
      groupName ? ctx.list(DescribeLogGroups, { logGroupNamePrefix: groupName }, 'logGroups', { require: ['logGroupName'] }) : undefined,
      Promise.all(
        names.map(async ([name, role]): Promise<BucketFacts> => {
          const input = { Bucket: name, ExpectedBucketOwner: ctx.accountId };
          const resource = `arn:${ctx.partition}:s3:::${name}`;
          const [encryption, lock] = await Promise.all([ctx.readOrAbsent(GetBucketEncryption, input, { resource }), ctx.readOrAbsent(GetObjectLockConfiguration, input, { resource })]);
          return { name, role, encryption, lock };
        }),
      ),
    ]);
    return { footprint: fp, inventory, config, ...(groupName && groups ? { logGroups: { name: groupName, groups } } : {}), buckets };
  },
  evaluate(f, ctx) {
    if (!f.config.known) return undecided(f.config.causes, 'whether model invocation logging is on');
    if (f.config.value) return verdictOn(f, f.config.value, ctx);
    const bedrock = f.footprint.bedrock;
    if (bedrock === true) return fail(`Bedrock is used in this region (${f.inventory}) but model invocation logging is off`, 'NOT_ENABLED');
    if (bedrock === null) return footprintUnknown(f.footprint, 'Bedrock invocation logging');
    return notApplicable('no Bedrock usage in this region (no custom models, guardrails or recent AWS/Bedrock metrics) and invocation logging is off');
  },
});
