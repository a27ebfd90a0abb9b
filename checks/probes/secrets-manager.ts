// AWS Secrets Manager — A.9 credential rotation. probes.md §2.34.
// Metadata only: ListSecrets returns rotation flags and dates, never a value; GetSecretValue is never called.
// Judged per secret: rotation on and the last rotation within the rotation interval.
import type { ListSecretsRequest, ListSecretsResponse, SecretListEntry } from '@aws-sdk/client-secrets-manager';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, notApplicable, notInUse, pass } from '../../src/engine/probe.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintUnknown } from '../facts/ai-workload.js';

export const ListSecrets = op<ListSecretsRequest, ListSecretsResponse>('secretsmanager', 'ListSecrets', { paginate: NEXT_TOKEN });

/** Interval assumed when the schedule is a cron expression (probes.md §2.34: ≤ 90 d by policy). */
export const DEFAULT_ROTATION_DAYS = 90;
const DAY = 86_400_000;

export type SecretFacts = Pick<SecretListEntry, 'ARN' | 'Name' | 'KmsKeyId' | 'RotationEnabled' | 'RotationRules' | 'LastRotatedDate' | 'CreatedDate' | 'OwningService'>;

export interface SecretsFacts {
  secrets: SecretFacts[];
  /** Read only when there are no secrets, to tell "not used" from "nothing to protect". */
  footprint?: AiFootprint;
}

/** Days between rotations from AutomaticallyAfterDays or a rate() schedule. */
export function rotationIntervalDays(rules: SecretListEntry['RotationRules']): number {
  if (rules?.AutomaticallyAfterDays) return rules.AutomaticallyAfterDays;
  const m = rules?.ScheduleExpression?.match(/^rate\(\s*(\d+)\s+(hour|hours|day|days)\s*\)$/i);
  if (m) return /hour/i.test(m[2]) ? Math.max(1, Math.ceil(Number(m[1]) / 24)) : Number(m[1]);
  return DEFAULT_ROTATION_DAYS;
}

export default defineProbe<SecretsFacts>({
  id: 'secrets-manager',
  service: 'AWS Secrets Manager',
  title: 'Secrets rotate automatically and on schedule',
  severity: 'medium',
  remediation:
    'Turn on rotation for each secret (e.g. AI provider API keys, database credentials) with a rotation function or managed rotation: console Secrets Manager → secret → Rotation → Edit, or `aws secretsmanager rotate-secret --secret-id … --rotation-rules AutomaticallyAfterDays=30`.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListSecrets],
  uses: [aiFootprint],
  async collect(ctx) {
    const list = await ctx.all(ListSecrets, { IncludePlannedDeletion: false }, 'SecretList');
    const secrets = list.map((s) => ({
      ARN: s.ARN,
      Name: s.Name,
      KmsKeyId: s.KmsKeyId,
      RotationEnabled: s.RotationEnabled,
      RotationRules: s.RotationRules,
      LastRotatedDate: s.LastRotatedDate,
      CreatedDate: s.CreatedDate,
      OwningService: s.OwningService,
    }));
    return secrets.length ? { secrets } : { secrets, footprint: await ctx.use(aiFootprint) };
  },
  evaluate(f, ctx) {
    if (f.secrets.length === 0) {
      const ai = f.footprint ? anyAi(f.footprint) : null;
      if (ai === false) return notApplicable('no secrets and no SageMaker or Bedrock footprint in this region');
      if (ai === null && f.footprint) return footprintUnknown(f.footprint, 'secret rotation');
      return notInUse(ctx, 'no secrets in Secrets Manager in a region with AI workloads; AI credentials may be kept elsewhere');
    }
    const warnings: string[] = [];
    const resources: ResourceResult[] = f.secrets.map((s) => {
      const id = s.ARN ?? s.Name ?? 'secret';
      const name = `secret ${s.Name ?? id}`;
      if (s.OwningService) return { id, status: 'NOT_APPLICABLE', reason: `${name}: managed and rotated by ${s.OwningService}` };
      if (!s.RotationEnabled) return { id, status: 'FAIL', reason: `${name}: rotation off` };
      const interval = rotationIntervalDays(s.RotationRules);
      const since = s.LastRotatedDate ?? s.CreatedDate;
      const age = since ? Math.floor((ctx.now.getTime() - since.getTime()) / DAY) : undefined;
      // One day of grace for the rotation window.
      if (age === undefined) return { id, status: 'FAIL', reason: `${name}: rotation on but never rotated and no creation date` };
      if (age > interval + 1) return { id, status: 'FAIL', reason: `${name}: ${s.LastRotatedDate ? `last rotated ${age} d ago` : `never rotated, created ${age} d ago`}, interval ${interval} d` };
      return { id, status: 'PASS', reason: `${name}: rotates every ${interval} d, ${s.LastRotatedDate ? `last ${age} d ago` : `created ${age} d ago`}` };
    });
    const defaultKey = f.secrets.filter((s) => !s.OwningService && (!s.KmsKeyId || s.KmsKeyId.includes('alias/aws/secretsmanager')));
    if (defaultKey.length) warnings.push(`${defaultKey.length} secret(s) use the AWS-managed key rather than a customer-managed key: ${defaultKey.map((s) => s.Name).join(', ')}`);
    const failing = resources.filter((r) => r.status === 'FAIL');
    const judged = resources.filter((r) => r.status !== 'NOT_APPLICABLE');
    if (failing.length) return fail(`${failing.length} of ${judged.length} secret(s) not rotated on schedule: ${failing.map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
    if (judged.length === 0) return notApplicable(`only service-managed secrets (${f.secrets.length}), rotated by their owning services`, { resources, warnings });
    return pass(`all ${judged.length} secret(s) rotate automatically and on schedule`, { resources, warnings });
  },
});
