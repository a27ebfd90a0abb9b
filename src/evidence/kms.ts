// AWS KMS for pack signatures: kms:GetPublicKey (read) and kms:Sign when a scan is given
// --sign-key; kms:Verify for `aims-scan verify --key`. Calls go with the caller's own credentials
// (the SDK chain, --profile), not a role assumed in a scanned account: the signing key usually
// lives in a security or tooling account and its key policy decides who may sign.
import type { KMSClient } from '@aws-sdk/client-kms';
import { chooseAlgorithm, manifestDigest, SigningError, type PackSignature, type SignatureCheck, type Signer, type SigningAlgorithm } from './sign.js';

export interface KmsOptions {
  profile?: string;
  /** Region when the key is not given as an ARN (default AWS_REGION, then us-east-1). */
  region?: string;
  endpointUrl?: string;
  /** A client to use instead of building one (tests). */
  client?: KMSClient;
}

/** The key's region from its ARN, else the fallback. */
export function kmsRegion(key: string, fallback?: string): string {
  return /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(key)?.[1] ?? fallback ?? process.env.AWS_REGION ?? 'us-east-1';
}

async function client(key: string, o: KmsOptions): Promise<KMSClient> {
  if (o.client) return o.client;
  const [{ KMSClient: Client }, { fromNodeProviderChain }] = await Promise.all([import('@aws-sdk/client-kms'), import('@aws-sdk/credential-providers')]);
  const endpoint = o.endpointUrl ?? process.env.AWS_ENDPOINT_URL;
  return new Client({ region: kmsRegion(key, o.region), credentials: fromNodeProviderChain(o.profile ? { profile: o.profile } : {}), maxAttempts: 5, ...(endpoint ? { endpoint } : {}) });
}

const why = (err: unknown) => `${(err as Error).name ?? 'Error'}: ${(err as Error).message}`;

/** Signs with a KMS asymmetric key: GetPublicKey once (usage, algorithms, public key), then Sign with MessageType DIGEST. */
export function kmsSigner(key: string, o: KmsOptions = {}): Signer {
  let kms: KMSClient | undefined;
  const sdk = () => import('@aws-sdk/client-kms');
  return {
    key,
    async prepare() {
      kms ??= await client(key, o);
      const { GetPublicKeyCommand } = await sdk();
      let out;
      try {
        out = await kms.send(new GetPublicKeyCommand({ KeyId: key }));
      } catch (err) {
        throw new SigningError(`cannot read KMS key ${key} (kms:GetPublicKey): ${why(err)}`);
      }
      if (out.KeyUsage && out.KeyUsage !== 'SIGN_VERIFY') throw new SigningError(`KMS key ${key} has key usage ${out.KeyUsage}: signing needs an asymmetric key with key usage SIGN_VERIFY`);
      const algorithm = chooseAlgorithm(out.SigningAlgorithms ?? [], key);
      return { algorithm, ...(out.PublicKey ? { publicKey: Buffer.from(out.PublicKey) } : {}) };
    },
    async sign(digest: Buffer, algorithm: SigningAlgorithm) {
      kms ??= await client(key, o);
      const { SignCommand } = await sdk();
      let out;
      try {
        out = await kms.send(new SignCommand({ KeyId: key, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm }));
      } catch (err) {
        throw new SigningError(`kms:Sign with key ${key} failed: ${why(err)}`);
      }
      if (!out.Signature?.length) throw new SigningError(`kms:Sign with key ${key} returned no signature`);
      return { keyId: out.KeyId ?? key, signature: Buffer.from(out.Signature) };
    },
  };
}

/** kms:Verify of the pack's signature with the key the auditor names. */
export async function verifyWithKms(manifest: Buffer, sig: PackSignature, key: string, o: KmsOptions = {}): Promise<SignatureCheck> {
  const kms = await client(key, o);
  const { VerifyCommand } = await import('@aws-sdk/client-kms');
  try {
    const out = await kms.send(
      new VerifyCommand({ KeyId: key, Message: manifestDigest(manifest, sig), MessageType: 'DIGEST', Signature: Buffer.from(sig.signature, 'base64'), SigningAlgorithm: sig.algorithm }),
    );
    if (out.SignatureValid) return { ok: true, detail: `signature valid: kms:Verify with key ${out.KeyId ?? key} (${sig.algorithm}); signed at ${sig.signedAt}` };
    return { ok: false, detail: `kms:Verify with key ${key}: signature not valid` };
  } catch (err) {
    if ((err as Error).name === 'KMSInvalidSignatureException') return { ok: false, detail: `kms:Verify with key ${key}: signature not valid for this manifest and key` };
    throw new SigningError(`kms:Verify with key ${key} failed: ${why(err)}`);
  }
}
