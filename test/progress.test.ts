// Progress: a live block on a terminal, plain periodic lines elsewhere, nothing when quiet.
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '../src/aws/recording.js';
import { createProgress } from '../src/progress.js';

function stream(tty: boolean): NodeJS.WriteStream & { text: () => string } {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string };
  let buf = '';
  (s as unknown as PassThrough).on('data', (d) => (buf += d));
  Object.assign(s, { isTTY: tty, columns: 100, rows: 40, text: () => buf });
  return s;
}

const rec = (service: string, outcome: 'ok' | 'error' = 'ok', attempts = 1) => ({ type: 'call', id: 'c', service, region: 'us-east-1', operation: 'X', action: '', input: {}, startedAt: '', durationMs: 1, attempts, outcome }) as CallRecord;

describe('progress', () => {
  it('prints nothing when quiet', () => {
    const s = stream(false);
    const p = createProgress({ stream: s, quiet: true });
    p.onCall(rec('sagemaker'));
    p.stop();
    expect(s.text()).toBe('');
  });

  it('writes plain periodic lines when not on a terminal', () => {
    vi.useFakeTimers();
    try {
      const s = stream(false);
      let t = 0;
      const p = createProgress({ stream: s, quiet: false, intervalSeconds: 5, now: () => t });
      p.onCall(rec('sagemaker'));
      p.onCall(rec('kms', 'error', 3));
      t = 5000;
      vi.advanceTimersByTime(5000);
      expect(s.text()).toBe('aims-scan: progress: 2 calls, 1 errors, 2 throttling/transient retries, 5s\n');
      p.stop();
      expect(s.text()).toMatch(/\(done\)\n$/);
      expect(s.text()).not.toMatch(/\u001b\[/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('redraws a block per service and region on a terminal', async () => {
    const s = stream(true);
    const p = createProgress({ stream: s, quiet: false });
    for (let i = 0; i < 3; i++) p.onCall(rec('sagemaker'));
    p.onCall(rec('securityhub', 'error'));
    p.stop();
    expect(s.text()).toMatch(/scanning — 4 calls, 1 errors/);
    expect(s.text()).toMatch(/sagemaker us-east-1\s+3 done/);
    expect(s.text()).toMatch(/securityhub us-east-1\s+1 done, 1 err/);
  });
});
