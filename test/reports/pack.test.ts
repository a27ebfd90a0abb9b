// Evidence pack from a recorded scan: it verifies; one flipped byte, a deleted or an added file in
// the zip or the folder makes verify fail naming that file; replaying the pack gives the same
// report.json apart from the times; the CLI's verify exits 0/1/3 and scan writes every format.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { renderJson } from '../../reports/json.js';
import { loadRecording } from '../../src/aws/recording-source.js';
import { readRecording } from '../../src/aws/recording.js';
import { writeReportOutputs } from '../../src/commands/report-options.js';
import type { Report } from '../../src/engine/report.js';
import { MANIFEST, manifestSelfCheck, packName, type Manifest } from '../../src/evidence/pack.js';
import { verifyPack } from '../../src/evidence/verify.js';
import { DEFAULT_OPTIONS, scan, type ScanResult } from '../../src/scan.js';
import { hostileScan } from './hostile.js';
import { CLI, runCli } from '../fixtures/cli.js';

const root = mkdtempSync(join(tmpdir(), 'aims-pack-'));
const deps = { registry: defaultRegistry(), crosswalk: crosswalkLookup };
let live: ScanResult;
let original: ScanResult;
let zip: string;
let folder: string;
let manifest: Manifest;
let n = 0;
const fresh = (label: string) => join(root, `${label}-${n++}`);

interface ZipIn {
  fileName: string;
  relativeOffsetOfLocalHeader: number;
  compressedSize: number;
}
const req = createRequire(import.meta.url);
const yauzl = req('yauzl') as {
  openPromise(p: string, o?: object): Promise<{ eachEntry(): AsyncIterable<ZipIn>; openReadStreamPromise(e: ZipIn): Promise<Readable>; readLocalFileHeaderPromise(e: ZipIn): Promise<{ fileDataStart: number }>; close(): void }>;
};
const yazl = req('yazl') as { ZipFile: new () => { outputStream: Readable; addBuffer(b: Buffer, p: string): void; end(): void } };

async function unzipAll(file: string): Promise<Map<string, Buffer>> {
  const z = await yauzl.openPromise(file, { autoClose: false });
  const out = new Map<string, Buffer>();
  const entries: ZipIn[] = [];
  for await (const e of z.eachEntry()) entries.push(e);
  for (const e of entries) {
    const chunks: Buffer[] = [];
    for await (const c of await z.openReadStreamPromise(e)) chunks.push(c as Buffer);
    out.set(e.fileName, Buffer.concat(chunks));
  }
  z.close();
  return out;
}

async function writeZip(file: string, entries: Map<string, Buffer>): Promise<string> {
  const z = new yazl.ZipFile();
  for (const [name, buf] of entries) z.addBuffer(buf, name);
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream) chunks.push(c as Buffer);
  writeFileSync(file, Buffer.concat(chunks));
  return file;
}

function flip(buf: Buffer): Buffer {
  const b = Buffer.from(buf);
  b[Math.floor(b.length / 2)] ^= 0x01;
  return b;
}

const normalise = (r: Report) => renderJson({ ...r, scan: { ...r.scan, id: 'ID', startedAt: 'T0', finishedAt: 'T1' } });

beforeAll(async () => {
  live = await hostileScan(join(root, 'recorded'));
  // The original is a replay of the recording: an auditor's replay of the pack must reproduce it.
  original = await scan({ ...DEFAULT_OPTIONS, replay: live.files.calls, out: join(root, 'original') }, deps);
  const files = await writeReportOutputs(original, { format: 'json,html,junit,md', evidencePack: true }, () => undefined);
  zip = files.find((f) => f.endsWith('.zip'))!;
  folder = files.find((f) => f.endsWith(packName(original.report)))!;
  manifest = JSON.parse(readFileSync(join(folder, MANIFEST), 'utf8')) as Manifest;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('evidence pack contents', () => {
  it('is a zip and the same folder, named evidence-<account>-<time>', async () => {
    expect(zip).toBe(join(root, 'original', `evidence-${original.report.scan.account.id}-${original.report.scan.startedAt.replace(/[-:.]/g, '')}.zip`));
    expect(statSync(folder).isDirectory()).toBe(true);
    const entries = await unzipAll(zip);
    const inZip = [...entries.keys()].map((k) => k.slice(packName(original.report).length + 1)).sort();
    const inFolder = [...manifest.files.map((f) => f.path), MANIFEST].sort();
    expect(inZip).toEqual(inFolder);
    for (const [name, buf] of entries) expect(buf.equals(readFileSync(join(folder, name.split('/').slice(1).join('/')))), name).toBe(true);
    // No temp files left behind.
    expect(readdirSync(join(root, 'original')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('holds report.json, report.html, soa.csv, the full calls.jsonl and the calls per control and service', () => {
    const paths = manifest.files.map((f) => f.path);
    for (const p of ['report.json', 'report.html', 'soa.csv', 'calls.jsonl']) expect(paths).toContain(p);
    expect(readFileSync(join(folder, 'report.json'), 'utf8')).toBe(readFileSync(original.files.report, 'utf8'));
    expect(readFileSync(join(folder, 'calls.jsonl'), 'utf8')).toBe(readFileSync(original.files.calls, 'utf8'));
    // Each check with evidence has its calls file, holding exactly its evidence calls.
    const a12 = original.report.controls.find((c) => c.id === 'A.12')!;
    const trail = a12.checks.find((c) => c.service === 'AWS CloudTrail')!;
    expect(trail.evidence.length).toBeGreaterThan(0);
    const grouped = readRecording(join(folder, 'calls', 'A.12', 'aws-cloudtrail.jsonl'));
    expect(grouped.calls.map((c) => c.id).sort()).toEqual([...trail.evidence].sort());
    const groupFiles = paths.filter((p) => p.startsWith('calls/'));
    const withEvidence = original.report.controls.flatMap((c) => c.checks).filter((c) => c.evidence.length).length;
    expect(groupFiles).toHaveLength(withEvidence);
  });

  it('has a manifest with tool, options, account, caller, times and a SHA-256 per file', () => {
    const r = original.report;
    expect(manifest.tool).toEqual(r.tool);
    expect(manifest.account).toEqual({ id: r.scan.account.id, partition: r.scan.account.partition });
    expect(manifest.caller).toBe(r.scan.account.callerArn);
    expect(manifest.scan.startedAt).toBe(r.scan.startedAt);
    expect(manifest.scan.finishedAt).toBe(r.scan.finishedAt);
    expect(manifest.scan.options).toEqual(r.scan.options);
    expect(Date.parse(manifest.createdAt)).not.toBeNaN();
    for (const f of manifest.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifestSelfCheck(readFileSync(join(folder, MANIFEST), 'utf8'))).toBeNull();
    expect(JSON.stringify(manifest)).not.toContain('aims-scan-test-secret');
  });
});

describe('verify', () => {
  it('an untouched pack verifies, as zip and as folder', async () => {
    for (const p of [zip, folder]) {
      const r = await verifyPack(p);
      expect(r.problems).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.verified).toBe(manifest.files.length);
    }
  });

  it('folder: flipping one byte in any file fails and names that file', async () => {
    // In place and restored after each file: copying the pack 78 times is slow on some file systems.
    const work = fresh('flip');
    cpSync(folder, work, { recursive: true });
    for (const f of [...manifest.files.map((x) => x.path), MANIFEST]) {
      const bytes = readFileSync(join(work, f));
      writeFileSync(join(work, f), flip(bytes));
      try {
        const r = await verifyPack(work);
        expect(r.ok, f).toBe(false);
        expect(r.problems.map((p) => `${p.kind} ${p.file}`), f).toContain(`changed ${f}`);
        // Only that file is blamed (a flipped hash in the manifest may also make a file disagree with it).
        if (f !== MANIFEST) expect(r.problems.every((p) => p.file === f), JSON.stringify(r.problems)).toBe(true);
      } finally {
        writeFileSync(join(work, f), bytes);
      }
    }
    expect((await verifyPack(work)).ok).toBe(true);
  }, 120_000);

  it('folder: a deleted or an added file fails and names it', async () => {
    for (const f of ['soa.csv', 'calls.jsonl', 'calls/A.12/aws-cloudtrail.jsonl', MANIFEST]) {
      const copy = fresh('del');
      cpSync(folder, copy, { recursive: true });
      rmSync(join(copy, f));
      const r = await verifyPack(copy);
      expect(r.ok).toBe(false);
      expect(r.problems.map((p) => `${p.kind} ${p.file}`)).toContain(`missing ${f}`);
    }
    for (const f of ['notes.txt', 'calls/A.12/extra.jsonl', 'calls/Z.9/x.jsonl']) {
      const copy = fresh('add');
      cpSync(folder, copy, { recursive: true });
      mkdirSync(join(copy, f, '..'), { recursive: true });
      writeFileSync(join(copy, f), 'added later\n');
      const r = await verifyPack(copy);
      expect(r.ok).toBe(false);
      expect(r.problems).toEqual([{ file: f, kind: 'extra', detail: expect.any(String) }]);
    }
  });

  it('zip: a file with one byte flipped, deleted or added fails and names it', async () => {
    const entries = await unzipAll(zip);
    const prefix = `${packName(original.report)}/`;
    // Every top-level file and a sample of the per-control call files: each entry is read the same way.
    const calls = [...entries.keys()].filter((k) => k.startsWith(`${prefix}calls/`));
    const sample = [...entries.keys()].filter((k) => !k.startsWith(`${prefix}calls/`)).concat(calls[0], calls[Math.floor(calls.length / 2)], calls[calls.length - 1]);
    // report.json, report.html, soa.csv, calls.jsonl, README.txt, manifest.json and three call files.
    expect(sample).toHaveLength(9);
    for (const name of sample) {
      const rel = name.slice(prefix.length);
      const changed = new Map(entries);
      changed.set(name, flip(entries.get(name)!));
      const r = await verifyPack(await writeZip(`${fresh('flip')}.zip`, changed));
      expect(r.ok, rel).toBe(false);
      expect(r.problems.map((p) => `${p.kind} ${p.file}`), rel).toContain(`changed ${rel}`);
    }
    for (const rel of ['report.html', 'calls/A.12/aws-cloudtrail.jsonl', MANIFEST]) {
      const less = new Map(entries);
      less.delete(prefix + rel);
      const r = await verifyPack(await writeZip(`${fresh('del')}.zip`, less));
      expect(r.problems.map((p) => `${p.kind} ${p.file}`)).toContain(`missing ${rel}`);
    }
    const more = new Map(entries);
    more.set(`${prefix}calls/A.12/injected.jsonl`, Buffer.from('{}\n'));
    const r = await verifyPack(await writeZip(`${fresh('add')}.zip`, more));
    expect(r.problems).toEqual([{ file: 'calls/A.12/injected.jsonl', kind: 'extra', detail: expect.any(String) }]);
   }, 60_000);

  it('zip: a byte flipped on disk inside a compressed entry is caught and named', async () => {
    const z = await yauzl.openPromise(zip, { autoClose: false });
    let target: ZipIn | undefined;
    for await (const e of z.eachEntry()) if (e.fileName.endsWith('/report.json')) target = e;
    const { fileDataStart } = await z.readLocalFileHeaderPromise(target!);
    z.close();
    const bytes = readFileSync(zip);
    bytes[fileDataStart + Math.floor(target!.compressedSize / 2)] ^= 0x10;
    const damaged = `${fresh('disk')}.zip`;
    writeFileSync(damaged, bytes);
    const r = await verifyPack(damaged);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.file)).toContain('report.json');
  });

  it('a zip whose structure is damaged fails naming the zip', async () => {
    const bytes = readFileSync(zip);
    const cut = `${fresh('cut')}.zip`;
    writeFileSync(cut, bytes.subarray(0, bytes.length - 30)); // the end-of-central-directory record is gone
    const r = await verifyPack(cut);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([{ file: cut.split('/').pop(), kind: 'damaged', detail: expect.stringMatching(/the zip cannot be read/) }]);
  });

  it('a path that is not a pack is a PackError', async () => {
    const notPack = join(root, 'not-a-pack.txt');
    writeFileSync(notPack, 'hello');
    for (const p of [notPack, join(root, 'missing.zip'), live.files.calls, join(root, 'recorded')]) {
      await expect(verifyPack(p)).rejects.toMatchObject({ name: 'PackError' });
    }
  });
});

describe('replaying a pack', () => {
  it('gives report.json byte-identical to the original apart from the times (zip and folder)', async () => {
    for (const p of [zip, folder]) {
      const again = await scan({ ...DEFAULT_OPTIONS, replay: p, out: fresh('replay') }, deps);
      const text = readFileSync(again.files.report, 'utf8');
      const orig = readFileSync(original.files.report, 'utf8');
      expect(text).not.toBe(orig); // the times differ…
      // …and nothing else, but the replay's statement that it re-proved the pack's report.
      const replayed = JSON.parse(text) as Report;
      expect(replayed.scan.replayOf).toMatchObject({ identical: true, differences: [] });
      delete replayed.scan.replayOf;
      expect(normalise(replayed)).toBe(normalise(JSON.parse(orig) as Report));
      expect(again.exitCode).toBe(original.exitCode);
    }
  });

  it('gives the verdicts of the live scan it recorded', () => {
    // Statuses, not reasons: a live ERROR names whichever failing call finished first.
    const verdicts = (r: Report) => r.controls.map((c) => [c.id, c.status, c.checks.map((k) => [k.service, k.status, k.status === 'ERROR' ? '' : k.reason])]);
    expect(verdicts(original.report)).toEqual(verdicts(live.report));
  });

  it('loads the recording from a zip or folder pack, and refuses one whose calls.jsonl was changed', () => {
    const fromFile = readRecording(original.files.calls);
    expect(loadRecording(zip)).toEqual({ ...fromFile, calls: fromFile.calls });
    expect(loadRecording(folder).calls).toHaveLength(fromFile.calls.length);
    const copy = fresh('tampered');
    cpSync(folder, copy, { recursive: true });
    writeFileSync(join(copy, 'calls.jsonl'), flip(readFileSync(join(copy, 'calls.jsonl'))));
    expect(() => loadRecording(copy)).toThrow(/does not match the pack's manifest/);
    const junk = join(root, 'junk.zip');
    writeFileSync(junk, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
    expect(() => loadRecording(junk)).toThrow(/the zip cannot be read/);
    try {
      loadRecording(copy);
    } catch (e) {
      expect((e as Error).name).toBe('PackError');
    }
  });
});

describe('CLI', () => {
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: root, env: { ...process.env, ...env } });

  it('verify: 0 when intact, 1 naming the changed file, 3 for a path that is not a pack', async () => {
    expect(existsSync(CLI), 'run `npx tsc -p .` (npm test does) before the CLI tests').toBe(true);
    const ok = await cli(['verify', zip]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^intact: /);
    const copy = fresh('cli');
    cpSync(folder, copy, { recursive: true });
    writeFileSync(join(copy, 'soa.csv'), flip(readFileSync(join(copy, 'soa.csv'))));
    const bad = await cli(['verify', copy]);
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/^changed: soa\.csv — /m);
    const json = JSON.parse((await cli(['verify', copy, '--json'])).stdout) as { ok: boolean; problems: { file: string }[] };
    expect(json.ok).toBe(false);
    expect(json.problems.map((p) => p.file)).toEqual(['soa.csv']);
    const notPack = await cli(['verify', original.files.report]);
    expect(notPack.code).toBe(3);
    expect(notPack.stderr).toMatch(/is not an evidence pack/);
  });

  it('scan --replay PACK --format json,html,junit,md,asff --view official --evidence-pack writes every output', async () => {
    const out = fresh('cli-out');
    const summary = join(root, 'gh-summary.md');
    const r = await cli(['scan', '--replay', zip, '--out', out, '--format', 'json,html,junit,md,asff', '--view', 'official', '--evidence-pack'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code, r.stderr).toBe(original.exitCode);
    for (const f of ['report.json', 'calls.jsonl', 'report.html', 'soa.csv', 'junit.xml', 'summary.md', 'findings.asff.json']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(summary, 'utf8')).toBe(readFileSync(join(out, 'summary.md'), 'utf8') + '\n');
    expect(r.stdout).toContain('Official ISO/IEC 42001:2023 view');
    expect(r.stdout).toContain('A.10.4');
    const packs = readdirSync(out).filter((f) => f.startsWith('evidence-'));
    expect(packs.sort()).toEqual([packs.find((p) => !p.endsWith('.zip'))!, `${packs.find((p) => !p.endsWith('.zip'))!}.zip`].sort());
    expect((await cli(['verify', join(out, packs.find((p) => p.endsWith('.zip'))!)])).code).toBe(0);
  });

  it('an unknown format is a usage error (exit 3) before any call', async () => {
    const r = await cli(['scan', '--replay', zip, '--out', fresh('cli-bad'), '--format', 'json,pdf']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/unknown format "pdf"/);
  });
});
