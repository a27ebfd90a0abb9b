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
import { scan, type ScanOptions, type ScanResult } from '../scan.js';
import { ensureWritableDir } from '../util/atomic.js';
import { errorRow, OrganizationSummaryWriter, rowFromReport, type OrganizationTotals, type SummaryFiles } from './summary.js';

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

export { organizationExitCode, renderOrganizationHtml, type AccountRow, type OrganizationCounts, type OrganizationSummary, type OrganizationTotals } from './summary.js';

export interface MultiDeps {
  registry: Registry;
  crosswalk: CrosswalkLookup;
  /** Credentials for one account; default: assume roleName there. */
  credentialsFor: (accountId: string) => unknown;
  scanFn?: typeof scan;
  /** Runs right after each account's scan (its reports, its Security Hub push); the result is dropped afterwards. */
  onResult?: (accountId: string, result: ScanResult) => Promise<void>;
}

/**
 * Scans each account into out/<account>/ with at most `concurrency` at once. Each account's row
 * goes to disk as it finishes (summary.ts); nothing of a finished scan stays in memory, so memory
 * does not grow with the number of accounts.
 */
export async function scanAccounts(accountIds: string[], base: ScanOptions, deps: MultiDeps, concurrency: number): Promise<{ summary: OrganizationTotals; files: SummaryFiles }> {
  ensureWritableDir(base.out);
  const limit = pLimit(Math.max(1, concurrency));
  const writer = new OrganizationSummaryWriter(base.out, deps.registry.select(base.controls));
  const log = base.log ?? (() => undefined);
  await Promise.all(
    accountIds.map((accountId) =>
      limit(async (): Promise<void> => {
        const out = join(base.out, accountId);
        try {
          const r = await (deps.scanFn ?? scan)({ ...base, out, credentials: deps.credentialsFor(accountId), log: (l) => log(`[${accountId}] ${l}`) }, { registry: deps.registry, crosswalk: deps.crosswalk });
          if (r.report.scan.account.id !== accountId) throw new Error(`credentials answered for account ${r.report.scan.account.id}, not ${accountId}`);
          writer.add(rowFromReport(r.report, r.exitCode, join(accountId, 'report.json')));
          // Scanned, but its reports or its push failed: an ERROR row that says so.
          await deps.onResult?.(accountId, r).catch((err: Error) => Promise.reject(new Error(`scanned, but ${err.message}`)));
        } catch (err) {
          log(`[${accountId}] error: ${(err as Error).message}`);
          writer.add(errorRow(accountId, (err as Error).message));
        }
      }),
    ),
  );
  return { summary: writer.finish(), files: writer.files };
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
