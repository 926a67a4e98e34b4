import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecognizedChar } from '../core/types.js';
import { harmonizeCase } from './harmonize-case.js';

const line = (s: string): RecognizedChar[] => [...s].map((char) => ({ char, confidence: 0.9, alternatives: [{ char, p: 0.9 }, ...(char === 's' ? [{ char: 'S', p: 0.95 }] : [])] }));
const text = (cs: RecognizedChar[]): string => cs.map((c) => c.char).join('');

describe('harmonizeCase', () => {
  test('upper-cases c/o/s/u/v/w/x/z in tokens with two or more capitals or digits', () => {
    assert.equal(text(harmonizeCase(line('QTY 900 PCs'))), 'QTY 900 PCS');
    assert.equal(text(harmonizeCase(line('S/N Nx893487'))), 'S/N NX893487');
  });

  test('leaves words, short tokens and tokens with unambiguous lower case alone', () => {
    for (const s of ['Use by 31.03.2027', 'Batch 5Y0ZLPY', 'No. 5', 'Pcs', 'UG78YdL', 'QtY']) assert.equal(text(harmonizeCase(line(s))), s);
  });

  test('keeps chars consistent: the first alternative is the new char, with the best p of either case', () => {
    const out = harmonizeCase(line('AB1s'));
    const last = out[3]!;
    assert.equal(last.char, 'S');
    assert.equal(last.alternatives[0]!.char, 'S');
    assert.equal(last.confidence, 0.95);
    assert.ok(last.alternatives.some((a) => a.char === 's'));
  });
});
