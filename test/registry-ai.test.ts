// Issue 3's registry checks: every document mapping of the SageMaker/AI services resolves to a
// probe, the Bedrock extensions sit on the controls probes.md §3.3 names, and every call the AI
// probes declare is read-only.
import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../checks/catalog.js';
import { AI_EXTENSIONS, AI_PROBES } from '../checks/groups/ai.js';
import { defaultRegistry } from '../checks/registry.js';
import { READ_ONLY_OPERATION } from '../src/aws/ops.js';
import { declaredCalls } from '../src/engine/probe.js';

/** The table: document service name → the controls the document maps it to. */
const TABLE: Record<string, string[]> = {
  'Amazon SageMaker Model Monitor': ['6.1.2', '9.1', 'A.5'],
  'Amazon SageMaker Clarify': ['A.2', 'A.7', 'A.8'],
  'Amazon SageMaker Model Cards': ['A.2', 'A.8'],
  'Amazon SageMaker Data Wrangler': ['A.3'],
  'Amazon SageMaker Ground Truth': ['A.3'],
  'Amazon SageMaker': ['A.4'],
  'Amazon SageMaker Pipelines': ['A.4', 'A.13'],
  'Amazon SageMaker Experiments': ['A.5'],
  'Amazon SageMaker Endpoints': ['A.6'],
  'Amazon A2I (Augmented AI)': ['A.7'],
  'Amazon SageMaker Model Registry': ['A.13'],
  'Amazon SageMaker JumpStart': ['A.14'],
  'Amazon SageMaker Multi-AZ': ['A.15'],
};

const EXTENSIONS: Record<string, string[]> = {
  'bedrock-invocation-logging': ['A.11', 'A.12'],
  'bedrock-guardrails': ['A.10', 'A.7', 'A.9'],
  // Issue 19: the AI-workload review's checks.
  'bedrock-customer-managed-keys': ['A.9'],
  'bedrock-agent-guardrails': ['A.7', 'A.9'],
  'cloudtrail-ai-data-events': ['A.12'],
  'guardduty-s3-protection': ['A.11', 'A.9'],
  'iam-ai-full-access': ['A.9'],
  'bedrock-api-keys': ['A.9'],
  's3-ai-secure-transport': ['A.9'],
  's3-ai-customer-managed-keys': ['A.9'],
};

describe('AI registry', () => {
  const registry = defaultRegistry();

  it.each(Object.entries(TABLE))('%s: every document mapping resolves to its probe', (service, controls) => {
    const mappedTo = CONTROLS.filter((c) => c.mappings.some((m) => m.service === service)).map((c) => c.id);
    expect(mappedTo).toEqual(controls);
    const probe = registry.probeFor(service);
    expect(probe, `no probe for ${service}`).toBeDefined();
    expect(probe!.service).toBe(service);
    expect(AI_PROBES).toContain(probe);
    for (const id of controls) expect(registry.probesFor([id]).map((p) => p.id)).toContain(probe!.id);
  });

  it('leaves no document mapping of these services without a probe', () => {
    const unresolved = CONTROLS.flatMap((c) => c.mappings.filter((m) => m.service in TABLE && !registry.probeFor(m.service)).map((m) => `${c.id} ${m.service}`));
    expect(unresolved).toEqual([]);
    expect(AI_PROBES.map((p) => p.service).sort()).toEqual(Object.keys(TABLE).sort());
  });

  it('attaches the Bedrock extensions to exactly the controls of probes.md §3.3, once per (control, probe)', () => {
    const got: Record<string, string[]> = {};
    for (const e of AI_EXTENSIONS) (got[e.probe.id] ??= []).push(e.control);
    for (const k of Object.keys(got)) got[k].sort();
    expect(got).toEqual(EXTENSIONS);
    for (const [id, controls] of Object.entries(EXTENSIONS)) {
      for (const c of CONTROLS.map((x) => x.id)) {
        const attached = registry.extensionsFor(c).some((p) => p.id === id);
        expect(attached, `${id} on ${c}`).toBe(controls.includes(c));
      }
    }
    const docServices = new Set(CONTROLS.flatMap((c) => c.mappings.map((m) => m.service)));
    for (const e of AI_EXTENSIONS) expect(docServices.has(e.probe.service), e.probe.service).toBe(false);
  });

  it('declares only List/Describe/Get/Search/BatchGet operations', () => {
    const probes = [...AI_PROBES, ...AI_EXTENSIONS.map((e) => e.probe)];
    const offending = probes.flatMap((p) => declaredCalls(p).filter((o) => !READ_ONLY_OPERATION.test(o.operation)).map((o) => `${p.id}: ${o.service}:${o.operation}`));
    expect(offending).toEqual([]);
    expect(READ_ONLY_OPERATION.test('PutModelInvocationLoggingConfiguration')).toBe(false);
    expect(READ_ONLY_OPERATION.test('InvokeEndpoint')).toBe(false);
  });

  it('gives every AI probe a remediation line and an id matching its file', () => {
    for (const p of [...AI_PROBES, ...AI_EXTENSIONS.map((e) => e.probe)]) {
      expect(p.remediation.length, p.id).toBeGreaterThan(40);
      expect(p.remediation.includes('\n'), p.id).toBe(false);
      expect(p.id).toMatch(/^[a-z0-9-]+$/);
    }
  });
});
