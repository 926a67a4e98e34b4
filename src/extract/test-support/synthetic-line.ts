/**
 * Builds synthetic {@link RecognizedLine}s for unit tests: text placed in a
 * text frame (u along the baseline, v down) and rotated into image
 * coordinates by `angleDeg`, with per-character alternatives.
 */
import type { CharAlternative, Point, Quad, RecognizedLine } from '../../core/types.js';
import { fromTextFrame } from '../layout-pairing.js';

/** Options of {@link createSyntheticLine}. */
export interface SyntheticLineOptions {
  /** Left of the line in the text frame, px. @defaultValue 0 */
  readonly u?: number;
  /** Top of the line in the text frame, px. @defaultValue 0 */
  readonly v?: number;
  /** Line height, px. @defaultValue 20 */
  readonly heightPx?: number;
  /** Width per character, px. @defaultValue 12 */
  readonly charWidthPx?: number;
  /** Baseline angle, degrees counter-clockwise. @defaultValue 0 */
  readonly angleDeg?: number;
  /** Probability of every top-1 character without explicit alternatives. @defaultValue 0.95 */
  readonly p?: number;
  /** Alternatives by character index (the first is the top-1 and must equal the text's character). */
  readonly alternatives?: Readonly<Record<number, readonly CharAlternative[]>>;
}

/** A recognised line as the OCR stage would give it. */
export function createSyntheticLine(text: string, options: SyntheticLineOptions = {}): RecognizedLine {
  const u = options.u ?? 0, v = options.v ?? 0, h = options.heightPx ?? 20, cw = options.charWidthPx ?? 12;
  const angleDeg = options.angleDeg ?? 0;
  const w = cw * text.length;
  const frame: Point[] = [[u, v], [u + w, v], [u + w, v + h], [u, v + h]];
  const corners = frame.map((p) => fromTextFrame(p, angleDeg));
  const xs = corners.map((p) => p[0]), ys = corners.map((p) => p[1]);
  const p = options.p ?? 0.95;
  const chars = [...text].map((char, i) => {
    const alts = options.alternatives?.[i] ?? [{ char, p }];
    if (alts[0]?.char !== char) throw new Error(`alternatives at ${i} must start with "${char}"`);
    return { char, confidence: alts[0].p, alternatives: alts };
  });
  return {
    text,
    confidence: chars.reduce((s, c) => s + c.confidence, 0) / Math.max(chars.length, 1),
    box: [Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)],
    quad: corners as unknown as Quad,
    chars,
    angleDeg,
  };
}
