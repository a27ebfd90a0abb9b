// Evidence pack: its SHA-256 at scan time, README.txt, and signing (issue 17). The pack is signed
// through aws-sdk-client-mock'ed KMS whose Sign really signs the digest with a local RSA key
// (RSASSA-PKCS1-v1_5 over the DigestInfo, what KMS does for MessageType DIGEST), so the signature
// checks offline with node:crypto and through the mocked kms:Verify. The attack from the issue
// (edit report.json, update its hash and the manifest's own hash) passes `verify` without a key
// and fails it with one. ECDSA and RSA-PSS signatures KMS would make are checked offline too.
import { GetPublicKeyCommand, KMSClient, SignCommand, VerifyCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { constants, createHash, generateKeyPairSync, privateEncrypt, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { READ_ONLY_OPERATION } from '../../src/aws/ops.js';
import { parseRecording } from '../../src/aws/recording.js';
import { writeReportOutputs } from '../../src/commands/report-options.js';
import { MANIFEST, PACK_README, serializeManifest, type Manifest } from '../../src/evidence/pack.js';
import { SIGNATURE_FILE, SigningError, type PackSignature } from '../../src/evidence/sign.js';
import { verifyPack } from '../../src/evidence/verify.js';
import type { ScanResult } from '../../src/scan.js';
import { demoScan } from './demo-scan.js';
import { runCli } from '../fixtures/cli.js';

const KEY_ARN = 'arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const root = mkdtempSync(join(tmpdir(), 'aims-sign-'));
const kms = mockClient(KMSClient);
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const spki = (k: KeyObject) => k.export({ format: 'der', type: 'spki' });
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');
/** RSASSA-PKCS1-v1_5 of a SHA-256 digest, exactly what KMS returns for RSASSA_PKCS1_V1_5_SHA_256 with MessageType DIGEST. */
const signDigest = (digest: Uint8Array, key = rsa.privateKey) => privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(digest)]));

let scanned: ScanResult;
let n = 0;
const fresh = () => join(root, `scan-${n++}`);

function mockKms(opts: { usage?: string } = {}): void {
  kms.reset();
  kms.on(GetPublicKeyCommand).resolves({ KeyId: KEY_ARN, KeyUsage: (opts.usage ?? 'SIGN_VERIFY') as never, KeySpec: 'RSA_2048', SigningAlgorithms: ['RSASSA_PKCS1_V1_5_SHA_256'], PublicKey: spki(rsa.publicKey) });
  kms.on(SignCommand).callsFake(async (input) => {
    expect(input.MessageType).toBe('DIGEST');
    expect(input.SigningAlgorithm).toBe('RSASSA_PKCS1_V1_5_SHA_256');
    return { KeyId: KEY_ARN, SigningAlgorithm: input.SigningAlgorithm, Signature: signDigest(input.Message as Uint8Array) };
  });
  kms.on(VerifyCommand).callsFake(async (input) => {
    const valid = input.MessageType === 'DIGEST' && Buffer.from(input.Signature as Uint8Array).equals(signDigest(input.Message as Uint8Array));
    if (!valid) throw Object.assign(new Error('signature invalid'), { name: 'KMSInvalidSignatureException' });
    return { KeyId: KEY_ARN, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
  });
}

/** Writes the outputs of a fresh copy of the demo scan; returns the pack's zip and folder and the log. */
async function packOf(opts: Record<string, unknown>): Promise<{ zip: string; folder: string; log: string[]; out: string }> {
  const out = fresh();
  const res = await demoScan(out);
  const log: string[] = [];
  const files = await writeReportOutputs(res, { format: 'json', ...opts }, (l) => log.push(l));
  return { zip: files.find((f) => f.endsWith('.zip'))!, folder: files.find((f) => !f.endsWith('.zip'))!, log, out };
}

beforeAll(async () => {
  scanned = await demoScan(fresh());
});
afterEach(() => kms.reset());
afterAll(() => {
  kms.restore();
  rmSync(root, { recursive: true, force: true });
});

describe('the pack at scan time', () => {
  it('logs the zip’s SHA-256 and holds a README.txt that says what it is and how to verify and replay it', async () => {
    const { zip, folder, log } = await packOf({ evidencePack: true });
    const sha = createHash('sha256').update(readFileSync(zip)).digest('hex');
    expect(log.join('\n')).toContain(`SHA-256 ${sha}`);
    const manifest = JSON.parse(readFileSync(join(folder, MANIFEST), 'utf8')) as Manifest;
    expect(manifest.files.map((f) => f.path)).toContain(PACK_README);
    const readme = readFileSync(join(folder, PACK_README), 'utf8');
    for (const s of ['report.json', 'soa.csv', 'calls.jsonl', 'manifest.json', 'aims-scan verify', 'scan --replay', scanned.report.scan.account.id]) expect(readme).toContain(s);
    expect(readme).toContain('This pack is not signed.');
    expect(readme).toContain('--sign-key');
    expect(existsSync(join(folder, SIGNATURE_FILE))).toBe(false);
    expect((await verifyPack(zip)).ok).toBe(true);
  }, 60_000);
});

describe('signing with a KMS key (--sign-key)', () => {
  let zip: string;
  let folder: string;
  let log: string[];
  let out: string;

  beforeAll(async () => {
    mockKms();
    ({ zip, folder, log, out } = await packOf({ signKey: KEY_ARN }));
  }, 60_000);

  it('signs the SHA-256 of manifest.json (kms:GetPublicKey, kms:Sign with MessageType DIGEST) and keeps the signature beside it', () => {
    const manifest = readFileSync(join(folder, MANIFEST));
    const sig = JSON.parse(readFileSync(join(folder, SIGNATURE_FILE), 'utf8')) as PackSignature;
    expect(sig).toMatchObject({ format: 'aims-scan-signature/1', signed: 'manifest.json', keyId: KEY_ARN, algorithm: 'RSASSA_PKCS1_V1_5_SHA_256' });
    expect(sig.manifestSha256).toBe(createHash('sha256').update(manifest).digest('hex'));
    expect(sig.publicKeySha256).toBe(createHash('sha256').update(spki(rsa.publicKey)).digest('hex'));
    // --sign-key alone writes the pack.
    expect(existsSync(zip)).toBe(true);
    const signs = kms.commandCalls(SignCommand);
    expect(signs).toHaveLength(1);
    expect(Buffer.from(signs[0].args[0].input.Message as Uint8Array).toString('hex')).toBe(sig.manifestSha256);
    expect(kms.calls().map((c) => (c.args[0] as object).constructor.name).sort()).toEqual(['GetPublicKeyCommand', 'SignCommand']);
    expect(log.join('\n')).toContain(`evidence pack signed with KMS key ${KEY_ARN} (RSASSA_PKCS1_V1_5_SHA_256)`);
    const readme = readFileSync(join(folder, PACK_README), 'utf8');
    expect(readme).toContain(`a signature of manifest.json made with AWS KMS key ${KEY_ARN}`);
    for (const s of ['aws kms get-public-key', '--public-key key.der', '--key <key-arn>']) expect(readme).toContain(s);
  });

  it('the scan’s own calls stay read-only: kms:Sign is not one of them', () => {
    const rec = parseRecording(readFileSync(join(out, 'calls.jsonl'), 'utf8'));
    for (const c of rec.calls) expect(c.operation, `${c.service}:${c.operation}`).toMatch(READ_ONLY_OPERATION);
    expect(rec.calls.some((c) => c.operation === 'Sign')).toBe(false);
  });

  it('verifies offline with the public key, and through kms:Verify', async () => {
    const off = await verifyPack(zip, { publicKey: rsa.publicKey });
    expect(off.ok, JSON.stringify(off.problems)).toBe(true);
    expect(off.signature).toMatchObject({ checked: true, ok: true, keyId: KEY_ARN });
    const folderCheck = await verifyPack(folder, { publicKey: rsa.publicKey });
    expect(folderCheck.ok).toBe(true);
    mockKms();
    const online = await verifyPack(zip, { kmsKey: KEY_ARN });
    expect(online.ok, JSON.stringify(online.problems)).toBe(true);
    expect(kms.commandCalls(VerifyCommand)).toHaveLength(1);
    expect(kms.commandCalls(VerifyCommand)[0].args[0].input).toMatchObject({ KeyId: KEY_ARN, MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' });
    // Without a key the signature is reported, not trusted.
    const plain = await verifyPack(zip);
    expect(plain.ok).toBe(true);
    expect(plain.signature).toMatchObject({ checked: false });
    expect(plain.signature!.detail).toMatch(/not checked/);
  });

  it('catches the edit the issue describes: report.json changed, its hash and the manifest’s own hash updated', async () => {
    // Copy the signed folder, then forge it.
    const forged = join(root, 'forged');
    cpSync(folder, forged, { recursive: true });
    const report = readFileSync(join(forged, 'report.json'), 'utf8').replace('"overall": "FAIL"', '"overall": "PASS"');
    writeFileSync(join(forged, 'report.json'), report);
    const m = JSON.parse(readFileSync(join(forged, MANIFEST), 'utf8')) as Manifest;
    const f = m.files.find((x) => x.path === 'report.json')!;
    f.sha256 = createHash('sha256').update(report).digest('hex');
    f.bytes = Buffer.byteLength(report);
    const { manifestSha256: _drop, ...rest } = m;
    writeFileSync(join(forged, MANIFEST), serializeManifest(rest));
    // The hashes alone cannot tell.
    expect((await verifyPack(forged)).ok).toBe(true);
    // The signature can, offline and through KMS.
    const off = await verifyPack(forged, { publicKey: rsa.publicKey });
    expect(off.ok).toBe(false);
    expect(off.problems).toEqual([{ file: SIGNATURE_FILE, kind: 'signature', detail: expect.stringMatching(/signs a manifest with SHA-256 [0-9a-f]{64}, this manifest.json has/) }]);
    mockKms();
    const online = await verifyPack(forged, { kmsKey: KEY_ARN });
    expect(online.ok).toBe(false);
    expect(online.problems[0].detail).toMatch(/signature not valid/);
  });

  it('fails with another key, and when a key is given but the pack is unsigned', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const r = await verifyPack(zip, { publicKey: other.publicKey });
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ file: SIGNATURE_FILE, kind: 'signature' });
    expect(r.problems[0].detail).toMatch(/does not match the given public key/);
    const { zip: unsigned } = await packOf({ evidencePack: true });
    const u = await verifyPack(unsigned, { publicKey: rsa.publicKey });
    expect(u.ok).toBe(false);
    expect(u.problems[0].detail).toMatch(/not signed/);
  }, 60_000);

  it('CLI: verify --public-key (PEM or DER) exits 0; a wrong key exits 1; an unreadable key file exits 3', async () => {
    const pem = join(root, 'key.pem');
    const der = join(root, 'key.der');
    writeFileSync(pem, rsa.publicKey.export({ format: 'pem', type: 'spki' }));
    writeFileSync(der, spki(rsa.publicKey));
    for (const k of [pem, der]) {
      const r = await runCli(['verify', zip, '--public-key', k], { cwd: root });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^signature: signature valid: RSASSA_PKCS1_V1_5_SHA_256/m);
    }
    const wrong = join(root, 'wrong.pem');
    writeFileSync(wrong, generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }));
    expect((await runCli(['verify', zip, '--public-key', wrong], { cwd: root })).code).toBe(1);
    const bad = await runCli(['verify', zip, '--public-key', join(root, 'nope.pem')], { cwd: root });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/--public-key .*nope\.pem: cannot read/);
  }, 60_000);
});

describe('signatures KMS makes with other algorithms check offline', () => {
  /** Re-signs a pack's manifest as KMS would with `algorithm` (the same bytes KMS returns for its DIGEST). */
  async function resign(algorithm: PackSignature['algorithm'], key: KeyObject, opts: object): Promise<string> {
    mockKms();
    const { folder } = await packOf({ signKey: KEY_ARN });
    const manifest = readFileSync(join(folder, MANIFEST));
    const sig = JSON.parse(readFileSync(join(folder, SIGNATURE_FILE), 'utf8')) as PackSignature;
    const hash = algorithm.endsWith('384') ? 'sha384' : 'sha256';
    const signature = cryptoSign(hash, manifest, { key, ...opts });
    writeFileSync(join(folder, SIGNATURE_FILE), JSON.stringify({ ...sig, algorithm, signature: signature.toString('base64') }));
    return folder;
  }

  it('ECDSA_SHA_256 (P-256) and ECDSA_SHA_384 (P-384), DER-encoded as KMS returns them', async () => {
    for (const [alg, curve] of [['ECDSA_SHA_256', 'P-256'], ['ECDSA_SHA_384', 'P-384']] as const) {
      const ec = generateKeyPairSync('ec', { namedCurve: curve });
      const folder = await resign(alg, ec.privateKey, { dsaEncoding: 'der' });
      const r = await verifyPack(folder, { publicKey: ec.publicKey });
      expect(r.ok, `${alg}: ${JSON.stringify(r.problems)}`).toBe(true);
      expect((await verifyPack(folder, { publicKey: generateKeyPairSync('ec', { namedCurve: curve }).publicKey })).ok).toBe(false);
    }
  }, 120_000);

  it('RSASSA_PSS_SHA_256 with the salt as long as the digest', async () => {
    const folder = await resign('RSASSA_PSS_SHA_256', rsa.privateKey, { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    expect((await verifyPack(folder, { publicKey: rsa.publicKey })).ok).toBe(true);
  }, 60_000);
});

describe('signing failures leave no pack', () => {
  it('a key that cannot sign, or a refused kms:Sign, is an error naming the key; nothing is written', async () => {
    mockKms({ usage: 'ENCRYPT_DECRYPT' });
    const out = fresh();
    const res = await demoScan(out);
    await expect(writeReportOutputs(res, { format: 'json', signKey: KEY_ARN }, () => undefined)).rejects.toThrow(/evidence pack not written: KMS key .* has key usage ENCRYPT_DECRYPT/);
    mockKms();
    kms.on(SignCommand).rejects(Object.assign(new Error('User is not authorized to perform: kms:Sign'), { name: 'AccessDeniedException' }));
    const err = await writeReportOutputs(res, { format: 'json', signKey: KEY_ARN }, () => undefined).catch((e: Error) => e);
    expect(err).toBeInstanceOf(SigningError);
    expect((err as Error).message).toMatch(/kms:Sign with key arn:aws:kms:eu-west-1:999988887777:key\/.* failed: AccessDeniedException/);
    expect(readdirSync(out).filter((f) => f.startsWith('evidence-') || f.startsWith('.'))).toEqual([]);
  }, 60_000);
});
