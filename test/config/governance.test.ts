// Waivers accept FAILs (WAIVED, with who and why) until they expire; attestations answer MANUALs
// (ATTESTED, never PASS); expired ones are ignored and listed; ones matching nothing are stale.
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../reports/json.js';
import { exitCodeFor, type Report } from '../../src/engine/report.js';
import { applyGovernance } from '../../src/policy/governance.js';

const NOW = new Date('2026-11-27T00:00:00Z');

function report(): Report {
  const check = (service: string, status: string, resources: { id: string; region?: string; status: string; reason: string }[] = [], regions = [{ region: 'us-east-1', status, reason: 'r' }]) => ({
    service, probe: service.toLowerCase().replace(/\W+/g, '-'), extension: false, status, reason: `${service} ${status}`, severity: 'high', remediation: null, availability: null,
    resources, regions, warnings: [], evidence: ['c-0000000000000001'], implementation: '', controlSupport: '',
  });
  const r = {
    schemaVersion: '1.0.0', tool: { name: 'aims-scan', version: '0.1.0' },
    scan: { id: 'x', startedAt: NOW.toISOString(), finishedAt: NOW.toISOString(), mode: 'replay', complete: true, account: { id: '123456789012', partition: 'aws', callerArn: 'arn:aws:iam::123456789012:user/x' }, homeRegion: 'us-east-1', regions: ['us-east-1'], options: {}, warnings: [] },
    summary: { overall: 'FAIL', controls: {}, checks: {}, calls: { calls: 1, deduplicated: 0, retries: 0, throttled: 0, errors: 0 } },
    controls: [
      { id: 'A.12', title: 't', group: 'g', description: '', officialReferences: ['A.6.2.8'], otherStandards: [], flag: 'ABSENT', crosswalkNote: '', status: 'FAIL', reason: '', checks: [
        check('Amazon S3 with Object Lock', 'FAIL', [
          { id: 'arn:aws:s3:::legacy-logs', region: 'us-east-1', status: 'FAIL', reason: 'no object lock' },
          { id: 'arn:aws:s3:::new-logs', region: 'us-east-1', status: 'PASS', reason: 'locked' },
        ]),
        check('AWS CloudTrail', 'PASS'),
      ] },
      { id: 'A.14', title: 't', group: 'g', description: '', officialReferences: ['A.10.3'], otherStandards: [], flag: 'ABSENT', crosswalkNote: '', status: 'MANUAL', reason: '', checks: [check('AWS Marketplace', 'MANUAL')] },
      { id: 'A.9', title: 't', group: 'g', description: '', officialReferences: ['A.2.3'], otherStandards: [], flag: 'MOVED', crosswalkNote: '', status: 'FAIL', reason: '', checks: [check('AWS KMS', 'FAIL')] },
    ],
    inventory: {},
  };
  return r as unknown as Report;
}

const waiver = { control: 'A.12', service: 'Amazon S3 with Object Lock', resource: 'arn:aws:s3:::legacy-*', reason: 'migration SEC-12', owner: 'alice', expires: '2027-03-31' };
const attestation = { control: 'A.14', service: 'AWS Marketplace', evidence: 'procurement vets models, POL-12', owner: 'bob', date: '2026-10-01', expires: '2027-10-01' };

describe('waivers and attestations', () => {
  it('a resource waiver turns the FAIL into WAIVED with who and why, and the report still validates', () => {
    const r = applyGovernance(report(), { waivers: [waiver] }, NOW);
    const s3 = r.controls[0].checks[0];
    expect(s3.status).toBe('WAIVED');
    expect(s3.originalStatus).toBe('FAIL');
    expect(s3.resources[0]).toMatchObject({ status: 'WAIVED', originalStatus: 'FAIL', waiver: { owner: 'alice', reason: 'migration SEC-12' } });
    expect(s3.reason).toMatch(/^waived by alice until 2027-03-31: migration SEC-12/);
    expect(r.controls[0].status).toBe('WAIVED');
    expect(r.scan.governance!.waivers).toEqual({ applied: 1, expired: [], stale: [] });
    expect(validateReport(r)).toEqual([]);
  });

  it('a waived FAIL does not fail the exit code', () => {
    const both = applyGovernance(report(), { waivers: [waiver, { control: 'A.9', reason: 'accepted risk RSK-3', owner: 'carol', expires: '2027-01-01' }] }, NOW);
    expect(both.controls.map((c) => c.status)).toEqual(['WAIVED', 'MANUAL', 'WAIVED']);
    expect(exitCodeFor(both)).toBe(0);
    expect(exitCodeFor(report())).toBe(1);
  });

  it('an expired waiver is ignored and reported as expired', () => {
    const r = applyGovernance(report(), { waivers: [{ ...waiver, expires: '2026-11-26' }] }, NOW);
    expect(r.controls[0].checks[0].status).toBe('FAIL');
    expect(r.scan.governance!.waivers.expired[0]).toMatch(/expired 2026-11-26, owner alice/);
    expect(exitCodeFor(r)).toBe(1);
  });

  it('a waiver that matches nothing is reported as stale', () => {
    const r = applyGovernance(report(), { waivers: [{ ...waiver, resource: 'arn:aws:s3:::gone-*' }, { control: 'A.12', service: 'AWS CloudTrail', reason: 'x', owner: 'o', expires: '2027-01-01' }] }, NOW);
    expect(r.scan.governance!.waivers.stale).toEqual(['control A.12, service Amazon S3 with Object Lock, resource arn:aws:s3:::gone-*', 'control A.12, service AWS CloudTrail']);
    expect(r.controls[0].checks[1].status).toBe('PASS');
  });

  it('an attestation answers a MANUAL as ATTESTED with its evidence — never PASS', () => {
    const r = applyGovernance(report(), { attestations: [attestation] }, NOW);
    const m = r.controls[1].checks[0];
    expect(m.status).toBe('ATTESTED');
    expect(m.attestation).toEqual({ owner: 'bob', evidence: 'procurement vets models, POL-12', date: '2026-10-01', expires: '2027-10-01' });
    expect(r.controls[1].status).toBe('ATTESTED');
    expect(r.summary.checks.PASS).toBe(report().controls.flatMap((c) => c.checks).filter((c) => c.status === 'PASS').length);
    expect(validateReport(r)).toEqual([]);
  });

  it('an attestation never touches a FAIL', () => {
    const r = applyGovernance(report(), { attestations: [{ ...attestation, control: 'A.9', service: 'AWS KMS' }] }, NOW);
    expect(r.controls[2].checks[0].status).toBe('FAIL');
    expect(r.scan.governance!.attestations.stale).toHaveLength(1);
  });
});
