/**
 * Extraction stage: key/value pairing by layout, date codes, grammar-aware
 * decoding over per-character alternatives, label profiles → contract fields.
 */
export { extractFields, CODE_FIELD_CONFIDENCE } from './extract-fields.js';
export type { ExtractInput, ExtractResult } from './extract-fields.js';
export { parseDateCode, isoWeeksInYear } from './date-code.js';
export type { DateCodeKind, DateCodeOptions, DateCodeResult, DigitDateFormat } from './date-code.js';
export { loadProfile, parseProfile, labelProfileSchema, BUILTIN_PROFILES, profileFields } from './label-profile.js';
export type { LabelProfile, FieldSpec, FieldGrammarSpec } from './label-profile.js';
export { createKeyMatcher, DEFAULT_FIELD_KEYS } from './key-lexicon.js';
export type { KeyHit, KeyMatcher } from './key-lexicon.js';
export { pairKeyValues, toTextFrame, fromTextFrame, lineFrameRect } from './layout-pairing.js';
export type { KeyValuePair, PairKeyValuesOptions, ValuePlacement, FrameRect } from './layout-pairing.js';
export { decodeFieldValue, DATE_FIELDS } from './field-decoder.js';
export type { DecodedFieldValue, DecodeFieldOptions } from './field-decoder.js';
export { decodeBestAccepted, decodeWithClassPrior, DEFAULT_MIN_RATIO, CONFUSABLE_STAND_IN_FACTOR, MIXED_RUN_PRIOR, MOSTLY_DIGITS_SHARE } from './grammar-decode.js';
export type { CharClass, ChosenReading, KBestOptions } from './grammar-decode.js';
