// `--format asff`: the findings a Security Hub push would send, as a JSON array of ASFF
// 2018-10-08 findings (the shape `aws securityhub batch-import-findings --findings file://…`
// reads, 100 at a time). Built by src/securityhub/findings.ts, so the file and the push agree.
import type { Report } from '../src/engine/report.js';
import { buildFindings } from '../src/securityhub/findings.js';

export interface AsffOptions {
  /** Also include MANUAL (WARNING) and NOT_APPLICABLE (NOT_AVAILABLE) results. */
  includeManual?: boolean;
  /** CreatedAt/UpdatedAt; default: when the scan finished, so the file is reproducible. */
  at?: string;
}

export function renderAsff(report: Report, opts: AsffOptions = {}): string {
  return JSON.stringify(buildFindings(report, opts), null, 2) + '\n';
}
