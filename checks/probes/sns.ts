// Amazon SNS — A.11 incident notification. probes.md §2.39.
// Judged per topic that AI alarms or AI EventBridge rules notify: it exists, has a confirmed
// subscriber, is encrypted with a customer managed KMS key, and is not public.
// An AWS-managed key (alias/aws/sns) fails: its key policy cannot grant cloudwatch.amazonaws.com or
// events.amazonaws.com, so CloudWatch alarms and EventBridge cannot publish to the topic — "To allow
// these event sources to work with encrypted topics … use a customer managed key"
// (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
// Only topic attributes are read. ListSubscriptionsByTopic is deliberately not called: subscription
// endpoints (webhook URLs) can embed secrets, and SubscriptionsConfirmed already gives the count.
import type { AliasListEntry } from '@aws-sdk/client-kms';
import type { GetTopicAttributesInput, GetTopicAttributesResponse, ListTopicsInput, ListTopicsResponse } from '@aws-sdk/client-sns';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { and, every, F, known, mapEv, sortCauses, T, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, notApplicable, resourceOf } from '../../src/engine/probe.js';
import { aiFootprint, aiInUse, type AiFootprint } from '../facts/ai-footprint.js';
import { actionKind, aiAlarmList, cloudwatchAlarms } from '../facts/cloudwatch-alarms.js';
import { eventbridgeAiRules } from '../facts/eventbridge-rules.js';
import { workloadVerdict } from '../facts/workload-verdict.js';
import { aliasRegionFor, awsManagedKey, ListAliases } from '../rules/kms-keys.js';

export const ListTopics = op<ListTopicsInput, ListTopicsResponse>('sns', 'ListTopics', { paginate: NEXT_TOKEN });
export const GetTopicAttributes = op<GetTopicAttributesInput, GetTopicAttributesResponse>('sns', 'GetTopicAttributes', { absent: [{ name: 'NotFoundException' }] });

/** One rule for "the topic an alarm or rule names exists", shared with CloudWatch Alarms: listed, or missing from a complete list. */
export function topicExists(topics: ListEv<string>, arn: string): Tri {
  if (topics.items.includes(arn)) return T(topicName(arn));
  return topics.complete ? F(topicName(arn)) : U(topics.causes, `whether topic ${topicName(arn)} exists`);
}

export interface TopicFacts {
  arn: string;
  /** Who points at it: "alarm x", "rule y". */
  usedBy: string[];
  /** GetTopicAttributes; null when the topic does not exist. */
  attributes: Ev<{
    confirmed?: number;
    pending?: number;
    kmsKey?: string;
    /** A statement allows principal "*" without a condition. */
    publicPolicy: boolean;
  } | null>;
  /** alias/aws/… targets of the key's region, read only when the key is named by ID or ARN. */
  aliases?: ListEv<AliasListEntry>;
}

export interface SnsFacts {
  footprint: AiFootprint;
  topics: TopicFacts[];
  /** Whether `topics` holds every local topic AI alarms and rules notify, and why not. */
  complete: boolean;
  causes: ReturnType<typeof sortCauses>;
  /** Topics in another region or account: cannot be read from here. */
  elsewhere: string[];
}

// Condition keys that pin a "*" principal to this account, its organization or its network
// (the keys Prowler's is_condition_block_restrictive accepts). Any other condition — TLS only,
// a time window — leaves the statement open to everyone.
const ACCOUNT_KEYS = new Set(['aws:sourceaccount', 'aws:sourceowner', 'aws:sourcearn', 'aws:principalaccount', 'aws:principalarn', 'aws:resourceaccount']);
const SCOPE_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:sourcevpc', 'aws:sourcevpce']);
const RESTRICTING_OPERATORS = new Set(['stringequals', 'stringlike', 'arnequals', 'arnlike']);

function restricts(condition: unknown, account?: string): boolean {
  if (!condition || typeof condition !== 'object') return false;
  return Object.entries(condition as Record<string, unknown>).some(([operator, block]) => {
    if (!RESTRICTING_OPERATORS.has(operator.toLowerCase()) || !block || typeof block !== 'object') return false;
    return Object.entries(block as Record<string, unknown>).some(([key, value]) => {
      const values = (Array.isArray(value) ? value : [value]).map(String);
      const k = key.toLowerCase();
      if (ACCOUNT_KEYS.has(k)) return values.length > 0 && values.every((v) => (account ? v.includes(account) : !v.includes('*')));
      if (SCOPE_KEYS.has(k)) return values.length > 0 && values.every((v) => v !== '*');
      return false;
    });
  });
}

/**
 * Allow statements for principal "*" that no condition pins to this account, its organization or
 * its network. The default topic policy conditions on AWS:SourceOwner, so it is not public.
 */
export function hasPublicStatement(policy: string | undefined, account?: string): boolean {
  if (!policy) return false;
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(policy) as { Statement?: unknown };
  } catch {
    return false;
  }
  const stmts = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return stmts.some((st: { Effect?: string; Principal?: unknown; Condition?: unknown }) => {
    if (st.Effect !== 'Allow' || restricts(st.Condition, account)) return false;
    const p = st.Principal;
    if (p === '*') return true;
    const aws = p && typeof p === 'object' ? (p as { AWS?: unknown }).AWS : undefined;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  });
}

function topicName(arn: string): string {
  return arn.split(':').pop() ?? arn;
}

function judgeTopic(t: TopicFacts, account: string): Tri {
  if (!t.attributes.known) return U(t.attributes.causes, `attributes of topic ${topicName(t.arn)}`);
  const at = t.attributes.value;
  if (!at) return F('does not exist');
  const parts: Tri[] = [at.confirmed ? T(`${at.confirmed} confirmed subscription(s)`) : F(at.pending ? `0 confirmed subscriptions (${at.pending} pending)` : '0 confirmed subscriptions')];
  if (!at.kmsKey) parts.push(F('not encrypted with KMS'));
  else {
    const managed = awsManagedKey(at.kmsKey, account, t.aliases);
    parts.push(
      managed.v === 'T'
        ? F(`encrypted with ${managed.why[0]}, whose key policy cannot let CloudWatch alarms or EventBridge publish (a customer managed key is required)`)
        : managed.v === 'F'
          ? T('KMS-encrypted')
          : managed,
    );
  }
  if (at.publicPolicy) parts.push(F('policy allows principal "*" without a condition'));
  return and(...parts);
}

export default defineProbe<SnsFacts>({
  id: 'sns',
  service: 'Amazon SNS',
  title: 'SNS topics that carry AI alarms have confirmed subscribers, a customer managed KMS key and no public policy',
  severity: 'medium',
  remediation:
    'For each topic AI alarms or rules notify: confirm at least one subscription, encrypt it with a customer managed KMS key whose policy lets cloudwatch.amazonaws.com and events.amazonaws.com use it (kms:Decrypt, kms:GenerateDataKey*) — not alias/aws/sns — and remove unconditioned "*" principals: console SNS → Topics → Edit (Encryption, Access policy) / Create subscription, or `aws sns set-topic-attributes --attribute-name KmsMasterKeyId …` and `aws sns subscribe …`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [ListTopics, GetTopicAttributes, ListAliases],
  uses: [aiFootprint, cloudwatchAlarms, eventbridgeAiRules],
  async collect(ctx) {
    const [footprint, alarms, rules, listed] = await Promise.all([ctx.use(aiFootprint), ctx.use(cloudwatchAlarms), ctx.use(eventbridgeAiRules), ctx.list(ListTopics, {}, 'Topics')]);
    const topicList: ListEv<string> = { ...listed, items: listed.items.map((t) => t.TopicArn ?? '').filter(Boolean) };
    const alarmList = aiAlarmList(alarms);
    const usedBy = new Map<string, string[]>();
    const note = (arn: string, by: string) => usedBy.set(arn, [...(usedBy.get(arn) ?? []), by]);
    for (const a of alarmList.items) for (const t of a.actions.filter((x) => actionKind(x) === 'sns')) note(t, `alarm ${a.name}`);
    const enabled = rules.aiRules.items.filter((x) => x.state === 'ENABLED');
    for (const r of enabled) for (const t of r.targets.items.filter((x) => actionKind(x) === 'sns')) note(t, `rule ${r.name}`);
    const lists = [alarmList, rules.aiRules, ...enabled.map((r) => r.targets)];
    const local = [...usedBy.keys()].filter((arn) => arn.split(':')[3] === ctx.region && arn.split(':')[4] === ctx.accountId).sort();
    const elsewhere = [...usedBy.keys()].filter((arn) => !local.includes(arn)).sort();
    // A topic missing from the complete list does not exist (the rule CloudWatch Alarms uses too);
    // the others are read one by one, and NotFound then means deleted since the listing.
    const aliasesIn = new Map<string, Promise<ListEv<AliasListEntry>>>();
    const aliases = (region: string) => {
      if (!aliasesIn.has(region)) aliasesIn.set(region, ctx.list(ListAliases, {}, 'Aliases', { region }));
      return aliasesIn.get(region) as Promise<ListEv<AliasListEntry>>;
    };
    const topics = await Promise.all(
      local.map(async (arn): Promise<TopicFacts> => {
        if (topicExists(topicList, arn).v === 'F') return { arn, usedBy: usedBy.get(arn) as string[], attributes: known(null) };
        const r = await ctx.readOrAbsent(GetTopicAttributes, { TopicArn: arn }, { resource: arn });
        const attributes = mapEv(r, (v) => {
          if (isAbsent(v)) return null;
          const at = v.Attributes ?? {};
          return {
            confirmed: at.SubscriptionsConfirmed === undefined ? undefined : Number(at.SubscriptionsConfirmed),
            pending: at.SubscriptionsPending === undefined ? undefined : Number(at.SubscriptionsPending),
            kmsKey: at.KmsMasterKeyId || undefined,
            publicPolicy: hasPublicStatement(at.Policy, ctx.accountId),
          };
        });
        const key = attributes.known ? attributes.value?.kmsKey : undefined;
        const aliasRegion = key ? aliasRegionFor(key, ctx.accountId, ctx.region) : undefined;
        return { arn, usedBy: usedBy.get(arn) as string[], attributes, ...(aliasRegion ? { aliases: await aliases(aliasRegion) } : {}) };
      }),
    );
    return { footprint, topics, complete: lists.every((l) => l.complete), causes: sortCauses(lists.flatMap((l) => l.causes)), elsewhere };
  },
  evaluate(f, ctx) {
    const warnings = f.elsewhere.length ? [`topic(s) in another region or account not verified here: ${f.elsewhere.join(', ')}`] : [];
    const judged = f.topics.map((t) => ({ t, j: judgeTopic(t, ctx.accountId) }));
    const resources: ResourceResult[] = judged.map(({ t, j }) => {
      const label = `topic ${topicName(t.arn)}`;
      const by = ` (used by ${t.usedBy.join(', ')})`;
      if (j.v === 'U') return resourceOf(t.arn, undefined, j, label + by);
      if (j.v === 'F') return { id: t.arn, status: 'FAIL', reason: `${label}: ${j.why.join(', ')}${by}` };
      return { id: t.arn, status: 'PASS', reason: `${label}: ${j.why.join(', ')}${by}` };
    });
    // Nothing to judge: known only when every AI alarm and rule (and their targets) was read.
    if (f.complete && f.topics.length === 0) {
      if (aiInUse(f.footprint).v === 'F') return notApplicable('no SageMaker or Bedrock footprint in this region');
      return notApplicable('no SNS topic in this region receives AI alarms or AI EventBridge rules (see Amazon CloudWatch Alarms)', { warnings });
    }
    const all = { items: judged, complete: f.complete, causes: f.causes };
    const satisfied = every(all, ({ j }) => j, 'AI alarms or rules not all read');
    const failing = resources.filter((r) => r.status === 'FAIL');
    return workloadVerdict(
      f.footprint,
      satisfied,
      {
        what: 'SNS notification of AI alarms',
        pass: () => `all ${resources.length} topic(s) AI alarms notify have confirmed subscribers and KMS encryption`,
        fail: () => ({ reason: `${failing.length} of ${resources.length} AI notification topic(s) fall short: ${failing.map((r) => r.reason).join('; ')}`, code: 'MISCONFIGURED' }),
        undecided: () => 'whether every topic AI alarms notify can deliver is unknown',
      },
      { resources, warnings },
    );
  },
});
