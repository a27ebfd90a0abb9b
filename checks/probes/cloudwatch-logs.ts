// Amazon CloudWatch Logs — A.12 retention of AI system logs. probes.md §2.41.
// Judged per AI log group: /aws/sagemaker/*, the Bedrock invocation log group and the CloudTrail
// log group of this region, each kept at least the configured minimum (default 365 days).
// Each source is read on its own: a group whose retention is known keeps its verdict when another
// source (the Bedrock configuration, the trail listing) could not be read.
import type { DescribeLogGroupsRequest, DescribeLogGroupsResponse, LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { next_token, op } from '../../src/aws/ops.js';
import { and, every, F, T, U, type Cause, type Tri } from '../../src/engine/evidence.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, notApplicable, pass, undecided } from '../../src/engine/probe.js';
import { GetModelInvocationLoggingConfiguration } from '../facts/ai-footprint.js';
import { cloudtrailTrailList, trailsSeenIn } from '../facts/cloudtrail-trails.js';

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
  /** Sources that could not be read: AI log groups may be missing from `groups`. */
  unread: { what: string; causes: Cause[] }[];
}

/** "arn:aws:logs:r:acct:log-group:NAME:*" → { region, account, name }. */
export function parseLogGroupArn(arn: string): { region: string; account: string; name: string } | undefined {
  const m = arn.match(/^arn:aws[\w-]*:logs:([^:]*):([^:]*):log-group:(.+?)(?::\*)?$/);
  return m ? { region: m[1], account: m[2], name: m[3] } : undefined;
}

function toFacts(g: LogGroup, source: LogGroupFacts['source']): LogGroupFacts {
  return {
    name: g.logGroupName ?? '',
    arn: g.logGroupArn ?? g.arn ?? g.logGroupName ?? '',
    source,
    retentionInDays: g.retentionInDays,
    kmsKeyId: g.kmsKeyId,
    dataProtection: g.dataProtectionStatus,
  };
}

function retention(g: LogGroupFacts, min: number): Tri {
  const extra = `${g.kmsKeyId ? ', KMS-encrypted' : ''}${g.dataProtection === 'ACTIVATED' ? ', data protection on' : ''}`;
  const label = `${g.source} log group ${g.name}`;
  if (g.retentionInDays === undefined) return T(`${label}: never expires${extra}`);
  if (g.retentionInDays < min) return F(`${label}: retention ${g.retentionInDays} d < ${min} d`);
  return T(`${label}: retention ${g.retentionInDays} d${extra}`);
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
  uses: [cloudtrailTrailList],
  async collect(ctx) {
    const [sm, bedrock, listing] = await Promise.all([
      ctx.list(DescribeLogGroups, { logGroupNamePrefix: SAGEMAKER_PREFIX }, 'logGroups', { require: ['logGroupName'] }),
      ctx.read(GetModelInvocationLoggingConfiguration, {}),
      ctx.use(cloudtrailTrailList),
    ]);
    const unread: LogsFacts['unread'] = [];
    if (!sm.complete) unread.push({ what: 'SageMaker log groups not all listed', causes: sm.causes });
    const named: { name: string; source: LogGroupFacts['source'] }[] = [];
    // Bedrock is not offered in every region: then there is no invocation log group here.
    if (bedrock.known) {
      const g = bedrock.value.loggingConfig?.cloudWatchConfig?.logGroupName;
      if (g) named.push({ name: g, source: 'Bedrock invocation' });
    } else if (!bedrock.causes.every((c) => c.kind === 'unavailable')) unread.push({ what: 'Bedrock invocation log group unknown', causes: bedrock.causes });
    const trails = trailsSeenIn(listing, ctx.region);
    if (!trails.complete) unread.push({ what: 'CloudTrail log group unknown', causes: trails.causes });
    for (const t of trails.items) {
      const g = t.CloudWatchLogsLogGroupArn ? parseLogGroupArn(t.CloudWatchLogsLogGroupArn) : undefined;
      if (g && g.region === ctx.region && g.account === ctx.accountId && !named.some((n) => n.name === g.name)) named.push({ name: g.name, source: 'CloudTrail' });
    }
    const groups = sm.items.map((g) => toFacts(g, 'SageMaker'));
    const missing: LogsFacts['missing'] = [];
    await Promise.all(
      named
        .filter((n) => !groups.some((g) => g.name === n.name))
        .map(async (n) => {
          // The exact name as a prefix, then an exact match: DescribeLogGroups has no by-name lookup.
          const l = await ctx.list(DescribeLogGroups, { logGroupNamePrefix: n.name }, 'logGroups', { require: ['logGroupName'] });
          const found = l.items.find((g) => g.logGroupName === n.name);
          if (found) groups.push(toFacts(found, n.source));
          else if (l.complete) missing.push(n);
          else unread.push({ what: `${n.source} log group ${n.name} not read`, causes: l.causes });
        }),
    );
    return {
      groups: groups.sort((a, b) => a.name.localeCompare(b.name)),
      missing: missing.sort((a, b) => a.name.localeCompare(b.name)),
      unread: unread.sort((a, b) => a.what.localeCompare(b.what)),
    };
  },
  evaluate(f, ctx) {
    const min = ctx.settings.minLogRetentionDays;
    const warnings = f.missing.map((m) => `${m.source} log group ${m.name} is configured but does not exist yet`);
    const unbounded = f.groups.filter((g) => g.retentionInDays === undefined);
    if (unbounded.length) warnings.push(`${unbounded.length} log group(s) never expire (unbounded retention): ${unbounded.map((g) => g.name).join(', ')}`);
    const plain = f.groups.filter((g) => !g.kmsKeyId);
    if (plain.length) warnings.push(`${plain.length} log group(s) without a KMS key: ${plain.map((g) => g.name).join(', ')}`);
    const judged = f.groups.map((g) => ({ g, t: retention(g, min) }));
    const resources: ResourceResult[] = judged.map(({ g, t }) => ({ id: g.arn, status: t.v === 'F' ? 'FAIL' : 'PASS', reason: t.why[0] }));
    const verdict = and(every({ items: judged, complete: true, causes: [] }, ({ t }) => t), ...f.unread.map((u) => U(u.causes, u.what)));
    const short = judged.filter(({ t }) => t.v === 'F');
    if (verdict.v === 'F') return fail(`${short.length} of ${resources.length} AI log group(s) kept less than ${min} days: ${short.map(({ t }) => t.why[0]).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
    if (verdict.v === 'U') return undecided(verdict.causes, `${resources.length} AI log group(s) kept at least ${min} days, but ${verdict.why.join('; ')}`, { resources, warnings });
    if (f.groups.length === 0) return notApplicable('no SageMaker, Bedrock invocation or CloudTrail log groups in this region', { warnings });
    return pass(`all ${resources.length} AI log group(s) kept at least ${min} days`, { resources, warnings });
  },
});
