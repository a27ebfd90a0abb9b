// Runs the registry's probes for the selected controls over the scan's regions. Each probe's
// `collect` runs once per region however many controls use it; `evaluate` runs per control.
// A failure anywhere is contained to the (probe, region) it happened in.
import type { AwsAccess } from '../aws/access.js';
import { AwsCallError, matchesAbsent, type Absent } from '../aws/errors.js';
import { describeCauses, noteUnknowns, UnknownEvidence, sortCauses, type Cause, type Ev, type ListEv } from './evidence.js';
import { opKey, type OpSpec } from '../aws/ops.js';
import type { Partition } from '../aws/services.js';
import { aggregateStatus, STATUS_ORDER, type CheckResult, type RegionResult, type RegionStatus, type ResourceResult, type Status, type Verdict } from '../model.js';
import { declaredCalls, undecided, type CollectContext, type EvalContext, type Fact, type NewestList, type Probe, type ScanSettings } from './probe.js';
import type { Registry } from './registry.js';
import { describeChecks } from '../../reports/extensions.js';

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
  /** The enabled regions could not be listed: regions beyond `regions` are unknown for every regional check. */
  unlistedRegions?: Cause;
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
  failure?: { status: RegionStatus; reason: string; missing?: Cause[] };
  touched: Set<string>;
}

/** The region label for probes that run once per scan. */
export const GLOBAL = 'global';

export async function runScan(runInput: RunInput): Promise<RunOutput> {
  // Regions in one order whatever order they were given in: reasons list them in that order.
  const input = { ...runInput, regions: [...new Set(runInput.regions)].sort() };
  const { access, identity, registry, settings, now } = input;
  const collectMemo = new Map<string, Promise<Collected>>();
  const factMemo = new Map<string, Promise<{ value?: unknown; error?: unknown; touched: Set<string> }>>();

  const makeCtx = (region: string, allowed: Map<string, OpSpec>, touched: Set<string>, tracker: Tracker = newTracker()): CollectContext => {
    const track = tracked(tracker);
    // Reads turn a failure into an Unknown the probe handles: waited for, never a collect failure.
    const quiet = tracked(tracker, false);
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
      read: (o, i, opts) => (check(o), settleEv(quiet(access.call(o, regionOf(opts), i, touched)), opts?.resource)),
      readOrAbsent: (o, i, opts) => (check(o), settleEv(quiet(access.callOrAbsent(o, regionOf(opts), i, touched)), opts?.resource)) as Promise<Ev<never>>,
      list: (o, i, k, opts) => {
        check(o);
        return quiet(access.pagesPartial(o, regionOf(opts), i, touched)).then((r) => listOf(access, o, regionOf(opts), r, k, opts)) as Promise<ListEv<never>>;
      },
      readPages: (o, i, opts) => {
        check(o);
        return quiet(access.pagesPartial(o, regionOf(opts), i, touched, opts?.maxPages)).then((r) => ({ pages: r.pages, complete: !r.error, causes: r.error ? [causeOf(r.error, opts?.resource)] : [] }));
      },
      listNewest: (o, i, k, cap, opts) => (check(o), quiet(newest(access, o, regionOf(opts), i, k, cap, touched, opts)) as Promise<NewestList<never>>),
      regionUnreachable: (causes, r) => regionUnreachable(causes, r, access.homeRegion),
    };
    const useFact = async <T>(fact: Fact<T>, opts?: { region?: string }): Promise<T> => {
        const r = fact.scope === 'global' ? GLOBAL : regionOf(opts);
        const key = `${fact.id}|${r}`;
        let m = factMemo.get(key);
        if (!m) {
          const ft = new Set<string>();
          const ftracker = newTracker();
          const fctx = makeCtx(r, new Map(declaredCalls(fact).map((c) => [opKey(c), c])), ft, ftracker);
          const raised: Cause[] = [];
          m = noteUnknowns(raised, () => fact.collect(fctx)).then(
            (value) => ({ value, touched: ft }),
            async (error) => ({ error: await settledFailure(error, ftracker, raised), touched: ft }),
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
        const raised: Cause[] = [];
        try {
          const facts = await noteUnknowns(raised, () => probe.collect(makeCtx(region, allowed, touched, tracker)));
          return { facts, touched };
        } catch (err) {
          return { failure: failureOf(await settledFailure(err, tracker, raised), region === GLOBAL ? undefined : region, touched), touched };
        }
      })();
      collectMemo.set(key, m);
    }
    return m;
  };

  /**
   * A region the probe could not reach at all is SKIPPED, not ERROR (probes.md §5.2): every
   * unknown that decides it says the service is not offered there or the region is off, or every
   * call the probe made there was refused by a service control policy. Decided from the recorded
   * answers alone, so a replay skips the same regions.
   */
  const skippedRegion = (v: { missing?: Cause[] }, region: string | undefined, touched: Set<string>): string | undefined => {
    if (!region) return undefined;
    const causes = v.missing ?? [];
    if (causes.length && causes.every((x) => x.region === region && (x.kind === 'unavailable' || x.kind === 'region-disabled'))) return causes[0].detail;
    const here = [...touched].filter((id) => access.records.get(id)?.region === region);
    if (here.length && region !== access.homeRegion && here.every((id) => access.errorKinds.get(id) === 'scp')) return `every call in ${region} was denied by a service control policy: region not scanned`;
    return undefined;
  };

  const failureOf = (err: unknown, region: string | undefined, touched: Set<string>): { status: RegionStatus; reason: string; missing?: Cause[] } => {
    if (err instanceof UnknownEvidence) {
      const skip = skippedRegion({ missing: err.causes }, region, touched);
      return skip ? { status: 'SKIPPED', reason: skip } : { status: 'ERROR', reason: undecided(err.causes).reason, missing: sortCauses(err.causes) };
    }
    if (err instanceof AwsCallError) {
      if (err.kind === 'unavailable' || err.kind === 'region-disabled') return { status: 'SKIPPED', reason: err.reason };
      const cause = causeOf(err);
      const skip = skippedRegion({ missing: [cause] }, region, touched);
      if (skip) return { status: 'SKIPPED', reason: skip };
      return { status: 'ERROR', reason: err.reason, missing: [cause] };
    }
    const msg = err instanceof Error ? err.message : String(err);
    return { status: 'ERROR', reason: `could not evaluate: unparsable answer or probe fault (${msg.split('\n')[0].slice(0, 300)})` };
  };

  const evaluateRegion = async (probe: Probe, control: string, region: string): Promise<{ region: string; result: RegionResult; verdict?: Verdict; touched: Set<string> }> => {
    const c = await collect(probe, region);
    if (c.failure) return { region, result: { region, ...c.failure }, touched: c.touched };
    const ectx: EvalContext = { control, region: region === GLOBAL ? access.homeRegion : region, accountId: identity.accountId, partition: identity.partition, now, settings };
    let verdict: Verdict;
    try {
      verdict = probe.evaluate(c.facts, ectx);
      if (!verdict || typeof verdict.status !== 'string' || typeof verdict.reason !== 'string') throw new Error('evaluation returned no verdict');
      // An answer of the wrong type (a number where AWS sends a region name) is unparsable, never data.
      const bad = verdict.resources?.find((r) => typeof r.id !== 'string' || typeof r.reason !== 'string' || (r.region !== undefined && typeof r.region !== 'string'));
      if (bad) throw new Error(`a resource in the answers has a malformed identifier or region (${JSON.stringify(bad.id)?.slice(0, 80)})`);
    } catch (err) {
      verdict = err instanceof UnknownEvidence ? undecided(err.causes) : { status: 'ERROR', reason: `could not evaluate the recorded answers: ${(err as Error).message}` };
    }
    // Never a PASS that no recorded call supports.
    if (verdict.status === 'PASS' && c.touched.size === 0) verdict = { status: 'ERROR', reason: 'no recorded evidence behind a passing verdict' };
    const skipped = verdict.status === 'ERROR' ? skippedRegion(verdict, region === GLOBAL ? undefined : region, c.touched) : undefined;
    if (skipped) return { region, result: { region, status: 'SKIPPED', reason: skipped }, touched: c.touched };
    const missing = verdict.missing?.length ? { missing: sortCauses(verdict.missing) } : {};
    return { region, result: { region, status: verdict.status, reason: verdict.reason, ...missing }, verdict, touched: c.touched };
  };

  const runCheck = async (probe: Probe, control: string, extension: boolean): Promise<CheckResult> => {
    const regions = probe.scope === 'global' ? [GLOBAL] : input.regions;
    const per = await Promise.all(regions.map((r) => evaluateRegion(probe, control, r)));
    // Regions the scan could not list may hold what a regional check looks for: they are unknown,
    // so a FAIL found in the scanned regions stands, and nothing else is decided.
    if (probe.scope === 'regional' && input.unlistedRegions) {
      const u = input.unlistedRegions;
      per.push({ region: 'other regions', result: { region: 'other regions', status: 'ERROR', reason: undecided([u], 'the enabled regions could not be listed, so regions beyond the scanned ones are unknown').reason, missing: [u] }, touched: new Set() });
    }
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
  /** Failures of calls made with the throwing API (call, all, use …), not of reads the probe handles. */
  errors: (AwsCallError | UnknownEvidence)[];
}

function newTracker(): Tracker {
  return { pending: new Set(), errors: [] };
}

function tracked(t: Tracker, noteErrors = true) {
  return <T>(p: Promise<T>): Promise<T> => {
    t.pending.add(p);
    p.then(
      () => t.pending.delete(p),
      (e) => {
        t.pending.delete(p);
        if (noteErrors && (e instanceof AwsCallError || e instanceof UnknownEvidence)) t.errors.push(e);
      },
    );
    return p;
  };
}

/**
 * When a collect fails, calls it started may still be in flight, and which failure surfaced
 * first depends on timing. Wait for all of them, then report every unknown the collect met (the
 * failed calls it made and the unknowns it raised), sorted: the same scan always says the same.
 */
async function settledFailure(err: unknown, t: Tracker, raised: Cause[] = []): Promise<unknown> {
  while (t.pending.size) await Promise.allSettled([...t.pending]);
  if (!(err instanceof AwsCallError) && !(err instanceof UnknownEvidence)) return err;
  const causes = [...raised, ...(err instanceof UnknownEvidence ? err.causes : [causeOf(err)])];
  for (const e of t.errors) causes.push(...(e instanceof UnknownEvidence ? e.causes : [causeOf(e)]));
  const all = sortCauses(causes);
  // A single failed call keeps its own words (and its kind, for a region the service is not in).
  if (err instanceof AwsCallError && all.length === 1) return err;
  return new UnknownEvidence(all);
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
  const decidedAnyway: string[] = [];
  if (evaluated.length === 0) {
    status = 'ERROR';
    reason = `not evaluated: skipped in every scanned region (${per[0]?.result.reason ?? 'no regions'})`;
  } else {
    status = aggregateStatus(evaluated.map((p) => p.result.status as Status));
    // An undecided region that says which statuses it could still take: when every completion
    // gives the check the same status, the check is decided (aggregation is monotone, so the
    // worst and the best completion bound every other one).
    const open = evaluated.filter((p) => p.result.status === 'ERROR');
    if (open.length && open.every((p) => p.verdict?.possible?.length)) {
      const rank = (x: Status) => STATUS_ORDER.indexOf(x);
      const pick = (p: (typeof evaluated)[number], worst: boolean): Status => {
        const ps = [...(p.verdict?.possible ?? [])].sort((a, b) => rank(a) - rank(b));
        return p.result.status === 'ERROR' ? (worst ? ps[0] : ps[ps.length - 1]) : (p.result.status as Status);
      };
      const worst = aggregateStatus(evaluated.map((p) => pick(p, true)));
      const best = aggregateStatus(evaluated.map((p) => pick(p, false)));
      if (worst === best) {
        status = worst;
        for (const p of open) decidedAnyway.push(`${p.region} undecided (${describeCauses(p.result.missing ?? [], 2)}), but every answer it could give leaves this check ${worst}`);
      }
    }
    const same = evaluated.filter((p) => p.result.status === status);
    code = same.find((p) => p.verdict?.code)?.verdict?.code;
    reason = same.length
      ? summarize(same.map((p) => ({ region: p.region, reason: p.result.reason })), per.length > 1)
      : `${status} whatever the missing answers hold: ${summarize(evaluated.map((p) => ({ region: p.region, reason: p.result.reason })), per.length > 1)}`;
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
  const missing: Cause[] = [];
  for (const p of per) {
    if (p.result.status === 'ERROR') missing.push(...(p.result.missing ?? []));
    for (const r of p.verdict?.resources ?? []) {
      resources.push({ ...r, region: r.region ?? (p.region === GLOBAL ? undefined : p.region) });
      if (r.status === 'ERROR') missing.push(...(r.missing ?? []));
    }
    for (const w of p.verdict?.warnings ?? []) warnings.add(per.length > 1 ? `${p.region}: ${w}` : w);
    for (const w of decidedAnyway.splice(0)) warnings.add(w);
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
    ...(missing.length ? { missing: sortCauses(missing) } : {}),
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
  // Extensions are counted apart from the document's mapped services (reports/extensions.ts).
  return { status: aggregateStatus(checks.map((c) => c.status)), reason: describeChecks(checks) };
}

/** The cause an AWS error leaves behind: which call, where, and why. */
export function causeOf(err: AwsCallError, resource?: string): Cause {
  const kind = err.info.name === 'MalformedAnswer' ? 'malformed' : err.kind;
  return {
    action: err.where?.action ?? '',
    region: err.where?.region ?? '',
    ...(resource ? { resource } : {}),
    kind,
    detail: err.reason,
    ...(err.callIdRef ? { call: err.callIdRef } : {}),
    ...(err.info?.name && err.info.name !== 'Error' ? { error: err.info.name } : {}),
  };
}

async function settleEv<T>(p: Promise<T>, resource?: string): Promise<Ev<T>> {
  try {
    return { known: true, value: await p };
  } catch (err) {
    if (err instanceof AwsCallError) return { known: false, causes: [causeOf(err, resource)] };
    throw err;
  }
}

function listOf<O extends object, K extends keyof O>(access: AwsAccess, o: OpSpec<object, O>, region: string, r: { pages: O[]; error?: AwsCallError }, k: K, opts?: { require?: readonly string[]; resource?: string }): ListEv<unknown> {
  // A declared "not configured" answer on the first page (e.g. a service never initialised) is a
  // known empty list, as callOrAbsent would read it.
  if (r.error && r.pages.length === 0 && matchesAbsent(r.error.info, o.absent)) return { items: [], complete: true, causes: [], absent: true };
  const causes: Cause[] = r.error ? [causeOf(r.error, opts?.resource)] : [];
  try {
    return { items: access.itemsOf(o, region, r.pages, k, opts?.require), complete: !r.error, causes };
  } catch (err) {
    // A malformed page: nothing from this listing can be trusted.
    if (err instanceof AwsCallError) return { items: [], complete: false, causes: [...causes, causeOf(err, opts?.resource)] };
    throw err;
  }
}

/** Pages a newest-first listing may take (the engine's cap for a full listing is the same). */
const MAX_NEWEST_PAGES = 1000;

async function newest<I extends object, O extends object, K extends keyof O>(access: AwsAccess, o: OpSpec<I, O>, region: string, input: I, key: K, cap: number, touched: Set<string>, opts?: { require?: readonly string[]; resource?: string }): Promise<NewestList<unknown>> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  const where = { action: o.action, region: access.regionOf(o, region) };
  // The op's own paging tokens (NextToken, nextToken, Marker …); NextToken when it declares none.
  const paging = o.paginate ?? { inputToken: 'NextToken', outputToken: 'NextToken' };
  const cut = (err: AwsCallError): NewestList<unknown> => ({ items: items.slice(0, cap), complete: false, causes: [causeOf(err, opts?.resource)], truncated: false });
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_NEWEST_PAGES) return cut(new AwsCallError('pagination', `${o.action} returned more than ${MAX_NEWEST_PAGES} pages`, { name: 'PageCapReached', message: `page cap ${MAX_NEWEST_PAGES}` }, undefined, where));
    let answer: O;
    try {
      answer = await access.call(o, region, (token ? { ...input, [paging.inputToken]: token } : input) as I, touched);
      items.push(...access.itemsOf(o, region, [answer], key, opts?.require));
    } catch (err) {
      if (err instanceof AwsCallError) return cut(err);
      throw err;
    }
    const next = (answer as Record<string, unknown>)[paging.outputToken];
    token = typeof next === 'string' && next ? next : undefined;
    if (token && seen.has(token)) return cut(new AwsCallError('pagination', `${o.action} repeated pagination token; stopped instead of looping`, { name: 'RepeatedToken', message: 'repeated pagination token' }, undefined, where));
    if (token) seen.add(token);
    if (items.length >= cap) return { items: items.slice(0, cap), complete: true, causes: [], truncated: items.length > cap || !!token };
    if (!token) return { items, complete: true, causes: [], truncated: false };
  }
}

/** Service absent, region off, or SCP-denied, in a region other than the home region. */
function regionUnreachable(causes: readonly Cause[], region: string, home: string): Cause | undefined {
  if (region === home) return undefined;
  return causes.find((c) => c.region === region && (c.kind === 'unavailable' || c.kind === 'region-disabled' || c.kind === 'scp'));
}
