import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenBackground } from './flatten-background.js';

/** 300×120 page: paper brightness falls from 240 (left) to 90 (right); ink bars at 40 % of the local paper level. */
function unevenPage(invert = false) {
  const w = 300;
  const h = 120;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const paper = 240 - (150 * x) / w;
      const ink = y > 50 && y < 70 && x % 20 < 6;
      const v = ink ? paper * 0.4 : paper;
      data[y * w + x] = invert ? 255 - v : v;
    }
  }
  return { data, width: w, height: h, channels: 1 as const };
}

describe('flattenBackground', () => {
  test('evens out a light gradient: paper ends up uniform and ink dark on both sides', () => {
    const { gray, inverted } = flattenBackground(unevenPage());
    assert.equal(inverted, false);
    const at = (x: number, y: number): number => gray.data[y * gray.width + x]!;
    // Paper left and right (row 20) within a few levels of each other, near white.
    assert.ok(Math.abs(at(10, 20) - at(290, 20)) < 20, `${at(10, 20)} vs ${at(290, 20)}`);
    assert.ok(at(290, 20) > 220);
    // Ink on the dark right side is as dark as on the left.
    assert.ok(at(282, 60) < 130 && at(2, 60) < 130, `${at(2, 60)} ${at(282, 60)}`);
  });

  test('inverts light text on a dark background', () => {
    const { gray, inverted } = flattenBackground(unevenPage(true));
    assert.equal(inverted, true);
    assert.ok(gray.data[20 * gray.width + 10]! > 200);
  });
});
