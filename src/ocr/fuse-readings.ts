import type { CharAlternative, RecognizedChar } from '../core/types.js';
import type { DecodeCtcResult } from './ctc-decode.js';

/**
 * Combines several readings of one line (the same crop rendered different
 * ways) into one.
 *
 * When every reading has as many characters as the most confident one, the
 * characters are aligned by position and each position takes the character
 * with the highest mean probability over the readings (a character missing
 * from a reading's top-k counts 0) — a per-position vote in the manner of
 * ROVER (Fiscus, IEEE ASRU 1997) without its alignment step, which equal
 * lengths make unnecessary. Otherwise the most confident reading is kept.
 *
 * @param readings - at least one reading; the first is the primary one
 */
export function fuseReadings(readings: readonly DecodeCtcResult[]): DecodeCtcResult {
  const usable = readings.filter((r) => r.text.length > 0);
  if (usable.length === 0) return readings[0]!;
  const best = usable.reduce((a, b) => (b.confidence > a.confidence ? b : a));
  const same = usable.filter((r) => r.chars.length === best.chars.length);
  if (same.length < 2 || same.length !== usable.length) return best;
  const chars: RecognizedChar[] = best.chars.map((_, i) => {
    const score = new Map<string, number>();
    for (const r of same) for (const a of r.chars[i]!.alternatives) score.set(a.char, (score.get(a.char) ?? 0) + a.p / same.length);
    const alternatives: CharAlternative[] = [...score.entries()].map(([char, p]) => ({ char, p })).sort((a, b) => b.p - a.p);
    const top = alternatives[0]!;
    return { char: top.char, confidence: top.p, alternatives };
  });
  const confidence = chars.reduce((s, c) => s + c.confidence, 0) / chars.length;
  return { text: chars.map((c) => c.char).join(''), chars, confidence, frames: best.frames };
}
