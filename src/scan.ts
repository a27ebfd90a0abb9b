// One scan, start to finish: check the inputs, identify the caller, plan regions, run the
// registry, write calls.jsonl and the reports atomically. Used by the CLI, the demo and tests.
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { join } from 'node:path';
import { AwsAccess } from './aws/access.js';
import type { LimitLookup } from './aws/limits.js';
import { planRegions, whoAmI } from './aws/identity.js';
import { type CallRecord, RECORDING_FORMAT, ReplayTransport, serializeRecording, type Recording, type RecordingHeader } from './aws/recording.js';
import { LiveTransport, type Transport } from './aws/transport.js';
import { loadReplaySource } from './aws/recording-source.js';
import { compareVerdicts } from './engine/replay-compare.js';
import { DEFAULT_SETTINGS, type ScanSettings } from './engine/probe.js';
import type { Registry } from './engine/registry.js';
import { buildReport, exitCodeFor, type CrosswalkLookup, type Report } from './engine/report.js';
import { causeOf, runScan } from './engine/runner.js';
import { ensureWritableDir, missingDirs, removeEmptyDirs, writeFileAtomic } from './util/atomic.js';
import { applyGovernance, type Governance } from './policy/governance.js';
import { TOOL } from './version.js';
import { renderJson, validateReport } from '../reports/json.js';

export interface ScanOptions {
  profile?: string;
  regions?: string[];
  controls?: string[];
  out: string;
  /** Calls in flight at once; each (API, region) is also paced to AWS's rate limit. */
  concurrency: number;
  maxAttempts: number;
  pageCap: number;
  endpointUrl?: string;
  replay?: string;
  homeRegion?: string;
  settings?: Partial<ScanSettings>;
  /** Waivers and attestations from the configuration. */
  governance?: Governance;
  /** Credentials provider (e.g. an assumed role); default: the SDK chain with --profile. */
  credentials?: unknown;
  /** Rate limits to pace each (API, region) to; default: AWS's documented limits, none for a replay. */
  limits?: LimitLookup | false;
  /** Overrides the transport (tests, the benchmark's simulated AWS). */
  transport?: Transport;
  /** Scan clock override (simulated accounts). */
  now?: Date;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Told of every finished call (progress display). */
  onCall?: (rec: CallRecord) => void;
}

// 128 in flight: enough to keep every API at its rate limit on a large account (the limits, not
// this, set the pace), and within a laptop's default of 256 open files.
export const DEFAULT_OPTIONS = { concurrency: 128, maxAttempts: 5, pageCap: 1000 } as const;

export interface ScanResult {
  report: Report;
  exitCode: 0 | 1 | 2;
  files: { report: string; calls: string };
}

export function homeRegionFrom(opts: Pick<ScanOptions, 'homeRegion' | 'regions'>, recording?: Recording): string {
  return (
    opts.homeRegion ??
    (recording?.header as { homeRegion?: string } | undefined)?.homeRegion ??
    process.env.AWS_REGION ??
    process.env.AWS_DEFAULT_REGION ??
    opts.regions?.[0] ??
    'us-east-1'
  );
}

export async function scan(opts: ScanOptions, deps: { registry: Registry; crosswalk: CrosswalkLookup }): Promise<ScanResult> {
  // A run refused after --out was made (a bad recording, credentials, a region) leaves no empty folder.
  const created = missingDirs(opts.out);
  try {
    return await scanInto(opts, deps);
  } catch (err) {
    removeEmptyDirs(created);
    throw err;
  }
}

async function scanInto(opts: ScanOptions, deps: { registry: Registry; crosswalk: CrosswalkLookup }): Promise<ScanResult> {
  const log = opts.log ?? (() => undefined);
  // Inputs first: nothing is sent to AWS until they are known to be good.
  deps.registry.select(opts.controls);
  ensureWritableDir(opts.out);
  const source = opts.replay ? loadReplaySource(opts.replay) : undefined;
  const recording = source?.recording;
  const endpointUrl = opts.endpointUrl ?? process.env.AWS_ENDPOINT_URL;
  const transport: Transport =
    opts.transport ??
    (recording
      ? new ReplayTransport(recording)
      : new LiveTransport({ profile: opts.profile, endpointUrl, maxAttempts: opts.maxAttempts, credentials: opts.credentials ?? fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {}), signal: opts.signal }));
  const homeRegion = homeRegionFrom(opts, recording);
  const now = opts.now ?? (recording ? new Date(recording.header.startedAt) : new Date());
  const startedAt = new Date();
  // A replay asks the recorded scan's questions: its regions, controls and settings, unless a
  // flag names them explicitly (then it says so, since the verdicts may then differ).
  const recorded = recording?.header;
  const replayed = replayPlan(opts, recorded, deps.registry, log);
  const regionsWanted = replayed.regions;
  const controlIds = replayed.controls;
  const settings: ScanSettings = { ...DEFAULT_SETTINGS, ...(recorded?.settings as Partial<ScanSettings> | undefined), ...opts.settings };
  if (recorded?.settings && opts.settings) {
    const differ = Object.keys(opts.settings).filter((k) => JSON.stringify((opts.settings as Record<string, unknown>)[k]) !== JSON.stringify((recorded.settings as Record<string, unknown>)[k]));
    if (differ.length) log(`replay: ${differ.join(', ')} given explicitly, unlike the recorded scan; verdicts may differ from it`);
  }

  const access = new AwsAccess({
    transport,
    concurrency: opts.concurrency,
    // A recording answers at once and has no rate limit to respect.
    limits: opts.limits ?? (transport.kind === 'replay' ? false : undefined),
    homeRegion,
    partition: 'aws',
    pageCap: opts.pageCap,
    onCall: opts.onCall,
    signal: opts.signal,
  });
  try {
    // Both at once: neither needs the other's answer, and every probe waits for both.
    const planning = planRegions(access, regionsWanted);
    planning.catch(() => undefined); // bad credentials are reported by whoAmI
    const identity = await whoAmI(access);
    access.opts.partition = identity.partition;
    log(`account ${identity.accountId} as ${identity.arn}`);
    const plan = await planning;
    for (const w of plan.warnings) log(`warning: ${w}`);
    log(`scanning ${controlIds.length} control(s) in ${plan.regions.length} region(s): ${plan.regions.join(', ')}`);

    const run = await runScan({ access, identity, regions: plan.regions, controlIds, registry: deps.registry, settings, now, signal: opts.signal, ...(plan.unlisted ? { unlistedRegions: causeOf(plan.unlisted) } : {}) });
    const complete = !opts.signal?.aborted;
    const built = buildReport({
      tool: TOOL,
      identity,
      startedAt,
      finishedAt: new Date(),
      mode: transport.kind,
      complete,
      homeRegion,
      regions: plan.regions,
      options: {
        controls: controlIds,
        regions: regionsWanted ?? null,
        profile: opts.profile ?? null,
        endpointUrl: endpointUrl ?? null,
        replay: opts.replay ? true : false,
        concurrency: opts.concurrency,
        maxAttempts: opts.maxAttempts,
        settings,
      },
      warnings: plan.warnings,
      controls: run.controls,
      registry: deps.registry,
      crosswalk: deps.crosswalk,
      stats: access.stats,
      facts: run.facts,
    });
    // A replay of a pack or scan folder says whether it reproduces the verdicts that came with it.
    if (source?.report !== undefined) {
      const cmp = compareVerdicts(source.report, built);
      built.scan.replayOf = cmp;
      log(cmp.identical ? `replay: verdicts identical to ${opts.replay}'s report.json (${cmp.compared} checks)` : `replay: ${cmp.differences.length} verdict(s) differ from ${opts.replay}'s report.json: ${cmp.differences.slice(0, 5).join('; ')}${cmp.differences.length > 5 ? '; …' : ''}`);
    }
    // Expiry is judged today, not at the recording's time: a replayed scan still honours the calendar.
    const report = opts.governance ? applyGovernance(built, opts.governance, new Date()) : built;
    const problems = validateReport(report);
    if (problems.length) throw new Error(`internal error: report does not match its schema: ${problems.slice(0, 5).join('; ')}`);
    const files = writeScanFiles(opts.out, report, access, {
      now,
      homeRegion,
      regions: plan.regions,
      controls: controlIds,
      settings,
      limits: { maxAttempts: opts.maxAttempts, concurrency: opts.concurrency, pageCap: opts.pageCap },
    });
    return { report, exitCode: exitCodeFor(report), files };
  } finally {
    if (transport instanceof LiveTransport) transport.destroy();
  }
}

/** calls.jsonl first, then report.json: a report never points at evidence that is not on disk. */
export function writeScanFiles(
  out: string,
  report: Report,
  access: AwsAccess,
  scanned: { now: Date; homeRegion: string; regions: string[]; controls: string[]; settings: ScanSettings; limits: RecordingHeader['limits'] },
): ScanResult['files'] {
  const calls = join(out, 'calls.jsonl');
  const header: RecordingHeader = {
    type: 'scan',
    format: RECORDING_FORMAT,
    tool: TOOL.name,
    version: TOOL.version,
    startedAt: scanned.now.toISOString(),
    homeRegion: scanned.homeRegion,
    regions: [...scanned.regions].sort(),
    controls: scanned.controls,
    settings: { ...scanned.settings },
    limits: scanned.limits,
  };
  writeFileAtomic(calls, serializeRecording(header, access.recordedCalls()));
  const file = join(out, 'report.json');
  writeFileAtomic(file, renderJson(report));
  return { report: file, calls };
}

/**
 * The regions and controls a scan asks about. A replay takes the recorded scan's own (its header
 * keeps them); a region or control list given explicitly wins, and the log says the replay then
 * asks other questions than the recorded scan did.
 */
export function replayPlan(opts: Pick<ScanOptions, 'regions' | 'controls'>, header: RecordingHeader | undefined, registry: Registry, log: (l: string) => void): { regions?: string[]; controls: string[] } {
  const regions = opts.regions ?? header?.regions;
  const wanted = opts.controls ?? header?.controls?.filter((c) => registry.controlIds.includes(c));
  if (header?.regions && opts.regions && [...opts.regions].sort().join(',') !== header.regions.join(',')) {
    log(`replay: regions ${opts.regions.join(', ')} given explicitly; the recorded scan covered ${header.regions.join(', ')}`);
  }
  if (header?.controls && opts.controls && opts.controls.join(',') !== header.controls.join(',')) {
    log(`replay: controls ${opts.controls.join(', ')} given explicitly; the recorded scan covered ${header.controls.join(', ')}`);
  }
  return { regions, controls: registry.select(wanted) };
}
