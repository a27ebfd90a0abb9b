// Amazon Macie — 7.5 data classification, A.9 / A.10 sensitive-data and PII discovery. probes.md §2.7.
// Macie is regional and analyses the buckets of its own region: in each region, every AI bucket
// there (the shared scope of facts/ai-buckets.ts) must be covered by automated sensitive data
// discovery (on, and the bucket not excluded from its classification scope) or by an active
// scheduled classification job whose bucket definitions or criteria select it.
// Every read is made in every region; only GetClassificationScope waits for the scope ID that
// GetAutomatedDiscoveryConfiguration gives. Macie's "not enabled" answer (AccessDeniedException
// "Macie is not enabled") from any of them is a known FAIL.
import type {
  CriteriaForJob,
  GetAutomatedDiscoveryConfigurationCommandInput,
  GetAutomatedDiscoveryConfigurationCommandOutput,
  GetClassificationExportConfigurationCommandInput,
  GetClassificationExportConfigurationCommandOutput,
  GetClassificationScopeCommandInput,
  GetClassificationScopeCommandOutput,
  GetFindingsPublicationConfigurationCommandInput,
  GetFindingsPublicationConfigurationCommandOutput,
  GetMacieSessionCommandInput,
  GetMacieSessionCommandOutput,
  JobSummary,
  ListClassificationJobsCommandInput,
  ListClassificationJobsCommandOutput,
  S3BucketCriteriaForJob,
} from '@aws-sdk/client-macie2';
import { isAbsent, type Absent } from '../../src/aws/errors.js';
import { next_token, op } from '../../src/aws/ops.js';
import { and, describeCauses, F, fact, mapEv, not, or, some, T, test, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import type { ResourceResult, Status } from '../../src/model.js';
import { defineProbe, fail, manual, pass, resourceOf, undecided, type EvalContext } from '../../src/engine/probe.js';
import { aiBuckets, bucketScope, type AccountBucket, type AiBuckets } from '../facts/ai-buckets.js';
import { causesIn, passWith } from '../rules/unread.js';

const notEnabled = [{ name: 'AccessDeniedException', message: /Macie is not enabled/i }];
const GetMacieSession = op<GetMacieSessionCommandInput, GetMacieSessionCommandOutput>('macie2', 'GetMacieSession', { absent: notEnabled });
const GetAutomatedDiscoveryConfiguration = op<GetAutomatedDiscoveryConfigurationCommandInput, GetAutomatedDiscoveryConfigurationCommandOutput>('macie2', 'GetAutomatedDiscoveryConfiguration', { absent: notEnabled });
const GetClassificationScope = op<GetClassificationScopeCommandInput, GetClassificationScopeCommandOutput>('macie2', 'GetClassificationScope', { absent: notEnabled });
const ListClassificationJobs = op<ListClassificationJobsCommandInput, ListClassificationJobsCommandOutput>('macie2', 'ListClassificationJobs', { paginate: next_token, absent: notEnabled });
const GetClassificationExportConfiguration = op<GetClassificationExportConfigurationCommandInput, GetClassificationExportConfigurationCommandOutput>('macie2', 'GetClassificationExportConfiguration', { absent: notEnabled });
const GetFindingsPublicationConfiguration = op<GetFindingsPublicationConfigurationCommandInput, GetFindingsPublicationConfigurationCommandOutput>('macie2', 'GetFindingsPublicationConfiguration', { absent: notEnabled });

export type Job = Pick<JobSummary, 'jobId' | 'name' | 'jobType' | 'jobStatus' | 'bucketDefinitions' | 'bucketCriteria'>;

export interface MacieFacts {
  /** The session status (ENABLED | PAUSED), or Absent: Macie is not enabled. */
  session: Ev<string | Absent>;
  /** Automated sensitive data discovery status and its classification scope ID. */
  auto: Ev<{ status?: string; scopeId?: string } | Absent>;
  /** Buckets excluded from automated discovery; known-empty when discovery is off or has no scope. */
  excluded: Ev<string[] | Absent>;
  jobs: ListEv<Job>;
  exportBucket: Ev<string | undefined | Absent>;
  publishes: Ev<boolean | Absent>;
  scope: AiBuckets;
}

/** Job states that keep analysing: RUNNING (a run in progress) and IDLE (waiting for the next run). */
const ACTIVE_JOB = new Set(['RUNNING', 'IDLE']);

export default defineProbe<MacieFacts>({
  id: 'macie',
  service: 'Amazon Macie',
  title: 'Macie discovers sensitive data in AI data stores and keeps its results',
  severity: 'high',
  remediation:
    'Enable Macie and automated sensitive data discovery without excluding the AI buckets (or run scheduled classification jobs that include them), and set a discovery-results repository: console Macie → Get started / Automated sensitive data discovery / Settings → Discovery results, or `aws macie2 enable-macie`, `update-automated-discovery-configuration --status ENABLED`, `create-classification-job --job-type SCHEDULED …`, `put-classification-export-configuration`.',
  serviceClass: 'baseline',
  scope: 'regional',
  calls: [GetMacieSession, GetAutomatedDiscoveryConfiguration, GetClassificationScope, ListClassificationJobs, GetClassificationExportConfiguration, GetFindingsPublicationConfiguration],
  uses: [aiBuckets],
  async collect(ctx) {
    const readAuto = async () => {
      const a = await ctx.readOrAbsent(GetAutomatedDiscoveryConfiguration, {});
      const auto = mapEv(a, (v) => (isAbsent(v) ? v : { status: v.status, scopeId: v.classificationScopeId }));
      if (!auto.known || isAbsent(auto.value) || auto.value.status !== 'ENABLED' || !auto.value.scopeId) return { auto, excluded: mapEv(auto, (v) => (isAbsent(v) ? v : [])) };
      const s = await ctx.readOrAbsent(GetClassificationScope, { id: auto.value.scopeId });
      return { auto, excluded: mapEv(s, (v) => (isAbsent(v) ? v : [...(v.s3?.excludes?.bucketNames ?? [])].sort())) };
    };
    const [session, { auto, excluded }, jobs, exp, pub, scope] = await Promise.all([
      ctx.readOrAbsent(GetMacieSession, {}),
      readAuto(),
      ctx.list(ListClassificationJobs, {}, 'items'),
      ctx.readOrAbsent(GetClassificationExportConfiguration, {}),
      ctx.readOrAbsent(GetFindingsPublicationConfiguration, {}),
      ctx.use(aiBuckets),
    ]);
    return {
      session: mapEv(session, (v) => (isAbsent(v) ? v : (v.status ?? 'unknown'))),
      auto,
      excluded,
      jobs: { ...jobs, items: jobs.items.map((j) => ({ jobId: j.jobId, name: j.name, jobType: j.jobType, jobStatus: j.jobStatus, bucketDefinitions: j.bucketDefinitions, bucketCriteria: j.bucketCriteria })).sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || (a.jobId ?? '').localeCompare(b.jobId ?? '')) },
      exportBucket: mapEv(exp, (v) => (isAbsent(v) ? v : v.configuration?.s3Destination?.bucketName)),
      publishes: mapEv(pub, (v) => (isAbsent(v) ? v : v.securityHubConfiguration?.publishClassificationFindings === true)),
      scope,
    };
  },
  evaluate(f, ctx) {
    const warnings: string[] = [];
    const enabled = macieEnabled(f);
    if (enabled.v === 'F') return fail(enabled.why.join('; '), f.session.known && !isAbsent(f.session.value) ? 'MISCONFIGURED' : 'NOT_ENABLED');

    const autoOn = test(f.auto, (a) => !isAbsent(a) && a.status === 'ENABLED', 'automated sensitive data discovery', 'automated discovery off', 'whether automated sensitive data discovery is on');
    const scheduled = some(f.jobs, (j) => fact(isActiveScheduled(j), `scheduled job ${j.name ?? j.jobId}`, 'no active scheduled job'), 'whether a scheduled classification job is active');
    const discovery = or(autoOn, scheduled);

    // Coverage: every bucket of the region that is in scope must be covered. The scope is the one
    // rule of facts/ai-buckets.ts (bucketScope): the AI buckets, or every bucket when none is
    // identified. While it is incomplete, a bucket not known to hold AI data is in scope only
    // "maybe": covered is fine either way, uncovered is undecided, never a FAIL.
    const region = ctx.region;
    const sc = bucketScope(f.scope);
    const aiNames = new Set(f.scope.ai.map((b) => b.name));
    const scopeComplete = f.scope.causes.length === 0;
    const everyBucket = sc.everyBucket;
    const inScope = (name: string): Tri => {
      if (aiNames.has(name)) return T('AI bucket');
      if (everyBucket) return sc.scopeCauses.length ? U(sc.scopeCauses, `whether ${name} holds AI data`) : T('every bucket judged');
      return scopeComplete ? F('not an AI bucket') : U(f.scope.causes, `whether ${name} holds AI data`);
    };
    // The listed buckets of the region, and the AI buckets located there that the list missed.
    const byName = new Map<string, AccountBucket>([...f.scope.all, ...f.scope.ai].map((b) => [b.name, b]));
    const per = [...byName.values()]
      .filter((b) => b.region === region)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((bucket) => {
        const s = inScope(bucket.name);
        const c = coverage(f, bucket.name, ctx);
        return { bucket, s, c, req: or(not(s), c.t) };
      });
    const judged = per.filter((p) => p.s.v === 'T');
    const accountRest = f.scope.allComplete ? [] : [U(f.scope.allCauses, `the buckets of ${region}`)];
    const covered = and(...per.map((p) => p.req), ...accountRest);

    const reqs = ctx.control === 'A.9' || ctx.control === 'A.10' ? [discovery, retained(f)] : [discovery];
    const t = and(enabled, ...reqs, covered);
    const resources: ResourceResult[] = [
      ...judged.map(({ bucket, c }) => ({ id: bucket.arn, region, status: c.status, reason: `bucket ${bucket.name}: ${c.reason}`, ...(c.t.v === 'U' ? { missing: c.t.causes } : {}) })),
      ...per.filter((p) => p.s.v === 'U' && p.req.v === 'U').map(({ bucket, req }) => resourceOf(bucket.arn, region, req, `bucket ${bucket.name} (maybe AI data) not known to be covered`)),
    ].sort((a, b) => a.id.localeCompare(b.id));
    if (f.publishes.known && f.publishes.value === false) warnings.push('Macie does not publish classification findings to Security Hub');
    if (!f.publishes.known) warnings.push(`whether Macie publishes findings to Security Hub was not read: ${describeCauses(f.publishes.causes)}`);
    if (!scopeComplete && covered.v === 'T') warnings.push(`AI bucket scope incomplete (every bucket of ${region} that may hold AI data is covered, so it does not matter): ${describeCauses(f.scope.causes)}`);

    const how = describeDiscovery(autoOn, scheduled);
    const kept = f.exportBucket.known && typeof f.exportBucket.value === 'string' ? `; results kept in s3://${f.exportBucket.value}` : '';
    const what = everyBucket && scopeComplete ? 'bucket(s)' : 'AI bucket(s)';
    const scopeNote = judged.length ? `${judged.length} ${what} in ${region} covered` : `no ${what.replace('(s)', '')} in ${region}`;
    if (t.v === 'T') return passWith(pass(`Macie enabled with ${how}; ${scopeNote}${kept}`, { resources, warnings }), causesIn(f.session, f.auto, f.excluded, f.jobs, f.exportBucket, ...(f.publishes.known ? [] : [{ causes: f.publishes.causes.filter((c) => c.kind === 'interrupted') }])));

    // A bucket only a person can judge (job criteria on tags or permissions) is MANUAL only when
    // everything else is known to pass: a known failure or an unknown outranks it.
    const manualOnes = judged.filter((j) => j.c.status === 'MANUAL');
    const rest = and(enabled, ...reqs, ...per.filter((p) => !(p.s.v === 'T' && p.c.status === 'MANUAL')).map((p) => p.req), ...accountRest);
    if (t.v === 'F' && manualOnes.length && rest.v !== 'F') {
      if (rest.v === 'U') return undecided(rest.causes, rest.why.join('; ') || undefined, { resources, warnings });
      const names = manualOnes.map((j) => j.bucket.name).join(', ');
      return manual(`Macie runs ${how}; whether ${names} ${manualOnes.length > 1 ? 'are' : 'is'} covered depends on job criteria the scanner does not evaluate (tags, permissions, shared access): attest it`, { code: 'PARTIAL', resources, warnings });
    }
    if (t.v === 'U') return undecided(t.causes, enabled.v === 'U' ? 'whether Macie is ENABLED (not paused) is unknown' : t.why.join('; ') || undefined, { resources, warnings });
    const failed = judged.filter((j) => j.c.status === 'FAIL');
    if (discovery.v === 'F') return fail('Macie is enabled but neither automated discovery nor a scheduled classification job is active', 'MISCONFIGURED', { resources, warnings });
    if (failed.length) return fail(`Macie runs ${how} but ${failed.length} ${what} in ${region} ${failed.length > 1 ? 'are' : 'is'} not covered: ${failed.map((j) => j.bucket.name).join(', ')}`, 'MISCONFIGURED', { resources, warnings });
    return fail(`Macie runs ${how} but discovery results are not retained (no classification export bucket)`, 'MISCONFIGURED', { resources, warnings });
  },
});

/** Macie on and not paused. Any Macie call answering "not enabled" proves it is off. */
function macieEnabled(f: MacieFacts): Tri {
  const offSignal = [f.auto, f.exportBucket, f.publishes].some((e) => e.known && isAbsent(e.value)) || !!f.jobs.absent;
  if (f.session.known) {
    if (isAbsent(f.session.value)) return F('Macie is not enabled');
    return f.session.value === 'ENABLED' ? T('Macie enabled') : F(`Macie is ${f.session.value}, not ENABLED`);
  }
  if (offSignal) return F('Macie is not enabled');
  return U(f.session.causes, 'whether Macie is ENABLED (not paused)');
}

function isActiveScheduled(j: Job): boolean {
  return j.jobType === 'SCHEDULED' && ACTIVE_JOB.has(j.jobStatus ?? '');
}

/** A.9 / A.10: the discovery results are kept (a classification export bucket). */
function retained(f: MacieFacts): Tri {
  return test(f.exportBucket, (b) => typeof b === 'string' && b.length > 0, 'discovery results retained', 'no classification export bucket', 'whether discovery results are retained');
}

type Coverage = { t: Tri; status: Status; reason: string };

/**
 * Is one bucket covered? T by automated discovery (on, bucket not excluded) or by an active
 * scheduled job that selects it; a job whose criteria cannot be evaluated here (tags,
 * permissions, shared access) leaves the bucket MANUAL when nothing else covers it.
 */
function coverage(f: MacieFacts, bucket: string, ctx: Pick<EvalContext, 'accountId'>): Coverage {
  const byAuto = and(
    test(f.auto, (a) => !isAbsent(a) && a.status === 'ENABLED', 'automated discovery on', 'automated discovery off', 'whether automated discovery is on'),
    not(test(f.excluded, (x) => !isAbsent(x) && x.includes(bucket), 'excluded from automated discovery', 'not excluded', 'the automated discovery exclusions')),
  );
  const undecidable: string[] = [];
  const byJob = some(
    f.jobs,
    (j) => {
      if (!isActiveScheduled(j)) return F('');
      const m = selects(j, bucket, ctx.accountId);
      if (m === '?') undecidable.push(j.name ?? j.jobId ?? 'job');
      return fact(m === 'yes', `scheduled job ${j.name ?? j.jobId}`, '');
    },
    'the classification jobs',
  );
  const t = or(byAuto, byJob);
  if (t.v === 'T') return { t, status: 'PASS', reason: `covered by ${byAuto.v === 'T' ? 'automated sensitive data discovery' : byJob.why.filter(Boolean).join(', ')}` };
  if (t.v === 'U') return { t, status: 'ERROR', reason: `coverage undecided: needs ${describeCauses(t.causes)}` };
  const auto = f.excluded.known && !isAbsent(f.excluded.value) && f.excluded.value.includes(bucket) ? 'excluded from automated discovery' : 'automated discovery off';
  if (undecidable.length) return { t: F(`whether job(s) ${undecidable.join(', ')} select ${bucket}`), status: 'MANUAL', reason: `${auto}; job(s) ${undecidable.join(', ')} select buckets by criteria the scanner does not evaluate` };
  return { t: F(`${bucket} not covered`), status: 'FAIL', reason: `not covered: ${auto}, and no active scheduled classification job selects it` };
}

type Match = 'yes' | 'no' | '?';

/** Does a job select the bucket: by its bucket definitions, or by its bucket criteria (Kleene over conditions). */
export function selects(j: Pick<Job, 'bucketDefinitions' | 'bucketCriteria'>, bucket: string, accountId: string): Match {
  if (j.bucketDefinitions?.length) return j.bucketDefinitions.some((d) => d.accountId === accountId && (d.buckets ?? []).includes(bucket)) ? 'yes' : 'no';
  if (!j.bucketCriteria) return 'no';
  return criteriaMatch(j.bucketCriteria, bucket, accountId);
}

function criteriaMatch(c: S3BucketCriteriaForJob, bucket: string, accountId: string): Match {
  const all = (conds: CriteriaForJob[] | undefined, empty: Match): Match => {
    if (!conds?.length) return empty;
    const ms = conds.map((x) => condition(x, bucket, accountId));
    return ms.includes('no') ? 'no' : ms.includes('?') ? '?' : 'yes';
  };
  // Included when it meets every include condition; excluded when it meets every exclude condition (excludes win).
  const inc = all(c.includes?.and, 'yes');
  const exc = all(c.excludes?.and, 'no');
  if (inc === 'no' || exc === 'yes') return 'no';
  if (inc === '?' || exc === '?') return '?';
  return 'yes';
}

function condition(c: CriteriaForJob, bucket: string, accountId: string): Match {
  const s = c.simpleCriterion;
  if (!s || c.tagCriterion) return '?';
  const value = s.key === 'S3_BUCKET_NAME' ? bucket : s.key === 'ACCOUNT_ID' ? accountId : undefined;
  if (value === undefined) return '?';
  const hit = (s.values ?? []).includes(value);
  if (s.comparator === 'EQ') return hit ? 'yes' : 'no';
  if (s.comparator === 'NE') return hit ? 'no' : 'yes';
  return '?';
}

function describeDiscovery(auto: Tri, scheduled: Tri): string {
  const parts: string[] = [];
  if (auto.v === 'T') parts.push('automated sensitive data discovery');
  if (scheduled.v === 'T') parts.push(`${scheduled.why.length} scheduled classification job(s)`);
  return parts.join(' and ') || 'no active discovery';
}
