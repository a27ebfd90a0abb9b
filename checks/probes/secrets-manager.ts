// AWS Secrets Manager — A.9 credential rotation. probes.md §2.34.
// Metadata only: ListSecrets returns rotation flags and dates, never a value; GetSecretValue is never called.
// Judged per secret: rotation on and the last rotation within its interval, and never more than 90 days ago.
import type { ListSecretsRequest, ListSecretsResponse, SecretListEntry } from '@aws-sdk/client-secrets-manager';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { describeCauses, mapList, type ListEv } from '../../src/engine/evidence.js';
import { defineProbe, fail, notApplicable, notInUse, pass, undecided } from '../../src/engine/probe.js';
import { aiFootprint, aiInUse, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintUnknown } from '../facts/ai-workload.js';

export const ListSecrets = op<ListSecretsRequest, ListSecretsResponse>('secretsmanager', 'ListSecrets', { paginate: NEXT_TOKEN });

/** The longest a secret may go unrotated whatever its schedule (probes.md §2.34; Prowler's and AWS Config's default, 90 d). */
export const MAX_ROTATION_DAYS = 90;
const DAY = 86_400_000;

export type SecretFacts = Pick<SecretListEntry, 'ARN' | 'Name' | 'KmsKeyId' | 'RotationEnabled' | 'RotationRules' | 'LastRotatedDate' | 'CreatedDate' | 'OwningService'>;

export interface SecretsFacts {
  secrets: ListEv<SecretFacts>;
  /** Whether the region runs AI: it decides only when there is no secret. */
  footprint: AiFootprint;
}

/**
 * Days between rotations: AutomaticallyAfterDays, a rate() schedule, or an upper bound read from a
 * cron() schedule (every day, every week, every month); 90 when the cron picks months.
 */
export function rotationIntervalDays(rules: SecretListEntry['RotationRules']): number {
  if (rules?.AutomaticallyAfterDays) return rules.AutomaticallyAfterDays;
  const expr = rules?.ScheduleExpression?.trim() ?? '';
  const m = expr.match(/^rate\(\s*(\d+)\s+(hour|hours|day|days)\s*\)$/i);
  if (m) return /hour/i.test(m[2]) ? Math.max(1, Math.ceil(Number(m[1]) / 24)) : Number(m[1]);
  return cronBoundDays(expr) ?? MAX_ROTATION_DAYS;
}

/** The longest gap a cron(min hour day-of-month month day-of-week year) schedule leaves, when the month is free. */
function cronBoundDays(expr: string): number | undefined {
  const c = expr.match(/^cron\((.*)\)$/i);
  const f = c?.[1].trim().split(/\s+/);
  if (!f || f.length !== 6) return undefined;
  const [, , dom, month, dow] = f;
  if (month !== '*') return undefined;
  const any = (x: string) => x === '*' || x === '?';
  if (any(dom) && any(dow)) return 1;
  if (any(dom)) return /[#L]/.test(dow) ? 35 : 7;
  return 31;
}

export default defineProbe<SecretsFacts>({
  id: 'secrets-manager',
  service: 'AWS Secrets Manager',
  title: 'Secrets rotate automatically and on schedule',
  severity: 'medium',
  remediation:
    'Turn on rotation for each secret (e.g. AI provider API keys, database credentials) with a rotation function or managed rotation, at most every 90 days: console Secrets Manager → secret → Rotation → Edit, or `aws secretsmanager rotate-secret --secret-id … --rotation-rules AutomaticallyAfterDays=30`.',
  serviceClass: 'tool-choice',
  scope: 'regional',
  calls: [ListSecrets],
  uses: [aiFootprint],
  async collect(ctx) {
    // The footprint is a shared fact other probes read anyway; read it always so the calls never depend on the answer.
    const [list, footprint] = await Promise.all([ctx.list(ListSecrets, { IncludePlannedDeletion: false }, 'SecretList'), ctx.use(aiFootprint)]);
    const secrets = mapList(list, (s) => ({
      ARN: s.ARN,
      Name: s.Name,
      KmsKeyId: s.KmsKeyId,
      RotationEnabled: s.RotationEnabled,
      RotationRules: s.RotationRules,
      LastRotatedDate: s.LastRotatedDate,
      CreatedDate: s.CreatedDate,
      OwningService: s.OwningService,
    }));
    return { secrets, footprint };
  },
  evaluate(f, ctx) {
    const list = f.secrets;
    if (list.items.length === 0) {
      if (!list.complete) return undecided(list.causes, 'no secret read');
      const ai = aiInUse(f.footprint);
      if (ai.v === 'F') return notApplicable('no secrets and no SageMaker or Bedrock footprint in this region');
      if (ai.v === 'U') return footprintUnknown(f.footprint, 'secret rotation');
      return notInUse(ctx, 'no secrets in Secrets Manager in a region with AI workloads; AI credentials may be kept elsewhere');
    }
    const warnings: string[] = [];
    const secrets = [...list.items].sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
    const resources: ResourceResult[] = secrets.map((s) => {
      const id = s.ARN ?? s.Name ?? 'secret';
      const name = `secret ${s.Name ?? id}`;
      // A managed secret's rotation is set by its owning service; the account cannot change it.
      if (s.OwningService) return { id, status: 'NOT_APPLICABLE', reason: `${name}: managed and rotated by ${s.OwningService}` };
      if (!s.RotationEnabled) return { id, status: 'FAIL', reason: `${name}: rotation off` };
      const interval = rotationIntervalDays(s.RotationRules);
      const window = Math.min(interval, MAX_ROTATION_DAYS);
      const every = interval > MAX_ROTATION_DAYS ? `every ${interval} d (more than the ${MAX_ROTATION_DAYS} d maximum)` : `every ${interval} d`;
      const since = s.LastRotatedDate ?? s.CreatedDate;
      const age = since ? Math.floor((ctx.now.getTime() - since.getTime()) / DAY) : undefined;
      // One day of grace for the rotation window.
      if (age === undefined) return { id, status: 'FAIL', reason: `${name}: rotation on but never rotated and no creation date` };
      if (age > window + 1) return { id, status: 'FAIL', reason: `${name}: ${s.LastRotatedDate ? `last rotated ${age} d ago` : `never rotated, created ${age} d ago`}, interval ${window} d${interval > MAX_ROTATION_DAYS ? ` (its schedule, every ${interval} d, is longer than the ${MAX_ROTATION_DAYS} d maximum)` : ''}` };
      return { id, status: 'PASS', reason: `${name}: rotates ${every}, ${s.LastRotatedDate ? `last ${age} d ago` : `created ${age} d ago`}` };
    });
    const defaultKey = secrets.filter((s) => !s.OwningService && (!s.KmsKeyId || s.KmsKeyId.includes('alias/aws/secretsmanager')));
    if (defaultKey.length) warnings.push(`${defaultKey.length} secret(s) use the AWS-managed key rather than a customer-managed key: ${defaultKey.map((s) => s.Name).join(', ')}`);
    const failing = resources.filter((r) => r.status === 'FAIL');
    const judged = resources.filter((r) => r.status !== 'NOT_APPLICABLE');
    const more = list.complete ? '' : ` (of those listed; listing cut: ${describeCauses(list.causes)})`;
    if (failing.length) return fail(`${failing.length} of ${judged.length} secret(s) not rotated on schedule${more}: ${failing.map((r) => r.reason).join('; ')}`, 'MISCONFIGURED', { resources, warnings });
    if (!list.complete) return undecided(list.causes, `${judged.length} secret(s) read rotate on schedule; more were not listed`, { resources, warnings });
    if (judged.length === 0) return notApplicable(`only service-managed secrets (${secrets.length}), rotated by their owning services`, { resources, warnings });
    return pass(`all ${judged.length} secret(s) rotate automatically and on schedule (at most every ${MAX_ROTATION_DAYS} d)`, { resources, warnings });
  },
});
