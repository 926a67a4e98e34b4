import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeImage } from './decode-image.js';
import type { Raster } from '../core/types.js';
import { createSeededRandom } from '../core/seeded-random.js';
import { detectDotMatrix, filterRect, labelBlobs, mergeDots, mergeDotsClosing } from './dot-matrix.js';
import { flattenBackground } from './flatten-background.js';
import { DOT_FONT_5X7, paintDotLines, paintTiltedBars, renderLabel } from './testing/render-label.js';

async function grayOf(lines: Parameters<typeof renderLabel>[0], blurSigma = 0) {
  const img = await decodeImage(await renderLabel(lines, { widthPx: 600, heightPx: 160, blurSigma }));
  return flattenBackground(img.gray).gray;
}

/**
 * 8-connected blobs darker than `thr` in a region, in raster order of their first pixel, by flood
 * fill: the reference for `labelBlobs`, and a count of blobs to see dots joined into strokes.
 */
function floodBlobs(g: { data: Uint8Array; width: number; height: number }, x0: number, y0: number, x1: number, y1: number, thr: number) {
  const seen = new Uint8Array(g.width * g.height);
  const blobs: { x0: number; y0: number; x1: number; y1: number; area: number; cx: number; cy: number }[] = [];
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * g.width + x;
      if (seen[i] || g.data[i]! >= thr) continue;
      const b = { x0: x, y0: y, x1: x + 1, y1: y + 1, area: 0, cx: 0, cy: 0 };
      const stack = [i];
      seen[i] = 1;
      while (stack.length) {
        const j = stack.pop()!;
        const jx = j % g.width;
        const jy = (j - jx) / g.width;
        b.x0 = Math.min(b.x0, jx); b.x1 = Math.max(b.x1, jx + 1); b.y1 = Math.max(b.y1, jy + 1);
        b.area++; b.cx += jx; b.cy += jy;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
          const nx = jx + dx;
          const ny = jy + dy;
          if (nx < x0 || ny < y0 || nx >= x1 || ny >= y1) continue;
          const k = ny * g.width + nx;
          if (!seen[k] && g.data[k]! < thr) { seen[k] = 1; stack.push(k); }
        }
      }
      blobs.push({ ...b, cx: b.cx / b.area, cy: b.cy / b.area });
    }
  }
  return blobs;
}

function countBlobs(g: { data: Uint8Array; width: number; height: number }, x0: number, y0: number, x1: number, y1: number, thr: number): number {
  return floodBlobs(g, x0, y0, x1, y1, thr).length;
}

describe('labelBlobs', () => {
  test('finds the flood fill\'s 8-connected blobs, in raster order, and the runs they are made of', () => {
    const next = createSeededRandom(5);
    // Random pages from sparse specks to dense tangles (U shapes joined from below, diagonal-only
    // contacts, blobs touching the page edges), plus one-pixel-wide and one-pixel-high pages.
    const pages: Raster[] = [];
    for (const [w, h, ink] of [[1, 1, 0.5], [1, 37, 0.5], [41, 1, 0.5], [64, 48, 0.1], [64, 48, 0.35], [57, 61, 0.5], [80, 40, 0.62]] as const) {
      for (let rep = 0; rep < 3; rep++) pages.push({ data: new Uint8Array(w * h).map(() => (next() < ink ? Math.floor(next() * 120) : 200)), width: w, height: h, channels: 1 });
    }
    for (const page of pages) {
      for (const thr of [50, 80, 128]) {
        const got = labelBlobs(page, thr);
        assert.deepEqual([...got.blobs.values()], floodBlobs(page, 0, 0, page.width, page.height, thr), `${page.width}×${page.height} thr ${thr}`);
        // The runs cover the ink exactly, each with its blob's label.
        const painted = new Int32Array(page.width * page.height);
        for (let y = 0; y < page.height; y++) {
          for (let r = got.rowStart[y]!; r < got.rowStart[y + 1]!; r++) painted.fill(got.runLabel[r]!, y * page.width + got.runX0[r]!, y * page.width + got.runX1[r]!);
        }
        for (let i = 0; i < painted.length; i++) assert.equal(painted[i] !== 0, page.data[i]! < thr);
        for (const [label, b] of got.blobs) {
          let area = 0;
          for (let y = b.y0; y < b.y1; y++) for (let x = b.x0; x < b.x1; x++) if (painted[y * page.width + x] === label) area++;
          assert.equal(area, b.area);
        }
      }
    }
  });
});

describe('detectDotMatrix / mergeDots', () => {
  test('finds the dot pitch of 5×7 dot-matrix print and merges the dots into about one stroke per character', async () => {
    const g = await grayOf([{ text: 'MFG 2026-11-05', font: 'dots', sizePx: 35 }]);
    const d = detectDotMatrix(g);
    assert.equal(d.isDotMatrix, true);
    assert.ok(Math.abs(d.dotPitchPx - 5) < 0.8, `pitch ${d.dotPitchPx}`); // rendered with pitch 35 / 7 = 5 px
    // Dots are counted at mid-gray; after merging any visible darkening counts, as the smoothed joins are light.
    const before = countBlobs(g, 0, 0, g.width, g.height, 128);
    const merged = mergeDots(g, d);
    const after = countBlobs(merged, 0, 0, g.width, g.height, 200);
    assert.ok(before > 150, `dots before: ${before}`);
    // 12 visible glyphs (2 of them '-' and some with 2 parts): far fewer blobs than dots.
    assert.ok(after <= 20, `blobs after merging: ${after}`);
  });

  test('solid printed text and a blank page are not dot-matrix', async () => {
    const g = await grayOf([{ text: 'LOT: A23B-0917 S/N 12.34.56', font: 'ocrb', sizePx: 30 }, { text: 'Use by 31.03.2027 ...', font: 'dejavu', sizePx: 26 }]);
    assert.equal(detectDotMatrix(g).isDotMatrix, false);
    const blank = { data: new Uint8Array(300 * 100).fill(255), width: 300, height: 100, channels: 1 as const };
    assert.equal(detectDotMatrix(blank).isDotMatrix, false);
    assert.equal(mergeDots(blank, detectDotMatrix(blank)), blank);
  });

  test('bold solid glyphs that pass for drops (one roundish blob per character, rows far apart) are not dot-matrix', () => {
    // Three lines of 20 "glyphs": filled discs 13 px across, 17.5 px apart along the line, lines 40 px apart,
    // as a bold DejaVu 0/8/a/e at ~18 px rendered on a logistics label that was taken for drops.
    const w = 420;
    const h = 150;
    const data = new Uint8Array(w * h).fill(235);
    for (let line = 0; line < 3; line++) {
      for (let k = 0; k < 20; k++) {
        const cx = 20 + k * 17.5;
        const cy = 30 + line * 40;
        for (let y = Math.floor(cy - 7); y <= cy + 7; y++) for (let x = Math.floor(cx - 7); x <= cx + 7; x++) if (Math.hypot(x - cx, y - cy) <= 6.5) data[y * w + x] = 20;
      }
    }
    assert.equal(detectDotMatrix({ data, width: w, height: h, channels: 1 }).isDotMatrix, false);
  });

  test('a code tilted by 45° on a label beside the dark bench is found: ink spanning half the image does not count against the drops', () => {
    // A carton corner shot at 45°: paper below the diagonal y = x − 70, the dark bench above it (ink at
    // threshold 128), and three 5×7-style lines of drops running along the diagonal just inside the paper.
    // The drops' axis-aligned box takes in a triangle of bench that holds several times their ink.
    const w = 420;
    const h = 420;
    const data = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = y < x - 70 ? 40 : 225;
    const rnd = createSeededRandom(4501);
    const [ux, uy] = [Math.SQRT1_2, Math.SQRT1_2];
    const [vx, vy] = [-Math.SQRT1_2, Math.SQRT1_2];
    for (let line = 0; line < 3; line++) {
      for (let k = 0; k < 48; k++) {
        if (k % 6 === 5) continue; // the gap column between glyphs
        for (let r = 0; r < 7; r++) {
          if (rnd() < 0.35) continue;
          const along = 40 + k * 6;
          const across = 10 + line * 60 + r * 6;
          const cx = 70 + along * ux + across * vx + 50;
          const cy = along * uy + across * vy + 50;
          for (let y = Math.floor(cy - 3); y <= cy + 3; y++) for (let x = Math.floor(cx - 3); x <= cx + 3; x++) {
            if (x >= 0 && y >= 0 && x < w && y < h && Math.hypot(x - cx, y - cy) <= 2.2) data[y * w + x] = 20;
          }
        }
      }
    }
    const d = detectDotMatrix({ data, width: w, height: h, channels: 1 });
    assert.equal(d.isDotMatrix, true);
    assert.ok(Math.abs(d.dotPitchPx - 6) < 1, `pitch ${d.dotPitchPx}`);
  });

  test('mergeDots draws the drops as strokes and drops board texture next to them', async () => {
    const g = await grayOf([{ text: 'BATCH A41835L', font: 'dots', sizePx: 35, dots: { dropEvery: 25 } }]);
    // A thin dark fibre (1 px, 12 px long) 1.6 pitches under the line, below "A4" (cells are 6 × 5 px wide).
    const gapX = 40 + 6 * 30 + 4;
    const fibreY = 40 + 35 + 8;
    for (let x = gapX; x < gapX + 12; x++) g.data[fibreY * g.width + x] = 30;
    const d = detectDotMatrix(g);
    assert.equal(d.isDotMatrix, true);
    const merged = mergeDots(g, d);
    let fibreInk = 0;
    for (let x = gapX; x < gapX + 12; x++) fibreInk += 255 - merged.data[fibreY * g.width + x]!;
    assert.ok(fibreInk / 12 < 40, `fibre still ${fibreInk / 12} dark on average`);
    // 12 glyphs, a missing drop every 25: about one stroke each.
    const after = countBlobs(merged, 0, 0, g.width, g.height, 160);
    assert.ok(after >= 10 && after <= 16, `blobs after merging: ${after}`);
  });

  test('bold print (every column struck twice, half a pitch apart) is found when the code is big enough', () => {
    // Capsules of two touching drops (diameter 5, centres 4 px apart: 9 × 5 px) on an 8 px grid, every second grid position.
    const paint = (cells: number): { data: Uint8Array; width: number; height: number; channels: 1 } => {
      const w = 640;
      const h = 200;
      const data = new Uint8Array(w * h).fill(235);
      for (let c = 0; c < cells; c++) {
        for (let row = 0; row < 7; row++) {
          for (let col = 0; col < 5; col++) {
            if ((row + col + c) % 2 === 1) continue;
            for (const half of [0, 4]) {
              const cx = 20 + (c % 12) * 48 + col * 8 + half;
              const cy = 20 + Math.floor(c / 12) * 76 + row * 8;
              for (let y = cy - 2; y <= cy + 2; y++) for (let x = cx - 2; x <= cx + 2; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= 4.5) data[y * w + x] = 20;
            }
          }
        }
      }
      return { data, width: w, height: h, channels: 1 };
    };
    const big = detectDotMatrix(paint(24), { inkThreshold: 128 });
    assert.equal(big.isDotMatrix, true);
    assert.ok(big.dotCount >= 100, `capsules found: ${big.dotCount}`);
    // Three characters' worth of capsules (~54) is what solid print can break into: not enough.
    assert.equal(detectDotMatrix(paint(3), { inkThreshold: 128 }).isDotMatrix, false);
  });

  test('a bold code whose strikes partly stand apart is found with its capsules, not by its round drops alone', () => {
    // Drops of diameter 5 on an 8 px grid, every column struck twice: 4 px apart (a capsule) or, for most
    // of them, 6 px apart (two round drops).
    const next = createSeededRandom(11);
    const w = 640;
    const h = 200;
    const data = new Uint8Array(w * h).fill(235);
    let capsules = 0;
    let apart = 0;
    for (let c = 0; c < 24; c++) {
      for (let row = 0; row < 7; row++) {
        for (let col = 0; col < 5; col++) {
          if ((row + col + c) % 2 === 1) continue;
          const split = next() < 0.6;
          if (split) apart += 2;
          else capsules++;
          for (const half of [0, split ? 6 : 4]) {
            const cx = 20 + (c % 12) * 50 + col * 8 + half;
            const cy = 20 + Math.floor(c / 12) * 76 + row * 8;
            for (let y = cy - 2; y <= cy + 2; y++) for (let x = cx - 2; x <= cx + 2; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= 4.5) data[y * w + x] = 20;
          }
        }
      }
    }
    const found = detectDotMatrix({ data, width: w, height: h, channels: 1 }, { inkThreshold: 128 });
    assert.equal(found.isDotMatrix, true);
    assert.ok(found.dotCount > apart, `drops found: ${found.dotCount}; round drops painted: ${apart}, capsules: ${capsules}`);
    assert.ok(found.dotCount >= 0.8 * (apart + capsules), `drops found: ${found.dotCount} of ${apart + capsules}`);
  });

  test('drops touching along their rows (columns closer than a drop) are found: each chain counts as its drops; solid bars are not drops', () => {
    // Two lines of 5×7 glyphs: drops of diameter 7 whose columns are 6 px apart (neighbours in a row touch
    // in chains of up to five), rows 9 px apart.
    const w = 720;
    const h = 200;
    const paint = (disc: boolean): { data: Uint8Array; width: number; height: number; channels: 1 } => {
      const data = new Uint8Array(w * h).fill(235);
      let drops = 0;
      ['EXP 2027-12-31', 'LOT TZ7E-5327'].forEach((line, li) => [...line].forEach((ch, k) => {
        const g = DOT_FONT_5X7[ch]!;
        for (let row = 0; row < 7; row++) {
          for (let col = 0; col < 5; col++) {
            if (g[row * 5 + col] !== '#') continue;
            drops++;
            const cx = 20 + k * 40 + col * 6;
            const cy = 30 + li * 90 + row * 9;
            for (let y = cy - 3; y <= cy + 3; y++) {
              for (let x = cx - 3; x <= cx + 3; x++) if (!disc || (x - cx) ** 2 + (y - cy) ** 2 <= 10) data[y * w + x] = 20;
            }
          }
        }
      }));
      assert.ok(drops > 280);
      return { data, width: w, height: h, channels: 1 };
    };
    const drops = detectDotMatrix(paint(true), { inkThreshold: 128 });
    assert.equal(drops.isDotMatrix, true);
    assert.ok(drops.dotCount >= 250, `drops found: ${drops.dotCount}`);
    // Squares in place of discs join into solid bars and blocks, as solid print: no drops.
    assert.equal(detectDotMatrix(paint(false), { inkThreshold: 128 }).isDotMatrix, false);
  });

  test('large drops touching along their rows narrow between each other: their chains still count as drops', () => {
    // Drops of diameter 11 (thick enough for the width test) whose columns are 9 px apart, rows 14 px apart.
    const w = 1100;
    const h = 300;
    const data = new Uint8Array(w * h).fill(235);
    paintDotLines(data, w, ['EXP 2027-12-31', 'LOT TZ7E-5327'], { x0: 30, y0: 40, advancePx: 60, colPitchPx: 9, rowPitchPx: 14, lineGapPx: 130, radiusPx: Math.sqrt(30), ink: 20 });
    const found = detectDotMatrix({ data, width: w, height: h, channels: 1 }, { inkThreshold: 128 });
    assert.equal(found.isDotMatrix, true);
    assert.ok(found.dotCount >= 250, `drops found: ${found.dotCount}`);
  });

  test('the bars of a slightly tilted barcode, which split like chains of drops, are not dot-matrix print', () => {
    // 28 bars 8–12 px wide and 70 px high, sheared by 3.5° (a label photographed a little turned: each bar's
    // box is 4 px wider than the bar, so it is not solid), above a row of round human-readable zeros.
    const w = 760;
    const h = 160;
    const data = new Uint8Array(w * h).fill(235);
    const random = createSeededRandom(7);
    paintTiltedBars(data, w, random, { x0: 20, top: 10, heightPx: 70, bars: 28, minWidthPx: 8, widthSpreadPx: 5, minGapPx: 6, gapSpreadPx: 12, tiltDeg: 3.5, ink: 20 });
    for (let k = 0; k < 14; k++) {
      const cx = 30 + k * 40;
      for (let y = 100; y < 112; y++) for (let xx = cx - 6; xx <= cx + 6; xx++) if ((xx - cx) ** 2 + (y - 106) ** 2 <= 30) data[y * w + xx] = 20;
    }
    const found = detectDotMatrix({ data, width: w, height: h, channels: 1 }, { inkThreshold: 128 });
    assert.equal(found.isDotMatrix, false, `taken for ${found.dotCount} drops`);
  });

  test('the bars of a tilted barcode as thick as the page\'s bold glyphs keep their width: not chains of drops', () => {
    // As on generated logistics labels (seeds 880001/880002): bold monospaced lines whose glyphs are
    // roundish blobs of 12×17 px a character pitch of 14 px apart, and below them a Code 128 tilted by 3°,
    // bars 11–17 px wide and 85 px high, which the fill test takes for chains of such "drops".
    const w = 760;
    const h = 240;
    const data = new Uint8Array(w * h).fill(235);
    const random = createSeededRandom(11);
    for (const top of [20, 52]) {
      for (let k = 0; k < 12; k++) {
        const cx = 40 + k * 14;
        for (let y = top; y < top + 17; y++) for (let xx = cx - 6; xx <= cx + 6; xx++) if (((xx - cx) / 6.5) ** 2 + ((y - top - 8) / 8.5) ** 2 <= 1) data[y * w + xx] = 20;
      }
    }
    paintTiltedBars(data, w, random, { x0: 30, top: 110, heightPx: 85, bars: 26, minWidthPx: 11, widthSpreadPx: 7, minGapPx: 5, gapSpreadPx: 10, tiltDeg: 3, ink: 20 });
    const found = detectDotMatrix({ data, width: w, height: h, channels: 1 }, { inkThreshold: 128 });
    assert.equal(found.isDotMatrix, false, `taken for ${found.dotCount} drops`);
  });

  test('mergeDots gives the same strokes whether it takes over the detection\'s labelling or labels again', async () => {
    const g = await grayOf([{ text: 'EXP 2027-03-31', font: 'dots', sizePx: 35 }]);
    const d = detectDotMatrix(g);
    assert.equal(d.isDotMatrix, true);
    // A copy of the pixels is another image to the labelling hand-over: labelled afresh.
    const copy = { ...g, data: new Uint8Array(g.data) };
    assert.deepEqual(mergeDots(g, d).data, mergeDots(copy, d).data);
    assert.notDeepEqual(mergeDotsClosing(g, d).data, g.data);
  });
});

describe('filterRect', () => {
  test('equals the k×k window minimum / maximum with clamped edges', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const [w, h, k] of [[1, 1, 3], [2, 9, 5], [17, 3, 7], [23, 19, 9], [40, 31, 1]] as const) {
      const src = new Uint8Array(w * h).map(() => Math.floor(rnd() * 256));
      for (const op of [Math.min, Math.max]) {
        const got = filterRect(src, w, h, k, op);
        const r = (k - 1) >> 1;
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            let v = src[y * w + x]!;
            for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
              for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) v = op(v, src[yy * w + xx]!);
            }
            assert.equal(got[y * w + x], v, `${w}×${h} k ${k} at ${x},${y}`);
          }
        }
      }
    }
  });
});
