// Checks the tool adds beyond the document's 68 mappings (extensions, e.g. Bedrock guardrails and
// invocation logging) are counted and named apart from the document's mapped services in every
// output. The control's status still includes them; its reason says which part is which:
// "2 of 4 mapped services fail: …; extensions: 1 fails (Amazon Bedrock Guardrails)".
import { aggregateStatus, countStatuses, STATUS_ORDER, type CheckResult, type Status } from '../src/model.js';

const WORD: Record<Status, string> = { PASS: 'pass', FAIL: 'fail', ERROR: 'could not be evaluated', MANUAL: 'need attestation', NOT_APPLICABLE: 'are not applicable', WAIVED: 'are waived', ATTESTED: 'are attested' };
const ONE: Record<Status, string> = { PASS: 'passes', FAIL: 'fails', ERROR: 'could not be evaluated', MANUAL: 'needs attestation', NOT_APPLICABLE: 'is not applicable', WAIVED: 'is waived', ATTESTED: 'is attested' };

type Check = Pick<CheckResult, 'service' | 'status' | 'extension'>;

export function documentChecks<C extends Check>(checks: readonly C[]): C[] {
  return checks.filter((c) => !c.extension);
}

export function extensionChecks<C extends Check>(checks: readonly C[]): C[] {
  return checks.filter((c) => c.extension);
}

/** "3 fail" / "1 fails". */
export function verb(status: Status, n: number): string {
  return `${n} ${n === 1 ? ONE[status] : WORD[status]}`;
}

/**
 * A control's reason from its checks, the document's mapped services first and extensions apart.
 * Without extensions it is word for word what the engine's controlVerdict says today.
 */
export function describeChecks(checks: readonly Check[]): string {
  if (checks.length === 0) return 'no mapped services';
  const status = aggregateStatus(checks.map((c) => c.status));
  const doc = documentChecks(checks);
  const hit = doc.filter((c) => c.status === status);
  const docPart = doc.length ? `${hit.length} of ${doc.length} mapped services ${WORD[status]}${hit.length ? `: ${hit.map((c) => c.service).join(', ')}` : ''}` : 'no mapped services';
  const ext = extensionChecks(checks);
  return ext.length ? `${docPart}; extensions: ${describeExtensions(ext)}` : docPart;
}

/** "1 fails (Amazon Bedrock Guardrails), 1 passes": worst group first, named. */
export function describeExtensions(ext: readonly Check[]): string {
  const groups = STATUS_ORDER.map((s) => ({ s, list: ext.filter((c) => c.status === s) })).filter((g) => g.list.length);
  return groups.map((g, i) => `${verb(g.s, g.list.length)}${i === 0 ? ` (${g.list.map((c) => c.service).join(', ')})` : ''}`).join(', ');
}

/**
 * What a renderer shows as the control's reason: the engine's reason when the control has no
 * extension (so account text in it is shown as the engine wrote it), else rebuilt with extensions apart.
 */
export function controlReason(c: { reason: string; checks: readonly Check[] }): string {
  return c.checks.some((k) => k.extension) ? describeChecks(c.checks) : c.reason;
}

/** Check verdict counts, the document's mappings and the extensions apart. */
export function checkCounts(controls: readonly { checks: readonly Check[] }[]): { document: Record<Status, number>; extensions: Record<Status, number>; extensionTotal: number } {
  const all = controls.flatMap((c) => c.checks);
  const ext = extensionChecks(all);
  return { document: countStatuses(documentChecks(all).map((c) => c.status)), extensions: countStatuses(ext.map((c) => c.status)), extensionTotal: ext.length };
}
