import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodeCtcResult } from './ctc-decode.js';
import { fuseReadings } from './fuse-readings.js';

/** A reading; each char given as [top, p, second, p2]. */
function reading(spec: [string, number, string, number][]): DecodeCtcResult {
  const chars = spec.map(([c, p, c2, p2]) => ({ char: c, confidence: p, alternatives: [{ char: c, p }, { char: c2, p: p2 }] }));
  return { text: spec.map((s) => s[0]).join(''), chars, confidence: chars.reduce((s, c) => s + c.confidence, 0) / chars.length, frames: spec.map((_, i) => i) };
}

describe('fuseReadings', () => {
  test('votes per position when the readings have equal length', () => {
    const a = reading([['P', 0.55, 'F', 0.4], ['R', 0.9, 'B', 0.05], ['D', 0.95, 'O', 0.02]]);
    const b = reading([['F', 0.5, 'P', 0.45], ['R', 0.95, 'A', 0.02], ['D', 0.9, 'O', 0.05]]);
    const c = reading([['P', 0.7, 'F', 0.2], ['8', 0.5, 'R', 0.45], ['D', 0.9, '0', 0.05]]);
    const f = fuseReadings([a, b, c]);
    assert.equal(f.text, 'PRD');
    assert.ok(Math.abs(f.chars[0]!.confidence - (0.55 + 0.45 + 0.7) / 3) < 1e-9);
    assert.equal(f.chars[0]!.alternatives[1]!.char, 'F');
  });

  test('aligns a reading of another length to the most confident one and votes over the alignment', () => {
    // Pivot `EXP 2O26` (O misread); the other reading lost the space and reads the 0.
    const pivot = reading([['E', 0.9, 'F', 0.05], ['X', 0.9, 'K', 0.05], ['P', 0.9, 'F', 0.05], [' ', 0.9, '-', 0.05], ['2', 0.9, 'Z', 0.05], ['O', 0.5, '0', 0.45], ['2', 0.9, 'Z', 0.05], ['6', 0.9, 'G', 0.05]]);
    const other = reading([['E', 0.8, 'F', 0.1], ['X', 0.8, 'K', 0.1], ['P', 0.8, 'F', 0.1], ['2', 0.8, 'Z', 0.1], ['0', 0.8, 'O', 0.1], ['2', 0.8, 'Z', 0.1], ['6', 0.8, 'G', 0.1]]);
    const f = fuseReadings([pivot, other]);
    assert.equal(f.text, 'EXP 2026'); // the pivot's space stays, its O is outvoted
    assert.ok(Math.abs(f.chars[5]!.confidence - (0.45 + 0.8) / 2) < 1e-9);
    assert.ok(Math.abs(f.chars[3]!.confidence - 0.9 / 2) < 1e-9, 'the space had one vote of two');
  });

  test('a sure reading that stops short of glyphs every other reading shows at the line end is not the pivot', () => {
    const line = (text: string, p: number): DecodeCtcResult => reading([...text].map((ch) => [ch, p, '#', 0.01] as [string, number, string, number]));
    const grid = line('USE BY 21 DEC', 0.95); // the drop grid's reading: the year's drops were not found
    const merged = line('USE BY 21 DEC 2026', 0.84);
    const closed = line('USE BY 21 DEC 2O26', 0.76);
    assert.equal(fuseReadings([merged, closed, grid]).text, 'USE BY 21 DEC 2026');
    // One reading alone going further does not move the pivot, nor does a punctuation mark.
    assert.equal(fuseReadings([merged, line('USE BY 21 DEC', 0.8), grid]).text, 'USE BY 21 DEC');
    assert.equal(fuseReadings([line('USE BY 21 DEC.', 0.84), line('USE BY 21 DEC :', 0.8), grid]).text, 'USE BY 21 DEC');
  });

  test('keeps the most confident reading when the others are far from it, and a lone reading as it is', () => {
    const a = reading([['E', 0.6, 'F', 0.3], ['X', 0.6, 'K', 0.3]]);
    const b = reading([['E', 0.9, 'F', 0.05], ['X', 0.9, 'K', 0.05], ['P', 0.9, 'F', 0.05]]);
    assert.equal(fuseReadings([a, b]), b); // one edit in three characters: too far to align
    assert.equal(fuseReadings([a]), a);
    const empty: DecodeCtcResult = { text: '', chars: [], confidence: 0, frames: [] };
    assert.equal(fuseReadings([empty, a]), a);
    assert.equal(fuseReadings([empty]), empty);
  });
});
