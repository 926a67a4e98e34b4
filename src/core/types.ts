/**
 * Data shapes shared between pipeline stages, and the output contract of
 * `traceocr read` (see ../shared/DESIGN.md, "Output contract"). Tools outside
 * this repository parse this JSON: change it only together with the contract.
 */

/** Axis-aligned box in pixels of the *original* image: `[x, y, width, height]`. */
export type Box = readonly [x: number, y: number, w: number, h: number];

/** A point in pixels. */
export type Point = readonly [x: number, y: number];

/** Four corners of a (possibly rotated) text or code region, clockwise from top-left of the text. */
export type Quad = readonly [Point, Point, Point, Point];

/** Raw pixels, row-major, interleaved channels (1 = gray, 3 = RGB). */
export interface Raster {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
}

/** One alternative the recogniser saw at a character position. */
export interface CharAlternative {
  readonly char: string;
  /** Posterior probability (softmax) of this character at this position, 0..1. */
  readonly p: number;
}

/**
 * One recognised character position after CTC collapse: the best character
 * and the next-best alternatives (top-k, charset-masked), so that field
 * grammars can choose a valid reading instead of a regex on one string.
 */
export interface RecognizedChar {
  readonly char: string;
  readonly confidence: number;
  /** Alternatives sorted by `p` descending; the first is `char` itself. */
  readonly alternatives: readonly CharAlternative[];
}

/** One recognised text line. */
export interface RecognizedLine {
  readonly text: string;
  /** Mean character confidence, 0..1. */
  readonly confidence: number;
  /** Axis-aligned box in original-image pixels. */
  readonly box: Box;
  /** The rotated quadrilateral the line was cut from, in original-image pixels. */
  readonly quad: Quad;
  /** Per-position characters with top-k alternatives; `chars.map(c => c.char).join('') === text`. */
  readonly chars: readonly RecognizedChar[];
  /** Angle of the text baseline in the original image, degrees counter-clockwise (0 = upright). */
  readonly angleDeg: number;
  /**
   * `true` when the line lies in merged dot-matrix print (inkjet, dot-peen): its glyphs
   * were rebuilt from drops, so the recogniser's confusions differ from solid print.
   */
  readonly dotMatrix?: boolean;
}

/** A GS1 element (Application Identifier and its value) as parsed from a code or text. */
export interface Gs1Element {
  readonly ai: string;
  readonly value: string;
}

/** One decoded 1D/2D code. */
export interface DecodedCode {
  /** zxing format name: `DataMatrix`, `QRCode`, `Code128`, `EAN-13`, ... */
  readonly format: string;
  /** Decoded text (GS separators as U+001D). */
  readonly text: string;
  /** Symbology identifier, e.g. `]d2` (GS1 DataMatrix), `]C1` (GS1-128), `]Q3`. */
  readonly symbologyId: string;
  /** GS1 elements when the code carries GS1 data. */
  readonly gs1?: readonly Gs1Element[];
  readonly box: Box;
}

/** Names of the structured fields (DESIGN.md field table). */
export const FIELD_NAMES = [
  'gtin', 'lot', 'serial', 'partNumber', 'productionDate', 'expiryDate', 'quantity', 'supplier', 'sscc',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** Where a field value came from. */
export type FieldSource = 'text' | 'code' | 'both';

/** One structured field of a read. */
export interface FieldResult {
  /** Normalised value: identifiers upper case without spaces; dates `YYYY-MM-DD`, `YYYY-MM` or `YYYY-Www`. */
  readonly value: string;
  readonly confidence: number;
  readonly source: FieldSource;
  /** The printed text it was read from (the whole line, key included), or the code text. */
  readonly raw?: string;
  readonly box?: Box;
  /** `low-confidence` when the value failed its grammar and no close valid alternative existed. */
  readonly status?: 'ok' | 'low-confidence' | 'ambiguous';
}

/** A named check on a read: check digit, date validity, text vs code agreement. */
export interface Check {
  readonly name: string;
  readonly field?: FieldName;
  readonly ok: boolean;
  readonly message?: string;
}

/** Image quality figures, 0..1 except rotation. */
export interface QualityReport {
  readonly sharpness: number;
  readonly contrast: number;
  /** Rotation that was undone to read the label, degrees counter-clockwise. */
  readonly rotation: number;
}

/** One successful read of one image (the output contract). */
export interface ReadSuccess {
  readonly file: string;
  readonly ok: true;
  readonly fields: Partial<Record<FieldName, FieldResult>>;
  readonly codes: readonly Omit<DecodedCode, 'symbologyId'>[] | readonly DecodedCode[];
  readonly lines: readonly { text: string; confidence: number; box: Box }[];
  readonly checks: readonly Check[];
  readonly quality: QualityReport;
  readonly timings: { readonly totalMs: number } & Readonly<Record<string, number>>;
}

/** A read that failed (bad file); the batch goes on. */
export interface ReadFailure {
  readonly file: string;
  readonly ok: false;
  readonly error: { readonly code: string; readonly message: string };
}

export type ReadResult = ReadSuccess | ReadFailure;

/** A decoded image, as every recognition stage receives it. */
export interface DecodedImage {
  /** Source format as sharp reports it: `png`, `jpeg`, `tiff`, `webp`, `bmp`, ... */
  readonly format: string;
  readonly width: number;
  readonly height: number;
  /** RGB pixels, EXIF orientation already applied. */
  readonly rgb: Raster;
  /** Gray pixels of the same size. */
  readonly gray: Raster;
}
