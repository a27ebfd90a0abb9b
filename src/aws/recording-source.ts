// Where a replay's recorded calls come from: a calls.jsonl file, a folder holding one (a scan's
// output folder or an evidence pack), or an evidence pack zip. From a pack, calls.jsonl is checked
// against the manifest first: a replay of tampered evidence would re-prove nothing.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { isZipFile, MANIFEST, manifestSelfCheck, PACK_CALLS, PackError, YAUZL_PATH, type Manifest } from '../evidence/pack.js';
import { parseRecording, readRecording, type Recording } from './recording.js';

export function loadRecording(path: string): Recording {
  return loadReplaySource(path).recording;
}

/** The report a pack or scan folder kept beside its recording: what a replay is compared with. */
export const PACK_REPORT = 'report.json';

export interface ReplaySource {
  recording: Recording;
  /** The original report.json, when the source is a pack or a scan folder that has one (checked against the manifest when there is one). */
  report?: unknown;
}

export function loadReplaySource(path: string): ReplaySource {
  if (existsSync(path) && statSync(path).isDirectory()) return fromFolder(path);
  if (existsSync(path) && statSync(path).isFile() && isZipFile(path)) return fromPackFiles(path, readZipEntriesSync(path, [MANIFEST, PACK_CALLS, PACK_REPORT]));
  return { recording: readRecording(path) };
}

function fromFolder(dir: string): ReplaySource {
  const calls = join(dir, PACK_CALLS);
  if (!existsSync(calls)) throw new PackError(`${dir} has no ${PACK_CALLS} to replay`);
  const manifest = join(dir, MANIFEST);
  const report = join(dir, PACK_REPORT);
  return fromPackFiles(dir, {
    [MANIFEST]: existsSync(manifest) ? readFileSync(manifest) : undefined,
    [PACK_CALLS]: readFileSync(calls),
    [PACK_REPORT]: existsSync(report) ? readFileSync(report) : undefined,
  });
}

/** With a manifest (a pack), calls.jsonl must match it; a plain folder's calls.jsonl is read as is. */
function fromPackFiles(path: string, files: Record<string, Buffer | undefined>): ReplaySource {
  const calls = files[PACK_CALLS];
  if (!calls) throw new PackError(`${path} has no ${PACK_CALLS} to replay`);
  const m = files[MANIFEST];
  if (m) {
    const text = m.toString('utf8');
    const self = manifestSelfCheck(text);
    let manifest: Manifest | undefined;
    try {
      manifest = JSON.parse(text) as Manifest;
    } catch {
      /* reported below */
    }
    const entry = manifest?.files?.find((f) => f.path === PACK_CALLS);
    const sha = createHash('sha256').update(calls).digest('hex');
    if (self || !entry || entry.sha256 !== sha) {
      throw new PackError(`${path}: ${PACK_CALLS} does not match the pack's manifest (${self ? `manifest ${self}` : 'hash differs'}); run \`aims-scan verify ${path}\``);
    }
    // The pack's report is compared with only when it is the one the manifest vouches for.
    const r = files[PACK_REPORT];
    const rEntry = manifest?.files?.find((f) => f.path === PACK_REPORT);
    if (r && rEntry && rEntry.sha256 !== createHash('sha256').update(r).digest('hex')) {
      throw new PackError(`${path}: ${PACK_REPORT} does not match the pack's manifest; run \`aims-scan verify ${path}\``);
    }
  }
  const recording = parseRecording(calls.toString('utf8'), `${path}:${PACK_CALLS}`);
  const r = files[PACK_REPORT];
  let report: unknown;
  if (r) {
    try {
      report = JSON.parse(r.toString('utf8'));
    } catch {
      throw new PackError(`${path}: ${PACK_REPORT} is not valid JSON`);
    }
  }
  return report === undefined ? { recording } : { recording, report };
}

// yauzl is asynchronous and a replay must be loaded synchronously (scan() calls loadRecording
// before its first await), so the zip is read in a worker while this thread waits on a flag.
const WORKER = `
const { workerData } = require('node:worker_threads');
const { port, flag, zip, want } = workerData;
(async () => {
  const found = {};
  let z;
  try {
    const yauzl = require(workerData.yauzl);
    z = await yauzl.openPromise(zip, { autoClose: false, validateEntrySizes: true });
    const entries = [];
    for await (const e of z.eachEntry()) if (!e.fileName.endsWith('/')) entries.push(e);
    const names = entries.map((e) => e.fileName);
    let root = '';
    if (!names.some((n) => want.includes(n))) {
      const tops = new Set(names.map((n) => n.split('/')[0]));
      if (tops.size === 1 && names.every((n) => n.includes('/'))) root = names[0].split('/')[0] + '/';
    }
    for (const name of want) {
      const e = entries.find((x) => x.fileName === root + name);
      if (!e) continue;
      const chunks = [];
      for await (const c of await z.openReadStreamPromise(e)) chunks.push(c);
      found[name] = Buffer.concat(chunks);
    }
    port.postMessage({ found });
  } catch (err) {
    port.postMessage({ error: String((err && err.message) || err) });
  } finally {
    if (z) z.close();
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  }
})();
`;

/** Reads the named files from a pack zip (its root or its single top folder), synchronously. */
export function readZipEntriesSync(zip: string, want: string[], timeoutMs = 120_000): Record<string, Buffer | undefined> {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, { eval: true, workerData: { yauzl: YAUZL_PATH, port: port2, flag, zip, want }, transferList: [port2] });
  try {
    if (Atomics.wait(flag, 0, 0, timeoutMs) === 'timed-out') throw new PackError(`${zip}: reading the zip took longer than ${timeoutMs / 1000}s`);
    const msg = receiveMessageOnPort(port1)?.message as { found?: Record<string, Uint8Array>; error?: string } | undefined;
    if (!msg || msg.error !== undefined) throw new PackError(`${zip}: the zip cannot be read: ${msg?.error ?? 'no answer from the reader'}`);
    return Object.fromEntries(Object.entries(msg.found ?? {}).map(([k, v]) => [k, Buffer.from(v.buffer, v.byteOffset, v.byteLength)]));
  } finally {
    port1.close();
    void worker.terminate();
  }
}
