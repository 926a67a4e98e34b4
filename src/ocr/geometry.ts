/**
 * Plane geometry for text boxes: convex hull and minimum-area rectangle.
 *
 * Hand-written because the usual source, OpenCV (`cv2.minAreaRect` used by
 * PaddleOCR's DB post-processing), has no maintained Node binding that
 * installs without a native build.
 */

/** A point `[x, y]` in pixels. */
export type Vec = readonly [number, number];

/** A rotated rectangle: centre, unit axis `u` of the side `width`, and side lengths. */
export interface RotatedRect {
  readonly cx: number;
  readonly cy: number;
  /** Unit vector along `width`; the `height` side runs along `(-uy, ux)`. */
  readonly ux: number;
  readonly uy: number;
  readonly width: number;
  readonly height: number;
}

/** Convex hull (Andrew's monotone chain, counter-clockwise in y-up terms); collinear points dropped. */
export function convexHull(points: readonly Vec[]): Vec[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length <= 2) return pts;
  const cross = (o: Vec, a: Vec, b: Vec): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Vec[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Vec[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  upper.pop();
  lower.pop();
  return lower.concat(upper);
}

/**
 * Minimum-area enclosing rectangle of a point set: one side of the optimum lies
 * on a hull edge (Freeman & Shapira, CACM 1975), so every hull edge is tried.
 */
export function minAreaRect(points: readonly Vec[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) return { cx: 0, cy: 0, ux: 1, uy: 0, width: 0, height: 0 };
  if (hull.length === 1) return { cx: hull[0]![0], cy: hull[0]![1], ux: 1, uy: 0, width: 0, height: 0 };
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    let minU = Infinity, maxU = -Infinity, minV = Infinity, maxV = -Infinity;
    for (const p of hull) {
      const pu = p[0] * ux + p[1] * uy;
      const pv = -p[0] * uy + p[1] * ux;
      if (pu < minU) minU = pu;
      if (pu > maxU) maxU = pu;
      if (pv < minV) minV = pv;
      if (pv > maxV) maxV = pv;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const mu = (minU + maxU) / 2;
      const mv = (minV + maxV) / 2;
      best = { cx: mu * ux - mv * uy, cy: mu * uy + mv * ux, ux, uy, width: maxU - minU, height: maxV - minV };
    }
  }
  return best ?? { cx: hull[0]![0], cy: hull[0]![1], ux: 1, uy: 0, width: 0, height: 0 };
}

/** Corners of a rotated rectangle: `c ∓ w/2·u ∓ h/2·v` with `v = (-uy, ux)`, in the order TL, TR, BR, BL of its own frame. */
export function rectCorners(r: RotatedRect): [Vec, Vec, Vec, Vec] {
  const hw = r.width / 2;
  const hh = r.height / 2;
  const vx = -r.uy;
  const vy = r.ux;
  const at = (su: number, sv: number): Vec => [r.cx + su * hw * r.ux + sv * hh * vx, r.cy + su * hw * r.uy + sv * hh * vy];
  return [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)];
}
