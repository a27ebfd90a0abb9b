// Runs the registry's probes for the selected controls over the scan's regions. Each probe's
// `collect` runs once per region however many controls use it; `evaluate` runs per control.
// A failure anywhere is contained to the (probe, region) it happened in.
import type { AwsAccess } from '../aws/access.js';
import { AwsCallError, type Absent } from '../aws/errors.js';
import { opKey, type OpSpec } from '../aws/ops.js';
import type { Partition } from '../aws/services.js';
import { aggregateStatus, type CheckResult, type RegionResult, type RegionStatus, type ResourceResult, type Status, type Verdict } from '../model.js';
import { declaredCalls, type CollectContext, type EvalContext, type Fact, type Probe, type ScanSettings } from './probe.js';
import type { Registry } from './registry.js';

export interface Identity {
  accountId: string;
  arn: string;
  partition: Partition;
}

export interface RunInput {
  access: AwsAccess;
  identity: Identity;
  regions: string[];
  controlIds: string[];
  registry: Registry;
  settings: ScanSettings;
  now: Date;
  /** Set when the scan is being interrupted: probes not yet started are reported as ERROR. */
  signal?: AbortSignal;
}

export interface ControlRun {
  id: string;
  status: Status;
  reason: string;
  checks: CheckResult[];
}

export interface RunOutput {
  controls: ControlRun[];
  /** Values of facts computed during the scan, by fact id then region (e.g. the AI inventory). */
  facts: Record<string, Record<string, unknown>>;
}

interface Collected {
  facts?: unknown;
  failure?: { status: RegionStatus; reason: string };
  touched: Set<string>;
}

/** The region label for probes that run once per scan. */
export const GLOBAL = 'global';

export async function runScan(input: RunInput): Promise<RunOutput> {
  const { access, identity, registry, settings, now } = input;
  const collectMemo = new Map<string, Promise<Collected>>();
  const factMemo = new Map<string, Promise<{ value?: unknown; error?: unknown; touched: Set<string> }>>();

  const makeCtx = (region: string, allowed: Map<string, OpSpec>, touched: Set<string>, tracker: Tracker = newTracker()): CollectContext => {
    const track = tracked(tracker);
    const check = (o: OpSpec) => {
      if (!allowed.has(opKey(o))) throw new Error(`probe called undeclared operation ${opKey(o)}; declare it in the probe's calls`);
    };
    const regionOf = (opts?: { region?: string }) => opts?.region ?? (region === GLOBAL ? access.homeRegion : region);
    const ctx: CollectContext = {
      region: region === GLOBAL ? access.homeRegion : region,
      homeRegion: access.homeRegion,
      partition: identity.partition,
      accountId: identity.accountId,
      now,
      settings,
      regions: input.regions,
      call: (o, i, opts) => (check(o), track(access.call(o, regionOf(opts), i, touched))),
      callOrAbsent: (o, i, opts) => (check(o), track(access.callOrAbsent(o, regionOf(opts), i, touched))) as Promise<never | Absent>,
      pages: (o, i, opts) => (check(o), track(access.pages(o, regionOf(opts), i, touched))),
      all: (o, i, k, opts) => (check(o), track(access.all(o, regionOf(opts), i, k, touched, opts?.require))),
      use: <T>(fact: Fact<T>, opts?: { region?: string }): Promise<T> => track(useFact(fact, opts)),
    };
    const useFact = async <T>(fact: Fact<T>, opts?: { region?: string }): Promise<T> => {
        const r = fact.scope === 'global' ? GLOBAL : regionOf(opts);
        const key = `${fact.id}|${r}`;
        let m = factMemo.get(key);
        if (!m) {
          const ft = new Set<string>();
          const ftracker = newTracker();
          const fctx = makeCtx(r, new Map(declaredCalls(fact).map((c) => [opKey(c), c])), ft, ftracker);
          m = fact.collect(fctx).then(
            (value) => ({ value, touched: ft }),
            async (error) => ({ error: await settledFailure(error, ftracker), touched: ft }),
          );
          factMemo.set(key, m);
        }
        const res = await m;
        for (const id of res.touched) touched.add(id);
        if (res.error !== undefined) throw res.error;
        return res.value as T;
    };
    return ctx;
  };

  const collect = (probe: Probe, region: string): Promise<Collected> => {
    const key = `${probe.id}|${region}`;
    let m = collectMemo.get(key);
    if (!m) {
      const touched = new Set<string>();
      const allowed = new Map(declaredCalls(probe).map((c) => [opKey(c), c]));
      const tracker = newTracker();
      m = (async (): Promise<Collected> => {
        if (input.signal?.aborted) return { failure: { status: 'ERROR', reason: 'scan interrupted before this probe ran' }, touched };
        try {
          const facts = await probe.collect(makeCtx(region, allowed, touched, tracker));
          return { facts, touched };
        } catch (err) {
          return { failure: failureOf(await settledFailure(err, tracker)), touched };
        }
      })();
      collectMemo.set(key, m);
    }
    return m;
  };

  const evaluateRegion = async (probe: Probe, control: string, region: string): Promise<{ region: string; result: RegionResult; verdict?: Verdict; touched: Set<string> }> => {
    const c = await collect(probe, region);
    if (c.failure) return { region, result: { region, ...c.failure }, touched: c.touched };
    const ectx: EvalContext = { control, region: region === GLOBAL ? access.homeRegion : region, accountId: identity.accountId, partition: identity.partition, now, settings };
    let verdict: Verdict;
    try {
      verdict = probe.evaluate(c.facts, ectx);
      if (!verdict || typeof verdict.status !== 'string' || typeof verdict.reason !== 'string') throw new Error('evaluation returned no verdict');
    } catch (err) {
      verdict = { status: 'ERROR', reason: `could not evaluate the recorded answers: ${(err as Error).message}` };
    }
    // Never a PASS that no recorded call supports.
    if (verdict.status === 'PASS' && c.touched.size === 0) verdict = { status: 'ERROR', reason: 'no recorded evidence behind a passing verdict' };
    return { region, result: { region, status: verdict.status, reason: verdict.reason }, verdict, touched: c.touched };
  };

  const runCheck = async (probe: Probe, control: string, extension: boolean): Promise<CheckResult> => {
    const regions = probe.scope === 'global' ? [GLOBAL] : input.regions;
    const per = await Promise.all(regions.map((r) => evaluateRegion(probe, control, r)));
    return combine(probe, per, extension, settings);
  };

  // Base facts (the AI inventory) are part of every report; a failure here only leaves them out.
  const baseCtx = (region: string) => makeCtx(region, new Map(), new Set());
  const base = Promise.all(registry.baseFacts.flatMap((f) => (f.scope === 'global' ? [GLOBAL] : input.regions).map((r) => baseCtx(r).use(f).catch(() => undefined))));

  const controls: ControlRun[] = await Promise.all(
    input.controlIds.map(async (id) => {
      const control = registry.control(id);
      const checks: CheckResult[] = await Promise.all([
        ...control.mappings.map((m) => {
          const probe = registry.probeFor(m.service);
          return probe ? runCheck(probe, id, false) : Promise.resolve(noProbe(m.service));
        }),
        ...registry.extensionsFor(id).map((p) => runCheck(p, id, true)),
      ]);
      return { id, ...controlVerdict(checks), checks };
    }),
  );

  await base;
  const facts: Record<string, Record<string, unknown>> = {};
  for (const [key, p] of factMemo) {
    const [fid, region] = key.split('|');
    const r = await p;
    if (r.error === undefined) (facts[fid] ??= {})[region] = r.value;
  }
  return { controls, facts };
}

/** The calls a collect started, so a failure can wait for them all before it is reported. */
interface Tracker {
  pending: Set<Promise<unknown>>;
  errors: AwsCallError[];
}

function newTracker(): Tracker {
  return { pending: new Set(), errors: [] };
}

function tracked(t: Tracker) {
  return <T>(p: Promise<T>): Promise<T> => {
    t.pending.add(p);
    p.then(
      () => t.pending.delete(p),
      (e) => {
        t.pending.delete(p);
        if (e instanceof AwsCallError) t.errors.push(e);
      },
    );
    return p;
  };
}

/**
 * When a collect fails, calls it started may still be in flight, and which failure surfaced
 * first depends on timing. Wait for all of them (so the evidence is complete) and report the
 * failure of the same kind with the smallest call ID: the same scan always says the same thing.
 */
async function settledFailure(err: unknown, t: Tracker): Promise<unknown> {
  while (t.pending.size) await Promise.allSettled([...t.pending]);
  if (!(err instanceof AwsCallError)) return err;
  const same = t.errors.filter((e) => e.kind === err.kind);
  same.sort((a, b) => (a.callIdRef ?? a.reason).localeCompare(b.callIdRef ?? b.reason));
  return same[0] ?? err;
}

function failureOf(err: unknown): { status: RegionStatus; reason: string } {
  if (err instanceof AwsCallError) {
    if (err.kind === 'unavailable' || err.kind === 'region-disabled') return { status: 'SKIPPED', reason: err.reason };
    return { status: 'ERROR', reason: err.reason };
  }
  const msg = err instanceof Error ? err.message : String(err);
  return { status: 'ERROR', reason: `could not evaluate: unparsable answer or probe fault (${msg.split('\n')[0].slice(0, 300)})` };
}

function noProbe(service: string): CheckResult {
  return {
    service,
    probe: null,
    extension: false,
    status: 'MANUAL',
    reason: 'no automated probe yet: attest this mapping manually',
    code: 'NO_PROBE',
    severity: 'informational',
    remediation: null,
    availability: null,
    resources: [],
    regions: [],
    warnings: [],
    evidence: [],
  };
}

function combine(probe: Probe, per: { region: string; result: RegionResult; verdict?: Verdict; touched: Set<string> }[], extension: boolean, settings: ScanSettings): CheckResult {
  const evaluated = per.filter((p) => p.result.status !== 'SKIPPED');
  let status: Status;
  let reason: string;
  let code = undefined as Verdict['code'];
  if (evaluated.length === 0) {
    status = 'ERROR';
    reason = `not evaluated: skipped in every scanned region (${per[0]?.result.reason ?? 'no regions'})`;
  } else {
    status = aggregateStatus(evaluated.map((p) => p.result.status as Status));
    const same = evaluated.filter((p) => p.result.status === status);
    code = same.find((p) => p.verdict?.code)?.verdict?.code;
    reason = summarize(same.map((p) => ({ region: p.region, reason: p.result.reason })), per.length > 1);
  }
  if (probe.availability && (status === 'FAIL' || (status === 'MANUAL' && code === 'NOT_IN_USE'))) {
    if (settings.acceptAlternatives && status === 'FAIL') {
      status = 'MANUAL';
      reason = `${reason} — ${probe.availability}; an alternative is accepted by configuration: attest it`;
    } else {
      reason = `${reason} — ${probe.availability}`;
    }
  }
  const resources: ResourceResult[] = [];
  const warnings = new Set<string>();
  const evidence = new Set<string>();
  for (const p of per) {
    for (const r of p.verdict?.resources ?? []) resources.push({ ...r, region: r.region ?? (p.region === GLOBAL ? undefined : p.region) });
    for (const w of p.verdict?.warnings ?? []) warnings.add(per.length > 1 ? `${p.region}: ${w}` : w);
    for (const id of p.touched) evidence.add(id);
  }
  resources.sort((a, b) => (a.region ?? '').localeCompare(b.region ?? '') || a.id.localeCompare(b.id));
  return {
    service: probe.service,
    probe: probe.id,
    extension,
    status,
    reason,
    ...(code ? { code } : {}),
    severity: probe.severity,
    remediation: status === 'PASS' || status === 'NOT_APPLICABLE' ? null : probe.remediation,
    availability: probe.availability ?? null,
    resources,
    regions: per.map((p) => p.result).sort((a, b) => a.region.localeCompare(b.region)),
    warnings: [...warnings].sort(),
    evidence: [...evidence].sort(),
  };
}

function summarize(items: { region: string; reason: string }[], multi: boolean): string {
  if (!multi || items.length === 0) return items[0]?.reason ?? '';
  const distinct = new Set(items.map((i) => i.reason));
  if (distinct.size === 1) return items.length === 1 ? `${items[0].region}: ${items[0].reason}` : `${items.length} regions: ${items[0].reason}`;
  const shown = items.slice(0, 3).map((i) => `${i.region}: ${i.reason}`);
  return shown.join('; ') + (items.length > 3 ? `; +${items.length - 3} more regions` : '');
}

export function controlVerdict(checks: CheckResult[]): { status: Status; reason: string } {
  const status = aggregateStatus(checks.map((c) => c.status));
  const hit = checks.filter((c) => c.status === status);
  const names = hit.map((c) => c.service).join(', ');
  const word: Record<Status, string> = { PASS: 'pass', FAIL: 'fail', ERROR: 'could not be evaluated', MANUAL: 'need attestation', NOT_APPLICABLE: 'are not applicable', WAIVED: 'are waived', ATTESTED: 'are attested' };
  if (checks.length === 0) return { status, reason: 'no mapped services' };
  return { status, reason: `${hit.length} of ${checks.length} mapped services ${word[status]}: ${names}` };
}
