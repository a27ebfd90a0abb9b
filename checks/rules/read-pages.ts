// Every page of a paginated call whose answer is not a list under one key (Detective's
// DatasourcePackages is a map per page), as one Known value or Unknown with the failed page's
// cause: the engine's ctx.readPages, with its guards (repeated token, page cap), as an Ev.
import type { OpSpec } from '../../src/aws/ops.js';
import { known, unknown, type Ev } from '../../src/engine/evidence.js';
import type { CollectContext } from '../../src/engine/probe.js';

export async function readPages<I extends object, O extends object>(ctx: CollectContext, o: OpSpec<I, O>, input: I, opts: { region?: string; resource?: string } = {}): Promise<Ev<O[]>> {
  const r = await ctx.readPages(o, input, opts);
  return r.complete ? known(r.pages) : unknown(r.causes);
}
