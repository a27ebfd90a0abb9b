// Where the shipped demo recording lives (package data). Its own module so that the CLI can find
// it without loading the simulator.
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../version.js';

export const DEMO_RECORDING = join(PACKAGE_ROOT, 'demo', 'account', 'calls.jsonl');
