// --fail-on: what makes a scan's exit code non-zero.
//   fail (default): 1 on a FAIL, else 2 on an ERROR or an incomplete scan, else 0
//   error:          2 on an ERROR or an incomplete scan only (FAILs are reported, not fatal)
//   regression:     1 when the diff against --baseline shows a new failure or a new error
//   none:           0 whatever the verdicts (usage errors still exit 3)
import { exitCodeFor, type Report } from '../engine/report.js';

export type FailOn = 'fail' | 'error' | 'regression' | 'none';

export async function failOnExitCode(report: Report, failOn: FailOn, baseline: string | undefined, log: (l: string) => void): Promise<number> {
  const standard = exitCodeFor(report);
  switch (failOn) {
    case 'none':
      return 0;
    case 'error':
      return standard === 2 || report.controls.some((c) => c.status === 'ERROR') || !report.scan.complete ? 2 : 0;
    case 'regression': {
      const { regressionsAgainst } = await import('./baseline.js');
      const n = await regressionsAgainst(report, baseline as string, log);
      return n > 0 ? 1 : 0;
    }
    default:
      return standard;
  }
}
