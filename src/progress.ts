// Scan progress. On a terminal: a live block (calls per service and region, elapsed, throttling
// retries) redrawn in place by log-update. Elsewhere (CI, pipes): a plain line every few seconds.
// --quiet silences both; NO_COLOR turns colour off.
import { createLogUpdate } from 'log-update';
import type { CallRecord } from './aws/recording.js';

export interface Progress {
  onCall(rec: CallRecord): void;
  stop(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WriteStream;
  quiet: boolean;
  /** Seconds between plain log lines when not on a terminal. */
  intervalSeconds?: number;
  now?: () => number;
}

interface Tally {
  done: number;
  errors: number;
  retries: number;
}

export function createProgress(opts: ProgressOptions): Progress {
  if (opts.quiet) return { onCall: () => undefined, stop: () => undefined };
  const now = opts.now ?? Date.now;
  const t0 = now();
  const per = new Map<string, Tally>();
  const total: Tally = { done: 0, errors: 0, retries: 0 };
  const color = !process.env.NO_COLOR && opts.stream.isTTY;
  const dim = (s: string) => (color ? `\u001b[2m${s}\u001b[0m` : s);

  const line = () => `${total.done} calls, ${total.errors} errors, ${total.retries} throttling/transient retries, ${Math.round((now() - t0) / 1000)}s`;
  const block = () => {
    const rows = [...per.entries()].sort((a, b) => b[1].done - a[1].done).slice(0, 12);
    return [`aims-scan: scanning — ${line()}`, ...rows.map(([k, v]) => dim(`  ${k.padEnd(36)} ${String(v.done).padStart(5)} done${v.errors ? `, ${v.errors} err` : ''}${v.retries ? `, ${v.retries} retries` : ''}`))].join('\n');
  };

  let timer: NodeJS.Timeout | undefined;
  let draw: (() => void) | undefined;
  let finish: () => void = () => undefined;
  if (opts.stream.isTTY) {
    const update = createLogUpdate(opts.stream);
    let pending = false;
    // Redraw at most ~10 times a second, however many calls finish.
    draw = () => {
      if (pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        update(block());
      }, 100).unref();
    };
    finish = () => {
      update(block());
      update.done();
    };
  } else {
    timer = setInterval(() => opts.stream.write(`aims-scan: progress: ${line()}\n`), (opts.intervalSeconds ?? 10) * 1000);
    timer.unref();
    // A scan stopped before its first call (bad input) has no progress to report.
    finish = () => void (total.done > 0 && opts.stream.write(`aims-scan: progress: ${line()} (done)\n`));
  }

  return {
    onCall(rec) {
      const key = `${rec.service} ${rec.region}`;
      const t = per.get(key) ?? { done: 0, errors: 0, retries: 0 };
      per.set(key, t);
      for (const x of [t, total]) {
        x.done += 1;
        if (rec.outcome === 'error') x.errors += 1;
        x.retries += Math.max(0, rec.attempts - 1);
      }
      draw?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      finish();
    },
  };
}
