// Every page of a paginated call whose answer is not a list under one key (Detective's
// DatasourcePackages is a map per page), as one Known value or Unknown with the failed page's
// cause. `ctx.list` needs an array under its key, so these are paged by hand, with the engine's
// guards: a repeated token or an endless run of pages is an Unknown, never a loop.
// Engine candidate: `ctx.readPages` beside `ctx.list`.
import type { OpSpec } from '../../src/aws/ops.js';
import { known, unknown, type Ev } from '../../src/engine/evidence.js';
import type { CollectContext } from '../../src/engine/probe.js';

/** Pages a hand-paged listing may take (the engine's cap for a full listing is the same). */
const MAX_PAGES = 1000;

export async function readPages<I extends object, O extends object>(ctx: CollectContext, o: OpSpec<I, O>, input: I, opts: { region?: string; resource?: string } = {}): Promise<Ev<O[]>> {
  const paging = o.paginate;
  const pages: O[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let n = 0; ; n++) {
    const stop = (message: string) => unknown<O[]>([{ action: o.action, region: opts.region ?? ctx.region, ...(opts.resource ? { resource: opts.resource } : {}), kind: 'pagination', detail: `${o.action} ${message}` }]);
    if (n >= MAX_PAGES) return stop(`returned more than ${MAX_PAGES} pages`);
    const page = await ctx.read(o, (token === undefined || !paging ? input : { ...input, [paging.inputToken]: token }) as I, opts);
    if (!page.known) return page;
    pages.push(page.value);
    const next = paging ? (page.value as Record<string, unknown>)[paging.outputToken] : undefined;
    if (typeof next !== 'string' || !next) return known(pages);
    if (seen.has(next)) return stop('repeated pagination token; stopped instead of looping');
    seen.add(next);
    token = next;
  }
}

