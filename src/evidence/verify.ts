// `aims-scan verify PACK`: is this evidence pack exactly what the scan wrote? Every file's SHA-256
// and size against manifest.json, the manifest against its own checksum, and no file missing or
// added. Each problem names the file, so an auditor knows what to distrust. With a public key
// (offline) or a KMS key (kms:Verify), also who made it: manifest.sig.json must be a valid
// signature of manifest.json by that key.
import type { KeyObject } from 'node:crypto';
import { basename } from 'node:path';
import { verifyWithKms, type KmsOptions } from './kms.js';
import { hashStream, MANIFEST, manifestProblems, manifestSelfCheck, openPack, PackError, readPackText, type Manifest, type PackReader } from './pack.js';
import { SIGNATURE_FILE, signatureProblems, verifyOffline, type PackSignature, type SignatureCheck } from './sign.js';

/** Far above any real manifest (one line per file); a bigger one is forged or broken. */
const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;

export type ProblemKind = 'changed' | 'missing' | 'extra' | 'duplicate' | 'damaged' | 'signature';

export interface VerifyProblem {
  file: string;
  kind: ProblemKind;
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  kind: 'zip' | 'folder';
  path: string;
  /** Files whose hash matched. */
  verified: number;
  problems: VerifyProblem[];
  manifest?: Manifest;
  /** The pack's signature: what it claims, and whether it was checked (only with a key). */
  signature?: { keyId: string; algorithm: string; signedAt: string; checked: boolean; ok?: boolean; detail: string };
}

export interface VerifyOptions {
  /** Check manifest.sig.json offline with this public key. */
  publicKey?: KeyObject;
  /** Check manifest.sig.json with kms:Verify and this key (ID, ARN or alias). */
  kmsKey?: string;
  kms?: KmsOptions;
}

export async function verifyPack(path: string, opts: VerifyOptions = {}): Promise<VerifyResult> {
  let pack: PackReader;
  try {
    pack = await openPack(path);
  } catch (err) {
    if (err instanceof PackError) throw err;
    // A zip signature with a structure yauzl cannot read: a pack, damaged.
    return { ok: false, kind: 'zip', path, verified: 0, problems: [{ file: basename(path), kind: 'damaged', detail: `the zip cannot be read: ${(err as Error).message}` }] };
  }
  try {
    const r = await check(pack);
    await checkSignature(pack, r, opts);
    r.ok = r.problems.length === 0;
    return r;
  } finally {
    pack.close();
  }
}

/** Reads manifest.sig.json when present; checks it when a key is given (a required signature that is missing is a problem). */
async function checkSignature(pack: PackReader, r: VerifyResult, opts: VerifyOptions): Promise<void> {
  const wanted = !!(opts.publicKey || opts.kmsKey);
  const problem = (detail: string) => r.problems.push({ file: SIGNATURE_FILE, kind: 'signature', detail });
  if (!pack.files.includes(SIGNATURE_FILE)) {
    if (wanted) problem('the pack is not signed (no manifest.sig.json), so who made it cannot be shown');
    return;
  }
  let sig: PackSignature;
  try {
    sig = JSON.parse(await readPackText(pack, SIGNATURE_FILE, 1024 * 1024)) as PackSignature;
  } catch (err) {
    problem(`cannot be read: ${(err as Error).message}`);
    return;
  }
  const shape = signatureProblems(sig);
  if (shape.length) {
    problem(shape.join('; '));
    return;
  }
  const claim = { keyId: sig.keyId, algorithm: sig.algorithm, signedAt: String(sig.signedAt ?? '') };
  if (!wanted) {
    r.signature = { ...claim, checked: false, detail: `carries a signature claiming KMS key ${sig.keyId} (${sig.algorithm}): not checked; pass --public-key or --key to check it` };
    return;
  }
  if (!pack.files.includes(MANIFEST)) return;
  const manifest = Buffer.from(await readPackText(pack, MANIFEST, MANIFEST_MAX_BYTES), 'utf8');
  let res: SignatureCheck;
  if (opts.publicKey) res = verifyOffline(manifest, sig, opts.publicKey);
  else res = await verifyWithKms(manifest, sig, opts.kmsKey!, opts.kms);
  r.signature = { ...claim, checked: true, ok: res.ok, detail: res.detail };
  if (!res.ok) problem(res.detail);
}

async function check(pack: PackReader): Promise<VerifyResult> {
  const problems: VerifyProblem[] = pack.duplicates.map((f) => ({ file: f, kind: 'duplicate' as const, detail: 'appears more than once in the zip' }));
  const result = (verified: number, manifest?: Manifest): VerifyResult => ({ ok: problems.length === 0, kind: pack.kind, path: pack.path, verified, problems, manifest });
  if (!pack.files.includes(MANIFEST)) {
    problems.push({ file: MANIFEST, kind: 'missing', detail: 'the pack has no manifest, so no file can be trusted' });
    return result(0);
  }
  let text: string;
  try {
    text = await readPackText(pack, MANIFEST, MANIFEST_MAX_BYTES);
  } catch (err) {
    problems.push({ file: MANIFEST, kind: 'changed', detail: `cannot be read: ${(err as Error).message}` });
    return result(0);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    problems.push({ file: MANIFEST, kind: 'changed', detail: 'is not valid JSON' });
    return result(0);
  }
  const shape = manifestProblems(manifest);
  if (shape.length) {
    problems.push({ file: MANIFEST, kind: 'changed', detail: shape.slice(0, 3).join('; ') });
    return result(0);
  }
  const self = manifestSelfCheck(text);
  // A changed manifest is reported, and the files are still checked against it: both are useful.
  if (self) problems.push({ file: MANIFEST, kind: 'changed', detail: self });

  const present = new Set(pack.files);
  let verified = 0;
  for (const f of manifest.files) {
    if (!present.has(f.path)) {
      problems.push({ file: f.path, kind: 'missing', detail: 'listed in the manifest but not in the pack' });
      continue;
    }
    let actual: { sha256: string; bytes: number };
    try {
      actual = await hashStream(await pack.open(f.path));
    } catch (err) {
      problems.push({ file: f.path, kind: 'changed', detail: `cannot be read: ${(err as Error).message}` });
      continue;
    }
    if (actual.sha256 !== f.sha256 || actual.bytes !== f.bytes) {
      problems.push({ file: f.path, kind: 'changed', detail: `sha256 ${actual.sha256} (${actual.bytes} bytes), manifest says ${f.sha256} (${f.bytes} bytes)` });
    } else verified++;
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  // The signature signs the manifest, so it cannot be listed in it; it is checked on its own.
  for (const f of pack.files) {
    if (f !== MANIFEST && f !== SIGNATURE_FILE && !listed.has(f)) problems.push({ file: f, kind: 'extra', detail: 'in the pack but not in the manifest' });
  }
  return result(verified, manifest);
}

/** The lines `aims-scan verify` prints. */
export function describeVerify(r: VerifyResult): string[] {
  const sig = r.signature ? [`signature: ${r.signature.detail}`] : [];
  if (r.ok) {
    const m = r.manifest;
    return [
      `intact: ${r.path} (${r.kind}), ${r.verified} file(s) match manifest.json`,
      ...(m ? [`scan ${m.scan.id} of account ${m.account.id} by ${m.caller}, ${m.scan.startedAt} → ${m.scan.finishedAt}, ${m.tool.name} ${m.tool.version}, overall ${m.scan.overall}`] : []),
      ...sig,
    ];
  }
  return [`NOT intact: ${r.path} (${r.kind}): ${r.problems.length} problem(s)`, ...r.problems.map((p) => `${p.kind}: ${p.file} — ${p.detail}`)];
}
