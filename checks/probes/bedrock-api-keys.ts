// No long-term Amazon Bedrock API keys — extension (issue 19). A long-term Bedrock API key is an IAM
// service-specific credential for bedrock.amazonaws.com: a bearer secret tied to an IAM user that
// works until it expires (possibly never) and bypasses the role-based, short-lived access the
// scan's other identity checks assume. AWS recommends short-term keys (Bedrock docs, "API keys").
// Mapped to no ISO/IEC 42001 requirement (credential hygiene: ISO/IEC 27001:2022 A.5.17).
// Read against Prowler bedrock_api_key_no_long_term_credentials (FAIL while a key's expiration is
// in the future). Here: one listing for every user (ListServiceSpecificCredentials with AllUsers and
// ServiceName); an Active key that has not expired fails (never expiring or not); an expired or
// Inactive key passes, named, so it can still be deleted.
import type { ListServiceSpecificCredentialsCommandInput, ListServiceSpecificCredentialsCommandOutput, ServiceSpecificCredentialMetadata } from '@aws-sdk/client-iam';
import { op } from '../../src/aws/ops.js';
import type { Verdict } from '../../src/model.js';
import { defineProbe, pass } from '../../src/engine/probe.js';
import { F, T, U, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { verdictOver, type Judged } from '../rules/per-resource.js';

export const ListServiceSpecificCredentials = op<ListServiceSpecificCredentialsCommandInput, ListServiceSpecificCredentialsCommandOutput>('iam', 'ListServiceSpecificCredentials', {
  scope: 'global',
  paginate: { inputToken: 'Marker', outputToken: 'Marker' },
});

export const BEDROCK_SERVICE = 'bedrock.amazonaws.com';
const DAY = 86_400_000;

/** One key judged at the scan clock. */
export function keyJudgement(k: ServiceSpecificCredentialMetadata, now: Date): Tri {
  const exp = k.ExpirationDate ? new Date(k.ExpirationDate) : undefined;
  if (exp && exp.getTime() <= now.getTime()) return T(`expired ${exp.toISOString().slice(0, 10)}: delete it`);
  if (k.Status !== 'Active') return T(`${k.Status ?? 'status unknown'}: delete it`);
  if (!exp) return F('active, never expires');
  return F(`active, expires ${exp.toISOString().slice(0, 10)} (in ${Math.ceil((exp.getTime() - now.getTime()) / DAY)} days)`);
}

export default defineProbe<ListEv<ServiceSpecificCredentialMetadata>>({
  id: 'bedrock-api-keys',
  service: 'Amazon Bedrock long-term API keys',
  title: 'No IAM user has an active long-term Amazon Bedrock API key',
  severity: 'high',
  remediation: 'Delete long-term Bedrock API keys and use short-term keys or role credentials instead: IAM console → Users → Security credentials → API keys for Amazon Bedrock, or `aws iam delete-service-specific-credential --user-name … --service-specific-credential-id …`; to prevent new ones, deny iam:CreateServiceSpecificCredential with iam:ServiceSpecificCredentialServiceName bedrock.amazonaws.com (SCP or permissions boundary).',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [ListServiceSpecificCredentials],
  async collect(ctx) {
    // A key without its ID, user or status is a malformed answer (the list is then incomplete), never read as inactive.
    return ctx.list(ListServiceSpecificCredentials, { ServiceName: BEDROCK_SERVICE, AllUsers: true }, 'ServiceSpecificCredentials', { require: ['ServiceSpecificCredentialId', 'UserName', 'Status'] });
  },
  evaluate(keys, ctx): Verdict {
    const judged: Judged[] = keys.items
      .filter((k) => (k.ServiceName ?? BEDROCK_SERVICE) === BEDROCK_SERVICE)
      .map((k) => {
        const name = `Bedrock API key ${k.ServiceCredentialAlias ?? k.ServiceSpecificCredentialId} of user ${k.UserName}`;
        return { id: `${k.UserName}/${k.ServiceSpecificCredentialId}`, name, label: name, t: keyJudgement(k, ctx.now) };
      })
      .sort((a, b) => a.id.localeCompare(b.id));
    const rest = keys.complete ? [] : [U(keys.causes, 'Bedrock API keys not listed')];
    if (!judged.length && !rest.length) return pass('no IAM user has a long-term Bedrock API key (service-specific credential for bedrock.amazonaws.com)');
    return verdictOver(
      judged,
      {
        noun: 'long-term Bedrock API key(s)',
        pass: (n) => `${n} long-term Bedrock API key(s), none active: delete them`,
        fail: (k) => `${k} active long-term Bedrock API key(s)`,
        code: 'MISCONFIGURED',
        incomplete: 'the Bedrock API keys could not all be listed',
        none: '',
      },
      { rest },
    );
  },
});
