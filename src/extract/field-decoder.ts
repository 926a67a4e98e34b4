/**
 * Decodes the characters of one field's value under the field's grammar:
 * GTIN/SSCC digits with the GS1 mod-10 check digit, quantity digits, dates
 * that must be real dates, lots/serials/part numbers with a profile pattern
 * or class priors. See `grammar-decode.ts` for the search.
 */
import type { Check, FieldName, RecognizedChar } from '../core/types.js';
import type { CharAlternative } from '../core/types.js';
import { isValidGs1CheckDigit } from '../codes/index.js';
import { parseDateCode } from './date-code.js';
import { dotMatrixSubstitutionCost } from './key-lexicon.js';
import type { DateCodeOptions, DateCodeResult } from './date-code.js';
import { CONFUSABLE_DIGIT_TO_LETTER, CONFUSABLE_LETTER_TO_DIGIT, CONFUSABLE_STAND_IN_FACTOR, decodeBestAccepted, decodeWithClassPrior, meanProbability, restrictToClass, topReading, upperAlternatives } from './grammar-decode.js';
import type { CharClass, ChosenReading, KBestOptions } from './grammar-decode.js';
import type { FieldGrammarSpec, FieldSpec } from './label-profile.js';
import { CHECK, PLAUSIBLE_YEARS_AFTER, PLAUSIBLE_YEARS_BEFORE } from '../verify/index.js';

/** Fields whose value is a date. */
export const DATE_FIELDS: ReadonlySet<FieldName> = new Set(['productionDate', 'expiryDate']);

/** A decoded field value before merging with codes. */
export interface DecodedFieldValue {
  readonly value: string;
  /** Mean probability of the chosen characters (see `meanProbability`). */
  readonly confidence: number;
  readonly status: 'ok' | 'low-confidence' | 'ambiguous';
  readonly checks: readonly Check[];
  /** A date's printed form (`DateCodeResult.format`: `iso`, `julian`, `yyww`, …). */
  readonly dateFormat?: string;
}

/** Options of {@link decodeFieldValue}. */
export interface DecodeFieldOptions extends KBestOptions {
  /** Grammar-aware decoding; `false` keeps the top-1 reading. @defaultValue true */
  readonly grammar?: boolean;
  /** Date convention and reference year for date fields. */
  readonly date?: DateCodeOptions;
  /**
   * The value lies on a merged dot-matrix line (`RecognizedLine.dotMatrix`). A
   * free-form identifier then keeps the recogniser's top-1 letters and digits: the class
   * prior of {@link decodeWithClassPrior} was measured on solid print, and on the
   * 5×7 glyphs, where `5`/`S` and `8`/`B` differ by a drop or two, it changed four
   * lots on 120 inkjet tuning labels (seed 24001), all four for the worse. A mark no
   * identifier is printed with still yields to a close letter or digit: a coder's 7
   * with a bent top reads as `?` (generated seeds 900005, 920003: `L67J6?83`, `VN13K4?`).
   */
  readonly dotMatrix?: boolean;
}

// Built-in grammars; a profile's grammar overrides these key by key.
const BUILTIN_GRAMMAR: Readonly<Partial<Record<FieldName, FieldGrammarSpec & { lengths?: readonly number[] }>>> = {
  // GTIN-8, -12, -13, -14 (GS1 General Specifications §3.3.2); printed EAN-13 is GTIN-13.
  gtin: { charClass: 'digits', checkDigit: 'gs1-mod10', lengths: [8, 12, 13, 14] },
  // SSCC: 18 digits, mod-10 check (GS1 General Specifications §2.2.1, §7.9.1).
  sscc: { charClass: 'digits', length: 18, checkDigit: 'gs1-mod10' },
  quantity: { charClass: 'digits' },
};

/**
 * Does the field's value have a grammar that can reject a misread — a date, a
 * check digit, a character class, a length or a profile pattern? A free-form lot or
 * serial has none: any text is a valid value.
 */
export function hasValueGrammar(field: FieldName, spec: FieldSpec | undefined): boolean {
  if (DATE_FIELDS.has(field) || BUILTIN_GRAMMAR[field] !== undefined) return true;
  const g = spec?.grammar;
  return g !== undefined && (g.pattern !== undefined || g.checkDigit !== undefined || g.length !== undefined || (g.charClass !== undefined && g.charClass !== 'any'));
}

function positionsOf(chars: readonly RecognizedChar[]): CharAlternative[][] {
  return chars.map(upperAlternatives);
}

/** Splits characters into whitespace-separated tokens (by top-1 character). */
function tokens(chars: readonly RecognizedChar[]): RecognizedChar[][] {
  const out: RecognizedChar[][] = [];
  let cur: RecognizedChar[] = [];
  for (const c of chars) {
    if (/\s/.test(c.char)) {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push(c);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** The characters that make up an identifier value: spaces dropped, field-specific trimming. */
function identifierChars(field: FieldName, chars: readonly RecognizedChar[], dotMatrix = false): RecognizedChar[] {
  let cs = [...chars];
  const text = () => cs.map((c) => c.char).join('');
  if (field === 'quantity') {
    // "250 PCS", "1.000 Stk": the count is the first token; thousands separators go.
    cs = (tokens(cs)[0] ?? []).filter((c) => !/[.,'’]/.test(c.char));
  } else if (field === 'gtin' || field === 'sscc') {
    cs = cs.filter((c) => !/[\s\-.]/.test(c.char));
    // A printed Application Identifier in front of the key ("(01)09506…") is not part of it.
    if (/^\(\d{2}\)/.test(text())) cs = cs.slice(4);
  } else {
    // A run of two or more spaces ends a value: it is the next column.
    const gap = text().search(/\s{2,}/);
    if (gap > 0) cs = cs.slice(0, gap);
    cs = cs.filter((c) => !/\s/.test(c.char));
    // A period, comma, colon or semicolon after an identifier ends a sentence or is a stray drop of dot-matrix print
    // ("B178272." beside the code, seed 830002); identifiers do not end in one, nor in a hyphen or slash, which
    // join their parts ("LOT B544134 - -- -": stray drops after a dot-matrix lot, seed 910005).
    while (cs.length > 1 && /^[.,;:\-/]$/.test(cs[cs.length - 1]!.char)) cs = cs.slice(0, -1);
    // Dot-matrix print doubles a separator where a stray drop sits beside it ("25765--98", as dates
    // "2026--09"): on such a line a run of one separator between letters or digits is that separator once.
    if (dotMatrix) {
      const alnum = (c: RecognizedChar | undefined): boolean => c !== undefined && /^[\p{L}\p{N}]$/u.test(c.char);
      cs = cs.filter((c, i) => {
        if (!/^[-/.]$/.test(c.char) || cs[i - 1]?.char !== c.char) return true;
        let j = i;
        while (cs[j]?.char === c.char) j++;
        let k = i - 1;
        while (cs[k]?.char === c.char) k--;
        return !(alnum(cs[k]) && alnum(cs[j]));
      });
    }
  }
  return cs;
}

function lengthOk(g: FieldGrammarSpec & { lengths?: readonly number[] }, n: number): boolean {
  if (g.lengths && !g.lengths.includes(n)) return false;
  if (typeof g.length === 'number') return n === g.length;
  if (g.length) return n >= (g.length.min ?? 0) && n <= (g.length.max ?? Infinity);
  return n > 0;
}

function describeRepairs(r: ChosenReading): string {
  return r.repairs.map((x) => `position ${x.position + 1}: ${x.from}→${x.to} (p ${x.p.toFixed(2)})`).join(', ');
}

/**
 * Decodes a field's value characters. Returns `undefined` when there is nothing
 * to decode (empty value).
 */
export function decodeFieldValue(field: FieldName, chars: readonly RecognizedChar[], spec: FieldSpec | undefined, options: DecodeFieldOptions = {}): DecodedFieldValue | undefined {
  const grammar = options.grammar ?? true;
  if (DATE_FIELDS.has(field)) return decodeDate(field, chars, spec, options, grammar);
  const cs = identifierChars(field, chars, options.dotMatrix ?? false);
  if (cs.length === 0) return undefined;
  const positions = positionsOf(cs);
  const top = topReading(positions);
  const g = { ...BUILTIN_GRAMMAR[field], ...spec?.grammar };
  const cls: CharClass = g.charClass ?? 'any';
  const pattern = g.pattern !== undefined ? new RegExp(g.pattern, 'u') : undefined;
  const constrained = cls !== 'any' || g.length !== undefined || g.checkDigit !== undefined || pattern !== undefined || 'lengths' in g;
  const accept = (t: string): boolean =>
    lengthOk(g, t.length)
    && (cls === 'any' || [...t].every((ch) => (cls === 'digits' ? /[0-9]/ : cls === 'alpha' ? /[A-Z]/ : /[A-Z0-9]/).test(ch)))
    && (g.checkDigit !== 'gs1-mod10' || isValidGs1CheckDigit(t))
    && (pattern === undefined || pattern.test(t));
  const checkName = field === 'gtin' ? CHECK.gtinCheckDigit : field === 'sscc' ? CHECK.ssccCheckDigit : undefined;
  const finish = (t: string): string => (field === 'gtin' ? t.padStart(14, '0') : t);

  if (!grammar || !constrained) {
    const reading = grammar ? decodeWithClassPrior(positions, { classPrior: !(options.dotMatrix ?? false) }) : top;
    const checks: Check[] = [];
    if (reading.repairs.length > 0) checks.push({ name: CHECK.grammarRepair, field, ok: true, message: `class prior: ${describeRepairs(reading)}` });
    if (constrained && !accept(reading.text)) {
      checks.push({ name: checkName ?? CHECK.grammarMismatch, field, ok: false, message: `"${reading.text}" does not satisfy the ${field} grammar` });
      return { value: reading.text, confidence: meanProbability(reading.probabilities), status: 'low-confidence', checks };
    }
    if (checkName) checks.push({ name: checkName, field, ok: true });
    return { value: finish(reading.text), confidence: meanProbability(reading.probabilities), status: 'ok', checks };
  }

  const candidates = cls === 'any' ? positions : restrictToClass(positions, cls);
  const chosen = candidates ? decodeBestAccepted(candidates, positions, accept, options) : undefined;
  if (!chosen) {
    const why = checkName ? 'check digit or length fails' : 'grammar not satisfied';
    return {
      value: top.text,
      confidence: meanProbability(top.probabilities),
      status: 'low-confidence',
      checks: [{ name: checkName ?? CHECK.grammarMismatch, field, ok: false, message: `"${top.text}": ${why} and no close alternative reading satisfies it` }],
    };
  }
  const checks: Check[] = [];
  if (checkName) checks.push({ name: checkName, field, ok: true, ...(chosen.repairs.length > 0 ? { message: `repaired ${describeRepairs(chosen)}; read "${top.text}"` } : {}) });
  else if (chosen.repairs.length > 0) checks.push({ name: CHECK.grammarRepair, field, ok: true, message: `repaired ${describeRepairs(chosen)}; read "${top.text}"` });
  return { value: finish(chosen.text), confidence: meanProbability(chosen.probabilities), status: 'ok', checks };
}

// A trailing time of day, hh:mm or hh:mm:ss, separated from the date by spaces or a hyphen.
const TRAILING_TIME = /[\s-]+[0-2]?\d\s?:\s?[0-5]\d(?:\s?:\s?[0-5]\d)?\s*$/;
// A year-first date (10 characters) with an hh:mm[:ss] time run into its day.
const GLUED_TIME = /^\d{4}[-/.]\d{2}[-/.]\d{2}[0-2]\d\s?:\s?[0-5]\d(?:\s?:\s?[0-5]\d)?$/;

/** Candidate spans of a date value: the whole text, the text without a trailing time of day, then shorter token prefixes ("2028-04 (YYYY-MM)"). */
function dateSpans(chars: readonly RecognizedChar[]): RecognizedChar[][] {
  const toks = tokens(chars);
  const spans: RecognizedChar[][] = [];
  const trimmed = [...chars];
  while (trimmed.length > 0 && /\s/.test(trimmed[0]!.char)) trimmed.shift();
  while (trimmed.length > 0 && /\s/.test(trimmed[trimmed.length - 1]!.char)) trimmed.pop();
  if (trimmed.length > 0) spans.push(trimmed);
  // A full stop, comma, colon or underscore after the date is no part of it: a sentence's stop, a fill
  // line, or stray drops read as one on dot-matrix print (seed 850002: "PROD 2026-10-22." read no date).
  // Not a dash or slash: those end a date whose last part was lost ("2028-04-"), which must not read as
  // a month. The same holds at the end of each shorter token prefix below ("11JAN3O_.. -- -"; seed 910006).
  const unmarked = (span: RecognizedChar[]): RecognizedChar[] | undefined => {
    let stop = span.length;
    while (stop > 0 && /[.,:_]/.test(span[stop - 1]!.char)) stop--;
    return stop > 0 && stop < span.length ? span.slice(0, stop) : undefined;
  };
  const bare = unmarked(trimmed);
  if (bare) spans.push(bare);
  // A time of day after the date ("19-SEP-2026 12:54", inkjet coders print the
  // packing time; ISO 8601 hh:mm[:ss]) is not part of the date. OCR often reads
  // the gap as "-" ("2026/07/29-12: 34"), so it is cut off before token prefixes.
  const text = trimmed.map((c) => c.char).join('');
  const time = TRAILING_TIME.exec(text);
  if (time && time.index > 0) spans.push(trimmed.slice(0, time.index));
  // Dot-matrix print loses the gap altogether ("2026-07-1301:35"): after a complete
  // year-first date, a time glued to the day is cut off too.
  else if (GLUED_TIME.test(text)) spans.push(trimmed.slice(0, 10));
  for (let k = Math.min(toks.length - 1, 3); k >= 1; k--) {
    // Rebuild the prefix with its inner spaces from the original sequence.
    const lastTok = toks[k - 1]!;
    const end = trimmed.indexOf(lastTok[lastTok.length - 1]!) + 1;
    // A prefix that leaves a four-digit year behind is not the date but a piece of it:
    // "07 : 07 : 2026" must not be read as "07.07" (July 2007).
    if (/(?:^|[^0-9])(?:19|20)\d{2}(?:[^0-9]|$)/.test(trimmed.slice(end).map((c) => c.char).join(''))) continue;
    spans.push(trimmed.slice(0, end));
    const bareToken = unmarked(trimmed.slice(0, end));
    if (bareToken) spans.push(bareToken);
  }
  return spans;
}

/**
 * Adds the confusable counterpart of each top-1 character (`B` → `8`, `0` → `O`)
 * when the recogniser did not list it, at {@link CONFUSABLE_STAND_IN_FACTOR} of
 * the top-1 probability. Dates mix digits and month names, so no position has a
 * fixed class; the date grammar decides which reading holds.
 */
function withStandIns(positions: readonly CharAlternative[][]): CharAlternative[][] {
  return positions.map((alts) => {
    const top = alts[0];
    if (!top) return alts;
    const other = CONFUSABLE_LETTER_TO_DIGIT[top.char] ?? CONFUSABLE_DIGIT_TO_LETTER[top.char];
    if (other === undefined) return alts;
    // The counterpart gets at least the stand-in probability even when the recogniser
    // listed it lower: in a date, a letter/digit slot is structural ("30-0CT-2024"
    // has no reading with a digit there), unlike a GTIN digit whose check digit
    // would accept one wrong digit in ten.
    const floor = top.p * CONFUSABLE_STAND_IN_FACTOR;
    const rest = alts.filter((a) => a.char !== other);
    const listed = alts.find((a) => a.char === other)?.p ?? 0;
    return [...rest, { char: other, p: Math.max(listed, floor) }].sort((a, b) => b.p - a.p);
  });
}

/**
 * Where the top-1 reading cannot be a (plausible) date, a repair that the date
 * grammar singles out may use an alternative down to this fraction of the
 * top-1 probability: a colon read as `1` before the date (`MFG1-30.03.2025`,
 * `:` listed at 0.015 against 0.94), a year `2924` whose only plausible
 * reading among the listed digits is `2024` (`0` at 0.017 against 0.94).
 * Measured on generated inkjet labels (seeds 4242, 31337); a `0` at 0.001
 * behind `9` at 0.998 is no evidence and is not taken.
 */
export const DATE_FORCED_REPAIR_MIN_RATIO = 0.01;

// Characters that separate a key from its value; OCR reads a colon as `1`, `I`, `E`, `-`.
const KEY_SEPARATOR = /^[\s\-:.=_/|;,']$/;

/** A date span with up to two separator-like characters dropped in front of it. */
interface DroppedSeparator {
  readonly rest: RecognizedChar[];
  readonly dropped: string;
  /** Index of `rest`'s first character in the original span. */
  readonly offset: number;
}

/**
 * The span without up to two leading characters that are, or may be read as, a
 * separator between key and value (`1-30.03.2025` with `:` listed for the `1`,
 * `E05/2028` with `-` listed for the `E`): each dropped character is a separator
 * or has one among its alternatives at {@link DATE_FORCED_REPAIR_MIN_RATIO} of its top-1.
 */
function withoutLeadingSeparator(span: readonly RecognizedChar[]): DroppedSeparator[] {
  const out: DroppedSeparator[] = [];
  for (let k = 1; k <= Math.min(2, span.length - 1); k++) {
    const c = span[k - 1]!;
    const topP = c.alternatives[0]?.p ?? c.confidence;
    if (!KEY_SEPARATOR.test(c.char) && !c.alternatives.some((a) => KEY_SEPARATOR.test(a.char) && a.p >= DATE_FORCED_REPAIR_MIN_RATIO * topP)) break;
    let offset = k;
    while (offset < span.length && /\s/.test(span[offset]!.char)) offset++;
    // Only when the date itself starts right after the dropped characters.
    if (offset < span.length && !KEY_SEPARATOR.test(span[offset]!.char)) out.push({ rest: span.slice(offset), dropped: span.slice(0, k).map((x) => x.char).join(''), offset });
  }
  return out;
}

/**
 * A real date whose year lies outside the plausible window (`2924-02-17`) is
 * re-read: one digit of it replaced by a listed alternative (at
 * {@link DATE_FORCED_REPAIR_MIN_RATIO} of the top-1 or more) so that the year is
 * plausible and the month and day stay as read. Taken only when exactly one
 * such year exists; otherwise `undefined`.
 */
function repairImplausibleYear(reading: ChosenReading, positions: readonly CharAlternative[][], options: DateCodeOptions, plausible: (r: DateCodeResult) => boolean): ChosenReading | undefined {
  const parsed = parseDateCode(reading.text, options);
  const value = parsed.value ?? parsed.alternatives[0];
  if (value === undefined) return undefined;
  const found = new Map<string, ChosenReading>();
  for (let i = 0; i < reading.text.length; i++) {
    if (!/[0-9]/.test(reading.text[i]!)) continue;
    const topP = positions[i]?.[0]?.p ?? 0;
    for (const alt of positions[i] ?? []) {
      if (!/^[0-9]$/.test(alt.char) || alt.char === reading.text[i] || alt.p < DATE_FORCED_REPAIR_MIN_RATIO * topP) continue;
      const text = reading.text.slice(0, i) + alt.char + reading.text.slice(i + 1);
      const r = parseDateCode(text, options);
      const v = r.value ?? r.alternatives[0];
      if (!plausible(r) || v === undefined || v.slice(4) !== value.slice(4)) continue;
      if (found.has(v)) continue;
      const probabilities = reading.probabilities.map((p, j) => (j === i ? alt.p : p));
      const from = positions[i]?.[0]?.char ?? '';
      const repairs = [...reading.repairs.filter((x) => x.position !== i), ...(from === alt.char ? [] : [{ position: i, from, to: alt.char, p: alt.p }])].sort((a, b) => a.position - b.position);
      found.set(v, { text, probabilities, repairs });
    }
  }
  return found.size === 1 ? [...found.values()][0] : undefined;
}

/**
 * On dot-matrix print the recogniser reads a merged digit as a letter (`2E28`, `2G29`)
 * or as a digit of like outline (`2824`, `86/2027`: a zero closed into 8, 6, 9; see
 * {@link dotMatrixSubstitutionCost}) with the right digit often not among its
 * alternatives. A letter (or `@`, `?`) next to a digit in the top-1 reading is replaced
 * by each digit in turn, a digit next to a digit by each digit print makes alike; taken only when
 * exactly one replacement at one position gives a plausible date (a year digit: one
 * century fits; a day or month digit fits several and is left alone). The replaced
 * character's probability is the stand-in share of its top-1
 * ({@link CONFUSABLE_STAND_IN_FACTOR}).
 */
function dotMatrixDigitRepair(positions: readonly CharAlternative[][], options: DateCodeOptions, plausible: (r: DateCodeResult) => boolean, base?: ChosenReading): ChosenReading | undefined {
  const top = base ?? topReading(positions);
  let found: { value: string; reading: ChosenReading } | undefined;
  for (let i = 0; i < top.text.length; i++) {
    const ch = top.text[i]!;
    const letter = /[A-Z@?]/.test(ch);
    if (!(letter || /[0-9]/.test(ch)) || !(/[0-9]/.test(top.text[i - 1] ?? '') || /[0-9]/.test(top.text[i + 1] ?? ''))) continue;
    // A digit is re-read only as a digit that print makes alike (`0` closed into `8`, `6`, `9`).
    for (const d of [...'0123456789'].filter((x) => letter || (x !== ch && dotMatrixSubstitutionCost(ch, x) < 1))) {
      const text = top.text.slice(0, i) + d + top.text.slice(i + 1);
      const r = parseDateCode(text, options);
      if (!plausible(r) || r.ambiguous || r.value === undefined) continue;
      if (found && found.value !== r.value) return undefined;
      const p = (positions[i]?.[0]?.p ?? 0) * CONFUSABLE_STAND_IN_FACTOR;
      found = { value: r.value, reading: { text, probabilities: top.probabilities.map((x, j) => (j === i ? p : x)), repairs: [...top.repairs, { position: i, from: ch, to: d, p }] } };
    }
  }
  return found?.reading;
}

function decodeDate(field: FieldName, chars: readonly RecognizedChar[], spec: FieldSpec | undefined, options: DecodeFieldOptions, grammar: boolean): DecodedFieldValue | undefined {
  const dateOptions: DateCodeOptions = { ...options.date, ...spec?.date };
  const referenceYear = dateOptions.referenceYear ?? new Date().getUTCFullYear();
  const window = `${referenceYear - PLAUSIBLE_YEARS_BEFORE}..${referenceYear + PLAUSIBLE_YEARS_AFTER}`;
  const plausible = (r: DateCodeResult): boolean => r.valid && r.alternatives.every((v) => {
    const y = Number(v.slice(0, 4));
    return y >= referenceYear - PLAUSIBLE_YEARS_BEFORE && y <= referenceYear + PLAUSIBLE_YEARS_AFTER;
  });
  const spans = dateSpans(chars);
  if (spans.length === 0) return undefined;
  // The spans as printed first; then, with grammar, without a separator-like character
  // left between key and value (never without grammar: that is a repair).
  type Variant = { readonly span: RecognizedChar[]; readonly printed: string; readonly dropped?: DroppedSeparator; readonly closed?: readonly number[]; readonly colon?: boolean };
  const variants: Variant[] = spans.map((span) => ({ span, printed: span.map((c) => c.char).join('') }));
  if (grammar) {
    for (const span of spans) {
      for (const d of withoutLeadingSeparator(span)) variants.push({ span: d.rest, printed: span.map((c) => c.char).join(''), dropped: d });
    }
    // Dot-matrix print spaces its glyphs unevenly, and the recogniser reads a wide gap inside a
    // number as a space ("MFD 0 7/2025", "2024-10-0 1 04:30"; seed 910002): each space between two
    // digits closed in turn, then all of them, after every span as printed.
    if (dateOptions.dotMatrix) {
      for (const span of spans) {
        const gaps = span.flatMap((c, i) => (c.char === ' ' && /[0-9]/.test(span[i - 1]?.char ?? '') && /[0-9]/.test(span[i + 1]?.char ?? '') ? [i] : []));
        const sets = gaps.length > 1 ? [...gaps.map((g) => [g]), gaps] : gaps.map((g) => [g]);
        for (const closed of sets) variants.push({ span: span.filter((_, i) => !closed.includes(i)), printed: span.map((c) => c.char).join(''), closed });
      }
      // A stray drop inside a number reads as a colon ("MFG 202:4-06-24", "25 MAR 20:30"; seeds 920002,
      // 920003): each colon between two digits left out in turn, after every closed gap, so that a time of
      // day ("14:40") is only ever joined when nothing else gives a date, and only inside a date that has
      // a separator or a month name besides: a time alone ("12:30") is not made the number 1230.
      for (const span of spans) {
        span.forEach((c, i) => {
          if (c.char !== ':' || !/[0-9]/.test(span[i - 1]?.char ?? '') || !/[0-9]/.test(span[i + 1]?.char ?? '')) return;
          const rest = span.filter((_, j) => j !== i);
          if (rest.some((x) => /[^0-9:]/.test(x.char))) variants.push({ span: rest, printed: span.map((x) => x.char).join(''), closed: [i], colon: true });
        });
      }
    }
  }
  const decode = (span: RecognizedChar[], accept: (t: string) => boolean): ChosenReading | undefined => {
    const positions = positionsOf(span);
    if (grammar) return decodeBestAccepted(withStandIns(positions), positions, accept, options);
    const top = topReading(positions);
    return accept(top.text) ? top : undefined;
  };
  // Repairs are reported at their positions in the printed span.
  // A position in a span with closed gaps, in the span as printed: moved past each gap at or before it.
  const unclose = (closed: readonly number[], p: number): number => closed.reduce((q, g) => (g <= q ? q + 1 : q), p);
  const inPrinted = (v: Variant, r: ChosenReading): ChosenReading => {
    if (v.dropped) return { ...r, repairs: r.repairs.map((x) => ({ ...x, position: x.position + v.dropped!.offset })) };
    if (v.closed) return { ...r, repairs: r.repairs.map((x) => ({ ...x, position: unclose(v.closed!, x.position) })) };
    return r;
  };
  const note = (v: Variant): string | undefined => (v.dropped ? `dropped "${v.dropped.dropped}" before the date (read as a separator)` : v.colon ? 'left out a colon between digits (a stray drop, dot-matrix print)' : v.closed ? 'closed a gap between digits (dot-matrix print)' : undefined);

  // 1. A plausible date as printed, then after a separator-like character. On dot-matrix
  // print, exact month names first: a garbled name accepted anywhere in the search let a
  // likelier noise reading win ("_M1RR 2029" read as "RRR" → APR over the listed "MAR";
  // seed 21001).
  const passes: DateCodeOptions[] = dateOptions.dotMatrix ? [{ ...dateOptions, dotMatrix: false }, dateOptions] : [dateOptions];
  for (const o of passes) {
    for (const v of variants) {
      const reading = decode(v.span, (t) => plausible(parseDateCode(t, o)));
      if (reading) return dateResult(field, parseDateCode(reading.text, o), inPrinted(v, reading), v.printed, note(v));
    }
  }
  // 1b. Dot-matrix print: one glyph among digits read as a letter ("2E28"), re-read as the one digit giving a plausible date.
  if (grammar && dateOptions.dotMatrix) {
    for (const v of variants) {
      const reading = dotMatrixDigitRepair(positionsOf(v.span), dateOptions, plausible);
      if (reading) return dateResult(field, parseDateCode(reading.text, dateOptions), inPrinted(v, reading), v.printed, [note(v), 'a glyph among digits read as the one digit that gives a plausible date (dot-matrix print)'].filter(Boolean).join('; '));
    }
  }
  // 2. A real date with an implausible year: the year re-read from the alternatives, else low-confidence.
  for (const v of variants) {
    const reading = decode(v.span, (t) => parseDateCode(t, dateOptions).valid);
    if (!reading) continue;
    const repaired = grammar ? repairImplausibleYear(reading, positionsOf(v.span), dateOptions, plausible) : undefined;
    // Dot-matrix print: the valid reading's glyph re-read as in 1b ("86/2827" read "06/2827" → "06/2027").
    const glyph = grammar && !repaired && dateOptions.dotMatrix ? dotMatrixDigitRepair(positionsOf(v.span), dateOptions, plausible, reading) : undefined;
    if (glyph) return dateResult(field, parseDateCode(glyph.text, dateOptions), inPrinted(v, glyph), v.printed, [note(v), `year of "${reading.text}" outside ${window}; a glyph among digits read as the one digit that gives a plausible date (dot-matrix print)`].filter(Boolean).join('; '));
    if (repaired) {
      const why = [note(v), `year of "${reading.text}" outside ${window}; the one plausible year among the recogniser's alternatives taken`].filter(Boolean).join('; ');
      return dateResult(field, parseDateCode(repaired.text, dateOptions), inPrinted(v, repaired), v.printed, why);
    }
    // Dropping characters or closing a gap is a repair itself: taken only when it gives a plausible
    // date, never stacked under a doubtful (low-confidence) one.
    if (v.dropped || v.closed) continue;
    const result = dateResult(field, parseDateCode(reading.text, dateOptions), inPrinted(v, reading), v.printed, note(v));
    return {
      ...result,
      status: 'low-confidence',
      checks: [...result.checks, { name: CHECK.datePlausible, field, ok: false, message: `"${reading.text}": year outside ${window}` }],
    };
  }
  const top = topReading(positionsOf(spans[0]!));
  const parsed = parseDateCode(top.text, dateOptions);
  return {
    value: top.text,
    confidence: meanProbability(top.probabilities),
    status: 'low-confidence',
    checks: [{ name: CHECK.dateValid, field, ok: false, message: `"${top.text}": ${parsed.reason ?? 'not a date'}` }],
  };
}

function dateResult(field: FieldName, parsed: DateCodeResult, reading: ChosenReading, printed: string, note?: string): DecodedFieldValue {
  const checks: Check[] = [{ name: CHECK.dateValid, field, ok: true }];
  if (reading.repairs.length > 0 || note !== undefined || parsed.repair !== undefined) {
    const parts = [...(reading.repairs.length > 0 ? [`repaired ${describeRepairs(reading)}`] : []), ...(parsed.repair !== undefined ? [parsed.repair] : []), ...(note !== undefined ? [note] : [])];
    checks.push({ name: CHECK.grammarRepair, field, ok: true, message: `${parts.join('; ')}; read "${printed}"` });
  }
  const confidence = meanProbability(reading.probabilities);
  if (parsed.ambiguous) {
    checks.push({ name: CHECK.dateAmbiguous, field, ok: false, message: `"${reading.text}" ${parsed.reason ?? ''}`.trim() });
    return { value: parsed.alternatives[0] ?? reading.text, confidence, status: 'ambiguous', checks };
  }
  return { value: parsed.value ?? reading.text, confidence, status: 'ok', checks, ...(parsed.format !== undefined ? { dateFormat: parsed.format } : {}) };
}
