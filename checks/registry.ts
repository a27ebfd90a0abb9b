// The check registry: the document's controls and every probe. Add a probe by creating
// checks/probes/<service>.ts and listing it in its group under checks/groups/; the engine needs no change.
import type { Probe } from '../src/engine/probe.js';
import { Registry } from '../src/engine/registry.js';
import { CONTROLS } from './catalog.js';
import { aiFootprint } from './facts/ai-footprint.js';
import { AI_EXTENSIONS, AI_INVENTORY_FACTS, AI_PROBES } from './groups/ai.js';
import { DATA_PROBES } from './groups/data.js';
import { SECURITY_PROBES } from './groups/security.js';

export const PROBES: Probe<any>[] = [...AI_PROBES, ...SECURITY_PROBES, ...DATA_PROBES];
export const EXTENSIONS: { control: string; probe: Probe<any> }[] = [...AI_EXTENSIONS];

export function defaultRegistry(): Registry {
  return new Registry({ controls: CONTROLS, probes: PROBES, extensions: EXTENSIONS, baseFacts: [aiFootprint, ...AI_INVENTORY_FACTS] });
}
