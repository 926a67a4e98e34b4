/**
 * Extraction stage: recognised lines and decoded codes → the structured
 * fields of the output contract (DESIGN.md), with checks.
 */
import type { Check, DecodedCode, FieldName, FieldResult, RecognizedChar, RecognizedLine } from '../core/types.js';
import { formatGs1Hri, GS1_AI_FIELDS, GS1_ASSOCIATION_CHECKS, isValidGs1CheckDigit, parseGs1, parseScan } from '../codes/index.js';
import type { Gs1ParseResult } from '../codes/index.js';
import { CHECK, checkDateOrder, crossCheckFields } from '../verify/index.js';
import { DATE_FIELDS, decodeFieldValue, hasValueGrammar } from './field-decoder.js';
import { SHORT_DIGIT_CODE_FORMATS } from './date-code.js';
import type { DecodeFieldOptions } from './field-decoder.js';
import { decodeBestAccepted, meanProbability, topReading } from './grammar-decode.js';
import { createKeyMatcher, DEFAULT_FIELD_KEYS } from './key-lexicon.js';
import type { KeyMatcher } from './key-lexicon.js';
import { pairKeyValues } from './layout-pairing.js';
import { loadProfile, profileFields } from './label-profile.js';
import type { LabelProfile } from './label-profile.js';

/** Input of {@link extractFields}. */
export interface ExtractInput {
  readonly lines: readonly RecognizedLine[];
  readonly codes: readonly DecodedCode[];
  /** Label profile. @defaultValue the built-in `default` profile */
  readonly profile?: LabelProfile;
  /** Grammar-aware decoding; `false` keeps the recogniser's top-1 reading (bench comparison). @defaultValue true */
  readonly grammar?: boolean;
  /** Year for two-digit-year windows and one-digit Julian codes. @defaultValue the current UTC year */
  readonly referenceYear?: number;
}

/** Output of {@link extractFields}. */
export interface ExtractResult {
  readonly fields: Partial<Record<FieldName, FieldResult>>;
  readonly checks: Check[];
}

/**
 * Confidence of a field read from a barcode. Codes carry error correction
 * (Reed–Solomon in DataMatrix/QR) or a check digit (EAN, GS1-128), so a decoded
 * value is taken as certain; a text reading's confidence is the mean of its
 * chosen characters' probabilities.
 */
export const CODE_FIELD_CONFIDENCE = 1;

const matcherCache = new WeakMap<LabelProfile, KeyMatcher>();
let defaultProfile: LabelProfile | undefined;

function matcherFor(profile: LabelProfile): KeyMatcher {
  let m = matcherCache.get(profile);
  if (!m) {
    const keys: Partial<Record<FieldName, readonly string[]>> = {};
    for (const f of profileFields(profile)) {
      const spec = profile.fields[f];
      keys[f] = [...(spec?.replaceKeys ? [] : DEFAULT_FIELD_KEYS[f]), ...(spec?.keys ?? [])];
    }
    m = createKeyMatcher(keys);
    matcherCache.set(profile, m);
  }
  return m;
}

/** A line's characters; synthesised from the text when the recogniser gave none that match it. */
function charsOf(line: RecognizedLine): readonly RecognizedChar[] {
  if (line.chars.length === line.text.length) return line.chars;
  return [...line.text].map((char) => ({ char, confidence: line.confidence, alternatives: [{ char, p: line.confidence }] }));
}

// GS1 element string in human-readable form: "(01)09506000134352(17)280430(10)L24B1187"
// (GS1 General Specifications §4.15: AIs in parentheses in the HRI).
const GS1_HRI = /\(\d{2,4}\)\s*[0-9A-Za-z]/;

interface Candidate {
  readonly field: FieldName;
  readonly result: FieldResult;
  readonly checks: readonly Check[];
}

// Code-list lints: ISO 3166 / ISO 4217 lists change (ISO 4217 "040", the Austrian
// schilling, was valid when the zxing test labels were printed), so a value outside
// today's list is reported but is no evidence of a misread.
const CODE_LIST_CHECKS: ReadonlySet<string> = new Set(['gs1-country-code', 'gs1-currency-code']);

/**
 * Was GS1 text read without a reading error (charset, length, check digit, date,
 * unknown AI)? Association rules (AI 37 requires AI 02, GS1 General Specifications
 * §4.14) are facts of the label's design, and code lists change over time: neither
 * makes a reading wrong. Those checks are still reported.
 */
function readWell(parsed: Gs1ParseResult): boolean {
  return parsed.elements.length > 0 && parsed.checks.every((c) => c.ok || GS1_ASSOCIATION_CHECKS.has(c.name) || CODE_LIST_CHECKS.has(c.name));
}

/** Fields from printed GS1 element strings, decoded under the GS1 syntax via `parseGs1`. */
function gs1TextCandidates(line: RecognizedLine, grammar: boolean, options: DecodeFieldOptions, checks: Check[]): Candidate[] {
  const first = line.text.search(/\(\d{2,4}\)/);
  if (first < 0 || !GS1_HRI.test(line.text)) return [];
  const chars = charsOf(line).slice(first).filter((c) => !/\s/.test(c.char));
  // Lower-case letters are valid in GS1 AI values (CSET 82), so keep the recogniser's case.
  const exact = chars.map((c) => (c.alternatives.length > 0 ? [...c.alternatives] : [{ char: c.char, p: c.confidence }]));
  const top = topReading(exact);
  let reading = top;
  let parsed = parseGs1(top.text);
  if (!readWell(parsed) && grammar) {
    const found = decodeBestAccepted(exact, exact, (t) => readWell(parseGs1(t)), { ...options, maxReadings: options.maxReadings ?? 2000 });
    if (found) {
      reading = found;
      parsed = parseGs1(found.text);
    }
  }
  if (Object.keys(parsed.fields).length === 0) return [];
  const confidence = round3(meanProbability(reading.probabilities));
  // A field's confidence is its own element value's: over the whole line, the sure digits of a GTIN outweighed a
  // lot's doubtful glyph (dev seed 950002: "(10)CM19260" with its 2 at 0.49 and a Z at 0.44 was kept at 0.96
  // over the keyed line's right "CM19Z60").
  const own = new Map<FieldName, number>();
  let cursor = 0;
  for (const e of parsed.elements) {
    const at = reading.text.indexOf(`(${e.ai})${e.value}`, cursor);
    if (at < 0) continue;
    const start = at + e.ai.length + 2;
    cursor = start + e.value.length;
    const field = GS1_AI_FIELDS[e.ai];
    if (field !== undefined && !own.has(field)) own.set(field, round3(meanProbability(reading.probabilities.slice(start, cursor))));
  }
  const extra: Check[] = [...parsed.checks];
  if (reading.repairs.length > 0) {
    extra.push({ name: CHECK.grammarRepair, ok: true, message: `GS1 text repaired ${reading.repairs.map((r) => `position ${r.position + 1}: ${r.from}→${r.to}`).join(', ')}; read "${top.text}"` });
  }
  // The element string's own checks are facts about what was printed: always reported.
  checks.push(...extra);
  const out: Candidate[] = [];
  for (const [field, value] of Object.entries(parsed.fields) as [FieldName, string | undefined][]) {
    if (value === undefined) continue;
    // parseGs1 keeps only fields whose own element passed its checks, so a field
    // present here is sound even when another element of the line was misread.
    out.push({ field, result: { value, confidence: own.get(field) ?? confidence, source: 'text', raw: line.text, box: line.box, status: 'ok' }, checks: [] });
  }
  return out;
}

/** Fields carried by decoded codes: GS1 elements via `parseGs1`, EAN/UPC as GTIN, HIBC / ISBT 128 / MH10 via `parseScan`. */
function codeCandidates(codes: readonly DecodedCode[], checks: Check[]): Candidate[] {
  const out: Candidate[] = [];
  for (const code of codes) {
    const base = { confidence: CODE_FIELD_CONFIDENCE, source: 'code' as const, raw: code.text, box: code.box, status: 'ok' as const };
    if (code.gs1 && code.gs1.length > 0) {
      // Through parseGs1 (not a second AI→field table) so codes and printed text map alike;
      // its checks (check digits, dates, associations) are the code's, reported once.
      const parsed = parseGs1(formatGs1Hri(code.gs1));
      checks.push(...parsed.checks);
      for (const [field, value] of Object.entries(parsed.fields) as [FieldName, string | undefined][]) {
        if (value !== undefined) out.push({ field, result: { ...base, value }, checks: [] });
      }
    } else if (/^(EAN-13|EAN-8|UPC-A|EAN13|EAN8|UPCA)$/i.test(code.format) && /^\d{8,13}$/.test(code.text)) {
      // EAN/UPC symbols carry a GTIN-8/12/13, written as GTIN-14 with leading zeros (GS1 General Specifications §3.3.2).
      out.push({ field: 'gtin', result: { ...base, value: code.text.padStart(14, '0') }, checks: [] });
    } else {
      // Other self-describing data (HIBC, ISBT 128, ISO/IEC 15434 / MH10.8.2) through the same
      // parser as `traceocr parse`. A code whose own checks fail (check character, date) still
      // gives its fields, as low-confidence, with the failed checks reported.
      const scan = parseScan(code.symbologyId + code.text);
      if (scan.scheme === 'unknown' || scan.scheme === 'gs1') continue;
      checks.push(...scan.checks);
      for (const [field, value] of Object.entries(scan.fields) as [FieldName, string | undefined][]) {
        if (value !== undefined) out.push({ field, result: { ...base, value, status: scan.ok ? 'ok' : 'low-confidence' }, checks: [] });
      }
    }
  }
  return out;
}

const STATUS_RANK: Readonly<Record<string, number>> = { ok: 0, ambiguous: 1, 'low-confidence': 2 };

/** Picks one candidate per field: best status, then confidence; disagreeing readings become a failing check. */
function resolve(cands: readonly Candidate[], checks: Check[]): Partial<Record<FieldName, FieldResult>> {
  const byField = new Map<FieldName, Candidate[]>();
  for (const c of cands) byField.set(c.field, [...(byField.get(c.field) ?? []), c]);
  const out: Partial<Record<FieldName, FieldResult>> = {};
  for (const [field, all] of byField) {
    // A month date that a day date of the field lies in is the same date read with its day lost (a line
    // detected twice on a tilted carton, once without "30": "BEST BEFORE AUG 2027"; seed 870001): the day
    // date is kept and the two do not conflict.
    const dated = DATE_FIELDS.has(field);
    const days = all.filter((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.result.value) && c.result.status !== 'low-confidence');
    const list = all.filter((c) => !dated || !/^\d{4}-\d{2}$/.test(c.result.value) || !days.some((d) => d.result.value.startsWith(`${c.result.value}-`)));
    const sorted = [...list].sort((a, b) => (STATUS_RANK[a.result.status ?? 'ok']! - STATUS_RANK[b.result.status ?? 'ok']!) || b.result.confidence - a.result.confidence);
    const best = sorted[0]!;
    out[field] = best.result;
    checks.push(...best.checks);
    const others = [...new Set(sorted.slice(1).filter((c) => c.result.status !== 'low-confidence' && c.result.value !== best.result.value).map((c) => c.result.value))];
    if (others.length > 0) checks.push({ name: CHECK.fieldConflict, field, ok: false, message: `kept "${best.result.value}" (${best.result.source}); also read ${others.map((v) => `"${v}"`).join(', ')}` });
  }
  return out;
}

/**
 * Turns recognised lines and decoded codes into the contract's fields.
 *
 * Text: GS1 element strings printed as HRI (via `parseGs1`), and key/value
 * pairs found by layout, each value decoded under its field's grammar over the
 * recogniser's per-character alternatives. Codes: GS1 elements and EAN/UPC.
 * Only the profile's fields are read from text; codes are self-describing and
 * give every field they carry. Text and code are then cross-checked.
 *
 * @example
 * const { fields, checks } = extractFields({ lines, codes, profile: loadProfile('udi-medical') });
 */
export function extractFields(input: ExtractInput): ExtractResult {
  const profile = input.profile ?? (defaultProfile ??= loadProfile('default'));
  const grammar = input.grammar ?? true;
  const wanted = new Set(profileFields(profile));
  const options: DecodeFieldOptions = { grammar, ...(input.referenceYear !== undefined ? { date: { referenceYear: input.referenceYear } } : {}) };
  const checks: Check[] = [];
  const textCands: Candidate[] = [];

  for (const line of input.lines) {
    for (const c of gs1TextCandidates(line, grammar, options, checks)) if (wanted.has(c.field)) textCands.push(c);
  }
  for (const pair of pairKeyValues(input.lines, matcherFor(profile))) {
    if (!wanted.has(pair.field)) continue;
    const keyLine = input.lines[pair.keyLine]!;
    const valueLine = input.lines[pair.valueLine]!;
    const chars = charsOf(valueLine).slice(pair.valueStart, pair.valueEnd);
    // Dot-matrix print garbles month names its own way ("JRN" for JAN): the date parser is told.
    const found = decodeFieldValue(pair.field, chars, profile.fields[pair.field], valueLine.dotMatrix ? { ...options, dotMatrix: true, date: { ...options.date, dotMatrix: true } } : options);
    if (!found) continue;
    // A key read through the recogniser's alternatives ("EXF" → EXP) or through dot-matrix
    // confusions ("8B" → BB) is evidence only together with a value that satisfies the
    // field's grammar; otherwise there is no pair.
    // Free-form values (lot, serial) have no grammar to say so, and on generated inkjet
    // labels (seeds 4242, 32001) the value beside such a key was misread as often as the key.
    if (pair.key.needsValueGrammar && (found.status !== 'ok' || !hasValueGrammar(pair.field, profile.fields[pair.field]))) continue;
    // Nor is a short digit code (Julian `8290`, week `2615`, see SHORT_DIGIT_CODE_FORMATS). A garbled line
    // of an upside-down carton read "0M8290 HO188" as DOM 2018-10-17 (golden seed 20260415).
    if (pair.key.needsValueGrammar && found.dateFormat !== undefined && SHORT_DIGIT_CODE_FORMATS.has(found.dateFormat)) continue;
    const decoded = pair.key.repair === undefined ? found
      : { ...found, checks: [...found.checks, { name: CHECK.grammarRepair, field: pair.field, ok: true, message: `key ${pair.key.repair}` }] };
    const raw = pair.keyLine === pair.valueLine ? keyLine.text : `${keyLine.text} | ${valueLine.text}`;
    const violation = contractViolation(pair.field, decoded.value);
    if (violation !== undefined) {
      // Left out, never emitted in a non-contract form: the decoder's failing check
      // says why, and `field-unreadable` keeps the printed text for a person to read.
      checks.push(...decoded.checks, { name: CHECK.fieldUnreadable, field: pair.field, ok: false, message: `raw ${JSON.stringify(raw)}: read "${decoded.value}", ${violation}; field left out` });
      continue;
    }
    textCands.push({
      field: pair.field,
      result: {
        value: decoded.value,
        confidence: round3(decoded.confidence),
        source: 'text',
        raw,
        box: valueLine.box,
        status: decoded.status,
      },
      checks: decoded.checks,
    });
  }

  const textFields = resolve(textCands, checks);
  const codeFields = resolve(codeCandidates(input.codes, checks), checks);
  const merged = crossCheckFields(textFields, codeFields);
  checks.push(...merged.checks);
  const order = checkDateOrder(merged.fields.productionDate, merged.fields.expiryDate);
  if (order) checks.push(order);
  for (const f of wanted) {
    if (profile.fields[f]?.required && !merged.fields[f]) checks.push({ name: CHECK.fieldRequired, field: f, ok: false, message: `profile ${profile.name} requires ${f}; not found` });
  }
  return { fields: merged.fields, checks };
}

// Contract forms (DESIGN.md "Output contract"): ISO 8601 calendar, month and week dates.
const DATE_FORM = /^(?:\d{4}-\d{2}(?:-\d{2})?|\d{4}-W\d{2})$/;

/**
 * Why a decoded text value is not in the output contract's form, or `undefined`
 * when it is. Dates must be ISO 8601 (`YYYY-MM-DD`, `YYYY-MM`, `YYYY-Www`); a
 * GTIN 14 digits and an SSCC 18 digits, each with a valid GS1 mod-10 check digit
 * (GS1 General Specifications §7.9.1); a quantity digits only; every other
 * identifier upper case without spaces.
 */
export function contractViolation(field: FieldName, value: string): string | undefined {
  if (DATE_FIELDS.has(field)) return DATE_FORM.test(value) ? undefined : 'not a valid date';
  if (field === 'gtin' || field === 'sscc') {
    const digits = field === 'gtin' ? 14 : 18;
    return new RegExp(`^\\d{${digits}}$`).test(value) && isValidGs1CheckDigit(value) ? undefined : `not ${digits} digits with a valid check digit`;
  }
  if (field === 'quantity') return /^\d+$/.test(value) ? undefined : 'not digits only';
  return value.length > 0 && !/[\s\p{Ll}]/u.test(value) ? undefined : 'not upper case without spaces';
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
