// The report model every renderer reads. Deterministic: the same recorded answers give the same
// report, byte for byte, apart from the times.
import type { AccessStats } from '../aws/access.js';
import { buildInventory, type AiInventory } from '../inventory/build.js';
import { countStatuses, aggregateStatus, type CheckResult, type Status } from '../model.js';
import type { Registry } from './registry.js';
import type { ControlRun, Identity } from './runner.js';

export const SCHEMA_VERSION = '1.0.0';

export interface CrosswalkLookup {
  (id: string): { officialReferences: string[]; otherStandards: string[]; flag: string; note: string } | undefined;
}

export interface ReportCheck extends CheckResult {
  implementation: string;
  controlSupport: string;
}

export interface ReportControl {
  id: string;
  title: string;
  group: string;
  description: string;
  officialReferences: string[];
  otherStandards: string[];
  flag: string;
  crosswalkNote: string;
  status: Status;
  reason: string;
  checks: ReportCheck[];
}

export interface Report {
  schemaVersion: string;
  tool: { name: string; version: string };
  scan: {
    id: string;
    startedAt: string;
    finishedAt: string;
    mode: 'live' | 'replay' | 'simulated';
    complete: boolean;
    account: { id: string; partition: string; callerArn: string };
    homeRegion: string;
    regions: string[];
    options: Record<string, unknown>;
    warnings: string[];
    governance?: { waivers: GovernanceCount; attestations: GovernanceCount };
    /** A replay of a pack or scan folder: whether it reproduced the verdicts of the report that came with it. */
    replayOf?: ReplayComparison;
  };
  summary: {
    overall: Status;
    controls: Record<Status, number>;
    checks: Record<Status, number>;
    calls: AccessStats;
  };
  controls: ReportControl[];
  /** AI resource counts per region (from the AI footprint), evidence for resource documentation. */
  inventory: Record<string, Record<string, number>>;
  /** Per scanned region: how many regional checks could read it, and why the others could not. */
  coverage?: Coverage;
  /** Every AI asset the scan saw, per region, with its relations and the checks that judged it (src/inventory/build.ts). */
  aiInventory?: AiInventory;
}

export interface RegionCoverage {
  region: string;
  /** scanned: every regional check evaluated there; partial: some skipped or undecided; skipped: none could read it. */
  status: 'scanned' | 'partial' | 'skipped';
  evaluated: number;
  skipped: number;
  errors: number;
  /** Distinct reasons checks were skipped there (SCP, service not offered, region off). */
  reasons: string[];
}

export interface Coverage {
  regions: RegionCoverage[];
}

/** Coverage from the checks' per-region results; each probe counts once per region whatever the controls that use it. */
export function coverageOf(regions: readonly string[], checks: readonly CheckResult[]): Coverage {
  const seen = new Set<string>();
  const by = new Map<string, RegionCoverage>(regions.map((r) => [r, { region: r, status: 'scanned', evaluated: 0, skipped: 0, errors: 0, reasons: [] }]));
  for (const c of checks) {
    for (const r of c.regions) {
      const row = by.get(r.region);
      if (!row || seen.has(`${c.probe}|${r.region}`)) continue;
      seen.add(`${c.probe}|${r.region}`);
      if (r.status === 'SKIPPED') {
        row.skipped += 1;
        if (!row.reasons.includes(r.reason)) row.reasons.push(r.reason);
      } else {
        row.evaluated += 1;
        if (r.status === 'ERROR') row.errors += 1;
      }
    }
  }
  for (const row of by.values()) {
    row.reasons.sort();
    row.status = row.evaluated === 0 && row.skipped > 0 ? 'skipped' : row.skipped > 0 || row.errors > 0 ? 'partial' : 'scanned';
  }
  return { regions: [...by.values()].sort((a, b) => a.region.localeCompare(b.region)) };
}

export interface ReplayComparison {
  identical: boolean;
  /** Checks compared (control / service pairs present in both). */
  compared: number;
  /** One line per difference: "A.12 / AWS CloudTrail: FAIL → ERROR", a reason or resource change, a check only in one. */
  differences: string[];
}

export interface GovernanceCount {
  applied: number;
  expired: string[];
  stale: string[];
}

export interface BuildInput {
  tool: { name: string; version: string };
  identity: Identity;
  startedAt: Date;
  finishedAt: Date;
  mode: Report['scan']['mode'];
  complete: boolean;
  homeRegion: string;
  regions: string[];
  options: Record<string, unknown>;
  warnings: string[];
  controls: ControlRun[];
  registry: Registry;
  crosswalk: CrosswalkLookup;
  stats: AccessStats;
  facts: Record<string, Record<string, unknown>>;
}

export function buildReport(b: BuildInput): Report {
  const controls: ReportControl[] = b.controls.map((run) => {
    const c = b.registry.control(run.id);
    const x = b.crosswalk(run.id);
    return {
      id: c.id,
      title: c.title,
      group: c.group,
      description: c.description,
      officialReferences: x?.officialReferences ?? [],
      otherStandards: x?.otherStandards ?? [],
      flag: x?.flag ?? 'UNMAPPED',
      crosswalkNote: x?.note ?? 'no crosswalk entry',
      status: run.status,
      reason: run.reason,
      checks: run.checks.map((ch) => {
        const m = c.mappings.find((mm) => mm.service === ch.service);
        return { ...ch, implementation: m?.implementation ?? '', controlSupport: m?.controlSupport ?? '' };
      }),
    };
  });
  const allChecks = controls.flatMap((c) => c.checks);
  const inventory: Record<string, Record<string, number>> = {};
  const fp = b.facts['ai-footprint'] ?? {};
  for (const region of Object.keys(fp).sort()) {
    const inv = (fp[region] as { inventory?: Record<string, number> }).inventory ?? {};
    inventory[region] = Object.fromEntries(Object.entries(inv).sort(([a], [z]) => a.localeCompare(z)));
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: b.tool,
    scan: {
      id: `${b.identity.accountId}-${b.startedAt.toISOString().replace(/[-:.]/g, '')}`,
      startedAt: b.startedAt.toISOString(),
      finishedAt: b.finishedAt.toISOString(),
      mode: b.mode,
      complete: b.complete,
      account: { id: b.identity.accountId, partition: b.identity.partition, callerArn: b.identity.arn },
      homeRegion: b.homeRegion,
      regions: [...b.regions].sort(),
      options: b.options,
      warnings: b.warnings,
    },
    summary: {
      overall: b.complete ? aggregateStatus(controls.map((c) => c.status)) : worstIncomplete(controls.map((c) => c.status)),
      controls: countStatuses(controls.map((c) => c.status)),
      checks: countStatuses(allChecks.map((c) => c.status)),
      calls: { ...b.stats },
    },
    controls,
    inventory,
    coverage: coverageOf(b.regions, allChecks),
    aiInventory: buildInventory({ accountId: b.identity.accountId, partition: b.identity.partition, regions: b.regions, facts: b.facts, controls }),
  };
}

/** An interrupted scan is never better than ERROR. */
function worstIncomplete(s: Status[]): Status {
  return s.includes('FAIL') ? 'FAIL' : 'ERROR';
}

/** 0 = no FAIL and no ERROR; 1 = a FAIL; 2 = no FAIL but an ERROR; an interrupted scan is always 2. */
export function exitCodeFor(report: Report): 0 | 1 | 2 {
  if (!report.scan.complete) return 2;
  const checks = report.controls.flatMap((c) => c.checks);
  if (report.controls.some((c) => c.status === 'FAIL') || checks.some((c) => c.status === 'FAIL')) return 1;
  if (!report.scan.complete || report.controls.some((c) => c.status === 'ERROR')) return 2;
  return 0;
}
