/**
 * UPC-E expansion, checked against known pairs and, for every zero-suppression case, against
 * zxing-cpp's own expansion: UPC-E symbols drawn by bwip-js (BWIPP computes the check digit),
 * read by zxing-wasm, which reports the 8 digits (`extra.UPCE`) and the expanded 13.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import bwipjs from 'bwip-js';
import sharp from 'sharp';
import { readBarcodes } from 'zxing-wasm/reader';
import { expandUpcE, isValidUpcE } from './upc-e.js';
import { createCodeReader } from './code-reader.js';
import type { CodeReader } from './code-reader.js';
import { decodeForTest } from './testing/decode-for-test.js';

describe('expandUpcE', () => {
  test('known pairs (d6 = 6 and d6 = 1)', () => {
    assert.equal(expandUpcE('01234565'), '012345000065');
    assert.equal(expandUpcE('04252614'), '042100005264');
    assert.equal(isValidUpcE('01234565'), true);
    assert.equal(isValidUpcE('04252614'), true);
  });
  test('a wrong check digit is kept, so the expansion fails its GTIN check', () => {
    assert.equal(expandUpcE('01234566'), '012345000066');
    assert.equal(isValidUpcE('01234566'), false);
  });
  test('only 8 digits with number system 0 or 1', () => {
    assert.equal(expandUpcE('21234565'), undefined);
    assert.equal(expandUpcE('1234565'), undefined);
    assert.equal(expandUpcE('0123456A'), undefined);
  });
});

describe('UPC-E read from an image', () => {
  let reader: CodeReader;
  before(async () => { reader = await createCodeReader(); });

  // Seven digits each (number system + 6); the last data digit covers the cases 0-2, 3, 4 and 5-9.
  for (const digits of ['0120340', '1654321', '0123452', '1123453', '0123454', '0123455', '0654327', '0425269']) {
    test(`${digits}: zxing's expansion equals ours and the code reader gives the GTIN`, async () => {
      const png = await bwipjs.toBuffer({ bcid: 'upce', text: digits, scale: 3, paddingwidth: 10, paddingheight: 10, backgroundcolor: 'FFFFFF' } as Parameters<typeof bwipjs.toBuffer>[0]);
      const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const raw = await readBarcodes({ data: new Uint8ClampedArray(data), width: info.width, height: info.height, colorSpace: 'srgb' } as unknown as ImageData, { formats: ['UPCE'], textMode: 'Plain' });
      assert.equal(raw.length, 1);
      const upcE = (JSON.parse(raw[0]!.extra) as { UPCE: string }).UPCE;
      assert.equal(upcE.slice(0, 7), digits);
      assert.equal(isValidUpcE(upcE), true);
      assert.equal(`0${expandUpcE(upcE)!}`, raw[0]!.text);
      const codes = await reader.readCodes(await decodeForTest(png));
      assert.deepEqual(codes.map((c) => [c.format, c.symbologyId, c.gs1]), [['UPCE', ']E0', [{ ai: '01', value: `00${expandUpcE(upcE)!}` }]]]);
    });
  }
});
