import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Raster } from '../core/types.js';
import { createSeededRandom } from '../core/seeded-random.js';
import { detectDotMatrix } from './dot-matrix.js';
import { enhanceForOcr } from './enhance-for-ocr.js';
import { flattenBackground } from './flatten-background.js';

// 5×7 glyphs (rows top to bottom) for a line of drops.
const GLYPHS: Record<string, string> = {
  '2': '.###. #...# ....# ...#. ..#.. .#... #####',
  '0': '.###. #...# #..## #.#.# ##..# #...# .###.',
  '6': '..##. .#... #.... ####. #...# #...# .###.',
  '9': '.###. #...# #...# .#### ....# ...#. .##..',
  '1': '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
};

/**
 * A carton on a dark bench: the bench (gray `bench`) fills most of the frame, the board (`board`)
 * the rest, with lines of small faint drops (`drop` at the centre, fading out over `radiusPx`) and noise.
 */
function cartonOnBench(options: { bench: number; board: number; drop: number; radiusPx: number; pitchPx: number; noise: number }): Raster {
  const w = 720;
  const h = 420;
  const next = createSeededRandom(7);
  const data = new Float32Array(w * h).fill(options.bench);
  const [bx0, by0, bx1, by1] = [150, 90, 560, 330];
  for (let y = by0; y < by1; y++) data.fill(options.board, y * w + bx0, y * w + bx1);
  const lines = ['2026 1109', '0912 2690'];
  lines.forEach((line, li) => {
    [...line].forEach((ch, k) => {
      const rows = GLYPHS[ch]?.split(' ');
      if (!rows) return;
      rows.forEach((row, r) => [...row].forEach((dot, c) => {
        if (dot !== '#') return;
        const cx = bx0 + 40 + (k * 6 + c) * options.pitchPx;
        const cy = by0 + 50 + li * 10 * options.pitchPx + r * options.pitchPx;
        const R = options.radiusPx;
        for (let y = Math.floor(cy - R - 1); y <= cy + R + 1; y++) {
          for (let x = Math.floor(cx - R - 1); x <= cx + R + 1; x++) {
            const t = Math.max(0, Math.min(1, R + 0.5 - Math.hypot(x - cx, y - cy)));
            const i = y * w + x;
            data[i] = data[i]! + t * (options.drop - data[i]!);
          }
        }
      }));
    });
  });
  const out = new Uint8Array(w * h);
  for (let i = 0; i < out.length; i++) {
    // Box–Muller noise.
    const g = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    out[i] = Math.max(0, Math.min(255, Math.round(data[i]! + options.noise * g)));
  }
  return { data: out, width: w, height: h, channels: 1 };
}

describe('enhanceForOcr', () => {
  test('finds faint drops on a carton shot on a dark bench, where only a light ink threshold separates them', () => {
    const page = cartonOnBench({ bench: 70, board: 180, drop: 120, radiusPx: 1.7, pitchPx: 6, noise: 8 });
    const flipped = flattenBackground(page);
    assert.equal(flipped.inverted, true, 'the dark bench makes the page pass for light print on dark');
    const upright = flattenBackground(page, undefined, 'dark-on-light').gray;
    assert.equal(detectDotMatrix(upright, { inkThreshold: 128 }).isDotMatrix, false, 'the usual thresholds do not find these drops');
    const e = enhanceForOcr(page);
    assert.equal(e.inverted, false);
    assert.equal(e.dotMatrix.isDotMatrix, true);
    assert.ok(e.dotMatrix.dotCount >= 150, `dots ${e.dotMatrix.dotCount}`);
  });
});
