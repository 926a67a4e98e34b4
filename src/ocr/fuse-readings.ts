import type { CharAlternative, RecognizedChar } from '../core/types.js';
import type { DecodeCtcResult } from './ctc-decode.js';

/**
 * Largest edit distance, as a share of the pivot's length, at which a reading
 * of another length is aligned to the pivot and votes (a reading further off
 * is a different segmentation of the line, not a variant of the same glyphs).
 */
const MAX_ALIGN_DISTANCE_SHARE = 0.25;

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
 * Whether `other` reads the pivot's characters (within {@link MAX_ALIGN_DISTANCE_SHARE}) and then at
 * least {@link MIN_END_EXTENSION} more letters or digits at the line's end (`trailing`) or start.
 */
function extendsPivot(pivot: readonly RecognizedChar[], other: readonly RecognizedChar[], trailing: boolean): boolean {
  const p = pivot.map((c) => c.char);
  const o = other.map((c) => c.char);
  if (!trailing) {
    p.reverse();
    o.reverse();
  }
  // The distance of the pivot from each prefix `o[0, k)`.
  const d = editTable(p, o)[p.length]!;
  // Where the pivot ends in `other`: the prefix closest to it (the longest of equally close ones).
  let k = o.length;
  for (let j = o.length - 1; j >= 0; j--) if (d[j]! < d[k]!) k = j;
  const extra = o.slice(k).filter((ch) => /[\p{L}\p{N}]/u.test(ch)).length;
  return extra >= MIN_END_EXTENSION && d[k]! <= MAX_ALIGN_DISTANCE_SHARE * p.length;
}

/** Fewest letters or digits the other readings must agree lie beyond an end of the surest reading (see {@link fuseReadings}). */
const MIN_END_EXTENSION = 2;

/**
 * Combines several readings of one line (the same line rendered different
 * ways) into one.
 *
 * The most confident reading is the pivot (but see below). Every reading is aligned to it —
 * position by position when it has as many characters, else by a least-cost
 * edit alignment when it lies within {@link MAX_ALIGN_DISTANCE_SHARE} of it —
 * and each pivot position takes the character with the highest mean
 * probability over the readings (a character missing from a reading's top-k,
 * or a reading with nothing aligned there, counts 0): a per-position vote over
 * an alignment to one pivot, in the manner of ROVER (Fiscus, IEEE ASRU 1997).
 * The pivot's characters are never dropped and nothing is inserted, so the
 * line keeps the pivot's segmentation. With no other reading to vote, the
 * pivot is returned as it is.
 *
 * @param readings - at least one reading; the first is the primary one
 */
export function fuseReadings(readings: readonly DecodeCtcResult[]): DecodeCtcResult {
  const usable = readings.filter((r) => r.text.length > 0);
  if (usable.length === 0) return readings[0]!;
  let best = usable.reduce((a, b) => (b.confidence > a.confidence ? b : a));
  // A reading that stops short of glyphs at an end of the line which every other reading shows is not the
  // pivot: the line redrawn from its drop grid holds only the drops that were found, and a word beyond
  // them is read clean of it, confidently ("BEST BEFORE MAY" where the two renderings of the merged
  // drops read "MAY 2O26"; seed 830002). The surest of the others is the pivot then.
  const others = usable.filter((r) => r !== best);
  if (others.length >= 2 && [true, false].some((trailing) => others.every((r) => extendsPivot(best.chars, r.chars, trailing)))) {
    best = others.reduce((a, b) => (b.confidence > a.confidence ? b : a));
  }
  const n = best.chars.length;
  const votes = best.chars.map(() => new Map<string, number>());
  let voters = 0;
  for (const r of usable) {
    let pairs: [number, number][];
    if (r.chars.length === n) pairs = r.chars.map((_, i) => [i, i]);
    else {
      const a = align(best.chars, r.chars);
      if (a.distance > MAX_ALIGN_DISTANCE_SHARE * n) continue;
      pairs = a.pairs;
    }
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
