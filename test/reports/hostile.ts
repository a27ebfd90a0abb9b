// A recorded account whose names, ARNs and reasons are attacks on every output format: script and
// markup for HTML, pipes/backticks/links for Markdown, formula prefixes for CSV, bare & and < for XML.
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeEndpointCommand, ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import type { Report } from '../../src/engine/report.js';
import { DEFAULT_OPTIONS, scan, type ScanResult } from '../../src/scan.js';
import { mockAccount } from '../fixtures/mock-account.js';
import { ACCOUNT } from '../helpers.js';

export const XSS_SCRIPT = '<script>window.__pwned=1;alert(1)</script>';
export const XSS_IMG = '"><img src=x onerror="window.__pwned=2;alert(1)">';
export const XSS_URL = 'javascript:alert(1)';
export const MD_ATTACK = '| pipe `tick` [link](https://evil.example/x) ![img](https://evil.example/i.png) <b>bold</b> & www.evil.example ops@evil.example';
export const FORMULAS = ['=HYPERLINK("https://evil.example","x")', '+SUM(1,2)', '-2+3', '@SUM(1)'];

/** The endpoint's name: every HTML attack at once. */
export const HOSTILE_ENDPOINT = `${XSS_SCRIPT}${XSS_IMG}${XSS_URL}`;
export const HOSTILE_CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/${XSS_IMG}/${XSS_SCRIPT}`;

/** scan() of the mock account with hostile names in the AWS answers (and so in the recording). */
export async function hostileScan(out: string): Promise<ScanResult> {
  const account = mockAccount();
  const [sts, , , , sm, ct] = account.mocks;
  const arn = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${XSS_URL}`;
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: HOSTILE_CALLER, UserId: 'AROA:x' });
  sm.on(ListEndpointsCommand).callsFake(async (_input, getClient) => {
    const region = await getClient().config.region();
    return region === 'us-east-1' ? { Endpoints: [{ EndpointName: HOSTILE_ENDPOINT, EndpointArn: arn, EndpointStatus: 'InService', CreationTime: new Date('2026-01-01T00:00:00Z'), LastModifiedTime: new Date('2026-01-02T00:00:00Z') }] } : { Endpoints: [] };
  });
  sm.on(DescribeEndpointCommand).resolves({ EndpointName: HOSTILE_ENDPOINT, EndpointArn: arn, EndpointStatus: 'InService', ProductionVariants: [{ VariantName: MD_ATTACK, CurrentInstanceCount: 1 }] });
  ct.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: `${XSS_URL}${XSS_IMG}`, TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${XSS_URL}`, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, LogFileValidationEnabled: true, KmsKeyId: 'k', CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:ct', S3BucketName: FORMULAS[0] }] });
  try {
    return await scan({ ...DEFAULT_OPTIONS, maxAttempts: 1, homeRegion: 'us-east-1', out }, { registry: defaultRegistry(), crosswalk: crosswalkLookup });
  } finally {
    account.restore();
  }
}

/**
 * A copy of the report with attacks in every field that comes from the account (resource IDs,
 * reasons, warnings, regions' reasons), so each renderer is tested on all of them even where a
 * probe would not have copied a name into its reason.
 */
export function poison(report: Report): Report {
  const r = structuredClone(report);
  const attacks = [HOSTILE_ENDPOINT, MD_ATTACK, ...FORMULAS];
  let i = 0;
  const next = () => attacks[i++ % attacks.length];
  r.scan.warnings.push(`${XSS_SCRIPT} ${MD_ATTACK}`);
  r.controls.forEach((c, ci) => {
    c.reason = `${FORMULAS[ci % FORMULAS.length]} ${c.reason} ${next()}`;
    c.checks.forEach((ch) => {
      ch.reason = `${next()} ${ch.reason}`;
      ch.warnings = [...ch.warnings, next()];
      ch.resources = [...ch.resources, { id: `arn:aws:s3:::${XSS_URL}`, region: 'us-east-1', status: ch.status, reason: next() }];
      ch.regions = ch.regions.map((g) => ({ ...g, reason: `${g.reason} ${next()}` }));
    });
  });
  return r;
}

/** Every string in a value, for "does this output contain any unescaped attack" checks. */
export function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}
