// A paginated listing whose answer may be a declared "not enabled" signal (Security Hub's
// "not subscribed", Macie's "Macie is not enabled"): `ctx.list` turns any error into an
// incomplete list, so the signal is read from the first page with `readOrAbsent`. Both ask the
// same first page, which the access layer answers once (one call, one record).
// Engine candidate: `ctx.listOrAbsent` beside `ctx.list`.
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import type { OpSpec } from '../../src/aws/ops.js';
import type { ListEv } from '../../src/engine/evidence.js';
import type { CollectContext, ItemOf } from '../../src/engine/probe.js';

/** A listing, or (complete and empty) the declared "not enabled" answer in `absent`. */
export type AbsentOrList<T> = ListEv<T> & { absent?: Absent };

export async function listOrAbsent<I extends object, O extends object, K extends keyof O>(
  ctx: CollectContext,
  o: OpSpec<I, O>,
  input: I,
  key: K,
  opts: { region?: string; resource?: string; require?: readonly string[] } = {},
): Promise<AbsentOrList<ItemOf<O[K]>>> {
  const [first, list] = await Promise.all([ctx.readOrAbsent(o, input, { region: opts.region, resource: opts.resource }), ctx.list(o, input, key, opts)]);
  if (first.known && isAbsent(first.value)) return { items: [], complete: true, causes: [], absent: first.value };
  return list;
}
