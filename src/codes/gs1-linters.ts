/**
 * Content linters for GS1 AI components, named and behaving as the reference
 * "GS1 Barcode Syntax Tests" that accompany the GS1 Barcode Syntax Dictionary
 * (GS1 General Specifications 3.2 and 7.9-7.12 give the rules they enforce).
 *
 * Written by hand: no npm package exposes these rules; the GS1 Syntax Engine is C
 * (its WASM build needs a browser worker). Each linter returns `undefined` when the
 * component passes, else an error key (the engine's `GS1_LINTER_*` name without the
 * prefix) that the element-string parser turns into a named check.
 */

import { CSET82, isValidGs1CheckDigit, isValidGs1CheckPair } from './gs1-check-digit.js';
import { daysInMonth } from './gs1-date.js';
import { ISO3166_ALPHA2, ISO3166_NUMERIC, ISO4217_NUMERIC } from './iso-codes.js';

/** A component linter: `undefined` = pass, else an error key such as `ILLEGAL_DAY`. */
export type Gs1Linter = (value: string) => string | undefined;

const CSET39 = '#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CSET64 = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

const isDigits = (s: string): boolean => /^\d*$/.test(s);
const nonDigit = (s: string): string | undefined => (isDigits(s) ? undefined : 'NON_DIGIT_CHARACTER');

function charset(set: string, error: string): Gs1Linter {
  return (v) => {
    for (const ch of v) if (!set.includes(ch)) return error;
    return undefined;
  };
}

/** Leap year by the two-digit year alone: YY%4 is exact for 1901-2099, the range GS1 dates resolve to. */
function dateLinter(yearDigits: 2 | 4, dayZeroAllowed: boolean): Gs1Linter {
  const len = yearDigits + 4;
  return (v) => {
    if (v.length < len) return 'DATE_TOO_SHORT';
    if (v.length > len) return 'DATE_TOO_LONG';
    const bad = nonDigit(v);
    if (bad) return bad;
    const year = Number(v.slice(0, yearDigits)) + (yearDigits === 2 ? 2000 : 0);
    const month = Number(v.slice(yearDigits, yearDigits + 2));
    const day = Number(v.slice(yearDigits + 2));
    if (month < 1 || month > 12) return 'ILLEGAL_MONTH';
    if (day === 0 && dayZeroAllowed) return undefined;
    if (day < 1 || day > daysInMonth(year, month)) return 'ILLEGAL_DAY';
    return undefined;
  };
}

function twoDigitRange(max: number, name: 'HOUR' | 'MINUTE' | 'SECOND'): Gs1Linter {
  return (v) => {
    if (v.length < 2) return `${name}_TOO_SHORT`;
    if (v.length > 2) return `${name}_TOO_LONG`;
    const bad = nonDigit(v);
    if (bad) return bad;
    return Number(v) > max ? `ILLEGAL_${name}` : undefined;
  };
}

const hh = twoDigitRange(23, 'HOUR');
const mi = twoDigitRange(59, 'MINUTE');

/** IBAN per ISO 13616: country, two check digits, mod 97 of the rearranged number is 1. */
function iban(v: string): string | undefined {
  if (v.length < 5) return 'IBAN_TOO_SHORT';
  if (v.length > 34) return 'IBAN_TOO_LONG';
  if (!/^[A-Z0-9]+$/.test(v)) return 'INVALID_IBAN_CHARACTER';
  if (!ISO3166_ALPHA2.has(v.slice(0, 2))) return 'ILLEGAL_IBAN_COUNTRY_CODE';
  if (!/^\d\d$/.test(v.slice(2, 4))) return 'INVALID_IBAN_CHARACTER';
  const rearranged = v.slice(4) + v.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const n = ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55;
    rem = n > 9 ? (rem * 100 + n) % 97 : (rem * 10 + n) % 97;
  }
  return rem === 1 ? undefined : 'INCORRECT_IBAN_CHECKSUM';
}

function fixedNumber(len: number, max: number, lenError: string, rangeError: string): Gs1Linter {
  return (v) => {
    if (v.length !== len) return lenError;
    const bad = nonDigit(v);
    if (bad) return bad;
    return Number(v) > max ? rangeError : undefined;
  };
}

/** The linters this implementation provides, by Syntax Dictionary name. */
export const GS1_LINTERS: Readonly<Record<string, Gs1Linter>> = {
  csetnumeric: nonDigit,
  cset82: charset(CSET82, 'INVALID_CSET82_CHARACTER'),
  cset39: charset(CSET39, 'INVALID_CSET39_CHARACTER'),
  cset64: (v) => {
    // CSET 64 is base64url; '=' only as trailing padding of at most two that completes the
    // final group of three characters (GS1 Syntax Engine rule for AI 8030).
    const m = /^([^=]*)(=*)$/.exec(v);
    if (!m) return 'INVALID_CSET64_CHARACTER';
    const bad = charset(CSET64, 'INVALID_CSET64_CHARACTER')(m[1]!);
    if (bad) return bad;
    const pad = m[2]!.length;
    if (pad > 0 && (pad > 2 || m[1]!.length === 0 || v.length % 3 !== 0)) return 'INVALID_CSET64_PADDING';
    return undefined;
  },
  csum: (v) => {
    if (v.length === 0) return 'TOO_SHORT_FOR_CHECK_DIGIT';
    const bad = nonDigit(v);
    if (bad) return bad;
    return v.length >= 2 && isValidGs1CheckDigit(v) ? undefined : 'INCORRECT_CHECK_DIGIT';
  },
  csumalpha: (v) => {
    if (v.length < 2) return 'TOO_SHORT_FOR_CHECK_PAIR';
    if (v.length > 100) return 'TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION';
    if (charset(CSET82, 'x')(v.slice(0, -2))) return 'INVALID_CSET82_CHARACTER';
    return isValidGs1CheckPair(v) ? undefined : 'INCORRECT_CHECK_PAIR';
  },
  yymmdd: dateLinter(2, false),
  yymmd0: dateLinter(2, true),
  yyyymmdd: dateLinter(4, false),
  yyyymmd0: dateLinter(4, true),
  hh,
  mi,
  ss: twoDigitRange(59, 'SECOND'),
  hhmi: (v) => {
    if (v.length < 4) return 'TIME_TOO_SHORT';
    if (v.length > 4) return 'TIME_TOO_LONG';
    return hh(v.slice(0, 2)) ?? mi(v.slice(2));
  },
  iso3166: (v) => (ISO3166_NUMERIC.has(v) ? undefined : 'NOT_ISO3166'),
  iso3166999: (v) => (v === '999' || ISO3166_NUMERIC.has(v) ? undefined : 'NOT_ISO3166_OR_999'),
  iso3166alpha2: (v) => (ISO3166_ALPHA2.has(v) ? undefined : 'NOT_ISO3166_ALPHA2'),
  iso4217: (v) => (ISO4217_NUMERIC.has(v) ? undefined : 'NOT_ISO4217'),
  // ISO/IEC 5218 sex codes: 0 not known, 1 male, 2 female, 9 not applicable.
  iso5218: (v) => (/^[0129]$/.test(v) ? undefined : 'INVALID_BIOLOGICAL_SEX_CODE'),
  nonzero: (v) => nonDigit(v) ?? (/^0*$/.test(v) ? 'ILLEGAL_ZERO_VALUE' : undefined),
  zero: (v) => (/^0+$/.test(v) ? undefined : 'NOT_ZERO'),
  // Winding direction of AI 8001 (GenSpecs 3.9.2): 0 face out, 1 face in, 9 undefined.
  winding: (v) => (/^[019]$/.test(v) ? undefined : 'INVALID_WINDING_DIRECTION'),
  yesno: (v) => (/^[01]$/.test(v) ? undefined : 'NOT_ZERO_OR_ONE'),
  hyphen: (v) => (/^-+$/.test(v) ? undefined : 'NOT_HYPHEN'),
  nozeroprefix: (v) => nonDigit(v) ?? (v.startsWith('0') ? 'ILLEGAL_ZERO_PREFIX' : undefined),
  hasnondigit: (v) => (/\D/.test(v) ? undefined : 'REQUIRES_NON_DIGIT_CHARACTER'),
  // Piece of total (AI 8006/8026): an even number of digits, piece 1..total.
  pieceoftotal: (v) => {
    if (v.length === 0 || v.length % 2 !== 0) return 'INVALID_LENGTH_FOR_PIECE_OF_TOTAL';
    const bad = nonDigit(v);
    if (bad) return bad;
    const piece = Number(v.slice(0, v.length / 2));
    const total = Number(v.slice(v.length / 2));
    if (piece === 0) return 'ZERO_PIECE_NUMBER';
    if (total === 0) return 'ZERO_TOTAL_PIECES';
    return piece > total ? 'PIECE_NUMBER_EXCEEDS_TOTAL' : undefined;
  },
  posinseqslash: (v) => {
    const m = /^(\d+)\/(\d+)$/.exec(v);
    if (!m) return 'POSITION_IN_SEQUENCE_MALFORMED';
    if (m[1]!.startsWith('0') || m[2]!.startsWith('0')) return 'ILLEGAL_ZERO_PREFIX';
    return Number(m[1]) > Number(m[2]) ? 'POSITION_EXCEEDS_END' : undefined;
  },
  latitude: fixedNumber(10, 1800000000, 'LATITUDE_INVALID_LENGTH', 'INVALID_LATITUDE'),
  longitude: fixedNumber(10, 3600000000, 'LONGITUDE_INVALID_LENGTH', 'INVALID_LONGITUDE'),
  // AIDC media type of AI 7241 (GenSpecs 3.7.x): 01-10 allocated, 80-99 company internal.
  mediatype: (v) => (/^(0[1-9]|10|[89]\d)$/.test(v) ? undefined : 'INVALID_MEDIA_TYPE'),
  importeridx: (v) => {
    if (v.length !== 1) return 'IMPORTER_IDX_MUST_BE_ONE_CHARACTER';
    return /^[-0-9A-Za-z_]$/.test(v) ? undefined : 'INVALID_IMPORT_IDX_CHARACTER';
  },
  pcenc: (v) => (/%(?![0-9A-Fa-f]{2})/.test(v) ? 'INVALID_PERCENT_SEQUENCE' : undefined),
  iban,
};

/**
 * Linters named by the Syntax Dictionary that this implementation does not run, and why.
 * They are skipped (not reported as passing).
 */
export const GS1_LINTERS_NOT_IMPLEMENTED: Readonly<Record<string, string>> = {
  gcppos1: 'needs the GS1 Company Prefix allocation list, an online data source',
  gcppos2: 'needs the GS1 Company Prefix allocation list, an online data source',
  packagetype: 'UN/ECE Recommendation 21 package code list is not shipped',
  couponcode: 'North American coupon grammar (AI 8110) is not implemented',
  couponposoffer: 'North American coupon grammar (AI 8112) is not implemented',
};
