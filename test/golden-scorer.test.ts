// Unit tests of the bench's scorer, truth-file reader and baseline key rules.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isContractForm, percentile, ratio, scoreLabel, summarize, topConfusions } from '../bench/labels/score.js';
import { parseTruthJsonl } from '../bench/labels/truth-file.js';
import { extractFieldsByKeyRules } from '../bench/baselines/key-rules.js';

describe('scoreLabel', () => {
  const truth = { serial: 'SN00923', lot: 'L24B1187', expiryDate: '2028-04' };
  test('all right and nothing extra is a right label', () => {
    const s = scoreLabel('a.png', 'logistics', truth, { ...truth }, 10);
    assert.equal(s.labelOk, true);
    assert.deepEqual([...s.correct].sort(), ['expiryDate', 'lot', 'serial']);
  });
  test('a wrong value is a misread, an absent one is missing, an extra one is spurious', () => {
    const s = scoreLabel('a.png', 'inkjet', truth, { serial: 'SN0O923', expiryDate: '2028-04', gtin: '09506000134352' }, 10);
    assert.deepEqual(s.misread, [{ field: 'serial', expected: 'SN00923', got: 'SN0O923' }]);
    assert.deepEqual(s.missing, ['lot']);
    assert.deepEqual(s.spurious, [{ field: 'gtin', got: '09506000134352' }]);
    assert.equal(s.labelOk, false);
  });
  test('a spurious field alone fails the label', () => {
    assert.equal(scoreLabel('a', 'f', { lot: 'X1' }, { lot: 'X1', quantity: '5' }, 1).labelOk, false);
  });
});

describe('summarize', () => {
  test('adds up per field, per family and overall, and takes timing percentiles', () => {
    const scores = [
      scoreLabel('1', 'inkjet', { lot: 'A1', expiryDate: '2026-01' }, { lot: 'A1', expiryDate: '2026-01' }, 100),
      scoreLabel('2', 'inkjet', { lot: 'B2' }, { lot: 'B8' }, 200),
      scoreLabel('3', 'plate', { serial: 'S1' }, {}, 300),
      scoreLabel('4', 'plate', { serial: 'S2' }, {}, 400, 'engine fault'),
    ];
    const s = summarize(scores);
    assert.deepEqual(s.overall, { fields: 5, correct: 2, misread: 1, missing: 2, spurious: 0, malformed: 0, labels: 4, labelsOk: 1 });
    assert.equal(s.perField.lot?.correct, 1);
    assert.equal(s.perField.lot?.misread, 1);
    assert.equal(s.perFamily['inkjet']?.labelsOk, 1);
    assert.equal(s.perFamily['plate']?.missing, 2);
    assert.equal(s.errors, 1);
    assert.equal(s.msMedian, 200); // the failed read's time is left out
    assert.equal(s.msP95, 300);
  });
  test('percentile is nearest-rank; ratio of nothing is NaN', () => {
    assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
    assert.ok(Number.isNaN(percentile([], 50)));
    assert.ok(Number.isNaN(ratio(1, 0)));
  });
  test('confusions group equal-length misreads by the differing characters', () => {
    const scores = [
      scoreLabel('1', 'f', { lot: 'L0A' }, { lot: 'LOA' }, 1),
      scoreLabel('2', 'f', { lot: 'X0Y' }, { lot: 'XOY' }, 1),
      scoreLabel('3', 'f', { serial: '123' }, { serial: '12' }, 1),
    ];
    assert.deepEqual(topConfusions(scores), [
      { field: 'lot', expected: '…0…', got: '…O…', count: 2 },
      { field: 'serial', expected: '123', got: '12', count: 1 },
    ]);
  });
});

describe('isContractForm', () => {
  test('accepts contract values and flags the rest', () => {
    assert.ok(isContractForm('gtin', '09506000134352'));
    assert.ok(!isContractForm('gtin', '09506000134353')); // check digit wrong
    assert.ok(!isContractForm('gtin', '17673967529')); // 11 digits
    assert.ok(isContractForm('expiryDate', '2028-04') && isContractForm('expiryDate', '2028-02-29') && isContractForm('productionDate', '2026-W15'));
    assert.ok(!isContractForm('expiryDate', '150C28') && !isContractForm('expiryDate', '2027-02-29') && !isContractForm('expiryDate', '2028-13'));
    assert.ok(isContractForm('quantity', '250') && !isContractForm('quantity', '250PCS'));
    assert.ok(isContractForm('lot', 'L24B1187') && !isContractForm('lot', 'l24b1187') && !isContractForm('serial', 'SN 00923'));
  });
  test('scoreLabel lists malformed reported values', () => {
    assert.deepEqual(scoreLabel('a', 'f', { expiryDate: '2028-10-15' }, { expiryDate: '150C28' }, 1).malformed, ['expiryDate']);
  });
});

describe('truth.jsonl', () => {
  test('parses records and defaults the family', () => {
    const r = parseTruthJsonl('{"file":"a.jpg","family":"plate","fields":{"serial":"X1"}}\n\n{"file":"b.jpg","fields":{}}\n');
    assert.deepEqual(r, [{ file: 'a.jpg', family: 'plate', fields: { serial: 'X1' } }, { file: 'b.jpg', family: 'custom', fields: {} }]);
  });
  test('reports every bad line at once', () => {
    assert.throws(() => parseTruthJsonl('nope\n{"file":"a","fields":{"serialNo":"1"}}\n{"fields":{}}\n'), (err: Error) =>
      /3 problem/.test(err.message) && /line 1: not JSON/.test(err.message) && /unknown field "serialNo"/.test(err.message) && /line 3/.test(err.message));
  });
});

describe('baseline key rules', () => {
  test('read keyed lines and the GS1 human-readable line', () => {
    const f = extractFieldsByKeyRules(['ACME GmbH', 'S/N: SN00923', 'LOT L24B1187', 'EXP 15APR26', 'QTY: 250', '(01)09506000134352(10)L24B1187']);
    assert.deepEqual(f, { gtin: '09506000134352', lot: 'L24B1187', serial: 'SN00923', expiryDate: '2026-04-15', quantity: '250' });
  });
  test('a key must end at a word end, and a date key without a date gives nothing', () => {
    assert.deepEqual(extractFieldsByKeyRules(['SERIES 4', 'EXP soon']), {});
  });
});
