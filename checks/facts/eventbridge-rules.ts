// EventBridge rules that react to SageMaker or Bedrock events, with their targets, per region
// (probes.md §2.29). Shared by the EventBridge probe and the SNS probe (topics those rules notify).
// The SDK has no paginator for these three calls; the engine loops on NextToken.
import type {
  ListEventBusesRequest,
  ListEventBusesResponse,
  ListRulesRequest,
  ListRulesResponse,
  ListTargetsByRuleRequest,
  ListTargetsByRuleResponse,
} from '@aws-sdk/client-eventbridge';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineFact, startNow } from '../../src/engine/probe.js';
import { completeList, filterList, mapList, sortCauses, type ListEv } from '../../src/engine/evidence.js';

export const ListEventBuses = op<ListEventBusesRequest, ListEventBusesResponse>('eventbridge', 'ListEventBuses', { paginate: NEXT_TOKEN });
export const ListRules = op<ListRulesRequest, ListRulesResponse>('eventbridge', 'ListRules', { paginate: NEXT_TOKEN });
export const ListTargetsByRule = op<ListTargetsByRuleRequest, ListTargetsByRuleResponse>('eventbridge', 'ListTargetsByRule', { paginate: NEXT_TOKEN });

export interface AiRule {
  name: string;
  arn: string;
  bus: string;
  state?: string;
  /** Set for rules that belong to an AWS service, reported apart from the customer's own. */
  managedBy?: string;
  /** The AI event sources the pattern matches (aws.sagemaker, aws.bedrock). */
  sources: string[];
  /** Target ARNs only (never the target Input, which may carry anything). Read for ENABLED rules; empty otherwise. */
  targets: ListEv<string>;
}

export interface EventBridgeAiRules {
  /** Event buses listed (the default bus is always there). */
  buses: ListEv<string>;
  /** Rules read on those buses. */
  rules: number;
  /** AI rules found; complete when every bus and every bus's rules were listed. */
  aiRules: ListEv<AiRule>;
}

export const eventbridgeAiRules = defineFact<EventBridgeAiRules>({
  id: 'eventbridge-ai-rules',
  scope: 'regional',
  calls: [ListEventBuses, ListRules, ListTargetsByRule],
  async collect(ctx) {
    // The default bus needs no listing to be known: its rules go out with the bus list.
    const rulesOf = async (bus: string) => ({ bus, rules: await ctx.list(ListRules, { EventBusName: bus }, 'Rules') });
    const defaultBus = startNow(rulesOf('default'));
    const listed = await ctx.list(ListEventBuses, {}, 'EventBuses');
    const names = [...new Set(['default', ...listed.items.map((b) => b.Name ?? '').filter(Boolean)])].sort();
    const buses: ListEv<string> = { items: names, complete: listed.complete, causes: listed.causes };
    const perBus = await Promise.all(names.map((bus) => (bus === 'default' ? defaultBus : rulesOf(bus))));
    let rules = 0;
    const found: Omit<AiRule, 'targets'>[] = [];
    for (const { bus, rules: list } of perBus) {
      rules += list.items.length;
      for (const r of list.items) {
        const sources = aiSources(r.EventPattern);
        if (sources.length === 0) continue;
        found.push({ name: r.Name ?? '', arn: r.Arn ?? r.Name ?? '', bus, state: r.State, managedBy: r.ManagedBy || undefined, sources });
      }
    }
    const aiRules = await Promise.all(
      found.map(async (r): Promise<AiRule> => {
        if (r.state !== 'ENABLED') return { ...r, targets: completeList([]) };
        const t = await ctx.list(ListTargetsByRule, { Rule: r.name, EventBusName: r.bus }, 'Targets', { resource: r.arn });
        return { ...r, targets: filterList(mapList(t, (x) => x.Arn ?? ''), Boolean) };
      }),
    );
    aiRules.sort((a, b) => a.arn.localeCompare(b.arn));
    const lists = [listed, ...perBus.map((p) => p.rules)];
    return { buses, rules, aiRules: { items: aiRules, complete: lists.every((l) => l.complete), causes: sortCauses(lists.flatMap((l) => l.causes)) } };
  },
});

const AI_SOURCE = /^aws\.(sagemaker|bedrock)/;

/** AI event sources named in a rule's pattern: exact values, or prefix matchers. Unparsable → raw text search. */
export function aiSources(pattern: string | undefined): string[] {
  if (!pattern) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(pattern);
  } catch {
    return [...new Set((pattern.match(/aws\.(sagemaker|bedrock)[\w.-]*/g) ?? []))];
  }
  const src = (parsed as { source?: unknown })?.source;
  const values = Array.isArray(src) ? src : src === undefined ? [] : [src];
  const out = new Set<string>();
  for (const v of values) {
    if (typeof v === 'string' && AI_SOURCE.test(v)) out.add(v);
    else if (v && typeof v === 'object' && typeof (v as { prefix?: unknown }).prefix === 'string') {
      const p = (v as { prefix: string }).prefix;
      // "aws." as a prefix also matches SageMaker and Bedrock events.
      if (AI_SOURCE.test(p) || (p.startsWith('aws.') && ('aws.sagemaker'.startsWith(p) || 'aws.bedrock'.startsWith(p)))) out.add(`${p}*`);
    }
  }
  return [...out].sort();
}
