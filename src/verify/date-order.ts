/**
 * A label's expiry date lies on or after its production date: when both were read and the
 * expiry comes first, one of them is misread (a year digit of dot-matrix print: `2027-12-06`
 * read `2022-12-06` beside `PROD 2026-03-26`), and the read goes to review.
 */
import type { Check, FieldResult } from '../core/types.js';
import { CHECK } from './check-names.js';

const DAY_MS = 86_400_000;
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The ISO 8601 week `YYYY-Www` of a day `YYYY-MM-DD`: the week's Thursday gives its year. */
function isoWeekOf(day: string): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  const thursday = t + (3 - ((new Date(t).getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  return `${year}-W${pad2(Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1)}`;
}

/** The Thursday `YYYY-MM-DD` of an ISO week `YYYY-Www` (the day that gives the week its year and month). */
function thursdayOf(week: string): string {
  const year = Number(week.slice(0, 4));
  const jan4 = Date.UTC(year, 0, 4); // in week 1
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(monday1 + ((Number(week.slice(6)) - 1) * 7 + 3) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The two dates in one form at the precision both have: a day and a month as months, a day and a week
 * as weeks, a week and a month as the months of the week's Thursday.
 */
function comparable(a: string, b: string): [string, string] {
  const weekA = a.includes('W');
  const weekB = b.includes('W');
  if (weekA && weekB) return [a, b];
  if (weekA || weekB) {
    const [week, other] = weekA ? [a, b] : [b, a];
    const pair: [string, string] = other.length === 10 ? [week, isoWeekOf(other)] : [thursdayOf(week).slice(0, 7), other];
    return weekA ? pair : [pair[1], pair[0]];
  }
  const n = Math.min(a.length, b.length);
  return [a.slice(0, n), b.slice(0, n)];
}

/**
 * The `date-order` check of a read's dates (contract forms `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Www`), or
 * `undefined` unless both the production and the expiry date are present. The dates are compared at
 * the precision both have, so `2026-03` is not before `2026-03-26`, nor `2026-W01` before `2025-12-30`.
 */
export function checkDateOrder(production: FieldResult | undefined, expiry: FieldResult | undefined): Check | undefined {
  if (!production || !expiry) return undefined;
  const [p, e] = comparable(production.value, expiry.value);
  return e >= p
    ? { name: CHECK.dateOrder, field: 'expiryDate', ok: true }
    : { name: CHECK.dateOrder, field: 'expiryDate', ok: false, message: `expiry ${expiry.value} is before production ${production.value}: one of the dates is misread` };
}
