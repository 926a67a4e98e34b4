/**
 * ISO/IEC 15434 envelope (`[)>` RS `06` GS ... RS EOT) with ANSI MH10.8.2 data
 * identifiers (format 06), and GS1 element strings inside the envelope (format 05).
 * Written by hand: no npm package parses MH10.8.2 DIs.
 */

import type { Check, FieldName } from '../core/types.js';
import type { ScanElement, ScanParseResult } from './scan-types.js';
import { parseGs1 } from './gs1-element-string.js';

const RS = '\u001e';
const GS = '\u001d';
const EOT = '\u0004';

/** MH10.8.2 DIs this parser maps to read-contract fields (ANSI MH10.8.2-2016 tables). */
const DI_FIELDS: Readonly<Record<string, FieldName>> = {
  P: 'partNumber', '1P': 'partNumber', S: 'serial', '1T': 'lot', T: 'lot', Q: 'quantity', V: 'supplier',
};

/** Known DIs (category letter preceded by 0-3 digits); `9D`/`10D` date codes, `4L` origin. */
const DI = /^(\d{0,3})([A-Z])/;

/** ISO 8601 week date `YYYY-Www` from a YYWW date code (MH10.8.2 DI 9D), or undefined when week 00 or > 53. */
function weekCode(yyww: string): string | undefined {
  if (!/^\d{4}$/.test(yyww)) return undefined;
  const year = 2000 + Number(yyww.slice(0, 2));
  const week = Number(yyww.slice(2));
  // ISO 8601: a year has week 53 only when it starts on a Thursday, or a Wednesday in leap years.
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = new Date(Date.UTC(year, 1, 29)).getUTCDate() === 29;
  const weeks = jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
  if (week < 1 || week > weeks) return undefined;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Parses one format-06 data element string (fields separated by GS). */
export function parseMh10Fields(data: string): { elements: ScanElement[]; fields: Partial<Record<FieldName, string>>; checks: Check[] } {
  const elements: ScanElement[] = [];
  const fields: Partial<Record<FieldName, string>> = {};
  const checks: Check[] = [];
  for (const part of data.split(GS)) {
    if (part === '') continue;
    const m = DI.exec(part);
    if (!m) { checks.push({ name: 'mh10-data-identifier', ok: false, message: `no data identifier in "${part}"` }); continue; }
    const di = m[0];
    const value = part.slice(di.length);
    elements.push({ di, value });
    const field = DI_FIELDS[di];
    if (field === 'quantity') {
      if (/^\d+$/.test(value)) fields.quantity = String(Number(value));
      else checks.push({ name: 'mh10-quantity', field, ok: false, message: `quantity "${value}" is not a number` });
    } else if (field && fields[field] === undefined) fields[field] = value;
    if (di === '9D' || di === '10D') {
      const iso = weekCode(value);
      checks.push(iso ? { name: 'mh10-date-code', field: 'productionDate', ok: true, message: `${di} ${value} = ${iso}` } : { name: 'mh10-date-code', field: 'productionDate', ok: false, message: `${di} "${value}" is not a valid YYWW week` });
      if (iso) fields.productionDate = iso;
    }
    if (di === '4L' && !/^[A-Z]{2}$/.test(value)) checks.push({ name: 'mh10-country', ok: false, message: `4L "${value}" is not an ISO 3166 alpha-2 code` });
  }
  return { elements, fields, checks };
}

/**
 * Parses an ISO/IEC 15434 message: header `[)>` RS, then format envelopes `06` GS ...
 * RS (MH10 DIs) or `05` GS ... RS (GS1), trailer EOT.
 */
export function parseIso15434(input: string): ScanParseResult {
  const checks: Check[] = [];
  const elements: ScanElement[] = [];
  let fields: Partial<Record<FieldName, string>> = {};
  let scheme: ScanParseResult['scheme'] = 'mh10';
  if (!input.startsWith(`[)>${RS}`)) {
    return { ok: false, scheme, fields, elements, checks: [{ name: 'iso15434-envelope', ok: false, message: 'message header "[)>" RS missing' }] };
  }
  let body = input.slice(4);
  if (body.endsWith(EOT)) body = body.slice(0, -1);
  else checks.push({ name: 'iso15434-envelope', ok: false, message: 'message trailer EOT missing' });
  for (const env of body.split(RS)) {
    if (env === '') continue;
    const format = env.slice(0, 2);
    const data = env.slice(2).replace(/^\u001d/, '');
    if (format === '06') {
      const r = parseMh10Fields(data);
      elements.push(...r.elements);
      checks.push(...r.checks);
      fields = { ...r.fields, ...fields };
    } else if (format === '05') {
      scheme = 'gs1';
      const r = parseGs1(data);
      elements.push(...r.elements);
      checks.push(...r.checks);
      fields = { ...r.fields, ...fields };
    } else {
      checks.push({ name: 'iso15434-envelope', ok: false, message: `format ${format} is not supported (06 and 05 are)` });
    }
  }
  return { ok: checks.every((c) => c.ok), scheme, fields, elements, checks };
}
