// Every AWS call a scan makes is recorded; a recording replays the scan with no AWS access.
// Format: JSON Lines; line 1 is a header, each further line one call.
import { readFileSync } from 'node:fs';
import { callKey } from './codec.js';
import { AwsCallError, type ErrorInfo } from './errors.js';
import type { Answer, CallRequest, Transport } from './transport.js';

export const RECORDING_FORMAT = 'aims-scan-calls/1' as const;

export interface RecordingHeader {
  type: 'scan';
  format: typeof RECORDING_FORMAT;
  tool: string;
  version: string;
  /** The scan's clock: time windows (e.g. "jobs in the last 180 days") are computed from it. */
  startedAt: string;
  /** Region of the identity call; a replay uses the same one. */
  homeRegion?: string;
  /** The scan's regions, controls and settings: a replay asks the same questions (flags given explicitly still win). */
  regions?: string[];
  controls?: string[];
  settings?: Record<string, unknown>;
  /** Retry and paging limits the answers were read with (informative: verdicts must not depend on them). */
  limits?: { maxAttempts?: number; concurrency?: number; pageCap?: number };
}

export interface CallRecord {
  type: 'call';
  id: string;
  service: string;
  region: string;
  operation: string;
  action: string;
  input: unknown;
  startedAt: string;
  durationMs: number;
  attempts: number;
  outcome: 'ok' | 'error';
  response?: unknown;
  error?: ErrorInfo;
}

export class RecordingFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'RecordingFormatError';
  }
}

export interface Recording {
  header: RecordingHeader;
  calls: CallRecord[];
}

export function serializeRecording(header: RecordingHeader, calls: CallRecord[]): string {
  const sorted = [...calls].sort((a, b) => cmp(a.service, b.service) || cmp(a.region, b.region) || cmp(a.operation, b.operation) || cmp(a.id, b.id));
  return [header, ...sorted].map((r) => JSON.stringify(r)).join('\n') + '\n';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function parseRecording(text: string, file = 'calls.jsonl'): Recording {
  const lines = text.split('\n');
  let header: RecordingHeader | undefined;
  const calls: CallRecord[] = [];
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (!line) return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new RecordingFormatError(file, n, 'not valid JSON');
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new RecordingFormatError(file, n, 'expected a JSON object');
    const rec = obj as Record<string, unknown>;
    if (!header) {
      if (rec.type !== 'scan' || rec.format !== RECORDING_FORMAT || typeof rec.startedAt !== 'string' || Number.isNaN(Date.parse(rec.startedAt))) {
        throw new RecordingFormatError(file, n, `expected a header {"type":"scan","format":"${RECORDING_FORMAT}","startedAt":…}`);
      }
      header = rec as unknown as RecordingHeader;
      return;
    }
    if (rec.type !== 'call') throw new RecordingFormatError(file, n, `expected "type":"call"`);
    for (const f of ['id', 'service', 'region', 'operation'] as const) {
      if (typeof rec[f] !== 'string' || !rec[f]) throw new RecordingFormatError(file, n, `missing or invalid "${f}"`);
    }
    if (rec.outcome === 'ok') {
      if (!rec.response || typeof rec.response !== 'object') throw new RecordingFormatError(file, n, 'outcome "ok" needs a "response" object');
    } else if (rec.outcome === 'error') {
      const e = rec.error as Record<string, unknown> | undefined;
      if (!e || typeof e.name !== 'string') throw new RecordingFormatError(file, n, 'outcome "error" needs an "error" with a "name"');
    } else {
      throw new RecordingFormatError(file, n, 'outcome must be "ok" or "error"');
    }
    if (rec.input !== undefined && (typeof rec.input !== 'object' || rec.input === null)) throw new RecordingFormatError(file, n, '"input" must be an object');
    calls.push({ attempts: 1, durationMs: 0, action: '', startedAt: '', input: {}, ...rec } as CallRecord);
  });
  if (!header) throw new RecordingFormatError(file, 1, 'empty recording: no header line');
  return { header, calls };
}

export function readRecording(file: string): Recording {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RecordingFormatError(file, 0, `cannot read: ${(err as Error).message}`);
  }
  return parseRecording(text, file);
}

/** Answers calls from a recording; a call it has no answer for is an ERROR, never a guess. */
export class ReplayTransport implements Transport {
  readonly kind = 'replay' as const;
  private readonly answers = new Map<string, CallRecord>();

  constructor(recording: Recording) {
    for (const c of recording.calls) this.answers.set(callKey(c.service, c.region, c.operation, c.input), c);
  }

  async send(req: CallRequest): Promise<Answer> {
    const rec = this.answers.get(callKey(req.service, req.region, req.operation, req.input));
    if (!rec) {
      throw new AwsCallError('replay-missing', `no recorded answer for ${req.service} ${req.operation} in ${req.region}`, {
        name: 'ReplayMissing',
        message: 'the recording has no answer for this call',
      });
    }
    return rec.outcome === 'ok' ? { output: rec.response, attempts: rec.attempts } : { error: rec.error, attempts: rec.attempts };
  }
}
