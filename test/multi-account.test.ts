// Three accounts, one whose role cannot be assumed: two complete reports and an ERROR row.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../checks/crosswalk.js';
import { defaultRegistry } from '../checks/registry.js';
import { validateReport } from '../reports/json.js';
import { organizationExitCode, renderOrganizationHtml, roleArnFor, type OrganizationSummary } from '../src/multi/accounts.js';
import { scanAccounts } from '../src/multi/accounts.js';
import { DEFAULT_OPTIONS } from '../src/scan.js';
import { mockAccount } from './fixtures/mock-account.js';

const dir = mkdtempSync(join(tmpdir(), 'aims-multi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';

describe('multi-account scan', () => {
  it('keeps scanning when one account\'s role cannot be assumed', async () => {
    const account = mockAccount();
    try {
      account.mocks[0].on(GetCallerIdentityCommand).callsFake(async (_i, getClient) => {
        const creds = await getClient().config.credentials();
        const id = creds.accessKeyId.slice(-12);
        return { Account: id, Arn: `arn:aws:sts::${id}:assumed-role/AimsScan/aims-scan`, UserId: 'AROA' };
      });
      const credentialsFor = (id: string) => async () => {
        if (id === B) throw Object.assign(new Error(`User is not authorized to perform: sts:AssumeRole on resource: ${roleArnFor(id, 'AimsScan')}`), { name: 'AccessDenied' });
        return { accessKeyId: `ASIATEST${id}`, secretAccessKey: 'not-a-real-secret' };
      };
      const logs: string[] = [];
      const { summary: totals } = await scanAccounts([A, B, C], { ...DEFAULT_OPTIONS, homeRegion: 'us-east-1', regions: ['us-east-1'], out: dir, log: (l) => logs.push(l) }, { registry: defaultRegistry(), crosswalk: crosswalkLookup, credentialsFor }, 2);
      // Only counts stay in memory; the rows are on disk.
      expect(totals.counts).toMatchObject({ accounts: 3, scanned: 2, notScanned: 1 });
      const summary = JSON.parse(readFileSync(join(dir, 'organization-summary.json'), 'utf8')) as OrganizationSummary;
      expect(summary.accounts.map((a) => [a.accountId, a.status])).toEqual([[A, 'SCANNED'], [B, 'ERROR'], [C, 'SCANNED']]);
      expect(summary.accounts[1].reason).toMatch(/sts:AssumeRole/);
      for (const id of [A, C]) {
        const report = JSON.parse(readFileSync(join(dir, id, 'report.json'), 'utf8'));
        expect(validateReport(report)).toEqual([]);
        expect(report.scan.account.id).toBe(id);
        expect(Object.keys(summary.accounts.find((a) => a.accountId === id)!.controls)).toHaveLength(18);
      }
      expect(existsSync(join(dir, B, 'report.json'))).toBe(false);
      const onDisk = JSON.parse(readFileSync(join(dir, 'organization-summary.json'), 'utf8')) as OrganizationSummary;
      expect(onDisk.accounts).toHaveLength(3);
      expect(organizationExitCode(onDisk)).toBeGreaterThan(0);
      expect(readFileSync(join(dir, 'organization-summary.html'), 'utf8')).toContain(`<th>${B}</th><td class="ERROR">ERROR</td>`);
      expect(logs.some((l) => l.startsWith(`[${B}] error:`))).toBe(true);
    } finally {
      account.restore();
    }
  });

  it('escapes account data in the organization page', () => {
    const html = renderOrganizationHtml({ schemaVersion: '1.0.0', tool: { name: 'aims-scan', version: '0' }, generatedAt: 'now', controls: ['A.9'], accounts: [{ accountId: '1', status: 'ERROR', reason: '<img src=x onerror=alert(1)>', controls: {} }] });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
