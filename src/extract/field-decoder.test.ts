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
  test('in a mostly-digit token a confusable letter yields to a close digit alternative', () => {
    const r = decodeFieldValue('serial', chars('4711O923', { 4: [{ char: 'O', p: 0.55 }, { char: '0', p: 0.4 }] }), undefined);
    assert.equal(r?.value, '47110923');
    assert.equal(r?.checks[0]?.name, 'grammar-repair');
    // Not when the digit is far below the letter …
    assert.equal(decodeFieldValue('serial', chars('4711O923', { 4: [{ char: 'O', p: 0.8 }, { char: '0', p: 0.15 }] }), undefined)?.value, '4711O923');
    // … nor at the edge of the token (letter prefixes are common) …
    assert.equal(decodeFieldValue('partNumber', chars('I162650-85', { 0: [{ char: 'I', p: 0.55 }, { char: '1', p: 0.4 }] }), undefined)?.value, 'I162650-85');
    // … nor in a token that mixes letters and digits (SN0O923: 4 of 7 are digits).
    assert.equal(decodeFieldValue('serial', chars('SN0O923', { 3: [{ char: 'O', p: 0.55 }, { char: '0', p: 0.4 }] }), undefined)?.value, 'SN0O923');
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
});
