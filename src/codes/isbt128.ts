/**
 * ISBT 128 data structures (ICCBBA ST-001 Technical Specification v6.2.2, chapter 2, Table 2
 * "Index of Data Structures" [RT003]) and the medical-device use of them (ST-017): each
 * structure starts with a data identifier (DI) of two or three characters, the first `=` or `&`.
 * Every ICCBBA-defined structure 001–040 is recognised and length-checked, so concatenated and
 * compound messages split correctly; the traceability ones are interpreted into fields.
 * Written by hand: no npm package parses ISBT 128.
 */

import type { Check, FieldName } from '../core/types.js';
import type { ScanElement, ScanParseResult } from './scan-types.js';
import { daysInMonth } from './gs1-date.js';
import { iso7064Mod37_2, iso7064Mod37_2Value } from './iso7064.js';

/** Facility Identification Number `αpppp` (ST-001 2.4.1): α {A–N, P–Z, 1–9}, then 2 × {A–N, P–Z, 0–9}, then 2 digits. */
const FIN = '[A-NP-Z1-9][A-NP-Z0-9]{2}\\d{2}';
/** The 13-character DIN: FIN, nominal year `yy`, sequence `nnnnnn`. */
const DIN_RE = new RegExp(`^${FIN}\\d{2}\\d{6}$`);
/** Flag characters `ff` (ST-001 2.4.1): {0–9, A–H, J–N, P, R–Y}. */
const FLAGS_RE = /^[0-9A-HJ-NPR-Y]{2}$/;

/** How a structure's content is turned into fields and checks. */
type Meaning =
  | 'product-code' | 'ppic' | 'catalog-container' | 'catalog-item'
  | 'lot-container' | 'lot-item' | 'lot-mpho'
  | 'expiry' | 'expiry-time' | 'collection' | 'collection-time' | 'production' | 'production-time'
  | 'expiry-month' | 'birth-date' | 'flexible-date' | 'compound' | 'other';

interface StructureDef {
  /** ST-001 data structure number. */
  readonly ds: string;
  readonly di: string;
  readonly name: string;
  /** Length of the data content after the DI; a function for the variable-length structures (025, 029, 030). */
  readonly length: number | ((content: string) => number | undefined);
  /** Character classes of the content (ST-001 2.4.x element tables); absent where the standard leaves them to a database. */
  readonly pattern?: RegExp;
  readonly meaning: Meaning;
}

/** Repeat-count-prefixed length: `countDigits` digits n, then n segments of `segment` characters. */
const repeated = (countDigits: number, segment: number) => (c: string): number | undefined =>
  new RegExp(`^\\d{${countDigits}}`).test(c) ? countDigits + Number(c.slice(0, countDigits)) * segment : undefined;

/**
 * ST-001 Table 2 [RT003], DS 002–040 (001, the DIN, has an alphanumeric second DI character and
 * is handled on its own). Lengths and character classes from the element tables of 2.4.2–2.4.40.
 */
const STRUCTURES: readonly StructureDef[] = [
  { ds: '002', di: '=%', name: 'blood-groups', length: 4, pattern: /^[A-Za-z0-9]{2}[A-Z0-9]{2}$/, meaning: 'other' },
  { ds: '003', di: '=<', name: 'product-code', length: 8, pattern: /^[A-Z][A-Z0-9]{4}[A-Za-z0-9][A-Z0-9][a-z0-9]$/, meaning: 'product-code' },
  { ds: '004', di: '=>', name: 'expiry-date', length: 6, pattern: /^\d{6}$/, meaning: 'expiry' },
  { ds: '005', di: '&>', name: 'expiry-date-time', length: 10, pattern: /^\d{10}$/, meaning: 'expiry-time' },
  { ds: '006', di: '=*', name: 'collection-date', length: 6, pattern: /^\d{6}$/, meaning: 'collection' },
  { ds: '007', di: '&*', name: 'collection-date-time', length: 10, pattern: /^\d{10}$/, meaning: 'collection-time' },
  { ds: '008', di: '=}', name: 'production-date', length: 6, pattern: /^\d{6}$/, meaning: 'production' },
  { ds: '009', di: '&}', name: 'production-date-time', length: 10, pattern: /^\d{10}$/, meaning: 'production-time' },
  { ds: '010', di: '&(', name: 'special-testing-general', length: 5, meaning: 'other' },
  { ds: '011', di: '={', name: 'special-testing-rbc-antigens-retired', length: 18, meaning: 'other' },
  { ds: '012', di: '=\\', name: 'special-testing-rbc-antigens-general', length: 18, meaning: 'other' },
  { ds: '013', di: '&\\', name: 'special-testing-rbc-antigens-finnish', length: 18, meaning: 'other' },
  { ds: '014', di: '&{', name: 'special-testing-platelet-hla', length: 18, meaning: 'other' },
  { ds: '015', di: '=[', name: 'special-testing-hla-a-b-retired', length: 18, meaning: 'other' },
  { ds: '016', di: '="', name: 'special-testing-hla-drb1-retired', length: 18, meaning: 'other' },
  { ds: '017', di: '=)', name: 'container-manufacturer-catalog', length: 10, pattern: /^[A-Za-z0-9]{10}$/, meaning: 'catalog-container' },
  { ds: '018', di: '&)', name: 'container-lot', length: 10, pattern: /^[A-Za-z0-9]{10}$/, meaning: 'lot-container' },
  { ds: '019', di: '=;', name: 'donor-identification-number', length: 21, pattern: new RegExp(`^${FIN}\\d{16}$`), meaning: 'other' },
  { ds: '020', di: "='", name: 'staff-member-identification-number', length: 11, pattern: new RegExp(`^${FIN}[A-Z0-9]{6}$`), meaning: 'other' },
  { ds: '021', di: '=-', name: 'item-manufacturer-catalog', length: 10, pattern: /^[A-Z0-9]{2}[A-Za-z0-9]{8}$/, meaning: 'catalog-item' },
  { ds: '022', di: '&-', name: 'item-lot', length: 10, pattern: /^[A-Za-z0-9]{10}$/, meaning: 'lot-item' },
  { ds: '023', di: '=+', name: 'compound-message', length: 5, pattern: /^\d{5}$/, meaning: 'compound' },
  { ds: '024', di: '=#', name: 'patient-date-of-birth', length: 10, pattern: /^\d{10}$/, meaning: 'birth-date' },
  // aa location, ll length of the patient number that follows (ST-001 2.4.25).
  { ds: '025', di: '&#', name: 'patient-identification-number', length: (c) => (/^\d{4}/.test(c) ? 4 + Number(c.slice(2, 4)) : undefined), pattern: /^\d{4}[A-Za-z0-9]*$/, meaning: 'other' },
  { ds: '026', di: '=]', name: 'expiry-month', length: 6, pattern: /^\d{6}$/, meaning: 'expiry-month' },
  { ds: '027', di: '&"', name: 'tti-marker', length: 18, pattern: /^\d{18}$/, meaning: 'other' },
  { ds: '028', di: '=$', name: 'product-consignment', length: 16, pattern: new RegExp(`^${FIN}\\d{11}$`), meaning: 'other' },
  // nn segments of aa bbbb ccccc d ee (14 digits), ST-001 2.4.29.
  { ds: '029', di: '&$', name: 'dimensions', length: repeated(2, 14), pattern: /^\d+$/, meaning: 'other' },
  // nnn segments of pppppp rr ss (10 digits), ST-001 2.4.30.
  { ds: '030', di: '&%', name: 'red-cell-antigens-with-test-history', length: repeated(3, 10), pattern: /^\d+$/, meaning: 'other' },
  { ds: '031', di: '=(', name: 'flexible-date-time', length: 16, pattern: /^\d{16}$/, meaning: 'flexible-date' },
  { ds: '032', di: '=,', name: 'product-divisions', length: 6, pattern: /^[A-Z0-9]{6}$/, meaning: 'other' },
  { ds: '033', di: '&+', name: 'processing-facility-information-code', length: 11, pattern: /^[A-NP-Z0-9]{5}[A-Z0-9]{6}$/, meaning: 'other' },
  { ds: '034', di: '=/', name: 'processor-product-identification-code', length: 16, pattern: /^[A-NP-Z0-9]{5}[A-Z0-9]{11}$/, meaning: 'ppic' },
  { ds: '035', di: '&,1', name: 'mpho-lot', length: 18, pattern: /^[A-Z0-9]{18}$/, meaning: 'lot-mpho' },
  { ds: '036', di: '&,2', name: 'mpho-supplemental-identification-number', length: 18, pattern: /^[A-Z0-9]{18}$/, meaning: 'other' },
  { ds: '037', di: '&,3', name: 'grid-retired', length: 19, pattern: /^[1-9]\d{3}[A-Z0-9]{15}$/, meaning: 'other' },
  { ds: '038', di: '&,4', name: 'single-european-code', length: 40, pattern: /^[A-Za-z0-9]{40}$/, meaning: 'other' },
  { ds: '039', di: '&:', name: 'grid', length: 19, pattern: /^[1-9]\d{3}[A-Z0-9]{13}\d{2}$/, meaning: 'other' },
  { ds: '040', di: '&/', name: 'chain-of-identity-identifier', length: 15, pattern: new RegExp(`^CH${FIN}\\d{8}$`), meaning: 'other' },
];

/**
 * ICCBBA-specified compound message sequences known here (ST-017 Table 3, excerpt of Table W2
 * [RT017]); other `bbb` codes are accepted without checking their order.
 */
const COMPOUND_SEQUENCES: Readonly<Record<string, readonly string[]>> = {
  '034': ['034', '032', '001'],
  '035': ['034', '032', '001', '004'],
  '036': ['034', '032', '001', '008'],
  '037': ['034', '032', '001', '004', '008'],
};

const pad2 = (n: number): string => String(n).padStart(2, '0');

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

const isTime = (hhmm: string): boolean => /^\d{4}$/.test(hhmm) && Number(hhmm.slice(0, 2)) <= 23 && Number(hhmm.slice(2)) <= 59;

/** ISBT 128 date `cyyjjj` (century digit, year, ordinal day; ST-001 2.4.4) to ISO 8601; `c` 0 is 20yy. */
function cyyjjj(v: string): string | undefined {
  if (!/^\d{6}/.test(v)) return undefined;
  const year = 2000 + Number(v.slice(0, 3));
  const day = Number(v.slice(3, 6));
  const len = daysInMonth(year, 2) === 29 ? 366 : 365;
  if (day < 1 || day > len) return undefined;
  const d = new Date(Date.UTC(year, 0, day));
  return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/**
 * Keyboard-entry check character K of a 13-character ISBT 128 Donation Identification Number
 * (ST-001 7.5 and Appendix A): ISO/IEC 7064 MOD 37-2 over `αppppyynnnnnn`, one of `0`–`9`,
 * `A`–`Z`, `*`. It is printed boxed beside the eye-readable DIN and is not in the bar code.
 * Spaces are ignored; undefined when the DIN is not structurally valid.
 *
 * @example isbt128DinCheckCharacter('G1234 17 654321') // 'A' (ST-001 A.1)
 */
export function isbt128DinCheckCharacter(din: string): string | undefined {
  const d = din.replace(/\s+/g, '');
  return DIN_RE.test(d) ? iso7064Mod37_2(d) : undefined;
}

/** Checks of a DIN and its flags: structure, and the Type 3 flags (60 + MOD 37-2 value, ST-001 A.2). */
function checkDin(din: string, flags: string | undefined, checks: Check[]): boolean {
  if (!DIN_RE.test(din)) {
    checks.push({ name: 'isbt128-din', field: 'serial', ok: false, message: `"${din}" is not a DIN: FIN αpppp (α A–N/P–Z/1–9, pppp two of A–N/P–Z/0–9 then two digits), year yy, sequence nnnnnn` });
    return false;
  }
  if (flags !== undefined && !FLAGS_RE.test(flags)) {
    checks.push({ name: 'isbt128-din', field: 'serial', ok: false, message: `flag characters "${flags}" outside 0–9, A–H, J–N, P, R–Y` });
    return false;
  }
  checks.push({ name: 'isbt128-din', field: 'serial', ok: true, message: `DIN ${din.slice(0, 5)} ${din.slice(5, 7)} ${din.slice(7)}` });
  if (flags !== undefined && /^\d\d$/.test(flags) && Number(flags) >= 60 && Number(flags) <= 96) {
    const want = 60 + iso7064Mod37_2Value(din)!;
    const ok = Number(flags) === want;
    checks.push({ name: 'isbt128-din-check-character', field: 'serial', ok, message: ok ? `Type 3 flags ${flags} hold (MOD 37-2)` : `Type 3 flags ${flags} should be ${want} for DIN ${din}` });
    return ok;
  }
  return true;
}

/** A field value with its precedence (lower wins, then the first one read). */
interface Candidate { readonly rank: number; readonly value: string }

function offer(cands: Map<FieldName, Candidate>, field: FieldName, rank: number, value: string): void {
  const cur = cands.get(field);
  if (!cur || rank < cur.rank) cands.set(field, { rank, value });
}

/**
 * Parses concatenated ISBT 128 data structures, or a compound message (`=+aabbb` then `aa`
 * structures, DS 023), as read from Code 128 or Data Matrix with the symbology identifier removed.
 *
 * Fields (ST-017 Table 1 for medical devices containing MPHO):
 * - `serial`: the 13-character Donation Identification Number (DS 001, flags dropped);
 * - `partNumber`: Product Code `=<` (DS 003), else the Processor Product Identification Code `=/`
 *   (DS 034, the UDI-DI, all 16 characters), else the catalog number of `=-` (DS 021, items other
 *   than containers) or of `=)` (DS 017, containers);
 * - `lot`: MPHO lot `&,1` (DS 035), else `&-` (DS 022), else container lot `&)` (DS 018);
 * - `expiryDate`: `=>`/`&>` (DS 004/005), else `YYYY-MM` from `=]` (DS 026);
 * - `productionDate`: `=}`/`&}` (DS 008/009), else collection date `=*`/`&*` (DS 006/007).
 * Other structures (blood groups, special testing, product divisions, …) are kept in `elements`.
 *
 * Checks: `isbt128-syntax`, `isbt128-data-identifier` (unknown or non-ICCBBA DI), `isbt128-length`
 * (truncated), `isbt128-character-set`, `isbt128-din`, `isbt128-din-check-character` (Type 3 flags),
 * `isbt128-date`, `isbt128-compound-message` (count, position, ICCBBA-specified order).
 *
 * @example parseIsbt128('=+03000=/A9997XYZ100T0479=A99991712345600=,000012').fields
 * // { partNumber: 'A9997XYZ100T0479', serial: 'A999917123456' }
 */
export function parseIsbt128(input: string): ScanParseResult {
  const elements: ScanElement[] = [];
  const checks: Check[] = [];
  const cands = new Map<FieldName, Candidate>();
  /** ST-001 numbers of the structures read, in order (for the compound message checks). */
  const read: string[] = [];
  let compound: { count: number; code: string } | undefined;
  let s = input.replace(/[\r\n]+$/, '');
  while (s.length > 0) {
    if (s[0] !== '=' && s[0] !== '&') {
      checks.push({ name: 'isbt128-syntax', ok: false, message: `data structure must start with "=" or "&": "${s.slice(0, 8)}"` });
      break;
    }
    // DS 001: the only structure whose second DI character is alphanumeric and part of the content.
    if (s[0] === '=' && /^[A-NP-Z1-9]$/.test(s[1] ?? '')) {
      const content = s.slice(1, 16);
      s = s.slice(16);
      read.push('001');
      elements.push({ di: '=', value: content });
      if (content.length < 15) { checks.push({ name: 'isbt128-length', field: 'serial', ok: false, message: `donation identification number "${content}" has ${content.length} of 15 characters` }); break; }
      const din = content.slice(0, 13);
      if (checkDin(din, content.slice(13), checks)) offer(cands, 'serial', 0, din);
      continue;
    }
    const def = STRUCTURES.find((d) => s.startsWith(d.di));
    if (!def) {
      const why = /^&([a-z;!])/.test(s) ? 'is defined outside ICCBBA (nationally or locally); its length is unknown' : 'is not an ISBT 128 data identifier';
      checks.push({ name: 'isbt128-data-identifier', ok: false, message: `"${s.slice(0, 3)}" ${why}` });
      break;
    }
    const rest = s.slice(def.di.length);
    const len = typeof def.length === 'number' ? def.length : def.length(rest);
    const value = len === undefined ? rest : rest.slice(0, len);
    s = len === undefined ? '' : rest.slice(len);
    read.push(def.ds);
    elements.push({ di: def.di, value });
    if (len === undefined || value.length < len) {
      checks.push({ name: 'isbt128-length', ok: false, message: `${def.name} (${def.di}) "${value}" is shorter than its ${len ?? 'declared'} characters` });
      break;
    }
    if (def.pattern && !def.pattern.test(value)) {
      checks.push({ name: 'isbt128-character-set', ok: false, message: `${def.name} (${def.di}) "${value}" has characters outside ST-001 data structure ${def.ds}` });
      continue;
    }
    interpret(def, value, cands, checks);
    if (def.meaning === 'compound') {
      if (read.length > 1) checks.push({ name: 'isbt128-compound-message', ok: false, message: 'a compound message (=+) must come first and only once' });
      else compound = { count: Number(value.slice(0, 2)), code: value.slice(2) };
    }
  }
  if (compound) checkCompound(compound, read.slice(1), checks);
  if (elements.length === 0 && checks.length === 0) checks.push({ name: 'isbt128-syntax', ok: false, message: 'no data structure' });
  const fields: Partial<Record<FieldName, string>> = {};
  for (const [field, c] of cands) fields[field] = c.value;
  return { ok: checks.every((c) => c.ok), scheme: 'isbt128', fields, elements, checks };
}

/** ST-001 2.4.23: the count must match and, for a known specified sequence, the order too. */
function checkCompound(compound: { count: number; code: string }, after: readonly string[], checks: Check[]): void {
  if (after.length !== compound.count) {
    checks.push({ name: 'isbt128-compound-message', ok: false, message: `header declares ${compound.count} data structures, ${after.length} follow` });
    return;
  }
  const seq = COMPOUND_SEQUENCES[compound.code];
  if (seq && seq.join() !== after.join()) {
    checks.push({ name: 'isbt128-compound-message', ok: false, message: `message ${compound.code} requires data structures ${seq.join(', ')}; read ${after.join(', ')}` });
    return;
  }
  const order = compound.code === '000' ? 'undefined sequence' : seq ? `ICCBBA sequence ${compound.code}` : `sequence ${compound.code} (order not checked)`;
  checks.push({ name: 'isbt128-compound-message', ok: true, message: `${after.length} data structures, ${order}` });
}

function dateCheck(checks: Check[], field: FieldName | undefined, name: string, value: string, iso: string | undefined, form: string): void {
  checks.push(iso
    ? { name: 'isbt128-date', ...(field ? { field } : {}), ok: true, message: `${name} ${iso}` }
    : { name: 'isbt128-date', ...(field ? { field } : {}), ok: false, message: `${name} "${value}" is not a valid ${form}` });
}

/** Turns one well-formed structure into field candidates and checks. */
function interpret(def: StructureDef, value: string, cands: Map<FieldName, Candidate>, checks: Check[]): void {
  switch (def.meaning) {
    case 'product-code': offer(cands, 'partNumber', 0, value); break;
    case 'ppic': offer(cands, 'partNumber', 1, value); break;
    case 'catalog-item': offer(cands, 'partNumber', 2, value.slice(2)); break; // NN manufacturer, 8-char catalog number
    case 'catalog-container': offer(cands, 'partNumber', 3, value.slice(3)); break; // b container, qq manufacturer, 7-char catalog number
    case 'lot-mpho': offer(cands, 'lot', 0, value); break;
    case 'lot-item': offer(cands, 'lot', 1, value); break;
    case 'lot-container': offer(cands, 'lot', 2, value); break;
    case 'expiry': case 'expiry-time': case 'collection': case 'collection-time': case 'production': case 'production-time': {
      const withTime = def.meaning.endsWith('-time');
      const iso = withTime && !isTime(value.slice(6)) ? undefined : cyyjjj(value);
      const field: FieldName = def.meaning.startsWith('expiry') ? 'expiryDate' : 'productionDate';
      dateCheck(checks, field, def.name, value, iso, withTime ? 'cyyjjjhhmm date and time' : 'cyyjjj date');
      // A collection date stands in for the production date only when none is given.
      if (iso) offer(cands, field, def.meaning.startsWith('collection') ? 1 : 0, iso);
      break;
    }
    case 'expiry-month': {
      const month = Number(value.slice(4));
      const iso = month >= 1 && month <= 12 ? `${value.slice(0, 4)}-${value.slice(4)}` : undefined;
      dateCheck(checks, 'expiryDate', def.name, value, iso, 'yyyymm month');
      if (iso) offer(cands, 'expiryDate', 1, iso);
      break;
    }
    case 'birth-date': {
      dateCheck(checks, undefined, def.name, value, isoDate(Number(value.slice(2, 6)), Number(value.slice(6, 8)), Number(value.slice(8))), 'yyyymmdd date');
      break;
    }
    case 'flexible-date': {
      const iso = isTime(value.slice(12)) ? isoDate(Number(value.slice(4, 8)), Number(value.slice(8, 10)), Number(value.slice(10, 12))) : undefined;
      dateCheck(checks, undefined, def.name, value, iso, 'YYYYMMDDhhmm date and time');
      break;
    }
    case 'compound': case 'other': break;
  }
}

/**
 * Checks an eye-readable or keyed Donation Identification Number as printed on a label:
 * `A9999 21 123456 3` (DIN and boxed check character K), optionally with the two flag characters
 * before K (`A9999 21 123456 01 3`), spaces optional. K and Type 3 flags are verified with
 * ISO/IEC 7064 MOD 37-2. `fields.serial` is the DIN when every check holds.
 *
 * Checks: `isbt128-din` (structure, length), `isbt128-din-check-character`.
 *
 * @example parseIsbt128DinText('G1234 17 654321 A').ok // true
 */
export function parseIsbt128DinText(text: string): ScanParseResult {
  const t = text.replace(/\s+/g, '').toUpperCase();
  const checks: Check[] = [];
  const elements: ScanElement[] = [];
  const fields: Partial<Record<FieldName, string>> = {};
  // 13 DIN, +1 K, +2 flags, +2 flags +1 K.
  if (![13, 14, 15, 16].includes(t.length)) {
    checks.push({ name: 'isbt128-din', field: 'serial', ok: false, message: `"${text}" has ${t.length} characters; a DIN has 13, with flags 15, with check character K one more` });
    return { ok: false, scheme: 'isbt128', fields, elements, checks };
  }
  const din = t.slice(0, 13);
  const flags = t.length >= 15 ? t.slice(13, 15) : undefined;
  const k = t.length === 14 || t.length === 16 ? t.slice(-1) : undefined;
  elements.push({ di: 'DIN', value: din });
  if (flags !== undefined) elements.push({ di: 'flags', value: flags });
  if (k !== undefined) elements.push({ di: 'K', value: k });
  let ok = checkDin(din, flags, checks);
  if (ok && k !== undefined) {
    const want = iso7064Mod37_2(din)!;
    ok = k === want;
    checks.push({ name: 'isbt128-din-check-character', field: 'serial', ok, message: ok ? `check character ${k} holds (MOD 37-2)` : `check character "${k}" should be "${want}" for DIN ${din}` });
  }
  if (ok) fields.serial = din;
  return { ok: checks.every((c) => c.ok), scheme: 'isbt128', fields, elements, checks };
}
