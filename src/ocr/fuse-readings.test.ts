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

  test('the pivot is the reading nearest the others, not the most confident outlier', () => {
    const line = (text: string, p: number): DecodeCtcResult => reading([...text].map((ch) => [ch, p, '#', 0.01] as [string, number, string, number]));
    // Two renderings agree; the redrawn grid lost a glyph at each end.
    assert.equal(fuseReadings([line('LOT PI63R31', 0.78), line('LOT PI63R31', 0.79), line('OT PI63R3', 0.98)]).text, 'LOT PI63R31');
    // No two agree: the one a single edit from each of the others.
    assert.equal(fuseReadings([line('BATCH 5925AC', 0.96), line('BATCH 5925AC:', 0.95), line('BATCH 5925A(', 0.98)]).text, 'BATCH 5925AC');
  });

  test('with no reading close to another, the most confident is the pivot, however near the others a junk reading pulls', () => {
    const line = (text: string, p: number): DecodeCtcResult => reading([...text].map((ch) => [ch, p, '#', 0.01] as [string, number, string, number]));
    assert.equal(fuseReadings([line('EXP 8-9-', 0.81), line('EXP 2030-09-02', 0.88), line('T', 0.59)]).text, 'EXP 2030-09-02');
  });

  test('a reading with as many glyphs as the line has glyph cells is the pivot before the others', () => {
    const line = (text: string, p: number): DecodeCtcResult => reading([...text].map((ch) => [ch, p, '#', 0.01] as [string, number, string, number]));
    // Two renderings of merged drops read texture after the code alike; its grid holds 13 cells.
    const readings = [line('BATCH 59193-49 - 252', 0.77), line('BATCH 59193-49 - 255', 0.65), line('EATCH 59193-49', 0.99)];
    assert.match(fuseReadings(readings).text, /^BATCH 59193-49 - 25/);
    // The others lie too far from it to vote (6 edits in 14): the glyph cells settle its glyphs later.
    assert.equal(fuseReadings(readings, 13).text, 'EATCH 59193-49');
  });

  test('equal-length readings shifted by an edit on each side are aligned by edits, not position by position', () => {
    const line = (text: string, p: number): DecodeCtcResult => reading([...text].map((ch) => [ch, p, '#', 0.01] as [string, number, string, number]));
    const shifted = line('USE. BY 2026/08/15', 0.8);
    assert.equal(fuseReadings([line('USE BY 2026/08/ 15', 0.9), shifted, shifted], 15).text, 'USE BY 2026/08/ 15');
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
