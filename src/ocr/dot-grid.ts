/**
 * Redraws a dot-matrix text line from its drops as a clean stroke image.
 *
 * A coder places every drop on a grid: rows one row pitch apart, columns one
 * column pitch apart (the row pitch times the line speed's stretch), five
 * columns a glyph and one empty column between glyphs. Merging the drops in
 * the image (closing, blurring) keeps their jitter, their size and the board
 * texture, and the recogniser misreads what that leaves. Here the grid itself
 * is found from the drop centres and the line is drawn again: each drop on its
 * grid node, joined to its grid neighbours by strokes (diagonal neighbours only
 * where no row or column neighbour already joins them), on a white ground.
 * The recogniser then reads strokes, as it was trained to.
 *
 * No glyph shapes are assumed: only the grid (periodic rows and columns), which
 * is how every dot-matrix printer forms characters.
 *
 * Written by hand: no npm library fits a dot lattice to drop positions or
 * renders a line from one.
 */
import { upperMedian } from '../core/order-statistics.js';
import type { Raster } from '../core/types.js';
import type { Vec } from './geometry.js';
import type { LineCrop } from './crop-line.js';

/** A line's drops on their grid. */
export interface DotGrid {
  /** Occupied grid nodes `[column, row]`, rows 0–6 from the top, columns from the line start. */
  readonly nodes: readonly (readonly [number, number])[];
  /** Columns and rows spanned. */
  readonly columns: number;
  /** Column pitch / row pitch. */
  readonly aspect: number;
  /** Bold print: every column struck twice half a pitch apart, so `nodes` columns are half-columns. */
  readonly bold: boolean;
  /**
   * Per node of `nodes`: inked from the page's gray (see {@link DropPage}) rather than a found drop.
   * Absent: every node is a found drop.
   */
  readonly sampled?: readonly boolean[];
}

/**
 * How far (share) from the page's column aspect a line's column period is searched when the page's is
 * given (see `FitDotGridOptions.pageColumns`): jitter and the line box's own error move a line's best
 * period by a percent or two.
 */
export const PAGE_COLUMN_TOLERANCE = 0.04;
/** Rows of a 5×7 dot-matrix glyph. */
const GLYPH_ROWS = 7;
/**
 * Below this strength of the column period (see `bestPeriod`) the print is taken
 * for bold and its half-pitch lattice is searched: the two strikes of a bold
 * column cancel at the column pitch (strength near 0), while single strikes with
 * Gaussian jitter σ keep exp(−(2πσ/pitch)²/2): 0.45 at σ = 0.2 pitch, about the
 * worst the bench's generator draws.
 */
const BOLD_MAX_STRENGTH = 0.3;
/**
 * The row pitch is searched within these factors of the page's estimate: the estimate is taken over
 * all lines and misses some by up to a fifth (seed 24001); a factor of 2 or ½ (a harmonic) is excluded.
 */
const ROW_PITCH_RANGE = [0.75, 1.3] as const;
/** Largest tilt of the rows against the line box searched (vertical shift per unit of length) and its step. */
const MAX_TILT = 0.03;
const TILT_STEP = 0.005;
/** Least gain in row-period strength for a tilted frame to replace the box's own. */
const TILT_MIN_GAIN = 0.02;
/** Largest slant searched (horizontal shift per unit of height) and its step. */
const MAX_SLANT = 0.12;
const SLANT_STEP = 0.02;
/**
 * Farthest a drop may lie from its node, in pitches, to count as on the grid. Heavy jitter (σ ≈ 0.2
 * pitch) puts a fifth of the drops more than a third of a pitch off; drops scattered at random lie
 * within 0.4 in both directions for 0.64 of them, under MIN_FIT.
 */
const NODE_TOLERANCE = 0.4;
/**
 * A drop whose box is this many times the line's median box or more, and that misses its nearest
 * node along a row or a column only (more than {@link NODE_TOLERANCE} of a pitch off along it, within
 * it across), is two touching drops found as one, its centre between their nodes (see `fitDotGrid`).
 * A pair's box is about twice a drop's.
 */
const PAIR_MIN_AREA = 1.5;

/**
 * A node of a line is inked from the page where its darkest pixel is darker than this share of the way
 * from the found drops' gray to the paper's (see `fitDotGrid`). Halfway inked the edges of neighbouring
 * drops that touch: measured against the generated glyphs on 120 dev cartons (seed 900005), 0.35 left
 * 14 % fewer stray drops in the glyph cells (428 against 498) for 4 % more missing ones (1276 against
 * 1226, most of them the coder's own missing drops), and read more fields on five dev sets (+6 of 1289).
 */
const SAMPLED_INK_LEVEL = 0.35;
/** Least share of drops that must sit on the fitted grid. */
const MIN_FIT = 0.85;
/** Least share of the drops around the line that must lie on its seven rows for {@link MIN_FIT} to count those rows' drops only. */
const MIN_ROWS_SHARE = 0.7;
/** Least drops on the line's seven rows for {@link MIN_FIT} to count those rows' drops only. */
const RELAXED_FIT_MIN_DROPS = 48;

/**
 * Strongest period in `[lo, hi]` of points `xs` (magnitude of the mean phasor
 * `Σ exp(2πi x/p) / n`) and its phase offset, in `steps` even steps, then refined
 * around the best step. The magnitude is 1 when every point sits on the lattice.
 *
 * The periods are ranked by {@link fastStrength} and only those that may be the best
 * (within twice {@link STRENGTH_ERROR} of the top, and not surely weaker than the one
 * kept so far) are computed exactly: the same period, offset and strength as computing
 * every one exactly, for a few exact phasors per round instead of all of them.
 */
export function bestPeriod(xs: readonly number[], lo: number, hi: number, steps: number): { period: number; offset: number; strength: number } {
  const at = (p: number): { strength: number; offset: number } => {
    let c = 0;
    let s = 0;
    for (const x of xs) {
      const a = (2 * Math.PI * x) / p;
      c += Math.cos(a);
      s += Math.sin(a);
    }
    const phase = Math.atan2(s, c);
    return { strength: Math.hypot(c, s) / xs.length, offset: ((phase / (2 * Math.PI)) * p + p) % p };
  };
  // The first of `periods` with the highest exact strength, or `kept` unless one is strictly stronger.
  const pick = (periods: readonly number[], kept?: { period: number; strength: number; offset: number }): { period: number; strength: number; offset: number } => {
    const fast = periods.map((p) => fastStrength(xs, p));
    let top = -Infinity;
    for (const f of fast) if (f > top) top = f;
    // A period whose fast strength is below this is exactly weaker than the fastest-ranked one or than `kept`.
    const floor = Math.max(top - 2 * STRENGTH_ERROR, kept ? kept.strength - STRENGTH_ERROR : -Infinity);
    let best = kept;
    for (let i = 0; i < periods.length; i++) {
      if (fast[i]! < floor) continue;
      const r = at(periods[i]!);
      if (!best || r.strength > best.strength) best = { period: periods[i]!, ...r };
    }
    return best!;
  };
  let step = (hi - lo) / steps;
  const coarse = [lo];
  for (let p = lo + step; p <= hi + 1e-9; p += step) coarse.push(p);
  let best = pick(coarse);
  for (let round = 0; round < 2; round++) {
    const centre = best.period;
    step /= 10;
    const fine: number[] = [];
    for (let p = centre - 10 * step; p <= centre + 10 * step; p += step) if (p > 0) fine.push(p);
    best = pick(fine, best);
  }
  return best;
}

/**
 * Bound on |{@link fastStrength} − the exact strength|. Per point, the exact angle 2πx/p
 * and the fast one (in turns) each carry a relative error of a few u = 2⁻⁵³, under 10⁻¹⁰
 * rad up to 1.3·10⁵ rad (a line of 2·10⁴ px at a period of 1 px); Math.cos and Math.sin
 * are within an ulp, the polynomials within 3·10⁻¹⁴, and the sums add n·u per point for up
 * to 10⁵ points: under 3·10⁻¹⁰ in all.
 */
const STRENGTH_ERROR = 1e-9;

/** Taylor coefficients of sin (x³ … x¹³) and cos (x² … x¹⁴): truncation under 3·10⁻¹⁴ on ±π/4. */
const [S3, S5, S7, S9, S11, S13] = [-1 / 6, 1 / 120, -1 / 5040, 1 / 362880, -1 / 39916800, 1 / 6227020800] as const;
const [C2, C4, C6, C8, C10, C12, C14] = [-1 / 2, 1 / 24, -1 / 720, 1 / 40320, -1 / 3628800, 1 / 479001600, -1 / 87178291200] as const;

/**
 * `|Σ exp(2πi x/p)| / n` within {@link STRENGTH_ERROR}: each angle is reduced in turns to within
 * an eighth of a turn of a quarter turn and its sine and cosine are polynomials. Math.sin and
 * Math.cos were most of `fitDotGrid`'s time (some 2000 periods per line, a sine and a cosine
 * per drop each); this is about three times faster, and only ranks periods (see `bestPeriod`).
 */
function fastStrength(xs: readonly number[], p: number): number {
  const inv = 1 / p;
  let c = 0;
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const t = xs[i]! * inv;
    const q = Math.round(4 * t);
    // t − q/4 is exact (Sterbenz): the remainder within ±1/8 turn, as an angle within ±π/4.
    const f = (t - 0.25 * q) * 2 * Math.PI;
    const f2 = f * f;
    const sin = f * (1 + f2 * (S3 + f2 * (S5 + f2 * (S7 + f2 * (S9 + f2 * (S11 + f2 * S13))))));
    const cos = 1 + f2 * (C2 + f2 * (C4 + f2 * (C6 + f2 * (C8 + f2 * (C10 + f2 * (C12 + f2 * C14))))));
    switch (q & 3) {
      case 0: c += cos; s += sin; break;
      case 1: c -= sin; s += cos; break;
      case 2: c -= cos; s -= sin; break;
      default: c += sin; s -= cos;
    }
  }
  return Math.hypot(c, s) / xs.length;
}

/**
 * Fits the drop grid of one dot-matrix line.
 *
 * @param centres - drop centres in the image the quad is in
 * @param p0 - top-left of the line in reading direction; `p0 → p1` along the text, `p0 → p3` down it
 * @param rowPitchPx - the print's row pitch (see `findDotMatrixLines`)
 * @returns `undefined` when the drops do not sit on one 7-row lattice (bold double strikes, a bad line box)
 */
export function fitDotGrid(centres: readonly Vec[], p0: Vec, p1: Vec, p3: Vec, rowPitchPx: number, options: FitDotGridOptions = {}): DotGrid | undefined {
  const { page, boxAreas } = options;
  const lenU = Math.hypot(p1[0] - p0[0], p1[1] - p0[1]);
  const lenV = Math.hypot(p3[0] - p0[0], p3[1] - p0[1]);
  if (lenU < 1 || lenV < 1 || !(rowPitchPx > 0)) return undefined;
  const eu: Vec = [(p1[0] - p0[0]) / lenU, (p1[1] - p0[1]) / lenU];
  const ev: Vec = [(p3[0] - p0[0]) / lenV, (p3[1] - p0[1]) / lenV];
  const pts: { u: number; v: number; area: number }[] = [];
  for (const [k, [x, y]] of centres.entries()) {
    const dx = x - p0[0];
    const dy = y - p0[1];
    const u = dx * eu[0] + dy * eu[1];
    const v = dx * ev[0] + dy * ev[1];
    if (u >= -rowPitchPx && u <= lenU + rowPitchPx && v >= -rowPitchPx && v <= lenV + rowPitchPx) pts.push({ u, v, area: boxAreas?.[k] ?? 0 });
  }
  if (pts.length < 12) return undefined;
  // Rows: the row pitch is known roughly (see ROW_PITCH_RANGE); its exact value and offset from the drops.
  // The line box may lie a degree or so off the print's rows (the page's deskew and the detector's box
  // are estimates): over a long line that moves the far glyphs' drops into the next row, so the rows are
  // searched along a small tilt too, and the drops are taken in the tilted frame from here on.
  const rowPeriod = (vs: readonly number[]): ReturnType<typeof bestPeriod> => bestPeriod(vs, ROW_PITCH_RANGE[0] * rowPitchPx, ROW_PITCH_RANGE[1] * rowPitchPx, 60);
  const flat = rowPeriod(pts.map((p) => p.v));
  const midU = lenU / 2;
  let rows = flat;
  let tilt = 0;
  for (let t = -MAX_TILT; t <= MAX_TILT + 1e-9; t += TILT_STEP) {
    if (Math.abs(t) < 1e-9) continue;
    const r = rowPeriod(pts.map((p) => p.v - t * (p.u - midU)));
    if (r.strength > rows.strength) {
      rows = r;
      tilt = t;
    }
  }
  if (rows.strength < flat.strength + TILT_MIN_GAIN) {
    rows = flat;
    tilt = 0;
  }
  for (const p of pts) p.v -= tilt * (p.u - midU);
  const rowOf = (v: number): number => Math.round((v - rows.offset) / rows.period);
  // The line's 7 rows: the run of 7 row indices holding the most drops.
  const perRow = new Map<number, number>();
  for (const p of pts) perRow.set(rowOf(p.v), (perRow.get(rowOf(p.v)) ?? 0) + 1);
  let top = 0;
  let topCount = -1;
  for (const r of perRow.keys()) {
    let n = 0;
    for (let k = 0; k < GLYPH_ROWS; k++) n += perRow.get(r + k) ?? 0;
    if (n > topCount) {
      top = r;
      topCount = n;
    }
  }
  const onRows = pts.filter((p) => {
    const r = rowOf(p.v) - top;
    return r >= 0 && r < GLYPH_ROWS;
  });
  if (onRows.length < 12) return undefined;
  // Columns: line speed stretches the advance, so the column pitch is searched over a wide range.
  // Bold print strikes each column twice half a pitch apart, which cancels that period: where the strikes
  // are found apart, its drops lie on a lattice of half the pitch, and are drawn on it (each column as
  // two, a bold stroke).
  // A slanted print (a camera not square to the carton, shear) moves each row along the line by a
  // share of its height: the columns are searched along the slant, too, measured from the middle row.
  const midV = rows.offset + (top + (GLYPH_ROWS - 1) / 2) * rows.period;
  const slanted = (lo: number, hi: number, steps: number): { cols: ReturnType<typeof bestPeriod>; slant: number } => {
    let found: { cols: ReturnType<typeof bestPeriod>; slant: number } | undefined;
    for (let k = -MAX_SLANT; k <= MAX_SLANT + 1e-9; k += SLANT_STEP) {
      const cols = bestPeriod(onRows.map((p) => p.u - k * (p.v - midV)), lo * rows.period, hi * rows.period, steps);
      if (!found || cols.strength > found.cols.strength) found = { cols, slant: k };
    }
    return found!;
  };
  const pageColumns = options.pageColumns;
  let { cols, slant } = pageColumns
    ? slanted(pageColumns.aspect * (1 - PAGE_COLUMN_TOLERANCE), pageColumns.aspect * (1 + PAGE_COLUMN_TOLERANCE), 16)
    : slanted(0.8, 1.4, 120);
  // Bold strikes that touch are found as one capsule per column (and a bar's chain as pieces along it),
  // spread about the column: the period is weak, yet a caller that found the half-pitch lattice wanting
  // may ask for the column lattice (see `FitDotGridOptions.columnLattice`).
  const bold = pageColumns ? pageColumns.bold : cols.strength < BOLD_MAX_STRENGTH && options.columnLattice !== true;
  if (bold && !pageColumns) ({ cols, slant } = slanted(0.4, 0.7, 60));
  // A drop may lie NODE_TOLERANCE off its node; on the half-pitch lattice of bold print that is
  // twice that share of its period, so the nearest node is taken up to just under half of it.
  const maxDu = bold ? 0.45 : NODE_TOLERANCE;
  const colOf = (u: number): number => Math.round((u - cols.offset) / cols.period);
  // Two drops that touch are found as one, its centre halfway between two nodes of a row or a column
  // and its box larger than a drop's: such a drop fits as the pair of nodes it lies between (see PAIR_MIN_AREA).
  const pairArea = PAIR_MIN_AREA * upperMedian(onRows.map((p) => p.area));
  let fitted = 0;
  const nodes = new Map<string, [number, number]>();
  const ink = (c: number, r: number): void => {
    if (r >= 0 && r < GLYPH_ROWS) nodes.set(`${c},${r}`, [c, r]);
  };
  for (const p of onRows) {
    const u = p.u - slant * (p.v - midV);
    const c = colOf(u);
    const r = rowOf(p.v) - top;
    const su = (u - cols.offset - c * cols.period) / cols.period;
    const sv = (p.v - rows.offset - (r + top) * rows.period) / rows.period;
    const du = Math.abs(su);
    const dv = Math.abs(sv);
    const onNode = du <= maxDu && dv <= NODE_TOLERANCE;
    const pair = !onNode && pairArea > 0 && p.area >= pairArea;
    // Bold print's half-pitch lattice has no node between two of its columns' strikes.
    const pairAlong = pair && !bold && dv <= NODE_TOLERANCE;
    const pairAcross = pair && du <= maxDu;
    if (!onNode && !pairAlong && !pairAcross) continue;
    fitted++;
    ink(c, r);
    if (pairAlong) ink(c + Math.sign(su), r);
    if (pairAcross) ink(c, r + Math.sign(sv));
  }
  // On a line of many drops the share may be of the drops on its seven rows: drops of a stacked line
  // above or below that lie within the box's margin are no evidence against the fit (seeds 840001/840005:
  // 16 code lines of 240 cartons had 0.70–0.85 of all drops on the grid, 0.86–0.98 of their rows').
  // Those rows must hold most of the drops, or they are not one line; and a few dozen drops scattered
  // at random fit a lattice searched over period, phase and slant that well (40 did, 30 on seven rows),
  // so a short line keeps the share of all its drops.
  const rowsShare = onRows.length >= RELAXED_FIT_MIN_DROPS && onRows.length >= MIN_ROWS_SHARE * pts.length;
  if (fitted < MIN_FIT * (rowsShare ? onRows.length : pts.length) || nodes.size < 12) return undefined;
  const found = new Set(nodes.keys());
  if (page) {
    // Drops that touch their neighbours are not found as separate drops: every node of the line's
    // columns is looked at in the page, and inked where its darkest pixel is nearer the found drops'
    // gray than the paper's (see SAMPLED_INK_LEVEL; or below the ink threshold they were found with).
    // The columns of the whole line box, not only those of the found drops: the search may have missed
    // all the drops of a word (generated seed 880004: `EXP:` before a date whose drops were found).
    const cs = [...nodes.values()].map(([c]) => c);
    const c0 = Math.min(Math.min(...cs) - 1, Math.ceil(-cols.offset / cols.period));
    const c1 = Math.max(Math.max(...cs) + 1, Math.floor((lenU - cols.offset) / cols.period));
    const radius = Math.max(1, Math.round(rows.period / 5));
    const sampleAt = (c: number, r: number): number => {
      const v = rows.offset + (r + top) * rows.period;
      const u = cols.offset + c * cols.period + slant * (v - midV);
      // Back from the tilted frame of the rows to the line box's.
      const vb = v + tilt * (u - midU);
      return darkest(page.gray, p0[0] + u * eu[0] + vb * ev[0], p0[1] + u * eu[1] + vb * ev[1], radius);
    };
    // Paper: two rows above and below the line, clear of its glyphs and of stacked lines (1.5 row pitches apart at least).
    const paper: number[] = [];
    for (let c = c0; c <= c1; c++) paper.push(sampleAt(c, -2), sampleAt(c, GLYPH_ROWS + 1));
    const ink = [...nodes.values()].map(([c, r]) => sampleAt(c, r));
    const inkLevel = upperMedian(ink);
    const threshold = Math.max(page.inkThreshold, inkLevel + SAMPLED_INK_LEVEL * (upperMedian(paper) - inkLevel));
    for (let c = c0; c <= c1; c++) {
      for (let r = 0; r < GLYPH_ROWS; r++) {
        if (!nodes.has(`${c},${r}`) && sampleAt(c, r) < threshold) nodes.set(`${c},${r}`, [c, r]);
      }
    }
  }
  const minCol = Math.min(...[...nodes.values()].map(([c]) => c));
  const list = [...nodes.values()].map(([c, r]): [number, number] => [c - minCol, r]);
  const columns = Math.max(...list.map(([c]) => c)) + 1;
  const sampled = [...nodes.keys()].map((k) => !found.has(k));
  return { nodes: list, columns, aspect: cols.period / rows.period, bold, ...(sampled.some((x) => x) ? { sampled } : {}) };
}

/** Options of {@link fitDotGrid}. */
export interface FitDotGridOptions {
  /** The page with the drops: nodes of the line darker than the drops' ink threshold are inked too. */
  readonly page?: DropPage;
  /**
   * Box area (px²) of each drop of the centres, in their order: a drop whose box is
   * {@link PAIR_MIN_AREA} times the line's median or more may be two touching drops.
   */
  readonly boxAreas?: readonly number[];
  /**
   * Fit the column lattice even where its period is weak, as for bold print (see {@link BOLD_MAX_STRENGTH}).
   * Bold strikes that touch are found as one capsule per column, a quarter pitch past it, and bars as chain
   * pieces along them: drops spread about the columns, on no half-pitch lattice. @defaultValue false
   */
  readonly columnLattice?: boolean;
  /**
   * The column lattice of the page's other lines (a coder prints a whole code at one line speed): the
   * column period is searched only within {@link PAGE_COLUMN_TOLERANCE} of this aspect (column period /
   * row period), and the print is bold as they are. Without it the period is searched over 0.8–1.4 row
   * pitches, where merged or missing drops can make another period fit better.
   */
  readonly pageColumns?: { readonly aspect: number; readonly bold: boolean };
}

/** A page with dot-matrix drops, for {@link fitDotGrid}. */
export interface DropPage {
  /** Dark drops on light paper. */
  readonly gray: Raster;
  /** Gray level below which a pixel is ink (the one the drops were found with). */
  readonly inkThreshold: number;
}

/** Darkest gray value within `radius` px of `(x, y)` (255 outside the image). */
function darkest(gray: Raster, x: number, y: number, radius: number): number {
  const cx = Math.round(x);
  const cy = Math.round(y);
  let min = 255;
  for (let yy = cy - radius; yy <= cy + radius; yy++) {
    if (yy < 0 || yy >= gray.height) continue;
    for (let xx = cx - radius; xx <= cx + radius; xx++) {
      if (xx < 0 || xx >= gray.width) continue;
      const g = gray.data[yy * gray.width + xx]!;
      if (g < min) min = g;
    }
  }
  return min;
}

/** Options of {@link renderDotGrid}. */
export interface RenderDotGridOptions {
  /** Crop height, px (the recogniser's input height). */
  readonly heightPx: number;
  /** Stroke width / row pitch. @defaultValue 0.45 */
  readonly strokeRatio?: number;
  /** Empty rows above and below the glyphs, in row pitches. @defaultValue 0.8 */
  readonly marginRows?: number;
  /** Column pitch / row pitch as drawn, relative to the print's. @defaultValue 0.5 */
  readonly widthScale?: number;
}

/**
 * Draws the grid as strokes: black on white, the 7 rows in the middle of the
 * crop with a margin above and below and 2 column pitches at either end.
 * Narrower than printed by default: the recogniser read the redrawn lines of
 * generated inkjet tuning labels (seed 24001, 25 lines) most surely at half the
 * printed advance and 0.8 row pitches of margin (mean confidence 0.90 against
 * 0.89 at 0.6 and 1.5 pitches, and 0.65–0.76 at the printed width). Strokes join each drop to its row and column neighbours, and to a
 * diagonal neighbour when neither node between them is inked (the corner of a
 * `/` joins, the corner of an `L` is not filled in).
 */
export function renderDotGrid(grid: DotGrid, options: RenderDotGridOptions): LineCrop {
  const H = options.heightPx;
  const marginRows = options.marginRows ?? 0.8;
  const pitch = H / (GLYPH_ROWS - 1 + 2 * marginRows + 1);
  const colPitch = pitch * grid.aspect * (options.widthScale ?? 0.5);
  const margin = 2 * colPitch;
  const W = Math.max(8, Math.round(2 * margin + (grid.columns - 1) * colPitch));
  const half = ((options.strokeRatio ?? 0.45) * pitch) / 2;
  const data = new Uint8Array(W * H).fill(255);
  const inked = new Set(grid.nodes.map(([c, r]) => `${c},${r}`));
  const has = (c: number, r: number): boolean => inked.has(`${c},${r}`);
  // Row r's centre: the margin, then half a pitch into the row.
  const at = (c: number, r: number): Vec => [margin + c * colPitch, (marginRows + 0.5 + r) * pitch];
  const segment = (a: Vec, b: Vec): void => {
    const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - half - 1));
    const x1 = Math.min(W - 1, Math.ceil(Math.max(a[0], b[0]) + half + 1));
    const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - half - 1));
    const y1 = Math.min(H - 1, Math.ceil(Math.max(a[1], b[1]) + half + 1));
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5;
        const py = y + 0.5;
        const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / len2)) : 0;
        const d = Math.hypot(px - a[0] - t * dx, py - a[1] - t * dy);
        // One pixel of anti-aliasing at the stroke's edge.
        const ink = Math.max(0, Math.min(1, half + 0.5 - d));
        const value = Math.round(255 * (1 - ink));
        if (value < data[y * W + x]!) data[y * W + x] = value;
      }
    }
  };
  for (const [c, r] of grid.nodes) {
    const p = at(c, r);
    segment(p, p);
    if (has(c + 1, r)) segment(p, at(c + 1, r));
    if (has(c, r + 1)) segment(p, at(c, r + 1));
    if (has(c + 1, r + 1) && !has(c + 1, r) && !has(c, r + 1)) segment(p, at(c + 1, r + 1));
    if (has(c - 1, r + 1) && !has(c - 1, r) && !has(c, r + 1)) segment(p, at(c - 1, r + 1));
  }
  return { data, width: W, height: H };
}
