import type { Raster } from '../core/types.js';
import type { Vec } from './geometry.js';

/** A text line cut out and straightened: gray, `height` rows. */
export interface LineCrop {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Cuts the parallelogram `p0 → p1` (top edge of the text), `p0 → p3` (left
 * edge) out of a gray image into an upright `width × heightPx` crop with
 * bilinear sampling (an affine warp, as PaddleOCR's `get_rotate_crop_image`
 * does with a perspective warp of the same rectangle). Outside pixels are white.
 *
 * @param heightPx - output height; the width keeps the aspect ratio (times `widthScale`), capped at `maxWidthPx`.
 */
export function cropLine(gray: Raster, p0: Vec, p1: Vec, p3: Vec, heightPx: number, maxWidthPx: number, widthScale = 1): LineCrop {
  const lenU = Math.hypot(p1[0] - p0[0], p1[1] - p0[1]);
  const lenV = Math.hypot(p3[0] - p0[0], p3[1] - p0[1]);
  const width = Math.max(8, Math.min(maxWidthPx, Math.round((lenU / Math.max(lenV, 1)) * heightPx * widthScale)));
  const out = new Uint8Array(width * heightPx);
  const { width: w, height: h, data } = gray;
  const ux = (p1[0] - p0[0]) / width;
  const uy = (p1[1] - p0[1]) / width;
  const vx = (p3[0] - p0[0]) / heightPx;
  const vy = (p3[1] - p0[1]) / heightPx;
  const [ax, ay] = p0;
  // When the crop is much smaller than the source, average a 2×2 sample grid to limit aliasing.
  const shrink = Math.max(Math.hypot(ux, uy), Math.hypot(vx, vy));
  const offsets = shrink > 1.5 ? [-0.25, 0.25] : [0];
  const no = offsets.length;
  const ns = no * no;
  // Pixel centres are at integer + 0.5 in both frames.
  const sample = (tx: number, ty: number): number => {
    const sx = ax + tx * ux + ty * vx - 0.5;
    const sy = ay + tx * uy + ty * vy - 0.5;
    const x0 = Math.floor(sx);
    const y0 = Math.floor(sy);
    const fx = sx - x0;
    const fy = sy - y0;
    if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
      const i = y0 * w + x0;
      return (data[i]! * (1 - fx) + data[i + 1]! * fx) * (1 - fy) + (data[i + w]! * (1 - fx) + data[i + w + 1]! * fx) * fy;
    }
    return (pixelOrPaper(gray, x0, y0) * (1 - fx) + pixelOrPaper(gray, x0 + 1, y0) * fx) * (1 - fy)
      + (pixelOrPaper(gray, x0, y0 + 1) * (1 - fx) + pixelOrPaper(gray, x0 + 1, y0 + 1) * fx) * fy;
  };
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let j = 0; j < no; j++) {
        const ty = y + 0.5 + offsets[j]!;
        for (let k = 0; k < no; k++) s += sample(x + 0.5 + offsets[k]!, ty);
      }
      out[y * width + x] = Math.round(s / ns);
    }
  }
  return { data: out, width, height: heightPx };
}

/** The gray level at (x, y), white outside the image. */
function pixelOrPaper(gray: Raster, x: number, y: number): number {
  return x < 0 || y < 0 || x >= gray.width || y >= gray.height ? 255 : gray.data[y * gray.width + x]!;
}

/** The crop turned by 180°. */
export function rotateCrop180(crop: LineCrop): LineCrop {
  const out = new Uint8Array(crop.data.length);
  for (let i = 0, n = crop.data.length; i < n; i++) out[i] = crop.data[n - 1 - i]!;
  return { data: out, width: crop.width, height: crop.height };
}
