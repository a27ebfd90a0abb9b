import {
  GetAutomatedDiscoveryConfigurationCommand,
  GetClassificationExportConfigurationCommand,
  GetFindingsPublicationConfigurationCommand,
  GetMacieSessionCommand,
  ListClassificationJobsCommand,
  Macie2Client,
} from '@aws-sdk/client-macie2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/macie.js';
import { awsError, runProbe } from '../helpers.js';

const mc = mockClient(Macie2Client);
afterEach(() => mc.reset());

function enabled(auto: 'ENABLED' | 'DISABLED', exportBucket?: string) {
  mc.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
  mc.on(GetAutomatedDiscoveryConfigurationCommand).resolves({ status: auto });
  mc.on(GetClassificationExportConfigurationCommand).resolves(exportBucket ? { configuration: { s3Destination: { bucketName: exportBucket, kmsKeyArn: 'k' } } } : {});
  mc.on(GetFindingsPublicationConfigurationCommand).resolves({ securityHubConfiguration: { publishClassificationFindings: true, publishPolicyFindings: true } });
}

describe('Amazon Macie probe', () => {
  it('7.5 PASS: automated sensitive data discovery on', async () => {
    enabled('ENABLED');
    const { check } = await runProbe(probe, { control: '7.5' });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('Macie enabled with automated sensitive data discovery');
    expect(check.warnings).toEqual([]);
  });

  it('A.9 / A.10 PASS with scheduled jobs (listed across pages) and a discovery-results bucket', async () => {
    enabled('DISABLED', 'macie-results');
    mc.on(GetFindingsPublicationConfigurationCommand).resolves({ securityHubConfiguration: { publishClassificationFindings: false } });
    mc.on(ListClassificationJobsCommand)
      .resolvesOnce({ items: [{ jobId: 'j1', name: 'one-off', jobType: 'ONE_TIME', jobStatus: 'COMPLETE' }], nextToken: 'n2' })
      .resolves({ items: [{ jobId: 'j2', name: 'ai-buckets', jobType: 'SCHEDULED', jobStatus: 'IDLE' }] });
    for (const control of ['A.9', 'A.10']) {
      const { check } = await runProbe(probe, { control });
      expect(check.status).toBe('PASS');
      expect(check.reason).toBe('Macie enabled with 1 scheduled classification job(s); results kept in s3://macie-results');
      expect(check.resources).toEqual([{ id: 'j2', region: 'us-east-1', status: 'PASS', reason: 'scheduled job ai-buckets IDLE' }]);
      expect(check.warnings).toEqual(['Macie does not publish classification findings to Security Hub']);
    }
    expect(mc.commandCalls(ListClassificationJobsCommand).filter((c) => c.args[0].input.nextToken === 'n2').length).toBeGreaterThan(0);
  });

  it('A.9 FAIL(MISCONFIGURED) when discovery results are not retained', async () => {
    enabled('ENABLED');
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('Macie runs automated sensitive data discovery but discovery results are not retained (no classification export bucket)');
  });

  it('FAIL(NOT_ENABLED) on "Macie is not enabled" (AccessDeniedException), without further calls', async () => {
    mc.on(GetMacieSessionCommand).rejects(awsError('AccessDeniedException', 'Macie is not enabled.', 403));
    const { check } = await runProbe(probe, { control: 'A.10' });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe('Macie is not enabled');
    expect(mc.commandCalls(ListClassificationJobsCommand).length).toBe(0);
  });

  it('FAIL(MISCONFIGURED): paused, or enabled with neither discovery nor scheduled jobs', async () => {
    mc.on(GetMacieSessionCommand).resolves({ status: 'PAUSED' });
    let { check } = await runProbe(probe, { control: '7.5' });
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.reason).toBe('Macie is PAUSED, not ENABLED');
    mc.reset();
    enabled('DISABLED');
    ({ check } = await runProbe(probe, { control: '7.5' }));
    expect(check.reason).toBe('Macie is enabled but neither automated discovery nor a scheduled classification job is active');
  });

  it('ERROR naming the IAM action on any other AccessDenied', async () => {
    mc.on(GetMacieSessionCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: macie2:GetMacieSession', 403));
    const { check } = await runProbe(probe, { control: 'A.9' });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/macie2:GetMacieSession/);
  });
});
