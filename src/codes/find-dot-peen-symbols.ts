/**
 * Locates dot-peen (pin-marked) or dot-printed 2D symbols in a gray image and
 * rebuilds them with solid modules, so a finder-pattern based decoder
 * (zxing's DataMatrix detector) can find the "L" and the clock tracks.
 *
 * Why by hand: the dots are separate craters (ISO/IEC TR 29158 "DPM", dot
 * peen), and zxing-cpp expects connected modules; no maintained Node library
 * merges dots at an arbitrary rotation. Dot detection and pitch estimation
 * are reused from the vision stage ({@link detectDotMatrix}).
 */
import type { Raster } from '../core/types.js';
import { detectDotMatrix } from '../vision/dot-matrix.js';

/** One symbol candidate, ready for a decoder: dark solid modules on white. */
export interface DotPeenCandidate {
  /** Rebuilt symbol crop (0 = dark module, 255 = background), 1 channel. */
  readonly image: Raster;
  /** Top-left corner of the crop in the input image, px. */
  readonly offsetPx: readonly [x: number, y: number];
  /** Crop pixels per input pixel (an integer upscale of small pitches). */
  readonly scale: number;
  /** Dot pitch measured in the input image, px. */
  readonly dotPitchPx: number;
  /** Grid dots inside the candidate region. */
  readonly dotCount: number;
}

/** Options of {@link findDotPeenSymbols}. */
export interface FindDotPeenSymbolsOptions {
  /**
   * How much darker than the local mean (gray levels) a pixel must be to count as
   * part of a dot. Measured on the generated plates (seeds ≥ 1000): 20 and 25 best, 35 loses faint dots.
   * @defaultValue 20
   */
  readonly darkDeltaLevels?: number;
  /** Fewest grid dots in a region (the smallest DataMatrix, 10×10, has about 50 dark modules). @defaultValue 40 */
  readonly minDots?: number;
  /** Regions returned, most dots first. @defaultValue 2 */
  readonly maxRegions?: number;
  /**
   * Closing radii, as fractions of the dot pitch, one candidate per radius and region. Between
   * 0.5 (bridges a one-module gap) and 1 (would also fill a light module between two dark ones).
   * @defaultValue [0.45, 0.6]
   */
  readonly closingRadiiPitch?: readonly number[];
  /** Upscale crops until the pitch is at least this, px (integer factor, at most 3). @defaultValue 6 */
  readonly minPitchPx?: number;
}

/**
 * Finds clusters of dots that may be a dot-peen 2D symbol and returns each with its
 * modules rebuilt (one entry per region and closing radius, most promising first).
 * Returns `[]` when the image holds no such cluster.
 *
 * @param gray - one-channel image, dark dots on a lighter surface
 */
export function findDotPeenSymbols(gray: Raster, options: FindDotPeenSymbolsOptions = {}): DotPeenCandidate[] {
  if (gray.channels !== 1) throw new RangeError('findDotPeenSymbols needs a one-channel raster');
  const delta = options.darkDeltaLevels ?? 20;
  const minDots = options.minDots ?? 40;
  const maxRegions = options.maxRegions ?? 2;
  const radii = options.closingRadiiPitch ?? [0.45, 0.6];
  const minPitchPx = options.minPitchPx ?? 6;
  const { width: w, height: h } = gray;

  // Dots are darker than their surroundings, not than a global level: metal plates carry
  // gradients and brushing, so threshold against a local mean (box of ~21 px ≈ 3 pitches).
  const ink = localDarkMask(gray, 10, delta);
  const det = detectDotMatrix({ data: ink, width: w, height: h, channels: 1 }, { minDots, inkThreshold: 128 });
  if (!det.isDotMatrix) return [];
  const pitch = det.dotPitchPx;

  const regions = det.regions
    .map((r) => {
      const count = det.dots.filter((d) => d[0] >= r[0] && d[2] <= r[2] && d[1] >= r[1] && d[3] <= r[3]).length;
      return { r, count };
    })
    // A DataMatrix's bounding box stays near-square at any rotation (rectangular DMs up to 1:3 exist but are rare on DPM).
    .filter(({ r, count }) => {
      const rw = r[2] - r[0];
      const rh = r[3] - r[1];
      const aspect = rw / Math.max(1, rh);
      // Dots per pitch² of the box: about 0.4 for an upright DataMatrix (half its modules dark),
      // 0.2 at 45°; scattered i-dots and periods of printed text stay far below 0.1.
      const density = (count * pitch * pitch) / Math.max(1, rw * rh);
      return count >= minDots && aspect > 0.4 && aspect < 2.5 && density >= 0.1;
    })
    .sort((a, b) => b.count - a.count)
    .slice(0, maxRegions);

  const scale = Math.min(3, Math.max(1, Math.ceil(minPitchPx / pitch)));
  // Grow each dot to about 0.85 pitch before the closing: craters of 0.3–0.5 pitch leave
  // modules too thin for the decoder's binarizer even when neighbours are bridged.
  const grow = Math.max(0, (0.85 * pitch - det.dotDiameterPx) / 2);
  const out: DotPeenCandidate[] = [];
  for (const { r, count } of regions) {
    // A 3-pitch margin gives the decoder a quiet zone (ISO/IEC 16022 asks for one module).
    const m = Math.ceil(3 * pitch);
    const x0 = Math.max(0, r[0] - m);
    const y0 = Math.max(0, r[1] - m);
    const x1 = Math.min(w, r[2] + m);
    const y1 = Math.min(h, r[3] + m);
    const cw = x1 - x0;
    const ch = y1 - y0;
    const dark = new Uint8Array(cw * ch);
    for (let y = 0; y < ch; y++) {
      const row = (y0 + y) * w + x0;
      for (let x = 0; x < cw; x++) dark[y * cw + x] = ink[row + x] === 0 ? 1 : 0;
    }
    // Closing with a disc (isotropic, so the result does not depend on the symbol's rotation):
    // dilate the dark dots by grow + R, then erode by R (= dilate the light by R).
    const distToDark = squaredDistance(dark, cw, ch);
    for (const k of radii) {
      const closeR = k * pitch;
      const dil2 = (grow + closeR) ** 2;
      const light = new Uint8Array(cw * ch);
      for (let i = 0; i < light.length; i++) light[i] = distToDark[i]! <= dil2 ? 0 : 1;
      const distToLight = squaredDistance(light, cw, ch);
      const closeR2 = closeR * closeR;
      const sw = cw * scale;
      const sh = ch * scale;
      const img = new Uint8Array(sw * sh);
      for (let y = 0; y < sh; y++) {
        const src = Math.floor(y / scale) * cw;
        for (let x = 0; x < sw; x++) img[y * sw + x] = distToLight[src + Math.floor(x / scale)]! <= closeR2 ? 255 : 0;
      }
      out.push({ image: { data: img, width: sw, height: sh, channels: 1 }, offsetPx: [x0, y0], scale, dotPitchPx: pitch, dotCount: count });
    }
  }
  return out;
}

/**
 * 0 where a pixel is at least `delta` darker than the mean of the (2r+1)² box around it, else 255.
 * Box mean from an integral image: O(1) per pixel whatever r is.
 */
function localDarkMask(gray: Raster, r: number, delta: number): Uint8Array {
  const { width: w, height: h, data } = gray;
  const iw = w + 1;
  // Sums of 8-bit pixels fit 32 bits up to 16 million pixels; larger images keep the float table.
  const integral = w * h <= 1 << 24 ? new Int32Array(iw * (h + 1)) : new Float64Array(iw * (h + 1));
  for (let y = 0; y < h; y++) {
    let rowSum = 0;
    for (let x = 0; x < w; x++) {
      rowSum += data[y * w + x]!;
      integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1]! + rowSum;
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const ya = Math.max(0, y - r);
    const yb = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const xa = Math.max(0, x - r);
      const xb = Math.min(w, x + r + 1);
      const sum = integral[yb * iw + xb]! - integral[ya * iw + xb]! - integral[yb * iw + xa]! + integral[ya * iw + xa]!;
      // v < sum / area − delta without the division: the same test for an integer delta (sum / area is a multiple of
      // 1 / area, never within rounding of an integer it is not equal to).
      out[y * w + x] = (data[y * w + x]! + delta) * ((yb - ya) * (xb - xa)) < sum ? 0 : 255;
    }
  }
  return out;
}

/**
 * Squared Euclidean distance of every pixel to the nearest set pixel (1) of `mask`
 * (Felzenszwalb & Huttenlocher 2012, "Distance Transforms of Sampled Functions": two
 * 1D lower-envelope passes, O(n)). Thresholding it gives a dilation by a disc of any
 * radius at the same cost, which per-pixel disc painting does not.
 */
function squaredDistance(mask: Uint8Array, w: number, h: number): Float64Array {
  const INF = 1e20;
  const d = new Float64Array(w * h);
  for (let i = 0; i < d.length; i++) d[i] = mask[i] ? 0 : INF;
  const n = Math.max(w, h);
  const f = new Float64Array(n);
  const out = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  const pass = (len: number): void => {
    let k = 0;
    v[0] = 0;
    z[0] = -INF;
    z[1] = INF;
    for (let q = 1; q < len; q++) {
      let s = ((f[q]! + q * q) - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
      while (s <= z[k]!) {
        k--;
        s = ((f[q]! + q * q) - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = INF;
    }
    k = 0;
    for (let q = 0; q < len; q++) {
      while (z[k + 1]! < q) k++;
      const dq = q - v[k]!;
      out[q] = dq * dq + f[v[k]!]!;
    }
  };
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) f[y] = d[y * w + x]!;
    pass(h);
    for (let y = 0; y < h; y++) d[y * w + x] = out[y]!;
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) f[x] = d[y * w + x]!;
    pass(w);
    for (let x = 0; x < w; x++) d[y * w + x] = out[x]!;
  }
  return d;
}
