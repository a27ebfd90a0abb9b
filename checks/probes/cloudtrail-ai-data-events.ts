// AWS CloudTrail data events on AI resources — extension (issue 19), evidence for A.6.2.8 (event
// logs of AI systems): model invocations (Bedrock), endpoint invocations (SageMaker) and every
// read and write of the AI buckets' objects are recorded by at least one logging trail or enabled
// event data store. Management events (the CloudTrail check) do not record any of these.
// Read against Prowler cloudtrail_s3_dataevents_read_enabled / _write_enabled (basic DataResources
// AWS::S3::Object on all buckets, or advanced selectors eventCategory=Data, resources.type
// AWS::S3::Object), which accept any bucket; here each AI bucket must be covered, in its region.
// Targets: Bedrock and SageMaker in each region the AI footprint shows them in use, and each AI
// bucket. A trail logs in a region when it shows there (its home region, or everywhere when
// multi-region); a store when it is multi-region or in that region. A selector that narrows the
// events (by event name, identity, part of a bucket, some resources only) does not count: this
// cannot tell whether what it leaves out matters.
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector } from '@aws-sdk/client-cloudtrail';
import type { Verdict } from '../../src/model.js';
import { defineProbe } from '../../src/engine/probe.js';
import { and, F, not, or, T, test, U, type Tri } from '../../src/engine/evidence.js';
import { aiFootprint, type AiFootprint } from '../facts/ai-footprint.js';
import { aiBuckets, type AiBuckets } from '../facts/ai-buckets.js';
import { dataEventSources, type DataEventSources, type Selectors } from '../facts/cloudtrail-data-events.js';
import { verdictOver, type Judged } from '../rules/per-resource.js';

export type Target = { kind: 'bedrock' | 'sagemaker'; region: string } | { kind: 'bucket'; region: string; bucket: string; partition: string };

interface Coverage {
  read: boolean;
  write: boolean;
}

const NONE: Coverage = { read: false, write: false };
const union = (a: Coverage, b: Coverage): Coverage => ({ read: a.read || b.read, write: a.write || b.write });

/** Fields a selector may carry without narrowing the events of a target below "all of them". */
const NEUTRAL = new Set(['eventCategory', 'resources.type', 'resources.ARN', 'readOnly']);

const TYPE: Record<'bedrock' | 'sagemaker', RegExp> = { bedrock: /^AWS::Bedrock::/, sagemaker: /^AWS::SageMaker::/ };

/** Whether a value passes every condition of a field selector (CloudTrail ANDs them). */
export function matchesAll(f: AdvancedFieldSelector, value: string): boolean {
  const none = (xs: string[] | undefined, p: (x: string) => boolean) => !(xs ?? []).some(p);
  const some = (xs: string[] | undefined, p: (x: string) => boolean) => !xs?.length || xs.some(p);
  return (
    some(f.Equals, (x) => x === value) &&
    some(f.StartsWith, (x) => value.startsWith(x)) &&
    some(f.EndsWith, (x) => value.endsWith(x)) &&
    none(f.NotEquals, (x) => x === value) &&
    none(f.NotStartsWith, (x) => value.startsWith(x)) &&
    none(f.NotEndsWith, (x) => value.endsWith(x))
  );
}

/** What one advanced selector logs of a target's data events: both, read only, write only, or none. */
export function advancedCovers(sel: AdvancedEventSelector, t: Target): Coverage {
  const fields = sel.FieldSelectors ?? [];
  const get = (name: string) => fields.filter((f) => f.Field === name);
  if (fields.some((f) => !NEUTRAL.has(f.Field ?? ''))) return NONE;
  const cat = get('eventCategory');
  if (!cat.length || !cat.every((f) => matchesAll(f, 'Data'))) return NONE;
  const types = get('resources.type');
  if (!types.length) return NONE;
  if (t.kind === 'bucket') {
    if (!types.every((f) => matchesAll(f, 'AWS::S3::Object'))) return NONE;
    // Every object of the bucket: a condition on the ARN must admit the bucket's whole object prefix.
    const prefix = `arn:${t.partition}:s3:::${t.bucket}/`;
    for (const f of get('resources.ARN')) {
      if (f.Equals?.length || f.EndsWith?.length || f.NotEquals?.length || f.NotEndsWith?.length) return NONE;
      if (f.StartsWith?.length && !f.StartsWith.some((x) => prefix.startsWith(x))) return NONE;
      if ((f.NotStartsWith ?? []).some((x) => prefix.startsWith(x) || x.startsWith(prefix))) return NONE;
    }
  } else {
    if (!types.some((f) => (f.Equals ?? []).some((x) => TYPE[t.kind].test(x)) && !f.NotEquals?.length)) return NONE;
    // Only some resources of the type: not every invocation is recorded.
    if (get('resources.ARN').length) return NONE;
  }
  const ro = get('readOnly');
  if (!ro.length) return { read: true, write: true };
  return { read: ro.every((f) => matchesAll(f, 'true')), write: ro.every((f) => matchesAll(f, 'false')) };
}

/** What one basic event selector logs of a bucket's object events (basic selectors cannot name Bedrock or SageMaker). */
export function basicCovers(sel: EventSelector, t: Target): Coverage {
  if (t.kind !== 'bucket') return NONE;
  const all = `arn:${t.partition}:s3`;
  const whole = [all, `${all}:::`, `${all}:::${t.bucket}/`, `${all}:::${t.bucket}`];
  const hit = (sel.DataResources ?? []).some((r) => r.Type === 'AWS::S3::Object' && (r.Values ?? []).some((v) => whole.includes(v)));
  if (!hit) return NONE;
  const rw = sel.ReadWriteType ?? 'All';
  return { read: rw !== 'WriteOnly', write: rw !== 'ReadOnly' };
}

export function selectorsCover(s: Selectors, t: Target): Coverage {
  return [...s.basic.map((x) => basicCovers(x, t)), ...s.advanced.map((x) => advancedCovers(x, t))].reduce(union, NONE);
}

const words = (c: Coverage) => (c.read && c.write ? 'read and write' : c.read ? 'read only' : c.write ? 'write only' : 'none');

/** Whether the account's trails and stores log the target's data events, both read and write. */
export function covered(src: DataEventSources, t: Target): Tri {
  const need = (side: 'read' | 'write'): Tri => {
    const parts: Tri[] = [];
    // A region outside the scan (a bucket elsewhere) is logged by the multi-region trails seen anywhere.
    const inRegion = src.trailsIn[t.region] ?? { items: Object.values(src.trails).filter((x) => x.multiRegion).map((x) => x.arn), complete: true, causes: [] };
    if (!inRegion.complete) parts.push(U(inRegion.causes, `trails in ${t.region}`));
    for (const arn of inRegion.items) {
      const tr = src.trails[arn];
      if (!tr || !(tr.multiRegion || tr.homeRegion === t.region)) continue;
      parts.push(
        and(
          test(tr.logging, (l) => l, `trail ${tr.name} logging`, `trail ${tr.name} not logging`, `whether trail ${tr.name} is logging`),
          test(tr.selectors, (s) => selectorsCover(s, t)[side], `trail ${tr.name} logs ${side} data events`, `trail ${tr.name} does not log ${side} data events`, `event selectors of trail ${tr.name}`),
        ),
      );
    }
    if (!src.stores.complete) parts.push(U(src.stores.causes, 'event data stores not listed'));
    for (const s of src.stores.items) {
      parts.push(
        test(
          s.detail,
          (d) => d.status === 'ENABLED' && (d.multiRegion || s.region === t.region) && selectorsCover({ basic: [], advanced: d.advanced }, t)[side],
          `event data store ${s.name ?? s.arn} logs ${side} data events`,
          `event data store ${s.name ?? s.arn} does not`,
          `event selectors of event data store ${s.name ?? s.arn}`,
        ),
      );
    }
    return parts.length ? or(...parts) : F('no trail or event data store');
  };
  const r = need('read');
  const w = need('write');
  const both = and(r, w);
  if (both.v === 'F') {
    const seen = [...Object.values(src.trails).filter((tr) => (src.trailsIn[t.region]?.items ?? [tr.arn]).includes(tr.arn)).map((tr) => (tr.selectors.known ? selectorsCover(tr.selectors.value, t) : NONE)), ...src.stores.items.map((s) => (s.detail.known ? selectorsCover({ basic: [], advanced: s.detail.value.advanced }, t) : NONE))].reduce(union, NONE);
    return F(seen.read || seen.write ? `data events logged ${words(seen)}, not both (or not by a logging trail there)` : 'no logging trail or enabled event data store records its data events');
  }
  return both.v === 'T' ? T('read and write data events logged') : both;
}

interface Facts {
  sources: DataEventSources;
  footprints: Record<string, AiFootprint | undefined>;
  buckets: AiBuckets;
  partition: string;
}

/** "Does the region use it?": a footprint that could not be computed at all is unknown. */
function inUse(fp: AiFootprint | undefined, kind: 'bedrock' | 'sagemaker', region: string): Tri {
  const v = fp?.[kind];
  if (v === true) return T(`${kind} in use`);
  if (v === false) return F(`no ${kind} use`);
  return U(fp?.causes ?? [], `whether ${kind === 'bedrock' ? 'Bedrock' : 'SageMaker'} is used in ${region}`);
}

export default defineProbe<Facts>({
  id: 'cloudtrail-ai-data-events',
  service: 'AWS CloudTrail data events for AI',
  title: 'CloudTrail records Bedrock and SageMaker data events, and every read and write of the AI buckets, on a logging trail or event data store',
  severity: 'medium',
  remediation:
    'Add advanced event selectors for data events to a logging multi-region trail or an event data store: eventCategory=Data with resources.type AWS::Bedrock::Model (and the other Bedrock types used), AWS::SageMaker::Endpoint, and AWS::S3::Object with resources.ARN StartsWith arn:aws:s3:::<ai-bucket>/ for each AI bucket, without a readOnly filter. `aws cloudtrail put-event-selectors --trail-name … --advanced-event-selectors …`.',
  serviceClass: 'baseline',
  scope: 'global',
  calls: [],
  uses: [dataEventSources, aiFootprint, aiBuckets],
  async collect(ctx) {
    const [sources, buckets, ...fps] = await Promise.all([
      ctx.use(dataEventSources),
      ctx.use(aiBuckets),
      // A region whose footprint cannot be computed at all is unknown, not unused.
      ...ctx.regions.map((region) => ctx.use(aiFootprint, { region }).catch(() => undefined)),
    ]);
    return { sources, buckets, footprints: Object.fromEntries(ctx.regions.map((r, i) => [r, fps[i]])), partition: ctx.partition };
  },
  evaluate(f): Verdict {
    const judged: Judged[] = [];
    const rest: Tri[] = [];
    for (const region of Object.keys(f.footprints).sort()) {
      if (f.sources.skipped.includes(region)) continue;
      for (const kind of ['bedrock', 'sagemaker'] as const) {
        const use = inUse(f.footprints[region], kind, region);
        if (use.v === 'F') continue;
        const label = `${kind === 'bedrock' ? 'Bedrock' : 'SageMaker'} data events in ${region}`;
        const logged = covered(f.sources, { kind, region });
        // Use unknown: logging proven passes either way; otherwise it stays undecided.
        judged.push({ id: `${kind}:${region}`, region, name: label, label, t: use.v === 'T' ? logged : or(not(use), logged) });
      }
    }
    for (const b of f.buckets.ai) {
      judged.push({ id: b.arn, region: b.region, name: b.name, label: `AI bucket ${b.name} object data events`, t: covered(f.sources, { kind: 'bucket', region: b.region, bucket: b.name, partition: f.partition }) });
    }
    if (f.buckets.causes.length) rest.push(U(f.buckets.causes, 'AI buckets the scope could not identify'));
    return verdictOver(
      judged,
      {
        noun: 'AI data event target(s)',
        pass: (n) => `${n} AI data event target(s) logged, read and write`,
        fail: (k, n) => `${k} of ${n} AI data event target(s) not logged read and write`,
        code: 'MISCONFIGURED',
        incomplete: 'whether every AI resource is logged cannot be told',
        none: 'no Bedrock or SageMaker use and no AI buckets: no AI data events to log',
      },
      { rest, extra: { warnings: f.sources.skipped.map((r) => `${r}: CloudTrail not reachable there (not offered, region off or denied by an SCP)`) } },
    );
  },
});

