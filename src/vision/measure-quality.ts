import type { Raster } from '../core/types.js';
import { levelAtRank } from '../core/order-statistics.js';

/** Image quality figures, both 0..1 (see {@link measureQuality} for the scales). */
export interface QualityMeasures {
  readonly sharpness: number;
  readonly contrast: number;
}

/**
 * Half-saturation constant of the sharpness scale: a Laplacian variance of
 * this value maps to 0.5. A crisp 900×500 printed label measures ≈1000–5000
 * (→ 0.77–0.94); the same label blurred with σ = 2 px measures ≈20–60 (→ 0.06–0.17).
 */
const SHARPNESS_HALF = 300;

/**
 * Measures sharpness and contrast of a gray image.
 *
 * - `sharpness`: variance of the 4-neighbour Laplacian (Pech-Pacheco et al., "Diatom
 *   autofocusing in brightfield microscopy", ICPR 2000), mapped to 0..1 by
 *   `v / (v + 300)`; 0 = no edges at all, > 0.7 = crisp print.
 * - `contrast`: spread between the 1st and 99th percentile of gray values, / 255; robust to a few
 *   specular or dead pixels. 0 = flat image, 1 = full black-to-white range.
 */
export function measureQuality(gray: Raster): QualityMeasures {
  const { width: w, height: h, data } = gray;
  const step = gray.channels;
  const rowStep = w * step;
  // Sums of integers: exact in doubles whatever the order (|lap| ≤ 1020, so Σ lap² < 2^53 for any page allowed).
  let sum = 0;
  let sumSq = 0;
  for (let y = 1; y < h - 1; y++) {
    let rowSum = 0;
    let rowSq = 0;
    for (let j = y * rowStep + step, end = (y + 1) * rowStep - step; j < end; j += step) {
      const lap = data[j - step]! + data[j + step]! + data[j - rowStep]! + data[j + rowStep]! - 4 * data[j]!;
      rowSum += lap;
      rowSq += lap * lap;
    }
    sum += rowSum;
    sumSq += rowSq;
  }
  const n = Math.max(0, w - 2) * Math.max(0, h - 2);
  const mean = n > 0 ? sum / n : 0;
  const variance = n > 0 ? sumSq / n - mean * mean : 0;
  const sharpness = variance / (variance + SHARPNESS_HALF);

  // Counted in two histograms (even and odd pixels) and added: one histogram is a chain of increments
  // of the paper's few levels, each waiting for the last.
  const hist = new Uint32Array(256);
  const odd = new Uint32Array(256);
  const total = w * h;
  const end = total * step;
  let j = 0;
  for (; j + step < end; j += 2 * step) {
    hist[data[j]!]!++;
    odd[data[j + step]!]!++;
  }
  if (j < end) hist[data[j]!]!++;
  for (let v = 0; v < 256; v++) hist[v]! += odd[v]!;
  const lo = percentile(hist, total, 0.01);
  const hi = percentile(hist, total, 0.99);
  return { sharpness, contrast: Math.max(0, hi - lo) / 255 };
}

/** Gray value at quantile `q` of a 256-bin histogram. */
export function percentile(hist: Uint32Array, total: number, q: number): number {
  return levelAtRank(hist, q * total);
}
