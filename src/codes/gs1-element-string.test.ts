import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseGs1, formatGs1ElementString } from './gs1-element-string.js';
import { gs1CheckDigit, isValidGs1CheckDigit, gs1CheckPair } from './gs1-check-digit.js';
import { gs1DateToIso, gs1FullYear } from './gs1-date.js';

const GS = '\u001d';
const failed = (input: string): string[] => parseGs1(input).checks.filter((c) => !c.ok).map((c) => c.name);

describe('check digits (GenSpecs 7.9)', () => {
  test('mod-10', () => {
    assert.equal(gs1CheckDigit('0950600013435'), 2);
    assert.equal(isValidGs1CheckDigit('09506000134352'), true);
    assert.equal(isValidGs1CheckDigit('09506000134353'), false);
    assert.equal(isValidGs1CheckDigit('0950600013435X'), false);
    assert.equal(isValidGs1CheckDigit('4006381333931'), true); // EAN-13 example
    assert.equal(isValidGs1CheckDigit('106141411234567897'), true); // SSCC example, GenSpecs 2.2.1
  });
  test('check-character pair (GenSpecs 7.9.5 example GMN 1987654Ad4X4bL5ttr2310c2K)', () => {
    assert.equal(gs1CheckPair('1987654Ad4X4bL5ttr2310c'), '2K');
    assert.deepEqual(failed('(01)09506000134352(8013)1987654Ad4X4bL5ttr2310c2K'), []);
    assert.deepEqual(failed('(8013)1987654Ad4X4bL5ttr2310c2L'), ['gs1-check-pair']);
  });
});

describe('dates (GenSpecs 7.12)', () => {
  test('century rule', () => {
    const now = new Date(Date.UTC(2026, 10, 24));
    assert.equal(gs1FullYear(26, now), 2026);
    assert.equal(gs1FullYear(76, now), 2076); // +50 stays in this century
    assert.equal(gs1FullYear(77, now), 1977); // +51 goes back
    assert.equal(gs1FullYear(0, now), 2000);
  });
  test('YYMMDD to ISO, day 00, invalid', () => {
    assert.equal(gs1DateToIso('280430'), '2028-04-30');
    assert.equal(gs1DateToIso('280400'), '2028-04');
    assert.equal(gs1DateToIso('280431'), undefined);
    assert.equal(gs1DateToIso('280229'), '2028-02-29');
    assert.equal(gs1DateToIso('270229'), undefined);
    assert.equal(gs1DateToIso('281301'), undefined);
    assert.equal(gs1DateToIso('2804'), undefined);
  });
});

describe('parseGs1 input forms', () => {
  const want = { gtin: '09506000134352', expiryDate: '2028-04-30', lot: 'L24B1187' };
  test('bracketed HRI, also with spaces as printed', () => {
    assert.deepEqual(parseGs1('(01)09506000134352(17)280430(10)L24B1187').fields, want);
    const r = parseGs1('(01) 09506000134352 (17) 280430 (10) L24B1187');
    assert.equal(r.ok, true);
    assert.deepEqual(r.fields, want);
  });
  test('GS-separated with symbology identifiers', () => {
    for (const id of [']d2', ']C1', ']Q3', ']e0', '']) {
      const r = parseGs1(`${id}010950600013435217280430${GS}10L24B1187`.replace(`${GS}10`, `10`));
      assert.equal(r.ok, true, id);
      assert.deepEqual(r.fields, want, id);
    }
    const r = parseGs1(`]d20109506000134352${'10L24B1187'}${GS}17280430`);
    assert.deepEqual(r.fields, want);
    assert.deepEqual(r.elements.map((e) => e.ai), ['01', '10', '17']);
  });
  test('non-GS1 symbology identifier is rejected', () => {
    assert.deepEqual(failed(']d10109506000134352'), ['gs1-symbology']);
  });
  test('Digital Link URI', () => {
    const r = parseGs1('https://id.gs1.org/01/09506000134352/10/L24B1187?17=280430');
    assert.equal(r.ok, true);
    assert.deepEqual(r.fields, want);
    assert.deepEqual(failed('https://id.gs1.org/01/09506000134353/10/L24B1187'), ['gtin-check-digit']);
    assert.deepEqual(failed('https://example.com/no/key/here'), ['gs1-digital-link']);
  });
  test('element string formatting puts FNC1 only after variable-length AIs', () => {
    const r = parseGs1('(01)09506000134352(10)ABC(17)280430(21)S1');
    assert.equal(formatGs1ElementString(r.elements, '^'), '0109506000134352' + '10ABC^17280430' + '21S1');
  });
});

describe('fields (DESIGN.md contract)', () => {
  test('SSCC, count, part number, production date, day 00, best-before fallback', () => {
    assert.deepEqual(parseGs1('(00)106141411234567897(02)09506000134352(37)0250').fields, { sscc: '106141411234567897', quantity: '250' });
    assert.deepEqual(parseGs1('(01)09506000134352(11)260415(15)280400(240)4711-AX-220B(21)SN00923').fields, {
      gtin: '09506000134352', productionDate: '2026-04-15', expiryDate: '2028-04', partNumber: '4711-AX-220B', serial: 'SN00923',
    });
    // 17 wins over 15
    assert.equal(parseGs1('(01)09506000134352(15)280400(17)270101').fields.expiryDate, '2027-01-01');
  });
  test('a field whose element fails its check is left out, never guessed', () => {
    const r = parseGs1('(01)09506000134353(10)ABC');
    assert.equal(r.fields.gtin, undefined);
    assert.equal(r.fields.lot, 'ABC');
  });
});

describe('named checks on invalid data (issue #3)', () => {
  test('wrong check digits', () => {
    assert.deepEqual(failed('(01)09506000134353'), ['gtin-check-digit']);
    assert.deepEqual(failed('(00)106141411234567898'), ['sscc-check-digit']);
    assert.deepEqual(failed('(414)9506000134351'), ['gln-check-digit']);
    const c = parseGs1('(01)09506000134353').checks[0]!;
    assert.equal(c.field, 'gtin');
  });
  test('day 32, month 13, day 00 allowed for yymmd0 but not for yymmdd AIs', () => {
    assert.deepEqual(failed('(01)09506000134352(17)280432'), ['gs1-date']);
    assert.deepEqual(failed('(01)09506000134352(11)281301'), ['gs1-date']);
    assert.deepEqual(failed('(01)09506000134352(17)280400'), []);
    assert.deepEqual(failed('(01)09506000134352(7006)280400'), ['gs1-date']);
    assert.deepEqual(failed('(01)09506000134352(17)270229'), ['gs1-date']);
  });
  test('unknown AI', () => {
    assert.deepEqual(failed('(01)09506000134352(89)ABC'), ['gs1-unknown-ai']);
    assert.ok(failed(`0109506000134352${'89'}ABC`).includes('gs1-unknown-ai'));
  });
  test('wrong length', () => {
    assert.deepEqual(failed('(01)0950600013435'), ['gs1-length']);
    assert.deepEqual(failed('(01)09506000134352(10)ABCDEFGHIJKLMNOPQRSTU'), ['gs1-length']);
    assert.deepEqual(failed('(01)09506000134352(20)1'), ['gs1-length']);
  });
  test('character sets 82 / 39 / 64 and numeric', () => {
    assert.deepEqual(failed('(01)09506000134352(10)AB~C'), ['gs1-charset']);
    assert.deepEqual(failed('(01)0950600013435A'), ['gs1-charset']);
    assert.deepEqual(failed('(8010)ABC-#/a(8011)1'), ['gs1-charset']); // CSET 39 has no lower case
    assert.deepEqual(failed('(00)106141411234567897(8030)AB*C'), ['gs1-charset']);
  });
  test('missing mandatory companion and mutually exclusive AIs', () => {
    assert.deepEqual(failed('(21)SN00923'), ['gs1-requires']);
    assert.deepEqual(failed('(10)L24B1187'), ['gs1-requires']);
    // (01) excludes (37), (02) excludes (01); (37) has its SSCC (00) so no requisite fails.
    assert.deepEqual(failed('(00)106141411234567897(01)09506000134352(02)09506000134352(37)5'), ['gs1-excludes', 'gs1-excludes']);
    assert.deepEqual(failed('(01)09506000134352(21)ABC(235)XYZ'), ['gs1-excludes']);
    assert.deepEqual(failed('(01)09506000134352(3100)000100(3101)000010'), ['gs1-excludes', 'gs1-excludes']);
    assert.deepEqual(failed('(01)09506000134352(10)A(10)B'), ['gs1-repeated-ai']);
  });
  test('ISO 3166 country codes for 422-426', () => {
    assert.deepEqual(failed('(01)09506000134352(422)276'), []);
    assert.deepEqual(failed('(01)09506000134352(422)999'), ['gs1-country-code']);
    assert.deepEqual(failed('(01)09506000134352(423)276040999'), ['gs1-country-code']);
  });
  test('syntax faults of bracketed data', () => {
    for (const bad of ['(1A)12345', '(01', '()1', '(10)', '(12345)1', '(10)AB^C']) assert.deepEqual(failed(bad), ['gs1-syntax'], bad);
  });
});
