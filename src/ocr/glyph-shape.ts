/**
 * Glyph-shape evidence for the letter/digit pairs a line recogniser confuses in
 * mixed identifiers: `O`/`0`/`Q`/`D` and `I`/`1`.
 *
 * PP-OCRv4 often reads `O895648Q` as `0895648Q` with a confident `0` and no
 * usable `O` alternative, and identifiers (serial, lot, part number) have no
 * check digit to repair it. The glyphs differ in shape in a way that holds
 * across fonts, measured on the line's own ink against the line's unambiguous
 * digits `2`–`9` (never in absolute pixels, since crops are squeezed):
 * - digits are tabular, so `0` is about as wide as the other digits, while `O`
 *   is a round capital, 1.2–1.4× wider in proportional faces (DejaVu,
 *   Liberation, Helvetica-like) and still wider ink than the narrow oval `0` in OCR-B;
 * - a zero with a dot or slash (DejaVu Sans Mono, many industrial faces) has ink
 *   in the middle of its counter, a letter never does;
 * - `Q` has its tail below the baseline (or at least outside the bowl, bottom right);
 * - `D` has a straight stem down its whole left side, `0`/`O` touch their left
 *   edge only around mid-height;
 * - a sans `I` is a bare bar and a serif `I` is symmetric, while `1` has its flag
 *   on the left of the stem only.
 *
 * Written by hand: no npm library measures glyph shape in a line crop against the
 * recogniser's character positions; OCR libraries expose only strings and boxes.
 */
import type { CharAlternative, RecognizedChar } from '../core/types.js';
import { medianLevel } from '../core/order-statistics.js';
import type { LineCrop } from './crop-line.js';

/** Input columns per CTC output frame of PP-OCRv4 recognition (two stride-2 stages and two 2×1 poolings in width). */
export const REC_COLUMNS_PER_FRAME = 8;

/** Characters whose shape is checked. */
const ROUND = new Set(['0', 'O', 'Q', 'D']);
const BAR = new Set(['1', 'I']);
/** Digits used as the line's reference: no letter looks like them in the fonts in question. */
const REFERENCE_DIGITS = new Set(['2', '3', '4', '5', '6', '7', '8', '9']);
/** Capitals with flat tops and bottoms (no overshoot, no descender), read unambiguously: the line's cap height. */
const REFERENCE_CAPITALS = new Set(['B', 'E', 'F', 'H', 'K', 'L', 'M', 'N', 'P', 'R', 'T', 'X', 'Z']);

/** Ink bounding box of one glyph in a line crop, in crop pixels (`x1`, `y1` exclusive). */
export interface GlyphBox {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** A binarised line crop and its glyphs. */
export interface SegmentedLine {
  readonly width: number;
  readonly height: number;
  /** 1 = ink, row-major. */
  readonly ink: Uint8Array;
  /** The crop's gray values. */
  readonly gray: Uint8Array;
  /** Glyphs left to right: connected components (8-neighbourhood) joined when they overlap in columns. */
  readonly glyphs: readonly GlyphBox[];
}

/** Shape figures of one glyph, relative to the line's reference digits. */
export interface GlyphFeatures {
  /** Ink width / median ink width of the reference digits. */
  readonly widthRatio: number;
  /** Ink height / median ink height of the reference digits. */
  readonly heightRatio: number;
  /** Soft ink height (see {@link softHeight}) / the reference digits' (1 when the line has no cap height). */
  readonly softHeightRatio: number;
  /** Ink below the fitted baseline, in reference heights (a `Q` tail). */
  readonly descent: number;
  /** One pixel, in reference heights: the unit {@link descent} is measured in steps of. */
  readonly pixel: number;
  /** Ink above the fitted top line, in reference heights. */
  readonly rise: number;
  /** How far the left edge recedes near the top and bottom versus mid-height, in glyph widths (a `D` stem ≈ 0, a bowl > 0.1). */
  readonly leftBulge: number;
  /** Ink in the middle of the counter not connected to the outline (a dotted zero). */
  readonly centreDot: boolean;
  /** No ink at all in the middle of the body (an open counter, as `O` and a plain `0` have). */
  readonly centreEmpty: boolean;
  /**
   * How inked the very middle of the body is (its central fifth, each way), from the glyph box's
   * paper-most gray (0) to its ink-most (1; light print on a dark plate counts its light gray as
   * ink): a dotted zero's dot stays inked there when blur has joined it to the ring, which the
   * binary `centreDot` then misses.
   */
  readonly centreInk: number;
  /** Share of the glyph's ink in its bottom-right corner outside the bowl (a `Q` tail). */
  readonly tailInk: number;
  /** Reach of the top rows left of the stem (the column run with the most ink), in reference heights: the flag of a `1`. */
  readonly flagLeft: number;
  /** Reach of the top rows right of the stem, in reference heights: the right half of an `I` serif. */
  readonly flagRight: number;
}

/** Line reference measured on the unambiguous digits. */
export interface LineReference {
  /** Median soft ink width (see {@link softWidth}) of the reference digits, px. */
  readonly digitWidth: number;
  /** Median ink height of the reference digits, px. */
  readonly digitHeight: number;
  /** Slope of the text line in the crop (rows per column), from the digits' bottoms and tops. */
  readonly slope: number;
  /** Baseline (bottom row, exclusive) at column 0; at column x it is `baseline + slope·x`. */
  readonly baseline: number;
  /** Top line at column 0, as `baseline`. */
  readonly topline: number;
  /** How many glyphs the reference was measured on. */
  readonly count: number;
  /** Median soft ink height (see {@link softHeight}) of the line's confident flat capitals (see REFERENCE_CAPITALS), px; absent without one. */
  readonly capHeight?: number;
  /** Median soft ink height of the reference digits, px; given with `capHeight`. */
  readonly softDigitHeight?: number;
}

/** Options of {@link refineByGlyphShape}. */
export interface GlyphShapeOptions {
  /** Fewest reference digits (`2`–`9`, measured cleanly) a line needs before any shape is judged. @defaultValue 2 */
  readonly minReferenceDigits?: number;
  /** Lowest recogniser probability of a reference digit. @defaultValue 0.8 */
  readonly minReferenceConfidence?: number;
  /** Input columns per CTC frame. @defaultValue {@link REC_COLUMNS_PER_FRAME} */
  readonly columnsPerFrame?: number;
}

/** Result of {@link refineByGlyphShape}. */
export interface GlyphShapeResult {
  readonly chars: RecognizedChar[];
  /** Positions whose best character was changed, with the shape that decided it. */
  readonly changes: readonly { readonly position: number; readonly from: string; readonly to: string }[];
}

/** Bradley–Roth threshold: ink is this fraction darker than its window's mean. */
const LOCAL_THRESHOLD = 0.15;

/**
 * Ink mask of a line crop. Otsu's threshold (IEEE Trans. SMC 1979) says the
 * polarity: ink is the minority side (text is the smaller part of a line crop,
 * dark or light).
 */
function binarize(crop: LineCrop): Uint8Array {
  const hist = new Float64Array(256);
  const n = crop.data.length;
  for (let i = 0; i < n; i++) hist[crop.data[i]!]!++;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * hist[v]!;
  let wB = 0;
  let sumB = 0;
  let best = -1;
  let thr = 127;
  for (let v = 0; v < 256; v++) {
    wB += hist[v]!;
    if (wB === 0) continue;
    const wF = n - wB;
    if (wF === 0) break;
    sumB += v * hist[v]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      thr = v;
    }
  }
  let dark = 0;
  for (let v = 0; v <= thr; v++) dark += hist[v]!;
  const darkInk = dark <= n - dark;
  // Otsu gives the polarity and the global levels; the mask itself is thresholded locally
  // (Bradley & Roth, J. Graphics Tools 2007: darker than the window mean by a fraction),
  // since uneven light and cell borders make whole corners of a crop darker than the text's paper.
  const { width: W, height: H, data } = crop;
  const integral = new Float64Array((W + 1) * (H + 1));
  for (let y = 0; y < H; y++) {
    let row = 0;
    for (let x = 0; x < W; x++) {
      const v = data[y * W + x]!;
      row += darkInk ? v : 255 - v;
      integral[(y + 1) * (W + 1) + x + 1] = integral[y * (W + 1) + x + 1]! + row;
    }
  }
  const r = Math.max(4, Math.round(H / 4));
  const ink = new Uint8Array(n);
  for (let y = 0; y < H; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(H, y + r + 1);
    for (let x = 0; x < W; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(W, x + r + 1);
      const sum = integral[y1 * (W + 1) + x1]! - integral[y0 * (W + 1) + x1]! - integral[y1 * (W + 1) + x0]! + integral[y0 * (W + 1) + x0]!;
      const v = darkInk ? data[y * W + x]! : 255 - data[y * W + x]!;
      ink[y * W + x] = v * (x1 - x0) * (y1 - y0) < sum * (1 - LOCAL_THRESHOLD) ? 1 : 0;
    }
  }
  return ink;
}

/**
 * Erases table rules from an ink mask: horizontal runs longer than the crop is
 * high (no glyph stroke of a line is) and vertical runs through nearly the whole
 * crop. Rules touching the glyphs would otherwise join them into one component.
 */
function eraseRules(ink: Uint8Array, W: number, H: number): void {
  for (let y = 0; y < H; y++) {
    let x = 0;
    while (x < W) {
      if (!ink[y * W + x]) {
        x++;
        continue;
      }
      let e = x;
      while (e < W && ink[y * W + e]) e++;
      if (e - x > H) ink.fill(0, y * W + x, y * W + e);
      x = e;
    }
  }
  for (let x = 0; x < W; x++) {
    let full = 0;
    for (let y = 0; y < H; y++) full += ink[y * W + x]!;
    // A column inked from top to bottom is a `|` separator or a border, never part of a glyph.
    if (full >= H - 1) for (let y = 0; y < H; y++) ink[y * W + x] = 0;
  }
}

/** Segmentations of the crops seen, so that a crop read again alone and measured (see `isolated-glyphs.ts`) is cut once. */
const segmented = new WeakMap<LineCrop, SegmentedLine>();

/**
 * Binarises a line crop and cuts it into glyphs: 8-connected ink components,
 * minus rules and borders (components spanning the crop's full height or much
 * wider than tall), joined when their columns overlap by half the narrower one
 * (a broken stroke, a detached `Q` tail, the dot of a zero). A crop's pixels are
 * never changed once cut, so each crop is segmented once.
 */
export function segmentGlyphs(crop: LineCrop): SegmentedLine {
  const known = segmented.get(crop);
  if (known) return known;
  const line = segment(crop);
  segmented.set(crop, line);
  return line;
}

function segment(crop: LineCrop): SegmentedLine {
  const { width: W, height: H } = crop;
  const ink = binarize(crop);
  eraseRules(ink, W, H);
  const label = new Int32Array(W * H).fill(-1);
  const boxes: { x0: number; x1: number; y0: number; y1: number; area: number }[] = [];
  const stack: number[] = [];
  for (let start = 0; start < W * H; start++) {
    if (ink[start] !== 1 || label[start] !== -1) continue;
    const id = boxes.length;
    const b = { x0: W, x1: 0, y0: H, y1: 0, area: 0 };
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % W;
      const y = (p - x) / W;
      b.area++;
      if (x < b.x0) b.x0 = x;
      if (x + 1 > b.x1) b.x1 = x + 1;
      if (y < b.y0) b.y0 = y;
      if (y + 1 > b.y1) b.y1 = y + 1;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= H) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= W) continue;
          const q = yy * W + xx;
          if (ink[q] === 1 && label[q] === -1) {
            label[q] = id;
            stack.push(q);
          }
        }
      }
    }
    boxes.push(b);
  }
  const kept = boxes
    .filter((b) => {
      const h = b.y1 - b.y0;
      const w = b.x1 - b.x0;
      if (h >= H - 1) return false; // a border or rule crossing the whole crop
      if (w > 3 * h && w > H) return false; // an underline or table rule
      return b.area >= 3;
    })
    .sort((a, b) => a.x0 - b.x0);
  const glyphs: { x0: number; x1: number; y0: number; y1: number }[] = [];
  for (const b of kept) {
    const last = glyphs[glyphs.length - 1];
    if (last) {
      const overlap = Math.min(last.x1, b.x1) - Math.max(last.x0, b.x0);
      const narrower = Math.min(last.x1 - last.x0, b.x1 - b.x0);
      if (overlap >= 0.5 * narrower) {
        last.x0 = Math.min(last.x0, b.x0);
        last.x1 = Math.max(last.x1, b.x1);
        last.y0 = Math.min(last.y0, b.y0);
        last.y1 = Math.max(last.y1, b.y1);
        continue;
      }
    }
    glyphs.push({ ...b });
  }
  return { width: W, height: H, ink, gray: crop.data, glyphs };
}

/** Height share of the line's median glyph below which a component is a speck (see {@link matchGlyphs}). */
const SPECK_HEIGHT = 0.3;

/**
 * The glyph of each character: the one glyph whose centre lies in the
 * character's cell (between the midpoints to its neighbours' CTC centres) and
 * that does not reach a neighbour's centre; a speck beside it does not count. `undefined` where
 * that is not so (touching glyphs, a glyph lost to noise, a space).
 *
 * @param centresPx - CTC centre of each character in crop columns
 */
export function matchGlyphs(chars: readonly RecognizedChar[], centresPx: readonly number[], line: SegmentedLine): (GlyphBox | undefined)[] {
  const out: (GlyphBox | undefined)[] = new Array(chars.length).fill(undefined);
  // A speck of noise or a stub of a cell border beside a glyph is no rival to it: a component
  // under SPECK_HEIGHT of the line's median glyph height counts only where no taller one is there.
  const heights = line.glyphs.map((g) => g.y1 - g.y0);
  const speck = heights.length > 0 ? SPECK_HEIGHT * median(heights) : 0;
  for (let i = 0; i < chars.length; i++) {
    if (chars[i]!.char === ' ') continue;
    const c = centresPx[i]!;
    const prev = i > 0 ? centresPx[i - 1]! : -Infinity;
    const next = i + 1 < chars.length ? centresPx[i + 1]! : Infinity;
    const lo = (prev + c) / 2;
    const hi = (c + next) / 2;
    const inCell = line.glyphs.filter((g) => (g.x0 + g.x1) / 2 >= lo && (g.x0 + g.x1) / 2 < hi);
    const tall = inCell.length > 1 ? inCell.filter((g) => g.y1 - g.y0 >= speck) : inCell;
    if (tall.length !== 1) continue;
    const found = tall[0]!;
    // Touching glyphs: one component covering a neighbour's position.
    if (found.x0 <= prev || found.x1 >= next) continue;
    out[i] = found;
  }
  return out;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Width of a glyph's ink with sub-pixel precision: over its columns (and one
 * either side), the sum of each column's strongest ink, 0 at the background
 * gray and 1 at the ink gray. At 10 px per digit, a whole-pixel width would be
 * ±10 %, as much as the difference being measured.
 */
export function softWidth(line: SegmentedLine, g: GlyphBox): number {
  return softExtent(line, g, 'x');
}

/** Height of a glyph's ink with sub-pixel precision, as {@link softWidth} over its rows. */
export function softHeight(line: SegmentedLine, g: GlyphBox): number {
  return softExtent(line, g, 'y');
}

function softExtent(line: SegmentedLine, g: GlyphBox, axis: 'x' | 'y'): number {
  const { gray, ink, width: W, height: H } = line;
  const whole = axis === 'x' ? g.x1 - g.x0 : g.y1 - g.y0;
  // Gray levels of this glyph's own box: light varies along a line.
  const inkHist = new Uint32Array(256);
  const bgHist = new Uint32Array(256);
  let nInk = 0;
  for (let y = g.y0; y < g.y1; y++) {
    for (let x = g.x0; x < g.x1; x++) {
      if (ink[y * W + x]) {
        inkHist[gray[y * W + x]!]!++;
        nInk++;
      } else bgHist[gray[y * W + x]!]!++;
    }
  }
  const nBg = (g.y1 - g.y0) * (g.x1 - g.x0) - nInk;
  if (nInk === 0 || nBg === 0) return whole;
  const fg = medianLevel(inkHist, nInk);
  const bg = medianLevel(bgHist, nBg);
  const span = fg - bg;
  if (Math.abs(span) < 8) return whole;
  const [a0, a1, b0, b1, limit] = axis === 'x' ? [g.x0, g.x1, g.y0, g.y1, W] : [g.y0, g.y1, g.x0, g.x1, H];
  let sum = 0;
  for (let a = Math.max(0, a0 - 1); a < Math.min(limit, a1 + 1); a++) {
    let m = 0;
    for (let b = b0; b < b1; b++) m = Math.max(m, (gray[axis === 'x' ? b * W + a : a * W + b]! - bg) / span);
    sum += Math.min(1, m);
  }
  return sum;
}

/** Theil–Sen slope (median of pairwise slopes, Sen 1968) of points (x, y); 0 for fewer than two distinct x. */
function theilSen(points: readonly (readonly [number, number])[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dx = points[j]![0] - points[i]![0];
      if (Math.abs(dx) >= 1) slopes.push((points[j]![1] - points[i]![1]) / dx);
    }
  }
  return slopes.length > 0 ? median(slopes) : 0;
}

/**
 * The line's reference from its confident digits `2`–`9`; `undefined` with
 * fewer than `minCount`. The baseline and top line are fitted (a straightened
 * crop still slants by a degree or two, which over a long line is more than a `Q` tail).
 */
export function lineReference(line: SegmentedLine, chars: readonly RecognizedChar[], glyphs: readonly (GlyphBox | undefined)[], minCount = 2, minConfidence = 0.8): LineReference | undefined {
  const refs: GlyphBox[] = [];
  chars.forEach((c, i) => {
    const g = glyphs[i];
    if (g && REFERENCE_DIGITS.has(c.char) && c.confidence >= minConfidence) refs.push(g);
  });
  if (refs.length < minCount) return undefined;
  const h0 = median(refs.map((g) => g.y1 - g.y0));
  // Digits of one line share their height; drop any that do not (noise joined to a glyph).
  const clean = refs.filter((g) => Math.abs(g.y1 - g.y0 - h0) <= 0.15 * h0);
  if (clean.length < minCount || h0 < 8) return undefined;
  const cx = (g: GlyphBox): number => (g.x0 + g.x1) / 2;
  const slope = Math.max(-0.1, Math.min(0.1, theilSen([...clean.map((g): [number, number] => [cx(g), g.y1]), ...clean.map((g): [number, number] => [cx(g), g.y0])])));
  const caps: number[] = [];
  chars.forEach((c, i) => {
    const g = glyphs[i];
    // A capital within the digits' height band (not joined to a rule or a neighbour).
    if (g && REFERENCE_CAPITALS.has(c.char) && c.confidence >= minConfidence && Math.abs(g.y1 - g.y0 - h0) <= 0.15 * h0) caps.push(softHeight(line, g));
  });
  return {
    ...(caps.length > 0 ? { capHeight: median(caps), softDigitHeight: median(clean.map((g) => softHeight(line, g))) } : {}),
    digitWidth: median(clean.map((g) => softWidth(line, g))),
    digitHeight: median(clean.map((g) => g.y1 - g.y0)),
    slope,
    baseline: median(clean.map((g) => g.y1 - slope * cx(g))),
    topline: median(clean.map((g) => g.y0 - slope * cx(g))),
    count: clean.length,
  };
}

/** Shape figures of one glyph against the line reference. */
export function measureGlyph(line: SegmentedLine, g: GlyphBox, ref: LineReference): GlyphFeatures {
  const { ink, width: W } = line;
  const w = g.x1 - g.x0;
  const h = g.y1 - g.y0;
  const at = (x: number, y: number): number => ink[y * W + x]!;

  const gx = (g.x0 + g.x1) / 2;
  const baseline = ref.baseline + ref.slope * gx;
  const topline = ref.topline + ref.slope * gx;
  // Body rows: the glyph above the baseline (a Q tail is not part of the bowl).
  const bodyBottom = Math.max(g.y0 + 1, Math.min(g.y1, Math.round(baseline)));
  const bodyH = Math.max(1, bodyBottom - g.y0);

  // Left stem: how far the left edge bends away from the glyph's left side near the top and
  // bottom of the body, relative to mid-height (averaging top and bottom cancels a slant).
  const leftEdge = (y: number): number => {
    for (let x = g.x0; x < g.x1; x++) if (at(x, y)) return x - g.x0;
    return w;
  };
  const band = (f0: number, f1: number): number => {
    const a = g.y0 + Math.floor(f0 * bodyH);
    const b = Math.max(a + 1, g.y0 + Math.ceil(f1 * bodyH));
    let s = 0;
    for (let y = a; y < b; y++) s += leftEdge(y);
    return s / (b - a);
  };
  const leftBulge = ((band(0.08, 0.2) + band(0.8, 0.92)) / 2 - band(0.4, 0.6)) / w;

  let lightest = 0;
  let darkest = 255;
  // Light print on a dark plate: the mask's ink is the lighter gray, and "dark" below means inked.
  let inkSum = 0;
  let inkCount = 0;
  let paperSum = 0;
  for (let y = g.y0; y < g.y1; y++) {
    for (let x = g.x0; x < g.x1; x++) {
      const v = line.gray[y * W + x]!;
      if (v > lightest) lightest = v;
      if (v < darkest) darkest = v;
      if (at(x, y)) {
        inkSum += v;
        inkCount++;
      } else paperSum += v;
    }
  }
  const lightInk = inkCount > 0 && inkCount < w * h && inkSum / inkCount > paperSum / (w * h - inkCount);
  let centreSum = 0;
  let centreCount = 0;
  for (let y = g.y0 + Math.floor(0.4 * bodyH); y < g.y0 + Math.ceil(0.6 * bodyH); y++) {
    for (let x = g.x0 + Math.floor(0.4 * w); x < g.x0 + Math.ceil(0.6 * w); x++) {
      centreSum += line.gray[y * W + x]!;
      centreCount++;
    }
  }
  const centreMean = centreSum / centreCount;
  const centreInk = centreCount > 0 && lightest > darkest ? (lightInk ? centreMean - darkest : lightest - centreMean) / (lightest - darkest) : 0;

  // Centre dot: ink near the middle of the body not connected to the glyph's outline (a dotted zero).
  const reached = new Uint8Array(w * h);
  const stack: number[] = [];
  for (let y = g.y0; y < g.y1; y++) {
    for (let x = g.x0; x < g.x1; x++) {
      const onEdge = x === g.x0 || x === g.x1 - 1 || y === g.y0 || y === g.y1 - 1;
      if (!onEdge || !at(x, y)) continue;
      reached[(y - g.y0) * w + (x - g.x0)] = 1;
      stack.push((y - g.y0) * w + (x - g.x0));
    }
  }
  while (stack.length > 0) {
    const p = stack.pop()!;
    const x = p % w;
    const y = (p - x) / w;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
        const q = yy * w + xx;
        if (!reached[q] && at(g.x0 + xx, g.y0 + yy)) {
          reached[q] = 1;
          stack.push(q);
        }
      }
    }
  }
  let centreDot = false;
  let centreEmpty = true;
  for (let y = Math.round(0.3 * bodyH); y < Math.round(0.7 * bodyH); y++) {
    for (let x = Math.round(0.3 * w); x < Math.round(0.7 * w); x++) {
      if (!at(g.x0 + x, g.y0 + y)) continue;
      centreEmpty = false;
      if (!reached[y * w + x]) centreDot = true;
    }
  }

  // Tail: ink in the bottom-right quarter beyond the bowl's bottom-right diagonal (an ellipse leaves that corner empty).
  let inkTotal = 0;
  let tail = 0;
  const ex = (g.x0 + g.x1) / 2;
  const ey = (g.y0 + bodyBottom) / 2;
  const ax = w / 2;
  const ay = bodyH / 2;
  for (let y = g.y0; y < g.y1; y++) {
    for (let x = g.x0; x < g.x1; x++) {
      if (!at(x, y)) continue;
      inkTotal++;
      const dx = (x + 0.5 - ex) / ax;
      const dy = (y + 0.5 - ey) / ay;
      if (dx > 0.2 && dy > 0.2 && dx * dx + dy * dy > 1.15) tail++;
    }
  }

  // Flag of a bar glyph: the stem is the run of columns with the most ink; compare the reach of the top rows left and right of it.
  const colInk = new Array<number>(w).fill(0);
  for (let x = 0; x < w; x++) for (let y = g.y0; y < g.y1; y++) colInk[x]! += at(g.x0 + x, y);
  const peak = Math.max(...colInk);
  let sL = colInk.findIndex((v) => v >= 0.6 * peak);
  let sR = w - 1 - [...colInk].reverse().findIndex((v) => v >= 0.6 * peak);
  if (sL < 0) sL = 0;
  if (sR < sL) sR = sL;
  let reachL = 0;
  let reachR = 0;
  const topRows = Math.max(1, Math.round(0.3 * h));
  for (let y = g.y0; y < g.y0 + topRows; y++) {
    for (let x = 0; x < sL; x++) if (at(g.x0 + x, y)) { reachL = Math.max(reachL, sL - x); break; }
    for (let x = w - 1; x > sR; x--) if (at(g.x0 + x, y)) { reachR = Math.max(reachR, x - sR); break; }
  }

  return {
    widthRatio: softWidth(line, g) / ref.digitWidth,
    heightRatio: h / ref.digitHeight,
    softHeightRatio: ref.softDigitHeight !== undefined ? softHeight(line, g) / ref.softDigitHeight : 1,
    descent: (g.y1 - baseline) / ref.digitHeight,
    pixel: 1 / ref.digitHeight,
    rise: (topline - g.y0) / ref.digitHeight,
    leftBulge,
    centreDot,
    centreEmpty,
    centreInk,
    tailInk: inkTotal > 0 ? tail / inkTotal : 0,
    flagLeft: reachL / ref.digitHeight,
    flagRight: reachR / ref.digitHeight,
  };
}

/**
 * Thresholds of {@link judgeGlyph}, in the units of {@link GlyphFeatures}.
 *
 * Measured on DejaVu Sans, Liberation Sans, OCR-B and DejaVu Sans Mono rendered
 * at 26–38 px in a 48 px crop, squeezed to 0.65–0.8 width, blurred up to σ 1.3,
 * with noise, regular and bold (1 300 glyphs; none was judged as another character):
 * - soft width: `0` 0.96–1.14, `O` 1.28–1.49 in the proportional faces; in the
 *   monospaced ones `O` overlaps `0` (0.98–1.16), so narrowness is never taken
 *   as evidence for `0`;
 * - descent: `Q` 0.08–0.30 with height 1.08–1.30 (none in OCR-B, whose tail stays on the baseline), others ≤ 0.05;
 * - left bulge: `D` −0.06–0.08, bowls 0.05–0.26;
 * - flags: `1` left 0.09–0.25 and right ≤ 0.05; bare `I` ≤ 0.05 both with width ≤ 0.43; serif `I` 0.05–0.21 both;
 * - a separate dot in the counter: only DejaVu Sans Mono's `0` (when blur leaves it apart);
 *   its blurred zeros never have an empty centre.
 */
export const GLYPH_THRESHOLDS = {
  /** Height band (× reference) of a cap-height glyph; outside it the glyph is not judged (a `Q` may exceed `maxHeight` by its tail). */
  minHeight: 0.85,
  maxHeight: 1.15,
  /** Ink above the digits' top line beyond this: not a cap-height glyph (joined to an accent, a rule, noise). */
  maxRise: 0.1,
  /** A round glyph this much wider than the line's digits is a capital. */
  minLetterWidth: 1.22,
  /** Round glyphs have a left bulge of at least this. */
  minBowlBulge: 0.07,
  /** A `D` stem has a left bulge of at most this. */
  maxStemBulge: 0.02,
  /** A `Q` tail: descent and ink outside the bowl of at least these. */
  minTailDescent: 0.07,
  minTailInk: 0.03,
  /** A `Q` is at most this tall (× reference); taller is a glyph joined to something. */
  maxTailHeight: 1.45,
  /** A round letter or zero: descent and tail ink below these. */
  maxRoundDescent: 0.04,
  maxRoundTailInk: 0.02,
  /** The flag of a `1`: left reach at least, right reach at most. */
  minFlag: 0.08,
  maxFlagRight: 0.03,
  /** A bare `I`: both reaches at most (a pixel of blur), width at most; and the reach a `D` stem may have at its top left. */
  maxBareReach: 0.06,
  maxBareWidth: 0.5,
  /**
   * Fonts whose flat capitals are at most this share of their digit height (soft heights) draw them
   * visibly shorter: OCR-B 0.90–0.93; DejaVu Sans Mono 0.950–0.976, DejaVu Sans, Liberation Sans
   * 0.966–0.989, where an `O` is as tall as a `0` (26–38 px, blur up to σ 1.3, width 0.8).
   */
  maxShortCapRatio: 0.945,
  /**
   * In such a font a round glyph read `0` is the letter when its height is nearer the capitals' than
   * the digits' by at least this (× digit height). OCR-B: `O` 0.937–0.948, `0` 1.005–1.025, the
   * midpoint between capitals and digits 0.949–0.967.
   */
  minCapHeightMargin: 0.01,
  /**
   * A zero whose middle is at most this dark ({@link GlyphFeatures.centreInk}) is the letter O where the
   * zeros of its face are at least `minDottedCentreInk` dark there: dotted zeros joined to their ring by
   * blur. Measured on generated nameplates and logistics labels in DejaVu Sans Mono (seeds 880001/880002):
   * zeros 0.47–0.60, the letter O read as 0 0.07–0.14.
   */
  maxClearCentreInk: 0.2,
  minDottedCentreInk: 0.4,
  /** Below the baseline by at most this many pixels, a round glyph only overshoots it. */
  maxOvershootPx: 1.5,
  /**
   * A round glyph at most this wide (× the digits) on a proportional line is a zero: the zeros of
   * DejaVu Sans and Liberation Sans measure 0.96–1.14, their O 1.28–1.49.
   */
  maxZeroWidth: 1.16,
  /** A serif `I`: both reaches at least, the shorter at least this share of the longer. */
  minSerif: 0.05,
  minSerifBalance: 0.7,
} as const;

/** What the rest of the line says about its font. */
export interface LineContext {
  /**
   * Some glyph of the line read as `0` has a dot inside its counter: the font
   * draws zeros dotted, so a `0` with an empty counter is the letter.
   */
  readonly dottedZeros: boolean;
  /**
   * The line's cap height over its digit height (see `LineReference.capHeight`). Fonts whose
   * digits stand taller than their capitals (OCR-B: 0.93) tell an `O` from a `0` by height alone,
   * where both are as wide.
   */
  readonly capHeightRatio?: number;
  /**
   * Median {@link GlyphFeatures.centreInk} of the other zeros of the line and of page lines in the same
   * face (two or more), when no other zero of the line has a clear middle.
   */
  readonly zeroCentreInk?: number;
  /** How the line spaces its glyphs, when that tells (see {@link letterPitch}). */
  readonly pitch?: Pitch;
}

/**
 * The character a glyph's shape clearly says, within the round group
 * (`0 O Q D`) or the bar group (`1 I`) of `read`; `undefined` when the shape
 * does not decide (often, in monospaced faces).
 */
export function judgeGlyph(read: string, f: GlyphFeatures, context: LineContext = { dottedZeros: false }): string | undefined {
  const T = GLYPH_THRESHOLDS;
  if (f.heightRatio < T.minHeight || f.rise > T.maxRise) return undefined;
  if (ROUND.has(read)) {
    if (f.centreDot) return '0';
    if (f.descent >= T.minTailDescent && f.heightRatio >= 1 + T.minTailDescent && f.heightRatio <= T.maxTailHeight && f.tailInk >= T.minTailInk && f.leftBulge >= T.minBowlBulge) return 'Q';
    // A face that dots its zeros (a dot seen, or its other zeros dark in the middle) is no face of short
    // capitals: OCR-B's zeros are plain. Blurred small DejaVu Sans Mono measured capitals at 0.92–0.93 of
    // its digits (generated seed 960002), which had made its zeros letters and its letter O a zero.
    const darkZeros = context.zeroCentreInk !== undefined && context.zeroCentreInk >= T.minDottedCentreInk;
    const dottedFace = context.dottedZeros || darkZeros;
    // In such a face a round glyph read `O` as dark in the middle as the zeros, and no wider, is a zero
    // whose dot blur joined to its ring (the face's O is clear there: 0.07–0.16).
    if (read === 'O' && dottedFace && f.centreInk >= T.minDottedCentreInk && f.widthRatio < T.minLetterWidth && f.tailInk < T.minTailInk) return '0';
    // Short capitals the other way: a round glyph read `O` as tall as the digits is the digit, unless it is
    // a capital's width or has a Q's tail. Before the tests of bowl and descent: OCR-B's narrow zero has
    // a shallow bowl, and a round glyph's overshoot below the digits' flat feet is no tail.
    const caps = dottedFace ? undefined : context.capHeightRatio;
    if (read === 'O' && caps !== undefined && caps <= T.maxShortCapRatio && f.softHeightRatio >= (1 + caps) / 2 + T.minCapHeightMargin / 2
      && f.heightRatio <= T.maxHeight && f.tailInk < T.minTailInk && f.widthRatio < T.minLetterWidth) return '0';
    // Round glyphs overshoot the baseline: by one pixel at small sizes (24 px digits: 0.042), which is no descent
    // (generated nameplate seed 920001: a DejaVu Sans `O` 1.43 digits wide left unjudged, read `0`).
    // The baseline is fitted to a fraction of a pixel: up to 1.5 pixels below it is an overshoot (generated
    // seed 960002: an `O` 1.5 digits wide, 1.2 pixels below, left unjudged and read `0`).
    if (f.heightRatio > T.maxHeight || f.descent > Math.max(T.maxRoundDescent, T.maxOvershootPx * f.pixel + 1e-9)) return undefined;
    // The zero of a proportional face is as wide as its digits, its letter O a round capital far wider: a
    // round glyph read `O` no wider than the digits on a line that spaces its glyphs proportionally is the zero.
    if (read === 'O' && context.pitch === 'proportional' && f.widthRatio <= T.maxZeroWidth && f.leftBulge >= T.minBowlBulge && f.tailInk < T.minTailInk) return '0';
    // A zero clear in the middle where the face's zeros are dark there is the letter (see `maxClearCentreInk`).
    const clearInDottedFace = read === '0' && darkZeros && f.centreInk <= T.maxClearCentreInk;
    // A little ink at the bottom right (blur, noise, a tilted crop's edge, a Q's tail beside it) leaves the
    // letter O of a proportional face its width, and of a dotted-zero face its clear middle: no digit is
    // that wide or, there, that clear, and the Q of those faces has its tail below the baseline.
    if (f.tailInk >= T.maxRoundTailInk) return f.tailInk < T.minTailInk && f.leftBulge >= T.minBowlBulge && (f.widthRatio >= T.minLetterWidth || clearInDottedFace) ? 'O' : undefined;
    if (f.leftBulge <= T.maxStemBulge && f.flagLeft <= T.maxFlagRight) return 'D';
    if (f.leftBulge < T.minBowlBulge) return undefined;
    if (f.widthRatio >= T.minLetterWidth) return 'O';
    if (context.dottedZeros && f.centreEmpty) return 'O';
    if (clearInDottedFace) return 'O';
    // Short capitals: a round glyph nearer the capitals' height than the digits' is the letter.
    if (read === '0' && !f.centreDot && caps !== undefined && caps <= T.maxShortCapRatio && f.softHeightRatio <= (1 + caps) / 2 - T.minCapHeightMargin / 2) return 'O';
    return undefined;
  }
  if (BAR.has(read)) {
    if (f.heightRatio > T.maxHeight || f.descent > T.maxRoundDescent) return undefined;
    if (f.flagLeft >= T.minFlag && f.flagRight <= T.maxFlagRight) return '1';
    if (f.flagLeft <= T.maxBareReach && f.flagRight <= T.maxBareReach && f.widthRatio <= T.maxBareWidth) return 'I';
    if (f.flagLeft >= T.minSerif && f.flagRight >= T.minSerif && Math.min(f.flagLeft, f.flagRight) >= T.minSerifBalance * Math.max(f.flagLeft, f.flagRight)) return 'I';
    return undefined;
  }
  return undefined;
}

/**
 * Share of the recogniser's top-1 probability given to the character the shape
 * chose, and left to the character it replaced. The replaced one stays an
 * alternative (a date or GTIN grammar can still choose it), well below the chosen one.
 */
const PROMOTED_SHARE = 0.7;
const DEMOTED_SHARE = 0.25;

/** A line's glyphs measured by {@link measureGlyphShapes}, to be judged by {@link judgeGlyphShapes}. */
export interface MeasuredLine {
  readonly chars: readonly RecognizedChar[];
  /** Features of each `0 O Q D 1 I` character (undefined for others and unmatched glyphs). */
  readonly features: readonly (GlyphFeatures | undefined)[];
  readonly ref: LineReference;
  /** Some glyph read as `0` has a dot inside its counter (see `LineContext.dottedZeros`). */
  readonly dottedZeros: boolean;
  /** Whether the line's face is monospaced or proportional, when its glyph spacing tells (see {@link letterPitch}). */
  readonly pitch?: Pitch;
}

/** How a face spaces its glyphs. */
export type Pitch = 'monospaced' | 'proportional';

/**
 * Spacing of a pair of neighbours, as a share of the digit pitch, beyond which the pair is spaced
 * proportionally: below `min` or above `max` (and at most `maxGap`: a pair 2 pitches apart is a
 * space the recogniser left out). Measured on generated logistics labels (seed 880001): pairs of
 * DejaVu Sans Mono and OCR-B lines lie at 0.82–1.09 (`r.` lowest, the `r`'s ink right of its cell;
 * rendered in the tests, `ar` reaches 1.18), while DejaVu Sans and Liberation Sans lines each have
 * pairs at 0.48–0.79 (`r`, `i`, `t`, `:`, `.`) or 1.21–1.33 (`W`, `:` before a digit, `GT`).
 */
const PITCH_BAND = { min: 0.8, max: 1.2, maxGap: 1.6 } as const;

/**
 * Monospaced or proportional, from the spacing of the line's glyphs: digits are tabular in both
 * kinds of face, so the centre-to-centre distance of neighbouring digits is the line's pitch, and
 * every other pair of neighbours lies one pitch apart in a monospaced face. Two or more pairs off
 * that say proportional; three or more pairs and none off say monospaced; `undefined` otherwise (a
 * line of digits, or too few matched glyphs).
 *
 * Written by hand for the same reason as the rest of this module (no library sees glyphs in a crop).
 */
export function letterPitch(chars: readonly RecognizedChar[], glyphs: readonly (GlyphBox | undefined)[]): Pitch | undefined {
  const centre = (g: GlyphBox): number => (g.x0 + g.x1) / 2;
  const isDigit = (c: string): boolean => c >= '0' && c <= '9';
  const digitSteps: number[] = [];
  const otherSteps: number[] = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = glyphs[i];
    const b = glyphs[i + 1];
    if (!a || !b || a === b) continue;
    const step = centre(b) - centre(a);
    (isDigit(chars[i]!.char) && isDigit(chars[i + 1]!.char) ? digitSteps : otherSteps).push(step);
  }
  if (digitSteps.length === 0 || otherSteps.length === 0) return undefined;
  const pitch = median(digitSteps);
  if (pitch <= 0) return undefined;
  const ratios = otherSteps.map((s) => s / pitch).filter((r) => r <= PITCH_BAND.maxGap);
  const off = ratios.filter((r) => r < PITCH_BAND.min || r > PITCH_BAND.max).length;
  if (off >= 2) return 'proportional';
  if (off === 0 && ratios.length >= 3) return 'monospaced';
  return undefined;
}

/**
 * Measures the shape of each `0`/`O`/`Q`/`D` and `1`/`I` of a line against the line's confident
 * digits `2`–`9`; `undefined` when there is nothing to judge or fewer than two clean reference digits.
 *
 * Not for dot-matrix print: its glyphs are dots, not strokes.
 *
 * @param framesCentre - CTC centre of each character in output frames (`DecodeCtcResult.frames`)
 * @param crop - the crop the characters were recognised from
 */
export function measureGlyphShapes(
  chars: readonly RecognizedChar[],
  framesCentre: readonly number[],
  crop: LineCrop,
  options: GlyphShapeOptions = {},
): MeasuredLine | undefined {
  if (framesCentre.length !== chars.length) return undefined;
  if (!chars.some((c) => ROUND.has(c.char) || BAR.has(c.char))) return undefined;
  if (chars.filter((c) => REFERENCE_DIGITS.has(c.char)).length < (options.minReferenceDigits ?? 2)) return undefined;
  const perFrame = options.columnsPerFrame ?? REC_COLUMNS_PER_FRAME;
  const line = segmentGlyphs(crop);
  const glyphs = matchGlyphs(chars, framesCentre.map((f) => (f + 0.5) * perFrame), line);
  const ref = lineReference(line, chars, glyphs, options.minReferenceDigits ?? 2, options.minReferenceConfidence ?? 0.8);
  if (!ref) return undefined;
  const features = chars.map((c, i) => {
    const g = glyphs[i];
    return g && (ROUND.has(c.char) || BAR.has(c.char)) ? measureGlyph(line, g, ref) : undefined;
  });
  const pitch = letterPitch(chars, glyphs);
  return { chars, features, ref, dottedZeros: chars.some((c, i) => c.char === '0' && features[i]?.centreDot === true), ...(pitch ? { pitch } : {}) };
}

/**
 * Whether two measured lines are set in one font at one size, as far as their reference digits
 * tell: digit heights within 12 % and digit width-to-height ratios within 8 % (a bold header or
 * another face differs more; measured on the bench's faces at 17–38 px), and not one monospaced
 * and the other proportional (see {@link letterPitch}): DejaVu Sans and DejaVu Sans Mono have
 * digits of one size and proportions, so a GS1 text line in the monospaced face, whose zeros are
 * dotted, had made the single zero of a DejaVu Sans line beside it the letter O (`SER: 25O344`).
 */
function sameFace(x: MeasuredLine, y: MeasuredLine): boolean {
  if (x.pitch !== undefined && y.pitch !== undefined && x.pitch !== y.pitch) return false;
  const a = x.ref;
  const b = y.ref;
  const ra = a.digitWidth / a.digitHeight;
  const rb = b.digitWidth / b.digitHeight;
  return Math.abs(a.digitHeight - b.digitHeight) <= 0.12 * Math.max(a.digitHeight, b.digitHeight) && Math.abs(ra - rb) <= 0.08 * Math.max(ra, rb);
}

/**
 * Re-ranks a measured line's `0`/`O`/`Q`/`D` and `1`/`I` by glyph shape: when {@link judgeGlyph}
 * says another character of the group, that one goes first with a lowered confidence, the others
 * stay alternatives. `page` holds the page's other measured lines: a dotted zero on a line set in
 * a face of the same size and proportions (see `sameFace`) says this font dots its zeros, as one on
 * the line itself does, unless the line shows two undotted zeros of its own; and zeros of the face
 * (on the line and on such lines) dark in the middle make a zero clear there the letter `O` (see
 * `GLYPH_THRESHOLDS.maxClearCentreInk`). A page mixing a dotted-zero face with another of the same
 * size and pitch can still turn that one's single zero into `O`.
 */
export function judgeGlyphShapes(m: MeasuredLine, page: readonly MeasuredLine[] = []): GlyphShapeResult {
  const { chars, features, ref } = m;
  // Two zeros with empty counters on the line itself say its font does not dot them, whatever the page says.
  const emptyZeros = chars.filter((c, i) => c.char === '0' && features[i]?.centreEmpty === true).length;
  const context: LineContext = {
    dottedZeros: m.dottedZeros || (emptyZeros < 2 && page.some((o) => o !== m && o.dottedZeros && sameFace(o, m))),
    ...(ref.capHeight !== undefined && ref.softDigitHeight !== undefined ? { capHeightRatio: ref.capHeight / ref.softDigitHeight } : {}),
    ...(m.pitch ? { pitch: m.pitch } : {}),
  };
  const out = [...chars];
  const changes: { position: number; from: string; to: string }[] = [];
  // Zeros of this face elsewhere: the line's own, and those of page lines in the same face.
  const zerosOf = (l: MeasuredLine): number[] => l.chars.flatMap((c, i) => (c.char === '0' && l.features[i] ? [i] : []));
  const pageZeros = page.filter((o) => o !== m && sameFace(o, m)).flatMap((o) => zerosOf(o).map((i) => o.features[i]!.centreInk));
  const ownZeros = zerosOf(m);
  chars.forEach((c, i) => {
    const f = features[i];
    if (!f) return;
    const lineZeros = ownZeros.filter((k) => k !== i).map((k) => features[k]!.centreInk);
    const zeros = [...lineZeros, ...pageZeros];
    const clearOnLine = lineZeros.some((v) => v <= GLYPH_THRESHOLDS.maxClearCentreInk);
    const own = ROUND.has(c.char) && zeros.length >= 2 && !clearOnLine ? { ...context, zeroCentreInk: median(zeros) } : context;
    const to = judgeGlyph(c.char, f, own);
    if (to === undefined || to === c.char) return;
    const p = c.confidence;
    const others = c.alternatives.filter((a) => a.char !== to && a.char !== c.char);
    // Ranked first, so at least as probable as any remaining alternative.
    const pTo = Math.max(c.alternatives.find((a) => a.char === to)?.p ?? 0, PROMOTED_SHARE * p, ...others.map((a) => a.p));
    const alternatives: CharAlternative[] = [{ char: to, p: pTo }, ...[{ char: c.char, p: DEMOTED_SHARE * p }, ...others].sort((a, b) => b.p - a.p)];
    out[i] = { char: to, confidence: pTo, alternatives };
    changes.push({ position: i, from: c.char, to });
  });
  return { chars: out, changes };
}

/**
 * Re-ranks `0`/`O`/`Q`/`D` and `1`/`I` of one line by glyph shape ({@link measureGlyphShapes},
 * then {@link judgeGlyphShapes} on the line alone). Lines without two cleanly measured reference
 * digits are returned unchanged.
 */
export function refineByGlyphShape(
  chars: readonly RecognizedChar[],
  framesCentre: readonly number[],
  crop: LineCrop,
  options: GlyphShapeOptions = {},
): GlyphShapeResult {
  const m = measureGlyphShapes(chars, framesCentre, crop, options);
  return m ? judgeGlyphShapes(m) : { chars: [...chars], changes: [] };
}
