import { describe, expect, it } from 'vitest';
import { F, T, U, type Cause, type Tri } from '../../src/engine/evidence.js';
import { DEFAULT_SETTINGS, type EvalContext } from '../../src/engine/probe.js';
import { gated, manualEither, noteUnread, unused } from '../../checks/rules/workload-gate.js';

const cause: Cause = { action: 'x:List', region: 'us-east-1', kind: 'denied', detail: 'access denied' };
const values: Record<'T' | 'F' | 'U', Tri> = { T: T('yes'), F: F('no'), U: U([cause]) };
const words = { pass: () => 'p', fail: () => 'f', code: 'NOT_IN_USE' as const, na: 'na', condition: 'AI workloads' };
const ctx = (policy: 'manual' | 'fail' | 'na'): EvalContext => ({ control: 'X', region: 'us-east-1', accountId: '1', partition: 'aws', now: new Date(0), settings: { ...DEFAULT_SETTINGS, optionalServicePolicy: policy } });

describe('workload gate', () => {
  it('gated is monotone: wherever an input is unknown, the verdict is ERROR or the one every completion gives', () => {
    for (const a of ['T', 'F', 'U'] as const) {
      for (const s of ['T', 'F', 'U'] as const) {
        const v = gated(values[a], values[s], words).status;
        const completions = new Set((a === 'U' ? ['T', 'F'] : [a]).flatMap((a2) => (s === 'U' ? ['T', 'F'] : [s]).map((s2) => gated(values[a2 as 'T'], values[s2 as 'T'], words).status)));
        if (v !== 'ERROR') expect([...completions]).toEqual([v]);
        else expect(completions.size).toBeGreaterThan(1);
      }
    }
  });

  it('unused: NOT_APPLICABLE / policy / ERROR, and NOT_APPLICABLE under policy na even when the condition is unknown', () => {
    const w = { na: 'na', unused: 'unused', condition: 'AI workloads' };
    expect(unused(ctx('manual'), values.F, w).status).toBe('NOT_APPLICABLE');
    expect(unused(ctx('manual'), values.T, w).status).toBe('MANUAL');
    expect(unused(ctx('fail'), values.T, w).status).toBe('FAIL');
    expect(unused(ctx('manual'), values.U, w).status).toBe('ERROR');
    expect(unused(ctx('na'), values.U, w).status).toBe('NOT_APPLICABLE');
  });

  it('manualEither only under the manual policy', () => {
    expect(manualEither(ctx('manual'), values.U, 'r')?.status).toBe('MANUAL');
    expect(manualEither(ctx('fail'), values.U, 'r')).toBeUndefined();
    expect(manualEither(ctx('manual'), values.T, 'r')).toBeUndefined();
  });

  it('noteUnread names the unread calls of a decided verdict, never of an ERROR', () => {
    expect(noteUnread({ status: 'PASS', reason: 'ok' }, { items: [], complete: false, causes: [cause] }).warnings?.[0]).toMatch(/x:List in us-east-1/);
    expect(noteUnread({ status: 'ERROR', reason: 'e' }, { items: [], complete: false, causes: [cause] }).warnings).toBeUndefined();
    expect(noteUnread({ status: 'PASS', reason: 'ok' }, { items: [], complete: true, causes: [] }).warnings).toBeUndefined();
  });
});
