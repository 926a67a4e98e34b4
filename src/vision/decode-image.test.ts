import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { isTraceocrError } from '../core/errors.js';
import type { ErrorCode } from '../core/errors.js';
import { decodeImage } from './decode-image.js';
import { pngClaimingSize } from '../../test/helpers/bad-images.js';

/** A 40×24 RGB test pattern: red left half, blue right half, a white top row. */
async function pattern(): Promise<{ raw: Buffer; w: number; h: number }> {
  const w = 40;
  const h = 24;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      if (y === 0) raw.fill(255, i, i + 3);
      else if (x < w / 2) raw[i] = 200;
      else raw[i + 2] = 200;
    }
  }
  return { raw, w, h };
}

async function expectCode(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isTraceocrError(err, code), `expected ${code}, got ${String((err as { code?: string }).code ?? err)}`);
    return true;
  });
}

/** Builds an uncompressed BMP (bottom-up rows, padded to 4 bytes). */
function bmp(w: number, h: number, bits: 8 | 24 | 32, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const stride = Math.ceil((w * bits) / 32) * 4;
  const paletteSize = bits === 8 ? 256 * 4 : 0;
  const offset = 14 + 40 + paletteSize;
  const buf = Buffer.alloc(offset + stride * h);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(offset, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(w, 18);
  buf.writeInt32LE(h, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(bits, 28);
  // Palette for 8-bit: index i = gray i.
  for (let i = 0; bits === 8 && i < 256; i++) buf.fill(i, 54 + i * 4, 54 + i * 4 + 3);
  for (let y = 0; y < h; y++) {
    const row = offset + (h - 1 - y) * stride;
    for (let x = 0; x < w; x++) {
      const [r, g, b] = pixel(x, y);
      if (bits === 8) buf[row + x] = r;
      else {
        const o = row + x * (bits / 8);
        buf[o] = b;
        buf[o + 1] = g;
        buf[o + 2] = r;
      }
    }
  }
  return buf;
}

describe('decodeImage', () => {
  test('decodes PNG, JPEG, WebP and TIFF to RGB and gray of the same size', async () => {
    const { raw, w, h } = await pattern();
    const src = sharp(raw, { raw: { width: w, height: h, channels: 3 } });
    for (const [format, bytes] of [
      ['png', await src.clone().png().toBuffer()],
      ['jpeg', await src.clone().jpeg({ quality: 95 }).toBuffer()],
      ['webp', await src.clone().webp({ lossless: true }).toBuffer()],
      ['tiff', await src.clone().tiff().toBuffer()],
    ] as const) {
      const img = await decodeImage(bytes);
      assert.equal(img.format, format);
      assert.equal(img.width, w);
      assert.equal(img.height, h);
      assert.equal(img.rgb.channels, 3);
      assert.equal(img.gray.data.length, w * h);
      // Pixel (5, 10) is red, (35, 10) blue (JPEG within tolerance).
      const at = (x: number, y: number): number[] => [...img.rgb.data.subarray((y * w + x) * 3, (y * w + x) * 3 + 3)];
      const [r1, , b1] = at(5, 10);
      const [r2, , b2] = at(35, 10);
      assert.ok(r1! > 170 && b1! < 40, `${format} red: ${at(5, 10)}`);
      assert.ok(b2! > 170 && r2! < 40, `${format} blue: ${at(35, 10)}`);
    }
  });

  test('applies EXIF orientation', async () => {
    const { raw, w, h } = await pattern();
    // Orientation 6 = stored image must be turned 90° clockwise to display.
    const jpeg = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const img = await decodeImage(jpeg);
    assert.equal(img.width, h);
    assert.equal(img.height, w);
    // The white top row becomes the right-most column.
    assert.ok(img.gray.data[5 * img.width + img.width - 1]! > 200);
    assert.ok(img.gray.data[5 * img.width]! < 150);
  });

  test('decodes 24-bit, 32-bit and 8-bit paletted BMP by hand', async () => {
    const px = (x: number, y: number): [number, number, number] => [x * 10, y * 10, 77];
    for (const bits of [24, 32] as const) {
      const img = await decodeImage(bmp(21, 17, bits, px));
      assert.equal(img.format, 'bmp');
      assert.deepEqual([img.width, img.height], [21, 17]);
      const o = (3 * 21 + 7) * 3; // (x 7, y 3)
      assert.deepEqual([...img.rgb.data.subarray(o, o + 3)], [70, 30, 77], `${bits}-bit`);
    }
    const gray = await decodeImage(bmp(19, 18, 8, (x, y) => [x + y * 19, 0, 0]));
    assert.equal(gray.rgb.data[(2 * 19 + 4) * 3], 2 * 19 + 4);
  });

  test('empty bytes → FILE_EMPTY', async () => {
    await expectCode(decodeImage(new Uint8Array(0)), 'FILE_EMPTY');
  });

  test('text, PDF, random bytes and SVG → IMAGE_UNSUPPORTED_FORMAT', async () => {
    let s = 12345;
    const random = Uint8Array.from({ length: 4096 }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24));
    for (const bytes of [
      Buffer.from('LOT: 1234\nthis is a text file\n'),
      Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n'),
      random,
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100"/></svg>'),
    ]) {
      await expectCode(decodeImage(bytes), 'IMAGE_UNSUPPORTED_FORMAT');
    }
  });

  test('truncated PNG and BMP → IMAGE_DECODE_FAILED', async () => {
    let s = 99;
    const noise = Buffer.from(Array.from({ length: 200 * 150 * 3 }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24)));
    const png = await sharp(noise, { raw: { width: 200, height: 150, channels: 3 } }).png().toBuffer();
    await expectCode(decodeImage(png.subarray(0, Math.floor(png.length / 2))), 'IMAGE_DECODE_FAILED');
    const b = bmp(40, 40, 24, () => [1, 2, 3]);
    await expectCode(decodeImage(b.subarray(0, b.length - 500)), 'IMAGE_DECODE_FAILED');
  });

  test('a 30000×30000 PNG header → IMAGE_TOO_LARGE from the header alone', async () => {
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    await expectCode(decodeImage(pngClaimingSize(30000, 30000)), 'IMAGE_TOO_LARGE');
    // 900 MB of pixels were never allocated, and nothing was decoded.
    assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024);
    assert.ok(performance.now() - t0 < 2000);
    // A lower limit applies to ordinary images too.
    const { raw, w, h } = await pattern();
    const png = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
    await expectCode(decodeImage(png, { maxPixels: 500 }), 'IMAGE_TOO_LARGE');
    await expectCode(decodeImage(bmp(40, 40, 24, () => [0, 0, 0]), { maxPixels: 1000 }), 'IMAGE_TOO_LARGE');
  });

  test('an 8×8 image → IMAGE_TOO_SMALL', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).png().toBuffer();
    await expectCode(decodeImage(png), 'IMAGE_TOO_SMALL');
  });
});
