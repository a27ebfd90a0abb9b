// CloudTrail data events for AI (issue 19): Bedrock and SageMaker where they are used, and each AI
// bucket's object reads and writes, on a logging trail or an enabled event data store.
import type { AdvancedEventSelector } from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import probe, { advancedCovers, basicCovers } from '../../checks/probes/cloudtrail-ai-data-events.js';
import { addDataEventStore } from '../../src/sim/services/ai-assets.js';
import { addMetric } from '../../src/sim/services/observability.js';
import { addBucket } from '../../src/sim/services/s3.js';
import { addTrail } from '../../src/sim/services/security.js';
import { ACCOUNT } from '../helpers.js';
import { deny, resourcesOf, runOnSim, simAccount } from '../inventory/sim.js';

const AI = `sagemaker-us-east-1-${ACCOUNT}`;
const OTHER = `sagemaker-eu-west-1-${ACCOUNT}`;

/** Bedrock used in us-east-1 (its metrics), an AI bucket in each region. */
function account() {
  const a = simAccount(['us-east-1', 'eu-west-1']);
  addMetric(a, 'us-east-1', { namespace: 'AWS/Bedrock', name: 'Invocations', dimensions: { ModelId: 'm' } });
  addBucket(a, 'us-east-1', { name: AI });
  addBucket(a, 'eu-west-1', { name: OTHER });
  return a;
}

const trail = (a: ReturnType<typeof account>, types: string[], o: { logging?: boolean; multiRegion?: boolean } = {}) =>
  addTrail(a, { name: 'org', homeRegion: 'us-east-1', multiRegion: o.multiRegion ?? true, logging: o.logging ?? true, bucket: 'trail-bucket', dataEventTypes: types });

describe('AWS CloudTrail data events for AI (extension)', () => {
  it('PASS when a logging multi-region trail records Bedrock and every AI bucket, read and write', async () => {
    const a = account();
    trail(a, ['AWS::Bedrock::Model', 'AWS::S3::Object']);
    const run = await runOnSim(probe, a, { control: 'A.12' });
    expect(run.check.status).toBe('PASS');
    expect(Object.keys(resourcesOf(run)).sort()).toEqual([`arn:aws:s3:::${AI}`, `arn:aws:s3:::${OTHER}`, 'bedrock:us-east-1'].sort());
  });

  it('FAIL for what no logging trail or store records; a stopped trail does not count', async () => {
    const a = account();
    trail(a, ['AWS::Bedrock::Model']);
    addDataEventStore(a, 'us-east-1', { id: 's1', name: 'ai-objects', buckets: [AI] });
    const run = await runOnSim(probe, a, { control: 'A.12' });
    expect(run.check.status).toBe('FAIL');
    expect(resourcesOf(run)[`arn:aws:s3:::${OTHER}`]).toEqual(['FAIL', `AI bucket ${OTHER} object data events: no logging trail or enabled event data store records its data events`]);
    expect(resourcesOf(run)[`arn:aws:s3:::${AI}`][0]).toBe('PASS');
    expect(resourcesOf(run)['bedrock:us-east-1'][0]).toBe('PASS');
    const stopped = account();
    trail(stopped, ['AWS::Bedrock::Model', 'AWS::S3::Object'], { logging: false });
    expect((await runOnSim(probe, stopped, { control: 'A.12' })).check.status).toBe('FAIL');
  });

  it('partly visible: unread selectors leave only what the trail alone could log undecided', async () => {
    const a = account();
    trail(a, ['AWS::Bedrock::Model']);
    addDataEventStore(a, 'us-east-1', { id: 's1', name: 'ai-objects', buckets: [AI, OTHER] });
    deny(a, 'cloudtrail', 'GetEventSelectors');
    const run = await runOnSim(probe, a, { control: 'A.12' });
    // The store proves both buckets; Bedrock depends on the trail's selectors.
    expect(resourcesOf(run)[`arn:aws:s3:::${AI}`][0]).toBe('PASS');
    expect(resourcesOf(run)['bedrock:us-east-1'][0]).toBe('ERROR');
    expect(run.check.status).toBe('ERROR');
    expect(run.check.missing?.map((c) => c.action)).toEqual(['cloudtrail:GetEventSelectors']);
  });

  it('partly visible: DescribeTrails denied in one region undecides that region only', async () => {
    const a = account();
    trail(a, ['AWS::Bedrock::Model', 'AWS::S3::Object']);
    deny(a, 'cloudtrail', 'DescribeTrails', 'eu-west-1');
    const run = await runOnSim(probe, a, { control: 'A.12' });
    expect(resourcesOf(run)[`arn:aws:s3:::${AI}`][0]).toBe('PASS');
    expect(resourcesOf(run)[`arn:aws:s3:::${OTHER}`][0]).toBe('ERROR');
    expect(run.check.missing?.map((c) => `${c.action} ${c.region}`)).toEqual(['cloudtrail:DescribeTrails eu-west-1']);
  });

  it('reads selectors strictly: a narrowed selector or one direction only does not cover', () => {
    const bucket = { kind: 'bucket' as const, region: 'us-east-1', bucket: 'b', partition: 'aws' };
    const sel = (extra: AdvancedEventSelector['FieldSelectors'] = []): AdvancedEventSelector => ({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, ...extra] });
    expect(advancedCovers(sel(), bucket)).toEqual({ read: true, write: true });
    expect(advancedCovers(sel([{ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::b/'] }]), bucket)).toEqual({ read: true, write: true });
    expect(advancedCovers(sel([{ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::b/logs/'] }]), bucket)).toEqual({ read: false, write: false });
    expect(advancedCovers(sel([{ Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::b/'] }]), bucket)).toEqual({ read: false, write: false });
    expect(advancedCovers(sel([{ Field: 'readOnly', Equals: ['true'] }]), bucket)).toEqual({ read: true, write: false });
    expect(advancedCovers(sel([{ Field: 'eventName', Equals: ['GetObject'] }]), bucket)).toEqual({ read: false, write: false });
    expect(basicCovers({ ReadWriteType: 'WriteOnly', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }, bucket)).toEqual({ read: false, write: true });
    expect(basicCovers({ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::b/prefix/'] }] }, bucket)).toEqual({ read: false, write: false });
    const bedrock = { kind: 'bedrock' as const, region: 'us-east-1' };
    expect(advancedCovers({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::Bedrock::AgentAlias'] }] }, bedrock)).toEqual({ read: true, write: true });
  });
});
