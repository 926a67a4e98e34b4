import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldResult } from '../core/types.js';
import { extractFields } from '../extract/index.js';
import { createSyntheticLine } from '../extract/test-support/synthetic-line.js';
import { checkDateOrder } from './date-order.js';

const date = (value: string): FieldResult => ({ value, confidence: 0.9, source: 'text' });

describe('date-order: the expiry date is not before the production date', () => {
  test('an expiry before the production date fails and names both', () => {
    const c = checkDateOrder(date('2026-03-26'), date('2022-12-06'));
    assert.equal(c?.name, 'date-order');
    assert.equal(c?.ok, false);
    assert.match(c?.message ?? '', /expiry 2022-12-06 is before production 2026-03-26/);
  });
  test('dates are compared at the precision both have', () => {
    assert.equal(checkDateOrder(date('2026-03-26'), date('2026-03'))?.ok, true, 'the month of the production day');
    assert.equal(checkDateOrder(date('2026-03-26'), date('2026-02'))?.ok, false);
    assert.equal(checkDateOrder(date('2026-03-26'), date('2026-03-26'))?.ok, true, 'the same day');
    // ISO week 2026-W01 runs from Monday 29 December 2025 to Sunday 4 January 2026.
    assert.equal(checkDateOrder(date('2025-12-30'), date('2026-W01'))?.ok, true, 'a day in the expiry week');
    assert.equal(checkDateOrder(date('2026-01-05'), date('2026-W01'))?.ok, false, 'the Monday after it');
    assert.equal(checkDateOrder(date('2026-W02'), date('2026-01-04'))?.ok, false, 'a day before the production week');
    assert.equal(checkDateOrder(date('2026-W02'), date('2026-W02'))?.ok, true);
    // A week and a month: the month of the week's Thursday (2026-W05: Thursday 29 January).
    assert.equal(checkDateOrder(date('2026-W05'), date('2026-01'))?.ok, true);
    assert.equal(checkDateOrder(date('2026-W06'), date('2026-01'))?.ok, false, 'Thursday 5 February');
    // 2020-W53 (a 53-week year) holds Thursday 31 December 2020; 2021-01-03 is its Sunday.
    assert.equal(checkDateOrder(date('2021-01-03'), date('2020-W53'))?.ok, true);
  });
  test('no check unless both dates were read', () => {
    assert.equal(checkDateOrder(undefined, date('2026-03')), undefined);
    assert.equal(checkDateOrder(date('2026-03'), undefined), undefined);
  });
  test('a read with both dates carries the check; the values stay as read', () => {
    const lines = [createSyntheticLine('PROD 2026-03-26', { v: 0 }), createSyntheticLine('EXP 2022-12-06', { v: 40 })];
    const r = extractFields({ lines, codes: [] });
    assert.equal(r.fields.productionDate?.value, '2026-03-26');
    assert.equal(r.fields.expiryDate?.value, '2022-12-06');
    assert.deepEqual(r.checks.filter((c) => c.name === 'date-order').map((c) => c.ok), [false]);
    const fine = extractFields({ lines: [lines[0]!, createSyntheticLine('EXP 2027-12-06', { v: 40 })], codes: [] });
    assert.deepEqual(fine.checks.filter((c) => c.name === 'date-order').map((c) => c.ok), [true]);
  });
});
