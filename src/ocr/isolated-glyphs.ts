/**
 * A second opinion on letter/digit confusions from the glyph read alone.
 *
 * PP-OCRv4's recogniser reads a line with context: in an identifier of digits
 * it reads the letter `J` as `3` or `1`, `Z` as `7` or `2`, `I` as `1` with the
 * letter only a few percent behind (`377724J` read `3777243`, J 0.04; `416591Z`
 * read `4165917`, Z 0.31). Read alone, cut out of the line with its neighbours
 * blanked, the same glyph is `J` 0.69 and `Z` 0.86 (generated seeds 940001, 950002).
 * The two readings are combined by product, the reading alone counted twice
 * ({@link ALONE_WEIGHT}), and a sure line reading (the other character under
 * {@link MIN_PARTNER_P}) is never read again.
 *
 * Not for `0`/`O`: read alone, a zero is as often `o` as the letter is (no
 * digit beside it says how wide digits are); the glyph-shape measures settle
 * those (see `glyph-shape.ts`).
 *
 * Written by hand: no library re-reads a glyph of a CTC line; the crops come
 * from the glyph boxes of `segmentGlyphs`.
 */
import { medianLevel } from '../core/order-statistics.js';
import type { CharAlternative, RecognizedChar } from '../core/types.js';
import type { LineCrop } from './crop-line.js';
import { matchGlyphs, REC_COLUMNS_PER_FRAME, segmentGlyphs } from './glyph-shape.js';
import type { GlyphBox } from './glyph-shape.js';

/** Characters a context reading confuses in identifiers; each group is read again alone. */
const CONFUSION_GROUPS: readonly string[] = ['1IJ', '3J', '7Z2', '5S', '6G'];

/** Lowest line probability of another character of the group for a glyph to be read again. */
export const MIN_PARTNER_P = 0.01;

/** Lowest probability (cases summed) of the best character of a glyph read alone for that reading to count. */
export const MIN_ALONE_P = 0.5;

/**
 * Exponent of the reading alone in the product: the line's probability of a digit among digits is
 * inflated by its context, so a plain product kept `3777243` (the line: 3 0.92, J 0.04) against a
 * glyph alone that was a clear J (0.69 against 3 0.04). Measured on generated dev seeds 910002–910004,
 * 940001, 950002 (1,160 labels): exponent 1 mended 7 fields, 2 mended 9; neither broke one.
 */
export const ALONE_WEIGHT = 2;

/** Probability given to a character absent from a reading's alternatives. */
const ABSENT_P = 1e-3;

/** Blank space each side of the glyph in the crop read alone, in line heights. */
const SIDE_PAD = 0.35;

/** Characters of `c`'s groups (itself included), upper case; empty when `c` is in none. */
export function confusionGroup(c: string): string[] {
  const u = c.toUpperCase();
  const out = new Set<string>();
  for (const g of CONFUSION_GROUPS) if (g.includes(u)) for (const x of g) out.add(x);
  return [...out];
}

/** Probability of `c` (a digit or capital) in a list of alternatives, both cases summed. */
function foldedP(alternatives: readonly CharAlternative[], c: string): number {
  let p = 0;
  for (const a of alternatives) if (a.char.toUpperCase() === c) p += a.p;
  return p;
}

/** Whether a recognised character is worth reading again alone. */
export function needsIsolatedReading(c: RecognizedChar): boolean {
  const group = confusionGroup(c.char);
  if (group.length === 0 || c.char !== c.char.toUpperCase()) return false;
  return group.some((x) => x !== c.char && foldedP(c.alternatives, x) >= MIN_PARTNER_P);
}

/**
 * The paper's gray level of a line crop: the median of the pixels outside the ink mask (the
 * mean would lean toward the ink by the glyphs' soft edges). 255 when all is ink.
 */
export function paperLevel(gray: Uint8Array, ink: Uint8Array): number {
  const hist = new Uint32Array(256);
  let n = 0;
  for (let k = 0; k < gray.length; k++) {
    if (ink[k]) continue;
    hist[gray[k]!]!++;
    n++;
  }
  return n === 0 ? 255 : Math.round(medianLevel(hist, n));
}

/**
 * The glyph cut out of its line: the crop's columns of the glyph box (one
 * column more each side), on blank paper of the crop's own level, with
 * {@link SIDE_PAD} line heights of paper each side.
 *
 * @param paper - the crop's paper gray level
 */
export function isolateGlyph(crop: LineCrop, g: GlyphBox, paper: number): LineCrop {
  const H = crop.height;
  const pad = Math.round(SIDE_PAD * H);
  const x0 = Math.max(0, g.x0 - 1);
  const x1 = Math.min(crop.width, g.x1 + 1);
  const width = x1 - x0 + 2 * pad;
  const data = new Uint8Array(width * H).fill(paper);
  for (let y = 0; y < H; y++) data.set(crop.data.subarray(y * crop.width + x0, y * crop.width + x1), y * width + pad);
  return { data, width, height: H };
}

/**
 * The glyphs of a line to read again alone (see {@link needsIsolatedReading}), each cut out of the
 * line crop (see {@link isolateGlyph}); a character whose glyph the crop's segmentation does not
 * find alone in its place (touching glyphs) is left out.
 *
 * @param framesCentre - CTC centre of each character in output frames (`DecodeCtcResult.frames`)
 */
export function glyphsToReread(chars: readonly RecognizedChar[], framesCentre: readonly number[], crop: LineCrop): { position: number; crop: LineCrop }[] {
  if (framesCentre.length !== chars.length || !chars.some(needsIsolatedReading)) return [];
  const line = segmentGlyphs(crop);
  const glyphs = matchGlyphs(chars, framesCentre.map((f) => (f + 0.5) * REC_COLUMNS_PER_FRAME), line);
  const paper = paperLevel(line.gray, line.ink);
  const out: { position: number; crop: LineCrop }[] = [];
  chars.forEach((c, position) => {
    const g = glyphs[position];
    if (g && needsIsolatedReading(c)) out.push({ position, crop: isolateGlyph(crop, g, paper) });
  });
  return out;
}

/**
 * Combines the line's reading of a glyph with its reading alone: within the
 * glyph's confusion group each character scores its line probability times its
 * probability alone to the power {@link ALONE_WEIGHT} (cases summed), and the group's share of the line probability
 * is dealt out in proportion. The best goes first; characters outside the group
 * keep their line probability.
 *
 * @param alone - the alternatives of the glyph read alone (its single character's, or none when it read nothing)
 */
export function fuseIsolatedReading(line: RecognizedChar, alone: readonly CharAlternative[]): RecognizedChar {
  const group = confusionGroup(line.char);
  if (group.length === 0 || alone.length === 0) return line;
  // Read alone, the glyph must look like one of the group, and surely: an unsure reading alone
  // (`J` alone as `5` 0.25, `3` 0.21) would weigh in only by what it left out.
  const aloneTop = alone[0]!.char.toUpperCase();
  if (!group.includes(aloneTop) || foldedP(alone, aloneTop) < MIN_ALONE_P) return line;
  const inGroup = (a: CharAlternative): boolean => group.includes(a.char.toUpperCase());
  const mass = line.alternatives.filter(inGroup).reduce((s, a) => s + a.p, 0);
  const score = group.map((c) => Math.max(ABSENT_P, foldedP(line.alternatives, c)) * Math.max(ABSENT_P, foldedP(alone, c)) ** ALONE_WEIGHT);
  const total = score.reduce((s, v) => s + v, 0);
  const fused: CharAlternative[] = group.map((c, k) => ({ char: c, p: (mass * score[k]!) / total }));
  const alternatives = [...fused, ...line.alternatives.filter((a) => !inGroup(a))].sort((a, b) => b.p - a.p);
  const best = alternatives[0]!;
  return { char: best.char, confidence: best.p, alternatives };
}
