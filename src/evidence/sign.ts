// Who made an evidence pack: a signature of its manifest.json with an AWS KMS asymmetric key.
// The manifest holds the SHA-256 of every file, so signing it covers the whole pack. The scan
// signs the manifest's digest (kms:Sign, MessageType DIGEST) and stores the signature, the key
// and the algorithm in manifest.sig.json beside it. `aims-scan verify --public-key key.pem`
// checks it offline with node:crypto (what an auditor should do: no AWS access needed, and the
// public key is fetched once with `aws kms get-public-key`); `verify --key <arn>` asks KMS
// (kms:Verify). kms:Sign is not a write to any resource, but it is, with the Security Hub import,
// the only call aims-scan makes that is not a read; a scan only makes it when given --sign-key.
import { constants, createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';

export const SIGNATURE_FILE = 'manifest.sig.json';
export const SIGNATURE_FORMAT = 'aims-scan-signature/1' as const;

/** KMS signing algorithms a pack can be signed with: their digest is one node:crypto can make and check. */
export const SIGNING_ALGORITHMS = [
  'ECDSA_SHA_256',
  'ECDSA_SHA_384',
  'ECDSA_SHA_512',
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** manifest.sig.json */
export interface PackSignature {
  format: typeof SIGNATURE_FORMAT;
  /** The signed file. */
  signed: 'manifest.json';
  /** SHA-256 (hex) of manifest.json's bytes. */
  manifestSha256: string;
  /** The digest that was signed (MessageType DIGEST): hash of manifest.json's bytes with the algorithm's hash. */
  digest: { algorithm: 'SHA-256' | 'SHA-384' | 'SHA-512'; hex: string };
  /** The key as KMS names it (key ARN). */
  keyId: string;
  algorithm: SigningAlgorithm;
  /** Base64. */
  signature: string;
  /** The key's public key (base64 DER SubjectPublicKeyInfo) as KMS returned it when signing, and its SHA-256: compare with `aws kms get-public-key`. Not a trust anchor on its own. */
  publicKey?: string;
  publicKeySha256?: string;
  signedAt: string;
}

/** Signs a digest; the KMS implementation is kmsSigner. */
export interface Signer {
  /** The key as the user named it (for messages). */
  key: string;
  /** Chooses the algorithm and learns the public key (once, before anything is written). */
  prepare(): Promise<{ algorithm: SigningAlgorithm; publicKey?: Buffer }>;
  sign(digest: Buffer, algorithm: SigningAlgorithm): Promise<{ keyId: string; signature: Buffer }>;
}

export class SigningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningError';
  }
}

const HASH: Record<string, 'sha256' | 'sha384' | 'sha512'> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

export function hashOf(algorithm: SigningAlgorithm): 'sha256' | 'sha384' | 'sha512' {
  return HASH[/_(256|384|512)$/.exec(algorithm)![1]];
}

export function isSigningAlgorithm(a: unknown): a is SigningAlgorithm {
  return (SIGNING_ALGORITHMS as readonly unknown[]).includes(a);
}

/** The algorithm to use from those a key offers: ECDSA, then RSA-PSS, then PKCS#1 v1.5, shortest hash first. */
export function chooseAlgorithm(offered: readonly string[], key: string): SigningAlgorithm {
  const pick = SIGNING_ALGORITHMS.find((a) => offered.includes(a));
  if (!pick) {
    throw new SigningError(
      `KMS key ${key} offers ${offered.join(', ') || 'no signing algorithm'}; aims-scan signs with ${SIGNING_ALGORITHMS.join(', ')}: use an RSA or ECC_NIST key with key usage SIGN_VERIFY`,
    );
  }
  return pick;
}

/** Builds manifest.sig.json's content for the manifest bytes with the given signer. */
export async function signManifest(manifest: Buffer, signer: Signer, now = new Date()): Promise<PackSignature> {
  const { algorithm, publicKey } = await signer.prepare();
  const hash = hashOf(algorithm);
  const digest = createHash(hash).update(manifest).digest();
  const { keyId, signature } = await signer.sign(digest, algorithm);
  const sig: PackSignature = {
    format: SIGNATURE_FORMAT,
    signed: 'manifest.json',
    manifestSha256: createHash('sha256').update(manifest).digest('hex'),
    digest: { algorithm: `SHA-${hash.slice(3)}` as PackSignature['digest']['algorithm'], hex: digest.toString('hex') },
    keyId,
    algorithm,
    signature: signature.toString('base64'),
    ...(publicKey ? { publicKey: publicKey.toString('base64'), publicKeySha256: createHash('sha256').update(publicKey).digest('hex') } : {}),
    signedAt: now.toISOString(),
  };
  // A signature that does not check with the key's own public key is never written.
  if (publicKey) {
    const check = verifyOffline(manifest, sig, publicKeyFrom(publicKey));
    if (!check.ok) throw new SigningError(`KMS key ${signer.key}: the signature KMS returned does not verify with the key's public key (${check.detail})`);
  }
  return sig;
}

/** Shape problems of a parsed manifest.sig.json (empty when usable). */
export function signatureProblems(s: unknown): string[] {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return ['is not a JSON object'];
  const o = s as Record<string, unknown>;
  const out: string[] = [];
  if (o.format !== SIGNATURE_FORMAT) out.push(`format is not ${SIGNATURE_FORMAT}`);
  if (o.signed !== 'manifest.json') out.push('does not sign manifest.json');
  if (!isSigningAlgorithm(o.algorithm)) out.push(`algorithm ${JSON.stringify(o.algorithm)} is not one aims-scan uses`);
  if (typeof o.keyId !== 'string' || !o.keyId) out.push('has no keyId');
  if (typeof o.signature !== 'string' || !/^[A-Za-z0-9+/]+=*$/.test(o.signature)) out.push('signature is not base64');
  if (typeof o.manifestSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(o.manifestSha256)) out.push('manifestSha256 is not a SHA-256');
  return out;
}

/** A public key from PEM (SPKI or PKCS#1) or DER SubjectPublicKeyInfo (what `aws kms get-public-key` returns, base64-decoded). */
export function publicKeyFrom(data: Buffer | string): KeyObject {
  const text = typeof data === 'string' ? data : data.toString('latin1');
  if (text.includes('-----BEGIN')) return createPublicKey(text);
  return createPublicKey({ key: typeof data === 'string' ? Buffer.from(data, 'base64') : data, format: 'der', type: 'spki' });
}

export interface SignatureCheck {
  ok: boolean;
  detail: string;
}

/** Checks the signature of manifest.json's bytes with a public key, as KMS made it (DIGEST of the algorithm's hash). */
export function verifyOffline(manifest: Buffer, sig: PackSignature, key: KeyObject): SignatureCheck {
  const sha = createHash('sha256').update(manifest).digest('hex');
  if (sha !== sig.manifestSha256) return { ok: false, detail: `signs a manifest with SHA-256 ${sig.manifestSha256}, this manifest.json has ${sha}` };
  const hash = hashOf(sig.algorithm);
  const signature = Buffer.from(sig.signature, 'base64');
  let ok: boolean;
  try {
    if (sig.algorithm.startsWith('RSASSA_PSS_')) {
      // KMS's RSASSA-PSS: MGF1 with the same hash, salt as long as the digest.
      ok = cryptoVerify(hash, manifest, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: createHash(hash).digest().length }, signature);
    } else if (sig.algorithm.startsWith('RSASSA_PKCS1_V1_5_')) {
      ok = cryptoVerify(hash, manifest, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
    } else {
      // KMS returns ECDSA signatures DER-encoded.
      ok = cryptoVerify(hash, manifest, { key, dsaEncoding: 'der' }, signature);
    }
  } catch (err) {
    return { ok: false, detail: `the key cannot check a ${sig.algorithm} signature: ${(err as Error).message}` };
  }
  const fingerprint = createHash('sha256').update(key.export({ format: 'der', type: 'spki' })).digest('hex');
  return ok
    ? { ok: true, detail: `signature valid: ${sig.algorithm} by the given public key (SHA-256 ${fingerprint}); signed as KMS key ${sig.keyId} at ${sig.signedAt}` }
    : { ok: false, detail: `signature does not match the given public key (SHA-256 ${fingerprint})${sig.publicKeySha256 && sig.publicKeySha256 !== fingerprint ? `; it was made with a key whose public key has SHA-256 ${sig.publicKeySha256}` : ''}` };
}

/** The digest KMS must check for this signature (for kms:Verify with MessageType DIGEST). */
export function manifestDigest(manifest: Buffer, sig: PackSignature): Buffer {
  return createHash(hashOf(sig.algorithm)).update(manifest).digest();
}
