// `aims-scan verify PACK`: exit 0 when the evidence pack (zip or folder) is intact, 1 naming each
// changed, missing or extra file, 3 for a path that is not a pack. With --public-key (offline)
// or --key (kms:Verify) the pack must also carry a valid signature of its manifest by that key.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { terminalSafe } from '../../reports/terminal.js';
import { publicKeyFrom } from '../evidence/sign.js';
import { describeVerify, verifyPack, type VerifyOptions } from '../evidence/verify.js';
import { UsageError } from './common.js';

interface VerifyFlags {
  json?: boolean;
  publicKey?: string;
  key?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check an evidence pack: every file against the SHA-256 in its manifest, nothing missing or added; with a key, its signature too')
    .argument('<pack>', 'evidence-<account>-<time>.zip or its folder')
    .option('--public-key <file>', 'check the manifest signature offline with this public key (PEM or DER, from `aws kms get-public-key`)')
    .option('--key <kms-key>', 'check the manifest signature with AWS KMS (kms:Verify) and this key ID or ARN')
    .option('--region <region>', 'with --key: the key region when it is not an ARN (default AWS_REGION)')
    .option('--profile <name>', 'with --key: AWS shared-config profile')
    .option('--endpoint-url <url>', 'with --key: send the KMS call to this endpoint (also AWS_ENDPOINT_URL)')
    .option('--json', 'the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  aims-scan verify evidence-123456789012-20260101T000000000Z.zip
  aws kms get-public-key --key-id <key-arn> --query PublicKey --output text | base64 -d > key.der
  aims-scan verify evidence-….zip --public-key key.der        # offline: no AWS access needed
  aims-scan verify evidence-….zip --key <key-arn>             # asks KMS (kms:Verify)`,
    )
    .action(async (pack: string, o: VerifyFlags) => {
      const r = await verifyPack(pack, verifyOptions(o));
      if (o.json) process.stdout.write(JSON.stringify({ ok: r.ok, kind: r.kind, path: r.path, verified: r.verified, problems: r.problems, ...(r.signature ? { signature: r.signature } : {}) }, null, 2) + '\n');
      else {
        const lines = describeVerify(r).map(terminalSafe);
        process.stdout.write(lines.join('\n') + '\n');
      }
      process.exitCode = r.ok ? 0 : 1;
    });
}

function verifyOptions(o: VerifyFlags): VerifyOptions {
  if (o.publicKey && o.key) throw new UsageError('choose one of --public-key (offline) and --key (kms:Verify)');
  if (o.publicKey) {
    let data: Buffer;
    try {
      data = readFileSync(o.publicKey);
    } catch (err) {
      throw new UsageError(`--public-key ${o.publicKey}: cannot read: ${(err as Error).message}`);
    }
    try {
      return { publicKey: publicKeyFrom(data) };
    } catch (err) {
      throw new UsageError(`--public-key ${o.publicKey}: not a public key in PEM or DER form (${(err as Error).message})`);
    }
  }
  if (o.key) return { kmsKey: o.key, kms: { region: o.region, profile: o.profile, endpointUrl: o.endpointUrl } };
  return {};
}
