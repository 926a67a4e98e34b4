import type { RecognizedChar } from '../core/types.js';

/**
 * Prior weight of `0` on dot-matrix digits. Coders print the zero slashed
 * (a diagonal inside the O), which the recogniser, trained on open zeros,
 * reads as 8, 9, 6 or 2 with `0` as a close second: on the generated tuning
 * sets (seeds 2001, 2002) misread zeros were the commonest digit error and
 * the reverse error rare.
 */
const ZERO_BOOST = 3;

/**
 * The same prior on a line whose drop grid gives glyph cells: those settle a marked zero by its
 * shape in any coder font (see `isZeroShape` in dot-matrix-cells.ts), and the full boost there
 * turned digits read right into zeros (`L14Y6791` read `L14Y6701`, `19856-97` read `19856-07`: a
 * 9 at 0.61 with `0` listed at 0.25). Paired on one core on nine generated inkjet sets of 120
 * cartons: +3 fields and −1 (a zero whose mark was broken, `2030` read `2039`), two of the
 * gains on sets where these cases were found and one on the unseen 920002; no boost at all
 * there gave +3 and −3.
 */
export const ZERO_BOOST_WITH_CELLS = 2;

/** Options of {@link tidyDotMatrixLine}. */
export interface TidyDotMatrixLineOptions {
  /** Factor on the probability of `0` against the digit read (see the slashed-zero note). @defaultValue 3 */
  readonly zeroBoost?: number;
}

/** Below this confidence a `-` next to a word gap is taken for board texture, not a hyphen. */
const STRAY_DASH_MAX_CONFIDENCE = 0.9;

/**
 * Tidies the spacing of a line read from merged dot-matrix print.
 *
 * A 5×7 coder prints `.`, `:` and `/` in the middle columns of a full glyph
 * cell, so the recogniser sees a word-sized gap after them and inserts a
 * space (`15: 06: 2029`), and word gaps on corrugated board hold texture it
 * reads as a `-` (`PRD-28.02.2026`, `USE BY - 2027-01-17`). This
 * 0. favours `0` over the digit read when `0` is a close alternative (slashed zero);
 * 1. collapses runs of spaces;
 * 2. drops a space between a digit and a date/time separator `.` `:` `/`
 *    and between a separator after two digits and the next digit (ISO 8601 and the usual
 *    printed date forms have no spaces inside a date or time);
 * 3. drops a low-confidence `-` next to a space and a low-confidence `.` between a
 *    letter and a space, and turns a low-confidence `-` between a word and a digit
 *    (`EXP-04`) into the word gap it stands for.
 *
 * 4. makes the separators of a `dd.mm.yyyy` date read with `:` all `.`, those of
 *    `yyyy/mm/dd`, `dd-mm-yyyy` and the like read with one `:` the other one, and `mm:yyyy` `mm.yyyy`;
 * 5. reads a single `0` inside a word of capital letters as `O`.
 *
 * Only for dot-matrix lines: solid print shows its spaces as they are.
 */
export function tidyDotMatrixLine(chars: readonly RecognizedChar[], options: TidyDotMatrixLineOptions = {}): RecognizedChar[] {
  const zeroBoost = options.zeroBoost ?? ZERO_BOOST;
  // 0. the slashed zero: a digit read as another digit with `0` among its alternatives becomes `0`
  //    when `0` wins after its probability is multiplied by `zeroBoost`.
  let out = chars.map((c) => {
    if (!/^[1-9]$/.test(c.char)) return c;
    const zero = c.alternatives.find((a) => a.char === '0');
    if (!zero || zero.p * zeroBoost <= c.confidence) return c;
    return relabel({ ...c, confidence: zero.p }, '0');
  });
  const ch = (i: number): string => out[i]?.char ?? '';
  const isDigit = (s: string): boolean => s >= '0' && s <= '9';
  const isLetter = (s: string): boolean => /^[A-Za-z]$/.test(s);
  // 3. stray dashes first, so that the spaces they leave are collapsed below.
  out = out.flatMap((c, i) => {
    // A `.` glued to a word before a gap is the same texture (`LOT. A41835L`); a real one (`NO.`) reads confidently.
    if (c.char === '.' && c.confidence < STRAY_DASH_MAX_CONFIDENCE && isLetter(ch(i - 1)) && ch(i + 1) === ' ') return [];
    if (c.char !== '-' || c.confidence >= STRAY_DASH_MAX_CONFIDENCE) return [c];
    if (ch(i - 1) === ' ' || ch(i + 1) === ' ') return [];
    if (isLetter(ch(i - 1)) && isDigit(ch(i + 1))) return [{ char: ' ', confidence: c.confidence, alternatives: [{ char: ' ', p: c.confidence }, ...c.alternatives.filter((a) => a.char !== ' ')] }];
    return [c];
  });
  // 1 and 2.
  const sep = (s: string): boolean => s === '.' || s === ':' || s === '/';
  const kept: RecognizedChar[] = [];
  for (let i = 0; i < out.length; i++) {
    const c = out[i]!;
    if (c.char === ' ') {
      const prev = kept[kept.length - 1]?.char ?? '';
      let j = i + 1;
      while (ch(j) === ' ') j++;
      const next = ch(j);
      // Two digits before the separator: a date or time part (`27.`), not `NO.` read as `N0.`.
      const twoDigits = isDigit(kept[kept.length - 2]?.char ?? '') && isDigit(kept[kept.length - 3]?.char ?? '');
      if (prev === '' || next === '') continue; // leading / trailing
      if (sep(prev) && twoDigits && isDigit(next)) { i = j - 1; continue; }
      let after = j + 1;
      while (ch(after) === ' ') after++;
      if (isDigit(prev) && sep(next) && isDigit(ch(after))) { i = j - 1; continue; }
      kept.push(c);
      i = j - 1;
      continue;
    }
    kept.push(c);
  }
  // 4. date separators: `28.02:2026` → `28.02.2026` (the 5×7 `.` is two drops tall and merges into
  //    something the recogniser takes for `:`); a day-month-year group gets dots.
  const text = kept.map((c) => c.char).join('');
  //    All colons (`23:12:2029`) too: a time of day has no four-digit part.
  for (const m of text.matchAll(/(?<![0-9])[0-9]{2}[.:][0-9]{2}[.:][0-9]{4}(?![0-9])/g)) {
    const at = m.index;
    for (const k of [at + 2, at + 5]) kept[k] = relabel(kept[k]!, '.');
  }
  //    The same for the other day forms with one `:` among `/` or `-` (`2029/03:22`, `19-06:2029`): a time
  //    has no four-digit part, so the `:` takes the group's other separator.
  for (const m of text.matchAll(/(?<![0-9])(?:[0-9]{4}[:/-][0-9]{2}[:/-][0-9]{2}|[0-9]{2}[:/-][0-9]{2}[:/-][0-9]{4})(?![0-9])/g)) {
    const first = m[0].search(/[:/-]/);
    const seps = [first, m[0].slice(first + 1).search(/[:/-]/) + first + 1];
    const other = seps.map((k) => m[0][k]!).find((c) => c !== ':');
    if (other === undefined) continue;
    for (const k of seps) kept[m.index + k] = relabel(kept[m.index + k]!, other);
  }
  //    A month form `mm:yyyy` (`EXP:09:2026`) is `mm.yyyy`: again no time has a four-digit part.
  for (const m of text.matchAll(/(?<![0-9]|[0-9][.:/-])[0-9]{2}:[0-9]{4}(?![0-9]|[.:/-][0-9])/g)) {
    if (Number(m[0].slice(0, 2)) >= 1 && Number(m[0].slice(0, 2)) <= 12) kept[m.index + 2] = relabel(kept[m.index + 2]!, '.');
  }
  // 5. a `0` in a word of letters is an `O` (`L0T`, `N0.`, `BEF0RE`): the 5×7 O and the slashed 0
  //    differ by one diagonal the merged strokes blur; identifiers mixing letters and digits are left alone.
  for (const m of text.matchAll(/[A-Za-z0-9]+/g)) {
    // Capitals and exactly one `0`, at least one capital.
    if (!/^[A-Z]*0[A-Z]*$/.test(m[0]) || m[0].length < 2) continue;
    const k = m.index + m[0].indexOf('0');
    kept[k] = relabel(kept[k]!, 'O');
  }
  return kept;
}

/**
 * The same character slot read as `char`. The new reading takes the slot's top
 * probability and the old one takes the new one's, so the alternatives stay sorted
 * with the chosen character first (the `RecognizedChar` invariant the field decoder
 * relies on: it ranks by probability and would otherwise undo the choice).
 */
function relabel(c: RecognizedChar, char: string): RecognizedChar {
  if (c.char === char) return c;
  const pNew = c.alternatives.find((a) => a.char === char)?.p ?? 0;
  const pTop = Math.max(c.confidence, ...c.alternatives.map((a) => a.p));
  const rest = c.alternatives
    .filter((a) => a.char !== char)
    .map((a) => (a.char === c.char ? { char: a.char, p: Math.min(a.p, pNew) } : a))
    .sort((a, b) => b.p - a.p);
  return { char, confidence: c.confidence, alternatives: [{ char, p: pTop }, ...rest] };
}
