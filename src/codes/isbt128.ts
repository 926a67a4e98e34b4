/**
 * ISBT 128 data structures (ICCBBA ST-001 Technical Specification, chapter 2):
 * each starts with a two-character data identifier whose first character is `=` or `&`.
 * Covers the donation identification number and the date/product-code structures of a
 * blood or cellular-therapy label; MPHO lot/serial structures are not yet covered.
 * Written by hand: no npm package parses ISBT 128.
 */

import type { Check, FieldName } from '../core/types.js';
import type { ScanElement, ScanParseResult } from './scan-types.js';
import { daysInMonth } from './gs1-date.js';

/** [DI, length of data, name, field]. Lengths from ST-001 Table 3 (data content after the DI). */
const STRUCTURES: readonly (readonly [string, number, string, FieldName | undefined])[] = [
  ['=<', 8, 'product-code', 'partNumber'], // 002 Blood product code
  ['=>', 6, 'expiry-date', 'expiryDate'], // 003 cyyjjj
  ['&>', 10, 'expiry-date-time', 'expiryDate'], // 004 cyyjjjhhmm
  ['=*', 6, 'collection-date', 'productionDate'], // 005 cyyjjj
  ['&*', 10, 'collection-date-time', 'productionDate'], // 006
  ['=}', 6, 'production-date', 'productionDate'], // 007 cyyjjj
  ['&}', 10, 'production-date-time', 'productionDate'], // 008
];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** ISBT 128 date `cyyjjj` (century digit, year, Julian day) to ISO 8601. */
function cyyjjj(v: string): string | undefined {
  if (!/^\d{6}/.test(v)) return undefined;
  // `c` counts centuries from 2000 (0 = 20yy), ST-001 data structures 003-008.
  const year = 2000 + Number(v.slice(0, 3));
  const day = Number(v.slice(3, 6));
  const len = daysInMonth(year, 2) === 29 ? 366 : 365;
  if (day < 1 || day > len) return undefined;
  const d = new Date(Date.UTC(year, 0, day));
  return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/**
 * Parses concatenated ISBT 128 data structures: `=A999926123456 00` donation
 * identification number (→ serial), `=<` product code (→ partNumber), `=>`/`&>` expiry,
 * `=}`/`&}` production date, `=*`/`&*` collection date (→ productionDate when no `=}`).
 */
export function parseIsbt128(input: string): ScanParseResult {
  const elements: ScanElement[] = [];
  const fields: Partial<Record<FieldName, string>> = {};
  const checks: Check[] = [];
  let s = input.replace(/[\r\n]+$/, '');
  while (s.length > 0) {
    if (s[0] !== '=' && s[0] !== '&') {
      checks.push({ name: 'isbt128-syntax', ok: false, message: `data structure must start with "=" or "&": "${s.slice(0, 8)}"` });
      break;
    }
    const st = STRUCTURES.find(([di]) => s.startsWith(di));
    if (st) {
      const [di, len, name, field] = st;
      const value = s.slice(di.length, di.length + len);
      s = s.slice(di.length + len);
      elements.push({ di, value });
      if (value.length < len) { checks.push({ name: 'isbt128-length', ok: false, message: `${name} too short` }); continue; }
      if (field === 'expiryDate' || field === 'productionDate') {
        const iso = cyyjjj(value);
        checks.push(iso ? { name: 'isbt128-date', field, ok: true, message: `${name} ${iso}` } : { name: 'isbt128-date', field, ok: false, message: `${name} "${value}" is not a valid cyyjjj date` });
        // A collection date stands in for production only when no production date (=}) is given.
        if (iso && !(name.startsWith('collection') && elements.some((e) => e.di === '=}' || e.di === '&}'))) fields[field] = iso;
      } else if (field) fields[field] = value;
      continue;
    }
    // 001 Donation Identification Number: `=` + facility (5) + year (2) + sequence (6) + flags (2).
    const din = /^=([A-NP-Z1-9]\d{4}\d{2}\d{6})([0-9A-Z]{2})?/.exec(s);
    if (din) {
      elements.push({ di: '=', value: din[1]! + (din[2] ?? '') });
      fields.serial ??= din[1]!;
      s = s.slice(din[0].length);
      continue;
    }
    checks.push({ name: 'isbt128-data-identifier', ok: false, message: `unknown data identifier "${s.slice(0, 3)}"` });
    break;
  }
  if (elements.length === 0 && checks.length === 0) checks.push({ name: 'isbt128-syntax', ok: false, message: 'no data structure' });
  return { ok: checks.every((c) => c.ok), scheme: 'isbt128', fields, elements, checks };
}
