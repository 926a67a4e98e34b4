import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createKeyMatcher, DEFAULT_FIELD_KEYS, dotMatrixKeyMaxCost, dotMatrixSubstitutionCost, editDistance, fuzzyKeyMaxEdits } from './key-lexicon.js';
import { createSyntheticLine } from './test-support/synthetic-line.js';
import { parseDateCode } from './date-code.js';

const match = createKeyMatcher(DEFAULT_FIELD_KEYS);
const fields = (text: string): string[] => match(text).map((h) => h.field);

describe('key matcher: garbled keys', () => {
  test('editDistance counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('SERIAT', 'SERIAL'), 1);
    assert.equal(editDistance('ERIAL', 'SERIAL'), 1);
    assert.equal(editDistance('BESN', 'BESTNR'), 2);
    assert.equal(editDistance('', 'ABC'), 3);
    assert.equal(editDistance('LOT', 'LOT'), 0);
  });

  test('edits allowed grow with the alias length; short keys get none', () => {
    assert.deepEqual([3, 4, 5, 9, 10, 12].map(fuzzyKeyMaxEdits), [0, 0, 1, 1, 2, 2]);
  });

  test('a key one edit off at the line start is found, with its value range', () => {
    for (const [text, field, value] of [
      ['SERIA: 4711', 'serial', '4711'],
      ['erial No. 4711', 'serial', '4711'],
      ['Seriat N. K572G1935', 'serial', 'K572G1935'],
      ['Art-r. 620959X', 'partNumber', '620959X'],
      ['BRTCH 011880', 'lot', '011880'],
      // Digits read for key letters count as those letters.
      ['BFST-5EF0RE 2029-08-11', 'expiryDate', '2029-08-11'],
      ['USE 6Y -19.03.2029', 'expiryDate', '19.03.2029'],
      ['Expiratlon Date: 2028-04', 'expiryDate', '2028-04'],
    ] as const) {
      const hits = match(text);
      assert.equal(hits[0]?.field, field, text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
  });

  test('"No." after a key, misread with its period ("NC.", "HO.", "MO."), is part of the key; a misread day is not', () => {
    for (const [text, value] of [['LOT NC. K391160', 'K391160'], ['LOT : HO. L02S043S', 'L02S043S'], ['LOT MO. E144623', 'E144623'], ['LOT No. 4711', '4711'], ['LOT : NO, 4476J0', '4476J0'], ['LOT NC, K391160', 'K391160']] as const) {
      const hits = match(text);
      assert.equal(hits[0]?.field, 'lot', text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
    const hit = match('EXP 1O.05.2028')[0];
    assert.equal(hit?.field, 'expiryDate');
    assert.equal('EXP 1O.05.2028'.slice(hit!.valueStart), '1O.05.2028');
    const underscore = 'BATCH_ DD28A32';
    assert.equal(underscore.slice(match(underscore)[0]!.valueStart), 'DD28A32', 'an underscore after a key is a separator');
  });

  test('a key alone on its line (value below or to the right) is found too', () => {
    assert.deepEqual(fields('Seriat N.'), ['serial']);
  });

  test('no fuzzy key inside a line, on short keys, on words two edits off, or on digits', () => {
    assert.deepEqual(fields('Made in Seria 12'), []);
    assert.deepEqual(fields('PRC 12.2025'), []);
    assert.deepEqual(fields('Modem 4711'), []);
    assert.deepEqual(fields('Atlas Drives'), []);
    assert.deepEqual(fields('Rhein Kompressoren'), []);
    assert.deepEqual(fields('THIS SIDE UP'), []);
    assert.deepEqual(fields('12 X500 g'), []);
    // Longer words, words with fewer parts than the key, prose after the word, two edits on a short key.
    for (const text of ['Charger 12V', 'Batches 12', 'Materials 4711', 'Lotto 6 aus 49', 'Artikel 4711', 'Supplied by ACME GmbH', 'Quality 1A', 'Lieferung 12']) {
      assert.deepEqual(fields(text), [], text);
    }
    assert.deepEqual(fields('S8TCHIC1P475'), []);
    // One edit from both "Manufactured" (production date) and "Manufacturer" (supplier): no evidence for either.
    assert.deepEqual(fields('Manufacturex 4711'), []);
  });

  test('a garbled filler word before a spaced colon is part of the key; a value with colons is not', () => {
    const t = 'LOT NC : 37N801';
    assert.equal(t.slice(match(t)[0]!.valueStart), '37N801');
    assert.deepEqual(fields('LOT     EXP: 2028-04'), ['lot', 'expiryDate']);
    const mac = 'S/N AB:CD:EF:12:34:56';
    assert.equal(mac.slice(match(mac)[0]!.valueStart), 'AB:CD:EF:12:34:56');
  });

  test('a key read without a single letter is a number: "107" in a type designation is not LOT; "L0T" still is', () => {
    assert.deepEqual(fields('EYR 107-1'), []);
    assert.deepEqual(fields('Type 107 B'), []);
    assert.deepEqual(fields('L0T 24B1187'), ['lot']);
    assert.deepEqual(fields('5/N 8842'), ['serial']);
  });

  test('PRD (inkjet date codes) is a production-date key', () => {
    const hits = match('PRD-07 DEC-2024');
    assert.equal(hits[0]?.field, 'productionDate');
    assert.equal('PRD-07 DEC-2024'.slice(hits[0]!.valueStart), '07 DEC-2024');
  });

  test('a period read as a comma between key parts still matches', () => {
    assert.deepEqual(fields('Mat,-Nr:D236120-73'), ['partNumber']);
  });

  test('a space read into the punctuation between key parts still matches ("Ch. -B.:", "Art. -Nr.")', () => {
    for (const [text, field, value] of [['Ch. -B.: 89W353', 'lot', '89W353'], ['Art. -Nr. 4711-08', 'partNumber', '4711-08']] as const) {
      const hits = match(text);
      assert.equal(hits[0]?.field, field, text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
    // Four marks between the parts are no longer one key.
    assert.deepEqual(fields('Ch. - -B. 89W353'), []);
  });

  test('an exact key at the line start wins; later keys on the line are kept', () => {
    assert.deepEqual(fields('LOT A100  EXP 04/2028'), ['lot', 'expiryDate']);
    assert.deepEqual(fields('Seriat N. K57  EXP 04/2028'), ['serial', 'expiryDate']);
  });
});

describe('key matcher: keys read with one wrong letter, confirmed by the recogniser\'s alternatives', () => {
  const withAlts = (text: string, alternatives: Record<number, { char: string; p: number }[]>) => createSyntheticLine(text, { alternatives }).chars;

  test('a letter listed among the alternatives repairs the key (EXF → EXP, XFG → MFG, Mfo → Mfd)', () => {
    for (const [text, at, alts, field, value] of [
      ['EXF RPR 2028', 2, [{ char: 'F', p: 0.82 }, { char: 'P', p: 0.14 }], 'expiryDate', 'RPR 2028'],
      ['XFG 2924-02-17', 0, [{ char: 'X', p: 0.27 }, { char: 'M', p: 0.18 }, { char: 'Z', p: 0.1 }], 'productionDate', '2924-02-17'],
      ['NFG: 01.04.2024', 0, [{ char: 'N', p: 0.74 }, { char: 'M', p: 0.21 }], 'productionDate', '01.04.2024'],
      // A table header alone on its line, its value in the cell below.
      ['Mfo', 2, [{ char: 'o', p: 0.76 }, { char: 'c', p: 0.07 }, { char: 'd', p: 0.03 }], 'productionDate', ''],
      ['LDT 47I924', 1, [{ char: 'D', p: 0.52 }, { char: '0', p: 0.21 }, { char: 'O', p: 0.19 }], 'lot', '47I924'],
    ] as const) {
      const hits = match(text, withAlts(text, { [at]: [...alts] }));
      assert.equal(hits[0]?.field, field, text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
      assert.equal(hits[0]?.needsValueGrammar, true, text);
      assert.match(hits[0]?.repair ?? '', /read as .*position \d: .→./, text);
    }
  });

  test('without the letter among the alternatives, or with it far below the top-1, there is no key', () => {
    assert.deepEqual(match('EXF 2029-06-18', withAlts('EXF 2029-06-18', {})), []);
    assert.deepEqual(match('EXF 2029-06-18', withAlts('EXF 2029-06-18', { 2: [{ char: 'F', p: 0.94 }, { char: 'f', p: 0.05 }, { char: 'P', p: 0.0016 }] })), []);
    // Without characters (a caller that has only text) nothing changes.
    assert.deepEqual(match('EXF 2029-06-18'), []);
  });

  test('two-letter keys only for dates, whose value grammar confirms them; one wrong letter only', () => {
    const bs = 'BS 01 JAN 2027';
    assert.equal(match(bs, withAlts(bs, { 1: [{ char: 'S', p: 0.36 }, { char: 'B', p: 0.3 }] }))[0]?.field, 'expiryDate');
    const sm = 'SM 4711';
    assert.deepEqual(match(sm, withAlts(sm, { 1: [{ char: 'M', p: 0.6 }, { char: 'N', p: 0.3 }] })), []);
    const two = 'EFR 2028';
    assert.deepEqual(match(two, withAlts(two, { 1: [{ char: 'F', p: 0.6 }, { char: 'X', p: 0.3 }], 2: [{ char: 'R', p: 0.6 }, { char: 'P', p: 0.3 }] })), []);
  });

  test('a short date key with a thin small letter lost ("Md" for Mfd) needs its date; capitals and other words do not count', () => {
    for (const [text, alias, value] of [['Md', 'MFD', ''], ['Md: JAN 2024', 'MFD', 'JAN 2024'], ['Pod 12.03.2025', 'PROD', '12.03.2025']] as const) {
      const hits = match(text);
      assert.equal(hits[0]?.field, 'productionDate', text);
      assert.equal(hits[0]?.alias, alias, text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
      assert.equal(hits[0]?.needsValueGrammar, true, text);
      assert.match(hits[0]?.repair ?? '', /its [fr] lost/, text);
    }
    // "MD" in capitals: a printed capital F is no thin stroke. "Mid": no alias lacks just one letter of it.
    // A word after the key is prose, not a date. On a dot-matrix line the rule does not apply.
    for (const text of ['MD 03.2025', 'Mid 03.2025', 'Md ABC']) assert.deepEqual(match(text), [], text);
    assert.deepEqual(match('Md 03.2025', undefined, { dotMatrix: true }), []);
  });

  test('a key read with another letter and joined to a value by a bare hyphen is an identifier ("IOS-7884" is no Los)', () => {
    assert.deepEqual(match('IOS-7884'), []);
    // A digit read for a key letter, a separator other than the hyphen, or the key as printed still count.
    for (const [text, value] of [['L0T-7884', '7884'], ['LOS-7884', '7884'], ['IOS 7884', '7884'], ['Los-Nr.: GC98V07', 'GC98V07']] as const) {
      const hits = match(text);
      assert.equal(hits[0]?.field, 'lot', text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
    // A slash read as I is no other letter: "PIN-1234" is P/N.
    for (const [text, value] of [['PIN-1234', '1234']] as const) {
      const hits = match(text);
      assert.equal(hits[0]?.field, 'partNumber', text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
  });

  test('a value that is prose, not a code, gives no key', () => {
    const t = 'LDT of goods';
    assert.deepEqual(match(t, withAlts(t, { 1: [{ char: 'D', p: 0.52 }, { char: 'O', p: 0.4 }] })), []);
  });

  test('a capital after a small letter starts a word where OCR lost the space ("SerilNo.")', () => {
    assert.deepEqual(fields('SerilNo. SA003468'), ['serial']);
  });

  test('a line starting with "Before" and a date is the second half of a split "Best before"', () => {
    assert.deepEqual(fields('BEFORE 21 OCT 2030'), ['expiryDate']);
    assert.deepEqual(fields('Use before 21 OCT 2030'), ['expiryDate']);
    // An instruction, not a date: a line-start key needs a digit after it (or nothing).
    assert.deepEqual(fields('BEFORE USE SHAKE WELL'), []);
    assert.deepEqual(fields('Date of issue unknown'), []);
    assert.deepEqual(fields('Date'), ['productionDate']);
  });
});

describe('key matcher: slashed keys', () => {
  test('a dot at the foot of the slash read as "_" ("i_/N") still separates L/N', () => {
    const t = 'i_/N D15260J';
    assert.equal(match(t)[0]?.field, 'lot');
    assert.equal(t.slice(match(t)[0]!.valueStart), 'D15260J');
    assert.deepEqual(fields('IN_ 4711'), []);
  });

  test('a slash beside a stray thin stroke ("L/lN", "S|/N") still separates a slashed key', () => {
    for (const [t, field] of [['L/lN 63054-89', 'lot'], ['S|/N 88123', 'serial'], ['P/1N 4711-A', 'partNumber']] as const) {
      assert.equal(match(t)[0]?.field, field, t);
      assert.match(t.slice(match(t)[0]!.valueStart), /^[0-9]/, t);
    }
    // Two strokes with no slash are no key.
    assert.deepEqual(fields('LllN 4711'), []);
  });
});

describe('key matcher: keys garbled by dot-matrix print (dot-matrix lines only)', () => {
  const dm = { dotMatrix: true };

  test('glyph confusions of merged dots ("8B", "FROD", "MFO") key a date field, which its value must confirm', () => {
    for (const [text, field, value] of [
      ['8B 08/2030', 'expiryDate', '08/2030'],
      ['B8 04.03.2027', 'expiryDate', '04.03.2027'],
      ['88 07/2829', 'expiryDate', '07/2829'],
      ['FROD 27.05.2025', 'productionDate', '27.05.2025'],
      ['PR00 2026-04-04 09:10', 'productionDate', '2026-04-04 09:10'],
      ['MFO 2025/03/28 21:02', 'productionDate', '2025/03/28 21:02'],
      ['LSE eY 14 JUL 2028', 'expiryDate', '14 JUL 2028'],
      // The key runs into its value, a digit of the key included ("MF6" + "2825").
      ['MF62825-07-31', 'productionDate', '2825-07-31'],
    ] as const) {
      const hits = match(text, undefined, dm);
      assert.equal(hits[0]?.field, field, text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
      assert.equal(hits[0]?.needsValueGrammar, true, text);
      assert.match(hits[0]?.repair ?? '', /read as .*dot-matrix/, text);
    }
  });

  test('a lot key\'s filler NO garbled into two letters of its confusions is left out of the value; other words stay', () => {
    for (const [text, value] of [
      ['LOT NC 4283MN', '4283MN'],
      ['LOT HC 321560', '321560'],
      ['BATCH MD 4711', '4711'],
      // Not the filler: letters of no confusion with NO, no digit after, or a key's own filler already read.
      ['LOT AB 12345', 'AB 12345'],
      ['LOT HC XYZ', 'HC XYZ'],
      ['LOT NO. NC 12', 'NC 12'],
    ] as const) {
      const hits = match(text, undefined, dm);
      assert.equal(hits[0]?.field, 'lot', text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
    // Solid print keeps the word: there it is no garbled filler.
    assert.equal('LOT NC 4283MN'.slice(match('LOT NC 4283MN')[0]!.valueStart), 'NC 4283MN');
  });

  test('the same lines not in dot-matrix print are read as before', () => {
    for (const text of ['8B 08/2030', 'FROD 27.05.2025', 'MF62825-07-31', 'PR00 2026-04-04']) assert.deepEqual(fields(text), [], text);
  });

  test('prose at a line start, two fields equally close, and lot keys far off give no key', () => {
    for (const text of ['FED 12.03.2026', 'BED 2027', 'MADE 2024', 'PAGE 12', 'BEST 2 PACK', 'USE 12 PCS', 'ROAD 12',
      // One edit from PRD (production date) and from PN (part number): no evidence for either.
      'PRN 2026-01-01',
      // A lot has no value grammar to confirm a garbled key: two plain edits off (LXY for LOT), no digit
      // in the value, or a key run into its value is not taken.
      'LXY: LK95H39', 'LCT ABCDEF', 'LCT93U804']) {
      assert.deepEqual(match(text, undefined, dm), [], text);
    }
    // Nothing after the key that could be a value.
    assert.deepEqual(match('8B', undefined, dm), []);
    assert.deepEqual(match('FROD FRESH', undefined, dm), []);
  });

  test('a lot key within two glyph confusions (or, as long as a short alias, one plain substitution), clear of every other key, with a digit in its value', () => {
    for (const [text, value] of [['LCT 93U804', '93U804'], ['L/M 710643', '710643'], ['LQT: 829669', '829669'], ['LOY 0798QQ', '0798QQ'], ['LGT: L79M7146', 'L79M7146']] as const) {
      const hits = match(text, undefined, dm);
      assert.equal(hits[0]?.field, 'lot', text);
      assert.equal(hits[0]?.needsValueGrammar, false, text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
  });

  test('a T whose top bar came out faint reads as 1 ("L01:", "101" for LOT)', () => {
    for (const [text, value] of [['L01:602422', '602422'], ['101 98788-06', '98788-06']] as const) {
      const hits = match(text, undefined, dm);
      assert.equal(hits[0]?.field, 'lot', text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
      assert.deepEqual(match(text), [], `${text}, not dot-matrix`);
    }
    assert.equal(dotMatrixSubstitutionCost('T', '1'), dotMatrixSubstitutionCost('O', '0'));
  });

  test('a mark read for a key letter ("LO!:") belongs to the key: the key does not end before it', () => {
    // Seed 920002: ending at "LO", the key came as near UPC (1.75) as to LOT (1), and no key was clear.
    for (const [text, value] of [['LO!: BD68U41', 'BD68U41'], ['LO| 7017FA', '7017FA']] as const) {
      const hits = match(text, undefined, dm);
      assert.equal(hits[0]?.field, 'lot', text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
  });

  test('a lot key garbled together with its filler word ("LCT HO.") is found, not lost to the shorter fit "LCT" whose value would be "HO."', () => {
    for (const [text, value] of [['LCT HO. MQ43380', 'MQ43380'], ['LCT NC 737707', '737707']] as const) {
      const hits = match(text, undefined, dm);
      assert.equal(hits[0]?.field, 'lot', text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
  });

  test('a stray thin mark read as a glyph glued to the key ("1LOT", "IL/N", "IHFG:") is left out', () => {
    for (const [text, field, value] of [['1LOT 0979SD', 'lot', '0979SD'], ['IL/N 76V459', 'lot', '76V459'], ['IHFG: 23-JAN 2024', 'productionDate', '23-JAN 2024']] as const) {
      const hits = match(text, undefined, dm);
      assert.equal(hits[0]?.field, field, text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
    // Not on other print, and not a lot key two plain edits off behind the mark.
    assert.deepEqual(match('1LOT 0979SD'), []);
    assert.deepEqual(match('IL0X 0979SD', undefined, dm), []);
  });

  test('a key whose first glyph was lost ("OT:", "_OT:", "FG") is read when the rest is the key but for confusions', () => {
    for (const [text, field, value] of [['OT: L46G5868', 'lot', 'L46G5868'], ['_OT: 0546XO', 'lot', '0546XO'], ['FG 2024/06/03 23:47', 'productionDate', '2024/06/03 23:47'], ['XF 12.2027', 'expiryDate', '12.2027']] as const) {
      const hits = match(text, undefined, dm);
      assert.equal(hits[0]?.field, field, text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
    // Not on other print; not with a plain edit more ("ROAD" for PROD, "QT" for LOT); not for a lot
    // value without a digit.
    assert.deepEqual(match('OT: L46G5868'), []);
    for (const text of ['ROAD 12', 'ROAD 2026-01-01', 'QT 028065', 'OT: ABCDEF']) assert.deepEqual(match(text, undefined, dm), [], text);
  });

  test('a B with drops lost on its left reads as 5 or S ("5B", "SB" for BB), which the date value must confirm', () => {
    for (const text of ['5B 2027-02-17', 'SB 2027-02-17']) {
      const hits = match(text, undefined, dm);
      assert.equal(hits[0]?.field, 'expiryDate', text);
      assert.equal(hits[0]?.needsValueGrammar, true, text);
      assert.equal(text.slice(hits[0]!.valueStart), '2027-02-17', text);
      assert.deepEqual(match(text), [], `${text}, not dot-matrix`);
    }
  });

  test('a small letter read at a key\'s end ("LOTt") is a mark after it; a small l or i is a stem of the key', () => {
    const hits = match('LOTt DZ93Z27', undefined, dm);
    assert.equal(hits[0]?.field, 'lot');
    assert.equal('LOTt DZ93Z27'.slice(hits[0]!.valueStart), 'DZ93Z27');
    assert.deepEqual(match('LOTt DZ93Z27'), [], 'not dot-matrix');
    // "LOl" is LOT with its T read as a stem (one plain substitution), not "LO" and a mark.
    const stem = match('LOl:44D452', undefined, dm);
    assert.equal(stem[0]?.field, 'lot');
    assert.equal('LOl:44D452'.slice(stem[0]!.valueStart), '44D452');
    // A capital at the end is a glyph of the key: "LOTX" is two plain edits from nothing closer than LOT.
    assert.deepEqual(match('LOTX DZ93Z27', undefined, dm), []);
  });

  test('B and 8 merged into 3 or D read as BB ("B3", "8D"), which the date value must confirm', () => {
    for (const [text, value] of [['B3 02.2027', '02.2027'], ['8D 11/2028', '11/2028']] as const) {
      const hits = match(text, undefined, dm);
      assert.equal(hits[0]?.field, 'expiryDate', text);
      assert.equal(hits[0]?.needsValueGrammar, true, text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
  });

  test('an exact key is unchanged on a dot-matrix line', () => {
    const hits = match('EXP 08/2030', undefined, dm);
    assert.equal(hits[0]?.field, 'expiryDate');
    assert.equal(hits[0]?.needsValueGrammar, undefined);
    assert.equal(hits[0]?.repair, undefined);
  });

  test('a date after a garbled key leaves only the date fields to compete for it', () => {
    const startsWithDate = (v: string): boolean => parseDateCode(v.split(' ')[0]!).valid;
    for (const [text, field, value] of [
      ['IFD 10/2025', 'productionDate', '10/2025'], // as close to UPC (I/U, F/P, D/C) as to MFD
      // As close to the lot key Ch.-B. as to USE BY; and "U5E" alone, with no date after it, as close to BBE.
      ['U5E B21SEP26', 'expiryDate', '21SEP26'],
    ] as const) {
      assert.deepEqual(match(text, undefined, dm), [], text);
      const hits = match(text, undefined, { ...dm, startsWithDate });
      assert.equal(hits[0]?.field, field, text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
      assert.equal(hits[0]?.needsValueGrammar, true, text);
    }
    assert.deepEqual(match('IFD 4711X', undefined, { ...dm, startsWithDate }), [], 'no date, no evidence');
  });

  test('a part number key does not compete for a dot-matrix key: "BEE" is as close to REF as to BBE', () => {
    for (const text of ['BEE 2026/03/19', 'REE 03 MAY 2030']) {
      const hits = match(text, undefined, dm);
      assert.equal(hits[0]?.field, 'expiryDate', text);
      assert.equal(hits[0]?.needsValueGrammar, true, text);
      // Not on other print.
      assert.deepEqual(match(text), [], text);
    }
    // An exact REF stays a part number on a dot-matrix line.
    assert.equal(match('REF 2026/03/19', undefined, dm)[0]?.field, 'partNumber');
  });

  test('a lot value run into its key with a letter is not split off: where a garbled "No." or colon ends is not known', () => {
    for (const text of ['L0TW18174K', 'LOTH016713-59', 'LOTN01646830', 'LOTION 12']) assert.deepEqual(match(text, undefined, dm), [], text);
  });

  test('a colon read twice, once as "1" glued to the key ("L0T1: 504940"), is not part of the value', () => {
    for (const [text, value] of [['L0T1: 504940', '504940'], ['LOTI : 504940', '504940'], ['L0T1 8427507', '1 8427507'], ['LOT1234', '1234']] as const) {
      const hits = match(text);
      assert.equal(hits[0]?.field, 'lot', text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
  });

  test('a "No." whose O print closed into 0, D, U or G is a filler word ("LOT NG.70B936")', () => {
    for (const [text, value] of [['LOT NG.70B936', '70B936'], ['LOT N0. 4711', '4711'], ['LOT NG70B936', 'NG70B936'], ['LOT NX.70B936', 'NX.70B936']] as const) {
      const hits = match(text);
      assert.equal(hits[0]?.field, 'lot', text);
      assert.equal(text.slice(hits[0]!.valueStart), value, text);
    }
  });

  test('editDistance weighs substitutions with a cost function; dot-matrix confusions cost a quarter', () => {
    assert.equal(editDistance('8B', 'BB', dotMatrixSubstitutionCost), 0.25);
    assert.equal(editDistance('FROW', 'PROD', dotMatrixSubstitutionCost), 1.25);
    assert.equal(editDistance('XB', 'BB', dotMatrixSubstitutionCost), 1);
    // A zero closed into 8, 6 or 9; A and P.
    assert.deepEqual(['08', '06', '09', 'AP'].map(([x, y]) => dotMatrixSubstitutionCost(x!, y!)), [0.25, 0.25, 0.25, 0.25]);
    // Not other digits, and not P and B: "PR" would be as close to BB as "PR00" to PROD.
    assert.deepEqual(['07', '03', 'AB', 'PB'].map(([x, y]) => dotMatrixSubstitutionCost(x!, y!)), [1, 1, 1, 1]);
    assert.deepEqual([2, 3, 4, 10].map(dotMatrixKeyMaxCost), [0.5, 1, 1.25, 2.75]);
  });
});
