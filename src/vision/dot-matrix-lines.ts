import { quantile } from '../core/order-statistics.js';
/** A point, px. */
type Point = readonly [number, number];

/** One dot-matrix text line found from its drops: `p0→p1` along the text, `p0→p3` down it. */
export interface DotMatrixLine {
  readonly p0: Point;
  readonly p1: Point;
  readonly p2: Point;
  readonly p3: Point;
  /** Drops on the line. */
  readonly dotCount: number;
  /** Distance between the drop rows of the line, px. */
  readonly rowPitchPx: number;
}

/** Options of {@link findDotMatrixLines}. */
export interface FindDotMatrixLinesOptions {
  /** How far the lines may turn from the given axis, degrees (searched in steps of 0.25°). @defaultValue 4 */
  readonly maxTurnDeg?: number;
  /** Fewest drops a line needs (a 5×7 character has 7–20). @defaultValue 12 */
  readonly minDots?: number;
}

/**
 * Lays out dot-matrix print into text lines from the positions of its drops.
 *
 * The DB text detector sees merged dot-matrix print badly: coders stack
 * lines only 1.5–3.5 drop rows apart and space words by a whole empty glyph
 * cell, so it joins stacked lines into one box and cuts a line into words
 * whose boxes then differ in height. The drops show the layout exactly:
 * projected across the text, a 5×7 line is 7 rows one row pitch apart, and
 * lines are separated by an empty band of 1.5 row pitches or more.
 *
 * 1. the row pitch is the lower quartile of the distance to the nearest drop
 *    across the text (not the nearest drop overall: bold print strikes columns half a
 *    pitch apart and line speed stretches the advance);
 * 2. the exact text angle is the one near `axis` whose projection across the
 *    text is sharpest (sum of squared histogram counts, bins of ¼ row pitch),
 *    as skew detectors for document images do (Postl's projection profile
 *    method); horizontal shear leaves rows straight, so this holds for it too;
 * 3. drops are grouped into bands at gaps across the text over 1.5 row pitches,
 *    and each band into lines at gaps along the text over 14 row pitches (a
 *    word space is at most ~9, a space after `.` ~11);
 * 4. each line's box spans its drops plus 1.2 row pitches across and 1.5 along
 *    (about what DB's unclip leaves around ink).
 *
 * Bands taller than 1.5 lines (stacked lines too close to tell apart) and
 * lines with few drops are left out, so that the caller keeps the detector's
 * boxes there.
 *
 * Hand-written: a projection profile over a few hundred points needs no library.
 *
 * @param centres - centres of the drops, px
 * @param axis - text direction (unit vector) the page reads along, up to a few degrees
 */
export function findDotMatrixLines(centres: readonly Point[], axis: { ux: number; uy: number }, options: FindDotMatrixLinesOptions = {}): DotMatrixLine[] {
  const maxTurn = options.maxTurnDeg ?? 4;
  const minDots = options.minDots ?? 12;
  if (centres.length < minDots) return [];
  const base = Math.atan2(axis.uy, axis.ux);
  const project = (a: number): { u: number; v: number }[] => {
    const ux = Math.cos(a);
    const uy = Math.sin(a);
    return centres.map(([x, y]) => ({ u: x * ux + y * uy, v: -x * uy + y * ux }));
  };
  // 1. row pitch: nearest drop lying more across than along the text. With the drops in order across
  // the text, the search from a drop stops where the distance across alone passes the nearest found.
  const byV = project(base).sort((a, b) => a.v - b.v);
  const across: number[] = [];
  for (let i = 0; i < byV.length; i++) {
    const p = byV[i]!;
    let best = Infinity;
    for (const dir of [-1, 1]) {
      for (let j = i + dir; j >= 0 && j < byV.length; j += dir) {
        const q = byV[j]!;
        const dv = Math.abs(q.v - p.v);
        if (dv > best) break;
        if (dv === 0 || dv < 2 * Math.abs(q.u - p.u)) continue;
        const d = Math.hypot(q.u - p.u, dv);
        if (d < best) best = d;
      }
    }
    if (best < Infinity) across.push(best);
  }
  if (across.length < minDots) return [];
  // The lower quartile, not the median: faint or blurred drops that were not found leave gaps of 2+ rows.
  const rowPitch = quantile(across, 0.25);
  if (!(rowPitch > 0)) return [];
  // 2. the angle with the sharpest projection profile across the text.
  const bin = rowPitch / 4;
  // Bin of each drop and drops per bin, from the lowest bin (counted in an array, not a map: a map
  // operation per drop and angle was most of this step).
  const keys = new Float64Array(centres.length);
  let counts: Uint32Array = new Uint32Array(64);
  let bestAngle = base;
  let bestScore = -1;
  for (let deg = -maxTurn; deg <= maxTurn + 1e-9; deg += 0.25) {
    const a = base + (deg * Math.PI) / 180;
    const sin = Math.sin(a);
    const cos = Math.cos(a);
    let kMin = Infinity;
    for (let i = 0; i < centres.length; i++) {
      const [x, y] = centres[i]!;
      keys[i] = Math.floor((-x * sin + y * cos) / bin);
      if (keys[i]! < kMin) kMin = keys[i]!;
    }
    counts.fill(0);
    for (let i = 0; i < centres.length; i++) {
      const k = keys[i]! - kMin;
      if (k >= counts.length) counts = growCounts(counts, k);
      counts[k]!++;
    }
    let score = 0;
    for (const n of counts) score += n * n;
    // Ties (few drops) go to the angle closest to the given axis.
    if (score > bestScore || (score === bestScore && Math.abs(deg) < Math.abs(((bestAngle - base) * 180) / Math.PI))) {
      bestScore = score;
      bestAngle = a;
    }
  }
  const ux = Math.cos(bestAngle);
  const uy = Math.sin(bestAngle);
  const pts = project(bestAngle).sort((a, b) => a.v - b.v);
  // 3. bands across the text, then lines along it.
  const split = (list: readonly { u: number; v: number }[], gap: number): { u: number; v: number }[][] => {
    const out: { u: number; v: number }[][] = [[list[0]!]];
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.v - list[i - 1]!.v > gap) out.push([]);
      out[out.length - 1]!.push(list[i]!);
    }
    return out;
  };
  // A band taller than 1.5 lines is cut again at narrower gaps: the row pitch is a lower quartile of
  // nearest-drop distances, which diagonal neighbours lengthen, and lines stacked one empty row apart
  // were left one band (generated seed 900005: three lines 1.37 estimated pitches apart, so the page
  // gave no line along its text and was read across it).
  // A 5×7 line's drop centres span 6 row pitches; 1.5 lines means two lines the gap test could not part.
  const maxBandHeight = 1.5 * 7 * rowPitch;
  const bands = split(pts, 1.5 * rowPitch).flatMap((band) => (band[band.length - 1]!.v - band[0]!.v > maxBandHeight ? split(band, TALL_BAND_GAP * rowPitch) : [band]));
  const lines: DotMatrixLine[] = [];
  for (const band of bands) {
    if (band.length < minDots) continue;
    const v0 = band[0]!.v;
    const v1 = band[band.length - 1]!.v;
    if (v1 - v0 > maxBandHeight) continue;
    const byU = [...band].sort((a, b) => a.u - b.u);
    let start = 0;
    for (let i = 1; i <= byU.length; i++) {
      if (i < byU.length && byU[i]!.u - byU[i - 1]!.u <= 14 * rowPitch) continue;
      const seg = byU.slice(start, i);
      start = i;
      if (seg.length < minDots) continue;
      const a0 = seg[0]!.u - 1.5 * rowPitch;
      const a1 = seg[seg.length - 1]!.u + 1.5 * rowPitch;
      const b0 = v0 - 1.2 * rowPitch;
      const b1 = v1 + 1.2 * rowPitch;
      const at = (u: number, v: number): Point => [u * ux - v * uy, u * uy + v * ux];
      lines.push({ p0: at(a0, b0), p1: at(a1, b0), p2: at(a1, b1), p3: at(a0, b1), dotCount: seg.length, rowPitchPx: rowPitch });
    }
  }
  return lines;
}

/**
 * The dot-matrix lines of a page and the text axis they run along, when the given axis (the text
 * detector's) may be wrong: the detector boxes widely spaced drops glyph by glyph, and a page of such
 * boxes gives no text axis. The lines are searched along the given axis and across it, and the one
 * whose long lines hold more drops wins; where neither holds most of the page's drops (a page at an
 * oblique angle that the deskew left), the directions between are tried too, every 15°, each turned
 * up to 8° by the drops' projection (see {@link findDotMatrixLines}).
 *
 * Why: generated cartons (seeds 850002, 900001) at 30° and 50° had their glyphs boxed one by one along
 * an axis 30° off the print; no line was found along it or across it, and the cartons read nothing.
 */
export function findDotMatrixTextLines(centres: readonly Point[], axis: { ux: number; uy: number }): { axis: { ux: number; uy: number }; lines: DotMatrixLine[] } {
  let best = { axis, lines: findDotMatrixLines(centres, axis) };
  const consider = (a: { ux: number; uy: number }, options?: FindDotMatrixLinesOptions): void => {
    const lines = findDotMatrixLines(centres, a, options);
    if (lineDrops(lines) > lineDrops(best.lines)) best = { axis: a, lines };
  };
  consider({ ux: -axis.uy, uy: axis.ux });
  if (lineDrops(best.lines) < OBLIQUE_SEARCH_MAX_SHARE * centres.length) {
    const base = Math.atan2(axis.uy, axis.ux);
    for (let k = 1; k < 12; k++) {
      if (k === 6) continue;
      const a = base + (k * Math.PI) / 12;
      consider({ ux: Math.cos(a), uy: Math.sin(a) }, { maxTurnDeg: 8 });
    }
  }
  return best;
}

/** Share of a page's drops under which its long lines send the text axis search round the page. */
const OBLIQUE_SEARCH_MAX_SHARE = 0.5;

/** Drops on the lines that are at least three times as long as high (text lines, not glyph columns). */
function lineDrops(lines: readonly DotMatrixLine[]): number {
  let n = 0;
  for (const l of lines) {
    const len = Math.hypot(l.p1[0] - l.p0[0], l.p1[1] - l.p0[1]);
    const high = Math.hypot(l.p3[0] - l.p0[0], l.p3[1] - l.p0[1]);
    if (len >= 3 * high) n += l.dotCount;
  }
  return n;
}

/** Gap across the text, in row pitches, at which a band too tall for one line is cut again. */
const TALL_BAND_GAP = 1.2;

/** `counts` in a zeroed array long enough for index `k`, its counts kept. */
function growCounts(counts: Uint32Array, k: number): Uint32Array {
  const grown = new Uint32Array(Math.max(2 * counts.length, k + 1));
  grown.set(counts);
  return grown;
}
