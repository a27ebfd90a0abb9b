// `aims-scan demo`: the whole product on the built-in demo account, with no AWS account, no
// credentials and no network. It replays the shipped recording (demo/account/calls.jsonl) through
// the normal engine, writes every report format, and exits with the code the verdicts imply.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { renderTerminal } from '../../reports/terminal.js';
import { DEFAULT_OPTIONS, scan } from '../scan.js';
import { DEMO_RECORDING } from '../sim/demo-path.js';
import { logger, UsageError, useColor } from './common.js';
import { removeStaleOutputs } from './outputs.js';
import { writeReportOutputs } from './report-options.js';

/** Every report the demo writes (report.json comes from the scan itself). */
export const DEMO_FORMATS = ['json', 'html', 'junit', 'md'] as const;

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('scan the built-in demo AI account (recorded: no AWS credentials or network needed) and write every report')
    .option('--out <dir>', 'output folder', 'aims-demo')
    .option('--quiet', 'no summary table')
    .action(async (o: { out: string; quiet?: boolean }) => {
      const log = logger(!!o.quiet);
      if (!existsSync(DEMO_RECORDING)) throw new UsageError(`the demo recording is missing (${DEMO_RECORDING}): reinstall aims-scan`);
      log(`demo account: replaying ${DEMO_RECORDING}`);
      const res = await scan({ ...DEFAULT_OPTIONS, out: o.out, replay: DEMO_RECORDING, log }, { registry: defaultRegistry(), crosswalk: crosswalkLookup });
      // As a scan does: the folder holds this run's files only (a run a day would pile up packs).
      removeStaleOutputs(dirname(res.files.report), [res.files.report, res.files.calls]);
      const files = [res.files.report, res.files.calls, ...(await extraOutputs(res, log))];
      if (!o.quiet) process.stdout.write(renderTerminal(res.report, { color: useColor(), width: process.stdout.columns }));
      process.stdout.write(`\nThe demo reports are in ${resolve(o.out)}:\n${files.map((f) => `  ${f}`).join('\n')}\n`);
      process.exitCode = res.exitCode;
    });
}

/**
 * All formats and the evidence pack in one go; if that fails (a format this build lacks), each
 * output on its own, so one missing renderer does not cost the others.
 */
async function extraOutputs(res: Awaited<ReturnType<typeof scan>>, log: (l: string) => void): Promise<string[]> {
  try {
    return await writeReportOutputs(res, { format: DEMO_FORMATS.join(','), evidencePack: true }, log);
  } catch (err) {
    log(`warning: could not write every demo output at once (${(err as Error).message}); writing them one by one`);
  }
  const written: string[] = [];
  for (const opts of [...DEMO_FORMATS.filter((f) => f !== 'json').map((format) => ({ format })), { format: 'json', evidencePack: true }]) {
    try {
      written.push(...(await writeReportOutputs(res, opts, log)));
    } catch (err) {
      log(`warning: ${'evidencePack' in opts ? 'evidence pack' : `${opts.format} report`} not written: ${(err as Error).message}`);
    }
  }
  return [...new Set(written)];
}
