// JSON encoding of SDK values that survives a round trip: a live answer and its replay must look
// the same to a probe, so dates and bytes are tagged rather than flattened to strings.
import { createHash } from 'node:crypto';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** SDK value → plain JSON with `{$date}` / `{$bytes}` tags. `$metadata` is dropped (it varies per call). */
export function encode(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return { $date: Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : encode(v)));
  if (typeof value === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || k === '$metadata') continue;
      out[k] = encode(v);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return null;
  return value as Json;
}

/** Inverse of `encode`. */
export function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === '$date' && typeof obj.$date === 'string') return new Date(obj.$date);
  if (keys.length === 1 && keys[0] === '$bytes' && typeof obj.$bytes === 'string') return new Uint8Array(Buffer.from(obj.$bytes, 'base64'));
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = decode(obj[k]);
  return out;
}

/** JSON with sorted keys: the same input always gives the same string. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(encode(value)));
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

/** The identity of a call: service, region, operation and input. */
export function callKey(service: string, region: string, operation: string, input: unknown): string {
  return `${service}|${region}|${operation}|${canonical(input ?? {})}`;
}

/** A short, content-derived call ID, so the same call has the same ID in every scan. */
export function callId(key: string): string {
  return 'c-' + createHash('sha256').update(key).digest('hex').slice(0, 16);
}
