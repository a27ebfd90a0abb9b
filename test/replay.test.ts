// A scan's recording replays to the same verdicts, and the same recording gives the same report.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../checks/crosswalk.js';
import { defaultRegistry } from '../checks/registry.js';
import { validateReport } from '../reports/json.js';
import { parseRecording, RecordingFormatError } from '../src/aws/recording.js';
import type { Report } from '../src/engine/report.js';
import { DEFAULT_OPTIONS, scan } from '../src/scan.js';
import { mockAccount } from './fixtures/mock-account.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'aims-replay-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const deps = { registry: defaultRegistry(), crosswalk: crosswalkLookup };
const base = { ...DEFAULT_OPTIONS, homeRegion: 'us-east-1' };

function withoutTimes(r: Report): unknown {
  const { startedAt, finishedAt, id, ...scanRest } = r.scan;
  void startedAt, finishedAt, id;
  return { ...r, scan: scanRest };
}

describe('record and replay', () => {
  let live: Awaited<ReturnType<typeof scan>>;
  let liveDir: string;
  beforeAll(async () => {
    const account = mockAccount();
    try {
      liveDir = tmp();
      live = await scan({ ...base, out: liveDir }, deps);
    } finally {
      account.restore();
    }
  });

  it('writes a schema-valid report and a recording of every call', () => {
    expect(validateReport(live.report)).toEqual([]);
    const rec = parseRecording(readFileSync(live.files.calls, 'utf8'));
    expect(rec.calls.length).toBe(live.report.summary.calls.calls);
    const ids = new Set(rec.calls.map((c) => c.id));
    for (const c of live.report.controls) for (const ch of c.checks) for (const e of ch.evidence) expect(ids.has(e), e).toBe(true);
    expect(rec.calls.some((c) => c.operation === 'GetCallerIdentity')).toBe(true);
  });

  it('judges the mocked account as expected', () => {
    const check = (control: string, service: string) => live.report.controls.find((c) => c.id === control)!.checks.find((c) => c.service === service)!;
    expect(check('6.1.2', 'AWS Security Hub').status).toBe('FAIL');
    expect(check('6.1.2', 'AWS Security Hub').regions).toEqual([
      { region: 'eu-west-1', status: 'FAIL', reason: 'Security Hub is not enabled' },
      { region: 'us-east-1', status: 'PASS', reason: expect.stringContaining('READY') },
    ]);
    expect(check('7.5', 'Amazon Macie')).toMatchObject({ status: 'FAIL', code: 'NOT_ENABLED' });
    expect(check('A.11', 'AWS CloudTrail').status).toBe('PASS');
    expect(check('6.1.2', 'Amazon SageMaker Model Monitor').resources[0]).toMatchObject({ status: 'FAIL', reason: expect.stringContaining('churn-predictor') });
    expect(live.exitCode).toBe(1);
    expect(live.report.scan.account).toEqual({ id: '123456789012', partition: 'aws', callerArn: 'arn:aws:sts::123456789012:assumed-role/scanner/ci' });
  });

  it('replays with no AWS access to identical verdicts', async () => {
    const r1 = await scan({ ...base, homeRegion: undefined, out: tmp(), replay: live.files.calls }, deps);
    expect(r1.report.scan.mode).toBe('replay');
    expect(r1.report.controls).toEqual(live.report.controls);
    expect(r1.exitCode).toBe(live.exitCode);
    // The same recording twice: byte-identical apart from times.
    const r2 = await scan({ ...base, homeRegion: undefined, out: tmp(), replay: live.files.calls }, deps);
    expect(JSON.stringify(withoutTimes(r2.report))).toBe(JSON.stringify(withoutTimes(r1.report)));
    const a = readFileSync(r1.files.report, 'utf8').replace(/"(startedAt|finishedAt|id)": "[^"]*"/g, '');
    const b = readFileSync(r2.files.report, 'utf8').replace(/"(startedAt|finishedAt|id)": "[^"]*"/g, '');
    expect(a).toBe(b);
  });

  // Every Macie call is taken out: the probe reads them all in every region and any one of them
  // answering "Macie is not enabled" would decide, so only none at all leaves it undecided.
  it('reports a call the recording cannot answer as ERROR, never a guess', async () => {
    const rec = readFileSync(live.files.calls, 'utf8').split('\n').filter((l) => !l.includes('"service":"macie2"')).join('\n');
    const dir = tmp();
    const file = join(dir, 'calls.jsonl');
    (await import('node:fs')).writeFileSync(file, rec);
    const r = await scan({ ...base, homeRegion: undefined, out: tmp(), replay: file }, deps);
    const macie = r.report.controls.find((c) => c.id === '7.5')!.checks.find((c) => c.service === 'Amazon Macie')!;
    expect(macie.status).toBe('ERROR');
    expect(macie.reason).toMatch(/macie2:GetMacieSession in [a-z0-9-]+ \(not in the recording\)/);
    expect(macie.missing?.filter((m) => m.action === 'macie2:GetMacieSession').map((m) => m.kind)).toEqual(['replay-missing', 'replay-missing']);
  });

  it('names the line of a malformed recording', () => {
    const good = readFileSync(live.files.calls, 'utf8').split('\n');
    const bad = [good[0], good[1], '{not json', good[2]].join('\n');
    expect(() => parseRecording(bad, 'x.jsonl')).toThrow(RecordingFormatError);
    expect(() => parseRecording(bad, 'x.jsonl')).toThrow('x.jsonl:3: not valid JSON');
    expect(() => parseRecording('{"type":"call"}', 'y.jsonl')).toThrow(/y.jsonl:1: expected a header/);
    const noOutcome = [good[0], JSON.stringify({ ...JSON.parse(good[1]), outcome: 'maybe' })].join('\n');
    expect(() => parseRecording(noOutcome, 'z.jsonl')).toThrow('z.jsonl:2: outcome must be "ok" or "error"');
  });
});
