// One rule for "this bucket's data is copied to another region", shared by the S3 Cross-Region
// Replication probe (A.15) and the Backup probe (where replication stands in for a backup of an
// S3 bucket, probes.md §2.49): the same bucket gets the same answer from both.
// Replicated to another region = versioning on (S3 requires it for replication) AND some enabled
// rule whose destination bucket is in another region AND, when the bucket encrypts new objects
// with a KMS key, that rule replicates SSE-KMS objects (S3 skips them unless
// SourceSelectionCriteria.SseKmsEncryptedObjects is Enabled:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html).
import type { GetBucketReplicationCommandOutput, GetBucketVersioningCommandOutput, ReplicationRule } from '@aws-sdk/client-s3';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { F, T, U, type Ev } from '../../src/engine/evidence.js';
import { encryptionName, type DefaultEncryption } from './bucket-encryption.js';
import { allOf, anyOf, attest, type Judgement } from './per-resource.js';


import { versioned } from './versioning.js';

/** Where a bucket lives: its region, or `foreign` when another account owns it and will not say. */
export type Where = { region: string } | { foreign: string };

export interface ReplicationEvidence {
  name: string;
  region: string;
  versioning: Ev<GetBucketVersioningCommandOutput>;
  replication: Ev<GetBucketReplicationCommandOutput | Absent>;
  encryption: Ev<DefaultEncryption>;
  /** Destination bucket name → where it lives. */
  destinations: Record<string, Ev<Where>>;
}

/** The bucket name of a destination ARN (arn:aws:s3:::name). */
export function destinationName(arnOrName: string | undefined): string {
  if (!arnOrName) return '';
  return arnOrName.startsWith('arn:') ? arnOrName.split(':').slice(5).join(':') : arnOrName;
}

const KMS = new Set(['aws:kms', 'aws:kms:dsse']);

function ruleReplicates(e: ReplicationEvidence, r: ReplicationRule, i: number): Judgement {
  const id = r.ID ?? `rule ${i + 1}`;
  const dest = destinationName(r.Destination?.Bucket);
  const w = e.destinations[dest];
  let place: Judgement;
  if (!w) place = F(`rule ${id} has no destination bucket`);
  else if (!w.known) place = U(w.causes, `region of destination ${dest}`);
  else if ('foreign' in w.value) place = attest(`replicates to ${dest}, whose region cannot be read from this account (${w.value.foreign}): verify it is another region`);
  else if (w.value.region === e.region) place = F(`replicates only within ${e.region}`);
  else {
    const acct = r.Destination?.Account ? ` (account ${r.Destination.Account})` : '';
    const rtc = r.Destination?.ReplicationTime?.Status === 'Enabled' ? ', with Replication Time Control' : '';
    place = T(`replicated to ${dest} in ${w.value.region}${acct}${rtc}`);
  }
  // SSE-KMS objects replicate only when the rule says so; that matters when the bucket writes them.
  const kmsObjects = r.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status === 'Enabled';
  const kms: Judgement = kmsObjects
    ? T([])
    : !e.encryption.known
      ? U(e.encryption.causes, 'whether the bucket writes SSE-KMS objects the rule would skip')
      : e.encryption.value.algorithm && KMS.has(e.encryption.value.algorithm)
        ? F(`rule ${id} does not replicate SSE-KMS objects, and the bucket encrypts new objects with ${encryptionName(e.encryption.value)}`)
        : T([]);
  return allOf(place, kms);
}

/** The bucket's data is replicated to another region (see the header for what that takes). */
export function replicatesAcrossRegions(e: ReplicationEvidence): Judgement {
  const ver = versioned(e.versioning);
  const rep = e.replication;
  if (!rep.known) return allOf(ver, U(rep.causes, 'replication configuration'));
  if (isAbsent(rep.value)) return allOf(ver, F('no replication configuration'));
  const rules = rep.value.ReplicationConfiguration?.Rules ?? [];
  const enabled = rules.filter((r) => r.Status === 'Enabled');
  if (!enabled.length) return allOf(ver, F(`all ${rules.length} replication rule(s) disabled`));
  const any = anyOf(...enabled.map((r) => ruleReplicates(e, r, rules.indexOf(r))));
  const all = allOf(ver, any);
  // A pass says where the data goes; "versioning on" goes without saying.
  return all.v === 'T' ? T(any.why) : all;
}
