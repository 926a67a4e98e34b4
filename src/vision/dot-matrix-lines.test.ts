import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSeededRandom } from '../core/seeded-random.js';
import { findDotMatrixLines, findDotMatrixTextLines } from './dot-matrix-lines.js';

interface Print {
  /** Lines of `chars` 5×7 cells each. */
  readonly lines: readonly number[];
  /** Rows between the bottom row of a line and the top row of the next. */
  readonly gapRows: number;
  readonly pitch: number;
  readonly angleDeg: number;
  /** Advance stretch (line speed). */
  readonly stretch?: number;
  /** Columns struck twice, half a pitch apart. */
  readonly bold?: boolean;
}

/** Drop centres of dot-matrix lines: every cell with a random half of its 35 drops, jittered. */
function drops(p: Print, seed = 7): [number, number][] {
  const rnd = createSeededRandom(seed);
  const a = (p.angleDeg * Math.PI) / 180;
  const sx = p.stretch ?? 1;
  const out: [number, number][] = [];
  p.lines.forEach((chars, l) => {
    for (let c = 0; c < chars; c++) {
      for (let row = 0; row < 7; row++) {
        for (let col = 0; col < 5; col++) {
          // Every row keeps a drop in every cell's first column, so each row is present as in real glyphs.
          if (col > 0 && rnd() < 0.5) continue;
          for (const half of p.bold ? [0, 0.5] : [0]) {
            const u = (c * 6 + col + half) * p.pitch * sx + (rnd() - 0.5) * 0.3 * p.pitch;
            const v = (l * (7 + p.gapRows) + row) * p.pitch + (rnd() - 0.5) * 0.3 * p.pitch;
            out.push([300 + u * Math.cos(a) - v * Math.sin(a), 300 + u * Math.sin(a) + v * Math.cos(a)]);
          }
        }
      }
    }
  });
  return out;
}

const dirDeg = (l: { p0: readonly number[]; p1: readonly number[] }): number =>
  (Math.atan2(l.p1[1]! - l.p0[1]!, l.p1[0]! - l.p0[0]!) * 180) / Math.PI;

describe('findDotMatrixLines', () => {
  for (const angleDeg of [0, -56, 103, 180]) {
    test(`parts three lines stacked 1.5 rows apart at ${angleDeg}°, from an axis 3° off`, () => {
      const pts = drops({ lines: [10, 14, 12], gapRows: 1.5, pitch: 6, angleDeg });
      const a = ((angleDeg + 3) * Math.PI) / 180;
      const lines = findDotMatrixLines(pts, { ux: Math.cos(a), uy: Math.sin(a) });
      assert.equal(lines.length, 3);
      for (const l of lines) {
        const d = ((dirDeg(l) - angleDeg + 540) % 360) - 180;
        assert.ok(Math.abs(d) <= 0.5, `line direction ${dirDeg(l)}° for print at ${angleDeg}°`);
        // Each box is one line high: 6 row pitches between the outer drop centres plus the margins.
        const thick = Math.hypot(l.p3[0] - l.p0[0], l.p3[1] - l.p0[1]);
        assert.ok(thick > 7 * 6 && thick < 10 * 6, `box ${thick} px high`);
      }
      const counts = lines.map((l) => l.dotCount).sort((x, y) => x - y);
      assert.ok(counts[0]! > 100, `drops per line ${counts.join(', ')}`);
    });
  }

  test('bold, stretched print: the row pitch comes from drops across the text, not the half-pitch strikes', () => {
    const pts = drops({ lines: [8, 8], gapRows: 2, pitch: 7, angleDeg: 30, stretch: 1.25, bold: true });
    const lines = findDotMatrixLines(pts, { ux: Math.cos(Math.PI / 6), uy: Math.sin(Math.PI / 6) });
    assert.equal(lines.length, 2);
    for (const l of lines) assert.ok(Math.abs(l.rowPitchPx - 7) < 1.5, `row pitch ${l.rowPitchPx}`);
  });

  test('parts lines stacked closer than 1.5 estimated row pitches when their band is too tall for one line', () => {
    // 0.6 rows between lines: the rows of two lines 1.6 pitches apart less the jitter, under the first cut's 1.5.
    const pts = drops({ lines: [10, 14, 12], gapRows: 0.6, pitch: 6, angleDeg: 0 }, 11);
    const lines = findDotMatrixLines(pts, { ux: 1, uy: 0 });
    assert.equal(lines.length, 3);
    for (const l of lines) assert.ok(Math.hypot(l.p3[0] - l.p0[0], l.p3[1] - l.p0[1]) < 10 * 6, 'each box one line high');
  });

  test('lines the drops cannot part, and too few drops, give no line', () => {
    // Rows of both lines one pitch apart: one 14-row band, which is left to the text detector.
    assert.deepEqual(findDotMatrixLines(drops({ lines: [10, 10], gapRows: 0, pitch: 6, angleDeg: 0 }), { ux: 1, uy: 0 }), []);
    assert.deepEqual(findDotMatrixLines([[10, 10], [16, 10], [22, 10]], { ux: 1, uy: 0 }), []);
  });
});

describe('findDotMatrixTextLines', () => {
  test('finds the lines and their axis when the given axis is 35° off the print, where neither it nor the one across it holds a line', () => {
    const pts = drops({ lines: [10, 14, 12], gapRows: 1.5, pitch: 6, angleDeg: 35 });
    assert.deepEqual(findDotMatrixLines(pts, { ux: 1, uy: 0 }).filter((l) => l.dotCount > 100), []);
    assert.deepEqual(findDotMatrixLines(pts, { ux: 0, uy: 1 }).filter((l) => l.dotCount > 100), []);
    const { axis, lines } = findDotMatrixTextLines(pts, { ux: 1, uy: 0 });
    assert.equal(lines.length, 3);
    const deg = (Math.atan2(axis.uy, axis.ux) * 180) / Math.PI;
    for (const l of lines) assert.ok(Math.abs(dirDeg(l) - 35) <= 0.5, `line direction ${dirDeg(l)}°, axis ${deg}°`);
  });

  test('keeps the given axis, or the one across it, when its lines hold most drops', () => {
    const pts = drops({ lines: [10, 14, 12], gapRows: 1.5, pitch: 6, angleDeg: 92 });
    const { lines } = findDotMatrixTextLines(pts, { ux: 1, uy: 0 });
    assert.equal(lines.length, 3);
    for (const l of lines) assert.ok(Math.abs(((dirDeg(l) - 92 + 540) % 360) - 180) <= 0.5 || Math.abs(((dirDeg(l) + 88 + 540) % 360) - 180) <= 0.5, `line direction ${dirDeg(l)}°`);
  });
});
