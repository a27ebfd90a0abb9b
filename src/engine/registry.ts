// The check registry: the document's controls, keyed by ID, each mapping resolved to the probe
// for its service. Built from data in checks/; the engine only looks things up here.
import type { Fact, Probe } from './probe.js';

export interface RegistryControl {
  id: string;
  title: string;
  group: string;
  description: string;
  mappings: readonly { service: string; implementation: string; controlSupport: string }[];
}

export interface RegistryInput {
  controls: readonly RegistryControl[];
  probes: readonly Probe<any>[];
  /** Checks beyond the document's mappings (e.g. Bedrock), reported as extensions. */
  extensions?: readonly { control: string; probe: Probe<any> }[];
  /** Facts computed for every scanned region whatever the selection (e.g. the AI inventory the report shows). */
  baseFacts?: readonly Fact<any>[];
}

export class UnknownControlError extends Error {
  constructor(
    readonly unknown: string[],
    readonly valid: string[],
  ) {
    super(`unknown control ID${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; valid IDs: ${valid.join(', ')}`);
    this.name = 'UnknownControlError';
  }
}

export class Registry {
  private readonly byId = new Map<string, RegistryControl>();
  private readonly byService = new Map<string, Probe>();
  private readonly ext = new Map<string, Probe[]>();

  constructor(readonly input: RegistryInput) {
    for (const c of input.controls) this.byId.set(c.id, c);
    for (const p of input.probes) {
      if (this.byService.has(p.service)) throw new Error(`two probes claim service "${p.service}"`);
      this.byService.set(p.service, p as Probe);
    }
    for (const e of input.extensions ?? []) {
      if (!this.byId.has(e.control)) throw new Error(`extension ${e.probe.id} names unknown control ${e.control}`);
      const list = this.ext.get(e.control) ?? [];
      list.push(e.probe as Probe);
      this.ext.set(e.control, list);
    }
  }

  get controlIds(): string[] {
    return this.input.controls.map((c) => c.id);
  }

  control(id: string): RegistryControl {
    const c = this.byId.get(id);
    if (!c) throw new UnknownControlError([id], this.controlIds);
    return c;
  }

  probeFor(service: string): Probe | undefined {
    return this.byService.get(service);
  }

  extensionsFor(control: string): Probe[] {
    return this.ext.get(control) ?? [];
  }

  /** Every probe the given controls would run (document mappings and extensions). */
  probesFor(controlIds: readonly string[]): Probe[] {
    const out = new Map<string, Probe>();
    for (const id of controlIds) {
      for (const m of this.control(id).mappings) {
        const p = this.probeFor(m.service);
        if (p) out.set(p.id, p);
      }
      for (const p of this.extensionsFor(id)) out.set(p.id, p);
    }
    return [...out.values()];
  }

  get baseFacts(): readonly Fact<unknown>[] {
    return this.input.baseFacts ?? [];
  }

  allProbes(): Probe[] {
    return [...new Set([...this.byService.values(), ...[...this.ext.values()].flat()])];
  }

  /** Validates a user's selection; empty means every control. */
  select(ids: readonly string[] | undefined): string[] {
    if (!ids || ids.length === 0) return this.controlIds;
    const unknown = ids.filter((i) => !this.byId.has(i));
    if (unknown.length) throw new UnknownControlError(unknown, this.controlIds);
    // Keep the document's order, whatever order the user typed.
    return this.controlIds.filter((i) => ids.includes(i));
  }
}
