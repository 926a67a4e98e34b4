import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec } from './geometry.js';
import { splitStackedLines } from './split-stacked-lines.js';
import type { LineQuad } from './split-stacked-lines.js';

/** Drop centres of `lines` lines of a 5×7 grid (every grid position), `gapPitches` between lines, rotated by `angleDeg`. */
function dots(lines: number, gapPitches: number, pitch: number, angleDeg: number): Vec[] {
  const a = (angleDeg * Math.PI) / 180;
  const out: Vec[] = [];
  for (let l = 0; l < lines; l++) {
    for (let row = 0; row < 7; row++) {
      for (let col = 0; col < 40; col++) {
        const u = 20 + col * pitch;
        const v = 20 + (l * (6 + gapPitches) + row) * pitch;
        out.push([100 + u * Math.cos(a) - v * Math.sin(a), 100 + u * Math.sin(a) + v * Math.cos(a)]);
      }
    }
  }
  return out;
}

function quad(angleDeg: number, len: number, thick: number): LineQuad {
  const a = (angleDeg * Math.PI) / 180;
  const at = (u: number, v: number): Vec => [100 + u * Math.cos(a) - v * Math.sin(a), 100 + u * Math.sin(a) + v * Math.cos(a)];
  return { p0: at(10, 10), p1: at(10 + len, 10), p2: at(10 + len, 10 + thick), p3: at(10, 10 + thick) };
}

describe('splitStackedLines', () => {
  for (const angle of [0, 37, 130]) {
    test(`cuts a box over three stacked dot lines into three (text at ${angle}°)`, () => {
      const pitch = 6;
      const box = quad(angle, 40 * pitch + 20, 3 * 7 * pitch + 2 * 2.5 * pitch + 20);
      const parts = splitStackedLines([box], { pitchPx: pitch, dotCentres: dots(3, 2.5, pitch, angle) }, (q) => q);
      assert.equal(parts.length, 3);
      for (const p of parts) {
        const thick = Math.hypot(p.p3[0] - p.p0[0], p.p3[1] - p.p0[1]);
        assert.ok(Math.abs(thick - 8 * pitch) < 1, `line box ${thick} px thick`);
      }
    });
  }

  test('leaves a one-line box, a box without drops and closely spaced rows alone', () => {
    const pitch = 6;
    const one = quad(0, 260, 60);
    assert.deepEqual(splitStackedLines([one], { pitchPx: pitch, dotCentres: dots(1, 2.5, pitch, 0) }, (q) => q), [one]);
    const tall = quad(0, 260, 150);
    assert.deepEqual(splitStackedLines([tall], { pitchPx: pitch, dotCentres: [] }, (q) => q), [tall]);
    // Lines only 1 pitch apart look like one tall grid: no band to cut at.
    assert.deepEqual(splitStackedLines([tall], { pitchPx: pitch, dotCentres: dots(2, 1, pitch, 0) }, (q) => q), [tall]);
  });
});
