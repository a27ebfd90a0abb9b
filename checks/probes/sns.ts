// Amazon SNS — A.11 incident notification. probes.md §2.39.
// Judged per topic that AI alarms or AI EventBridge rules notify: confirmed subscribers, KMS, not public.
// Only topic attributes are read. ListSubscriptionsByTopic is deliberately not called: subscription
// endpoints (webhook URLs) can embed secrets, and SubscriptionsConfirmed already gives the count.
import type { GetTopicAttributesInput, GetTopicAttributesResponse, ListTopicsInput, ListTopicsResponse } from '@aws-sdk/client-sns';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, notApplicable, pass, startNow } from '../../src/engine/probe.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintUnknown, noFootprint } from '../facts/ai-workload.js';
import { actionKind, aiAlarms, cloudwatchAlarms } from '../facts/cloudwatch-alarms.js';
import { eventbridgeAiRules } from '../facts/eventbridge-rules.js';

export const ListTopics = op<ListTopicsInput, ListTopicsResponse>('sns', 'ListTopics', { paginate: NEXT_TOKEN });
export const GetTopicAttributes = op<GetTopicAttributesInput, GetTopicAttributesResponse>('sns', 'GetTopicAttributes', { absent: [{ name: 'NotFoundException' }] });

export interface TopicFacts {
  arn: string;
  /** Who points at it: "alarm x", "rule y". */
  usedBy: string[];
  exists: boolean;
  confirmed?: number;
  pending?: number;
  kmsKey?: string;
  /** A statement allows principal "*" without a condition. */
  publicPolicy?: boolean;
}

export interface SnsFacts {
  footprint: AiFootprint;
  topics: TopicFacts[];
  /** Topics in another region or account: cannot be read from here. */
  elsewhere: string[];
}

/** Allow statements for principal "*" with no Condition. The default topic policy conditions on SourceOwner, so it is not public. */
export function hasPublicStatement(policy: string | undefined): boolean {
  if (!policy) return false;
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(policy) as { Statement?: unknown };
  } catch {
    return false;
  }
  const stmts = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return stmts.some((st: { Effect?: string; Principal?: unknown; Condition?: unknown }) => {
    if (st.Effect !== 'Allow' || (st.Condition && Object.keys(st.Condition).length)) return false;
    const p = st.Principal;
    if (p === '*') return true;
    const aws = p && typeof p === 'object' ? (p as { AWS?: unknown }).AWS : undefined;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  });
}

function topicName(arn: string): string {
  return arn.split(':').pop() ?? arn;
}

export default defineProbe<SnsFacts>({
  id: 'sns',
  service: 'Amazon SNS',
  title: 'SNS topics that carry AI alarms have confirmed subscribers, KMS encryption and no public policy',
  severity: 'medium',
  remediation:
    'For each topic AI alarms notify: confirm at least one subscription, set a KMS key and remove unconditioned "*" principals: console SNS → Topics → Edit (Encryption, Access policy) / Create subscription, or `aws sns set-topic-attributes --attribute-name KmsMasterKeyId …` and `aws sns subscribe …`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [ListTopics, GetTopicAttributes],
  uses: [aiFootprint, cloudwatchAlarms, eventbridgeAiRules],
  async collect(ctx) {
    const footprint = await ctx.use(aiFootprint);
    if (anyAi(footprint) === false) return { footprint, topics: [], elsewhere: [] };
    // One topic list per AI region goes out with the alarm and rule reads that say which topics
    // matter, instead of a round-trip after them; unread when no local topic is used.
    const listed = startNow(ctx.all(ListTopics, {}, 'Topics'));
    const [alarms, rules] = await Promise.all([ctx.use(cloudwatchAlarms), ctx.use(eventbridgeAiRules)]);
    const usedBy = new Map<string, string[]>();
    const note = (arn: string, by: string) => usedBy.set(arn, [...(usedBy.get(arn) ?? []), by]);
    for (const a of aiAlarms(alarms)) for (const t of a.actions.filter((x) => actionKind(x) === 'sns')) note(t, `alarm ${a.name}`);
    for (const r of rules.aiRules.filter((x) => x.state === 'ENABLED')) for (const t of r.targets.filter((x) => actionKind(x) === 'sns')) note(t, `rule ${r.name}`);
    const local = [...usedBy.keys()].filter((arn) => arn.split(':')[3] === ctx.region && arn.split(':')[4] === ctx.accountId).sort();
    const elsewhere = [...usedBy.keys()].filter((arn) => !local.includes(arn)).sort();
    if (local.length === 0) return { footprint, topics: [], elsewhere };
    const existing = new Set((await listed).map((t) => t.TopicArn));
    const topics = await Promise.all(
      local.map(async (arn): Promise<TopicFacts> => {
        if (!existing.has(arn)) return { arn, usedBy: usedBy.get(arn)!, exists: false };
        const r = await ctx.callOrAbsent(GetTopicAttributes, { TopicArn: arn });
        if (isAbsent(r)) return { arn, usedBy: usedBy.get(arn)!, exists: false };
        const at = r.Attributes ?? {};
        return {
          arn,
          usedBy: usedBy.get(arn)!,
          exists: true,
          confirmed: at.SubscriptionsConfirmed === undefined ? undefined : Number(at.SubscriptionsConfirmed),
          pending: at.SubscriptionsPending === undefined ? undefined : Number(at.SubscriptionsPending),
          kmsKey: at.KmsMasterKeyId || undefined,
          publicPolicy: hasPublicStatement(at.Policy),
        };
      }),
    );
    return { footprint, topics, elsewhere };
  },
  evaluate(f) {
    const na = noFootprint(f.footprint);
    if (na) return na;
    const warnings = f.elsewhere.length ? [`topic(s) in another region or account not verified here: ${f.elsewhere.join(', ')}`] : [];
    if (f.topics.length === 0) {
      if (anyAi(f.footprint) === null) return footprintUnknown(f.footprint, 'SNS notification of AI alarms');
      return notApplicable('no SNS topic in this region receives AI alarms or AI EventBridge rules (see Amazon CloudWatch Alarms)', { warnings });
    }
    const resources: ResourceResult[] = f.topics.map((t) => {
      const name = topicName(t.arn);
      const by = ` (used by ${t.usedBy.join(', ')})`;
      if (!t.exists) return { id: t.arn, status: 'FAIL', reason: `topic ${name}: does not exist${by}` };
      const gaps: string[] = [];
      if (!t.confirmed) gaps.push(t.pending ? `0 confirmed subscriptions (${t.pending} pending)` : '0 confirmed subscriptions');
      if (!t.kmsKey) gaps.push('not encrypted with KMS');
      if (t.publicPolicy) gaps.push('policy allows principal "*" without a condition');
      return gaps.length
        ? { id: t.arn, status: 'FAIL', reason: `topic ${name}: ${gaps.join(', ')}${by}` }
        : { id: t.arn, status: 'PASS', reason: `topic ${name}: ${t.confirmed} confirmed subscription(s), KMS-encrypted${by}` };
    });
    const failing = resources.filter((r) => r.status === 'FAIL');
    if (failing.length) return fail(`${failing.length} of ${resources.length} AI notification topic(s) fall short: ${failing.map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
    return pass(`all ${resources.length} topic(s) AI alarms notify have confirmed subscribers and KMS encryption`, { resources, warnings });
  },
});
