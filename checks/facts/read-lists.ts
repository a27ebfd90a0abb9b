// Listing helpers the engine's context does not offer (yet): a paginated list whose first answer
// may be a declared "not enabled" signal, and a regional list whose region turned out not to offer
// the service. Both keep the partial-evidence contract: nothing is read as empty unless AWS said so.
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import type { OpSpec } from '../../src/aws/ops.js';
import { completeList, sortCauses, type Cause, type ListEv } from '../../src/engine/evidence.js';
import type { CollectContext, ItemOf } from '../../src/engine/probe.js';

/**
 * Every item under `key`, or the declared Absent answer of the first page (e.g. "not subscribed").
 * Later pages go through `ctx.list`, so a failed page leaves the list incomplete with its cause.
 */
export async function listOrAbsent<I extends object, O extends object, K extends keyof O>(
  ctx: CollectContext,
  o: OpSpec<I, O>,
  input: I,
  key: K,
  opts: { region?: string; resource?: string } = {},
): Promise<ListEv<ItemOf<O[K]>> | Absent> {
  const first = await ctx.readOrAbsent(o, input, opts);
  if (!first.known) return { items: [], complete: false, causes: first.causes };
  if (isAbsent(first.value)) return first.value;
  const page = first.value as Record<string, unknown>;
  const got = page[key as string];
  if (got !== undefined && got !== null && !Array.isArray(got)) {
    const cause: Cause = { action: o.action, region: opts.region ?? ctx.region, kind: 'malformed', detail: `${o.action} answered with "${String(key)}" that is not a list` };
    return { items: [], complete: false, causes: [cause] };
  }
  const items = (got ?? []) as ItemOf<O[K]>[];
  const token = o.paginate ? page[o.paginate.outputToken] : undefined;
  if (!o.paginate || typeof token !== 'string' || !token) return completeList(items);
  const rest = await ctx.list(o, { ...input, [o.paginate.inputToken]: token } as I, key, opts);
  return { items: [...items, ...rest.items], complete: rest.complete, causes: rest.causes };
}

/**
 * A list read in another region than the probe's: where that region does not offer the service
 * (or is off, or SCP-denied outside the home region) it holds nothing this scan can see, so it is
 * read as empty with a note instead of leaving the answer open.
 */
export function unlessUnreachable<T>(ctx: CollectContext, l: ListEv<T>, region: string, label: string, notes: string[]): ListEv<T> {
  if (l.complete || l.items.length || !l.causes.length) return l;
  const away = l.causes.every((c) => c.kind === 'unavailable' || c.kind === 'region-disabled' || ctx.regionUnreachable([c], region));
  if (!away) return l;
  notes.push(`not listed: ${label} in ${region}: ${sortCauses(l.causes)[0].detail}`);
  return completeList([]);
}

/** The pages of a listing, one read at a time (for callers that must count them, e.g. billed requests). */
export interface PagesEv<O> {
  pages: O[];
  complete: boolean;
  causes: Cause[];
}

/**
 * Every page of a paginated call, read one by one from `input` (which may already carry a token).
 * A failed page, a repeated token or more than `maxPages` pages leaves the listing incomplete.
 */
export async function pagesOf<I extends object, O extends object>(ctx: CollectContext, o: OpSpec<I, O>, input: I, opts: { region?: string; maxPages?: number } = {}): Promise<PagesEv<O>> {
  const pages: O[] = [];
  const seen = new Set<string>();
  const paging = o.paginate;
  let next: I = input;
  for (let n = 0; n < (opts.maxPages ?? 100); n++) {
    const r = await ctx.read(o, next, opts);
    if (!r.known) return { pages, complete: false, causes: r.causes };
    pages.push(r.value);
    const token = paging ? (r.value as Record<string, unknown>)[paging.outputToken] : undefined;
    if (!paging || typeof token !== 'string' || !token) return { pages, complete: true, causes: [] };
    if (seen.has(token)) break;
    seen.add(token);
    next = { ...input, [paging.inputToken]: token } as I;
  }
  const cause: Cause = { action: o.action, region: opts.region ?? ctx.region, kind: 'pagination', detail: `${o.action} did not finish paging (repeated token or page cap)` };
  return { pages, complete: false, causes: [cause] };
}
