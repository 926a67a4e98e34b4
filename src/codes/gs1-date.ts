/**
 * GS1 dates: the YYMMDD century rule and day `00` (GS1 General Specifications 7.12).
 */

/**
 * Resolves a two-digit GS1 year to four digits (GenSpecs 7.12): relative to the
 * current year, a difference of 51..99 years ahead belongs to the previous century,
 * 50 back and more to the next century, anything else to the current one.
 */
export function gs1FullYear(yy: number, now: Date = new Date()): number {
  const current = now.getUTCFullYear();
  const century = Math.floor(current / 100) * 100;
  const diff = yy - (current % 100);
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

/** Number of days in a month (1-12) of a year, Gregorian. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Converts a GS1 `YYMMDD` date to ISO 8601: `YYYY-MM-DD`, or `YYYY-MM` when the day is
 * `00` (GenSpecs 7.12: day 00 means the last day of the month, the label shows only
 * the month). Returns undefined when the date is not valid.
 *
 * @example gs1DateToIso('280430') // '2028-04-30'
 * @example gs1DateToIso('280400') // '2028-04'
 */
export function gs1DateToIso(yymmdd: string, now: Date = new Date()): string | undefined {
  if (!/^\d{6}$/.test(yymmdd)) return undefined;
  const year = gs1FullYear(Number(yymmdd.slice(0, 2)), now);
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12) return undefined;
  const mm = String(month).padStart(2, '0');
  if (day === 0) return `${year}-${mm}`;
  if (day > daysInMonth(year, month)) return undefined;
  return `${year}-${mm}-${String(day).padStart(2, '0')}`;
}
