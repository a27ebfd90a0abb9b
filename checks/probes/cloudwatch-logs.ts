// Amazon CloudWatch Logs — A.12 retention of AI system logs. probes.md §2.41.
// Judged per AI log group: /aws/sagemaker/*, the Bedrock invocation log group and the CloudTrail
// log group of this region, each kept at least the configured minimum (default 365 days).
import type { DescribeLogGroupsRequest, DescribeLogGroupsResponse } from '@aws-sdk/client-cloudwatch-logs';
import { AwsCallError } from '../../src/aws/errors.js';
import { next_token, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, notApplicable, pass, type CollectContext } from '../../src/engine/probe.js';
import { GetModelInvocationLoggingConfiguration } from '../facts/ai-footprint.js';
import { cloudtrailInventory } from '../facts/cloudtrail-trails.js';

export const DescribeLogGroups = op<DescribeLogGroupsRequest, DescribeLogGroupsResponse>('cloudwatchlogs', 'DescribeLogGroups', { paginate: next_token });

export const SAGEMAKER_PREFIX = '/aws/sagemaker/';

export interface LogGroupFacts {
  name: string;
  arn: string;
  source: 'SageMaker' | 'Bedrock invocation' | 'CloudTrail';
  retentionInDays?: number;
  kmsKeyId?: string;
  dataProtection?: string;
}

export interface LogsFacts {
  groups: LogGroupFacts[];
  /** Named log groups (Bedrock, CloudTrail) that do not exist. */
  missing: { name: string; source: LogGroupFacts['source'] }[];
}

/** "arn:aws:logs:r:acct:log-group:NAME:*" → { region, account, name }. */
export function parseLogGroupArn(arn: string): { region: string; account: string; name: string } | undefined {
  const m = arn.match(/^arn:aws[\w-]*:logs:([^:]*):([^:]*):log-group:(.+?)(?::\*)?$/);
  return m ? { region: m[1], account: m[2], name: m[3] } : undefined;
}

async function bedrockLogGroup(ctx: CollectContext): Promise<string | undefined> {
  try {
    const cfg = await ctx.call(GetModelInvocationLoggingConfiguration, {});
    return cfg.loggingConfig?.cloudWatchConfig?.logGroupName || undefined;
  } catch (err) {
    // Bedrock is not offered in every region: then there is no invocation log group here.
    if (err instanceof AwsCallError && err.kind === 'unavailable') return undefined;
    throw err;
  }
}

export default defineProbe<LogsFacts>({
  id: 'cloudwatch-logs',
  service: 'Amazon CloudWatch Logs',
  title: 'AI log groups (SageMaker, Bedrock invocations, CloudTrail) are retained for the policy minimum',
  severity: 'medium',
  remediation:
    'Set retention of at least the policy minimum (default 365 days) and a KMS key on the SageMaker, Bedrock invocation and CloudTrail log groups: console CloudWatch → Log groups → Actions → Edit retention, or `aws logs put-retention-policy --log-group-name … --retention-in-days 365` and `aws logs associate-kms-key`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [DescribeLogGroups, GetModelInvocationLoggingConfiguration],
  uses: [cloudtrailInventory],
  async collect(ctx) {
    const [sm, bedrock, trails] = await Promise.all([ctx.all(DescribeLogGroups, { logGroupNamePrefix: SAGEMAKER_PREFIX }, 'logGroups', { require: ['logGroupName'] }), bedrockLogGroup(ctx), ctx.use(cloudtrailInventory)]);
    const named: { name: string; source: LogGroupFacts['source'] }[] = [];
    if (bedrock) named.push({ name: bedrock, source: 'Bedrock invocation' });
    for (const t of trails.trails) {
      const g = t.trail.CloudWatchLogsLogGroupArn ? parseLogGroupArn(t.trail.CloudWatchLogsLogGroupArn) : undefined;
      if (g && g.region === ctx.region && g.account === ctx.accountId && !named.some((n) => n.name === g.name)) named.push({ name: g.name, source: 'CloudTrail' });
    }
    const toFacts = (g: (typeof sm)[number], source: LogGroupFacts['source']): LogGroupFacts => ({
      name: g.logGroupName ?? '',
      arn: g.logGroupArn ?? g.arn ?? g.logGroupName ?? '',
      source,
      retentionInDays: g.retentionInDays,
      kmsKeyId: g.kmsKeyId,
      dataProtection: g.dataProtectionStatus,
    });
    const groups = sm.map((g) => toFacts(g, 'SageMaker'));
    const missing: LogsFacts['missing'] = [];
    for (const n of named) {
      if (groups.some((g) => g.name === n.name)) continue;
      // The exact name as a prefix, then an exact match: DescribeLogGroups has no by-name lookup.
      const found = (await ctx.all(DescribeLogGroups, { logGroupNamePrefix: n.name }, 'logGroups', { require: ['logGroupName'] })).find((g) => g.logGroupName === n.name);
      if (found) groups.push(toFacts(found, n.source));
      else missing.push(n);
    }
    return { groups: groups.sort((a, b) => a.name.localeCompare(b.name)), missing };
  },
  evaluate(f, ctx) {
    const min = ctx.settings.minLogRetentionDays;
    const warnings = f.missing.map((m) => `${m.source} log group ${m.name} is configured but does not exist yet`);
    if (f.groups.length === 0) return notApplicable('no SageMaker, Bedrock invocation or CloudTrail log groups in this region', { warnings });
    const unbounded = f.groups.filter((g) => g.retentionInDays === undefined);
    if (unbounded.length) warnings.push(`${unbounded.length} log group(s) never expire (unbounded retention): ${unbounded.map((g) => g.name).join(', ')}`);
    const plain = f.groups.filter((g) => !g.kmsKeyId);
    if (plain.length) warnings.push(`${plain.length} log group(s) without a KMS key: ${plain.map((g) => g.name).join(', ')}`);
    const resources: ResourceResult[] = f.groups.map((g) => {
      const extra = `${g.kmsKeyId ? ', KMS-encrypted' : ''}${g.dataProtection === 'ACTIVATED' ? ', data protection on' : ''}`;
      if (g.retentionInDays === undefined) return { id: g.arn, status: 'PASS', reason: `${g.source} log group ${g.name}: never expires${extra}` };
      if (g.retentionInDays < min) return { id: g.arn, status: 'FAIL', reason: `${g.source} log group ${g.name}: retention ${g.retentionInDays} d < ${min} d` };
      return { id: g.arn, status: 'PASS', reason: `${g.source} log group ${g.name}: retention ${g.retentionInDays} d${extra}` };
    });
    const short = resources.filter((r) => r.status === 'FAIL');
    if (short.length) return fail(`${short.length} of ${resources.length} AI log group(s) kept less than ${min} days: ${short.map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
    return pass(`all ${resources.length} AI log group(s) kept at least ${min} days`, { resources, warnings });
  },
});
