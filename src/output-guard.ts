// What reaches the terminal besides aims-scan's own lines. The AWS SDK writes straight to the
// console in places (e.g. "Failed to construct URL" followed by a stack trace, or "Received number
// where a string was expected" warnings), Node prints process warnings, and an unhandled rejection
// would end the process with a stack trace. aims-scan itself never writes through the console, so:
// by default all of that is dropped and an internal failure is one line; with --verbose it goes
// to stderr, one prefixed line at a time, beside the SDK's own debug log and the stack of any
// error. Credentials never appear: logged objects lose their request and answer bodies and any
// credential-like field, and key-like strings are masked.
import { format } from 'node:util';
import { terminalSafe } from '../reports/terminal.js';

let verbose = false;

export function isVerbose(): boolean {
  return verbose;
}

/** Call once, in the process that runs the command line (never inside a test runner's worker). */
export function installOutputGuards(opts: { verbose: boolean }): void {
  verbose = opts.verbose;
  for (const level of ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const) {
    console[level] = verbose ? (...args: unknown[]) => line(`sdk ${level}`, format(...args)) : () => undefined;
  }
  // Node's own printer of process warnings is a listener: replace it.
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (verbose) line('warning', `${w.name}: ${w.message}`);
  });
  process.on('unhandledRejection', fatal);
  process.on('uncaughtException', fatal);
}

function fatal(err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`aims-scan: error: internal error: ${terminalSafe(mask(e.message.split('\n')[0]))}${verbose ? '' : ' (run with --verbose for details)'}\n`);
  if (verbose && e.stack) process.stderr.write(`${terminalSafe(mask(e.stack))}\n`);
  process.exit(2);
}

/** The stack of an error, masked, for --verbose. */
export function errorDetail(err: unknown): string {
  return terminalSafe(mask(err instanceof Error ? (err.stack ?? err.message) : String(err)));
}

function line(kind: string, text: string): void {
  for (const l of mask(text).split('\n')) if (l.trim()) process.stderr.write(`aims-scan: ${kind}: ${terminalSafe(l)}\n`);
}

/** The SDK's logger interface, for clients and credential providers: only with --verbose. */
export function sdkLogger(): { debug(...a: unknown[]): void; info(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void } | undefined {
  if (!verbose) return undefined;
  const at = (level: string) => (...args: unknown[]) => line(`sdk ${level}`, args.map((a) => (typeof a === 'string' ? a : JSON.stringify(scrub(a, 0)))).join(' '));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const SECRET_KEY = /secret|token|password|credential|authorization|signature|sessionkey|privatekey/i;

/** Log objects without request or answer bodies (an answer can hold a container's environment). */
function scrub(v: unknown, depth: number): unknown {
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (Array.isArray(v)) return depth > 4 ? '…' : v.map((x) => scrub(x, depth + 1));
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'input' || k === 'output') out[k] = '[not logged]';
    else if (SECRET_KEY.test(k)) out[k] = '[redacted]';
    else out[k] = depth > 4 ? '…' : scrub(x, depth + 1);
  }
  return out;
}

/** Masks access key IDs, signatures and the secret values of this process's environment. */
export function mask(text: string): string {
  let t = text
    .replace(/\b(AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z0-9]{12,}\b/g, '$1…')
    .replace(/(Credential=)[^,\s"]+/g, '$1[redacted]')
    .replace(/(Signature=)[0-9a-f]+/g, '$1[redacted]');
  for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN']) {
    const value = process.env[name];
    if (value && value.length >= 8) t = t.split(value).join('[redacted]');
  }
  return t;
}
