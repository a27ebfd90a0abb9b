// scan --baseline: the diff against an earlier scan, written beside the reports, and the
// regression test behind --fail-on regression. One definition of "regressed": the diff command's.
import { join } from 'node:path';
import { diffReports, loadReport, type ReportDiff } from '../diff/diff.js';
import type { Report } from '../engine/report.js';
import { writeFileAtomic } from '../util/atomic.js';
import { renderDiffJson, renderDiffMarkdown } from '../../reports/diff.js';

export async function baselineDiff(report: Report, baselinePath: string): Promise<ReportDiff> {
  return diffReports(await loadReport(baselinePath), report);
}

/** Writes diff.json and diff.md into the scan's output folder; returns their paths. */
export function writeBaselineDiff(d: ReportDiff, out: string): string[] {
  const files = [join(out, 'diff.json'), join(out, 'diff.md')];
  writeFileAtomic(files[0], renderDiffJson(d));
  writeFileAtomic(files[1], renderDiffMarkdown(d));
  return files;
}
