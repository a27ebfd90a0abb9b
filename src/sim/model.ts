// The simulated account: resources per (kind, region) in the SDK's own shapes, account-wide
// settings, and faults (denials, throttling) to inject. The demo account and the synthetic
// benchmark accounts are both built on this; the responder answers calls from it.
import type { Partition } from '../aws/services.js';

/** A resource or setting as the SDK would return it (Describe/Get output shape; Dates are Date objects). */
export type Rec = Record<string, unknown>;

const ID_FIELD = /(Name|Arn|ARN|Id|ID|Identifier|name|arn|id)$/;

/** Where account-wide collections live (IAM, S3's account settings). */
export const GLOBAL = 'global';

export interface Fault {
  service: string;
  /** Every operation of the service when absent. */
  operation?: string;
  /** Every region when absent. */
  region?: string;
  error: { name: string; message: string; httpStatus?: number };
  /** Why the fault is there (documentation for the demo). */
  note?: string;
}

export interface AccountInit {
  accountId: string;
  homeRegion: string;
  regions: string[];
  partition?: Partition;
  /** Regions DescribeRegions lists as not opted in (never scanned). */
  optedOutRegions?: string[];
  /** The scanning identity. */
  callerArn?: string;
  /** The account's clock: resources are dated relative to it. */
  now: Date;
}

export class SimAccount {
  readonly accountId: string;
  readonly homeRegion: string;
  readonly regions: string[];
  readonly partition: Partition;
  readonly optedOutRegions: string[];
  readonly callerArn: string;
  readonly now: Date;
  readonly faults: Fault[] = [];
  private readonly items = new Map<string, Rec[]>();
  private readonly settings = new Map<string, unknown>();
  private readonly indexes = new Map<string, Map<unknown, Rec>>();

  constructor(init: AccountInit) {
    this.accountId = init.accountId;
    this.homeRegion = init.homeRegion;
    this.regions = [...init.regions];
    this.partition = init.partition ?? 'aws';
    this.optedOutRegions = init.optedOutRegions ?? [];
    this.callerArn = init.callerArn ?? `arn:${this.partition}:sts::${this.accountId}:assumed-role/aims-scan-readonly/aims-scan`;
    this.now = init.now;
  }

  arn(service: string, region: string, resource: string): string {
    return `arn:${this.partition}:${service}:${region === GLOBAL ? '' : region}:${this.accountId}:${resource}`;
  }

  /** Adds a resource of `kind` (e.g. "sagemaker:endpoint") in `region`; returns it. */
  add<T extends Rec>(kind: string, region: string, rec: T): T {
    const key = `${kind}@${region}`;
    let list = this.items.get(key);
    if (!list) {
      list = [];
      this.items.set(key, list);
    }
    list.push(rec);
    for (const k of this.indexes.keys()) if (k.startsWith(`${key}#`)) this.indexes.delete(k);
    return rec;
  }

  all(kind: string, region: string): readonly Rec[] {
    return this.items.get(`${kind}@${region}`) ?? [];
  }

  /** Every resource of `kind`, whatever its region (S3 buckets: ListBuckets is account-wide). */
  everywhere(kind: string): { region: string; rec: Rec }[] {
    const out: { region: string; rec: Rec }[] = [];
    for (const [key, list] of this.items) {
      const at = key.lastIndexOf('@');
      if (key.slice(0, at) === kind) for (const rec of list) out.push({ region: key.slice(at + 1), rec });
    }
    return out;
  }

  /** The resource of `kind` in `region` whose `field` equals `value` (indexed: the benchmark describes thousands). */
  find(kind: string, region: string, field: string, value: unknown): Rec | undefined {
    if (value === undefined || value === null) return undefined;
    const key = `${kind}@${region}#${field}`;
    let idx = this.indexes.get(key);
    if (!idx) {
      idx = new Map();
      for (const r of this.all(kind, region)) if (r[field] !== undefined && !idx.has(r[field])) idx.set(r[field], r);
      this.indexes.set(key, idx);
    }
    return idx.get(value);
  }

  /** An account or region setting (Security Hub hub, Macie session, Bedrock logging …). */
  set(kind: string, region: string, value: unknown): void {
    this.settings.set(`${kind}@${region}`, value);
  }

  get<T = Rec>(kind: string, region: string): T | undefined {
    return this.settings.get(`${kind}@${region}`) as T | undefined;
  }

  fault(f: Fault): void {
    this.faults.push(f);
  }

  faultFor(service: string, region: string, operation: string): Fault | undefined {
    return this.faults.find((f) => f.service === service && (!f.region || f.region === region) && (!f.operation || f.operation === operation));
  }

  /**
   * Every string that names something in the account (names, ARNs, ids of resources and
   * settings), with the regions and the account id: the values a call can carry from an earlier
   * answer, which the benchmark's ledger follows to measure dependency chains.
   */
  identifiers(): Set<string> {
    const out = new Set<string>([this.accountId, ...this.regions]);
    const visit = (rec: unknown) => {
      if (!rec || typeof rec !== 'object') return;
      for (const [k, v] of Object.entries(rec as Record<string, unknown>)) {
        if (typeof v === 'string' && ID_FIELD.test(k)) out.add(v);
      }
    };
    for (const list of this.items.values()) for (const r of list) visit(r);
    for (const v of this.settings.values()) (Array.isArray(v) ? v : [v]).forEach(visit);
    return out;
  }

  /** Resources per kind, for summaries and the benchmark. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, list] of this.items) {
      const kind = key.slice(0, key.lastIndexOf('@'));
      out[kind] = (out[kind] ?? 0) + list.length;
    }
    return out;
  }

  get size(): number {
    let n = 0;
    for (const list of this.items.values()) n += list.length;
    return n;
  }
}
