// Amazon S3 Cross-Region Replication — A.15 geographic redundancy of AI data and models. probes.md §2.50.
// Each AI bucket (checks/facts/ai-buckets.ts), read in its own region, against the shared rule
// checks/rules/replication.ts: versioning on and an enabled rule to a bucket in another region that
// also carries the bucket's SSE-KMS objects. The Backup probe applies the same rule to buckets that
// are not under AWS Backup. Each bucket is judged on its own reads; the probe is the AND over them.
import type { ReasonCode } from '../../src/model.js';
import { defineProbe, startNow } from '../../src/engine/probe.js';
import { accountBuckets, aiBucketLocations, aiBuckets, bucketScope, GetBucketEncryption, GetBucketLocation, GetBucketReplication, GetBucketVersioning, readReplication, scopeWarnings, whyInScope, type BucketScope } from '../facts/ai-buckets.js';
import { verdictOver, type Judged } from '../rules/per-resource.js';
import { replicatesAcrossRegions, type ReplicationEvidence } from '../rules/replication.js';
import { BUCKET_CAP } from './s3.js';

export { destinationName } from '../rules/replication.js';

export interface CrrFacts {
  scope: Omit<BucketScope, 'buckets'>;
  buckets: (ReplicationEvidence & { arn: string; why: string })[];
  notJudged: number;
  warnings: string[];
}

export default defineProbe<CrrFacts>({
  id: 's3-cross-region-replication',
  service: 'Amazon S3 Cross-Region Replication',
  title: 'Buckets holding AI data and models replicate to another region',
  severity: 'medium',
  remediation: 'Enable versioning and add a replication rule to a bucket in another region on each AI data bucket (for SSE-KMS buckets, replicate KMS-encrypted objects with a replica key): S3 console → bucket → Management → Replication rules, or `aws s3api put-bucket-versioning` then `put-bucket-replication` (SourceSelectionCriteria.SseKmsEncryptedObjects Enabled, Destination.EncryptionConfiguration.ReplicaKmsKeyID).',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [GetBucketVersioning, GetBucketReplication, GetBucketEncryption, GetBucketLocation],
  uses: [aiBuckets, accountBuckets, aiBucketLocations],
  async collect(ctx) {
    // Read beside the scope (never waited for before the bucket reads): see aiBucketLocations.
    const located = startNow(ctx.use(aiBucketLocations));
    const [f, account] = await Promise.all([ctx.use(aiBuckets), ctx.use(accountBuckets)]);
    const { buckets: inScope, ...scope } = bucketScope(f);
    const judged = inScope.slice(0, BUCKET_CAP);
    const buckets = await Promise.all(judged.map(async (b) => ({ ...(await readReplication(ctx, b, account)), arn: b.arn, why: whyInScope(b) })));
    await located;
    return { scope, buckets, notJudged: inScope.length - judged.length, warnings: scopeWarnings(f) };
  },
  evaluate(f) {
    const judged: Judged[] = f.buckets.map((b) => ({ id: b.arn, region: b.region, name: b.name, label: `bucket ${b.name} (${b.region}; ${b.why})`, t: replicatesAcrossRegions(b) }));
    const warnings = [...f.warnings];
    if (f.scope.everyBucket) warnings.push('no AI-related bucket identified: every bucket was judged; pass --scope-tag key=value to name the AI buckets');
    if (f.notJudged) warnings.push(`${f.notJudged} bucket(s) beyond the first ${BUCKET_CAP} were not judged`);
    const every = f.scope.everyBucket;
    const noun = every ? 'bucket(s)' : 'AI bucket(s)';
    const code = (failing: Judged[]): ReasonCode => (failing.every((j) => j.t.v === 'F' && j.t.why.includes('no replication configuration')) ? 'NOT_ENABLED' : 'MISCONFIGURED');
    return verdictOver(
      judged,
      {
        noun,
        prefix: every ? `${f.scope.note}: ` : '',
        pass: (n) => `all ${n} ${noun} replicate to another region`,
        fail: (k, n) => `${k} of ${n} bucket(s) not replicated to another region`,
        manual: (m) => `${m.length} bucket(s) replicate to a destination whose region cannot be read: verify it`,
        incomplete: every ? 'the bucket list is incomplete' : 'the AI bucket scope is incomplete',
        code,
        none: 'the account has no S3 buckets',
      },
      { rest: f.scope.rest, scopeCauses: f.scope.scopeCauses, notJudged: f.notJudged, capNote: `cap ${BUCKET_CAP}`, extra: { warnings } },
    );
  },
});
