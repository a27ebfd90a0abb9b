// The scan's settings: each command-line option beside its key in aims-scan.yaml. One table
// serves both directions: the file fills what the command line did not say, and what the command
// line said is checked against the file's schema — the same bounds, patterns and choices, so a
// value the file refuses is refused as a flag too (schema/config.schema.json is the one source).
import type { Command } from 'commander';
import { patternMeaning, scopeTagsOf, validator, type Config } from '../config/load.js';
import { UsageError } from './common.js';

interface Setting {
  /** Commander's attribute name of the option. */
  option: string;
  /** Where aims-scan.yaml keeps it. */
  path: readonly string[];
  /** The file's value as the option holds it (default: as is). */
  fromFile?: (value: unknown, config: Config) => unknown;
}

const SETTINGS: readonly Setting[] = [
  { option: 'profile', path: ['profile'] },
  { option: 'region', path: ['regions'] },
  { option: 'controls', path: ['controls'] },
  { option: 'out', path: ['output', 'dir'] },
  { option: 'concurrency', path: ['concurrency'] },
  { option: 'serviceConcurrency', path: ['serviceConcurrency'] },
  { option: 'maxAttempts', path: ['maxAttempts'] },
  { option: 'endpointUrl', path: ['endpointUrl'] },
  { option: 'homeRegion', path: ['homeRegion'] },
  { option: 'optionalServices', path: ['optionalServices'] },
  { option: 'scopeTag', path: ['scopeTags'], fromFile: (_v, c) => scopeTagsOf(c) },
  { option: 'failOn', path: ['failOn'] },
  { option: 'baseline', path: ['baseline'] },
  { option: 'format', path: ['output', 'formats'], fromFile: (v) => (v as string[]).join(',') },
  { option: 'evidencePack', path: ['output', 'evidencePack'] },
  { option: 'pushSecurityhub', path: ['securityHub', 'push'] },
  { option: 'includeManual', path: ['securityHub', 'includeManual'] },
  { option: 'roleArn', path: ['roleArn'] },
  { option: 'externalId', path: ['externalId'] },
  { option: 'sessionName', path: ['sessionName'] },
  { option: 'duration', path: ['duration'] },
  { option: 'accounts', path: ['accounts', 'ids'] },
  { option: 'organization', path: ['accounts', 'organization'] },
  { option: 'roleName', path: ['accounts', 'roleName'] },
  { option: 'accountConcurrency', path: ['accounts', 'concurrency'] },
];

function getIn(obj: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setIn(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[path[path.length - 1]] = value;
}

const defined = (cmd: Command, option: string) => cmd.options.some((opt) => opt.attributeName() === option);

/** Config values fill every option the user did not type on the command line. */
export function mergeConfig(cmd: Command, o: Record<string, unknown>, c: Config): void {
  for (const s of SETTINGS) {
    const v = getIn(c, s.path);
    if (v === undefined) continue;
    if (cmd.getOptionValueSource(s.option) === 'cli') continue;
    // Options another module has not defined (yet) are ignored rather than invented.
    if (!defined(cmd, s.option)) continue;
    o[s.option] = s.fromFile ? s.fromFile(v, c) : v;
  }
}

/** Checks what was typed on the command line against the settings file's schema; one line per problem. */
export function checkCommandLine(cmd: Command, o: Record<string, unknown>): void {
  const typed: Record<string, unknown> = {};
  for (const s of SETTINGS) if (cmd.getOptionValueSource(s.option) === 'cli' && o[s.option] !== undefined) setIn(typed, s.path, o[s.option]);
  const validate = validator();
  if (validate(typed)) return;
  // The most specific problem first: the deepest path.
  const e = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const setting = SETTINGS.find((s) => s.path.every((k, i) => path[i] === k));
  const flag = cmd.options.find((opt) => opt.attributeName() === setting?.option)?.long ?? path.join('.');
  const value = getIn(typed, path);
  const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const allowed = e.keyword === 'enum' ? ` (allowed: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
  const meaning = e.keyword === 'pattern' ? patternMeaning(path, value) : undefined;
  const rule = `the same rule as ${setting?.path.join('.') ?? 'the setting'} in aims-scan.yaml`;
  throw new UsageError(meaning ? `${flag}: ${meaning} (${rule})` : `${flag} ${shown}: ${e.message ?? 'invalid'}${allowed} (${rule})`);
}
