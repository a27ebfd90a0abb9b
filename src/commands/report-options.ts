// Output formats, the official view and the evidence pack: scan options and what runs after a scan.
// (Filled in by the reports work; until then only report.json and calls.jsonl are written.)
import type { Command } from 'commander';
import type { ScanResult } from '../scan.js';

export function addReportOptions(cmd: Command): Command {
  return cmd;
}

export interface ReportOptionValues {
  [k: string]: unknown;
}

/** Writes the extra outputs the options ask for; returns the files written. */
export async function writeReportOutputs(_result: ScanResult, _opts: ReportOptionValues, _log: (l: string) => void): Promise<string[]> {
  return [];
}
