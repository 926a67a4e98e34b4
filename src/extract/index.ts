/**
 * Extraction stage: key/value pairing by layout, date codes, grammar-aware
 * decoding over per-character alternatives, label profiles → contract fields.
 *
 * Contract form (DESIGN.md, "Output contract"): every value in `fields` is in
 * the contract's form — dates ISO 8601 (`YYYY-MM-DD`, `YYYY-MM`, `YYYY-Www`),
 * `gtin` 14 digits and `sscc` 18 digits with a valid GS1 check digit, `quantity`
 * digits, identifiers upper case without spaces. A key whose value cannot be
 * read in that form (a date that does not parse as a real date, a GTIN that
 * fails its length or check digit after repair from close alternatives) leaves
 * the field OUT of `fields`: it is never emitted as raw text, because a consumer
 * reading `fields.expiryDate.value` must be able to trust it is a date. The
 * printed text is kept for a person in a failing `field-unreadable` check
 * (`{ field, ok: false, message: 'raw "EXP 150C28": read "150C28", not a valid date; field left out' }`)
 * beside the decoder's own failing check (`date-valid`, `gtin-check-digit`), so
 * the read goes to review (a failed check). `status: 'low-confidence'` remains
 * only for values that ARE in contract form but doubtful: a real date with an
 * implausible year, or an identifier that misses its profile pattern.
 */
export { extractFields, contractViolation, CODE_FIELD_CONFIDENCE } from './extract-fields.js';
export type { ExtractInput, ExtractResult } from './extract-fields.js';
export { parseDateCode, isoWeeksInYear } from './date-code.js';
export type { DateCodeKind, DateCodeOptions, DateCodeResult, DigitDateFormat } from './date-code.js';
export { loadProfile, parseProfile, labelProfileSchema, BUILTIN_PROFILES, profileFields } from './label-profile.js';
export type { LabelProfile, FieldSpec, FieldGrammarSpec } from './label-profile.js';
export { createKeyMatcher, DEFAULT_FIELD_KEYS, editDistance, fuzzyKeyMaxEdits, FUZZY_KEY_MIN_LETTERS, KEY_ALTERNATIVE_MIN_RATIO } from './key-lexicon.js';
export type { KeyHit, KeyMatcher } from './key-lexicon.js';
export { pairKeyValues, toTextFrame, fromTextFrame, lineFrameRect } from './layout-pairing.js';
export type { KeyValuePair, PairKeyValuesOptions, ValuePlacement, FrameRect } from './layout-pairing.js';
export { decodeFieldValue, hasValueGrammar, DATE_FIELDS, DATE_FORCED_REPAIR_MIN_RATIO } from './field-decoder.js';
export type { DecodedFieldValue, DecodeFieldOptions } from './field-decoder.js';
export { decodeBestAccepted, decodeWithClassPrior, DEFAULT_MIN_RATIO, CONFUSABLE_STAND_IN_FACTOR, LETTER_OUTSIDE_DIGIT_RUN_RATIO } from './grammar-decode.js';
export type { CharClass, ChosenReading, KBestOptions } from './grammar-decode.js';
