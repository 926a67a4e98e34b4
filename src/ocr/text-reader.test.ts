import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { decodeImage } from '../vision/decode-image.js';
import { paintDotLines, renderLabel } from '../vision/testing/render-label.js';
import type { LabelLine } from '../vision/testing/render-label.js';
import { DEFAULT_ALLOWED_CHARS } from './charset.js';
import { createTextReader, growDotLines, mergeRowNeighbours } from './text-reader.js';
import type { Oriented } from './text-reader.js';
import type { TextReader } from './text-reader.js';

// Lines chosen without O/0 or l/1 pairs that no recogniser can tell apart in these fonts.
const LINES: LabelLine[] = [
  { text: 'LOT: A23B-0917', font: 'ocrb', sizePx: 32 },
  { text: 'S/N SN00923X7', font: 'dejavu', sizePx: 28 },
  { text: 'MFG 2026-11-05', font: 'dots', sizePx: 35 },
  { text: 'Use by 31.03.2027', font: 'dejavu', sizePx: 26 },
  { text: 'PN 4711-220-08', font: 'ocrb', sizePx: 30 },
];

/** Smallest angular distance in degrees. */
const angleDiff = (a: number, b: number): number => Math.abs((((a - b) % 360) + 540) % 360 - 180);

describe('createTextReader / readText', () => {
  let reader: TextReader;
  before(async () => {
    reader = await createTextReader();
  });
  after(async () => {
    await reader.close();
  });

  for (const rotateDeg of [0, 90, 180, 270, 30, -143]) {
    test(`reads every line exactly, in order, on a label rotated ${rotateDeg}°`, async () => {
      const image = await decodeImage(await renderLabel(LINES, { rotateDeg }));
      const r = await reader.readText(image);
      assert.deepEqual(r.lines.map((l) => l.text), LINES.map((l) => l.text));
      assert.ok(angleDiff(r.rotationDeg, rotateDeg) < 2, `rotationDeg ${r.rotationDeg}`);
      for (const l of r.lines) {
        assert.ok(angleDiff(l.angleDeg, rotateDeg) < 3, `${l.text} angle ${l.angleDeg}`);
        assert.equal(l.chars.map((c) => c.char).join(''), l.text);
        assert.ok(l.confidence > 0.5 && l.confidence <= 1);
        const [x, y, w, h] = l.box;
        assert.ok(x >= 0 && y >= 0 && x + w <= image.width && y + h <= image.height);
      }
      assert.equal(r.dotMatrix, true);
      for (const k of ['prepMs', 'detMs', 'clsMs', 'recMs', 'totalMs']) assert.ok((r.timings[k] ?? -1) >= 0, k);
    });
  }

  test('a page read upright after deskewing has its lines mapped back onto the input image', async () => {
    // The label lies on a dark bench: its edges give the page direction (dot-matrix print alone gives none).
    const onBench = await sharp(await renderLabel(LINES.filter((l) => l.font !== 'dots'), {})).extend({ top: 60, bottom: 60, left: 60, right: 60, background: '#303030' })
      .rotate(-33, { background: '#303030' }).png().toBuffer();
    const image = await decodeImage(onBench);
    const plain = await createTextReader({ deskewMinAngleDeg: Infinity });
    try {
      const [deskewed, direct] = [await reader.readText(image), await plain.readText(image)];
      assert.ok(deskewed.timings['deskewMs'] !== undefined, 'the 33° page was deskewed');
      assert.equal(direct.timings['deskewMs'], undefined);
      const centre = (q: readonly (readonly [number, number])[]): [number, number] => [q.reduce((s, p) => s + p[0], 0) / 4, q.reduce((s, p) => s + p[1], 0) / 4];
      const sub = (a: [number, number], b: [number, number]): [number, number] => [a[0] - b[0], a[1] - b[1]];
      // The two readings may differ in a character (O/0 of OCR-B, the case of a t); pair lines by place, then compare.
      const same = (t: string): string => t.toUpperCase().replace(/0/g, 'O');
      assert.equal(deskewed.lines.length, direct.lines.length);
      for (const line of deskewed.lines) {
        const [ax, ay] = centre(line.quad);
        const twin = [...direct.lines].sort((a, b) => Math.hypot(...sub(centre(a.quad), [ax, ay])) - Math.hypot(...sub(centre(b.quad), [ax, ay])))[0]!;
        const [bx, by] = centre(twin.quad);
        // Same line, same place: within a fraction of the text height.
        assert.ok(Math.hypot(ax - bx, ay - by) < 8, `${line.text}: ${ax.toFixed(0)},${ay.toFixed(0)} vs ${twin.text}: ${bx.toFixed(0)},${by.toFixed(0)}`);
        assert.equal(same(line.text), same(twin.text));
        assert.ok(angleDiff(line.angleDeg, twin.angleDeg) < 2, `${line.text}: ${line.angleDeg} vs ${twin.angleDeg}`);
      }
    } finally {
      await plain.close();
    }
  });

  test('reads a blurred, noisy, unevenly lit JPEG', async () => {
    const image = await decodeImage(await renderLabel(LINES, { rotateDeg: 90, blurSigma: 1, noiseStd: 8, lightGradient: 0.5, jpegQuality: 70 }));
    const r = await reader.readText(image);
    assert.deepEqual(r.lines.map((l) => l.text), LINES.map((l) => l.text));
  });

  test('outputs only allowed characters; alternatives too; a custom set is honoured', async () => {
    const image = await decodeImage(await renderLabel(LINES, {}));
    const r = await reader.readText(image);
    for (const l of r.lines) for (const c of l.chars) for (const a of c.alternatives) assert.ok(DEFAULT_ALLOWED_CHARS.includes(a.char), a.char);
    const digitsOnly = await createTextReader({ allowedChars: '0123456789-' });
    try {
      const d = await digitsOnly.readText(image);
      assert.ok(d.lines.length > 0);
      for (const l of d.lines) {
        assert.match(l.text, /^[0-9-]+$/);
        for (const c of l.chars) for (const a of c.alternatives) assert.match(a.char, /^[0-9-]$/);
      }
      assert.ok(d.lines.some((l) => l.text.includes('4711-220-08')), JSON.stringify(d.lines.map((l) => l.text)));
    } finally {
      await digitsOnly.close();
    }
  });

  for (const rotateDeg of [0, -100]) {
    test(`reads three closely stacked dot-matrix lines with missing drops exactly (${rotateDeg}°)`, async () => {
      const dots = { dropEvery: 30 };
      const lines: LabelLine[] = [
        { text: 'LOT A41835L', font: 'dots', sizePx: 42, dots },
        { text: 'EXP 15APR26', font: 'dots', sizePx: 42, dots },
        { text: 'MFG 2025-07-18', font: 'dots', sizePx: 42, dots },
      ];
      // 17 px (< 3 pitches) between lines, as inkjet coders print them: the detector joins such lines.
      const image = await decodeImage(await renderLabel(lines, { widthPx: 560, heightPx: 220, marginPx: 30, rotateDeg, noiseStd: 4 }));
      const r = await reader.readText(image);
      assert.equal(r.dotMatrix, true);
      assert.deepEqual(r.lines.map((l) => l.text), lines.map((l) => l.text));
    });
  }

  test('a tilted code whose drops touch along its rows is found as dot-matrix print on the upright page', async () => {
    // Drops 8 px wide, columns 6 px apart: every row's drops run together into bars, which at 30° are
    // slanted blobs that no test of the page as shot takes for drops.
    const w = 760;
    const h = 260;
    const data = new Uint8Array(w * h).fill(225);
    paintDotLines(data, w, ['EEZ 2E7T-5ZZ2', 'LOT ZZ5E-5E27'], { x0: 40, y0: 50, advancePx: 42, colPitchPx: 6, rowPitchPx: 10, lineGapPx: 100, radiusPx: 4, ink: 30 });
    const tilted = await sharp(data, { raw: { width: w, height: h, channels: 1 } }).rotate(30, { background: '#e1e1e1' }).png().toBuffer();
    const r = await reader.readText(await decodeImage(tilted));
    assert.equal(r.dotMatrix, true);
    assert.ok(r.lines.some((l) => l.text.startsWith('LOT')), r.lines.map((l) => l.text).join(' / '));
  });

  test('a letter among digits that the line reads as a digit is read again alone and kept a letter', async () => {
    // DejaVu Sans Mono: the line reads the S of 5513S07 as 5 (sharp and blurred); read alone, the glyph is an S.
    const lines: LabelLine[] = [{ text: '5513S07', font: 'mono', sizePx: 26 }, { text: 'P/N 4711-220-08', font: 'mono', sizePx: 26 }];
    const alone = await createTextReader({ isolatedReading: false });
    try {
      for (const blurSigma of [0, 1]) {
        const image = await decodeImage(await renderLabel(lines, { blurSigma, noiseStd: blurSigma > 0 ? 6 : 0 }));
        assert.deepEqual((await reader.readText(image)).lines.map((l) => l.text), lines.map((l) => l.text), `blur ${blurSigma}`);
        // Without the second reading the letter is lost: what the test shows is the rereading's doing.
        assert.equal((await alone.readText(image)).lines[0]?.text, '5513507', `blur ${blurSigma}`);
      }
    } finally {
      await alone.close();
    }
  });

  test('a blank page reads no lines; a closed reader refuses', async () => {
    const image = await decodeImage(await renderLabel([], { widthPx: 300, heightPx: 200 }));
    const r = await reader.readText(image);
    assert.deepEqual(r.lines, []);
    const other = await createTextReader();
    await other.close();
    await assert.rejects(other.readText(image), /closed/);
  });

  for (const [dark, thin] of [[false, false], [true, false], [true, true]] as const) {
    test(`two table cells close together are two lines when a rule stands between them (${dark ? 'light on dark' : 'dark on light'}${thin ? ', a thin rule off the page axis' : ''})`, async () => {
      const [bg, ink] = dark ? ['#1d3557', '#f0f0f0'] : ['#f2f2f2', '#111111'];
      // The thin rule: one pixel wide, 1.2° off the text axis, so it steps a column down its length.
      const ruleLine = thin ? `<line x1="189.5" y1="20" x2="191.6" y2="120" stroke="${ink}" stroke-width="1"/>` : `<line x1="190" y1="20" x2="190" y2="120" stroke="${ink}" stroke-width="2"/>`;
      const page = (rule: boolean): Buffer => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="520" height="140">`
        + `<rect width="520" height="140" fill="${bg}"/>`
        + `<rect x="30" y="20" width="460" height="100" fill="none" stroke="${ink}" stroke-width="2"/><line x1="30" y1="50" x2="490" y2="50" stroke="${ink}" stroke-width="2"/>`
        + (rule ? ruleLine : '')
        + `<text x="40" y="42" font-family="DejaVu Sans" font-size="16" fill="${ink}">Type</text><text x="200" y="42" font-family="DejaVu Sans" font-size="16" fill="${ink}">Part No.</text>`
        + `<text x="46" y="96" font-family="DejaVu Sans" font-size="28" fill="${ink}">X345-UW</text><text x="200" y="96" font-family="DejaVu Sans" font-size="28" fill="${ink}">728.201.295</text></svg>`);
      const read = async (rule: boolean): Promise<string[]> => (await reader.readText(await decodeImage(await sharp(page(rule)).png().toBuffer()))).lines.map((l) => l.text);
      const withRule = await read(true);
      assert.ok(withRule.includes('X345-UW') && withRule.includes('728.201.295'), withRule.join(' / '));
      // Without the rule the two values are one line, as words of one line are (the gap is under a line height).
      assert.ok((await read(false)).some((t) => t.includes('X345-UW') && t.includes('728.201.295')));
    });
  }
});

describe('mergeRowNeighbours', () => {
  const box = (x0: number, y0: number, x1: number, y1: number): Oriented => ({ p0: [x0, y0], p1: [x1, y0], p2: [x1, y1], p3: [x0, y1] });
  const spans = (boxes: Oriented[]): string[] => boxes.map((b) => `${b.p0[0]}-${b.p1[0]}`).sort();
  const horizontal = { ux: 1, uy: 0 };
  const gap = (): number => 0.8;

  test('joins boxes of one row closer than the gap ratio; keeps a row below and a box of another height apart', () => {
    const merged = mergeRowNeighbours([box(0, 0, 100, 40), box(120, 2, 200, 42), box(0, 60, 100, 100), box(300, 0, 340, 12)], horizontal, gap);
    assert.deepEqual(spans(merged), ['0-100', '0-200', '300-340']);
  });

  test('a much lower box overlapping the end of a line and within its band is a piece of it', () => {
    // The key and value boxed 57 px high, the last two digits 32 px high inside that band.
    const merged = mergeRowNeighbours([box(0, 0, 324, 57), box(300, 13, 340, 45)], horizontal, gap);
    assert.deepEqual(spans(merged), ['0-340']);
    // Not overlapping, or reaching out of the band: a different line.
    assert.equal(mergeRowNeighbours([box(0, 0, 324, 57), box(330, 13, 370, 45)], horizontal, gap).length, 2);
    assert.equal(mergeRowNeighbours([box(0, 0, 324, 57), box(300, 30, 340, 62)], horizontal, gap).length, 2);
    // Inside the box without reaching past its end, or in a box over twice as high: not a piece of it.
    assert.equal(mergeRowNeighbours([box(0, 0, 324, 57), box(200, 13, 240, 45)], horizontal, gap).length, 2);
    assert.equal(mergeRowNeighbours([box(0, 0, 324, 90), box(300, 30, 340, 62)], horizontal, gap).length, 2);
  });

  test('a rule between two boxes keeps them apart', () => {
    assert.equal(mergeRowNeighbours([box(0, 0, 100, 40), box(110, 0, 200, 40)], horizontal, gap, () => true).length, 2);
  });
});

describe('growDotLines', () => {
  const rect = (x0: number, y0: number, x1: number, y1: number): Oriented => ({ p0: [x0, y0], p1: [x1, y0], p2: [x1, y1], p3: [x0, y1] });
  const extent = (o: Oriented): [number, number] => [Math.min(o.p0[0], o.p3[0]), Math.max(o.p1[0], o.p2[0])];

  test('a detector box over two stacked lines lengthens only the line it lies on most', () => {
    const long = rect(0, 0, 700, 40);
    const short = rect(0, 50, 420, 90); // the drops of the short line end at 420
    const both = rect(-5, -5, 705, 95); // the detector boxed the two lines as one
    const [grownLong, grownShort] = growDotLines([long, short], [both], 5);
    assert.deepEqual(extent(grownLong!), [-5, 705]);
    assert.deepEqual(extent(grownShort!), [0, 420], 'the short line is not drawn out over blank board');
  });

  test('a detector box on one line lengthens it over drops the dot search missed', () => {
    const long = rect(0, 0, 700, 40);
    const short = rect(0, 50, 300, 90);
    const ownBox = rect(-5, 48, 420, 92); // the line's last word, faint, is in the detector's box only
    const [grownLong, grownShort] = growDotLines([long, short], [ownBox], 5);
    assert.deepEqual(extent(grownLong!), [0, 700]);
    assert.deepEqual(extent(grownShort!), [-5, 420]);
  });
});
