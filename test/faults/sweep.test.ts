// The denied-action sweep (issue 15) over the demo account: each IAM action the recording used,
// denied everywhere, costs at most a few decisive verdicts, never a false PASS, a flipped verdict,
// a lost result or an ERROR that does not name the denied action.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { parseRecording } from '../../src/aws/recording.js';
import { actionsOf, renderSweep, runDeniedSweep, SWEEP_TARGETS, sweepViolations } from '../../src/faults/denied-sweep.js';

const demo = parseRecording(readFileSync(join(__dirname, '..', '..', 'demo', 'account', 'calls.jsonl'), 'utf8'));

describe('denied-action sweep', () => {
  it('covers every action the demo recording uses and meets the targets with no violation', async () => {
    const sweep = await runDeniedSweep({ recording: demo, registry: defaultRegistry(), crosswalk: crosswalkLookup });
    expect(sweep.rows.length).toBe(actionsOf(demo).size);
    expect(sweep.rows.length).toBeGreaterThan(150);
    expect(sweep.decisive).toBeGreaterThan(60);
    const problems = sweepViolations(sweep);
    expect(problems, renderSweep(sweep)).toEqual([]);
    expect(sweep.mean).toBeLessThanOrEqual(SWEEP_TARGETS.mean);
    expect(sweep.max).toBeLessThanOrEqual(SWEEP_TARGETS.max);
  }, 180_000);

  it('can fail: a denied action that loses verdicts is counted and named', async () => {
    const sweep = await runDeniedSweep({ recording: demo, registry: defaultRegistry(), crosswalk: crosswalkLookup, actions: ['sagemaker:ListEndpoints'] });
    expect(sweep.rows).toHaveLength(1);
    // Endpoints are what Model Monitor judges: without the list, its verdict is undecided.
    expect(sweep.rows[0].lost).toEqual(expect.arrayContaining(['9.1 / Amazon SageMaker Model Monitor']));
    expect(sweep.rows[0].unnamed).toEqual([]);
  }, 60_000);
});
