/**
 * Key/value pairing by layout: a value is beside its key on the same line,
 * in a separate line to the right on the same baseline, or in the cell under
 * the key (nameplate tables). Geometry is done in the *text frame* of the key
 * line — image coordinates rotated by the line's baseline angle — so a label
 * photographed at 90° or 180° pairs exactly as an upright one.
 */
import type { FieldName, Point, RecognizedLine } from '../core/types.js';
import type { KeyHit, KeyMatcher } from './key-lexicon.js';
import { parseDateCode } from './date-code.js';
import { DATE_FIELDS } from './field-decoder.js';
import type { DateCodeOptions } from './date-code.js';

/** Axis-aligned rectangle in a text frame (u along the baseline, v downwards). */
export interface FrameRect {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Where a value was found relative to its key. */
export type ValuePlacement = 'inline' | 'right' | 'below';

/** A key and the character range of its value. */
export interface KeyValuePair {
  readonly field: FieldName;
  readonly key: KeyHit;
  /** Index into the lines of the key's line. */
  readonly keyLine: number;
  /** Index into the lines of the value's line. */
  readonly valueLine: number;
  /** Character range `[valueStart, valueEnd)` of the value in its line. */
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly placement: ValuePlacement;
}

/** Options of {@link pairKeyValues}. */
export interface PairKeyValuesOptions {
  /**
   * Largest gap between a key and a separate value line to its right, in key-line heights.
   * @defaultValue 12
   */
  readonly maxRightGapHeights?: number;
  /**
   * Largest gap between a key and the value line under it, in key-line heights
   * (table cells add padding: measured about 1.1–1.3 on generated nameplates).
   * @defaultValue 2
   */
  readonly maxBelowGapHeights?: number;
}

/** Rotates an image point into the text frame of a baseline at `angleDeg` (counter-clockwise, y down). */
export function toTextFrame(p: Point, angleDeg: number): Point {
  const t = (angleDeg * Math.PI) / 180;
  const c = Math.cos(t), s = Math.sin(t);
  return [p[0] * c - p[1] * s, p[0] * s + p[1] * c];
}

/** Rotates a text-frame point back into image coordinates (inverse of {@link toTextFrame}). */
export function fromTextFrame(p: Point, angleDeg: number): Point {
  const t = (angleDeg * Math.PI) / 180;
  const c = Math.cos(t), s = Math.sin(t);
  return [p[0] * c + p[1] * s, -p[0] * s + p[1] * c];
}

/** The line's extent in the text frame of `angleDeg` (from its quad, else its box). */
export function lineFrameRect(line: RecognizedLine, angleDeg: number): FrameRect {
  const [x, y, w, h] = line.box;
  const pts: readonly Point[] = line.quad && line.quad.length === 4 ? line.quad : [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
  const fp = pts.map((p) => toTextFrame(p, angleDeg));
  const us = fp.map((p) => p[0]), vs = fp.map((p) => p[1]);
  return { left: Math.min(...us), right: Math.max(...us), top: Math.min(...vs), bottom: Math.max(...vs) };
}

/**
 * Extent of characters `[start, end)` of a line along its baseline, by
 * proportional position: the recogniser reports no per-character boxes, and
 * label fonts are close enough to fixed pitch for column matching.
 */
export function charSpanRect(rect: FrameRect, length: number, start: number, end: number): FrameRect {
  const n = Math.max(length, 1);
  const w = rect.right - rect.left;
  return { ...rect, left: rect.left + (w * start) / n, right: rect.left + (w * end) / n };
}

function trimRange(text: string, start: number, end: number): [number, number] {
  // Separators left over at either end (": ", " -", trailing ",;") are not part of a value.
  while (start < end && /[\s:;,#=]/.test(text[start]!)) start++;
  while (end > start && /[\s:;,]/.test(text[end - 1]!)) end--;
  return [start, end];
}

/** Segments of a line split at runs of two or more spaces and at key hits (table rows read as one line). */
function segmentsOf(text: string, hits: readonly KeyHit[]): [number, number][] {
  const cuts = hits.map((h) => h.start);
  const out: [number, number][] = [];
  const re = /\S+(?: \S+)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    let s = m.index;
    const e = m.index + m[0].length;
    for (const c of cuts) {
      if (c > s && c < e) {
        out.push(trimRange(text, s, c));
        s = c;
      }
    }
    out.push(trimRange(text, s, e));
  }
  // A segment that starts with a key is that key's own text, not a value.
  return out.filter(([s, e]) => e > s && !hits.some((h) => h.start === s));
}

/** Smallest difference between two angles, degrees (0..180). */
export function angleDiffDeg(a: number, b: number): number {
  return Math.abs(((((a - b) % 360) + 540) % 360) - 180);
}

/**
 * The label's dominant text angle: the circular mean of line angles weighted by
 * text length, so long lines (reliable angles) outvote short ones.
 */
export function dominantAngleDeg(lines: readonly RecognizedLine[]): number | undefined {
  let x = 0, y = 0;
  for (const l of lines) {
    const w = l.text.trim().length;
    const t = (l.angleDeg * Math.PI) / 180;
    x += w * Math.cos(t);
    y += w * Math.sin(t);
  }
  if (x === 0 && y === 0) return undefined;
  return (Math.atan2(y, x) * 180) / Math.PI;
}

function startsWithKey(text: string, hits: readonly KeyHit[]): boolean {
  const first = text.search(/\S/);
  return hits.some((h) => h.start <= Math.max(first, 0));
}


/**
 * Whether a dot-matrix line's text starts with a valid date: one to four of its first tokens
 * (a time of day or other words may follow) parse as one, month names garbled as on that print.
 */
function startsWithDotMatrixDate(value: string): boolean {
  const tokens = value.match(/\S+/g)?.slice(0, 4) ?? [];
  return tokens.some((_, k) => parseDateCode(tokens.slice(0, k + 1).join(' '), { dotMatrix: true }).valid);
}

/**
 * `true` when `hit` lies inside the date value of `prev`, a date key: up to four
 * tokens from `prev`'s value start that reach past `hit`'s key parse as a valid date
 * (month names garbled as on the line's print, see {@link DateCodeOptions.dotMatrix}),
 * or `hit` is the one token between a day and a year, where the month name stands
 * ("MFG 04 MFR 2024": a garbled MAR, not a supplier key).
 */
function insideDate(line: RecognizedLine, prev: KeyHit, hit: KeyHit): boolean {
  if (!DATE_FIELDS.has(prev.field) || DATE_FIELDS.has(hit.field)) return false;
  const tokens = [...line.text.slice(prev.valueStart).matchAll(/\S+/g)].slice(0, 4).map((m) => ({ text: m[0], start: prev.valueStart + m.index, end: prev.valueStart + m.index + m[0].length }));
  const options: DateCodeOptions = { dotMatrix: line.dotMatrix === true };
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k]!.end >= hit.keyEnd && parseDateCode(tokens.slice(0, k + 1).map((t) => t.text).join(' '), options).valid) return true;
  }
  const [day, month, year] = tokens;
  return day !== undefined && month !== undefined && year !== undefined && /^\d{1,2}$/.test(day.text) && month.start <= hit.start && month.end >= hit.keyEnd && /^(\d{2}|\d{4})$/.test(year.text);
}

/** Least height a key's box is measured at, as a share of the page's median line height (see `pairKeyValues`). */
export const KEY_MIN_HEIGHT_SHARE = 0.6;

/**
 * Finds every key in the lines and pairs it with its value.
 *
 * Order of preference: the text after the key on its line (up to the next
 * key: `LOT 123  EXP 2028-04` gives two pairs); else the nearest line to the
 * right on the same baseline; else the cell under the key (the value line
 * whose column overlaps the key). A line that starts with a key is never a
 * value of another key, and a value is taken by one key only.
 */
export function pairKeyValues(lines: readonly RecognizedLine[], matcher: KeyMatcher, options: PairKeyValuesOptions = {}): KeyValuePair[] {
  const maxRight = options.maxRightGapHeights ?? 12;
  const maxBelow = options.maxBelowGapHeights ?? 2;
  const hitsByLine = lines.map((l) => {
    const hits = matcher(l.text, l.chars, l.dotMatrix ? { dotMatrix: true, startsWithDate: startsWithDotMatrixDate } : {});
    // A key with nothing after it that repeats the field of the key before it is a
    // unit after a value ("Menge 250 Stk"), not a new key.
    const kept = hits.filter((h, i) => {
      const prev = hits[i - 1];
      if (!prev || prev.field !== h.field) return true;
      const next = hits[i + 1];
      return l.text.slice(h.valueStart, next?.start ?? l.text.length).trim().length > 0;
    });
    // A key inside a date that the key before it keys is part of that date, not a key:
    // "MFR" in "MFG: 04 MFR 2024" is the month MAR garbled by dot-matrix print.
    return kept.filter((h, i) => i === 0 || !insideDate(l, kept[i - 1]!, h));
  });
  const keyLines = new Set(lines.map((l, i) => (startsWithKey(l.text, hitsByLine[i]!) ? i : -1)).filter((i) => i >= 0));
  const dominant = dominantAngleDeg(lines);
  // A key's box may be cut short across the text (the detector boxed a thin part of "S/N" on a turned
  // plate: 10 px where the page's lines are 25–37, generated seed 910003), and the reach below a key is
  // counted in its heights: such a key is measured at least at KEY_MIN_HEIGHT_SHARE of the page's median line.
  const heights = lines.map((l) => { const r = lineFrameRect(l, dominant ?? l.angleDeg); return r.bottom - r.top; }).sort((a, b) => a - b);
  const minKeyHeight = KEY_MIN_HEIGHT_SHARE * (heights[Math.floor(heights.length / 2)] ?? 0);
  const taken = new Set<string>();
  const pairs: KeyValuePair[] = [];

  // A value cell directly under a key, aligned with its left edge, belongs to that key:
  // no other key takes it as the value "to its right" (on a skewed table photo a far
  // cell of the next row can pass for the same row). Found in a first pass, `reserved`
  // maps the cell to its key (`line:hit`).
  const reserved = new Map<string, string>();
  const place = (line: RecognizedLine, li: number, hit: KeyHit, hi: number, reserveOnly: boolean): void => {
    const hits = hitsByLine[li]!;
    const next = hits[hi + 1];
    const owner = `${li}:${hi}`;
    const [s, e] = trimRange(line.text, hit.valueStart, next?.start ?? line.text.length);
    if (e > s) {
      if (reserveOnly) return;
      pairs.push({ field: hit.field, key: hit, keyLine: li, valueLine: li, valueStart: s, valueEnd: e, placement: 'inline' });
      taken.add(`${li}:${s}`);
      return;
    }
    // A short line's own angle is noisy (3-letter keys on labels at 113° and 231°
    // were measured at 90° and 204°): use the label's dominant angle unless this
    // line clearly runs another way (side text at 90°).
    const angle = dominant !== undefined && angleDiffDeg(line.angleDeg, dominant) <= 45 ? dominant : line.angleDeg;
    const lineRect = lineFrameRect(line, angle);
    const h = Math.max(lineRect.bottom - lineRect.top, 1);
    const keyRect = charSpanRect(lineRect, line.text.length, hit.start, hit.keyEnd);
    // Rows are compared by their centres: detector boxes are padded (DB unclip), so
    // the boxes of neighbouring rows overlap on tightly set plates.
    const cv = (r: FrameRect): number => (r.top + r.bottom) / 2;
    const ht = (r: FrameRect): number => Math.max(r.bottom - r.top, 1);
    const rightOf = (from: FrameRect, exclude: number): { j: number; gap: number } | undefined => {
      let best: { j: number; gap: number } | undefined;
      lines.forEach((other, j) => {
        if (j === exclude || keyLines.has(j)) return;
        const first = segmentsOf(other.text, hitsByLine[j]!)[0];
        const cellOwner = first ? reserved.get(`${j}:${first[0]}`) : undefined;
        if (cellOwner !== undefined && cellOwner !== owner) return;
        const r = lineFrameRect(other, angle);
        const gap = r.left - from.right;
        if (Math.abs(cv(r) - cv(from)) > 0.4 * Math.min(ht(from), ht(r)) || gap < -0.5 * h || gap > maxRight * h) return;
        if (!best || gap < best.gap) best = { j, gap };
      });
      return best;
    };
    const below = (from: FrameRect, fromLine: number): { j: number; seg: [number, number]; gap: number; overlap: number; left: number } | undefined => {
      const fh = Math.max(ht(from), minKeyHeight);
      let best: { j: number; seg: [number, number]; gap: number; overlap: number; left: number } | undefined;
      lines.forEach((other, j) => {
        if (j === fromLine || keyLines.has(j)) return;
        const r = lineFrameRect(other, angle);
        // `gap` here is the centre-to-centre distance, in the text's downward direction.
        const gap = cv(r) - cv(from);
        if (gap < 0.45 * Math.min(fh, ht(r)) || gap > (maxBelow + 1) * fh) return;
        for (const seg of segmentsOf(other.text, hitsByLine[j]!)) {
          if (taken.has(`${j}:${seg[0]}`)) continue;
          const sr = charSpanRect(r, other.text.length, seg[0], seg[1]);
          const overlap = Math.min(sr.right, from.right + 0.5 * fh) - Math.max(sr.left, from.left - 0.5 * fh);
          if (overlap <= 0) continue;
          if (!best || gap < best.gap - 0.25 * fh || (Math.abs(gap - best.gap) <= 0.25 * fh && overlap > best.overlap)) best = { j, seg, gap, overlap, left: sr.left };
        }
      });
      return best;
    };
    if (reserveOnly) {
      const cell = below(keyRect, li);
      if (cell && Math.abs(cell.left - keyRect.left) < 0.5 * h) reserved.set(`${cell.j}:${cell.seg[0]}`, owner);
      return;
    }
    // Right: only for the last key on its line (a header row "LOT  EXP" has no value beside LOT).
    const right = next ? undefined : rightOf(keyRect, li);
    const rightSeg = right ? segmentsOf(lines[right.j]!.text, hitsByLine[right.j]!)[0] : undefined;
    const under = below(keyRect, li);
    let useBelow = under !== undefined && (right === undefined || rightSeg === undefined);
    if (under && right && rightSeg) {
      // Both exist. In a table the cell to the right is another header with its own
      // value under it (in a different cell than ours); and a fragment right against
      // the key (a detector split "Part" | "No.") over a value aligned with the key's
      // left edge is part of the key cell. Either way the value is below.
      const rr = lineFrameRect(lines[right.j]!, angle);
      const rightUnder = below(charSpanRect(rr, lines[right.j]!.text.length, rightSeg[0], rightSeg[1]), right.j);
      const header = rightUnder !== undefined && (rightUnder.j !== under.j || rightUnder.seg[0] !== under.seg[0]);
      const keyFragment = right.gap < h && Math.abs(under.left - keyRect.left) < 0.5 * h;
      useBelow = header || keyFragment;
    }
    if (!useBelow && right && rightSeg && !taken.has(`${right.j}:${rightSeg[0]}`)) {
      taken.add(`${right.j}:${rightSeg[0]}`);
      pairs.push({ field: hit.field, key: hit, keyLine: li, valueLine: right.j, valueStart: rightSeg[0], valueEnd: rightSeg[1], placement: 'right' });
      return;
    }
    if (under) {
      taken.add(`${under.j}:${under.seg[0]}`);
      pairs.push({ field: hit.field, key: hit, keyLine: li, valueLine: under.j, valueStart: under.seg[0], valueEnd: under.seg[1], placement: 'below' });
    }
  };
  for (const reserveOnly of [true, false]) {
    lines.forEach((line, li) => hitsByLine[li]!.forEach((hit, hi) => place(line, li, hit, hi, reserveOnly)));
  }
  return pairs;
}
