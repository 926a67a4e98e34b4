/**
 * Barcode reading with zxing-wasm (zxing-cpp): DataMatrix (printed and dot-peen),
 * QR, Code 128 / GS1-128, EAN/UPC, PDF417, DataBar. Runs offline: the WASM binary
 * bundled in the npm package is handed to zxing once per process (by default
 * zxing-wasm fetches it from a CDN).
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { ReaderOptions, ReadResult } from 'zxing-wasm/reader';
import type { Box, DecodedCode, DecodedImage } from '../core/types.js';
import { TraceocrError } from '../core/errors.js';
import { GS1_SYMBOLOGY_IDS, parseGs1 } from './gs1-element-string.js';
import { expandUpcE } from './upc-e.js';
import { estimateSkewAngle } from '../vision/estimate-skew-angle.js';
import { findDotPeenSymbols } from './find-dot-peen-symbols.js';
import type { FindDotPeenSymbolsOptions } from './find-dot-peen-symbols.js';
import { filterRect } from '../vision/dot-matrix.js';

/** Options of {@link createCodeReader}. */
export interface CodeReaderOptions {
  /**
   * zxing format names to look for.
   * @defaultValue DataMatrix, QRCode, Code128, EAN13, EAN8, UPCA, UPCE, PDF417, DataBarExpanded, DataBar
   */
  readonly formats?: readonly string[];
  /**
   * Run a second, slower pass when the first finds nothing: zxing's denoise (morphological
   * closing, 2D codes) and downscale factor 2. Measured on the zxing-cpp samples it recovers
   * one QR photo; it costs about 60 ms on a 1600x1200 image without a code.
   * @defaultValue true
   */
  readonly secondPass?: boolean;
  /** Stop after this many symbols. @defaultValue 16 */
  readonly maxSymbols?: number;
  /**
   * Radii (pixels, on the image scaled to at most {@link CodeReaderOptions.dotPeenMaxSidePx})
   * of the older square gray-level closing tried, in order, when every other pass found nothing.
   * Off by default since the dot-peen search ({@link CodeReaderOptions.dotPeen}) replaced it: with
   * `[3, 2]` it added no read on the zxing sample corpus nor on 70 generated plates (seeds ≥ 1000)
   * and cost about 20 ms per image without a code. Empty disables it.
   * @defaultValue []
   */
  readonly dotPeenRadiiPx?: readonly number[];
  /** Long side the dot-peen fallback works at (box-downscaled by an integer factor). @defaultValue 800 */
  readonly dotPeenMaxSidePx?: number;
  /**
   * When no row-scanned code (1D, PDF417) was found and the image's dominant edge direction is
   * at least this far from the axes, read those formats again on the image rotated upright.
   * On the generated logistics labels (seeds ≥ 1000) pass 1 missed no GS1-128 tilted less
   * than 9.5°. `Infinity` disables it. @defaultValue 5
   */
  readonly deskewMinAngleDeg?: number;
  /**
   * Pass 1b also needs this many bar-like tiles (see `SkewEstimate.barcodeTiles`): a tilted
   * label without a bar code (inkjet date codes, nameplates) then skips the rotation and the
   * second zxing call, about 60 ms on one core. 0 disables the test. @defaultValue 2
   */
  readonly deskewMinBarcodeTiles?: number;
  /**
   * Dot-peen DataMatrix search (locate dot clusters, rebuild solid modules; see
   * {@link findDotPeenSymbols}), run when passes 1 and 1b found nothing; `false` disables it.
   * @defaultValue {}
   */
  readonly dotPeen?: FindDotPeenSymbolsOptions | false;
  /** Long side the dot-peen search works at (box-downscaled by an integer factor). @defaultValue 1600 */
  readonly dotPeenSearchMaxSidePx?: number;
}

/** Reads codes from decoded images. Create with {@link createCodeReader}. */
export interface CodeReader {
  /** Every code found in the image; GS1 data also parsed into `gs1`. Never throws for "nothing found". */
  readCodes(image: DecodedImage): Promise<DecodedCode[]>;
}

/** Formats zxing-cpp reads along pixel rows/columns only (no 2D finder pattern): these need an upright image. */
const ROW_SCANNED = new Set(['Codabar', 'Code39', 'Code93', 'Code128', 'DataBar', 'DataBarExpanded', 'DataBarLimited', 'DXFilmEdge', 'EAN8', 'EAN13', 'ITF', 'PDF417', 'UPCA', 'UPCE']);

const DEFAULT_FORMATS = ['DataMatrix', 'QRCode', 'Code128', 'EAN13', 'EAN8', 'UPCA', 'UPCE', 'PDF417', 'DataBarExpanded', 'DataBar'];

let prepared: Promise<unknown> | undefined;

/** Loads the bundled zxing_reader.wasm once per process (no network). */
function prepareOnce(): Promise<unknown> {
  if (!prepared) {
    prepared = (async () => {
      const require = createRequire(import.meta.url);
      let wasmBinary: Buffer;
      try {
        wasmBinary = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
      } catch (err) {
        throw new TraceocrError('BARCODE_ENGINE_FAILED', 'zxing_reader.wasm not found in node_modules/zxing-wasm', { cause: err });
      }
      const view = new Uint8Array(wasmBinary.buffer, wasmBinary.byteOffset, wasmBinary.byteLength);
      return prepareZXingModule({ overrides: { wasmBinary: view.slice().buffer }, fireImmediately: true });
    })().catch((err: unknown) => {
      prepared = undefined;
      throw err instanceof TraceocrError ? err : new TraceocrError('BARCODE_ENGINE_FAILED', 'zxing-wasm failed to initialise', { cause: err });
    });
  }
  return prepared;
}

interface GrayImage { data: Uint8Array; width: number; height: number }

function grayOf(image: DecodedImage): GrayImage {
  const { gray } = image;
  if (gray.channels === 1) return { data: gray.data, width: gray.width, height: gray.height };
  const data = new Uint8Array(gray.width * gray.height);
  for (let i = 0; i < data.length; i++) data[i] = gray.data[i * 3 + 1]!;
  return { data, width: gray.width, height: gray.height };
}

/** Integer box downscale so the long side is at most `maxSidePx`; returns the factor used. */
function downscale(img: GrayImage, maxSidePx: number): { img: GrayImage; factor: number } {
  const factor = Math.max(1, Math.ceil(Math.max(img.width, img.height) / maxSidePx));
  if (factor === 1) return { img, factor };
  const width = Math.floor(img.width / factor);
  const height = Math.floor(img.height / factor);
  const data = new Uint8Array(width * height);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * img.width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += img.data[row + dx]!;
      }
      data[y * width + x] = (sum / area) | 0;
    }
  }
  return { img: { data, width, height }, factor };
}


/**
 * Gray-level morphological closing of dark features (min filter, then max filter):
 * dark dots closer than 2r merge into solid modules; light background keeps its size.
 * Written here because sharp's erode/dilate are binary (libvips morph) and smear gray images.
 */
function closeDarkGaps(img: GrayImage, r: number): GrayImage {
  return { ...img, data: filterRect(filterRect(img.data, img.width, img.height, 2 * r + 1, Math.min), img.width, img.height, 2 * r + 1, Math.max) };
}

/** Encodes the PGM header (ASCII). */
const ASCII = new TextEncoder();

/**
 * The gray image as a binary PGM file (Netpbm P5), the form handed to zxing-wasm. Given an
 * ImageData, zxing-wasm turns its RGBA back into gray in JavaScript before decoding; an image file
 * goes to the WebAssembly side as it is, where stb_image loads a one-channel PGM straight to the same
 * gray levels (both exact for R = G = B: results identical on the zxing sample photos and seed
 * 710001). No RGBA page to fill and convert back: about 4 ms less per zxing call at 0.7 MP.
 */
function pgmOf(img: GrayImage): Uint8Array {
  const head = ASCII.encode(`P5\n${img.width} ${img.height}\n255\n`);
  const file = new Uint8Array(head.length + img.width * img.height);
  file.set(head);
  file.set(img.data.subarray(0, img.width * img.height), head.length);
  return file;
}

function scaled(r: ReadResult, factor: number): ReadResult {
  if (factor === 1) return r;
  const p = r.position;
  const s = (q: { x: number; y: number }) => ({ x: q.x * factor, y: q.y * factor });
  return { ...r, position: { topLeft: s(p.topLeft), topRight: s(p.topRight), bottomLeft: s(p.bottomLeft), bottomRight: s(p.bottomRight) } };
}

/** Maps positions read in a rebuilt dot-peen symbol back to image pixels (`factor`: the search's downscale). */
function fromCandidate(r: ReadResult, toSource: (x: number, y: number) => [number, number], factor: number): ReadResult {
  const p = r.position;
  const s = (q: { x: number; y: number }) => {
    const [x, y] = toSource(q.x, q.y);
    return { x: x * factor, y: y * factor };
  };
  return { ...r, position: { topLeft: s(p.topLeft), topRight: s(p.topRight), bottomLeft: s(p.bottomLeft), bottomRight: s(p.bottomRight) } };
}

/**
 * Maps positions read in an image rotated (clockwise on screen, about its centre, canvas
 * grown as libvips does) by `angleDeg` back to the unrotated image of size `w`×`h`.
 */
function fromRotated(r: ReadResult, angleDeg: number, w: number, h: number, rw: number, rh: number): ReadResult {
  const t = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const s = (q: { x: number; y: number }) => {
    const dx = q.x - rw / 2;
    const dy = q.y - rh / 2;
    return { x: w / 2 + dx * cos + dy * sin, y: h / 2 - dx * sin + dy * cos };
  };
  const p = r.position;
  return { ...r, position: { topLeft: s(p.topLeft), topRight: s(p.topRight), bottomLeft: s(p.bottomLeft), bottomRight: s(p.bottomRight) } };
}

function grayRaw(img: GrayImage) {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } });
}

function boxOf(r: ReadResult): Box {
  const p = r.position;
  const xs = [p.topLeft.x, p.topRight.x, p.bottomLeft.x, p.bottomRight.x];
  const ys = [p.topLeft.y, p.topRight.y, p.bottomLeft.y, p.bottomRight.y];
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return [x, y, Math.max(...xs) - x, Math.max(...ys) - y];
}

function toDecodedCode(r: ReadResult): DecodedCode {
  const base = { format: r.format, text: r.text, symbologyId: r.symbologyIdentifier, box: boxOf(r) };
  // EAN-13/UPC-A/UPC-E (]E0) and EAN-8 (]E4) encode a GTIN: AI (01) padded to 14 digits (GenSpecs 2.1.3).
  // zxing-wasm 3 gives UPC-E already expanded to 13 digits (the 8 digits in `extra.UPCE`); 8 digits
  // under ]E0 (older zxing, or a reader set to keep UPC-E) are expanded here, never padded as they are.
  if (r.symbologyIdentifier === ']E0' && /^\d{8}$/.test(r.text)) {
    const upcA = expandUpcE(r.text);
    return upcA ? { ...base, gs1: [{ ai: '01', value: upcA.padStart(14, '0') }] } : base;
  }
  if ((r.symbologyIdentifier === ']E0' && /^\d{12,13}$/.test(r.text)) || (r.symbologyIdentifier === ']E4' && /^\d{8}$/.test(r.text))) {
    return { ...base, gs1: [{ ai: '01', value: r.text.padStart(14, '0') }] };
  }
  if (!GS1_SYMBOLOGY_IDS.has(r.symbologyIdentifier)) return base;
  const gs1 = parseGs1(r.symbologyIdentifier + r.text);
  return { ...base, gs1: gs1.elements };
}

/**
 * Prepares zxing-wasm (once per process, offline) and returns a reader.
 *
 * Pass 1 is zxing's `tryHarder` + rotate + invert + downscale. Pass 1b (only when no 1D /
 * PDF417 code was read and the image is tilted ≥ {@link CodeReaderOptions.deskewMinAngleDeg})
 * reads those formats again on the image rotated upright by its dominant edge angle. Pass 1c
 * (only when nothing was read) searches dot-peen DataMatrix: dot clusters, rebuilt with solid
 * modules, decoded crop by crop. Pass 2 (only when still nothing) adds zxing's denoise and a
 * finer downscale; pass 3 (opt-in) is the older square gray closing. Boxes are always in
 * pixels of the input image.
 *
 * @example
 * const reader = await createCodeReader();
 * const codes = await reader.readCodes(decodedImage);
 */
export async function createCodeReader(options: CodeReaderOptions = {}): Promise<CodeReader> {
  await prepareOnce();
  const formats = [...(options.formats ?? DEFAULT_FORMATS)] as ReaderOptions['formats'];
  const base: ReaderOptions = {
    formats,
    tryHarder: true,
    tryRotate: true,
    tryInvert: true,
    tryDownscale: true,
    isPure: false,
    // Plain keeps GS (U+001D) and RS as control characters; the default HRI mode rewrites GS1 as "(01)..." and shows ␝.
    textMode: 'Plain',
    maxNumberOfSymbols: options.maxSymbols ?? 16,
  };
  // zxing's denoise is a closing for 2D symbols; row-scanned formats had pass 1 and 1b already,
  // so pass 2 looks for 2D formats only (measured on 24 generated plates: about 40 % less time than all formats).
  // Pass 2 runs on every page pass 1 found nothing on (inkjet cartons, plates without a code), and
  // without `tryHarder` it costs 10.5 ms instead of 27.5 ms there (102 such pages of generated seed
  // 840006, one core); it still reads the one symbol only pass 2 reads there and the one of the
  // ../shared zxing sample corpus (1 of 12 corpus images that reach pass 2).
  const formats2d = (formats ?? []).filter((f) => !ROW_SCANNED.has(f));
  const second: ReaderOptions = { ...base, formats: formats2d as ReaderOptions['formats'], tryDenoise: true, downscaleFactor: 2, tryHarder: false };
  const secondPass = options.secondPass ?? true;
  const radii = options.dotPeenRadiiPx ?? [];
  const dpmMaxSide = options.dotPeenMaxSidePx ?? 800;
  const dpm: ReaderOptions = { ...base, formats: ['DataMatrix'], tryDownscale: false };
  const rowFormats = (formats ?? []).filter((f) => ROW_SCANNED.has(f));
  const deskewMin = options.deskewMinAngleDeg ?? 5;
  const deskewMinTiles = options.deskewMinBarcodeTiles ?? 2;
  // Upright 1D pass: rows and columns only (tryRotate covers the 90° the skew estimate folds away).
  const deskewed: ReaderOptions = { ...base, formats: rowFormats as ReaderOptions['formats'], tryInvert: false, tryDownscale: false };
  const dotPeen = options.dotPeen === false ? undefined : (options.dotPeen ?? {});
  const searchMaxSide = options.dotPeenSearchMaxSidePx ?? 1600;
  // The rebuilt crops are clean black-on-white: no inversion, no downscale, symbol not axis-aligned.
  const rebuilt: ReaderOptions = { ...base, formats: ['DataMatrix'], tryInvert: false, tryDownscale: false, maxNumberOfSymbols: 1 };
  const hasDataMatrix = (formats ?? []).includes('DataMatrix');
  return {
    async readCodes(image) {
      const gray = grayOf(image);
      const input = pgmOf(gray);
      let results: ReadResult[];
      try {
        results = (await readBarcodes(input, base)).filter((r) => r.isValid);
        // Pass 1b: a tilted 1D code. Only when pass 1 found no row-scanned code, so a label whose
        // bar code was read upright pays nothing.
        if (rowFormats.length > 0 && Number.isFinite(deskewMin) && !results.some((r) => ROW_SCANNED.has(r.format))) {
          const skew = await estimateSkewAngle({ ...gray, channels: 1 });
          if (Math.abs(skew.angleDeg) >= deskewMin && skew.barcodeTiles >= deskewMinTiles) {
            const rot = await grayRaw(gray).rotate(-skew.angleDeg, { background: { r: 255, g: 255, b: 255 } })
              .toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
            const upright = { data: rot.data, width: rot.info.width, height: rot.info.height };
            const found = (await readBarcodes(pgmOf(upright), deskewed)).filter((r) => r.isValid);
            results.push(...found.map((r) => fromRotated(r, -skew.angleDeg, gray.width, gray.height, upright.width, upright.height)));
          }
        }
        // Pass 1c: dot-peen DataMatrix (separate craters), only when nothing was read: a label
        // whose printed codes were found does not pay for the dot search (about 12 ms at 1100×1100).
        if (dotPeen && hasDataMatrix && results.length === 0) {
          const { img: small, factor } = downscale(gray, searchMaxSide);
          for (const cand of findDotPeenSymbols({ ...small, channels: 1 }, dotPeen)) {
            const found = (await readBarcodes(pgmOf(cand.image), rebuilt)).filter((r) => r.isValid);
            if (found.length === 0) continue;
            results.push(...found.map((r) => fromCandidate(r, cand.toSource, factor)));
            break;
          }
        }
        if (results.length === 0 && secondPass && formats2d.length > 0) results = (await readBarcodes(input, second)).filter((r) => r.isValid);
        if (results.length === 0 && radii.length > 0) {
          const { img: small, factor } = downscale(gray, dpmMaxSide);
          for (const r of radii) {
            results = (await readBarcodes(pgmOf(closeDarkGaps(small, r)), dpm)).filter((x) => x.isValid).map((x) => scaled(x, factor));
            if (results.length > 0) break;
          }
        }
      } catch (err) {
        throw new TraceocrError('BARCODE_ENGINE_FAILED', 'barcode reading failed (zxing-wasm or sharp)', { cause: err });
      }
      // The same symbol can come from two passes (e.g. a stacked code read upright and tilted).
      const seen = new Set<string>();
      return results.filter((r) => {
        const key = `${r.format}\u0000${r.text}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      }).map(toDecodedCode);
    },
  };
}
