// Control IDs a person types: the mapping document's IDs (A.12, 6.1.2), which are not ISO/IEC
// 42001's own numbers. A wrong ID gets a hint: the ID in the right case, or — for an official ISO
// number — which document controls cover it according to the crosswalk.
import { CROSSWALK, isOfficialId } from '../../checks/crosswalk.js';
import { UsageError } from './common.js';

/** Document controls whose crosswalk lists this official ISO/IEC 42001 reference. */
export function documentControlsFor(official: string): string[] {
  return Object.entries(CROSSWALK)
    .filter(([, e]) => e.officialReferences.includes(official))
    .map(([id]) => id);
}

/** A hint for an unknown ID that looks like something else (an official number, the wrong case). */
function hintFor(id: string, valid: readonly string[]): string | undefined {
  const upper = id.toUpperCase();
  const covering = documentControlsFor(upper);
  if (isOfficialId(upper) || covering.length) {
    const cover = covering.length
      ? `the document control${covering.length > 1 ? 's' : ''} whose crosswalk lists ${upper}: ${covering.join(', ')}`
      : `no document control lists ${upper} in its crosswalk`;
    return `${id} is an ISO/IEC 42001:2023 number, not a control ID of the mapping document aims-scan checks: the document numbers Annex A its own way (its A.9 is not ISO's A.9); ${cover} (\`aims-scan controls\` shows the crosswalk)`;
  }
  if (valid.includes(upper)) return `unknown control ID ${id}: IDs are upper case, did you mean ${upper}?`;
  return undefined;
}

const plain = (ids: string[], valid: readonly string[]) => `unknown control ID${ids.length > 1 ? 's' : ''} ${ids.join(', ')}; valid IDs: ${valid.join(', ')}`;

/** Why `id` is not one of `valid`, in one sentence with a hint where there is one; undefined when valid. */
export function controlIdProblem(id: string, valid: readonly string[]): string | undefined {
  if (valid.includes(id)) return undefined;
  return hintFor(id, valid) ?? plain([id], valid);
}

/** Refuses a selection with any unknown ID, before anything is scanned. */
export function checkControlIds(ids: readonly string[] | undefined, valid: readonly string[]): void {
  const unknown = (ids ?? []).filter((id) => !valid.includes(id));
  if (!unknown.length) return;
  const hints = unknown.map((id) => hintFor(id, valid));
  const rest = unknown.filter((_, i) => !hints[i]);
  throw new UsageError([...hints.filter((h): h is string => !!h), ...(rest.length ? [plain(rest, valid)] : [])].join('; '));
}
