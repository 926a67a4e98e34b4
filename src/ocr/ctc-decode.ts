import type { CharAlternative, RecognizedChar } from '../core/types.js';
import type { CharsetMask } from './charset.js';

/** Options of {@link decodeCtc}. */
export interface DecodeCtcOptions {
  /** Alternatives kept per character, the best included. @defaultValue 4 */
  readonly topK?: number;
  /**
   * True when `scores` are already softmax probabilities (the PP-OCRv4 ONNX
   * export ends in a softmax); false for raw logits. @defaultValue true
   */
  readonly probabilities?: boolean;
  /**
   * Insert a space between two characters when the space class reached this
   * probability in a blank frame between them; 1 disables the repair. @defaultValue 0.1
   */
  readonly spaceRepairThreshold?: number;
}

/** Result of {@link decodeCtc}. */
export interface DecodeCtcResult {
  readonly text: string;
  readonly chars: RecognizedChar[];
  /** Mean character confidence; 0 for an empty line. */
  readonly confidence: number;
  /** Centre of each character in output frames (one frame = 8 input columns for PP-OCRv4). */
  readonly frames: number[];
  /**
   * First and last output frame of each character's run (a repaired space: the
   * blank frames between its neighbours). Absent on results that were combined
   * from several readings.
   */
  readonly spans?: readonly (readonly [number, number])[];
}

/**
 * Greedy CTC decoding (Graves et al., ICML 2006: best path, then collapse
 * repeats and drop blanks) of one sequence, restricted to a {@link CharsetMask}.
 *
 * The mask is applied before normalisation: the distribution of each frame is
 * the softmax over the allowed logits only. When the model already outputs
 * probabilities p, that is p_i / Σ_allowed p_j, the same value, since
 * softmax restricted to a subset is the renormalised full softmax.
 *
 * For each emitted character, an alternative's probability is its highest
 * masked probability over the frames of the character's run, so a `0` that
 * nearly won one frame of an `O` is kept as an alternative.
 *
 * @param scores - `[frames, classCount]` row-major
 */
export function decodeCtc(scores: Float32Array, frames: number, mask: CharsetMask, options: DecodeCtcOptions = {}): DecodeCtcResult {
  const topK = options.topK ?? 4;
  const isProb = options.probabilities ?? true;
  const spaceRepair = options.spaceRepairThreshold ?? 0.1;
  const C = mask.classCount;
  const idx = mask.indices;
  const m = idx.length;
  const frameP = new Float64Array(m);
  const runMax = new Float64Array(m);
  const chars: RecognizedChar[] = [];
  let prev = 0; // masked position of the previous frame's best class (0 = blank)
  let inRun = false;
  let runStart = 0;
  let runEnd = 0;
  const centres: number[] = [];
  const runSpans: [number, number][] = [];
  // Highest space probability seen since the previous character ended (see the space repair below).
  const spaceJ = mask.chars.indexOf(' ');
  let gapSpace = 0;
  const gapSpaces: number[] = [];

  // Index of the first class of each class's character (a dictionary may list a character twice).
  const firstOfChar = new Int32Array(m);
  {
    const first = new Map<string, number>();
    for (let j = 1; j < m; j++) {
      const c = mask.chars[j]!;
      const f = first.get(c);
      firstOfChar[j] = f ?? j;
      if (f === undefined) first.set(c, j);
    }
  }
  const charP = new Float64Array(m);
  const seen: number[] = [];
  const flush = (): void => {
    // Each character's highest probability (duplicates merged), in the order of its first class with any,
    // then the topK highest, ties to the earlier: a stable sort's first topK, without sorting all.
    seen.length = 0;
    for (let j = 1; j < m; j++) {
      const p = runMax[j]!;
      if (p <= 0) continue;
      const f = firstOfChar[j]!;
      if (charP[f] === 0) seen.push(f);
      if (p > charP[f]!) charP[f] = p;
    }
    const top: number[] = [];
    for (const f of seen) {
      const p = charP[f]!;
      if (top.length === topK && !(p > charP[top[topK - 1]!]!)) continue;
      let at = top.length;
      while (at > 0 && p > charP[top[at - 1]!]!) at--;
      top.splice(at, 0, f);
      if (top.length > topK) top.pop();
    }
    const alts: CharAlternative[] = top.map((f) => ({ char: mask.chars[f]!, p: charP[f]! }));
    for (const f of seen) charP[f] = 0;
    const best = alts[0];
    if (best) {
      chars.push({ char: best.char, confidence: best.p, alternatives: alts });
      centres.push((runStart + runEnd) / 2);
      runSpans.push([runStart, runEnd]);
      gapSpaces.push(gapSpace);
      gapSpace = 0;
    }
  };

  for (let t = 0; t < frames; t++) {
    const base = t * C;
    let sum = 0;
    if (isProb) {
      for (let j = 0; j < m; j++) {
        const p = scores[base + idx[j]!]!;
        frameP[j] = p;
        sum += p;
      }
    } else {
      let max = -Infinity;
      for (let j = 0; j < m; j++) max = Math.max(max, scores[base + idx[j]!]!);
      for (let j = 0; j < m; j++) {
        const e = Math.exp(scores[base + idx[j]!]! - max);
        frameP[j] = e;
        sum += e;
      }
    }
    let best = 0;
    let bestP = -1;
    const inv = sum > 0 ? 1 / sum : 0;
    for (let j = 0; j < m; j++) {
      const p = frameP[j]! * inv;
      frameP[j] = p;
      if (p > bestP) {
        bestP = p;
        best = j;
      }
    }
    if (best !== prev || best === 0) {
      // A run ends when the best class changes (or at a blank).
      if (inRun) flush();
      inRun = false;
      runMax.fill(0);
    }
    if (best === 0 && spaceJ > 0 && frameP[spaceJ]! > gapSpace) gapSpace = frameP[spaceJ]!;
    if (best !== 0) {
      if (!inRun) runStart = t;
      runEnd = t;
      inRun = true;
      for (let j = 1; j < m; j++) if (frameP[j]! > runMax[j]!) runMax[j] = frameP[j]!;
    }
    prev = best;
  }
  if (inRun) flush();

  // Space repair: PP-OCRv4 often drops the space of wide word gaps (monospaced,
  // dot-matrix print), letting blank win every gap frame while space is clearly
  // second (measured: dropped spaces 0.15–0.48, real adjacent characters < 0.01).
  // Insert a space there, with that probability as its confidence.
  const spaced: RecognizedChar[] = [];
  const spacedFrames: number[] = [];
  const spacedSpans: [number, number][] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const prevChar = spaced[spaced.length - 1];
    const g = gapSpaces[i]!;
    // Not after `(`/`)` or before `)`: GS1 human-readable text prints `(01)` directly
    // before its data (GS1 General Specifications §4.15), and monospaced brackets leave a wide gap.
    if (prevChar && prevChar.char !== ' ' && c.char !== ' ' && g >= spaceRepair && !'()'.includes(prevChar.char) && c.char !== ')') {
      spaced.push({ char: ' ', confidence: g, alternatives: [{ char: ' ', p: g }] });
      spacedFrames.push((centres[i - 1]! + centres[i]!) / 2);
      spacedSpans.push([runSpans[i - 1]![1] + 1, runSpans[i]![0] - 1]);
    }
    spaced.push(c);
    spacedFrames.push(centres[i]!);
    spacedSpans.push(runSpans[i]!);
  }
  // Spaces at the ends carry no information and would break `text.trim() === text` consumers.
  let a = 0;
  let b = spaced.length;
  while (a < b && spaced[a]!.char === ' ') a++;
  while (b > a && spaced[b - 1]!.char === ' ') b--;
  const kept = spaced.slice(a, b);
  const keptFrames = spacedFrames.slice(a, b);
  const keptSpans = spacedSpans.slice(a, b);
  const text = kept.map((c) => c.char).join('');
  const confidence = kept.length > 0 ? kept.reduce((s, c) => s + c.confidence, 0) / kept.length : 0;
  return { text, chars: kept, confidence, frames: keptFrames, spans: keptSpans };
}
