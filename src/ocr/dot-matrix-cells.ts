/**
 * Reads the glyph cells of a dot-matrix line from its drop grid, to settle the
 * characters the line recogniser confuses on dot-matrix print (`I`/`1`, `S`/`5`,
 * `Q`/`0`, `G`/`6`, `B`/`8`, `V`/`U`).
 *
 * A coder prints each character as a 5×7 cell of drops with one empty column
 * between cells, so the drop grid of a line (see `fitDotGrid`) cuts into cells
 * at a period of six columns. Each cell is compared with the glyphs of the 5×7
 * character generator that continuous-inkjet coders use for date and lot codes
 * (the HD44780 ROM layout: a slashed zero, a serifed `I`, a flagged `1`). The
 * cell decides a character only when one glyph fits it clearly better than the
 * recogniser's reading does. Print in another coder's font fits some of these glyphs
 * closely and others by a few drops off, which would decide wrong characters (an
 * open 4 reads as `H`): {@link fitsCharacterGenerator} tells such print apart by how
 * closely a page's cells fit the table on average, and its cells then decide nothing.
 *
 * Written by hand: no npm package ships a dot-matrix glyph table or reads
 * characters from a drop lattice.
 */
import type { CharAlternative, RecognizedChar } from '../core/types.js';
import type { DotGrid } from './dot-grid.js';

/** Rows and columns of a glyph cell. */
const ROWS = 7;
const COLS = 5;
/** Columns from one cell's start to the next (five inked columns and one gap). */
const ADVANCE = 6;

const G = (rows: string): string => rows.replace(/\s+/g, '');

/**
 * The 5×7 glyphs of the HD44780 character generator (ROM A00), rows top to
 * bottom, `#` = drop: capitals, digits and the separators of date and lot codes.
 */
const FONT_5X7: Readonly<Record<string, string>> = {
  '0': G('.###. #...# #..## #.#.# ##..# #...# .###.'),
  '1': G('..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.'),
  '2': G('.###. #...# ....# ...#. ..#.. .#... #####'),
  '3': G('##### ...#. ..#.. ...#. ....# #...# .###.'),
  '4': G('...#. ..##. .#.#. #..#. ##### ...#. ...#.'),
  '5': G('##### #.... ####. ....# ....# #...# .###.'),
  '6': G('..##. .#... #.... ####. #...# #...# .###.'),
  '7': G('##### ....# ...#. ..#.. .#... .#... .#...'),
  '8': G('.###. #...# #...# .###. #...# #...# .###.'),
  '9': G('.###. #...# #...# .#### ....# ...#. .##..'),
  A: G('.###. #...# #...# ##### #...# #...# #...#'),
  B: G('####. #...# #...# ####. #...# #...# ####.'),
  C: G('.###. #...# #.... #.... #.... #...# .###.'),
  D: G('###.. #..#. #...# #...# #...# #..#. ###..'),
  E: G('##### #.... #.... ####. #.... #.... #####'),
  F: G('##### #.... #.... ####. #.... #.... #....'),
  G: G('.###. #...# #.... #.### #...# #...# .####'),
  H: G('#...# #...# #...# ##### #...# #...# #...#'),
  I: G('.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.'),
  J: G('..### ...#. ...#. ...#. ...#. #..#. .##..'),
  K: G('#...# #..#. #.#.. ##... #.#.. #..#. #...#'),
  L: G('#.... #.... #.... #.... #.... #.... #####'),
  M: G('#...# ##.## #.#.# #.#.# #...# #...# #...#'),
  N: G('#...# #...# ##..# #.#.# #..## #...# #...#'),
  O: G('.###. #...# #...# #...# #...# #...# .###.'),
  P: G('####. #...# #...# ####. #.... #.... #....'),
  Q: G('.###. #...# #...# #...# #.#.# #..#. .##.#'),
  R: G('####. #...# #...# ####. #.#.. #..#. #...#'),
  S: G('.#### #.... #.... .###. ....# ....# ####.'),
  T: G('##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..'),
  U: G('#...# #...# #...# #...# #...# #...# .###.'),
  V: G('#...# #...# #...# #...# #...# .#.#. ..#..'),
  W: G('#...# #...# #...# #.#.# #.#.# #.#.# .#.#.'),
  X: G('#...# #...# .#.#. ..#.. .#.#. #...# #...#'),
  Y: G('#...# #...# #...# .#.#. ..#.. ..#.. ..#..'),
  Z: G('##### ....# ...#. ..#.. .#... #.... #####'),
  '/': G('..... ....# ...#. ..#.. .#... #.... .....'),
  '.': G('..... ..... ..... ..... ..... .##.. .##..'),
  '-': G('..... ..... ..... ##### ..... ..... .....'),
  ':': G('..... .##.. .##.. ..... .##.. .##.. .....'),
};

/** Cost of a glyph drop the cell lacks: a blocked nozzle or a faint drop. */
const MISSING_COST = 1;
/** Cost of a cell drop the glyph lacks: drops are rarely added, so it weighs more. */
const EXTRA_COST = 2;

/**
 * Most nodes sampled from the page (see `DotGrid.sampled`) that may fall in gap columns, as a share
 * of all nodes, for the cells to be cut: a lattice of the wrong pitch puts a sixth of them there.
 */
const MAX_SAMPLED_GAP_SHARE = 0.1;

/** An inked glyph cell of a line. */
export interface DotCell {
  /** 35 flags, row-major, 1 = drop. */
  readonly dots: Uint8Array;
  /** An empty cell (a space) lies between this cell and the previous inked one. */
  readonly spaceBefore: boolean;
}

/**
 * Cuts a line's drop grid into its inked glyph cells, left to right (empty cells,
 * the spaces, are left out). The cells' phase is the one whose gap columns hold
 * the fewest found drops (then the fewest nodes); `undefined` when more than a few
 * found drops, or more than {@link MAX_SAMPLED_GAP_SHARE} of all nodes, fall in gaps
 * (the grid is not one line of 5×7 cells). Nodes inked from the page's gray (see
 * `DotGrid.sampled`) that fall in a gap are left out.
 *
 * Why: a gap column is empty in every 5×7 font, and a node sampled there is the edge
 * of a neighbouring drop caught by the darkness test (generated seed 900005: the gap
 * ink of eleven lines that got no cells was all sampled, none of it found drops).
 */
export function gridCells(grid: DotGrid): DotCell[] | undefined {
  // Bold print strikes every column twice, half a pitch apart: its grid columns are half-columns.
  const step = grid.bold ? 2 : 1;
  const advance = ADVANCE * step;
  // Node columns start at 0 (see `fitDotGrid`), so `c + phase` is never negative.
  const inked = grid.nodes;
  const sampled = (k: number): boolean => grid.sampled?.[k] === true;
  const foundCount = inked.length - (grid.sampled?.filter((x) => x).length ?? 0);
  let best: { phase: number; gapFound: number; gapInk: number; edgeInk: number } | undefined;
  for (let phase = 0; phase < advance; phase++) {
    let gapFound = 0;
    let gapInk = 0;
    let edgeInk = 0;
    inked.forEach(([c], n) => {
      const k = (c + phase) % advance;
      if (k >= COLS * step) {
        gapInk++;
        if (!sampled(n)) gapFound++;
      } else if (k < step || k >= (COLS - 1) * step) edgeInk++;
    });
    const better = !best || gapFound < best.gapFound || (gapFound === best.gapFound && (gapInk < best.gapInk || (gapInk === best.gapInk && edgeInk > best.edgeInk)));
    if (better) best = { phase, gapFound, gapInk, edgeInk };
  }
  if (!best || best.gapFound > Math.max(1, 0.03 * foundCount)) return undefined;
  if (best.gapInk > MAX_SAMPLED_GAP_SHARE * inked.length) return undefined;
  const cells = new Map<number, Uint8Array>();
  for (const [c, r] of inked) {
    const x = c + best.phase;
    const k = x % advance;
    if (k >= COLS * step) continue; // a gap: no glyph drop (see above)
    const index = Math.floor(x / advance);
    let dots = cells.get(index);
    if (!dots) {
      dots = new Uint8Array(ROWS * COLS);
      cells.set(index, dots);
    }
    dots[r * COLS + Math.floor(k / step)] = 1;
  }
  const order = [...cells.keys()].sort((a, b) => a - b);
  return order.map((k, i) => ({ dots: cells.get(k)!, spaceBefore: i > 0 && k > order[i - 1]! + 1 }));
}


/**
 * Whether a cell is a zero by its mark: the oval of an O (see {@link ovalMarks}) with one to three
 * drops inside.
 *
 * Why: coder fonts tell their zero from the letter O by a mark inside the ring — a slash (HD44780),
 * a backslash or a centre dot, depending on the coder — and the letter O never carries one, so the
 * mark settles the character in any coder font. The recogniser was trained on solid print and reads
 * a marked zero it does not know as 8, 9 or 6 with confidence (a backslashed zero: `2030` as `2039`).
 */
export function isMarkedZero(cell: DotCell): boolean {
  const marks = ovalMarks(cell);
  return marks !== undefined && marks >= 1 && marks <= 3;
}

/**
 * Whether a cell is a narrow zero: an empty ring four columns wide (its two top and bottom drops and
 * its sides on the five rows between; one drop may be missing), the cell's fifth column empty.
 *
 * Why: coders that mark no zero draw it narrower than the full-width O instead, and no capital of a
 * 5×7 font is such a ring (D squares its corners, U opens its top). The recogniser, trained on solid
 * print, reads the narrow zero as 6, 0 or O at will (seed 900001: a lot `R15203P` read `R15263P`).
 */
export function isNarrowZero(cell: DotCell): boolean {
  for (const left of [0, COLS - 4]) {
    let missing = 0;
    let stray = false;
    for (let r = 0; r < ROWS && !stray; r++) {
      for (let c = 0; c < COLS; c++) {
        const x = c - left;
        const edgeRow = r === 0 || r === ROWS - 1;
        const ring = x >= 0 && x <= 3 && (edgeRow ? x === 1 || x === 2 : x === 0 || x === 3);
        const dot = cell.dots[r * COLS + c] === 1;
        if (ring && !dot) missing++;
        else if (!ring && dot) stray = true;
      }
    }
    if (!stray && missing <= 1) return true;
  }
  return false;
}

/** Whether a cell is a zero by its shape in any coder font: marked (see {@link isMarkedZero}) or narrow (see {@link isNarrowZero}). */
export function isZeroShape(cell: DotCell): boolean {
  return isMarkedZero(cell) || isNarrowZero(cell);
}

/**
 * Whether a cell is the oval of an O with nothing inside: the letter O in a font that marks its zero
 * (a page that shows a {@link isMarkedZero} zero), where the recogniser reads it as 0 as often as O.
 */
export function isPlainOval(cell: DotCell): boolean {
  return ovalMarks(cell) === 0;
}

/**
 * The drops inside a cell that is the oval of an O — all 16 drops of its ring (one may be missing),
 * its four corners empty, and inside drops on the three middle rows only, at most one a row (a
 * mark is a stroke across the rows or a dot: two drops side by side are a bar, the waist of an 8);
 * `undefined` for any other cell. An 8 lacks the ring's sides on its waist, a Q has a tail on the
 * lower rows, C and G open their right side, D and N fill corners.
 */
function ovalMarks(cell: DotCell): number | undefined {
  let ringMissing = 0;
  let inside = 0;
  for (let r = 0; r < ROWS; r++) {
    let insideRow = 0;
    for (let c = 0; c < COLS; c++) {
      const dot = cell.dots[r * COLS + c] === 1;
      const edgeRow = r === 0 || r === ROWS - 1;
      const edgeCol = c === 0 || c === COLS - 1;
      if (edgeRow && edgeCol) {
        if (dot) return undefined;
      } else if (edgeRow || edgeCol) {
        if (!dot) ringMissing++;
      } else if (dot) {
        if (r < 2 || r > ROWS - 3 || ++insideRow > 1) return undefined;
        inside++;
      }
    }
  }
  return ringMissing <= 1 ? inside : undefined;
}

/**
 * `V` or `Y` by where the arms of the cell meet: two drops on the top row's ends, two a row down to a
 * pair on columns 2 and 4 and then a stem of single middle drops to the bottom row. The arms of a Y
 * meet at mid-height and its stem is the lower half (three rows or more); a V's meet at the bottom
 * (a stem of one or two rows). `undefined` for any other cell, or one with a drop missing or added.
 *
 * Why: coder fonts draw V with arms that turn inward high up, and the recogniser, trained on solid
 * print, reads such a V as Y (seed 840007: four lots); where the arms meet tells the two apart in
 * any 5×7 font.
 */
export function armsMeet(cell: DotCell): 'V' | 'Y' | undefined {
  const row = (r: number): string => [...cell.dots.subarray(r * COLS, r * COLS + COLS)].map((d) => (d ? '#' : '.')).join('');
  if (row(0) !== '#...#') return undefined;
  let stem = 0;
  while (stem < ROWS - 2 && row(ROWS - 1 - stem) === '..#..') stem++;
  const join = ROWS - 1 - stem;
  if (stem === 0 || row(join) !== '.#.#.') return undefined;
  for (let r = 1; r < join; r++) if (row(r) !== '#...#' && row(r) !== '.#.#.') return undefined;
  return stem <= 2 ? 'V' : 'Y';
}

/** Whether `cell` has a drop at row `r`, column `c` (none outside the cell). */
function dotAt(cell: DotCell, r: number, c: number): boolean {
  return c >= 0 && c < COLS && cell.dots[r * COLS + c] === 1;
}

/**
 * `S` or `5` by the top-left corner and the waist: both draw a top bar, a left stem down to a waist bar,
 * a right stem down to a bottom bar; an S rounds its top-left corner off and its waist bar stands free of
 * the left stem, a 5 has a square corner and its bar leaves the stem. `undefined` for any other cell, and
 * when the corner and the waist disagree (a missing drop makes one of them look like the other).
 *
 * Why: the recogniser, trained on solid print, reads the S of a coder font as 5 (and back) with
 * confidence, in lots where no grammar tells them apart (seed 850002: four lots of 120 cartons). The
 * corner and the waist tell the two apart in any 5×7 font (the HD44780 table and coder fonts alike);
 * a page's learned font cannot, when the page's S was always read as 5.
 */
export function sOrFive(cell: DotCell): 'S' | '5' | undefined {
  const at = (r: number, c: number): boolean => dotAt(cell, r, c);
  const inner = (r: number): number => (at(r, 1) ? 1 : 0) + (at(r, 2) ? 1 : 0) + (at(r, 3) ? 1 : 0);
  // A bar: at least two of the three inner drops of its row.
  if (inner(0) < 2 || inner(ROWS - 1) < 2) return undefined;
  for (const waist of [2, 3]) {
    if (inner(waist) < 2 || at(waist, COLS - 1)) continue;
    let shape = true;
    // Above the waist, the left stem alone (a round S may end its top bar in a hook on the second row);
    // below it, the right stem alone (down to the row above the bottom bar's neighbour: a 5's bowl and
    // a round S's hook may close on the left there).
    for (let r = 1; r < waist && shape; r++) shape = at(r, 0) && inner(r) === 0 && (!at(r, COLS - 1) || (r === 1 && waist > 2));
    for (let r = waist + 1; r < ROWS - 2 && shape; r++) shape = at(r, COLS - 1) && inner(r) === 0 && !at(r, 0);
    if (!shape) continue;
    if (!at(0, 0) && !at(waist, 0)) return 'S';
    if (at(0, 0) && at(waist, 0)) return '5';
    return undefined;
  }
  return undefined;
}

/**
 * `I` or `1` by the top of the stem: both are one vertical stem; an I crosses it with a bar at the top
 * and at the bottom, a 1 has nothing right of its top drop and a flag going down-left from it. The
 * stem (rows two to six of one column, one drop possibly missing) and the rows between the ends must
 * be otherwise empty, but for the 1's flag. `undefined` for any other cell.
 *
 * Why: the recogniser, trained on solid print, reads the serifed I of a coder font as 1 in lots, where
 * no grammar tells them apart (seeds 850002/840005: three lots of 240 cartons); the top of the stem
 * tells them apart in any 5×7 font.
 */
export function iOrOne(cell: DotCell): 'I' | '1' | undefined {
  const at = (r: number, c: number): boolean => dotAt(cell, r, c);
  for (let s = 1; s < COLS - 1; s++) {
    let stemMissing = 0;
    for (let r = 1; r < ROWS - 1; r++) if (!at(r, s)) stemMissing++;
    if (stemMissing > 1) continue;
    // Drops of the middle rows off the stem; the flag's own places apart.
    const flag = (r: number, c: number): boolean => (r === 1 && c === s - 1) || (r === 2 && (c === s - 1 || c === s - 2));
    let stray = false;
    let flagged = false;
    for (let r = 1; r < ROWS - 1; r++) {
      for (let c = 0; c < COLS; c++) {
        if (c === s || !at(r, c)) continue;
        if (flag(r, c)) flagged = true;
        else stray = true;
      }
    }
    if (stray) return undefined;
    const barTop = at(0, s - 1) && at(0, s) && at(0, s + 1);
    const barBottom = at(ROWS - 1, s - 1) && at(ROWS - 1, s) && at(ROWS - 1, s + 1);
    if (!flagged && stemMissing === 0 && barTop && barBottom) return 'I';
    if (flagged && at(1, s - 1) && at(0, s) && !at(0, s + 1) && !at(0, s - 1)) return '1';
    return undefined;
  }
  return undefined;
}

/**
 * Whether a cell is a Q by its tail: the top of an O's ring (two or three drops between empty corners,
 * then both sides on the three rows below, nothing between them; one side drop may be missing), the
 * row below crossed by the tail (both sides and the middle drop, not a bar), and the tail's end in the cell's
 * bottom-right corner, the bottom-left corner empty.
 *
 * Why: the recogniser, trained on solid print, reads the Q of a coder font as 0, O or G with confidence
 * (seed 900001: lots `L37Q5256` read `L3705256`, `6243QI` read `6243GI`), where no grammar tells them
 * apart. No zero, O, G or D of a 5×7 font inks the bottom-right corner below a round top.
 */
export function hasQTail(cell: DotCell): boolean {
  const at = (r: number, c: number): boolean => dotAt(cell, r, c);
  if (at(0, 0) || at(0, COLS - 1) || (at(0, 1) ? 1 : 0) + (at(0, 2) ? 1 : 0) + (at(0, 3) ? 1 : 0) < 2) return false;
  let missing = 0;
  for (let r = 1; r <= 3; r++) {
    if (at(r, 1) || at(r, 2) || at(r, 3)) return false;
    missing += (at(r, 0) ? 0 : 1) + (at(r, COLS - 1) ? 0 : 1);
  }
  // The tail crosses as one drop, not a bar (an A's, whose bottom-left drop may be missing).
  const crossed = at(4, 0) && at(4, 2) && at(4, COLS - 1) && !(at(4, 1) && at(4, 3));
  return missing <= 1 && crossed && at(ROWS - 1, COLS - 1) && !at(ROWS - 1, 0);
}

/**
 * Whether a cell is a W by its middle stem: both sides inked from the top row down to the fifth (one
 * drop may be missing), nothing between them on the two top rows, and a middle stem rising from below
 * to the fourth row without a bar across it.
 *
 * Why: the recogniser, trained on solid print, reads the W of a coder font as N or H with confidence
 * (seed 900001: a lot `1496WJ` read `1496NJ`), where no grammar tells them apart. N and M cross the
 * top rows, H bars its middle row, U and V have no middle stem: in any 5×7 font.
 */
export function hasMiddleStem(cell: DotCell): boolean {
  const at = (r: number, c: number): boolean => dotAt(cell, r, c);
  let missing = 0;
  for (let r = 0; r <= 4; r++) missing += (at(r, 0) ? 0 : 1) + (at(r, COLS - 1) ? 0 : 1);
  for (let r = 0; r <= 1; r++) if (at(r, 1) || at(r, 2) || at(r, 3)) return false;
  return missing <= 1 && at(3, 2) && at(4, 2) && !at(3, 1) && !at(3, 3);
}

/** Letters drawn on a full left stem, top row to bottom row, in every 5×7 font. */
const FULL_LEFT_STEM = new Set(['B', 'D', 'E', 'F', 'H', 'K', 'L', 'M', 'N', 'P', 'R']);

/**
 * Whether a cell's left side is round at both ends: the left column inked between the top and bottom
 * rows (three drops or more of its five) but not on them, and the top and bottom rows inked next to
 * those empty corners. Such a cell is no letter on a full left stem ({@link FULL_LEFT_STEM}): a 6, 0,
 * G, C, 8 or the like. The inked column keeps a cell cut one column off the glyph from counting.
 *
 * Why: the recogniser, trained on solid print, reads a coder font's 6 as E in lots (seeds 900005,
 * 850002: `63E020` for 636020, `M28E24G` for M28624G), where no grammar tells them apart, and a page's
 * learned font that never saw the page's 6 cannot either.
 */
export function hasRoundLeftSide(cell: DotCell): boolean {
  const at = (r: number, c: number): boolean => dotAt(cell, r, c);
  if (at(0, 0) || at(ROWS - 1, 0) || !(at(0, 1) || at(0, 2)) || !(at(ROWS - 1, 1) || at(ROWS - 1, 2))) return false;
  let side = 0;
  for (let r = 1; r < ROWS - 1; r++) if (at(r, 0)) side++;
  return side >= 3;
}

/**
 * Whether a cell has a full left stem: its left column inked on the top and bottom rows and on the
 * rows between, one of those between possibly missing. Of letters and digits only those of
 * {@link FULL_LEFT_STEM} are so drawn in every 5×7 font: round glyphs (0, 6, 8, C, G, O, …) leave the
 * corners empty, A, U and W one of them.
 *
 * Why: the recogniser reads a coder font's B as 6 and its L as T in lots (seeds 910005, 910006:
 * `6122302` for B122302; 900001: `P09107T` for P09107L), where no grammar tells them apart; the
 * square corners tell them in any 5×7 font.
 */
export function hasFullLeftStem(cell: DotCell): boolean {
  if (!dotAt(cell, 0, 0) || !dotAt(cell, ROWS - 1, 0)) return false;
  let missing = 0;
  for (let r = 1; r < ROWS - 1; r++) if (!dotAt(cell, r, 0)) missing++;
  return missing <= 1;
}

/** Digits and letters whose sides break off between the top and bottom rows in every 5×7 font (a waist, an open bowl). */
const BROKEN_SIDES = new Set(['2', '3', '5', '6', '7', '8', '9', 'S']);

/**
 * Whether a cell is a ring with whole sides: its left and right columns inked on all five rows between
 * the top and bottom rows (one drop possibly missing), and no bar across those rows (at most one drop
 * of a row between the sides: a zero's mark). No glyph of {@link BROKEN_SIDES} is: an 8 breaks both
 * sides at its waist and bars it, a 6 opens its upper right, a 9 its lower left, a 3 and a 5 are open
 * on the left.
 *
 * Why: the recogniser, trained on solid print, reads a coder's zero whose mark stray drops have spoiled
 * as 6 or 9 (seeds 900001, 910006: `B744166` for B744160, `2026-09-29` for 2026-09-20), where no grammar
 * tells them apart or both are dates; the ring tells them in any 5×7 font. Without the bar test an 8
 * with a stray drop at the end of its waist passed for a ring (two dates lost, `2028` read `2020`).
 */
export function hasWholeSides(cell: DotCell): boolean {
  let missing = 0;
  for (let r = 1; r < ROWS - 1; r++) missing += (dotAt(cell, r, 0) ? 0 : 1) + (dotAt(cell, r, COLS - 1) ? 0 : 1);
  if (missing > 1) return false;
  // No bar across the middle rows (an 8's waist with a stray drop at its end closes a side): a ring, at most a mark.
  for (let r = 2; r <= 4; r++) if ((dotAt(cell, r, 1) ? 1 : 0) + (dotAt(cell, r, 2) ? 1 : 0) + (dotAt(cell, r, 3) ? 1 : 0) > 1) return false;
  return true;
}

/**
 * Whether a cell's shape rules out a character in any 5×7 font: a letter of {@link FULL_LEFT_STEM} on a
 * cell round at both left corners (see {@link hasRoundLeftSide}), any other character on a cell with a
 * full left stem (see {@link hasFullLeftStem}), a glyph of {@link BROKEN_SIDES} on a cell whose sides are
 * whole (see {@link hasWholeSides}).
 */
function ruledOutByShape(ch: string, cell: DotCell): boolean {
  const up = ch.toUpperCase();
  if (BROKEN_SIDES.has(up) && hasWholeSides(cell)) return true;
  return FULL_LEFT_STEM.has(up) ? hasRoundLeftSide(cell) : /^[0-9A-Z]$/i.test(ch) && hasFullLeftStem(cell);
}

/** A glyph of a {@link GlyphTable} as a cell. */
function glyphCell(glyph: string): DotCell {
  return { dots: Uint8Array.from(glyph, (g) => (g === '#' ? 1 : 0)), spaceBefore: false };
}

/** Cost of reading `cell` as glyph `pattern` (see {@link MISSING_COST}, {@link EXTRA_COST}). */
function glyphCost(cell: DotCell, pattern: string): number {
  let cost = 0;
  for (let i = 0; i < ROWS * COLS; i++) {
    const want = pattern.charCodeAt(i) === 35; // '#'
    if (want && !cell.dots[i]) cost += MISSING_COST;
    else if (!want && cell.dots[i]) cost += EXTRA_COST;
  }
  return cost;
}

/**
 * A 5×7 glyph table: character → 35 flags row-major (`#` = drop). The HD44780 one is built in; a page's
 * own font can be learned from its confidently read cells (see {@link learnPageFont}).
 */
export type GlyphTable = Readonly<Record<string, string>>;

/** The HD44780 table (see {@link FONT_5X7}). */
export const HD44780_GLYPHS: GlyphTable = FONT_5X7;

/** Glyphs of `table` ranked by their cost on `cell`, cheapest first; only characters in `allowedChars` when given. */
export function rankGlyphs(cell: DotCell, allowedChars?: string, table: GlyphTable = FONT_5X7): { char: string; cost: number }[] {
  return Object.entries(table)
    .filter(([char]) => allowedChars === undefined || allowedChars.includes(char))
    .map(([char, pattern]) => ({ char, cost: glyphCost(cell, pattern) }))
    .sort((a, b) => a.cost - b.cost);
}

/** Highest cost at which a cell plainly shows an HD44780 glyph (see {@link plainGeneratorGlyph}): one drop missing. */
const PLAIN_GLYPH_MAX_COST = 1;
/** How much cheaper than every other HD44780 glyph that glyph must be (see {@link plainGeneratorGlyph}). */
const PLAIN_GLYPH_MARGIN = 3;

/**
 * The character whose HD44780 glyph a cell plainly shows, in any coder font: the glyph fits with at most
 * one drop missing and every other glyph misses by three more (at two drops, a coder's 6 or 9 with one
 * stray drop fits `8`: generated seed 870001). The oval (the letter O of the table) is left to the zero
 * rules (see {@link isZeroShape}): a font that marks no zero draws it so. `undefined` when no glyph
 * fits so plainly.
 *
 * Why: coder fonts share most of their glyphs with the HD44780 character generator and redraw a few (an
 * open 4, a round 3, a backslashed zero); a redrawn glyph is not the exact glyph of another character
 * (the closest of two such coder fonts lie three drops from one: a round 3 from `8`, an open 4 from `H`).
 * On a page not printed in the table's font the cells are read against the glyphs the page teaches
 * (see {@link learnPageFont}), and a character the page shows once teaches its own misreading: an `8`
 * read as `3` (generated seed 900005: expiry `2029-08-27` read `2029-03-27`) taught `3` as that cell.
 */
function plainGeneratorGlyph(cell: DotCell, allowedChars?: string): string | undefined {
  const [first, second] = rankGlyphs(cell, allowedChars);
  if (first === undefined || first.cost > PLAIN_GLYPH_MAX_COST || first.char === 'O') return undefined;
  return second === undefined || second.cost >= first.cost + PLAIN_GLYPH_MARGIN ? first.char : undefined;
}

/** Options of {@link fitsCharacterGenerator}. */
export interface FitsCharacterGeneratorOptions {
  /**
   * Highest mean cost of the cheapest glyph per cell for the print to be the table's font.
   * Measured on generated cartons (seed 730001, 45 labels): pages printed in the HD44780 font
   * average 0.0–0.9 (missing and displaced drops), pages in two other coder fonts 3.2–6.1.
   * @defaultValue 2
   */
  readonly maxMeanCost?: number;
  /** Characters the reader may output: only their glyphs count. @defaultValue every glyph */
  readonly allowedChars?: string;
}

/**
 * Whether glyph cells (all those of a page: one coder prints one font) are printed in the
 * character generator of {@link FONT_5X7}: their cheapest glyphs fit closely on average.
 * Print in another coder font fits some glyphs and misses others by a few drops (an open 4 is
 * three drops from `H`), so its cells would decide wrong characters: they must decide none.
 */
export function fitsCharacterGenerator(cells: readonly DotCell[], options: FitsCharacterGeneratorOptions = {}): boolean {
  if (cells.length === 0) return false;
  let sum = 0;
  for (const cell of cells) sum += rankGlyphs(cell, options.allowedChars)[0]?.cost ?? ROWS * COLS;
  return sum / cells.length <= (options.maxMeanCost ?? 2);
}

/**
 * Whether a page's dot-matrix lines are upside down, judged by their glyph cells: the cells of the
 * lines' drop grids as found, and turned by 180°, are each matched to their cheapest HD44780 glyph
 * (see {@link rankGlyphs}), and the way whose mean cost per cell is lower by at least
 * {@link FLIP_MIN_MARGIN} wins. `undefined` when neither way wins so clearly or the grids hold fewer
 * than {@link FLIP_MIN_CELLS} cells.
 *
 * Why: the direction classifier, trained on solid print, is often sure and wrong on dot-matrix lines,
 * and reading the longest lines both ways costs the recogniser two more readings of the widest
 * crops. A 5×7 glyph turned upside down is rarely another glyph, in the HD44780 table or in another
 * coder's font: measured on generated cartons (seeds 840003, 850002: 220 pages with cells, coder-b,
 * coder-c and HD44780 fonts), 212 pages had a margin of 2 drops a cell or more (up to 7.5), all on the
 * side reading both ways chose but one, a page upright by 1° that reading had turned upside down (the
 * cells were right, by 4.6 a cell); the other 8 had margins of 1.1–1.9, one of them (1.2) on the wrong side.
 *
 * @param grids - the drop grids of the page's dot-matrix lines, as oriented before any flip
 */
export function cellsUpsideDown(grids: readonly DotGrid[], allowedChars?: string): boolean | undefined {
  let upright = 0;
  let turned = 0;
  let uprightCells = 0;
  let turnedCells = 0;
  for (const grid of grids) {
    const asFound = gridCells(grid);
    const asTurned = gridCells({ ...grid, nodes: grid.nodes.map(([c, r]) => [grid.columns - 1 - c, ROWS - 1 - r] as const) });
    if (!asFound || !asTurned) continue;
    for (const cell of asFound) upright += rankGlyphs(cell, allowedChars)[0]?.cost ?? ROWS * COLS;
    for (const cell of asTurned) turned += rankGlyphs(cell, allowedChars)[0]?.cost ?? ROWS * COLS;
    uprightCells += asFound.length;
    turnedCells += asTurned.length;
  }
  if (Math.min(uprightCells, turnedCells) < FLIP_MIN_CELLS) return undefined;
  const margin = upright / uprightCells - turned / turnedCells;
  if (Math.abs(margin) < FLIP_MIN_MARGIN) return undefined;
  return margin > 0;
}

/** Fewest cells {@link cellsUpsideDown} judges a page on (a short date code has eight). */
const FLIP_MIN_CELLS = 8;
/** Least difference of mean glyph cost per cell, in drops, for {@link cellsUpsideDown} to decide. */
const FLIP_MIN_MARGIN = 2;

/** Options of {@link readDotCells}. */
export interface ReadDotCellsOptions {
  /** Highest cost at which a glyph may decide a cell (a few drops missing). @defaultValue 6 */
  readonly maxCost?: number;
  /**
   * How much cheaper than any other glyph (and so than the recogniser's reading) the deciding glyph
   * must be: at least this, and at least half its own cost. @defaultValue 2
   */
  readonly margin?: number;
  /**
   * Least share of a line's cells that a glyph decides before the cells may also drop a character
   * the recogniser read between cells (a `:` or `.` read into board texture) or add one it missed.
   * @defaultValue 0.75
   */
  readonly minDecidedShare?: number;
  /** Least share of a line's cells that a glyph decides before any cell settles a character. @defaultValue 0.5 */
  readonly minTrustedShare?: number;
  /** Characters the reader may output (its charset): no other glyph decides a cell. @defaultValue every glyph */
  readonly allowedChars?: string;
  /**
   * The page's font marks its zero (a cell of the page is {@link isZeroShape}: marked or narrow): a plain oval is then
   * the letter O, as it is where `table` holds a zero that is no plain oval (a narrow one). @defaultValue false
   */
  readonly zeroMarked?: boolean;
  /** The glyphs cells are compared with. @defaultValue the HD44780 table */
  readonly table?: GlyphTable;
  /**
   * A character read on a cell that its own glyph in `table` misses by at least this cost is not that
   * character: it falls behind the recogniser's next alternative that the table does not rule out.
   * @defaultValue Infinity (never)
   */
  readonly excludeCost?: number;
}

/**
 * Settles a dot-matrix line's characters by its glyph cells.
 *
 * A cell whose cheapest glyph costs at most `maxCost` and clearly less than
 * every other glyph (see `margin`) decides its character; before the table, shapes
 * that settle a character in any 5×7 font do (a marked zero, an HD44780 glyph shown
 * plainly: see {@link plainGeneratorGlyph}, …). The line's non-space characters
 * are aligned with its cells (edit distance; a decided cell matches its glyph's
 * character, an undecided cell any character). A character on a decided cell
 * becomes the glyph's: it leads the alternatives, and the recogniser's other
 * alternatives keep a tenth of their probability, so that a field's grammar
 * overrides the cell only on strong grounds. When the cells decide most of the
 * line, a character aligned with no cell is dropped and a decided cell aligned
 * with no character is added (a character read before the first or after the last
 * aligned one stays: it may lie beyond the drops the grid holds); otherwise those
 * stay as read. Spaces read stay, and when the cells decide most of the line an
 * empty cell between two inked ones adds a space the reading lacks. A full stop
 * read next to a letter that no cell holds is dropped first, whatever the cells decide
 * (see `dropCelllessStops`).
 */
export function readDotCells(read: readonly RecognizedChar[], cells: readonly DotCell[], options: ReadDotCellsOptions = {}): RecognizedChar[] {
  const chars = dropCelllessStops(read, cells);
  const maxCost = options.maxCost ?? 6;
  const margin = options.margin ?? 2;
  const table = options.table ?? FONT_5X7;
  const excludeCost = options.excludeCost ?? Infinity;
  const allowed = (ch: string): boolean => options.allowedChars === undefined || options.allowedChars.includes(ch);
  // A zero learned from the page that is no plain oval (a narrow one) tells the page's O as a marked zero does.
  const learnedZero = options.table?.['0'];
  const ovalIsO = options.zeroMarked === true || (learnedZero !== undefined && !isPlainOval(glyphCell(learnedZero)));
  const decided = cells.map((cell) => {
    // Glyph shapes that settle a character in any 5×7 font go before the table.
    if (isZeroShape(cell) && allowed('0')) return '0';
    if (ovalIsO && isPlainOval(cell) && allowed('O')) return 'O';
    const vy = armsMeet(cell);
    if (vy !== undefined && allowed(vy)) return vy;
    const s5 = sOrFive(cell);
    if (s5 !== undefined && allowed(s5)) return s5;
    const i1 = iOrOne(cell);
    if (i1 !== undefined && allowed(i1)) return i1;
    if (hasQTail(cell) && allowed('Q')) return 'Q';
    if (hasMiddleStem(cell) && allowed('W')) return 'W';
    const plain = plainGeneratorGlyph(cell, options.allowedChars);
    if (plain !== undefined) return plain;
    const [first, second] = rankGlyphs(cell, options.allowedChars, table);
    // A table of a few learned glyphs may hold one glyph only: the fit alone decides then.
    const secondCost = second?.cost ?? Infinity;
    if (first && ruledOutByShape(first.char, cell)) return undefined;
    return first && first.cost <= maxCost && secondCost >= first.cost + Math.max(margin, first.cost / 2) ? first.char : undefined;
  });
  const share = decided.filter((d) => d !== undefined).length / Math.max(1, cells.length);
  // A grid fitted off the drops decides few cells, and those by chance: it settles nothing.
  if (share < (options.minTrustedShare ?? 0.5)) return [...chars];
  const reliable = cells.length >= 3 && share >= (options.minDecidedShare ?? 0.75);
  const slots = chars.map((c, i) => (c.char === ' ' ? -1 : i)).filter((i) => i >= 0);
  const n = slots.length;
  const m = cells.length;
  // Edit distance between the characters read and the cells.
  const sub = (i: number, j: number): number => {
    const d = decided[j];
    const read = chars[slots[i]!]!.char.toUpperCase();
    // An undecided cell takes a letter or digit before a separator: the recogniser reads separators
    // into gaps and board texture more often than it invents a letter. For the same reason a letter or
    // digit read is rather another cell's than a misread symbol: on a tie it leaves a full stop's cell
    // to the stop (seed 850002: `LOT HC 321560`, the key `NO.` misread, had become `LOT H. 321560`).
    if (d === undefined) return /[A-Z0-9]/.test(read) ? 0.5 : 0.75;
    if (read === d) return 0;
    return /[A-Z0-9]/.test(read) && !/[A-Z0-9]/.test(d) ? 1.5 : 1;
  };
  const cost: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) cost[i]![j] = Math.min(cost[i - 1]![j - 1]! + sub(i - 1, j - 1), cost[i - 1]![j]! + 1, cost[i]![j - 1]! + 1);
  }
  // Walk back: the cell of each character read (or none), and the cells no character took.
  const cellOf = new Map<number, number>();
  const added = new Map<number, number[]>(); // character index read before which cells are added → those cells
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && cost[i]![j] === cost[i - 1]![j - 1]! + sub(i - 1, j - 1)) {
      cellOf.set(slots[i - 1]!, j - 1);
      i--;
      j--;
    } else if (i > 0 && cost[i]![j] === cost[i - 1]![j]! + 1) {
      i--;
    } else {
      const before = i < n ? slots[i]! : chars.length;
      added.set(before, [j - 1, ...(added.get(before) ?? [])]);
      j--;
    }
  }
  // Characters read beyond the first or last aligned one may lie beyond the drops the grid holds
  // (faint drops at a line's end): only characters between aligned ones are dropped.
  const aligned = [...cellOf.keys()];
  const firstAligned = Math.min(...aligned);
  const lastAligned = Math.max(...aligned);
  const out: RecognizedChar[] = [];
  // When the cells decide the line, an empty cell between two inked ones is a space the reading may lack.
  const place = (c: RecognizedChar, cellIndex: number | undefined): void => {
    const last = out[out.length - 1];
    const spaceAllowed = options.allowedChars === undefined || options.allowedChars.includes(' ');
    if (reliable && spaceAllowed && cellIndex !== undefined && cells[cellIndex]!.spaceBefore && last !== undefined && last.char !== ' ') {
      out.push({ char: ' ', confidence: c.confidence, alternatives: [{ char: ' ', p: c.confidence }] });
    }
    out.push(c);
  };
  const push = (k: number): void => {
    for (const cellIndex of added.get(k) ?? []) {
      const d = decided[cellIndex];
      if (!reliable || d === undefined) continue;
      const c: RecognizedChar = { char: d, confidence: 0.5, alternatives: [{ char: d, p: 0.5 }] };
      // A cell with no empty cell before it belongs to the word before a space the reading put here (the
      // `Y` of `MA 2025`, which the recogniser missed, is `MAY 2025`, not `MA Y 2025`).
      const last = out.length - 1;
      if (last > 0 && out[last]!.char === ' ' && !cells[cellIndex]!.spaceBefore) out.splice(last, 0, c);
      else place(c, cellIndex);
    }
  };
  chars.forEach((c, k) => {
    push(k);
    if (c.char === ' ') {
      out.push(c);
      return;
    }
    const cellIndex = cellOf.get(k);
    if (cellIndex === undefined) {
      if (!reliable || k < firstAligned || k > lastAligned) out.push(c);
      return;
    }
    const d = decided[cellIndex];
    if (d === undefined) {
      const cell = cells[cellIndex]!;
      const turned = fiveSixTurn(c, cell);
      if (turned) {
        place(turned, cellIndex);
        return;
      }
      // A character the cell's shape or its learned glyph rules out yields to the next that neither does,
      // which may be a 5 the cell shows as a 6 (a 6 read E, its alternative 5).
      const demoted = demoteRuledOut(c, cell, table, excludeCost);
      place(demoted === c ? c : (fiveSixTurn(demoted, cell) ?? demoted), cellIndex);
      return;
    }
    place(settledAs(c, d), cellIndex);
  });
  push(chars.length);
  // A character dropped next to a space can leave two spaces or one at an end.
  return out.filter((c, k) => c.char !== ' ' || (k > 0 && k < out.length - 1 && out[k - 1]!.char !== ' '));
}

/**
 * A `5` read on a cell that shows a 6 (round top corners, and the bowl's lower left closed on the row
 * below the waist or the waist starting at the left edge), or a `6` read on a cell that shows a 5 (a
 * square top bar, that row open on the left), as the other digit; `undefined` otherwise. Both features
 * must agree, so one missing or stray drop does not turn a digit (a round top is both corners empty).
 * The waist from the left edge stands in for a lower left whose drops are missing (seed 900001: a
 * coder's 6 lacking its left drops on the rows above and below the waist, `2026` read `2025`); a
 * round-topped 3 or 9 read as 5 has its waist inside.
 *
 * Why: the recogniser, trained on solid print, reads a coder font's 6 as 5 (seed 900005: production
 * dates `2026-02-07` read `2025-02-07`), and a date's grammar takes either digit. The pair differs in
 * these two places in every 5×7 font; a cell too noisy to decide any glyph still shows them.
 */
function fiveSixTurn(c: RecognizedChar, cell: DotCell): RecognizedChar | undefined {
  if (c.char !== '5' && c.char !== '6') return undefined;
  const at = (r: number, k: number): boolean => dotAt(cell, r, k);
  // A round top needs both corners empty: one missing drop does not make a 5's square top bar round.
  const roundTop = !at(0, 0) && !at(0, COLS - 1);
  const six = roundTop && ((at(4, 0) && at(4, COLS - 1)) || (at(3, 0) && at(3, 1)));
  const five = at(0, 0) && at(0, COLS - 1) && !at(4, 0) && at(4, COLS - 1);
  const to = c.char === '5' && six ? '6' : c.char === '6' && five ? '5' : undefined;
  return to === undefined ? undefined : settledAs(c, to);
}

/**
 * `c` settled as `char` by its cell: `char` leads with the reading's top probability, and the
 * recogniser's other alternatives keep a tenth of theirs, so that a field's grammar overrides the
 * cell only on strong grounds.
 */
function settledAs(c: RecognizedChar, char: string): RecognizedChar {
  const pTop = Math.max(c.confidence, ...c.alternatives.map((a) => a.p));
  const rest = c.alternatives.filter((a) => a.char !== char).map((a) => ({ char: a.char, p: a.p / 10 }));
  return { char, confidence: pTop, alternatives: [{ char, p: pTop }, ...rest] };
}

/** A cell whose drops all lie in its two bottom rows: a full stop in any 5×7 font. */
function isStopCell(cell: DotCell): boolean {
  let low = 0;
  for (let i = 0; i < ROWS * COLS; i++) {
    if (!cell.dots[i]) continue;
    if (i < (ROWS - 2) * COLS) return false;
    low++;
  }
  return low > 0;
}

/**
 * `chars` without the full stops read inside a word next to a letter (`L.84C1916`) when the line's
 * cells hold no full stop and are exactly as many as the other characters read: a coder prints a
 * full stop in a cell of its own, so a stop no cell holds is the recogniser's. The foot of a
 * dot-matrix `L` reads as `L.` (seeds 850002/860002: three lots `L84…` read `L.84…`, on lines
 * whose glyphs the cells could not decide). `chars` as they are otherwise.
 */
function dropCelllessStops(chars: readonly RecognizedChar[], cells: readonly DotCell[]): RecognizedChar[] {
  const alnum = (c: RecognizedChar | undefined): boolean => c !== undefined && /^[0-9A-Z]$/i.test(c.char);
  const letter = (c: RecognizedChar | undefined): boolean => c !== undefined && /^[A-Z]$/i.test(c.char);
  const stray = chars.map((c, k) => c.char === '.' && alnum(chars[k - 1]) && alnum(chars[k + 1]) && (letter(chars[k - 1]) || letter(chars[k + 1])));
  const strays = stray.filter(Boolean).length;
  const glyphs = chars.filter((c) => c.char !== ' ').length;
  if (strays === 0 || glyphs - strays !== cells.length || cells.some(isStopCell)) return [...chars];
  return chars.filter((_, k) => !stray[k]);
}

/** Least probability of the alternative a character ruled out by its learned glyph alone yields to (see `demoteRuledOut`). */
const MIN_DEMOTION_P = 0.05;

/**
 * `c` with its alternatives reordered so that the first letter or digit whose glyph in `table` does
 * not miss `cell` by `excludeCost` or more, and that the cell's shape does not rule out (see
 * {@link ruledOutByShape}), leads (a character without a glyph in the table is ruled out by shape
 * only), the ruled-out ones, symbols and a space below it; `c` itself when it is not ruled out or no
 * alternative is left. Where `c` is ruled out by its glyph in `table` alone, only an alternative with
 * a probability of {@link MIN_DEMOTION_P} or more may lead.
 */
function demoteRuledOut(c: RecognizedChar, cell: DotCell, table: GlyphTable, excludeCost: number): RecognizedChar {
  const ruledOut = (ch: string): boolean => {
    if (ruledOutByShape(ch, cell)) return true;
    const g = table[ch.toUpperCase()];
    return g !== undefined && glyphCost(cell, g) >= excludeCost;
  };
  if (!ruledOut(c.char)) return c;
  // A character ruled out by its learned glyph alone yields only to one the recogniser gave some weight:
  // a cell too noisy for its own glyph fits a character the page taught nothing of no better, and the
  // first alternative left was then a guess (seed 910006: the 5 of `K12095L`, 5 drops off the page's 5,
  // had been read as an S at 0.01).
  const byShape = ruledOutByShape(c.char, cell);
  // A letter or digit yields to a letter or digit: a symbol has no glyph to be ruled out by, and led a
  // ruled-out date digit as `$` (seed 830001: `2$26`, which no date repair reads back as a zero).
  // A space is no reading of an inked cell either.
  const alnum = /^[0-9A-Z]$/i;
  const usable = (a: CharAlternative): boolean =>
    a.char !== ' ' && !ruledOut(a.char) && (alnum.test(a.char) || !alnum.test(c.char)) && (byShape || a.p >= MIN_DEMOTION_P);
  const next = c.alternatives.find((a) => a.char !== c.char && usable(a));
  if (!next) return c;
  // The others keep a tenth of their probability (as the alternatives of a decided cell do), and at
  // most half the new reading's: field decoding ranks alternatives by probability, and a ruled-out `6`
  // left at 0.31 led the `B` at 0.13 again there (seed 830001: `B674446` read `6674446` after the
  // cell had ruled the 6 out).
  const rest = c.alternatives.filter((a) => a !== next).map((a) => (usable(a) ? a : { char: a.char, p: Math.min(a.p / 10, next.p / 2) }));
  return { char: next.char, confidence: next.p, alternatives: [next, ...rest].sort((a, b) => b.p - a.p) };
}

/**
 * A learned glyph that is the character's HD44780 glyph less one or two drops (and no drop more) is
 * that glyph: the page's few cells of the character lacked drops (blocked nozzles, faint drops), and
 * a glyph learned without them would rule out the character's fully printed cells (seed 840003: a
 * `B` learned from one cell with a missing drop ruled out the lot's `B`, which had one stray drop).
 * Coder fonts share most glyphs with this table; a glyph of the page's own (more drops, or others)
 * stays as learned.
 */
function completedByTable(char: string, glyph: string): string {
  const full = FONT_5X7[char];
  if (full === undefined) return glyph;
  let lacking = 0;
  for (let i = 0; i < ROWS * COLS; i++) {
    const want = full.charCodeAt(i) === 35;
    const has = glyph.charCodeAt(i) === 35;
    if (has && !want) return glyph;
    if (want && !has) lacking++;
  }
  return lacking <= 2 ? full : glyph;
}

/**
 * Least cost between a cell and the glyph its character's other cells agree on at which the cell is
 * another character misread as that one (four drops more, or eight fewer), not a poorly printed one.
 */
const OTHER_CHARACTER_COST = 8;

/** One dot-matrix line for {@link learnPageFont}: its characters as read and its glyph cells. */
export interface ReadCells {
  readonly chars: readonly RecognizedChar[];
  readonly cells: readonly DotCell[];
}

/** Options of {@link learnPageFont}. */
export interface LearnPageFontOptions {
  /** Least confidence of a character for its cell to teach its glyph. @defaultValue 0.9 */
  readonly minConfidence?: number;
  /**
   * Highest cost between two cells of one character (they must agree: a character read
   * confidently and wrongly, or a cell cut from an ill-fitted grid, spoils its glyph otherwise)
   * and lowest cost between the glyphs of two characters (closer glyphs mean one was misread).
   * @defaultValue 2
   */
  readonly maxSpreadCost?: number;
  /**
   * The page's font marks its zero (see `ReadDotCellsOptions.zeroMarked`): a plain oval read `0` is the
   * letter O misread and teaches nothing. @defaultValue false
   */
  readonly zeroMarked?: boolean;
}

/**
 * The glyphs of a page's own coder font, learned from the page: on dot-matrix lines whose
 * characters (spaces aside) are as many as their cells, each confidently read character
 * teaches its cell's drops as its glyph; a character's cells are merged drop by drop (a drop
 * is kept when at least half its cells have it, so one missing drop does not stay missing).
 * A character whose cells disagree, and two characters whose glyphs come out close, teach
 * nothing — but where two or more cells, most of a character's, agree and the others lie
 * {@link OTHER_CHARACTER_COST} or more from them, those others were another character and
 * the agreeing cells teach.
 *
 * Why: coders print date and lot codes in fonts of their own, and the same page repeats
 * characters (digits in dates and lots, the letters of keys such as `LOT`, `EXP`); a glyph
 * the recogniser read right elsewhere on the page tells a confused character (a narrow
 * zero read as 8, an S read as 5 when the 5 of the date looks otherwise) where no fixed
 * glyph table can. Hand-written: no library learns glyphs of a dot-matrix font.
 */
export function learnPageFont(lines: readonly ReadCells[], options: LearnPageFontOptions = {}): GlyphTable {
  const minConfidence = options.minConfidence ?? 0.9;
  const maxSpread = options.maxSpreadCost ?? 2;
  const samples = new Map<string, DotCell[]>();
  for (const { chars, cells } of lines) {
    const letters = chars.filter((c) => c.char !== ' ');
    if (letters.length !== cells.length) continue;
    letters.forEach((c, k) => {
      if (c.confidence < minConfidence || !/^[0-9A-Z]$/.test(c.char)) return;
      // A marked or narrow zero read as another character (confidently: see `isZeroShape`) teaches nothing.
      if (c.char !== '0' && isZeroShape(cells[k]!)) return;
      // So does a cell that plainly shows another character's HD44780 glyph (see `plainGeneratorGlyph`).
      const plain = plainGeneratorGlyph(cells[k]!);
      if (plain !== undefined && plain !== c.char) return;
      // On a page whose zero is marked, a plain oval read `0` is a letter O (`OCT` read `0CT`): it taught the
      // page a zero shaped as an O, which then ruled the page's real zeros out (seed 870001). Any other cell
      // read 0 teaches as before: a noisy narrow zero is no zero shape, and still the page's zero.
      if (c.char === '0' && options.zeroMarked === true && isPlainOval(cells[k]!)) return;
      const list = samples.get(c.char) ?? [];
      list.push(cells[k]!);
      samples.set(c.char, list);
    });
  }
  // A glyph drop by drop: a drop is kept when at least half the cells have it.
  const merged = (cells: readonly DotCell[]): string => {
    const counts = new Uint8Array(ROWS * COLS);
    for (const cell of cells) for (let i = 0; i < ROWS * COLS; i++) counts[i]! += cell.dots[i]!;
    return [...counts].map((n) => (2 * n >= cells.length ? '#' : '.')).join('');
  };
  const learned = new Map<string, string>();
  for (const [char, all] of samples) {
    // Cells far from the character's glyph, when the others (two or more, and most) agree on it, were
    // another character read confidently as this one: they teach nothing, the rest teach (seed 870001:
    // three zeros of a date and the letter O of a lot read `0` had taught no zero at all).
    const first = merged(all);
    const agree = all.filter((cell) => glyphCost(cell, first) <= maxSpread);
    const far = all.every((cell) => agree.includes(cell) || glyphCost(cell, first) >= OTHER_CHARACTER_COST);
    const cells = far && agree.length < all.length && agree.length >= 2 && 2 * agree.length > all.length ? agree : all;
    const glyph = merged(cells);
    if (cells.every((cell) => glyphCost(cell, glyph) <= maxSpread)) learned.set(char, completedByTable(char, glyph));
  }
  const table: Record<string, string> = {};
  for (const [char, glyph] of learned) {
    const close = [...learned].some(([other, g]) => other !== char && glyphCost(glyphCell(glyph), g) <= maxSpread);
    if (!close) table[char] = glyph;
  }
  return table;
}
