import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { RecognizedChar } from '../core/types.js';
import type { LineCrop } from './crop-line.js';
import { judgeGlyph, judgeGlyphShapes, measureGlyphShapes, REC_COLUMNS_PER_FRAME, refineByGlyphShape, segmentGlyphs } from './glyph-shape.js';
import { REC_HEIGHT_PX } from './recognize-lines.js';

// Fixtures are rendered, not stored: the fonts the bench labels use (Debian fonts-dejavu-core,
// fonts-liberation2, fonts-ocr-b), text of 30 px in a 48 px line crop squeezed to 0.8 width
// as text-reader does (recWidthScale).
const SIZE_PX = 30;
const SQUEEZE = 0.8;

interface Rendered {
  readonly crop: LineCrop;
  /** CTC-like centre of each character, in output frames, from the font's own layout. */
  readonly frames: number[];
}

function svg(text: string, font: string, widthPx: number, extra = '', weight = 'normal', dark = false): Buffer {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const [paper, ink] = dark ? ['#1d3557', '#f0f0f0'] : ['#f4f4f0', '#202020'];
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${REC_HEIGHT_PX}"><rect width="100%" height="100%" fill="${paper}"/>`
      + `<text x="8" y="${Math.round(REC_HEIGHT_PX / 2 + SIZE_PX * 0.36)}" font-family="${font}" font-size="${SIZE_PX}" font-weight="${weight}" fill="${ink}">${esc}</text>${extra}</svg>`,
  );
}

async function gray(buf: Buffer, widthPx: number, blurSigma: number): Promise<LineCrop> {
  let img = sharp(buf).resize(Math.round(widthPx * SQUEEZE), REC_HEIGHT_PX, { fit: 'fill' });
  if (blurSigma > 0) img = img.blur(blurSigma);
  const { data, info } = await img.greyscale().raw().toBuffer({ resolveWithObject: true });
  const out = new Uint8Array(info.width * info.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels]!;
  return { data: out, width: info.width, height: info.height };
}

/** Rightmost ink column of a crop (−1 when blank). */
function inkRight(c: LineCrop): number {
  for (let x = c.width - 1; x >= 0; x--) for (let y = 0; y < c.height; y++) if (c.data[y * c.width + x]! < 128) return x;
  return -1;
}

/**
 * Renders `text` and places each character the way the recogniser's CTC
 * frames do, from the renderer's layout (right ink edges of the prefixes), not
 * from the module under test.
 */
async function render(text: string, font: string, options: { blurSigma?: number; rule?: boolean; weight?: 'normal' | 'bold'; dark?: boolean; extra?: string } = {}): Promise<Rendered> {
  const widthPx = Math.round(text.length * SIZE_PX * 0.8 + 24);
  // A table rule touching the bottom of the glyphs, as on nameplates.
  const rule = options.rule ? `<rect x="0" y="${Math.round(REC_HEIGHT_PX / 2 + SIZE_PX * 0.36)}" width="${widthPx}" height="2" fill="#202020"/>` : '';
  const crop = await gray(svg(text, font, widthPx, rule + (options.extra ?? ''), options.weight, options.dark), widthPx, options.blurSigma ?? 0);
  const edges: number[] = [];
  for (let i = 1; i <= text.length; i++) edges.push(inkRight(await gray(svg(text.slice(0, i), font, widthPx, '', options.weight), widthPx, 0)));
  const frames = edges.map((e, i) => {
    const left = i === 0 ? Math.round(8 * SQUEEZE) : edges[i - 1]!;
    return (left + e) / 2 / REC_COLUMNS_PER_FRAME - 0.5;
  });
  return { crop, frames };
}

/** What the recogniser says: `read`, each character confident, with the true character (if different) a weak alternative or absent. */
function recognised(read: string, truth: string, listTruth = false): RecognizedChar[] {
  return [...read].map((ch, i) => {
    const alternatives = [{ char: ch, p: 0.98 }];
    if (listTruth && truth[i] !== ch) alternatives.push({ char: truth[i]!, p: 0.01 });
    return { char: ch, confidence: 0.98, alternatives };
  });
}

const PROPORTIONAL = ['DejaVu Sans', 'Liberation Sans'];
const ALL = ['DejaVu Sans', 'Liberation Sans', 'OCR B', 'DejaVu Sans Mono'];

describe('segmentGlyphs', () => {
  for (const font of ALL) {
    test(`${font}: one glyph per character, also with a table rule touching the baseline`, async () => {
      for (const rule of [false, true]) {
        const r = await render('A2O58Q7', font, { rule });
        assert.equal(segmentGlyphs(r.crop).glyphs.length, 7, `rule: ${rule}`);
      }
    });
  }
});

describe('refineByGlyphShape', () => {
  for (const font of PROPORTIONAL) {
    for (const blurSigma of [0, 1]) {
      test(`${font} (blur ${blurSigma}): a wide O read as 0 becomes O; the 0 stays an alternative at a lower probability`, async () => {
        const r = await render('O895648Q', font, { blurSigma });
        const res = refineByGlyphShape(recognised('0895648Q', 'O895648Q'), r.frames, r.crop);
        assert.equal(res.chars.map((c) => c.char).join(''), 'O895648Q');
        assert.deepEqual(res.changes, [{ position: 0, from: '0', to: 'O' }]);
        const first = res.chars[0]!;
        assert.ok(first.confidence < 0.98, 'confidence lowered');
        const zero = first.alternatives.find((a) => a.char === '0');
        assert.ok(zero && zero.p < 0.5 * first.confidence, 'the read digit kept below half of the letter');
      });

      test(`${font} (blur ${blurSigma}): Q read as 0 at the end of a digit run becomes Q`, async () => {
        const r = await render('365966Q', font, { blurSigma });
        const res = refineByGlyphShape(recognised('3659660', '365966Q'), r.frames, r.crop);
        assert.equal(res.chars.map((c) => c.char).join(''), '365966Q');
      });
    }
  }

  for (const font of ALL) {
    test(`${font}: printed zeros and ones read correctly are left alone`, async () => {
      const text = '20510806-71';
      const r = await render(text, font);
      const res = refineByGlyphShape(recognised(text, text), r.frames, r.crop);
      assert.deepEqual(res.changes, []);
      assert.equal(res.chars.map((c) => c.char).join(''), text);
    });

    test(`${font}: I read as 1 inside digits becomes I (a bare bar or a symmetric serif I, not a flagged 1)`, async () => {
      const r = await render('H260I5906', font);
      const res = refineByGlyphShape(recognised('H26015906', 'H260I5906'), r.frames, r.crop);
      assert.equal(res.chars.map((c) => c.char).join(''), 'H260I5906');
    });
  }

  test('OCR-B: O and 0 have the same width there, so a 0 is not changed without other evidence', async () => {
    const r = await render('O895648Q', 'OCR B');
    const res = refineByGlyphShape(recognised('0895648Q', 'O895648Q'), r.frames, r.crop);
    assert.equal(res.chars[0]!.char, '0');
  });

  for (const blurSigma of [0, 1.2]) {
    test(`OCR-B (blur ${blurSigma}): its capitals stand shorter than its digits, so a 0 as short as the line's capitals is the letter O`, async () => {
      const r = await render('SN O895648 T0', 'OCR B', { blurSigma });
      const res = refineByGlyphShape(recognised('SN 0895648 T0', 'SN O895648 T0'), r.frames, r.crop);
      assert.equal(res.chars.map((c) => c.char).join(''), 'SN O895648 T0', 'the O becomes the letter, the real zero stays');
    });
  }

  for (const font of ['DejaVu Sans Mono', 'DejaVu Sans', 'Liberation Sans']) {
    test(`${font}: capitals as tall as the digits say nothing about a 0`, async () => {
      const r = await render('SN 0895648 TN', font);
      const res = refineByGlyphShape(recognised('SN 0895648 TN', 'SN 0895648 TN'), r.frames, r.crop);
      assert.deepEqual(res.changes, []);
    });
  }

  test('DejaVu Sans Mono: the line\'s dotted zeros make a 0 with an empty counter the letter O', async () => {
    const r = await render('T062O0608', 'DejaVu Sans Mono');
    const res = refineByGlyphShape(recognised('T06200608', 'T062O0608'), r.frames, r.crop);
    assert.equal(res.chars.map((c) => c.char).join(''), 'T062O0608');
  });

  test('DejaVu Sans Mono: a dotted zero on another line of the page in the same face makes an empty 0 the letter O', async () => {
    const other = await render('0149-8B-75', 'DejaVu Sans Mono');
    const serial = await render('O637957M', 'DejaVu Sans Mono');
    const a = measureGlyphShapes(recognised('0149-8B-75', '0149-8B-75'), other.frames, other.crop)!;
    const b = measureGlyphShapes(recognised('0637957M', 'O637957M'), serial.frames, serial.crop)!;
    assert.ok(a.dottedZeros && !b.dottedZeros);
    const text = (r: { chars: readonly RecognizedChar[] }): string => r.chars.map((c) => c.char).join('');
    assert.equal(text(judgeGlyphShapes(b)), '0637957M', 'alone, the line says nothing');
    assert.equal(text(judgeGlyphShapes(b, [a, b])), 'O637957M');
    const bold = await render('0149-8B-75', 'DejaVu Sans Mono', { weight: 'bold' });
    const c = measureGlyphShapes(recognised('0149-8B-75', '0149-8B-75'), bold.frames, bold.crop)!;
    assert.equal(text(judgeGlyphShapes(b, [c, b])), 'O637957M', 'the bold face dots its zeros too');
    const hri = await render('(10)L7350A09', 'OCR B');
    const d = measureGlyphShapes(recognised('(10)L7350A09', '(10)L7350A09'), hri.frames, hri.crop)!;
    assert.equal(text(judgeGlyphShapes(d, [a, d])), '(10)L7350A09', 'a line with two undotted zeros of its own keeps them');
  });

  test('a dotted zero on a monospaced line says nothing of a proportional line whose digits are as large', async () => {
    // DejaVu Sans and DejaVu Sans Mono digits share height and proportions: only the spacing of the
    // other glyphs tells the faces apart (a GS1 text line in the monospaced face under a barcode).
    const hri = await render('(01)09073983399233', 'DejaVu Sans Mono', { blurSigma: 0.8 });
    const body = await render('Supplier 740513', 'DejaVu Sans', { blurSigma: 0.8 });
    const a = measureGlyphShapes(recognised('(01)09073983399233', '(01)09073983399233'), hri.frames, hri.crop)!;
    const b = measureGlyphShapes(recognised('Supplier 740513', 'Supplier 740513'), body.frames, body.crop)!;
    assert.ok(a.dottedZeros && !b.dottedZeros);
    assert.equal(a.pitch, 'monospaced');
    assert.equal(b.pitch, 'proportional');
    const text = (r: { chars: readonly RecognizedChar[] }): string => r.chars.map((c) => c.char).join('');
    // Rendered here at one size, the two faces' digits differ by 9 % in proportions; on the bench's labels
    // (GS1 text at its own size, squeezed with its line) they differed by 2-5 %: give the monospaced
    // line the proportions of the other's digits, so that only the spacing can tell the faces apart.
    const same = { ...a, ref: { ...a.ref, digitWidth: (b.ref.digitWidth / b.ref.digitHeight) * a.ref.digitHeight } };
    assert.equal(text(judgeGlyphShapes(b, [same, b])), 'Supplier 740513');
    // A line set in the monospaced face takes the page's dotted zeros as before.
    const mono = await render('Supplier 74O513', 'DejaVu Sans Mono', { blurSigma: 0.8 });
    const c = measureGlyphShapes(recognised('Supplier 740513', 'Supplier 74O513'), mono.frames, mono.crop)!;
    assert.equal(c.pitch, 'monospaced');
    assert.equal(text(judgeGlyphShapes(c, [a, c])), 'Supplier 74O513');
    assert.equal(text(judgeGlyphShapes(c, [same, c])), 'Supplier 74O513');
  });

  // Lines as the bench's logistics labels set them, blurred. A proportional line whose matched glyphs
  // are all about as wide as digits (Liberation Sans `Supplier`: S, u, p, p) is not told apart.
  const PITCHES: [string, string, 'monospaced' | 'proportional'][] = [
    ['DejaVu Sans', 'Charge 73W037', 'proportional'],
    ['DejaVu Sans', 'Supplier 740513', 'proportional'],
    ['Liberation Sans', 'Charge 73W037', 'proportional'],
    ['Liberation Sans', 'Expiry APR 2030', 'proportional'],
    ['DejaVu Sans Mono', 'Charge 73W037', 'monospaced'],
    ['DejaVu Sans Mono', 'Supplier 740513', 'monospaced'],
    ['DejaVu Sans Mono', 'Expiry APR 2030', 'monospaced'],
    ['OCR B', 'Charge 73W037', 'monospaced'],
    ['OCR B', 'Supplier 740513', 'monospaced'],
  ];
  for (const [font, line, pitch] of PITCHES) {
    test(`letterPitch: ${font} '${line}' is ${pitch}`, async () => {
      const r = await render(line, font, { blurSigma: 0.8 });
      const m = measureGlyphShapes(recognised(line, line), r.frames, r.crop);
      assert.ok(m);
      assert.equal(m.pitch, pitch);
    });
  }

  test('a wide O with a little ink at its bottom right is still the letter; a Q tail is not', async () => {
    const r = await render('VH07O02 Q5', 'DejaVu Sans', { blurSigma: 0.8 });
    const m = measureGlyphShapes(recognised('VH07002 05', 'VH07O02 Q5'), r.frames, r.crop)!;
    const o = m.features[4]!;
    assert.equal(judgeGlyph('0', o), 'O');
    // Tail ink as measured on a tilted nameplate (generated seed 880002, `LOT: VH07O02`): 0.025.
    assert.equal(judgeGlyph('0', { ...o, tailInk: 0.025 }), 'O');
    assert.equal(judgeGlyph('0', { ...o, tailInk: 0.05 }), undefined, 'as much ink as a tail: not judged');
    assert.notEqual(judgeGlyph('0', m.features[8]!), 'O', 'the Q');
  });

  test('a wide O that overshoots the baseline by one pixel is still the letter; two pixels are a descent', async () => {
    const r = await render('L02217O', 'DejaVu Sans', { blurSigma: 0.8 });
    const m = measureGlyphShapes(recognised('L022170', 'L02217O'), r.frames, r.crop)!;
    const o = m.features[6]!;
    assert.equal(judgeGlyph('0', o), 'O');
    // As measured on a nameplate with 24 px digits (generated seed 920001, `Lot No.: L02217O`): one pixel below.
    const px = 1 / 24;
    assert.equal(judgeGlyph('0', { ...o, descent: px, pixel: px }), 'O');
    // The baseline is fitted to a fraction of a pixel (seed 960002: 1.2 pixels below).
    assert.equal(judgeGlyph('0', { ...o, descent: 1.2 * px, pixel: px }), 'O');
    assert.equal(judgeGlyph('0', { ...o, descent: 2 * px, pixel: px }), undefined);
  });

  test('DejaVu Sans Mono blurred: zeros whose dot joined the ring are still dark in the middle, so a clear 0 is the letter O', async () => {
    const text = (r: { chars: readonly RecognizedChar[] }): string => r.chars.map((c) => c.char).join('');
    const gtin = await render('GTIN 08051055863586', 'DejaVu Sans Mono', { blurSigma: 1.3, weight: 'bold' });
    const serial = await render('SN O573K1243', 'DejaVu Sans Mono', { blurSigma: 1.3, weight: 'bold' });
    const a = measureGlyphShapes(recognised('GTIN 08051055863586', 'GTIN 08051055863586'), gtin.frames, gtin.crop)!;
    const b = measureGlyphShapes(recognised('SN 0573K1243', 'SN O573K1243'), serial.frames, serial.crop)!;
    assert.ok(!a.dottedZeros, 'the dots are joined to their rings: no dotted zero by the binary test');
    assert.equal(text(judgeGlyphShapes(b, [a, b])), 'SN O573K1243');
    // The zeros themselves stay zeros, and a line alone (no other zero of its face) says nothing.
    assert.equal(text(judgeGlyphShapes(a, [a, b])), 'GTIN 08051055863586');
    assert.equal(text(judgeGlyphShapes(b)), 'SN 0573K1243');
    // A proportional face's zeros are clear: its page says nothing of a clear zero either.
    const plain = await render('GTIN 08051055863586', 'DejaVu Sans', { blurSigma: 1.3, weight: 'bold' });
    const c = measureGlyphShapes(recognised('GTIN 08051055863586', 'GTIN 08051055863586'), plain.frames, plain.crop)!;
    const d = await render('SN 0573K1243', 'DejaVu Sans', { blurSigma: 1.3, weight: 'bold' });
    const e = measureGlyphShapes(recognised('SN 0573K1243', 'SN 0573K1243'), d.frames, d.crop)!;
    assert.equal(text(judgeGlyphShapes(e, [c, e])), 'SN 0573K1243');
  });

  test('light print on a dark plate: blurred dotted zeros are inked in the middle there too, so a clear 0 is the letter O', async () => {
    const text = (r: { chars: readonly RecognizedChar[] }): string => r.chars.map((c) => c.char).join('');
    const options = { blurSigma: 1.3, weight: 'bold', dark: true } as const;
    const gtin = await render('GTIN 08051055863586', 'DejaVu Sans Mono', options);
    const serial = await render('SN O573K1243', 'DejaVu Sans Mono', options);
    const a = measureGlyphShapes(recognised('GTIN 08051055863586', 'GTIN 08051055863586'), gtin.frames, gtin.crop)!;
    const b = measureGlyphShapes(recognised('SN 0573K1243', 'SN O573K1243'), serial.frames, serial.crop)!;
    const zero = a.features[5]!;
    const o = b.features[3]!;
    assert.ok(zero.centreInk >= 0.4, `a dotted zero's middle is inked: ${zero.centreInk}`);
    assert.ok(o.centreInk <= 0.2, `the O's middle is paper: ${o.centreInk}`);
    assert.equal(text(judgeGlyphShapes(b, [a, b])), 'SN O573K1243');
    assert.equal(text(judgeGlyphShapes(a, [a, b])), 'GTIN 08051055863586');
  });

  test('a face that dots its zeros is no face of short capitals: its O and 0 are judged by their middles', async () => {
    const text = (r: { chars: readonly RecognizedChar[] }): string => r.chars.map((c) => c.char).join('');
    const pn = await render('PN ORA-7050', 'DejaVu Sans Mono', { blurSigma: 1.3, weight: 'bold' });
    const m = measureGlyphShapes(recognised('PN ORA-7050', 'PN ORA-7050'), pn.frames, pn.crop)!;
    const o = m.features[3]!;
    const zero = m.features[8]!;
    assert.ok(o.centreInk <= 0.2 && zero.centreInk >= 0.4, `O ${o.centreInk}, 0 ${zero.centreInk}`);
    // Capitals measured at 0.916-0.932 of the digits, as on a small blurred logistics label (generated
    // seed 960002, `PN ORA-7050` and `BATCH L40U9175`), the heights of a short-capital face (OCR-B).
    const oTall = { ...o, softHeightRatio: 0.979 };
    const zeroShort = { ...zero, softHeightRatio: 0.943 };
    const short = { dottedZeros: false, capHeightRatio: 0.916 };
    // By height alone (no other zero of the face seen) the two swap: what the face's zeros then prevent.
    assert.equal(judgeGlyph('O', oTall, short), '0');
    assert.equal(judgeGlyph('0', zeroShort, { ...short, capHeightRatio: 0.932 }), 'O');
    const dotted = { ...short, zeroCentreInk: 0.83 };
    assert.notEqual(judgeGlyph('O', oTall, dotted), '0');
    assert.notEqual(judgeGlyph('0', zeroShort, { ...dotted, capHeightRatio: 0.932 }), 'O');
    // And a zero the recogniser read as O is a zero in such a face, by its dark middle; the clear O is not.
    assert.equal(judgeGlyph('O', zero, { dottedZeros: false, zeroCentreInk: 0.83 }), '0');
    assert.notEqual(judgeGlyph('O', o, { dottedZeros: false, zeroCentreInk: 0.83 }), '0');
    // On the page: the zeros of the face (two or more) tell it, so the O stays and a zero read O goes back.
    assert.equal(text(judgeGlyphShapes(m)), 'PN ORA-7050');
    const misread = measureGlyphShapes(recognised('PN ORA-7O50', 'PN ORA-7050'), pn.frames, pn.crop)!;
    assert.equal(text(judgeGlyphShapes(misread)), 'PN ORA-7O50', 'one other zero says nothing');
    assert.equal(text(judgeGlyphShapes(misread, [m, misread])), 'PN ORA-7050');
  });

  for (const font of PROPORTIONAL) {
    test(`${font}: a round glyph read O no wider than the digits of a proportional line is the zero; the wide O stays`, async () => {
      const text = (r: { chars: readonly RecognizedChar[] }): string => r.chars.map((c) => c.char).join('');
      const r = await render('Part EJ523-0HC', font, { blurSigma: 0.8 });
      const m = measureGlyphShapes(recognised('Part EJ523-OHC', 'Part EJ523-0HC'), r.frames, r.crop)!;
      assert.equal(m.pitch, 'proportional');
      assert.equal(text(judgeGlyphShapes(m)), 'Part EJ523-0HC');
      const o = await render('Part EJ523-OHC', font, { blurSigma: 0.8 });
      const n = measureGlyphShapes(recognised('Part EJ523-OHC', 'Part EJ523-OHC'), o.frames, o.crop)!;
      assert.equal(text(judgeGlyphShapes(n)), 'Part EJ523-OHC');
    });
  }

  test('a monospaced line says nothing by width: its O read O stays', async () => {
    const text = (r: { chars: readonly RecognizedChar[] }): string => r.chars.map((c) => c.char).join('');
    const r = await render('Part EJ523-OHC', 'OCR B', { blurSigma: 0.8 });
    const m = measureGlyphShapes(recognised('Part EJ523-OHC', 'Part EJ523-OHC'), r.frames, r.crop)!;
    assert.equal(m.pitch, 'monospaced');
    assert.equal(text(judgeGlyphShapes(m)), 'Part EJ523-OHC');
  });

  test('a little ink at the bottom right leaves a clear round glyph in a dotted-zero face the letter O', async () => {
    const r = await render('SN O573K1243', 'DejaVu Sans Mono', { blurSigma: 1.3, weight: 'bold' });
    const m = measureGlyphShapes(recognised('SN 0573K1243', 'SN O573K1243'), r.frames, r.crop)!;
    const o = m.features[3]!;
    // As measured beside a Q (generated seed 960001, `Q0896975`): tail ink 0.029, under a Q's 0.03.
    const dotted = { dottedZeros: false, zeroCentreInk: 0.52 };
    assert.equal(judgeGlyph('0', { ...o, tailInk: 0.029 }, dotted), 'O');
    assert.equal(judgeGlyph('0', { ...o, tailInk: 0.029 }), undefined, 'without the face\'s zeros');
    assert.equal(judgeGlyph('0', { ...o, tailInk: 0.05 }, dotted), undefined, 'as much ink as a tail');
  });

  for (const blurSigma of [0, 1.2]) {
    test(`OCR-B (blur ${blurSigma}): a round glyph read O as tall as the digits is the digit 0; the short O of the key stays`, async () => {
      const r = await render('LOT ZC02G02', 'OCR B', { blurSigma });
      const res = refineByGlyphShape(recognised('LOT ZCO2G02', 'LOT ZC02G02'), r.frames, r.crop);
      assert.equal(res.chars.map((c) => c.char).join(''), 'LOT ZC02G02');
    });
  }

  test('a speck of noise beside a glyph does not keep the glyph from being judged', async () => {
    // A speck left of the first glyph, in its cell (as a stub of a cell border on nameplates).
    const speck = `<rect x="1" y="${REC_HEIGHT_PX - 6}" width="3" height="3" fill="#202020"/>`;
    const clean = await render('O06200608', 'DejaVu Sans Mono');
    const r = await render('O06200608', 'DejaVu Sans Mono', { extra: speck });
    assert.equal(segmentGlyphs(r.crop).glyphs.length, segmentGlyphs(clean.crop).glyphs.length + 1, 'the speck is a component of its own');
    const res = refineByGlyphShape(recognised('006200608', 'O06200608'), r.frames, r.crop);
    assert.equal(res.chars.map((c) => c.char).join(''), 'O06200608');
  });

  test('a line without two reference digits 2-9 is returned unchanged', async () => {
    const r = await render('O10-I', 'DejaVu Sans');
    const chars = recognised('010-1', 'O10-I');
    const res = refineByGlyphShape(chars, r.frames, r.crop);
    assert.deepEqual(res.chars, chars);
    assert.deepEqual(res.changes, []);
  });

  test('centres that do not match the characters (another count) change nothing', async () => {
    const r = await render('O895648Q', 'DejaVu Sans');
    const chars = recognised('0895648Q', 'O895648Q');
    assert.deepEqual(refineByGlyphShape(chars, r.frames.slice(1), r.crop).changes, []);
  });
});
