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
 * Solid print, borders and rules give 0.3–0.7 on generated labels (seeds 4242, 5252). Cartons
 * (corrugation, dot-matrix print) and brushed plates give less, and their estimate is still the
 * page's: on the 40 of the 480 labels of dev seeds 950001/950002 turned 5° or more with a strength under
 * 0.2 (0.079–0.199), it lay within 1.5° of the turn on 38 and within 4.2° on the other two (sheared
 * labels). Left upright, text at such a slant came apart in detection (`P` and `/N: 0034-DV-178R` as
 * two lines, stacked dot-matrix lines as single glyphs). Of the 333 labels within 5° of upright, two
 * gave an estimate of 5° or more, one of them at 0.126 (turned 4° off, still read right). Drops alone
 * have no direction: pages of dot-matrix print alone gave 0.05–0.1 at an arbitrary angle (seeds 4242,
 * 5252), and specks strewn over a page give about 0.05 (see the tests). The floor lies inside that
 * range: such a page between 0.08 and 0.1 is turned by an angle that means nothing (it is still read,
 * as any turned page, from its detected lines). Where a carton's edges or board show, as on every
 * generated carton, they give the direction.
 */
export const DESKEW_MIN_STRENGTH = 0.08;

/** A page rotated upright by {@link deskewForText}. */
export interface DeskewedPage {
  /** The rotated target image, cut to the part that holds ink (with a margin; see `inkBounds`). */
  readonly gray: Raster;
  /** Rotation applied, degrees counter-clockwise on screen. */
  readonly angleDeg: number;
  /** Maps a point of the rotated page back to the input image. */
  readonly toSource: (p: Point) => Point;
  /** Maps a point of the input image onto the rotated page. */
  readonly toUpright: (p: Point) => Point;
  /** Rotates (and cuts) another one-channel raster of the input's size the same way. */
  readonly rotate: (r: Raster) => Promise<Raster>;
  /** Share of edge energy in the rotation's direction (see `SkewEstimate.strength`). */
  readonly strength: number;
  readonly ms: number;
}

/** Options of {@link deskewForText}. */
export interface DeskewOptions {
  /**
   * Cut the turned page to the part that holds ink, with a margin (see `inkBounds`). @defaultValue true
   */
  readonly cutToInk?: boolean;
}

/**
 * Estimates the skew on `gray` (the page as decoded, so the estimate is shared with the code
 * stage) and returns `target` (by default `gray`; e.g. its enhanced rendering, same size)
 * rotated upright, or `undefined` when the page is already within `minAngleDeg` of the image
 * axes or has no dominant edge direction (strength below `minStrength`).
 */
export async function deskewForText(gray: Raster, minAngleDeg: number, target: Raster = gray, minStrength = DESKEW_MIN_STRENGTH, options: DeskewOptions = {}): Promise<DeskewedPage | undefined> {
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
  // The canvas grows with the turn (a 1000×1000 photo of a label at 45° becomes 1414×1414), and the
  // grown corners, with the bench around the label, hold no text: the page is cut to its ink and a
  // margin, so that the detector and every later pass work on the label rather than on empty canvas.
  const turned = await rotate(target);
  const cut = (options.cutToInk ?? true) ? inkBounds(turned) : wholeOf(turned);
  const upright = cropRaster(turned, cut);
  const rw = turned.width;
  const rh = turned.height;
  const t = (-skew.angleDeg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  return {
    gray: upright,
    // Counter-clockwise on screen = the estimate's clockwise angle, undone.
    angleDeg: skew.angleDeg,
    toSource: ([x, y]) => {
      const dx = x + cut.left - rw / 2;
      const dy = y + cut.top - rh / 2;
      return [w / 2 + dx * cos + dy * sin, h / 2 - dx * sin + dy * cos];
    },
    toUpright: ([x, y]) => {
      const dx = x - w / 2;
      const dy = y - h / 2;
      return [rw / 2 + dx * cos - dy * sin - cut.left, rh / 2 + dx * sin + dy * cos - cut.top];
    },
    rotate: async (r) => cropRaster(await rotate(r), cut),
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

/** A rectangle of a raster: offset and size. */
interface Cut { readonly left: number; readonly top: number; readonly width: number; readonly height: number }

/**
 * Darker than the page's light level by this much counts as ink for the cut (levels of the
 * enhanced page, where ink is stretched to black and paper to white).
 */
const INK_CUT_THRESHOLD = 96;
/** Margin kept around the ink, share of the page's longer side (at least {@link INK_CUT_MIN_MARGIN_PX}). */
const INK_CUT_MARGIN = 0.03;
const INK_CUT_MIN_MARGIN_PX = 32;
/** A cut that would keep more than this share of the canvas is not made. */
const INK_CUT_MAX_KEPT = 0.85;

/** Ink pixels a row or column needs to count as holding ink (a speck of noise does not). */
const INK_CUT_MIN_PIXELS = 3;

/**
 * The part of a dark-on-light page that holds its ink, with a margin; the whole raster when
 * there is no ink or the cut would save little. Hand-written: libvips' trim finds the same kind
 * of box but took 48 ms on a 1460×1460 page (it median-filters the whole page first); counting
 * ink per row and column takes a few.
 */
function inkBounds(g: Raster): Cut {
  const whole = wholeOf(g);
  const light = borderMedian(g);
  const ink = light - INK_CUT_THRESHOLD;
  if (ink <= 0) return whole;
  const { width: w, height: h, data } = g;
  const rows = new Uint32Array(h);
  const cols = new Uint32Array(w);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let n = 0;
    for (let x = 0; x < w; x++) {
      if (data[row + x]! < ink) {
        n++;
        cols[x]!++;
      }
    }
    rows[y] = n;
  }
  const first = (a: Uint32Array): number => a.findIndex((n) => n >= INK_CUT_MIN_PIXELS);
  const last = (a: Uint32Array): number => a.findLastIndex((n) => n >= INK_CUT_MIN_PIXELS);
  const y0 = first(rows);
  const x0 = first(cols);
  if (y0 < 0 || x0 < 0) return whole;
  const margin = Math.max(INK_CUT_MIN_MARGIN_PX, Math.round(INK_CUT_MARGIN * Math.max(w, h)));
  const left = Math.max(0, x0 - margin);
  const top = Math.max(0, y0 - margin);
  const right = Math.min(w, last(cols) + 1 + margin);
  const bottom = Math.min(h, last(rows) + 1 + margin);
  if ((right - left) * (bottom - top) > INK_CUT_MAX_KEPT * w * h) return whole;
  return { left, top, width: right - left, height: bottom - top };
}

/** The cut that keeps all of `g`. */
function wholeOf(g: Raster): Cut {
  return { left: 0, top: 0, width: g.width, height: g.height };
}

/** The raster cut to `c` (the raster itself when `c` is all of it). */
function cropRaster(g: Raster, c: Cut): Raster {
  if (c.left === 0 && c.top === 0 && c.width === g.width && c.height === g.height) return g;
  const data = new Uint8Array(c.width * c.height);
  for (let y = 0; y < c.height; y++) {
    const from = (c.top + y) * g.width + c.left;
    data.set(g.data.subarray(from, from + c.width), y * c.width);
  }
  return { data, width: c.width, height: c.height, channels: 1 };
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
