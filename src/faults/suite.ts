// The fault suite: full scans of a recorded account with one class of fault injected into the
// calls of each probe in turn, checked against the fault-free scan for the promises users rely
// on — no false PASS, no lost result, no crash — plus the disk, the output folder and Ctrl-C.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Paging } from '../aws/ops.js';
import { parseRecording, ReplayTransport, type Recording } from '../aws/recording.js';
import type { Answer, CallRequest, Transport } from '../aws/transport.js';
import { declaredCalls, type Probe } from '../engine/probe.js';
import type { Registry } from '../engine/registry.js';
import { exitCodeFor, type CrosswalkLookup, type Report } from '../engine/report.js';
import { aggregateStatus, type Status } from '../model.js';
import { DEFAULT_OPTIONS, scan, type ScanOptions } from '../scan.js';
import { fsio } from '../util/atomic.js';
import { FAULT_CLASSES, FaultTransport, opKeys, type FaultClass } from './inject.js';

export interface SuiteRow {
  fault: string;
  scans: number;
  verdicts: number;
  falsePass: number;
  lost: number;
  crashes: number;
  /** A few concrete violations, for the person reading a red row. */
  examples: string[];
}

export interface SuiteInput {
  recording: Recording;
  registry: Registry;
  crosswalk: CrosswalkLookup;
  classes?: readonly FaultClass[];
  /** Probes to fault (default: every probe in the registry). */
  probes?: readonly Probe[];
  /** AccessDenied is injected into at most this many operations per probe, one at a time. */
  maxOpsPerProbe?: number;
  /** Also run the disk, output-folder and SIGINT classes. */
  environmentFaults?: boolean;
  log?: (line: string) => void;
}

const MAX_ATTEMPTS = 5;
const EXAMPLES = Number(process.env.AIMS_FAULT_EXAMPLES ?? 5);
/** A scan that has not finished by then is hanging (an endless loop is a crash too). */
const SCAN_DEADLINE_MS = 60_000;

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`scan did not finish within ${ms / 1000} s (hang)`)), ms);
    timer.unref();
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

type Key = string;
const keyOf = (control: string, service: string) => `${control} / ${service}`;

function checksOf(r: Report): Map<Key, Report['controls'][number]['checks'][number]> {
  const m = new Map<Key, Report['controls'][number]['checks'][number]>();
  for (const c of r.controls) for (const k of c.checks) m.set(keyOf(c.id, k.service), k);
  return m;
}

/** Every control the probe feeds: the document mappings to its service and its extensions. */
function controlsOf(registry: Registry, probe: Probe): string[] {
  return registry.controlIds.filter((id) => registry.control(id).mappings.some((m) => m.service === probe.service) || registry.extensionsFor(id).some((p) => p.id === probe.id));
}

export async function runFaultSuite(input: SuiteInput): Promise<SuiteRow[]> {
  const { recording, registry, crosswalk } = input;
  const log = input.log ?? (() => undefined);
  const work = mkdtempSync(join(tmpdir(), 'aims-faults-'));
  const homeRegion = recording.header.homeRegion ?? 'us-east-1';
  const now = new Date(recording.header.startedAt);
  // A low page cap: hitting it is what the pagination faults test, and 1,000 pages per call
  // per scan would only make the suite slow.
  const base: ScanOptions = { ...DEFAULT_OPTIONS, maxAttempts: MAX_ATTEMPTS, pageCap: 50, out: join(work, 'out'), homeRegion, now };
  const deps = { registry, crosswalk };
  const recorded = new Set(recording.calls.map((c) => `${c.service}:${c.operation}`));
  try {
    const baseline = (await scan({ ...base, transport: new ReplayTransport(recording) }, deps)).report;
    const before = checksOf(baseline);
    const regions = baseline.scan.regions;
    const offRegion = regions.find((r) => r !== homeRegion);
    const probes = input.probes ?? registry.allProbes();
    const rows: SuiteRow[] = [];

    for (const fault of (input.classes ?? FAULT_CLASSES).filter((f) => f !== 'scp-region')) {
      const row: SuiteRow = { fault, scans: 0, verdicts: 0, falsePass: 0, lost: 0, crashes: 0, examples: [] };
      for (const probe of probes) {
        const ops = declaredCalls(probe).filter((o) => recorded.has(`${o.service}:${o.operation}`));
        if (ops.length === 0) continue;
        const paging = new Map<string, Paging>(ops.filter((o) => o.paginate).map((o) => [`${o.service}:${o.operation}`, o.paginate as Paging]));
        if (['empty-page-with-token', 'token-repeated-forever', 'ten-thousand-pages'].includes(fault) && paging.size === 0) continue;
        if (fault === 'region-not-enabled' && !offRegion) continue;
        const targets = fault === 'access-denied-one-op' ? ops.slice(0, input.maxOpsPerProbe ?? 2).map((o) => [o]) : [ops];
        const controls = controlsOf(registry, probe);
        if (controls.length === 0) continue;
        const ownOps = new Map(registry.allProbes().map((p) => [p.id, new Map(p.calls.map((o) => [`${o.service}:${o.operation}`, o.action]))]));
        for (const target of targets) {
          const t = new FaultTransport(new ReplayTransport(recording), {
            fault,
            ops: opKeys(target),
            region: offRegion,
            expireAfter: Math.max(2, Math.floor(recording.calls.length / 4)),
            paging,
            maxAttempts: MAX_ATTEMPTS,
          });
          row.scans += 1;
          let report: Report;
          try {
            report = (await withDeadline(scan({ ...base, controls, transport: t }, deps), SCAN_DEADLINE_MS)).report;
          } catch (err) {
            row.crashes += 1;
            if (row.examples.length < EXAMPLES) row.examples.push(`${probe.id}: scan threw ${(err as Error).message}`);
            continue;
          }
          judge(report, before, controls, t, row, probe.id, undefined, ownOps);
        }
      }
      log(`${fault}: ${row.scans} scans, ${row.verdicts} verdicts, ${row.falsePass} false PASS, ${row.lost} lost, ${row.crashes} crashes`);
      rows.push(row);
    }
    if (offRegion && (!input.classes || input.classes.includes('scp-region'))) rows.push(await scpRegionRow(base, deps, recording, before, offRegion));
    if (input.environmentFaults !== false) rows.push(...(await environmentRows(base, deps, recording, before, work)));
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Compares one faulted report with the fault-free one. */
/**
 * A PASS is false when a fault turned a non-PASS into PASS, or when the probe swallowed a failed
 * call of its own (an operation it declares itself) without surfacing it as an ERROR resource or
 * a warning naming the call. Calls made for shared facts may fail without that: a probe whose
 * criterion is met by what it did read (e.g. "at least one AI dashboard") is right to pass.
 */
function judge(report: Report, before: Map<Key, Report['controls'][number]['checks'][number]>, controls: string[], t: FaultTransport | undefined, row: SuiteRow, who: string, errorIds?: Set<string>, ownOps?: Map<string, Map<string, string>>): void {
  const after = checksOf(report);
  const note = (s: string) => row.examples.length < EXAMPLES && row.examples.push(`${who}: ${s}`);
  for (const c of report.controls) {
    // A control is never better than its worst check.
    if (c.status !== aggregateStatus(c.checks.map((k) => k.status))) {
      row.falsePass += c.status === 'PASS' ? 1 : 0;
      note(`control ${c.id} is ${c.status} but its checks aggregate to ${aggregateStatus(c.checks.map((k) => k.status))}`);
    }
  }
  for (const [key, was] of before) {
    if (!controls.includes(key.split(' / ')[0])) continue;
    const now = after.get(key);
    row.verdicts += 1;
    if (!now) {
      row.lost += 1;
      note(`${key} missing from the report`);
      continue;
    }
    if (now.status !== 'PASS') continue;
    if (was.status !== 'PASS') {
      row.falsePass += 1;
      note(`${key} became PASS under the fault (was ${was.status})`);
      continue;
    }
    const own = ownOps?.get(now.probe ?? '') ?? new Map<string, string>();
    const swallowed = now.evidence.filter((id) => {
      if (errorIds?.has(id)) return true;
      const op = t?.taintedErrors.get(id);
      if (!op || !own.has(op)) return false;
      // Surfaced: an ERROR/MANUAL resource, or a warning or reason naming the operation or its IAM action.
      const names = [op.split(':')[1], own.get(op) as string];
      const surfaced = now.resources.some((r) => r.status === 'ERROR' || r.status === 'MANUAL') || [...now.warnings, now.reason].some((w) => names.some((n) => w.includes(n)));
      return !surfaced;
    });
    if (swallowed.length) {
      row.falsePass += 1;
      note(`${key} is PASS resting on a failed call ${swallowed[0]} that it does not report`);
    }
  }
  if (exitCodeFor(report) === 0 && report.controls.some((c) => c.status === 'FAIL' || c.status === 'ERROR')) {
    row.crashes += 1;
    note('exit code 0 despite FAIL/ERROR');
  }
}

/**
 * One region denied by a service control policy (every call there refused): that region is SKIPPED
 * in every regional check, and each check keeps the verdict the other regions give it.
 */
async function scpRegionRow(base: ScanOptions, deps: { registry: Registry; crosswalk: CrosswalkLookup }, recording: Recording, before: Map<Key, Report['controls'][number]['checks'][number]>, region: string): Promise<SuiteRow> {
  const row: SuiteRow = { fault: 'scp-region', scans: 1, verdicts: 0, falsePass: 0, lost: 0, crashes: 0, examples: [] };
  const note = (s: string) => row.examples.length < EXAMPLES && row.examples.push(`scp-region ${region}: ${s}`);
  let report: Report;
  try {
    report = (await withDeadline(scan({ ...base, transport: new FaultTransport(new ReplayTransport(recording), { fault: 'scp-region', ops: new Set(), region, paging: new Map(), maxAttempts: MAX_ATTEMPTS }) }, deps), SCAN_DEADLINE_MS)).report;
  } catch (err) {
    row.crashes += 1;
    note(`scan threw ${(err as Error).message}`);
    return row;
  }
  for (const [key, now] of checksOf(report)) {
    const was = before.get(key);
    if (!was) continue;
    row.verdicts += 1;
    const there = now.regions.find((r) => r.region === region);
    if (there && there.status !== 'SKIPPED') {
      row.lost += 1;
      note(`${key}: ${region} is ${there.status}, not SKIPPED (${there.reason.slice(0, 120)})`);
    }
    const others = was.regions.filter((r) => r.region !== region);
    const expected = was.regions.length > 1 ? aggregateStatus(others.map((r) => r.status as Status)) : was.status;
    if (now.status === expected) continue;
    if (now.status === 'PASS') row.falsePass += 1;
    else row.lost += 1;
    note(`${key}: ${now.status}, the other regions give ${expected} (${now.reason.slice(0, 140)})`);
  }
  return row;
}

/** The output folder, the disk and Ctrl-C. */
async function environmentRows(base: ScanOptions, deps: { registry: Registry; crosswalk: CrosswalkLookup }, recording: Recording, before: Map<Key, Report['controls'][number]['checks'][number]>, work: string): Promise<SuiteRow[]> {
  const rows: SuiteRow[] = [];
  const all = deps.registry.controlIds;

  // The output folder cannot be written: a clear error before any AWS call, nothing half-written.
  {
    const row: SuiteRow = { fault: 'output-folder-unwritable', scans: 1, verdicts: 0, falsePass: 0, lost: 0, crashes: 0, examples: [] };
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, 'x');
    let calls = 0;
    const counting: Transport = { kind: 'replay', send: async (r: CallRequest): Promise<Answer> => (calls++, new ReplayTransport(recording).send(r)) };
    const err = await scan({ ...base, out: join(blocker, 'out'), transport: counting }, deps).then(() => undefined, (e: Error) => e);
    if (!err || err.name !== 'OutputError' || calls > 0) {
      row.crashes += 1;
      row.examples.push(`expected an OutputError before any call; got ${err?.name ?? 'success'} after ${calls} calls`);
    }
    rows.push(row);
  }

  // The disk fills while report.json is written: the previous complete report stays.
  {
    const row: SuiteRow = { fault: 'disk-full-while-writing', scans: 2, verdicts: 0, falsePass: 0, lost: 0, crashes: 0, examples: [] };
    const out = join(work, 'diskfull');
    const first = await scan({ ...base, out, transport: new ReplayTransport(recording) }, deps);
    const old = readFileSync(first.files.report, 'utf8');
    const realWrite = fsio.writeSync;
    let written = 0;
    fsio.writeSync = ((fd: number, buf: Uint8Array, off?: number, len?: number) => {
      written += 1;
      if (written > 1) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return realWrite(fd, buf, off, Math.min(len ?? buf.length, 4096));
    }) as typeof fsio.writeSync;
    const err = await scan({ ...base, out, transport: new ReplayTransport(recording) }, deps).then(() => undefined, (e: Error) => e);
    fsio.writeSync = realWrite;
    const now = readFileSync(first.files.report, 'utf8');
    row.verdicts = before.size;
    if (!err || err.name !== 'OutputError') {
      row.crashes += 1;
      row.examples.push(`expected an OutputError for a full disk, got ${err?.name ?? 'success'}`);
    }
    if (now !== old) {
      row.lost += before.size;
      row.examples.push('report.json was left half-written');
    }
    rows.push(row);
  }

  // Ctrl-C halfway: every result is still there, marked incomplete, exit 2, nothing PASSes that was not reached.
  {
    const row: SuiteRow = { fault: 'sigint-during-scan', scans: 1, verdicts: 0, falsePass: 0, lost: 0, crashes: 0, examples: [] };
    const ctl = new AbortController();
    let n = 0;
    const inner = new ReplayTransport(recording);
    const stopping: Transport = {
      kind: 'replay',
      send: async (r) => {
        if (++n === Math.floor(recording.calls.length / 3)) ctl.abort();
        return inner.send(r);
      },
    };
    try {
      const r = await scan({ ...base, out: join(work, 'sigint'), transport: stopping, signal: ctl.signal }, deps);
      if (r.report.scan.complete || r.exitCode !== 2) {
        row.crashes += 1;
        row.examples.push(`interrupted scan: complete=${r.report.scan.complete}, exit ${r.exitCode}`);
      }
      const failed = new Set(parseRecording(readFileSync(r.files.calls, 'utf8')).calls.filter((c) => c.error?.name === 'ScanInterrupted').map((c) => c.id));
      judge(r.report, before, all, undefined, row, 'sigint', failed);
    } catch (err) {
      row.crashes += 1;
      row.examples.push(`scan threw ${(err as Error).message}`);
    }
    rows.push(row);
  }
  return rows;
}

export function renderSuiteTable(rows: SuiteRow[]): string {
  const head = '| fault class | scans | verdicts checked | false PASS | lost results | crashes |\n|---|---:|---:|---:|---:|---:|';
  const body = rows.map((r) => `| ${r.fault} | ${r.scans} | ${r.verdicts} | ${r.falsePass} | ${r.lost} | ${r.crashes} |`).join('\n');
  return `${head}\n${body}\n`;
}

export function suiteFailed(rows: SuiteRow[]): boolean {
  return rows.some((r) => r.falsePass + r.lost + r.crashes > 0);
}

