// One rule for "this bucket cannot be made public", shared by every probe that judges S3 public
// access. S3 applies the most restrictive combination of the account-level and the bucket-level
// Block Public Access settings, flag by flag: a flag is on for a bucket when it is on at either
// level (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html).
// So an account that blocks ACLs beside a bucket that blocks policies blocks everything.
import type { PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { and, F, or, T, test, U, type Ev, type Tri } from '../../src/engine/evidence.js';

export const BPA_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
export type BpaFlag = (typeof BPA_FLAGS)[number];
export type Bpa = Pick<PublicAccessBlockConfiguration, BpaFlag>;

/** A GetPublicAccessBlock answer, bucket or account; Absent is "nothing configured". */
export type BpaAnswer = { PublicAccessBlockConfiguration?: Bpa } | Absent;

export function flagsOf(a: BpaAnswer): Bpa {
  return isAbsent(a) ? {} : (a.PublicAccessBlockConfiguration ?? {});
}

const allOn = (b: Bpa) => BPA_FLAGS.every((f) => b[f] === true);

/**
 * Public access fully blocked for one bucket: each of the four flags on at the account OR the
 * bucket level. F names the flags off at both levels; U only when an unread level could still
 * turn a missing flag on.
 */
export function publicAccessBlocked(account: Ev<BpaAnswer>, bucket: Ev<BpaAnswer>): Tri {
  const on = (e: Ev<BpaAnswer>, flag: BpaFlag) => test(e, (a) => flagsOf(a)[flag] === true, flag, flag);
  const per = BPA_FLAGS.map((flag) => or(on(account, flag), on(bucket, flag)));
  const r = and(...per);
  if (r.v === 'F') return F(`public access not fully blocked: ${BPA_FLAGS.filter((_, i) => per[i].v === 'F').join(', ')} off at both account and bucket level`);
  if (r.v === 'U') return U(r.causes, 'whether public access is blocked');
  const full = (e: Ev<BpaAnswer>) => e.known && allOn(flagsOf(e.value));
  return T(full(account) || full(bucket) ? 'public access blocked' : 'public access blocked (account and bucket settings combined)');
}

/** Account-level Block Public Access fully on: one setting covers every bucket. */
export function accountFullyBlocks(account: Ev<BpaAnswer>): boolean {
  return account.known && allOn(flagsOf(account.value));
}
