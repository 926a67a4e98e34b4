import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Raster } from '../core/types.js';
import { cropLine, rotateCrop180 } from './crop-line.js';

/** A w×h page whose pixel (x, y) is `f(x, y)`. */
function page(w: number, h: number, f: (x: number, y: number) => number): Raster {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = f(x, y);
  return { data, width: w, height: h, channels: 1 };
}

describe('cropLine', () => {
  test('an axis-aligned box at scale 1 gives the pixels themselves, and white where it leaves the page', () => {
    const g = page(40, 30, (x, y) => (x * 7 + y * 3) % 200);
    // 20×10 box from (30, 5): its last 10 columns lie past the right edge.
    const crop = cropLine(g, [30, 5], [50, 5], [30, 15], 10, 100);
    assert.equal(crop.width, 20);
    for (let y = 0; y < 10; y++) {
      for (let x = 0; x < 9; x++) assert.equal(crop.data[y * 20 + x], g.data[(5 + y) * 40 + 30 + x], `at ${x},${y}`);
      for (let x = 10; x < 20; x++) assert.equal(crop.data[y * 20 + x], 255, `outside at ${x},${y}`);
    }
  });

  test('a box shrunk more than 1.5 times averages 2×2 samples per pixel', () => {
    // Every fourth column dark: one sample per crop pixel (at source x = 4i + 1.5) would miss it
    // (200); samples at 4i + 0.5 and 4i + 2.5 see it in one of four bilinear taps: 150.
    const g = page(80, 40, (x) => (x % 4 === 3 ? 0 : 200));
    const crop = cropLine(g, [0, 0], [80, 0], [0, 40], 10, 100);
    assert.equal(crop.width, 20);
    for (const v of crop.data.subarray(0, 19)) assert.equal(v, 150);
  });

  test('rotateCrop180 reverses the pixels', () => {
    const crop = { data: Uint8Array.from([1, 2, 3, 4, 5, 6]), width: 3, height: 2 };
    assert.deepEqual([...rotateCrop180(crop).data], [6, 5, 4, 3, 2, 1]);
  });
});
