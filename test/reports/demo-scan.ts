// The built-in demo account replayed through the normal engine: a real report with every kind of
// verdict, extensions, errors and failures, made offline in about a second.
import { join } from 'node:path';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { DEFAULT_OPTIONS, scan, type ScanResult } from '../../src/scan.js';

export const DEMO_RECORDING = join(__dirname, '..', '..', 'demo', 'account', 'calls.jsonl');

/** Replays the demo recording into `out`. */
export function demoScan(out: string): Promise<ScanResult> {
  return scan({ ...DEFAULT_OPTIONS, out, replay: DEMO_RECORDING }, { registry: defaultRegistry(), crosswalk: crosswalkLookup });
}
