// The default encryption of each AI bucket, for the AI inventory's bucket → key relation: the
// S3 checks' own GetBucketEncryption call (same input, in the bucket's region), so it costs nothing
// in a scan that runs them. Only identified AI buckets are read: when none is identified the S3
// checks judge every bucket, but the inventory lists AI assets only.
import { defineFact } from '../../src/engine/probe.js';
import { mapEv, type Ev } from '../../src/engine/evidence.js';
import { aiBuckets, GetBucketEncryption } from './ai-buckets.js';
import { defaultEncryption, type DefaultEncryption } from '../rules/bucket-encryption.js';

export const aiBucketKeys = defineFact<{ byBucket: Record<string, Ev<DefaultEncryption>> }>({
  id: 'ai-bucket-keys',
  scope: 'global',
  calls: [GetBucketEncryption],
  uses: [aiBuckets],
  async collect(ctx) {
    const f = await ctx.use(aiBuckets);
    const read = await Promise.all(f.ai.map(async (b) => [b.name, mapEv(await ctx.readOrAbsent(GetBucketEncryption, { Bucket: b.name }, { region: b.region, resource: b.arn }), defaultEncryption)] as const));
    return { byBucket: Object.fromEntries(read) };
  },
});
