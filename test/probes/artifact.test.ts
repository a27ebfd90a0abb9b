import { describe, expect, it } from 'vitest';
import probe from '../../checks/probes/artifact.js';
import { runProbe } from '../helpers.js';

describe('AWS Artifact probe', () => {
  it('is always MANUAL with an attestation request, says no API evidence is collected, and makes no call', async () => {
    const { check, access } = await runProbe(probe, { control: 'A.14', regions: ['us-east-1', 'eu-west-1'] });
    expect(check.status).toBe('MANUAL');
    expect(check.code).toBeUndefined();
    expect(check.reason).toMatch(/^no API evidence collected \(the AWS Artifact SDK client is not available to this scanner\)/);
    expect(check.reason).toMatch(/ISO\/IEC 42001/);
    expect(check.reason).toMatch(/SOC 2/);
    expect(check.reason).toMatch(/ISO\/IEC 27001/);
    expect(check.reason).toMatch(/agreements accepted/);
    expect(check.remediation).toMatch(/^Download from AWS Artifact/);
    expect(check.regions.map((r) => r.region)).toEqual(['global']);
    expect(check.evidence).toEqual([]);
    expect(access.recordedCalls()).toEqual([]);
    expect(probe.calls).toEqual([]);
  });
});
