import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecognizedLine } from '../core/types.js';
import { createKeyMatcher, DEFAULT_FIELD_KEYS } from './key-lexicon.js';
import { angleDiffDeg, dominantAngleDeg, pairKeyValues } from './layout-pairing.js';
import { createSyntheticLine as line } from './test-support/synthetic-line.js';

const matcher = createKeyMatcher(DEFAULT_FIELD_KEYS);

/** `{field: value text}` of every pair, value cut from its line. */
function pairsOf(lines: readonly RecognizedLine[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairKeyValues(lines, matcher)) out[p.field] = lines[p.valueLine]!.text.slice(p.valueStart, p.valueEnd);
  return out;
}

describe('key matching', () => {
  test('English and German keys with OCR-typical noise', () => {
    const cases: [string, string, string][] = [
      ['S/N: SN00923', 'serial', 'SN00923'],
      ['5/N SN00923', 'serial', 'SN00923'],
      ['SN: 4711', 'serial', '4711'],
      ['Serial No. 99-123', 'serial', '99-123'],
      ['SERIAL NUMBER:A1B2', 'serial', 'A1B2'],
      ['Ser.-Nr.: 123456', 'serial', '123456'],
      ['Seriennummer 123456', 'serial', '123456'],
      ['LOT L24B1187', 'lot', 'L24B1187'],
      ['L0T: L24B1187', 'lot', 'L24B1187'],
      ['LOT24B1187', 'lot', '24B1187'],
      ['Batch No.: B-778', 'lot', 'B-778'],
      ['Ch.-B. 778', 'lot', '778'],
      ['Charg.-Nr. 778', 'lot', '778'],
      ['P/N 4711-AX-220B', 'partNumber', '4711-AX-220B'],
      ['REF 300-12', 'partNumber', '300-12'],
      ['Art.-Nr. 12345', 'partNumber', '12345'],
      ['Mat.-Nr.: 880-1', 'partNumber', '880-1'],
      ['GTIN: 09506000134352', 'gtin', '09506000134352'],
      ['MFG DATE: 2026-04-15', 'productionDate', '2026-04-15'],
      ['Herst.-Dat. 15.04.2026', 'productionDate', '15.04.2026'],
      ['Herstelldatum: 15.04.2026', 'productionDate', '15.04.2026'],
      ['Use by 2028-04', 'expiryDate', '2028-04'],
      ['Best before: 04/2028', 'expiryDate', '04/2028'],
      ['MHD 30.04.2028', 'expiryDate', '30.04.2028'],
      ['Verwendbar bis 04.2028', 'expiryDate', '04.2028'],
      ['QTY: 250 PCS', 'quantity', '250 PCS'],
      ['Menge 250 Stk', 'quantity', '250 Stk'],
      ['Lieferant: ACME', 'supplier', 'ACME'],
      ['SSCC 340123450000000017', 'sscc', '340123450000000017'],
      // OCR noise seen on generated plates: slash read as I, "No." read as "Nu." / "N.".
      ['PIN 4711-AX', 'partNumber', '4711-AX'],
      ['Part Nu.: 559416D', 'partNumber', '559416D'],
      ['Part N.: 559416D', 'partNumber', '559416D'],
      ['LOT NO. 123', 'lot', '123'],
      // An unpunctuated "NO" running into digits stays with the value.
      ['SER NO99755W', 'serial', 'NO99755W'],
    ];
    for (const [text, field, value] of cases) {
      const got = pairsOf([line(text)]);
      assert.equal(got[field], value, `${text}: ${JSON.stringify(got)}`);
    }
  });
  test('a bare "Date" is a production-date key only at the start of a line', () => {
    assert.deepEqual(pairsOf([line('Date: 2026-01-02')]), { productionDate: '2026-01-02' });
    assert.deepEqual(pairsOf([line('Ship Date: 2026-01-02')]), {});
  });
  test('a key must stand alone: values and words that contain a key are not keys', () => {
    assert.deepEqual(pairsOf([line('SN00923')]), {});
    assert.deepEqual(pairsOf([line('REFERENCE MANUAL')]), {});
    assert.deepEqual(pairsOf([line('PRODUCT OF GERMANY')]), {});
  });
  test('two keys on one line split', () => {
    assert.deepEqual(pairsOf([line('LOT 123  EXP 2028-04')]), { lot: '123', expiryDate: '2028-04' });
    assert.deepEqual(pairsOf([line('S/N: SN00923 P/N: 4711-AX')]), { serial: 'SN00923', partNumber: '4711-AX' });
  });
});

describe('pairing by layout', () => {
  test('value in a separate line to the right on the same baseline', () => {
    const lines = [line('Serial No.', { u: 10, v: 50 }), line('SN00923', { u: 200, v: 52 }), line('LOT', { u: 10, v: 90 }), line('L24B1187', { u: 200, v: 90 })];
    assert.deepEqual(pairsOf(lines), { serial: 'SN00923', lot: 'L24B1187' });
  });
  test('value in the table cell under the key (nameplate)', () => {
    // Header row: three keys; value row underneath, each cell under its key.
    const lines = [
      line('Type', { u: 10, v: 10 }), line('Serial No.', { u: 200, v: 10 }), line('Date of Manufacture', { u: 400, v: 10 }),
      line('XK-200', { u: 10, v: 36 }), line('SN00923', { u: 205, v: 36 }), line('04/2026', { u: 420, v: 36 }),
    ];
    assert.deepEqual(pairsOf(lines), { serial: 'SN00923', productionDate: '04/2026' });
  });
  test('table row read as one line: segments go to the key above them', () => {
    const lines = [line('LOT        EXP', { u: 0, v: 0 }), line('L24B1187   2028-04', { u: 0, v: 26 })];
    assert.deepEqual(pairsOf(lines), { lot: 'L24B1187', expiryDate: '2028-04' });
  });
  test('stacked "key: value" rows do not steal each other', () => {
    const lines = [line('S/N: SN00923', { v: 0 }), line('LOT: L24B1187', { v: 24 }), line('EXP: 2028-04', { v: 48 })];
    assert.deepEqual(pairsOf(lines), { serial: 'SN00923', lot: 'L24B1187', expiryDate: '2028-04' });
  });
  test('a lone key with nothing near it gives no pair', () => {
    assert.deepEqual(pairsOf([line('S/N', { v: 0 }), line('MADE IN GERMANY', { u: 0, v: 200 })]), {});
  });
  for (const angleDeg of [90, 180, -90, 30]) {
    test(`rotated label (${angleDeg}°): right-hand and below pairing in the text frame`, () => {
      const lines = [
        line('Serial No.', { u: 10, v: 50, angleDeg }), line('SN00923', { u: 200, v: 52, angleDeg }),
        line('LOT', { u: 10, v: 100, angleDeg }), line('EXP', { u: 200, v: 100, angleDeg }),
        line('L24B1187', { u: 10, v: 126, angleDeg }), line('2028-04', { u: 200, v: 126, angleDeg }),
      ];
      // Sanity: the lines really are rotated in image coordinates.
      if (Math.abs(angleDeg) === 90) assert.ok(lines[0]!.box[3] > lines[0]!.box[2]);
      assert.deepEqual(pairsOf(lines), { serial: 'SN00923', lot: 'L24B1187', expiryDate: '2028-04' });
    });
  }

  test('a short key line with a noisy angle is placed in the label\'s dominant frame', () => {
    // Nameplate at 113°: the header cells "S/N" and "Part No." are measured at 90°
    // (as the recogniser did on a generated plate); their values are under them.
    const a = 113;
    const lines = [
      line('ELEKTRA Antriebe GmbH', { u: 0, v: 0, angleDeg: a }),
      { ...line('Part No.', { u: 10, v: 60, angleDeg: a }), angleDeg: 90 },
      { ...line('S/N', { u: 200, v: 60, angleDeg: a }), angleDeg: 90 },
      line('Type', { u: 320, v: 60, angleDeg: a }),
      line('T368542-71', { u: 10, v: 88, angleDeg: a }), line('PU260807', { u: 200, v: 88, angleDeg: a }), line('LFO 545-9', { u: 320, v: 88, angleDeg: a }),
      line('I: 14.6 A', { u: 200, v: 140, angleDeg: a }), line('n: 2725 min-1', { u: 10, v: 140, angleDeg: a }),
    ];
    assert.ok(Math.abs(dominantAngleDeg(lines)! - 108) < 6);
    assert.deepEqual(pairsOf(lines), { partNumber: 'T368542-71', serial: 'PU260807' });
  });
  test('angle differences wrap around', () => {
    assert.equal(angleDiffDeg(113, 90), 23);
    assert.equal(angleDiffDeg(350, 10), 20);
    assert.equal(angleDiffDeg(-90, 270), 0);
    assert.equal(angleDiffDeg(0, 180), 180);
  });
  test('table header row: a key whose right neighbour is another header takes the value below', () => {
    const lines = [
      line('Art.-Nr.', { u: 10, v: 10 }), line('Serien-Nr.', { u: 200, v: 10 }), line('Datum', { u: 400, v: 10 }),
      line('VFL-5123', { u: 10, v: 40 }), line('9939BA79', { u: 200, v: 40 }), line('JUL 2022', { u: 400, v: 40 }),
    ];
    assert.deepEqual(pairsOf(lines), { partNumber: 'VFL-5123', serial: '9939BA79', productionDate: 'JUL 2022' });
  });
  test('key/value rows with a footer line spanning under them keep the value on the right', () => {
    const lines = [line('Serial No.', { u: 10, v: 10 }), line('SN00923', { u: 200, v: 10 }), line('MADE IN GERMANY BY ACME INDUSTRIES', { u: 0, v: 38 })];
    assert.deepEqual(pairsOf(lines), { serial: 'SN00923' });
  });

  test('padded detector boxes: rows whose boxes overlap are still told apart by their centres', () => {
    const lines = [
      line('Art.Nr.', { u: 10, v: 0, heightPx: 60 }), line('Serien-Nr.', { u: 200, v: 0, heightPx: 60 }),
      line('NOL-4801', { u: 12, v: 36, heightPx: 55 }), line('06OE42964', { u: 205, v: 34, heightPx: 55 }),
      line('P: 56.2 kW', { u: 10, v: 150, heightPx: 55 }),
    ];
    assert.deepEqual(pairsOf(lines), { partNumber: 'NOL-4801', serial: '06OE42964' });
  });
  test('a key whose box the detector cut short across the text still reaches the value under it', () => {
    // "SN" boxed 10 px high in a header row of 25 px keys over 37 px values (a turned plate, seed 910003).
    const lines = [
      line('Model', { u: 10, v: 0, heightPx: 25 }), line('SN', { u: 190, v: 8, heightPx: 10 }),
      line('Part No.', { u: 400, v: 0, heightPx: 25 }), line('Mfd', { u: 640, v: 0, heightPx: 25 }),
      line('XA-171', { u: 10, v: 45, heightPx: 37 }), line('LD802122', { u: 188, v: 45, heightPx: 37 }),
      line('TG738-6UJ', { u: 402, v: 45, heightPx: 37 }), line('JUL 2026', { u: 640, v: 45, heightPx: 37 }),
    ];
    assert.deepEqual(pairsOf(lines), { serial: 'LD802122', partNumber: 'TG738-6UJ', productionDate: 'JUL 2026' });
  });
  test('a key split by the detector ("Part" | "No.") takes the value under it, not its own fragment', () => {
    const lines = [
      line('Part', { u: 10, v: 0 }), line('No.', { u: 61, v: 0 }), line('S/N', { u: 250, v: 0 }),
      line('T368542-71', { u: 10, v: 30 }), line('PU260807', { u: 250, v: 30 }),
    ];
    assert.deepEqual(pairsOf(lines), { partNumber: 'T368542-71', serial: 'PU260807' });
  });
});

describe('table cells on a skewed photo', () => {
  test('a cell aligned under its own key is not taken by a key on its left as the value "to the right"', () => {
    // Header row REF … Mfd drifts upwards to the right (perspective), so the Mfd value
    // cell lies on REF's baseline, far to its right; REF's own value is under it.
    const lines = [
      line('REF', { u: 0, v: 0 }),
      line('69-8797-21', { u: 0, v: 22 }),
      line('Mfd', { u: 200, v: -25 }),
      line('07.2025', { u: 200, v: -5 }),
    ];
    assert.deepEqual(pairsOf(lines), { partNumber: '69-8797-21', productionDate: '07.2025' });
  });

  test('a value to the right on the same row still wins over an unrelated line below', () => {
    const lines = [line('LOT', { u: 0, v: 0 }), line('A1234', { u: 120, v: 0 }), line('MADE IN EU', { u: 0, v: 24 })];
    assert.deepEqual(pairsOf(lines), { lot: 'A1234' });
  });
});

describe('a key inside a date value', () => {
  test('is part of the date where the month name stands ("MFG 04 MFR 2024"), or where the date parses with it', () => {
    assert.deepEqual(pairsOf([line('MFG 04 MFR 2024 17:46')]), { productionDate: '04 MFR 2024 17:46' });
    assert.deepEqual(pairsOf([{ ...line('MFG: 04 MFR 2024'), dotMatrix: true }]), { productionDate: '04 MFR 2024' });
  });

  test('counts after a complete date, after a non-date key, and where no day-month-year shape holds it', () => {
    assert.deepEqual(pairsOf([line('MFG 2024-03-04 MFR ACME')]), { productionDate: '2024-03-04', supplier: 'ACME' });
    assert.deepEqual(pairsOf([line('LOT 04 MFR 2024')]), { lot: '04', supplier: '2024' });
    assert.deepEqual(pairsOf([line('MFG 04 MFR ACME')]), { productionDate: '04', supplier: 'ACME' });
  });
});
