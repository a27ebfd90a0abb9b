// AWS Config Rules — 9.2 continuous compliance checks aimed at AI resources. probes.md §2.12.
// The requirement reads the recorder (shared rule, facts/config-recorder.ts) and the rules; the
// compliance results and conformance packs are evidence only, so a failed read of them is a warning.
import type {
  ComplianceByConfigRule,
  ConfigRule,
  ConformancePackDetail,
  DescribeComplianceByConfigRuleCommandInput,
  DescribeComplianceByConfigRuleCommandOutput,
  DescribeConfigRulesCommandInput,
  DescribeConfigRulesCommandOutput,
  DescribeConformancePacksCommandInput,
  DescribeConformancePacksCommandOutput,
} from '@aws-sdk/client-config-service';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { and, describeCauses, fact, mapList, some, type ListEv } from '../../src/engine/evidence.js';
import { defineProbe, fail, pass, undecided } from '../../src/engine/probe.js';
import { configRecorder, recorderHealth, type ConfigRecorderState } from '../facts/config-recorder.js';
import { causesIn, passWith } from '../rules/unread.js';

const DescribeConfigRules = op<DescribeConfigRulesCommandInput, DescribeConfigRulesCommandOutput>('config', 'DescribeConfigRules', { paginate: NEXT_TOKEN });
const DescribeComplianceByConfigRule = op<DescribeComplianceByConfigRuleCommandInput, DescribeComplianceByConfigRuleCommandOutput>('config', 'DescribeComplianceByConfigRule', { paginate: NEXT_TOKEN });
const DescribeConformancePacks = op<DescribeConformancePacksCommandInput, DescribeConformancePacksCommandOutput>('config', 'DescribeConformancePacks', { paginate: NEXT_TOKEN });

type Rule = Pick<ConfigRule, 'ConfigRuleName' | 'ConfigRuleArn' | 'ConfigRuleState' | 'Source' | 'Scope'>;

export interface ConfigRulesFacts {
  recorder: ConfigRecorderState;
  rules: ListEv<Rule>;
  compliance: ListEv<ComplianceByConfigRule>;
  packs: ListEv<Pick<ConformancePackDetail, 'ConformancePackName' | 'ConformancePackArn'>>;
}

/** A rule aimed at AI resources: an AWS managed SageMaker/Bedrock rule, or one scoped to their types. */
export function isAiRule(r: Rule): boolean {
  const id = r.Source?.SourceIdentifier ?? '';
  if (r.Source?.Owner === 'AWS' && /^(SAGEMAKER_|BEDROCK)/.test(id)) return true;
  return (r.Scope?.ComplianceResourceTypes ?? []).some((t) => /^AWS::(SageMaker|Bedrock)/.test(t));
}

/**
 * A rule in force: ACTIVE, or one of the passing states of an active rule (EVALUATING after
 * StartConfigRulesEvaluation, DELETING_RESULTS after DeleteEvaluationResults). DELETING is not.
 */
export function isActiveRule(r: Rule): boolean {
  return r.ConfigRuleState === 'ACTIVE' || r.ConfigRuleState === 'EVALUATING' || r.ConfigRuleState === 'DELETING_RESULTS';
}

export default defineProbe<ConfigRulesFacts>({
  id: 'aws-config-rules',
  service: 'AWS Config Rules',
  title: 'Active AWS Config rules evaluate AI resources',
  severity: 'medium',
  remediation: 'Deploy AWS Config managed rules for SageMaker (e.g. sagemaker-endpoint-configuration-kms-key-configured, sagemaker-notebook-no-direct-internet-access) or a conformance pack that contains them: console AWS Config → Rules → Add rule, or `aws configservice put-config-rule`.',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [DescribeConfigRules, DescribeComplianceByConfigRule, DescribeConformancePacks],
  uses: [configRecorder],
  async collect(ctx) {
    const [recorder, rules, compliance, packs] = await Promise.all([
      ctx.use(configRecorder),
      ctx.list(DescribeConfigRules, {}, 'ConfigRules'),
      ctx.list(DescribeComplianceByConfigRule, {}, 'ComplianceByConfigRules'),
      ctx.list(DescribeConformancePacks, {}, 'ConformancePackDetails'),
    ]);
    return {
      recorder,
      rules: mapList(rules, (r) => ({ ConfigRuleName: r.ConfigRuleName, ConfigRuleArn: r.ConfigRuleArn, ConfigRuleState: r.ConfigRuleState, Source: r.Source, Scope: r.Scope })),
      compliance,
      packs: mapList(packs, (p) => ({ ConformancePackName: p.ConformancePackName, ConformancePackArn: p.ConformancePackArn })),
    };
  },
  evaluate(f) {
    const h = recorderHealth(f.recorder);
    const active = f.rules.items.filter(isActiveRule);
    const ai = active.filter(isAiRule).sort((a, b) => (a.ConfigRuleName ?? '').localeCompare(b.ConfigRuleName ?? ''));
    const complianceOf = (r: Rule) => f.compliance.items.find((x) => x.ConfigRuleName === r.ConfigRuleName)?.Compliance?.ComplianceType ?? (f.compliance.complete ? 'not reported' : 'not read');
    const resources = ai.map((r) => ({ id: r.ConfigRuleArn ?? r.ConfigRuleName ?? 'rule', status: 'PASS' as const, reason: `active AI rule ${r.Source?.SourceIdentifier ?? r.ConfigRuleName}, compliance ${complianceOf(r)}` }));
    const hasAi = some(f.rules, (r) => fact(isActiveRule(r) && isAiRule(r), r.ConfigRuleName ?? 'rule', 'not an active AI rule'), 'whether an active rule is aimed at AI resources');
    const t = and(h.t, hasAi);
    const warnings: string[] = [];
    if (!f.compliance.complete) warnings.push(`rule compliance not fully read: ${describeCauses(f.compliance.causes)}`);
    if (!f.packs.complete) warnings.push(`conformance packs not fully read: ${describeCauses(f.packs.causes)}`);

    if (h.t.v === 'F') return fail(`Config rules cannot evaluate without a healthy recorder: ${h.t.why.join('; ')}`, 'NOT_ENABLED', { resources, warnings });
    if (hasAi.v === 'F') {
      if (active.length === 0) return fail('no active AWS Config rules', 'NOT_IN_USE', { warnings });
      return fail(`${active.length} active Config rule(s), none aimed at SageMaker or Bedrock resources`, 'NOT_IN_USE', { warnings });
    }
    if (t.v === 'U') return undecided(t.causes, hasAi.v === 'T' ? `${ai.length} active AI rule(s); whether the Config recorder behind them is healthy is unknown` : undefined, { resources, warnings });
    const nonCompliant = ai.filter((r) => complianceOf(r) === 'NON_COMPLIANT').length;
    if (nonCompliant) warnings.push(`${nonCompliant} AI rule(s) currently report NON_COMPLIANT resources`);
    const packs = f.packs.complete ? `${f.packs.items.length} conformance pack(s)` : `${f.packs.items.length} conformance pack(s) read`;
    return passWith(pass(`${ai.length} active Config rule(s) evaluate AI resources (${packs})`, { resources, warnings }), causesIn(f.rules, f.compliance, f.packs).filter((c) => c.action === 'config:DescribeConfigRules' || c.kind === 'interrupted'));
  },
});
