// Listing helpers the engine's context does not offer (yet): a regional list whose region turned
// out not to offer the service, and billed pages counted one by one. Both keep the partial-evidence
// contract: nothing is read as empty unless AWS said so.
import type { OpSpec } from '../../src/aws/ops.js';
import { completeList, sortCauses, type ListEv } from '../../src/engine/evidence.js';
import type { CollectContext, PagesEv } from '../../src/engine/probe.js';

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
export type { PagesEv } from '../../src/engine/probe.js';

/**
 * Every page of a paginated call, read one by one from `input` (which may already carry a token).
 * A failed page, a repeated token or more than `maxPages` pages (default 100) leaves the listing incomplete.
 */
export function pagesOf<I extends object, O extends object>(ctx: CollectContext, o: OpSpec<I, O>, input: I, opts: { region?: string; maxPages?: number } = {}): Promise<PagesEv<O>> {
  return ctx.readPages(o, input, { ...opts, maxPages: opts.maxPages ?? 100 });
}
