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

/** Fewest drops a bold code (capsule-shaped drops) needs to be taken for dot-matrix print. */
const BOLD_MIN_DOTS = 100;

/**
 * Least share of the drops with neighbours in two directions 45° or more apart (see
 * `crossNeighbourShare`). Measured on generated sets (seeds 750001, 730002): inkjet codes 0.03–0.49
 * (211 detections), dot-peen DataMatrix 0.66–0.91; bold solid print taken for drops (a logistics
 * label's bold digits) 0.000.
 */
const MIN_CROSS_SHARE = 0.02;

interface Blob { x0: number; y0: number; x1: number; y1: number; area: number; cx: number; cy: number }

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
  if (found.isDotMatrix) return remember(found);
  // Bold codes strike every column twice half a pitch apart, so their drops are capsules up to ~2.2 drops
  // long. Elongated blobs are also what solid print breaks into, so such a code must be big to count
  // (a one-line code of 8 characters has 100+ drops; false finds on generated logistics labels had ≤ 51).
  const capsules = candidates(2.4);
  if (capsules.length === round.length) return remember(found);
  const bold = fromCandidates(capsules, Math.max(minDots, BOLD_MIN_DOTS), Math.max(minDotsPerRegion, BOLD_MIN_DOTS));
  return remember(bold.isDotMatrix ? bold : found);

  function remember(d: DotMatrixDetection): DotMatrixDetection {
    labellingOf.set(d, { data: gray.data, width: gray.width, ...labelling });
    return d;
  }

  function fromCandidates(cands: Blob[], minDots: number, minDotsPerRegion: number): DotMatrixDetection {
    const none: DotMatrixDetection = { isDotMatrix: false, dotCount: 0, dotDiameterPx: 0, dotPitchPx: 0, regions: [], dots: [], inkThreshold: thr };
    if (cands.length < minDots) return none;
    const diam = upperMedian(cands.map((b) => Math.sqrt((b.area * 4) / Math.PI)));
    const dots = cands.filter((b) => {
      const d = Math.sqrt((b.area * 4) / Math.PI);
      return d > 0.6 * diam && d < 1.6 * diam;
    });
    // Nearest neighbour via a spatial hash with cells of 3 diameters.
    const cell = Math.max(2, 3 * diam);
    const grid = new Map<string, Blob[]>();
    for (const b of dots) {
      const k = `${Math.floor(b.cx / cell)},${Math.floor(b.cy / cell)}`;
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
          for (const o of grid.get(`${gx + dx},${gy + dy}`) ?? []) {
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
    const inkIn = (r: readonly number[], nearOnly: boolean): number => {
      let n = 0;
      for (let y = r[1]!; y < r[3]!; y++) {
        for (let x = r[0]!; x < r[2]!; x++) {
          const i = y * gray.width + x;
          if ((!nearOnly || near[i]) && gray.data[i]! < thr) n++;
        }
      }
      return n;
    };
    const kept = regions.filter((r) => {
      const inside = gridDots.filter((b) => inRegion(b, r));
      if (inside.length < minDotsPerRegion) return false;
      const dotInk = inside.reduce((sum, b) => sum + b.area, 0);
      return dotInk >= 0.6 * inkIn(r, true) && dotInk >= 0.3 * inkIn(r, false);
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
  const { blobs, labels } = known && known.data === gray.data && known.width === gray.width ? known : labelBlobs(gray, detection.inkThreshold);
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
    for (let y = 0; y < rh; y++) {
      const row = (y0 + y) * w + x0;
      for (let x = 0; x < rw; x++) if (keep[labels[row + x]!]) region[y * rw + x] = 0;
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
const labellingOf = new WeakMap<DotMatrixDetection, { data: Uint8Array; width: number; blobs: Map<number, Blob>; labels: Int32Array }>();

/**
 * 8-connected components of pixels darker than `thr`, with bounding box, area
 * and centroid, keyed by label (in raster order of each blob's first pixel);
 * `labels` gives each pixel's label (0 = paper).
 */
function labelBlobs(gray: Raster, thr: number): { blobs: Map<number, Blob>; labels: Int32Array } {
  const { width: w, height: h, data } = gray;
  const labels = new Int32Array(w * h);
  let parent = new Int32Array(1024);
  let next = 1;
  const find = (a: number): number => {
    while (parent[a]! !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  const union = (a: number, b: number): number => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return ra;
    const lo = Math.min(ra, rb);
    parent[Math.max(ra, rb)] = lo;
    return lo;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (data[i]! >= thr) continue;
      let l = 0;
      // Already-visited neighbours: W, NW, N, NE.
      let nl = x > 0 ? labels[i - 1]! : 0;
      if (nl !== 0) l = find(nl);
      if (y > 0) {
        nl = x > 0 ? labels[i - w - 1]! : 0;
        if (nl !== 0) l = l === 0 ? find(nl) : union(l, nl);
        nl = labels[i - w]!;
        if (nl !== 0) l = l === 0 ? find(nl) : union(l, nl);
        nl = x < w - 1 ? labels[i - w + 1]! : 0;
        if (nl !== 0) l = l === 0 ? find(nl) : union(l, nl);
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
      labels[i] = l;
    }
  }
  // Per root label: box, area, coordinate sums; `order` keeps the raster order of first pixels.
  const x0 = new Int32Array(next);
  const y0 = new Int32Array(next);
  const x1 = new Int32Array(next);
  const y1 = new Int32Array(next);
  const area = new Int32Array(next);
  const sx = new Float64Array(next);
  const sy = new Float64Array(next);
  const order: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const l0 = labels[y * w + x]!;
      if (l0 === 0) continue;
      const l = find(l0);
      labels[y * w + x] = l;
      if (area[l] === 0) {
        order.push(l);
        x0[l] = x;
        y0[l] = y;
        x1[l] = x + 1;
      }
      if (x < x0[l]!) x0[l] = x;
      if (x + 1 > x1[l]!) x1[l] = x + 1;
      y1[l] = y + 1;
      area[l]!++;
      sx[l]! += x;
      sy[l]! += y;
    }
  }
  const blobs = new Map<number, Blob>();
  for (const l of order) {
    blobs.set(l, { x0: x0[l]!, y0: y0[l]!, x1: x1[l]!, y1: y1[l]!, area: area[l]!, cx: sx[l]! / area[l]!, cy: sy[l]! / area[l]! });
  }
  return { blobs, labels };
}

/**
 * Share of `dots` with two neighbours (centres within 1.6 `pitchPx`) in directions at least 45° apart
 * (not on one straight line through the dot).
 */
function crossNeighbourShare(dots: readonly Blob[], pitchPx: number): number {
  const reach = 1.6 * pitchPx;
  const cell = Math.max(1, reach);
  const hash = new Map<number, Blob[]>();
  const key = (gx: number, gy: number): number => gy * 1_000_003 + gx;
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
