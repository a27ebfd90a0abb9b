// report.json: the machine-readable report, validated against schema/report.schema.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Report } from '../src/engine/report.js';
import { PACKAGE_ROOT } from '../src/version.js';

export const SCHEMA_PATH = join(PACKAGE_ROOT, 'schema', 'report.schema.json');

export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

let validator: ((data: unknown) => boolean) & { errors?: unknown } | undefined;

/** Schema errors as readable lines; empty when valid. */
export function validateReport(report: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
  }
  if (validator(report)) return [];
  return ((validator.errors ?? []) as { instancePath: string; message?: string }[]).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
}
