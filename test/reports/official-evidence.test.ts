// Issue 16 item 4: the official ISO/IEC 42001 view and soa.csv take a requirement's verdict only
// from the checks that are evidence for it (checks/official-evidence.ts). The table covers every
// probe and extension, uses only official IDs, and gives a rationale per line; Security Hub, root
// MFA and KMS rotation can no longer fail A.10.3, A.10.4 or 6.1.2.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNEX_A_CONTROLS, crosswalkLookup, isOfficialId, OFFICIAL_CLAUSES } from '../../checks/crosswalk.js';
import { linksFor, OFFICIAL_EVIDENCE, officialIdsFor } from '../../checks/official-evidence.js';
import { defaultRegistry, EXTENSIONS, PROBES } from '../../checks/registry.js';
import { renderControls, renderEvidenceMap } from '../../reports/controls.js';
import { buildOfficialView, NO_EVIDENCE, renderOfficialText } from '../../reports/official.js';
import { renderSoaCsv, SOA_COLUMNS, soaRows } from '../../reports/soa.js';
import type { Report } from '../../src/engine/report.js';
import { demoScan } from './demo-scan.js';

const out = mkdtempSync(join(tmpdir(), 'aims-official-'));
let demo: Report;

beforeAll(async () => {
  demo = (await demoScan(out)).report;
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const allProbes = () => [...new Map([...PROBES, ...EXTENSIONS.map((e) => e.probe)].map((p) => [p.id, p])).values()];

/** Document controls each probe runs for (mappings and extensions). */
function runsFor(): Map<string, string[]> {
  const reg = defaultRegistry();
  const m = new Map<string, string[]>();
  for (const id of reg.controlIds) {
    for (const p of reg.probesFor([id])) m.set(p.id, [...(m.get(p.id) ?? []), id]);
  }
  return m;
}

describe('checks/official-evidence.ts', () => {
  it('has an entry for every probe and extension, and none for an unknown probe', () => {
    const ids = allProbes().map((p) => p.id).sort();
    expect(ids.length).toBe(62);
    expect(Object.keys(OFFICIAL_EVIDENCE).sort()).toEqual(ids);
  });

  it('uses only IDs of the standard (clauses 4–10, the 38 Annex A controls), each once per check', () => {
    expect(ANNEX_A_CONTROLS).toHaveLength(38);
    for (const [probe, e] of Object.entries(OFFICIAL_EVIDENCE)) {
      const seen = new Set<string>();
      for (const l of e.links) {
        expect(isOfficialId(l.official), `${probe} → ${l.official}`).toBe(true);
        expect(seen.has(l.official), `${probe} repeats ${l.official}`).toBe(false);
        seen.add(l.official);
      }
    }
    // The document's own Annex A numbers are not official controls: none may slip in.
    for (const bad of ['A.2', 'A.9', 'A.10', 'A.11', 'A.12', 'A.13', 'A.14', 'A.15', 'A.9.1', 'A.11.1']) expect(isOfficialId(bad), bad).toBe(false);
  });

  it('gives a one-line rationale per mapping and a note per check (which says why when there is no mapping)', () => {
    for (const [probe, e] of Object.entries(OFFICIAL_EVIDENCE)) {
      expect(e.note.trim().length, probe).toBeGreaterThan(20);
      expect(e.note, probe).not.toMatch(/\n/);
      for (const l of e.links) {
        expect(l.why.trim().length, `${probe} → ${l.official}`).toBeGreaterThan(30);
        expect(l.why.length, `${probe} → ${l.official}`).toBeLessThan(300);
        expect(l.why, probe).not.toMatch(/\n/);
      }
    }
  });

  it('scopes a mapping (via) only to document controls the check actually runs for', () => {
    const runs = runsFor();
    for (const [probe, e] of Object.entries(OFFICIAL_EVIDENCE)) {
      for (const l of e.links) for (const v of l.via ?? []) expect(runs.get(probe), `${probe} via ${v}`).toContain(v);
    }
  });

  it('maps baseline security checks to no ISO/IEC 42001 requirement, saying why', () => {
    for (const p of ['security-hub', 'iam', 'kms', 'secrets-manager', 'privatelink']) {
      expect(OFFICIAL_EVIDENCE[p].links, p).toEqual([]);
      expect(OFFICIAL_EVIDENCE[p].note, p).toMatch(/ISO\/IEC 27001/);
    }
    expect(officialIdsFor('security-hub', 'A.14')).toEqual([]);
    expect(officialIdsFor('cloudtrail', 'A.12')).toEqual(['A.6.2.8']);
    // A mapping scoped to one variant of a check does not apply to the others.
    expect(linksFor('bedrock-guardrails', 'A.7').map((l) => l.official)).toEqual(['A.9.4']);
    expect(linksFor('bedrock-guardrails', 'A.9')).toEqual([]);
  });
});

describe('official view: only supporting checks set a verdict', () => {
  /** The demo with every check passing except the baseline security ones, which fail. */
  function securityFails(): Report {
    const r = structuredClone(demo);
    for (const c of r.controls) {
      for (const k of c.checks) {
        const sec = ['security-hub', 'iam', 'kms'].includes(k.probe ?? '');
        k.status = sec ? 'FAIL' : 'PASS';
        k.reason = sec ? { 'security-hub': 'eu-west-1: Security Hub is not enabled', iam: 'root user: no MFA', kms: 'key k1: automatic rotation off' }[k.probe!]! : 'ok';
      }
      c.status = c.checks.some((k) => k.status === 'FAIL') ? 'FAIL' : 'PASS';
    }
    return r;
  }

  it('regression: Security Hub off in one region no longer fails A.10.3 Suppliers or A.10.4 Customers; root MFA and KMS rotation no longer fail 6.1.2', () => {
    const r = securityFails();
    // Through the crosswalk alone these would fail: the document controls that reference them do.
    expect(r.controls.find((c) => c.id === 'A.14')!.status).toBe('FAIL');
    expect(r.controls.find((c) => c.id === 'A.9')!.status).toBe('FAIL');
    expect(r.controls.find((c) => c.id === '6.1.2')!.status).toBe('FAIL');
    const view = buildOfficialView(r);
    const row = (id: string) => [...view.clauses, ...view.annexA].find((x) => x.id === id)!;
    for (const id of ['A.10.3', 'A.10.4', '6.1.2', '6.1.3', 'A.2.3']) {
      expect(row(id).evidenceStatus, id).not.toBe('FAIL');
      expect(row(id).checks.map((k) => k.probe), id).not.toEqual(expect.arrayContaining(['security-hub']));
      for (const p of ['security-hub', 'iam', 'kms']) expect(row(id).checks.some((k) => k.probe === p), `${id} ← ${p}`).toBe(false);
    }
    expect(row('A.10.3').evidenceStatus).toBe('PASS');
    expect(row('A.10.3').checks.map((k) => k.probe).sort()).toEqual(['artifact', 'marketplace', 'sagemaker-jumpstart']);
    expect(row('A.10.4').checks).toEqual([]);
    expect(row('A.10.4').summary).toBe(NO_EVIDENCE);
    expect(row('6.1.2').checks).toEqual([]);
    // The crosswalk is still shown, as context.
    expect(row('A.10.3').crosswalk.map((x) => x.documentId)).toEqual(['A.14']);
    // No official row fails at all: only the unsupporting checks fail.
    for (const x of [...view.clauses, ...view.annexA]) expect(x.evidenceStatus, x.id).not.toBe('FAIL');

    // soa.csv agrees: no failing check on A.10.3/A.10.4, and no row names Security Hub, IAM or KMS.
    const rows = soaRows(r, { view });
    for (const s of rows) expect(s.failing_checks, s.control).toBe('');
    expect(renderSoaCsv(r)).not.toMatch(/Security Hub|AWS IAM|AWS KMS/);
  });

  it('a supporting check that fails does fail its requirement, and says which and why', () => {
    const r = securityFails();
    const logs = r.controls.find((c) => c.id === 'A.12')!.checks.find((k) => k.probe === 'cloudwatch-logs')!;
    logs.status = 'FAIL';
    logs.reason = '1 of 2 AI log group(s) kept less than 365 days';
    const view = buildOfficialView(r);
    const a628 = view.annexA.find((x) => x.id === 'A.6.2.8')!;
    expect(a628.evidenceStatus).toBe('FAIL');
    expect(a628.checks.map((k) => k.probe).sort()).toEqual(['bedrock-invocation-logging', 'cloudtrail', 'cloudtrail-ai-data-events', 'cloudwatch-logs', 's3-object-lock']);
    const k = a628.checks.find((x) => x.probe === 'cloudwatch-logs')!;
    expect(k.status).toBe('FAIL');
    expect(k.why).toMatch(/retained/);
    expect(a628.checks.find((x) => x.probe === 'bedrock-invocation-logging')!.extension).toBe(true);
    const soa = soaRows(r, { view }).find((x) => x.control === 'A.6.2.8')!;
    expect(soa.aws_evidence_status).toBe('FAIL');
    expect(soa.failing_checks).toBe('Amazon CloudWatch Logs [A.12] FAIL: 1 of 2 AI log group(s) kept less than 365 days');
    expect(soa.supporting_checks).toContain('AWS CloudTrail: PASS — ');
    expect(soa.supporting_checks).toContain('Amazon Bedrock model invocation logging (extension): PASS');
  });

  it('counts only the variants a mapping names (guardrails: A.7 for A.9.4, not its A.9 or A.10 results)', () => {
    const r = structuredClone(demo);
    for (const c of r.controls) for (const k of c.checks) if (k.probe === 'bedrock-guardrails' || k.probe === 'bedrock-agent-guardrails') k.status = c.id === 'A.7' ? 'PASS' : 'FAIL';
    const a94 = buildOfficialView(r).annexA.find((x) => x.id === 'A.9.4')!;
    expect(a94.checks.map((k) => k.probe).sort()).toEqual(['bedrock-agent-guardrails', 'bedrock-guardrails']);
    for (const k of a94.checks) expect(k.results.map((x) => x.documentId)).toEqual(['A.7']);
    expect(a94.evidenceStatus).toBe('PASS');
  });

  it('shows every requirement with its supporting checks and their rationale (view text, controls --evidence, controls)', () => {
    const view = buildOfficialView(demo);
    expect(view.clauses.map((x) => x.id)).toEqual(OFFICIAL_CLAUSES.map((c) => c.id));
    const text = renderOfficialText(view);
    for (const [, e] of Object.entries(OFFICIAL_EVIDENCE)) for (const l of e.links) expect(text).toContain(l.why);
    const map = renderEvidenceMap(defaultRegistry(), 'table');
    for (const [probe, e] of Object.entries(OFFICIAL_EVIDENCE)) {
      expect(map).toContain(`[${probe}]`);
      expect(map).toContain(e.note);
    }
    const table = renderControls(defaultRegistry(), crosswalkLookup, 'table');
    expect(table).toMatch(/- AWS Security Hub {2}→ evidence for no ISO\/IEC 42001 requirement/);
    expect(table).toMatch(/- AWS CloudTrail {2}→ evidence for A\.6\.2\.8/);
  });

  it('soa.csv has the evidence in its own columns', () => {
    expect([...SOA_COLUMNS]).toEqual(['control', 'title', 'objective', 'applicable', 'justification', 'aws_evidence_status', 'supporting_checks', 'failing_checks', 'attestations', 'waivers', 'document_controls']);
  });
});
