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

  it('PASS with a warning when only Security Hub V2 is enabled', async () => {
    sh.on(DescribeHubCommand).rejects(awsError('InvalidAccessException', 'Account 123456789012 is not subscribed to AWS Security Hub'));
    sh.on(DescribeSecurityHubV2Command).resolves({ HubV2Arn: 'arn:aws:securityhub:us-east-1:123456789012:hubv2/default' });
    const { check } = await runProbe(probe, { control: '6.1.2' });
    expect(check.status).toBe('PASS');
    expect(check.warnings).toEqual(['Security Hub CSPM (with standards) is not enabled; only V2']);
  });

  it('FAIL(NOT_ENABLED) on the "not subscribed" signal, with V2 also off', async () => {
    sh.on(DescribeHubCommand).rejects(awsError('InvalidAccessException', 'Account 123456789012 is not subscribed to AWS Security Hub'));
    sh.on(DescribeSecurityHubV2Command).rejects(awsError('ResourceNotFoundException', 'not found', 404));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('Security Hub is not enabled');
    expect(check.remediation).toMatch(/enable-security-hub/);
  });

  it('FAIL(MISCONFIGURED) when no standard is READY', async () => {
    sh.on(DescribeHubCommand).resolves({ HubArn: HUB });
    sh.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [] });
    const { check } = await runProbe(probe);
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
  });

  it('ERROR naming the IAM action on AccessDenied, never FAIL or PASS', async () => {
    sh.on(DescribeHubCommand).rejects(awsError('AccessDeniedException', 'User is not authorized', 403));
    const { check } = await runProbe(probe);
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/securityhub:DescribeHub/);
  });

  it('ERROR on an InvalidAccessException that is not the not-subscribed signal', async () => {
    sh.on(DescribeHubCommand).rejects(awsError('InvalidAccessException', 'something else'));
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
});
