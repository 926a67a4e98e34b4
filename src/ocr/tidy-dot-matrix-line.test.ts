import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecognizedChar } from '../core/types.js';
import { tidyDotMatrixLine, ZERO_BOOST_WITH_CELLS } from './tidy-dot-matrix-line.js';

/** Characters of `text`, each with confidence `conf[i]` (default 0.99). */
function chars(text: string, conf: Record<number, number> = {}): RecognizedChar[] {
  return [...text].map((char, i) => ({ char, confidence: conf[i] ?? 0.99, alternatives: [{ char, p: conf[i] ?? 0.99 }] }));
}
const tidy = (text: string, conf: Record<number, number> = {}): string => tidyDotMatrixLine(chars(text, conf)).map((c) => c.char).join('');

describe('tidyDotMatrixLine', () => {
  test('removes spaces inside dates and times and collapses runs of spaces', () => {
    assert.equal(tidy('BBE 15: 06: 2029'), 'BBE 15.06.2029'); // spaces go, then the colons of a day-month-year group
    assert.equal(tidy('MFG 22. 12. 2024 14 :40'), 'MFG 22.12.2024 14:40');
    assert.equal(tidy('LOT NO.  10F920'), 'LOT NO. 10F920');
    assert.equal(tidy('LOT N0. 91773-85'), 'LOT NO. 91773-85'); // `NO.` misread `N0.` is no date: its space stays
    assert.equal(tidy('LOT: 398416'), 'LOT: 398416'); // a key's colon keeps its space
    assert.equal(tidy(' EXP 2028/07/19 '), 'EXP 2028/07/19');
  });

  test('fixes date separators and a zero inside a word', () => {
    assert.equal(tidy('PRD 28.02:2026'), 'PRD 28.02.2026');
    assert.equal(tidy('EXP 23:12:2029'), 'EXP 23.12.2029');
    assert.equal(tidy('MFG 14:40:2029'), 'MFG 14.40.2029'); // the shape decides; the date parser then rejects month 40
    assert.equal(tidy('BBE 27 : 11.2029'), 'BBE 27.11.2029');
    assert.equal(tidy('MFG 2026:11:05 14:40'), 'MFG 2026:11:05 14:40'); // no dd.mm.yyyy group: left alone
    assert.equal(tidy('BB 2029/03:22'), 'BB 2029/03/22');
    assert.equal(tidy('USE BY 2026:05-25'), 'USE BY 2026-05-25');
    assert.equal(tidy('EXP:09:2026'), 'EXP:09.2026');
    assert.equal(tidy('MFG 05.2026 14:40'), 'MFG 05.2026 14:40'); // a time stays a time
    assert.equal(tidy('EXP 2026/11/05 14:40'), 'EXP 2026/11/05 14:40');
    assert.equal(tidy('L0T N0. 10F920'), 'LOT NO. 10F920');
    assert.equal(tidy('BEST BEF0RE 2030'), 'BEST BEFORE 2030');
    assert.equal(tidy('LOT 0M77U46 A0'), 'LOT 0M77U46 AO'); // a mixed identifier keeps its digits
  });

  test('drops low-confidence dashes in word gaps and keeps real hyphens', () => {
    assert.equal(tidy('USE BY - 2027-01-17', { 7: 0.6 }), 'USE BY 2027-01-17');
    assert.equal(tidy('PRD-28.02.2026', { 3: 0.6 }), 'PRD 28.02.2026');
    assert.equal(tidy('PROD -2024/09/20', { 5: 0.7 }), 'PROD 2024/09/20');
    // Confident dashes and dashes between digits are hyphens.
    assert.equal(tidy('PRD-28.02.2026'), 'PRD-28.02.2026');
    assert.equal(tidy('BATCH 90523-14', { 11: 0.5 }), 'BATCH 90523-14');
    // The same for a faint `.` glued to a word before a gap; a confident one is a real abbreviation point.
    assert.equal(tidy('LOT. A41835L', { 3: 0.6 }), 'LOT A41835L');
    assert.equal(tidy('LOT NO. A41835L'), 'LOT NO. A41835L');
  });

  test('a slashed zero read as 8 becomes 0 and stays first among its alternatives', () => {
    const line = chars('B467086');
    line[5] = { char: '8', confidence: 0.25, alternatives: [{ char: '8', p: 0.25 }, { char: '0', p: 0.2 }, { char: 'B', p: 0.17 }] };
    const out = tidyDotMatrixLine(line);
    assert.equal(out.map((c) => c.char).join(''), 'B467006');
    // The field decoder ranks alternatives by probability: the chosen `0` must lead them.
    assert.deepEqual(out[5]!.alternatives.map((a) => a.char), ['0', '8', 'B']);
    const ps = out[5]!.alternatives.map((a) => a.p);
    assert.deepEqual(ps, [...ps].sort((a, b) => b - a));
  });

  test('on a line with glyph cells the zero prior is weaker: a 9 with 0 listed at 0.25 of 0.61 stays 9, one at 0.35 still turns', () => {
    const line = chars('L14Y6791');
    line[6] = { char: '9', confidence: 0.61, alternatives: [{ char: '9', p: 0.61 }, { char: '0', p: 0.25 }] };
    const read = (l: RecognizedChar[], options = {}): string => tidyDotMatrixLine(l, options).map((c) => c.char).join('');
    assert.equal(read(line), 'L14Y6701', 'without cells: the full prior');
    assert.equal(read(line, { zeroBoost: ZERO_BOOST_WITH_CELLS }), 'L14Y6791');
    line[6] = { char: '9', confidence: 0.61, alternatives: [{ char: '9', p: 0.61 }, { char: '0', p: 0.35 }] };
    assert.equal(read(line, { zeroBoost: ZERO_BOOST_WITH_CELLS }), 'L14Y6701');
  });
});
