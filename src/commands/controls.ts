// `aims-scan controls`: the catalog with official ISO/IEC 42001:2023 references.
import type { Command } from 'commander';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { renderControls } from '../../reports/controls.js';

export function registerControls(program: Command): void {
  program
    .command('controls')
    .description("list the document's controls with their official ISO/IEC 42001:2023 references")
    .option('--json', 'JSON instead of a table')
    .action((o) => {
      process.stdout.write(renderControls(defaultRegistry(), crosswalkLookup, o.json ? 'json' : 'table'));
    });
}
