// Security Hub push: scan options and the step that runs after a scan.
// (Filled in by the Security Hub work; until then nothing is pushed.)
import type { Command } from 'commander';
import type { ScanResult } from '../scan.js';

export function addSecurityHubOptions(cmd: Command): Command {
  return cmd;
}

/** Pushes findings when asked; returns an exit code to combine with the scan's (0 when nothing to say). */
export async function afterScanSecurityHub(_result: ScanResult, _opts: Record<string, unknown>, _log: (l: string) => void): Promise<number> {
  return 0;
}
