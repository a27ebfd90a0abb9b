// Many accounts in one run: assume a role in each (--accounts or every account of the
// organization), scan a bounded number at once, write one report per account and an
// organization summary. One account's failure (e.g. its role cannot be assumed) is an ERROR
// row; the others still finish.
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { ListAccountsCommandInput, ListAccountsCommandOutput } from '@aws-sdk/client-organizations';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { AwsAccess } from '../aws/access.js';
import { op } from '../aws/ops.js';
import { LiveTransport } from '../aws/transport.js';
import { sdkLogger } from '../output-guard.js';
import type { Registry } from '../engine/registry.js';
import type { CrosswalkLookup } from '../engine/report.js';
import type { Status } from '../model.js';
import { scan, type ScanOptions, type ScanResult } from '../scan.js';
import { ensureWritableDir, writeFileAtomic } from '../util/atomic.js';
import { TOOL } from '../version.js';

export const ListAccounts = op<ListAccountsCommandInput, ListAccountsCommandOutput>('organizations', 'ListAccounts', { scope: 'global', paginate: { inputToken: 'NextToken', outputToken: 'NextToken' } });

export interface RoleOptions {
  externalId?: string;
  sessionName?: string;
  durationSeconds?: number;
}

/** Who the caller is and where AWS is: the profile, and a custom endpoint with the region to sign for. */
export interface CallerOptions {
  profile?: string;
  /** --endpoint-url (else AWS_ENDPOINT_URL): STS goes there too, like every other call. */
  endpointUrl?: string;
  /** Region of the STS client when an endpoint is set (the scan's home region). */
  region?: string;
}

/** The STS client settings of a credential provider: with a custom endpoint, STS is sent there. */
function stsClientConfig(b: CallerOptions): { clientConfig?: { endpoint: string; region: string } } {
  const endpoint = b.endpointUrl || process.env.AWS_ENDPOINT_URL;
  return endpoint ? { clientConfig: { endpoint, region: b.region ?? 'us-east-1' } } : {};
}

/** The caller's own credentials: the SDK chain (a profile's role is assumed at the custom endpoint too). */
export function callerCredentials(b: CallerOptions): unknown {
  const logger = sdkLogger();
  return fromNodeProviderChain({ ...(b.profile ? { profile: b.profile } : {}), ...stsClientConfig(b), ...(logger ? { logger } : {}) });
}

/**
 * Credentials for a role, assumed with the caller's own credentials (profile or default chain).
 * Assumed once and shared by every client of the scan (one per service and region), renewed
 * five minutes before they expire: the SDK's provider alone calls AssumeRole once per client.
 */
export function assumeRole(roleArn: string, base: CallerOptions, o: RoleOptions): unknown {
  const provider = fromTemporaryCredentials({
    params: { RoleArn: roleArn, RoleSessionName: o.sessionName ?? 'aims-scan', ...(o.externalId ? { ExternalId: o.externalId } : {}), ...(o.durationSeconds ? { DurationSeconds: o.durationSeconds } : {}) },
    masterCredentials: callerCredentials(base) as never,
    ...stsClientConfig(base),
    ...(sdkLogger() ? { logger: sdkLogger() } : {}),
  });
  return shared(provider);
}

type Provider<T> = (...args: never[]) => Promise<T>;

function shared<T extends { expiration?: Date }>(provider: Provider<T>): Provider<T> {
  let current: Promise<T> | undefined;
  let expiresAt: number | undefined;
  return (...args) => {
    if (current && expiresAt !== undefined && expiresAt - Date.now() < 5 * 60_000) current = undefined;
    if (!current) {
      expiresAt = undefined;
      const p = provider(...args);
      current = p;
      // A failed attempt is not kept: the next client asks again.
      p.then(
        (c) => void (current === p && (expiresAt = c.expiration?.getTime())),
        () => void (current === p && (current = undefined)),
      );
    }
    return current;
  };
}

export function roleArnFor(accountId: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** Active accounts of the organization (from the management or a delegated admin account). */
export async function organizationAccounts(access: AwsAccess): Promise<string[]> {
  const accounts = await access.all(ListAccounts, access.homeRegion, {}, 'Accounts');
  return accounts.filter((a) => (a.State ?? a.Status) === 'ACTIVE').map((a) => a.Id ?? '').filter(Boolean).sort();
}

export interface AccountRow {
  accountId: string;
  status: 'SCANNED' | 'ERROR';
  reason: string;
  overall?: Status;
  exitCode?: number;
  report?: string;
  controls: Record<string, Status>;
}

export interface OrganizationSummary {
  schemaVersion: '1.0.0';
  tool: { name: string; version: string };
  generatedAt: string;
  controls: string[];
  accounts: AccountRow[];
}

export interface MultiDeps {
  registry: Registry;
  crosswalk: CrosswalkLookup;
  /** Credentials for one account; default: assume roleName there. */
  credentialsFor: (accountId: string) => unknown;
  scanFn?: typeof scan;
}

/** Scans each account into out/<account>/ with at most `concurrency` at once. */
export async function scanAccounts(accountIds: string[], base: ScanOptions, deps: MultiDeps, concurrency: number): Promise<{ summary: OrganizationSummary; results: Map<string, ScanResult> }> {
  ensureWritableDir(base.out);
  const limit = pLimit(Math.max(1, concurrency));
  const results = new Map<string, ScanResult>();
  const controlIds = deps.registry.select(base.controls);
  const log = base.log ?? (() => undefined);
  const rows = await Promise.all(
    accountIds.map((accountId) =>
      limit(async (): Promise<AccountRow> => {
        const out = join(base.out, accountId);
        try {
          const r = await (deps.scanFn ?? scan)({ ...base, out, credentials: deps.credentialsFor(accountId), log: (l) => log(`[${accountId}] ${l}`) }, { registry: deps.registry, crosswalk: deps.crosswalk });
          if (r.report.scan.account.id !== accountId) throw new Error(`credentials answered for account ${r.report.scan.account.id}, not ${accountId}`);
          results.set(accountId, r);
          return {
            accountId,
            status: 'SCANNED',
            reason: r.report.controls.find((c) => c.status === r.report.summary.overall)?.reason ?? r.report.summary.overall,
            overall: r.report.summary.overall,
            exitCode: r.exitCode,
            report: join(accountId, 'report.json'),
            controls: Object.fromEntries(r.report.controls.map((c) => [c.id, c.status])),
          };
        } catch (err) {
          log(`[${accountId}] error: ${(err as Error).message}`);
          return { accountId, status: 'ERROR', reason: (err as Error).message.split('\n')[0], overall: 'ERROR', controls: {} };
        }
      }),
    ),
  );
  const summary: OrganizationSummary = { schemaVersion: '1.0.0', tool: TOOL, generatedAt: new Date().toISOString(), controls: controlIds, accounts: rows.sort((a, b) => a.accountId.localeCompare(b.accountId)) };
  writeFileAtomic(join(base.out, 'organization-summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeFileAtomic(join(base.out, 'organization-summary.html'), renderOrganizationHtml(summary));
  return { summary, results };
}

/** 0 when every account scanned clean; else the worst account's code (an unscanned account counts as 2). */
export function organizationExitCode(s: OrganizationSummary): number {
  const codes = s.accounts.map((a) => (a.status === 'ERROR' ? 2 : (a.exitCode ?? 2)));
  if (codes.includes(1)) return 1;
  return codes.includes(2) ? 2 : 0;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export function renderOrganizationHtml(s: OrganizationSummary): string {
  const head = s.controls.map((c) => `<th>${esc(c)}</th>`).join('');
  const rows = s.accounts
    .map((a) => `<tr><th>${esc(a.accountId)}</th><td class="${esc(a.status === 'ERROR' ? 'ERROR' : (a.overall ?? ''))}">${esc(a.status === 'ERROR' ? 'ERROR' : (a.overall ?? ''))}</td>${s.controls.map((c) => `<td class="${esc(a.controls[c] ?? 'ERROR')}">${esc(a.controls[c] ?? '—')}</td>`).join('')}<td>${esc(a.reason)}</td></tr>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>aims-scan organization summary</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}.PASS{background:#e6f4ea}.FAIL{background:#fce8e6}.ERROR{background:#f3e8fd}.MANUAL,.ATTESTED{background:#fef7e0}.WAIVED{background:#e8f0fe}.NOT_APPLICABLE{color:#666}</style></head>
<body><h1>aims-scan organization summary</h1><p>${esc(s.tool.name)} ${esc(s.tool.version)} · ${esc(s.generatedAt)} · ${s.accounts.length} account(s). Control IDs are the mapping document's; see each account's report for the official ISO/IEC 42001:2023 references.</p>
<table><thead><tr><th>account</th><th>overall</th>${head}<th>reason</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}

/** The management-account access used to list the organization's accounts. */
export function managementAccess(o: { profile?: string; endpointUrl?: string; maxAttempts: number; homeRegion: string }): AwsAccess {
  return new AwsAccess({
    transport: new LiveTransport({ profile: o.profile, endpointUrl: o.endpointUrl, maxAttempts: o.maxAttempts, credentials: callerCredentials({ profile: o.profile, endpointUrl: o.endpointUrl, region: o.homeRegion }) }),
    concurrency: 4,
    homeRegion: o.homeRegion,
    partition: 'aws',
    pageCap: 1000,
  });
}
