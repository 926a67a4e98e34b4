import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldResult } from '../core/types.js';
import { crossCheckFields, valuesAgree } from './cross-check.js';

const text = (value: string, extra: Partial<FieldResult> = {}): FieldResult => ({ value, confidence: 0.9, source: 'text', raw: `LOT ${value}`, box: [1, 2, 3, 4], status: 'ok', ...extra });
const code = (value: string): FieldResult => ({ value, confidence: 1, source: 'code', raw: value, box: [9, 9, 9, 9], status: 'ok' });

describe('crossCheckFields', () => {
  test('equal → source both, passing text-code-agree, printed raw and box kept', () => {
    const r = crossCheckFields({ lot: text('L24B1187') }, { lot: code('L24B1187') });
    assert.deepEqual(r.checks, [{ name: 'text-code-agree', field: 'lot', ok: true }]);
    assert.equal(r.fields.lot?.source, 'both');
    assert.equal(r.fields.lot?.raw, 'LOT L24B1187');
    assert.deepEqual(r.fields.lot?.box, [1, 2, 3, 4]);
  });
  test('different → code value, source code, failing text-code-mismatch', () => {
    const r = crossCheckFields({ lot: text('L24B1181') }, { lot: code('L24B1187') });
    assert.equal(r.fields.lot?.value, 'L24B1187');
    assert.equal(r.fields.lot?.source, 'code');
    assert.deepEqual(r.checks, [{ name: 'text-code-mismatch', field: 'lot', ok: false, message: 'text "L24B1181" vs code "L24B1187"' }]);
  });
  test('one side only → kept, no check', () => {
    const r = crossCheckFields({ serial: text('SN1') }, { gtin: code('09506000134352') });
    assert.deepEqual(Object.keys(r.fields).sort(), ['gtin', 'serial']);
    assert.deepEqual(r.checks, []);
  });
  test('comparison rules: case/spaces, GTIN-13 vs 14, month precision; a different day is a mismatch', () => {
    assert.ok(valuesAgree('lot', 'l24 b1187', 'L24B1187'));
    assert.ok(valuesAgree('gtin', '4006381333931', '04006381333931'));
    assert.ok(valuesAgree('expiryDate', '2028-04', '2028-04-30'));
    assert.ok(!valuesAgree('expiryDate', '2028-04-29', '2028-04-30'));
    assert.ok(!valuesAgree('expiryDate', '2028-05', '2028-04-30'));
    assert.ok(!valuesAgree('lot', '2028-04', '2028-04-30'));
  });
});
