import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { decodeImage } from './decode-image.js';
import { DESKEW_MIN_STRENGTH, deskewForText, rotateDotMatrixDetection } from './deskew.js';
import type { DotMatrixDetection } from './dot-matrix.js';

/** A light card with ruled lines on a dark bench, turned `deg` clockwise on screen. */
async function tiltedCard(deg: number) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="360"><rect width="100%" height="100%" fill="#303030"/>
    <rect x="60" y="60" width="480" height="240" fill="#f4f2ea"/>
    ${[110, 150, 190, 230].map((y) => `<rect x="90" y="${y}" width="400" height="14" fill="#202020"/>`).join('')}</svg>`;
  return decodeImage(await sharp(Buffer.from(svg)).rotate(deg, { background: '#303030' }).png().toBuffer());
}

test('a page tilted 24° is turned upright; points map there and back; drops and regions follow', async () => {
  const image = await tiltedCard(24);
  const page = await deskewForText(image.gray, 5);
  assert.ok(page, 'deskewed');
  // The estimate undoes the 24° turn (modulo 90°).
  assert.ok(Math.abs(page.angleDeg - 24) < 1.5, `angle ${page.angleDeg}`);
  for (const p of [[10, 20], [300, 180], [590, 350]] as const) {
    const [x, y] = page.toSource(page.toUpright(p));
    assert.ok(Math.hypot(x - p[0], y - p[1]) < 1e-6);
  }
  const det: DotMatrixDetection = {
    isDotMatrix: true, dotCount: 1, dotDiameterPx: 4, dotPitchPx: 6, inkThreshold: 128,
    dots: [[298, 178, 302, 182]], regions: [[280, 160, 320, 200]],
  };
  const moved = rotateDotMatrixDetection(det, page);
  const [x0, y0, x1, y1] = moved.dots[0]!;
  assert.ok(Math.abs(x1 - x0 - 4) <= 1, `drop width ${x1 - x0}`);
  const back = page.toSource([(x0 + x1) / 2, (y0 + y1) / 2]);
  assert.ok(Math.hypot(back[0] - 300, back[1] - 180) < 1.5, `drop centre maps back to ${back}`);
  const [r0, r1, r2, r3] = moved.regions[0]!;
  assert.ok(r0 <= x0 && r1 <= y0 && r2 >= x1 && r3 >= y1, 'the region still holds its drop');
  // Another raster of the input's size turns with the page.
  const same = await page.rotate(image.gray);
  assert.deepEqual([same.width, same.height], [page.gray.width, page.gray.height]);
});

test('an upright page, or one with no dominant direction, is left alone', async () => {
  assert.equal(await deskewForText((await tiltedCard(2)).gray, 5), undefined);
  const flat = { data: new Uint8Array(200 * 100).fill(200), width: 200, height: 100, channels: 1 as const };
  assert.equal(await deskewForText(flat, 5), undefined);
  assert.equal(await deskewForText((await tiltedCard(24)).gray, Infinity), undefined);
});

/** `n` round specks (board texture, drops) at seeded places in the box `[x0, y0, x1, y1]`, as SVG circles. */
function specks(n: number, seed: number, [x0, y0, x1, y1]: readonly [number, number, number, number]): string {
  let s = seed;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, () => `<circle cx="${(x0 + rnd() * (x1 - x0)).toFixed(1)}" cy="${(y0 + rnd() * (y1 - y0)).toFixed(1)}" r="2.5" fill="#555"/>`).join('');
}

test('a speckled card gives a weak estimate that is still right, and is turned; specks alone are not', async () => {
  // Faint rules on a card strewn with specks, turned 20°: most edge energy has no direction.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="360"><rect width="100%" height="100%" fill="#909090"/>
    <rect x="60" y="60" width="480" height="240" fill="#d8d4c8"/>${specks(1500, 7, [60, 60, 540, 300])}
    ${[110, 150, 190, 230].map((y) => `<rect x="90" y="${y}" width="400" height="10" fill="#808080"/>`).join('')}</svg>`;
  const card = await decodeImage(await sharp(Buffer.from(svg)).rotate(20, { background: '#909090' }).png().toBuffer());
  const page = await deskewForText(card.gray, 5);
  assert.ok(page, 'turned');
  assert.ok(page.strength >= DESKEW_MIN_STRENGTH && page.strength < 0.2, `a weak estimate: strength ${page.strength}`);
  assert.ok(Math.abs(page.angleDeg - 20) < 1.5, `angle ${page.angleDeg}`);
  // Specks alone have no direction: whatever angle they give, the page is left as it is.
  const only = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="360"><rect width="100%" height="100%" fill="#d8d4c8"/>${specks(1500, 11, [0, 0, 600, 360])}</svg>`;
  assert.equal(await deskewForText((await decodeImage(await sharp(Buffer.from(only)).png().toBuffer())).gray, 5), undefined);
});

/** Dark rules on white paper filling a wide photo, turned `deg` clockwise: the turn grows the canvas. */
async function tiltedSheet(deg: number) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="500"><rect width="100%" height="100%" fill="#f8f8f8"/>
    ${[200, 240, 280].map((y) => `<rect x="330" y="${y}" width="240" height="12" fill="#181818"/>`).join('')}</svg>`;
  return decodeImage(await sharp(Buffer.from(svg)).rotate(deg, { background: '#f8f8f8' }).png().toBuffer());
}

test('the turned page is cut to its ink and a margin; points still map there and back', async () => {
  const image = await tiltedSheet(30);
  const whole = await deskewForText(image.gray, 5, image.gray, undefined, { cutToInk: false });
  const cut = await deskewForText(image.gray, 5);
  assert.ok(whole && cut, 'deskewed');
  assert.ok(cut.gray.width * cut.gray.height < 0.5 * whole.gray.width * whole.gray.height, `cut ${cut.gray.width}×${cut.gray.height} of ${whole.gray.width}×${whole.gray.height}`);
  // Every ink pixel of the whole turned page lies inside the cut, with room to spare.
  const toCut = (x: number, y: number) => cut.toUpright(whole.toSource([x, y]));
  for (let y = 0; y < whole.gray.height; y++) {
    for (let x = 0; x < whole.gray.width; x++) {
      if (whole.gray.data[y * whole.gray.width + x]! >= 100) continue;
      const [cx, cy] = toCut(x, y);
      assert.ok(cx >= 16 && cy >= 16 && cx < cut.gray.width - 16 && cy < cut.gray.height - 16, `ink at ${x},${y} maps to ${cx},${cy}`);
    }
  }
  // The cut page is the whole one's pixels: a point and its level agree in both frames.
  const [mx, my] = toCut(Math.round(whole.gray.width / 2), Math.round(whole.gray.height / 2));
  assert.equal(cut.gray.data[Math.round(my) * cut.gray.width + Math.round(mx)], whole.gray.data[Math.round(whole.gray.height / 2) * whole.gray.width + Math.round(whole.gray.width / 2)]);
  for (const p of [[10, 20], [450, 250]] as const) {
    const [x, y] = cut.toSource(cut.toUpright(p));
    assert.ok(Math.hypot(x - p[0], y - p[1]) < 1e-6);
  }
  // Another raster turns and is cut the same way.
  const same = await cut.rotate(image.gray);
  assert.deepEqual([same.width, same.height], [cut.gray.width, cut.gray.height]);
  // A page without ink is not cut.
  const blank = { data: new Uint8Array(image.gray.width * image.gray.height).fill(240), width: image.gray.width, height: image.gray.height, channels: 1 as const };
  const blankTurned = await deskewForText(image.gray, 5, blank);
  assert.deepEqual([blankTurned?.gray.width, blankTurned?.gray.height], [whole.gray.width, whole.gray.height]);
});
