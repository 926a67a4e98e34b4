/**
 * Rotates a tilted page upright (modulo 90°) before text detection.
 *
 * Why: the DB text detector and the line crops work best on axis-aligned text; at 30–60° the
 * detector splits lines into fragments ("Supplie" + "ier") and pairs of neighbours merge
 * across rows. The dominant edge direction ({@link estimateSkewAngle}) gives the page's
 * rotation modulo 90°; the remaining 90°/180°/270° are handled by the text reader's page
 * axis and the direction classifier. libvips (sharp) does the rotation.
 */
import sharp from 'sharp';
import type { Point, Raster } from '../core/types.js';
import type { DotMatrixDetection } from './dot-matrix.js';
import { estimateSkewAngle } from './estimate-skew-angle.js';
import { percentile } from './measure-quality.js';

/**
 * Least share of edge energy in the dominant direction (see `SkewEstimate.strength`) to trust it.
 * Solid print, borders and rules give 0.3–0.7 on generated labels (seeds 4242, 5252); pages of
 * dot-matrix print alone give 0.05–0.1 at an arbitrary angle (round drops have no direction), and
 * a rotation from such an estimate would only tilt straight text.
 */
export const DESKEW_MIN_STRENGTH = 0.2;

/** A page rotated upright by {@link deskewForText}. */
export interface DeskewedPage {
  /** The rotated target image (canvas grown to hold the whole page). */
  readonly gray: Raster;
  /** Rotation applied, degrees counter-clockwise on screen. */
  readonly angleDeg: number;
  /** Maps a point of the rotated page back to the input image. */
  readonly toSource: (p: Point) => Point;
  /** Maps a point of the input image onto the rotated page. */
  readonly toUpright: (p: Point) => Point;
  /** Rotates another one-channel raster of the input's size the same way. */
  readonly rotate: (r: Raster) => Promise<Raster>;
  /** Share of edge energy in the rotation's direction (see `SkewEstimate.strength`). */
  readonly strength: number;
  readonly ms: number;
}

/**
 * Estimates the skew on `gray` (the page as decoded, so the estimate is shared with the code
 * stage) and returns `target` (by default `gray`; e.g. its enhanced rendering, same size)
 * rotated upright, or `undefined` when the page is already within `minAngleDeg` of the image
 * axes or has no dominant edge direction (strength below `minStrength`).
 */
export async function deskewForText(gray: Raster, minAngleDeg: number, target: Raster = gray, minStrength = DESKEW_MIN_STRENGTH): Promise<DeskewedPage | undefined> {
  if (!Number.isFinite(minAngleDeg) || gray.channels !== 1 || target.channels !== 1) return undefined;
  if (target.width !== gray.width || target.height !== gray.height) throw new RangeError('deskewForText: target must have the size of gray');
  const t0 = performance.now();
  const skew = await estimateSkewAngle(gray);
  if (Math.abs(skew.angleDeg) < minAngleDeg || skew.strength < minStrength) return undefined;
  const { width: w, height: h } = gray;
  const rotate = async (r: Raster): Promise<Raster> => {
    if (r.width !== w || r.height !== h || r.channels !== 1) throw new RangeError('deskewForText: a raster of another size or depth');
    // The corners the rotation opens are filled with the image's border level (the bench or
    // conveyor around the label), so they read as background, not as a frame of new edges.
    const fill = borderMedian(r);
    const rot = await sharp(r.data, { raw: { width: w, height: h, channels: 1 } })
      .rotate(-skew.angleDeg, { background: { r: fill, g: fill, b: fill } })
      .toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(rot.data.buffer, rot.data.byteOffset, rot.data.byteLength), width: rot.info.width, height: rot.info.height, channels: 1 };
  };
  const upright = await rotate(target);
  const rw = upright.width;
  const rh = upright.height;
  const t = (-skew.angleDeg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  return {
    gray: upright,
    // Counter-clockwise on screen = the estimate's clockwise angle, undone.
    angleDeg: skew.angleDeg,
    toSource: ([x, y]) => {
      const dx = x - rw / 2;
      const dy = y - rh / 2;
      return [w / 2 + dx * cos + dy * sin, h / 2 - dx * sin + dy * cos];
    },
    toUpright: ([x, y]) => {
      const dx = x - w / 2;
      const dy = y - h / 2;
      return [rw / 2 + dx * cos - dy * sin, rh / 2 + dx * sin + dy * cos];
    },
    rotate,
    strength: skew.strength,
    ms: performance.now() - t0,
  };
}

/**
 * A dot-matrix detection in the frame of the rotated page: drops keep their size around their
 * moved centres; each region becomes the box around its four moved corners.
 */
export function rotateDotMatrixDetection(det: DotMatrixDetection, page: DeskewedPage): DotMatrixDetection {
  const { width, height } = page.gray;
  const clip = (b: readonly [number, number, number, number]): readonly [number, number, number, number] =>
    [Math.max(0, Math.floor(b[0])), Math.max(0, Math.floor(b[1])), Math.min(width, Math.ceil(b[2])), Math.min(height, Math.ceil(b[3]))];
  return {
    ...det,
    dots: det.dots.map(([x0, y0, x1, y1]) => {
      const [cx, cy] = page.toUpright([(x0 + x1) / 2, (y0 + y1) / 2]);
      return clip([cx - (x1 - x0) / 2, cy - (y1 - y0) / 2, cx + (x1 - x0) / 2, cy + (y1 - y0) / 2]);
    }),
    regions: det.regions.map(([x0, y0, x1, y1]) => {
      const c = ([[x0, y0], [x1, y0], [x1, y1], [x0, y1]] as const).map((p) => page.toUpright(p));
      return clip([Math.min(...c.map((p) => p[0])), Math.min(...c.map((p) => p[1])), Math.max(...c.map((p) => p[0])), Math.max(...c.map((p) => p[1]))]);
    }),
  };
}

/** Median gray level of the image's outermost pixel ring. */
function borderMedian(g: Raster): number {
  const hist = new Uint32Array(256);
  let n = 0;
  const add = (x: number, y: number) => { hist[g.data[y * g.width + x]!]!++; n++; };
  for (let x = 0; x < g.width; x++) { add(x, 0); add(x, g.height - 1); }
  for (let y = 1; y < g.height - 1; y++) { add(0, y); add(g.width - 1, y); }
  return percentile(hist, n, 0.5);
}
