// A simulated AWS Organization: many accounts, each a small synthetic AI account (synthetic.ts)
// with its own latency draws, its own token buckets per (API, region) and its own emulated SDK
// retry — the benchmark's model, once per account — behind a management account that answers
// Organizations ListAccounts (20 a page, as AWS) and STS AssumeRole. Calls carry the access key
// they are signed with: the management key, or the temporary key an AssumeRole answer handed out,
// which routes them to that account. Accounts are built when first reached and dropped again
// (least recently used) past `cacheSize`; a synthetic account is a function of its seed, so one
// rebuilt answers exactly as before. Released accounts (their scan finished) free their memory at
// once and add their lower bound (ledger.ts) to the organization's.
import { randomBytes } from 'node:crypto';
import { op, type OpSpec } from '../aws/ops.js';
import type { Answer, CallRequest } from '../aws/transport.js';
import { SimError } from './errors.js';
import { Listing, type HandlerTable } from './handlers/dsl.js';
import { LedgerTransport } from './ledger.js';
import { SimAccount, type Rec } from './model.js';
import { DEFAULT_LATENCY, lowerBound, RateModel, type LatencyModel, type RateLimit } from './rate.js';
import { SimulatedAws } from './responder.js';
import { RetryingTransport } from './retry.js';
import { seededRng } from './rng.js';
import { HANDLERS } from './services/index.js';
import { syntheticAccount } from './synthetic.js';
import { SimulatedTransport } from './transport.js';

/** The access key of the management account's own credentials (the scanner's starting point). */
export const MANAGEMENT_KEY = 'AKIAAIMSSIMMANAGEMNT';
export const DEFAULT_ROLE_NAME = 'AimsScanReadOnly';
export const ORGANIZATION_ID = 'o-aimssim0001';
const NOW = '2026-10-01T09:00:00.000Z';

/** What to simulate; plain data, so it can be sent to another process. */
export interface OrgSpec {
  accounts: number;
  /** Resources per account (the synthetic mix). */
  resources: number;
  /** Regions enabled in every account: the first R of the benchmark's region set. */
  regions: number;
  seed?: number;
  /** The role the scanner assumes in each account. */
  roleName?: string;
  /** Every nth listed account lacks the role (AssumeRole is refused): its row is an ERROR. 0: none. */
  missingRoleEvery?: number;
  /** Every nth listed account is SUSPENDED: listed, never scanned. 0: none. */
  suspendedEvery?: number;
  /** ListAccounts order: by account ID, or shuffled with this seed. */
  listOrder?: 'id' | { shuffle: number };
  /** Extra accounts appended after the first `accounts` (tests of accounts joining later). */
  extraAccounts?: number;
  /** IDs left out of the listing (tests of accounts leaving). */
  removed?: string[];
  /** `false`: answer at once. */
  latency?: LatencyModel | false;
  /** `false`: never throttle; default AWS's documented limits, per account. */
  rates?: { limits: Record<string, RateLimit>; fallback: RateLimit } | false;
  retryMode?: 'standard' | 'adaptive';
  maxAttempts?: number;
  /** Accounts kept built at once (least recently used beyond this are dropped). */
  cacheSize?: number;
}

export interface OrgAccount {
  id: string;
  index: number;
  name: string;
  state: 'ACTIVE' | 'SUSPENDED';
  hasRole: boolean;
}

/** The organization's accounts, in ID order; deterministic for a seed. The first is the management account. */
export function orgAccounts(spec: Pick<OrgSpec, 'accounts' | 'seed' | 'missingRoleEvery' | 'suspendedEvery' | 'extraAccounts' | 'removed'>): OrgAccount[] {
  const rng = seededRng((spec.seed ?? 2026) ^ 0x5eed);
  const ids = new Set<string>();
  const total = spec.accounts + (spec.extraAccounts ?? 0);
  const out: OrgAccount[] = [];
  while (out.length < total) {
    const id = String(100_000_000_000 + Math.floor(rng() * 899_999_999_999));
    if (ids.has(id)) continue;
    ids.add(id);
    const index = out.length;
    const nth = (every: number | undefined) => !!every && index > 0 && index % every === every - 1;
    out.push({ id, index, name: `ai-workload-${String(index).padStart(5, '0')}`, state: nth(spec.suspendedEvery) ? 'SUSPENDED' : 'ACTIVE', hasRole: !nth(spec.missingRoleEvery) });
  }
  const removed = new Set(spec.removed ?? []);
  return out.filter((a) => !removed.has(a.id));
}

/** Organizations ListAccounts as the simulated management account declares it (20 a page at most). */
const LIST_ACCOUNTS: OpSpec = op('organizations', 'ListAccounts', { scope: 'global', paginate: { inputToken: 'NextToken', outputToken: 'NextToken' } });

interface LiveAccount {
  transport: LedgerTransport;
  sim: SimulatedTransport;
  retry: RetryingTransport;
}

export interface OrgStats {
  /** Accounts built (a rebuilt one counts again). */
  built: number;
  released: number;
  calls: number;
  retries: number;
  throttlingSeen: number;
  throttlingExhausted: number;
  assumeRoles: number;
  listPages: number;
  /** Sum and largest, over released accounts, of each account's lower bound in seconds (rate.ts). */
  boundSecondsSum: number;
  boundSecondsMax: number;
  /** Most accounts built at the same time. */
  peakLive: number;
  /** Accounts dropped to make room before their scan was released (a cache too small for the concurrency). */
  evicted: number;
}

export class SimOrganization {
  readonly accounts: OrgAccount[];
  readonly management: OrgAccount;
  readonly roleName: string;
  readonly stats: OrgStats = { built: 0, released: 0, calls: 0, retries: 0, throttlingSeen: 0, throttlingExhausted: 0, assumeRoles: 0, listPages: 0, boundSecondsSum: 0, boundSecondsMax: 0, peakLive: 0, evicted: 0 };
  private readonly byId: Map<string, OrgAccount>;
  private readonly listed: OrgAccount[];
  private readonly sessions = new Map<string, { accountId: string; arn: string }>();
  private readonly live = new Map<string, LiveAccount>();
  private readonly mgmt: SimulatedTransport;
  private readonly rates: RateModel | false;
  private readonly latency: LatencyModel | false;

  constructor(
    readonly spec: OrgSpec,
    private readonly ops: readonly OpSpec[],
  ) {
    this.accounts = orgAccounts(spec);
    this.byId = new Map(this.accounts.map((a) => [a.id, a]));
    this.management = this.accounts[0];
    this.roleName = spec.roleName ?? DEFAULT_ROLE_NAME;
    this.rates = spec.rates === false ? false : spec.rates ? new RateModel(spec.rates.limits, spec.rates.fallback) : new RateModel();
    this.latency = spec.latency === false ? false : (spec.latency ?? DEFAULT_LATENCY);
    const order = spec.listOrder ?? 'id';
    this.listed = order === 'id' ? this.accounts : shuffled(this.accounts, order.shuffle);
    const home = new SimAccount({ accountId: this.management.id, homeRegion: 'us-east-1', regions: ['us-east-1'], now: new Date(NOW), callerArn: `arn:aws:iam::${this.management.id}:user/aims-scan-operator` });
    this.mgmt = new SimulatedTransport(new SimulatedAws(home, this.managementHandlers(), { ops: [LIST_ACCOUNTS], pageSize: 20 }), { latency: this.latency, rates: this.rates, seed: spec.seed ?? 42 });
  }

  /** Answers one call signed with `accessKey`. */
  async send(accessKey: string, req: CallRequest): Promise<Answer> {
    this.stats.calls += 1;
    if (accessKey === MANAGEMENT_KEY) {
      if (req.service === 'organizations' && req.operation === 'ListAccounts') this.stats.listPages += 1;
      if (req.service === 'sts' && req.operation === 'AssumeRole') this.stats.assumeRoles += 1;
      return this.mgmt.send(req);
    }
    const session = this.sessions.get(accessKey);
    if (!session) return { error: { name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', httpStatus: 403 }, attempts: 1 };
    return this.account(session.accountId, session.arn).transport.send(req);
  }

  /** The account's scan is over: its lower bound is counted and its memory freed. */
  release(accountId: string): void {
    const a = this.live.get(accountId);
    for (const [key, s] of this.sessions) if (s.accountId === accountId) this.sessions.delete(key);
    if (!a) return;
    this.live.delete(accountId);
    this.stats.released += 1;
    const l = a.transport.result();
    // Without a rate model only the dependency chain bounds an account's scan.
    const bound = this.latency ? lowerBound({ chain: l.maxDepth, criticalPathMs: l.criticalPathMs, callsPerApi: this.rates ? l.perApi : [] }, { rates: this.rates || new RateModel(), latency: this.latency }).seconds : 0;
    this.stats.boundSecondsSum += bound;
    this.stats.boundSecondsMax = Math.max(this.stats.boundSecondsMax, bound);
    this.stats.retries += a.retry.stats.retries;
    this.stats.throttlingSeen += a.sim.stats.throttled;
    this.stats.throttlingExhausted += a.retry.stats.throttlingExhausted;
  }

  /** Accounts built right now. */
  get liveAccounts(): number {
    return this.live.size;
  }

  private account(id: string, callerArn: string): LiveAccount {
    const hit = this.live.get(id);
    if (hit) {
      // Most recently used last.
      this.live.delete(id);
      this.live.set(id, hit);
      return hit;
    }
    const meta = this.byId.get(id)!;
    const seed = ((this.spec.seed ?? 2026) + meta.index * 7919) >>> 0;
    const account = syntheticAccount({ resources: this.spec.resources, regions: this.spec.regions, seed, accountId: id, now: new Date(NOW) });
    // The caller is the assumed role, as STS GetCallerIdentity names it.
    Object.assign(account, { callerArn });
    const identifiers = account.identifiers();
    const sim = new SimulatedTransport(new SimulatedAws(account, HANDLERS, { ops: this.ops }), { latency: this.latency, rates: this.rates, seed });
    const retry = new RetryingTransport(sim, { maxAttempts: this.spec.maxAttempts ?? 5, mode: this.spec.retryMode ?? 'standard', seed: seed + 7 });
    const transport = new LedgerTransport(retry, { isIdentifier: (s) => identifiers.has(s), homeRegion: account.homeRegion, ...(this.latency ? { latencyOf: (r: CallRequest) => sim.latencyOf(r) } : {}) });
    const made = { transport, sim, retry };
    this.live.set(id, made);
    this.stats.built += 1;
    this.stats.peakLive = Math.max(this.stats.peakLive, this.live.size);
    const cap = Math.max(1, this.spec.cacheSize ?? 64);
    for (const old of this.live.keys()) {
      if (this.live.size <= cap) break;
      if (old === id) continue;
      this.live.delete(old);
      this.stats.evicted += 1;
    }
    return made;
  }

  private managementHandlers(): HandlerTable {
    const mgmtId = this.management.id;
    return {
      'organizations:ListAccounts': () =>
        new Listing<OrgAccount>('Accounts', this.listed, (a) => ({
          Id: a.id,
          Arn: `arn:aws:organizations::${mgmtId}:account/${ORGANIZATION_ID}/${a.id}`,
          Email: `aws+${a.name}@example.com`,
          Name: a.name,
          Status: a.state,
          State: a.state,
          JoinedMethod: a.index === 0 ? 'CREATED' : 'INVITED',
          JoinedTimestamp: new Date(Date.parse(NOW) - (400 - (a.index % 300)) * 86_400_000),
        })),
      'sts:GetCallerIdentity': (req) => ({ UserId: 'AIDAAIMSSIMOPERATOR01', Account: mgmtId, Arn: req.account.callerArn }),
      'sts:AssumeRole': (req) => this.assumeRole(req.input as Rec, req.account.callerArn),
    };
  }

  private assumeRole(input: Rec, caller: string): object {
    const roleArn = String(input.RoleArn ?? '');
    const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
    const target = m ? this.byId.get(m[1]) : undefined;
    if (!m || !target || target.state !== 'ACTIVE' || !target.hasRole || m[2] !== this.roleName) {
      throw new SimError('AccessDenied', `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    }
    const sessionName = String(input.RoleSessionName ?? 'aims-scan');
    const accessKey = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const arn = `arn:aws:sts::${target.id}:assumed-role/${m[2]}/${sessionName}`;
    this.sessions.set(accessKey, { accountId: target.id, arn });
    return {
      Credentials: { AccessKeyId: accessKey, SecretAccessKey: randomBytes(20).toString('base64'), SessionToken: randomBytes(32).toString('base64'), Expiration: new Date(Date.now() + 3_600_000) },
      AssumedRoleUser: { AssumedRoleId: `AROAAIMSSIM${target.index}:${sessionName}`, Arn: arn },
    };
  }
}

/** The same items in a seeded random order (Fisher–Yates). */
export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  const rng = seededRng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
