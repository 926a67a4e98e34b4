import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSeededRandom as mulberry32 } from '../core/seeded-random.js';
import type { Vec } from './geometry.js';
import { bestPeriod, fitDotGrid, PAGE_COLUMN_TOLERANCE, renderDotGrid, type DotGrid } from './dot-grid.js';
import { gridCells, rankGlyphs } from './dot-matrix-cells.js';

// Two glyph cells as 7 rows of 5 columns: an `L` and a `7`, one empty column between them.
const CELLS = [
  ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
];

/** Drop centres of CELLS printed at `pitch` (advance stretched by `stretch`), turned by `angle` rad, with jitter. */
function drops(pitch: number, stretch: number, angle: number, jitter: number, bold = false, slant = 0): { centres: Vec[]; p0: Vec; p1: Vec; p3: Vec } {
  const rnd = mulberry32(7);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const at = (u: number, v: number): Vec => [100 + u * c - v * s, 80 + u * s + v * c];
  const centres: Vec[] = [];
  CELLS.forEach((rows, k) => rows.forEach((row, r) => [...row].forEach((ch, col) => {
    if (ch !== '#') return;
    for (const strike of bold ? [0, 0.5] : [0]) {
      centres.push(at((k * 6 + col + strike) * pitch * stretch + slant * (r - 3) * pitch + (rnd() - 0.5) * 2 * jitter, r * pitch + (rnd() - 0.5) * 2 * jitter));
    }
  })));
  const len = 12 * pitch * stretch;
  return { centres, p0: at(-pitch, -pitch), p1: at(len, -pitch), p3: at(-pitch, 7 * pitch) };
}

/**
 * Three times L7, 36 columns: each drop up to 0.4 pitch along the row off its column (the capsule of two
 * touching strikes, a quarter pitch past it, or a piece of a bar's chain), so the column period is weak.
 */
function spreadDrops(): { centres: Vec[]; box: [Vec, Vec, Vec] } {
  const rnd = mulberry32(33);
  const centres: Vec[] = [];
  for (let k = 0; k < 3; k++) {
    CELLS.forEach((rows, g) => rows.forEach((row, r) => [...row].forEach((ch, col) => {
      if (ch === '#') centres.push([100 + (k * 12 + g * 6 + col + (rnd() - 0.5) * 0.8) * 6, 80 + r * 6 + (rnd() - 0.5) * 0.6]);
    })));
  }
  return { centres, box: [[94, 74], [94 + 37 * 6, 74], [94, 122]] };
}

/** The characters of a grid's cells, each its cheapest HD44780 glyph; `undefined` without cells. */
const glyphs = (grid: DotGrid | undefined): string | undefined => (grid ? gridCells(grid)?.map((cell) => rankGlyphs(cell)[0]!.char).join('') : undefined);

describe('fitDotGrid', () => {
  test('puts jittered drops of a tilted, stretched line back on their nodes', () => {
    const { centres, p0, p1, p3 } = drops(6, 1.15, 0.05, 0.8);
    const grid = fitDotGrid(centres, p0, p1, p3, 6);
    assert.ok(grid, 'a grid');
    assert.ok(Math.abs(grid.aspect - 1.15) < 0.03, `aspect ${grid.aspect}`);
    const want = CELLS.flatMap((rows, k) => rows.flatMap((row, r) => [...row].flatMap((ch, col) => (ch === '#' ? [`${k * 6 + col},${r}`] : []))));
    assert.deepEqual(grid.nodes.map(([c, r]) => `${c},${r}`).sort(), want.sort());
    assert.equal(grid.columns, 11);
  });

  test('fits two touching drops found as one (a centre halfway between two nodes, a box twice a drop\'s) as the pair of nodes', () => {
    // Three times L7, 36 columns; per L7 the L's stem rows 0+1, 2+3, 4+5 and the 7's top columns 0+1 touch.
    const one = drops(6, 1, 0, 0.3);
    const touching = (k: number, r: number, col: number): number => {
      if (k === 0 && col === 0 && r < 6) return r % 2; // 0: first of a vertical pair, 1: second
      if (k === 1 && r === 0 && col < 2) return col + 2; // 2: first of a horizontal pair, 3: second
      return -1;
    };
    const centres: Vec[] = [];
    const areas: number[] = [];
    let n = 0;
    for (const [k, rows] of CELLS.entries()) {
      for (const [r, row] of rows.entries()) {
        for (const [col, ch] of [...row].entries()) {
          if (ch !== '#') continue;
          const at = one.centres[n++]!;
          const t = touching(k, r, col);
          if (t === 1 || t === 3) {
            // The pair's one centre: halfway between this drop and the one before it.
            const prev = centres.pop()!;
            areas.pop();
            centres.push([(prev[0] + at[0]) / 2, (prev[1] + at[1]) / 2]);
            areas.push(50);
          } else {
            centres.push(at);
            areas.push(25);
          }
        }
      }
    }
    const line = [0, 1, 2].flatMap((k) => centres.map(([x, y]): Vec => [x + k * 72, y]));
    const lineAreas = [0, 1, 2].flatMap(() => areas);
    const want = [0, 1, 2].flatMap((k) => CELLS.flatMap((rows, g) => rows.flatMap((row, r) => [...row].flatMap((ch, col) => (ch === '#' ? [`${k * 12 + g * 6 + col},${r}`] : [])))));
    const p1: Vec = [one.p0[0] + 36 * 6, one.p0[1]];
    assert.equal(fitDotGrid(line, one.p0, p1, one.p3, 6), undefined, 'without box sizes the pairs are drops off the lattice');
    assert.deepEqual(fitDotGrid(line, one.p0, p1, one.p3, 6, { boxAreas: lineAreas })?.nodes.map(([c, r]) => `${c},${r}`).sort(), want.sort());
    // As large, halfway between nodes, but no larger than the others: not a pair.
    assert.equal(fitDotGrid(line, one.p0, p1, one.p3, 6, { boxAreas: lineAreas.map(() => 50) }), undefined);
  });

  test('fits the column lattice when asked, where drops spread about their columns weaken its period as bold print does', () => {
    const { centres, box } = spreadDrops();
    const auto = fitDotGrid(centres, ...box, 6);
    assert.equal(auto?.bold, true, 'taken for bold print');
    assert.equal(glyphs(auto), undefined, 'its half-pitch lattice cuts into no cells');
    const columns = fitDotGrid(centres, ...box, 6, { columnLattice: true });
    assert.equal(columns?.bold, false);
    assert.equal(glyphs(columns), 'L7L7L7');
  });

  test("searches the column period only near the page's other lines' when given, and cuts cells a free search missed", () => {
    // Drops spread along their rows (see spreadDrops): searched freely, the weak
    // column period is taken for bold print and no cells come out; the page's column lattice (aspect 1,
    // not bold) finds them. A page aspect 10 % off is searched near itself only, and cuts no L7s.
    const { centres, box } = spreadDrops();
    assert.equal(glyphs(fitDotGrid(centres, ...box, 6)), undefined);
    const paged = fitDotGrid(centres, ...box, 6, { pageColumns: { aspect: 1, bold: false } });
    assert.equal(paged?.bold, false);
    assert.equal(glyphs(paged), 'L7L7L7');
    const off = fitDotGrid(centres, ...box, 6, { pageColumns: { aspect: 1.1, bold: false } });
    assert.ok(off === undefined || Math.abs(off.aspect - 1.1) <= 1.1 * PAGE_COLUMN_TOLERANCE + 1e-9, `aspect ${off?.aspect}`);
    assert.notEqual(glyphs(off), 'L7L7L7');
  });

  test('puts bold double strikes on a lattice of half the column pitch, each column as two', () => {
    const { centres, p0, p1, p3 } = drops(6, 1, 0, 0.3, true);
    const grid = fitDotGrid(centres, p0, p1, p3, 6);
    assert.ok(grid, 'a grid');
    assert.ok(Math.abs(grid.aspect - 0.5) < 0.02, `aspect ${grid.aspect}`);
    const want = CELLS.flatMap((rows, k) => rows.flatMap((row, r) => [...row].flatMap((ch, col) => (ch === '#' ? [`${2 * (k * 6 + col)},${r}`, `${2 * (k * 6 + col) + 1},${r}`] : []))));
    assert.deepEqual(grid.nodes.map(([c, r]) => `${c},${r}`).sort(), want.sort());
  });

  test('fits a slanted print (shear) and a row pitch the page estimate misses by a fifth', () => {
    const want = CELLS.flatMap((rows, k) => rows.flatMap((row, r) => [...row].flatMap((ch, col) => (ch === '#' ? [`${k * 6 + col},${r}`] : []))));
    const slanted = drops(6, 1, 0.03, 0.5, false, 0.08);
    assert.deepEqual(fitDotGrid(slanted.centres, slanted.p0, slanted.p1, slanted.p3, 6)?.nodes.map(([c, r]) => `${c},${r}`).sort(), want.sort());
    const plain = drops(6, 1.1, -0.02, 0.5);
    assert.deepEqual(fitDotGrid(plain.centres, plain.p0, plain.p1, plain.p3, 7.4)?.nodes.map(([c, r]) => `${c},${r}`).sort(), want.sort());
  });

  test('fits a long line whose rows run a degree off its box: the far glyphs stay on their rows', () => {
    // Four times L7 (48 columns), its drops turned by 1.2° against the box, which runs along the image axis.
    const one = drops(6, 1, 0, 0.4);
    const t = (1.2 * Math.PI) / 180;
    const centres = [0, 1, 2, 3].flatMap((k) => one.centres.map(([x, y]): Vec => {
      const u = x - 100 + k * 72;
      const v = y - 80;
      return [100 + u * Math.cos(t) - v * Math.sin(t), 80 + u * Math.sin(t) + v * Math.cos(t)];
    }));
    const want = [0, 1, 2, 3].flatMap((k) => CELLS.flatMap((rows, g) => rows.flatMap((row, r) => [...row].flatMap((ch, col) => (ch === '#' ? [`${k * 12 + g * 6 + col},${r}`] : [])))));
    const p1: Vec = [one.p0[0] + 48 * 6, one.p0[1]];
    const p3: Vec = [one.p0[0], one.p3[1] + 6];
    assert.deepEqual(fitDotGrid(centres, one.p0, p1, p3, 6)?.nodes.map(([c, r]) => `${c},${r}`).sort(), want.sort());
  });

  test("fits a long line whose box margin holds the bottom row of a stacked line above, but not a box of two lines", () => {
    // Three times L7 (66 drops), 36 columns long.
    const one = drops(6, 1, 0, 0.5);
    const centres = [0, 1, 2].flatMap((k) => one.centres.map(([x, y]): Vec => [x + k * 72, y]));
    const want = [0, 1, 2].flatMap((k) => CELLS.flatMap((rows, g) => rows.flatMap((row, r) => [...row].flatMap((ch, col) => (ch === '#' ? [`${k * 12 + g * 6 + col},${r}`] : [])))));
    const p1: Vec = [one.p0[0] + 36 * 6, one.p0[1]];
    const p3: Vec = [one.p0[0], one.p3[1]];
    // Sixteen drops of the line above, 1.5 pitches over this line's top row: inside the box's margin, off its rows.
    const above: Vec[] = Array.from({ length: 16 }, (_, i): Vec => [100 + (2 * i + (i % 2)) * 6, 80 - 1.5 * 6]);
    const grid = fitDotGrid([...centres, ...above], one.p0, p1, p3, 6);
    assert.deepEqual(grid?.nodes.map(([c, r]) => `${c},${r}`).sort(), want.sort());
    // Two whole lines in one box: the seven rows hold half the drops.
    const below = centres.map(([x, y]): Vec => [x, y + 8.5 * 6]);
    assert.equal(fitDotGrid([...centres, ...below], one.p0, p1, [p3[0], p3[1] + 8.5 * 6], 6), undefined);
  });

  test('inks the columns of a word whose drops the search missed, from the page, anywhere in the line box', () => {
    // L7 L7 (4 cells, one space between the pairs): the drop search found only the second pair's drops.
    const pitch = 6;
    const at = (u: number, v: number): Vec => [40 + u, 30 + v];
    const all: Vec[] = [];
    const want: string[] = [];
    for (const [k, rows] of [...CELLS, ...CELLS].entries()) {
      const cell = k < 2 ? k : k + 1;
      rows.forEach((row, r) => [...row].forEach((ch, col) => {
        if (ch !== '#') return;
        all.push(at((cell * 6 + col) * pitch, r * pitch));
        want.push(`${cell * 6 + col},${r}`);
      }));
    }
    const found = all.filter(([x]) => x >= 40 + 18 * pitch);
    const W = 260;
    const H = 100;
    const gray = new Uint8Array(W * H).fill(225);
    for (const [x, y] of all) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) gray[(Math.round(y) + dy) * W + Math.round(x) + dx] = 50;
    const page = { gray: { data: gray, width: W, height: H, channels: 1 as const }, inkThreshold: 128 };
    const box = { p0: at(-pitch, -pitch), p1: at(30 * pitch, -pitch), p3: at(-pitch, 7 * pitch) };
    const grid = fitDotGrid(found, box.p0, box.p1, box.p3, pitch, { page });
    assert.ok(grid);
    assert.deepEqual(grid.nodes.map(([c, r]) => `${c},${r}`).sort(), want.sort());
    assert.equal(grid.columns, 29);
  });

  test("inks a node from the page where it is near the drops' gray, not where a neighbour's edge greys it", () => {
    // L7: every drop found but one (the L's corner); an empty node of the 7 greyed to 132 (paper 225,
    // ink 50: just darker than halfway) as the edge of touching drops greys it.
    const pitch = 6;
    const at = (u: number, v: number): Vec => [40 + u, 30 + v];
    const all: Vec[] = [];
    CELLS.forEach((rows, cell) => rows.forEach((row, r) => [...row].forEach((ch, col) => {
      if (ch === '#') all.push(at((cell * 6 + col) * pitch, r * pitch));
    })));
    const corner = at(0, 6 * pitch);
    const W = 160;
    const H = 100;
    const gray = new Uint8Array(W * H).fill(225);
    const spot = ([x, y]: Vec, level: number): void => {
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) gray[(Math.round(y) + dy) * W + Math.round(x) + dx] = level;
    };
    for (const p of all) spot(p, 50);
    const grey = at(6 * pitch + pitch, 2 * pitch);
    spot(grey, 132);
    const page = { gray: { data: gray, width: W, height: H, channels: 1 as const }, inkThreshold: 128 };
    const found = all.filter(([x, y]) => x !== corner[0] || y !== corner[1]);
    const grid = fitDotGrid(found, at(-pitch, -pitch), at(12 * pitch, -pitch), at(-pitch, 7 * pitch), pitch, { page });
    assert.ok(grid);
    const nodes = new Set(grid.nodes.map(([c, r]) => `${c},${r}`));
    assert.ok(nodes.has('0,6'), 'the drop the search missed is inked');
    assert.ok(!nodes.has('7,2'), 'the greyed node is not');
    assert.equal(nodes.size, all.length);
  });

  test('rejects drops that lie on no lattice (scattered texture)', () => {
    const rnd = mulberry32(3);
    const scattered: Vec[] = Array.from({ length: 40 }, () => [100 + rnd() * 70, 74 + rnd() * 48]);
    assert.equal(fitDotGrid(scattered, [94, 74], [172, 74], [94, 122], 6), undefined);
  });
});

describe('renderDotGrid', () => {
  test('draws joined strokes through the nodes and leaves the gap column white', () => {
    const grid = { nodes: [[0, 0], [0, 1], [0, 2], [1, 2], [3, 0]] as [number, number][], columns: 4, aspect: 1, bold: false };
    const crop = renderDotGrid(grid, { heightPx: 48, widthScale: 1, marginRows: 1.5 });
    assert.equal(crop.height, 48);
    const pitch = 48 / 10;
    const px = (c: number, r: number): number => crop.data[Math.floor((2 + r) * pitch) * crop.width + Math.floor(2 * pitch + c * pitch)]!;
    assert.ok(px(0, 0) < 64 && px(0, 1) < 64 && px(1, 2) < 64 && px(3, 0) < 64, 'ink at the nodes');
    assert.ok(px(0, 0.5) < 64, 'a stroke between row neighbours');
    assert.ok(px(2, 0) > 200 && px(1, 0) > 200 && px(2, 2) > 200, 'paper where no node is inked');
  });
});

describe('bestPeriod', () => {
  /** Every period computed exactly, as the search did before it ranked them by the fast strength: the reference. */
  function exhaustive(xs: readonly number[], lo: number, hi: number, steps: number): { period: number; offset: number; strength: number } {
    const at = (p: number): { strength: number; offset: number } => {
      let c = 0;
      let s = 0;
      for (const x of xs) {
        c += Math.cos((2 * Math.PI * x) / p);
        s += Math.sin((2 * Math.PI * x) / p);
      }
      return { strength: Math.hypot(c, s) / xs.length, offset: ((Math.atan2(s, c) / (2 * Math.PI)) * p + p) % p };
    };
    let best = { period: lo, ...at(lo) };
    let step = (hi - lo) / steps;
    for (let p = lo + step; p <= hi + 1e-9; p += step) {
      const r = at(p);
      if (r.strength > best.strength) best = { period: p, ...r };
    }
    for (let round = 0; round < 2; round++) {
      const centre = best.period;
      step /= 10;
      for (let p = centre - 10 * step; p <= centre + 10 * step; p += step) {
        if (p <= 0) continue;
        const r = at(p);
        if (r.strength > best.strength) best = { period: p, ...r };
      }
    }
    return best;
  }

  test('finds exactly the period, offset and strength of computing every period exactly', () => {
    const rnd = mulberry32(11);
    for (let k = 0; k < 120; k++) {
      const pitch = 3 + rnd() * 9;
      const n = 12 + Math.floor(rnd() * 400);
      const jitter = rnd() * 0.3 * pitch;
      // Lattices with jitter and gaps, far from the origin or around it, and now and then no lattice at all.
      const origin = (rnd() - 0.3) * 3000;
      const xs = Array.from({ length: n }, () => (k % 10 === 9 ? origin + rnd() * 50 * pitch : origin + Math.floor(rnd() * 60) * pitch + (rnd() - 0.5) * 2 * jitter));
      const [lo, hi, steps] = k % 2 === 0 ? [0.75 * pitch, 1.3 * pitch, 60] : [0.8 * pitch, 1.4 * pitch, 120];
      assert.deepEqual(bestPeriod(xs, lo, hi, steps), exhaustive(xs, lo, hi, steps), `case ${k}`);
    }
    // Ties: points exactly on a lattice give strength 1 (up to rounding) over a range of periods.
    const exact = Array.from({ length: 40 }, (_, i) => 6 * i);
    assert.deepEqual(bestPeriod(exact, 5, 7, 60), exhaustive(exact, 5, 7, 60));
    assert.deepEqual(bestPeriod([3], 2, 4, 20), exhaustive([3], 2, 4, 20));
  });
});

