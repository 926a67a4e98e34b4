import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isoWeeksInYear, parseDateCode } from './date-code.js';
import type { DateCodeOptions } from './date-code.js';

const ref: DateCodeOptions = { referenceYear: 2026 };

describe('parseDateCode: valid forms', () => {
  const cases: [string, string, DateCodeOptions?][] = [
    ['2026-04-15', '2026-04-15'],
    ['2026/04/15', '2026-04-15'],
    ['15.04.2026', '2026-04-15'],
    ['24. 06. 2030', '2030-06-24'],
    ['15/04/2026', '2026-04-15'],
    ['04/15/2026', '2026-04-15'],
    ['15APR26', '2026-04-15', ref],
    ['15 APR 2026', '2026-04-15'],
    ['15-Apr-2026', '2026-04-15'],
    ['Apr 15, 2026', '2026-04-15'],
    ['04/2028', '2028-04'],
    ['APR 2028', '2028-04'],
    ['2028-04', '2028-04'],
    ['04.2028', '2028-04'],
    ['04/28', '2028-04', ref],
    ['12 MAI 2026', '2026-05-12'],
    ['03 OKT 2027', '2027-10-03'],
    ['24.DEZ.2026', '2026-12-24'],
    ['01 MÄR 2026', '2026-03-01'],
    ['01 MRZ 2026', '2026-03-01'],
    ['10 AVR 2026', '2026-04-10'],
    ['FÉV 2027', '2027-02'],
    ['05 ENE 2026', '2026-01-05'],
    ['25 DIC 2026', '2026-12-25'],
    ['août 2026', '2026-08'],
    ['15 Oktober 2026', '2026-10-15'],
    ['26105', '2026-04-15', ref], // YYDDD: day 105 of 2026
    ['6105', '2026-04-15', { ...ref, digitFormats: ['YDDD'] }],
    ['2615', '2026-W15', { ...ref, digitFormats: ['YYWW'] }],
    ['1526', '2026-W15', { ...ref, digitFormats: ['WWYY'] }],
    ['2026-W15', '2026-W15'],
    ['KW 15/2026', '2026-W15'],
    ['2026-W53', '2026-W53'], // 2026 starts on a Thursday: 53 ISO weeks
    ['28.02.2024', '2024-02-28'],
    ['29.02.2024', '2024-02-29'],
    ['260415', '2026-04-15', { ...ref, digitFormats: ['YYMMDD'] }],
  ];
  for (const [text, want, opts] of cases) {
    test(`${text} → ${want}`, () => {
      const r = parseDateCode(text, opts);
      assert.equal(r.valid, true, r.reason);
      assert.equal(r.ambiguous, false, r.reason);
      assert.equal(r.value, want);
    });
  }
  test('kinds', () => {
    assert.equal(parseDateCode('2026-04-15').kind, 'day');
    assert.equal(parseDateCode('04/2028').kind, 'month');
    assert.equal(parseDateCode('2026-W15').kind, 'week');
  });
  test('two-digit years: GS1 sliding window and explicit pivot', () => {
    assert.equal(parseDateCode('15APR75', { referenceYear: 2026 }).value, '2075-04-15');
    assert.equal(parseDateCode('15APR77', { referenceYear: 2026 }).value, '1977-04-15');
    assert.equal(parseDateCode('15APR75', { referenceYear: 2026, centuryPivot: 70 }).value, '1975-04-15');
  });
});

describe('parseDateCode: invalid dates are rejected with a reason, never corrected', () => {
  const cases: [string, RegExp, DateCodeOptions?][] = [
    ['32.04.2026', /day 32/],
    ['2026-13-01', /month 13/],
    ['2026-02-30', /day 30/],
    ['30.02.2026', /day 30/],
    ['29.02.2026', /day 29/],
    ['13/2028', /month 13/],
    ['2026-W54', /week 54/],
    ['2025-W53', /week 53/], // 2025 has 52 ISO weeks
    ['2654', /week 54/, { ...ref, digitFormats: ['YYWW'] }],
    ['26400', /day of year 400/, ref],
    ['32 APR 2026', /day 32/],
    ['32/13/2026', /out of range/],
  ];
  for (const [text, reason, opts] of cases) {
    test(`${text} is invalid`, () => {
      const r = parseDateCode(text, opts);
      assert.equal(r.valid, false);
      assert.equal(r.value, undefined);
      assert.match(r.reason ?? '', reason);
    });
  }
  test('not a date at all', () => {
    const r = parseDateCode('L24B1187');
    assert.equal(r.valid, false);
    assert.equal(r.kind, 'unknown');
    assert.equal(parseDateCode('15 FOO 2026').valid, false);
  });
});

describe('parseDateCode: ambiguity', () => {
  test('04/05/2026 reads both ways without a convention', () => {
    const r = parseDateCode('04/05/2026');
    assert.equal(r.ambiguous, true);
    assert.equal(r.value, undefined);
    assert.deepEqual([...r.alternatives].sort(), ['2026-04-05', '2026-05-04']);
  });
  test('dayFirst decides', () => {
    assert.equal(parseDateCode('04/05/2026', { dayFirst: true }).value, '2026-05-04');
    assert.equal(parseDateCode('04/05/2026', { dayFirst: false }).value, '2026-04-05');
  });
  test('dotted dates are day-first by European convention', () => {
    const r = parseDateCode('04.05.2026');
    assert.equal(r.ambiguous, false);
    assert.equal(r.value, '2026-05-04');
  });
  test('same day and month is not ambiguous', () => {
    assert.equal(parseDateCode('05/05/2026').value, '2026-05-05');
  });
  test('digits only: several valid orders are ambiguous', () => {
    const r = parseDateCode('2615', ref);
    assert.equal(r.ambiguous, true);
    assert.ok(r.alternatives.includes('2026-W15'));
    assert.ok(r.alternatives.includes('2015-W26'));
  });
  test('ISO week count', () => {
    assert.equal(isoWeeksInYear(2026), 53);
    assert.equal(isoWeeksInYear(2020), 53);
    assert.equal(isoWeeksInYear(2025), 52);
  });
});

describe('parseDateCode: month names garbled by dot-matrix print', () => {
  const dm: DateCodeOptions = { referenceYear: 2026, dotMatrix: true };

  test('a name within two glyph confusions of one month counts as that month, reported as a repair', () => {
    for (const [text, value, name] of [
      ['23 JRN 2026', '2026-01-23', 'JAN'],
      ['NOU 2030', '2030-11', 'NOV'],
      ['14 JIL 2028', '2028-07-14', 'JUL'],
      ['23 JIH 2026', '2026-06-23', 'JUN'],
      ['25MRY26', '2026-05-25', 'MAY'],
      ['SEF 2025', '2025-09', 'SEP'],
    ] as const) {
      const r = parseDateCode(text, dm);
      assert.equal(r.value, value, text);
      assert.match(r.repair ?? '', new RegExp(`read as ${name}`), text);
    }
  });

  test('a two-letter name that lost a glyph ("14MY2029", "14 RY 2027", "09UG24") is its month when no other is as close', () => {
    for (const [text, value] of [['14MY2029', '2029-05-14'], ['14 RY 2027', '2027-05-14'], ['09UG24', '2024-08-09']] as const) {
      assert.equal(parseDateCode(text, dm).value, value, text);
      assert.equal(parseDateCode(text, { referenceYear: 2026 }).valid, false, text);
    }
    // "OU" is a lost glyph and a confusion from NOV and from OCT; "MA" from MAR and MAY.
    for (const text of ['OU 2026', '12 MA 2026', '12 XQ 2026']) assert.equal(parseDateCode(text, dm).valid, false, text);
  });

  test('A read as P ("21MPY26")', () => {
    assert.equal(parseDateCode('21MPY26', dm).value, '2026-05-21');
    assert.equal(parseDateCode('21MPY26', { referenceYear: 2026 }).valid, false);
  });

  test('not on other print, not with a plain edit ("MXR"), never French "JUI"', () => {
    assert.equal(parseDateCode('23 JRN 2026', { referenceYear: 2026 }).valid, false);
    for (const text of ['23 XYZ 2026', '12 JUI 2026', '12 MXR 2026']) assert.equal(parseDateCode(text, dm).valid, false, text);
    // An exact name needs no repair.
    assert.equal(parseDateCode('23 JAN 2026', dm).repair, undefined);
  });

  test('a doubled separator ("2026--09") is one on dot-matrix print only', () => {
    assert.equal(parseDateCode('2026--09', dm).value, '2026-09');
    assert.equal(parseDateCode('10./2030', dm).value, '2030-10');
    assert.equal(parseDateCode('22 NOV :2026', dm).value, '2026-11-22');
    assert.equal(parseDateCode('21 HUG 2025', dm).value, '2025-08-21');
    assert.equal(parseDateCode('10./2030', { referenceYear: 2026 }).valid, false);
    assert.equal(parseDateCode('2026--09', { referenceYear: 2026 }).valid, false);
  });
});

describe('parseDateCode: month and four-digit year run together (MMYYYY)', () => {
  test('"092028" is September 2028; no other digit order reads a month 19 or 20', () => {
    for (const [text, value] of [['092028', '2028-09'], ['102028', '2028-10'], ['121999', '1999-12']] as const) {
      const r = parseDateCode(text, ref);
      assert.equal(r.value, value, text);
      assert.equal(r.ambiguous, false, text);
      assert.equal(r.format, 'mmyyyy', text);
    }
  });

  test('other six digits read as before; month 13 is rejected; a profile that lists its orders is obeyed', () => {
    assert.deepEqual(parseDateCode('121226', ref).alternatives, ['2012-12-26', '2026-12-12']);
    assert.equal(parseDateCode('132028', ref).valid, false);
    assert.equal(parseDateCode('092028', { ...ref, digitFormats: ['DDMMYY'] }).valid, false);
    assert.equal(parseDateCode('092028', { ...ref, digitFormats: ['MMYYYY'] }).value, '2028-09');
  });
});
