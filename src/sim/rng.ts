// A small seeded random number generator (mulberry32): the simulated latency, the jitter of the
// retry back-off and the synthetic accounts repeat exactly for the same seed.

export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function pick(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}
