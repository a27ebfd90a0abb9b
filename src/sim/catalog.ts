// Every operation the registry can call, from the probes' own declarations (and the engine's):
// the simulated AWS pages with these token names, and the demo test checks its coverage with them.
import { ENGINE_CALLS, GetCallerIdentity } from '../aws/identity.js';
import { opKey, type OpSpec } from '../aws/ops.js';
import { declaredCalls, type Probe } from '../engine/probe.js';
import type { Registry } from '../engine/registry.js';

export function registryOps(registry: Registry): OpSpec[] {
  const out = new Map<string, OpSpec>();
  const add = (o: OpSpec) => {
    if (!out.has(opKey(o))) out.set(opKey(o), o);
  };
  [GetCallerIdentity, ...ENGINE_CALLS].forEach(add);
  for (const f of registry.baseFacts) declaredCalls(f).forEach(add);
  for (const p of registry.allProbes()) declaredCalls(p).forEach(add);
  return [...out.values()];
}

/** Which probes declare each operation (for coverage messages). */
export function declaringProbes(registry: Registry): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const note = (key: string, who: string) => out.set(key, [...new Set([...(out.get(key) ?? []), who])]);
  for (const f of registry.baseFacts) for (const o of declaredCalls(f)) note(opKey(o), `fact ${f.id}`);
  for (const p of registry.allProbes() as Probe[]) for (const o of declaredCalls(p)) note(opKey(o), p.id);
  return out;
}
