// One rule for "is this KMS key reference an AWS-managed key", for probes that judge what a
// resource is encrypted with (SNS topics here; the KMS probe's endpoint-config check asks the same).
// - alias/aws/… (name or ARN): AWS-managed keys are the only keys with aliases under alias/aws/.
// - any other alias: a customer alias cannot point at an AWS-managed key (CreateAlias refuses).
// - a key ARN of another account: AWS-managed keys cannot be used across accounts.
// - a key ID or own key ARN: AWS-managed if an alias/aws/… alias targets it (ListAliases of the
//   key's region, the call the KMS probe already makes); unknown when that list is incomplete.
// https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
import type { AliasListEntry } from '@aws-sdk/client-kms';
import { F, T, U, type ListEv, type Tri } from '../../src/engine/evidence.js';

// The KMS probe's declaration: with the same input ({}) the engine answers the call once for both.
export { ListAliases } from '../probes/kms.js';

const AWS_ALIAS = /(^|:)alias\/aws\//;
const ANY_ALIAS = /(^|:)alias\//;
const KEY_ARN = /^arn:aws[\w-]*:kms:([^:]*):([^:]*):key\/(.+)$/;

/** The region whose aliases decide the reference, or undefined when the reference decides alone. */
export function aliasRegionFor(ref: string, account: string, region: string): string | undefined {
  if (ANY_ALIAS.test(ref)) return undefined;
  const m = ref.match(KEY_ARN);
  if (m && m[2] !== account) return undefined;
  return m ? m[1] || region : region;
}

/** T: an AWS-managed key; F: a customer managed key; U: the aliases that would tell could not be read. */
export function awsManagedKey(ref: string, account: string, aliases?: ListEv<AliasListEntry>): Tri {
  const aws = ref.match(/alias\/aws\/[\w-]+/);
  if (AWS_ALIAS.test(ref)) return T(`the AWS-managed key ${aws?.[0] ?? ref}`);
  if (ANY_ALIAS.test(ref)) return F('a customer managed key (alias)');
  const m = ref.match(KEY_ARN);
  if (m && m[2] !== account) return F('a customer managed key of another account');
  const id = m ? m[3] : ref;
  if (!aliases) return U([], `whether key ${ref} is AWS-managed`);
  const hit = aliases.items.find((a) => a.TargetKeyId === id && a.AliasName?.startsWith('alias/aws/'));
  if (hit) return T(`the AWS-managed key ${hit.AliasName}`);
  return aliases.complete ? F('a customer managed key') : U(aliases.causes, `whether key ${ref} is AWS-managed`);
}
