// ASFF shape: every required field, the limits, the mapping of statuses, the official
// ISO/IEC 42001:2023 references, and hostile account data kept as cut, clean data.
import { describe, expect, it } from 'vitest';
import { renderAsff } from '../../reports/asff.js';
import {
  buildFindings,
  cutWords,
  findingBytes,
  findingId,
  fitFinding,
  inScope,
  LIMITS,
  normalizeFinding,
  parseFindingId,
  scanScope,
  type Finding,
} from '../../src/securityhub/findings.js';
import { ACCOUNT, check, control, endpointArn, HOME, report, resourceCheck } from './fixture.js';

const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`;
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function sample() {
  return report([
    control('A.12', [
      // Global check judging resources (CloudTrail trail), one without a region.
      check('AWS CloudTrail', { probe: 'cloudtrail', status: 'PASS', severity: 'critical', regions: [{ region: 'global', status: 'PASS', reason: 'trail logging' }], resources: [{ id: TRAIL, status: 'PASS', reason: 'multi-region, logging' }] }),
      // Account-level regional check: one finding per region.
      check('AWS Config', { status: 'FAIL', severity: 'medium', regions: [{ region: 'eu-west-1', status: 'FAIL', reason: 'no recorder' }, { region: 'us-east-1', status: 'PASS', reason: 'recording' }] }),
    ]),
    control('A.6', [
      {
        ...resourceCheck('Amazon SageMaker', [
          { id: endpointArn('churn'), region: HOME, status: 'FAIL', reason: 'endpoint churn: no data capture' },
          { id: endpointArn('fraud'), region: HOME, status: 'PASS', reason: 'endpoint fraud: capture on' },
        ]),
        probe: 'sagemaker-model-monitor',
      },
      check('AWS KMS', { status: 'MANUAL', severity: 'low', regions: [{ region: 'eu-west-1', status: 'MANUAL', reason: 'attest key policy' }], resources: [{ id: KEY, region: 'eu-west-1', status: 'MANUAL', reason: 'attest key policy' }] }),
      check('Amazon Bedrock', { status: 'NOT_APPLICABLE', regions: [{ region: 'us-east-1', status: 'NOT_APPLICABLE', reason: 'no Bedrock use' }] }),
      check('AWS X-Ray', { status: 'ERROR', severity: 'medium', regions: [{ region: 'us-east-1', status: 'ERROR', reason: 'access denied (xray:GetGroups)' }, { region: 'eu-west-1', status: 'SKIPPED', reason: 'not offered' }] }),
    ]),
  ]);
}

const REQUIRED = ['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'Types', 'CreatedAt', 'UpdatedAt', 'Severity', 'Title', 'Description', 'Resources'] as const;

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push(k), strings(x, out));
  return out;
}

function byService(fs: Finding[], service: string): Finding[] {
  return fs.filter((f) => f.ProductFields?.['aims-scan/service'] === service);
}

describe('ASFF findings from a report', () => {
  it('gives every finding the required fields in the 2018-10-08 format', () => {
    const fs = buildFindings(sample());
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) {
      for (const k of REQUIRED) expect(f[k], `${k} of ${f.Id}`).toBeTruthy();
      expect(f.SchemaVersion).toBe('2018-10-08');
      const region = f.Resources![0].Region!;
      expect(f.ProductArn).toBe(`arn:aws:securityhub:${region}:${ACCOUNT}:product/${ACCOUNT}/default`);
      expect(f.Id).toMatch(new RegExp(`^aims-scan/${ACCOUNT}/${region}/A\\.(12|6)/[a-z0-9-]+/[0-9a-f]{16}$`));
      expect(f.Id!.length).toBeLessThanOrEqual(512);
      expect(f.GeneratorId).toMatch(/^aims-scan\/[a-z0-9-]+$/);
      expect(f.AwsAccountId).toBe(ACCOUNT);
      expect(f.Types).toEqual(['Software and Configuration Checks/Industry and Regulatory Standards/ISO 42001 Controls']);
      expect(f.Types![0].split('/')).toHaveLength(3);
      expect(f.FindingProviderFields?.Types).toEqual(f.Types);
      expect(f.FindingProviderFields?.Severity?.Label).toBe(f.Severity?.Label);
      expect(f.ProductName).toBe('aims-scan');
      expect(f.CompanyName).toBe('aims-scan');
      expect(f.RecordState).toBe('ACTIVE');
      expect(Date.parse(f.CreatedAt!)).not.toBeNaN();
      expect(f.Title!.length).toBeLessThanOrEqual(256);
      expect(f.Description!.length).toBeLessThanOrEqual(1024);
      expect(f.Remediation?.Recommendation?.Text?.length).toBeGreaterThan(0);
      expect(f.Remediation!.Recommendation!.Text!.length).toBeLessThanOrEqual(512);
      expect(f.Resources!.length).toBeGreaterThanOrEqual(1);
      expect(f.Resources!.length).toBeLessThanOrEqual(32);
      for (const r of f.Resources!) expect(r.Type && r.Id && r.Partition === 'aws' && r.Region).toBeTruthy();
      const pf = f.ProductFields!;
      expect(Object.keys(pf).length).toBeLessThanOrEqual(50);
      for (const v of Object.values(pf)) expect(typeof v).toBe('string');
      expect(pf['aims-scan/version']).toBe('0.1.0');
      expect(pf['aims-scan/controlId']).toMatch(/^A\.(12|6)$/);
    }
  });

  it('maps statuses to Compliance.Status and severity, leaving MANUAL and NOT_APPLICABLE out unless asked', () => {
    const fs = buildFindings(sample());
    const config = byService(fs, 'AWS Config');
    expect(config.map((f) => [f.Resources![0].Region, f.Compliance?.Status, f.Severity?.Label]).sort()).toEqual([
      ['eu-west-1', 'FAILED', 'MEDIUM'],
      ['us-east-1', 'PASSED', 'INFORMATIONAL'],
    ]);
    // ERROR → NOT_AVAILABLE; a SKIPPED region gives no finding.
    expect(byService(fs, 'AWS X-Ray').map((f) => [f.Resources![0].Region, f.Compliance?.Status])).toEqual([['us-east-1', 'NOT_AVAILABLE']]);
    expect(byService(fs, 'AWS KMS')).toEqual([]);
    expect(byService(fs, 'Amazon Bedrock')).toEqual([]);
    const all = buildFindings(sample(), { includeManual: true });
    expect(byService(all, 'AWS KMS').map((f) => f.Compliance?.Status)).toEqual(['WARNING']);
    expect(byService(all, 'Amazon Bedrock').map((f) => f.Compliance?.Status)).toEqual(['NOT_AVAILABLE']);
    // Only PASS becomes PASSED.
    for (const f of all) if (f.Compliance?.Status === 'PASSED') expect(f.ProductFields!['aims-scan/status']).toBe('PASS');
  });

  it('one finding per judged resource, typed from its ARN; account-level checks are AwsAccount per region; global checks report at home', () => {
    const fs = buildFindings(sample());
    const sm = byService(fs, 'Amazon SageMaker');
    expect(sm.map((f) => f.Resources![0].Id).sort()).toEqual([endpointArn('churn'), endpointArn('fraud')]);
    expect(sm.every((f) => f.Resources![0].Type === 'Other')).toBe(true);
    expect(sm.find((f) => f.Resources![0].Id === endpointArn('churn'))!.Compliance!.Status).toBe('FAILED');
    const trail = byService(fs, 'AWS CloudTrail');
    expect(trail).toHaveLength(1);
    expect(trail[0].Resources![0]).toEqual({ Type: 'AwsCloudTrailTrail', Id: TRAIL, Partition: 'aws', Region: 'us-east-1' });
    expect(trail[0].Severity!.Label).toBe('INFORMATIONAL');
    const cfg = byService(fs, 'AWS Config').find((f) => f.Resources![0].Region === 'eu-west-1')!;
    expect(cfg.Resources![0]).toEqual({ Type: 'AwsAccount', Id: `AWS::::Account:${ACCOUNT}`, Partition: 'aws', Region: 'eu-west-1' });
    const kms = byService(buildFindings(sample(), { includeManual: true }), 'AWS KMS');
    expect(kms[0].Resources![0].Type).toBe('AwsKmsKey');
    expect(kms[0].Resources![0].Region).toBe('eu-west-1');
  });

  it('does not hide a region-level FAIL behind passing resources', () => {
    const r = report([
      control('A.6', [
        check('Amazon SageMaker Model Monitor', {
          status: 'FAIL',
          regions: [{ region: HOME, status: 'FAIL', reason: 'no monitoring schedule in the region' }],
          resources: [{ id: endpointArn('a'), region: HOME, status: 'PASS', reason: 'endpoint a: capture on' }],
        }),
      ]),
    ]);
    const fs = buildFindings(r);
    expect(fs.map((f) => [f.Resources![0].Type, f.Compliance!.Status]).sort()).toEqual([
      ['AwsAccount', 'FAILED'],
      ['Other', 'PASSED'],
    ]);
  });

  it('carries the document control ID and the official ISO/IEC 42001:2023 references', () => {
    const fs = buildFindings(sample());
    const a12 = fs.find((f) => f.ProductFields!['aims-scan/controlId'] === 'A.12' && f.ProductFields!['aims-scan/service'] === 'AWS CloudTrail')!;
    // Only the official controls this check is evidence for (checks/official-evidence.ts), not every
    // reference of its document control: CloudTrail is evidence for event logs (A.6.2.8).
    expect(a12.Compliance!.RelatedRequirements).toEqual(['aims-scan document control A.12', 'ISO/IEC 42001:2023/A.6.2.8']);
    expect(a12.ProductFields!['aims-scan/crosswalkFlag']).toBe('ABSENT');
    expect(a12.Description).toContain('aims-scan document control A.12');
    expect(a12.Description).toContain('ISO/IEC 42001:2023 A.6.2.8, A.6.2.6');
    expect(a12.Title).toMatch(/— aims-scan control A\.12 ".+" \(ISO\/IEC 42001:2023 A\.6\.2\.8, A\.6\.2\.6\)$/);
    // The longest reference list (A.13) still fits the 256-character Title; AWS Config is a baseline
    // control with no official AI requirement of its own, so it is tagged with its document control only.
    const [a13] = buildFindings(report([control('A.13', [check('AWS Config', { status: 'FAIL', regions: [{ region: HOME, status: 'FAIL', reason: 'x' }] })])]));
    expect(a13.Compliance!.RelatedRequirements).toEqual(['aims-scan document control A.13']);
    expect(a13.Title!.length).toBeLessThanOrEqual(256);
    const a6 = fs.find((f) => f.ProductFields!['aims-scan/controlId'] === 'A.6')!;
    expect(a6.Compliance!.RelatedRequirements).toEqual(['aims-scan document control A.6', 'ISO/IEC 42001:2023/A.6.2.6']);
    // Issue 16: Security Hub off in a region under the document's A.14 is no evidence about Suppliers (A.10.3).
    const [a14] = buildFindings(report([control('A.14', [check('AWS Security Hub', { probe: 'security-hub', status: 'FAIL', regions: [{ region: HOME, status: 'FAIL', reason: 'Security Hub is not enabled' }] })])]));
    expect(a14.Compliance!.RelatedRequirements).not.toContain('ISO/IEC 42001:2023/A.10.3');
    // A control the standard does not number the same way is never labelled with its document ID as if official.
    for (const f of fs) expect(f.Compliance!.RelatedRequirements).not.toContain('ISO/IEC 42001:2023/A.12');
  });

  it('gives stable Ids: the same report twice, and a changed reason, give the same Ids', () => {
    const a = buildFindings(sample()).map((f) => f.Id);
    const changed = sample();
    changed.controls[1].checks[0].resources[0].reason = 'a different reason';
    changed.scan.finishedAt = '2026-12-01T00:00:00.000Z';
    expect(buildFindings(changed).map((f) => f.Id)).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
    expect(parseFindingId(a[0]!)).toMatchObject({ account: ACCOUNT });
    expect(findingId(ACCOUNT, HOME, 'A.12', 'AWS CloudTrail', TRAIL)).toBe(buildFindings(sample()).find((f) => f.Resources![0].Id === TRAIL)!.Id);
  });

  it('a waived FAIL stays FAILED (suppressed with the waiver), never PASSED', () => {
    const r = report([
      control('A.6', [
        check('Amazon SageMaker', {
          status: 'FAIL',
          regions: [{ region: HOME, status: 'FAIL', reason: '1 endpoint' }],
          resources: [{ id: endpointArn('legacy'), region: HOME, status: 'WAIVED', originalStatus: 'FAIL', reason: 'no data capture', waiver: { owner: 'ml-lead', reason: 'retiring in Q1', expires: '2027-03-31' } }],
        }),
      ]),
    ]);
    const [f] = buildFindings(r);
    expect(f.Compliance!.Status).toBe('FAILED');
    expect(f.Workflow!.Status).toBe('SUPPRESSED');
    expect(f.Severity!.Label).toBe('HIGH');
    expect(f.ProductFields!['aims-scan/waiver/owner']).toBe('ml-lead');
    expect(f.Description).toMatch(/Waived by ml-lead until 2027-03-31/);
  });

  it('cuts a long Description cleanly at a word boundary with an ellipsis, keeping the control context', () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const r = report([control('A.12', [check('AWS Config', { status: 'FAIL', regions: [{ region: HOME, status: 'FAIL', reason: words }] })])]);
    const [f] = buildFindings(r);
    const d = f.Description!;
    expect(d.length).toBeLessThanOrEqual(1024);
    expect(d.length).toBeGreaterThan(900);
    const cut = d.indexOf('…');
    expect(cut).toBeGreaterThan(0);
    const head = d.slice(0, cut);
    const full = `AWS Config failed: ${words}`;
    expect(full.startsWith(head)).toBe(true);
    expect(full[head.length]).toBe(' ');
    expect(d.slice(cut)).toMatch(/^… — aims-scan document control A\.12 .*ISO\/IEC 42001:2023 A\.6\.2\.8, A\.6\.2\.6; crosswalk ABSENT\.$/);
    expect(cutWords('short', 10)).toBe('short');
    expect(cutWords('alpha beta gamma delta', 12)).toBe('alpha beta…');
  });

  it('keeps hostile account data as data: no control characters, within every limit, never interpreted', () => {
    const huge = 'A'.repeat(100_000);
    const hostileId = `<script>alert(1)</script>\u0000\u001b[31m\u202e${'x'.repeat(5000)}`;
    const hostileReason = `=cmd|' /C calc'!A0 <img src=x onerror=alert(1)>\r\n\u0007bell ${'z '.repeat(50_000)}\ud800`;
    const r = report([
      control('A.6', [
        check('Amazon SageMaker', {
          status: 'FAIL',
          regions: [{ region: HOME, status: 'FAIL', reason: huge }],
          resources: [
            { id: hostileId, region: HOME, status: 'FAIL', reason: hostileReason },
            { id: huge, region: HOME, status: 'FAIL', reason: huge },
            { id: endpointArn('ok'), region: 'us-east-1\u0000<b>', status: 'FAIL', reason: 'fine' },
          ],
        }),
      ]),
    ]);
    r.controls[0].checks[0].remediation = `<script>${huge}</script>`;
    const fs = buildFindings(r);
    expect(fs).toHaveLength(3);
    for (const f of fs) {
      expect(findingBytes(f)).toBeLessThanOrEqual(LIMITS.findingBytes);
      expect(f.Title!.length).toBeLessThanOrEqual(256);
      expect(f.Description!.length).toBeLessThanOrEqual(1024);
      expect(f.Remediation!.Recommendation!.Text!.length).toBeLessThanOrEqual(512);
      expect(f.Resources![0].Id!.length).toBeLessThanOrEqual(2048);
      for (const v of Object.values(f.ProductFields!)) expect(v.length).toBeLessThanOrEqual(2048);
      for (const s of strings(f)) {
        // eslint-disable-next-line no-control-regex
        expect(s).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
        expect(s).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
      }
      // The Id never carries account data: it is a hash.
      expect(f.Id).toMatch(/^aims-scan\/\d{12}\/us-east-1\/A\.6\/amazon-sagemaker\/[0-9a-f]{16}$/);
    }
    const script = fs.find((f) => f.Resources![0].Id!.startsWith('<script>'))!;
    // Kept verbatim as a string (JSON is the only encoding), not escaped into something else nor dropped.
    expect(script.Resources![0].Id!.startsWith('<script>alert(1)</script>[31m')).toBe(true);
    expect(script.Description).toContain('<img src=x onerror=alert(1)>');
    expect(script.Description).toContain('=cmd|');
    // The file form parses back to exactly the findings.
    const file = renderAsff(r);
    expect(JSON.parse(file)).toEqual(fs);
    // A hostile region never becomes a finding's region.
    expect(fs.every((f) => f.Resources![0].Region === 'us-east-1')).toBe(true);
  });

  it('caps Resources at 32, RelatedRequirements at 32 and ProductFields at 50; shrinks or drops an oversize finding', () => {
    const base = buildFindings(sample())[0];
    const wide = normalizeFinding({
      ...base,
      Resources: Array.from({ length: 40 }, (_, i) => ({ Type: 'Other', Id: `r${i}`, Partition: 'aws', Region: HOME })),
      Compliance: { Status: 'FAILED', RelatedRequirements: Array.from({ length: 40 }, (_, i) => `req ${i}`) },
      ProductFields: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, 'v'])),
    });
    expect(wide.Resources).toHaveLength(32);
    expect(wide.Compliance!.RelatedRequirements).toHaveLength(32);
    expect(Object.keys(wide.ProductFields!)).toHaveLength(50);

    const fat = { ...base, ProductFields: { ...base.ProductFields, ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`pad${i}`, '\u{1F600}'.repeat(1024)])) } };
    expect(findingBytes(normalizeFinding(fat))).toBeGreaterThan(100_000);
    const fitted = fitFinding(fat, 100_000)!;
    expect(findingBytes(fitted)).toBeLessThanOrEqual(100_000);
    expect(fitted.ProductFields!['aims-scan/controlId']).toBe(base.ProductFields!['aims-scan/controlId']);
    expect(fitted.Id).toBe(base.Id);
    expect(fitFinding(base, 500)).toBeUndefined();
  });

  it('knows which earlier findings the scan speaks for', () => {
    const r = sample();
    const scope = scanScope(r);
    const id = (region: string, control: string, service: string, res = 'x') => ({ Id: findingId(ACCOUNT, region, control, service, res), AwsAccountId: ACCOUNT });
    expect(inScope(scope, id('eu-west-1', 'A.12', 'AWS Config'))).toBe(true);
    // Another control, another account, a region not scanned: never.
    expect(inScope(scope, id('eu-west-1', 'A.9', 'AWS Config'))).toBe(false);
    expect(inScope(scope, { Id: findingId('210987654321', 'eu-west-1', 'A.12', 'AWS Config', 'x'), AwsAccountId: '210987654321' })).toBe(false);
    expect(inScope(scope, id('ap-south-1', 'A.12', 'AWS Config'))).toBe(false);
    // Where the check could not be evaluated (ERROR, SKIPPED), earlier findings stay.
    expect(inScope(scope, id('us-east-1', 'A.6', 'AWS X-Ray'))).toBe(false);
    expect(inScope(scope, id('eu-west-1', 'A.6', 'AWS X-Ray'))).toBe(false);
    // A global check speaks for the whole account.
    expect(inScope(scope, id('ap-south-1', 'A.12', 'AWS CloudTrail'))).toBe(true);
    // Not this tool's Id.
    expect(inScope(scope, { Id: 'arn:aws:securityhub:us-east-1::finding/x', AwsAccountId: ACCOUNT })).toBe(false);
  });
});
