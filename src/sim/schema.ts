// The SDK's own runtime schemas (every @aws-sdk/client-* of this project exports `<Name>$`
// shapes): used to check that the simulator answers with the SDK's field names and types, so a
// probe that reads a misspelt field fails here, not on AWS. Tests and tools only; the simulator
// itself never loads an SDK package.
import { SERVICES, type ServiceId } from '../aws/services.js';

type Lazy = unknown;
type Sdk = Record<string, unknown>;

const modules = new Map<string, Promise<Sdk>>();

function load(service: ServiceId): Promise<Sdk> {
  const pkg = SERVICES[service].pkg;
  let m = modules.get(pkg);
  if (!m) {
    m = import(pkg) as Promise<Sdk>;
    modules.set(pkg, m);
  }
  return m;
}

const resolve = (s: Lazy): unknown => (typeof s === 'function' ? (s as () => unknown)() : s);

/** The output shape of an operation, or undefined when the SDK package carries no schemas. */
export async function outputSchema(service: ServiceId, operation: string): Promise<unknown | undefined> {
  const mod = await load(service);
  const op = mod[`${operation}$`] as unknown[] | undefined;
  if (!Array.isArray(op) || op[0] !== 9) return undefined;
  return resolve(op[5]);
}

/** Member names of a structure shape exported as `<Name>$` (for writing handlers). */
export async function membersOf(service: ServiceId, shape: string): Promise<string[] | undefined> {
  const s = (await load(service))[`${shape}$`] as unknown[] | undefined;
  return Array.isArray(s) && s[0] === 3 ? (s[4] as string[]) : undefined;
}

const LIST = 0b0100_0000;
const MAP = 0b1000_0000;

/** Problems with `value` against `schema`: unknown members and wrong kinds, with their paths. */
export function checkShape(value: unknown, schema: unknown, path = '$'): string[] {
  const s = resolve(schema);
  if (value === undefined || value === null) return [];
  // A member with traits: [schema, traits]. Every named shape is longer (kind, namespace, name, …).
  if (Array.isArray(s) && s.length === 2) return checkShape(value, s[0], path);
  if (typeof s === 'number') return checkSimple(value, s, path);
  if (!Array.isArray(s)) return [];
  const kind = s[0];
  if (kind === 3 || kind === 4 || kind === -3) {
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return [`${path}: expected a structure, got ${describe(value)}`];
    const names = s[4] as string[];
    const members = s[5] as unknown[];
    const out: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const i = names.indexOf(k);
      if (i < 0) {
        out.push(`${path}.${k}: not a member of ${String(s[2])} (members: ${names.join(', ')})`);
        continue;
      }
      out.push(...checkShape(v, members[i], `${path}.${k}`));
    }
    return out;
  }
  if (kind === 1) {
    if (!Array.isArray(value)) return [`${path}: expected a list, got ${describe(value)}`];
    return value.flatMap((v, i) => checkShape(v, s[4], `${path}[${i}]`));
  }
  if (kind === 2) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected a map, got ${describe(value)}`];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => checkShape(v, s[5], `${path}[${JSON.stringify(k)}]`));
  }
  if (kind === 0) return checkSimple(value, s[4] as number, path);
  return [];
}

function checkSimple(value: unknown, code: number, path: string): string[] {
  if (code & LIST && code < MAP) {
    if (!Array.isArray(value)) return [`${path}: expected a list, got ${describe(value)}`];
    return value.flatMap((v, i) => checkSimple(v, code & ~LIST, `${path}[${i}]`));
  }
  if (code & MAP) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected a map, got ${describe(value)}`];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => checkSimple(v, code & ~MAP, `${path}[${JSON.stringify(k)}]`));
  }
  const ok =
    code === 0 ? typeof value === 'string'
    : code === 1 || code === 17 || code === 19 ? typeof value === 'number' || typeof value === 'bigint'
    : code === 2 ? typeof value === 'boolean'
    : code >= 4 && code <= 7 ? value instanceof Date
    : code === 21 || code === 42 ? value instanceof Uint8Array || typeof value === 'string'
    : true;
  return ok ? [] : [`${path}: expected ${simpleName(code)}, got ${describe(value)}`];
}

function simpleName(code: number): string {
  return code === 0 ? 'a string' : code === 2 ? 'a boolean' : code >= 4 && code <= 7 ? 'a Date' : code === 1 ? 'a number' : `type ${code}`;
}

function describe(v: unknown): string {
  if (v instanceof Date) return 'a Date';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}
