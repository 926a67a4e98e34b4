/**
 * Label vs work order: compares the fields read with the values expected.
 */
import type { Check, FieldName, FieldResult } from '../core/types.js';
import { CHECK } from './check-names.js';
import { valuesAgree } from './cross-check.js';

/**
 * One `expected-value` check per expected field: `ok` when the field was read
 * and equals the expectation (same comparison as the text/code cross-check:
 * case and spaces ignored, GTIN to 14 digits, dates at the printed precision),
 * failing with a message when it differs or was not read.
 *
 * @example
 * verifyExpectations(result.fields, { lot: 'L24B1187', gtin: '09506000134352' });
 */
export function verifyExpectations(
  fields: Readonly<Partial<Record<FieldName, FieldResult>>>,
  expected: Readonly<Partial<Record<FieldName, string>>>,
): Check[] {
  const checks: Check[] = [];
  for (const [field, want] of Object.entries(expected) as [FieldName, string | undefined][]) {
    if (want === undefined) continue;
    const got = fields[field];
    if (!got) checks.push({ name: CHECK.expectedValue, field, ok: false, message: `expected "${want}", not read` });
    else if (got.status === 'low-confidence') checks.push({ name: CHECK.expectedValue, field, ok: false, message: `expected "${want}", read "${got.value}" with low confidence` });
    else if (valuesAgree(field, got.value, want) || valuesAgree(field, want, got.value)) checks.push({ name: CHECK.expectedValue, field, ok: true });
    else checks.push({ name: CHECK.expectedValue, field, ok: false, message: `expected "${want}", read "${got.value}"` });
  }
  return checks;
}
