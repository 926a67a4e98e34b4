/**
 * "Generic OCR + key rules": the few regular expressions an integrator writes
 * on top of a general OCR engine's text, to compare traceocr against. Kept
 * independent of src/extract on purpose (no layout pairing, no grammar, no
 * confusable repair): it is the baseline, not a second implementation.
 */
import type { FieldName } from '../../src/core/types.js';

const MONTHS: Readonly<Record<string, number>> = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 };
const p2 = (n: number): string => String(n).padStart(2, '0');

/** Parses the common printed date forms to ISO 8601 (`YYYY-MM-DD` / `YYYY-MM`); undefined if none matches. */
export function parseDateLoosely(text: string): string | undefined {
  const s = text.toUpperCase();
  let m: RegExpExecArray | null;
  if ((m = /\b(\d{4})[-/.](\d{2})[-/.](\d{2})\b/.exec(s))) return `${m[1]}-${m[2]}-${m[3]}`;
  if ((m = /\b(\d{2})\.(\d{2})\.(\d{4})\b/.exec(s))) return `${m[3]}-${m[2]}-${m[1]}`;
  if ((m = /\b(\d{1,2})[- ]?([A-Z]{3})[- ]?(\d{4}|\d{2})\b/.exec(s)) && MONTHS[m[2] ?? ''] !== undefined) {
    const y = (m[3] ?? '').length === 2 ? `20${m[3]}` : m[3];
    return `${y}-${p2(MONTHS[m[2] ?? ''] ?? 0)}-${p2(Number(m[1]))}`;
  }
  if ((m = /\b([A-Z]{3})[ -]?(\d{4})\b/.exec(s)) && MONTHS[m[1] ?? ''] !== undefined) return `${m[2]}-${p2(MONTHS[m[1] ?? ''] ?? 0)}`;
  if ((m = /\b(\d{2})[/.](\d{4})\b/.exec(s))) return `${m[2]}-${m[1]}`;
  if ((m = /\b(\d{4})-(\d{2})\b/.exec(s))) return `${m[1]}-${m[2]}`;
  return undefined;
}

// Key patterns: the usual English and German label keys. `V` captures an identifier token.
const V = '([A-Z0-9][A-Z0-9\\-./]*)';
// A key must end at a word end (`SER` is not the start of `SERIEN`).
const SEP = '(?![A-Z])[\\s:.#]*';
const RULES: readonly { field: FieldName; re: RegExp; date?: true }[] = [
  { field: 'gtin', re: /\(01\)\s*(\d{14})/ },
  { field: 'gtin', re: /\b(?:GTIN|EAN)(?:\s*NO\.?)?[\s:.#]*(\d{14})\b/i },
  { field: 'lot', re: /\(10\)\s*([A-Z0-9\-./]+?)(?=\(|$)/ },
  { field: 'lot', re: new RegExp(`\\b(?:LOT|BATCH|L/N|CHARGE|CH\\.?-?B\\.?)(?:\\s*NO\\.?)?${SEP}${V}`, 'i') },
  { field: 'serial', re: /\(21\)\s*([A-Z0-9\-./]+?)(?=\(|$)/ },
  { field: 'serial', re: new RegExp(`\\b(?:S/N|SN|SERIAL(?:\\s*NO\\.?)?|SER\\.?-?NR\\.?|SERIEN-?NR\\.?|SER)${SEP}${V}`, 'i') },
  { field: 'partNumber', re: new RegExp(`\\b(?:P/N|PN|REF|PART\\s*NO\\.?|ART\\.?-?NR\\.?|MAT\\.?-?NR\\.?|ITEM\\s*NO\\.?)${SEP}${V}`, 'i') },
  { field: 'expiryDate', re: /\b(?:EXP\.?|EXPIRY|USE\s*BY|BB|BBE|BEST\s*BEFORE|VERW\.?\s*BIS)[\s:.]*(.+)$/i, date: true },
  { field: 'productionDate', re: /\b(?:MFG|MFD|DOM|PROD|MANUFACTURED|DATE\s*OF\s*MFG\.?|HERST\.?-?DAT\.?|MFG\.?\s*DATE)[\s:.]*(.+)$/i, date: true },
  { field: 'quantity', re: /\b(?:QTY|CONTENTS|MENGE|COUNT)[\s:.]*(\d+)\b/i },
  { field: 'supplier', re: /\b(?:SUPPLIER(?:\s*ID)?|VENDOR\s*NO\.?|LIEFERANT)[\s:.]*([A-Z0-9]+)\b/i },
];

/**
 * Applies the key rules to OCR lines; the first rule that matches a field wins.
 * Values are upper-cased with spaces removed, as the contract wants.
 */
export function extractFieldsByKeyRules(lines: readonly string[]): Partial<Record<FieldName, string>> {
  const out: Partial<Record<FieldName, string>> = {};
  for (const rule of RULES) {
    if (out[rule.field] !== undefined) continue;
    for (const line of lines) {
      const m = rule.re.exec(line);
      const raw = m?.[1];
      if (raw === undefined) continue;
      if (rule.date) {
        const iso = parseDateLoosely(raw);
        if (iso === undefined) continue;
        out[rule.field] = iso;
      } else {
        out[rule.field] = raw.toUpperCase().replace(/\s+/g, '').replace(/[.:]+$/, '');
      }
      break;
    }
  }
  return out;
}
