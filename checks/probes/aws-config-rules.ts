// AWS Config Rules — 9.2 continuous compliance checks aimed at AI resources. probes.md §2.12.
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
import { defineProbe, fail, pass } from '../../src/engine/probe.js';
import { configRecorder, recorderHealth, type ConfigRecorderState } from '../facts/config-recorder.js';

const DescribeConfigRules = op<DescribeConfigRulesCommandInput, DescribeConfigRulesCommandOutput>('config', 'DescribeConfigRules', { paginate: NEXT_TOKEN });
const DescribeComplianceByConfigRule = op<DescribeComplianceByConfigRuleCommandInput, DescribeComplianceByConfigRuleCommandOutput>('config', 'DescribeComplianceByConfigRule', { paginate: NEXT_TOKEN });
const DescribeConformancePacks = op<DescribeConformancePacksCommandInput, DescribeConformancePacksCommandOutput>('config', 'DescribeConformancePacks', { paginate: NEXT_TOKEN });

export interface ConfigRulesFacts {
  recorder: ConfigRecorderState;
  rules: Pick<ConfigRule, 'ConfigRuleName' | 'ConfigRuleArn' | 'ConfigRuleState' | 'Source' | 'Scope'>[];
  compliance: ComplianceByConfigRule[];
  packs: Pick<ConformancePackDetail, 'ConformancePackName' | 'ConformancePackArn'>[];
}

/** A rule aimed at AI resources: an AWS managed SageMaker/Bedrock rule, or one scoped to their types. */
export function isAiRule(r: ConfigRulesFacts['rules'][number]): boolean {
  const id = r.Source?.SourceIdentifier ?? '';
  if (r.Source?.Owner === 'AWS' && /^(SAGEMAKER_|BEDROCK)/.test(id)) return true;
  return (r.Scope?.ComplianceResourceTypes ?? []).some((t) => /^AWS::(SageMaker|Bedrock)/.test(t));
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
      ctx.all(DescribeConfigRules, {}, 'ConfigRules'),
      ctx.all(DescribeComplianceByConfigRule, {}, 'ComplianceByConfigRules'),
      ctx.all(DescribeConformancePacks, {}, 'ConformancePackDetails'),
    ]);
    return {
      recorder,
      rules: rules.map((r) => ({ ConfigRuleName: r.ConfigRuleName, ConfigRuleArn: r.ConfigRuleArn, ConfigRuleState: r.ConfigRuleState, Source: r.Source, Scope: r.Scope })),
      compliance,
      packs: packs.map((p) => ({ ConformancePackName: p.ConformancePackName, ConformancePackArn: p.ConformancePackArn })),
    };
  },
  evaluate(f) {
    const h = recorderHealth(f.recorder);
    const active = f.rules.filter((r) => r.ConfigRuleState === 'ACTIVE');
    const ai = active.filter(isAiRule);
    const resources = ai.map((r) => {
      const c = f.compliance.find((x) => x.ConfigRuleName === r.ConfigRuleName)?.Compliance?.ComplianceType ?? 'unknown';
      return { id: r.ConfigRuleArn ?? r.ConfigRuleName ?? 'rule', status: 'PASS' as const, reason: `active AI rule ${r.Source?.SourceIdentifier ?? r.ConfigRuleName}, compliance ${c}` };
    });
    if (!h.healthy) return fail(`Config rules cannot evaluate without a healthy recorder: ${h.reason}`, 'NOT_ENABLED', { resources });
    if (active.length === 0) return fail('no active AWS Config rules', 'NOT_IN_USE');
    if (ai.length === 0) return fail(`${active.length} active Config rule(s), none aimed at SageMaker or Bedrock resources`, 'NOT_IN_USE');
    const nonCompliant = f.compliance.filter((c) => c.Compliance?.ComplianceType === 'NON_COMPLIANT' && ai.some((r) => r.ConfigRuleName === c.ConfigRuleName)).length;
    return pass(`${ai.length} active Config rule(s) evaluate AI resources (${f.packs.length} conformance pack(s))`, {
      resources,
      warnings: nonCompliant ? [`${nonCompliant} AI rule(s) currently report NON_COMPLIANT resources`] : [],
    });
  },
});
