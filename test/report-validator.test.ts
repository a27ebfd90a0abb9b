// The report validator is compiled ahead of time from the schema: it must match the schema as it
// is now, and still refuse what the schema refuses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateReport, VALIDATOR_PATH } from '../reports/json.js';
// @ts-expect-error plain .mjs build script
import { generate } from '../scripts/gen-report-validator.mjs';

describe('precompiled report validator', () => {
  it('is what the generator makes from today’s schema (run node scripts/gen-report-validator.mjs after a schema change)', () => {
    expect(readFileSync(VALIDATOR_PATH, 'utf8')).toBe((generate as () => string)());
  });

  it('refuses a report the schema refuses, with readable lines', () => {
    const problems = validateReport({ schemaVersion: '1.0.0', tool: {}, controls: 'none' });
    expect(problems.length).toBeGreaterThan(1);
    expect(problems.join('\n')).toMatch(/must have required property 'scan'/);
    expect(validateReport({ schemaVersion: '1.0.0', tool: {}, scan: { startedAt: 'yesterday' } }).join('\n')).toMatch(/required|format/);
  });
});
