// The vocabulary every part of the scanner shares: statuses, results and their order.

export const STATUSES = ['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE', 'MANUAL'] as const;
export type Status = (typeof STATUSES)[number];
export type RegionStatus = Status | 'SKIPPED';

/** Why a FAIL or MANUAL happened, in probes.md §0.1 terms. */
export type ReasonCode = 'NOT_ENABLED' | 'NOT_IN_USE' | 'MISCONFIGURED' | 'PARTIAL' | 'NO_PROBE';

export interface ResourceResult {
  /** ARN where AWS gives one, else the resource's name or ID. */
  id: string;
  region?: string;
  status: Status;
  reason: string;
}

/** What a probe's pure evaluation returns for one region (or once, for a global probe). */
export interface Verdict {
  status: Status;
  reason: string;
  code?: ReasonCode;
  resources?: ResourceResult[];
  warnings?: string[];
}

export interface RegionResult {
  region: string;
  status: RegionStatus;
  reason: string;
}

export interface CheckResult {
  /** The service name exactly as the mapping document writes it. */
  service: string;
  probe: string | null;
  /** True for checks the tool adds beyond the document's 68 mappings. */
  extension: boolean;
  status: Status;
  reason: string;
  code?: ReasonCode;
  severity: Severity;
  remediation: string | null;
  availability: string | null;
  resources: ResourceResult[];
  regions: RegionResult[];
  warnings: string[];
  evidence: string[];
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'informational';

/**
 * Control verdict from its checks: FAIL if any check fails; else ERROR if any could not be
 * evaluated; else MANUAL if any needs attestation; else PASS if at least one passed;
 * else NOT_APPLICABLE.
 */
export function aggregateStatus(statuses: readonly Status[]): Status {
  if (statuses.includes('FAIL')) return 'FAIL';
  if (statuses.includes('ERROR')) return 'ERROR';
  if (statuses.includes('MANUAL')) return 'MANUAL';
  if (statuses.includes('PASS')) return 'PASS';
  return 'NOT_APPLICABLE';
}

export function countStatuses(statuses: readonly Status[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const s of statuses) counts[s] += 1;
  return counts;
}
