// One rule for "this bucket keeps object versions", shared by the S3 probe (7.5) and the S3
// Cross-Region Replication probe (replication requires versioning on the source bucket).
import type { GetBucketVersioningCommandOutput } from '@aws-sdk/client-s3';
import { test, type Ev, type Tri } from '../../src/engine/evidence.js';

export function versioned(e: Ev<GetBucketVersioningCommandOutput>): Tri {
  return test(e, (v) => v.Status === 'Enabled', 'versioning on', (v) => `versioning ${v.Status ? v.Status.toLowerCase() : 'never enabled'}`, 'versioning');
}
