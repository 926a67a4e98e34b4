/**
 * Field values and the ways labels print them: identifiers with naturally
 * confusable characters, GTINs with valid check digits, dates in the formats
 * found on real labels, and the key words in front of them (English and German).
 *
 * Every printed form here has ONE defensible reading; forms such as
 * `04/05/2026` (day-first or month-first?) or `04/28` (April 2028 or 28 April?)
 * are never printed, so the truth in `truth.jsonl` can be defended.
 */
import type { FieldName } from '../../src/core/types.js';
import type { Rng } from './rng.js';

/** A calendar date, month 1–12; `day` absent when only the month is printed. */
export interface LabelDate {
  readonly year: number;
  readonly month: number;
  readonly day?: number;
}

/** Letters that OCR engines confuse with digits (O/0, I/1, S/5, B/8, Z/2, G/6). */
export const CONFUSABLE_LETTERS = 'OISBZG';
/** Digits that OCR engines confuse with letters. */
export const CONFUSABLE_DIGITS = '015826';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/** How identifiers are drawn: `normal` labels, or `confusable` ones dense in O/0, I/1, S/5, B/8, Z/2. */
export type IdentifierStyle = 'normal' | 'confusable';

/**
 * Fills a template: `d` digit, `A` letter, `X` letter or digit; any other
 * character is copied. In `confusable` style most characters come from the
 * confusable sets, so that a reader must use the field grammar (or luck).
 */
export function fillTemplate(rng: Rng, template: string, style: IdentifierStyle = 'normal'): string {
  let out = '';
  for (const c of template) {
    const confusable = style === 'confusable' && rng.chance(0.75);
    if (c === 'd') out += rng.pick([...(confusable ? CONFUSABLE_DIGITS : DIGITS)]);
    else if (c === 'A') out += rng.pick([...(confusable ? CONFUSABLE_LETTERS : LETTERS)]);
    else if (c === 'X') out += rng.chance(0.5) ? rng.pick([...(confusable ? CONFUSABLE_DIGITS : DIGITS)]) : rng.pick([...(confusable ? CONFUSABLE_LETTERS : LETTERS)]);
    else out += c;
  }
  return out;
}

const SERIAL_TEMPLATES = ['dddddddd', 'AAdddddd', 'dddAdddd', 'AddddddA', 'ddAAddddd', 'dddddd', 'AdddAdddd', 'ddddXXdd'];
const LOT_TEMPLATES = ['LddAdddd', 'ddddAA', 'AdddddA', 'dddddd', 'AAddAdd', 'ddAddd', 'Bdddddd', 'ddddd-dd'];
const PART_TEMPLATES = ['dddd-AA-dddA', 'AAA-dddd', 'ddd.ddd.ddd', 'Adddddd-dd', 'ddddddA', 'AAddd-dAA', 'dd-dddd-dd'];
const SUPPLIER_TEMPLATES = ['dddddd', 'AAdddd', 'ddddddd'];

/** A serial number (never starting with `SN`, which would collide with the `SN` key). */
export function makeSerial(rng: Rng, style: IdentifierStyle = 'normal'): string {
  for (;;) {
    const v = fillTemplate(rng, rng.pick(SERIAL_TEMPLATES), style);
    if (!v.startsWith('SN') && !v.startsWith('S/N')) return v;
  }
}
/** A lot / batch number. */
export function makeLot(rng: Rng, style: IdentifierStyle = 'normal'): string {
  return fillTemplate(rng, rng.pick(LOT_TEMPLATES), style);
}
/** A part number / REF / article number. */
export function makePartNumber(rng: Rng, style: IdentifierStyle = 'normal'): string {
  return fillTemplate(rng, rng.pick(PART_TEMPLATES), style);
}
/** A supplier number. */
export function makeSupplier(rng: Rng): string {
  return fillTemplate(rng, rng.pick(SUPPLIER_TEMPLATES));
}
/** A quantity (digits only, no grouping separators on the label). */
export function makeQuantity(rng: Rng): string {
  return String(rng.pick([rng.int(1, 99), rng.int(100, 999), rng.int(1000, 5000), rng.pick([10, 12, 24, 25, 50, 100, 250, 500, 1000])]));
}

/** GS1 mod-10 check digit over the digits given (GS1 General Specifications §7.9.1). */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  let sum = 0;
  // Weights 3,1,3,1... from the right-most digit (the one next to the check digit).
  for (let i = 0; i < digitsWithoutCheck.length; i++) {
    const d = digitsWithoutCheck.charCodeAt(digitsWithoutCheck.length - 1 - i) - 48;
    sum += d * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** A 14-digit GTIN with a valid check digit, with a GS1 company-prefix-like start. */
export function makeGtin(rng: Rng): string {
  const indicator = rng.pick(['0', '0', '0', '1', '5']);
  const prefix = rng.pick(['40', '42', '50', '76', '80', '87', '90', '95', '30', '54']);
  let body = indicator + prefix;
  while (body.length < 13) body += String(rng.int(0, 9));
  return body + String(gs1CheckDigit(body));
}

/** A random valid date between the given years (inclusive). */
export function makeDate(rng: Rng, fromYear: number, toYear: number, monthOnly = false): LabelDate {
  const year = rng.int(fromYear, toYear);
  const month = rng.int(1, 12);
  if (monthOnly) return { year, month };
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: rng.int(1, dim) };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
/** English three-letter month abbreviations as printed on date codes. */
export const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;

/** The contract form of a date: ISO 8601 `YYYY-MM-DD`, or `YYYY-MM` for a month. */
export function isoDate(d: LabelDate): string {
  return d.day === undefined ? `${d.year}-${pad2(d.month)}` : `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;
}

/** GS1 date field `YYMMDD` (day `00` when only the month is known; GS1 General Specifications §3.4.x). */
export function gs1Date(d: LabelDate): string {
  return `${pad2(d.year % 100)}${pad2(d.month)}${pad2(d.day ?? 0)}`;
}

/** Printed forms of a full date. Each is unambiguous (ISO, day.month.year with dots, DDMMMYY with a month name). */
export const DAY_FORMATS = ['iso', 'dots', 'dmmmyy', 'd-mmm-yyyy', 'slash-ymd', 'd mmm yyyy'] as const;
/** Printed forms of a month-only date. */
export const MONTH_FORMATS = ['mm/yyyy', 'mmm yyyy', 'yyyy-mm', 'mm.yyyy'] as const;
/** Any printed date format name. */
export type DateFormat = (typeof DAY_FORMATS)[number] | (typeof MONTH_FORMATS)[number];

/** Prints a date in the given format (formats of the wrong precision throw: a generator bug). */
export function formatDate(d: LabelDate, format: DateFormat): string {
  const mmm = MONTHS[d.month - 1] ?? 'JAN';
  const yy = pad2(d.year % 100);
  if (d.day === undefined) {
    switch (format) {
      case 'mm/yyyy': return `${pad2(d.month)}/${d.year}`;
      case 'mmm yyyy': return `${mmm} ${d.year}`;
      case 'yyyy-mm': return `${d.year}-${pad2(d.month)}`;
      case 'mm.yyyy': return `${pad2(d.month)}.${d.year}`;
      default: throw new RangeError(`month-only date cannot be printed as ${format}`);
    }
  }
  const dd = pad2(d.day);
  switch (format) {
    case 'iso': return `${d.year}-${pad2(d.month)}-${dd}`;
    case 'dots': return `${dd}.${pad2(d.month)}.${d.year}`;
    case 'dmmmyy': return `${dd}${mmm}${yy}`;
    case 'd-mmm-yyyy': return `${dd}-${mmm}-${d.year}`;
    case 'slash-ymd': return `${d.year}/${pad2(d.month)}/${dd}`;
    case 'd mmm yyyy': return `${dd} ${mmm} ${d.year}`;
    default: throw new RangeError(`full date cannot be printed as ${format}`);
  }
}

/** Prints a date in a random format of its precision. */
export function printDate(rng: Rng, d: LabelDate, allowed?: readonly DateFormat[]): string {
  const pool = (d.day === undefined ? MONTH_FORMATS : DAY_FORMATS) as readonly DateFormat[];
  const usable = allowed ? pool.filter((f) => allowed.includes(f)) : pool;
  return formatDate(d, rng.pick(usable.length > 0 ? usable : pool));
}

/** Key words printed in front of each field, English and German, as seen on labels and plates. */
export const FIELD_KEYS: Readonly<Record<FieldName, readonly string[]>> = {
  gtin: ['GTIN', 'GTIN:', 'GTIN No.'],
  lot: ['LOT', 'Lot', 'Batch', 'BATCH', 'L/N', 'Charge', 'Ch.-B.', 'Lot No.'],
  serial: ['S/N', 'SN', 'SERIAL', 'Serial No.', 'SER', 'Ser.-Nr.', 'Serial'],
  partNumber: ['P/N', 'PN', 'REF', 'Art.-Nr.', 'Part No.', 'Mat.-Nr.', 'Item No.'],
  productionDate: ['MFG', 'DOM', 'Mfd', 'Mfg. Date', 'Herst.-Dat.', 'PROD', 'Manufactured'],
  expiryDate: ['EXP', 'Use by', 'BB', 'Best before', 'Verw. bis', 'EXP.', 'Expiry'],
  quantity: ['QTY', 'Qty', 'CONTENTS', 'Menge', 'Count'],
  supplier: ['Supplier', 'Vendor No.', 'Lieferant', 'Supplier ID'],
  sscc: ['SSCC'],
};

/** A key for a field, and the separator between key and value. */
export function printKey(rng: Rng, field: FieldName, keys: readonly string[] = FIELD_KEYS[field]): string {
  const key = rng.pick(keys);
  if (key.endsWith(':')) return key + ' ';
  return key + rng.pick([': ', ' ', ': ', '  ']);
}
