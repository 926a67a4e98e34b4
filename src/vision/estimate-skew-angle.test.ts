import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import bwipjs from 'bwip-js';
import { estimateSkewAngle, remainder } from './estimate-skew-angle.js';
import { decodeForTest } from '../codes/testing/decode-for-test.js';

const TEXT_ONLY = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="500"><rect x="10" y="10" width="880" height="480" fill="#f4f4f0" stroke="#222" stroke-width="4"/>
  <line x1="40" y1="200" x2="860" y2="200" stroke="#222" stroke-width="3"/><line x1="450" y1="200" x2="450" y2="460" stroke="#222" stroke-width="3"/>
  <text x="40" y="90" font-family="DejaVu Sans" font-size="34">ELEKTRA Antriebe GmbH</text><text x="40" y="160" font-family="DejaVu Sans Mono" font-size="28">Best.-Nr. 715316L  S/N 568948</text>
  <text x="60" y="280" font-family="DejaVu Sans Mono" font-size="26">U: 400 V   I: 39.0 A</text><text x="480" y="280" font-family="DejaVu Sans" font-size="26">MFG 11/2022</text></svg>`;

/** A label with text, a border and a GS1-128, rotated by `angleDeg` (clockwise on screen). */
async function label(angleDeg: number) {
  const bars = await bwipjs.toBuffer({ bcid: 'gs1-128', text: '(01)09506000134352(10)L24B1187', scale: 3, height: 12 } as Parameters<typeof bwipjs.toBuffer>[0]);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="500"><rect x="10" y="10" width="880" height="480" fill="#f4f4f0" stroke="#222" stroke-width="4"/>
    <text x="40" y="90" font-family="DejaVu Sans" font-size="34">ACME Components</text><text x="40" y="160" font-family="DejaVu Sans Mono" font-size="28">LOT L24B1187</text></svg>`;
  const png = await sharp(Buffer.from(svg)).composite([{ input: bars, left: 60, top: 260 }]).png().toBuffer();
  return decodeForTest(await sharp(png).rotate(angleDeg, { background: '#ffffff' }).png().toBuffer());
}

for (const angleDeg of [0, 12, -33, 41, 118]) {
  test(`skew of a label rotated ${angleDeg}° (modulo 90°)`, async () => {
    const { gray } = await label(angleDeg);
    const est = await estimateSkewAngle(gray);
    let expected = ((angleDeg % 90) + 90) % 90;
    if (expected > 45) expected -= 90;
    // 1.5°: well inside what zxing's row scan of a bar code tolerates after deskew.
    assert.ok(Math.abs(est.angleDeg - expected) < 1.5, `estimated ${est.angleDeg.toFixed(2)}°, expected ${expected}°`);
    assert.ok(est.strength > 0.1, `strength ${est.strength}`);
    // The GS1-128 is bar-like tiles at any angle (it gates the deskewed 1D pass).
    assert.ok(est.barcodeTiles >= 2, `barcodeTiles ${est.barcodeTiles}`);
  });
}

for (const angleDeg of [0, 17, -38]) {
  test(`a nameplate with text, a border and ruled lines but no bar code has no bar-like tiles (${angleDeg}°)`, async () => {
    const { gray } = await decodeForTest(await sharp(Buffer.from(TEXT_ONLY)).rotate(angleDeg, { background: '#ffffff' }).png().toBuffer());
    const est = await estimateSkewAngle(gray);
    assert.ok(est.barcodeTiles < 2, `barcodeTiles ${est.barcodeTiles}`);
  });
}

test('a flat image has no dominant direction', async () => {
  const est = await estimateSkewAngle({ data: new Uint8Array(200 * 100).fill(128), width: 200, height: 100, channels: 1 });
  assert.deepEqual(est, { angleDeg: 0, strength: 0, barcodeTiles: 0 });
});

test('remainder is the % of doubles on angles in degrees (exactly, up to the sign of a zero)', () => {
  const angles = [0, -0, 45, -45, 90, -90, 89.99999999999999, -89.99999999999999, 90.00000000000001, 179.99999999999997, -179.99999999999997, 180, 180.00000000000003, -180, 1e-300, -1e-300];
  for (let k = 0; k < 2000; k++) angles.push((Math.atan2(Math.sin(k * 0.37) * (k % 13), Math.cos(k * 0.91) * (k % 7) - 3) * 180) / Math.PI);
  for (const a of angles) {
    for (const m of [90, 180]) {
      const got = remainder(a, m);
      assert.ok(got === a % m, `${a} % ${m}: ${got} vs ${a % m}`);
    }
  }
});
