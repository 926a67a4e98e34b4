/**
 * The contract every label family implements: draw one label as SVG and say
 * which field values it printed or encoded (the truth).
 */
import type { FieldName } from '../../../src/core/types.js';
import type { Rng } from '../rng.js';
import type { IdentifierStyle } from '../values.js';

/** The four label families of the bench. */
export const LABEL_FAMILIES = ['logistics', 'plate', 'inkjet', 'nameplate'] as const;
/** One of {@link LABEL_FAMILIES}. */
export type LabelFamily = (typeof LABEL_FAMILIES)[number];

/** Truth of one label: contract field name → contract value (DESIGN.md output contract). */
export type LabelTruth = Partial<Record<FieldName, string>>;

/** One label before photographic degradation. */
export interface LabelSpec {
  readonly family: LabelFamily;
  /** A sub-group of the family whose accuracy the bench reports apart (the inkjet coder font). */
  readonly variant?: string;
  /** Complete SVG document, `widthPx` × `heightPx`. */
  readonly svg: string;
  readonly widthPx: number;
  readonly heightPx: number;
  /** Fields printed as text or encoded in a code on this label, in contract form. */
  readonly fields: LabelTruth;
  /** Colour of the surface the label lies on (fills the canvas around a rotated label). */
  readonly surface: string;
}

/** Options of a family renderer. */
export interface FamilyOptions {
  /** `confusable` makes identifiers dense in O/0, I/1, S/5, B/8, Z/2. @defaultValue 'normal' */
  readonly style?: IdentifierStyle;
}

/** Draws one label of a family from a random stream. */
export type FamilyRenderer = (rng: Rng, options: FamilyOptions) => Promise<LabelSpec>;

/** A neutral surface colour (bench, conveyor, table) for the area around a label. */
export function pickSurface(rng: Rng): string {
  const g = rng.int(40, 200);
  const tint = rng.int(-12, 12);
  return `rgb(${g + tint},${g},${Math.max(0, g - tint)})`;
}
