/**
 * A label's expiry date lies on or after its production date: when both were read and the
 * expiry comes first, one of them is misread (a year digit of dot-matrix print: `2027-12-06`
 * read `2022-12-06` beside `PROD 2026-03-26`), and the read goes to review.
 */
import type { Check, FieldResult } from '../core/types.js';
import { CHECK } from './check-names.js';

/** ISO week date `YYYY-Www` → the date of its Monday, `YYYY-MM-DD` (ISO 8601: week 1 holds 4 January). */
function weekMonday(value: string): string | undefined {
  const m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (!m) return undefined;
  const jan4 = Date.UTC(Number(m[1]), 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  return new Date(jan4 + ((Number(m[2]) - 1) * 7 - weekday) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The `date-order` check of a read's dates, or `undefined` unless both the production and
 * the expiry date are present. Dates are compared at the precision both have (a month date
 * against the month of a day date: `2026-03` is not before `2026-03-26`); a week date counts
 * as its Monday.
 */
export function checkDateOrder(production: FieldResult | undefined, expiry: FieldResult | undefined): Check | undefined {
  if (!production || !expiry) return undefined;
  const p = weekMonday(production.value) ?? production.value;
  const e = weekMonday(expiry.value) ?? expiry.value;
  const n = Math.min(p.length, e.length);
  const ok = e.slice(0, n) >= p.slice(0, n);
  return ok
    ? { name: CHECK.dateOrder, field: 'expiryDate', ok: true }
    : { name: CHECK.dateOrder, field: 'expiryDate', ok: false, message: `expiry ${expiry.value} is before production ${production.value}: one of the dates is misread` };
}
