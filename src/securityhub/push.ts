// Pushes a report's findings to AWS Security Hub (CSPM): the one write this tool makes, and only
// when asked. Per region: DescribeHub (is Security Hub on, and for this account?), GetFindings
// (what this tool imported before: keeps CreatedAt, finds what to archive), then
// BatchImportFindings in batches of ≤ 100 findings and ≤ 6 MB, at most 10 calls a second.
// A dry run does the two reads and prints the plan; it never calls BatchImportFindings.
import type {
  AwsSecurityFindingFilters,
  BatchImportFindingsCommandInput,
  BatchImportFindingsCommandOutput,
  DescribeHubCommandInput,
  DescribeHubCommandOutput,
  GetFindingsCommandInput,
  GetFindingsCommandOutput,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { classify, errorInfo, type ErrorInfo } from '../aws/errors.js';
import { NEXT_TOKEN, op } from '../aws/ops.js';
import type { Report } from '../engine/report.js';
import {
  ASFF_SCHEMA_VERSION,
  buildFindings,
  FINDING_TYPE,
  findingBytes,
  fitFinding,
  ID_PREFIX,
  coversAccount,
  inScope,
  parseFindingId,
  PRODUCT_NAME,
  productArn,
  scanScope,
  type Finding,
  type ScanScope,
} from './findings.js';

// Declared like every other call, so a generated IAM policy can include them — but apart from
// the scan's read-only calls: BatchImportFindings is a write, and all three are needed only
// when pushing is enabled.
export const BatchImportFindings = op<BatchImportFindingsCommandInput, BatchImportFindingsCommandOutput>('securityhub', 'BatchImportFindings');
export const GetFindings = op<GetFindingsCommandInput, GetFindingsCommandOutput>('securityhub', 'GetFindings', { paginate: NEXT_TOKEN });
export const DescribeHub = op<DescribeHubCommandInput, DescribeHubCommandOutput>('securityhub', 'DescribeHub', {
  absent: [{ name: 'InvalidAccessException', message: /not subscribed/i }, { name: 'ResourceNotFoundException' }],
});
export const PUSH_CALLS = [BatchImportFindings, GetFindings, DescribeHub] as const;

export const MAX_BATCH_FINDINGS = 100;
/** The request limit is 6 MB; measured as the JSON body, with room for the envelope. */
export const MAX_BATCH_BYTES = 6 * 1000 * 1000;
export const MAX_CALLS_PER_SECOND = 10;
/** GetFindings has its own, lower limit (3 per second, burst 6). */
export const MAX_READS_PER_SECOND = 3;
export const MAX_IMPORT_ATTEMPTS = 4;
const MAX_PAGES = 2000;

/** Time, injectable so tests of the rate limit and the backoff run instantly. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Spacing limiter: calls at least 1/rate seconds apart (one per region). */
export class RateLimiter {
  private next = 0;
  constructor(
    private readonly perSecond: number,
    private readonly clock: Clock,
  ) {}

  async take(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.perSecond;
    if (at > now) await this.clock.sleep(at - now);
  }
}

export type HubClient = Pick<SecurityHubClient, 'send'>;
export type ClientFactory = (region: string) => HubClient | Promise<HubClient>;

export interface PushOptions {
  includeManual?: boolean;
  dryRun?: boolean;
  profile?: string;
  endpointUrl?: string;
  /** A credentials provider; default: the SDK chain with --profile, as the scan uses. */
  credentials?: unknown;
  /** Builds the Security Hub client for a region (tests inject one). */
  clientFor?: ClientFactory;
  clock?: Clock;
  /** UpdatedAt of this push; default the clock's now. */
  now?: () => Date;
  maxAttempts?: number;
  /** First backoff delay in ms; doubled per attempt. */
  backoffMs?: number;
  callsPerSecond?: number;
  log?: (line: string) => void;
}

export interface FailedFinding {
  id: string;
  code: string;
  message: string;
}

export interface PlannedFinding {
  action: 'create' | 'update' | 'archive';
  region: string;
  id: string;
  title: string;
  compliance: string;
}

export interface PushResult {
  created: number;
  updated: number;
  archived: number;
  failed: FailedFinding[];
  regionsNotPushed: { region: string; reason: string }[];
  /** Findings a newer scan already reported (left as they are). */
  skippedNewer: number;
  /** Findings of the regions not pushed. */
  unsent: number;
  /** Findings the report gives (landed or not). */
  total: number;
  dryRun: boolean;
  /** What was (or, in a dry run, would be) sent. */
  plan: PlannedFinding[];
}

/** True when some findings did not land: the caller exits 2. */
export function isPartial(r: PushResult): boolean {
  return r.failed.length > 0 || r.regionsNotPushed.length > 0;
}

async function defaultFactory(opts: PushOptions): Promise<ClientFactory> {
  const [{ SecurityHubClient: Client }, { fromNodeProviderChain }] = await Promise.all([import('@aws-sdk/client-securityhub'), import('@aws-sdk/credential-providers')]);
  const credentials = opts.credentials ?? fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {});
  const endpoint = opts.endpointUrl ?? process.env.AWS_ENDPOINT_URL;
  const clients = new Map<string, HubClient>();
  return (region) => {
    let c = clients.get(region);
    if (!c) {
      c = new Client({
        region,
        credentials: credentials as never,
        maxAttempts: 5,
        retryMode: 'adaptive',
        ...(endpoint ? { endpoint } : {}),
      });
      clients.set(region, c);
    }
    return c;
  };
}

type Sdk = typeof import('@aws-sdk/client-securityhub');

interface Ctx {
  sdk: Sdk;
  report: Report;
  scope: ScanScope;
  clock: Clock;
  nowIso: string;
  maxAttempts: number;
  backoffMs: number;
  callsPerSecond: number;
  dryRun: boolean;
  log: (line: string) => void;
}

/** Pushes the report's findings; never throws for an AWS answer: every outcome is in the result. */
export async function pushFindings(report: Report, opts: PushOptions = {}): Promise<PushResult> {
  const clock = opts.clock ?? realClock;
  const ctx: Ctx = {
    sdk: await import('@aws-sdk/client-securityhub'),
    report,
    scope: scanScope(report),
    clock,
    nowIso: (opts.now?.() ?? new Date(clock.now())).toISOString(),
    maxAttempts: Math.max(1, opts.maxAttempts ?? MAX_IMPORT_ATTEMPTS),
    backoffMs: opts.backoffMs ?? 500,
    callsPerSecond: Math.min(MAX_CALLS_PER_SECOND, opts.callsPerSecond ?? MAX_CALLS_PER_SECOND),
    dryRun: !!opts.dryRun,
    log: opts.log ?? (() => undefined),
  };
  const factory = opts.clientFor ?? (await defaultFactory(opts));
  const findings = buildFindings(report, { includeManual: opts.includeManual });
  const byRegion = new Map<string, Finding[]>();
  for (const f of findings) {
    const region = f.Resources![0].Region!;
    byRegion.set(region, [...(byRegion.get(region) ?? []), f]);
  }
  // Regions in scope are read too, even with nothing to send: that is where stale findings live.
  const regions = [...new Set([...byRegion.keys(), ...ctx.scope.regions])].sort();
  const outcomes = await Promise.all(regions.map((r) => pushRegion(r, byRegion.get(r) ?? [], factory, ctx)));
  const result: PushResult = { created: 0, updated: 0, archived: 0, failed: [], regionsNotPushed: [], skippedNewer: 0, unsent: 0, total: findings.length, dryRun: ctx.dryRun, plan: [] };
  for (const o of outcomes) {
    result.created += o.created;
    result.updated += o.updated;
    result.archived += o.archived;
    result.skippedNewer += o.skippedNewer;
    result.failed.push(...o.failed);
    result.plan.push(...o.plan);
    if (o.notPushed) {
      result.regionsNotPushed.push(o.notPushed);
      result.unsent += byRegion.get(o.notPushed.region)?.length ?? 0;
    }
  }
  return result;
}

interface RegionOutcome {
  created: number;
  updated: number;
  archived: number;
  skippedNewer: number;
  failed: FailedFinding[];
  plan: PlannedFinding[];
  notPushed?: { region: string; reason: string };
}

async function pushRegion(region: string, findings: Finding[], factory: ClientFactory, ctx: Ctx): Promise<RegionOutcome> {
  const out: RegionOutcome = { created: 0, updated: 0, archived: 0, skippedNewer: 0, failed: [], plan: [] };
  const limiter = new RateLimiter(ctx.callsPerSecond, ctx.clock);
  const notPushed = (reason: string): RegionOutcome => {
    // A region with nothing to send is not a failed push: it is only logged.
    if (findings.length) out.notPushed = { region, reason };
    else ctx.log(`${region}: nothing to push; ${reason}`);
    return out;
  };
  let client: HubClient;
  try {
    client = await factory(region);
  } catch (err) {
    return notPushed(`cannot build a Security Hub client: ${oneLine(errorInfo(err).message)}`);
  }

  // 1. Is Security Hub on here, for the report's account?
  await limiter.take();
  try {
    const hub = await client.send(new ctx.sdk.DescribeHubCommand({}));
    const hubAccount = /^arn:[^:]+:securityhub:[^:]*:(\d{12}):/.exec(hub.HubArn ?? '')?.[1];
    if (hubAccount && hubAccount !== ctx.report.scan.account.id) {
      return notPushed(`the credentials are for account ${hubAccount}, the report for account ${ctx.report.scan.account.id}`);
    }
  } catch (err) {
    return notPushed(hubProblem(errorInfo(err), region, ctx.report.scan.homeRegion));
  }

  // 2. What this tool imported here before.
  let existing: Map<string, Finding>;
  try {
    existing = await readExisting(client, limiter, region, ctx);
  } catch (err) {
    return notPushed(`cannot read the findings aims-scan imported before (GetFindings): ${describe(errorInfo(err), region, ctx.report.scan.homeRegion)}`);
  }

  // 3. The plan: create, update (CreatedAt kept), archive what the scan no longer produces.
  const finishedAt = ctx.report.scan.finishedAt;
  const send: { finding: Finding; action: PlannedFinding['action'] }[] = [];
  const current = new Set<string>();
  for (const f of findings) {
    current.add(f.Id!);
    const prev = existing.get(f.Id!);
    if (prev && newerThan(prev.LastObservedAt, finishedAt)) {
      out.skippedNewer += 1;
      continue;
    }
    send.push(prev ? { finding: asUpdate(f, prev, ctx.nowIso), action: 'update' } : { finding: asNew(f, ctx.nowIso), action: 'create' });
  }
  for (const prev of existing.values()) {
    if (current.has(prev.Id!) || prev.RecordState === 'ARCHIVED') continue;
    if (!inScope(ctx.scope, prev)) continue;
    if (newerThan(prev.LastObservedAt, finishedAt)) {
      out.skippedNewer += 1;
      continue;
    }
    send.push({ finding: asArchived(prev, ctx.nowIso), action: 'archive' });
  }

  const ready: { finding: Finding; action: PlannedFinding['action'] }[] = [];
  for (const s of send) {
    const fitted = fitFinding(s.finding);
    if (fitted) ready.push({ finding: fitted, action: s.action });
    else out.failed.push({ id: s.finding.Id!, code: 'FindingTooLarge', message: `finding is larger than 240 KB even without optional fields; not sent` });
  }
  for (const r of ready) out.plan.push({ action: r.action, region, id: r.finding.Id!, title: r.finding.Title!, compliance: r.finding.Compliance?.Status ?? '' });

  if (ctx.dryRun) {
    for (const r of ready) out[r.action === 'create' ? 'created' : r.action === 'update' ? 'updated' : 'archived'] += 1;
    return out;
  }

  // 4. Send.
  const actionOf = new Map(ready.map((r) => [r.finding.Id!, r.action]));
  for (const batch of splitBatches(ready.map((r) => r.finding))) {
    const { landed, failed } = await importBatch(client, limiter, batch, ctx);
    for (const id of landed) {
      const a = actionOf.get(id);
      if (a) out[a === 'create' ? 'created' : a === 'update' ? 'updated' : 'archived'] += 1;
    }
    out.failed.push(...failed);
  }
  return out;
}

function hubProblem(info: ErrorInfo, region: string, homeRegion: string): string {
  if ((info.name === 'InvalidAccessException' && /not subscribed/i.test(info.message)) || info.name === 'ResourceNotFoundException') {
    return `Security Hub is not enabled in ${region} (${info.name}); enable it there or leave the region out`;
  }
  return `cannot check Security Hub in ${region} (DescribeHub): ${describe(info, region, homeRegion)}`;
}

function describe(info: ErrorInfo, region: string, homeRegion: string): string {
  const c = classify(info, { action: 'securityhub:DescribeHub', region, homeRegion });
  return oneLine(c.reason || `${info.name}: ${info.message}`);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 400);
}

/**
 * This tool's findings: its default-product ARN (what it imports under) and its GeneratorId
 * prefix. Not ProductName: Security Hub may fill that in itself, and a miss here would turn
 * every update into a duplicate.
 */
function filters(partition: string, region: string, accounts: ReadonlySet<string>): AwsSecurityFindingFilters {
  const ids = [...accounts].sort();
  return {
    ProductArn: ids.map((a) => ({ Value: productArn(partition, region, a), Comparison: 'EQUALS' as const })),
    GeneratorId: [{ Value: ID_PREFIX, Comparison: 'PREFIX' }],
    AwsAccountId: ids.map((a) => ({ Value: a, Comparison: 'EQUALS' as const })),
    Region: [{ Value: region, Comparison: 'EQUALS' }],
  };
}

async function readExisting(client: HubClient, limiter: RateLimiter, region: string, ctx: Ctx): Promise<Map<string, Finding>> {
  const found = new Map<string, Finding>();
  const seen = new Set<string>();
  const reads = new RateLimiter(Math.min(MAX_READS_PER_SECOND, ctx.callsPerSecond), ctx.clock);
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    // The stricter limit last, so its spacing holds between the calls themselves.
    await limiter.take();
    await reads.take();
    const res = await client.send(new ctx.sdk.GetFindingsCommand({ Filters: filters(ctx.report.scan.account.partition, region, ctx.scope.accounts), MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
    for (const f of res.Findings ?? []) {
      // Only this tool's findings of the accounts this push covers, in this region, whatever the
      // filter let through (a delegated administrator's Security Hub holds every member's).
      if (!coversAccount(ctx.scope, f) || parseFindingId(f.Id)!.region !== region) continue;
      if (!f.GeneratorId?.startsWith(ID_PREFIX)) continue;
      found.set(f.Id!, f);
    }
    token = res.NextToken || undefined;
    if (!token) return found;
    if (seen.has(token)) throw Object.assign(new Error('GetFindings returned the same NextToken twice'), { name: 'PaginationLoop' });
    seen.add(token);
  }
  throw Object.assign(new Error(`more than ${MAX_PAGES} pages of earlier findings`), { name: 'PageCap' });
}

function newerThan(a: string | undefined, b: string): boolean {
  const ta = a ? Date.parse(a) : NaN;
  return Number.isFinite(ta) && ta > Date.parse(b);
}

/** UpdatedAt moves forward: now, or just after the stored value if that is later. */
function laterThan(nowIso: string, prev: string | undefined): string {
  const p = prev ? Date.parse(prev) : NaN;
  const n = Date.parse(nowIso);
  return Number.isFinite(p) && p >= n ? new Date(p + 1).toISOString() : nowIso;
}

function asNew(f: Finding, nowIso: string): Finding {
  return { ...f, UpdatedAt: laterThan(nowIso, f.CreatedAt) };
}

/**
 * Same Id, CreatedAt and FirstObservedAt from the first import. Workflow belongs to the
 * people triaging (BatchImportFindings cannot change it after creation); it is sent only for
 * a finding that now passes, as RESOLVED, which is also what Security Hub does itself.
 */
function asUpdate(f: Finding, prev: Finding, nowIso: string): Finding {
  const u: Finding = {
    ...f,
    CreatedAt: prev.CreatedAt ?? f.CreatedAt,
    FirstObservedAt: prev.FirstObservedAt ?? prev.CreatedAt ?? f.FirstObservedAt,
    UpdatedAt: laterThan(nowIso, prev.UpdatedAt),
  };
  if (u.Compliance?.Status === 'PASSED') u.Workflow = { Status: 'RESOLVED' };
  else delete u.Workflow;
  return u;
}

/** An earlier finding re-imported as ARCHIVED: only provider fields, none Security Hub manages. */
export function asArchived(prev: Finding, nowIso: string): Finding {
  const severity = prev.FindingProviderFields?.Severity ?? prev.Severity;
  const label = severity?.Label ?? 'INFORMATIONAL';
  const types = prev.FindingProviderFields?.Types?.length ? prev.FindingProviderFields.Types : prev.Types?.length ? prev.Types : [FINDING_TYPE];
  return {
    SchemaVersion: prev.SchemaVersion ?? ASFF_SCHEMA_VERSION,
    Id: prev.Id,
    ProductArn: prev.ProductArn,
    ProductName: prev.ProductName ?? PRODUCT_NAME,
    CompanyName: prev.CompanyName ?? PRODUCT_NAME,
    GeneratorId: prev.GeneratorId,
    AwsAccountId: prev.AwsAccountId,
    Types: types,
    CreatedAt: prev.CreatedAt,
    UpdatedAt: laterThan(nowIso, prev.UpdatedAt),
    ...(prev.FirstObservedAt ? { FirstObservedAt: prev.FirstObservedAt } : {}),
    ...(prev.LastObservedAt ? { LastObservedAt: prev.LastObservedAt } : {}),
    Severity: { Label: label },
    FindingProviderFields: { Severity: { Label: label, ...(severity?.Original ? { Original: severity.Original } : {}) }, Types: types },
    Title: prev.Title,
    Description: prev.Description,
    ...(prev.Remediation?.Recommendation?.Text ? { Remediation: { Recommendation: { Text: prev.Remediation.Recommendation.Text } } } : {}),
    ProductFields: Object.fromEntries(Object.entries(prev.ProductFields ?? {}).filter(([k]) => !k.startsWith('aws/'))),
    Resources: prev.Resources,
    ...(prev.Compliance ? { Compliance: { Status: prev.Compliance.Status, RelatedRequirements: prev.Compliance.RelatedRequirements } } : {}),
    RecordState: 'ARCHIVED',
  };
}

/** Batches of ≤ 100 findings and ≤ 6 MB of JSON, in order. */
export function splitBatches(findings: Finding[], maxCount = MAX_BATCH_FINDINGS, maxBytes = MAX_BATCH_BYTES): Finding[][] {
  const envelope = Buffer.byteLength('{"Findings":[]}');
  const batches: Finding[][] = [];
  let cur: Finding[] = [];
  let bytes = envelope;
  for (const f of findings) {
    const size = findingBytes(f) + 1;
    if (cur.length && (cur.length >= maxCount || bytes + size > maxBytes)) {
      batches.push(cur);
      cur = [];
      bytes = envelope;
    }
    cur.push(f);
    bytes += size;
  }
  if (cur.length) batches.push(cur);
  return batches;
}

/** Failures worth another try: throttling, limits, server faults. An invalid finding stays invalid. */
function transient(code: string | undefined, httpStatus?: number): boolean {
  if (!code) return false;
  if (/invalid|accessdenied|unauthori[sz]ed|forbidden|toolarge/i.test(code)) return false;
  return /throttl|toomany|limitexceeded|internal|unavailable|timeout|slowdown|retry/i.test(code) || (httpStatus ?? 0) >= 500;
}

async function importBatch(client: HubClient, limiter: RateLimiter, batch: Finding[], ctx: Ctx): Promise<{ landed: string[]; failed: FailedFinding[] }> {
  const landed: string[] = [];
  const failed: FailedFinding[] = [];
  let pending = batch;
  for (let attempt = 1; pending.length; attempt++) {
    await limiter.take();
    let failures: { id: string; code: string; message: string; retry: boolean }[];
    try {
      const res = await client.send(new ctx.sdk.BatchImportFindingsCommand({ Findings: pending }));
      const ids = new Set(pending.map((f) => f.Id!));
      failures = (res.FailedFindings ?? []).filter((x) => x.Id && ids.has(x.Id)).map((x) => ({ id: x.Id!, code: x.ErrorCode ?? 'Unknown', message: oneLine(x.ErrorMessage ?? ''), retry: transient(x.ErrorCode) }));
    } catch (err) {
      const info = errorInfo(err);
      const retry = transient(info.name, info.httpStatus);
      failures = pending.map((f) => ({ id: f.Id!, code: info.name, message: oneLine(info.message), retry }));
    }
    const failedIds = new Set(failures.map((x) => x.id));
    for (const f of pending) if (!failedIds.has(f.Id!)) landed.push(f.Id!);
    const again = failures.filter((x) => x.retry && attempt < ctx.maxAttempts);
    for (const x of failures) if (!again.includes(x)) failed.push({ id: x.id, code: x.code, message: x.message });
    if (!again.length) break;
    const retryIds = new Set(again.map((x) => x.id));
    pending = pending.filter((f) => retryIds.has(f.Id!));
    const delay = ctx.backoffMs * 2 ** (attempt - 1);
    ctx.log(`${again.length} finding(s) not imported (${[...new Set(again.map((x) => x.code))].join(', ')}); retrying in ${delay} ms`);
    await ctx.clock.sleep(delay);
  }
  return { landed, failed };
}

/** One line for the log: what landed and what did not. */
export function pushSummary(r: PushResult): string {
  const verb = r.dryRun ? 'would create' : 'created';
  const parts = [`${verb} ${r.created}`, `${r.dryRun ? 'update' : 'updated'} ${r.updated}`, `${r.dryRun ? 'archive' : 'archived'} ${r.archived}`];
  const landed = r.created + r.updated + r.archived;
  let line = r.dryRun ? `Security Hub dry run: ${parts.join(', ')} finding(s); nothing was sent` : `Security Hub: ${landed} finding(s) landed (${parts.join(', ')})`;
  if (r.skippedNewer) line += `; ${r.skippedNewer} left as a newer scan reported them`;
  if (r.failed.length) line += `; ${r.failed.length} failed`;
  if (r.regionsNotPushed.length) line += `; ${r.dryRun ? 'would not push to' : 'not pushed to'} ${r.regionsNotPushed.map((x) => x.region).join(', ')}`;
  return line;
}
