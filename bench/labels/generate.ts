/**
 * The synthetic label generator of the bench: deterministic from a seed, four
 * families, realistic degradations, and a `truth.jsonl` with the contract
 * values of every field printed or encoded on each image.
 *
 * @example
 * const set = await generateLabels({ count: 200, seed: 1, outDir: 'bench-out/labels' });
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from './rng.js';
import { pickDegradation, renderDegraded, type Degradation } from './degrade.js';
import { LABEL_FAMILIES, type FamilyRenderer, type LabelFamily, type LabelSpec, type LabelTruth } from './families/family.js';
import { renderInkjetLabel } from './families/inkjet.js';
import { renderLogisticsLabel } from './families/logistics.js';
import { renderNameplateLabel } from './families/nameplate.js';
import { renderPlateLabel } from './families/plate.js';
import type { IdentifierStyle } from './values.js';

export { LABEL_FAMILIES, type LabelFamily, type LabelTruth } from './families/family.js';

/** Renderer of each family. */
export const FAMILY_RENDERERS: Readonly<Record<LabelFamily, FamilyRenderer>> = {
  logistics: renderLogisticsLabel,
  plate: renderPlateLabel,
  inkjet: renderInkjetLabel,
  nameplate: renderNameplateLabel,
};

/** One line of `truth.jsonl`. */
export interface TruthRecord {
  /** File name relative to the set's directory. */
  readonly file: string;
  readonly family: string;
  /** A sub-group of the family reported apart (generated inkjet labels: the coder font). */
  readonly variant?: string;
  /** Contract field name → contract value; only fields printed or encoded on the image. */
  readonly fields: LabelTruth;
  /** How the image was degraded (generated sets only; informative). */
  readonly degradation?: Degradation;
}

/** Options of {@link generateLabels}. */
export interface GenerateLabelsOptions {
  /** Number of labels, spread evenly over the families (round-robin). */
  readonly count: number;
  /** Seed; the same seed gives the same set. @defaultValue 1 */
  readonly seed?: number;
  /** Families to generate. @defaultValue all four */
  readonly families?: readonly LabelFamily[];
  /** Output directory (created). */
  readonly outDir: string;
  /** Identifier style. @defaultValue 'normal' */
  readonly style?: IdentifierStyle;
  /** Apply photographic degradations. @defaultValue true */
  readonly degrade?: boolean;
  /** Called after each label (progress). */
  readonly onLabel?: (done: number, total: number) => void;
}

/** The result of {@link generateLabels}. */
export interface GenerateLabelsResult {
  readonly dir: string;
  readonly records: readonly TruthRecord[];
}

/**
 * Generates one label: the undegraded spec, then the degraded image.
 * Label `index` of a seed is independent of how many labels are generated.
 */
export async function generateLabel(seed: number, index: number, family: LabelFamily, style: IdentifierStyle = 'normal', degrade = true): Promise<{ spec: LabelSpec; degradation: Degradation | null; image: { bytes: Buffer; ext: 'jpg' | 'png' } }> {
  const rng = createRng(`${seed}:${index}:${family}:${style}`);
  const spec = await FAMILY_RENDERERS[family](rng.fork('layout'), { style });
  const dRng = rng.fork('degrade');
  const degradation = degrade ? pickDegradation(dRng) : null;
  const none: Degradation = { rotationDeg: 0, shear: 0, marginPx: 0, light: 'none', lightStrength: 0, blurSigma: 0, noiseSigma: 0, jpegQuality: null };
  const image = await renderDegraded(dRng, spec, degradation ?? none);
  return { spec, degradation, image };
}

/** Generates a label set into `outDir` and writes `outDir/truth.jsonl`. */
export async function generateLabels(options: GenerateLabelsOptions): Promise<GenerateLabelsResult> {
  const seed = options.seed ?? 1;
  const families = options.families ?? LABEL_FAMILIES;
  if (families.length === 0) throw new RangeError('no label families selected');
  await mkdir(options.outDir, { recursive: true });
  const records: TruthRecord[] = [];
  for (let i = 0; i < options.count; i++) {
    const family = families[i % families.length] as LabelFamily;
    const { spec, degradation, image } = await generateLabel(seed, i, family, options.style ?? 'normal', options.degrade ?? true);
    const file = `${String(i + 1).padStart(4, '0')}-${family}.${image.ext}`;
    await writeFile(join(options.outDir, file), image.bytes);
    records.push({ file, family, ...(spec.variant ? { variant: spec.variant } : {}), fields: spec.fields, ...(degradation ? { degradation } : {}) });
    options.onLabel?.(i + 1, options.count);
  }
  await writeFile(join(options.outDir, 'truth.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return { dir: options.outDir, records };
}
