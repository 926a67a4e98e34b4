import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Check, DecodedCode } from '../core/types.js';
import { extractFields } from './extract-fields.js';
import { loadProfile, parseProfile } from './label-profile.js';
import { createSyntheticLine as line } from './test-support/synthetic-line.js';

const dataMatrix: DecodedCode = {
  format: 'DataMatrix', symbologyId: ']d2', text: '0109506000134352172804301' + '0L24B1187\u001d21SN00923', box: [400, 10, 80, 80],
  gs1: [{ ai: '01', value: '09506000134352' }, { ai: '17', value: '280430' }, { ai: '10', value: 'L24B1187' }, { ai: '21', value: 'SN00923' }],
};

function check(checks: readonly Check[], name: string, field?: string): Check | undefined {
  return checks.find((c) => c.name === name && (field === undefined || c.field === field));
}

describe('extractFields', () => {
  test('a full label: printed fields, a GS1 DataMatrix, cross-checked', () => {
    const lines = [
      line('S/N: SN00923', { v: 0 }), line('LOT L24B1187  EXP 04/2028', { v: 30 }), line('GTIN 09506000134352', { v: 60 }),
      line('QTY: 250 PCS', { v: 90 }), line('MFG 15.04.2026', { v: 120 }),
    ];
    const { fields, checks } = extractFields({ lines, codes: [dataMatrix] });
    assert.deepEqual(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v.value, v.source]])), {
      gtin: ['09506000134352', 'both'], lot: ['L24B1187', 'both'], serial: ['SN00923', 'both'],
      // The label prints the month only; the code's full date agrees at that precision.
      expiryDate: ['2028-04-30', 'both'],
      quantity: ['250', 'text'], productionDate: ['2026-04-15', 'text'],
    });
    for (const f of ['gtin', 'lot', 'serial', 'expiryDate']) assert.equal(check(checks, 'text-code-agree', f)?.ok, true, f);
    assert.equal(checks.filter((c) => !c.ok).length, 0, JSON.stringify(checks.filter((c) => !c.ok)));
    assert.equal(fields.serial?.raw, 'S/N: SN00923');
    assert.ok(fields.quantity!.confidence > 0.9 && fields.quantity!.confidence <= 1);
  });

  test('text and code disagree: the code wins and a failing check says so', () => {
    const { fields, checks } = extractFields({ lines: [line('LOT L24B1181')], codes: [dataMatrix] });
    assert.equal(fields.lot?.value, 'L24B1187');
    assert.equal(fields.lot?.source, 'code');
    const c = check(checks, 'text-code-mismatch', 'lot');
    assert.equal(c?.ok, false);
    assert.equal(c?.message, 'text "L24B1181" vs code "L24B1187"');
  });

  test('printed GS1 element string → fields, with a confusable repaired under the GS1 syntax', () => {
    const text = '(01)09506000134352(17)28O430(10)L24B1187';
    const at = text.indexOf('O');
    const { fields, checks } = extractFields({ lines: [line(text, { alternatives: { [at]: [{ char: 'O', p: 0.6 }, { char: '0', p: 0.35 }] } })], codes: [], referenceYear: 2026 });
    assert.equal(fields.gtin?.value, '09506000134352');
    assert.equal(fields.expiryDate?.value, '2028-04-30');
    assert.equal(fields.lot?.value, 'L24B1187');
    assert.equal(fields.lot?.source, 'text');
    assert.ok(check(checks, 'grammar-repair')?.message?.includes('O→0'));
    // Without grammar the misread date element fails GS1 validation and gives no expiry.
    const plain = extractFields({ lines: [line(text)], codes: [], grammar: false });
    assert.equal(plain.fields.expiryDate, undefined);
  });

  test('EAN-13 symbol → GTIN-14', () => {
    const { fields } = extractFields({ lines: [], codes: [{ format: 'EAN-13', symbologyId: ']E0', text: '4006381333931', box: [0, 0, 10, 10] }] });
    assert.deepEqual(fields.gtin && [fields.gtin.value, fields.gtin.source, fields.gtin.confidence], ['04006381333931', 'code', 1]);
  });

  test('HIBC and MH10 codes → fields via the scan parser; a failed check character makes them low-confidence', () => {
    const box = [0, 0, 10, 10] as const;
    const hibc = extractFields({ lines: [], codes: [{ format: 'DataMatrix', symbologyId: ']d1', text: '+A123BJC5D6E71G', box }] });
    assert.deepEqual({ supplier: hibc.fields.supplier?.value, partNumber: hibc.fields.partNumber?.value }, { supplier: 'A123', partNumber: 'BJC5D6E7' });
    assert.equal(hibc.fields.partNumber?.source, 'code');
    assert.equal(hibc.fields.partNumber?.status, 'ok');
    const bad = extractFields({ lines: [], codes: [{ format: 'DataMatrix', symbologyId: ']d1', text: '+A123BJC5D6E71H', box }] });
    assert.equal(bad.fields.partNumber?.status, 'low-confidence');
    assert.ok(bad.checks.some((c) => c.name === 'hibc-check-character' && !c.ok));
    const reel = extractFields({ lines: [], codes: [{ format: 'DataMatrix', symbologyId: ']d1', text: '[)>\u001e06\u001dP445-175186-1-ND\u001dSSN4711\u001d1TL2024-11\u001dQ250\u001e\u0004', box }] });
    assert.deepEqual(Object.fromEntries(Object.entries(reel.fields).map(([k, v]) => [k, v?.value])), { partNumber: '445-175186-1-ND', serial: 'SN4711', lot: 'L2024-11', quantity: '250' });
    // Plain data in a code (a URL, a free text) gives no field.
    assert.deepEqual(extractFields({ lines: [], codes: [{ format: 'QRCode', symbologyId: ']Q1', text: 'https://example.com/manual', box }] }).fields, {});
  });

  test('GTIN repaired from alternatives end to end; not invented when the alternative is far', () => {
    const near = extractFields({ lines: [line('GTIN: 095060O0134352', { alternatives: { 12: [{ char: 'O', p: 0.6 }, { char: '0', p: 0.35 }] } })], codes: [] });
    assert.equal(near.fields.gtin?.value, '09506000134352');
    assert.match(check(near.checks, 'gtin-check-digit', 'gtin')?.message ?? '', /repaired position 7: O→0/);
    const far = extractFields({ lines: [line('EAN 40063B1333931', { alternatives: { 9: [{ char: 'B', p: 0.97 }, { char: '8', p: 0.01 }] } })], codes: [] });
    // Not in contract form (13 characters, a letter, no valid check digit): left out, the raw text kept in a check.
    assert.equal(far.fields.gtin, undefined);
    assert.equal(check(far.checks, 'gtin-check-digit', 'gtin')?.ok, false);
    assert.match(check(far.checks, 'field-unreadable', 'gtin')?.message ?? '', /raw "EAN 40063B1333931"/);
  });

  test('contract form: an unparseable date or a short GTIN is never emitted; a sound field beside it still is', () => {
    const { fields, checks } = extractFields({ lines: [line('EXP 150C28', { v: 0 }), line('GTIN 17673967529', { v: 30 }), line('LOT A100', { v: 60 })], codes: [], referenceYear: 2026 });
    assert.deepEqual(Object.keys(fields), ['lot']);
    assert.equal(check(checks, 'date-valid', 'expiryDate')?.ok, false);
    assert.match(check(checks, 'field-unreadable', 'expiryDate')?.message ?? '', /raw "EXP 150C28": read "150C28", not a valid date/);
    assert.match(check(checks, 'field-unreadable', 'gtin')?.message ?? '', /raw "GTIN 17673967529".*not 14 digits/);
    // Top-1 mode keeps the same contract.
    const plain = extractFields({ lines: [line('EXP 150C28'), line('QTY 25O', { v: 30 })], codes: [], grammar: false });
    assert.deepEqual(plain.fields, {});
    assert.equal(check(plain.checks, 'field-unreadable', 'quantity')?.ok, false);
  });

  test('a garbled key at the line start still pairs; a near-miss shared by two fields or inside text does not', () => {
    const { fields } = extractFields({ lines: [line('Seriat N. K572G1935', { v: 0 }), line('Art,-Nr.7981-WP-936N', { v: 30 })], codes: [] });
    assert.equal(fields.serial?.value, 'K572G1935');
    assert.equal(fields.partNumber?.value, '7981-WP-936N');
    assert.equal(extractFields({ lines: [line('erial No: 4711AB')], codes: [] }).fields.serial?.value, '4711AB');
    // "Modem" is one edit from nothing in the lexicon; "Made in Serial Port" has no key at the line start.
    const none = extractFields({ lines: [line('Modem 4711'), line('Made in Seria 12', { v: 30 })], codes: [] });
    assert.deepEqual(none.fields, {});
  });

  test('a time of day after a date is not part of it', () => {
    const { fields } = extractFields({ lines: [line('PROD-2026/07/29-12: 34', { v: 0 }), line('EXP 19-SEP-2027 12:54:10', { v: 30 })], codes: [], referenceYear: 2026 });
    assert.equal(fields.productionDate?.value, '2026-07-29');
    assert.equal(fields.expiryDate?.value, '2027-09-19');
  });

  test('a date prefix that leaves the year behind is not taken ("07 : 07 : 2026" is not July 2007)', () => {
    // The colons have "." as a close-ish alternative, but the product of both repairs is not close.
    const alts = { 8: [{ char: ':', p: 0.76 }, { char: '.', p: 0.21 }], 13: [{ char: ':', p: 0.87 }, { char: '.', p: 0.12 }] };
    const { fields, checks } = extractFields({ lines: [line('PROD 07 : 07 : 2026 11:53', { alternatives: alts })], codes: [], referenceYear: 2026 });
    assert.equal(fields.productionDate, undefined);
    assert.equal(check(checks, 'field-unreadable', 'productionDate')?.ok, false);
    // A trailing note without a year still leaves the date: "2028-04 (YYYY-MM)".
    assert.equal(extractFields({ lines: [line('EXP 2028-04 (YYYY-MM)')], codes: [], referenceYear: 2026 }).fields.expiryDate?.value, '2028-04');
  });

  test('two different printed readings of one field → field-conflict', () => {
    const { fields, checks } = extractFields({ lines: [line('LOT A100', { v: 0, p: 0.9 }), line('Batch: A200', { v: 40, p: 0.97 })], codes: [] });
    assert.equal(fields.lot?.value, 'A200');
    assert.equal(check(checks, 'field-conflict', 'lot')?.ok, false);
  });

  test('a field read from a GS1 text line weighs its own element\'s glyphs, not the whole line\'s', () => {
    // The GTIN's sure digits once lifted "(10)CM19260", its 2 at 0.49 against a Z at 0.44, over the keyed
    // line's "CM19Z60" (dev seed 950002).
    const hri = '(01)09097224332681(10)CM19260';
    const at = hri.indexOf('CM19') + 4;
    const lines = [
      line('Lot: CM19Z60', { v: 0, p: 0.97, alternatives: { 9: [{ char: 'Z', p: 0.6 }, { char: '2', p: 0.28 }] } }),
      line(hri, { v: 40, p: 0.95, alternatives: { [at]: [{ char: '2', p: 0.49 }, { char: 'Z', p: 0.44 }] } }),
    ];
    const { fields, checks } = extractFields({ lines, codes: [] });
    assert.equal(fields.lot?.value, 'CM19Z60');
    assert.ok(fields.gtin && fields.gtin.confidence >= 0.95, `the GTIN keeps its own digits' confidence: ${fields.gtin?.confidence}`);
    assert.match(check(checks, 'field-conflict', 'lot')?.message ?? '', /also read "CM19260"/);
  });

  test('a month date lying in a day date of the same field is that date with its day lost: no conflict', () => {
    const { fields, checks } = extractFields({ lines: [line('BEST BEFORE 30 AUG 2027', { v: 0, p: 0.9 }), line('BEST BEFORE AUG 2027', { v: 40, p: 0.97 })], codes: [], referenceYear: 2026 });
    assert.equal(fields.expiryDate?.value, '2027-08-30');
    assert.equal(check(checks, 'field-conflict', 'expiryDate'), undefined);
    // Another month still conflicts, and the surer reading is kept.
    const other = extractFields({ lines: [line('BEST BEFORE 30 AUG 2027', { v: 0, p: 0.9 }), line('BEST BEFORE SEP 2027', { v: 40, p: 0.97 })], codes: [], referenceYear: 2026 });
    assert.equal(other.fields.expiryDate?.value, '2027-09');
    assert.equal(check(other.checks, 'field-conflict', 'expiryDate')?.ok, false);
  });

  test('profile: required fields, fields the label does not carry, extra keys, patterns', () => {
    const logistics = loadProfile('gs1-logistics');
    const r = extractFields({ lines: [line('COUNT 48'), line('BATCH/LOT 778', { v: 40 })], codes: [], profile: logistics });
    assert.equal(r.fields.quantity?.value, '48');
    assert.equal(r.fields.lot?.value, '778');
    assert.equal(check(r.checks, 'field-required', 'sscc')?.ok, false);

    const nameplate = loadProfile('generic-nameplate');
    assert.equal(extractFields({ lines: [line('GTIN 09506000134352')], codes: [], profile: nameplate }).fields.gtin, undefined);

    const custom = parseProfile({ name: 'acme', fields: { lot: { keys: ['Fertigungslos'], grammar: { pattern: '^L\\d{2}[A-Z]\\d{4}$' } } } });
    const printed = 'Fertigungslos: L2481187';
    const at = printed.indexOf('8');
    const c = extractFields({ lines: [line(printed, { alternatives: { [at]: [{ char: '8', p: 0.6 }, { char: 'B', p: 0.3 }] } })], codes: [], profile: custom });
    assert.equal(c.fields.lot?.value, 'L24B1187');
  });

  test('ECIA reel profile reads a YYWW date code', () => {
    const r = extractFields({ lines: [line('D/C: 2615'), line('MPN: LM317T', { v: 30 })], codes: [], profile: loadProfile('ecia-reel'), referenceYear: 2026 });
    assert.equal(r.fields.productionDate?.value, '2026-W15');
    assert.equal(r.fields.partNumber?.value, 'LM317T');
  });

  test('nothing recognisable → no fields, no checks', () => {
    assert.deepEqual(extractFields({ lines: [line('MADE IN GERMANY'), line('CE')], codes: [] }), { fields: {}, checks: [] });
  });
});

describe('extractFields: OCR noise in keys, month names and separators (inkjet line shapes)', () => {
  test('"EXF RPR 2028": key and month one letter off, both repaired from the alternatives and reported', () => {
    const printed = 'EXF RPR 2028';
    const { fields, checks } = extractFields({
      lines: [line(printed, { alternatives: { 2: [{ char: 'F', p: 0.82 }, { char: 'P', p: 0.14 }], 4: [{ char: 'R', p: 0.68 }, { char: 'A', p: 0.18 }] } })],
      codes: [], referenceYear: 2026,
    });
    assert.equal(fields.expiryDate?.value, '2028-04');
    assert.equal(fields.expiryDate?.status, 'ok');
    const repairs = checks.filter((c) => c.name === 'grammar-repair' && c.field === 'expiryDate').map((c) => c.message ?? '');
    assert.ok(repairs.some((m) => /key "EXF" read as EXP/.test(m)), JSON.stringify(repairs));
    assert.ok(repairs.some((m) => /R→A/.test(m)), JSON.stringify(repairs));
  });

  test('a table header "Md" (Mfd, its f lost) keys the date under it, and no value that is not a date', () => {
    const table = (below: string) => [
      line('Serial No.', { u: 10, v: 0 }), line('Md', { u: 250, v: 0 }),
      line('76255I59', { u: 10, v: 30 }), line(below, { u: 250, v: 30 }),
    ];
    const { fields, checks } = extractFields({ lines: table('JAN 2024'), codes: [], referenceYear: 2026 });
    assert.equal(fields.productionDate?.value, '2024-01');
    assert.equal(fields.serial?.value, '76255I59');
    assert.ok(checks.some((c) => c.name === 'grammar-repair' && c.field === 'productionDate' && /"Md" read as MFD/.test(c.message ?? '')), JSON.stringify(checks));
    assert.equal(extractFields({ lines: table('LU-731'), codes: [], referenceYear: 2026 }).fields.productionDate, undefined);
  });

  test('"MFG1-30.03.2025" and "EXP:E05/2028": separator noise between key and value', () => {
    const { fields } = extractFields({
      lines: [
        line('MFG1-30.03.2025', { alternatives: { 3: [{ char: '1', p: 0.94 }, { char: ':', p: 0.014 }] } }),
        line('EXP:E05/2028', { v: 30, alternatives: { 4: [{ char: 'E', p: 0.35 }, { char: '-', p: 0.33 }] } }),
      ],
      codes: [], referenceYear: 2026,
    });
    assert.equal(fields.productionDate?.value, '2025-03-30');
    assert.equal(fields.expiryDate?.value, '2028-05');
  });

  test('"XFG 2924-02-17": key and year repaired only because the recogniser lists M and 0', () => {
    const printed = 'XFG 2924-02-17';
    const x = [{ char: 'X', p: 0.27 }, { char: 'M', p: 0.18 }];
    const nine = [{ char: '9', p: 0.94 }, { char: '8', p: 0.035 }, { char: '0', p: 0.0157 }];
    const r = extractFields({ lines: [line(printed, { alternatives: { 0: x, 5: nine } })], codes: [], referenceYear: 2026 });
    assert.equal(r.fields.productionDate?.value, '2024-02-17');
    assert.equal(r.fields.productionDate?.status, 'ok');
    // No M among the alternatives: no key, no field.
    assert.equal(extractFields({ lines: [line(printed, { alternatives: { 5: nine } })], codes: [], referenceYear: 2026 }).fields.productionDate, undefined);
  });

  test('a key found through the alternatives needs a value that satisfies the field grammar', () => {
    const r = extractFields({ lines: [line('BS 4711', { alternatives: { 1: [{ char: 'S', p: 0.36 }, { char: 'B', p: 0.3 }] } })], codes: [], referenceYear: 2026 });
    assert.deepEqual(r, { fields: {}, checks: [] });
    // A free-form lot has no grammar to confirm the key: "LDT" stays unread, unless a
    // profile gives the lot a pattern the value satisfies.
    const ldt = line('LDT 47T924', { alternatives: { 1: [{ char: 'D', p: 0.52 }, { char: 'O', p: 0.19 }] } });
    assert.equal(extractFields({ lines: [ldt], codes: [] }).fields.lot, undefined);
    const profile = parseProfile({ name: 'lots', fields: { lot: { grammar: { pattern: '^\\d{2}[A-Z]\\d{3}$' } } } });
    assert.equal(extractFields({ lines: [ldt], codes: [], profile }).fields.lot?.value, '47T924');
  });

  test('"BEST BEFORE OE FUE 2929": no reading close to a date, nothing is invented', () => {
    const r = extractFields({ lines: [line('BEST BEFORE OE FUE 2929')], codes: [], referenceYear: 2026 });
    assert.equal(r.fields.expiryDate, undefined);
    assert.equal(r.checks.find((c) => c.name === 'field-unreadable')?.field, 'expiryDate');
  });

  test('"BES" | "BEFORE 21 OCT 2030" split by the detector: the second half still keys the date', () => {
    const r = extractFields({ lines: [line('BES'), line('BEFORE 21 OCT 2030', { u: 60 })], codes: [], referenceYear: 2026 });
    assert.equal(r.fields.expiryDate?.value, '2030-10-21');
  });
});

describe('extractFields: dot-matrix lines', () => {
  const dm = (text: string, v = 0) => ({ ...line(text, { v }), dotMatrix: true });

  test('a key garbled by dot-matrix print ("8B", "FROD") keys a date its value confirms, reported as a repair', () => {
    const r = extractFields({ lines: [dm('8B 08/2030'), dm('FROD 27.05.2025', 30)], codes: [], referenceYear: 2026 });
    assert.equal(r.fields.expiryDate?.value, '2030-08');
    assert.equal(r.fields.productionDate?.value, '2025-05-27');
    assert.match(check(r.checks, 'grammar-repair', 'expiryDate')?.message ?? '', /key "8B" read as BB/);
    // The same lines in solid print give nothing.
    assert.deepEqual(extractFields({ lines: [line('8B 08/2030'), line('FROD 27.05.2025', { v: 30 })], codes: [], referenceYear: 2026 }).fields, {});
  });

  test('a garbled key before a date keys that date though it lies as close to a key of another field', () => {
    const r = extractFields({ lines: [dm('BB 14.07.2026'), dm('IFD 10/2025', 30), dm('U5E B21SEP26', 60)], codes: [], referenceYear: 2026 });
    assert.equal(r.fields.productionDate?.value, '2025-10');
    assert.equal(r.fields.expiryDate?.value, '2026-07-14');
    assert.equal(extractFields({ lines: [dm('U5E B21SEP26')], codes: [], referenceYear: 2026 }).fields.expiryDate?.value, '2026-09-21');
  });

  test('a value that begins like a date does not hand a lot key to a date key that does not fit', () => {
    // "L OT" is LOT with its T's drops apart; DOM lies two plain edits off, beyond its bound.
    const r = extractFields({ lines: [dm('L OT 66 1092')], codes: [], referenceYear: 2026 });
    assert.deepEqual(Object.keys(r.fields), ['lot']);
    assert.equal(r.fields.lot?.value, '661092');
  });

  test('no date field when the value is not a date; a lot beside a lot key two glyph confusions off', () => {
    const r = extractFields({ lines: [dm('BE 12 PCS'), dm('LCT 93U804', 30), dm('FROD FRESH 12', 60)], codes: [], referenceYear: 2026 });
    assert.deepEqual(Object.keys(r.fields), ['lot']);
    assert.equal(r.fields.lot?.value, '93U804');
    // Not on solid print, where a garbled key is no print artefact.
    assert.equal(extractFields({ lines: [line('LCT 93U804')], codes: [], referenceYear: 2026 }).fields.lot, undefined);
  });

  test('a garbled key confirms no bare digit code: "0M8290" is no DOM with a Julian date, "DOM 8290" is', () => {
    assert.deepEqual(extractFields({ lines: [dm('0M8290 HO188')], codes: [], referenceYear: 2026 }).fields, {});
    assert.deepEqual(extractFields({ lines: [dm('8B 2615')], codes: [], referenceYear: 2026 }).fields, {});
    assert.equal(extractFields({ lines: [dm('DOM 8290')], codes: [], referenceYear: 2026 }).fields.productionDate?.value, '2018-10-17');
    // A garbled key still confirms a date printed with separators or a month name.
    assert.equal(extractFields({ lines: [dm('0M 17.10.2025')], codes: [], referenceYear: 2026 }).fields.productionDate?.value, '2025-10-17');
  });

  test('a garbled month name on a dot-matrix line ("PROD 23 JRN 2026")', () => {
    const r = extractFields({ lines: [dm('PROD 23 JRN 2026')], codes: [], referenceYear: 2026 });
    assert.equal(r.fields.productionDate?.value, '2026-01-23');
    assert.equal(extractFields({ lines: [line('PROD 23 JRN 2026')], codes: [], referenceYear: 2026 }).fields.productionDate, undefined);
  });
});
