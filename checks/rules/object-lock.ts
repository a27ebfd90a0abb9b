// One rule for "this bucket keeps its objects tamper-proof", shared by the Object Lock probe and
// the CloudTrail probe (A.12): two probes judging the same attribute of the same bucket agree.
// Object Lock alone protects nothing CloudTrail writes: CloudTrail sets no per-object retention,
// so only a bucket default retention (Mode + Days or Years) locks the log files.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
import type { GetObjectLockConfigurationCommandOutput } from '@aws-sdk/client-s3';
import { isAbsent, type Absent } from '../../src/aws/errors.js';

export interface ObjectLockState {
  enabled: boolean;
  mode?: string;
  /** Default retention in days (Years × 365), undefined when the bucket sets none. */
  retentionDays?: number;
}

export function objectLockState(answer: GetObjectLockConfigurationCommandOutput | Absent): ObjectLockState {
  if (isAbsent(answer) || answer.ObjectLockConfiguration?.ObjectLockEnabled !== 'Enabled') return { enabled: false };
  const r = answer.ObjectLockConfiguration.Rule?.DefaultRetention;
  const days = r?.Days ?? (r?.Years !== undefined ? r.Years * 365 : undefined);
  return { enabled: true, mode: r?.Mode, retentionDays: days };
}

/** Locked for tamper resistance: Object Lock on with a default retention of at least `minDays` (0: any). */
export function lockProtects(s: ObjectLockState, minDays = 0): { ok: boolean; why: string } {
  if (!s.enabled) return { ok: false, why: 'no Object Lock' };
  if (s.retentionDays === undefined || !s.mode) return { ok: false, why: 'Object Lock enabled but no default retention, so nothing written by a log service is locked' };
  if (s.retentionDays < minDays) return { ok: false, why: `default retention ${s.retentionDays} days, below the ${minDays}-day minimum` };
  return { ok: true, why: `Object Lock ${s.mode} ${s.retentionDays} days` };
}
