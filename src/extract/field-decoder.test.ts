import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CharAlternative } from '../core/types.js';
import { decodeFieldValue } from './field-decoder.js';
import type { FieldSpec } from './label-profile.js';
import { createSyntheticLine } from './test-support/synthetic-line.js';

/** Characters of `text` with the given alternatives by index. */
function chars(text: string, alternatives: Record<number, CharAlternative[]> = {}, p = 0.95) {
  return createSyntheticLine(text, { alternatives, p }).chars;
}

describe('GTIN: digits, GS1 mod-10 check digit (GS1 GenSpecs §7.9.1)', () => {
  test('a clean GTIN passes', () => {
    const r = decodeFieldValue('gtin', chars('09506000134352'), undefined);
    assert.equal(r?.value, '09506000134352');
    assert.equal(r?.status, 'ok');
    assert.deepEqual(r?.checks, [{ name: 'gtin-check-digit', field: 'gtin', ok: true }]);
  });
  test('EAN-13 printed → GTIN-14 with a leading zero', () => {
    assert.equal(decodeFieldValue('gtin', chars('4006381333931'), undefined)?.value, '04006381333931');
  });
  test('O→0 at position 7 repaired from the recogniser\'s alternative', () => {
    const r = decodeFieldValue('gtin', chars('095060O0134352', { 6: [{ char: 'O', p: 0.6 }, { char: '0', p: 0.35 }] }), undefined);
    assert.equal(r?.value, '09506000134352');
    assert.equal(r?.status, 'ok');
    assert.equal(r?.checks[0]?.name, 'gtin-check-digit');
    assert.equal(r?.checks[0]?.ok, true);
    assert.match(r?.checks[0]?.message ?? '', /repaired position 7: O→0/);
  });
  test('a wrong digit whose close alternative makes the check digit hold is repaired', () => {
    const r = decodeFieldValue('gtin', chars('09506000134852', { 11: [{ char: '8', p: 0.6 }, { char: '3', p: 0.35 }, { char: '9', p: 0.03 }] }), undefined);
    assert.equal(r?.value, '09506000134352');
    assert.match(r?.checks[0]?.message ?? '', /position 12: 8→3/);
  });
  test('B/8 with a close alternative is repaired …', () => {
    const r = decodeFieldValue('gtin', chars('40063B1333931', { 5: [{ char: 'B', p: 0.6 }, { char: '8', p: 0.38 }] }), undefined);
    assert.equal(r?.value, '04006381333931');
    assert.equal(r?.status, 'ok');
  });
  test('… but when the alternative is not close the field is low-confidence, not invented', () => {
    const r = decodeFieldValue('gtin', chars('40063B1333931', { 5: [{ char: 'B', p: 0.97 }, { char: '8', p: 0.01 }] }), undefined);
    assert.equal(r?.status, 'low-confidence');
    assert.equal(r?.value, '40063B1333931');
    assert.equal(r?.checks[0]?.name, 'gtin-check-digit');
    assert.equal(r?.checks[0]?.ok, false);
  });
  test('a wrong check digit with no alternatives is low-confidence', () => {
    const r = decodeFieldValue('gtin', chars('09506000134353'), undefined);
    assert.equal(r?.status, 'low-confidence');
    assert.equal(r?.checks[0]?.ok, false);
  });
  test('a letter with no digit alternative gets its confusable stand-in only if the check digit then holds', () => {
    const ok = decodeFieldValue('gtin', chars('09506000I34352', { 8: [{ char: 'I', p: 0.9 }] }), undefined);
    assert.equal(ok?.value, '09506000134352');
    const bad = decodeFieldValue('gtin', chars('09506000I34353', { 8: [{ char: 'I', p: 0.9 }] }), undefined);
    assert.equal(bad?.status, 'low-confidence');
  });
  test('grammar: false keeps the top-1 reading', () => {
    const r = decodeFieldValue('gtin', chars('095060O0134352', { 6: [{ char: 'O', p: 0.6 }, { char: '0', p: 0.35 }] }), undefined, { grammar: false });
    assert.equal(r?.value, '095060O0134352');
    assert.equal(r?.status, 'low-confidence');
  });
  test('spaces and a printed (01) are not part of the GTIN', () => {
    assert.equal(decodeFieldValue('gtin', chars('(01) 0 9506000 13435 2'), undefined)?.value, '09506000134352');
  });
});

describe('SSCC and quantity', () => {
  test('SSCC 18 digits with check digit', () => {
    const ok = decodeFieldValue('sscc', chars('340123450000000017'), undefined);
    assert.equal(ok?.value, '340123450000000017');
    assert.equal(ok?.status, 'ok');
    assert.deepEqual(ok?.checks, [{ name: 'sscc-check-digit', field: 'sscc', ok: true }]);
    const bad = decodeFieldValue('sscc', chars('340123450000000015'), undefined);
    assert.equal(bad?.status, 'low-confidence');
    assert.equal(bad?.checks[0]?.ok, false);
  });
  test('quantity: first token, digits, confusables resolved', () => {
    assert.equal(decodeFieldValue('quantity', chars('25O PCS', { 2: [{ char: 'O', p: 0.7 }, { char: '0', p: 0.25 }] }), undefined)?.value, '250');
    assert.equal(decodeFieldValue('quantity', chars('1.000 Stk'), undefined)?.value, '1000');
  });
});

describe('free-form identifiers: class priors and profile patterns', () => {
  test('a letter read between digits stays, even nearly tied with its digit', () => {
    // Dev seed 950002: a printed S of Z880S7966 read at 0.48 with the 5 at 0.44 had become a 5.
    const r = decodeFieldValue('serial', chars('Z880S7966', { 4: [{ char: 'S', p: 0.48 }, { char: '5', p: 0.44 }] }), undefined);
    assert.equal(r?.value, 'Z880S7966');
    assert.deepEqual(r?.checks, []);
    assert.equal(decodeFieldValue('serial', chars('4711O923', { 4: [{ char: 'O', p: 0.5 }, { char: '0', p: 0.45 }] }), undefined)?.value, '4711O923');
  });
  test('outside a digit run a digit yields to its letter when the recogniser gives the letter ≥ 0.2 of it', () => {
    const r = decodeFieldValue('serial', chars('1658791L', { 0: [{ char: '1', p: 0.62 }, { char: 'I', p: 0.25 }] }), undefined);
    assert.equal(r?.value, 'I658791L');
    assert.match(r?.checks[0]?.message ?? '', /position 1: 1→I/);
    assert.equal(decodeFieldValue('lot', chars('8471385', { 0: [{ char: '8', p: 0.65 }, { char: 'B', p: 0.34 }] }), undefined)?.value, 'B471385');
    // Not without that evidence (ratio 0.1) …
    assert.equal(decodeFieldValue('serial', chars('1658791L', { 0: [{ char: '1', p: 0.8 }, { char: 'I', p: 0.08 }] }), undefined)?.value, '1658791L');
    // … not 0 → O, where the recogniser's probabilities did not separate printed O from printed 0 …
    assert.equal(decodeFieldValue('lot', chars('0R382', { 0: [{ char: '0', p: 0.6 }, { char: 'O', p: 0.35 }] }), undefined)?.value, '0R382');
    // … and not between digits of a mostly-digit token (there the digit prior holds).
    assert.equal(decodeFieldValue('serial', chars('4711923', { 3: [{ char: '1', p: 0.6 }, { char: 'I', p: 0.35 }] }), undefined)?.value, '4711923');
  });
  test('on a dot-matrix line a free-form identifier keeps the top-1 reading', () => {
    // `51T749`: a leading 5 with an S alternative stays a 5.
    const five = chars('51T749', { 0: [{ char: '5', p: 0.6 }, { char: 'S', p: 0.3 }] });
    assert.equal(decodeFieldValue('lot', five, undefined)?.value, 'S1T749');
    assert.equal(decodeFieldValue('lot', five, undefined, { dotMatrix: true })?.value, '51T749');
  });
  test('on a dot-matrix line a mark no identifier is printed with yields to a close letter or digit', () => {
    // A coder's 7 with a bent top, read as `?` with the 7 behind it.
    const seven = chars('VN13K4?', { 6: [{ char: '?', p: 0.67 }, { char: '7', p: 0.32 }] });
    assert.equal(decodeFieldValue('lot', seven, undefined, { dotMatrix: true })?.value, 'VN13K47');
    // Not to a far one (LETTER_OUTSIDE_DIGIT_RUN_RATIO), and the class prior still stays off there.
    const far = chars('874?ER', { 3: [{ char: '?', p: 0.92 }, { char: '7', p: 0.07 }] });
    assert.equal(decodeFieldValue('lot', far, undefined, { dotMatrix: true })?.value, '874?ER');
    assert.equal(decodeFieldValue('lot', seven, undefined, { dotMatrix: true, grammar: false })?.value, 'VN13K4?');
  });
  test('a confident letter between digits stays (lots mix letters and digits)', () => {
    const r = decodeFieldValue('lot', chars('L24B1187', { 3: [{ char: 'B', p: 0.9 }, { char: '8', p: 0.08 }] }), undefined);
    assert.equal(r?.value, 'L24B1187');
    assert.deepEqual(r?.checks, []);
  });
  const patterned: FieldSpec = { grammar: { pattern: '^L\\d{2}[A-Z]\\d{4}$' } };
  test('a profile pattern constrains every position', () => {
    const alts = { 6: [{ char: 'B', p: 0.8 }, { char: '8', p: 0.2 }], 3: [{ char: '8', p: 0.6 }, { char: 'B', p: 0.35 }] };
    // The class prior alone does not overturn confident readings …
    assert.equal(decodeFieldValue('lot', chars('L24811B7', alts), undefined)?.value, 'L24811B7');
    // … the pattern does, because both alternatives are close enough (ratio 0.15).
    const r = decodeFieldValue('lot', chars('L24811B7', alts), patterned);
    assert.equal(r?.value, 'L24B1187');
    assert.match(r?.checks[0]?.message ?? '', /position 4: 8→B.*position 7: B→8/);
  });
  test('a pattern no close reading satisfies → low-confidence', () => {
    const r = decodeFieldValue('lot', chars('X24B1187'), patterned);
    assert.equal(r?.status, 'low-confidence');
    assert.equal(r?.checks[0]?.name, 'grammar-mismatch');
  });
  test('identifiers are upper case without spaces', () => {
    assert.equal(decodeFieldValue('partNumber', chars('4711 ax 220b'), undefined)?.value, '4711AX220B');
  });

  test('a period or comma after an identifier is not part of it; one inside stays', () => {
    assert.equal(decodeFieldValue('lot', chars('B178272.'), undefined)?.value, 'B178272');
    assert.equal(decodeFieldValue('serial', chars('SN4711,'), undefined, { dotMatrix: true })?.value, 'SN4711');
    assert.equal(decodeFieldValue('lot', chars('24.117B'), undefined)?.value, '24.117B');
  });

  test('an identifier does not end in a hyphen or slash: stray drops after a lot are left out, the joining ones stay', () => {
    assert.equal(decodeFieldValue('lot', chars('B544134 - -- -'), undefined, { dotMatrix: true })?.value, 'B544134');
    assert.equal(decodeFieldValue('serial', chars('4711/'), undefined)?.value, '4711');
    assert.equal(decodeFieldValue('lot', chars('47568-96'), undefined, { dotMatrix: true })?.value, '47568-96');
  });

  test('a separator doubled between letters or digits of a dot-matrix identifier is one', () => {
    assert.equal(decodeFieldValue('lot', chars('25765--98'), undefined, { dotMatrix: true })?.value, '25765-98');
    assert.equal(decodeFieldValue('lot', chars('AB//12'), undefined, { dotMatrix: true })?.value, 'AB/12');
    assert.equal(decodeFieldValue('lot', chars('25765--98'), undefined)?.value, '25765--98', 'on solid print it stays as printed');
    assert.equal(decodeFieldValue('lot', chars('12-/34'), undefined, { dotMatrix: true })?.value, '12-/34', 'two different separators stay');
  });
});

describe('dates under the date grammar', () => {
  test('O→0 in a year is repaired when the alternative is close', () => {
    const r = decodeFieldValue('productionDate', chars('2O26-04-15', { 1: [{ char: 'O', p: 0.6 }, { char: '0', p: 0.35 }] }), undefined);
    assert.equal(r?.value, '2026-04-15');
    assert.equal(r?.status, 'ok');
    assert.ok(r?.checks.some((c) => c.name === 'grammar-repair' && c.ok));
  });
  test('grammar: false leaves it unreadable', () => {
    const r = decodeFieldValue('productionDate', chars('2O26-04-15', { 1: [{ char: 'O', p: 0.6 }, { char: '0', p: 0.35 }] }), undefined, { grammar: false });
    assert.equal(r?.status, 'low-confidence');
  });
  test('an impossible date is low-confidence with the reason, not corrected', () => {
    const r = decodeFieldValue('expiryDate', chars('2026-02-30'), undefined);
    assert.equal(r?.status, 'low-confidence');
    assert.equal(r?.value, '2026-02-30');
    assert.equal(r?.checks[0]?.name, 'date-valid');
    assert.match(r?.checks[0]?.message ?? '', /day 30/);
  });
  test('ambiguous day/month order', () => {
    const r = decodeFieldValue('expiryDate', chars('04/05/2026'), undefined);
    assert.equal(r?.status, 'ambiguous');
    assert.ok(r?.checks.some((c) => c.name === 'date-ambiguous' && !c.ok));
    assert.equal(decodeFieldValue('expiryDate', chars('04/05/2026'), { date: { dayFirst: true } })?.value, '2026-05-04');
  });
  test('trailing words after a date are dropped', () => {
    assert.equal(decodeFieldValue('expiryDate', chars('15 APR 2026 (BEST)'), undefined)?.value, '2026-04-15');
  });
  test('a stop after a date is dropped, a dash or slash is not (a lost part stays lost)', () => {
    assert.equal(decodeFieldValue('productionDate', chars('2026-10-22.'), undefined)?.value, '2026-10-22');
    assert.equal(decodeFieldValue('expiryDate', chars('04.2028:'), undefined)?.value, '2028-04');
    assert.notEqual(decodeFieldValue('expiryDate', chars('2028-04-'), undefined)?.value, '2028-04');
  });
  test('an underscore after a date is dropped too, also where junk tokens follow ("11JAN30_.. -- -", seed 910006)', () => {
    assert.equal(decodeFieldValue('expiryDate', chars('2030-01-11_'), undefined)?.value, '2030-01-11');
    assert.equal(decodeFieldValue('expiryDate', chars('11JAN30_.. -- -'), undefined)?.value, '2030-01-11');
    assert.equal(decodeFieldValue('expiryDate', chars('11.01.2030. -- -'), undefined)?.value, '2030-01-11');
  });
});

describe('dates: separator noise between key and value, implausible years', () => {
  const date = { date: { referenceYear: 2026 } };

  test('a colon read as "1" before the date is dropped when the recogniser lists ":" there', () => {
    const r = decodeFieldValue('productionDate', chars('1-30.03.2025', { 0: [{ char: '1', p: 0.94 }, { char: ':', p: 0.014 }, { char: 'I', p: 0.01 }] }), undefined, date);
    assert.equal(r?.value, '2025-03-30');
    assert.equal(r?.status, 'ok');
    assert.match(r?.checks.find((c) => c.name === 'grammar-repair')?.message ?? '', /dropped "1-" before the date/);
  });

  test('a stray letter with a separator among its alternatives ("E05/2028") is dropped', () => {
    const r = decodeFieldValue('expiryDate', chars('E05/2028', { 0: [{ char: 'E', p: 0.35 }, { char: '-', p: 0.33 }] }), undefined, date);
    assert.equal(r?.value, '2028-05');
    assert.equal(r?.status, 'ok');
  });

  test('without a separator among the alternatives nothing is dropped and the date stays unread', () => {
    const r = decodeFieldValue('productionDate', chars('1-30.03.2025'), undefined, date);
    assert.equal(r?.status, 'low-confidence');
    assert.equal(r?.checks[0]?.name, 'date-valid');
    assert.equal(r?.checks[0]?.ok, false);
  });

  test('a year outside the plausible window is re-read when exactly one listed digit makes it plausible', () => {
    const r = decodeFieldValue('productionDate', chars('2924-02-17', { 1: [{ char: '9', p: 0.94 }, { char: '8', p: 0.035 }, { char: '0', p: 0.0157 }] }), undefined, date);
    assert.equal(r?.value, '2024-02-17');
    assert.equal(r?.status, 'ok');
    const repair = r?.checks.find((c) => c.name === 'grammar-repair');
    assert.match(repair?.message ?? '', /position 2: 9→0/);
    assert.match(repair?.message ?? '', /outside 1966\.\.2066/);
  });

  test('a month name and a year repaired together ("1AR 2628" → MAR 2028)', () => {
    const r = decodeFieldValue('expiryDate', chars('1AR 2628', {
      0: [{ char: '1', p: 0.49 }, { char: 'M', p: 0.17 }, { char: 'N', p: 0.12 }],
      5: [{ char: '6', p: 0.62 }, { char: '8', p: 0.34 }, { char: '0', p: 0.02 }],
    }), undefined, date);
    assert.equal(r?.value, '2028-03');
    assert.equal(r?.status, 'ok');
  });

  test('two plausible years, or none close enough: the date stays low-confidence as read', () => {
    const two = decodeFieldValue('productionDate', chars('01.02.1900', { 8: [{ char: '0', p: 0.9 }, { char: '9', p: 0.03 }, { char: '7', p: 0.02 }] }), undefined, date);
    assert.equal(two?.value, '1900-02-01');
    assert.equal(two?.status, 'low-confidence');
    assert.equal(two?.checks.find((c) => c.name === 'date-plausible')?.ok, false);
    const far = decodeFieldValue('expiryDate', chars('03 JUN 2929', { 8: [{ char: '9', p: 0.998 }, { char: '0', p: 0.001 }] }), undefined, date);
    assert.equal(far?.value, '2929-06-03');
    assert.equal(far?.status, 'low-confidence');
  });

  test('without grammar no year and no separator is repaired', () => {
    const r = decodeFieldValue('productionDate', chars('2924-02-17', { 1: [{ char: '9', p: 0.94 }, { char: '0', p: 0.05 }] }), undefined, { ...date, grammar: false });
    assert.equal(r?.value, '2924-02-17');
    assert.equal(r?.status, 'low-confidence');
  });
});

describe('dates: a dropped separator is not stacked under an implausible year', () => {
  test('"I17 MAY : 2B24" with no digit listed that makes the year plausible: left unread, not 2824', () => {
    const r = decodeFieldValue('productionDate', chars('I17 MAY : 2B24', {
      0: [{ char: 'I', p: 0.31 }, { char: '1', p: 0.24 }, { char: '/', p: 0.09 }],
      8: [{ char: ':', p: 0.58 }, { char: ' ', p: 0.22 }],
      11: [{ char: 'B', p: 0.3 }, { char: 'E', p: 0.13 }, { char: '8', p: 0.12 }, { char: '6', p: 0.12 }],
    }), undefined, { date: { referenceYear: 2026 } });
    assert.equal(r?.status, 'low-confidence');
    assert.equal(r?.checks[0]?.name, 'date-valid');
    assert.equal(r?.checks[0]?.ok, false);
  });
});

describe('dates on dot-matrix print', () => {
  const dm = { date: { referenceYear: 2026, dotMatrix: true } };

  test('a letter among year digits ("2E28") is the one digit that gives a plausible year; the month name is repaired too', () => {
    const r = decodeFieldValue('expiryDate', chars('24 JRN 2E28'), undefined, dm);
    assert.equal(r?.value, '2028-01-24');
    assert.equal(r?.status, 'ok');
    const repair = r?.checks.find((c) => c.name === 'grammar-repair')?.message ?? '';
    assert.match(repair, /E→0/);
    assert.match(repair, /month "JRN" read as JAN/);
    // Not on other print.
    assert.equal(decodeFieldValue('expiryDate', chars('24 JRN 2E28'), undefined, { date: { referenceYear: 2026 } })?.status, 'low-confidence');
  });

  test('an exact month name among the alternatives wins over a likelier garbled one ("RRR" with M and A listed is MAR, not APR)', () => {
    const r = decodeFieldValue('expiryDate', chars('RRR 2029', { 0: [{ char: 'R', p: 0.6 }, { char: 'M', p: 0.3 }], 1: [{ char: 'R', p: 0.6 }, { char: 'A', p: 0.3 }] }), undefined, dm);
    assert.equal(r?.value, '2029-03');
  });

  test('a letter among day or month digits fits several digits and is left alone', () => {
    assert.equal(decodeFieldValue('expiryDate', chars('1E.05.2026'), undefined, dm)?.status, 'low-confidence');
    assert.equal(decodeFieldValue('expiryDate', chars('31JUL2E'), undefined, dm)?.status, 'low-confidence');
  });

  test('a zero closed into 8, 6 or 9 among digits is the one digit that gives a plausible date ("03.2628", "64.06.2029")', () => {
    for (const [text, value] of [['03.2628', '2028-03'], ['64.06.2029', '2029-06-04'], ['2028-85', '2028-05']] as const) {
      const r = decodeFieldValue('expiryDate', chars(text), undefined, dm);
      assert.equal(r?.value, value, text);
      assert.equal(r?.status, 'ok', text);
      assert.match(r?.checks.find((c) => c.name === 'grammar-repair')?.message ?? '', /a glyph among digits/, text);
    }
    // Not on other print; not a digit of another outline ("2070" stays implausible).
    assert.equal(decodeFieldValue('expiryDate', chars('03.2628'), undefined, { date: { referenceYear: 2026 } })?.status, 'low-confidence');
    assert.notEqual(decodeFieldValue('expiryDate', chars('05.04.2070'), undefined, dm)?.value, '2030-04-05');
  });

  test('after a repair from the alternatives, a closed zero in the year is re-read too ("86/2827" → "06/2027")', () => {
    const alts = { 0: [{ char: '8', p: 0.8 }, { char: '0', p: 0.15 }] };
    const r = decodeFieldValue('expiryDate', chars('86/2827', alts), undefined, dm);
    assert.equal(r?.value, '2027-06');
    assert.equal(r?.status, 'ok');
    assert.equal(decodeFieldValue('expiryDate', chars('86/2827', alts), undefined, { date: { referenceYear: 2026 } })?.status, 'low-confidence');
  });

  test('a gap read as a space inside a number is closed ("0 7/2025", "2024-10-0 1 04:30"), on dot-matrix print only', () => {
    for (const [text, value] of [['0 7/2025', '2025-07'], ['2024-10-0 1 04:30', '2024-10-01'], ['1 5.0 4.2026', '2026-04-15']] as const) {
      const r = decodeFieldValue('productionDate', chars(text), undefined, dm);
      assert.equal(r?.value, value, text);
      assert.equal(r?.status, 'ok', text);
      assert.match(r?.checks.find((c) => c.name === 'grammar-repair')?.message ?? '', /closed a gap between digits/, text);
      assert.notEqual(decodeFieldValue('productionDate', chars(text), undefined, { date: { referenceYear: 2026 } })?.value, value, `${text}, not dot-matrix`);
    }
    // A date that reads as printed is taken as printed; a space beside a month name is no gap.
    assert.equal(decodeFieldValue('productionDate', chars('15 APR 2026'), undefined, dm)?.value, '2026-04-15');
    assert.equal(decodeFieldValue('productionDate', chars('2026-04-15 10 30'), undefined, dm)?.value, '2026-04-15');
  });

  test('a colon read inside a date\'s number ("202:4-06-24", "25 MAR 20:30") is left out, on dot-matrix print only', () => {
    for (const [text, value] of [['202:4-06-24 15:41', '2024-06-24'], ['25 MAR 20:30', '2030-03-25']] as const) {
      const r = decodeFieldValue('expiryDate', chars(text), undefined, dm);
      assert.equal(r?.value, value, text);
      assert.equal(r?.status, 'ok', text);
      assert.match(r?.checks.find((c) => c.name === 'grammar-repair')?.message ?? '', /left out a colon between digits/, text);
      assert.notEqual(decodeFieldValue('expiryDate', chars(text), undefined, { date: { referenceYear: 2026 } })?.value, value, `${text}, not dot-matrix`);
    }
    // A date that reads as printed keeps its time of day; a time alone is not made a number.
    assert.equal(decodeFieldValue('productionDate', chars('18 AUG 2025 13:21'), undefined, dm)?.value, '2025-08-18');
    assert.equal(decodeFieldValue('productionDate', chars('12:30'), undefined, dm)?.status, 'low-confidence');
  });

  test('a time of day run into a year-first date is cut off ("2026-07-1301:35")', () => {
    assert.equal(decodeFieldValue('productionDate', chars('2026-07-1301:35'), undefined, { date: { referenceYear: 2026 } })?.value, '2026-07-13');
  });
});
