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

/** Credentials for a role, assumed with the caller's own credentials (profile or default chain). */
export function assumeRole(roleArn: string, base: { profile?: string }, o: RoleOptions): unknown {
  return fromTemporaryCredentials({
    params: { RoleArn: roleArn, RoleSessionName: o.sessionName ?? 'aims-scan', ...(o.externalId ? { ExternalId: o.externalId } : {}), ...(o.durationSeconds ? { DurationSeconds: o.durationSeconds } : {}) },
    masterCredentials: fromNodeProviderChain(base.profile ? { profile: base.profile } : {}),
  });
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
    transport: new LiveTransport({ profile: o.profile, endpointUrl: o.endpointUrl, maxAttempts: o.maxAttempts, credentials: fromNodeProviderChain(o.profile ? { profile: o.profile } : {}) }),
    concurrency: 4,
    homeRegion: o.homeRegion,
    partition: 'aws',
    pageCap: 1000,
  });
}
