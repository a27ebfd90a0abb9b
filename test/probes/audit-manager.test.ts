import { AuditManagerClient, GetAccountStatusCommand, GetAssessmentCommand, GetSettingsCommand, ListAssessmentsCommand } from '@aws-sdk/client-auditmanager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import probe from '../../checks/probes/audit-manager.js';
import { ACCOUNT, awsError, runProbe } from '../helpers.js';

const am = mockClient(AuditManagerClient);
afterEach(() => am.reset());

const REGIONS = ['us-east-1', 'eu-west-1'];
const AVAIL = 'AWS Audit Manager is no longer open to new customers: use AWS Config conformance packs and AWS Security Hub standards as the alternative';
const A = (id: string) => `arn:aws:auditmanager:eu-west-1:${ACCOUNT}:assessment/${id}`;

/** Active in eu-west-1 only, with the given assessments ({id, framework, dest?}). */
function activeInEu(assessments: { id: string; framework: string; dest?: string }[], defaultDest?: string) {
  am.on(GetAccountStatusCommand).callsFake(async (_i, getClient) => ({ status: (await getClient().config.region()) === 'eu-west-1' ? 'ACTIVE' : 'INACTIVE' }));
  const items = assessments.map((a) => ({ id: a.id, name: `audit-${a.id}`, status: 'ACTIVE' as const }));
  // The assessments and settings are read in every region: where Audit Manager is off they answer "complete setup".
  am.on(ListAssessmentsCommand).callsFake(async (input: { nextToken?: string }, getClient) => {
    if ((await getClient().config.region()) !== 'eu-west-1') throw notSetUp();
    return input.nextToken === 'a2' ? { assessmentMetadata: items.slice(1) } : { assessmentMetadata: items.slice(0, 1), nextToken: 'a2' };
  });
  for (const a of assessments) {
    am.on(GetAssessmentCommand, { assessmentId: a.id }).resolves({
      assessment: {
        arn: A(a.id),
        metadata: { id: a.id, name: `audit-${a.id}`, status: 'ACTIVE', ...(a.dest ? { assessmentReportsDestination: { destinationType: 'S3', destination: a.dest } } : {}) },
        framework: { metadata: { name: a.framework } },
      },
    });
  }
  am.on(GetSettingsCommand).callsFake(async (_i, getClient) => {
    if ((await getClient().config.region()) !== 'eu-west-1') throw notSetUp();
    return { settings: defaultDest ? { defaultAssessmentReportsDestination: { destinationType: 'S3', destination: defaultDest } } : {} };
  });
}
const notSetUp = () => awsError('AccessDeniedException', 'Please complete AWS Audit Manager setup from home page to enable this action in this account.', 403);

describe('AWS Audit Manager probe', () => {
  it('FAIL(NOT_ENABLED) when no scanned region is set up, naming the alternative', async () => {
    am.on(GetAccountStatusCommand).resolves({ status: 'INACTIVE' });
    const { check } = await runProbe(probe, { control: '9.2', regions: REGIONS });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toBe(`Audit Manager is not set up in any scanned region (eu-west-1 INACTIVE, us-east-1 INACTIVE) — ${AVAIL}`);
    expect(check.availability).toBe(AVAIL);
    // The assessments are read in every region beside the status (they used to be read only where ACTIVE).
    expect(am.commandCalls(ListAssessmentsCommand).length).toBe(2);
  });

  it('the "complete AWS Audit Manager setup" answer means not enabled, not an error', async () => {
    am.on(GetAccountStatusCommand).resolves({ status: 'ACTIVE' });
    am.on(ListAssessmentsCommand).rejects(awsError('AccessDeniedException', 'Please complete AWS Audit Manager setup from home page to enable this action in this account.', 403));
    const { check } = await runProbe(probe, { control: '9.2', regions: ['us-east-1'] });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_ENABLED');
    expect(check.reason).toMatch(/^Audit Manager is not set up in any scanned region \(us-east-1 setup incomplete\)/);
  });

  it('acceptAlternatives turns the closed-service FAIL into MANUAL', async () => {
    am.on(GetAccountStatusCommand).resolves({ status: 'INACTIVE' });
    const { check } = await runProbe(probe, { control: '9.2', regions: ['us-east-1'], settings: { acceptAlternatives: true } });
    expect(check.status).toBe('MANUAL');
    expect(check.reason).toMatch(/an alternative is accepted by configuration/);
  });

  it('9.2 PASS: active in one region, assessments listed across pages, one account-wide verdict', async () => {
    activeInEu([{ id: 'a1', framework: 'AWS Foundational Security Best Practices' }, { id: 'a2', framework: 'CIS' }]);
    const { check } = await runProbe(probe, { control: '9.2', regions: REGIONS });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('2 active assessment(s) in eu-west-1: audit-a1, audit-a2');
    expect(check.regions).toEqual([{ region: 'global', status: 'PASS', reason: check.reason }]);
    // Two pages in eu-west-1, and the "complete setup" answer in us-east-1.
    expect(am.commandCalls(ListAssessmentsCommand).length).toBe(3);
    expect(am.commandCalls(ListAssessmentsCommand)[0].args[0].input).toEqual({ status: 'ACTIVE' });
  });

  it('A.2 PASS on the generative AI framework; MANUAL(PARTIAL) when no framework is about AI', async () => {
    activeInEu([{ id: 'a1', framework: 'AWS Generative AI Best Practices Framework v2' }, { id: 'a2', framework: 'CIS' }]);
    let { check } = await runProbe(probe, { control: 'A.2', regions: REGIONS });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('1 active assessment(s) on an AI framework: audit-a1 (AWS Generative AI Best Practices Framework v2)');
    am.reset();
    activeInEu([{ id: 'a1', framework: 'CIS' }, { id: 'a2', framework: 'PCI DSS' }]);
    ({ check } = await runProbe(probe, { control: 'A.2', regions: REGIONS }));
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBe('PARTIAL');
    expect(check.resources.map((r) => r.status)).toEqual(['MANUAL', 'MANUAL']);
  });

  it('A.12 PASS with the default report destination; FAIL(MISCONFIGURED) with none', async () => {
    activeInEu([{ id: 'a1', framework: 'CIS' }, { id: 'a2', framework: 'PCI DSS', dest: 's3://own-reports' }], 's3://audit-reports');
    let { check } = await runProbe(probe, { control: 'A.12', regions: REGIONS });
    expect(check.status).toBe('PASS');
    expect(check.reason).toBe('2 active assessment(s) deliver reports: audit-a1 → s3://audit-reports, audit-a2 → s3://own-reports');
    am.reset();
    activeInEu([{ id: 'a1', framework: 'CIS' }]);
    ({ check } = await runProbe(probe, { control: 'A.12', regions: REGIONS }));
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('MISCONFIGURED');
    expect(check.resources).toEqual([{ id: A('a1'), region: 'eu-west-1', status: 'FAIL', reason: 'assessment audit-a1 (eu-west-1) on framework CIS: no assessment report destination' }]);
  });

  it('FAIL(NOT_IN_USE): set up but no active assessment', async () => {
    am.on(GetAccountStatusCommand).resolves({ status: 'ACTIVE' });
    am.on(ListAssessmentsCommand).resolves({ assessmentMetadata: [] });
    const { check } = await runProbe(probe, { control: '9.2', regions: ['us-east-1'] });
    expect(check.status).toBe('FAIL');
    expect(check.code).toBe('NOT_IN_USE');
  });

  it('a region where Audit Manager is not offered is skipped with a warning', async () => {
    am.on(GetAccountStatusCommand).callsFake(async (_i, getClient) => {
      if ((await getClient().config.region()) === 'eu-west-1') throw awsError('Error', 'getaddrinfo ENOTFOUND auditmanager.eu-west-1.amazonaws.com', 400, { code: 'ENOTFOUND' });
      return { status: 'INACTIVE' };
    });
    const { check } = await runProbe(probe, { control: '9.2', regions: REGIONS });
    expect(check.status).toBe('FAIL');
    expect(check.warnings[0]).toMatch(/^not evaluated in eu-west-1: service not available/);
  });

  // The assessments and settings answer whether Audit Manager is set up, so all three are denied here.
  it('ERROR naming the IAM action on AccessDenied', async () => {
    am.on(GetAccountStatusCommand).rejects(awsError('AccessDeniedException', 'User is not authorized', 403));
    am.on(ListAssessmentsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized', 403));
    am.on(GetSettingsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized', 403));
    const { check } = await runProbe(probe, { control: '9.2', regions: ['us-east-1'] });
    expect(check.status).toBe('ERROR');
    expect(check.reason).toMatch(/auditmanager:GetAccountStatus/);
  });

  describe('partial evidence (issue 15)', () => {
    const denied = (a: string) => awsError('AccessDeniedException', `User is not authorized to perform: ${a}`, 403);

    it('GetAccountStatus denied: the assessments listed in eu-west-1 still PASS 9.2', async () => {
      activeInEu([{ id: 'a1', framework: 'CIS' }]);
      am.on(GetAccountStatusCommand).rejects(denied('auditmanager:GetAccountStatus'));
      const { check } = await runProbe(probe, { control: '9.2', regions: REGIONS });
      expect(check.status).toBe('PASS');
    });

    it('GetAssessment denied: 9.2 PASS (it does not read it); A.2 ERROR naming it, the assessment an ERROR resource', async () => {
      activeInEu([{ id: 'a1', framework: 'AWS Generative AI Best Practices Framework v2' }]);
      am.on(GetAssessmentCommand).rejects(denied('auditmanager:GetAssessment'));
      let { check } = await runProbe(probe, { control: '9.2', regions: REGIONS });
      expect(check.status).toBe('PASS');
      ({ check } = await runProbe(probe, { control: 'A.2', regions: REGIONS }));
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => m.action)).toEqual(['auditmanager:GetAssessment']);
      expect(check.resources).toEqual([expect.objectContaining({ id: 'a1', region: 'eu-west-1', status: 'ERROR' })]);
    });

    it('GetSettings denied: A.12 PASSes on an assessment\'s own destination; ERROR when only the default could tell', async () => {
      activeInEu([{ id: 'a1', framework: 'CIS', dest: 's3://own' }]);
      am.on(GetSettingsCommand).rejects(denied('auditmanager:GetSettings'));
      let { check } = await runProbe(probe, { control: 'A.12', regions: REGIONS });
      expect(check.status).toBe('PASS');
      am.reset();
      activeInEu([{ id: 'a1', framework: 'CIS' }]);
      am.on(GetSettingsCommand).rejects(denied('auditmanager:GetSettings'));
      ({ check } = await runProbe(probe, { control: 'A.12', regions: REGIONS }));
      expect(check.status).toBe('ERROR');
      expect(check.missing?.map((m) => m.action)).toEqual(['auditmanager:GetSettings']);
    });
  });
});
