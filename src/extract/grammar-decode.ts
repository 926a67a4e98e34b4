/**
 * Grammar-aware decoding over the recogniser's per-character alternatives.
 *
 * The recogniser gives, at every character position, its top-k characters with
 * probabilities. A field grammar (character class, length, check digit, date
 * validity, a profile pattern) says which strings are possible. Decoding picks
 * the most probable string the grammar accepts by enumerating readings in
 * descending probability (lazy k-best over independent positions — the product
 * of the positions' probabilities is the score, so the best-first order is
 * exact), instead of fixing up the top-1 string with a regex afterwards.
 *
 * Written by hand: no npm library decodes field grammars over top-k character
 * lattices; OCR libraries expose only the final string.
 */
import type { CharAlternative, RecognizedChar } from '../core/types.js';

/** Character class a position may hold. */
export type CharClass = 'digits' | 'alpha' | 'alnum' | 'any';

/** Options of {@link decodeBestAccepted}. */
export interface KBestOptions {
  /**
   * A reading is "close" — allowed to replace the top-1 reading — only while its
   * probability is at least this fraction of the top-1 reading's probability.
   * Below it, nothing is chosen: the field is low-confidence, never invented.
   * @defaultValue {@link DEFAULT_MIN_RATIO}
   */
  readonly minRatio?: number;
  /** Largest number of readings examined. @defaultValue 4000 */
  readonly maxReadings?: number;
}

/**
 * Default closeness: a repaired reading must keep ≥ 5 % of the top-1 probability.
 * One substituted position whose alternative has p = 0.3 against 0.6 passes
 * (ratio 0.5); an alternative at p = 0.01 against 0.97 does not (ratio 0.01).
 * A GS1 mod-10 check accepts 1 in 10 random digits, so a far repair would
 * be a guess with a one-in-ten chance of passing, not a reading.
 */
export const DEFAULT_MIN_RATIO = 0.05;

/**
 * Probability factor given to a confusable stand-in (`O` → `0`) that the
 * recogniser did not list, at a position whose top-1 character cannot occur
 * in the field (a letter in a digits-only field). It is used only when the
 * position has no alternative of the right class at all.
 */
export const CONFUSABLE_STAND_IN_FACTOR = 0.2;

/** Characters OCR engines confuse between letters and digits (both directions). */
export const CONFUSABLE_LETTER_TO_DIGIT: Readonly<Record<string, string>> = {
  O: '0', Q: '0', D: '0', U: '0', I: '1', L: '1', l: '1', '|': '1', '!': '1', Z: '2', S: '5', $: '5', B: '8', G: '6', b: '6', T: '7', A: '4', g: '9', q: '9', o: '0',
};
/** Reverse of {@link CONFUSABLE_LETTER_TO_DIGIT} for alphabetic positions. */
export const CONFUSABLE_DIGIT_TO_LETTER: Readonly<Record<string, string>> = {
  '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '8': 'B', '6': 'G', '7': 'T', '4': 'A',
};

/** Does a character belong to a class? */
export function inClass(ch: string, cls: CharClass): boolean {
  switch (cls) {
    case 'digits': return ch >= '0' && ch <= '9';
    case 'alpha': return /^[A-Z]$/.test(ch);
    case 'alnum': return /^[A-Z0-9]$/.test(ch);
    case 'any': return true;
  }
}

/** A reading chosen by grammar-aware decoding. */
export interface ChosenReading {
  readonly text: string;
  /** Probability of each chosen character. */
  readonly probabilities: readonly number[];
  /** Positions where the chosen character is not the recogniser's top-1. */
  readonly repairs: readonly { readonly position: number; readonly from: string; readonly to: string; readonly p: number }[];
}

/** The recogniser's top-1 reading as a {@link ChosenReading}. */
export function topReading(positions: readonly (readonly CharAlternative[])[]): ChosenReading {
  return {
    text: positions.map((a) => a[0]?.char ?? '').join(''),
    probabilities: positions.map((a) => a[0]?.p ?? 0),
    repairs: [],
  };
}

/** Alternatives of a recognised character, upper-cased and merged (max p), sorted by p descending. */
export function upperAlternatives(c: RecognizedChar): CharAlternative[] {
  const alts = c.alternatives.length > 0 ? c.alternatives : [{ char: c.char, p: c.confidence }];
  const best = new Map<string, number>();
  for (const a of alts) {
    const ch = a.char.toUpperCase();
    best.set(ch, Math.max(best.get(ch) ?? 0, a.p));
  }
  return [...best].map(([char, p]) => ({ char, p })).sort((a, b) => b.p - a.p);
}

/**
 * Restricts every position to its class. A position left empty gets the
 * confusable stand-in of its top-1 character (see {@link CONFUSABLE_STAND_IN_FACTOR});
 * returns `undefined` when some position still has nothing.
 */
export function restrictToClass(positions: readonly (readonly CharAlternative[])[], cls: CharClass): CharAlternative[][] | undefined {
  const out: CharAlternative[][] = [];
  for (const alts of positions) {
    let kept = alts.filter((a) => inClass(a.char, cls));
    if (kept.length === 0) {
      const top = alts[0];
      const map = cls === 'digits' ? CONFUSABLE_LETTER_TO_DIGIT : cls === 'alpha' ? CONFUSABLE_DIGIT_TO_LETTER : {};
      const stand = top ? map[top.char] : undefined;
      if (!top || stand === undefined) return undefined;
      kept = [{ char: stand, p: top.p * CONFUSABLE_STAND_IN_FACTOR }];
    }
    out.push(kept);
  }
  return out;
}

/**
 * The most probable reading, over the given per-position alternatives, that
 * `accept` accepts and that is close to the unconstrained top-1 reading of
 * `reference` (see {@link KBestOptions.minRatio}). `undefined` when none is.
 *
 * @param candidates - per position, the alternatives allowed (sorted by p descending)
 * @param reference - per position, all the recogniser's alternatives (for the top-1 probability)
 */
export function decodeBestAccepted(
  candidates: readonly (readonly CharAlternative[])[],
  reference: readonly (readonly CharAlternative[])[],
  accept: (text: string) => boolean,
  options: KBestOptions = {},
): ChosenReading | undefined {
  const minRatio = options.minRatio ?? DEFAULT_MIN_RATIO;
  const maxReadings = options.maxReadings ?? 4000;
  const n = candidates.length;
  if (n === 0 || candidates.some((a) => a.length === 0)) return undefined;
  const logP = (alts: readonly CharAlternative[], i: number): number => Math.log(Math.max(alts[i]?.p ?? 0, 1e-12));
  const topLog = reference.reduce((s, alts) => s + logP(alts, 0), 0);
  const floor = topLog + Math.log(minRatio);

  // Best-first over index vectors: a max-heap on the summed log probability,
  // successors increment one position's rank; `seen` removes duplicates.
  const heap: { score: number; idx: number[] }[] = [];
  const push = (idx: number[]): void => {
    let score = 0;
    for (let i = 0; i < n; i++) score += logP(candidates[i]!, idx[i]!);
    heap.push({ score, idx });
    let k = heap.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (heap[parent]!.score >= heap[k]!.score) break;
      [heap[parent], heap[k]] = [heap[k]!, heap[parent]!];
      k = parent;
    }
  };
  const pop = (): { score: number; idx: number[] } | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1, r = l + 1;
        let m = k;
        if (l < heap.length && heap[l]!.score > heap[m]!.score) m = l;
        if (r < heap.length && heap[r]!.score > heap[m]!.score) m = r;
        if (m === k) break;
        [heap[m], heap[k]] = [heap[k]!, heap[m]!];
        k = m;
      }
    }
    return top;
  };
  const seen = new Set<string>();
  const start = new Array<number>(n).fill(0);
  push(start);
  seen.add(start.join(','));
  for (let examined = 0; examined < maxReadings; examined++) {
    const item = pop();
    if (!item || item.score < floor - 1e-9) return undefined;
    const text = item.idx.map((r, i) => candidates[i]![r]!.char).join('');
    if (accept(text)) {
      const probabilities = item.idx.map((r, i) => candidates[i]![r]!.p);
      const repairs = [];
      for (let i = 0; i < n; i++) {
        const from = reference[i]?.[0]?.char ?? '';
        const to = candidates[i]![item.idx[i]!]!;
        if (to.char !== from) repairs.push({ position: i, from, to: to.char, p: to.p });
      }
      return { text, probabilities, repairs };
    }
    for (let i = 0; i < n; i++) {
      if (item.idx[i]! + 1 >= candidates[i]!.length) continue;
      const next = item.idx.slice();
      next[i]! += 1;
      const key = next.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      push(next);
    }
  }
  return undefined;
}

/**
 * Outside a digit run, a digit yields to its confusable letter (`1` → `I`,
 * `8` → `B`, `2` → `Z`, `5` → `S`, `6` → `G`) when the recogniser gives the
 * letter at least this fraction of the digit's probability. Measured on 180
 * generated labels (seeds 3101, 3202, 3303): PP-OCRv4 leans to digits in
 * mixed identifiers (printed `I` came out as `1` in 5 of 12), and at ratio
 * ≥ 0.2 the flip was right 3 times and wrong 0 times in 500+ printed digits
 * (at 0.05, once wrong). `0` → `O` is excluded: printed `O` was read as `0`
 * in 14 of 16, but the letter's probability there (≤ 0.045) was no higher
 * than at printed zeros (up to 0.2) — no threshold separated them, so the
 * recogniser gives no evidence for that flip and none is made.
 */
export const LETTER_OUTSIDE_DIGIT_RUN_RATIO = 0.2;

// Digits whose confusable letter may win outside a digit run (see LETTER_OUTSIDE_DIGIT_RUN_RATIO).
const DIGIT_TO_LETTER_FLIPPABLE: ReadonlySet<string> = new Set(['1', '2', '5', '6', '8']);
// Punctuation identifiers are not printed with (brackets, quotes, marks): read there, it is a glyph
// misread (a `J` read as `]`), and yields to a letter or digit the recogniser gives at
// LETTER_OUTSIDE_DIGIT_RUN_RATIO of its probability.
const NOT_IN_IDENTIFIERS = /^[[\]{}()<>'"`!?|;,~^]$/;
// A closing bracket is a stem whose foot turns left: of letters and digits only a `J` is drawn so
// (`E925]4775`, `C441278)`; seeds 910002, 910003, 880002: J each time, once with a `1` listed at
// 0.85 of the bracket). Read in an identifier, it is that letter.
const J_SHAPED = /^[\])]$/;

/**
 * Free-form identifier decoding: the top-1 reading, except that outside a digit
 * run a confusable digit yields to its letter when the recogniser's letter
 * alternative is close enough (see {@link LETTER_OUTSIDE_DIGIT_RUN_RATIO}), a
 * closing bracket is the letter `J`, and another bracket, quote or mark yields
 * to a letter or digit alternative as close. With `classPrior: false` only the
 * last two rules apply (brackets, quotes and marks).
 *
 * A letter read between digits stays a letter. A rule that turned it into its digit
 * when the two were nearly tied (a mostly-digit token, the digit at 0.8 of the
 * letter or more) never flipped a misread digit on the dev sets, and flipped
 * printed letters: `388S1167` (dev seeds 910002–910004, 930001/930002, at a ratio
 * of 0.5) and `Z880S7966`, S 0.48 and 5 0.44 (dev seed 950002, at 0.8; 1,160
 * solid-print and mixed labels and 720 cartons read alike otherwise without it).
 */
export function decodeWithClassPrior(positions: readonly (readonly CharAlternative[])[], options: { readonly classPrior?: boolean } = {}): ChosenReading {
  const classPrior = options.classPrior ?? true;
  const top = positions.map((a) => a[0]?.char ?? '');
  const chars: string[] = [];
  const probabilities: number[] = [];
  const repairs: { position: number; from: string; to: string; p: number }[] = [];
  positions.forEach((alts, i) => {
    const first = alts[0];
    let chosen = first;
    const between = /[0-9]/.test(top[i - 1] ?? '') && /[0-9]/.test(top[i + 1] ?? '');
    if (first && NOT_IN_IDENTIFIERS.test(first.char)) {
      const alt = alts.find((a) => /^[A-Z0-9]$/.test(a.char));
      if (J_SHAPED.test(first.char)) chosen = { char: 'J', p: Math.max(alts.find((a) => a.char === 'J')?.p ?? 0, alt?.p ?? 0, CONFUSABLE_STAND_IN_FACTOR * first.p) };
      else if (alt && alt.p >= LETTER_OUTSIDE_DIGIT_RUN_RATIO * first.p) chosen = alt;
    } else if (classPrior && !between && first && DIGIT_TO_LETTER_FLIPPABLE.has(first.char)) {
      // A digit with digits on both sides is inside a digit run whatever the token's share of
      // digits (`B75059D`: the 5 between 0 and 9 stays a 5).
      const letter = CONFUSABLE_DIGIT_TO_LETTER[first.char];
      const alt = alts.find((a) => a.char === letter);
      if (alt && alt.p >= LETTER_OUTSIDE_DIGIT_RUN_RATIO * first.p) chosen = alt;
    }
    chars.push(chosen?.char ?? '');
    probabilities.push(chosen?.p ?? 0);
    if (chosen && chosen !== first) repairs.push({ position: i, from: first?.char ?? '', to: chosen.char, p: chosen.p });
  });
  return { text: chars.join(''), probabilities, repairs };
}

/** Mean of the chosen characters' probabilities: the confidence of a field read from text. */
export function meanProbability(probabilities: readonly number[]): number {
  if (probabilities.length === 0) return 0;
  return probabilities.reduce((s, p) => s + p, 0) / probabilities.length;
}
