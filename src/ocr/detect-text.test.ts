import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postprocessDb, resizeGray } from './detect-text.js';

describe('postprocessDb', () => {
  test('one box per text blob, unclipped and scaled to the original image; weak blobs dropped', () => {
    const w = 64;
    const h = 32;
    const prob = new Float32Array(w * h);
    for (let y = 10; y < 14; y++) for (let x = 8; x < 40; x++) prob[y * w + x] = 0.9; // strong 32×4 line
    for (let y = 20; y < 24; y++) for (let x = 8; x < 20; x++) prob[y * w + x] = 0.4; // above pixel threshold, below box threshold
    const boxes = postprocessDb(prob, w, h, 2, 3);
    assert.equal(boxes.length, 1);
    const r = boxes[0]!.rect;
    // Centre (24, 12) scaled by (2, 3).
    assert.ok(Math.abs(r.cx - 48) < 1e-6 && Math.abs(r.cy - 36) < 1e-6, `${r.cx},${r.cy}`);
    // d = 32·4·1.6 / (2·36) ≈ 2.84: 37.7 × 9.7 in map pixels, × (2, 3).
    const d = (32 * 4 * 1.6) / 72;
    const long = Math.max(r.width, r.height);
    const short = Math.min(r.width, r.height);
    assert.ok(Math.abs(long - (32 + 2 * d) * 2) < 1e-6, String(long));
    assert.ok(Math.abs(short - (4 + 2 * d) * 3) < 1e-6, String(short));
  });
});

describe('resizeGray', () => {
  test('keeps a constant image constant and averages when shrinking', () => {
    const flat = { data: new Uint8Array(90 * 50).fill(77), width: 90, height: 50, channels: 1 as const };
    assert.ok(resizeGray(flat, 64, 32).every((v) => v === 77));
    const stripes = { data: Uint8Array.from({ length: 100 * 10 }, (_, i) => (i % 2 ? 200 : 0)), width: 100, height: 10, channels: 1 as const };
    const small = resizeGray(stripes, 25, 5);
    assert.ok(small.every((v) => Math.abs(v - 100) <= 1), String([...small.slice(0, 5)]));
  });
});
