// The denied-action sweep (issue 15): for every IAM action a recorded scan used, deny that action
// everywhere, replay, and count the checks that lost a decisive verdict. A scan role that lacks one
// newer action should cost the verdicts that really need that action, not a third of the report.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplayTransport, type Recording } from '../aws/recording.js';
import type { Answer, CallRequest, Transport } from '../aws/transport.js';
import type { Registry } from '../engine/registry.js';
import type { CrosswalkLookup, Report } from '../engine/report.js';
import { DEFAULT_OPTIONS, scan, type ScanOptions } from '../scan.js';

/** Verdicts that decide something; ERROR does not. */
const DECISIVE = new Set(['PASS', 'FAIL', 'MANUAL', 'NOT_APPLICABLE', 'WAIVED', 'ATTESTED']);

export interface SweepRow {
  action: string;
  /** Checks (control / service) whose decisive verdict became ERROR (or SKIPPED everywhere). */
  lost: string[];
  /** Checks that became PASS although they were not PASS: must be none. */
  falsePass: string[];
  /** Checks whose decisive verdict changed into another decisive verdict: must be none. */
  flipped: string[];
  /** Checks missing from the report: must be none. */
  missingChecks: string[];
  /** Lost checks whose ERROR does not name the denied action: must be none. */
  unnamed: string[];
}

export interface SweepResult {
  rows: SweepRow[];
  decisive: number;
  mean: number;
  max: number;
}

class DenyAction implements Transport {
  readonly kind = 'replay' as const;
  constructor(
    private readonly inner: Transport,
    private readonly ops: Set<string>,
  ) {}

  async send(req: CallRequest): Promise<Answer> {
    if (!this.ops.has(`${req.service}:${req.operation}`)) return this.inner.send(req);
    return { error: { name: 'AccessDeniedException', message: 'User: arn:aws:sts::111122223333:assumed-role/scanner/ci is not authorized to perform this action', httpStatus: 403 }, attempts: 1 };
  }
}

type Check = Report['controls'][number]['checks'][number];

function checks(r: Report): Map<string, Check> {
  const m = new Map<string, Check>();
  for (const c of r.controls) for (const k of c.checks) m.set(`${c.id} / ${k.service}`, k);
  return m;
}

/** The IAM actions a recording used, each with the operations that need it. */
export function actionsOf(recording: Recording): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const c of recording.calls) {
    if (!c.action) continue; // STS GetCallerIdentity needs no permission
    const s = m.get(c.action) ?? new Set<string>();
    s.add(`${c.service}:${c.operation}`);
    m.set(c.action, s);
  }
  return new Map([...m].sort(([a], [b]) => a.localeCompare(b)));
}

export async function runDeniedSweep(input: { recording: Recording; registry: Registry; crosswalk: CrosswalkLookup; actions?: string[]; log?: (l: string) => void }): Promise<SweepResult> {
  const { recording } = input;
  const work = mkdtempSync(join(tmpdir(), 'aims-sweep-'));
  // The recorded scan's own regions and controls, as a replay of it asks (its header keeps them).
  const h = recording.header;
  const base: ScanOptions = { ...DEFAULT_OPTIONS, out: join(work, 'out'), homeRegion: h.homeRegion ?? 'us-east-1', now: new Date(h.startedAt), regions: h.regions, controls: h.controls, settings: h.settings as ScanOptions['settings'] };
  const deps = { registry: input.registry, crosswalk: input.crosswalk };
  try {
    const before = checks((await scan({ ...base, transport: new ReplayTransport(recording) }, deps)).report);
    const decisive = [...before.values()].filter((c) => DECISIVE.has(c.status)).length;
    const rows: SweepRow[] = [];
    const all = actionsOf(recording);
    for (const [action, ops] of all) {
      if (input.actions && !input.actions.includes(action)) continue;
      // EC2 DescribeRegions plans the scan: denied, the scan plans from the recording header instead.
      const after = checks((await scan({ ...base, transport: new DenyAction(new ReplayTransport(recording), ops) }, deps)).report);
      const row: SweepRow = { action, lost: [], falsePass: [], flipped: [], missingChecks: [], unnamed: [] };
      for (const [key, was] of before) {
        const now = after.get(key);
        if (!now) {
          row.missingChecks.push(key);
          continue;
        }
        if (now.status === 'PASS' && was.status !== 'PASS') row.falsePass.push(`${key}: ${was.status} → PASS`);
        if (!DECISIVE.has(was.status)) continue;
        if (now.status === was.status) continue;
        if (DECISIVE.has(now.status)) {
          if (now.status !== 'PASS') row.flipped.push(`${key}: ${was.status} → ${now.status}`);
          continue;
        }
        row.lost.push(key);
        const named = (now.missing ?? []).some((m) => m.action === action) || now.reason.includes(action);
        if (!named) row.unnamed.push(`${key}: ${now.reason.slice(0, 200)}`);
      }
      rows.push(row);
      input.log?.(`${action}: ${row.lost.length} lost${row.flipped.length ? `, ${row.flipped.length} flipped` : ''}${row.falsePass.length ? `, ${row.falsePass.length} FALSE PASS` : ''}`);
    }
    const counts = rows.map((r) => r.lost.length);
    const mean = counts.length ? counts.reduce((a, b) => a + b, 0) / counts.length : 0;
    return { rows, decisive, mean, max: counts.length ? Math.max(...counts) : 0 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function renderSweep(r: SweepResult, top = 15): string {
  const lines = ['| denied action | checks that lost a decisive verdict |', '|---|---|'];
  const sorted = [...r.rows].sort((a, b) => b.lost.length - a.lost.length || a.action.localeCompare(b.action));
  for (const row of sorted.slice(0, top)) if (row.lost.length) lines.push(`| ${row.action} | ${row.lost.length}: ${row.lost.join('; ')} |`);
  const bad = r.rows.reduce((n, x) => n + x.falsePass.length + x.flipped.length + x.missingChecks.length + x.unnamed.length, 0);
  lines.push('');
  lines.push(`denied-action sweep: ${r.rows.length} actions, ${r.decisive} decisive checks; lost per action: mean ${r.mean.toFixed(2)}, max ${r.max}; false PASS ${r.rows.reduce((n, x) => n + x.falsePass.length, 0)}, flipped ${r.rows.reduce((n, x) => n + x.flipped.length, 0)}, lost results ${r.rows.reduce((n, x) => n + x.missingChecks.length, 0)}, unnamed causes ${r.rows.reduce((n, x) => n + x.unnamed.length, 0)}${bad ? ' — VIOLATIONS' : ''}`);
  return lines.join('\n') + '\n';
}

/** Targets of issue 15: mean ≤ 1.0, max ≤ 8, and nothing false. */
export const SWEEP_TARGETS = { mean: 1.0, max: 8 } as const;

export function sweepViolations(r: SweepResult): string[] {
  const out: string[] = [];
  if (r.mean > SWEEP_TARGETS.mean) out.push(`mean ${r.mean.toFixed(2)} > ${SWEEP_TARGETS.mean}`);
  if (r.max > SWEEP_TARGETS.max) out.push(`max ${r.max} > ${SWEEP_TARGETS.max}`);
  for (const row of r.rows) {
    for (const x of row.falsePass) out.push(`${row.action}: false PASS ${x}`);
    for (const x of row.flipped) out.push(`${row.action}: flipped ${x}`);
    for (const x of row.missingChecks) out.push(`${row.action}: lost result ${x}`);
    for (const x of row.unnamed) out.push(`${row.action}: ERROR does not name the action — ${x}`);
  }
  return out;
}
