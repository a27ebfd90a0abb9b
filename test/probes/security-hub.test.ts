import { DescribeHubCommand, DescribeSecurityHubV2Command, GetEnabledStandardsCommand, ListEnabledProductsForImportCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/security-hub.js';
import { awsError, runProbe } from '../helpers.js';

const sh = mockClient(SecurityHubClient);
afterEach(() => sh.reset());

const HUB = 'arn:aws:securityhub:us-east-1:123456789012:hub/default';
const FSBP = 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0';

describe('AWS Security Hub probe', () => {
  it('PASS: hub enabled with a READY standard, standards read across pages', async () => {
    sh.on(DescribeHubCommand).resolves({ HubArn: HUB });
    sh.on(GetEnabledStandardsCommand).resolvesOnce({ StandardsSubscriptions: [{ StandardsArn: 'x', StandardsStatus: 'INCOMPLETE', StandardsSubscriptionArn: 's0', StandardsInput: {} }], NextToken: 'p2' })
      .resolves({ StandardsSubscriptions: [{ StandardsArn: FSBP, StandardsStatus: 'READY', StandardsSubscriptionArn: 's1', StandardsInput: {} }] });
    sh.on(ListEnabledProductsForImportCommand).resolves({ ProductSubscriptions: ['arn:aws:securityhub:us-east-1:123456789012:product-subscription/aws/securityhub'] });
    const { check } = await runProbe(probe, { control: '6.1.2' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toMatch(/1 READY standard.*aws-foundational-security-best-practices/);
    expect(check.resources).toEqual([{ id: HUB, region: 'us-east-1', status: 'PASS', reason: '1 READY standard(s)' }]);
    expect(sh.commandCalls(GetEnabledStandardsCommand).length).toBe(2);
    expect(check.evidence.length).toBeGreaterThanOrEqual(3);
  });

  it('A.14 notes the absence of third-party integrations as a warning', async () => {
    sh.on(DescribeHubCommand).resolves({ HubArn: HUB });
    sh.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [{ StandardsArn: FSBP, StandardsStatus: 'READY', StandardsSubscriptionArn: 's1', StandardsInput: {} }] });
    const { check } = await runProbe(probe, { control: 'A.14' });
    expect(check.status).toBe('PASS');
    expect(check.warnings).toContain('no third-party product integrations imported into Security Hub');
  });

  it('A.14 records third-party integrations (across pages) as resources; its own subscription is left out', async () => {
    const crowd = 'arn:aws:securityhub:us-east-1:123456789012:product-subscription/crowdstrike/crowdstrike-falcon';
    sh.on(DescribeHubCommand).resolves({ HubArn: HUB });
    sh.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [{ StandardsArn: FSBP, StandardsStatus: 'READY', StandardsSubscriptionArn: 's1', StandardsInput: {} }] });
    sh.on(ListEnabledProductsForImportCommand)
      .resolvesOnce({ ProductSubscriptions: ['arn:aws:securityhub:us-east-1:123456789012:product-subscription/aws/securityhub'], NextToken: 'n2' })
      .resolves({ ProductSubscriptions: [crowd] });
    const { check } = await runProbe(probe, { control: 'A.14' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toMatch(/; 1 product integration\(s\)$/);
    expect(check.resources).toContainEqual({ id: crowd, region: 'us-east-1', status: 'PASS', reason: 'product integration crowdstrike/crowdstrike-falcon' });
    expect(check.warnings).toEqual([]);
    expect(sh.commandCalls(ListEnabledProductsForImportCommand).length).toBe(2);
  });

  // Issue 16: this used to PASS. V2 runs no standard, and the requirement is a running standard.
  it('FAIL(MISCONFIGURED) when only Security Hub V2 is enabled: no standard runs', async () => {
    sh.on(DescribeHubCommand).rejects(awsError('InvalidAccessException', 'Account 123456789012 is not subscribed to AWS Security Hub'));
    sh.on(GetEnabledStandardsCommand).rejects(awsError('InvalidAccessException', 'Account 123456789012 is not subscribed to AWS Security Hub'));
    sh.on(DescribeSecurityHubV2Command).resolves({ HubV2Arn: 'arn:aws:securityhub:us-east-1:123456789012:hubv2/default' });
    const { check } = await runProbe(probe, { control: '6.1.2' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toMatch(/Security Hub V2 is enabled but Security Hub CSPM is not, so no security standard runs/);
    expect(check.resources).toEqual([expect.objectContaining({ id: 'arn:aws:securityhub:us-east-1:123456789012:hubv2/default', status: 'FAIL' })]);
  });

  it('FAIL(NOT_ENABLED) on the "not subscribed" signal, with V2 also off', async () => {
    sh.on(DescribeHubCommand).rejects(awsError('InvalidAccessException', 'Account 123456789012 is not subscribed to AWS Security Hub'));
    sh.on(DescribeSecurityHubV2Command).rejects(awsError('ResourceNotFoundException', 'not found', 404));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('Security Hub is not enabled');
    expect(check.warnings).toEqual([]);
    expect(check.remediation).toMatch(/enable-security-hub/);
  });

  it('FAIL(MISCONFIGURED) when no standard is READY', async () => {
    sh.on(DescribeHubCommand).resolves({ HubArn: HUB });
    sh.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
  });

  // The standards and products are read beside DescribeHub (not after it): they are denied too
  // here, since an answer from either would tell whether Security Hub CSPM is on.
  it('ERROR naming the IAM action on AccessDenied, never FAIL or PASS', async () => {
    const denied = awsError('AccessDeniedException', 'User is not authorized', 403);
    sh.on(DescribeHubCommand).rejects(denied);
    sh.on(GetEnabledStandardsCommand).rejects(denied);
    sh.on(ListEnabledProductsForImportCommand).rejects(denied);
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/securityhub:DescribeHub/);
    expect(check.missing?.map((m) => m.action)).toContain('securityhub:DescribeHub');
  });

  it('ERROR on an InvalidAccessException that is not the not-subscribed signal', async () => {
    const other = awsError('InvalidAccessException', 'something else');
    sh.on(DescribeHubCommand).rejects(other);
    sh.on(GetEnabledStandardsCommand).rejects(other);
    sh.on(ListEnabledProductsForImportCommand).rejects(other);
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
  });

  it('judges each region on its own', async () => {
    sh.on(DescribeHubCommand).callsFake(async function (this: unknown) {
      return { HubArn: HUB };
    });
    sh.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [{ StandardsArn: FSBP, StandardsStatus: 'READY', StandardsSubscriptionArn: 's1', StandardsInput: {} }] });
    const { check } = await runProbe(probe, { regions: ['us-east-1', 'eu-west-1'] });
    expect(check.regions.map((r) => [r.region, r.status])).toEqual([['eu-west-1', 'PASS'], ['us-east-1', 'PASS']]);
    expect(sh.commandCalls(DescribeHubCommand).length).toBe(2);
  });

  describe('partial evidence (issue 15, partial-evidence.md §3.4)', () => {
    const denied = () => awsError('AccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/scanner/x is not authorized', 403);
    const notSubscribed = () => awsError('InvalidAccessException', 'Account 123456789012 is not subscribed to AWS Security Hub');

    it('hub enabled, GetEnabledStandards denied: ERROR naming that action (the standards are what the requirement reads)', async () => {
      sh.on(DescribeHubCommand).resolves({ HubArn: HUB });
      sh.on(GetEnabledStandardsCommand).rejects(denied());
      const { check } = await runProbe(probe, { control: '6.1.2' });
      expect(check.status).toBe('ERROR');
      expect(check.reason).toMatch(/Security Hub CSPM is enabled; whether a standard is READY is unknown; undecided: needs securityhub:GetEnabledStandards in us-east-1/);
      expect(check.missing?.map((m) => m.action)).toEqual(['securityhub:GetEnabledStandards']);
      expect(check.resources).toEqual([expect.objectContaining({ id: HUB, status: 'ERROR' })]);
    });

    it('only ListEnabledProductsForImport denied: PASS with a warning naming it, for 6.1.2 and A.14', async () => {
      sh.on(DescribeHubCommand).resolves({ HubArn: HUB });
      sh.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [{ StandardsArn: FSBP, StandardsStatus: 'READY', StandardsSubscriptionArn: 's1', StandardsInput: {} }] });
      sh.on(ListEnabledProductsForImportCommand).rejects(denied());
      const a = await runProbe(probe, { control: '6.1.2' });
      expect(a.check.status).toBe('PASS');
      expect(a.check.warnings).toEqual(['product integrations not fully read: securityhub:ListEnabledProductsForImport in us-east-1 (access denied)']);
      sh.on(ListEnabledProductsForImportCommand).rejects(denied());
      const b = await runProbe(probe, { control: 'A.14' });
      expect(b.check.status).toBe('PASS');
      expect(b.check.warnings.join(' ')).toMatch(/product integrations not fully read: securityhub:ListEnabledProductsForImport in us-east-1 \(access denied\)/);
    });

    it('DescribeHub "not subscribed": FAIL whatever the standards call says (it is never needed)', async () => {
      sh.on(DescribeHubCommand).rejects(notSubscribed());
      sh.on(GetEnabledStandardsCommand).rejects(denied());
      sh.on(ListEnabledProductsForImportCommand).rejects(denied());
      sh.on(DescribeSecurityHubV2Command).rejects(awsError('ResourceNotFoundException', 'not found', 404));
      const { check } = await runProbe(probe);
      expect(check.status).toBe('FAIL');
      expect(check.code).toBe('NOT_ENABLED');
      expect(check.missing).toBeUndefined();
    });

    it('DescribeHub denied, a READY standard read: PASS (the standards answer only when CSPM is on)', async () => {
      sh.on(DescribeHubCommand).rejects(denied());
      sh.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [{ StandardsArn: FSBP, StandardsStatus: 'READY', StandardsSubscriptionArn: 's1', StandardsInput: {} }] });
      const { check } = await runProbe(probe);
      expect(check.status).toBe('PASS');
      expect(check.resources).toEqual([{ id: HUB, region: 'us-east-1', status: 'PASS', reason: '1 READY standard(s)' }]);
      // A PASS never rests silently on a call that failed.
      expect(check.warnings).toEqual(['not read (not needed for this verdict): securityhub:DescribeHub in us-east-1 (access denied)']);
    });

    it('DescribeHub denied, the standards say "not subscribed": FAIL(NOT_ENABLED)', async () => {
      sh.on(DescribeHubCommand).rejects(denied());
      sh.on(GetEnabledStandardsCommand).rejects(notSubscribed());
      sh.on(DescribeSecurityHubV2Command).rejects(awsError('ResourceNotFoundException', 'not found', 404));
      const { check } = await runProbe(probe);
      expect(check.status).toBe('FAIL');
      expect(check.code).toBe('NOT_ENABLED');
    });

    it('CSPM off and DescribeSecurityHubV2 denied: FAIL(NOT_ENABLED) with a warning naming it (V2 would not satisfy the requirement either)', async () => {
      sh.on(DescribeHubCommand).rejects(notSubscribed());
      sh.on(DescribeSecurityHubV2Command).rejects(denied());
      const { check } = await runProbe(probe);
      expect(check.status).toBe('FAIL');
      expect(check.code).toBe('NOT_ENABLED');
      expect(check.warnings.join(' ')).toMatch(/securityhub:DescribeSecurityHubV2 in us-east-1 \(access denied\)/);
    });
  });

  describe('standard status (issue 16)', () => {
    it('only an INCOMPLETE standard: FAIL(MISCONFIGURED) naming the status reason', async () => {
      sh.on(DescribeHubCommand).resolves({ HubArn: HUB });
      sh.on(GetEnabledStandardsCommand).resolves({
        StandardsSubscriptions: [{ StandardsArn: FSBP, StandardsStatus: 'INCOMPLETE', StandardsStatusReason: { StatusReasonCode: 'NO_AVAILABLE_CONFIGURATION_RECORDER' }, StandardsSubscriptionArn: 's1', StandardsInput: {} }],
      });
      const { check } = await runProbe(probe);
      expect(check.status).toBe('FAIL');
      expect(check.code).toBe('MISCONFIGURED');
      expect(check.reason).toBe('Security Hub CSPM is enabled but no security standard is running (1 enabled, none READY: aws-foundational-security-best-practices/v/1.0.0 INCOMPLETE (NO_AVAILABLE_CONFIGURATION_RECORDER))');
    });

    it('a READY standard beside an INCOMPLETE one: PASS with a warning on the incomplete one', async () => {
      const cis = 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0';
      sh.on(DescribeHubCommand).resolves({ HubArn: HUB });
      sh.on(GetEnabledStandardsCommand).resolves({
        StandardsSubscriptions: [
          { StandardsArn: FSBP, StandardsStatus: 'INCOMPLETE', StandardsStatusReason: { StatusReasonCode: 'MAXIMUM_NUMBER_OF_CONFIG_RULES_EXCEEDED' }, StandardsSubscriptionArn: 's1', StandardsInput: {} },
          { StandardsArn: cis, StandardsStatus: 'READY', StandardsSubscriptionArn: 's2', StandardsInput: {} },
        ],
      });
      const { check } = await runProbe(probe);
      expect(check.status).toBe('PASS');
      expect(check.reason).toBe('Security Hub enabled with 1 READY standard(s): cis-aws-foundations-benchmark/v/1.2.0');
      expect(check.warnings).toEqual(['standard(s) not running: aws-foundational-security-best-practices/v/1.0.0 INCOMPLETE (MAXIMUM_NUMBER_OF_CONFIG_RULES_EXCEEDED)']);
    });

    it('a PENDING standard alone does not count', async () => {
      sh.on(DescribeHubCommand).resolves({ HubArn: HUB });
      sh.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [{ StandardsArn: FSBP, StandardsStatus: 'PENDING', StandardsSubscriptionArn: 's1', StandardsInput: {} }] });
      const { check } = await runProbe(probe);
      expect(check.status).toBe('FAIL');
      expect(check.reason).toMatch(/none READY: .* PENDING/);
    });
  });
});
