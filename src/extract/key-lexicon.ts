/**
 * The printed keys ("S/N", "LOT", "Herstelldatum", …) that name a field on a
 * label, and a matcher that finds them in OCR text tolerant of case, spacing,
 * punctuation and letter/digit confusions (`5/N`, `L0T`).
 */
import type { FieldName, RecognizedChar } from '../core/types.js';

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
    // "PRD" abbreviates the production date in inkjet date codes ("PRD 07DEC2024").
    'PRD',
    // A bare "Date" heads the date of manufacture on nameplates (EN 60204-1 §16.4);
    // only at the start of a line, so "Ship Date" or "Print Date" are not taken.
    '^Date', '^Datum'],
  expiryDate: ['EXP', 'EXP Date', 'Exp. Date', 'Expiry', 'Expiry Date', 'Expiration Date', 'Expires', 'Use by', 'Use before', 'BB', 'Best before', 'Best before end', 'BBE', 'MHD', 'Verwendbar bis', 'Haltbar bis', 'Mindestens haltbar bis', 'Verfallsdatum', 'Verfall', 'Verw. bis',
    // The detector splits a wide "BEST BEFORE" in two lines ("BES" | "BEFORE 21 OCT 2030");
    // a line that starts with "Before" and a date is the second half of "Best/Use before".
    '^Before'],
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
  /**
   * Set when the printed key is not the alias as written: how it was read
   * (`"EXF" read as EXP: position 3 F→P (p 0.14)`), for a `grammar-repair` check.
   */
  readonly repair?: string;
  /**
   * `true` when the key alone is no evidence: found only through the recogniser's
   * alternatives (see {@link KEY_ALTERNATIVE_MIN_RATIO}) or through dot-matrix
   * confusions (see {@link dotMatrixSubstitutionCost}). The field must have a value
   * grammar and its value satisfy it for the pair to count.
   */
  readonly needsValueGrammar?: boolean;
}

/** What the matcher knows about a line besides its text. */
export interface KeyMatchOptions {
  /**
   * The line lies in merged dot-matrix print (`RecognizedLine.dotMatrix`): a key
   * garbled by the glyph confusions of that print is found at the line start too.
   */
  readonly dotMatrix?: boolean;
  /**
   * Whether the text after a garbled dot-matrix key starts with a date (the caller's date grammar):
   * a date there is evidence for a date key, and only the date fields then compete for it.
   */
  readonly startsWithDate?: (value: string) => boolean;
}

/**
 * Finds field keys in one line of text. With the line's recognised characters
 * (`chars.length === text.length`), a key one letter off whose right letter is
 * among the recogniser's alternatives is found too; on a dot-matrix line, a key
 * garbled by that print's glyph confusions.
 */
export type KeyMatcher = (text: string, chars?: readonly RecognizedChar[], options?: KeyMatchOptions) => KeyHit[];

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
  // A printed period is often read as a comma ("Art,-Nr."), so a comma separates runs too.
  // Dot-matrix print leaves a dot at the slash's foot, read as "_" ("i_/N" for L/N).
  // A slash beside a stray thin stroke reads as "/l" ("L/lN 63054-89", seed 900005).
  const sep = letters <= 2 && runs.length > 1 ? '(?:[\\s./:\\-|\\\\_]{1,2}|[Il1]|/[Il1|]|[Il1|]/)' : '[\\s.,/:\\-]{0,3}';
  return runs
    .map((run) => [...run].map((ch) => {
      const v = tolerant ? LETTER_VARIANTS[ch] : undefined;
      return v ? `[${escapeClass(v + v.toLowerCase())}]` : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }).join(''))
    .join(sep);
}

// Words that may follow a key before its value ("LOT No.", "MFG DATE:").
// "Nu." and "N." are OCR's "No."; its period may be read as a comma ("NO,");
// with its period, "No." also comes out as "NC.", "HO.", "MO."
// (N and H/M, O and C are the recogniser's usual confusions on dot-matrix print: "LOT NC. K391160").
// Letters only, so a misread day ("1O.05.2028") is not eaten.
// On dot-matrix print the O also closes into 0, D, U or G ("LOT NG.70B936", seed 23001).
const FILLER = '(?:[\\s.:#\\-]*(?:(?:DATE|DATUM|NUMBER|NUMMER|NUM|NR|N[O0U]?)(?=[\\s.,:#\\-]|$)|[NHM][OC0DUG][.,]))';
// One to three letters, then a colon with a space on either side: the rest of a key.
const KEY_TAIL = /^(\p{L}{1,3})(?:\s+:\s*|\s*:\s+)(?=\S)/u;
// Separators between key and value; an underscore too: stray drops under a dot-matrix key's end read as one
// ("BATCH_ DD28A32", generated seed 900001), and a comma, a period read so ("LOT : NO, 4476JO", seed 920002):
// no value starts with either.
const SEPARATOR = '[\\s.,:#=\\-/_]';
const SEPARATORS = new RegExp(`^${SEPARATOR}*`);
// A colon read twice, once as "1"/"I" glued to the key, then as itself ("L0T1: 504940",
// dot-matrix print of seed 23001). "L0T1 8427507" is left alone: there the 1 may be the value's.
const DOUBLED_COLON = new RegExp(`^[1Il|]\\s*:${SEPARATOR}*(?=\\S)`);
// Small letters a proportional face draws as one thin stroke, which the recogniser can miss ("Md" for "Mfd").
const THIN_LETTERS: ReadonlySet<string> = new Set(['f', 'i', 'j', 'l', 'r', 't']);
// A two-letter word between a key and a value holding a digit ("LOT NC 4283MN").
const KEY_TAIL_WORD = /^(\p{L}{2})\s+(?=\S*[0-9])/u;

/**
 * Whether the text matched for a one-word alias holds a letter where the alias has another letter.
 * Only one-word aliases: in a slashed key the slash may be read as a letter ("PIN" for P/N), which
 * shifts the letters after it, and is no other letter.
 */
function otherLetter(matched: string, alias: string): boolean {
  if (!/^\p{L}+$/u.test(alias)) return false;
  const read = matched.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
  const want = alias.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
  for (let i = 0; i < want.length && i < read.length; i++) {
    if (read[i] !== want[i] && /\p{L}/u.test(read[i]!) && /\p{L}/u.test(want[i]!)) return true;
  }
  return false;
}

/**
 * Levenshtein distance (insertions, deletions, substitutions), written by hand:
 * a dozen lines on strings of a few letters do not justify a dependency.
 * `substitution` weighs a substitution (0..1; default 0 for equal characters,
 * else 1); insertions and deletions cost 1.
 */
export function editDistance(a: string, b: string, substitution?: (x: string, y: string) => number): number {
  const sub = substitution ?? ((x: string, y: string): number => (x === y ? 0 : 1));
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + sub(a[i - 1]!, b[j - 1]!)));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Glyphs that merged dot-matrix print (5×7 continuous inkjet) makes alike: drops
 * run together, so a glyph keeps its outline and loses the strokes inside it.
 * Read off the keys and month names the recogniser garbled on generated inkjet
 * labels (seeds 4242, 21001, 23001: `8B`/`BE` for BB, `FROD` for PROD, `LCT`/`LUT` for LOT,
 * `L/M` for L/N, `LSE` for USE, `JRN` for JAN, `NOU` for NOV, `JIL`/`JLL` for JUL).
 */
// Pairs rather than one B/8/E/6/R/P/F group: as one group it made "FED" and "BED" a PRD.
// 0689: a zero closed by a merged middle row or its slash reads as 8, 6 or 9 (years
// "2824", "2628", "2924", months "85", "86" among the dates of seed 23001). AP: the
// closed top of an A ("21MPY26"); AH: the same top read flat ("21 HUG 2025", "31 MHY 2029" on the
// drop-grid readings of seed 24001). Not PB: "PR" came as close to BB as "PR00" to PROD.
// Each pair is taken only for a key or month name whose value or date then parses.
const DOT_MATRIX_GROUPS = ['B8E6G', 'BR', 'EF', 'PFR', 'O0DUCQ', 'NHM', 'UV', 'I1L!|', 'IU', 'LU', 'S5$', 'T7', 'AR', 'A4', 'Z2', '0689', 'AP', 'AH',
  // A B or 8 whose left column of drops merged faintly reads as 3, a B whose middle bar did as D (seed 830002: "B3", "8D" for BB).
  'B83', 'BD',
  // A T whose top bar of drops came out faint is its stem, a 1 ("L01:602422", "101 98788-86" for LOT; seeds 900001, 900005).
  'T1',
  // A B whose left column lost drops on the rows around its waist shows a 5's or an S's outline (seed 950001: "5B", "SB",
  // "58" for BB).
  'B5S'];

/**
 * Cost of one glyph confused with another under dot-matrix merging, a quarter of a
 * plain substitution: four such confusions weigh one unexplained letter.
 */
export const DOT_MATRIX_CONFUSION_COST = 0.25;

const DOT_MATRIX_PAIRS: ReadonlySet<string> = new Set(DOT_MATRIX_GROUPS.flatMap((g) => [...g].flatMap((x) => [...g].map((y) => x + y))));

/**
 * Substitution cost of printed glyph `x` read for `y` (upper case) on dot-matrix
 * print: 0 when equal, {@link DOT_MATRIX_CONFUSION_COST} within a confusion group,
 * else 1. For {@link editDistance}.
 */
export function dotMatrixSubstitutionCost(x: string, y: string): number {
  return x === y ? 0 : DOT_MATRIX_PAIRS.has(x + y) ? DOT_MATRIX_CONFUSION_COST : 1;
}

/**
 * Largest {@link dotMatrixSubstitutionCost}-weighted distance of a dot-matrix key
 * from an alias of `glyphs` letters: two confusions on a two-letter key ("88" for BB),
 * one plain edit on three ("MFE" for MFG), a quarter edit more per further letter
 * ("FROW" for PROD, "BEST-CFF(RE" for BEST BEFORE).
 */
export function dotMatrixKeyMaxCost(glyphs: number): number {
  return glyphs <= 2 ? 2 * DOT_MATRIX_CONFUSION_COST : 1 + DOT_MATRIX_CONFUSION_COST * (glyphs - 3);
}

/** How much closer the best field's alias must be than every other field's. */
export const DOT_MATRIX_KEY_MARGIN = 0.5;

// Longest printed key considered ("BEST BEFORE" plus a filler word).
const DOT_MATRIX_KEY_MAX_GLYPHS = 16;

/**
 * Edits a garbled key may be from its alias (letters only, filler word included):
 * none below {@link FUZZY_KEY_MIN_LETTERS} letters, one up to 9, two from 10
 * ("Best before"; at 8–9 two edits turned "Quality" into "Quantity").
 * Short keys get none because a one-letter change turns them into other words
 * ("PART" ↔ "PARA"), and a spurious field costs as much as a missed one.
 */
export function fuzzyKeyMaxEdits(aliasLetters: number): number {
  return aliasLetters < FUZZY_KEY_MIN_LETTERS ? 0 : aliasLetters < 10 ? 1 : 2;
}

/** Fewest letters an alias needs for a garbled reading of it to count (see {@link fuzzyKeyMaxEdits}). */
export const FUZZY_KEY_MIN_LETTERS = 5;

/**
 * A key letter the recogniser did not put first still counts when it is among
 * the position's alternatives with at least this fraction of the top-1
 * probability (`EXF` with `P` at 0.14 against `F` 0.82 is `EXP`). Measured on
 * generated inkjet labels (seeds 4242, 31337): the right key letter stood at
 * 0.03–0.9 of the top-1 in the misread keys; 0.0017 (a `P` behind `F` 0.94)
 * is no evidence and is not taken.
 */
export const KEY_ALTERNATIVE_MIN_RATIO = 0.02;

// Digits OCR reads for key letters (the reverse of LETTER_VARIANTS), for fuzzy keys.
const DIGIT_AS_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '2': 'Z', '4': 'A', '5': 'S', '6': 'G', '7': 'T', '8': 'B' };

// Filler words a fuzzy key may carry ("Seriat N." is "Serial No.").
const FUZZY_FILLERS = ['', 'NO', 'N', 'NR', 'NUMBER', 'NUMMER', 'DATE', 'DATUM'];

/**
 * Builds a matcher over the given keys.
 *
 * Rules: matching is case-insensitive and leftmost-longest; a key must start
 * at a word boundary and be followed by a separator or the end of the line —
 * or, for keys of three or more letters or written with a slash, directly by a
 * digit (`LOT24B`, `EXP2028-04`, `L/N135758`). Two-letter keys never run into their value, so the value
 * `SN00923` is not read as key `SN` + `00923`. The first token after a key is
 * always its value and is never searched for keys. An alias written with a
 * leading `^` (`^Date`) counts only at the start of a line, alone or followed
 * by text that holds a digit.
 *
 * When no key matches at the start of a line, a key garbled by OCR may still
 * match there ("Seriat N.", "erial No.", "Art-r.", "BE5T BEF0RE"): up to three
 * leading tokens of letters (digits only as misread letters) within
 * {@link fuzzyKeyMaxEdits} edits of exactly one field's aliases (five or more
 * letters, with or without a filler word), with no fewer words than the alias,
 * not the alias with letters appended, and followed by a value with a digit or
 * by nothing. Residual risk, measured on a word list: an English word one
 * letter from a key at a line start followed by a number ("Court 12") is read
 * as that key.
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

  // Every alias as one upper-case word of letters ("EXP", "BB", "SERIALNO").
  const aliasWords = new Set(entries.map((e) => e.alias.toUpperCase().replace(/[^\p{L}]/gu, '')));

  // Fuzzy forms: each alias's letters, with each filler word, by field.
  const fuzzyForms: { field: FieldName; alias: string; letters: string; runs: number; maxEdits: number }[] = [];
  for (const e of entries) {
    const letters = e.alias.toUpperCase().replace(/[^\p{L}]/gu, '');
    const runs = (e.alias.match(/\p{L}+/gu) ?? []).length;
    if (/\p{N}/u.test(e.alias)) continue;
    for (const filler of FUZZY_FILLERS) {
      const maxEdits = fuzzyKeyMaxEdits(letters.length);
      if (maxEdits > 0) fuzzyForms.push({ field: e.field, alias: e.alias, letters: letters + filler, runs: runs + (filler ? 1 : 0), maxEdits });
    }
  }

  /**
   * A key garbled by OCR at the start of the line ("Seriat N.", "erial No.", "Art-r."):
   * the longest run of up to three leading tokens, letters and punctuation only, within
   * the allowed edits of exactly one field's aliases. Anchored at the line start, where
   * keys stand on labels, so words inside running text are never taken for keys.
   */
  const fuzzyAtLineStart = (text: string): KeyHit | undefined => {
    const tokenRe = /\S+/g;
    const toks: { start: number; end: number }[] = [];
    let m: RegExpExecArray | null;
    while ((m = tokenRe.exec(text)) && toks.length < 3) {
      // A key is letters; a digit in it must be a misread letter ("BE5T BEF0RE"). The
      // first token without letters, or with a digit no letter is read as, starts the value.
      if (!/\p{L}/u.test(m[0]) || [...m[0]].some((ch) => /[0-9]/.test(ch) && DIGIT_AS_LETTER[ch] === undefined)) break;
      toks.push({ start: m.index, end: m.index + m[0].length });
    }
    for (let k = toks.length; k >= 1; k--) {
      const start = toks[0]!.start;
      let keyEnd = toks[k - 1]!.end;
      // A capital after a small letter starts a word even where OCR lost the space
      // between them ("SerilNo." is "Seril No.").
      const printed = text.slice(start, keyEnd).replace(/(\p{Ll})(?=\p{Lu})/gu, '$1 ');
      const mapped = [...printed.toUpperCase()].map((ch) => DIGIT_AS_LETTER[ch] ?? ch).join('');
      const letters = mapped.replace(/[^\p{L}]/gu, '');
      const runs = (mapped.match(/\p{L}+/gu) ?? []).length;
      // The value must look like one (a digit in its first token) unless the key stands
      // alone (a table header): "Supplied by ACME" is prose, not "Supplier: BY".
      const rest = text.slice(keyEnd).replace(/^[\s.:#=\-/]+/, '');
      if (rest.length > 0 && !/^\S*[0-9]/.test(rest)) continue;
      if (letters.length < FUZZY_KEY_MIN_LETTERS - 1) continue;
      let best: { d: number; fields: Set<FieldName>; alias: string } | undefined;
      for (const f of fuzzyForms) {
        if (Math.abs(f.letters.length - letters.length) > f.maxEdits) continue;
        // A key with letters added at its end is another word ("Charger" is not "Charge",
        // "Batches" not "Batch"): OCR drops and swaps letters far more than it appends them.
        if (letters.length > f.letters.length && letters.startsWith(f.letters)) continue;
        // Fewer words than the key has is another word, not a garbled key ("Charger" for
        // "Charg.-Nr.", "Lotto" for "Lot No."): OCR may merge punctuation, rarely all of it.
        if (runs < f.runs) continue;
        const d = editDistance(letters, f.letters);
        if (d > f.maxEdits) continue;
        if (!best || d < best.d) best = { d, fields: new Set([f.field]), alias: f.alias };
        else if (d === best.d) best.fields.add(f.field);
      }
      // Two fields equally close: no evidence for either.
      if (!best || best.fields.size !== 1) continue;
      while (keyEnd > start && /[\s.:#=\-/]/.test(text[keyEnd - 1]!)) keyEnd--;
      const sep = SEPARATORS.exec(text.slice(keyEnd))?.[0] ?? '';
      const read = text.slice(start, keyEnd);
      return { field: [...best.fields][0]!, alias: best.alias, start, keyEnd, valueStart: keyEnd + sep.length, repair: `"${read}" read as ${best.alias} (${best.d} edit${best.d === 1 ? '' : 's'})` };
    }
    return undefined;
  };

  // Aliases written as one run of letters ("EXP", "MFG", "BB", "BATCH"), for keys read with one wrong letter.
  const singleRunAliases = entries.filter((e) => /^\p{L}+$/u.test(e.alias));

  /**
   * A key with one wrong letter at the start of the line whose right letter is among
   * the recogniser's alternatives there ("EXF" with P listed → EXP, "XFG" with M → MFG).
   * The first token must be as long as the alias; one field only may fit; the value
   * must start with a digit (a date: hold one, "APR 2028"), or the key stands alone
   * (a table header, three or more letters). Keys of two letters count for date fields
   * only. Extraction keeps such a pair only when the field has a value grammar (a real
   * date, a check digit, a profile pattern) and the value satisfies it.
   */
  const alternativeAtLineStart = (text: string, chars: readonly RecognizedChar[]): KeyHit | undefined => {
    const m = /^(\s*)([\p{L}\p{N}]+)[.:]?(?=\s|$|[.:])/u.exec(text);
    if (!m) return undefined;
    const start = m[1]!.length;
    const token = m[2]!;
    const keyEnd = start + token.length;
    if ((token.match(/\p{N}/gu) ?? []).length * 2 > token.length) return undefined;
    const rest = text.slice(keyEnd).replace(/^[\s.:#=\-/]+/, '');
    let found: { field: FieldName; alias: string; repair: string } | undefined;
    const fields = new Set<FieldName>();
    for (const e of singleRunAliases) {
      const letters = e.alias.toUpperCase();
      const isDate = e.field === 'productionDate' || e.field === 'expiryDate';
      if (letters.length !== token.length || (letters.length < 3 && !isDate)) continue;
      if (rest.length === 0 ? letters.length < 3 : !(isDate ? /[0-9]/ : /^\S*[0-9]/).test(rest)) continue;
      let repair: string | undefined;
      let ok = true;
      for (let i = 0; i < letters.length && ok; i++) {
        const want = letters[i]!;
        const c = chars[start + i]!;
        const top = c.char.toUpperCase();
        if (top === want || (LETTER_VARIANTS[want] ?? '').includes(top)) continue;
        const alt = c.alternatives.find((a) => a.char.toUpperCase() === want);
        if (repair !== undefined || !alt || alt.p < KEY_ALTERNATIVE_MIN_RATIO * (c.alternatives[0]?.p ?? c.confidence)) ok = false;
        else repair = `position ${i + 1}: ${c.char}→${want} (p ${alt.p.toFixed(2)})`;
      }
      if (!ok || repair === undefined) continue;
      fields.add(e.field);
      found ??= { field: e.field, alias: e.alias, repair };
    }
    if (!found || fields.size !== 1) return undefined;
    const sep = SEPARATORS.exec(text.slice(keyEnd))?.[0] ?? '';
    return { field: found.field, alias: found.alias, start, keyEnd, valueStart: keyEnd + sep.length, repair: `"${token}" read as ${found.alias}: ${found.repair}`, needsValueGrammar: true };
  };

  /**
   * A short date key at the start of the line with one thin small letter lost ("Md" for "Mfd": the
   * recogniser misses an f, i, j, l, r or t of a small proportional face; 3 of 1,020 generated solid-print
   * labels, dev seeds 910002–910004 and 930001/930002): the first token, letters only with a small letter
   * among them, is a one-word date alias of three or four letters without one of its thin letters, and a
   * digit follows or nothing does (a table header). One field only may fit; its value grammar (a real date)
   * must then confirm the key (`needsValueGrammar`).
   */
  const thinLetterLostAtLineStart = (text: string): KeyHit | undefined => {
    const m = /^(\s*)(\p{L}+)[.:]?(?=\s|$|[.:])/u.exec(text);
    if (!m || !/\p{Ll}/u.test(m[2]!)) return undefined;
    const start = m[1]!.length;
    const read = m[2]!;
    const keyEnd = start + read.length;
    const token = read.toUpperCase();
    const rest = text.slice(keyEnd).replace(/^[\s.:#=\-/]+/, '');
    if (rest.length > 0 && !/[0-9]/.test(rest)) return undefined;
    const fields = new Set<FieldName>();
    let found: { field: FieldName; alias: string; lost: string } | undefined;
    for (const e of singleRunAliases) {
      if (e.field !== 'productionDate' && e.field !== 'expiryDate') continue;
      const letters = e.alias.toUpperCase();
      if (letters.length !== token.length + 1 || letters.length > 4) continue;
      for (let i = 0; i < letters.length; i++) {
        if (!THIN_LETTERS.has(letters[i]!.toLowerCase()) || letters.slice(0, i) + letters.slice(i + 1) !== token) continue;
        fields.add(e.field);
        found ??= { field: e.field, alias: e.alias, lost: letters[i]!.toLowerCase() };
      }
    }
    if (!found || fields.size !== 1) return undefined;
    const sep = SEPARATORS.exec(text.slice(keyEnd))?.[0] ?? '';
    return { field: found.field, alias: found.alias, start, keyEnd, valueStart: keyEnd + sep.length, repair: `"${read}" read as ${found.alias}: its ${found.lost} lost`, needsValueGrammar: true };
  };

  // Every alias as upper-case glyphs, with each filler word ("LOTNO"), for dot-matrix keys.
  const dotMatrixForms = entries.flatMap((e) => {
    const glyphs = e.alias.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
    return FUZZY_FILLERS.map((filler) => ({ field: e.field, alias: e.alias, glyphs: glyphs + filler }));
  });

  /**
   * A key garbled by dot-matrix merging at the start of a dot-matrix line ("8B 08/2030",
   * "FROD 27.05.2025", "LCT 93U804"): up to three leading tokens whose glyphs are within
   * {@link dotMatrixKeyMaxCost} of an alias under {@link dotMatrixSubstitutionCost}
   * (punctuation between glyphs is free), with a value holding a digit after them.
   * One field must fit clearly best ({@link DOT_MATRIX_KEY_MARGIN} below every other
   * field's best fit, all fields ranked), and it must be a date field, whose value
   * grammar then confirms the key (`needsValueGrammar`), or a lot key under the
   * stricter bounds given below.
   */
  const dotMatrixAtLineStart = (text: string, startsWithDate?: (value: string) => boolean): KeyHit | undefined => {
    const start = text.search(/\S/);
    const upper = text.toUpperCase();
    const glyph = /[\p{L}\p{N}!|$]/u;
    type Fit = { alias: string; cost: number; max: number; end: number; sameLength: boolean };
    const best = new Map<FieldName, Fit>();
    // The best fit of each date field among the key ends a date follows (see `dated` below).
    const bestDated = new Map<FieldName, Fit>();
    const isDateField = (f: FieldName): boolean => f === 'productionDate' || f === 'expiryDate';
    let glyphs = '';
    let words = 1;
    // A stray mark left of the code (a fibre, the edge of the drops' redrawn grid) is read as a thin glyph
    // glued to the key ("1LOT", "IL/N", "IHFG:"; seeds 830001/830002): such a glyph may be left out, at the
    // cost of a confusion.
    const strayLead = /^[1I|!]$/.test(upper[start] ?? '') && glyph.test(text[start + 1] ?? '') ? 1 : 0;
    for (let end = start + 1; end <= text.length; end++) {
      const prev = text[end - 1]!;
      if (/\s/.test(prev) && !/\s/.test(text[end] ?? ' ')) words++;
      if (words > 3) break;
      if (!glyph.test(prev)) continue;
      glyphs += upper[end - 1];
      if (glyphs.length > DOT_MATRIX_KEY_MAX_GLYPHS) break;
      // The key ends on a glyph before a separator, the line end, or a digit ("EXF2027",
      // "MF62825-07-31": a key glyph may be a digit); never inside a run of letters, the marks read
      // for letters (`!`, `|`, `$`) counted as letters ("LO!: BD68U41" is LOT, not "LO" + "!:"; seed 920002).
      const next = text[end];
      if (next !== undefined && /[\p{L}!|$]/u.test(next)) continue;
      const rest = text.slice(end).replace(/^[\s.:#=\-/_,;]+/, '');
      if (!/[0-9]/.test(rest)) continue;
      // A key run into its value costs one confusion more, so "PR00 2026" is PROD, not PRD + "0 2026".
      // A key glyph read as a digit and run into a digit costs two ("U5E B21SEP26" is USE B + 21SEP26, not
      // USE B2 + 1SEP26, a valid date too; seed 850002).
      const runOn = next !== undefined && glyph.test(next) ? (/[0-9]/.test(prev) && /[0-9]/.test(next) ? 2 : 1) * DOT_MATRIX_CONFUSION_COST : 0;
      // A lot key ends only where its value's first token holds a digit and at a separator: run into its
      // value (`LOTN01646830`), where it ends is not known. An end that fails these tests never stands as
      // the lot key's best fit, or "LCT" (0.25 from LOT) hid "LCT HO." (0.5 from LOT NO.).
      const lotEndOk = /^[\s.:#=\-/_,;]*\S*[0-9]/.test(text.slice(end)) && !/^[\p{L}\p{N}]/u.test(text.slice(end));
      const datedEnd = startsWithDate?.(rest) === true;
      const readings = strayLead ? [{ g: glyphs, extra: 0 }, { g: glyphs.slice(1), extra: DOT_MATRIX_CONFUSION_COST }] : [{ g: glyphs, extra: 0 }];
      // Coders print capitals: a small letter read at the key's end is a mark after it (the colon of "LOT:" read
      // as "t": "LOTt DZ93Z27", seed 950001), which may be left out at the cost of a confusion. Not a small l or
      // i: those are the recogniser's reading of a lone stem, a glyph of the key ("LOl:44D452" is LOT, seed 900001).
      if (/\p{Ll}/u.test(prev) && !/[li]/.test(prev) && glyphs.length > 1) readings.push(...readings.map((r) => ({ g: r.g.slice(0, -1), extra: r.extra + DOT_MATRIX_CONFUSION_COST })));
      for (const { g, extra } of readings) {
        if (g.length === 0) continue;
        for (const f of dotMatrixForms) {
          if (Math.abs(f.glyphs.length - g.length) > 2) continue;
          if (f.field === 'lot' && !lotEndOk) continue;
          // The first glyph of a key may be lost (faint drops where the coder starts a line, or left out of
          // the line's box: "OT:" for LOT, "FG" for MFG; seed 840001), at the cost of a confusion, when the
          // glyphs left are the rest of the key but for confusions ("ROAD" is no PROD). Only for the keys
          // this function returns (a lot, a date): a supplier's "MFR" less its M came as close to "PR00" as PROD.
          const leadMayGo = f.glyphs.length >= 3 && (f.field === 'lot' || f.field === 'productionDate' || f.field === 'expiryDate');
          const rest = leadMayGo ? editDistance(g, f.glyphs.slice(1), dotMatrixSubstitutionCost) : Infinity;
          const lostLead = rest <= 2 * DOT_MATRIX_CONFUSION_COST ? rest + DOT_MATRIX_CONFUSION_COST : Infinity;
          const cost = Math.min(editDistance(g, f.glyphs, dotMatrixSubstitutionCost), lostLead) + runOn + extra;
          const fit: Fit = { alias: f.alias, cost, max: dotMatrixKeyMaxCost(f.glyphs.length), end, sameLength: f.glyphs.length === g.length && g.length <= 4 };
          // Equal cost: the longer key, so a filler word ("LUT : NO.") is part of it.
          const better = (had: Fit | undefined): boolean => !had || cost < had.cost || (cost === had.cost && end > had.end);
          if (better(best.get(f.field))) best.set(f.field, fit);
          if (datedEnd && isDateField(f.field) && better(bestDated.get(f.field))) bestDated.set(f.field, fit);
        }
      }
    }
    // A part number key ("REF") does not compete: date coders do not print one, and "BEE"
    // lies as close to REF (B/R, E/F) as to BBE. The value must be a date either way.
    const all = [...best.entries()].filter(([f]) => f !== 'partNumber').sort((a, b) => a[1].cost - b[1].cost);
    // A date after a date field's key ends it: the other fields' keys do not compete then, as a lot,
    // serial or GTIN key is followed by no date ("USE B21SEP26" is as close to USE BY as to the lot key
    // Ch.-B., "IFD 10/2025" to MFD as to UPC; seed 850002). The date field must still fit best of the two,
    // and its key must fit within its bound: "L OT 66 1092" (LOT, its T's drops apart) is no DOM at two plain
    // edits, though "66 10" begins like a date, so its lot key stands (seed 910006).
    // Each date field competes then with its best key end that a date follows: a shorter end of another
    // alias may fit closer ("U5E" is as close to BBE as "U5E B" to USE BY once 5 and B are a confusion).
    const datedFits = [...bestDated.entries()].sort((a, b) => a[1].cost - b[1].cost);
    const dated = datedFits.some(([, v]) => v.cost <= v.max);
    const ranked = dated ? datedFits : all;
    const [field, fit] = ranked[0] ?? [];
    if (!field || !fit) return undefined;
    // Date fields, whose value grammar confirms the key, and lot keys at half the cost and twice the
    // margin with a digit in the value's first token. Lot keys were left out while dot-matrix lines
    // were read from the merged drops alone (seed 23001: the 8 lots found beside garbled keys were all
    // misread); read from the drop grid too, 7 of the 12 such lots were right (seed 24001).
    const lot = field === 'lot';
    if (!lot && field !== 'productionDate' && field !== 'expiryDate') return undefined;
    // A short lot key (≤ 4 glyphs) of the alias's length may also be one plain substitution off ("LOY", "LGT"
    // for LOT: glyphs of coder fonts other than the ones the confusion groups were read off; seed 810002); a
    // longer or shorter one may not ("LOTION" is a word, not LOT NO.).
    const max = lot ? (fit.sameLength ? Math.max(fit.max / 2, 1) : fit.max / 2) : fit.max;
    const margin = lot ? 2 * DOT_MATRIX_KEY_MARGIN : DOT_MATRIX_KEY_MARGIN;
    if (fit.cost > max || (ranked[1] !== undefined && ranked[1][1].cost - fit.cost < margin)) return undefined;
    const sep = SEPARATORS.exec(text.slice(fit.end))?.[0] ?? '';
    const read = text.slice(start, fit.end);
    return { field, alias: fit.alias, start, keyEnd: fit.end, valueStart: fit.end + sep.length, repair: `"${read}" read as ${fit.alias} (dot-matrix glyph confusions, cost ${fit.cost.toFixed(2)})`, needsValueGrammar: !lot };
  };

  /**
   * On a dot-matrix line, the filler word `NO` of a key garbled into two other letters (`NC`, `HC`, `MD`:
   * confusions of that print, see {@link dotMatrixSubstitutionCost}) with its period lost, between the key
   * and a value holding a digit; `''` for any other text. Left in, it was read as the start of the
   * value (`LOT NC 4283MN` → lot `NC4283MN`; seeds 840003, 850002).
   */
  const garbledFiller = (afterKey: string): string => {
    const m = KEY_TAIL_WORD.exec(afterKey);
    if (!m || aliasWords.has(m[1]!.toUpperCase())) return '';
    const word = m[1]!.toUpperCase();
    return ['NO', 'NR'].some((f) => editDistance(word, f, dotMatrixSubstitutionCost) <= 2 * DOT_MATRIX_CONFUSION_COST) ? m[0] : '';
  };

  const exactHits = (text: string, dotMatrix: boolean): KeyHit[] => {
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
          // A key read without a single letter is a number ("107" is not LOT, "EYR 107-1" is a type).
          if (!/\p{L}/u.test(m[0]) && /\p{L}/u.test(entry.alias)) continue;
          const keyEnd = start + m[0].length;
          const next = text[keyEnd];
          // A key may run straight into a digit when it cannot be part of the value:
          // three or more letters (LOT24B), or a slashed key (L/N135758) — but not an
          // unpunctuated "No"/"Nr" ("SER NO99755W" is SER + NO99755W or SER NO + 99755W).
          // A filler with its period ("LOT NG.70B936") may run into a digit too.
          const distinctive = (entry.letters >= 3 || /[^\p{L}\p{N}]/u.test(m[0])) && !/N[O0R]$/i.test(m[0]);
          const followOk = next === undefined || !/[\p{L}\p{N}]/u.test(next)
            || (distinctive && /[0-9]/.test(next) && /[\p{L}.]/u.test(text[keyEnd - 1] ?? ''))
            || (distinctive && /\p{L}/u.test(text[keyEnd - 1] ?? '') && DOUBLED_COLON.test(text.slice(keyEnd)));
          // A line-start key is a common word ("Date", "Before"): with text after it, that
          // text must hold a digit ("Before use, shake well" is an instruction, not a date).
          const rest = text.slice(keyEnd);
          // A key read with another letter in place of one of its own (not a digit for a letter, as in
          // "L0T") and joined to what follows by a bare hyphen is the head of an identifier: "IOS-7884"
          // is a part number, not the key Los (generated seed 930002).
          if (/^-[\p{L}\p{N}]/u.test(rest) && otherLetter(m[0], entry.alias)) continue;
          if (followOk && (!entry.lineStart || rest.trim() === '' || /[0-9]/.test(rest))) {
            found = { entry, keyEnd };
            break;
          }
        }
        if (found) break;
      }
      if (!found) continue;
      const { entry, keyEnd } = found;
      // A colon read as "1" or "I" right after the key, then the colon itself ("L0T1: 504940").
      const sep = (DOUBLED_COLON.exec(text.slice(keyEnd)) ?? SEPARATORS.exec(text.slice(keyEnd)))?.[0] ?? '';
      // A garbled filler word ends the key where a colon follows it ("LOT NC : 37N801" is
      // "LOT NO: 37N801"). Spacing at the colon tells it from a value with colons (MAC
      // address "AB:CD:EF:…"), which has none.
      // Not across a column gap, and never when the "tail" is itself a key ("LOT EXP: 2028").
      const rest = text.slice(keyEnd + sep.length);
      const acrossColumn = /\s{2,}/.test(sep);
      const tailMatch = acrossColumn ? null : KEY_TAIL.exec(rest);
      const tail = tailMatch && !aliasWords.has(tailMatch[1]!.toUpperCase()) ? tailMatch[0]
        : !acrossColumn && dotMatrix && entry.field === 'lot' && !/\bN[OR]\b/i.test(entry.alias) ? garbledFiller(rest) : '';
      const valueStart = keyEnd + sep.length + tail.length;
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

  return (text: string, chars?: readonly RecognizedChar[], options: KeyMatchOptions = {}): KeyHit[] => {
    const hits = exactHits(text, options.dotMatrix ?? false);
    const first = text.search(/\S/);
    if (first < 0 || hits.some((h) => h.start === first)) return hits;
    // A dot-matrix key that stands on its own (a lot key, see `dotMatrixAtLineStart`) goes before one
    // found through the recogniser's alternatives, which needs a value grammar a lot does not have.
    const dotKey = options.dotMatrix ? dotMatrixAtLineStart(text, options.startsWithDate) : undefined;
    const fuzzy = fuzzyAtLineStart(text)
      ?? (dotKey && !dotKey.needsValueGrammar ? dotKey : undefined)
      ?? (chars && chars.length === text.length ? alternativeAtLineStart(text, chars) : undefined)
      ?? (options.dotMatrix ? undefined : thinLetterLostAtLineStart(text))
      ?? dotKey;
    if (!fuzzy) return hits;
    // The fuzzy key's own text and its value's first token are not searched for keys.
    const firstToken = /^\S*/.exec(text.slice(fuzzy.valueStart))?.[0] ?? '';
    const until = fuzzy.valueStart + firstToken.length;
    return [fuzzy, ...hits.filter((h) => h.start >= until)];
  };
}
