// Every CloudTrail trail and event data store the account has (probes.md §2.13, §2.40, §2.41).
// Two facts, so a probe reads only what it needs:
// - cloudtrailTrailList: DescribeTrails in every region (shadow trails included). A multi-region
//   trail (and an organization trail) shows up in every region, so the multi-region trails are
//   known once any one region answers; a single-region trail only in its home region.
// - cloudtrailInventory: each trail's status and event selectors, read once in its home region,
//   and the CloudTrail Lake event data stores (ListEventDataStores no longer returns Status or
//   MultiRegionEnabled — deprecated in the SDK d.ts — so each store is read with GetEventDataStore).
// Nothing here throws for an AWS error: a region that did not answer leaves its listing
// incomplete (with the cause), a trail whose status could not be read keeps an Unknown status.
import type {
  DescribeTrailsCommandInput,
  DescribeTrailsCommandOutput,
  EventDataStore,
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
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineFact, startNow } from '../../src/engine/probe.js';
import { completeList, concatLists, fanOut, filterList, mapEv, sortCauses, UnknownEvidence, type Cause, type Ev, type ListEv } from '../../src/engine/evidence.js';
import type { Selectors } from '../rules/cloudtrail-events.js';

export { logsAiDataEvents } from '../rules/cloudtrail-events.js';

export const DescribeTrails = op<DescribeTrailsCommandInput, DescribeTrailsCommandOutput>('cloudtrail', 'DescribeTrails');
/**
 * An organization trail read from a member account by its management-account ARN: AWS answers
 * TrailNotFoundException or CloudTrailARNInvalidException (no grant in this account changes that).
 * For this account's own trail the same answer means it was deleted since it was listed.
 */
const NOT_SERVED_HERE = [{ name: 'TrailNotFoundException' }, { name: 'CloudTrailARNInvalidException' }];
export const GetTrailStatus = op<GetTrailStatusCommandInput, GetTrailStatusCommandOutput>('cloudtrail', 'GetTrailStatus', { absent: NOT_SERVED_HERE });
export const GetEventSelectors = op<GetEventSelectorsCommandInput, GetEventSelectorsCommandOutput>('cloudtrail', 'GetEventSelectors', { absent: NOT_SERVED_HERE });
export const ListEventDataStores = op<ListEventDataStoresCommandInput, ListEventDataStoresCommandOutput>('cloudtrail', 'ListEventDataStores', { paginate: NEXT_TOKEN });
export const GetEventDataStore = op<GetEventDataStoreCommandInput, GetEventDataStoreCommandOutput>('cloudtrail', 'GetEventDataStore', { absent: [{ name: 'EventDataStoreNotFoundException' }] });

export interface TrailListing {
  /** Every trail, one per ARN (shadows merged), sorted by ARN; complete when every reachable region answered. */
  trails: ListEv<Trail>;
  /** Multi-region trails (own and organization): complete once any region answered. */
  multiRegion: ListEv<Trail>;
  /** Each region's own answer (trail ARNs), for probes that need the trails a region sees. */
  byRegion: Record<string, ListEv<string>>;
  /** Regions the scan cannot reach for CloudTrail (service absent, region off, SCP), with why. */
  skippedRegions: string[];
  /** The same regions, by name. */
  unreachable: string[];
}

const byArn = (a: Trail, b: Trail) => (a.TrailARN ?? '').localeCompare(b.TrailARN ?? '');

export const cloudtrailTrailList = defineFact<TrailListing>({
  id: 'cloudtrail-trail-list',
  scope: 'global',
  calls: [DescribeTrails],
  async collect(ctx) {
    const answers = await Promise.all(ctx.regions.map(async (region) => ({ region, ev: await ctx.read(DescribeTrails, { includeShadowTrails: true }, { region }) })));
    const all = new Map<string, Trail>();
    const byRegion: Record<string, ListEv<string>> = {};
    const skippedRegions: string[] = [];
    const unreachable: string[] = [];
    const gaps: Cause[] = [];
    let anyAnswer = false;
    for (const { region, ev } of answers) {
      if (!ev.known) {
        byRegion[region] = { items: [], complete: false, causes: ev.causes };
        const off = ctx.regionUnreachable(ev.causes, region);
        if (off) {
          skippedRegions.push(`${region}: ${off.detail}`);
          unreachable.push(region);
        } else gaps.push(...ev.causes);
        continue;
      }
      anyAnswer = true;
      const raw = ev.value.trailList ?? [];
      if (!Array.isArray(raw)) throw new Error(`DescribeTrails in ${region} answered a trailList that is not a list`);
      const list = raw.filter((t) => !!t?.TrailARN);
      for (const t of list) if (!all.has(t.TrailARN as string)) all.set(t.TrailARN as string, t);
      byRegion[region] = completeList(list.map((t) => t.TrailARN as string).sort());
    }
    const trails = [...all.values()].sort(byArn);
    const multi = trails.filter((t) => t.IsMultiRegionTrail === true);
    const everyRegion = answers.flatMap((a) => (a.ev.known ? [] : a.ev.causes));
    return {
      trails: { items: trails, complete: gaps.length === 0, causes: sortCauses(gaps) },
      multiRegion: anyAnswer ? completeList(multi) : { items: [], complete: false, causes: sortCauses(everyRegion) },
      byRegion,
      skippedRegions: skippedRegions.sort(),
      unreachable: unreachable.sort(),
    };
  },
});

/** The trails a region's own listing shows (multi-region ones are known from any region); complete when that region answered. */
export function trailsSeenIn(l: TrailListing, region: string): ListEv<Trail> {
  const own = l.byRegion[region] ?? { items: [], complete: false, causes: [] };
  const arns = new Set([...l.multiRegion.items.map((t) => t.TrailARN), ...own.items]);
  const items = l.trails.items.filter((t) => arns.has(t.TrailARN));
  return own.complete ? completeList(items) : { items, complete: false, causes: own.causes };
}

/** A part AWS answers only to the trail's owner: an organization trail seen from a member account. */
export interface OwnerOnly {
  ownerOnly: string;
}

export const isOwnerOnly = (v: unknown): v is OwnerOnly => !!v && typeof v === 'object' && 'ownerOnly' in v;

export interface TrailStatusFacts {
  isLogging: boolean;
  latestDeliveryError?: string;
  latestCloudWatchLogsDeliveryError?: string;
}

export interface TrailState {
  trail: Trail;
  arn: string;
  name: string;
  homeRegion: string;
  /** Account in the trail's ARN: another one for an organization trail seen from a member account. */
  owner?: string;
  foreign: boolean;
  status: Ev<TrailStatusFacts | OwnerOnly>;
  selectors: Ev<Selectors | OwnerOnly>;
}

export interface DataStoreState {
  arn: string;
  name?: string;
  region: string;
  status?: string;
  multiRegion: boolean;
  advancedEventSelectors: NonNullable<GetEventDataStoreCommandOutput['AdvancedEventSelectors']>;
}

export interface CloudTrailInventory {
  /** Every trail with its status and selectors; as complete as the listing. */
  trailList: ListEv<TrailState>;
  /** Multi-region trails (own and organization): complete once any region listed trails. */
  multiRegionTrails: ListEv<TrailState>;
  /** Event data stores read with GetEventDataStore; a store whose read failed is named in the causes. */
  dataStores: ListEv<DataStoreState>;
  /** Own trails deleted between the listing and the reads. */
  vanished: string[];
  skippedRegions: string[];
  /**
   * The trails read, for probes not yet on partial evidence (s3-object-lock): throws
   * UnknownEvidence when the listing is incomplete, as the whole fact used to. Not enumerable, so it
   * never lands in a report. New code reads `trailList`.
   */
  readonly trails: TrailState[];
}

export function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

export function accountOfArn(arn: string): string | undefined {
  return arn.split(':')[4] || undefined;
}

/** Absent for this account's own trail: gone. For another account's trail: answered only to its owner. */
function ownerPart<O, V>(e: Ev<O | Absent>, foreign: boolean, map: (o: O) => V): Ev<V | OwnerOnly | null> {
  return mapEv(e, (v) => (isAbsent(v) ? (foreign ? { ownerOnly: `${v.name}: ${v.message}` } : null) : map(v as O)));
}

export const cloudtrailInventory = defineFact<CloudTrailInventory>({
  id: 'cloudtrail-inventory',
  scope: 'global',
  calls: [GetTrailStatus, GetEventSelectors, ListEventDataStores, GetEventDataStore],
  uses: [cloudtrailTrailList],
  async collect(ctx) {
    const listingP = ctx.use(cloudtrailTrailList);
    // A region the trail listing could not reach at all holds no store the scan could read either.
    const storesP = startNow(readDataStores(
      ctx.regions,
      async (region) => {
        const l = await ctx.list(ListEventDataStores, {}, 'EventDataStores', { region });
        return !l.complete && (await listingP).unreachable.includes(region) ? completeList([]) : l;
      },
      (s, region) => ctx.readOrAbsent(GetEventDataStore, { EventDataStore: s }, { region, resource: s }),
    ));
    const listing = await listingP;
    const vanished: string[] = [];
    const states = await Promise.all(
      listing.trails.items.map(async (trail): Promise<TrailState | null> => {
        const arn = trail.TrailARN as string;
        const region = trail.HomeRegion ?? regionOfArn(arn) ?? ctx.homeRegion;
        const owner = accountOfArn(arn);
        const foreign = !!owner && owner !== ctx.accountId;
        // The full ARN: a member account must name an organization trail by ARN.
        const [st, sel] = await Promise.all([
          ctx.readOrAbsent(GetTrailStatus, { Name: arn }, { region, resource: arn }),
          ctx.readOrAbsent(GetEventSelectors, { TrailName: arn }, { region, resource: arn }),
        ]);
        const status = ownerPart(st, foreign, (s) => ({ isLogging: s.IsLogging === true, latestDeliveryError: s.LatestDeliveryError || undefined, latestCloudWatchLogsDeliveryError: s.LatestCloudWatchLogsDeliveryError || undefined }));
        const selectors = ownerPart(sel, foreign, (s) => ({ eventSelectors: s.EventSelectors ?? [], advancedEventSelectors: s.AdvancedEventSelectors ?? [] }));
        if ((status.known && status.value === null) || (selectors.known && selectors.value === null)) {
          vanished.push(arn);
          return null;
        }
        return { trail, arn, name: trail.Name ?? arn, homeRegion: region, owner, foreign, status: status as Ev<TrailStatusFacts | OwnerOnly>, selectors: selectors as Ev<Selectors | OwnerOnly> };
      }),
    );
    const kept = states.filter((s): s is TrailState => s !== null);
    const multi = new Set(listing.multiRegion.items.map((t) => t.TrailARN));
    const trailList: ListEv<TrailState> = { items: kept, complete: listing.trails.complete, causes: listing.trails.causes };
    const multiRegionTrails: ListEv<TrailState> = { items: kept.filter((s) => multi.has(s.arn)), complete: listing.multiRegion.complete, causes: listing.multiRegion.causes };
    const inv = { trailList, multiRegionTrails, dataStores: await storesP, vanished: vanished.sort(), skippedRegions: listing.skippedRegions } as Omit<CloudTrailInventory, 'trails'>;
    Object.defineProperty(inv, 'trails', {
      enumerable: false,
      get: () => {
        if (!trailList.complete) throw new UnknownEvidence(trailList.causes);
        return trailList.items;
      },
    });
    return inv as CloudTrailInventory;
  },
});

async function readDataStores(
  regions: readonly string[],
  list: (region: string) => Promise<ListEv<EventDataStore>>,
  get: (arn: string, region: string) => Promise<Ev<GetEventDataStoreCommandOutput | Absent>>,
): Promise<ListEv<DataStoreState>> {
  const listed = concatLists(await Promise.all(regions.map(list)));
  const arns = [...new Set(listed.items.map((s) => s.EventDataStoreArn).filter((a): a is string => !!a))].sort();
  const read = await fanOut({ items: arns, complete: listed.complete, causes: listed.causes }, async (arn): Promise<Ev<DataStoreState | null>> => {
    const region = regionOfArn(arn) ?? regions[0];
    return mapEv(await get(arn, region), (g) =>
      isAbsent(g) ? null : { arn, name: g.Name, region, status: g.Status, multiRegion: g.MultiRegionEnabled === true, advancedEventSelectors: g.AdvancedEventSelectors ?? [] },
    );
  });
  return filterList(read, (s): s is DataStoreState => s !== null) as ListEv<DataStoreState>;
}
