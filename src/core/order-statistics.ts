/**
 * Order statistics of small samples (drop sizes, pitches, gray levels), by
 * sorting a copy. Written by hand: a sort and an index; no dependency is worth it.
 */

/** The value at rank `floor(q·(n−1))` of the sorted values (lower quantile, no interpolation); 0 when empty. */
export function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(q * (s.length - 1))] ?? 0;
}

/** The value at rank `floor(n/2)` of the sorted values (the upper of the two middle ones when n is even); 0 when empty. */
export function upperMedian(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1] ?? 0;
}

/**
 * The level of rank `rank` among 8-bit values counted in a 256-bin histogram: the first level whose
 * cumulative count exceeds `rank` (0-based; a fractional rank rounds up); 255 past the end.
 */
export function levelAtRank(hist: Uint32Array, rank: number): number {
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc > rank) return v;
  }
  return 255;
}

/**
 * The median of the `n` 8-bit values counted in `hist`: the middle one, or the mean of the two middle
 * ones when `n` is even, as sorting them gives; no copy and no sort of the values.
 */
export function medianLevel(hist: Uint32Array, n: number): number {
  const m = n >> 1;
  return n % 2 === 1 ? levelAtRank(hist, m) : (levelAtRank(hist, m - 1) + levelAtRank(hist, m)) / 2;
}

