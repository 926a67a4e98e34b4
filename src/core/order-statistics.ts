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
