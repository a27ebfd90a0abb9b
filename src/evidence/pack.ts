// Evidence pack: what an auditor keeps. One folder and the same as a zip, named
// evidence-<account>-<time>: report.json, report.html, soa.csv, calls.jsonl (the full recording,
// replayable), the calls grouped per control and service under calls/<control>/<service>.jsonl,
// README.txt (what all this is and how to check and replay it), and manifest.json with the tool,
// scan options, account, caller, times and a SHA-256 of every file. With a signer (--sign-key),
// manifest.sig.json holds a KMS signature of manifest.json (sign.ts). Files are streamed to disk
// and into the zip, so a large recording never sits in memory.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Report } from '../engine/report.js';
import { SIGNATURE_FILE, signManifest, type PackSignature, type Signer } from './sign.js';

export const PACK_FORMAT = 'aims-scan-evidence/1' as const;
export const MANIFEST = 'manifest.json';
export const PACK_CALLS = 'calls.jsonl';
export const PACK_README = 'README.txt';

/** A pack problem that is the user's to fix (a path that is not a pack): exits 3. */
export class PackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackError';
  }
}

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof PACK_FORMAT;
  tool: { name: string; version: string };
  createdAt: string;
  account: { id: string; partition: string };
  caller: string;
  scan: {
    id: string;
    mode: string;
    startedAt: string;
    finishedAt: string;
    complete: boolean;
    overall: string;
    homeRegion: string;
    regions: string[];
    options: Record<string, unknown>;
  };
  files: ManifestFile[];
  /** SHA-256 of this file's own bytes with this value written as 64 zeros: any edit to the manifest shows. */
  manifestSha256: string;
}

// --- minimal typings for the two zip libraries (they ship none) ---------------------------------

interface YazlZipFile {
  outputStream: Readable;
  addFile(realPath: string, metadataPath: string, options?: { mtime?: Date; mode?: number; compress?: boolean }): void;
  end(): void;
  on(event: 'error', cb: (err: Error) => void): void;
}

export interface YauzlEntry {
  fileName: string;
  uncompressedSize: number;
}

interface YauzlZipFile {
  eachEntry(): AsyncIterable<YauzlEntry>;
  openReadStreamPromise(entry: YauzlEntry): Promise<Readable>;
  close(): void;
}

const require = createRequire(import.meta.url);
const yazl = require('yazl') as { ZipFile: new () => YazlZipFile };
const yauzl = require('yauzl') as { openPromise(path: string, options?: Record<string, unknown>): Promise<YauzlZipFile> };
/** For code that must read a zip where it cannot await (see src/aws/recording-source.ts). */
export const YAUZL_PATH = require.resolve('yauzl');

// --- names ----------------------------------------------------------------------------------------

/** A path segment that is safe on every file system and inside a zip: never '', '.', '..' or a separator. */
export function safeSegment(s: string): string {
  const v = s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return !v || /^\.+$/.test(v) ? '_' : v;
}

export function serviceSlug(service: string): string {
  return safeSegment(service.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
}

export function packName(report: Report): string {
  const time = report.scan.startedAt.replace(/[-:.]/g, '');
  return `evidence-${safeSegment(report.scan.account.id)}-${safeSegment(time)}`;
}

const SAFE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
export function isSafePackPath(p: string): boolean {
  return SAFE_PATH.test(p) && !p.split('/').some((seg) => /^\.+$/.test(seg));
}

// --- hashing and the manifest ---------------------------------------------------------------------

export async function hashStream(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    bytes += b.length;
    h.update(b);
  }
  return { sha256: h.digest('hex'), bytes };
}

const ZEROS = '0'.repeat(64);
const SELF_KEY = '"manifestSha256": "';

export function serializeManifest(m: Omit<Manifest, 'manifestSha256'>): string {
  const draft = JSON.stringify({ ...m, manifestSha256: ZEROS }, null, 2) + '\n';
  const at = draft.lastIndexOf(SELF_KEY) + SELF_KEY.length;
  const self = createHash('sha256').update(draft, 'utf8').digest('hex');
  return draft.slice(0, at) + self + draft.slice(at + 64);
}

/** Null when the manifest's own checksum matches its bytes; otherwise what is wrong. */
export function manifestSelfCheck(text: string): string | null {
  const at = text.lastIndexOf(SELF_KEY);
  if (at < 0) return 'has no manifestSha256';
  const start = at + SELF_KEY.length;
  const claimed = text.slice(start, start + 64);
  if (!/^[0-9a-f]{64}$/.test(claimed)) return 'manifestSha256 is not a SHA-256';
  const actual = createHash('sha256')
    .update(text.slice(0, start) + ZEROS + text.slice(start + 64), 'utf8')
    .digest('hex');
  return actual === claimed ? null : 'its own checksum does not match its content';
}

/** Shape problems in a parsed manifest (empty when it is usable). */
export function manifestProblems(m: unknown): string[] {
  if (!m || typeof m !== 'object' || Array.isArray(m)) return ['is not a JSON object'];
  const o = m as Record<string, unknown>;
  const out: string[] = [];
  if (o.format !== PACK_FORMAT) out.push(`format is not ${PACK_FORMAT}`);
  if (!Array.isArray(o.files)) return [...out, 'has no files list'];
  const seen = new Set<string>();
  (o.files as unknown[]).forEach((f, i) => {
    const e = f as Partial<ManifestFile>;
    if (!e || typeof e.path !== 'string' || !isSafePackPath(e.path) || e.path === MANIFEST) out.push(`files[${i}] has an invalid path`);
    else if (seen.has(e.path)) out.push(`files[${i}] repeats ${e.path}`);
    else seen.add(e.path);
    if (!e || typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) out.push(`files[${i}] has an invalid sha256`);
    if (!e || !Number.isInteger(e.bytes) || (e.bytes as number) < 0) out.push(`files[${i}] has an invalid byte count`);
  });
  return out;
}

// --- writing ---------------------------------------------------------------------------------------

export interface PackInput {
  report: Report;
  /** report.json as the scan wrote it: copied byte for byte. */
  reportPath: string;
  /** The scan's calls.jsonl. */
  callsPath: string;
  outDir: string;
  html: string;
  soa: string;
  now?: Date;
  /** Signs manifest.json (kms.ts: kmsSigner); without one the pack is unsigned. */
  signer?: Signer;
}

export interface PackResult {
  name: string;
  zip: string;
  folder: string;
  manifest: Manifest;
  /** SHA-256 (hex) of the zip as written: the one value to put in a ticket. */
  zipSha256: string;
  signature?: PackSignature;
}

function listFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...listFiles(root, r));
    else out.push(r);
  }
  return out;
}

async function copyFile(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from), createWriteStream(to));
}

/** calls/<control>/<service>.jsonl: the recording header, then each call the check's evidence names, in recording order. */
async function writeGroupedCalls(report: Report, callsPath: string, dir: string): Promise<void> {
  const groups = new Map<string, string[]>();
  const used = new Set<string>();
  for (const c of report.controls) {
    for (const ch of c.checks) {
      if (!ch.evidence.length) continue;
      const base = `calls/${safeSegment(c.id)}/${serviceSlug(ch.service)}`;
      let rel = `${base}.jsonl`;
      for (let n = 2; used.has(rel); n++) rel = `${base}-${n}.jsonl`;
      used.add(rel);
      for (const id of ch.evidence) {
        const list = groups.get(id) ?? [];
        list.push(rel);
        groups.set(id, list);
      }
    }
  }
  // Buffered per file (up to 256 KiB): a call cited by several checks goes to each of their
  // files, and a write call per line per file is a system call per line.
  type Pending = { fd: number; chunks: string[]; size: number };
  const files = new Map<string, Pending>();
  const flush = (f: Pending) => {
    if (f.chunks.length) writeSync(f.fd, f.chunks.join(''));
    f.chunks = [];
    f.size = 0;
  };
  let header: string | undefined;
  const rl = createInterface({ input: createReadStream(callsPath, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const line of rl) {
      if (!line.trim()) continue;
      if (header === undefined) {
        header = line;
        continue;
      }
      const id = (JSON.parse(line) as { id?: string }).id;
      for (const rel of (id && groups.get(id)) || []) {
        let f = files.get(rel);
        if (f === undefined) {
          mkdirSync(join(dir, rel, '..'), { recursive: true });
          f = { fd: openSync(join(dir, rel), 'w', 0o644), chunks: [header + '\n'], size: header.length + 1 };
          files.set(rel, f);
        }
        f.chunks.push(line, '\n');
        f.size += line.length + 1;
        if (f.size >= 1 << 18) flush(f);
      }
    }
    for (const f of files.values()) flush(f);
  } finally {
    for (const f of files.values()) closeSync(f.fd);
  }
}

async function zipFolder(folder: string, files: string[], prefix: string, target: string, mtime: Date): Promise<void> {
  const tmp = join(folder, '..', `.${randomBytes(6).toString('hex')}.zip.tmp`);
  try {
    const zip = new yazl.ZipFile();
    const failed = new Promise<never>((_, reject) => zip.on('error', reject));
    const done = pipeline(zip.outputStream, createWriteStream(tmp));
    for (const f of files) zip.addFile(join(folder, f), `${prefix}/${f}`, { mtime, mode: 0o100644, compress: true });
    zip.end();
    await Promise.race([done, failed]);
    const fd = openSync(tmp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Writes the pack folder and zip beside each other in outDir; each appears whole or not at all. */
export async function writeEvidencePack(input: PackInput): Promise<PackResult> {
  const { report } = input;
  const name = packName(report);
  const folder = join(input.outDir, name);
  const zipPath = join(input.outDir, `${name}.zip`);
  const tmp = join(input.outDir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  mkdirSync(tmp);
  try {
    await copyFile(input.reportPath, join(tmp, 'report.json'));
    await copyFile(input.callsPath, join(tmp, PACK_CALLS));
    // Plain writes: the folder is a temp folder that appears whole by one rename at the end (and
    // the zip, the copy auditors keep, is fsynced). A temp file, fsync and rename per file here
    // cost an organization scan a tenth of a second of CPU per account and guarded nothing more.
    writeFileSync(join(tmp, 'report.html'), input.html);
    writeFileSync(join(tmp, 'soa.csv'), input.soa);
    writeFileSync(join(tmp, PACK_README), packReadme(report, name, input.signer?.key));
    await writeGroupedCalls(report, input.callsPath, tmp);
    const files: ManifestFile[] = [];
    for (const rel of listFiles(tmp)) files.push({ path: rel, ...(await hashStream(createReadStream(join(tmp, rel)))) });
    const manifest = serializeManifest({
      format: PACK_FORMAT,
      tool: report.tool,
      createdAt: (input.now ?? new Date()).toISOString(),
      account: { id: report.scan.account.id, partition: report.scan.account.partition },
      caller: report.scan.account.callerArn,
      scan: {
        id: report.scan.id,
        mode: report.scan.mode,
        startedAt: report.scan.startedAt,
        finishedAt: report.scan.finishedAt,
        complete: report.scan.complete,
        overall: report.summary.overall,
        homeRegion: report.scan.homeRegion,
        regions: report.scan.regions,
        options: report.scan.options,
      },
      files,
    });
    writeFileSync(join(tmp, MANIFEST), manifest);
    // The signature covers manifest.json's bytes, and through its hashes every other file.
    const signature = input.signer ? await signManifest(Buffer.from(manifest, 'utf8'), input.signer, input.now) : undefined;
    if (signature) writeFileSync(join(tmp, SIGNATURE_FILE), JSON.stringify(signature, null, 2) + '\n');
    await zipFolder(tmp, [...files.map((f) => f.path), MANIFEST, ...(signature ? [SIGNATURE_FILE] : [])].sort(), name, zipPath, new Date(report.scan.finishedAt));
    const { sha256: zipSha256 } = await hashStream(createReadStream(zipPath));
    if (existsSync(folder)) rmSync(folder, { recursive: true, force: true });
    renameSync(tmp, folder);
    return { name, zip: zipPath, folder, manifest: JSON.parse(manifest) as Manifest, zipSha256, ...(signature ? { signature } : {}) };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** README.txt: what the pack holds and how to verify, check the signature of, and replay it. */
export function packReadme(report: Report, name: string, signKey?: string): string {
  const s = report.scan;
  return `aims-scan evidence pack ${name}

Scan ${s.id} of AWS account ${s.account.id} (${s.account.partition}) by ${s.account.callerArn}
from ${s.startedAt} to ${s.finishedAt}, ${s.regions.length} region(s), mode ${s.mode}, ${s.complete ? 'complete' : 'INCOMPLETE (interrupted)'},
overall ${report.summary.overall}. Written by ${report.tool.name} ${report.tool.version}.

WHAT IS IN IT
  report.json        the full report: every control, check, region and resource with its verdict
                     and reason (JSON schema: schema/report.schema.json of ${report.tool.name} ${report.tool.version})
  report.html        the same for people: one self-contained page, opens offline in a browser
  soa.csv            Statement of Applicability draft for the 38 Annex A controls of ISO/IEC
                     42001:2023 (UTF-8 with a byte order mark, opens in Excel); applicability and
                     justification are for the organization to fill in
  calls.jsonl        every AWS call the scan made and the answer it got (no credentials), in
                     order: what the verdicts were computed from, and what a replay reads
  calls/<control>/<service>.jsonl
                     the same calls, grouped by the check they are evidence for
  manifest.json      tool, options, account, caller, times, and the SHA-256 and size of every
                     file above; its own SHA-256 (with its value as 64 zeros) is manifestSha256
${signKey ? `  ${SIGNATURE_FILE}  a signature of manifest.json made with AWS KMS key ${signKey}
` : ''}  README.txt         this file

HOW TO CHECK IT IS UNCHANGED
  aims-scan verify ${name}.zip        (or the folder)
  exit 0: every file matches manifest.json and nothing is missing or added; exit 1 names each
  changed, missing or extra file. Without aims-scan: compute the SHA-256 of each file
  (sha256sum, Get-FileHash) and compare with manifest.json.
  The hashes show the pack was not changed after it was written, not who wrote it: anyone can
  edit a file and update its hash. That is what the signature is for.

WHO MADE IT (SIGNATURE)
${
  signKey
    ? `  ${SIGNATURE_FILE} holds a signature of the digest of manifest.json (KMS MessageType DIGEST),
  the key ID and the algorithm. Since manifest.json holds every file's SHA-256, it covers the
  whole pack. Check it offline with the key's public key (no AWS access needed):
    aws kms get-public-key --key-id <key-arn> --query PublicKey --output text | base64 -d > key.der
    aims-scan verify ${name}.zip --public-key key.der     (DER or PEM; openssl pkey -pubin -inform DER
                                                          -in key.der -out key.pem converts)
  or with AWS credentials allowed kms:Verify on the key:
    aims-scan verify ${name}.zip --key <key-arn>
  Obtain the public key (or its SHA-256) from the key owner, not from this pack.`
    : `  This pack is not signed. \`aims-scan scan --evidence-pack --sign-key <kms-key-arn>\` signs the
  manifest with an AWS KMS asymmetric key.`
}

HOW TO REPLAY IT
  aims-scan scan --replay ${name}.zip --out replayed
  re-evaluates the recorded answers offline, with no AWS access, and gives the same verdicts
  (apart from the times) with the version of aims-scan that wrote it. A newer version shows how
  its own checks judge the same recorded account.
`;
}

// --- reading ---------------------------------------------------------------------------------------

export interface PackReader {
  kind: 'zip' | 'folder';
  path: string;
  /** Files in the pack, relative to its root ('/'-separated), sorted. */
  files: string[];
  /** Names that occur more than once (a zip can hold duplicates). */
  duplicates: string[];
  open(rel: string): Promise<Readable>;
  close(): void;
}

/** The zip's root: '' when its files sit at the top, else the one folder every file is under. */
export function zipRoot(names: readonly string[]): string {
  if (names.some((n) => n === MANIFEST || n === PACK_CALLS)) return '';
  const tops = new Set(names.map((n) => n.split('/')[0]));
  const [only] = tops;
  return tops.size === 1 && names.every((n) => n.includes('/')) ? `${only}/` : '';
}

const looksLikePack = (files: readonly string[]) => files.includes(MANIFEST) || files.some((f) => f.startsWith('calls/'));

export function isZipFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(4);
    const n = readSync(fd, b, 0, 4, 0);
    return n === 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a pack (folder or zip) for reading. Throws PackError for a path that is not a pack; a zip
 * whose structure is damaged rejects with an ordinary Error (the caller decides what that means).
 */
export async function openPack(path: string): Promise<PackReader> {
  if (!existsSync(path)) throw new PackError(`${path}: no such file or folder`);
  const st = statSync(path);
  if (st.isDirectory()) {
    const files = listFiles(path);
    if (!looksLikePack(files)) throw new PackError(`${path} is not an evidence pack (no ${MANIFEST})`);
    return {
      kind: 'folder',
      path,
      files,
      duplicates: [],
      open: async (rel) => {
        const full = join(path, rel);
        if (!lstatSync(full).isFile()) throw new Error('not a regular file');
        return createReadStream(full);
      },
      close: () => undefined,
    };
  }
  if (!st.isFile() || !isZipFile(path)) throw new PackError(`${path} is not an evidence pack (neither a pack folder nor a zip)`);
  const zip = await yauzl.openPromise(path, { autoClose: false, validateEntrySizes: true, strictFileNames: false, decodeStrings: true });
  const entries: YauzlEntry[] = [];
  try {
    for await (const e of zip.eachEntry()) if (!e.fileName.endsWith('/')) entries.push(e);
  } catch (err) {
    zip.close();
    throw err;
  }
  const root = zipRoot(entries.map((e) => e.fileName));
  const byName = new Map<string, YauzlEntry>();
  const duplicates: string[] = [];
  for (const e of entries) {
    const rel = e.fileName.slice(root.length);
    if (byName.has(rel)) duplicates.push(rel);
    else byName.set(rel, e);
  }
  const files = [...byName.keys()].sort();
  if (!looksLikePack(files)) {
    zip.close();
    throw new PackError(`${basename(path)} is a zip but not an evidence pack (no ${MANIFEST})`);
  }
  return {
    kind: 'zip',
    path,
    files,
    duplicates,
    open: (rel) => {
      const e = byName.get(rel);
      if (!e) return Promise.reject(new Error('not in the zip'));
      return zip.openReadStreamPromise(e);
    },
    close: () => zip.close(),
  };
}

/** A whole file as text; with maxBytes, refusing more (a manifest is small; a forged one need not be). */
export async function readPackText(pack: PackReader, rel: string, maxBytes = Infinity): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  const stream = await pack.open(rel);
  for await (const c of stream) {
    n += (c as Buffer).length;
    if (n > maxBytes) {
      stream.destroy();
      throw new Error(`larger than ${maxBytes} bytes`);
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
