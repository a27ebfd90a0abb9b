// `aims-scan controls`: the catalog with official ISO/IEC 42001:2023 references; `--evidence`:
// which official requirements each check is evidence for, and why.
import type { Command } from 'commander';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { renderControls, renderEvidenceMap } from '../../reports/controls.js';

export function registerControls(program: Command): void {
  program
    .command('controls')
    .description("list the document's controls with their official ISO/IEC 42001:2023 references, their checks and extensions")
    .option('--json', 'JSON instead of a table')
    .option('--evidence', 'per check: the official requirements it is evidence for, each with its rationale')
    .action((o: { json?: boolean; evidence?: boolean }) => {
      const format = o.json ? 'json' : 'table';
      process.stdout.write(o.evidence ? renderEvidenceMap(defaultRegistry(), format) : renderControls(defaultRegistry(), crosswalkLookup, format));
    });
}
