import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSeededRandom } from './seeded-random.js';
import { levelAtRank, medianLevel, quantile, upperMedian } from './order-statistics.js';

test('quantile and upperMedian pick ranks of the sorted values; 0 when empty', () => {
  assert.equal(quantile([5, 1, 4, 2, 3], 0.25), 2);
  assert.equal(upperMedian([4, 1, 3, 2]), 3);
  assert.equal(upperMedian([]), 0);
});

test('levelAtRank and medianLevel on a histogram give what sorting the levels gives', () => {
  const next = createSeededRandom(21);
  for (let k = 0; k < 300; k++) {
    const n = 1 + Math.floor(next() * 400);
    // Narrow and wide spreads, so that ties and empty bins both occur.
    const spread = k % 3 === 0 ? 4 : 256;
    const values = Array.from({ length: n }, () => Math.min(255, Math.floor(next() * spread) + (k % 7) * 30));
    const hist = new Uint32Array(256);
    for (const v of values) hist[v]!++;
    const sorted = [...values].sort((a, b) => a - b);
    for (const r of [0, n >> 1, n - 1]) assert.equal(levelAtRank(hist, r), sorted[r]);
    const m = n >> 1;
    assert.equal(medianLevel(hist, n), n % 2 === 1 ? sorted[m] : (sorted[m - 1]! + sorted[m]!) / 2);
  }
  assert.equal(levelAtRank(new Uint32Array(256), 0), 255);
});
