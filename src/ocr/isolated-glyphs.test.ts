import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecognizedChar } from '../core/types.js';
import { confusionGroup, fuseIsolatedReading, isolateGlyph, needsIsolatedReading } from './isolated-glyphs.js';

const ch = (alternatives: [string, number][]): RecognizedChar => ({
  char: alternatives[0]![0],
  confidence: alternatives[0]![1],
  alternatives: alternatives.map(([char, p]) => ({ char, p })),
});

describe('confusionGroup', () => {
  test('joins the groups a character is in, in upper case', () => {
    assert.deepEqual(confusionGroup('J').sort(), ['1', '3', 'I', 'J']);
    assert.deepEqual(confusionGroup('z').sort(), ['2', '7', 'Z']);
    assert.deepEqual(confusionGroup('6').sort(), ['6', 'G']);
    assert.deepEqual(confusionGroup('0'), []);
    assert.deepEqual(confusionGroup('O'), []);
  });
});

describe('needsIsolatedReading', () => {
  test('a digit with a letter of its group behind it is read again', () => {
    assert.equal(needsIsolatedReading(ch([['3', 0.92], ['J', 0.04], ['0', 0.01]])), true);
    // Both cases of the letter count.
    assert.equal(needsIsolatedReading(ch([['1', 0.82], ['J', 0.008], ['j', 0.008]])), true);
  });
  test('a sure reading, a character in no group, and a small letter are not', () => {
    assert.equal(needsIsolatedReading(ch([['3', 0.995], ['J', 0.002]])), false);
    assert.equal(needsIsolatedReading(ch([['0', 0.6], ['O', 0.4]])), false);
    assert.equal(needsIsolatedReading(ch([['s', 0.6], ['5', 0.3]])), false);
  });
});

describe('fuseIsolatedReading', () => {
  test('the glyph read alone as the letter outweighs a line that nearly tied (377724J read 3777243)', () => {
    const line = ch([['3', 0.92], ['J', 0.04], ['0', 0.01], ['1', 0.01]]);
    const r = fuseIsolatedReading(line, [{ char: 'J', p: 0.62 }, { char: 'j', p: 0.2 }, { char: '3', p: 0.03 }]);
    assert.equal(r.char, 'J');
    assert.equal(r.alternatives[0]!.char, 'J');
    // The other character stays an alternative for the field grammars, and `0`, outside the group, keeps its probability.
    assert.ok(r.alternatives.some((a) => a.char === '3' && a.p > 0));
    assert.equal(r.alternatives.find((a) => a.char === '0')?.p, 0.01);
    // The group's share of the line's probability is dealt out, not more.
    const groupP = r.alternatives.filter((a) => ['1', '3', 'I', 'J'].includes(a.char)).reduce((s, a) => s + a.p, 0);
    assert.ok(Math.abs(groupP - 0.97) < 1e-9, String(groupP));
  });
  test('a sure line reading is kept when the glyph alone leans the other way', () => {
    // A glyph alone can lean the wrong way (the B of `Batch` alone read 8 at 0.68): a line at 0.99 keeps its reading.
    const line = ch([['Z', 0.99], ['2', 0.006], ['7', 0.004]]);
    assert.equal(fuseIsolatedReading(line, [{ char: '2', p: 0.7 }, { char: 'Z', p: 0.2 }]).char, 'Z');
  });
  test('both readings agreeing keep the character', () => {
    const line = ch([['7', 0.6], ['Z', 0.3], ['2', 0.1]]);
    assert.equal(fuseIsolatedReading(line, [{ char: '7', p: 0.9 }, { char: 'Z', p: 0.05 }]).char, '7');
  });
  test('an unsure reading alone, or one outside the group, changes nothing (7743-YM-837J)', () => {
    const line = ch([['J', 0.748], ['3', 0.167], ['1', 0.024]]);
    assert.equal(fuseIsolatedReading(line, [{ char: '5', p: 0.253 }, { char: '3', p: 0.211 }, { char: '2', p: 0.085 }]), line);
    assert.equal(fuseIsolatedReading(line, [{ char: '3', p: 0.4 }, { char: 'J', p: 0.05 }]), line);
  });
  test('no reading alone, or a character in no group, changes nothing', () => {
    const line = ch([['1', 0.6], ['I', 0.4]]);
    assert.equal(fuseIsolatedReading(line, []), line);
    const zero = ch([['0', 0.6], ['O', 0.4]]);
    assert.equal(fuseIsolatedReading(zero, [{ char: 'O', p: 1 }]), zero);
  });
});

describe('isolateGlyph', () => {
  test('cuts the glyph columns onto paper with a margin each side', () => {
    // A 10×4 crop: paper 200, the glyph's columns 4–5 at 10, a neighbour's column 8 at 20.
    const W = 10;
    const H = 4;
    const data = new Uint8Array(W * H).fill(200);
    for (let y = 0; y < H; y++) {
      data[y * W + 4] = 10;
      data[y * W + 5] = 10;
      data[y * W + 8] = 20;
    }
    const out = isolateGlyph({ data, width: W, height: H }, { x0: 4, x1: 6, y0: 0, y1: 4 }, 255);
    const pad = Math.round(0.35 * H);
    assert.equal(out.height, H);
    assert.equal(out.width, 4 + 2 * pad);
    for (let y = 0; y < H; y++) {
      const row = [...out.data.subarray(y * out.width, (y + 1) * out.width)];
      // Paper, one column of the crop's paper, the glyph, one column of paper, paper: the neighbour is gone.
      assert.deepEqual(row, [...Array(pad).fill(255), 200, 10, 10, 200, ...Array(pad).fill(255)]);
    }
  });
});
