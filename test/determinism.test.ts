// Same account state, same verdicts (issue 15): whatever the retries, the order answers arrive in,
// or whether the answers come live or from the recording; a region denied by an SCP is SKIPPED and
// shown in the coverage section; a replay asks the recorded scan's own questions.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../checks/crosswalk.js';
import { defaultRegistry } from '../checks/registry.js';
import { parseRecording, serializeRecording, ReplayTransport } from '../src/aws/recording.js';
import type { Answer, CallRequest, Transport } from '../src/aws/transport.js';
import type { Report } from '../src/engine/report.js';
import { aggregateStatus, type Status } from '../src/model.js';
import { DEFAULT_OPTIONS, scan, type ScanOptions } from '../src/scan.js';
import { registryOps } from '../src/sim/catalog.js';
import { DEMO_HOME_REGION, DEMO_NOW, demoAccount } from '../src/sim/demo-account.js';
import { simulate } from '../src/sim/index.js';
import { RateModel } from '../src/sim/rate.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'aims-determinism-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const registry = defaultRegistry();
const deps = { registry, crosswalk: crosswalkLookup };
const base = (): ScanOptions => ({ ...DEFAULT_OPTIONS, out: tmp(), homeRegion: DEMO_HOME_REGION, now: DEMO_NOW });

/** What a verdict is made of, per check: status, reason, resources and what is missing. Not times, not call counts. */
function verdicts(r: Report) {
  return r.controls.flatMap((c) =>
    c.checks.map((k) => ({ key: `${c.id} / ${k.service}`, status: k.status, reason: k.reason, resources: k.resources, regions: k.regions, missing: k.missing ?? [] })),
  );
}

/** The demo account through the simulated AWS: latency drawn per call from `seed`, AWS's rate limits, SDK retries up to `maxAttempts`. */
async function simulatedScan(seed: number, maxAttempts: number, wrap: (t: Transport) => Transport = (t) => t, extra: Partial<ScanOptions> = {}) {
  const sim = simulate(demoAccount(), {
    ops: registryOps(registry),
    pageSize: 2,
    latency: { meanMs: 2, jitter: 0.5 },
    rates: new RateModel(),
    seed,
    retry: { maxAttempts, mode: 'standard', seed },
  });
  return scan({ ...base(), maxAttempts, transport: wrap(sim.transport), ...extra }, deps);
}

/** Every call in `region` refused by a service control policy, as AWS answers with an SCP guard on aws:RequestedRegion. */
function scpDenies(region: string) {
  return (inner: Transport): Transport => ({
    kind: inner.kind,
    send: async (req: CallRequest): Promise<Answer> => {
      if (req.region !== region) return inner.send(req);
      return {
        error: {
          name: 'AccessDeniedException',
          message: `User: arn:aws:sts::111122223333:assumed-role/aims-scan-readonly/aims-scan is not authorized to perform: ${req.service}:${req.operation} with an explicit deny in a service control policy`,
          httpStatus: 403,
        },
        attempts: 1,
      };
    },
  });
}

describe('same account, same verdicts', () => {
  let reference: Awaited<ReturnType<typeof simulatedScan>>;
  beforeAll(async () => {
    reference = await simulatedScan(1, 5);
  }, 120_000);

  it('does not depend on retries or on the order answers arrive in', async () => {
    const oneAttempt = await simulatedScan(2, 1);
    const shuffled = await simulatedScan(3, 5);
    expect(verdicts(oneAttempt.report)).toEqual(verdicts(reference.report));
    expect(verdicts(shuffled.report)).toEqual(verdicts(reference.report));
    // The scope (every resource judged) is the same too: the AI bucket set does not move with retries.
    const buckets = (r: Report) => r.controls.find((c) => c.id === '7.5')!.checks.find((k) => k.service === 'Amazon S3')!.resources.map((x) => x.id);
    expect(buckets(oneAttempt.report)).toEqual(buckets(reference.report));
    expect(buckets(reference.report).length).toBeGreaterThan(1);
  }, 120_000);

  it('replays the live recording to identical verdicts, reasons and resource lists, without naming regions or controls', async () => {
    const replay = await scan({ ...base(), homeRegion: undefined, now: undefined, replay: reference.files.calls }, deps);
    expect(replay.report.scan.regions).toEqual(reference.report.scan.regions);
    expect(verdicts(replay.report)).toEqual(verdicts(reference.report));
  }, 60_000);

  it('replays a partly visible scan (a region denied by an SCP) to the same verdicts', async () => {
    const partial = await simulatedScan(4, 5, scpDenies('eu-west-1'));
    const replay = await scan({ ...base(), homeRegion: undefined, now: undefined, replay: partial.files.calls }, deps);
    expect(verdicts(replay.report)).toEqual(verdicts(partial.report));
  }, 120_000);
});

describe('a region denied by a service control policy', () => {
  let clear: Report;
  let denied: Report;
  beforeAll(async () => {
    clear = (await simulatedScan(5, 5)).report;
    denied = (await simulatedScan(5, 5, scpDenies('ap-southeast-2'))).report;
  }, 120_000);

  it('is SKIPPED with that reason in every regional check, never ERROR', () => {
    const rows = denied.controls.flatMap((c) => c.checks).flatMap((k) => k.regions.filter((r) => r.region === 'ap-southeast-2'));
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) expect(r, JSON.stringify(r)).toMatchObject({ status: 'SKIPPED', reason: expect.stringMatching(/service control policy/) });
  });

  it('is listed as skipped in the coverage section, the other regions as scanned', () => {
    const cov = Object.fromEntries((denied.coverage?.regions ?? []).map((r) => [r.region, r]));
    expect(cov['ap-southeast-2']).toMatchObject({ status: 'skipped', evaluated: 0 });
    expect(cov['ap-southeast-2'].reasons.join(' ')).toMatch(/service control policy/);
    expect(cov['ap-southeast-2'].skipped).toBeGreaterThan(20);
    expect(cov['us-east-1'].status).not.toBe('skipped');
    expect(clear.coverage?.regions.find((r) => r.region === 'ap-southeast-2')?.status).not.toBe('skipped');
  });

  it('leaves every verdict as the other regions decide it', () => {
    // A regional check is judged by the regions the scan could read; a global one is unchanged
    // (trails, buckets and other account-wide facts are read from the regions that answer).
    const expected = new Map(
      verdicts(clear).map((v) => {
        const others = v.regions.filter((r) => r.region !== 'ap-southeast-2');
        const regional = v.regions.length > 1;
        return [v.key, regional ? aggregateStatus(others.map((r) => r.status as Status)) : v.status];
      }),
    );
    const changed = verdicts(denied).filter((v) => expected.get(v.key) !== v.status);
    expect(changed.map((c) => `${c.key}: expected ${expected.get(c.key)}, got ${c.status} — ${c.reason.slice(0, 160)}`)).toEqual([]);
  });
});

describe('replay asks the recorded scan its own questions', () => {
  let twoRegions: Awaited<ReturnType<typeof scan>>;
  beforeAll(async () => {
    const rec = parseRecording(readFileSync(join(__dirname, '..', 'demo', 'account', 'calls.jsonl'), 'utf8'));
    twoRegions = await scan({ ...base(), regions: ['us-east-1', 'eu-west-1'], controls: ['A.6', 'A.11'], transport: new ReplayTransport(rec) }, deps);
  }, 60_000);

  it('keeps the regions, controls and settings in the recording header', () => {
    const header = parseRecording(readFileSync(twoRegions.files.calls, 'utf8')).header;
    expect(header.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(header.controls).toEqual(['A.6', 'A.11']);
    expect(header.settings).toMatchObject({ jobWindowDays: 180, minLogRetentionDays: 365 });
  });

  it('replays a 2-region scan as 2 regions, not every region DescribeRegions lists', async () => {
    const r = await scan({ ...base(), homeRegion: undefined, now: undefined, replay: twoRegions.files.calls }, deps);
    expect(r.report.scan.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(r.report.controls.map((c) => c.id)).toEqual(['A.6', 'A.11']);
    expect(verdicts(r.report)).toEqual(verdicts(twoRegions.report));
  });

  it('lets an explicit flag win, and says so', async () => {
    const lines: string[] = [];
    const r = await scan({ ...base(), homeRegion: undefined, now: undefined, replay: twoRegions.files.calls, regions: ['us-east-1'], log: (l) => lines.push(l) }, deps);
    expect(r.report.scan.regions).toEqual(['us-east-1']);
    expect(lines.join('\n')).toMatch(/replay: regions us-east-1 given explicitly; the recorded scan covered eu-west-1, us-east-1/);
  });

  it('replays an old recording without the fields by planning regions as before', async () => {
    const text = readFileSync(twoRegions.files.calls, 'utf8');
    const rec = parseRecording(text);
    const { regions: _r, controls: _c, settings: _s, limits: _l, ...old } = rec.header;
    const file = join(tmp(), 'calls.jsonl');
    writeFileSync(file, serializeRecording(old, rec.calls));
    const r = await scan({ ...base(), homeRegion: undefined, now: undefined, replay: file }, deps);
    // DescribeRegions in the recording lists all three demo regions.
    expect(r.report.scan.regions).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
  });
});

describe('a replay of a pack or scan folder re-proves its report', () => {
  let live: Awaited<ReturnType<typeof scan>>;
  beforeAll(async () => {
    const rec = parseRecording(readFileSync(join(__dirname, '..', 'demo', 'account', 'calls.jsonl'), 'utf8'));
    live = await scan({ ...base(), transport: new ReplayTransport(rec) }, deps);
  }, 60_000);

  it('says the verdicts are identical to the report that came with the recording', async () => {
    const lines: string[] = [];
    const r = await scan({ ...base(), homeRegion: undefined, now: undefined, replay: join(live.files.report, '..'), log: (l) => lines.push(l) }, deps);
    expect(r.report.scan.replayOf).toMatchObject({ identical: true, differences: [] });
    // 73 (control, check) pairs, and issue 19's ten extension pairs.
    expect(r.report.scan.replayOf!.compared).toBe(83);
    expect(lines.join('\n')).toMatch(/replay: verdicts identical to .*report\.json \(83 checks\)/);
  });

  it('lists every difference when the report does not match its recording', async () => {
    const dir = tmp();
    const report = JSON.parse(readFileSync(live.files.report, 'utf8')) as Report;
    const k = report.controls.find((c) => c.id === 'A.11')!.checks.find((c) => c.service === 'AWS CloudTrail')!;
    const was = k.status;
    k.status = was === 'PASS' ? 'FAIL' : 'PASS';
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
    writeFileSync(join(dir, 'calls.jsonl'), readFileSync(live.files.calls));
    const r = await scan({ ...base(), homeRegion: undefined, now: undefined, replay: dir, out: tmp() }, deps);
    expect(r.report.scan.replayOf?.identical).toBe(false);
    expect(r.report.scan.replayOf?.differences).toEqual([`A.11 / AWS CloudTrail: ${k.status} → ${was}`]);
  });
});
