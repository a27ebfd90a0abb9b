// `aims-scan push REPORT_OR_PACK`: import an earlier scan's findings into AWS Security Hub.
// Accepts report.json, a scan's output folder, or an evidence pack (folder or zip, verified
// against its manifest first). Exit 0 when every finding landed, 2 for a partial push, 3 for
// unusable input.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Report } from '../engine/report.js';
import { validateReport } from '../../reports/json.js';
import { isZipFile, MANIFEST, openPack, PackError, readPackText } from '../evidence/pack.js';
import { verifyPack } from '../evidence/verify.js';
import { logger, UsageError } from './common.js';
import { runPush, type PushDeps } from './securityhub-options.js';

export function registerPush(program: Command): void {
  program
    .command('push')
    .description("import an earlier scan's findings (report.json, its folder, or an evidence pack) into AWS Security Hub")
    .argument('<report-or-pack>', 'report.json, a scan output folder, or an evidence pack (folder or .zip)')
    .option('--dry-run', 'print what would be created, updated and archived; send nothing')
    .option('--profile <name>', 'AWS shared-config profile (default: the SDK credential chain)')
    .option('--role-arn <arn>', 'assume this role first (as `scan --role-arn` did for the scanned account)')
    .option('--external-id <id>', 'external ID for --role-arn')
    .option('--endpoint-url <url>', 'send every call to this AWS-compatible endpoint (also AWS_ENDPOINT_URL)')
    .option('--include-manual', 'also push MANUAL (as WARNING) and NOT_APPLICABLE (as NOT_AVAILABLE) results')
    .option('--quiet', 'no progress output')
    .option('--verbose', 'AWS SDK debug detail, and the stack of any error, on stderr (never credentials)')
    .action(async (target: string, o: Record<string, unknown>) => {
      process.exitCode = await pushCommand(target, o);
    });
}

/** The command itself, callable in-process with injected clients. */
export async function pushCommand(target: string, o: Record<string, unknown>, deps: PushDeps = {}, print: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const log = logger(!!o.quiet);
  if (o.endpointUrl) {
    try {
      new URL(o.endpointUrl as string);
    } catch {
      throw new UsageError(`--endpoint-url ${String(o.endpointUrl)} is not a URL`);
    }
  }
  const report = await readReport(target);
  if (report.scan.mode === 'simulated') throw new UsageError(`${target} is from a simulated scan: it describes no real account and cannot be pushed`);
  log(`pushing scan ${report.scan.id} of account ${report.scan.account.id} (${report.controls.length} control(s), finished ${report.scan.finishedAt})`);
  return runPush(report, o, log, print, deps);
}

/**
 * report.json from a file, a scan folder, or an evidence pack (folder or zip). A pack is
 * verified against its manifest first: a tampered pack is never pushed.
 */
export async function readReport(target: string): Promise<Report> {
  let st;
  try {
    st = statSync(target);
  } catch {
    throw new UsageError(`${target}: no such file or folder`);
  }
  const isPack = st.isDirectory() ? existsSync(join(target, MANIFEST)) : isZipFile(target);
  if (isPack) return readFromPack(target);
  const file = st.isDirectory() ? join(target, 'report.json') : target;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(st.isDirectory() ? `${target} holds no report.json` : `cannot read ${file}`);
  }
  return parseReport(text, file);
}

async function readFromPack(path: string): Promise<Report> {
  const check = await verifyPack(path);
  if (!check.ok) {
    const first = check.problems.slice(0, 3).map((p) => `${p.kind}: ${p.file}`).join('; ');
    throw new PackError(`${path}: the evidence pack is not intact (${first}); run \`aims-scan verify\` for details — not pushed`);
  }
  const pack = await openPack(path);
  try {
    if (!pack.files.includes('report.json')) throw new PackError(`${path}: the evidence pack holds no report.json`);
    return parseReport(await readPackText(pack, 'report.json'), `${path}:report.json`);
  } finally {
    pack.close();
  }
}

function parseReport(text: string, where: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${where} is not JSON: ${(err as Error).message}`);
  }
  const problems = validateReport(data);
  if (problems.length) throw new UsageError(`${where} is not an aims-scan report: ${problems.slice(0, 3).join('; ')}`);
  return data as Report;
}
