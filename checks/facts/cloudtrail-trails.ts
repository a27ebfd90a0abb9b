// Every CloudTrail trail and event data store the account has, each read once in its home region
// (a multi-region trail shows up in every region as a shadow). probes.md §2.13, §2.40.
// Note: ListEventDataStores no longer returns Status/MultiRegionEnabled (SDK d.ts marks them
// deprecated), so each store is read with GetEventDataStore.
import type {
  DescribeTrailsCommandInput,
  DescribeTrailsCommandOutput,
  EventSelector,
  AdvancedEventSelector,
  GetEventDataStoreCommandInput,
  GetEventDataStoreCommandOutput,
  GetEventSelectorsCommandInput,
  GetEventSelectorsCommandOutput,
  GetTrailStatusCommandInput,
  GetTrailStatusCommandOutput,
  ListEventDataStoresCommandInput,
  ListEventDataStoresCommandOutput,
  Trail,
} from '@aws-sdk/client-cloudtrail';
import { AwsCallError } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineFact } from '../../src/engine/probe.js';

export const DescribeTrails = op<DescribeTrailsCommandInput, DescribeTrailsCommandOutput>('cloudtrail', 'DescribeTrails');
export const GetTrailStatus = op<GetTrailStatusCommandInput, GetTrailStatusCommandOutput>('cloudtrail', 'GetTrailStatus');
export const GetEventSelectors = op<GetEventSelectorsCommandInput, GetEventSelectorsCommandOutput>('cloudtrail', 'GetEventSelectors');
export const ListEventDataStores = op<ListEventDataStoresCommandInput, ListEventDataStoresCommandOutput>('cloudtrail', 'ListEventDataStores', { paginate: NEXT_TOKEN });
export const GetEventDataStore = op<GetEventDataStoreCommandInput, GetEventDataStoreCommandOutput>('cloudtrail', 'GetEventDataStore');

export interface TrailState {
  trail: Trail;
  isLogging: boolean;
  latestDeliveryError?: string;
  eventSelectors: EventSelector[];
  advancedEventSelectors: AdvancedEventSelector[];
}

export interface DataStoreState {
  arn: string;
  name?: string;
  region: string;
  status?: string;
  multiRegion: boolean;
  advancedEventSelectors: AdvancedEventSelector[];
}

export interface CloudTrailInventory {
  trails: TrailState[];
  dataStores: DataStoreState[];
  /** Regions that could not be listed (not enabled, service absent) and why. */
  skippedRegions: string[];
}

export const cloudtrailInventory = defineFact<CloudTrailInventory>({
  id: 'cloudtrail-inventory',
  scope: 'global',
  calls: [DescribeTrails, GetTrailStatus, GetEventSelectors, ListEventDataStores, GetEventDataStore],
  async collect(ctx) {
    const skippedRegions: string[] = [];
    const byArn = new Map<string, Trail>();
    const stores: { arn: string; region: string }[] = [];
    await Promise.all(
      ctx.regions.map(async (region) => {
        try {
          const [d, eds] = await Promise.all([
            ctx.call(DescribeTrails, { includeShadowTrails: true }, { region }),
            ctx.all(ListEventDataStores, {}, 'EventDataStores', { region }),
          ]);
          for (const t of d.trailList ?? []) if (t.TrailARN && !byArn.has(t.TrailARN)) byArn.set(t.TrailARN, t);
          for (const s of eds) if (s.EventDataStoreArn) stores.push({ arn: s.EventDataStoreArn, region });
        } catch (err) {
          if (err instanceof AwsCallError && (err.kind === 'unavailable' || err.kind === 'region-disabled') && region !== ctx.homeRegion) {
            skippedRegions.push(`${region}: ${err.reason}`);
            return;
          }
          throw err;
        }
      }),
    );
    // Trails and data stores are read side by side: neither waits for the other's answers.
    const trailsP = Promise.all(
      [...byArn.values()].map(async (trail): Promise<TrailState> => {
        const region = trail.HomeRegion ?? ctx.homeRegion;
        const [st, sel] = await Promise.all([
          ctx.call(GetTrailStatus, { Name: trail.TrailARN }, { region }),
          ctx.call(GetEventSelectors, { TrailName: trail.TrailARN }, { region }),
        ]);
        return {
          trail,
          isLogging: st.IsLogging === true,
          latestDeliveryError: st.LatestDeliveryError || undefined,
          eventSelectors: sel.EventSelectors ?? [],
          advancedEventSelectors: sel.AdvancedEventSelectors ?? [],
        };
      }),
    );
    const seen = new Set<string>();
    const dataStoresP = Promise.all(
      stores
        .filter((s) => (seen.has(s.arn) ? false : (seen.add(s.arn), true)))
        .map(async (s): Promise<DataStoreState> => {
          const g = await ctx.call(GetEventDataStore, { EventDataStore: s.arn }, { region: regionOfArn(s.arn) ?? s.region });
          return { arn: s.arn, name: g.Name, region: regionOfArn(s.arn) ?? s.region, status: g.Status, multiRegion: g.MultiRegionEnabled === true, advancedEventSelectors: g.AdvancedEventSelectors ?? [] };
        }),
    );
    const [trails, dataStores] = await Promise.all([trailsP, dataStoresP]);
    trails.sort((a, b) => (a.trail.TrailARN ?? '').localeCompare(b.trail.TrailARN ?? ''));
    dataStores.sort((a, b) => a.arn.localeCompare(b.arn));
    return { trails, dataStores, skippedRegions: skippedRegions.sort() };
  },
});

export function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

/** Management events, both read and write, in basic or advanced selectors. */
export function logsAllManagementEvents(sel: { eventSelectors: EventSelector[]; advancedEventSelectors: AdvancedEventSelector[] }): boolean {
  if (sel.eventSelectors.some((s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') === 'All')) return true;
  return sel.advancedEventSelectors.some(
    (a) => a.FieldSelectors?.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management')) && !a.FieldSelectors?.some((f) => f.Field === 'readOnly'),
  );
}

/** Data events on Bedrock or SageMaker resources (recommended, not required). */
export function logsAiDataEvents(sel: { advancedEventSelectors: AdvancedEventSelector[] }): boolean {
  return sel.advancedEventSelectors.some((a) => a.FieldSelectors?.some((f) => f.Field === 'resources.type' && f.Equals?.some((t) => /^AWS::(Bedrock|SageMaker)::/.test(t))));
}
