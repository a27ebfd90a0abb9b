// `aims-scan diff OLD NEW`: what changed between two scans. Exit 1 when something regressed
// (a new failure or a new error), else 0; 3 for unreadable or malformed input.
import type { Command } from 'commander';
import { renderDiffJson, renderDiffMarkdown, renderDiffTable } from '../../reports/diff.js';
import { diffExitCode, diffReports, loadReport } from '../diff/diff.js';
import { writeFileAtomic } from '../util/atomic.js';
import { logger, UsageError, useColor } from './common.js';

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('compare two scans: new failures, fixed, still failing, new errors (exit 1 on a regression)')
    .argument('<old>', 'older report.json, a folder holding one, or an evidence pack (.zip or folder)')
    .argument('<new>', 'newer report.json, a folder holding one, or an evidence pack (.zip or folder)')
    .option('--json', 'JSON instead of a table')
    .option('--markdown', 'Markdown instead of a table (e.g. for $GITHUB_STEP_SUMMARY)')
    .option('--all', 'also list what still fails unchanged (by default only changes are listed)')
    .option('--out <file>', 'write the output to this file instead of stdout')
    .option('--quiet', 'no notes on stderr')
    .action(async (oldPath: string, newPath: string, o: { json?: boolean; markdown?: boolean; out?: string; quiet?: boolean; all?: boolean }) => {
      if (o.json && o.markdown) throw new UsageError('choose one of --json and --markdown');
      const log = logger(!!o.quiet);
      const d = diffReports(await loadReport(oldPath), await loadReport(newPath));
      const text = o.json ? renderDiffJson(d) : o.markdown ? renderDiffMarkdown(d) : renderDiffTable(d, { color: !o.out && useColor(), width: o.out ? undefined : process.stdout.columns, all: !!o.all });
      if (o.out) {
        writeFileAtomic(o.out, text);
        log(`wrote ${o.out}`);
      } else {
        process.stdout.write(text);
      }
      if (o.out || o.json || o.markdown) log(`${d.regressed ? 'regressed' : 'no regression'}: ${d.summary['new-failure']} new failure(s), ${d.summary['new-error']} new error(s), ${d.summary.fixed} fixed`);
      process.exitCode = diffExitCode(d);
    });
}
