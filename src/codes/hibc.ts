/**
 * HIBC (Health Industry Bar Code) Supplier Labeling Standard, ANSI/HIBC 2.6:
 * primary data `+LIC PCN U/M C`, secondary data (`+YYJJJ lot`, `$lot`, `$$`, `$$+`,
 * `$+serial`, supplementary `/14D`, `/16D`, `/S`, `/Q`), concatenated `+primary/secondary C`,
 * and the mod-43 check character. Written by hand: no maintained npm package parses HIBC.
 */

import type { Check, FieldName } from '../core/types.js';
import type { ScanElement, ScanParseResult } from './scan-types.js';
import { daysInMonth } from './gs1-date.js';

/** Code 39 character values used by the HIBC check character (ANSI/HIBC 2.6, Appendix B). */
const MOD43 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%';

/** HIBC mod-43 check character of `data` (everything from the leading `+` up to the check character). */
export function hibcCheckCharacter(data: string): string | undefined {
  let sum = 0;
  for (const ch of data) {
    const v = MOD43.indexOf(ch);
    if (v < 0) return undefined;
    sum += v;
  }
  return MOD43[sum % 43];
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const century = (yy: string): number => 2000 + Number(yy);

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function julian(yy: string, jjj: string): string | undefined {
  const year = century(yy);
  const day = Number(jjj);
  const leap = daysInMonth(year, 2) === 29;
  if (day < 1 || day > (leap ? 366 : 365)) return undefined;
  const d = new Date(Date.UTC(year, 0, day));
  return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

interface SecondaryState {
  elements: ScanElement[];
  fields: Partial<Record<FieldName, string>>;
  checks: Check[];
}

function badDate(state: SecondaryState, raw: string): void {
  state.checks.push({ name: 'hibc-date', field: 'expiryDate', ok: false, message: `invalid HIBC date "${raw}"` });
}

/** Parses one `/`-separated part of secondary data (ANSI/HIBC 2.6 section 4 and table 2). */
function parsePart(part: string, first: boolean, state: SecondaryState): void {
  let s = part;
  let target: 'lot' | 'serial' = 'lot';
  if (s.startsWith('16D') || s.startsWith('14D')) {
    const raw = s.slice(3);
    const d = /^\d{8}$/.test(raw) ? isoDate(Number(raw.slice(0, 4)), Number(raw.slice(4, 6)), Number(raw.slice(6))) : undefined;
    const field = s.startsWith('16D') ? 'productionDate' : 'expiryDate';
    state.elements.push({ di: s.slice(0, 3), value: raw });
    if (d) state.fields[field] = d; else state.checks.push({ name: 'hibc-date', field, ok: false, message: `invalid date "${raw}"` });
    return;
  }
  if (s.startsWith('S')) { state.fields.serial = s.slice(1); state.elements.push({ di: 'S', value: s.slice(1) }); return; }
  if (s.startsWith('Q')) { state.fields.quantity = String(Number(s.slice(1))); state.elements.push({ di: 'Q', value: s.slice(1) }); return; }
  if (first && /^\d{5}/.test(s)) {
    const exp = julian(s.slice(0, 2), s.slice(2, 5));
    if (exp) state.fields.expiryDate = exp; else badDate(state, s.slice(0, 5));
    state.elements.push({ di: 'expiry', value: s.slice(0, 5) });
    s = s.slice(5);
  } else if (s.startsWith('$$')) {
    s = s.slice(2);
    if (s.startsWith('+')) { target = 'serial'; s = s.slice(1); }
    if (s.startsWith('8')) { state.fields.quantity = String(Number(s.slice(1, 3))); state.elements.push({ di: 'quantity', value: s.slice(1, 3) }); s = s.slice(3); }
    else if (s.startsWith('9')) { state.fields.quantity = String(Number(s.slice(1, 6))); state.elements.push({ di: 'quantity', value: s.slice(1, 6) }); s = s.slice(6); }
    const flag = s[0];
    let raw = '';
    let exp: string | undefined;
    // Expiry date format flag (ANSI/HIBC 2.6 table 2): 0/1 start an MMYY date, 2-6 select a format, 7 = none.
    if (flag === '0' || flag === '1') { raw = s.slice(0, 4); s = s.slice(4); const m = Number(raw.slice(0, 2)); exp = m >= 1 && m <= 12 ? `${century(raw.slice(2))}-${pad2(m)}` : undefined; }
    else if (flag === '2') { raw = s.slice(1, 7); s = s.slice(7); exp = isoDate(century(raw.slice(4)), Number(raw.slice(0, 2)), Number(raw.slice(2, 4))); }
    else if (flag === '3') { raw = s.slice(1, 7); s = s.slice(7); exp = isoDate(century(raw.slice(0, 2)), Number(raw.slice(2, 4)), Number(raw.slice(4))); }
    else if (flag === '4') { raw = s.slice(1, 9); s = s.slice(9); exp = Number(raw.slice(6)) < 24 ? isoDate(century(raw.slice(0, 2)), Number(raw.slice(2, 4)), Number(raw.slice(4, 6))) : undefined; }
    else if (flag === '5') { raw = s.slice(1, 6); s = s.slice(6); exp = julian(raw.slice(0, 2), raw.slice(2)); }
    else if (flag === '6') { raw = s.slice(1, 8); s = s.slice(8); exp = Number(raw.slice(5)) < 24 ? julian(raw.slice(0, 2), raw.slice(2, 5)) : undefined; }
    else if (flag === '7') s = s.slice(1);
    if (raw !== '') {
      state.elements.push({ di: 'expiry', value: raw });
      if (exp && /^\d+$/.test(raw)) state.fields.expiryDate = exp; else badDate(state, raw);
    }
  } else if (s.startsWith('$+')) { target = 'serial'; s = s.slice(2); }
  else if (s.startsWith('$')) s = s.slice(1);
  else if (!first) { state.elements.push({ di: 'supplemental', value: s }); return; }
  if (s !== '') { state.fields[target] = s; state.elements.push({ di: target, value: s }); }
}

/** Parses secondary data (without the leading `+` and without link/check characters). */
function parseSecondary(data: string, state: SecondaryState): void {
  data.split('/').forEach((part, i) => parsePart(part, i === 0, state));
}

/**
 * Parses HIBC data (starting with `+`; a symbology identifier must already be removed).
 * Fields: `supplier` = labeler identification code (LIC), `partNumber` = product/catalog
 * number (PCN), plus lot, serial, expiryDate, productionDate, quantity.
 */
export function parseHibc(input: string): ScanParseResult {
  const state: SecondaryState = { elements: [], fields: {}, checks: [] };
  const result = (): ScanParseResult => ({ ok: state.checks.every((c) => c.ok), scheme: 'hibc', fields: state.fields, elements: state.elements, checks: state.checks });
  const s = input.replace(/[\r\n]+$/, '');
  if (!s.startsWith('+') || s.length < 3) {
    state.checks.push({ name: 'hibc-syntax', ok: false, message: 'HIBC data starts with "+"' });
    return result();
  }
  const verify = (data: string, check: string): boolean => {
    const ok = hibcCheckCharacter(data) === check;
    state.checks.push({ name: 'hibc-check-character', ok, message: ok ? 'mod-43 check character ok' : `check character "${check}" should be "${hibcCheckCharacter(data) ?? '?'}"` });
    return ok;
  };
  const setPrimary = (lic: string, pcn: string, um: string): void => {
    state.fields.supplier = lic;
    state.fields.partNumber = pcn;
    state.elements.push({ di: 'LIC', value: lic }, { di: 'PCN', value: pcn }, { di: 'U/M', value: um });
  };
  // Secondary-only symbol: `+$...` or `+` and 5 digits (Julian date) — the primary is on another symbol.
  if (/^\+(\$|\d{5})/.test(s)) {
    verify(s.slice(0, -1), s.slice(-1));
    parseSecondary(s.slice(1, -2), state);
    state.elements.push({ di: 'link', value: s.slice(-2, -1) });
    return result();
  }
  const PRIMARY = /^\+([A-Z][A-Z0-9]{3})([A-Z0-9]{1,18})(\d)$/;
  const slash = s.indexOf('/');
  if (slash > 0 && PRIMARY.test(s.slice(0, slash))) {
    // Concatenated primary/secondary: one check character at the very end (ANSI/HIBC 2.6 section 5).
    const [, lic, pcn, um] = PRIMARY.exec(s.slice(0, slash))!;
    setPrimary(lic!, pcn!, um!);
    verify(s.slice(0, -1), s.slice(-1));
    parseSecondary(s.slice(slash + 1, -1), state);
    return result();
  }
  // The primary's length is not fixed (PCN 1-18): take the split whose check character verifies.
  let end = -1;
  for (let e = 7; e < Math.min(s.length, 25); e++) {
    if (PRIMARY.test(s.slice(0, e)) && (e === s.length - 1 || s[e + 1] === '+') && hibcCheckCharacter(s.slice(0, e)) === s[e]) { end = e; break; }
  }
  if (end < 0) {
    // No split verifies: report the longest reading of the primary with a failed check.
    end = s.indexOf('+', 1) > 0 ? s.indexOf('+', 1) - 1 : s.length - 1;
    if (!PRIMARY.test(s.slice(0, end))) {
      state.checks.push({ name: 'hibc-syntax', ok: false, message: 'primary data is not +LIC(4) PCN(1-18) U/M(1) check' });
      return result();
    }
  }
  const [, lic, pcn, um] = PRIMARY.exec(s.slice(0, end))!;
  setPrimary(lic!, pcn!, um!);
  const primaryCheck = s[end]!;
  verify(s.slice(0, end), primaryCheck);
  // Further symbols read together: each `+secondary`, link character (= primary check), check character.
  let rest = s.slice(end + 1);
  while (rest !== '') {
    let cut = rest.length;
    for (let k = 3; k < rest.length; k++) {
      if (rest[k] === '+' && hibcCheckCharacter(rest.slice(0, k - 1)) === rest[k - 1]) { cut = k; break; }
    }
    const seg = rest.slice(0, cut);
    rest = rest.slice(cut);
    if (!seg.startsWith('+') || seg.length < 3) {
      state.checks.push({ name: 'hibc-syntax', ok: false, message: 'unexpected data after the primary check character' });
      break;
    }
    verify(seg.slice(0, -1), seg.slice(-1));
    const link = seg.slice(-2, -1);
    state.checks.push({ name: 'hibc-link-character', ok: link === primaryCheck, message: link === primaryCheck ? 'link character matches' : `link character "${link}" is not the primary check "${primaryCheck}"` });
    parseSecondary(seg.slice(1, -2), state);
  }
  return result();
}
