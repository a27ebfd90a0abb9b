// A report as AWS Security Finding Format (ASFF 2018-10-08) findings: one per (control, check,
// region, resource) where a probe judged resources, else one per (control, check, region) for
// account-level settings. The same input gives the same findings, Ids included, so a second
// push updates rather than duplicates. Everything taken from the account (resource IDs,
// reasons, names) is data: cleaned of control characters, cut to the ASFF limits, and only
// ever placed in JSON string fields.
import { createHash } from 'node:crypto';
import type { AwsSecurityFinding, ComplianceStatus, Resource, SeverityLabel, WorkflowStatus } from '@aws-sdk/client-securityhub';
import { officialLabel } from '../../checks/crosswalk.js';
import type { Report, ReportCheck, ReportControl } from '../engine/report.js';
import type { ResourceResult, Severity, Status } from '../model.js';
import { officialIdsFor } from '../../checks/official-evidence.js';

export type Finding = AwsSecurityFinding;

export const ASFF_SCHEMA_VERSION = '2018-10-08';
export const PRODUCT_NAME = 'aims-scan';
export const COMPANY_NAME = 'aims-scan';
/**
 * The ASFF taxonomy is namespace/category/classifier. The namespace must be one of the five
 * defined ones; classifiers are free text, and the defined ones for standards read
 * "ISO 27001 Controls", so ISO/IEC 42001 gets the same form (a "/" would add a level).
 */
export const FINDING_TYPE = 'Software and Configuration Checks/Industry and Regulatory Standards/ISO 42001 Controls';
/** Prefix of every GeneratorId and Id this tool writes: how its earlier findings are recognised. */
export const ID_PREFIX = 'aims-scan/';

/** ASFF limits (AwsSecurityFinding in the Security Hub API reference). */
export const LIMITS = {
  id: 512,
  generatorId: 512,
  title: 256,
  description: 1024,
  recommendation: 512,
  resources: 32,
  resourceId: 2048,
  resourceType: 256,
  relatedRequirements: 32,
  requirement: 256,
  productFields: 50,
  productFieldKey: 128,
  productFieldValue: 2048,
  /** BatchImportFindings refuses a finding larger than 240 KB. */
  findingBytes: 240 * 1024,
} as const;

/** Where the ProductFields keys live; Security Hub adds its own under aws/. */
export const FIELD = {
  version: 'aims-scan/version',
  controlId: 'aims-scan/controlId',
  controlTitle: 'aims-scan/controlTitle',
  service: 'aims-scan/service',
  probe: 'aims-scan/probe',
  status: 'aims-scan/status',
  reasonCode: 'aims-scan/reasonCode',
  scope: 'aims-scan/scope',
  resourceId: 'aims-scan/resourceId',
  officialReferences: 'aims-scan/officialReferences',
  crosswalkFlag: 'aims-scan/crosswalkFlag',
  crosswalkNote: 'aims-scan/crosswalkNote',
  scanId: 'aims-scan/scanId',
  scanFinishedAt: 'aims-scan/scanFinishedAt',
  waiverOwner: 'aims-scan/waiver/owner',
  waiverExpires: 'aims-scan/waiver/expires',
  waiverReason: 'aims-scan/waiver/reason',
  attestationOwner: 'aims-scan/attestation/owner',
  attestationEvidence: 'aims-scan/attestation/evidence',
} as const;

interface StatusRule {
  compliance: ComplianceStatus;
  /** Sent without --include-manual. */
  byDefault: boolean;
  workflow: WorkflowStatus;
  informational: boolean;
}

/**
 * How each report status becomes a finding. WAIVED stays FAILED (a person accepted it; the
 * evidence did not change) and ATTESTED stays WARNING: neither is ever PASSED.
 */
const STATUS_RULES: Record<Status, StatusRule> = {
  PASS: { compliance: 'PASSED', byDefault: true, workflow: 'RESOLVED', informational: true },
  FAIL: { compliance: 'FAILED', byDefault: true, workflow: 'NEW', informational: false },
  ERROR: { compliance: 'NOT_AVAILABLE', byDefault: true, workflow: 'NEW', informational: false },
  WAIVED: { compliance: 'FAILED', byDefault: true, workflow: 'SUPPRESSED', informational: false },
  MANUAL: { compliance: 'WARNING', byDefault: false, workflow: 'NEW', informational: false },
  ATTESTED: { compliance: 'WARNING', byDefault: false, workflow: 'SUPPRESSED', informational: false },
  NOT_APPLICABLE: { compliance: 'NOT_AVAILABLE', byDefault: false, workflow: 'NEW', informational: true },
};

const SEVERITY: Record<Severity, SeverityLabel> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', informational: 'INFORMATIONAL' };

export interface FindingOptions {
  /** Also send MANUAL (→ WARNING) and NOT_APPLICABLE (→ NOT_AVAILABLE) results. */
  includeManual?: boolean;
  /** CreatedAt/UpdatedAt of the built findings; default: when the scan finished. */
  at?: string;
}

// ---------------------------------------------------------------------------------------------
// Strings from the account: cleaned and cut, never interpreted.

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Control and bidi-override characters removed, line breaks and tabs as spaces, no lone surrogates. */
export function clean(s: unknown): string {
  return String(s ?? '')
    .replace(/[\t\n\r]+/g, ' ')
    .replace(CONTROL_CHARS, '')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
export function cutChars(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  if (end > 0 && /[\ud800-\udbff]/.test(s[end - 1])) end -= 1;
  return s.slice(0, end);
}

/** At most `max` characters, cut at a word boundary with an ellipsis when it has to be cut. */
export function cutWords(s: string, max: number): string {
  if (s.length <= max) return s;
  const room = cutChars(s, max - 1);
  const space = room.lastIndexOf(' ');
  // A word boundary in the last half; otherwise one endless "word" is cut where it must be.
  const head = space >= max / 2 ? room.slice(0, space) : room;
  return head.replace(/[\s,;:.\u2013\u2014-]+$/, '') + '…';
}

const text = (s: unknown, max: number) => cutWords(clean(s), max);

// ---------------------------------------------------------------------------------------------
// Identity

export function serviceSlug(service: string): string {
  return (
    clean(service)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || 'service'
  );
}

const sha16 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 16);

export function accountResourceId(account: string): string {
  return `AWS::::Account:${account}`;
}

export interface FindingKey {
  account: string;
  region: string;
  control: string;
  serviceSlug: string;
  /** Hash of the resource ID (or of the account resource for account-level findings). */
  hash: string;
}

/** `aims-scan/<account>/<region>/<control>/<service>/<sha256(resource) first 16 hex>`. */
export function findingId(account: string, region: string, control: string, service: string, resourceId: string): string {
  return cutChars(`${ID_PREFIX}${account}/${region}/${control}/${serviceSlug(service)}/${sha16(resourceId)}`, LIMITS.id);
}

/** The parts of an Id this tool wrote; undefined for anything else. */
export function parseFindingId(id: string | undefined): FindingKey | undefined {
  if (!id?.startsWith(ID_PREFIX)) return undefined;
  const parts = id.slice(ID_PREFIX.length).split('/');
  if (parts.length !== 5 || !/^\d{12}$/.test(parts[0]) || !/^[0-9a-f]{16}$/.test(parts[4])) return undefined;
  const [account, region, control, slug, hash] = parts;
  return { account, region, control, serviceSlug: slug, hash };
}

export function productArn(partition: string, region: string, account: string): string {
  return `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`;
}

// ---------------------------------------------------------------------------------------------
// Resources

/** ASFF resource types for the ARNs this tool judges; anything else is `Other`. */
const ARN_TYPES: { service: string; match: RegExp; type: string }[] = [
  { service: 's3', match: /^[^/]+$/, type: 'AwsS3Bucket' },
  { service: 's3', match: /\//, type: 'AwsS3Object' },
  { service: 'kms', match: /^key\//, type: 'AwsKmsKey' },
  { service: 'cloudtrail', match: /^trail\//, type: 'AwsCloudTrailTrail' },
  { service: 'iam', match: /^role\//, type: 'AwsIamRole' },
  { service: 'iam', match: /^user\//, type: 'AwsIamUser' },
  { service: 'iam', match: /^group\//, type: 'AwsIamGroup' },
  { service: 'iam', match: /^policy\//, type: 'AwsIamPolicy' },
  { service: 'sns', match: /^[^/:]+$/, type: 'AwsSnsTopic' },
  { service: 'sqs', match: /^[^/:]+$/, type: 'AwsSqsQueue' },
  { service: 'lambda', match: /^function:/, type: 'AwsLambdaFunction' },
  { service: 'secretsmanager', match: /^secret:/, type: 'AwsSecretsManagerSecret' },
  { service: 'cloudwatch', match: /^alarm:/, type: 'AwsCloudWatchAlarm' },
  { service: 'backup', match: /^backup-vault:/, type: 'AwsBackupBackupVault' },
  { service: 'backup', match: /^backup-plan:/, type: 'AwsBackupBackupPlan' },
  { service: 'states', match: /^stateMachine:/, type: 'AwsStepFunctionStateMachine' },
  { service: 'sagemaker', match: /^notebook-instance\//, type: 'AwsSageMakerNotebookInstance' },
  { service: 'dynamodb', match: /^table\/[^/]+$/, type: 'AwsDynamoDbTable' },
  { service: 'ec2', match: /^instance\//, type: 'AwsEc2Instance' },
  { service: 'ec2', match: /^vpc\//, type: 'AwsEc2Vpc' },
  { service: 'ec2', match: /^security-group\//, type: 'AwsEc2SecurityGroup' },
  { service: 'ecr', match: /^repository\//, type: 'AwsEcrRepository' },
];

interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

function parseArn(id: string): Arn | undefined {
  const m = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/.exec(id);
  return m ? { partition: m[1], service: m[2], region: m[3], account: m[4] ?? '', resource: m[5] } : undefined;
}

export function resourceType(id: string): string {
  const arn = parseArn(id);
  if (!arn) return 'Other';
  return ARN_TYPES.find((t) => t.service === arn.service && t.match.test(arn.resource))?.type ?? 'Other';
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** Where a resource's finding goes: its own region, else its ARN's, else the check's. */
export function resourceRegion(r: ResourceResult, fallback: string): string {
  if (r.region && REGION.test(r.region)) return r.region;
  const arnRegion = parseArn(r.id)?.region;
  return arnRegion && REGION.test(arnRegion) ? arnRegion : fallback;
}

// ---------------------------------------------------------------------------------------------
// Building

/** One finding before it is rendered: what it is about and which result it carries. */
interface Subject {
  control: ReportControl;
  check: ReportCheck;
  region: string;
  status: Status;
  reason: string;
  /** null for an account-level (per region) finding. */
  resource: ResourceResult | null;
}

const WORST_FIRST: Status[] = ['FAIL', 'ERROR', 'WAIVED', 'MANUAL', 'ATTESTED', 'PASS', 'NOT_APPLICABLE'];

function regionLevelStatus(check: ReportCheck, regionStatus: Status): Status {
  // Waivers and attestations are applied to the check, not to its per-region results.
  if (check.status === 'WAIVED' && regionStatus === 'FAIL') return 'WAIVED';
  if (check.status === 'ATTESTED' && regionStatus === 'MANUAL') return 'ATTESTED';
  return regionStatus;
}

function subjectsOf(report: Report, control: ReportControl, check: ReportCheck): Subject[] {
  const home = report.scan.homeRegion;
  const out: Subject[] = [];
  const byRegion = new Map<string, ResourceResult[]>();
  const isGlobal = check.regions.some((r) => r.region === 'global');
  for (const r of check.resources) {
    const region = resourceRegion(r, home);
    const list = byRegion.get(region) ?? [];
    list.push(r);
    byRegion.set(region, list);
  }
  for (const [region, list] of byRegion) {
    for (const r of list) out.push({ control, check, region, status: r.status, reason: r.reason, resource: r });
  }
  for (const rr of check.regions) {
    if (rr.status === 'SKIPPED') continue;
    const region = rr.region === 'global' ? home : rr.region;
    const status = regionLevelStatus(check, rr.status);
    const judged = isGlobal ? check.resources : (byRegion.get(region) ?? []);
    // Resources speak for the region, unless the region's verdict is a FAIL or ERROR no
    // resource carries: that must not disappear behind passing resources.
    const unexplained = (status === 'FAIL' || status === 'ERROR') && !judged.some((r) => r.status === status);
    if (judged.length === 0 || unexplained) out.push({ control, check, region, status, reason: rr.reason || check.reason, resource: null });
  }
  // A probe that never ran (no probe yet) has no regions: one account-level finding at home.
  if (check.regions.length === 0 && check.resources.length === 0) out.push({ control, check, region: home, status: check.status, reason: check.reason, resource: null });
  return out;
}

/**
 * The official ISO/IEC 42001 requirements this check is evidence for (checks/official-evidence.ts),
 * not every reference of its document control: a Security Hub finding under the document's A.14
 * must not be tagged with Suppliers (A.10.3) it says nothing about.
 */
function requirements(control: ReportControl, check: ReportCheck): string[] {
  const list = [`aims-scan document control ${control.id}`, ...officialIdsFor(check.probe, control.id).map(officialLabel), ...control.otherStandards];
  return [...new Set(list.map((r) => text(r, LIMITS.requirement)).filter(Boolean))].slice(0, LIMITS.relatedRequirements);
}

function shortName(id: string): string {
  const arn = parseArn(id);
  const name = arn ? arn.resource.split(/[/:]/).filter(Boolean).pop() ?? arn.resource : id;
  return clean(name);
}

const STATUS_WORD: Record<Status, string> = { PASS: 'passed', FAIL: 'failed', ERROR: 'could not be evaluated', MANUAL: 'needs attestation', NOT_APPLICABLE: 'not applicable', WAIVED: 'failed (waived)', ATTESTED: 'attested' };

/** The account's reason first (cut cleanly if it must be), then the fixed context an auditor needs. */
function description(s: Subject): string {
  const refs = s.control.officialReferences.join(', ') || 'none';
  const context = ` — aims-scan document control ${s.control.id} (${s.control.title}); ISO/IEC 42001:2023 ${refs}; crosswalk ${s.control.flag}.`;
  const waiver = s.status === 'WAIVED' && s.resource?.waiver ? `Waived by ${s.resource.waiver.owner} until ${s.resource.waiver.expires}: ${s.resource.waiver.reason}. ` : '';
  const head = `${s.check.service} ${STATUS_WORD[s.status]}: ${waiver}${s.reason}`;
  const ctx = cutWords(clean(context), 400);
  const room = LIMITS.description - ctx.length - 1;
  return cutWords(`${cutWords(clean(head), room)} ${ctx}`, LIMITS.description);
}

function recommendation(s: Subject): string {
  if (s.status === 'PASS') return 'No action needed: keep this configuration and re-run aims-scan to keep the evidence current.';
  if (s.status === 'NOT_APPLICABLE') return 'No action needed while this does not apply; re-run aims-scan after the AI workload changes.';
  const base = s.check.remediation ?? 'Attest this mapping with evidence, or configure the service so that it can be checked automatically.';
  if (s.status === 'ERROR') return text(`Fix what stopped the evaluation (usually a missing read permission), then re-run aims-scan. ${base}`, LIMITS.recommendation);
  return text(base, LIMITS.recommendation);
}

function productFields(report: Report, s: Subject, isGlobal: boolean): Record<string, string> {
  const f: Record<string, string> = {
    ProviderName: PRODUCT_NAME,
    ProviderVersion: report.tool.version,
    [FIELD.version]: report.tool.version,
    [FIELD.controlId]: s.control.id,
    [FIELD.controlTitle]: s.control.title,
    [FIELD.service]: s.check.service,
    [FIELD.probe]: s.check.probe ?? 'none',
    [FIELD.status]: s.status,
    [FIELD.scope]: isGlobal ? 'global' : 'regional',
    [FIELD.officialReferences]: s.control.officialReferences.map(officialLabel).join(', '),
    [FIELD.crosswalkFlag]: s.control.flag,
    [FIELD.crosswalkNote]: s.control.crosswalkNote,
    [FIELD.scanId]: report.scan.id,
    [FIELD.scanFinishedAt]: report.scan.finishedAt,
  };
  if (s.check.code) f[FIELD.reasonCode] = s.check.code;
  if (s.resource) f[FIELD.resourceId] = s.resource.id;
  const waiver = s.resource?.waiver ?? (s.status === 'WAIVED' ? s.check.waiver : undefined);
  if (waiver) Object.assign(f, { [FIELD.waiverOwner]: waiver.owner, [FIELD.waiverExpires]: waiver.expires, [FIELD.waiverReason]: waiver.reason });
  if (s.status === 'ATTESTED' && s.check.attestation) Object.assign(f, { [FIELD.attestationOwner]: s.check.attestation.owner, [FIELD.attestationEvidence]: s.check.attestation.evidence });
  return f;
}

function render(report: Report, s: Subject, at: string): Finding {
  const account = report.scan.account.id;
  const partition = report.scan.account.partition;
  const rule = STATUS_RULES[s.status];
  const isGlobal = s.check.regions.some((r) => r.region === 'global');
  const resourceId = s.resource ? s.resource.id : accountResourceId(account);
  const label: SeverityLabel = rule.informational ? 'INFORMATIONAL' : SEVERITY[s.check.severity] ?? 'MEDIUM';
  const what = s.resource ? shortName(s.resource.id) : `in ${s.region}`;
  const resource: Resource = {
    Type: s.resource ? resourceType(s.resource.id) : 'AwsAccount',
    Id: resourceId,
    Partition: partition as Resource['Partition'],
    Region: s.region,
  };
  return normalizeFinding({
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: findingId(account, s.region, s.control.id, s.check.service, resourceId),
    ProductArn: productArn(partition, s.region, account),
    ProductName: PRODUCT_NAME,
    CompanyName: COMPANY_NAME,
    GeneratorId: `${ID_PREFIX}${s.check.probe ?? `no-probe/${serviceSlug(s.check.service)}`}`,
    AwsAccountId: account,
    Types: [FINDING_TYPE],
    CreatedAt: at,
    UpdatedAt: at,
    FirstObservedAt: at,
    LastObservedAt: report.scan.finishedAt,
    Severity: { Label: label, Original: s.check.severity },
    FindingProviderFields: { Severity: { Label: label, Original: s.check.severity }, Types: [FINDING_TYPE] },
    // The document's control ID is labelled as aims-scan's, with the official references beside
    // it: an auditor must not read the document's "A.6" as the standard's A.6.
    Title: `${s.check.service} ${what}: ${STATUS_WORD[s.status]} — aims-scan control ${s.control.id} "${s.control.title}" (ISO/IEC 42001:2023 ${s.control.officialReferences.join(', ') || 'no reference'})`,
    Description: description(s),
    Remediation: { Recommendation: { Text: recommendation(s) } },
    ProductFields: productFields(report, s, isGlobal),
    Resources: [resource],
    Compliance: { Status: rule.compliance, RelatedRequirements: requirements(s.control, s.check) },
    Workflow: { Status: rule.workflow },
    RecordState: 'ACTIVE',
  });
}

/** Whether a result with this status is sent at all. */
export function isSent(status: Status, includeManual: boolean): boolean {
  return STATUS_RULES[status].byDefault || includeManual;
}

/** Every finding the report gives, sorted by Id; one per Id (the worst result wins a clash). */
export function buildFindings(report: Report, opts: FindingOptions = {}): Finding[] {
  const at = opts.at ?? report.scan.finishedAt;
  const byId = new Map<string, { finding: Finding; rank: number }>();
  for (const control of report.controls) {
    for (const check of control.checks) {
      for (const s of subjectsOf(report, control, check)) {
        if (!isSent(s.status, !!opts.includeManual)) continue;
        const finding = render(report, s, at);
        const rank = WORST_FIRST.indexOf(s.status);
        const prev = byId.get(finding.Id!);
        if (!prev || rank < prev.rank) byId.set(finding.Id!, { finding, rank });
      }
    }
  }
  return [...byId.values()].map((v) => v.finding).sort((a, b) => (a.Id! < b.Id! ? -1 : a.Id! > b.Id! ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Scope: which of this tool's earlier findings the report speaks for.

export interface ScanScope {
  account: string;
  /**
   * The accounts a push covers (each finding's AwsAccountId). Pushes from many shards meet in
   * the delegated administrator's view of Security Hub; a finding of any other account is never
   * read as this push's, let alone updated or archived.
   */
  accounts: ReadonlySet<string>;
  controls: Set<string>;
  /** Regions the scan covered (plus home, where global checks report). */
  regions: Set<string>;
  /** Per `control|serviceSlug`: evaluated everywhere (global) or in these regions only. */
  checks: Map<string, { global: boolean; evaluated: Set<string>; notEvaluated: Set<string> }>;
}

const NOT_EVALUATED: ReadonlySet<string> = new Set(['ERROR', 'SKIPPED']);

export function scanScope(report: Report): ScanScope {
  const home = report.scan.homeRegion;
  const checks: ScanScope['checks'] = new Map();
  for (const c of report.controls) {
    for (const k of c.checks) {
      const global = k.regions.some((r) => r.region === 'global');
      const evaluated = new Set<string>();
      const notEvaluated = new Set<string>();
      for (const r of k.regions) (NOT_EVALUATED.has(r.status) ? notEvaluated : evaluated).add(r.region === 'global' ? home : r.region);
      checks.set(`${c.id}|${serviceSlug(k.service)}`, { global, evaluated, notEvaluated });
    }
  }
  return { account: report.scan.account.id, accounts: new Set([report.scan.account.id]), controls: new Set(report.controls.map((c) => c.id)), regions: new Set([...report.scan.regions, home]), checks };
}

/** The finding belongs to an account the push covers, by its AwsAccountId and by its Id alike. */
export function coversAccount(scope: Pick<ScanScope, 'accounts'>, f: Pick<Finding, 'Id' | 'AwsAccountId'>): boolean {
  const key = parseFindingId(f.Id);
  return !!key && !!f.AwsAccountId && key.account === f.AwsAccountId && scope.accounts.has(f.AwsAccountId);
}

/**
 * True when the scan speaks for an earlier finding, so that its absence now means "resolved":
 * same account, a control scanned, and the check evaluated where the finding lives. A check
 * that could not be evaluated there (ERROR, SKIPPED) leaves its earlier findings alone.
 */
export function inScope(scope: ScanScope, existing: Pick<Finding, 'Id' | 'AwsAccountId'>): boolean {
  const key = parseFindingId(existing.Id);
  if (!key || !coversAccount(scope, existing) || key.account !== scope.account) return false;
  if (!scope.controls.has(key.control)) return false;
  const check = scope.checks.get(`${key.control}|${key.serviceSlug}`);
  // A mapping the scanned control no longer has: judged by the regions the scan covered.
  if (!check) return scope.regions.has(key.region);
  if (check.global) return check.evaluated.size > 0;
  return check.evaluated.has(key.region) && !check.notEvaluated.has(key.region);
}

// ---------------------------------------------------------------------------------------------
// Limits

/** Byte size of a finding as sent (JSON, UTF-8). */
export function findingBytes(f: Finding): number {
  return Buffer.byteLength(JSON.stringify(f), 'utf8');
}

/**
 * Every string field cleaned and cut to its ASFF limit, arrays capped. Applied to findings
 * built here and to earlier findings re-imported (archived), which come back from AWS.
 */
export function normalizeFinding(f: Finding): Finding {
  const out: Finding = { ...f };
  out.Id = cutChars(clean(f.Id), LIMITS.id);
  out.GeneratorId = cutChars(clean(f.GeneratorId), LIMITS.generatorId) || `${ID_PREFIX}unknown`;
  out.Title = text(f.Title, LIMITS.title) || 'aims-scan finding';
  out.Description = text(f.Description, LIMITS.description) || 'aims-scan finding';
  delete out.Remediation;
  const advice = text(f.Remediation?.Recommendation?.Text, LIMITS.recommendation);
  if (advice) out.Remediation = { Recommendation: { Text: advice } };
  out.Resources = (f.Resources ?? []).slice(0, LIMITS.resources).map((r) => ({
    Type: cutChars(clean(r.Type), LIMITS.resourceType) || 'Other',
    Id: cutChars(clean(r.Id), LIMITS.resourceId) || 'unknown',
    ...(r.Partition ? { Partition: r.Partition } : {}),
    ...(r.Region ? { Region: cutChars(clean(r.Region), 16) } : {}),
  }));
  if (f.Compliance) {
    out.Compliance = {
      ...(f.Compliance.Status ? { Status: f.Compliance.Status } : {}),
      RelatedRequirements: (f.Compliance.RelatedRequirements ?? []).map((r) => text(r, LIMITS.requirement)).filter(Boolean).slice(0, LIMITS.relatedRequirements),
    };
  }
  if (f.ProductFields) {
    const entries = Object.entries(f.ProductFields)
      .map(([k, v]) => [cutChars(clean(k), LIMITS.productFieldKey), text(v, LIMITS.productFieldValue)] as const)
      .filter(([k, v]) => k && v);
    out.ProductFields = Object.fromEntries(entries.slice(0, LIMITS.productFields));
  }
  return out;
}

/**
 * A finding that fits the 240 KB limit: oversize parts dropped in order of least value, or
 * undefined when even the core does not fit. Never an invalid finding.
 */
export function fitFinding(f: Finding, limit: number = LIMITS.findingBytes): Finding | undefined {
  let out = normalizeFinding(f);
  if (findingBytes(out) <= limit) return out;
  const core: string[] = [FIELD.version, FIELD.controlId, FIELD.service, FIELD.status, FIELD.scope];
  const shrink: ((x: Finding) => Finding)[] = [
    (x) => ({ ...x, ProductFields: Object.fromEntries(Object.entries(x.ProductFields ?? {}).filter(([k]) => core.includes(k))) }),
    (x) => ({ ...x, Resources: (x.Resources ?? []).slice(0, 1) }),
    (x) => ({ ...x, Compliance: x.Compliance ? { ...x.Compliance, RelatedRequirements: (x.Compliance.RelatedRequirements ?? []).slice(0, 1) } : undefined }),
  ];
  for (const step of shrink) {
    out = step(out);
    if (findingBytes(out) <= limit) return out;
  }
  return undefined;
}
