import type { Raster } from '../core/types.js';
import { detectDotMatrix, mergeDots } from './dot-matrix.js';
import type { DotMatrixDetection } from './dot-matrix.js';
import { flattenBackground } from './flatten-background.js';

/** Options of {@link enhanceForOcr}. */
export interface EnhanceForOcrOptions {
  /** Flatten uneven lighting and stretch contrast. @defaultValue true */
  readonly flatten?: boolean;
  /** Detect dot-matrix print and merge its dots into strokes. @defaultValue true */
  readonly mergeDotMatrix?: boolean;
  /** 3×3 median filter against salt-and-pepper noise. @defaultValue false */
  readonly denoise?: boolean;
}

/** Result of {@link enhanceForOcr}. */
export interface EnhanceForOcrResult {
  /** Dark text on light paper, same size as the input. */
  readonly gray: Raster;
  readonly inverted: boolean;
  readonly dotMatrix: DotMatrixDetection;
}

/**
 * Prepares a gray image for text detection and recognition: optional median
 * denoise, background flattening / contrast normalisation, and dot-matrix merging.
 */
export function enhanceForOcr(gray: Raster, options: EnhanceForOcrOptions = {}): EnhanceForOcrResult {
  let g = gray;
  if (options.denoise ?? false) g = median3(g);
  let inverted = false;
  if (options.flatten ?? true) {
    const f = flattenBackground(g);
    g = f.gray;
    inverted = f.inverted;
  }
  let dotMatrix: DotMatrixDetection = { isDotMatrix: false, dotCount: 0, dotDiameterPx: 0, dotPitchPx: 0, regions: [], dots: [] };
  if (options.mergeDotMatrix ?? true) {
    // A dark threshold first: blur makes neighbouring dots touch at mid-gray, while their cores stay apart.
    for (const inkThreshold of [80, 128]) {
      dotMatrix = detectDotMatrix(g, { inkThreshold });
      if (dotMatrix.isDotMatrix) break;
    }
  }
  if (dotMatrix.isDotMatrix) g = mergeDots(g, dotMatrix);
  return { gray: g, inverted, dotMatrix };
}

/** 3×3 median filter (edges copied). */
export function median3(gray: Raster): Raster {
  const { width: w, height: h, data } = gray;
  const out = new Uint8Array(data);
  const win = new Uint8Array(9);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      let k = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) win[k++] = data[(y + dy) * w + x + dx]!;
      win.sort();
      out[y * w + x] = win[4]!;
    }
  }
  return { data: out, width: w, height: h, channels: 1 };
}
