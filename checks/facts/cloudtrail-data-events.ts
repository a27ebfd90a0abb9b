// Where the account's data events can be logged: the trails each region shows (shadow copies of
// multi-region trails included), each trail's logging status and event selectors, and the CloudTrail
// Lake event data stores. The same calls and inputs as the shared CloudTrail fact
// (cloudtrail-trails.ts), so the engine answers each once; read here with partial evidence: a
// denied region or trail leaves only what depends on it unknown.
import type { AdvancedEventSelector, EventSelector } from '@aws-sdk/client-cloudtrail';
import { defineFact } from '../../src/engine/probe.js';
import { completeList, concatLists, fanOut, known, mapEv, type Ev, type ListEv } from '../../src/engine/evidence.js';
// The shared fact's own operation declarations: the same calls, one declaration.
import { DescribeTrails, GetEventDataStore, GetEventSelectors, GetTrailStatus, ListEventDataStores } from './cloudtrail-trails.js';

export interface Selectors {
  basic: EventSelector[];
  advanced: AdvancedEventSelector[];
}

export interface TrailSource {
  arn: string;
  name: string;
  homeRegion: string;
  multiRegion: boolean;
  logging: Ev<boolean>;
  selectors: Ev<Selectors>;
}

export interface StoreSource {
  arn: string;
  region: string;
  name?: string;
  detail: Ev<{ status?: string; multiRegion: boolean; advanced: AdvancedEventSelector[] }>;
}

export interface DataEventSources {
  /** Per scanned region, the ARNs of the trails that log there (DescribeTrails with shadow trails). */
  trailsIn: Record<string, ListEv<string>>;
  trails: Record<string, TrailSource>;
  /** Every region's event data stores (a multi-region store is listed in its home region only). */
  stores: ListEv<StoreSource>;
  /** Regions where CloudTrail is not offered or the region is off: nothing can be logged there. */
  skipped: string[];
}

const regionOfArn = (arn: string): string | undefined => arn.split(':')[3] || undefined;

export const dataEventSources = defineFact<DataEventSources>({
  id: 'cloudtrail-data-event-sources',
  scope: 'global',
  calls: [DescribeTrails, GetTrailStatus, GetEventSelectors, ListEventDataStores, GetEventDataStore],
  async collect(ctx) {
    const skipped: string[] = [];
    const trailsIn: Record<string, ListEv<string>> = {};
    const found = new Map<string, { name: string; homeRegion: string; multiRegion: boolean }>();
    const storeLists = await Promise.all(
      ctx.regions.map(async (region) => {
        const [d, eds] = await Promise.all([ctx.read(DescribeTrails, { includeShadowTrails: true }, { region }), ctx.list(ListEventDataStores, {}, 'EventDataStores', { region })]);
        if (!d.known && ctx.regionUnreachable(d.causes, region)) {
          skipped.push(region);
          trailsIn[region] = completeList([]);
          return completeList([]);
        }
        trailsIn[region] = d.known ? completeList([]) : { items: [], complete: false, causes: d.causes };
        if (d.known) {
          for (const t of d.value.trailList ?? []) {
            if (!t.TrailARN) continue;
            trailsIn[region].items.push(t.TrailARN);
            if (!found.has(t.TrailARN)) found.set(t.TrailARN, { name: t.Name ?? t.TrailARN, homeRegion: t.HomeRegion ?? regionOfArn(t.TrailARN) ?? ctx.homeRegion, multiRegion: t.IsMultiRegionTrail === true });
          }
          trailsIn[region].items.sort();
        }
        return { ...eds, items: eds.items.filter((s) => s.EventDataStoreArn).map((s) => ({ arn: s.EventDataStoreArn as string, region, name: s.Name })) };
      }),
    );
    const trailList = await Promise.all(
      [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(async ([arn, t]): Promise<TrailSource> => {
        const at = { region: t.homeRegion, resource: arn };
        const [st, sel] = await Promise.all([ctx.read(GetTrailStatus, { Name: arn }, at), ctx.read(GetEventSelectors, { TrailName: arn }, at)]);
        return { arn, ...t, logging: mapEv(st, (s) => s.IsLogging === true), selectors: mapEv(sel, (s) => ({ basic: s.EventSelectors ?? [], advanced: s.AdvancedEventSelectors ?? [] })) };
      }),
    );
    const seen = new Set<string>();
    const listed = concatLists(storeLists);
    const unique = { ...listed, items: listed.items.filter((s) => (seen.has(s.arn) ? false : (seen.add(s.arn), true))).sort((a, b) => a.arn.localeCompare(b.arn)) };
    const stores = await fanOut(unique, async (s): Promise<Ev<StoreSource>> => {
      const region = regionOfArn(s.arn) ?? s.region;
      const g = await ctx.read(GetEventDataStore, { EventDataStore: s.arn }, { region, resource: s.arn });
      return known({ ...s, region, detail: mapEv(g, (x) => ({ status: x.Status, multiRegion: x.MultiRegionEnabled === true, advanced: x.AdvancedEventSelectors ?? [] })) });
    });
    return { trailsIn, trails: Object.fromEntries(trailList.map((t) => [t.arn, t])), stores, skipped: skipped.sort() };
  },
});
