// Reports built by hand (every status, resource and region shape the push must handle) and an
// in-memory Security Hub behind aws-sdk-client-mock that stores what BatchImportFindings sends
// and answers GetFindings from it, the way the service does.
import { BatchImportFindingsCommand, DescribeHubCommand, GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { CONTROLS } from '../../checks/catalog.js';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import type { Report, ReportCheck, ReportControl } from '../../src/engine/report.js';
import { countStatuses, type RegionResult, type ResourceResult, type Severity, type Status } from '../../src/model.js';
import type { Clock } from '../../src/securityhub/push.js';
import { ACCOUNT, awsError } from '../helpers.js';

export { ACCOUNT };
export const HOME = 'us-east-1';

export function check(service: string, over: Partial<ReportCheck> & { status: Status; regions?: RegionResult[]; resources?: ResourceResult[]; severity?: Severity }): ReportCheck {
  return {
    service,
    probe: over.probe === undefined ? service.toLowerCase().replace(/[^a-z0-9]+/g, '-') : over.probe,
    extension: false,
    reason: `${service}: ${over.status}`,
    remediation: over.status === 'PASS' ? null : `Fix ${service}.`,
    availability: null,
    warnings: [],
    evidence: [],
    implementation: '',
    controlSupport: '',
    severity: 'high',
    resources: [],
    regions: [],
    ...over,
  };
}

export function control(id: string, checks: ReportCheck[]): ReportControl {
  const c = CONTROLS.find((x) => x.id === id)!;
  const x = crosswalkLookup(id)!;
  return {
    id,
    title: c.title,
    group: c.group,
    description: c.description,
    officialReferences: x.officialReferences,
    otherStandards: x.otherStandards,
    flag: x.flag,
    crosswalkNote: x.note,
    status: checks.some((k) => k.status === 'FAIL') ? 'FAIL' : 'PASS',
    reason: 'test',
    checks,
  };
}

export function report(controls: ReportControl[], over: { regions?: string[]; finishedAt?: string; account?: string } = {}): Report {
  const checks = controls.flatMap((c) => c.checks);
  const finishedAt = over.finishedAt ?? '2026-11-01T12:00:00.000Z';
  return {
    schemaVersion: '1.0.0',
    tool: { name: 'aims-scan', version: '0.1.0' },
    scan: {
      id: `${over.account ?? ACCOUNT}-${finishedAt.replace(/[-:.]/g, '')}`,
      startedAt: new Date(Date.parse(finishedAt) - 60_000).toISOString(),
      finishedAt,
      mode: 'live',
      complete: true,
      account: { id: over.account ?? ACCOUNT, partition: 'aws', callerArn: `arn:aws:iam::${over.account ?? ACCOUNT}:role/scanner` },
      homeRegion: HOME,
      regions: over.regions ?? ['eu-west-1', 'us-east-1'],
      options: {},
      warnings: [],
    },
    summary: {
      overall: 'FAIL',
      controls: countStatuses(controls.map((c) => c.status)),
      checks: countStatuses(checks.map((c) => c.status)),
      calls: { calls: 1, deduplicated: 0, retries: 0, throttled: 0, errors: 0 },
    },
    controls,
    inventory: {},
  };
}

export const endpointArn = (name: string, region = HOME) => `arn:aws:sagemaker:${region}:${ACCOUNT}:endpoint/${name}`;

/** A regional resource check: each resource judged in its region, regions PASS/FAIL accordingly. */
export function resourceCheck(service: string, resources: ResourceResult[], regions: string[] = [HOME]): ReportCheck {
  const regionResults: RegionResult[] = regions.map((region) => {
    const mine = resources.filter((r) => r.region === region);
    const status: Status = mine.some((r) => r.status === 'FAIL') ? 'FAIL' : mine.length ? 'PASS' : 'NOT_APPLICABLE';
    return { region, status, reason: `${mine.length} resource(s)` };
  });
  return check(service, { status: regionResults.some((r) => r.status === 'FAIL') ? 'FAIL' : 'PASS', resources, regions: regionResults });
}

export function fakeClock(start = '2026-11-02T00:00:00.000Z'): Clock & { sleeps: number[]; t: number } {
  const c = {
    t: Date.parse(start),
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
    },
  };
  return c;
}

type FailRule = (f: AwsSecurityFinding, attempt: number) => { code: string; message: string } | undefined;

/** Security Hub in memory: per-region finding store, hub on/off, optional import failures. */
export class FakeHub {
  readonly mock: AwsStub<any, any, any>;
  readonly store = new Map<string, Map<string, AwsSecurityFinding>>();
  readonly disabled = new Set<string>();
  /** Every BatchImportFindings call: region, the findings sent, the clock time. */
  readonly imports: { region: string; findings: AwsSecurityFinding[]; at: number }[] = [];
  readonly calls: { op: string; region: string; at: number }[] = [];
  hubAccount = ACCOUNT;
  pageSize = 40;
  failRule?: FailRule;
  private attempts = new Map<string, number>();

  constructor(private readonly clock?: Clock) {
    this.mock = mockClient(SecurityHubClient);
    this.mock.on(DescribeHubCommand).callsFake(async (_i, getClient) => {
      const region = await getClient().config.region();
      this.calls.push({ op: 'DescribeHub', region, at: this.clock?.now() ?? 0 });
      if (this.disabled.has(region)) throw awsError('InvalidAccessException', `Account ${ACCOUNT} is not subscribed to AWS Security Hub`, 401);
      return { HubArn: `arn:aws:securityhub:${region}:${this.hubAccount}:hub/default` };
    });
    this.mock.on(GetFindingsCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      this.calls.push({ op: 'GetFindings', region, at: this.clock?.now() ?? 0 });
      // The filters, applied the way Security Hub does: every attribute must match one of its values.
      const filters = (input.Filters ?? {}) as Record<string, { Value: string; Comparison: string }[]>;
      const matches = (f: AwsSecurityFinding) =>
        Object.entries(filters).every(([k, conds]) =>
          conds.some((c) => {
            const v = String((f as Record<string, unknown>)[k] ?? '');
            return c.Comparison === 'PREFIX' ? v.startsWith(c.Value) : v === c.Value;
          }),
        );
      const all = [...(this.store.get(region)?.values() ?? [])].filter(matches);
      const start = input.NextToken ? Number(input.NextToken) : 0;
      const page = all.slice(start, start + this.pageSize);
      const next = start + this.pageSize < all.length ? String(start + this.pageSize) : undefined;
      return { Findings: structuredClone(page), ...(next ? { NextToken: next } : {}) };
    });
    this.mock.on(BatchImportFindingsCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      const at = this.clock?.now() ?? 0;
      this.calls.push({ op: 'BatchImportFindings', region, at });
      const findings = input.Findings as AwsSecurityFinding[];
      this.imports.push({ region, findings: structuredClone(findings), at });
      const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
      for (const f of findings) {
        const n = (this.attempts.get(f.Id!) ?? 0) + 1;
        this.attempts.set(f.Id!, n);
        const fail = this.failRule?.(f, n);
        if (fail) {
          failed.push({ Id: f.Id!, ErrorCode: fail.code, ErrorMessage: fail.message });
          continue;
        }
        this.put(region, f);
      }
      return { SuccessCount: findings.length - failed.length, FailedCount: failed.length, FailedFindings: failed };
    });
  }

  /** Stores a finding as Security Hub would: with its own fields added. */
  put(region: string, f: AwsSecurityFinding): void {
    const m = this.store.get(region) ?? new Map<string, AwsSecurityFinding>();
    const prev = m.get(f.Id!);
    m.set(f.Id!, {
      ...structuredClone(f),
      Region: region,
      ProcessedAt: new Date(this.clock?.now() ?? 0).toISOString(),
      Workflow: prev?.Workflow ?? f.Workflow ?? { Status: 'NEW' },
      ProductFields: { ...f.ProductFields, 'aws/securityhub/FindingId': `arn:aws:securityhub:${region}:${ACCOUNT}:product/${ACCOUNT}/default/${f.Id}`, 'aws/securityhub/ProductName': 'aims-scan' },
    });
    this.store.set(region, m);
  }

  found(region: string): AwsSecurityFinding[] {
    return [...(this.store.get(region)?.values() ?? [])];
  }

  sent(): AwsSecurityFinding[] {
    return this.imports.flatMap((i) => i.findings);
  }

  reset(): void {
    this.imports.length = 0;
    this.calls.length = 0;
    this.attempts.clear();
    this.mock.resetHistory();
  }

  restore(): void {
    this.mock.restore();
  }
}
