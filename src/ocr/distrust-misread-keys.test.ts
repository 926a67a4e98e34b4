import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecognizedChar } from '../core/types.js';
import { distrustMisreadKeys } from './distrust-misread-keys.js';

const readAs = (text: string): RecognizedChar[] => [...text].map((char) => ({ char, confidence: 0.95, alternatives: [{ char, p: 0.95 }] }));
const confidences = (chars: readonly RecognizedChar[]): number[] => chars.map((c) => c.confidence);

describe('distrustMisreadKeys', () => {
  test('a key letter read as another character teaches nothing; the rest of the line is left as read', () => {
    const read = readAs('USE 3Y 11.04.2028');
    const spelled = distrustMisreadKeys(read);
    assert.equal(spelled.map((c) => c.char).join(''), 'USE 3Y 11.04.2028', 'the text itself is not changed');
    assert.deepEqual(confidences(spelled), confidences(read).map((p, i) => (i === 4 ? 0 : p)));
  });

  test('keys read as spelled, keys with a filler word and lines without a key are left alone', () => {
    for (const line of ['BATCH 7396HS', 'LOT NO. B874354', 'L/N 19856-97', 'RECYCLABLE', '12x500g']) {
      const read = readAs(line);
      assert.deepEqual(distrustMisreadKeys(read), read, line);
    }
  });

  test('a garbled key whose glyphs are as many as the alias\'s marks each wrong letter', () => {
    // "EATCH" is BATCH one letter off (a fuzzy key at the line start): the E was a B.
    assert.deepEqual(confidences(distrustMisreadKeys(readAs('EATCH L49V0050'))).slice(0, 5), [0, 0.95, 0.95, 0.95, 0.95]);
    // "EXF" is EXP with one dot-matrix confusion.
    assert.deepEqual(confidences(distrustMisreadKeys(readAs('EXF 06.2028'))).slice(0, 3), [0.95, 0.95, 0]);
  });
});
