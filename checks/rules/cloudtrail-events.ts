// One rule for "this trail (or CloudTrail Lake store) records the management events an AI audit
// trail needs", shared by the CloudTrail probe (trails and event data stores, A.11/A.12) so both
// judge selectors the same way.
//
// What is required: read and write management events of the AI services and of KMS.
// - bedrock.amazonaws.com, sagemaker.amazonaws.com: the AI control plane itself.
// - kms.amazonaws.com: Decrypt/GenerateDataKey on the keys that protect models, training data and
//   endpoint storage are the only record of who used AI data; AWS Config's
//   cloudtrail-security-trail-enabled also fails a trail that excludes any management event source.
// Other exclusions (a basic selector may also drop rdsdata.amazonaws.com; an advanced selector may
// filter any eventSource) are reported as a note, not a failure: they do not touch the AI audit trail.
// Advanced selectors are OR'ed, their field selectors AND'ed: a pair (source, read|write) is covered
// when one selector takes every management event of that pair. A selector that filters on any other
// field (eventName, userIdentity.arn, …) covers nothing "in full" and is not counted.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector } from '@aws-sdk/client-cloudtrail';

export const AI_AUDIT_SOURCES = ['bedrock.amazonaws.com', 'sagemaker.amazonaws.com', 'kms.amazonaws.com'] as const;

export interface Selectors {
  eventSelectors?: EventSelector[];
  advancedEventSelectors?: AdvancedEventSelector[];
}

export interface Coverage {
  ok: boolean;
  /** What is not recorded, for a FAIL reason (empty when ok). */
  gaps: string[];
  /** Exclusions that do not matter for the AI audit trail, for a warning. */
  notes: string[];
}

type Rw = 'read' | 'write';

/** Does one advanced field selector let `value` through? Every operator present must hold. */
export function fieldMatches(value: string, f: AdvancedFieldSelector): boolean {
  const checks: boolean[] = [];
  if (f.Equals) checks.push(f.Equals.includes(value));
  if (f.NotEquals) checks.push(!f.NotEquals.includes(value));
  if (f.StartsWith) checks.push(f.StartsWith.some((p) => value.startsWith(p)));
  if (f.NotStartsWith) checks.push(f.NotStartsWith.every((p) => !value.startsWith(p)));
  if (f.EndsWith) checks.push(f.EndsWith.some((p) => value.endsWith(p)));
  if (f.NotEndsWith) checks.push(f.NotEndsWith.every((p) => !value.endsWith(p)));
  return checks.every(Boolean);
}

const FULL_FIELDS = new Set(['eventCategory', 'eventSource', 'readOnly']);

function advancedCovers(a: AdvancedEventSelector, source: string, rw: Rw): boolean {
  const fields = a.FieldSelectors ?? [];
  if (!fields.some((f) => f.Field === 'eventCategory')) return false;
  if (fields.some((f) => !FULL_FIELDS.has(f.Field ?? ''))) return false;
  return fields.every((f) => {
    if (f.Field === 'eventCategory') return fieldMatches('Management', f);
    if (f.Field === 'eventSource') return fieldMatches(source, f);
    return fieldMatches(rw === 'read' ? 'true' : 'false', f);
  });
}

function basicCovers(s: EventSelector, source: string, rw: Rw): boolean {
  const type = s.ReadWriteType ?? 'All';
  return s.IncludeManagementEvents !== false && (type === 'All' || type === (rw === 'read' ? 'ReadOnly' : 'WriteOnly')) && !(s.ExcludeManagementEventSources ?? []).includes(source);
}

/** Read and write management events of the AI services and KMS, in basic or advanced selectors. */
export function managementEventCoverage(sel: Selectors): Coverage {
  const basic = sel.eventSelectors ?? [];
  const advanced = sel.advancedEventSelectors ?? [];
  const covered = (source: string, rw: Rw) => basic.some((s) => basicCovers(s, source, rw)) || advanced.some((a) => advancedCovers(a, source, rw));
  const missing: { source: string; rw: Rw }[] = [];
  for (const source of AI_AUDIT_SOURCES) for (const rw of ['read', 'write'] as Rw[]) if (!covered(source, rw)) missing.push({ source, rw });
  const notes: string[] = [];
  const excluded = [...new Set(basic.filter((s) => s.IncludeManagementEvents !== false).flatMap((s) => s.ExcludeManagementEventSources ?? []))].filter((s) => !(AI_AUDIT_SOURCES as readonly string[]).includes(s)).sort();
  if (excluded.length) notes.push(`management events of ${excluded.join(', ')} excluded`);
  if (advanced.some((a) => a.FieldSelectors?.some((f) => f.Field === 'eventCategory' && fieldMatches('Management', f)) && a.FieldSelectors?.some((f) => f.Field === 'eventSource'))) notes.push('management events filtered by event source');
  if (missing.length === 0) return { ok: true, gaps: [], notes };
  return { ok: false, gaps: [describeMissing(missing)], notes };
}

function describeMissing(missing: { source: string; rw: Rw }[]): string {
  const all = AI_AUDIT_SOURCES.length * 2;
  if (missing.length === all) return 'does not log management events';
  const reads = missing.filter((m) => m.rw === 'read');
  const writes = missing.filter((m) => m.rw === 'write');
  if (reads.length === AI_AUDIT_SOURCES.length && writes.length === 0) return 'does not log all management events (read events not logged)';
  if (writes.length === AI_AUDIT_SOURCES.length && reads.length === 0) return 'does not log all management events (write events not logged)';
  const sources = [...new Set(missing.map((m) => m.source))];
  const what = sources.map((s) => {
    const rws = missing.filter((m) => m.source === s).map((m) => m.rw);
    return rws.length === 2 ? s : `${rws[0]} events of ${s}`;
  });
  return `does not log all management events (excludes ${what.join(', ')})`;
}

/** Data events on Bedrock or SageMaker resources (recommended, not required). */
export function logsAiDataEvents(sel: Selectors): boolean {
  return (sel.advancedEventSelectors ?? []).some((a) => a.FieldSelectors?.some((f) => f.Field === 'resources.type' && f.Equals?.some((t) => /^AWS::(Bedrock|SageMaker)::/.test(t))));
}
