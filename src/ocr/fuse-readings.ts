import type { CharAlternative, RecognizedChar } from '../core/types.js';
import type { DecodeCtcResult } from './ctc-decode.js';

/**
 * Largest edit distance, as a share of the pivot's length, at which a reading
 * of another length is aligned to the pivot and votes (a reading further off
 * is a different segmentation of the line, not a variant of the same glyphs).
 */
const MAX_ALIGN_DISTANCE_SHARE = 0.25;

/** Levenshtein distance of two character sequences. */
function editDistance(a: readonly string[], b: readonly string[]): number {
  return editTable(a, b)[a.length]![b.length]!;
}

/** Levenshtein table of two character sequences: `d[i][j]` is the distance of `a[0, i)` from `b[0, j)`. */
function editTable(a: readonly string[], b: readonly string[]): number[][] {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), d[i - 1]![j]! + 1, d[i]![j - 1]! + 1);
  }
  return d;
}

/** Pairs `[pivot index, reading index]` of a least-cost alignment (Levenshtein on the top characters), matches and substitutions only. */
function align(pivot: readonly RecognizedChar[], other: readonly RecognizedChar[]): { pairs: [number, number][]; distance: number } {
  const n = pivot.length;
  const m = other.length;
  const d = editTable(pivot.map((c) => c.char), other.map((c) => c.char));
  const pairs: [number, number][] = [];
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const sub = pivot[i - 1]!.char === other[j - 1]!.char ? 0 : 1;
    if (d[i]![j] === d[i - 1]![j - 1]! + sub) {
      pairs.push([i - 1, j - 1]);
      i--;
      j--;
    } else if (d[i]![j] === d[i - 1]![j]! + 1) i--;
    else j--;
  }
  return { pairs: pairs.reverse(), distance: d[n]![m]! };
}

/**
 * Combines several readings of one line (the same line rendered different
 * ways) into one.
 *
 * The pivot is chosen by agreement: among the readings whose glyphs (spaces and marks at
 * their ends aside) are nearest in number to the line's glyph cells (`glyphCount`, where
 * the line has a drop grid), the one most other readings lie close to (within
 * {@link MAX_ALIGN_DISTANCE_SHARE}), then the one nearest the others (least summed edit
 * distance), then the most confident; with no reading close to another, the most confident.
 * Every reading is aligned to it —
 * position by position when it has as many characters and no edit alignment is closer,
 * else by a least-cost edit alignment when it lies within {@link MAX_ALIGN_DISTANCE_SHARE} of it —
 * and each pivot position takes the character with the highest mean
 * probability over the readings (a character missing from a reading's top-k,
 * or a reading with nothing aligned there, counts 0): a per-position vote over
 * an alignment to one pivot, in the manner of ROVER (Fiscus, IEEE ASRU 1997).
 * The pivot's characters are never dropped and nothing is inserted, so the
 * line keeps the pivot's segmentation. With no other reading to vote, the
 * pivot is returned as it is.
 *
 * @param readings - at least one reading; the first is the primary one
 * @param glyphCount - the glyph cells of the line's drop grid (see `gridCells`), where it has one
 */
export function fuseReadings(readings: readonly DecodeCtcResult[], glyphCount?: number): DecodeCtcResult {
  const usable = readings.filter((r) => r.text.length > 0);
  if (usable.length === 0) return readings[0]!;
  // The pivot's segmentation is the line's: the most confident reading was often an outlier in it. The line
  // redrawn from its drop grid reads a line cut short clean of it ("BEST BEFORE MAY" where the two renderings
  // of the merged drops read "MAY 2O26", seed 830002; "OT PI63R3" where both read "LOT PI63R31", 860002), and
  // renderings of merged drops read board texture beyond a code as glyphs ("59193-49 - 252" where the grid
  // held 13 cells, "BATCH 59198-49"; 850002). Measured paired against the most confident reading as pivot,
  // on generated cartons (120 each): 850002 +3, 860002 +9, 840003 +2, 840005 +1, 870001 +4 fields
  // (870001 was made after the first version; its failures then gave the end marks and the no-agreement rule).
  const texts = usable.map((r) => [...r.text]);
  const distance = texts.map((a) => texts.map((b) => editDistance(a, b)));
  const spread = distance.map((row) => row.reduce((sum, d) => sum + d, 0));
  // Readings close enough to a reading to be aligned to it: where none is, the renderings do not agree
  // and the surest reading leads (a junk reading "T" drew the pivot to "EXP 8-9-" from "EXP 2030-09-02").
  const supporters = distance.map((row, i) => row.filter((d, j) => j !== i && d <= MAX_ALIGN_DISTANCE_SHARE * texts[i]!.length).length);
  // Glyphs of a reading: its characters but spaces, and marks before its first and after its last letter or
  // digit (a stop or colon read into texture there: "L/N L41B7562." on a grid of 11 cells; seed 870001).
  const glyphs = (r: DecodeCtcResult): number => {
    const text = r.text.replace(/\s/g, '');
    const first = text.search(/[\p{L}\p{N}]/u);
    const last = text.length - 1 - [...text].reverse().findIndex((ch) => /[\p{L}\p{N}]/u.test(ch));
    return first < 0 ? text.length : last - first + 1;
  };
  const miss = usable.map((r) => (glyphCount === undefined ? 0 : Math.abs(glyphs(r) - glyphCount)));
  const fewest = Math.min(...miss);
  // Whether reading j makes a better pivot than reading k (see the function comment).
  const before = (j: number, k: number): boolean => {
    if (supporters[j] !== supporters[k]) return supporters[j]! > supporters[k]!;
    if (supporters[j]! > 0 && spread[j] !== spread[k]) return spread[j]! < spread[k]!;
    return usable[j]!.confidence > usable[k]!.confidence;
  };
  let k = -1;
  for (let j = 0; j < usable.length; j++) if (miss[j] === fewest && (k < 0 || before(j, k))) k = j;
  const best = usable[k]!;
  const n = best.chars.length;
  const votes = best.chars.map(() => new Map<string, number>());
  let voters = 0;
  for (const r of usable) {
    // A reading as long as the pivot votes position by position, unless edits align it closer than
    // substitutions do: with a glyph more on one side of the line and one fewer on the other it is as long,
    // and position by position its glyphs voted one off ("USE. BY 2026/08/15" against "USE BY 2026/08/ 15"
    // gave "USE BYY20066/0//15"; seed 860002).
    const aligned = align(best.chars, r.chars);
    const substitutions = r.chars.length === n ? r.chars.filter((c, i) => c.char !== best.chars[i]!.char).length : Infinity;
    let pairs: [number, number][];
    if (substitutions <= aligned.distance) pairs = r.chars.map((_, i) => [i, i]);
    else if (aligned.distance <= MAX_ALIGN_DISTANCE_SHARE * n) pairs = aligned.pairs;
    else continue;
    voters++;
    for (const [i, j] of pairs) for (const a of r.chars[j]!.alternatives) votes[i]!.set(a.char, (votes[i]!.get(a.char) ?? 0) + a.p);
  }
  if (voters < 2) return best;
  const chars: RecognizedChar[] = votes.map((score) => {
    const alternatives: CharAlternative[] = [...score.entries()].map(([char, p]) => ({ char, p: p / voters })).sort((a, b) => b.p - a.p);
    const top = alternatives[0]!;
    return { char: top.char, confidence: top.p, alternatives };
  });
  const confidence = chars.reduce((s, c) => s + c.confidence, 0) / chars.length;
  return { text: chars.map((c) => c.char).join(''), chars, confidence, frames: best.frames };
}
