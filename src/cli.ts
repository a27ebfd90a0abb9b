#!/usr/bin/env node
// aims-scan command line. Data goes to files, logs to stderr, the summary table to stdout.
// Exit codes: 0 no FAIL/ERROR · 1 a FAIL · 2 ERROR left the evaluation incomplete · 3 usage,
// configuration or credential error. Each command lives in src/commands/<name>.ts.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CredentialsError, RegionError } from './aws/identity.js';
import { RecordingFormatError } from './aws/recording.js';
import { UsageError } from './commands/common.js';
import { registerControls } from './commands/controls.js';
import { registerScan } from './commands/scan.js';
import { registerExtraCommands } from './commands/index.js';
import { UnknownControlError } from './engine/registry.js';
import { OutputError } from './util/atomic.js';
import { errorDetail, installOutputGuards, isVerbose } from './output-guard.js';
import { TOOL } from './version.js';
import { terminalSafe } from '../reports/terminal.js';

export const EXIT_USAGE = 3;

// The SDK warns on every run that its 2027 releases need Node 22: ours to track, not the user's.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `aims-scan controls | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

/** Errors that are the user's to fix (exit 3). Other modules add theirs by name. */
const USAGE_ERRORS = new Set(['UsageError', 'UnknownControlError', 'OutputError', 'CredentialsError', 'RegionError', 'RecordingFormatError', 'RecordingIncompleteError', 'ConfigError', 'PackError']);
void [UsageError, UnknownControlError, OutputError, CredentialsError, RegionError, RecordingFormatError];

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('aims-scan')
    .description('How far an AWS account supports an ISO/IEC 42001:2023 AI management system, with evidence.')
    .version(TOOL.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerScan(program);
  registerControls(program);
  registerExtraCommands(program);
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
    const known = err instanceof Error && USAGE_ERRORS.has(err.name);
    process.stderr.write(`aims-scan: error: ${terminalSafe((err as Error).message)}\n`);
    if (isVerbose() || (!known && process.env.AIMS_SCAN_DEBUG)) process.stderr.write(`${errorDetail(err)}\n`);
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
  const args = process.argv.slice(2);
  // Before any command runs: the SDK's console output, Node's warnings and a stray rejection are
  // shown only with --verbose (see output-guard.ts).
  installOutputGuards({ verbose: args.includes('--verbose') });
  main(args).then((code) => {
    process.exitCode = code;
  });
}
