// aims-scan.yaml: read, validate against schema/config.schema.json, and say exactly where a
// mistake is (file, line, key). Flags override what the file says.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isMap, LineCounter, parseDocument, type Node } from 'yaml';
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

function validator() {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'config.schema.json'), 'utf8')));
  }
  return validate;
}

/** Parses and validates config text; errors name the file, the line and the key. */
export function parseConfig(text: string, file: string): Config {
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
    throw new ConfigError(`${file}:${lineOf(target, lc)}: ${key}: ${e.message ?? 'invalid'}${allowed}`);
  }
  return data as Config;
}

function lineOf(node: unknown, lc: LineCounter): number {
  const range = (node as Node | undefined)?.range;
  if (!range) return 1;
  return lc.linePos(range[0]).line;
}

/** `--config FILE`, else ./aims-scan.yaml if present, else nothing. */
export function loadConfig(explicit: string | undefined, cwd = process.cwd()): { config: Config; file?: string } {
  const file = explicit ?? (existsSync(join(cwd, CONFIG_FILE)) ? join(cwd, CONFIG_FILE) : undefined);
  if (!file) return { config: {} };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read: ${(err as Error).message}`);
  }
  return { config: parseConfig(text, file), file };
}

export function scopeTagsOf(c: Config): { key: string; value: string }[] {
  return (c.scopeTags ?? []).map((t) => {
    if (typeof t !== 'string') return t;
    const i = t.indexOf('=');
    return { key: t.slice(0, i), value: t.slice(i + 1) };
  });
}

