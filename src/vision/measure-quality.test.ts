import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeImage } from './decode-image.js';
import { measureQuality } from './measure-quality.js';
import { renderLabel } from './testing/render-label.js';

const LINES = [
  { text: 'LOT: A23B-0917', font: 'ocrb', sizePx: 32 },
  { text: 'S/N SN00923X7', font: 'dejavu', sizePx: 28 },
] as const;

describe('measureQuality', () => {
  test('a sharp label scores higher sharpness than the same label blurred, both within 0..1', async () => {
    const sharpImg = await decodeImage(await renderLabel(LINES, { widthPx: 500, heightPx: 200 }));
    const blurred = await decodeImage(await renderLabel(LINES, { widthPx: 500, heightPx: 200, blurSigma: 2 }));
    const a = measureQuality(sharpImg.gray);
    const b = measureQuality(blurred.gray);
    for (const q of [a, b]) for (const v of [q.sharpness, q.contrast]) assert.ok(v >= 0 && v <= 1, String(v));
    assert.ok(a.sharpness > b.sharpness + 0.2, `sharp ${a.sharpness} vs blurred ${b.sharpness}`);
  });

  test('contrast: black on white > gray on gray; a flat image scores 0 for both', async () => {
    const { width, height } = { width: 100, height: 60 };
    const make = (bg: number, ink: number) => {
      const data = new Uint8Array(width * height).fill(bg);
      for (let y = 20; y < 40; y++) for (let x = 10; x < 90; x++) if ((x >> 2) % 2 === 0) data[y * width + x] = ink;
      return { data, width, height, channels: 1 as const };
    };
    const high = measureQuality(make(250, 10));
    const low = measureQuality(make(150, 110));
    assert.ok(high.contrast > 0.9, String(high.contrast));
    assert.ok(low.contrast < 0.2 && low.contrast > 0.1, String(low.contrast));
    const flat = measureQuality(make(128, 128));
    assert.equal(flat.contrast, 0);
    assert.equal(flat.sharpness, 0);
  });

  test('reads the first channel of an RGB raster as a gray one, on any size (odd pixel counts, pages under 3 px)', () => {
    for (const [w, h] of [[7, 5], [33, 21], [2, 9], [1, 1]] as const) {
      const gray = new Uint8Array(w * h).map((_, i) => (i * 37 + (i >> 3) * 11) % 256);
      const rgb = new Uint8Array(3 * w * h);
      gray.forEach((v, i) => rgb.set([v, 255 - v, 0], 3 * i));
      const a = measureQuality({ data: gray, width: w, height: h, channels: 1 });
      const b = measureQuality({ data: rgb, width: w, height: h, channels: 3 });
      assert.deepEqual(a, b, `${w}×${h}`);
      for (const v of [a.sharpness, a.contrast]) assert.ok(v >= 0 && v <= 1, `${w}×${h}: ${v}`);
    }
  });
});
