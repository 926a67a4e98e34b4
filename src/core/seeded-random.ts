/**
 * A seeded pseudo-random source (mulberry32): uniform floats in [0, 1), the same
 * sequence for the same seed on every machine. For generated fixtures, benchmark
 * label sets and property tests; `Math.random` cannot be seeded, and 32 bits of
 * state are plenty for picking layouts and noise. Hand-written: ten lines, no
 * dependency needed.
 *
 * @example
 * const next = createSeededRandom(42);
 * const noise = next() * 255;
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
