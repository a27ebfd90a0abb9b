// Small pieces shared by the commands: option parsers, the log line, colour, usage errors.
import { InvalidArgumentError, type Command } from 'commander';
import { terminalSafe } from '../../reports/terminal.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

export function list(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

export function scopeTag(v: string, prev: { key: string; value: string }[] = []): { key: string; value: string }[] {
  const i = v.indexOf('=');
  if (i <= 0) throw new InvalidArgumentError(`expected key=value, got "${v}"`);
  return [...prev, { key: v.slice(0, i), value: v.slice(i + 1) }];
}

export function logger(quiet: boolean): (line: string) => void {
  return quiet ? () => undefined : (l: string) => process.stderr.write(`aims-scan: ${terminalSafe(l)}\n`);
}

export const useColor = (): boolean => !!process.stdout.isTTY && !process.env.NO_COLOR;

/**
 * Gives an option defined by another module a short flag: commander matches an option by its
 * `short` and prints its `flags` in --help.
 */
export function addShortFlag(cmd: Command, long: string, short: string): void {
  const opt = cmd.options.find((x) => x.long === long);
  if (!opt || opt.short === short) return;
  if (opt.short || cmd.options.some((x) => x.short === short)) throw new Error(`cannot give ${long} the short flag ${short}: taken`);
  opt.short = short;
  opt.flags = `${short}, ${opt.flags}`;
}
