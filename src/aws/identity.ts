// Who is scanning and where: STS GetCallerIdentity first (bad credentials stop the scan before
// any probe runs), then the regions enabled for the account (probes.md §4, §6.1).
import type { DescribeRegionsCommandInput, DescribeRegionsCommandOutput } from '@aws-sdk/client-ec2';
import type { GetCallerIdentityCommandInput, GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import type { AwsAccess } from './access.js';
import { AwsCallError } from './errors.js';
import { op } from './ops.js';
import { closestRegion } from './regions.js';
import { partitionOf, type Partition } from './services.js';

// GetCallerIdentity needs no permission; it is kept out of the generated policy.
export const GetCallerIdentity = op<GetCallerIdentityCommandInput, GetCallerIdentityCommandOutput>('sts', 'GetCallerIdentity', { action: '' });
export const DescribeRegions = op<DescribeRegionsCommandInput, DescribeRegionsCommandOutput>('ec2', 'DescribeRegions');

/** Calls the engine itself makes, for the IAM policy. */
export const ENGINE_CALLS = [DescribeRegions];

export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

export class RegionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegionError';
  }
}

/** A replayed recording that lacks what every recorded scan holds. */
export class RecordingIncompleteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingIncompleteError';
  }
}

export interface CallerIdentity {
  accountId: string;
  arn: string;
  partition: Partition;
}

const HINT = 'check AWS_PROFILE / --profile, run `aws sso login` for SSO profiles, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY';

export async function whoAmI(access: AwsAccess): Promise<CallerIdentity> {
  try {
    const r = await access.call(GetCallerIdentity, access.homeRegion, {});
    if (!r.Account || !r.Arn) throw new CredentialsError('STS GetCallerIdentity answered without an account or ARN');
    return { accountId: r.Account, arn: r.Arn, partition: partitionOf(r.Arn) };
  } catch (err) {
    if (err instanceof CredentialsError) throw err;
    const e = err as AwsCallError;
    // A recording always starts with this call: without it, the file is cut short, not a login problem.
    if (e instanceof AwsCallError && e.kind === 'replay-missing') {
      throw new RecordingIncompleteError(`the recording has no answer for STS GetCallerIdentity in ${access.homeRegion}, which every recorded scan holds: it is truncated or incomplete; replay the original calls.jsonl or the evidence pack`);
    }
    const detail = e instanceof AwsCallError ? `${e.info.name}: ${e.info.message.split('\n')[0]}` : String(err);
    const unreachable = e instanceof AwsCallError && (e.kind === 'unavailable' || e.kind === 'network' || e.info.name === 'EndpointNotFound');
    const hint = unreachable ? 'check the network, the region (--home-region) or --endpoint-url' : HINT;
    throw new CredentialsError(`cannot identify the caller with STS in ${access.homeRegion} (${detail}); ${hint}`);
  }
}

export interface RegionPlan {
  regions: string[];
  warnings: string[];
  /** Set when the enabled regions could not be listed and no region was requested: the scan sees only part of the account. */
  unlisted?: AwsCallError;
}

/** The regions to scan: every enabled region, or the user's list checked against it. */
export async function planRegions(access: AwsAccess, requested: string[] | undefined): Promise<RegionPlan> {
  let enabled: string[];
  try {
    const r = await access.call(DescribeRegions, access.homeRegion, { AllRegions: false });
    enabled = (r.Regions ?? []).filter((x) => x.OptInStatus !== 'not-opted-in').map((x) => x.RegionName ?? '').filter(Boolean).sort();
    if (enabled.length === 0) throw new AwsCallError('unexpected', 'DescribeRegions returned no regions', { name: 'MalformedAnswer', message: 'empty region list' });
  } catch (err) {
    const why = err instanceof AwsCallError ? err.reason : String(err);
    if (requested?.length) return { regions: [...requested], warnings: [`could not list enabled regions (${why}); scanning the requested regions as given`] };
    const unlisted = err instanceof AwsCallError ? err : new AwsCallError('unexpected', why, { name: 'Error', message: why }, undefined, { action: DescribeRegions.action, region: access.homeRegion });
    return { regions: [access.homeRegion], warnings: [`could not list enabled regions (${why}); scanning only ${access.homeRegion}: no regional check can pass for the whole account`], unlisted };
  }
  access.enabledRegions = new Set(enabled);
  if (!requested?.length) return { regions: enabled, warnings: [] };
  const bad = requested.filter((r) => !enabled.includes(r));
  if (bad.length) {
    const near = bad.map((r) => [r, closestRegion(r)]).filter(([r, c]) => c && c !== r && enabled.includes(c));
    const hint = near.length ? `; did you mean ${near.map(([, c]) => c).join(', ')}?` : '';
    throw new RegionError(`region${bad.length > 1 ? 's' : ''} ${bad.join(', ')} not enabled for this account; enabled: ${enabled.join(', ')}${hint}`);
  }
  return { regions: [...new Set(requested)], warnings: [] };
}
