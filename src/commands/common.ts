// Small pieces shared by the commands: option parsers, the log line, colour, usage errors.
import { InvalidArgumentError } from 'commander';
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
