// --fail-on: what makes a scan's exit code non-zero.
//   fail (default): 1 on a FAIL, else 2 on an ERROR or an incomplete scan, else 0
//   error:          2 on an ERROR or an incomplete scan only (FAILs are reported, not fatal)
//   regression:     1 when the diff against --baseline shows a new failure or a new error
//   none:           0 whatever the verdicts (usage errors still exit 3)
import type { ReportDiff } from '../diff/diff.js';
import { exitCodeFor, type Report } from '../engine/report.js';

export type FailOn = 'fail' | 'error' | 'regression' | 'none';

export function failOnExitCode(report: Report, failOn: FailOn, diff: ReportDiff | undefined): number {
  const standard = exitCodeFor(report);
  switch (failOn) {
    case 'none':
      return 0;
    case 'error':
      return standard === 2 || report.controls.some((c) => c.status === 'ERROR') ? 2 : 0;
    case 'regression':
      return diff?.regressed ? 1 : 0;
    default:
      return standard;
  }
}
