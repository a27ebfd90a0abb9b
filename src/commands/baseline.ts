// scan --baseline: the diff against an earlier scan, written beside the reports, and the
// regression test behind --fail-on regression. One definition of "regressed": the diff command's.
import { join } from 'node:path';
import { diffReports, loadReport, type ReportDiff } from '../diff/diff.js';
import type { Report } from '../engine/report.js';
import { writeFileAtomic } from '../util/atomic.js';
import { renderDiffJson, renderDiffMarkdown } from '../../reports/diff.js';

/** What writeBaselineDiff writes into the scan's output folder. */
export const DIFF_FILES = ['diff.json', 'diff.md'] as const;

/**
 * The baseline report, read before the scan: a bad path is refused before any AWS call, and a
 * baseline inside --out (e.g. the previous aims-report/report.json) is read before it is replaced.
 */
export function loadBaseline(baselinePath: string): Promise<Report> {
  return loadReport(baselinePath);
}

export function baselineDiff(report: Report, baseline: Report): ReportDiff {
  return diffReports(baseline, report);
}

/** Writes diff.json and diff.md into the scan's output folder; returns their paths. */
export function writeBaselineDiff(d: ReportDiff, out: string): string[] {
  const files = DIFF_FILES.map((f) => join(out, f));
  writeFileAtomic(files[0], renderDiffJson(d));
  writeFileAtomic(files[1], renderDiffMarkdown(d));
  return files;
}
