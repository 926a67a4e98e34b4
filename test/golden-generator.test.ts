// Unit tests of the bench's label generator (bench/labels): determinism,
// truth in contract form, glyph table, date printing, and — the important
// one — that the barcodes drawn on a label carry exactly the truth.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { LABEL_FAMILIES, generateLabel, generateLabels } from '../bench/labels/generate.js';
import { DOT_MATRIX_5X7, DOT_MATRIX_FONTS, DOT_MATRIX_FONT_NAMES } from '../bench/labels/dot-matrix.js';
import { createRng } from '../bench/labels/rng.js';
import {
  DAY_FORMATS, MONTH_FORMATS, formatDate, gs1CheckDigit, isoDate, makeDate, makeGtin, makeLot, makeSerial, CONFUSABLE_DIGITS, CONFUSABLE_LETTERS,
} from '../bench/labels/values.js';
import { parseDateLoosely } from '../bench/baselines/key-rules.js';

const require = createRequire(import.meta.url);
prepareZXingModule({ overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer as ArrayBuffer }, fireImmediately: true });

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function isValidIsoDay(s: string): boolean {
  const m = ISO_DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

describe('values', () => {
  test('GS1 check digit matches the GS1 example GTIN 09506000134352', () => {
    assert.equal(gs1CheckDigit('0950600013435'), 2);
    assert.equal(gs1CheckDigit('0950600013436'), 9); // 09506000134369 is a valid GTIN too
  });
  test('generated GTINs are 14 digits with a valid check digit', () => {
    const rng = createRng(5);
    for (let i = 0; i < 200; i++) {
      const g = makeGtin(rng);
      assert.match(g, /^\d{14}$/);
      assert.equal(Number(g[13]), gs1CheckDigit(g.slice(0, 13)), g);
    }
  });
  test('every printed date format reads back to the same ISO date (baseline parser agrees)', () => {
    const rng = createRng(9);
    for (let i = 0; i < 100; i++) {
      const day = makeDate(rng, 2020, 2030);
      for (const f of DAY_FORMATS) assert.equal(parseDateLoosely(formatDate(day, f)), isoDate(day), `${f}: ${formatDate(day, f)}`);
      const month = makeDate(rng, 2020, 2030, true);
      for (const f of MONTH_FORMATS) assert.equal(parseDateLoosely(formatDate(month, f)), isoDate(month), `${f}: ${formatDate(month, f)}`);
    }
  });
  test('a month-only date cannot be printed in a day format (generator bug guard)', () => {
    assert.throws(() => formatDate({ year: 2028, month: 4 }, 'iso'), RangeError);
  });
  test('confusable style fills identifiers mostly with O/0 I/1 S/5 B/8 Z/2 G/6', () => {
    const rng = createRng(11);
    let conf = 0;
    let total = 0;
    for (let i = 0; i < 200; i++) {
      for (const v of [makeSerial(rng, 'confusable'), makeLot(rng, 'confusable')]) {
        for (const c of v) { if (/[A-Z0-9]/.test(c)) { total++; if ((CONFUSABLE_LETTERS + CONFUSABLE_DIGITS).includes(c)) conf++; } }
      }
    }
    assert.ok(conf / total > 0.7, `confusable share ${conf / total}`);
  });
});

describe('dot-matrix fonts', () => {
  const drops = (a: readonly string[], b: readonly string[]): number => {
    let n = 0;
    for (let r = 0; r < 7; r++) for (let c = 0; c < 5; c++) if (a[r]![c] !== b[r]![c]) n++;
    return n;
  };
  test('every glyph of every font is 7 rows of 5 columns and the inkjet charset is covered', () => {
    assert.deepEqual(DOT_MATRIX_FONT_NAMES, ['hd44780', 'coder-b', 'coder-c']);
    for (const name of DOT_MATRIX_FONT_NAMES) {
      const font: Readonly<Record<string, readonly string[]>> = DOT_MATRIX_FONTS[name];
      for (const [ch, rows] of Object.entries(font)) {
        assert.equal(rows.length, 7, `${name} ${ch}`);
        for (const r of rows) assert.match(r, /^[#.]{5}$/, `${name} ${ch}`);
      }
      for (const ch of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ/.-: ') assert.ok(font[ch], `${name} ${ch}`);
    }
    assert.equal(DOT_MATRIX_FONTS.hd44780, DOT_MATRIX_5X7);
  });
  test('in every font any two characters differ by at least 3 drops (truth is defendable: 0/O, 8/B, 5/S, 2/Z, 1/I, 6/G …)', () => {
    for (const name of DOT_MATRIX_FONT_NAMES) {
      const font: Readonly<Record<string, readonly string[]>> = DOT_MATRIX_FONTS[name];
      const chars = Object.keys(font).filter((c) => c !== ' ');
      for (const [i, a] of chars.entries()) {
        for (const b of chars.slice(i + 1)) assert.ok(drops(font[a]!, font[b]!) >= 3, `${name}: ${a} vs ${b} differ by ${drops(font[a]!, font[b]!)} drops`);
      }
    }
  });
  test('the other coder fonts really differ from the HD44780 table (the cell reader knows only that one)', () => {
    for (const name of ['coder-b', 'coder-c'] as const) {
      const font: Readonly<Record<string, readonly string[]>> = DOT_MATRIX_FONTS[name];
      const changed = Object.keys(font).filter((c) => drops(font[c]!, DOT_MATRIX_5X7[c]!) > 0);
      assert.ok(changed.length >= 15, `${name}: only ${changed.length} glyphs differ`);
      for (const d of '0123479') assert.ok(changed.includes(d), `${name}: digit ${d} is the HD44780 one`);
    }
  });
  test('inkjet labels are printed in every font, and the truth says which', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 24; i++) {
      const { spec } = await generateLabel(7, i, 'inkjet', 'normal', false);
      assert.match(spec.variant ?? '', /^font (hd44780|coder-b|coder-c)$/);
      seen.add(spec.variant!);
    }
    assert.equal(seen.size, 3);
  });
});

describe('generateLabels', () => {
  test('is deterministic for a seed, balanced over families, and writes truth.jsonl', async () => {
    const a = await mkdtemp(join(tmpdir(), 'traceocr-gen-a-'));
    const b = await mkdtemp(join(tmpdir(), 'traceocr-gen-b-'));
    try {
      const ra = await generateLabels({ count: 8, seed: 42, outDir: a });
      const rb = await generateLabels({ count: 8, seed: 42, outDir: b });
      assert.deepEqual(ra.records, rb.records);
      for (const r of ra.records) assert.ok((await readFile(join(a, r.file))).equals(await readFile(join(b, r.file))), r.file);
      assert.deepEqual(ra.records.map((r) => r.family), [...LABEL_FAMILIES, ...LABEL_FAMILIES]);
      const lines = (await readFile(join(a, 'truth.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { file: string; fields: object });
      assert.equal(lines.length, 8);
      assert.deepEqual(lines.map((l) => l.file), ra.records.map((r) => r.file));
      const other = await generateLabels({ count: 4, seed: 43, outDir: b });
      assert.notDeepEqual(other.records.map((r) => r.fields), ra.records.slice(0, 4).map((r) => r.fields));
    } finally {
      await rm(a, { recursive: true, force: true });
      await rm(b, { recursive: true, force: true });
    }
  });

  test('truth values are in contract form for every family', async () => {
    for (let i = 0; i < 24; i++) {
      const family = LABEL_FAMILIES[i % 4] ?? 'logistics';
      const { spec, image } = await generateLabel(77, i, family);
      const f = spec.fields;
      assert.ok(Object.keys(f).length >= 1, `${family} #${i} has no field`);
      if (f.gtin !== undefined) { assert.match(f.gtin, /^\d{14}$/); assert.equal(Number(f.gtin[13]), gs1CheckDigit(f.gtin.slice(0, 13))); }
      for (const k of ['productionDate', 'expiryDate'] as const) {
        const v = f[k];
        if (v !== undefined) assert.ok(isValidIsoDay(v) || ISO_MONTH.test(v), `${k}=${v}`);
      }
      for (const k of ['lot', 'serial', 'partNumber', 'quantity', 'supplier'] as const) {
        const v = f[k];
        if (v !== undefined) assert.match(v, /^[0-9A-Z][0-9A-Z\-./]*$/, `${k}=${v}`);
      }
      if (f.quantity !== undefined) assert.match(f.quantity, /^\d+$/);
      const meta = await sharp(image.bytes).metadata();
      const [w, h] = [meta.width ?? 0, meta.height ?? 0];
      // A 900×500 label, padded (never cropped) when rotated by 90° or any angle.
      assert.ok(Math.max(w, h) >= 900 && Math.min(w, h) >= 500, `${family} size ${w}x${h}`);
    }
  });

  test('degradations include exact right angles, arbitrary angles, JPEG and PNG', async () => {
    const rot = new Set<string>();
    const ext = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const { degradation, image } = await generateLabel(3, i, 'inkjet');
      const r = degradation?.rotationDeg ?? 0;
      rot.add([90, 180, 270].includes(r) ? 'right' : Math.abs(r) <= 4 ? 'small' : 'arbitrary');
      ext.add(image.ext);
    }
    assert.deepEqual([...rot].sort(), ['arbitrary', 'right', 'small']);
    assert.deepEqual([...ext].sort(), ['jpg', 'png']);
  });

  test('the GS1 codes on undegraded logistics labels decode to exactly the truth', async () => {
    const AI_FIELD: Record<string, string> = { '01': 'gtin', '10': 'lot', '21': 'serial', '240': 'partNumber', '11': 'productionDate', '17': 'expiryDate', '30': 'quantity' };
    let decodedLabels = 0;
    for (let i = 0; i < 24; i++) {
      const { spec, image } = await generateLabel(101, i, 'logistics', 'normal', false);
      const results = await readBarcodes(new Uint8Array(image.bytes), { formats: ['DataMatrix', 'Code128'], textMode: 'HRI', tryHarder: true });
      for (const r of results) {
        assert.ok(r.isValid, r.error);
        const pairs = [...r.text.matchAll(/\((\d{2,4})\)([^(]+)/g)];
        assert.ok(pairs.length > 0, `not GS1: ${r.text}`);
        for (const [, ai, value] of pairs) {
          const field = AI_FIELD[ai ?? ''] as keyof typeof spec.fields | undefined;
          assert.ok(field, `unexpected AI ${ai}`);
          const expected = spec.fields[field];
          let got = value ?? '';
          if (field === 'productionDate' || field === 'expiryDate') {
            // GS1 YYMMDD with DD=00 for a month (GenSpecs §3.4): compare in ISO form.
            got = `20${got.slice(0, 2)}-${got.slice(2, 4)}${got.slice(4, 6) === '00' ? '' : '-' + got.slice(4, 6)}`;
          }
          assert.equal(got, expected, `label ${i} AI ${ai}`);
        }
      }
      if (results.length > 0) decodedLabels++;
    }
    // About 80 % of logistics labels carry a code; all of them must decode when not degraded.
    assert.ok(decodedLabels >= 10, `only ${decodedLabels} labels had a decodable code`);
  });
});
