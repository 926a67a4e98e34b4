/**
 * One parser for the date codes printed on labels, plates and cartons:
 * ISO 8601 calendar dates, European and US day/month orders, month names in
 * English, German, French and Spanish, month-only dates, Julian (ordinal) codes
 * and ISO 8601 week codes.
 *
 * Written by hand: date libraries (date-fns, luxon) parse one known format at a
 * time and silently roll invalid dates over (Feb 30 → Mar 2); a label reader must
 * try many printed forms, report ambiguity, and reject impossible dates with a reason.
 */
import { DOT_MATRIX_CONFUSION_COST, dotMatrixSubstitutionCost, editDistance } from './key-lexicon.js';

/** Precision and form of a parsed date code. */
export type DateCodeKind = 'day' | 'month' | 'week' | 'unknown';

/** Orders a purely numeric date code can be printed in (no separators). */
export type DigitDateFormat = 'YYMMDD' | 'DDMMYY' | 'YYDDD' | 'YDDD' | 'YYWW' | 'WWYY' | 'YYYYMMDD' | 'MMYYYY';

/** Options of {@link parseDateCode}. */
export interface DateCodeOptions {
  /**
   * `true`: `04/05/2026` is 4 May; `false`: April 5. When unset, a date whose
   * two readings are both valid is ambiguous — except dotted dates (`04.05.2026`),
   * which are day-first by European convention (DIN 5008, EN 28601 usage).
   * @defaultValue undefined
   */
  readonly dayFirst?: boolean;
  /**
   * Two-digit years below this are 20yy, the others 19yy. When unset, the GS1
   * sliding window is used (GS1 General Specifications §7.12: within −49…+50 years
   * of the reference year).
   * @defaultValue undefined
   */
  readonly centuryPivot?: number;
  /**
   * Year used for the GS1 century window and to complete one-digit-year Julian
   * codes (`YDDD`).
   * @defaultValue the current UTC year
   */
  readonly referenceYear?: number;
  /**
   * Orders tried for codes made of digits only. Several orders that all give a
   * valid date make the code ambiguous.
   * @defaultValue every order whose length fits
   */
  readonly digitFormats?: readonly DigitDateFormat[];
  /**
   * The code was read from merged dot-matrix print: a month name the recogniser
   * garbled with that print's glyph confusions (`JRN`, `NOU`) counts as the one
   * month it is clearly closest to (see {@link DOT_MATRIX_MONTH_MAX_COST}).
   * @defaultValue false
   */
  readonly dotMatrix?: boolean;
}

/** Result of {@link parseDateCode}. */
export interface DateCodeResult {
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY-Www`; absent when invalid or ambiguous. */
  readonly value?: string;
  readonly kind: DateCodeKind;
  /** More than one valid reading and no option to decide between them. */
  readonly ambiguous: boolean;
  /** Every valid reading (the value first when there is one). */
  readonly alternatives: readonly string[];
  /** The text is a date code and at least one reading of it is a real date. */
  readonly valid: boolean;
  /** Why the text is not a valid date (`day 32 out of range for 2026-04`). */
  readonly reason?: string;
  /** The printed form recognised, e.g. `iso`, `dmy`, `mdy`, `day-monthname-year`, `julian`, `yyww`. */
  readonly format?: string;
  /** How a garbled month name was read (`month "JRN" read as JAN`), for a `grammar-repair` check. */
  readonly repair?: string;
}

// Month names and abbreviations, upper case without diacritics (MÄR → MAR, FÉV → FEV).
// Ambiguous French `JUI` (juin/juillet) is deliberately absent.
const MONTH_NAMES: Readonly<Record<string, number>> = (() => {
  const table: [number, string[]][] = [
    [1, ['JAN', 'JANUARY', 'JANUAR', 'JAEN', 'JANV', 'JANVIER', 'ENE', 'ENERO']],
    [2, ['FEB', 'FEBRUARY', 'FEBRUAR', 'FEV', 'FEVR', 'FEVRIER', 'FEBRERO']],
    [3, ['MAR', 'MARCH', 'MRZ', 'MAERZ', 'MARZ', 'MARS', 'MARZO']],
    [4, ['APR', 'APRIL', 'AVR', 'AVRIL', 'ABR', 'ABRIL']],
    [5, ['MAY', 'MAI', 'MAYO']],
    [6, ['JUN', 'JUNE', 'JUNI', 'JUIN', 'JUNIO']],
    [7, ['JUL', 'JULY', 'JULI', 'JUIL', 'JUILLET', 'JULIO']],
    [8, ['AUG', 'AUGUST', 'AOU', 'AOUT', 'AGO', 'AGOSTO']],
    [9, ['SEP', 'SEPT', 'SEPTEMBER', 'SEPTEMBRE', 'SET', 'SEPTIEMBRE']],
    [10, ['OCT', 'OCTOBER', 'OKT', 'OKTOBER', 'OCTOBRE', 'OCTUBRE']],
    [11, ['NOV', 'NOVEMBER', 'NOVEMBRE', 'NOVIEMBRE']],
    [12, ['DEC', 'DECEMBER', 'DEZ', 'DEZEMBER', 'DECEMBRE', 'DIC', 'DICIEMBRE']],
  ];
  const out: Record<string, number> = {};
  for (const [m, names] of table) for (const n of names) out[n] = m;
  return out;
})();

/**
 * Largest {@link dotMatrixSubstitutionCost}-weighted distance of a garbled month
 * name from a real one on dot-matrix print: two glyph confusions (`NUU` for NOV),
 * no plain edit. The month must also be {@link DOT_MATRIX_MONTH_MARGIN} closer
 * than every other month. Measured on generated inkjet labels (seed 23001).
 */
export const DOT_MATRIX_MONTH_MAX_COST = 2 * DOT_MATRIX_CONFUSION_COST;

/**
 * Largest distance of a two-letter name from its month on dot-matrix print: a lost
 * glyph and one confusion ("MY" and "RY" for MAY, "OU" for NOV; seed 23001).
 */
export const DOT_MATRIX_SHORT_MONTH_MAX_COST = 1 + DOT_MATRIX_CONFUSION_COST;

/** How much closer a garbled month name must be to its month than to any other. */
export const DOT_MATRIX_MONTH_MARGIN = 0.5;

/**
 * The month of a printed name: exact, or on dot-matrix print the one month whose
 * names are clearly closest under the glyph confusions of that print.
 */
function monthOf(name: string, o: DateCodeOptions): { month: number; repair?: string } | undefined {
  const exact = MONTH_NAMES[name];
  if (exact !== undefined) return { month: exact };
  // French "JUI" (juin/juillet) names no one month: not to be read as JUL or JUN either.
  if (!o.dotMatrix || name === 'JUI') return undefined;
  const byMonth = new Map<number, { cost: number; name: string }>();
  for (const [candidate, month] of Object.entries(MONTH_NAMES)) {
    if (Math.abs(candidate.length - name.length) > 1) continue;
    const cost = editDistance(name, candidate, dotMatrixSubstitutionCost);
    const had = byMonth.get(month);
    if (!had || cost < had.cost) byMonth.set(month, { cost, name: candidate });
  }
  const [best, second] = [...byMonth.entries()].sort((a, b) => a[1].cost - b[1].cost);
  const max = name.length === 2 ? DOT_MATRIX_SHORT_MONTH_MAX_COST : DOT_MATRIX_MONTH_MAX_COST;
  if (!best || best[1].cost > max || (second && second[1].cost - best[1].cost < DOT_MATRIX_MONTH_MARGIN)) return undefined;
  return { month: best[0], repair: `month "${name}" read as ${best[1].name} (dot-matrix glyph confusions)` };
}

/** Upper case, diacritics removed (NFD), German umlauts kept recognisable (Ä → A). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
}

interface Reading {
  readonly value: string;
  readonly kind: DateCodeKind;
  readonly format: string;
  readonly repair?: string;
}
type Attempt = Reading | { readonly error: string; readonly format: string };

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

/** Number of ISO 8601 weeks in a year: 53 when 1 Jan is a Thursday, or a Wednesday in a leap year. */
export function isoWeeksInYear(year: number): number {
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay(); // 0 = Sunday
  return jan1 === 4 || (jan1 === 3 && isLeap(year)) ? 53 : 52;
}

function dayDate(y: number, m: number, d: number, format: string): Attempt {
  if (m < 1 || m > 12) return { error: `month ${m} out of range`, format };
  if (d < 1 || d > daysInMonth(y, m)) return { error: `day ${d} out of range for ${y}-${pad2(m)}`, format };
  return { value: `${y}-${pad2(m)}-${pad2(d)}`, kind: 'day', format };
}

function monthDate(y: number, m: number, format: string): Attempt {
  if (m < 1 || m > 12) return { error: `month ${m} out of range`, format };
  return { value: `${y}-${pad2(m)}`, kind: 'month', format };
}

function weekDate(y: number, w: number, format: string): Attempt {
  const max = isoWeeksInYear(y);
  if (w < 1 || w > max) return { error: `week ${w} out of range (${y} has ${max} ISO weeks)`, format };
  return { value: `${y}-W${pad2(w)}`, kind: 'week', format };
}

function ordinalDate(y: number, doy: number, format: string): Attempt {
  const max = isLeap(y) ? 366 : 365;
  if (doy < 1 || doy > max) return { error: `day of year ${doy} out of range (${y} has ${max} days)`, format };
  const d = new Date(Date.UTC(y, 0, doy));
  return { value: `${y}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`, kind: 'day', format };
}

/** Expands a two-digit year: explicit pivot, else the GS1 §7.12 sliding window. */
function expandYear(yy: number, options: DateCodeOptions, referenceYear: number): number {
  if (options.centuryPivot !== undefined) return yy < options.centuryPivot ? 2000 + yy : 1900 + yy;
  const century = Math.floor(referenceYear / 100) * 100;
  const diff = yy - (referenceYear % 100);
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

function year(text: string, options: DateCodeOptions, referenceYear: number): number {
  const n = Number(text);
  return text.length <= 2 ? expandYear(n, options, referenceYear) : n;
}

const SEP = '[-/.\\s]';

/**
 * Parses a printed date code into an ISO 8601 value.
 *
 * Never corrects an impossible date (day 32, month 13, week 54, 30 February):
 * it is returned with `valid: false` and a `reason`. A code with two valid
 * readings (`04/05/2026`) is `ambiguous` with both in `alternatives` unless
 * `dayFirst` decides.
 *
 * @example
 * parseDateCode('15APR26', { referenceYear: 2026 }).value; // '2026-04-15'
 * parseDateCode('2615', { digitFormats: ['YYWW'] }).value;  // '2026-W15'
 */
export function parseDateCode(text: string, options: DateCodeOptions = {}): DateCodeResult {
  const referenceYear = options.referenceYear ?? new Date().getUTCFullYear();
  // Spaces around separators are print spacing ("24. 06. 2030"), not structure.
  const spaced = fold(text).replace(/,/g, ' ').replace(/\s+/g, ' ').trim().replace(/\s*([-/.])\s*/g, '$1');
  // Dot-matrix print doubles a separator where a stray drop sits beside it ("2026--09", "01..2027",
  // "10./2030"): a run of separators between digits counts as its first one.
  // A stray drop beside a word gap reads as a colon there ("22 NOV :2026"): a word gap.
  const s = options.dotMatrix ? spaced.replace(/(?<=[0-9])([-/.])[-/.]+(?=[0-9])/g, '$1').replace(/ :|: /g, ' ') : spaced;
  const attempts = readingsOf(s, options, referenceYear);
  if (attempts.length === 0) return { kind: 'unknown', ambiguous: false, alternatives: [], valid: false, reason: `not a date code: "${text}"` };
  const valid = attempts.filter((a): a is Reading => 'value' in a);
  const alternatives = [...new Set(valid.map((r) => r.value))];
  if (alternatives.length === 0) {
    const first = attempts[0] as { error: string; format: string };
    return { kind: 'unknown', ambiguous: false, alternatives: [], valid: false, reason: attempts.map((a) => ('error' in a ? a.error : '')).filter(Boolean).join('; ') || first.error, format: first.format };
  }
  const best = valid[0] as Reading;
  if (alternatives.length > 1) return { kind: best.kind, ambiguous: true, alternatives, valid: true, reason: `reads as ${alternatives.join(' or ')}`, format: valid.map((r) => r.format).join('|') };
  return { value: best.value, kind: best.kind, ambiguous: false, alternatives, valid: true, format: best.format, ...(best.repair !== undefined ? { repair: best.repair } : {}) };
}

/** Every reading of the folded text; the first match wins among the patterns, orders within it compete. */
function readingsOf(s: string, o: DateCodeOptions, ry: number): Attempt[] {
  let m: RegExpExecArray | null;
  // ISO 8601 calendar date, year first (2026-04-15, 2026/04/15, 2026.04.15).
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s))) return [dayDate(+m[1]!, +m[2]!, +m[3]!, 'iso')];
  // ISO 8601 week date and week codes: 2026-W15, 2026W15, KW 15/2026, WK15 26, CW 15-26, W15/26.
  if ((m = /^(\d{4})-?W(\d{1,2})(?:-?\d)?$/.exec(s))) return [weekDate(+m[1]!, +m[2]!, 'iso-week')];
  if ((m = /^(?:KW|WK|CW|W)\s?(\d{1,2})(?:[-/.\s]|\s?\/\s?)(\d{2}|\d{4})$/.exec(s))) return [weekDate(year(m[2]!, o, ry), +m[1]!, 'week-year')];
  // Day, month, year with separators: dotted is day-first (European), others compete.
  if ((m = new RegExp(`^(\\d{1,2})(${SEP})(\\d{1,2})\\2(\\d{4}|\\d{2})$`).exec(s))) {
    const a = +m[1]!, b = +m[3]!, y = year(m[4]!, o, ry);
    const dotted = m[2] === '.';
    const dayFirst = o.dayFirst ?? (dotted ? true : undefined);
    if (dayFirst === true) return [dayDate(y, b, a, 'dmy')];
    if (dayFirst === false) return [dayDate(y, a, b, 'mdy')];
    const dmy = dayDate(y, b, a, 'dmy'), mdy = dayDate(y, a, b, 'mdy');
    return a === b ? [dmy] : [dmy, mdy];
  }
  // Month names: 15APR26, 15 APR 2026, 15-Apr-2026, 15.APR.26, APR 15 2026.
  // Dot-matrix print loses a glyph of a month name too ("14MY2029"): two letters there.
  const monthRe = o.dotMatrix ? '([A-Z]{2,10})\\.?' : '([A-Z]{3,10})\\.?';
  // A garbled month name (dot-matrix print) is carried as a repair on the reading.
  const named = (a: Attempt, repair: string | undefined): Attempt => (repair !== undefined && 'value' in a ? { ...a, repair } : a);
  let mon: ReturnType<typeof monthOf>;
  if ((m = new RegExp(`^(\\d{1,2})[-/.\\s]?${monthRe}[-/.\\s]?(\\d{4}|\\d{2})$`).exec(s)) && (mon = monthOf(m[2]!, o))) {
    return [named(dayDate(year(m[3]!, o, ry), mon.month, +m[1]!, 'day-monthname-year'), mon.repair)];
  }
  if ((m = new RegExp(`^${monthRe}[-/.\\s]?(\\d{1,2})\\s(\\d{4})$`).exec(s)) && (mon = monthOf(m[1]!, o))) {
    return [named(dayDate(+m[3]!, mon.month, +m[2]!, 'monthname-day-year'), mon.repair)];
  }
  // Month only by name: APR 2028, APR-28, APR2028.
  if ((m = new RegExp(`^${monthRe}[-/.\\s]?(\\d{4}|\\d{2})$`).exec(s)) && (mon = monthOf(m[1]!, o))) {
    return [named(monthDate(year(m[2]!, o, ry), mon.month, 'monthname-year'), mon.repair)];
  }
  // Month only by number: 2028-04, 2028/04, 04/2028, 04.2028, 04/28.
  if ((m = /^(\d{4})[-/.](\d{1,2})$/.exec(s))) return [monthDate(+m[1]!, +m[2]!, 'year-month')];
  if ((m = /^(\d{1,2})[-/.](\d{4}|\d{2})$/.exec(s))) return [monthDate(year(m[2]!, o, ry), +m[1]!, 'month-year')];
  // Digits only: the order is not printed, so try the allowed ones.
  if (/^\d{4,8}$/.test(s)) return digitReadings(s, o, ry);
  return [];
}

/**
 * Printed forms (`DateCodeResult.format`) of the four- and five-digit codes: Julian `YYDDD`/`YDDD` and
 * week `YYWW`/`WWYY`. Most runs of that many digits read as one of them, so they say little that a
 * text is a date.
 */
export const SHORT_DIGIT_CODE_FORMATS: ReadonlySet<string> = new Set(['julian', 'julian-ydd', 'yyww', 'wwyy']);

const DIGIT_FORMAT_LENGTH: Readonly<Record<DigitDateFormat, number>> = {
  YYYYMMDD: 8, YYMMDD: 6, DDMMYY: 6, YYDDD: 5, YDDD: 4, YYWW: 4, WWYY: 4, MMYYYY: 6,
};

function digitReadings(s: string, o: DateCodeOptions, ry: number): Attempt[] {
  const formats = (o.digitFormats ?? (Object.keys(DIGIT_FORMAT_LENGTH) as DigitDateFormat[])).filter((f) => DIGIT_FORMAT_LENGTH[f] === s.length);
  // Month and a four-digit year run together (inkjet "EXP 092028"): read only for a year
  // 19xx/20xx, where YYMMDD and DDMMYY see a month 19/20 and are invalid, so the
  // formats never compete for one text.
  return formats.filter((f) => f !== 'MMYYYY' || /^\d{2}(19|20)\d{2}$/.test(s)).map((f): Attempt => {
    const n = (a: number, b: number): number => Number(s.slice(a, b));
    switch (f) {
      case 'YYYYMMDD': return dayDate(n(0, 4), n(4, 6), n(6, 8), 'yyyymmdd');
      case 'YYMMDD': return dayDate(expandYear(n(0, 2), o, ry), n(2, 4), n(4, 6), 'yymmdd');
      case 'DDMMYY': return dayDate(expandYear(n(4, 6), o, ry), n(2, 4), n(0, 2), 'ddmmyy');
      case 'YYDDD': return ordinalDate(expandYear(n(0, 2), o, ry), n(2, 5), 'julian');
      case 'YDDD': {
        // One year digit: the year ending in it within the decade up to one year after the reference.
        const digit = n(0, 1);
        let y = ry + 1;
        while (y % 10 !== digit) y--;
        return ordinalDate(y, n(1, 4), 'julian-ydd');
      }
      case 'YYWW': return weekDate(expandYear(n(0, 2), o, ry), n(2, 4), 'yyww');
      case 'WWYY': return weekDate(expandYear(n(2, 4), o, ry), n(0, 2), 'wwyy');
      case 'MMYYYY': return monthDate(n(2, 6), n(0, 2), 'mmyyyy');
    }
  });
}
