import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldResult } from '../core/types.js';
import { verifyExpectations } from './expectations.js';

const f = (value: string, status: FieldResult['status'] = 'ok'): FieldResult => ({ value, confidence: 0.9, source: 'text', status });

test('verifyExpectations: match, mismatch, missing, low confidence', () => {
  const checks = verifyExpectations(
    { lot: f('L24B1187'), gtin: f('09506000134352'), serial: f('SN1', 'low-confidence'), expiryDate: f('2028-04-30') },
    { lot: 'L24B1187', gtin: '9506000134352', quantity: '250', serial: 'SN1', expiryDate: '2028-05' },
  );
  assert.deepEqual(checks, [
    { name: 'expected-value', field: 'lot', ok: true },
    { name: 'expected-value', field: 'gtin', ok: true },
    { name: 'expected-value', field: 'quantity', ok: false, message: 'expected "250", not read' },
    { name: 'expected-value', field: 'serial', ok: false, message: 'expected "SN1", read "SN1" with low confidence' },
    { name: 'expected-value', field: 'expiryDate', ok: false, message: 'expected "2028-05", read "2028-04-30"' },
  ]);
});
