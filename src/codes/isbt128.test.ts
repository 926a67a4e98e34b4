import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { iso7064Mod37_2, iso7064Mod37_2Value, ISO7064_MOD37_2_ALPHABET } from './iso7064.js';
import { isbt128DinCheckCharacter, parseIsbt128, parseIsbt128DinText } from './isbt128.js';
import { createSeededRandom } from '../core/seeded-random.js';

const failed = (data: string): string[] => parseIsbt128(data).checks.filter((c) => !c.ok).map((c) => c.name);

/**
 * The second, independent way: ST-001 Appendix A.1 step by step — weight each value by 2ⁿ
 * (n = position from the right), sum, mod 37, subtract from 38, mod 37 — with BigInt so the
 * power sum never overflows. Worked by hand for G1234 17 654321 (ST-001 A.1):
 * G=16·8192 + 1·4096 + 2·2048 + 3·1024 + 4·512 + 1·256 + 7·128 + 6·64 + 5·32 + 4·16 + 3·8 + 2·4 + 1·2
 * = 146178; 146178 mod 37 = 28; 38 − 28 = 10; 10 mod 37 = 10 → "A".
 */
function weightedSumCheck(data: string): number {
  let sum = 0n;
  [...data].forEach((ch, i) => { sum += BigInt(ISO7064_MOD37_2_ALPHABET.indexOf(ch)) * 2n ** BigInt(data.length - i); });
  return Number((38n - (sum % 37n)) % 37n);
}

describe('ISO/IEC 7064 MOD 37-2', () => {
  // Published values: ST-001 v6.2.2 Appendix A.1 and Figure 2, the DINs of the example labels in
  // ST-001 Appendix C (Figures 20–23, printed with their boxed K), ST-017 Appendix 1 (Basic UDI-DI
  // checksum "08"), and ISO/IEC 7064's own MOD 37-2 example as quoted by python-stdnum.
  const published: [string, string][] = [
    ['G123417654321', 'A'], ['A999921123456', '3'], ['A999820123456', 'E'], ['A999917123456', '9'],
    ['A999917123654', 'Y'], ['A999917345628', '*'], ['A999917345658', 'O'], ['A999915000001', 'M'],
    ['A999918000001', '8'], ['A9990ABC123T0480', '8'], ['G123498654321', 'H'],
  ];
  test('published check characters', () => {
    for (const [data, k] of published) assert.equal(iso7064Mod37_2(data), k, data);
    assert.equal(iso7064Mod37_2Value('G123417654321'), 10);
  });
  test('recursive method equals the weighted power sum (hand-worked A.1 example, random strings)', () => {
    assert.equal(weightedSumCheck('G123417654321'), 10);
    const rand = createSeededRandom(7064);
    for (let n = 0; n < 500; n++) {
      const len = 1 + Math.floor(rand() * 24);
      const s = Array.from({ length: len }, () => ISO7064_MOD37_2_ALPHABET[Math.floor(rand() * 36)]).join('');
      assert.equal(iso7064Mod37_2Value(s), weightedSumCheck(s), s);
    }
  });
  test('detects every single substitution and adjacent transposition of a DIN', () => {
    const din = 'A999921123456';
    const k = iso7064Mod37_2(din);
    for (let i = 0; i < din.length; i++) {
      for (const c of ISO7064_MOD37_2_ALPHABET.slice(0, 36)) if (c !== din[i]) assert.notEqual(iso7064Mod37_2(din.slice(0, i) + c + din.slice(i + 1)), k);
      if (i + 1 < din.length && din[i] !== din[i + 1]) assert.notEqual(iso7064Mod37_2(din.slice(0, i) + din[i + 1] + din[i] + din.slice(i + 2)), k);
    }
  });
  test('characters outside 0-9 A-Z and empty input have no check character', () => {
    assert.equal(iso7064Mod37_2(''), undefined);
    assert.equal(iso7064Mod37_2('a99'), undefined);
    assert.equal(iso7064Mod37_2('A9*'), undefined);
  });
});

describe('DIN check character K', () => {
  test('isbt128DinCheckCharacter takes the printed form with spaces and refuses malformed DINs', () => {
    assert.equal(isbt128DinCheckCharacter('G1234 17 654321'), 'A');
    assert.equal(isbt128DinCheckCharacter('A9999 21 123456'), '3');
    assert.equal(isbt128DinCheckCharacter('O9999 21 123456'), undefined); // O is never a FIN's first character
    assert.equal(isbt128DinCheckCharacter('A9999 2X 123456'), undefined);
    assert.equal(isbt128DinCheckCharacter('A9999 21 12345'), undefined);
  });
  test('eye-readable DIN with K, with and without flags', () => {
    assert.deepEqual(parseIsbt128DinText('A9999 21 123456 3').fields, { serial: 'A999921123456' });
    const r = parseIsbt128DinText('a9999 21 123456 01 3');
    assert.equal(r.ok, true, JSON.stringify(r.checks));
    assert.deepEqual(r.elements, [{ di: 'DIN', value: 'A999921123456' }, { di: 'flags', value: '01' }, { di: 'K', value: '3' }]);
    assert.equal(parseIsbt128DinText('A999921123456').ok, true);
  });
  test('a wrong K fails as isbt128-din-check-character and gives no serial', () => {
    const r = parseIsbt128DinText('G1234 17 654321 B');
    assert.deepEqual(r.checks.filter((c) => !c.ok).map((c) => c.name), ['isbt128-din-check-character']);
    assert.deepEqual(r.fields, {});
    // A mis-keyed digit with the right K for the original DIN.
    assert.equal(parseIsbt128DinText('G1234 17 654312 A').ok, false);
  });
  test('wrong length or structure fails as isbt128-din', () => {
    assert.deepEqual(parseIsbt128DinText('A9999 21 12345').checks.map((c) => c.name), ['isbt128-din']);
    assert.equal(parseIsbt128DinText('A9999 21 12345').ok, false);
    assert.deepEqual(parseIsbt128DinText('A9999 21 123456 0I 3').checks.filter((c) => !c.ok).map((c) => c.name), ['isbt128-din']);
  });
});

describe('ISBT 128 data structures', () => {
  test('DS 001 DIN: serial without flags; Type 3 flags verified (ST-001 A.2: =G12341765432170)', () => {
    assert.deepEqual(parseIsbt128('=A99992112345600').fields, { serial: 'A999921123456' });
    const r = parseIsbt128('=G12341765432170');
    assert.equal(r.ok, true, JSON.stringify(r.checks));
    assert.ok(r.checks.some((c) => c.name === 'isbt128-din-check-character' && c.ok));
    assert.deepEqual(failed('=G12341765432171'), ['isbt128-din-check-character']);
    assert.deepEqual(parseIsbt128('=G12341765432171').fields, {});
  });
  test('DS 001 DIN: bad structure, bad flags, truncated, O as first character', () => {
    assert.deepEqual(failed('=A9999A112345600'), ['isbt128-din']);
    assert.deepEqual(failed('=A9999211234560Z'), ['isbt128-din']); // Z is not a flag character
    assert.deepEqual(failed('=A99992112345'), ['isbt128-length']);
    assert.deepEqual(failed('=O99992112345600'), ['isbt128-data-identifier']);
  });

  // One well-formed example per structure: [data, fields expected from it alone].
  const cases: [string, Record<string, string>][] = [
    ['=%6200', {}], // ST-001 2.2 example
    ['=<E0224V00', { partNumber: 'E0224V00' }],
    ['=>019031', { expiryDate: '2019-01-31' }], // ST-017 4.3.1: 31 JAN 2019
    ['&>0261501430', { expiryDate: '2026-05-30' }],
    ['=*026150', { productionDate: '2026-05-30' }],
    ['&*0261500800', { productionDate: '2026-05-30' }],
    ['=}017032', { productionDate: '2017-02-01' }],
    ['&}0170320915', { productionDate: '2017-02-01' }],
    ['&(N0000', {}],
    ['=\\620000000000000000', {}], // ST-001 2.2 example
    ['&\\620000000000000000', {}],
    ['&{000000000000000000', {}],
    ['=)2XX00AB123', { partNumber: '00AB123' }], // ST-001 Figure 5
    ['&)00001234rZ', { lot: '00001234rZ' }], // ST-001 2.4.18 padding example
    ['=;A99990000222244445555', {}], // ST-001 Figure 6
    ["='A999900395A", {}],
    ['=-XX00027QzE', { partNumber: '00027QzE' }], // ST-001 2.4.21 padding example
    ['&-00001234rZ', { lot: '00001234rZ' }],
    ['=#0120000229', {}],
    ['&#0106ABC123', {}],
    ['=]202612', { expiryDate: '2026-12' }],
    ['&"000000000000000000', {}],
    ['=$A999917123450102', {}], // ST-001 Figure 7
    ['&$0101000100223100', {}],
    ['&%0010000010101', {}],
    ['=(0001202605301430', {}],
    ['=,000012', {}],
    ['&+A9999AB3456', {}], // ST-001 Figure 8
    ['=/A9997AB3456T0123', { partNumber: 'A9997AB3456T0123' }], // ST-001 Figure 9
    ['&,1000000000000XYZ123', { lot: '000000000000XYZ123' }], // ST-017 5
    ['&,20000000000001234RZ', {}],
    ['&,31234ABCDEFGHIJKLMNO', {}],
    [`&,4${'A'.repeat(40)}`, {}],
    ['&:1234ABCDEFGHIJKLM07', {}],
    ['&/CHA999921123456', {}],
  ];
  test('every ICCBBA structure 002-040 is recognised with its length and mapped', () => {
    for (const [data, fields] of cases) {
      const r = parseIsbt128(data);
      assert.equal(r.ok, true, `${data}: ${JSON.stringify(r.checks)}`);
      assert.equal(r.elements.length, 1, data);
      assert.deepEqual(r.fields, fields, data);
    }
  });
  test('every structure cut one character short fails as isbt128-length', () => {
    for (const [data] of cases) assert.deepEqual(failed(data.slice(0, -1)), ['isbt128-length'], data);
  });
  test('concatenated structures split at their lengths', () => {
    const r = parseIsbt128('=A99992612345600=<E0224V00=%6200&>0261502359=)2XX00AB123&)00001234rZ');
    assert.equal(r.ok, true, JSON.stringify(r.checks));
    assert.deepEqual(r.elements.map((e) => e.di), ['=', '=<', '=%', '&>', '=)', '&)']);
    assert.deepEqual(r.fields, { serial: 'A999926123456', partNumber: 'E0224V00', expiryDate: '2026-05-30', lot: '00001234rZ' });
  });
  test('precedence: product code over PPIC over catalog; MPHO lot over item lot; full expiry over month', () => {
    assert.equal(parseIsbt128('=/A9997AB3456T0123=<E0224V00').fields.partNumber, 'E0224V00');
    assert.equal(parseIsbt128('=-XX00027QzE=/A9997AB3456T0123').fields.partNumber, 'A9997AB3456T0123');
    assert.equal(parseIsbt128('&-00001234rZ&,1000000000000XYZ123').fields.lot, '000000000000XYZ123');
    assert.equal(parseIsbt128('=]202612=>026150').fields.expiryDate, '2026-05-30');
    assert.equal(parseIsbt128('=*026150=}026149').fields.productionDate, '2026-05-29');
  });
  test('dates: day 367, day 366 of a common year, 24:00, month 13, 30 February fail as isbt128-date', () => {
    assert.deepEqual(failed('=>026367'), ['isbt128-date']);
    assert.deepEqual(failed('=>026366'), ['isbt128-date']);
    assert.deepEqual(parseIsbt128('=>024366').fields, { expiryDate: '2024-12-31' });
    assert.deepEqual(failed('=>026000'), ['isbt128-date']);
    assert.deepEqual(failed('&>0261502400'), ['isbt128-date']);
    assert.deepEqual(failed('=]202613'), ['isbt128-date']);
    assert.deepEqual(failed('=#0120260230'), ['isbt128-date']);
    assert.deepEqual(failed('=(0001202602301430'), ['isbt128-date']);
    assert.deepEqual(parseIsbt128('=>026367').fields, {});
  });
  test('characters outside the structure\'s classes fail as isbt128-character-set and give no field', () => {
    assert.deepEqual(failed('&,1000000000000xyz123'), ['isbt128-character-set']);
    assert.deepEqual(parseIsbt128('&,1000000000000xyz123').fields, {});
    assert.deepEqual(failed('=<e0224V00'), ['isbt128-character-set']);
    assert.deepEqual(failed('=>02615A'), ['isbt128-character-set']);
  });
  test('unknown and non-ICCBBA data identifiers, stray data', () => {
    assert.deepEqual(failed('=!12345'), ['isbt128-data-identifier']);
    assert.deepEqual(failed('&a1234'), ['isbt128-data-identifier']);
    assert.match(parseIsbt128('&;1234').checks[0]!.message!, /outside ICCBBA/);
    assert.deepEqual(failed('&,9000'), ['isbt128-data-identifier']);
    assert.deepEqual(failed('=<E0224V00X'), ['isbt128-syntax']);
    assert.deepEqual(failed(''), ['isbt128-syntax']);
  });
});

describe('DS 023 compound messages (ST-017 examples)', () => {
  test('undefined sequence: PPIC, DIN, divisions, expiry', () => {
    const r = parseIsbt128('=+04000=/A9997XYZ100T0479=A99991712345600=,000012=>019031');
    assert.equal(r.ok, true, JSON.stringify(r.checks));
    assert.deepEqual(r.fields, { partNumber: 'A9997XYZ100T0479', serial: 'A999917123456', expiryDate: '2019-01-31' });
    assert.deepEqual(r.elements[0], { di: '=+', value: '04000' });
    assert.ok(r.checks.some((c) => c.name === 'isbt128-compound-message' && c.ok));
  });
  test('ICCBBA-specified sequence 035 in order passes, out of order fails', () => {
    assert.equal(parseIsbt128('=+04035=/A9997XYZ100T0479=,000012=A99991712345600=>019031').ok, true);
    assert.deepEqual(failed('=+04035=/A9997XYZ100T0479=A99991712345600=,000012=>019031'), ['isbt128-compound-message']);
  });
  test('full ISBT 128 UDI (ST-017 section 5)', () => {
    const r = parseIsbt128('=+06000=/A9999XYZ100T0476=,000025=A99971712345600=>019032=}017032&,1000000000000XYZ123');
    assert.equal(r.ok, true, JSON.stringify(r.checks));
    assert.deepEqual(r.fields, { partNumber: 'A9999XYZ100T0476', serial: 'A999717123456', expiryDate: '2019-02-01', productionDate: '2017-02-01', lot: '000000000000XYZ123' });
  });
  test('wrong count, a header not first, a nested header', () => {
    assert.deepEqual(failed('=+05000=/A9997XYZ100T0479=A99991712345600=,000012=>019031'), ['isbt128-compound-message']);
    assert.deepEqual(failed('=+03000=/A9997XYZ100T0479=A99991712345600'), ['isbt128-compound-message']);
    assert.deepEqual(failed('=/A9997XYZ100T0479=+01000=,000012'), ['isbt128-compound-message']);
  });
  test('a truncated structure inside a compound message', () => {
    assert.deepEqual(failed('=+02000=/A9997XYZ100T0479=A999917123'), ['isbt128-length']);
    assert.deepEqual(parseIsbt128('=+02000=/A9997XYZ100T0479=A999917123').fields, { partNumber: 'A9997XYZ100T0479' });
  });
});
