/**
 * Round-trip tests: codes generated with bwip-js (BWIPP), rotated and degraded, read
 * back with the code reader. Fixtures are generated here, so anyone can extend them.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import bwipjs from 'bwip-js';
import sharp from 'sharp';
import type { DecodedImage } from '../core/types.js';
import { createCodeReader } from './code-reader.js';
import type { CodeReader } from './code-reader.js';
import { decodeForTest } from './testing/decode-for-test.js';
import { createSeededRandom as rng } from '../core/seeded-random.js';

const GS1_HRI = '(01)09506000134352(17)280430(10)L24B1187(21)SN00923';
const GS1_ELEMENTS = [
  { ai: '01', value: '09506000134352' }, { ai: '17', value: '280430' }, { ai: '10', value: 'L24B1187' }, { ai: '21', value: 'SN00923' },
];

async function png(bcid: string, text: string, extra: Record<string, unknown> = {}): Promise<Buffer> {
  return bwipjs.toBuffer({ bcid, text, scale: 4, paddingwidth: 8, paddingheight: 8, backgroundcolor: 'FFFFFF', ...extra } as Parameters<typeof bwipjs.toBuffer>[0]);
}

async function rotated(buf: Buffer, angleDeg: number): Promise<DecodedImage> {
  return decodeForTest(await sharp(buf).rotate(angleDeg, { background: '#ffffff' }).png().toBuffer());
}


/**
 * A dot-peen-like DataMatrix: each dark module is a separate round dimple (dark centre,
 * radius 0.36 of the pitch, so dots never touch) on brushed gray metal with a light
 * gradient and noise.
 */
async function dotPeen(text: string, pitchPx = 12): Promise<DecodedImage> {
  const sym = bwipjs.raw('gs1datamatrix', text, {}) as { pixs: number[]; pixx: number; pixy: number }[];
  const { pixs, pixx, pixy } = sym[0]!;
  const quiet = 4;
  const w = (pixx + 2 * quiet) * pitchPx;
  const h = (pixy + 2 * quiet) * pitchPx;
  const gray = new Uint8Array(w * h);
  const rand = rng(42);
  const r = pitchPx * 0.36;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Brushed metal: horizontal streaks plus a left-to-right gradient.
      gray[y * w + x] = 150 + Math.round((x / w) * 40 + Math.sin(y * 0.9) * 6 + (rand() - 0.5) * 30);
    }
  }
  for (let my = 0; my < pixy; my++) {
    for (let mx = 0; mx < pixx; mx++) {
      if (!pixs[my * pixx + mx]) continue;
      const cx = (mx + quiet + 0.5) * pitchPx;
      const cy = (my + quiet + 0.5) * pitchPx;
      for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
        for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
          const d = Math.hypot(x - cx, y - cy) / r;
          if (d <= 1) gray[y * w + x] = Math.max(0, Math.round(55 + d * 50 + (rand() - 0.5) * 20));
        }
      }
    }
  }
  const buf = await sharp(gray, { raw: { width: w, height: h, channels: 1 } }).blur(0.8).png().toBuffer();
  return decodeForTest(buf);
}

describe('code reader round trip (bwip-js)', () => {
  let reader: CodeReader;
  before(async () => {
    reader = await createCodeReader();
  });

  for (const angleDeg of [0, 90, 180, 37]) {
    test(`GS1 DataMatrix rotated ${angleDeg}°`, async () => {
      const codes = await reader.readCodes(await rotated(await png('gs1datamatrix', GS1_HRI), angleDeg));
      assert.equal(codes.length, 1);
      assert.equal(codes[0]!.format, 'DataMatrix');
      assert.equal(codes[0]!.symbologyId, ']d2');
      assert.deepEqual(codes[0]!.gs1, GS1_ELEMENTS);
      assert.ok(codes[0]!.text.includes('\u001d'), 'GS separator arrives as U+001D');
    });
    test(`GS1-128 rotated ${angleDeg}°`, async () => {
      // At 37° zxing's row scanners miss it; the reader's deskew pass (dominant edge angle) reads it.
      const codes = await reader.readCodes(await rotated(await png('gs1-128', GS1_HRI, { height: 12 }), angleDeg));
      assert.equal(codes.length, 1);
      assert.equal(codes[0]!.symbologyId, ']C1');
      assert.deepEqual(codes[0]!.gs1, GS1_ELEMENTS);
    });
    test(`QR and EAN-13 rotated ${angleDeg}°`, async () => {
      const qr = await reader.readCodes(await rotated(await png('qrcode', 'https://id.gs1.org/01/09506000134352/10/L24B1187'), angleDeg));
      assert.equal(qr[0]?.text, 'https://id.gs1.org/01/09506000134352/10/L24B1187');
      assert.equal(qr[0]?.gs1, undefined, 'plain QR (]Q1) carries no GS1 element string');
      const ean = await reader.readCodes(await rotated(await png('ean13', '4006381333931', { height: 15 }), angleDeg));
      assert.equal(ean[0]?.text, '4006381333931');
      assert.equal(ean[0]?.format, 'EAN13');
    });
  }

  test('GS1 QR Code', async () => {
    const codes = await reader.readCodes(await decodeForTest(await png('gs1qrcode', GS1_HRI)));
    assert.equal(codes[0]?.symbologyId, ']Q3');
    assert.deepEqual(codes[0]?.gs1, GS1_ELEMENTS);
  });

  test('dot-peen DataMatrix on noisy metal', async () => {
    const image = await dotPeen(GS1_HRI);
    const t0 = performance.now();
    const codes = await reader.readCodes(image);
    console.log(`dot-peen ${image.width}x${image.height}: ${(performance.now() - t0).toFixed(1)} ms`);
    assert.equal(codes.length, 1);
    assert.deepEqual(codes[0]!.gs1, GS1_ELEMENTS);
  });

  test('image without a code reads nothing (no false positive); worst-case time', async () => {
    // A text-only label: every pass runs (fast, hard, dot-peen fallback).
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200"><rect width="1600" height="1200" fill="#e8e8e8"/>
      <text x="100" y="300" font-family="DejaVu Sans" font-size="90">S/N: SN00923  LOT L24B1187</text>
      <text x="100" y="600" font-family="DejaVu Sans Mono" font-size="70">REF 4711-AX-220B  2028-04</text></svg>`;
    const label = await decodeForTest(await sharp(Buffer.from(svg)).png().toBuffer());
    const t0 = performance.now();
    const codes = await reader.readCodes(label);
    console.log(`1600x1200 text-only label, no code: ${(performance.now() - t0).toFixed(1)} ms`);
    assert.deepEqual(codes, []);
  });

  test('box of a tilted 1D code (deskew pass) is in original-image pixels', async () => {
    const buf = await png('gs1-128', GS1_HRI, { height: 12 });
    const placed = await sharp({ create: { width: 2200, height: 1000, channels: 3, background: '#ffffff' } })
      .composite([{ input: buf, left: 400, top: 600 }]).png().toBuffer();
    const tilted = await sharp(placed).rotate(28, { background: '#ffffff' }).png().toBuffer();
    const meta = await sharp(tilted).metadata();
    // Where the symbol's centre lands after rotating the 2200×1000 canvas by 28° clockwise about its centre.
    const sm = await sharp(buf).metadata();
    const cx0 = 400 + sm.width! / 2 - 1100;
    const cy0 = 600 + sm.height! / 2 - 500;
    const t = (28 * Math.PI) / 180;
    const cx = meta.width! / 2 + cx0 * Math.cos(t) - cy0 * Math.sin(t);
    const cy = meta.height! / 2 + cx0 * Math.sin(t) + cy0 * Math.cos(t);
    const codes = await reader.readCodes(await decodeForTest(tilted));
    assert.equal(codes.length, 1);
    assert.deepEqual(codes[0]!.gs1, GS1_ELEMENTS);
    const [x, y, w, h] = codes[0]!.box;
    assert.ok(Math.abs(x + w / 2 - cx) < 25 && Math.abs(y + h / 2 - cy) < 25, `box ${codes[0]!.box.join(',')} centre expected ${cx.toFixed(0)},${cy.toFixed(0)}`);
  });

  test('box is in original-image pixels', async () => {
    const buf = await png('gs1datamatrix', GS1_HRI);
    const small = await sharp(buf).metadata();
    const placed = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#ffffff' } })
      .composite([{ input: buf, left: 1000, top: 700 }]).png().toBuffer();
    const t0 = performance.now();
    const codes = await reader.readCodes(await decodeForTest(placed));
    console.log(`1600x1200 label with one DataMatrix: ${(performance.now() - t0).toFixed(1)} ms`);
    const [x, y, w, h] = codes[0]!.box;
    assert.ok(x >= 1000 && x < 1000 + small.width! && y >= 700 && y < 700 + small.height!, `box ${codes[0]!.box}`);
    assert.ok(w > 20 && h > 20);
  });
});
