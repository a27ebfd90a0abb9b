// The benchmark's outputs: rows as JSON (bench/results.json) and a Markdown table for the README,
// with the targets printed beside the numbers.
import type { RunResult } from './measure.js';
import type { RoundTrips } from './round-trips.js';

export const TARGETS = {
  ratio: 1.2,
  duplicates: 0,
  throttledVerdicts: 0,
  peakRssMb: 512,
  peakRssAt: 50_000,
  /**
   * Time per added resource (the slope between consecutive sizes) may grow at most this much:
   * growth no worse than linear. (Wall time per resource is no test: a small account is bound by
   * latency, a large one by rate limits, so the smallest size looks cheap per resource.)
   */
  linearSlack: 1.5,
} as const;

const f1 = (n: number) => (Math.round(n * 10) / 10).toFixed(1);
const f2 = (n: number) => (Math.round(n * 100) / 100).toFixed(2);
const ok = (b: boolean) => (b ? '✓' : '✗');

export interface Verdicts {
  ratio: boolean;
  duplicates: boolean;
  throttledVerdicts: boolean;
  rss: boolean | null;
  linear: boolean | null;
}

export function verdicts(rows: RunResult[]): Verdicts {
  const parallel = rows.filter((r) => r.concurrency > 1).sort((a, b) => a.resources - b.resources);
  const big = parallel.find((r) => r.resources === TARGETS.peakRssAt);
  const first = parallel[0];
  const last = parallel.at(-1);
  const slopes = marginalSeconds(parallel);
  return {
    ratio: parallel.every((r) => r.ratio <= TARGETS.ratio),
    duplicates: rows.every((r) => r.duplicates === TARGETS.duplicates),
    throttledVerdicts: rows.every((r) => r.throttledVerdicts === TARGETS.throttledVerdicts),
    rss: big ? big.peakRssMb <= TARGETS.peakRssMb : null,
    linear:
      slopes.length >= 2
        ? slopes.every((s, i) => i === 0 || s <= slopes[i - 1] * TARGETS.linearSlack)
        : first && last && first !== last
          ? last.wallSeconds / last.resources <= (first.wallSeconds / first.resources) * TARGETS.linearSlack
          : null,
  };
}

/** Seconds per added resource between consecutive sizes. */
function marginalSeconds(sorted: RunResult[]): number[] {
  return sorted.slice(1).map((r, i) => (r.wallSeconds - sorted[i].wallSeconds) / (r.resources - sorted[i].resources));
}

export function markdownTable(rows: RunResult[], trips?: RoundTrips): string {
  const head =
    '| resources | regions | concurrency | wall s | lower bound s (dependency chain / busiest API) | ratio | API calls | distinct | duplicates | throttling errors | retries | throttled verdicts | scanner peak RSS MB | scanner CPU s | simulated AWS CPU s |\n' +
    '|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const body = rows.map((r) => {
    const b = r.bound;
    const busiest = b.busiest ? `${b.busiest.api} ${b.busiest.region}: ${b.busiest.calls} calls @ ${b.busiest.limit.rate}/s` : '—';
    return `| ${r.resources.toLocaleString('en-US')} | ${r.regions} | ${r.concurrency} | ${f1(r.wallSeconds)} | ${f2(b.seconds)} (${b.chain} calls deep: ${f2(b.chainSeconds)} with the drawn latencies, ${f2(b.chainMeanSeconds ?? (b.chain * r.latency.meanMs) / 1000)} at the ${r.latency.meanMs} ms mean; ${busiest}) | ${f2(r.ratio)} | ${r.callsMade} | ${r.distinctCalls} | ${r.duplicates} | ${r.throttlingSeen} | ${r.retries} | ${r.throttledVerdicts} | ${f1(r.peakRssMb)} | ${f1(r.cpuSeconds)} | ${r.awsProcess ? f1(r.awsProcess.cpuSeconds) : 'in-process'} |`;
  });
  const v = verdicts(rows);
  const parallel = rows.filter((r) => r.concurrency > 1).sort((a, b) => a.resources - b.resources);
  const perK = marginalSeconds(parallel)
    .map((s, i) => `${parallel[i].resources.toLocaleString('en-US')}→${parallel[i + 1].resources.toLocaleString('en-US')}: ${f2(s * 1000)} s`)
    .join(', ');
  const targets = [
    `- ratio ≤ ${TARGETS.ratio} at every size (default concurrency): ${ok(v.ratio)} (${parallel.map((r) => f2(r.ratio)).join(', ')})`,
    `- ${TARGETS.duplicates} duplicate calls: ${ok(v.duplicates)}`,
    `- ${TARGETS.throttledVerdicts} throttling errors reaching a verdict: ${ok(v.throttledVerdicts)}`,
    `- peak RSS ≤ ${TARGETS.peakRssMb} MB at ${TARGETS.peakRssAt.toLocaleString('en-US')} resources: ${v.rss === null ? 'not measured' : ok(v.rss)}`,
    `- time linear in N, not worse (seconds per 1,000 added resources, may not grow by more than ×${TARGETS.linearSlack}: ${perK}): ${v.linear === null ? 'not measured' : ok(v.linear)}`,
  ];
  const depth = trips
    ? `\nRound trips the scanner itself needs at ${trips.resources.toLocaleString('en-US')} resources (no latency, no rate limit, calls answered a round at a time): ${trips.rounds}, where the bound's data chain is ${trips.dataChain} calls deep. The checks decide what to ask next from answers (an endpoint's config, then what that config names: auto scaling, the buckets its models use), which a chain of data dependencies does not count; at a latency-bound size the ratio cannot go below about ${trips.rounds}/${trips.dataChain} without calls the checks do not need. Last round: ${trips.byRound.at(-1)?.join(', ')}.\n`
    : '';
  return `${head}\n${body.join('\n')}\n\nTargets:\n${targets.join('\n')}\n${depth}`;
}
