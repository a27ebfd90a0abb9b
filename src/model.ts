// The vocabulary every part of the scanner shares: statuses, results and their order.
import type { Cause } from './engine/evidence.js';

/** What a probe can conclude from evidence. */
export const PROBE_STATUSES = ['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE', 'MANUAL'] as const;
export type ProbeStatus = (typeof PROBE_STATUSES)[number];
/**
 * Every status a report shows: the probe statuses plus two that only people can give —
 * WAIVED (a FAIL accepted by a waiver with owner, reason and expiry) and ATTESTED (a MANUAL
 * answered by an attestation with evidence). Neither is ever an automated PASS.
 */
export const STATUSES = [...PROBE_STATUSES, 'WAIVED', 'ATTESTED'] as const;
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
  originalStatus?: Status;
  waiver?: Waiver;
  /** For ERROR: the calls whose answers are missing (IAM action, region, why). */
  missing?: Cause[];
}

/** A person's acceptance of a FAIL, with owner, reason and expiry. */
export interface Waiver {
  id?: string;
  owner: string;
  reason: string;
  expires: string;
}

/** A person's answer to a MANUAL result, with evidence (text or URL). */
export interface Attestation {
  id?: string;
  owner: string;
  evidence: string;
  date: string;
  expires: string;
}

/** What a probe's pure evaluation returns for one region (or once, for a global probe). */
export interface Verdict {
  status: ProbeStatus;
  reason: string;
  code?: ReasonCode;
  resources?: ResourceResult[];
  warnings?: string[];
  /** For ERROR: the calls whose answers would decide it. */
  missing?: Cause[];
  /**
   * For ERROR: the statuses the verdict could still take once the missing answers are known
   * (e.g. NOT_APPLICABLE or MANUAL). Lets the check be decided when every completion agrees.
   */
  possible?: ProbeStatus[];
}

export interface RegionResult {
  region: string;
  status: RegionStatus;
  reason: string;
  missing?: Cause[];
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
  /** Calls whose missing answers left this check (or some of its resources) undecided. */
  missing?: Cause[];
  originalStatus?: Status;
  waiver?: Waiver;
  attestation?: Attestation;
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'informational';

/** Worst first. WAIVED and ATTESTED rank below MANUAL and above PASS: accepted, not proven. */
export const STATUS_ORDER: readonly Status[] = ['FAIL', 'ERROR', 'MANUAL', 'WAIVED', 'ATTESTED', 'PASS', 'NOT_APPLICABLE'];

/**
 * Control verdict from its checks: FAIL if any check fails; else ERROR if any could not be
 * evaluated; else MANUAL if any needs attestation; (else WAIVED, else ATTESTED); else PASS if
 * at least one passed; else NOT_APPLICABLE.
 */
export function aggregateStatus<S extends Status>(statuses: readonly S[]): S {
  for (const s of STATUS_ORDER) if (statuses.includes(s as S)) return s as S;
  return 'NOT_APPLICABLE' as S;
}

export function countStatuses(statuses: readonly Status[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const s of statuses) counts[s] += 1;
  return counts;
}
