import type { Raster } from '../core/types.js';
import { upperMedian } from '../core/order-statistics.js';

/** What {@link detectDotMatrix} found. */
export interface DotMatrixDetection {
  /** True when enough dots sit in a dot-matrix grid to be printed text. */
  readonly isDotMatrix: boolean;
  /** Number of dot-like blobs that have a neighbour dot within 2.5 diameters. */
  readonly dotCount: number;
  /** Median dot diameter, px. */
  readonly dotDiameterPx: number;
  /** Median centre-to-centre distance to the nearest dot, px. */
  readonly dotPitchPx: number;
  /** Bounding boxes `[x0, y0, x1, y1]` (exclusive end) of the clustered dots, grown by 4.5 pitches. */
  readonly regions: readonly (readonly [number, number, number, number])[];
  /** Bounding box `[x0, y0, x1, y1]` of every grid dot. */
  readonly dots: readonly (readonly [number, number, number, number])[];
  /** Gray level below which a pixel counted as ink (the option the detection ran with). */
  readonly inkThreshold: number;
}

/** Options of {@link detectDotMatrix}. */
export interface DetectDotMatrixOptions {
  /** Gray level below which a pixel is ink (input: dark ink on light paper). @defaultValue 128 */
  readonly inkThreshold?: number;
  /** Fewest grid dots that make a dot-matrix image. @defaultValue 25 */
  readonly minDots?: number;
  /** Fewest dots a cluster needs to be merged (a 5×7 line of 4+ characters has more). @defaultValue 40 */
  readonly minDotsPerRegion?: number;
}

/** Rows of cells a key of `detectDotMatrix`'s spatial hash leaves room for (no page is 10⁶ cells high). */
const CELL_KEY_ROWS = 1_000_003;

/** Fewest drops a bold code (capsule-shaped drops) needs to be taken for dot-matrix print. */
const BOLD_MIN_DOTS = 100;

/** Fewest elongated blobs, and least share of them along one image axis, for round drops found to be taken for part of a bold code (see `detectDotMatrix`). */
const BOLD_MIN_CAPSULES = 20;
const BOLD_AXIS_SHARE = 0.9;

/**
 * Least share of the drops with neighbours in two directions 45° or more apart (see
 * `crossNeighbourShare`). Measured on generated sets (seeds 750001, 730002): inkjet codes 0.03–0.49
 * (211 detections), dot-peen DataMatrix 0.66–0.91; bold solid print taken for drops (a logistics
 * label's bold digits) 0.000.
 */
const MIN_CROSS_SHARE = 0.02;

/**
 * Most share of a region's drops that may come from chains of touching drops (see `splitChains`). A code
 * whose drops touch still has drops standing alone or in capsules (diagonal strokes, stroke ends): 25–79 %
 * of a region's drops were chain pieces on the chained cartons of seeds 850001/840001 (20 pages); the bars of
 * a tilted barcode, which split like chains, made 100 % (two logistics labels of seed 850001 taken for dot-matrix print).
 */
const MAX_CHAIN_SHARE = 0.9;

/** An ink component: bounding box `[x0, x1) × [y0, y1)`, pixel count and centroid. */
export interface Blob { x0: number; y0: number; x1: number; y1: number; area: number; cx: number; cy: number }

/**
 * Detects inkjet dot-matrix / dot-peen print: many small, similar, roundish
 * ink blobs whose nearest neighbours are about one dot pitch away.
 *
 * Hand-written connected components (8-neighbour, one pass with a union-find)
 * because no maintained Node image library offers labelling without a native build.
 *
 * @param gray - dark ink on light paper (see `flattenBackground`)
 */
export function detectDotMatrix(gray: Raster, options: DetectDotMatrixOptions = {}): DotMatrixDetection {
  const thr = options.inkThreshold ?? 128;
  const minDots = options.minDots ?? 25;
  const minDotsPerRegion = options.minDotsPerRegion ?? 40;
  const labelling = labelBlobs(gray, thr);
  const { rowStart, runX0, runX1, runLabel } = labelling;
  const blobs = [...labelling.blobs.values()];
  // Dot candidates: small, square-ish bounding box, filled like a disc (π/4 ≈ 0.785 of its box).
  // Full squares (fill > 0.92: DataMatrix and barcode modules) and specks under 6 px area
  // (i-dots, periods, paper texture) were the false positives on generated logistics labels.
  const candidates = (maxAspect: number): Blob[] => blobs.filter((b) => {
    const bw = b.x1 - b.x0;
    const bh = b.y1 - b.y0;
    if (b.area < 6 || bw > 40 || bh > 40) return false;
    const aspect = bw / bh;
    const fill = b.area / (bw * bh);
    // Below 6 px a rasterised disc is itself nearly square, so the squareness test applies to larger blobs only.
    return aspect > 1 / maxAspect && aspect < maxAspect && fill > 0.5 && (fill < 0.92 || Math.max(bw, bh) < 6);
  });
  const round = candidates(1.67);
  const found = fromCandidates(round, minDots, minDotsPerRegion);
  // Bold codes strike every column twice half a pitch apart, so their drops are capsules up to ~2.2 drops
  // long. Elongated blobs are also what solid print breaks into, so such a code must be big to count
  // (a one-line code of 8 characters has 100+ drops; false finds on generated logistics labels had ≤ 51).
  const capsules = candidates(2.4);
  // Where some strikes of a bold code stand apart (small drops, jitter), the round ones alone pass for a
  // code, and the capsules, most of its drops, were left out (generated seed 870001: 324 of ~900 drops
  // found, and no glyph cells fitted). Capsules of a bold code lie along its rows, all one way; touching
  // drops of plain print lie along rows and columns alike (0.38–0.80 of them one way on four such dev
  // pages; 0.98 on the bold one). So where the elongated blobs lie along one axis, the capsules are
  // searched too, and kept where they find more drops.
  const isRound = new Set(round);
  const elongated = capsules.filter((b) => !isRound.has(b));
  const alongX = elongated.filter((b) => b.x1 - b.x0 > b.y1 - b.y0).length;
  const boldLooking = elongated.length >= BOLD_MIN_CAPSULES && Math.max(alongX, elongated.length - alongX) >= BOLD_AXIS_SHARE * elongated.length;
  if (found.isDotMatrix && !boldLooking) return remember(found);
  if (capsules.length > round.length) {
    const bold = fromCandidates(capsules, Math.max(minDots, BOLD_MIN_DOTS), Math.max(minDotsPerRegion, BOLD_MIN_DOTS));
    if (bold.isDotMatrix && (!found.isDotMatrix || bold.dotCount > found.dotCount)) return remember(bold);
  }
  if (found.isDotMatrix) return remember(found);
  // Drops closer than their size along a row or a column (a code printed at a low line speed, or
  // blurred) touch in chains of three and more, which no test above takes for drops: then most of
  // the code's ink is not in drops and its regions fail the ink test. A chain as thick as the page's
  // single drops and not solid (a stroke of solid print fills its box) counts as the drops it holds.
  const chains = splitChains(labelling, round);
  if (chains.length === 0) return remember(found);
  const chained = fromCandidates([...capsules, ...chains], Math.max(minDots, BOLD_MIN_DOTS), Math.max(minDotsPerRegion, BOLD_MIN_DOTS), new Set(chains));
  return remember(chained.isDotMatrix ? chained : found);

  function remember(d: DotMatrixDetection): DotMatrixDetection {
    labellingOf.set(d, { data: gray.data, width: gray.width, ...labelling });
    return d;
  }

  /** `chainPieces`: the drops cut from chains (see `splitChains`), at most {@link MAX_CHAIN_SHARE} of a region's. */
  function fromCandidates(cands: Blob[], minDots: number, minDotsPerRegion: number, chainPieces?: ReadonlySet<Blob>): DotMatrixDetection {
    const none: DotMatrixDetection = { isDotMatrix: false, dotCount: 0, dotDiameterPx: 0, dotPitchPx: 0, regions: [], dots: [], inkThreshold: thr };
    if (cands.length < minDots) return none;
    const diam = upperMedian(cands.map((b) => Math.sqrt((b.area * 4) / Math.PI)));
    const dots = cands.filter((b) => {
      const d = Math.sqrt((b.area * 4) / Math.PI);
      return d > 0.6 * diam && d < 1.6 * diam;
    });
    // Nearest neighbour via a spatial hash with cells of 3 diameters.
    const cell = Math.max(2, 3 * diam);
    // Cell (gx, gy) is key gx · CELL_KEY_ROWS + gy: cells are never negative, neighbours at most one below 0.
    const grid = new Map<number, Blob[]>();
    for (const b of dots) {
      const k = Math.floor(b.cx / cell) * CELL_KEY_ROWS + Math.floor(b.cy / cell);
      let list = grid.get(k);
      if (!list) grid.set(k, (list = []));
      list.push(b);
    }
    const gridDots: Blob[] = [];
    const nn: number[] = [];
    for (const b of dots) {
      let best = Infinity;
      const gx = Math.floor(b.cx / cell);
      const gy = Math.floor(b.cy / cell);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          for (const o of grid.get((gx + dx) * CELL_KEY_ROWS + gy + dy) ?? []) {
            if (o === b) continue;
            const d = Math.hypot(o.cx - b.cx, o.cy - b.cy);
            if (d < best) best = d;
          }
        }
      }
      // Dots of one character sit 1–2.5 diameters apart; isolated specks of noise do not.
      if (best <= 2.5 * diam + 1) {
        gridDots.push(b);
        nn.push(best);
      }
    }
    if (gridDots.length < minDots) return { ...none, dotCount: gridDots.length, dotDiameterPx: diam };
    const pitch = upperMedian(nn);
    // Drops of 5×7 print have neighbours across the line as well as along it (a glyph's rows and
    // columns); bold solid glyphs that pass for drops (a bold `0`, `8`, `a` is a roundish blob a
    // character pitch from the next) have neighbours along their line only.
    if (crossNeighbourShare(gridDots, pitch) < MIN_CROSS_SHARE) return { ...none, dotCount: gridDots.length, dotDiameterPx: diam, dotPitchPx: pitch };
    // Regions: merge dot boxes grown by 4.5 pitches that overlap (cheap greedy clustering). A word space is a
    // whole empty cell (7 pitches between drop centres, 8.75 with the advance stretched by line speed), so that
    // a short key (`BB`, fewer drops than a region needs) joins the rest of its line.
    const grow = Math.ceil(4.5 * pitch);
    const regions: [number, number, number, number][] = [];
    for (const b of gridDots) {
      const r: [number, number, number, number] = [
        Math.max(0, b.x0 - grow), Math.max(0, b.y0 - grow), Math.min(gray.width, b.x1 + grow), Math.min(gray.height, b.y1 + grow),
      ];
      let merged = true;
      while (merged) {
        merged = false;
        for (let i = 0; i < regions.length; i++) {
          const q = regions[i]!;
          if (q[0] <= r[2] && r[0] <= q[2] && q[1] <= r[3] && r[1] <= q[3]) {
            r[0] = Math.min(r[0], q[0]); r[1] = Math.min(r[1], q[1]); r[2] = Math.max(r[2], q[2]); r[3] = Math.max(r[3], q[3]);
            regions.splice(i, 1);
            merged = true;
            break;
          }
        }
      }
      regions.push(r);
    }
    // A printed dot-matrix field has many dots (a 5×7 character has 7–20); keep only regions with
    // at least `minDotsPerRegion` so that a few stray roundish blobs elsewhere are not blurred.
    const inRegion = (b: Blob, r: readonly number[]): boolean => b.x0 >= r[0]! && b.y0 >= r[1]! && b.x1 <= r[2]! && b.y1 <= r[3]!;
    // And in real dot-matrix print the dots are most of the ink: ≥ 60 % of the ink within a pitch of
    // the dots and ≥ 30 % of the region's (measured on generated labels: inkjet 0.59–1.0 / 0.33–1.0,
    // a tilted dot line between solid lines 1.0 / 0.34; solid text with speckle 0.11–0.27 of the region): solid text with a few dot-like
    // fragments (noise speckle at stroke edges, i-dots, periods) is not merged.
    // Ink is counted only within one pitch of a dot, so that a solid line next to a tilted dot line
    // (inside the same axis-aligned region box) does not count against it.
    const near = new Uint8Array(gray.width * gray.height);
    const g1 = Math.ceil(pitch);
    for (const b of gridDots) {
      for (let y = Math.max(0, b.y0 - g1); y < Math.min(gray.height, b.y1 + g1); y++) {
        near.fill(1, y * gray.width + Math.max(0, b.x0 - g1), y * gray.width + Math.min(gray.width, b.x1 + g1));
      }
    }
    // Ink that spans half the image is not print beside the drops but what surrounds the label: the dark
    // bench or conveyor, which fills the corners of the box of a code tilted by 35–45° (seed 810001: two
    // such codes had 0.14–0.22 of their box's ink as drops and were read as solid print, to nothing).
    const surround = new Set<number>();
    for (const [label, b] of labelling.blobs) {
      if (b.x1 - b.x0 > gray.width / 2 || b.y1 - b.y0 > gray.height / 2) surround.add(label);
    }
    const kept = regions.filter((r) => {
      const inside = gridDots.filter((b) => inRegion(b, r));
      if (inside.length < minDotsPerRegion) return false;
      if (chainPieces && inside.filter((b) => chainPieces.has(b)).length > MAX_CHAIN_SHARE * inside.length) return false;
      const dotInk = inside.reduce((sum, b) => sum + b.area, 0);
      // Ink in the region, and the part of it within a pitch of a dot: the labelling's ink runs, clipped to the region.
      let ink = 0;
      let inkNear = 0;
      for (let y = r[1]; y < r[3]; y++) {
        const row = y * gray.width;
        for (let k = rowStart[y]!; k < rowStart[y + 1]!; k++) {
          const a = Math.max(r[0], runX0[k]!);
          const b = Math.min(r[2], runX1[k]!);
          if (a >= b || surround.has(runLabel[k]!)) continue;
          ink += b - a;
          for (let i = row + a; i < row + b; i++) inkNear += near[i]!;
        }
      }
      return dotInk >= 0.6 * inkNear && dotInk >= 0.3 * ink;
    });
    const keptDots = gridDots.filter((b) => kept.some((r) => inRegion(b, r)));
    if (keptDots.length < minDots) return { ...none, dotCount: keptDots.length, dotDiameterPx: diam, dotPitchPx: pitch };
    return {
      isDotMatrix: true, dotCount: keptDots.length, dotDiameterPx: diam, dotPitchPx: pitch, regions: kept, inkThreshold: thr,
      dots: keptDots.map((b) => [b.x0, b.y0, b.x1, b.y1] as const),
    };
  }
}

/** Options of {@link mergeDots}. */
export interface MergeDotsOptions {
  /** 3×3 box-blur passes that round the merged strokes off. @defaultValue max(2, round(0.75 · pitch)) */
  readonly smoothPasses?: number;
}

/**
 * Merges the dots of dot-matrix print into strokes, inside the detected
 * regions only (solid text elsewhere keeps its counters):
 *
 * 1. keeps only the ink blobs that are drops — dot-sized blobs, or clusters of
 *    touching drops (wide in both directions, filled, at most a glyph big).
 *    Board texture between the drops (thin fibres, flute shadows) is dropped,
 *    as it read as a stray `-` or `.` in word gaps once merged;
 * 2. a binary closing (dilate then erode) with a square window just wider than
 *    the gap between drops (a wider one fills the counters of 0, 8, B: measured),
 *    which bridges diagonal neighbours too and keeps the stroke as thick as a drop;
 * 3. a few 3×3 box blurs, as the recogniser was trained on anti-aliased print.
 *
 * The result is a clean black-on-white rendering of the strokes, the input
 * PP-OCRv4 reads best.
 */
export function mergeDots(gray: Raster, detection: DotMatrixDetection, options: MergeDotsOptions = {}): Raster {
  if (!detection.isDotMatrix) return gray;
  const pitch = detection.dotPitchPx;
  const diam = detection.dotDiameterPx;
  // The pitch is the nearest-neighbour (vertical) one; coders stretch the advance by up to ~1.3 with line
  // speed, and some drops are smaller: the window covers the widest such gap. It stays below the
  // smallest counter (one missing grid position, 2 pitches − a drop), so 0, 8 and B keep theirs.
  const gap = Math.max(1, 1.3 * pitch - 0.8 * diam);
  let k = Math.ceil(gap) + 2;
  if (k % 2 === 0) k++;
  const smoothPasses = options.smoothPasses ?? Math.max(2, Math.round(0.75 * pitch));
  const { width: w, height: h } = gray;
  // Only pixels within 4 pitches of a dot change (so a character with some undetected, irregular dots is
  // merged whole, and a word gap — a 6-pitch empty cell — is cleaned of texture across): a region's box
  // around a tilted line also covers parts of its neighbours, which must keep their sharp strokes.
  const near = new Uint8Array(w * h);
  const grow = Math.ceil(4 * pitch);
  for (const [x0, y0, x1, y1] of detection.dots) {
    for (let y = Math.max(0, y0 - grow); y < Math.min(h, y1 + grow); y++) {
      near.fill(1, y * w + Math.max(0, x0 - grow), y * w + Math.min(w, x1 + grow));
    }
  }
  const known = labellingOf.get(detection);
  // The labelling the detection was made from, when it was made on this image (as in `enhanceForOcr`).
  const labelling = known && known.data === gray.data && known.width === gray.width ? known : labelBlobs(gray, detection.inkThreshold);
  const { blobs, runX0, runX1, runLabel, rowStart } = labelling;
  const dotArea = (Math.PI * diam * diam) / 4;
  const isDrops = (b: Blob): boolean => {
    const bw = b.x1 - b.x0;
    const bh = b.y1 - b.y0;
    const d = Math.sqrt((b.area * 4) / Math.PI);
    // A single drop (missing-drop jitter makes some smaller, blur some larger).
    if (d >= 0.45 * diam && d <= 1.8 * diam && Math.min(bw, bh) >= 0.5 * diam) return true;
    // Touching drops / bold double strikes: as thick as a drop (area / length, which does not depend on
    // the angle of the line, unlike the box fill), unlike a thin fibre; at most a glyph cell (7 pitches
    // tall, up to 6 wide with stretch: 9.2 diagonal) so that solid flexo print is not re-drawn.
    const len = Math.hypot(bw, bh);
    return b.area >= 1.5 * dotArea && len <= 9.5 * pitch && b.area / len >= 0.5 * diam;
  };
  // Kept labels as a flag per label (a Set lookup per region pixel cost more than the rest of the merge).
  let maxLabel = 0;
  for (const label of blobs.keys()) if (label > maxLabel) maxLabel = label;
  const keep = new Uint8Array(maxLabel + 1);
  const centres: [number, number][] = [];
  for (const [label, b] of blobs) {
    const ci = Math.round(b.cy) * w + Math.round(b.cx);
    if (near[ci] && isDrops(b)) {
      keep[label] = 1;
      const d = Math.sqrt((b.area * 4) / Math.PI);
      // Single drops link to their neighbours; a cluster's centroid is not on its stroke.
      if (d <= 1.8 * diam) centres.push([b.cx, b.cy]);
    }
  }
  const out = new Uint8Array(gray.data);
  for (const [x0, y0, x1, y1] of detection.regions) {
    const rw = x1 - x0;
    const rh = y1 - y0;
    // Ink 0, paper 255, so that the min/max filters work as on gray (min = dilate the ink).
    const region = new Uint8Array(rw * rh).fill(255);
    for (let y = y0; y < y1; y++) {
      for (let r = rowStart[y]!; r < rowStart[y + 1]!; r++) {
        if (!keep[runLabel[r]!]) continue;
        const a = Math.max(x0, runX0[r]!);
        const b = Math.min(x1, runX1[r]!);
        if (a < b) region.fill(0, (y - y0) * rw + a - x0, (y - y0) * rw + b - x0);
      }
    }
    // A square closing bridges horizontal and vertical neighbours but not diagonal ones (the rounded
    // corners of O, C, P, 0 and the strokes of 2, 7, Z, /): draw a drop-thick segment between every
    // pair of drops up to 1.7 pitches apart (a diagonal step is √2, or 1.6 with the advance stretched;
    // the next glyph starts 2 pitches away at the least, the next line 2.5).
    const inside = centres.filter(([cx, cy]) => cx >= x0 && cx < x1 && cy >= y0 && cy < y1);
    const maxD2 = (1.7 * pitch) ** 2;
    const rad = Math.max(1, diam / 2);
    for (let i = 0; i < inside.length; i++) {
      const [ax, ay] = inside[i]!;
      for (let j = i + 1; j < inside.length; j++) {
        const [bx, by] = inside[j]!;
        const d2 = (bx - ax) ** 2 + (by - ay) ** 2;
        if (d2 > maxD2 || d2 === 0) continue;
        drawSegment(region, rw, rh, ax - x0, ay - y0, bx - x0, by - y0, rad);
      }
    }
    let smooth = filterRect(filterRect(region, rw, rh, k, Math.min), rw, rh, k, Math.max);
    for (let pass = 0; pass < smoothPasses; pass++) smooth = boxBlur3(smooth, rw, rh);
    for (let y = 0; y < rh; y++) {
      const row = (y0 + y) * w + x0;
      for (let x = 0; x < rw; x++) if (near[row + x]) out[row + x] = smooth[y * rw + x]!;
    }
  }
  return { data: out, width: w, height: h, channels: 1 };
}

/**
 * Merges the dots of dot-matrix print into strokes: a gray closing of the dark
 * ink (min filter then max filter) with a square window just wider than the
 * gap between dots (a wider one fills the counters of 0, 8, B: measured), inside the detected regions only, so solid text elsewhere
 * keeps its counters. A square window also bridges diagonal neighbours.
 */
export function mergeDotsClosing(gray: Raster, detection: DotMatrixDetection): Raster {
  if (!detection.isDotMatrix) return gray;
  const gap = Math.max(1, detection.dotPitchPx - detection.dotDiameterPx);
  let k = Math.ceil(gap) + 2;
  if (k % 2 === 0) k++;
  // Repeated 3×3 box blurs ≈ a Gaussian of σ ≈ 0.8·√passes px. Measured on 5×7 lines at
  // 0/90/180/23° (pitch 4–6 px): 1 pass 26/64 exact, 4 passes 35/64, ≈1.5·pitch passes 38/64; no merging 8/64.
  const smoothPasses = Math.max(2, Math.round(1.5 * detection.dotPitchPx));
  // Only pixels within 2.5 pitches of a dot change (so a character with some undetected, irregular dots is merged whole): a region's box around a tilted
  // line also covers parts of its neighbours, which must keep their sharp strokes.
  const near = new Uint8Array(gray.width * gray.height);
  const grow = Math.ceil(2.5 * detection.dotPitchPx);
  for (const [x0, y0, x1, y1] of detection.dots) {
    for (let y = Math.max(0, y0 - grow); y < Math.min(gray.height, y1 + grow); y++) {
      near.fill(1, y * gray.width + Math.max(0, x0 - grow), y * gray.width + Math.min(gray.width, x1 + grow));
    }
  }
  const out = new Uint8Array(gray.data);
  for (const [x0, y0, x1, y1] of detection.regions) {
    const rw = x1 - x0;
    const rh = y1 - y0;
    const region = new Uint8Array(rw * rh);
    for (let y = 0; y < rh; y++) region.set(gray.data.subarray((y0 + y) * gray.width + x0, (y0 + y) * gray.width + x1), y * rw);
    const closed = filterRect(filterRect(region, rw, rh, k, Math.min), rw, rh, k, Math.max);
    // Round the blocky closed strokes off, as the recogniser was trained on printed, anti-aliased glyphs.
    let smooth = closed;
    for (let pass = 0; pass < smoothPasses; pass++) smooth = boxBlur3(smooth, rw, rh);
    for (let y = 0; y < rh; y++) {
      const row = (y0 + y) * gray.width + x0;
      for (let x = 0; x < rw; x++) if (near[row + x]) out[row + x] = smooth[y * rw + x]!;
    }
  }
  return { data: out, width: gray.width, height: gray.height, channels: 1 };
}

/** Paints ink (0) on every pixel within `rad` of the segment a–b. */
function drawSegment(img: Uint8Array, w: number, h: number, ax: number, ay: number, bx: number, by: number, rad: number): void {
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - rad));
  const x1 = Math.min(w - 1, Math.ceil(Math.max(ax, bx) + rad));
  const y0 = Math.max(0, Math.floor(Math.min(ay, by) - rad));
  const y1 = Math.min(h - 1, Math.ceil(Math.max(ay, by) + rad));
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const r2 = rad * rad;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
      const ex = ax + t * dx - x;
      const ey = ay + t * dy - y;
      if (ex * ex + ey * ey <= r2) img[y * w + x] = 0;
    }
  }
}

/**
 * Separable k×k min or max filter (edges clamp): erosion / dilation of dark ink on a gray image.
 * Hand-written: sharp's erode/dilate work on binary-ish masks and smear the gray levels the
 * dot search needs. Each 1D pass is van Herk / Gil–Werman (running extrema within blocks of k,
 * forwards and backwards; a window is one backward and one forward value): three comparisons
 * per pixel whatever k is. Edges are padded with the neutral level (255 for min, 0 for max),
 * which gives the clamped windows.
 */
export function filterRect(src: Uint8Array, w: number, h: number, k: number, op: (a: number, b: number) => number): Uint8Array {
  const r = (k - 1) >> 1;
  if (r <= 0) return new Uint8Array(src);
  const isMin = op === Math.min;
  const pad = isMin ? 255 : 0;
  const win = 2 * r + 1;
  // Rows: padded line of w + 2r, forward (g) and backward (b) running extrema in blocks of `win`.
  const tmp = new Uint8Array(w * h);
  const n = w + 2 * r;
  const line = new Uint8Array(n);
  const g = new Uint8Array(n);
  const b = new Uint8Array(n);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    line.fill(pad, 0, r);
    line.set(src.subarray(row, row + w), r);
    line.fill(pad, r + w, n);
    for (let i = 0; i < n; i++) {
      const v = line[i]!;
      if (i % win === 0) g[i] = v;
      else {
        const p = g[i - 1]!;
        g[i] = isMin ? (v < p ? v : p) : (v > p ? v : p);
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      const v = line[i]!;
      if (i === n - 1 || i % win === win - 1) b[i] = v;
      else {
        const p = b[i + 1]!;
        b[i] = isMin ? (v < p ? v : p) : (v > p ? v : p);
      }
    }
    for (let x = 0; x < w; x++) {
      const u = b[x]!;
      const v = g[x + win - 1]!;
      tmp[row + x] = isMin ? (u < v ? u : v) : (u > v ? u : v);
    }
  }
  // Columns: the same on whole rows (padded rows are the neutral level).
  const m = h + 2 * r;
  const G = new Uint8Array(m * w);
  const B = new Uint8Array(m * w);
  const padRow = (i: number): boolean => i < r || i >= r + h;
  for (let i = 0; i < m; i++) {
    const o = i * w;
    if (i % win === 0) {
      if (padRow(i)) G.fill(pad, o, o + w);
      else G.set(tmp.subarray((i - r) * w, (i - r + 1) * w), o);
      continue;
    }
    const prev = o - w;
    if (padRow(i)) {
      G.copyWithin(o, prev, o);
      continue;
    }
    const s = (i - r) * w;
    for (let x = 0; x < w; x++) {
      const v = tmp[s + x]!;
      const p = G[prev + x]!;
      G[o + x] = isMin ? (v < p ? v : p) : (v > p ? v : p);
    }
  }
  for (let i = m - 1; i >= 0; i--) {
    const o = i * w;
    if (i === m - 1 || i % win === win - 1) {
      if (padRow(i)) B.fill(pad, o, o + w);
      else B.set(tmp.subarray((i - r) * w, (i - r + 1) * w), o);
      continue;
    }
    const next = o + w;
    if (padRow(i)) {
      B.copyWithin(o, next, next + w);
      continue;
    }
    const s = (i - r) * w;
    for (let x = 0; x < w; x++) {
      const v = tmp[s + x]!;
      const p = B[next + x]!;
      B[o + x] = isMin ? (v < p ? v : p) : (v > p ? v : p);
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const a = y * w;
    const c = (y + win - 1) * w;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const u = B[a + x]!;
      const v = G[c + x]!;
      out[o + x] = isMin ? (u < v ? u : v) : (u > v ? u : v);
    }
  }
  return out;
}

/** `Math.round(s / 9)` for every 3×3 sum of 8-bit values. */
const ROUND_DIV9 = (() => {
  const t = new Uint8Array(9 * 255 + 1);
  for (let s = 0; s < t.length; s++) t[s] = Math.round(s / 9);
  return t;
})();

/**
 * 3×3 box blur, the mean rounded to the nearest level; at the edges the mean of the pixels
 * that exist. Separable (row sums of 3, then three of those): the same sums as the 3×3 window.
 */
function boxBlur3(src: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  if (w < 3 || h < 3) return boxBlur3Generic(src, w, h, out);
  const hs = new Uint16Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    hs[row] = src[row]! + src[row + 1]!;
    for (let x = 1; x < w - 1; x++) hs[row + x] = src[row + x - 1]! + src[row + x]! + src[row + x + 1]!;
    hs[row + w - 1] = src[row + w - 2]! + src[row + w - 1]!;
  }
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const up = y > 0 ? row - w : -1;
    const down = y < h - 1 ? row + w : -1;
    if (up >= 0 && down >= 0) {
      // Inner rows: full windows except at the two ends.
      out[row] = Math.round((hs[up]! + hs[row]! + hs[down]!) / 6);
      for (let x = 1; x < w - 1; x++) out[row + x] = ROUND_DIV9[hs[up + x]! + hs[row + x]! + hs[down + x]!]!;
      out[row + w - 1] = Math.round((hs[up + w - 1]! + hs[row + w - 1]! + hs[down + w - 1]!) / 6);
      continue;
    }
    const cy = 1 + (up >= 0 ? 1 : 0) + (down >= 0 ? 1 : 0);
    for (let x = 0; x < w; x++) {
      const s = hs[row + x]! + (up >= 0 ? hs[up + x]! : 0) + (down >= 0 ? hs[down + x]! : 0);
      const c = cy * (x === 0 || x === w - 1 ? 2 : 3);
      out[row + x] = c === 9 ? ROUND_DIV9[s]! : Math.round(s / c);
    }
  }
  return out;
}

/** {@link boxBlur3} for images under 3 px a side. */
function boxBlur3Generic(src: Uint8Array, w: number, h: number, out: Uint8Array): Uint8Array {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      let c = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          s += src[yy * w + xx]!;
          c++;
        }
      }
      out[y * w + x] = Math.round(s / c);
    }
  }
  return out;
}

/**
 * The labelling each detection was made from: `mergeDots` on the image a detection was made on
 * (as in `enhanceForOcr`) takes it over instead of labelling the same pixels at the same threshold
 * again, the larger part of either step.
 */
const labellingOf = new WeakMap<DotMatrixDetection, Labelling & { data: Uint8Array; width: number }>();

/** Ink components of a page (see {@link labelBlobs}). */
export interface Labelling {
  /** Blobs by label, in raster order of each blob's first pixel. */
  readonly blobs: Map<number, Blob>;
  /** First column of each ink run, runs in raster order. */
  readonly runX0: Int32Array;
  /** Column after the last of each run. */
  readonly runX1: Int32Array;
  /** Blob label of each run. */
  readonly runLabel: Int32Array;
  /** Index of each row's first run; `rowStart[height]` is the number of runs. */
  readonly rowStart: Int32Array;
}

/**
 * 8-connected components of pixels darker than `thr`, with bounding box, area
 * and centroid, keyed by label (in raster order of each blob's first pixel),
 * and the horizontal ink runs they are made of.
 *
 * Hand-written (see {@link detectDotMatrix}); labelled run by run rather than pixel by pixel:
 * a run is one union-find entry and one overlap test against the runs of the row above,
 * so paper costs one comparison a pixel and ink a few a run (the page is labelled up to
 * four times a label: three ink thresholds and the dot-peen search).
 */
export function labelBlobs(gray: Raster, thr: number): Labelling {
  const { width: w, height: h, data } = gray;
  const rowStart = new Int32Array(h + 1);
  let runX0: Int32Array = new Int32Array(4096);
  let runX1: Int32Array = new Int32Array(4096);
  let runLabel: Int32Array = new Int32Array(4096);
  let parent = new Int32Array(1024);
  let runs = 0;
  let next = 1;
  // Roots are the smallest label of their set, so a label's parent is never larger than itself.
  const find = (a: number): number => {
    while (parent[a]! !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  let prevStart = 0;
  for (let y = 0; y < h; y++) {
    rowStart[y] = runs;
    const row = y * w;
    const prevEnd = runs;
    let p = prevStart;
    let x = 0;
    while (x < w) {
      while (x < w && data[row + x]! >= thr) x++;
      if (x === w) break;
      const s = x;
      while (x < w && data[row + x]! < thr) x++;
      // Runs of the row above touch [s, x) 8-connectedly when they start at most at x and end (exclusive) at s or later.
      while (p < prevEnd && runX1[p]! < s) p++;
      let l = 0;
      for (let q = p; q < prevEnd && runX0[q]! <= x; q++) {
        const r = find(runLabel[q]!);
        if (l === 0) l = r;
        else if (r !== l) {
          if (r < l) {
            parent[l] = r;
            l = r;
          } else parent[r] = l;
        }
      }
      if (l === 0) {
        if (next === parent.length) {
          const grown = new Int32Array(parent.length * 2);
          grown.set(parent);
          parent = grown;
        }
        parent[next] = next;
        l = next++;
      }
      if (runs === runX0.length) {
        const grow = (a: Int32Array): Int32Array => {
          const g = new Int32Array(a.length * 2);
          g.set(a);
          return g;
        };
        runX0 = grow(runX0);
        runX1 = grow(runX1);
        runLabel = grow(runLabel);
      }
      runX0[runs] = s;
      runX1[runs] = x;
      runLabel[runs] = l;
      runs++;
    }
    prevStart = prevEnd;
  }
  rowStart[h] = runs;
  // Every label's parent is smaller and already resolved: one ascending pass resolves all to their roots.
  for (let l = 1; l < next; l++) parent[l] = parent[parent[l]!]!;
  // Per root label: box, area, coordinate sums (exact integers, so the centroid is the per-pixel one).
  const x0 = new Int32Array(next);
  const y0 = new Int32Array(next);
  const x1 = new Int32Array(next);
  const y1 = new Int32Array(next);
  const area = new Int32Array(next);
  const sx = new Float64Array(next);
  const sy = new Float64Array(next);
  for (let y = 0; y < h; y++) {
    for (let k = rowStart[y]!; k < rowStart[y + 1]!; k++) {
      const l = parent[runLabel[k]!]!;
      runLabel[k] = l;
      const s = runX0[k]!;
      const e = runX1[k]!;
      const n = e - s;
      if (area[l] === 0) {
        x0[l] = s;
        y0[l] = y;
        x1[l] = e;
      }
      if (s < x0[l]!) x0[l] = s;
      if (e > x1[l]!) x1[l] = e;
      y1[l] = y + 1;
      area[l]! += n;
      sx[l]! += ((s + e - 1) * n) / 2;
      sy[l]! += y * n;
    }
  }
  // A component's first run gets a new label and the root is the smallest label of the component,
  // so ascending roots are the raster order of the blobs' first pixels.
  const blobs = new Map<number, Blob>();
  for (let l = 1; l < next; l++) {
    if (parent[l] !== l) continue;
    blobs.set(l, { x0: x0[l]!, y0: y0[l]!, x1: x1[l]!, y1: y1[l]!, area: area[l]!, cx: sx[l]! / area[l]!, cy: sy[l]! / area[l]! });
  }
  return { blobs, runX0, runX1, runLabel, rowStart };
}

/**
 * Chains of touching drops among the labelled blobs, each cut into the drops it holds (evenly along its
 * long side, which runs along the rows or the columns): blobs as thick as the median single drop of `drops`
 * (0.7–1.4 of its box side), 2.4 to 8 times as long, filled like a row of discs (under 0.88 of the box:
 * a bar of solid print fills it) and, when thick enough to tell, narrowing between them (see {@link keepsWidth}). Each piece is a
 * drop-sized box with its share of the chain's ink.
 */
function splitChains(labelling: Labelling, drops: readonly Blob[]): Blob[] {
  if (drops.length === 0) return [];
  const side = upperMedian(drops.map((b) => Math.max(b.x1 - b.x0, b.y1 - b.y0)));
  const out: Blob[] = [];
  for (const [label, b] of labelling.blobs) {
    const bw = b.x1 - b.x0;
    const bh = b.y1 - b.y0;
    const thick = Math.min(bw, bh);
    const long = Math.max(bw, bh);
    if (thick < 0.7 * side || thick > 1.4 * side || long < 2.4 * thick || long > 8 * thick) continue;
    if (b.area / (bw * bh) >= 0.88 || b.area / (bw * bh) < 0.5) continue;
    if (thick >= CHAIN_NECK_MIN_PX && keepsWidth(labelling, label, b)) continue;
    // Touching drops are a pitch of about 1–1.3 drops apart.
    const k = Math.max(2, Math.round(1 + (long - thick) / (1.1 * thick)));
    const step = (long - thick) / (k - 1);
    for (let i = 0; i < k; i++) {
      const at = i * step;
      const piece = bw >= bh
        ? { x0: b.x0 + at, y0: b.y0, x1: b.x0 + at + thick, y1: b.y1 }
        : { x0: b.x0, y0: b.y0 + at, x1: b.x1, y1: b.y0 + at + thick };
      const x0 = Math.round(piece.x0);
      const y0 = Math.round(piece.y0);
      out.push({ x0, y0, x1: x0 + Math.round(piece.x1 - piece.x0), y1: y0 + Math.round(piece.y1 - piece.y0), area: b.area / k, cx: (piece.x0 + piece.x1) / 2, cy: (piece.y0 + piece.y1) / 2 });
    }
  }
  return out;
}

/**
 * A blob this thick (px) or more shows the necks between touching drops; below it a pixel more or
 * less is a large share of its width (blurred drops of 5 px merged into a stroke of even width).
 */
const CHAIN_NECK_MIN_PX = 8;

/**
 * Whether a blob keeps its width along its long side (rows of a tall blob, columns of a wide one;
 * its ends, half its thickness each, left out): the widest and narrowest differ by at most 2 px or
 * 15 %. A bar of solid print does, also when tilted (its box then has light corners and passes the
 * fill test); touching drops narrow between each other. The bars of Code 128 symbols on generated
 * logistics labels tilted by 2–3° (seeds 880001/880002, 11–17 px thick) varied by 1–2 px and had been
 * cut into "drops": the labels were read as dot-matrix print and lost most of their fields.
 */
function keepsWidth(labelling: Labelling, label: number, b: Blob): boolean {
  const { rowStart, runX0, runX1, runLabel } = labelling;
  const tall = b.y1 - b.y0 > b.x1 - b.x0;
  const len = tall ? b.y1 - b.y0 : b.x1 - b.x0;
  const width = new Float64Array(len);
  for (let y = b.y0; y < b.y1; y++) {
    for (let k = rowStart[y]!; k < rowStart[y + 1]!; k++) {
      if (runLabel[k] !== label) continue;
      if (tall) width[y - b.y0]! += runX1[k]! - runX0[k]!;
      else for (let x = runX0[k]!; x < runX1[k]!; x++) width[x - b.x0]! += 1;
    }
  }
  const end = Math.ceil(Math.min(b.x1 - b.x0, b.y1 - b.y0) / 2);
  if (len - 2 * end < 3) return false;
  let lo = Infinity;
  let hi = 0;
  for (let i = end; i < len - end; i++) {
    lo = Math.min(lo, width[i]!);
    hi = Math.max(hi, width[i]!);
  }
  return hi - lo <= Math.max(2, 0.15 * hi);
}

/**
 * Share of `dots` with two neighbours (centres within 1.6 `pitchPx`) in directions at least 45° apart
 * (not on one straight line through the dot).
 */
function crossNeighbourShare(dots: readonly Blob[], pitchPx: number): number {
  const reach = 1.6 * pitchPx;
  const cell = Math.max(1, reach);
  const hash = new Map<number, Blob[]>();
  const key = (gx: number, gy: number): number => gx * CELL_KEY_ROWS + gy;
  for (const b of dots) {
    const k = key(Math.floor(b.cx / cell), Math.floor(b.cy / cell));
    const list = hash.get(k);
    if (list) list.push(b);
    else hash.set(k, [b]);
  }
  let crossed = 0;
  const dirs: [number, number][] = [];
  for (const b of dots) {
    dirs.length = 0;
    const gx = Math.floor(b.cx / cell);
    const gy = Math.floor(b.cy / cell);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        for (const o of hash.get(key(gx + dx, gy + dy)) ?? []) {
          const ox = o.cx - b.cx;
          const oy = o.cy - b.cy;
          const d = Math.hypot(ox, oy);
          if (o !== b && d <= reach && d > 0) dirs.push([ox / d, oy / d]);
        }
      }
    }
    let found = false;
    for (let i = 0; i < dirs.length && !found; i++) {
      for (let j = i + 1; j < dirs.length; j++) {
        // |cos| < cos 45°: the two neighbours are not on one line through the dot.
        if (Math.abs(dirs[i]![0] * dirs[j]![0] + dirs[i]![1] * dirs[j]![1]) < Math.SQRT1_2) {
          found = true;
          break;
        }
      }
    }
    if (found) crossed++;
  }
  return dots.length === 0 ? 0 : crossed / dots.length;
}
