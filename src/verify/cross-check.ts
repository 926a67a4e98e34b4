/**
 * Text vs code cross-check: a field both printed and encoded in a barcode must
 * say the same thing in both places.
 */
import type { Check, FieldName, FieldResult } from '../core/types.js';
import { FIELD_NAMES } from '../core/types.js';
import { CHECK } from './check-names.js';

/** Result of {@link crossCheckFields}. */
export interface CrossCheckResult {
  readonly fields: Partial<Record<FieldName, FieldResult>>;
  readonly checks: Check[];
}

/** Comparable form of a value: upper case, no spaces; GTINs to 14 digits. */
function comparable(field: FieldName, value: string): string {
  const v = value.toUpperCase().replace(/\s+/g, '');
  return field === 'gtin' && /^\d{8,14}$/.test(v) ? v.padStart(14, '0') : v;
}

/**
 * Do a printed and an encoded value agree? Dates agree at the printed
 * precision: `EXP 04/2028` (`2028-04`) agrees with AI (17) `280430`
 * (`2028-04-30`), because a label may print only the month of a full
 * GS1 date (GS1 General Specifications §4.15, HRI of date AIs).
 */
export function valuesAgree(field: FieldName, textValue: string, codeValue: string): boolean {
  const t = comparable(field, textValue), c = comparable(field, codeValue);
  if (t === c) return true;
  if ((field === 'productionDate' || field === 'expiryDate') && /^\d{4}-\d{2}$/.test(t)) return c.startsWith(`${t}-`);
  return false;
}

/**
 * Merges fields read from text with fields read from codes.
 *
 * - only in text or only in a code: kept as is;
 * - in both and equal: `source: 'both'`, the code's value, a passing `text-code-agree` check;
 * - in both and different: the code's value (codes carry error correction, text does not),
 *   `source: 'code'`, a failing `text-code-mismatch` check quoting both.
 */
export function crossCheckFields(
  textFields: Readonly<Partial<Record<FieldName, FieldResult>>>,
  codeFields: Readonly<Partial<Record<FieldName, FieldResult>>>,
): CrossCheckResult {
  const fields: Partial<Record<FieldName, FieldResult>> = {};
  const checks: Check[] = [];
  for (const field of FIELD_NAMES) {
    const t = textFields[field], c = codeFields[field];
    if (t && c) {
      if (valuesAgree(field, t.value, c.value)) {
        fields[field] = { ...c, source: 'both', confidence: Math.max(t.confidence, c.confidence), ...(t.raw !== undefined ? { raw: t.raw } : {}), ...(t.box ? { box: t.box } : {}), status: 'ok' };
        checks.push({ name: CHECK.textCodeAgree, field, ok: true });
      } else {
        fields[field] = { ...c, source: 'code' };
        checks.push({ name: CHECK.textCodeMismatch, field, ok: false, message: `text "${t.value}" vs code "${c.value}"` });
      }
    } else if (t) fields[field] = t;
    else if (c) fields[field] = c;
  }
  return { fields, checks };
}
