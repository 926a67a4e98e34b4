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
import type { DotMatrixDetection } from '../vision/dot-matrix.js';

/** One symbol candidate, ready for a decoder: dark solid modules on white. */
export interface DotPeenCandidate {
  /**
   * How the modules were rebuilt: `lattice` samples the dots at the nodes of a fitted module grid and
   * draws the symbol upright with square modules; `closing` merges neighbouring dots in place.
   */
  readonly kind: 'lattice' | 'closing';
  /** Rebuilt symbol (0 = dark module, 255 = background), 1 channel. */
  readonly image: Raster;
  /** Maps a pixel position of `image` to the input image, px. */
  readonly toSource: (x: number, y: number) => [x: number, y: number];
  /** Top-left corner of the symbol's region in the input image, px. */
  readonly regionPx: readonly [x: number, y: number];
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
 * modules rebuilt: per region, first the symbol drawn from its fitted module lattice (when the
 * dots fit one), then one entry per closing radius; regions most promising first.
 * Yields nothing when the image holds no such cluster.
 *
 * The dots are found at once (and a bad raster throws at once); each candidate is built only
 * when the caller asks for it, so a caller that stops at the first candidate it decodes does
 * not pay for the others (the two closings need four distance transforms of the region).
 *
 * @param gray - one-channel image, dark dots on a lighter surface
 */
export function findDotPeenSymbols(gray: Raster, options: FindDotPeenSymbolsOptions = {}): Iterable<DotPeenCandidate> {
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
  return candidatesOf(det, ink, w, h, { radii, minPitchPx, minDots, maxRegions });
}

/** The candidates of {@link findDotPeenSymbols}, built one at a time. */
function* candidatesOf(det: DotMatrixDetection, ink: Uint8Array, w: number, h: number, options: { radii: readonly number[]; minPitchPx: number; minDots: number; maxRegions: number }): Generator<DotPeenCandidate> {
  const { radii, minPitchPx, minDots, maxRegions } = options;
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
  for (const { r, count } of regions) {
    const centres = det.dots
      .filter((d) => d[0] >= r[0] && d[2] <= r[2] && d[1] >= r[1] && d[3] <= r[3])
      .map((d): [number, number] => [(d[0] + d[2]) / 2, (d[1] + d[3]) / 2]);
    const lattice = fitLattice(centres, pitch);
    if (lattice) {
      const drawn = drawLattice(lattice, centres, ink, w, h, pitch);
      if (drawn) yield { kind: 'lattice', image: drawn.image, toSource: drawn.toSource, regionPx: [r[0], r[1]], dotPitchPx: pitch, dotCount: count };
    }
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
      yield {
        kind: 'closing',
        image: { data: img, width: sw, height: sh, channels: 1 },
        toSource: (x, y) => [x / scale + x0, y / scale + y0],
        regionPx: [r[0], r[1]],
        dotPitchPx: pitch,
        dotCount: count,
      };
    }
  }
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

/** A module lattice: node (i, j) lies at `o + i·a + j·b`, px. */
export interface Lattice {
  readonly ox: number;
  readonly oy: number;
  readonly ax: number;
  readonly ay: number;
  readonly bx: number;
  readonly by: number;
}

/** Largest distance (× pitch) of a dot from its lattice node for the dot to count in a fit. */
const LATTICE_INLIER_PITCH = 0.35;
/** Largest root-mean-square distance (× pitch) of the inlying dots from their nodes for a usable lattice. */
const LATTICE_MAX_RMS_PITCH = 0.2;
/** Share of the region's dots that must lie on the lattice. */
const LATTICE_MIN_INLIERS = 0.8;
/** Dots whose nearest neighbours give the lattice's direction. */
const LATTICE_DIRECTION_DOTS = 400;
/** Modules a side of the smallest and largest DataMatrix (ISO/IEC 16022: 8×18 rectangles up to 144×144). */
const LATTICE_MIN_MODULES = 8;
const LATTICE_MAX_MODULES = 144;

/**
 * Fits the module lattice of a dot cluster: an affine grid (rotation, shear, two pitches), so a
 * symbol photographed at an angle or marked on a slanted fixture still has its dots at nodes.
 * The grid direction comes from the nearest-neighbour vectors (mod 90°), then origin and vectors
 * are refined by least squares on the dots within 3, 6, 12 pitches of the central dot and then all,
 * so that a pitch measured a little off does not put far dots on the wrong node.
 * `undefined` when the dots do not sit on one grid.
 *
 * Written by hand: a lattice fit of scattered points is a few dozen lines of least squares that no
 * maintained npm package offers for this use.
 */
export function fitLattice(centres: readonly (readonly [number, number])[], pitch: number): Lattice | undefined {
  const n = centres.length;
  if (n < 12 || !(pitch > 0)) return undefined;
  // Grid direction: angles of nearest-neighbour vectors, folded mod 90° by averaging 4φ (of at most
  // LATTICE_DIRECTION_DOTS dots, each against all: the search is quadratic).
  let c4 = 0;
  let s4 = 0;
  for (let k = 0; k < n; k += Math.ceil(n / LATTICE_DIRECTION_DOTS)) {
    const [x, y] = centres[k]!;
    let best = Infinity;
    let dx = 0;
    let dy = 0;
    for (let m = 0; m < n; m++) {
      if (m === k) continue;
      const ex = centres[m]![0] - x;
      const ey = centres[m]![1] - y;
      const d = ex * ex + ey * ey;
      if (d < best) {
        best = d;
        dx = ex;
        dy = ey;
      }
    }
    const len = Math.sqrt(best);
    if (len < 0.6 * pitch || len > 1.5 * pitch) continue;
    const phi = Math.atan2(dy, dx);
    c4 += Math.cos(4 * phi);
    s4 += Math.sin(4 * phi);
  }
  if (c4 === 0 && s4 === 0) return undefined;
  const theta = Math.atan2(s4, c4) / 4;
  const mx = centres.reduce((t, c) => t + c[0], 0) / n;
  const my = centres.reduce((t, c) => t + c[1], 0) / n;
  let origin = centres[0]!;
  for (const c of centres) if ((c[0] - mx) ** 2 + (c[1] - my) ** 2 < (origin[0] - mx) ** 2 + (origin[1] - my) ** 2) origin = c;
  let L: Lattice = { ox: origin[0], oy: origin[1], ax: pitch * Math.cos(theta), ay: pitch * Math.sin(theta), bx: -pitch * Math.sin(theta), by: pitch * Math.cos(theta) };
  for (const radius of [3, 6, 12, Infinity]) {
    for (let pass = 0; pass < 2; pass++) {
      const near = centres.filter((c) => (c[0] - origin[0]) ** 2 + (c[1] - origin[1]) ** 2 <= (radius * pitch) ** 2);
      const fitted = fitAffine(near, L, pitch);
      if (!fitted) return undefined;
      L = fitted;
    }
  }
  // The fit must hold for nearly all dots, closely.
  let inliers = 0;
  let sq = 0;
  for (const c of centres) {
    const { residual } = nearestNode(L, c);
    if (residual <= LATTICE_INLIER_PITCH * pitch) {
      inliers++;
      sq += residual * residual;
    }
  }
  if (inliers < LATTICE_MIN_INLIERS * n || Math.sqrt(sq / inliers) > LATTICE_MAX_RMS_PITCH * pitch) return undefined;
  return L;
}

/** The lattice node nearest an image point, and the point's distance from it, px. */
function nearestNode(L: Lattice, c: readonly [number, number]): { i: number; j: number; residual: number } {
  const det = L.ax * L.by - L.bx * L.ay;
  const dx = c[0] - L.ox;
  const dy = c[1] - L.oy;
  const i = Math.round((dx * L.by - dy * L.bx) / det);
  const j = Math.round((L.ax * dy - L.ay * dx) / det);
  return { i, j, residual: Math.hypot(L.ox + i * L.ax + j * L.bx - c[0], L.oy + i * L.ay + j * L.by - c[1]) };
}

/**
 * Least-squares affine lattice through the points that lie near a node of `L` (each at its
 * nearest node), or `undefined` when they are too few or all in one row.
 */
function fitAffine(points: readonly (readonly [number, number])[], L: Lattice, pitch: number): Lattice | undefined {
  // Normal equations of [1 i j]·[o a b] = x (and = y): one 3×3 matrix, two right-hand sides.
  const M = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const rx = [0, 0, 0];
  const ry = [0, 0, 0];
  let count = 0;
  for (const c of points) {
    const { i, j, residual } = nearestNode(L, c);
    if (residual > LATTICE_INLIER_PITCH * pitch) continue;
    const f = [1, i, j];
    for (let r = 0; r < 3; r++) {
      for (let q = 0; q < 3; q++) M[r * 3 + q]! += f[r]! * f[q]!;
      rx[r]! += f[r]! * c[0];
      ry[r]! += f[r]! * c[1];
    }
    count++;
  }
  if (count < 6) return undefined;
  const sx = solve3(M, rx);
  const sy = solve3(M, ry);
  if (!sx || !sy) return undefined;
  return { ox: sx[0], oy: sy[0], ax: sx[1], ay: sy[1], bx: sx[2], by: sy[2] };
}

/** Solves a 3×3 linear system (Cramer's rule); `undefined` when it is singular. */
function solve3(m: readonly number[], r: readonly number[]): [number, number, number] | undefined {
  const d = (a: readonly number[]): number => a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) - a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) + a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
  const det = d(m);
  if (Math.abs(det) < 1e-9) return undefined;
  const col = (k: number): number[] => m.map((v, idx) => (idx % 3 === k ? r[Math.floor(idx / 3)]! : v));
  return [d(col(0)) / det, d(col(1)) / det, d(col(2)) / det];
}

/** Pixels a side of a drawn module. */
const MODULE_PX = 6;
/** Light modules drawn around the symbol (ISO/IEC 16022 asks for one). */
const QUIET_MODULES = 2;

/**
 * Draws the symbol of a fitted lattice upright, one square of {@link MODULE_PX} per module: dark
 * where the dot mask is dark over at least a quarter of a disc of 0.3 pitch around the node.
 */
function drawLattice(L: Lattice, centres: readonly (readonly [number, number])[], ink: Uint8Array, w: number, h: number, pitch: number): { image: Raster; toSource: (x: number, y: number) => [number, number] } | undefined {
  const rad = Math.max(1, 0.3 * pitch);
  const offsets: [number, number][] = [];
  for (let dy = -Math.ceil(rad); dy <= Math.ceil(rad); dy++) for (let dx = -Math.ceil(rad); dx <= Math.ceil(rad); dx++) if (dx * dx + dy * dy <= rad * rad) offsets.push([dx, dy]);
  const darkAt = (i: number, j: number): boolean => {
    const x = L.ox + i * L.ax + j * L.bx;
    const y = L.oy + i * L.ay + j * L.by;
    let dark = 0;
    let seen = 0;
    for (const [dx, dy] of offsets) {
      const xx = Math.round(x + dx);
      const yy = Math.round(y + dy);
      if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
      seen++;
      if (ink[yy * w + xx] === 0) dark++;
    }
    return seen > 0 && dark >= 0.25 * seen;
  };
  // Nodes of the symbol: those of the fitted dots, grown while a row or column beyond still holds a
  // dark node (an edge module whose dot the search missed); the quiet zone stops the growth.
  const span = LATTICE_MAX_MODULES;
  let i0 = Infinity;
  let i1 = -Infinity;
  let j0 = Infinity;
  let j1 = -Infinity;
  for (const c of centres) {
    const { i, j, residual } = nearestNode(L, c);
    if (residual > LATTICE_INLIER_PITCH * pitch) continue;
    i0 = Math.min(i0, i);
    i1 = Math.max(i1, i);
    j0 = Math.min(j0, j);
    j1 = Math.max(j1, j);
  }
  if (!Number.isFinite(i0) || i1 - i0 >= span || j1 - j0 >= span) return undefined;
  const rowDark = (j: number, a: number, b: number): boolean => { for (let i = a; i <= b; i++) if (darkAt(i, j)) return true; return false; };
  const colDark = (i: number, a: number, b: number): boolean => { for (let j = a; j <= b; j++) if (darkAt(i, j)) return true; return false; };
  for (let grown = true; grown && i1 - i0 < span && j1 - j0 < span;) {
    grown = false;
    if (colDark(i0 - 1, j0, j1)) { i0--; grown = true; }
    if (colDark(i1 + 1, j0, j1)) { i1++; grown = true; }
    if (rowDark(j0 - 1, i0, i1)) { j0--; grown = true; }
    if (rowDark(j1 + 1, i0, i1)) { j1++; grown = true; }
  }
  const ni = i1 - i0 + 1;
  const nj = j1 - j0 + 1;
  if (ni < LATTICE_MIN_MODULES || nj < LATTICE_MIN_MODULES || ni > span || nj > span) return undefined;
  const W = (ni + 2 * QUIET_MODULES) * MODULE_PX;
  const H = (nj + 2 * QUIET_MODULES) * MODULE_PX;
  const data = new Uint8Array(W * H).fill(255);
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      if (!darkAt(i, j)) continue;
      const px = (i - i0 + QUIET_MODULES) * MODULE_PX;
      const py = (j - j0 + QUIET_MODULES) * MODULE_PX;
      for (let y = py; y < py + MODULE_PX; y++) data.fill(0, y * W + px, y * W + px + MODULE_PX);
    }
  }
  const toSource = (x: number, y: number): [number, number] => {
    const i = x / MODULE_PX - QUIET_MODULES - 0.5 + i0;
    const j = y / MODULE_PX - QUIET_MODULES - 0.5 + j0;
    return [L.ox + i * L.ax + j * L.bx, L.oy + i * L.ay + j * L.by];
  };
  return { image: { data, width: W, height: H, channels: 1 }, toSource };
}
