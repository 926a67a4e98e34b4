/**
 * Golden corpus: the zxing-cpp and zxing sample photos in ../shared/data/barcodes,
 * each image against its expected `N.txt`. Prints per-folder pass counts and asserts
 * per-folder floors (measured with this reader; a gain raises the floor).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCodeReader } from './code-reader.js';
import { decodeForTest } from './testing/decode-for-test.js';

const ROOT = fileURLToPath(new URL('../../../shared/data/barcodes', import.meta.url));

/** [folder, minimum passes]. Floors = passes measured on 2026-11-24 with the default options. */
const FLOORS: readonly (readonly [string, number])[] = [
  ['zxing-cpp-samples/datamatrix-1', 29], ['zxing-cpp-samples/datamatrix-2', 13], ['zxing-cpp-samples/datamatrix-3', 26],
  ['zxing-cpp-samples/datamatrix-4', 21], ['zxing-cpp-samples/datamatrix-5', 2], ['zxing-cpp-samples/code128-1', 6],
  ['zxing-cpp-samples/code128-2', 14], ['zxing-cpp-samples/code128-3', 2], ['zxing-cpp-samples/qrcode-1', 8],
  ['zxing-cpp-samples/qrcode-2', 53], ['zxing-cpp-samples/ean13-1', 14], ['zxing-cpp-samples/pdf417-1', 16],
  ['zxing-blackbox/datamatrix-1', 21], ['zxing-blackbox/datamatrix-2', 18], ['zxing-blackbox/datamatrix-3', 18],
  ['zxing-blackbox/code128-1', 7], ['zxing-blackbox/code128-3', 2],
  ['zxing-cpp-samples/rssexpanded-1', 37], ['zxing-blackbox/rssexpanded-1', 35], ['zxing-blackbox/rssexpanded-2', 23],
  ['zxing-cpp-samples/rssexpanded-2', 7], ['zxing-cpp-samples/rssexpanded-3', 118],
  ['zxing-cpp-samples/rssexpandedstacked-1', 62], ['zxing-cpp-samples/rssexpandedstacked-2', 2],
];

test('zxing golden corpus', async (t) => {
  if (!existsSync(ROOT)) {
    if (process.env.CI === 'true') assert.fail(`${ROOT} missing in CI`);
    t.skip(`${ROOT} absent`);
    return;
  }
  const reader = await createCodeReader();
  const problems: string[] = [];
  for (const [folder, floor] of FLOORS) {
    const dir = join(ROOT, folder);
    const images = readdirSync(dir).filter((f) => /\.(png|webp|jpe?g|gif|bmp)$/i.test(f)).sort();
    let pass = 0;
    let misread = 0;
    let ms = 0;
    for (const f of images) {
      const stem = f.slice(0, f.length - extname(f).length);
      const truthFile = join(dir, `${stem}.txt`);
      if (!existsSync(truthFile)) continue;
      const truth = readFileSync(truthFile, 'utf8');
      const image = await decodeForTest(join(dir, f));
      const t0 = performance.now();
      const codes = await reader.readCodes(image);
      ms += performance.now() - t0;
      // zxing (Java) blackbox truth for DataBar is bracketed GS1; compare our parsed elements.
      const asHri = (c: (typeof codes)[number]): string | undefined => c.gs1?.map((e) => `(${e.ai})${e.value}`).join('');
      if (codes.some((c) => c.text === truth || (truth.startsWith('(') && asHri(c) === truth))) pass++;
      else if (codes.length > 0) misread++;
      // The zxing-cpp samples carry the symbology identifier; GS1 ones must come out parsed.
      if (codes.some((c) => [']d2', ']C1', ']Q3', ']e0'].includes(c.symbologyId) && !(c.gs1 && c.gs1.length > 0))) problems.push(`${folder}/${f}: GS1 code without gs1 elements`);
    }
    console.log(`${folder}: ${pass}/${images.length} passed, ${misread} other text, ${(ms / Math.max(1, images.length)).toFixed(1)} ms/image`);
    if (pass < floor) problems.push(`${folder}: ${pass} < floor ${floor}`);
    if (misread > 0) problems.push(`${folder}: ${misread} images read with a different text`);
  }
  assert.deepEqual(problems, []);
});
