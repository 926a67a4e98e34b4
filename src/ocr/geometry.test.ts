import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { convexHull, minAreaRect, rectCorners } from './geometry.js';
import type { Vec } from './geometry.js';

describe('minAreaRect', () => {
  test('recovers a 37° rotated 120×30 rectangle from points inside it', () => {
    const a = (37 * Math.PI) / 180;
    const pts: Vec[] = [];
    for (let u = -60; u <= 60; u += 5) for (let v = -15; v <= 15; v += 5) pts.push([200 + u * Math.cos(a) - v * Math.sin(a), 100 + u * Math.sin(a) + v * Math.cos(a)]);
    const r = minAreaRect(pts);
    const long = Math.max(r.width, r.height);
    const short = Math.min(r.width, r.height);
    assert.ok(Math.abs(long - 120) < 1e-6 && Math.abs(short - 30) < 1e-6, `${r.width}x${r.height}`);
    assert.ok(Math.abs(r.cx - 200) < 1e-6 && Math.abs(r.cy - 100) < 1e-6);
    const [ax, ay] = r.width >= r.height ? [r.ux, r.uy] : [-r.uy, r.ux];
    const deg = ((Math.atan2(ay, ax) * 180) / Math.PI + 180) % 180;
    assert.ok(Math.abs(deg - 37) < 1e-6, String(deg));
    const corners = rectCorners(r);
    assert.equal(corners.length, 4);
  });

  test('convex hull drops interior and collinear points', () => {
    const hull = convexHull([[0, 0], [2, 0], [1, 0], [2, 2], [0, 2], [1, 1]]);
    assert.equal(hull.length, 4);
  });
});
