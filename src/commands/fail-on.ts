// --fail-on: what makes a scan's exit code non-zero.
//   fail (default): 1 on a FAIL, else 2 on an ERROR or an incomplete scan, else 0
//   error:          2 when anything could not be evaluated (an ERROR check, region or resource)
//                   or the scan is incomplete; FAILs are reported, not fatal
//   regression:     1 when the diff against --baseline shows a new failure or a new error
//   none:           0 whatever the verdicts (usage errors still exit 3)
import type { ReportDiff } from '../diff/diff.js';
import { exitCodeFor, type Report } from '../engine/report.js';

export type FailOn = 'fail' | 'error' | 'regression' | 'none';

/**
 * Something the scan could not evaluate. Looked for in the checks, not the controls: a control
 * with one FAIL check is FAIL even when its other checks are ERROR, and a check that failed in
 * one region and could not be read in another is FAIL with an ERROR region.
 */
export function hasError(report: Report): boolean {
  return report.controls.some((c) => c.status === 'ERROR' || c.checks.some((k) => k.status === 'ERROR' || k.regions.some((r) => r.status === 'ERROR') || k.resources.some((r) => r.status === 'ERROR')));
}

export function failOnExitCode(report: Report, failOn: FailOn, diff: ReportDiff | undefined): number {
  switch (failOn) {
    case 'none':
      return 0;
    case 'error':
      return !report.scan.complete || hasError(report) ? 2 : 0;
    case 'regression':
      return diff?.regressed ? 1 : 0;
    default:
      return exitCodeFor(report);
  }
}
