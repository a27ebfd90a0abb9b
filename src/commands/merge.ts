// `aims-scan merge DIR|PACK...`: one organization summary (organization-summary.json and .html)
// from the outputs of any number of shards (`scan --organization --shard K/N`), whole-organization
// scans or evidence packs. Verifies every evidence pack, reports missing and duplicate accounts,
// missing shards and tampered evidence. Exit codes as a scan's: 0 every account clean · 1 a FAIL
// · 2 an ERROR, or evidence missing, tampered or inconsistent · 3 unusable input.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { discover, mergeOrganization } from '../multi/merge.js';
import { logger, UsageError } from './common.js';

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('merge the outputs of organization shards (folders or evidence packs) into one organization summary, verifying every evidence pack')
    .argument('<inputs...>', 'shard output folders (scan --organization --shard K/N --out DIR), folders holding several, or evidence packs')
    .option('--out <dir>', 'where organization-summary.json and .html go', 'aims-org')
    .option('--quiet', 'no progress output')
    .action(async (inputs: string[], o: { out: string; quiet?: boolean }) => {
      process.exitCode = await mergeCommand(inputs, o);
    });
}

export async function mergeCommand(inputs: string[], o: { out: string; quiet?: boolean }): Promise<number> {
  const log = logger(!!o.quiet);
  const absent = inputs.filter((i) => !existsSync(i));
  if (absent.length) throw new UsageError(`no such file or folder: ${absent.join(', ')}`);
  if (!discover(inputs).length) throw new UsageError(`nothing to merge in ${inputs.join(', ')}: no shard output, scan folder or evidence pack`);
  const res = await mergeOrganization(inputs, { out: o.out, log });
  const m = res.merge;
  const c = res.totals.counts;
  if (m.unverified.length) log(`${m.unverified.length} account(s) without an evidence pack: their report.json was used unverified (scan with --evidence-pack)`);
  const overall = Object.entries(c.overall)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  log(`merged ${c.accounts} account(s) from ${m.shards.length} shard folder(s)${m.shards.length < res.merge.inputs.length ? ' and other inputs' : ''}: ${overall}; ${m.verified} evidence pack(s) verified`);
  if (m.problems.length) log(`${m.problems.length} problem(s): ${m.missing.length} account(s) missing, ${m.duplicates.length} duplicate(s), ${m.problems.filter((p) => p.kind === 'tampered').length} tampered, ${m.problems.filter((p) => p.kind === 'missing-shard').length} shard(s) missing`);
  log(`wrote ${res.files.json} and ${res.files.html}`);
  return res.exitCode;
}
