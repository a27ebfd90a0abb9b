// What changed between two scans: per control, per check (service), per region of a check and
// per resource (id + region). A regression is a new failure or a new error anywhere; the CLI
// exits 1 on one. `scan --baseline OLD` reuses diffReports().
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { STATUSES, type Status } from '../model.js';
import type { Report } from '../engine/report.js';
import { isZipFile as isPackZip, openPack, readPackText, type PackReader } from '../evidence/pack.js';
import { UsageError } from '../commands/common.js';

/** A status at one level; SKIPPED exists for regions only. `null`: not in that report. */
export type DiffStatus = Status | 'SKIPPED' | null;

export type ChangeKind = 'new-failure' | 'new-error' | 'fixed' | 'still-failing' | 'changed';
export const CHANGE_KINDS: readonly ChangeKind[] = ['new-failure', 'new-error', 'changed', 'fixed', 'still-failing'];
export type DiffLevel = 'control' | 'check' | 'region' | 'resource';

export interface DiffEntry {
  kind: ChangeKind;
  level: DiffLevel;
  control: string;
  /** Official ISO/IEC 42001:2023 references and crosswalk flag of the control (newer report's). */
  officialReferences: string[];
  flag: string;
  /** Check: the service name as the document writes it. */
  service?: string;
  /** The check is an extension (beyond the document's mappings). */
  extension?: boolean;
  /** Region (for region entries, and resources that have one). */
  region?: string;
  /** Resource id (ARN or name). Account data. */
  resource?: string;
  before: DiffStatus;
  after: DiffStatus;
  /** The newer reason (the older one when the item is gone). Account data. */
  reason: string;
}

export interface DiffSide {
  scanId: string;
  accountId: string;
  startedAt: string;
  complete: boolean;
  overall: Status;
  toolVersion: string;
}

/** An AI asset of the inventory, as the diff names it. Account data. */
export interface AssetRef {
  id: string;
  kind: string;
  name: string;
  region?: string;
}

export interface ReportDiff {
  before: DiffSide;
  after: DiffSide;
  /** AI assets (report.aiInventory) only in the newer scan, and only in the older one; absent when a report has no inventory. */
  assets?: { added: AssetRef[]; removed: AssetRef[] };
  /** True when something got worse: a new failure or a new error at any level. */
  regressed: boolean;
  /** Count of entries per kind, over all levels. */
  summary: Record<ChangeKind, number>;
  /** Count of entries per kind, controls only. */
  controls: Record<ChangeKind, number>;
  warnings: string[];
  changes: DiffEntry[];
}

/**
 * How a status move is named. Going to FAIL or ERROR from anything else (including from nothing:
 * a resource that appears failing) is a regression; FAIL → PASS is fixed; FAIL → FAIL is still
 * failing; every other move (e.g. FAIL → WAIVED, MANUAL → ATTESTED, gone) is `changed`.
 */
export function classifyChange(before: DiffStatus, after: DiffStatus): ChangeKind | undefined {
  if (after === 'FAIL') return before === 'FAIL' ? 'still-failing' : 'new-failure';
  if (after === 'ERROR' && before !== 'ERROR') return 'new-error';
  if (before === 'FAIL' && after === 'PASS') return 'fixed';
  if (before === after) return undefined;
  return 'changed';
}

interface Item {
  level: DiffLevel;
  control: string;
  service?: string;
  extension?: boolean;
  region?: string;
  resource?: string;
  status: DiffStatus;
  reason: string;
}

// A key no account data can forge: JSON of the parts.
const keyOf = (i: Pick<Item, 'level' | 'control' | 'service' | 'region' | 'resource'>) => JSON.stringify([i.level, i.control, i.service ?? null, i.region ?? null, i.resource ?? null]);

function items(r: Report): Map<string, Item> {
  const out = new Map<string, Item>();
  const put = (i: Item) => {
    const k = keyOf(i);
    const prev = out.get(k);
    // The same resource twice in one check: keep the worse, so a FAIL is never hidden.
    if (!prev || rank(i.status) < rank(prev.status)) out.set(k, i);
  };
  for (const c of r.controls) {
    put({ level: 'control', control: c.id, status: c.status, reason: c.reason });
    for (const k of c.checks) {
      const ext = k.extension ? { extension: true } : {};
      put({ level: 'check', control: c.id, service: k.service, ...ext, status: k.status, reason: k.reason });
      for (const g of k.regions) put({ level: 'region', control: c.id, service: k.service, ...ext, region: g.region, status: g.status, reason: g.reason });
      for (const x of k.resources) put({ level: 'resource', control: c.id, service: k.service, ...ext, region: x.region, resource: x.id, status: x.status, reason: x.reason });
    }
  }
  return out;
}

const ORDER: readonly DiffStatus[] = ['FAIL', 'ERROR', 'MANUAL', 'WAIVED', 'ATTESTED', 'PASS', 'NOT_APPLICABLE', 'SKIPPED', null];
const rank = (s: DiffStatus) => ORDER.indexOf(s);
const LEVELS: readonly DiffLevel[] = ['control', 'check', 'region', 'resource'];

export function diffReports(before: Report, after: Report): ReportDiff {
  const a = items(before);
  const b = items(after);
  const refs = new Map<string, { officialReferences: string[]; flag: string }>();
  for (const c of [...before.controls, ...after.controls]) refs.set(c.id, { officialReferences: [...c.officialReferences], flag: c.flag });
  // Document order: the newer report's controls first, then any only the older one had.
  const controlOrder = [...new Set([...after.controls.map((c) => c.id), ...before.controls.map((c) => c.id)])];

  const changes: DiffEntry[] = [];
  for (const k of new Set([...b.keys(), ...a.keys()])) {
    const old = a.get(k);
    const now = b.get(k);
    const kind = classifyChange(old?.status ?? null, now?.status ?? null);
    if (!kind) continue;
    const it = (now ?? old)!;
    const ref = refs.get(it.control) ?? { officialReferences: [], flag: 'UNMAPPED' };
    changes.push({
      kind,
      level: it.level,
      control: it.control,
      officialReferences: ref.officialReferences,
      flag: ref.flag,
      ...(it.service !== undefined ? { service: it.service } : {}),
      ...(it.extension ? { extension: true } : {}),
      ...(it.region !== undefined ? { region: it.region } : {}),
      ...(it.resource !== undefined ? { resource: it.resource } : {}),
      before: old?.status ?? null,
      after: now?.status ?? null,
      reason: (now ?? old)!.reason,
    });
  }
  changes.sort(
    (x, y) =>
      CHANGE_KINDS.indexOf(x.kind) - CHANGE_KINDS.indexOf(y.kind) ||
      controlOrder.indexOf(x.control) - controlOrder.indexOf(y.control) ||
      cmp(x.service ?? '', y.service ?? '') ||
      LEVELS.indexOf(x.level) - LEVELS.indexOf(y.level) ||
      cmp(x.region ?? '', y.region ?? '') ||
      cmp(x.resource ?? '', y.resource ?? ''),
  );

  const zero = () => Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>;
  const summary = zero();
  const controls = zero();
  for (const c of changes) {
    summary[c.kind] += 1;
    if (c.level === 'control') controls[c.kind] += 1;
  }

  const warnings: string[] = [];
  if (before.scan.account.id !== after.scan.account.id) warnings.push(`the reports are for different accounts (${before.scan.account.id} and ${after.scan.account.id})`);
  if (!before.scan.complete) warnings.push('the older scan was incomplete: some "new" results may only be newly evaluated');
  if (!after.scan.complete) warnings.push('the newer scan was incomplete: results it did not reach show as changed or gone');
  const onlyOld = before.controls.filter((c) => !after.controls.some((d) => d.id === c.id)).map((c) => c.id);
  const onlyNew = after.controls.filter((c) => !before.controls.some((d) => d.id === c.id)).map((c) => c.id);
  if (onlyOld.length) warnings.push(`controls only in the older report: ${onlyOld.join(', ')}`);
  if (onlyNew.length) warnings.push(`controls only in the newer report: ${onlyNew.join(', ')}`);
  const regionsOld = [...before.scan.regions].sort().join(',');
  const regionsNew = [...after.scan.regions].sort().join(',');
  if (regionsOld !== regionsNew) warnings.push(`scanned regions differ (${regionsOld || 'none'} → ${regionsNew || 'none'})`);

  const assets = assetChanges(before, after);
  if (!assets && (before.aiInventory || after.aiInventory)) warnings.push(`only the ${before.aiInventory ? 'older' : 'newer'} report has an AI inventory: AI assets are not compared`);
  return {
    before: side(before),
    after: side(after),
    regressed: summary['new-failure'] > 0 || summary['new-error'] > 0,
    summary,
    controls,
    warnings,
    changes,
    ...(assets ? { assets } : {}),
  };
}

/** AI assets added and removed between two inventories, by asset ID (an asset only referenced counts too). */
export function assetChanges(before: Report, after: Report): ReportDiff['assets'] | undefined {
  if (!before.aiInventory || !after.aiInventory) return undefined;
  const ref = (a: AssetRef): AssetRef => ({ id: a.id, kind: a.kind, name: a.name, ...(a.region ? { region: a.region } : {}) });
  const old = new Map(before.aiInventory.assets.map((a) => [a.id, a]));
  const now = new Map(after.aiInventory.assets.map((a) => [a.id, a]));
  const order = (x: AssetRef, y: AssetRef) => cmp(x.region ?? '', y.region ?? '') || cmp(x.kind, y.kind) || cmp(x.id, y.id);
  return {
    added: [...now.values()].filter((a) => !old.has(a.id)).map(ref).sort(order),
    removed: [...old.values()].filter((a) => !now.has(a.id)).map(ref).sort(order),
  };
}

/** 1 when something regressed, else 0. */
export function diffExitCode(d: ReportDiff): 0 | 1 {
  return d.regressed ? 1 : 0;
}

function side(r: Report): DiffSide {
  return { scanId: r.scan.id, accountId: r.scan.account.id, startedAt: r.scan.startedAt, complete: r.scan.complete, overall: r.summary.overall, toolVersion: r.tool.version };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Reading the inputs: report.json, a folder holding one (a scan's output or a pack folder), or an
// evidence pack .zip. Checked for exactly the fields the diff reads, so a report from an older
// minor version still compares, and a wrong file is named with the place it goes wrong. The diff
// does not verify a pack's hashes: `aims-scan verify` does.

/** Unreadable or malformed diff input: a usage error (exit 3). */
export class DiffInputError extends UsageError {}

export async function loadReport(input: string): Promise<Report> {
  if (!existsSync(input)) throw new DiffInputError(`${input}: no such file or folder`);
  let file = input;
  let text: string;
  if (statSync(input).isDirectory()) {
    file = join(input, 'report.json');
    if (!existsSync(file)) throw new DiffInputError(`${input}: folder has no report.json`);
    text = readText(file);
  } else if (isZipFile(input)) {
    file = `${input}!report.json`;
    text = await readFromPack(input);
  } else {
    text = readText(file);
  }
  return parseReport(text, file);
}

/** report.json text → Report, or a DiffInputError naming `file` and what is wrong. */
export function parseReport(text: string, file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new DiffInputError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const problem = reportShapeProblem(data);
  if (problem) throw new DiffInputError(`${file}: not an aims-scan report: ${problem}`);
  return data as Report;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new DiffInputError(`${file}: cannot read: ${(err as Error).message}`);
  }
}

function isZipFile(file: string): boolean {
  try {
    return /\.zip$/i.test(file) || isPackZip(file);
  } catch {
    return false;
  }
}

async function readFromPack(zip: string): Promise<string> {
  let pack: PackReader | undefined;
  try {
    pack = await openPack(zip);
    if (!pack.files.includes('report.json')) throw new DiffInputError(`${zip}: evidence pack has no report.json`);
    return await readPackText(pack, 'report.json');
  } catch (err) {
    if (err instanceof DiffInputError) throw err;
    throw new DiffInputError(`${zip}: cannot read the evidence pack: ${(err as Error).message}`);
  } finally {
    pack?.close();
  }
}

const STATUS_SET = new Set<string>(STATUSES);
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** The first place the data differs from what the diff needs, as a JSON path; undefined if fine. */
export function reportShapeProblem(d: unknown): string | undefined {
  if (!isObj(d)) return 'expected a JSON object';
  if (!isStr(d.schemaVersion) || !/^1\./.test(d.schemaVersion)) return `/schemaVersion: expected 1.x, got ${JSON.stringify(d.schemaVersion)?.slice(0, 40)}`;
  if (!isObj(d.tool) || !isStr(d.tool.version)) return '/tool/version: missing';
  const s = d.scan;
  if (!isObj(s)) return '/scan: missing';
  if (!isStr(s.id) || !isStr(s.startedAt) || typeof s.complete !== 'boolean') return '/scan: needs id, startedAt and complete';
  if (!isObj(s.account) || !isStr(s.account.id)) return '/scan/account/id: missing';
  if (!Array.isArray(s.regions) || !s.regions.every(isStr)) return '/scan/regions: expected a list of names';
  if (!isObj(d.summary) || !STATUS_SET.has(d.summary.overall as string)) return '/summary/overall: missing or not a status';
  if (!Array.isArray(d.controls)) return '/controls: expected a list';
  if (d.aiInventory !== undefined) {
    const inv = d.aiInventory;
    if (!isObj(inv) || !Array.isArray(inv.assets)) return '/aiInventory/assets: expected a list';
    for (const [i, a] of inv.assets.entries()) if (!isObj(a) || !isStr(a.id) || !isStr(a.kind) || !isStr(a.name) || (a.region !== undefined && !isStr(a.region))) return `/aiInventory/assets/${i}: needs id, kind and name`;
  }
  for (const [i, c] of d.controls.entries()) {
    const at = `/controls/${i}`;
    if (!isObj(c) || !isStr(c.id) || !isStr(c.flag) || !isStr(c.reason)) return `${at}: needs id, flag and reason`;
    if (!Array.isArray(c.officialReferences) || !c.officialReferences.every(isStr)) return `${at}/officialReferences: expected a list`;
    if (!STATUS_SET.has(c.status as string)) return `${at}/status: not a status`;
    if (!Array.isArray(c.checks)) return `${at}/checks: expected a list`;
    for (const [j, k] of c.checks.entries()) {
      const kat = `${at}/checks/${j}`;
      if (!isObj(k) || !isStr(k.service) || !isStr(k.reason)) return `${kat}: needs service and reason`;
      if (!STATUS_SET.has(k.status as string)) return `${kat}/status: not a status`;
      if (!Array.isArray(k.regions)) return `${kat}/regions: expected a list`;
      for (const [n, g] of k.regions.entries()) {
        if (!isObj(g) || !isStr(g.region) || !isStr(g.reason) || !(STATUS_SET.has(g.status as string) || g.status === 'SKIPPED')) return `${kat}/regions/${n}: needs region, status and reason`;
      }
      if (!Array.isArray(k.resources)) return `${kat}/resources: expected a list`;
      for (const [n, x] of k.resources.entries()) {
        if (!isObj(x) || !isStr(x.id) || !isStr(x.reason) || !STATUS_SET.has(x.status as string) || (x.region !== undefined && !isStr(x.region))) {
          return `${kat}/resources/${n}: needs id, status and reason`;
        }
      }
    }
  }
  return undefined;
}
