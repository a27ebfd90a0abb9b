// AWS's request-rate limits for the calls the scanner makes, per account and region. The engine
// paces each (API, region) to these so a large scan spends its time working rather than being
// throttled; the simulated AWS enforces the same table, so the benchmark tests the pacing.
import type { ServiceId } from './services.js';

export interface RateLimit {
  /** Sustained requests per second. */
  rate: number;
  /** Bucket size: requests that may go at once after a quiet spell. */
  burst: number;
}

/** Where no limit is documented: 10 requests/s with a burst of 20. */
export const DEFAULT_LIMIT: RateLimit = { rate: 10, burst: 20 };

/**
 * Documented limits, keyed `service:Operation` (or `service:*`).
 * Sources: EC2 API request throttling (non-mutating actions: bucket 100, refill 20/s);
 * CloudWatch quotas (DescribeAlarms 9 TPS, ListMetrics 25 TPS); CloudWatch Logs quotas
 * (DescribeLogGroups 10 TPS); KMS request quotas (ListKeys/ListAliases 100/s, DescribeKey 2,000/s,
 * GetKeyRotationStatus/GetKeyPolicy 1,000/s); Security Hub (every read API not listed
 * separately: 10/s, burst 30). The burst of a per-second quota is taken as one second's worth.
 */
export const DOCUMENTED_LIMITS: Readonly<Record<string, RateLimit>> = {
  'ec2:*': { rate: 20, burst: 100 },
  'cloudwatch:DescribeAlarms': { rate: 9, burst: 9 },
  'cloudwatch:ListMetrics': { rate: 25, burst: 25 },
  'cloudwatchlogs:DescribeLogGroups': { rate: 10, burst: 10 },
  'kms:ListKeys': { rate: 100, burst: 100 },
  'kms:ListAliases': { rate: 100, burst: 100 },
  'kms:DescribeKey': { rate: 2000, burst: 2000 },
  'kms:GetKeyRotationStatus': { rate: 1000, burst: 1000 },
  'kms:GetKeyPolicy': { rate: 1000, burst: 1000 },
  'securityhub:*': { rate: 10, burst: 30 },
};

export type LimitLookup = (service: ServiceId | string, operation: string) => RateLimit;

/** A lookup over a limits table: the operation's own entry, else its service's, else the fallback. */
export function limitsFrom(limits: Readonly<Record<string, RateLimit>> = DOCUMENTED_LIMITS, fallback: RateLimit = DEFAULT_LIMIT): LimitLookup {
  return (service, operation) => limits[`${service}:${operation}`] ?? limits[`${service}:*`] ?? fallback;
}
