import type { CharAlternative, RecognizedChar } from '../core/types.js';

/**
 * Lower-case letters whose glyph is a smaller copy of the capital in OCR-B and
 * most sans fonts, so the recogniser can only tell them apart by size.
 */
const SHAPE_AMBIGUOUS_LOWER = new Set('cosuvwxz');

/**
 * Upper-cases shape-ambiguous lower-case letters in identifier-like tokens.
 *
 * A token (run of non-spaces) is changed only when it holds at least two
 * capitals or digits and every lower-case letter in it is one of `c o s u v w x z`:
 * `PCs` → `PCS`, `Nx893487` → `NX893487`, while `Batch`, `Use`, `No.`, `Pcs`
 * stay as read. Measured on bench/ocr-speed.ts: such mixed-case misreads were
 * the largest error class on OCR-B lines. The changed character keeps the best
 * probability of either case.
 */
export function harmonizeCase(chars: readonly RecognizedChar[]): RecognizedChar[] {
  const out = [...chars];
  let start = 0;
  for (let i = 0; i <= out.length; i++) {
    if (i < out.length && out[i]!.char !== ' ') continue;
    const token = out.slice(start, i);
    const strong = token.filter((c) => /[A-Z0-9]/.test(c.char)).length;
    const lowers = token.filter((c) => /[a-z]/.test(c.char));
    if (strong >= 2 && lowers.length > 0 && lowers.every((c) => SHAPE_AMBIGUOUS_LOWER.has(c.char))) {
      for (let k = start; k < i; k++) {
        const c = out[k]!;
        if (!/[a-z]/.test(c.char)) continue;
        const upper = c.char.toUpperCase();
        const pUpper = c.alternatives.find((a) => a.char === upper)?.p ?? 0;
        const p = Math.max(pUpper, c.confidence);
        const alternatives: CharAlternative[] = [{ char: upper, p }, ...c.alternatives.filter((a) => a.char !== upper)];
        out[k] = { char: upper, confidence: p, alternatives };
      }
    }
    start = i + 1;
  }
  return out;
}
