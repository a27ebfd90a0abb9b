import {
  ConfigServiceClient,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConformancePacksCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/aws-config-rules.js';
import { awsError, runProbe } from '../helpers.js';

const cfg = mockClient(ConfigServiceClient);
afterEach(() => cfg.reset());

const RULE = (n: string) => `arn:aws:config:us-east-1:123456789012:config-rule/config-rule-${n}`;
function healthyRecorder() {
  cfg.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true } }] });
  cfg.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
  cfg.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default' }] });
}
const managed = (n: string, id: string, state = 'ACTIVE') => ({ ConfigRuleName: n, ConfigRuleArn: RULE(n), ConfigRuleState: state as 'ACTIVE', Source: { Owner: 'AWS' as const, SourceIdentifier: id } });

describe('AWS Config Rules probe', () => {
  it('PASS: an active SageMaker managed rule (rules read across pages); NON_COMPLIANT results are a warning', async () => {
    healthyRecorder();
    cfg.on(DescribeConfigRulesCommand)
      .resolvesOnce({ ConfigRules: [managed('s3-versioning', 'S3_BUCKET_VERSIONING_ENABLED')], NextToken: 'r2' })
      .resolves({ ConfigRules: [managed('sm-kms', 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED')] });
    cfg.on(DescribeComplianceByConfigRuleCommand).resolves({ ComplianceByConfigRules: [{ ConfigRuleName: 'sm-kms', Compliance: { ComplianceType: 'NON_COMPLIANT' } }] });
    cfg.on(DescribeConformancePacksCommand).resolves({ ConformancePackDetails: [{ ConformancePackName: 'ai-pack', ConformancePackArn: 'p', ConformancePackId: 'i' }] });
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('1 active Config rule(s) evaluate AI resources (1 conformance pack(s))');
    expect(check.resources).toEqual([{ id: RULE('sm-kms'), region: 'us-east-1', status: 'PASS', reason: 'active AI rule SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED, compliance NON_COMPLIANT' }]);
    expect(check.warnings).toEqual(['1 AI rule(s) currently report NON_COMPLIANT resources']);
    expect(cfg.commandCalls(DescribeConfigRulesCommand).length).toBe(2);
  });

  it('PASS: a custom rule scoped to SageMaker resource types counts', async () => {
    healthyRecorder();
    cfg.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [{ ConfigRuleName: 'custom', ConfigRuleArn: RULE('custom'), ConfigRuleState: 'ACTIVE', Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: 'arn:aws:lambda:…' }, Scope: { ComplianceResourceTypes: ['AWS::SageMaker::NotebookInstance'] } }] });
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('PASS');
  });

  it('FAIL(NOT_IN_USE): active rules but none aimed at AI; and no active rules at all', async () => {
    healthyRecorder();
    cfg.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [managed('s3-versioning', 'S3_BUCKET_VERSIONING_ENABLED'), managed('sm-off', 'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS', 'DELETING')] });
    let { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
    expect(check.reason).toBe('1 active Config rule(s), none aimed at SageMaker or Bedrock resources');
    cfg.reset();
    healthyRecorder();
    ({ check } = await runProbe(probe, { control: '9.2' }));
    expect(check.reason).toBe('no active AWS Config rules');
  });

  it('FAIL(NOT_ENABLED) when the recorder behind the rules is not healthy', async () => {
    cfg.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [managed('sm-kms', 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED')] });
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('Config rules cannot evaluate without a healthy recorder: no Config recorder');
  });

  it('ERROR naming the IAM action on AccessDenied', async () => {
    healthyRecorder();
    cfg.on(DescribeConfigRulesCommand).rejects(awsError('AccessDeniedException', 'denied', 400));
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/config:DescribeConfigRules/);
  });

  describe('partial evidence (issue 15)', () => {
    const denied = () => awsError('AccessDeniedException', 'User is not authorized to perform this action', 400);
    const rules = () => cfg.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [managed('sm-kms', 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED')] });

    it('compliance and conformance packs denied: PASS with warnings naming them (they are evidence, not the requirement)', async () => {
      healthyRecorder();
      rules();
      cfg.on(DescribeComplianceByConfigRuleCommand).rejects(denied());
      cfg.on(DescribeConformancePacksCommand).rejects(denied());
      const { check } = await runProbe(probe, { control: '9.2' });
      expect(check.status).toBe('PASS');
      expect(check.resources).toEqual([expect.objectContaining({ reason: 'active AI rule SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED, compliance not read' })]);
      expect(check.warnings).toEqual([
        'conformance packs not fully read: config:DescribeConformancePacks in us-east-1 (access denied)',
        'rule compliance not fully read: config:DescribeComplianceByConfigRule in us-east-1 (access denied)',
      ]);
    });

    it('DescribeConfigRules denied with a recorder that is not recording: FAIL(NOT_ENABLED) without the rules', async () => {
      cfg.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true } }] });
      cfg.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: false }] });
      cfg.on(DescribeConfigRulesCommand).rejects(denied());
      const { check } = await runProbe(probe, { control: '9.2' });
      expect(check.status).toBe('FAIL');
      expect(check.code).toBe('NOT_ENABLED');
    });

    it('the recorder read denied with an active AI rule: ERROR naming the recorder read', async () => {
      healthyRecorder();
      rules();
      cfg.on(DescribeConfigurationRecordersCommand).rejects(denied());
      const { check } = await runProbe(probe, { control: '9.2' });
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => m.action)).toEqual(['config:DescribeConfigurationRecorders']);
    });
  });

  // Issue 16: EVALUATING (after StartConfigRulesEvaluation) and DELETING_RESULTS are passing states of an active rule.
  it('PASS: a rule that is EVALUATING is in force', async () => {
    healthyRecorder();
    cfg.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [managed('sm-kms', 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED', 'EVALUATING')] });
    const { check } = await runProbe(probe, { control: '9.2' });
    expect(check.status).toBe('PASS');
  });
});
