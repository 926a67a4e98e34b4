import type { Raster } from '../core/types.js';
import { detectDotMatrix, mergeDots, mergeDotsClosing } from './dot-matrix.js';
import type { DotMatrixDetection, MergeDotsOptions } from './dot-matrix.js';
import { flattenBackground } from './flatten-background.js';

/** Options of {@link enhanceForOcr}. */
export interface EnhanceForOcrOptions {
  /** Flatten uneven lighting and stretch contrast. @defaultValue true */
  readonly flatten?: boolean;
  /** Detect dot-matrix print and merge its dots into strokes. @defaultValue true */
  readonly mergeDotMatrix?: boolean;
  /** 3×3 median filter against salt-and-pepper noise. @defaultValue false */
  readonly denoise?: boolean;
  /** Options of the dot merging (see `mergeDots`). */
  readonly dotMerge?: MergeDotsOptions;
}

/** Result of {@link enhanceForOcr}. */
export interface EnhanceForOcrResult {
  /** Dark text on light paper, same size as the input. */
  readonly gray: Raster;
  readonly inverted: boolean;
  readonly dotMatrix: DotMatrixDetection;
  /**
   * Other renderings of the dot-matrix regions (same size as `gray`), for
   * reading a dot-matrix line more than one way; empty without dot-matrix print.
   */
  readonly dotVariants: readonly Raster[];
  /** The page before dot-matrix merging (flattened, dark on light): the drops as printed; `gray` without dot-matrix print. */
  readonly drops: Raster;
}

/**
 * Prepares a gray image for text detection and recognition: optional median
 * denoise, background flattening / contrast normalisation, and dot-matrix merging.
 */
export function enhanceForOcr(gray: Raster, options: EnhanceForOcrOptions = {}): EnhanceForOcrResult {
  let g = gray;
  if (options.denoise ?? false) g = median3(g);
  const denoised = g;
  let inverted = false;
  if (options.flatten ?? true) {
    const f = flattenBackground(g);
    g = f.gray;
    inverted = f.inverted;
  }
  const merge = options.mergeDotMatrix ?? true;
  let dotMatrix = detectDots(g, merge);
  if (merge && !dotMatrix.isDotMatrix && inverted && (options.flatten ?? true)) {
    // The median guessed light-on-dark: a dark carton photographed on a light bench does that, and the
    // inverted drops are then light and not found. Try dark-on-light once; only on pages guessed inverted,
    // so ordinary labels pay nothing.
    // Drops on such a page came out light in the retry (small drops, noise, the whole page stretched
    // between the bench and the board): a light threshold (160) is tried last, on these pages only
    // (seed 840005: 2 of 120 cartons, none of 220 other labels of seeds 840002/840006 found drops at it).
    const f = flattenBackground(denoised, undefined, 'dark-on-light');
    const d = detectDots(f.gray, true, [50, 160]);
    if (d.isDotMatrix) {
      g = f.gray;
      inverted = false;
      dotMatrix = d;
    }
  }
  return { ...mergeFound(g, dotMatrix, options), inverted, dotMatrix };
}

/** The dot-matrix print of a page: how it was found and the page with its drops merged. */
export type DotMatrixPrint = Pick<EnhanceForOcrResult, 'gray' | 'dotMatrix' | 'dotVariants' | 'drops'>;

/**
 * Finds and merges dot-matrix print on a page already flattened dark on light (the `gray` of an
 * {@link enhanceForOcr} result that found none): for a page rotated upright after enhancement, whose
 * drops, touching along a slant, were taken for solid print as shot (see `readText`).
 */
export function findDotMatrixPrint(flat: Raster, options: EnhanceForOcrOptions = {}): DotMatrixPrint {
  const dotMatrix = detectDots(flat, options.mergeDotMatrix ?? true);
  return { ...mergeFound(flat, dotMatrix, options), dotMatrix };
}

function mergeFound(flat: Raster, dotMatrix: DotMatrixDetection, options: EnhanceForOcrOptions): Omit<DotMatrixPrint, 'dotMatrix'> {
  if (!dotMatrix.isDotMatrix) return { gray: flat, dotVariants: [], drops: flat };
  // Strokes drawn between the drops are the main rendering (detection reads it best, measured on
  // generated inkjet sets); the gray closing of the drops is kept as a second rendering, as the two
  // misread different glyphs and a text reader can read dot lines from both.
  return { gray: mergeDots(flat, dotMatrix, options.dotMerge), dotVariants: [mergeDotsClosing(flat, dotMatrix)], drops: flat };
}

function detectDots(g: Raster, enabled: boolean, lastThresholds: readonly number[] = [50]): DotMatrixDetection {
  let dotMatrix: DotMatrixDetection = { isDotMatrix: false, dotCount: 0, dotDiameterPx: 0, dotPitchPx: 0, regions: [], dots: [], inkThreshold: 128 };
  if (!enabled) return dotMatrix;
  // Blur makes neighbouring dots touch at mid-gray while their cores stay apart (a dark threshold finds
  // them), but small faint drops have no core below 80 (a lighter one finds them): both are tried, and
  // the one that finds more separate drops wins; `lastThresholds` after, in turn: a darker one for blurred
  // drops that touch even at 80 (measured on generated inkjet cartons, seeds 20011–20013: 80 alone missed
  // most drops of faint codes).
  for (const inkThreshold of [80, 128]) {
    const d = detectDotMatrix(g, { inkThreshold });
    if (d.isDotMatrix && (!dotMatrix.isDotMatrix || d.dotCount > dotMatrix.dotCount)) dotMatrix = d;
  }
  for (const inkThreshold of lastThresholds) {
    if (dotMatrix.isDotMatrix) break;
    dotMatrix = detectDotMatrix(g, { inkThreshold });
  }
  return dotMatrix;
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
