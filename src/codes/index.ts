/**
 * Codes stage: barcode reading (zxing-wasm) and the grammars of standard identifiers
 * (GS1 element strings and Digital Link, HIBC, ISBT 128, ISO/IEC 15434 / MH10.8.2).
 */
export { createCodeReader } from './code-reader.js';
export type { CodeReader, CodeReaderOptions } from './code-reader.js';
export { findDotPeenSymbols } from './find-dot-peen-symbols.js';
export type { DotPeenCandidate, FindDotPeenSymbolsOptions } from './find-dot-peen-symbols.js';
export { parseGs1, formatGs1ElementString, formatGs1Hri, gs1ElementsToFields, lintGs1Element, validateGs1Associations, GS, GS1_SYMBOLOGY_IDS, GS1_ASSOCIATION_CHECKS } from './gs1-element-string.js';
export type { Gs1ParseResult } from './gs1-element-string.js';
export { gs1CheckDigit, isValidGs1CheckDigit, gs1CheckPair, isValidGs1CheckPair } from './gs1-check-digit.js';
export { gs1DateToIso, gs1FullYear } from './gs1-date.js';
export { GS1_AI_TABLE, GS1_AI_FIELDS, getGs1Ai, matchGs1AiPrefix } from './gs1-ai-table.js';
export type { Gs1AiDefinition, Gs1Component } from './gs1-ai-table.js';
export { GS1_LINTERS, GS1_LINTERS_NOT_IMPLEMENTED } from './gs1-linters.js';
export type { Gs1Linter } from './gs1-linters.js';
export { parseGs1DigitalLink } from './gs1-digital-link.js';
export type { Gs1DigitalLinkResult } from './gs1-digital-link.js';
export { parseScan } from './parse-scan.js';
export type { ScanParseResult, ScanScheme, ScanElement } from './scan-types.js';
export { parseHibc, hibcCheckCharacter } from './hibc.js';
export { parseIsbt128, parseIsbt128DinText, isbt128DinCheckCharacter } from './isbt128.js';
export { iso7064Mod37_2, iso7064Mod37_2Value, ISO7064_MOD37_2_ALPHABET } from './iso7064.js';
export { expandUpcE, isValidUpcE } from './upc-e.js';
export { parseIso15434, parseMh10Fields } from './mh10.js';
