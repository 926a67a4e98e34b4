/**
 * 5×7 dot-matrix fonts as continuous-inkjet (CIJ) coders print date and lot
 * codes on cartons, and an SVG renderer that draws every dot as a separate
 * round drop with jitter and missing drops.
 *
 * Written by hand: no npm package ships a dot-matrix glyph table, and the
 * bench needs dots (not a TrueType look-alike) to measure dot-matrix reading.
 *
 * Three character generators, because coders differ: `hd44780` follows the
 * classic 5×7 character-generator layout (HD44780 ROM style: a slashed zero, a
 * serifed `I`, a flagged `1`); `coder-b` and `coder-c` are other coder styles
 * (a narrow zero or a backslashed zero, an open 4, a round 3, flat-topped 5,
 * pointed A, …) drawn here for the bench. The product's dot-matrix cell reader
 * (`src/ocr/dot-matrix-cells.ts`) holds the HD44780 table only, so the two other
 * fonts measure what it does on print it was not written for; the bench reports
 * inkjet accuracy per font. (Its font-independent rules — a zero by the mark in
 * its oval, V/Y by where the arms meet, S/5 by corner and waist, I/1 by the top
 * of the stem — were written with these fonts' failures
 * in view; see bench/README.md.)
 */
import type { Rng } from './rng.js';

const G = (rows: string): readonly string[] => rows.trim().split(/\s+/);

/** Glyphs of the `hd44780` font, 7 rows of 5 columns, `#` = drop. */
export const DOT_MATRIX_5X7: Readonly<Record<string, readonly string[]>> = {
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
  ' ': G('..... ..... ..... ..... ..... ..... .....'),
};

/** A glyph table's changes from {@link DOT_MATRIX_5X7}: every other glyph is the HD44780 one. */
const withGlyphs = (changes: Readonly<Record<string, string>>): Readonly<Record<string, readonly string[]>> =>
  ({ ...DOT_MATRIX_5X7, ...Object.fromEntries(Object.entries(changes).map(([ch, rows]) => [ch, G(rows)])) });

/** The coder fonts of the bench (see the file comment); each keeps every character of {@link DOT_MATRIX_5X7}. */
export const DOT_MATRIX_FONTS = {
  hd44780: DOT_MATRIX_5X7,
  // A rounded coder style: a narrow zero (O stays full width), a flagged 1 on a full base, round 2/3,
  // an open 4, a 5 with a tall stem, a pointed A, a G with a low bar, a J without a cap, a tailed Q,
  // a V with a long point.
  'coder-b': withGlyphs({
    '0': '.##.. #..#. #..#. #..#. #..#. #..#. .##..',
    '1': '..#.. .##.. #.#.. ..#.. ..#.. ..#.. #####',
    '2': '.###. #...# ....# ..##. .#... #.... #####',
    '3': '.###. #...# ....# ..##. ....# #...# .###.',
    '4': '#...# #...# #...# ##### ....# ....# ....#',
    '5': '##### #.... #.... ####. ....# #...# .###.',
    '6': '.###. #.... #.... ####. #...# #...# .###.',
    '7': '##### ....# ....# ...#. ..#.. ..#.. ..#..',
    '9': '.###. #...# #...# .#### ....# ....# .###.',
    A: '..#.. .#.#. #...# #...# ##### #...# #...#',
    G: '.###. #.... #.... #..## #...# #...# .###.',
    J: '....# ....# ....# ....# ....# #...# .###.',
    M: '#...# ##.## #.#.# #...# #...# #...# #...#',
    Q: '.###. #...# #...# #...# #.#.# .###. ....#',
    V: '#...# #...# #...# .#.#. .#.#. ..#.. ..#..',
    W: '#...# #...# #...# #.#.# #.#.# ##.## #...#',
  }),
  // A squarer coder style: a backslashed zero, a 1 without base, squared 2/3/5, a wide-bowl 4,
  // a 9 with a tall bowl, C and G open to the right, a capped I, a B with a pinched waist, a short-armed Y.
  'coder-c': withGlyphs({
    '0': '.###. #...# ##..# #.#.# #..## #...# .###.',
    '1': '...#. ..##. .#.#. ...#. ...#. ...#. ...#.',
    '2': '####. ....# ....# .###. #.... #.... #####',
    '3': '####. ....# ....# .###. ....# ....# ####.',
    '4': '..##. .#.#. #..#. #..#. ##### ...#. ...#.',
    '5': '##### #.... ####. ....# ....# ....# ####.',
    '6': '.###. #.... #.... ####. #...# #...# .###.',
    '7': '##### #...# ....# ...#. ..#.. ..#.. ..#..',
    '9': '.###. #...# #...# #...# .#### ....# .###.',
    A: '.###. #...# #...# #...# ##### #...# #...#',
    B: '####. #...# #..#. ###.. #..#. #...# ####.',
    C: '.#### #.... #.... #.... #.... #.... .####',
    E: '##### #.... #.... ###.. #.... #.... #####',
    G: '.#### #.... #.... #.### #...# #...# .###.',
    I: '##### ..#.. ..#.. ..#.. ..#.. ..#.. #####',
    M: '#...# ##.## #.#.# #.#.# #.#.# #...# #...#',
    N: '#...# ##..# ##..# #.#.# #..## #..## #...#',
    P: '####. #...# #...# #...# ####. #.... #....',
    Q: '.###. #...# #...# #...# #.#.# #..## .####',
    R: '####. #...# #...# ####. #..#. #...# #...#',
    V: '#...# #...# .#.#. .#.#. .#.#. ..#.. ..#..',
    W: '#...# #...# #.#.# #.#.# #.#.# ##.## #...#',
    Y: '#...# .#.#. ..#.. ..#.. ..#.. ..#.. ..#..',
  }),
} as const satisfies Record<string, Readonly<Record<string, readonly string[]>>>;

/** Name of a font of {@link DOT_MATRIX_FONTS}. */
export type DotMatrixFont = keyof typeof DOT_MATRIX_FONTS;
/** Every font name, in a fixed order (the generator picks among them). */
export const DOT_MATRIX_FONT_NAMES = Object.keys(DOT_MATRIX_FONTS) as DotMatrixFont[];

/** Options of {@link renderDotMatrixText}. */
export interface DotMatrixOptions {
  /** Left edge of the first glyph, px. */
  readonly x: number;
  /** Top of the glyph cell, px. */
  readonly y: number;
  /** Distance between drop centres, px. */
  readonly pitchPx: number;
  /** Drop diameter as a fraction of the pitch (drops separate below ~0.9). */
  readonly dotRatio: number;
  /** Standard deviation of the drop position error, px. */
  readonly jitterPx: number;
  /** Probability that a drop is missing (blocked nozzle, charge error). */
  readonly missingRate: number;
  /** Ink colour, CSS. */
  readonly color: string;
  /** Bold: each column struck twice, half a pitch apart, as coders do for bold codes. */
  readonly bold?: boolean;
  /** Horizontal stretch of the character advance (line speed varies). @defaultValue 1 */
  readonly stretchX?: number;
  /** The coder's character generator. @defaultValue 'hd44780' */
  readonly font?: DotMatrixFont;
}

/** Width in px of a dot-matrix string (5 columns + 1 gap per character). */
export function dotMatrixWidthPx(text: string, pitchPx: number, stretchX = 1): number {
  return text.length * 6 * pitchPx * stretchX;
}

/**
 * SVG `<circle>` elements for one line of dot-matrix text. Characters outside
 * the glyph table throw (a generator bug, not a label defect).
 */
export function renderDotMatrixText(rng: Rng, text: string, o: DotMatrixOptions): string {
  const parts: string[] = [];
  const r = (o.pitchPx * o.dotRatio) / 2;
  const sx = o.stretchX ?? 1;
  const font: Readonly<Record<string, readonly string[]>> = DOT_MATRIX_FONTS[o.font ?? 'hd44780'];
  let cx0 = o.x;
  for (const ch of text) {
    const glyph = font[ch];
    if (!glyph) throw new RangeError(`no dot-matrix glyph for ${JSON.stringify(ch)}`);
    glyph.forEach((row, ry) => {
      for (let rx = 0; rx < row.length; rx++) {
        if (row[rx] !== '#') continue;
        const strikes = o.bold ? [0, 0.5] : [0];
        for (const dx of strikes) {
          if (rng.chance(o.missingRate)) continue;
          const cx = cx0 + (rx + dx) * o.pitchPx * sx + r + rng.normal() * o.jitterPx;
          const cy = o.y + ry * o.pitchPx + r + rng.normal() * o.jitterPx;
          const rr = r * rng.range(0.85, 1.12);
          parts.push(`<circle cx="${cx.toFixed(2)}" cy="${cy.toFixed(2)}" r="${rr.toFixed(2)}" fill="${o.color}"/>`);
        }
      }
    });
    cx0 += 6 * o.pitchPx * sx;
  }
  return parts.join('');
}
