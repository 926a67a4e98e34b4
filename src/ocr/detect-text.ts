import type ort from 'onnxruntime-node';
import type { Raster } from '../core/types.js';
import { minAreaRect } from './geometry.js';
import type { RotatedRect, Vec } from './geometry.js';
import { runSession } from './onnx-session.js';

/** Options of {@link detectText}. */
export interface DetectTextOptions {
  /**
   * Longest side of the detector input, px (rounded to a multiple of 32).
   * 640 keeps text of a 900×500 label ≥ 10 px high. Images smaller than this
   * are not enlarged. @defaultValue 640
   */
  readonly maxSidePx?: number;
  /**
   * Smallest detector scale, whatever `maxSidePx` says: a label photographed
   * on a larger canvas keeps its text big enough for DB (measured: a 1084×944
   * rotated, blurred label lost characters at scale 0.59; at 0.75 it read its
   * GTIN and REF exactly; the small table text of rating plates read 1.4–2.5
   * points fewer fields at 0.5 and 0.6 than at 0.7, nameplate seeds 820001/820002). @defaultValue 0.7
   */
  readonly minScale?: number;
  /** Probability above which a pixel is text (PaddleOCR `det_db_thresh`). @defaultValue 0.3 */
  readonly pixelThreshold?: number;
  /** Mean probability a region needs to be kept (PaddleOCR `det_db_box_thresh`). @defaultValue 0.6 */
  readonly boxThreshold?: number;
  /** DB unclip ratio (PaddleOCR `det_db_unclip_ratio`). @defaultValue 1.6 */
  readonly unclipRatio?: number;
}

/** One detected text region. */
export interface DetectedText {
  /** Rotated rectangle in original-image pixels, already unclipped. */
  readonly rect: RotatedRect;
  /** Mean text probability inside the region, 0..1. */
  readonly score: number;
}

/** Result of {@link detectText}. */
export interface DetectTextResult {
  readonly boxes: DetectedText[];
  /** Scale of the detector input against the image (before rounding to multiples of 32). */
  readonly scale: number;
  readonly inferMs: number;
  readonly postMs: number;
  readonly resizeMs: number;
}

// ImageNet normalisation the PP-OCR detector was trained with (PaddleOCR det NormalizeImage).
const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;

/**
 * DB text detection (Liao et al., "Real-time Scene Text Detection with
 * Differentiable Binarization", AAAI 2020) with the PP-OCRv4 detector:
 * resize to a multiple of 32, normalise, infer, threshold the probability map,
 * connected components → minimum-area rectangles → unclip, mapped back to the
 * original image.
 */
export async function detectText(session: ort.InferenceSession, gray: Raster, options: DetectTextOptions = {}): Promise<DetectTextResult> {
  const t0 = performance.now();
  const maxSide = options.maxSidePx ?? 640;
  const scale = Math.min(1, Math.max(options.minScale ?? 0.7, maxSide / Math.max(gray.width, gray.height)));
  const dw = Math.max(32, Math.round((gray.width * scale) / 32) * 32);
  const dh = Math.max(32, Math.round((gray.height * scale) / 32) * 32);
  const resized = resizeGray(gray, dw, dh);
  const plane = dw * dh;
  const input = new Float32Array(3 * plane);
  // The gray value is the same in B, G and R; only mean/std differ per channel.
  const luts = [0, 1, 2].map((c) => {
    const lut = new Float32Array(256);
    for (let v = 0; v < 256; v++) lut[v] = (v / 255 - MEAN[c as 0 | 1 | 2]) / STD[c as 0 | 1 | 2];
    return lut;
  });
  const [l0, l1, l2] = luts as [Float32Array, Float32Array, Float32Array];
  for (let i = 0; i < plane; i++) {
    const v = resized[i]!;
    input[i] = l0[v]!;
    input[plane + i] = l1[v]!;
    input[2 * plane + i] = l2[v]!;
  }
  const t1 = performance.now();
  const out = await runSession(session, input, [1, 3, dh, dw]);
  const t2 = performance.now();
  const boxes = postprocessDb(out.data, dw, dh, gray.width / dw, gray.height / dh, options);
  const t3 = performance.now();
  return { boxes, scale, resizeMs: t1 - t0, inferMs: t2 - t1, postMs: t3 - t2 };
}

/**
 * DB post-processing on a probability map: run-length connected components
 * (8-neighbour), hull → min-area rectangle, score filter, unclip by
 * `d = area · ratio / perimeter` (DB paper §3.4; for a rectangle the offset
 * polygon's bounding rectangle grows by 2d per side), then scale to the image.
 */
export function postprocessDb(prob: Float32Array, w: number, h: number, sx: number, sy: number, options: DetectTextOptions = {}): DetectedText[] {
  const thr = options.pixelThreshold ?? 0.3;
  const boxThr = options.boxThreshold ?? 0.6;
  const ratio = options.unclipRatio ?? 1.6;
  // Runs: [y, x0, x1) per row, with union-find over runs.
  const runY: number[] = [];
  const runX0: number[] = [];
  const runX1: number[] = [];
  const parent: number[] = [];
  const find = (a: number): number => {
    while (parent[a]! !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  let prevStart = 0;
  let prevEnd = 0;
  for (let y = 0; y < h; y++) {
    const rowStart = runY.length;
    const row = y * w;
    let x = 0;
    while (x < w) {
      if (prob[row + x]! <= thr) {
        x++;
        continue;
      }
      const x0 = x;
      while (x < w && prob[row + x]! > thr) x++;
      const id = runY.length;
      runY.push(y);
      runX0.push(x0);
      runX1.push(x);
      parent.push(id);
      for (let p = prevStart; p < prevEnd; p++) {
        // 8-connectivity: runs touch if their x ranges overlap when widened by one.
        if (runX0[p]! <= x && runX1[p]! >= x0) {
          const a = find(p);
          const b = find(id);
          if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
        }
      }
    }
    prevStart = rowStart;
    prevEnd = runY.length;
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < runY.length; i++) {
    const r = find(i);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(i);
  }
  const boxes: DetectedText[] = [];
  for (const runs of groups.values()) {
    let area = 0;
    let sum = 0;
    const pts: Vec[] = [];
    for (const i of runs) {
      const y = runY[i]!;
      const x0 = runX0[i]!;
      const x1 = runX1[i]!;
      area += x1 - x0;
      for (let x = x0; x < x1; x++) sum += prob[y * w + x]!;
      pts.push([x0, y], [x1, y], [x0, y + 1], [x1, y + 1]);
    }
    if (area < 6) continue;
    const score = sum / area;
    if (score < boxThr) continue;
    const rect = minAreaRect(pts);
    if (Math.min(rect.width, rect.height) < 2) continue;
    const d = (rect.width * rect.height * ratio) / (2 * (rect.width + rect.height));
    const grown = { ...rect, width: rect.width + 2 * d, height: rect.height + 2 * d };
    boxes.push({ rect: scaleRect(grown, sx, sy), score });
  }
  return boxes;
}

/** Maps a rectangle through the anisotropic scaling `(x·sx, y·sy)` (re-fitting a rectangle to the resulting parallelogram). */
function scaleRect(r: RotatedRect, sx: number, sy: number): RotatedRect {
  const hw = r.width / 2;
  const hh = r.height / 2;
  const ax = r.ux * hw * sx;
  const ay = r.uy * hw * sy;
  const bx = -r.uy * hh * sx;
  const by = r.ux * hh * sy;
  const cx = r.cx * sx;
  const cy = r.cy * sy;
  const pts: Vec[] = [
    [cx - ax - bx, cy - ay - by], [cx + ax - bx, cy + ay - by], [cx + ax + bx, cy + ay + by], [cx - ax + bx, cy - ay + by],
  ];
  return minAreaRect(pts);
}

/**
 * Resizes a gray raster: integer box reduction first when shrinking by 2× or
 * more (so no input pixel is skipped), then bilinear to the exact size.
 * In-process rather than sharp: for one small image the hop to libuv's
 * thread pool costs more than the resize, and it waits behind other work.
 */
export function resizeGray(gray: Raster, width: number, height: number): Uint8Array {
  let src = gray.data;
  let sw = gray.width;
  let sh = gray.height;
  const f = Math.floor(Math.min(sw / width, sh / height));
  if (f >= 2) {
    const rw = Math.floor(sw / f);
    const rh = Math.floor(sh / f);
    const red = new Uint8Array(rw * rh);
    const area = f * f;
    for (let y = 0; y < rh; y++) {
      for (let x = 0; x < rw; x++) {
        let sum = 0;
        for (let dy = 0; dy < f; dy++) {
          const row = (y * f + dy) * sw + x * f;
          for (let dx = 0; dx < f; dx++) sum += src[row + dx]!;
        }
        red[y * rw + x] = (sum + (area >> 1)) / area;
      }
    }
    src = red;
    sw = rw;
    sh = rh;
  }
  const out = new Uint8Array(width * height);
  const sx = sw / width;
  const sy = sh / height;
  const x0s = new Int32Array(width);
  const fxs = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    x0s[x] = Math.min(sw - 2, Math.floor(fx));
    fxs[x] = fx - x0s[x]!;
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.min(Math.max(0, sh - 2), Math.floor(fy));
    const ty = sh > 1 ? fy - y0 : 0;
    const r0 = y0 * sw;
    const r1 = sh > 1 ? r0 + sw : r0;
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x0s[x]!);
      const x1 = sw > 1 ? x0 + 1 : x0;
      const tx = fxs[x]!;
      const top = src[r0 + x0]! * (1 - tx) + src[r0 + x1]! * tx;
      const bot = src[r1 + x0]! * (1 - tx) + src[r1 + x1]! * tx;
      out[y * width + x] = top * (1 - ty) + bot * ty + 0.5;
    }
  }
  return out;
}
