import type { Vec } from './geometry.js';

/** A text box: `p0→p1` along the text, `p0→p3` down the text. */
export interface LineQuad {
  readonly p0: Vec;
  readonly p1: Vec;
  readonly p2: Vec;
  readonly p3: Vec;
}

/** Options of {@link splitStackedLines}. */
export interface SplitStackedLinesOptions {
  /** Dot pitch of the dot-matrix print, px. */
  readonly pitchPx: number;
  /** Centres of the print's drops, px. */
  readonly dotCentres: readonly Vec[];
}

/**
 * Splits a detected box that holds several stacked dot-matrix lines into one
 * box per line.
 *
 * Inkjet coders print 2–3 lines only 1.5–3.5 pitches apart; once the drops are
 * merged into strokes, the DB text detector often joins such lines into one
 * region, which the recogniser then cannot read. The drops themselves show
 * where the lines are: projected across the text, the 7 rows of a line are
 * 1 pitch apart, while between lines there is an empty band of 1.5 pitches
 * or more. A box taller than 1.6 lines is cut at every such band; boxes with
 * too few drops, or without such a band, are returned as they are.
 */
export function splitStackedLines<Q extends LineQuad>(boxes: readonly Q[], options: SplitStackedLinesOptions, make: (q: LineQuad) => Q): Q[] {
  const pitch = options.pitchPx;
  if (!(pitch > 0) || options.dotCentres.length === 0) return [...boxes];
  const out: Q[] = [];
  for (const b of boxes) {
    const ux0 = b.p1[0] - b.p0[0];
    const uy0 = b.p1[1] - b.p0[1];
    const len = Math.hypot(ux0, uy0);
    const vx0 = b.p3[0] - b.p0[0];
    const vy0 = b.p3[1] - b.p0[1];
    const thick = Math.hypot(vx0, vy0);
    // One 5×7 line is 7 pitches high (DB's unclip adds about one more).
    if (len === 0 || thick < 1.6 * 8 * pitch) {
      out.push(b);
      continue;
    }
    const ux = ux0 / len;
    const uy = uy0 / len;
    const vx = vx0 / thick;
    const vy = vy0 / thick;
    const inside: { u: number; v: number }[] = [];
    for (const [x, y] of options.dotCentres) {
      const u = (x - b.p0[0]) * ux + (y - b.p0[1]) * uy;
      const v = (x - b.p0[0]) * vx + (y - b.p0[1]) * vy;
      if (u >= 0 && u <= len && v >= 0 && v <= thick) inside.push({ u, v });
    }
    if (inside.length < 20) {
      out.push(b);
      continue;
    }
    inside.sort((a, c) => a.v - c.v);
    const groups: { u: number; v: number }[][] = [[inside[0]!]];
    for (let i = 1; i < inside.length; i++) {
      if (inside[i]!.v - inside[i - 1]!.v > 1.4 * pitch) groups.push([]);
      groups[groups.length - 1]!.push(inside[i]!);
    }
    // A band of a few stray drops is not a line: a 5×7 line of 2+ characters has far more.
    const lines = groups.filter((g) => g.length >= 10);
    if (lines.length < 2) {
      out.push(b);
      continue;
    }
    const pad = pitch; // about what DB's unclip adds around the ink
    for (const g of lines) {
      const v0 = Math.max(0, g[0]!.v - pad);
      const v1 = Math.min(thick, g[g.length - 1]!.v + pad);
      const at = (u: number, v: number): Vec => [b.p0[0] + u * ux + v * vx, b.p0[1] + u * uy + v * vy];
      out.push(make({ p0: at(0, v0), p1: at(len, v0), p2: at(len, v1), p3: at(0, v1) }));
    }
  }
  return out;
}
