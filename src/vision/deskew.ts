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
import { estimateSkewAngle } from './estimate-skew-angle.js';

/**
 * Least share of edge energy in the dominant direction (see `SkewEstimate.strength`) to trust it.
 * Solid print, borders and rules give 0.3–0.7 on generated labels (seeds 4242, 5252); pages of
 * dot-matrix print alone give 0.05–0.1 at an arbitrary angle (round drops have no direction), and
 * a rotation from such an estimate would only tilt straight text.
 */
const MIN_STRENGTH = 0.2;

/** A page rotated upright by {@link deskewForText}. */
export interface DeskewedPage {
  /** The rotated gray image (canvas grown to hold the whole page). */
  readonly gray: Raster;
  /** Rotation applied, degrees counter-clockwise on screen. */
  readonly angleDeg: number;
  /** Maps a point of `gray` back to the input image. */
  readonly toSource: (p: Point) => Point;
  readonly ms: number;
}

/**
 * Returns the page rotated upright, or `undefined` when it is already within `minAngleDeg`
 * of the image axes or has no dominant edge direction (strength below `minStrength`).
 */
export async function deskewForText(gray: Raster, minAngleDeg: number, minStrength = MIN_STRENGTH): Promise<DeskewedPage | undefined> {
  if (!Number.isFinite(minAngleDeg) || gray.channels !== 1) return undefined;
  const t0 = performance.now();
  const skew = await estimateSkewAngle(gray);
  if (Math.abs(skew.angleDeg) < minAngleDeg || skew.strength < minStrength) return undefined;
  // The corners the rotation opens are filled with the image's border level (the bench or
  // conveyor around the label), so they read as background, not as a frame of new edges.
  const fill = borderMedian(gray);
  const rot = await sharp(gray.data, { raw: { width: gray.width, height: gray.height, channels: 1 } })
    .rotate(-skew.angleDeg, { background: { r: fill, g: fill, b: fill } })
    .toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const rw = rot.info.width;
  const rh = rot.info.height;
  const t = (-skew.angleDeg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const { width: w, height: h } = gray;
  return {
    gray: { data: new Uint8Array(rot.data.buffer, rot.data.byteOffset, rot.data.byteLength), width: rw, height: rh, channels: 1 },
    // Counter-clockwise on screen = the estimate's clockwise angle, undone.
    angleDeg: skew.angleDeg,
    toSource: ([x, y]) => {
      const dx = x - rw / 2;
      const dy = y - rh / 2;
      return [w / 2 + dx * cos + dy * sin, h / 2 - dx * sin + dy * cos];
    },
    ms: performance.now() - t0,
  };
}

function borderMedian(g: Raster): number {
  const hist = new Uint32Array(256);
  let n = 0;
  const add = (x: number, y: number) => { hist[g.data[y * g.width + x]!]!++; n++; };
  for (let x = 0; x < g.width; x++) { add(x, 0); add(x, g.height - 1); }
  for (let y = 1; y < g.height - 1; y++) { add(0, y); add(g.width - 1, y); }
  let acc = 0;
  for (let v = 0; v < 256; v++) { acc += hist[v]!; if (acc * 2 >= n) return v; }
  return 255;
}
