/**
 * The printed keys ("S/N", "LOT", "Herstelldatum", …) that name a field on a
 * label, and a matcher that finds them in OCR text tolerant of case, spacing,
 * punctuation and letter/digit confusions (`5/N`, `L0T`).
 */
import type { FieldName } from '../core/types.js';

/**
 * Built-in keys per field, English and German with the usual abbreviations.
 * `Type` is deliberately not a part-number key: on nameplates it names the
 * model designation, not the orderable part (a profile may add it).
 * ISO 7000 symbols (factory, hourglass, LOT box) are images, not text; the
 * recogniser sees at most noise in them, so they have no entry here.
 */
export const DEFAULT_FIELD_KEYS: Readonly<Record<FieldName, readonly string[]>> = {
  serial: ['S/N', 'SN', 'Serial', 'Serial No.', 'Serial Number', 'Serial-No.', 'SER', 'SER.NO', 'Seriennummer', 'Ser.-Nr.', 'Serien-Nr.', 'Fabr.-Nr.', 'Fabriknummer'],
  lot: ['LOT', 'Lot No.', 'Lot Number', 'Batch', 'Batch No.', 'Batch Number', 'L/N', 'Charge', 'Ch.-B.', 'Charg.-Nr.', 'Chargen-Nr.', 'Chargennummer', 'Los', 'Los-Nr.'],
  partNumber: ['P/N', 'PN', 'Part No.', 'Part Number', 'Part', 'REF', 'Art.-Nr.', 'Artikelnummer', 'Artikel-Nr.', 'Material', 'Mat.-Nr.', 'Materialnummer', 'Cat. No.', 'Order No.', 'Best.-Nr.', 'Item No.', 'Teile-Nr.', 'Teilenummer'],
  gtin: ['GTIN', 'EAN', 'UPC'],
  productionDate: ['MFG', 'MFG Date', 'MFD', 'DOM', 'Date of Manufacture', 'Manufacturing Date', 'Manufactured', 'Manufacture Date', 'PROD', 'Prod. Date', 'Production Date', 'Herstelldatum', 'Herst.-Dat.', 'Herstellungsdatum', 'Produktionsdatum', 'Prod.-Dat.', 'Date of mfg.', 'Baudatum',
    // Packed-on date: on inkjet-coded goods the packing day is the production day.
    'PKD',
    // A bare "Date" heads the date of manufacture on nameplates (EN 60204-1 §16.4);
    // only at the start of a line, so "Ship Date" or "Print Date" are not taken.
    '^Date', '^Datum'],
  expiryDate: ['EXP', 'EXP Date', 'Exp. Date', 'Expiry', 'Expiry Date', 'Expiration Date', 'Expires', 'Use by', 'Use before', 'BB', 'Best before', 'Best before end', 'BBE', 'MHD', 'Verwendbar bis', 'Haltbar bis', 'Mindestens haltbar bis', 'Verfallsdatum', 'Verfall', 'Verw. bis'],
  quantity: ['QTY', 'Quantity', 'CONTENTS', 'Content', 'Menge', 'Inhalt', 'Stück', 'Stk', 'Anzahl', 'Count'],
  supplier: ['Supplier', 'Lieferant', 'MFR', 'Manufacturer', 'Hersteller', 'Vendor', 'Supplier ID', 'Vendor ID', 'Vendor No.'],
  sscc: ['SSCC', 'NVE'],
};

/** One key found in a line of text. */
export interface KeyHit {
  readonly field: FieldName;
  /** The alias that matched, as written in the lexicon. */
  readonly alias: string;
  /** Character index of the key's first character. */
  readonly start: number;
  /** Character index just past the key (without the separators after it). */
  readonly keyEnd: number;
  /** Character index where the value may start (after separators such as `:` `#` `.`). */
  readonly valueStart: number;
}

/** Finds field keys in one line of text. */
export type KeyMatcher = (text: string) => KeyHit[];

// Letters OCR confuses with digits or symbols: a key letter matches any of these.
const LETTER_VARIANTS: Readonly<Record<string, string>> = {
  S: 'S5$', O: 'O0', I: 'I1L|l!', L: 'L1I|', B: 'B8', Z: 'Z2', G: 'G6', E: 'E', T: 'T7', A: 'A4', U: 'UÜ', Ü: 'ÜU', Ö: 'ÖO', Ä: 'ÄA',
};

function escapeClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, '\\$&');
}

/** Regex source for one alias: alnum runs with tolerant letters, any punctuation/space between runs optional. */
function aliasSource(alias: string): string {
  const runs = alias.toUpperCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const letters = runs.join('').length;
  // Short keys are where noise hurts: "IN" (as in MADE IN GERMANY) must not read as
  // L/N. A two-letter key written with a slash (S/N, L/N, P/N) needs a separator in
  // the text but keeps confusable letters (5/N); one written without (SN, PN, BB)
  // matches its letters exactly.
  const tolerant = letters > 2 || runs.length > 1;
  // OCR reads a slash as I, l or 1 ("PIN" for P/N): one of those stands in for it.
  const sep = letters <= 2 && runs.length > 1 ? '(?:[\\s./:\\-|\\\\]{1,2}|[Il1])' : '[\\s./:\\-]{0,2}';
  return runs
    .map((run) => [...run].map((ch) => {
      const v = tolerant ? LETTER_VARIANTS[ch] : undefined;
      return v ? `[${escapeClass(v + v.toLowerCase())}]` : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }).join(''))
    .join(sep);
}

// Words that may follow a key before its value ("LOT No.", "MFG DATE:").
// "Nu." and "N." are OCR's "No.".
const FILLER = '(?:[\\s.:#\\-]*(?:DATE|DATUM|NUMBER|NUMMER|NUM|NR|N[O0U]?)(?=[\\s.:#\\-]|$))';
// Separators between key and value.
const SEPARATORS = /^[\s.:#=\-/]*/;

/**
 * Builds a matcher over the given keys.
 *
 * Rules: matching is case-insensitive and leftmost-longest; a key must start
 * at a word boundary and be followed by a separator or the end of the line —
 * or, for keys of three or more letters or written with a slash, directly by a
 * digit (`LOT24B`, `EXP2028-04`, `L/N135758`). Two-letter keys never run into their value, so the value
 * `SN00923` is not read as key `SN` + `00923`. The first token after a key is
 * always its value and is never searched for keys. An alias written with a
 * leading `^` (`^Date`) counts only at the start of a line.
 */
export function createKeyMatcher(keys: Readonly<Partial<Record<FieldName, readonly string[]>>>): KeyMatcher {
  const entries: { field: FieldName; alias: string; letters: number; lineStart: boolean; patterns: RegExp[] }[] = [];
  for (const [field, aliases] of Object.entries(keys) as [FieldName, readonly string[]][]) {
    for (const raw of aliases) {
      // A leading `^` marks a key that counts only at the start of a line.
      const lineStart = raw.startsWith('^');
      const alias = lineStart ? raw.slice(1) : raw;
      const src = aliasSource(alias);
      // Sticky patterns, tried in order: with a filler word ("LOT No."), then bare.
      const patterns = [new RegExp(src + FILLER, 'iuy'), new RegExp(src, 'iuy')];
      entries.push({ field, alias, letters: (alias.match(/[\p{L}\p{N}]/gu) ?? []).length, lineStart, patterns });
    }
  }
  // Longest alias first, so "Serial No." wins over "Serial" and "SER".
  entries.sort((a, b) => b.letters - a.letters || b.alias.length - a.alias.length);

  return (text: string): KeyHit[] => {
    const hits: KeyHit[] = [];
    let protectedUntil = 0;
    for (let start = 0; start < text.length; start++) {
      if (start < protectedUntil) continue;
      // Keys start at a word boundary.
      if (start > 0 && /[\p{L}\p{N}]/u.test(text[start - 1]!)) continue;
      const atLineStart = text.slice(0, start).trim() === '';
      let found: { entry: (typeof entries)[number]; keyEnd: number } | undefined;
      for (const entry of entries) {
        if (entry.lineStart && !atLineStart) continue;
        for (const re of entry.patterns) {
          re.lastIndex = start;
          const m = re.exec(text);
          if (!m || m[0].length === 0) continue;
          const keyEnd = start + m[0].length;
          const next = text[keyEnd];
          // A key may run straight into a digit when it cannot be part of the value:
          // three or more letters (LOT24B), or a slashed key (L/N135758) — but not an
          // unpunctuated "No"/"Nr" ("SER NO99755W" is SER + NO99755W or SER NO + 99755W).
          const distinctive = (entry.letters >= 3 || /[^\p{L}\p{N}]/u.test(m[0])) && !/N[O0R]$/i.test(m[0]);
          const followOk = next === undefined || !/[\p{L}\p{N}]/u.test(next)
            || (distinctive && /[0-9]/.test(next) && /\p{L}/u.test(text[keyEnd - 1] ?? ''));
          if (followOk) {
            found = { entry, keyEnd };
            break;
          }
        }
        if (found) break;
      }
      if (!found) continue;
      const { entry, keyEnd } = found;
      const sep = SEPARATORS.exec(text.slice(keyEnd))?.[0] ?? '';
      const valueStart = keyEnd + sep.length;
      hits.push({ field: entry.field, alias: entry.alias, start, keyEnd, valueStart });
      // The first token after the key is its value, never another key — unless a wide
      // gap without a colon separates them: then it is the next column ("LOT     EXP").
      const firstToken = /^\S*/.exec(text.slice(valueStart))?.[0] ?? '';
      const column = /\s{2,}/.test(sep) && !sep.includes(':');
      protectedUntil = Math.max(keyEnd, column ? valueStart : valueStart + firstToken.length);
      start = protectedUntil - 1;
    }
    return hits;
  };
}
