#!/usr/bin/env node
// aims-scan command line. Data goes to files, logs to stderr, the summary table to stdout.
// Exit codes: 0 no FAIL/ERROR · 1 a FAIL · 2 ERROR left the evaluation incomplete · 3 usage,
// configuration or credential error.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CredentialsError, RegionError } from './aws/identity.js';
import { RecordingFormatError } from './aws/recording.js';
import { UnknownControlError } from './engine/registry.js';
import { DEFAULT_OPTIONS, scan } from './scan.js';
import { OutputError } from './util/atomic.js';
import { TOOL } from './version.js';
import { defaultRegistry } from '../checks/registry.js';
import { crosswalkLookup } from '../checks/crosswalk.js';
import { renderTerminal, terminalSafe } from '../reports/terminal.js';
import { renderControls } from '../reports/controls.js';

export const EXIT_USAGE = 3;

// The SDK warns on every run that its 2027 releases need Node 22: ours to track, not the user's.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

class UsageError extends Error {}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

function scopeTag(v: string, prev: { key: string; value: string }[] = []): { key: string; value: string }[] {
  const i = v.indexOf('=');
  if (i <= 0) throw new InvalidArgumentError(`expected key=value, got "${v}"`);
  return [...prev, { key: v.slice(0, i), value: v.slice(i + 1) }];
}

function list(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

const useColor = () => process.stdout.isTTY && !process.env.NO_COLOR;

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('aims-scan')
    .description('How far an AWS account supports an ISO/IEC 42001:2023 AI management system, with evidence.')
    .version(TOOL.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('scan')
    .description('scan an AWS account (read-only) and write report.json and calls.jsonl')
    .option('--profile <name>', 'AWS shared-config profile (default: the SDK credential chain)')
    .option('--region <list>', 'comma-separated regions (default: every region enabled for the account)', list)
    .option('--controls <list>', 'comma-separated document control IDs, e.g. 6.1.2,A.7 (default: all)', list)
    .option('--out <dir>', 'output folder', 'aims-report')
    .option('--concurrency <n>', 'calls in flight across the scan', positiveInt, DEFAULT_OPTIONS.concurrency)
    .option('--service-concurrency <n>', 'calls in flight per service and region', positiveInt, DEFAULT_OPTIONS.perServiceConcurrency)
    .option('--max-attempts <n>', 'SDK attempts per call (adaptive retry)', positiveInt, DEFAULT_OPTIONS.maxAttempts)
    .option('--endpoint-url <url>', 'send every call to this AWS-compatible endpoint (also AWS_ENDPOINT_URL)')
    .option('--home-region <region>', 'region for STS and global services (default: AWS_REGION, then us-east-1)')
    .option('--replay <file>', 'replay a calls.jsonl recording instead of calling AWS')
    .addOption(new Option('--optional-services <policy>', 'what an unused tool-choice service becomes').choices(['manual', 'fail', 'na']).default('manual'))
    .option('--scope-tag <key=value>', 'also judge resources (e.g. buckets) carrying this tag; repeatable', scopeTag)
    .option('--quiet', 'no progress or summary output')
    .action(async (o) => {
      const log = o.quiet ? () => undefined : (l: string) => process.stderr.write(`aims-scan: ${terminalSafe(l)}\n`);
      if (o.endpointUrl) {
        try {
          new URL(o.endpointUrl);
        } catch {
          throw new UsageError(`--endpoint-url ${o.endpointUrl} is not a URL`);
        }
      }
      const res = await scan(
        {
          profile: o.profile,
          regions: o.region,
          controls: o.controls,
          out: o.out,
          concurrency: o.concurrency,
          perServiceConcurrency: o.serviceConcurrency,
          maxAttempts: o.maxAttempts,
          pageCap: DEFAULT_OPTIONS.pageCap,
          endpointUrl: o.endpointUrl,
          homeRegion: o.homeRegion,
          replay: o.replay,
          settings: { optionalServicePolicy: o.optionalServices, scopeTags: o.scopeTag ?? [] },
          log,
        },
        { registry: defaultRegistry(), crosswalk: crosswalkLookup },
      );
      if (!o.quiet) {
        process.stdout.write(renderTerminal(res.report, { color: useColor(), width: process.stdout.columns }));
        log(`wrote ${res.files.report} and ${res.files.calls}`);
      }
      process.exitCode = res.exitCode;
    });

  program
    .command('controls')
    .description("list the document's controls with their official ISO/IEC 42001:2023 references")
    .option('--json', 'JSON instead of a table')
    .action((o) => {
      process.stdout.write(renderControls(defaultRegistry(), crosswalkLookup, o.json ? 'json' : 'table'));
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every other parse problem is a usage error.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    const known = err instanceof UsageError || err instanceof UnknownControlError || err instanceof OutputError || err instanceof CredentialsError || err instanceof RegionError || err instanceof RecordingFormatError;
    process.stderr.write(`aims-scan: error: ${terminalSafe((err as Error).message)}\n`);
    if (!known && process.env.AIMS_SCAN_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    return known ? EXIT_USAGE : 2;
  }
}

function isEntryPoint(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
