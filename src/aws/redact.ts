// Values that may hold secrets are blanked before anything sees an answer: container
// environment variables, training hyperparameters (SageMaker's HyperParameters and Bedrock's
// hyperParameters) and EventBridge target payloads. No probe judges them, so live scans,
// recordings and replays stay identical — and no report, recording or evidence pack can carry a
// password someone put in an environment variable.
const ANYWHERE = new Set(['Environment', 'HyperParameters', 'hyperParameters']);
/** Keys blanked only inside a given parent (an EventBridge target's payload, not a DataBrew dataset's Input). */
const WITHIN: Record<string, ReadonlySet<string>> = { Targets: new Set(['Input', 'InputTransformer']) };

export const REDACTED = '[redacted by aims-scan]';

export function redactSecrets(value: unknown, parent = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, parent));
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  // Leave codec tags ({$date}, {$bytes}) alone.
  if (keys.length === 1 && keys[0].startsWith('$')) return value;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = obj[k];
    const secret = ANYWHERE.has(k) || WITHIN[parent]?.has(k);
    out[k] = secret && v !== null && v !== undefined ? blankValues(v) : redactSecrets(v, k);
  }
  return out;
}

/** Keeps the shape (map keys, list length) so evidence still shows *that* something is set. */
function blankValues(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(blankValues);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v as object).map((k) => [k, REDACTED]));
  return REDACTED;
}
