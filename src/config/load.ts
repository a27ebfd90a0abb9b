// aims-scan.yaml: read, validate against schema/config.schema.json, and say exactly where a
// mistake is (file, line, key). Flags override what the file says.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isMap, LineCounter, parseDocument, type Node } from 'yaml';
import { closestRegion } from '../aws/regions.js';
import { PACKAGE_ROOT } from '../version.js';

export const CONFIG_FILE = 'aims-scan.yaml';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface WaiverRule {
  id?: string;
  control?: string;
  service?: string;
  region?: string;
  resource?: string;
  reason: string;
  owner: string;
  expires: string;
}

export interface AttestationRule {
  id?: string;
  control: string;
  service: string;
  evidence: string;
  owner: string;
  date: string;
  expires: string;
}

export interface Config {
  profile?: string;
  homeRegion?: string;
  regions?: string[];
  controls?: string[];
  concurrency?: number;
  serviceConcurrency?: number;
  maxAttempts?: number;
  endpointUrl?: string;
  scopeTags?: (string | { key: string; value: string })[];
  optionalServices?: 'manual' | 'fail' | 'na';
  acceptAlternatives?: boolean;
  jobWindowDays?: number;
  minLogRetentionDays?: number;
  /** IAM user, role or group ARNs allowed to hold the AI full-access managed policies. */
  aiFullAccessAllowList?: string[];
  output?: { dir?: string; formats?: string[]; evidencePack?: boolean };
  securityHub?: { push?: boolean; includeManual?: boolean };
  failOn?: 'fail' | 'error' | 'regression' | 'none';
  baseline?: string;
  roleArn?: string;
  externalId?: string;
  sessionName?: string;
  duration?: number;
  accounts?: { ids?: string[]; organization?: boolean; roleName?: string; concurrency?: number };
  waivers?: WaiverRule[];
  attestations?: AttestationRule[];
}

let validate: ReturnType<Ajv2020['compile']> | undefined;

/** The one set of rules (types, bounds, patterns) for settings, from the file or the command line. */
export function validator() {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'config.schema.json'), 'utf8')));
  }
  return validate;
}

/** A sentence that says what a failed pattern means, for the settings where a person can tell. */
export function patternMeaning(path: readonly (string | number)[], value: unknown): string | undefined {
  const v = JSON.stringify(value);
  switch (path[0]) {
    case 'regions':
    case 'homeRegion': {
      const near = closestRegion(String(value));
      return `${v} is not a region name like us-east-1${near ? `; did you mean ${near}?` : ''}`;
    }
    case 'roleArn':
      return `${v} is not an IAM role ARN like arn:aws:iam::123456789012:role/name`;
    case 'aiFullAccessAllowList':
      return `${v} is not an IAM user, role or group ARN like arn:aws:iam::123456789012:role/name`;
    case 'accounts':
      return `${v} is not a 12-digit account ID`;
    case 'sessionName':
      return `${v} is not a session name: 2 to 64 letters, digits or +=,.@-`;
    default:
      return undefined;
  }
}

export interface ParseOptions {
  /** Why a control ID (in controls, waivers, attestations) is not known; undefined when it is. */
  controlProblem?: (id: string) => string | undefined;
}

/** Parses and validates config text; errors name the file, the line and the key. */
export function parseConfig(text: string, file: string, opts: ParseOptions = {}): Config {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const { line } = lc.linePos(e.pos[0]);
    throw new ConfigError(`${file}:${line}: YAML syntax error: ${e.message.split('\n')[0]}`);
  }
  const data = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(`${file}:1: expected a mapping of settings at the top level`);
  const v = validator();
  if (!v(data)) {
    const errs = (v.errors ?? []) as ErrorObject[];
    // The most specific error first: the deepest path.
    const e = [...errs].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
    const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
    let key = path.map(String).join('.') || '(top level)';
    let target: unknown = path.length ? doc.getIn(path, true) : doc.contents;
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      key = [...path, extra].join('.');
      const parent = path.length ? doc.getIn(path, true) : doc.contents;
      if (isMap(parent)) target = parent.items.find((i) => (i.key as { value?: unknown })?.value === extra)?.key;
      throw new ConfigError(`${file}:${lineOf(target, lc)}: unknown key "${key}"`);
    }
    if (e.keyword === 'required') key = [...path, (e.params as { missingProperty: string }).missingProperty].join('.');
    const allowed = e.keyword === 'enum' ? ` (allowed: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
    const meaning = e.keyword === 'pattern' ? patternMeaning(path, doc.getIn(path)) : undefined;
    throw new ConfigError(`${file}:${lineOf(target, lc)}: ${key}: ${e.message ?? 'invalid'}${allowed}${meaning ? ` (${meaning})` : ''}`);
  }
  const config = data as Config;
  // Control IDs are checked here, at load, with their line: a waiver for a control that does not
  // exist would otherwise only show up as "stale" after a whole scan.
  if (opts.controlProblem) {
    const ids: [(string | number)[], string | undefined][] = [
      ...(config.controls ?? []).map((c, i): [(string | number)[], string] => [['controls', i], c]),
      ...(config.waivers ?? []).map((w, i): [(string | number)[], string | undefined] => [['waivers', i, 'control'], w.control]),
      ...(config.attestations ?? []).map((a, i): [(string | number)[], string] => [['attestations', i, 'control'], a.control]),
    ];
    for (const [path, id] of ids) {
      const problem = id === undefined ? undefined : opts.controlProblem(id);
      if (problem) throw new ConfigError(`${file}:${lineOf(doc.getIn(path, true), lc)}: ${path.join('.')}: ${problem}`);
    }
  }
  return config;
}

function lineOf(node: unknown, lc: LineCounter): number {
  const range = (node as Node | undefined)?.range;
  if (!range) return 1;
  return lc.linePos(range[0]).line;
}

/** `--config FILE`, else ./aims-scan.yaml if present, else nothing. */
export function loadConfig(explicit: string | undefined, cwd = process.cwd(), opts: ParseOptions = {}): { config: Config; file?: string } {
  const file = explicit ?? (existsSync(join(cwd, CONFIG_FILE)) ? join(cwd, CONFIG_FILE) : undefined);
  if (!file) return { config: {} };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read: ${(err as Error).message}`);
  }
  return { config: parseConfig(text, file, opts), file };
}

export function scopeTagsOf(c: Config): { key: string; value: string }[] {
  return (c.scopeTags ?? []).map((t) => {
    if (typeof t !== 'string') return t;
    const i = t.indexOf('=');
    return { key: t.slice(0, i), value: t.slice(i + 1) };
  });
}

