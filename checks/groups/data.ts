// Data, delivery, continuity and third-party probes. Add new ones here.
import type { Probe } from '../../src/engine/probe.js';

export const DATA_PROBES: Probe<any>[] = [];
