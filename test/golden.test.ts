// Golden corpus, in the manner of zxing-cpp's blackbox tests: a seeded,
// deterministic set of generated labels per family is read by the real
// pipeline; each family must reach a minimum number of fully right labels
// and stay under a maximum number of misreads (a field with a WRONG value,
// which is worse than a missing one). False-positive images must read nothing.
// Floors start from what was measured; raise them in the commit that
// improves accuracy.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createReader, type Reader } from '../src/read/index.js';
import { LABEL_FAMILIES, generateLabels, type LabelFamily, type TruthRecord } from '../bench/labels/generate.js';
import { scoreLabel } from '../bench/labels/score.js';
import type { FieldName } from '../src/core/types.js';

const PER_FAMILY = 8;
const SEED = 20260415;

/**
 * Per family: minimum fully-right labels (of PER_FAMILY), minimum correct
 * fields, maximum misread fields. Set from the measured run, with a small
 * margin for the nondeterminism of threads; the lead raises them as accuracy
 * improves.
 */
const FLOORS: Readonly<Record<LabelFamily, { minPass: number; minCorrectFields: number; maxMisread: number }>> = {
  // Floors sit one label / a few fields under the pipeline of 2026-11-25 06:00 UTC, which read
  // logistics 8/8 (35/35 fields, 0 misreads), plate 7/8 (28/29, 0), nameplate 6/8 (25/27, 2).
  // Inkjet cartons are printed in three coder fonts since 2026-12-01 (the cell reader knows one):
  // the new set reads 6/8 (13/18, 0), against 8/8 (18/18, 0) when every carton was in that one font.
  // Nameplates read 8/8 (27/27, 0) since the O/0 glyph heights and table rules of 2026-12-01.
  // A gain raises the floor in the same commit.
  logistics: { minPass: 7, minCorrectFields: 34, maxMisread: 1 },
  plate: { minPass: 6, minCorrectFields: 27, maxMisread: 1 },
  inkjet: { minPass: 5, minCorrectFields: 12, maxMisread: 1 },
  nameplate: { minPass: 7, minCorrectFields: 26, maxMisread: 1 },
};

let dir = '';
let reader: Reader;
let records: readonly TruthRecord[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'traceocr-golden-'));
  // Round-robin over the four families: PER_FAMILY of each.
  records = (await generateLabels({ count: PER_FAMILY * LABEL_FAMILIES.length, seed: SEED, outDir: dir })).records;
  reader = await createReader({ intraOpNumThreads: 1 });
});
after(async () => {
  await reader?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function readFields(file: string): Promise<Partial<Record<FieldName, string>>> {
  const r = await reader.read(file);
  assert.ok(r.ok, `read failed: ${file}: ${r.ok ? '' : r.error.code}`);
  return Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, v?.value]));
}

describe('golden corpus (generated labels)', () => {
  for (const family of LABEL_FAMILIES) {
    const floor = FLOORS[family];
    test(`${family}: ≥ ${floor.minPass}/${PER_FAMILY} labels right, ≥ ${floor.minCorrectFields} fields right, ≤ ${floor.maxMisread} misreads`, async (t) => {
      let pass = 0;
      let correct = 0;
      let fields = 0;
      let misread = 0;
      const notes: string[] = [];
      for (const rec of records.filter((r) => r.family === family)) {
        const s = scoreLabel(rec.file, rec.family, rec.fields, await readFields(join(dir, rec.file)), 0);
        if (s.labelOk) pass++;
        correct += s.correct.length;
        fields += Object.keys(rec.fields).length;
        misread += s.misread.length;
        for (const m of s.misread) notes.push(`${rec.file} ${m.field}: ${m.expected} → ${m.got}`);
      }
      t.diagnostic(`${family}: ${pass}/${PER_FAMILY} labels right, ${correct}/${fields} fields right, ${misread} misread field(s)${notes.length ? '; ' + notes.join('; ') : ''}`);
      console.log(`golden ${family}: labels ${pass}/${PER_FAMILY} (floor ${floor.minPass}), fields ${correct}/${fields} (floor ${floor.minCorrectFields}), misreads ${misread} (max ${floor.maxMisread})`);
      assert.ok(pass >= floor.minPass, `${family}: ${pass} labels right < floor ${floor.minPass}`);
      assert.ok(correct >= floor.minCorrectFields, `${family}: ${correct} fields right < floor ${floor.minCorrectFields}`);
      assert.ok(misread <= floor.maxMisread, `${family}: ${misread} misreads > max ${floor.maxMisread}: ${notes.join('; ')}`);
    });
  }
});

describe('false positives: images without a label read no field', () => {
  test('blank white image', async () => {
    const file = join(dir, 'blank.png');
    await writeFile(file, await sharp({ create: { width: 900, height: 500, channels: 3, background: '#ffffff' } }).png().toBuffer());
    assert.deepEqual(await readFields(file), {});
  });
  test('gray noise image', async () => {
    const file = join(dir, 'noise.png');
    const px = Buffer.alloc(900 * 500);
    let s = 12345;
    for (let i = 0; i < px.length; i++) { s = (s * 1103515245 + 12345) >>> 0; px[i] = 60 + ((s >>> 16) % 136); }
    await writeFile(file, await sharp(px, { raw: { width: 900, height: 500, channels: 1 } }).blur(1.2).png().toBuffer());
    assert.deepEqual(await readFields(file), {});
  });
});
