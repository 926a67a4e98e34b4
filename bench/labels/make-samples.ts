/**
 * Regenerates the bundled sample images in `samples/` (one per family, plus
 * `label-gs1-logistics.png` that the README's first command reads) and
 * `samples/truth.jsonl`. Deterministic: run it again and git shows no change
 * unless the generator changed.
 *
 * Usage: node --import tsx bench/labels/make-samples.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { generateLabel, type LabelFamily, type TruthRecord } from './generate.js';

/** Sample files: name, family, and the label index of seed {@link SAMPLE_SEED} chosen for it. */
const SAMPLES: readonly { file: string; family: LabelFamily; index: number; degrade: boolean }[] = [
  // Upright and clean: the first thing a new user reads.
  { file: 'label-gs1-logistics.png', family: 'logistics', index: 12, degrade: false },
  { file: 'logistics-rotated.jpg', family: 'logistics', index: 1, degrade: true },
  { file: 'plate-engraved.jpg', family: 'plate', index: 2, degrade: true },
  { file: 'inkjet-carton.jpg', family: 'inkjet', index: 3, degrade: true },
  { file: 'nameplate-table.jpg', family: 'nameplate', index: 4, degrade: true },
];
const SAMPLE_SEED = 2026;
const MAX_BYTES = 150 * 1024;

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? 'samples');
  await mkdir(dir, { recursive: true });
  const records: TruthRecord[] = [];
  for (const s of SAMPLES) {
    const { spec, image, degradation } = await generateLabel(SAMPLE_SEED, s.index, s.family, 'normal', s.degrade);
    let bytes = image.bytes;
    // The file name fixes the format: re-encode if the degradation picked the other one.
    if (s.file.endsWith('.png') && image.ext !== 'png') bytes = await sharp(bytes).png({ palette: false, compressionLevel: 9 }).toBuffer();
    if (s.file.endsWith('.jpg') && image.ext !== 'jpg') bytes = await sharp(bytes).jpeg({ quality: 80 }).toBuffer();
    if (bytes.length > MAX_BYTES && s.file.endsWith('.png')) bytes = await sharp(bytes).png({ palette: true, colours: 64, compressionLevel: 9 }).toBuffer();
    if (bytes.length > MAX_BYTES) throw new Error(`${s.file} is ${bytes.length} bytes (> ${MAX_BYTES})`);
    await writeFile(join(dir, s.file), bytes);
    records.push({ file: s.file, family: s.family, fields: spec.fields, ...(degradation ? { degradation } : {}) });
    console.log(`${s.file}  ${(bytes.length / 1024).toFixed(0)} KB  ${JSON.stringify(spec.fields)}`);
  }
  await writeFile(join(dir, 'truth.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exitCode = 1;
});
