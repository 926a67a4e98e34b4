/**
 * Dot-peen DataMatrix at arbitrary rotations: symbols drawn here (bwip-js module
 * matrix, one separate round crater per dark module on brushed metal), rotated,
 * blurred, noised and JPEG-compressed, then read by the code reader; plus unit
 * checks of the symbol search itself.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import bwipjs from 'bwip-js';
import sharp from 'sharp';
import type { DecodedImage } from '../core/types.js';
import { createCodeReader } from './code-reader.js';
import type { CodeReader } from './code-reader.js';
import { findDotPeenSymbols, fitLattice } from './find-dot-peen-symbols.js';
import { decodeForTest } from './testing/decode-for-test.js';
import { createSeededRandom as rng } from '../core/seeded-random.js';


interface PlateOptions {
  readonly angleDeg: number;
  readonly pitchPx: number;
  /** Crater radius as a fraction of the pitch (dots never touch below 0.5). */
  readonly dotRadius: number;
  readonly seed: number;
}

/**
 * A metal plate (gradient, scratches, engraved text) with a dot-peen GS1 DataMatrix,
 * rotated by `angleDeg`, then blurred, noised (σ 6) and saved as JPEG quality 70.
 */
async function dotPeenPlate(hri: string, o: PlateOptions): Promise<DecodedImage> {
  const rand = rng(o.seed);
  const sym = bwipjs.raw('gs1datamatrix', hri, {}) as unknown as { pixs: number[]; pixx: number; pixy: number }[];
  const { pixs, pixx, pixy } = sym[0]!;
  const W = 620;
  const H = 380;
  const x0 = 380;
  const y0 = 110;
  const parts = [
    `<defs><linearGradient id="m" x1="0" y1="0" x2="1" y2="0.4"><stop offset="0" stop-color="#8a8a8e"/><stop offset="0.5" stop-color="#c4c4c8"/><stop offset="1" stop-color="#7c7c80"/></linearGradient>`,
    `<radialGradient id="c" cx="0.55" cy="0.58" r="0.6"><stop offset="0" stop-color="#303030"/><stop offset="0.7" stop-color="#555"/><stop offset="1" stop-color="#a8a8a8"/></radialGradient></defs>`,
    `<rect width="${W}" height="${H}" fill="url(#m)"/>`,
  ];
  for (let i = 0; i < 90; i++) {
    const y = rand() * H;
    parts.push(`<line x1="${(rand() * W).toFixed(0)}" y1="${y.toFixed(1)}" x2="${(rand() * W + 200).toFixed(0)}" y2="${(y + rand() * 2 - 1).toFixed(1)}" stroke="${rand() < 0.5 ? '#fff' : '#000'}" stroke-opacity="0.08"/>`);
  }
  parts.push('<text x="30" y="90" font-family="DejaVu Sans" font-size="30" fill="#5a5a5e">S/N 7741-0098</text>');
  parts.push('<text x="30" y="150" font-family="DejaVu Sans" font-size="30" fill="#5a5a5e">P/N AB-12X7</text>');
  for (let my = 0; my < pixy; my++) {
    for (let mx = 0; mx < pixx; mx++) {
      if (!pixs[my * pixx + mx]) continue;
      const cx = x0 + (mx + 0.5) * o.pitchPx + (rand() - 0.5) * 0.3;
      const cy = y0 + (my + 0.5) * o.pitchPx + (rand() - 0.5) * 0.3;
      parts.push(`<circle cx="${cx.toFixed(2)}" cy="${cy.toFixed(2)}" r="${(o.pitchPx * o.dotRadius).toFixed(2)}" fill="url(#c)"/>`);
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${parts.join('')}</svg>`;
  const rotated = await sharp(Buffer.from(svg)).rotate(o.angleDeg, { background: '#9a9a9e' }).blur(0.7).grayscale().raw().toBuffer({ resolveWithObject: true });
  const { width, height, channels } = rotated.info;
  const noisy = new Uint8Array(width * height);
  for (let i = 0; i < noisy.length; i++) {
    // Box–Muller Gaussian noise, σ = 6 gray levels.
    const n = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    noisy[i] = Math.max(0, Math.min(255, Math.round(rotated.data[i * channels]! + 6 * n)));
  }
  const jpeg = await sharp(noisy, { raw: { width, height, channels: 1 } }).jpeg({ quality: 70 }).toBuffer();
  return decodeForTest(jpeg);
}

const HRI = '(01)09506000134352(11)250101(240)AB-12X7(21)7741-0098';
const ELEMENTS = [
  { ai: '01', value: '09506000134352' }, { ai: '11', value: '250101' }, { ai: '240', value: 'AB-12X7' }, { ai: '21', value: '7741-0098' },
];

describe('dot-peen DataMatrix at arbitrary angles', () => {
  let reader: CodeReader;
  before(async () => {
    reader = await createCodeReader();
  });

  // Pitch 7 px (about a 150 px symbol on a 900 px plate) and craters of 0.35–0.42 pitch.
  const cases = [
    { angleDeg: 23, pitchPx: 7, dotRadius: 0.38, seed: 1 },
    { angleDeg: 67, pitchPx: 7.5, dotRadius: 0.35, seed: 2 },
    { angleDeg: 112, pitchPx: 6.5, dotRadius: 0.42, seed: 3 },
    { angleDeg: 203, pitchPx: 7, dotRadius: 0.36, seed: 4 },
  ] as const;
  for (const c of cases) {
    test(`${c.angleDeg}°, pitch ${c.pitchPx} px, dot radius ${c.dotRadius} pitch`, async () => {
      const image = await dotPeenPlate(HRI, c);
      const codes = await reader.readCodes(image);
      const dm = codes.find((x) => x.format === 'DataMatrix');
      assert.ok(dm, `no DataMatrix read from ${image.width}x${image.height}`);
      assert.equal(dm.symbologyId, ']d2');
      assert.deepEqual(dm.gs1, ELEMENTS);
      // The box must be in the rotated image's pixels, around the symbol (not the whole image).
      const [, , w, h] = dm.box;
      assert.ok(w > 60 && w < 400 && h > 60 && h < 400, `box ${dm.box.join(',')}`);
    });
  }

  // Small pitch and small craters (dots of about half a pitch across, as on generated plates whose
  // symbols the closing lost): closing them into modules bridges light modules; the symbol is drawn
  // from its fitted lattice instead. Neither was read before the lattice (of 54 such plates drawn at
  // 0°, 8° and 41°, pitch 6–7 px, crater radius 0.2–0.26 pitch, it read 6 more and none fewer).
  const small = [
    { angleDeg: 0, pitchPx: 6.5, dotRadius: 0.26, seed: 1 },
    { angleDeg: 41, pitchPx: 6, dotRadius: 0.26, seed: 1 },
  ] as const;
  for (const c of small) {
    test(`small craters: ${c.angleDeg}°, pitch ${c.pitchPx} px, dot radius ${c.dotRadius} pitch`, async () => {
      const image = await dotPeenPlate(HRI, c);
      const codes = await reader.readCodes(image);
      const dm = codes.find((x) => x.format === 'DataMatrix');
      assert.ok(dm, `no DataMatrix read from ${image.width}x${image.height}`);
      assert.deepEqual(dm.gs1, ELEMENTS);
      const [x, y, w, h] = dm.box;
      // The symbol's 22 modules span 22 pitches from (380, 110) on the unrotated plate; upright, the box is that.
      if (c.angleDeg === 0) assert.ok(Math.abs(x - 380) < 8 && Math.abs(y - 110) < 8 && Math.abs(w - 22 * c.pitchPx) < 10 && Math.abs(h - 22 * c.pitchPx) < 10, `box ${dm.box.join(',')}`);
      else assert.ok(w > 100 && w < 300 && h > 100 && h < 300, `box ${dm.box.join(',')}`);
    });
  }

  test('the same symbol with the search disabled is not read (the search is what reads it)', async () => {
    const plain = await createCodeReader({ dotPeen: false });
    const codes = await plain.readCodes(await dotPeenPlate(HRI, cases[0]));
    assert.equal(codes.some((x) => x.format === 'DataMatrix'), false);
  });
});

describe('findDotPeenSymbols', () => {
  test('finds one square-ish dot cluster and measures its pitch', async () => {
    const image = await dotPeenPlate(HRI, { angleDeg: 0, pitchPx: 8, dotRadius: 0.38, seed: 9 });
    const cands = [...findDotPeenSymbols(image.gray)];
    assert.ok(cands.length >= 1);
    const c = cands[0]!;
    assert.ok(Math.abs(c.dotPitchPx - 8) < 1, `pitch ${c.dotPitchPx}`);
    // The symbol sits at x 380–(380 + n·8) on the unrotated plate; the crop must contain it.
    assert.ok(c.regionPx[0] > 300 && c.regionPx[0] < 380, `region ${c.regionPx.join(',')}`);
    assert.ok(c.dotCount > 100);
  });

  test('text and a plain background give no candidate', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400"><rect width="800" height="400" fill="#eee"/>
      <text x="40" y="120" font-family="DejaVu Sans" font-size="40">Lot: L24B1187 i.i.i. ...</text>
      <text x="40" y="260" font-family="DejaVu Sans Mono" font-size="34">GTIN 09506000134352</text></svg>`;
    const image = await decodeForTest(await sharp(Buffer.from(svg)).png().toBuffer());
    assert.deepEqual([...findDotPeenSymbols(image.gray)], []);
  });

  test('rejects a three-channel raster', async () => {
    const image = await decodeForTest(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).png().toBuffer());
    assert.throws(() => findDotPeenSymbols(image.rgb), RangeError);
  });
});

describe('fitLattice', () => {
  test('recovers a rotated, sheared module grid from its dots, with nodes missing and stray points', () => {
    const rand = rng(11);
    const a: [number, number] = [7 * Math.cos(0.5), 7 * Math.sin(0.5)];
    // Sheared: the second axis is 4° off the perpendicular and 3 % longer.
    const b: [number, number] = [-7.21 * Math.sin(0.5 + 0.07), 7.21 * Math.cos(0.5 + 0.07)];
    const pts: [number, number][] = [];
    for (let j = 0; j < 20; j++) {
      for (let i = 0; i < 20; i++) {
        if (rand() < 0.45) continue;
        pts.push([300 + i * a[0] + j * b[0] + (rand() - 0.5) * 0.6, 200 + i * a[1] + j * b[1] + (rand() - 0.5) * 0.6]);
      }
    }
    for (let k = 0; k < 8; k++) pts.push([300 + rand() * 140, 200 + rand() * 140]);
    const L = fitLattice(pts, 7.1);
    assert.ok(L);
    // The fitted vectors are the grid's, up to the lattice's symmetries (a swap, sign changes).
    const lengths = [Math.hypot(L.ax, L.ay), Math.hypot(L.bx, L.by)].sort((x, y) => x - y);
    assert.ok(Math.abs(lengths[0]! - 7) < 0.05 && Math.abs(lengths[1]! - 7.21) < 0.05, `lengths ${lengths.join(', ')}`);
    // Every grid dot lies on a node of the fit.
    const det = L.ax * L.by - L.bx * L.ay;
    for (const [x, y] of pts.slice(0, -8)) {
      const u = ((x - L.ox) * L.by - (y - L.oy) * L.bx) / det;
      const v = (L.ax * (y - L.oy) - L.ay * (x - L.ox)) / det;
      assert.ok(Math.abs(u - Math.round(u)) < 0.1 && Math.abs(v - Math.round(v)) < 0.1, `(${x}, ${y}) at ${u}, ${v}`);
    }
  });

  test('scattered points fit no lattice', () => {
    const rand = rng(12);
    const pts: [number, number][] = [];
    for (let k = 0; k < 200; k++) pts.push([rand() * 200, rand() * 200]);
    assert.equal(fitLattice(pts, 7), undefined);
  });
});
