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
}

/** Options of {@link decodeFieldValue}. */
export interface DecodeFieldOptions extends KBestOptions {
  /** Grammar-aware decoding; `false` keeps the top-1 reading. @defaultValue true */
  readonly grammar?: boolean;
  /** Date convention and reference year for date fields. */
  readonly date?: DateCodeOptions;
}

// Built-in grammars; a profile's grammar overrides these key by key.
const BUILTIN_GRAMMAR: Readonly<Partial<Record<FieldName, FieldGrammarSpec & { lengths?: readonly number[] }>>> = {
  // GTIN-8, -12, -13, -14 (GS1 General Specifications §3.3.2); printed EAN-13 is GTIN-13.
  gtin: { charClass: 'digits', checkDigit: 'gs1-mod10', lengths: [8, 12, 13, 14] },
  // SSCC: 18 digits, mod-10 check (GS1 General Specifications §2.2.1, §7.9.1).
  sscc: { charClass: 'digits', length: 18, checkDigit: 'gs1-mod10' },
  quantity: { charClass: 'digits' },
};

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
function identifierChars(field: FieldName, chars: readonly RecognizedChar[]): RecognizedChar[] {
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
  const cs = identifierChars(field, chars);
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
    const reading = grammar ? decodeWithClassPrior(positions) : top;
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

/** Candidate spans of a date value: the whole text, the text without a trailing time of day, then shorter token prefixes ("2028-04 (YYYY-MM)"). */
function dateSpans(chars: readonly RecognizedChar[]): RecognizedChar[][] {
  const toks = tokens(chars);
  const spans: RecognizedChar[][] = [];
  const trimmed = [...chars];
  while (trimmed.length > 0 && /\s/.test(trimmed[0]!.char)) trimmed.shift();
  while (trimmed.length > 0 && /\s/.test(trimmed[trimmed.length - 1]!.char)) trimmed.pop();
  if (trimmed.length > 0) spans.push(trimmed);
  // A time of day after the date ("19-SEP-2026 12:54", inkjet coders print the
  // packing time; ISO 8601 hh:mm[:ss]) is not part of the date. OCR often reads
  // the gap as "-" ("2026/07/29-12: 34"), so it is cut off before token prefixes.
  const time = TRAILING_TIME.exec(trimmed.map((c) => c.char).join(''));
  if (time && time.index > 0) spans.push(trimmed.slice(0, time.index));
  for (let k = Math.min(toks.length - 1, 3); k >= 1; k--) {
    // Rebuild the prefix with its inner spaces from the original sequence.
    const lastTok = toks[k - 1]!;
    const end = trimmed.indexOf(lastTok[lastTok.length - 1]!) + 1;
    // A prefix that leaves a four-digit year behind is not the date but a piece of it:
    // "07 : 07 : 2026" must not be read as "07.07" (July 2007).
    if (/(?:^|[^0-9])(?:19|20)\d{2}(?:[^0-9]|$)/.test(trimmed.slice(end).map((c) => c.char).join(''))) continue;
    spans.push(trimmed.slice(0, end));
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

function decodeDate(field: FieldName, chars: readonly RecognizedChar[], spec: FieldSpec | undefined, options: DecodeFieldOptions, grammar: boolean): DecodedFieldValue | undefined {
  const dateOptions: DateCodeOptions = { ...options.date, ...spec?.date };
  const referenceYear = dateOptions.referenceYear ?? new Date().getUTCFullYear();
  const plausible = (r: DateCodeResult): boolean => r.valid && r.alternatives.every((v) => {
    const y = Number(v.slice(0, 4));
    return y >= referenceYear - PLAUSIBLE_YEARS_BEFORE && y <= referenceYear + PLAUSIBLE_YEARS_AFTER;
  });
  const spans = dateSpans(chars);
  if (spans.length === 0) return undefined;
  // First a plausible year, then any real date (reported as implausible).
  for (const requirePlausible of [true, false]) {
    for (const span of spans) {
      const positions = positionsOf(span);
      const accept = (t: string): boolean => {
        const r = parseDateCode(t, dateOptions);
        return requirePlausible ? plausible(r) : r.valid;
      };
      let reading: ChosenReading | undefined;
      if (grammar) reading = decodeBestAccepted(withStandIns(positions), positions, accept, options);
      else {
        const top = topReading(positions);
        if (accept(top.text)) reading = top;
      }
      if (!reading) continue;
      const parsed = parseDateCode(reading.text, dateOptions);
      const result = dateResult(field, parsed, reading, span.map((c) => c.char).join(''));
      if (requirePlausible) return result;
      return {
        ...result,
        status: 'low-confidence',
        checks: [...result.checks, { name: CHECK.datePlausible, field, ok: false, message: `"${reading.text}": year outside ${referenceYear - PLAUSIBLE_YEARS_BEFORE}..${referenceYear + PLAUSIBLE_YEARS_AFTER}` }],
      };
    }
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

function dateResult(field: FieldName, parsed: DateCodeResult, reading: ChosenReading, printed: string): DecodedFieldValue {
  const checks: Check[] = [{ name: CHECK.dateValid, field, ok: true }];
  if (reading.repairs.length > 0) checks.push({ name: CHECK.grammarRepair, field, ok: true, message: `repaired ${describeRepairs(reading)}; read "${printed}"` });
  const confidence = meanProbability(reading.probabilities);
  if (parsed.ambiguous) {
    checks.push({ name: CHECK.dateAmbiguous, field, ok: false, message: `"${reading.text}" ${parsed.reason ?? ''}`.trim() });
    return { value: parsed.alternatives[0] ?? reading.text, confidence, status: 'ambiguous', checks };
  }
  return { value: parsed.value ?? reading.text, confidence, status: 'ok', checks };
}
