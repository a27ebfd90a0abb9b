// `aims-scan verify PACK`: exit 0 when the evidence pack (zip or folder) is intact, 1 naming each
// changed, missing or extra file, 3 for a path that is not a pack.
import type { Command } from 'commander';
import { terminalSafe } from '../../reports/terminal.js';
import { describeVerify, verifyPack } from '../evidence/verify.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check an evidence pack: every file against the SHA-256 in its manifest, nothing missing or added')
    .argument('<pack>', 'evidence-<account>-<time>.zip or its folder')
    .option('--json', 'the result as JSON')
    .action(async (pack: string, o: { json?: boolean }) => {
      const r = await verifyPack(pack);
      if (o.json) process.stdout.write(JSON.stringify({ ok: r.ok, kind: r.kind, path: r.path, verified: r.verified, problems: r.problems }, null, 2) + '\n');
      else {
        const lines = describeVerify(r).map(terminalSafe);
        process.stdout.write(lines.join('\n') + '\n');
      }
      process.exitCode = r.ok ? 0 : 1;
    });
}
