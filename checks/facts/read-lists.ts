// Listing helpers the engine's context does not offer (yet): a regional list whose region turned
// out not to offer the service, and billed pages counted one by one. Both keep the partial-evidence
// contract: nothing is read as empty unless AWS said so.
import type { OpSpec } from '../../src/aws/ops.js';
import { completeList, sortCauses, type Cause, type ListEv } from '../../src/engine/evidence.js';
import type { CollectContext } from '../../src/engine/probe.js';

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
