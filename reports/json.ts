// report.json: the machine-readable report, validated against schema/report.schema.json.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Report } from '../src/engine/report.js';
import { PACKAGE_ROOT } from '../src/version.js';

export const SCHEMA_PATH = join(PACKAGE_ROOT, 'schema', 'report.schema.json');

export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** The schema compiled ahead of time (scripts/gen-report-validator.mjs; a test checks it is current). */
export const VALIDATOR_PATH = join(PACKAGE_ROOT, 'schema', 'report.validate.cjs');

let validator: ((data: unknown) => boolean) & { errors?: unknown } | undefined;

/** Schema errors as readable lines; empty when valid. */
export function validateReport(report: unknown): string[] {
  validator ??= createRequire(import.meta.url)(VALIDATOR_PATH) as typeof validator & object;
  if (validator(report)) return [];
  return ((validator.errors ?? []) as { instancePath: string; message?: string }[]).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
}
