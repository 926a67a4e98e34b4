import type { Raster } from '../core/types.js';
import { percentile } from './measure-quality.js';

/** Result of {@link flattenBackground}. */
export interface FlattenBackgroundResult {
  /** Dark text on a white, evenly lit background, ink stretched to black. */
  readonly gray: Raster;
  /** True when the input was light text on a dark background and was inverted. */
  readonly inverted: boolean;
}

/**
 * Evens out uneven lighting and normalises contrast: estimates the paper
 * (background) brightness per block as the 90th percentile of the block,
 * interpolates it bilinearly and divides it out (a "flat-field" correction),
 * then stretches the darkest 0.2 % (the ink) to 0.
 *
 * A percentile per block rather than a global CLAHE because labels photographed
 * under a lamp have a smooth light gradient much larger than the text, and
 * division by the local paper level removes it without boosting noise in
 * empty areas the way CLAHE does. Light-on-dark images are inverted first so
 * the later stages see dark ink on light paper.
 *
 * @param blockPx - side of a background block; should be a few text heights. @defaultValue max(24, short side / 8)
 * @param polarity - `auto` guesses from the median; `dark-on-light` / `light-on-dark` force it
 *   (a dark carton on a light bench can fool the median guess). @defaultValue 'auto'
 */
export function flattenBackground(gray: Raster, blockPx?: number, polarity: 'auto' | 'dark-on-light' | 'light-on-dark' = 'auto'): FlattenBackgroundResult {
  const { width: w, height: h } = gray;
  const src = gray.data;
  const n = w * h;
  // Paper covers most of a label: if the median is dark (more than half the pixels below 96), the paper is dark.
  let inverted = polarity === 'light-on-dark';
  if (polarity === 'auto') {
    let dark = 0;
    for (let i = 0; i < n; i++) if (src[i]! < 96) dark++;
    inverted = dark > 0.5 * n;
  }
  // The page as dark on light: the input itself unless it is inverted.
  let g = src;
  if (inverted) {
    g = new Uint8Array(n);
    for (let i = 0; i < n; i++) g[i] = 255 - src[i]!;
  }

  const block = Math.max(8, Math.round(blockPx ?? Math.max(24, Math.min(w, h) / 8)));
  const bw = Math.ceil(w / block);
  const bh = Math.ceil(h / block);
  const bg = new Float32Array(bw * bh);
  const bhist = new Uint32Array(256);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      bhist.fill(0);
      const x0 = bx * block;
      const y0 = by * block;
      const x1 = Math.min(w, x0 + block);
      const y1 = Math.min(h, y0 + block);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) bhist[g[y * w + x]!]!++;
      bg[by * bw + bx] = percentile(bhist, (x1 - x0) * (y1 - y0), 0.9);
    }
  }
  // Block centres are at (b + 0.5) * block; interpolate between them (tables per column, one row of blocks per image row).
  const colX0 = new Int32Array(w);
  const colT = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / block - 0.5));
    colX0[x] = Math.floor(fx);
    colT[x] = fx - colX0[x]!;
  }
  // colX0 never decreases: the columns between one pair of block centres are one run (its end, its pair's left block).
  const runEnd: number[] = [];
  const runBlock: number[] = [];
  for (let x = 0; x < w; x++) {
    if (x === w - 1 || colX0[x + 1] !== colX0[x]) {
      runEnd.push(x + 1);
      runBlock.push(colX0[x]!);
    }
  }
  // 1 − t of each column, exactly as computed per pixel before (t is a float32, 1 − t exact in a double).
  const colU = new Float64Array(w);
  for (let x = 0; x < w; x++) colU[x] = 1 - colT[x]!;
  const bgRow = new Float32Array(bw);
  const out = new Uint8Array(n);
  // Histogram of the result's levels up to 200, all the contrast stretch below looks at, counted as
  // the levels are written (a full histogram is a chain of increments of the paper's few levels).
  const hist = new Uint32Array(256);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const ty = fy - y0;
    // Reciprocal of the paper level, scaled to 255; floor 16 so a black block is not amplified to noise.
    for (let bx = 0; bx < bw; bx++) bgRow[bx] = 255 / Math.max(16, bg[y0 * bw + bx]! * (1 - ty) + bg[y1 * bw + bx]! * ty);
    const row = y * w;
    let x = 0;
    for (let r = 0; r < runEnd.length; r++) {
      // The levels of the blocks the run's columns lie between (the last block twice at the right edge).
      const left = bgRow[runBlock[r]!]!;
      const right = bgRow[Math.min(bw - 1, runBlock[r]! + 1)]!;
      for (const end = runEnd[r]!; x < end; x++) {
        const v = g[row + x]! * (left * colU[x]! + right * colT[x]!);
        out[row + x] = v > 255 ? 255 : v;
        // v ≥ 0: truncation is the level the store above keeps.
        if (v < 201) hist[v | 0]!++;
      }
    }
  }
  // Contrast stretch of the ink only: paper is already ≈255 after the division, so map the
  // darkest 0.2 % (ink, when there is any) to 0 and keep 255. Stretching a high percentile as
  // well would blow paper noise up to full range on sparse labels.
  // Levels above 200 are not counted: when the darkest 0.2 % reach past 200, the percentile comes out 255, and lo 200 either way.
  const lo = Math.min(percentile(hist, n, 0.002), 200);
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(((v - lo) * 255) / (255 - lo))));
  for (let i = 0; i < n; i++) out[i] = lut[out[i]!]!;
  return { gray: { data: out, width: w, height: h, channels: 1 }, inverted };
}
